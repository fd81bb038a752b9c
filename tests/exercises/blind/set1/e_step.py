"""Variants of chapter 03: e_step(X, weights, means, covs).

log_gaussian_pdf (chapter 01) and logsumexp (chapter 02) are in scope, as in the notebook's
"Bring your functions" cell.
"""

VARIANTS = [
    # ------------------------------------------------------------------ correct
    {
        "kind": "correct",
        "id": "e_step-column-stack",
        "what": "Stub recipe: column_stack of log(weights[k]) + log_gaussian_pdf for every component, row logsumexp (axis=1), resp = exp(a - lse[:, None]), float total.",
        "source": '''import numpy as np


def e_step(X, weights, means, covs):
    log_terms = np.column_stack([
        np.log(weights[k]) + log_gaussian_pdf(X, means[k], covs[k])
        for k in range(len(weights))
    ])
    row_lse = logsumexp(log_terms, axis=1)
    resp = np.exp(log_terms - row_lse[:, None])
    return resp, float(np.sum(row_lse))
''',
    },
    {
        "kind": "correct",
        "id": "e_step-preallocated-columns",
        "what": "Preallocates the (n, K) array and fills one column per component in a loop over K; adds log(weights) as a broadcast row afterwards and works with log_resp explicitly.",
        "source": '''import numpy as np


def e_step(X, weights, means, covs):
    X = np.asarray(X)
    weights = np.asarray(weights, dtype=float)
    n = X.shape[0]
    K = weights.shape[0]
    a = np.empty((n, K))
    for k in range(K):
        a[:, k] = log_gaussian_pdf(X, means[k], covs[k])
    a = a + np.log(weights)[None, :]
    lse = logsumexp(a, axis=1)
    log_resp = a - lse[:, np.newaxis]
    return np.exp(log_resp), float(lse.sum())
''',
    },
    {
        "kind": "correct",
        "id": "e_step-zip-stack-axis1",
        "what": "Loops with zip over (weight, mean, cov), stacks the columns with np.stack(axis=1), and converts the total with .item().",
        "source": '''import numpy as np


def e_step(X, weights, means, covs):
    columns = []
    for w, mu, sigma in zip(weights, means, covs):
        columns.append(np.log(w) + log_gaussian_pdf(X, mu, sigma))
    a = np.stack(columns, axis=1)
    norm = logsumexp(a, axis=1)
    resp = np.exp(a - norm.reshape(-1, 1))
    log_likelihood = np.sum(norm).item()
    return resp, log_likelihood
''',
    },
    {
        "kind": "correct",
        "id": "e_step-batched-cholesky",
        "what": "Does not call log_gaussian_pdf: batched np.linalg.cholesky on the (K, d, d) stack and one batched solve for all components (vectorised, no loop at all), then the same logsumexp normalisation.",
        "source": '''import numpy as np


def e_step(X, weights, means, covs):
    X = np.asarray(X, dtype=float)
    means = np.asarray(means, dtype=float)
    covs = np.asarray(covs, dtype=float)
    n, d = X.shape
    L = np.linalg.cholesky(covs)                               # (K, d, d)
    diff = X[None, :, :] - means[:, None, :]                   # (K, n, d)
    z = np.linalg.solve(L, np.swapaxes(diff, 1, 2))            # (K, d, n)
    maha = np.sum(z ** 2, axis=1)                              # (K, n)
    log_det = 2.0 * np.sum(np.log(np.diagonal(L, axis1=1, axis2=2)), axis=1)  # (K,)
    log_pdf = -0.5 * (d * np.log(2 * np.pi) + log_det[:, None] + maha)
    a = (np.log(np.asarray(weights, dtype=float))[:, None] + log_pdf).T      # (n, K)
    lse = logsumexp(a, axis=1)
    return np.exp(a - lse[:, None]), float(lse.sum())
''',
    },
    {
        "kind": "correct",
        "id": "e_step-renormalised-rows",
        "what": "Same log-domain computation, then divides resp by its row sums once more to remove round-off (still exactly the posterior), log-likelihood via math.fsum.",
        "source": '''import math

import numpy as np


def e_step(X, weights, means, covs):
    K = len(weights)
    a = np.column_stack([log_gaussian_pdf(X, means[k], covs[k]) for k in range(K)])
    a += np.log(np.asarray(weights, dtype=float))
    lse = logsumexp(a, axis=1)
    resp = np.exp(a - lse[:, None])
    resp /= resp.sum(axis=1, keepdims=True)
    return resp, math.fsum(lse.tolist())
''',
    },
    # ------------------------------------------------------------------ mistakes
    {
        "kind": "mistake",
        "id": "e_step-missing-log-weights",
        "what": "Forgets the log(weights[k]) term, so unequal weights are ignored; violates 'a_nk = log pi_k + log N(x_n | mu_k, Sigma_k)'.",
        "source": '''import numpy as np


def e_step(X, weights, means, covs):
    a = np.column_stack([log_gaussian_pdf(X, means[k], covs[k]) for k in range(len(weights))])
    lse = logsumexp(a, axis=1)
    return np.exp(a - lse[:, None]), float(lse.sum())
''',
    },
    {
        "kind": "mistake",
        "id": "e_step-weights-not-logged",
        "what": "Adds the weights themselves instead of their logarithms to the log-densities; violates 'a_nk = log pi_k + ...'.",
        "source": '''import numpy as np


def e_step(X, weights, means, covs):
    a = np.column_stack([weights[k] + log_gaussian_pdf(X, means[k], covs[k])
                         for k in range(len(weights))])
    lse = logsumexp(a, axis=1)
    return np.exp(a - lse[:, None]), float(lse.sum())
''',
    },
    {
        "kind": "mistake",
        "id": "e_step-normalise-over-samples",
        "what": "Normalises with logsumexp over axis=0 (over the samples, per component) so columns sum to 1, not rows; violates 'normalise each row' / 'every row sums to 1'.",
        "source": '''import numpy as np


def e_step(X, weights, means, covs):
    a = np.column_stack([np.log(weights[k]) + log_gaussian_pdf(X, means[k], covs[k])
                         for k in range(len(weights))])
    col_lse = logsumexp(a, axis=0)
    resp = np.exp(a - col_lse[None, :])
    return resp, float(np.sum(logsumexp(a, axis=1)))
''',
    },
    {
        "kind": "mistake",
        "id": "e_step-mean-log-likelihood",
        "what": "Returns the average log-likelihood per sample (np.mean of the row normalisers); violates 'the **total** log-likelihood (one float, summed over samples)'.",
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
        "id": "e_step-logsumexp-of-everything",
        "what": "Computes the log-likelihood as logsumexp over ALL entries (log of the sum of all N densities) instead of the sum over samples of the row log-sum-exp; violates 'log p(x_1..x_N) = sum_n l_n'.",
        "source": '''import numpy as np


def e_step(X, weights, means, covs):
    a = np.column_stack([np.log(weights[k]) + log_gaussian_pdf(X, means[k], covs[k])
                         for k in range(len(weights))])
    lse = logsumexp(a, axis=1)
    return np.exp(a - lse[:, None]), float(logsumexp(a))
''',
    },
    {
        "kind": "mistake",
        "id": "e_step-direct-densities",
        "what": "Exponentiates first and divides densities by their row sums; far-apart data (the notebook's X_far) gives 0/0 = nan rows and a -inf log-likelihood, violating 'never form them' / compute 'in the log domain'.",
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
        "what": "Normalises each sample in a Python loop (logsumexp per row); right numbers but violates 'a loop over the K components is fine; a loop over samples is not'.",
        "source": '''import numpy as np


def e_step(X, weights, means, covs):
    a = np.column_stack([np.log(weights[k]) + log_gaussian_pdf(X, means[k], covs[k])
                         for k in range(len(weights))])
    resp = np.empty_like(a)
    total = 0.0
    for n in range(a.shape[0]):
        lse_n = logsumexp(a[n])
        resp[n] = np.exp(a[n] - lse_n)
        total += lse_n
    return resp, float(total)
''',
    },
    {
        "kind": "mistake",
        "id": "e_step-returns-log-resp",
        "what": "Returns the log-responsibilities a - lse instead of exponentiating them; violates 'resp[n, k] is the posterior probability ... every row sums to 1'.",
        "source": '''import numpy as np


def e_step(X, weights, means, covs):
    a = np.column_stack([np.log(weights[k]) + log_gaussian_pdf(X, means[k], covs[k])
                         for k in range(len(weights))])
    lse = logsumexp(a, axis=1)
    return a - lse[:, None], float(lse.sum())
''',
    },
    {
        "kind": "mistake",
        "id": "e_step-expected-complete-loglik",
        "what": "Returns sum(resp * a), the expected complete-data log-likelihood Q of chapter 04, as the log-likelihood; violates 'Total log-likelihood sum_n log sum_k weights[k] N(X[n] | ...)' (Q is lower by the entropy of resp).",
        "source": '''import numpy as np


def e_step(X, weights, means, covs):
    a = np.column_stack([np.log(weights[k]) + log_gaussian_pdf(X, means[k], covs[k])
                         for k in range(len(weights))])
    lse = logsumexp(a, axis=1)
    resp = np.exp(a - lse[:, None])
    return resp, float(np.sum(resp * a))
''',
    },
    {
        "kind": "mistake",
        "id": "e_step-resp-transposed",
        "what": "Builds the array with np.vstack (one ROW per component) and returns the (K, n) responsibilities, normalising over axis 0; violates 'resp : ndarray of shape (n_samples, n_components)'.",
        "source": '''import numpy as np


def e_step(X, weights, means, covs):
    a = np.vstack([np.log(weights[k]) + log_gaussian_pdf(X, means[k], covs[k])
                   for k in range(len(weights))])          # (K, n)
    lse = logsumexp(a, axis=0)
    return np.exp(a - lse[None, :]), float(lse.sum())
''',
    },
    {
        "kind": "mistake",
        "id": "e_step-ll-as-array",
        "what": "Returns the total as a length-1 array (sum with keepdims=True); violates 'log_likelihood : float' / 'one float'.",
        "source": '''import numpy as np


def e_step(X, weights, means, covs):
    a = np.column_stack([np.log(weights[k]) + log_gaussian_pdf(X, means[k], covs[k])
                         for k in range(len(weights))])
    lse = logsumexp(a, axis=1)
    return np.exp(a - lse[:, None]), np.sum(lse, keepdims=True)
''',
    },
]
