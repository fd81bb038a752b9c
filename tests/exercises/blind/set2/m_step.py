"""Variants for chapter 04: m_step(X, resp, reg_covar=1e-6)."""

VARIANTS = [
    {
        "kind": "correct",
        "id": "m_step-matrix-products",
        "what": "Hint recipe: N_k = resp.sum(0), weights N_k / N, means (resp.T @ X) / N_k, per component (resp[:, k, None] * diff).T @ diff / N_k around the new mean, plus reg_covar * I.",
        "source": '''import numpy as np


def m_step(X, resp, reg_covar=1e-6):
    n, d = X.shape
    nk = resp.sum(axis=0)
    weights = nk / n
    means = (resp.T @ X) / nk[:, None]
    covs = np.empty((resp.shape[1], d, d))
    for k in range(resp.shape[1]):
        diff = X - means[k]
        covs[k] = (resp[:, k, None] * diff).T @ diff / nk[k]
        covs[k] += reg_covar * np.eye(d)
    return weights, means, covs
''',
    },
    {
        "kind": "correct",
        "id": "m_step-einsum-all-components",
        "what": "No loop at all: (n, K, d) centred array and one einsum 'nk,nki,nkj->kij' for the weighted scatters, divided by N_k, reg_covar added through a broadcast identity.",
        "source": '''import numpy as np


def m_step(X, resp, reg_covar=1e-6):
    N, d = X.shape
    Nk = np.einsum("nk->k", resp)
    means = np.einsum("nk,nd->kd", resp, X) / Nk[:, None]
    D = X[:, None, :] - means[None, :, :]
    covs = np.einsum("nk,nki,nkj->kij", resp, D, D) / Nk[:, None, None]
    covs = covs + reg_covar * np.eye(d)[None, :, :]
    return Nk / N, means, covs
''',
    },
    {
        "kind": "correct",
        "id": "m_step-np-cov-aweights",
        "what": "Uses np.cov(X.T, aweights=resp[:, k], bias=True), which divides by sum of weights (= N_k) around the weighted mean; atleast_2d keeps d = 1 working; means by np.average with weights.",
        "source": '''import numpy as np


def m_step(X, resp, reg_covar=1e-6):
    n, d = X.shape
    K = resp.shape[1]
    Nk = resp.sum(axis=0)
    weights = Nk / n
    means = np.stack([np.average(X, axis=0, weights=resp[:, k]) for k in range(K)])
    covs = np.stack([np.atleast_2d(np.cov(X.T, aweights=resp[:, k], bias=True)) for k in range(K)])
    covs = covs + reg_covar * np.eye(d)
    return weights, means, covs
''',
    },
    {
        "kind": "correct",
        "id": "m_step-dict-accumulate",
        "what": "Per-component dict of statistics filled in a loop over K; weighted scatter written as diff.T @ (diff * w[:, None]); diagonal regularised by explicit index arithmetic.",
        "source": '''import numpy as np


def m_step(X, resp, reg_covar=1e-6):
    n_samples, n_features = X.shape
    stats = {}
    for k in range(resp.shape[1]):
        w = resp[:, k]
        nk = w.sum()
        mu = (w @ X) / nk
        diff = X - mu
        S = diff.T @ (diff * w[:, None]) / nk
        idx = np.arange(n_features)
        S[idx, idx] = S[idx, idx] + reg_covar
        stats[k] = (nk / n_samples, mu, S)
    ks = sorted(stats)
    weights = np.array([stats[k][0] for k in ks])
    means = np.array([stats[k][1] for k in ks])
    covs = np.array([stats[k][2] for k in ks])
    return weights, means, covs
''',
    },
    {
        "kind": "mistake",
        "id": "m_step-global-mean-cov",
        "what": "Centres every component's scatter on the global data mean X.mean(0) instead of the component's new mean; violates 'the responsibility-weighted covariance around the NEW mean'.",
        "source": '''import numpy as np


def m_step(X, resp, reg_covar=1e-6):
    n, d = X.shape
    nk = resp.sum(axis=0)
    means = (resp.T @ X) / nk[:, None]
    diff = X - X.mean(axis=0)
    covs = np.stack([(resp[:, k, None] * diff).T @ diff / nk[k] + reg_covar * np.eye(d)
                     for k in range(resp.shape[1])])
    return nk / n, means, covs
''',
    },
    {
        "kind": "mistake",
        "id": "m_step-unbiased-denominator",
        "what": "Divides the scatter by N_k - 1 (sample-covariance habit) instead of N_k; violates '(divide by N_k)' and the one-hot check 'np.cov(..., bias=True)'.",
        "source": '''import numpy as np


def m_step(X, resp, reg_covar=1e-6):
    n, d = X.shape
    nk = resp.sum(axis=0)
    means = (resp.T @ X) / nk[:, None]
    covs = np.empty((len(nk), d, d))
    for k in range(len(nk)):
        diff = X - means[k]
        covs[k] = (resp[:, k, None] * diff).T @ diff / (nk[k] - 1) + reg_covar * np.eye(d)
    return nk / n, means, covs
''',
    },
    {
        "kind": "mistake",
        "id": "m_step-reg-all-entries",
        "what": "Adds reg_covar to every entry of the covariance (+ reg_covar) rather than to its diagonal: invisible at 1e-6, wrong for e.g. reg_covar=0.5; violates 'reg_covar added to each diagonal' / 'plus reg_covar * I'.",
        "source": '''import numpy as np


def m_step(X, resp, reg_covar=1e-6):
    n, d = X.shape
    nk = resp.sum(axis=0)
    means = (resp.T @ X) / nk[:, None]
    covs = np.empty((len(nk), d, d))
    for k in range(len(nk)):
        diff = X - means[k]
        covs[k] = (resp[:, k, None] * diff).T @ diff / nk[k] + reg_covar
    return nk / n, means, covs
''',
    },
    {
        "kind": "mistake",
        "id": "m_step-no-reg",
        "what": "Forgets to add reg_covar at all: matches whenever reg_covar=0 and is within 1e-6 otherwise; violates 'with full covariances and reg_covar added to each diagonal'.",
        "source": '''import numpy as np


def m_step(X, resp, reg_covar=1e-6):
    n, d = X.shape
    nk = resp.sum(axis=0)
    means = (resp.T @ X) / nk[:, None]
    covs = np.empty((len(nk), d, d))
    for k in range(len(nk)):
        diff = X - means[k]
        covs[k] = (resp[:, k, None] * diff).T @ diff / nk[k]
    return nk / n, means, covs
''',
    },
    {
        "kind": "mistake",
        "id": "m_step-squared-resp-weights",
        "what": "Weights both factors of the scatter by the responsibilities, (r * diff).T @ (r * diff), i.e. gamma^2: identical for one-hot responsibilities (the notebook's class-covariance demo), wrong for soft ones; violates 'Sigma_k = (1/N_k) sum_n gamma_nk (x_n - mu_k)(x_n - mu_k)^T'.",
        "source": '''import numpy as np


def m_step(X, resp, reg_covar=1e-6):
    n, d = X.shape
    nk = resp.sum(axis=0)
    means = (resp.T @ X) / nk[:, None]
    covs = np.empty((len(nk), d, d))
    for k in range(len(nk)):
        wd = resp[:, k, None] * (X - means[k])
        covs[k] = wd.T @ wd / nk[k] + reg_covar * np.eye(d)
    return nk / n, means, covs
''',
    },
    {
        "kind": "mistake",
        "id": "m_step-unnormalised-weights",
        "what": "Returns the soft counts N_k as weights (forgets to divide by N); violates 'weights : N_k / N'.",
        "source": '''import numpy as np


def m_step(X, resp, reg_covar=1e-6):
    n, d = X.shape
    nk = resp.sum(axis=0)
    means = (resp.T @ X) / nk[:, None]
    covs = np.empty((len(nk), d, d))
    for k in range(len(nk)):
        diff = X - means[k]
        covs[k] = (resp[:, k, None] * diff).T @ diff / nk[k] + reg_covar * np.eye(d)
    return nk, means, covs
''',
    },
    {
        "kind": "mistake",
        "id": "m_step-renormalise-resp-inplace",
        "what": "Re-normalises the responsibilities in place (resp /= resp.sum(1, keepdims=True)) before using them: outputs are right but the caller's resp array is modified; violates rule 3 'Do not modify the input arrays (work on new arrays)'.",
        "source": '''import numpy as np


def m_step(X, resp, reg_covar=1e-6):
    resp /= resp.sum(axis=1, keepdims=True)
    n, d = X.shape
    nk = resp.sum(axis=0)
    means = (resp.T @ X) / nk[:, None]
    covs = np.empty((len(nk), d, d))
    for k in range(len(nk)):
        diff = X - means[k]
        covs[k] = (resp[:, k, None] * diff).T @ diff / nk[k] + reg_covar * np.eye(d)
    return nk / n, means, covs
''',
    },
    {
        "kind": "mistake",
        "id": "m_step-loop-over-samples",
        "what": "Accumulates the scatter with a Python loop over samples and np.outer (right numbers, slow); violates 'No loop over samples; a loop over the K components is fine'.",
        "source": '''import numpy as np


def m_step(X, resp, reg_covar=1e-6):
    n, d = X.shape
    K = resp.shape[1]
    nk = resp.sum(axis=0)
    means = (resp.T @ X) / nk[:, None]
    covs = np.zeros((K, d, d))
    for k in range(K):
        for i in range(n):
            v = X[i] - means[k]
            covs[k] += resp[i, k] * np.outer(v, v)
        covs[k] = covs[k] / nk[k] + reg_covar * np.eye(d)
    return nk / n, means, covs
''',
    },
    {
        "kind": "mistake",
        "id": "m_step-divide-by-N",
        "what": "Divides each component's scatter by the total N instead of N_k (confusing the weight and covariance normalisers): right only for K = 1; violates 'divide by N_k'.",
        "source": '''import numpy as np


def m_step(X, resp, reg_covar=1e-6):
    n, d = X.shape
    nk = resp.sum(axis=0)
    means = (resp.T @ X) / nk[:, None]
    covs = np.empty((len(nk), d, d))
    for k in range(len(nk)):
        diff = X - means[k]
        covs[k] = (resp[:, k, None] * diff).T @ diff / n + reg_covar * np.eye(d)
    return nk / n, means, covs
''',
    },
]
