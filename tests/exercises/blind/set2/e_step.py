"""Variants for chapter 03: e_step(X, weights, means, covs).

log_gaussian_pdf and logsumexp are in scope (correct implementations).
"""

VARIANTS = [
    {
        "kind": "correct",
        "id": "e_step-column-stack",
        "what": "Stub recipe: column k is log(weights[k]) + log_gaussian_pdf(X, means[k], covs[k]), row-wise logsumexp, resp = exp(a - lse[:, None]), total as float.",
        "source": '''import numpy as np


def e_step(X, weights, means, covs):
    a = np.column_stack([np.log(weights[k]) + log_gaussian_pdf(X, means[k], covs[k])
                         for k in range(len(weights))])
    row_lse = logsumexp(a, axis=1)
    resp = np.exp(a - row_lse[:, None])
    return resp, float(np.sum(row_lse))
''',
    },
    {
        "kind": "correct",
        "id": "e_step-preallocated-zip",
        "what": "Preallocates the (n, K) array and fills it column by column with zip over (weight, mean, cov); log-responsibilities formed explicitly, then exponentiated.",
        "source": '''import numpy as np


def e_step(X, weights, means, covs):
    n = X.shape[0]
    K = len(weights)
    log_terms = np.empty((n, K))
    for k, (w, mu, S) in enumerate(zip(weights, means, covs)):
        log_terms[:, k] = np.log(w) + log_gaussian_pdf(X, mu, S)
    norm = logsumexp(log_terms, axis=1)
    log_resp = log_terms - norm[:, np.newaxis]
    return np.exp(log_resp), float(norm.sum())
''',
    },
    {
        "kind": "correct",
        "id": "e_step-dict-of-columns",
        "what": "Collects the log-density columns in a dict keyed by component, stacks them with axis=1, adds log(weights) by broadcasting, normalises with logsumexp(axis=1).",
        "source": '''import numpy as np


def e_step(X, weights, means, covs):
    cols = {k: log_gaussian_pdf(X, means[k], covs[k]) for k in range(means.shape[0])}
    log_dens = np.stack([cols[k] for k in sorted(cols)], axis=1)
    a = log_dens + np.log(weights)[None, :]
    lse = logsumexp(a, axis=1)
    resp = np.exp(a - lse.reshape(-1, 1))
    log_likelihood = float(np.add.reduce(lse))
    return resp, log_likelihood
''',
    },
    {
        "kind": "correct",
        "id": "e_step-generator-transpose",
        "what": "Builds the (K, n) array from a generator, transposes to (n, K), uses logsumexp along axis=1 and np.exp of the difference; log-likelihood summed with math.fsum.",
        "source": '''import math
import numpy as np


def e_step(X, weights, means, covs):
    K = weights.shape[0]
    A = np.array(list(np.log(weights[k]) + log_gaussian_pdf(X, means[k], covs[k]) for k in range(K))).T
    ell = logsumexp(A, axis=1)
    resp = np.exp(A - ell[:, None])
    return resp, float(math.fsum(ell.tolist()))
''',
    },
    {
        "kind": "mistake",
        "id": "e_step-mean-loglik",
        "what": "Returns the average log-likelihood per sample (np.mean of the row normalisers) instead of the total; violates 'the total log-likelihood (one float, summed over samples)'.",
        "source": '''import numpy as np


def e_step(X, weights, means, covs):
    a = np.column_stack([np.log(weights[k]) + log_gaussian_pdf(X, means[k], covs[k])
                         for k in range(len(weights))])
    lse = logsumexp(a, axis=1)
    return np.exp(a - lse[:, None]), float(np.mean(lse))
''',
    },
    {
        "kind": "mistake",
        "id": "e_step-no-log-weights",
        "what": "Forgets the log(weights[k]) term: the responsibilities are still exact when all weights are equal (e.g. 1/K starts) but the log-likelihood is then off by N log K, and both are wrong for unequal weights; violates 'a_nk = log pi_k + log N(x_n | mu_k, Sigma_k)'.",
        "source": '''import numpy as np


def e_step(X, weights, means, covs):
    a = np.column_stack([log_gaussian_pdf(X, means[k], covs[k]) for k in range(len(weights))])
    lse = logsumexp(a, axis=1)
    return np.exp(a - lse[:, None]), float(np.sum(lse))
''',
    },
    {
        "kind": "mistake",
        "id": "e_step-normalise-columns",
        "what": "Applies logsumexp along axis=0 (over samples) instead of over components, so columns instead of rows sum to 1 and the log-likelihood is wrong; violates 'normalise each row with your logsumexp' / 'every row sums to 1'.",
        "source": '''import numpy as np


def e_step(X, weights, means, covs):
    a = np.column_stack([np.log(weights[k]) + log_gaussian_pdf(X, means[k], covs[k])
                         for k in range(len(weights))])
    col_lse = logsumexp(a, axis=0)
    return np.exp(a - col_lse[None, :]), float(np.sum(col_lse))
''',
    },
    {
        "kind": "mistake",
        "id": "e_step-direct-densities",
        "what": "Exponentiates first and divides densities (resp = dens / dens.sum): right on ordinary data, but gives nan rows and a -inf log-likelihood on far-apart data (the X_far example); violates 'compute responsibilities and the total log-likelihood in the log domain' / 'normalise each row with your logsumexp'.",
        "source": '''import numpy as np


def e_step(X, weights, means, covs):
    dens = np.column_stack([weights[k] * np.exp(log_gaussian_pdf(X, means[k], covs[k]))
                            for k in range(len(weights))])
    with np.errstate(divide="ignore", invalid="ignore"):
        total = dens.sum(axis=1)
        resp = dens / total[:, None]
        ll = float(np.sum(np.log(total)))
    return resp, ll
''',
    },
    {
        "kind": "mistake",
        "id": "e_step-loop-over-samples",
        "what": "Calls log_gaussian_pdf one sample at a time inside a double loop (right numbers, slow); violates 'a loop over the K components is fine; a loop over samples is not'.",
        "source": '''import numpy as np


def e_step(X, weights, means, covs):
    n, K = X.shape[0], len(weights)
    a = np.empty((n, K))
    for i in range(n):
        for k in range(K):
            a[i, k] = np.log(weights[k]) + log_gaussian_pdf(X[i:i + 1], means[k], covs[k])[0]
    lse = logsumexp(a, axis=1)
    return np.exp(a - lse[:, None]), float(lse.sum())
''',
    },
    {
        "kind": "mistake",
        "id": "e_step-per-sample-loglik",
        "what": "Returns the (n,) vector of per-sample log-likelihoods instead of their sum; violates 'log_likelihood : float ... sum_n log sum_k ...' ('one float, summed over samples').",
        "source": '''import numpy as np


def e_step(X, weights, means, covs):
    a = np.column_stack([np.log(weights[k]) + log_gaussian_pdf(X, means[k], covs[k])
                         for k in range(len(weights))])
    lse = logsumexp(a, axis=1)
    return np.exp(a - lse[:, None]), lse
''',
    },
    {
        "kind": "mistake",
        "id": "e_step-stale-cov-index",
        "what": "Uses covs[0] for every component (stale index copied from a first test with one component): exact when all covariances are equal (e.g. init_random starts), wrong otherwise; violates 'log_gaussian_pdf(X, means[k], covs[k])'.",
        "source": '''import numpy as np


def e_step(X, weights, means, covs):
    S = covs[0]
    a = np.column_stack([np.log(weights[k]) + log_gaussian_pdf(X, means[k], S)
                         for k in range(len(weights))])
    lse = logsumexp(a, axis=1)
    return np.exp(a - lse[:, None]), float(np.sum(lse))
''',
    },
    {
        "kind": "mistake",
        "id": "e_step-renormalise-weights-inplace",
        "what": "'Defensively' renormalises the weights in place (weights /= weights.sum()), changing the caller's array (visible as round-off changes, or real changes if the weights did not sum to 1 exactly); violates rule 3 'Do not modify the input arrays'.",
        "source": '''import numpy as np


def e_step(X, weights, means, covs):
    weights /= weights.sum()
    a = np.column_stack([np.log(weights[k]) + log_gaussian_pdf(X, means[k], covs[k])
                         for k in range(len(weights))])
    lse = logsumexp(a, axis=1)
    return np.exp(a - lse[:, None]), float(np.sum(lse))
''',
    },
    {
        "kind": "mistake",
        "id": "e_step-swapped-return",
        "what": "Returns (log_likelihood, resp) in the wrong order; violates 'returning (resp, log_likelihood)'.",
        "source": '''import numpy as np


def e_step(X, weights, means, covs):
    a = np.column_stack([np.log(weights[k]) + log_gaussian_pdf(X, means[k], covs[k])
                         for k in range(len(weights))])
    lse = logsumexp(a, axis=1)
    return float(np.sum(lse)), np.exp(a - lse[:, None])
''',
    },
]
