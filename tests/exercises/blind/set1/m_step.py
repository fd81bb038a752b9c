"""Variants of chapter 04: m_step(X, resp, reg_covar=1e-6)."""

VARIANTS = [
    # ------------------------------------------------------------------ correct
    {
        "kind": "correct",
        "id": "m_step-loop-matmul",
        "what": "Hint recipe: N_k = resp.sum(0), weights N_k/N, means resp.T @ X / N_k[:, None], and a loop over K with (resp[:, k, None] * diff).T @ diff / N_k + reg_covar * I.",
        "source": '''import numpy as np


def m_step(X, resp, reg_covar=1e-6):
    X = np.asarray(X, dtype=float)
    resp = np.asarray(resp, dtype=float)
    n, d = X.shape
    K = resp.shape[1]
    nk = resp.sum(axis=0)
    weights = nk / n
    means = resp.T @ X / nk[:, None]
    covs = np.empty((K, d, d))
    for k in range(K):
        diff = X - means[k]
        covs[k] = (resp[:, k, None] * diff).T @ diff / nk[k]
        covs[k] += reg_covar * np.eye(d)
    return weights, means, covs
''',
    },
    {
        "kind": "correct",
        "id": "m_step-einsum-vectorised",
        "what": "No loop at all: the (K, n, d) centred data and one einsum 'nk,kni,knj->kij' for all weighted scatters; weights from resp.mean(axis=0), which equals N_k / N.",
        "source": '''import numpy as np


def m_step(X, resp, reg_covar=1e-6):
    X = np.asarray(X, dtype=float)
    resp = np.asarray(resp, dtype=float)
    d = X.shape[1]
    nk = resp.sum(axis=0)
    weights = resp.mean(axis=0)
    means = np.einsum("nk,nd->kd", resp, X) / nk[:, None]
    diff = X[None, :, :] - means[:, None, :]
    covs = np.einsum("nk,kni,knj->kij", resp, diff, diff) / nk[:, None, None]
    covs = covs + reg_covar * np.eye(d)[None, :, :]
    return weights, means, covs
''',
    },
    {
        "kind": "correct",
        "id": "m_step-sqrt-weighted",
        "what": "Scales the centred rows by sqrt(resp) so that the scatter is W.T @ W; builds the covariances in a Python list and returns np.array(list).",
        "source": '''import numpy as np


def m_step(X, resp, reg_covar=1e-6):
    n, d = X.shape
    nk = np.sum(resp, axis=0)
    weights = nk / n
    means = (resp.T @ X) / nk.reshape(-1, 1)
    cov_list = []
    for k in range(resp.shape[1]):
        W = np.sqrt(resp[:, k])[:, None] * (X - means[k])
        cov_list.append(W.T @ W / nk[k] + reg_covar * np.identity(d))
    return weights, means, np.array(cov_list)
''',
    },
    {
        "kind": "correct",
        "id": "m_step-np-cov-aweights-bias",
        "what": "Uses np.cov(X.T, aweights=resp[:, k], bias=True), which divides by the sum of the weights (N_k) around the weighted mean, i.e. exactly the biased weighted covariance; adds reg_covar with np.fill_diagonal-free diag indexing.",
        "source": '''import numpy as np


def m_step(X, resp, reg_covar=1e-6):
    X = np.asarray(X, dtype=float)
    n, d = X.shape
    K = resp.shape[1]
    nk = resp.sum(axis=0)
    weights = nk / n
    means = np.stack([np.average(X, axis=0, weights=resp[:, k]) for k in range(K)])
    covs = np.stack([np.atleast_2d(np.cov(X.T, aweights=resp[:, k], bias=True)) for k in range(K)])
    idx = np.arange(d)
    covs[:, idx, idx] += reg_covar
    return weights, means, covs
''',
    },
    {
        "kind": "correct",
        "id": "m_step-second-moment-centred",
        "what": "Centres the data once at its global mean for accuracy, then uses Sigma_k = E_k[x x^T] - mu_k mu_k^T on the centred data (same value as the scatter around the new mean) and shifts the means back.",
        "source": '''import numpy as np


def m_step(X, resp, reg_covar=1e-6):
    X = np.asarray(X, dtype=float)
    n, d = X.shape
    centre = X.mean(axis=0)
    Xc = X - centre
    nk = resp.sum(axis=0)
    weights = nk / n
    means_c = resp.T @ Xc / nk[:, None]
    covs = np.zeros((resp.shape[1], d, d))
    for k in range(resp.shape[1]):
        second = (Xc * resp[:, [k]]).T @ Xc / nk[k]
        covs[k] = second - np.outer(means_c[k], means_c[k]) + reg_covar * np.eye(d)
    return weights, means_c + centre, covs
''',
    },
    # ------------------------------------------------------------------ mistakes
    {
        "kind": "mistake",
        "id": "m_step-unbiased-np-cov",
        "what": "Uses np.cov(X.T, aweights=resp[:, k]) without bias=True, i.e. the 'unbiased' weighted covariance; violates 'with division by N_k, i.e. np.cov(..., bias=True)' (one-hot case no longer equals the class covariances).",
        "source": '''import numpy as np


def m_step(X, resp, reg_covar=1e-6):
    n, d = X.shape
    K = resp.shape[1]
    nk = resp.sum(axis=0)
    weights = nk / n
    means = resp.T @ X / nk[:, None]
    covs = np.stack([np.cov(X.T, aweights=resp[:, k]) + reg_covar * np.eye(d) for k in range(K)])
    return weights, means, covs
''',
    },
    {
        "kind": "mistake",
        "id": "m_step-divide-by-nk-minus-1",
        "what": "Divides the weighted scatter by N_k - 1 ('sample covariance'); violates 'Sigma_k = 1/N_k sum_n gamma_nk (x_n - mu_k)(x_n - mu_k)^T' (divide by N_k).",
        "source": '''import numpy as np


def m_step(X, resp, reg_covar=1e-6):
    n, d = X.shape
    K = resp.shape[1]
    nk = resp.sum(axis=0)
    weights = nk / n
    means = resp.T @ X / nk[:, None]
    covs = np.empty((K, d, d))
    for k in range(K):
        diff = X - means[k]
        covs[k] = (resp[:, k, None] * diff).T @ diff / (nk[k] - 1) + reg_covar * np.eye(d)
    return weights, means, covs
''',
    },
    {
        "kind": "mistake",
        "id": "m_step-global-mean-covariance",
        "what": "Centres every component's scatter on the global data mean instead of the component's new mean; violates 'the responsibility-weighted covariance around the **new** mean'.",
        "source": '''import numpy as np


def m_step(X, resp, reg_covar=1e-6):
    n, d = X.shape
    K = resp.shape[1]
    nk = resp.sum(axis=0)
    weights = nk / n
    means = resp.T @ X / nk[:, None]
    diff = X - X.mean(axis=0)
    covs = np.empty((K, d, d))
    for k in range(K):
        covs[k] = (resp[:, k, None] * diff).T @ diff / nk[k] + reg_covar * np.eye(d)
    return weights, means, covs
''',
    },
    {
        "kind": "mistake",
        "id": "m_step-covariance-over-N",
        "what": "Divides each scatter by the total number of samples N instead of N_k; violates 'divide by N_k'.",
        "source": '''import numpy as np


def m_step(X, resp, reg_covar=1e-6):
    n, d = X.shape
    K = resp.shape[1]
    nk = resp.sum(axis=0)
    weights = nk / n
    means = resp.T @ X / nk[:, None]
    covs = np.empty((K, d, d))
    for k in range(K):
        diff = X - means[k]
        covs[k] = (resp[:, k, None] * diff).T @ diff / n + reg_covar * np.eye(d)
    return weights, means, covs
''',
    },
    {
        "kind": "mistake",
        "id": "m_step-reg-on-every-entry",
        "what": "Adds reg_covar to every entry of the covariance (covs + reg_covar) instead of only to the diagonal; violates 'reg_covar added to each diagonal' / 'plus reg_covar * I'.",
        "source": '''import numpy as np


def m_step(X, resp, reg_covar=1e-6):
    n, d = X.shape
    K = resp.shape[1]
    nk = resp.sum(axis=0)
    weights = nk / n
    means = resp.T @ X / nk[:, None]
    covs = np.empty((K, d, d))
    for k in range(K):
        diff = X - means[k]
        covs[k] = (resp[:, k, None] * diff).T @ diff / nk[k]
    return weights, means, covs + reg_covar
''',
    },
    {
        "kind": "mistake",
        "id": "m_step-reg-before-division",
        "what": "Adds reg_covar * I to the weighted scatter BEFORE dividing by N_k, so the regularisation becomes reg_covar / N_k; violates 'Responsibility-weighted covariances around the new means, plus reg_covar * I'.",
        "source": '''import numpy as np


def m_step(X, resp, reg_covar=1e-6):
    n, d = X.shape
    K = resp.shape[1]
    nk = resp.sum(axis=0)
    weights = nk / n
    means = resp.T @ X / nk[:, None]
    covs = np.empty((K, d, d))
    for k in range(K):
        diff = X - means[k]
        covs[k] = ((resp[:, k, None] * diff).T @ diff + reg_covar * np.eye(d)) / nk[k]
    return weights, means, covs
''',
    },
    {
        "kind": "mistake",
        "id": "m_step-means-broadcast-wrong-axis",
        "what": "Writes resp.T @ X / nk without [:, None]; when n_features == n_components this silently divides column j by N_j instead of row k by N_k (otherwise it raises); violates 'means : Responsibility-weighted means' mu_k = 1/N_k sum_n gamma_nk x_n.",
        "source": '''import numpy as np


def m_step(X, resp, reg_covar=1e-6):
    n, d = X.shape
    K = resp.shape[1]
    nk = resp.sum(axis=0)
    weights = nk / n
    means = resp.T @ X / nk
    covs = np.empty((K, d, d))
    for k in range(K):
        diff = X - means[k]
        covs[k] = (resp[:, k, None] * diff).T @ diff / nk[k] + reg_covar * np.eye(d)
    return weights, means, covs
''',
    },
    {
        "kind": "mistake",
        "id": "m_step-weights-unnormalised",
        "what": "Returns the soft counts N_k as the weights (forgets to divide by N); violates 'weights : N_k / N'.",
        "source": '''import numpy as np


def m_step(X, resp, reg_covar=1e-6):
    n, d = X.shape
    K = resp.shape[1]
    nk = resp.sum(axis=0)
    means = resp.T @ X / nk[:, None]
    covs = np.empty((K, d, d))
    for k in range(K):
        diff = X - means[k]
        covs[k] = (resp[:, k, None] * diff).T @ diff / nk[k] + reg_covar * np.eye(d)
    return nk, means, covs
''',
    },
    {
        "kind": "mistake",
        "id": "m_step-outer-products-loop-over-samples",
        "what": "Accumulates gamma_nk * outer(d_n, d_n) sample by sample in a Python loop; right numbers but violates 'No loop over samples; a loop over the K components is fine'.",
        "source": '''import numpy as np


def m_step(X, resp, reg_covar=1e-6):
    n, d = X.shape
    K = resp.shape[1]
    nk = resp.sum(axis=0)
    weights = nk / n
    means = resp.T @ X / nk[:, None]
    covs = np.zeros((K, d, d))
    for k in range(K):
        for i in range(n):
            diff = X[i] - means[k]
            covs[k] += resp[i, k] * np.outer(diff, diff)
        covs[k] = covs[k] / nk[k] + reg_covar * np.eye(d)
    return weights, means, covs
''',
    },
    {
        "kind": "mistake",
        "id": "m_step-centres-X-in-place",
        "what": "Centres the caller's X in place (X -= means[k], then adds it back), which raises on read-only input and mutates the data meanwhile; violates 'Do not modify the input arrays (work on new arrays)'.",
        "source": '''import numpy as np


def m_step(X, resp, reg_covar=1e-6):
    n, d = X.shape
    K = resp.shape[1]
    nk = resp.sum(axis=0)
    weights = nk / n
    means = resp.T @ X / nk[:, None]
    covs = np.empty((K, d, d))
    for k in range(K):
        X -= means[k]
        covs[k] = (resp[:, k, None] * X).T @ X / nk[k] + reg_covar * np.eye(d)
        X += means[k]
    return weights, means, covs
''',
    },
    {
        "kind": "mistake",
        "id": "m_step-no-reg-covar",
        "what": "Never adds reg_covar (the argument is ignored); violates 'with full covariances and reg_covar added to each diagonal'.",
        "source": '''import numpy as np


def m_step(X, resp, reg_covar=1e-6):
    n, d = X.shape
    K = resp.shape[1]
    nk = resp.sum(axis=0)
    weights = nk / n
    means = resp.T @ X / nk[:, None]
    covs = np.empty((K, d, d))
    for k in range(K):
        diff = X - means[k]
        covs[k] = (resp[:, k, None] * diff).T @ diff / nk[k]
    return weights, means, covs
''',
    },
]
