"""Implementations of the graded exercises as source text: correct, alternative and wrong ones."""


BASE = '''
import numpy as np


def log_gaussian_pdf(X, mean, cov):
    L = np.linalg.cholesky(cov)
    z = np.linalg.solve(L, (X - mean).T)
    d = X.shape[1]
    return -0.5 * (d * np.log(2 * np.pi) + 2 * np.log(np.diag(L)).sum() + (z ** 2).sum(0))


def ellipse_params(mean, cov, n_std=2.0):
    vals, vecs = np.linalg.eigh(cov)
    width, height = 2 * n_std * np.sqrt(vals[::-1])
    angle = np.degrees(np.arctan2(vecs[1, -1], vecs[0, -1]))
    return width, height, angle


def logsumexp(a, axis=None):
    a = np.asarray(a, dtype=float)
    m = np.max(a, axis=axis, keepdims=True)
    m = np.where(np.isfinite(m), m, 0.0)
    out = np.log(np.sum(np.exp(a - m), axis=axis, keepdims=True)) + m
    return np.squeeze(out, axis=axis) if axis is not None else out.reshape(())[()]


def e_step(X, weights, means, covs):
    logp = np.stack([np.log(w) + log_gaussian_pdf(X, m, c)
                     for w, m, c in zip(weights, means, covs)], axis=1)
    norm = logsumexp(logp, axis=1)
    return np.exp(logp - norm[:, None]), float(norm.sum())


def m_step(X, resp, reg_covar=1e-6):
    nk = resp.sum(axis=0)
    weights = nk / X.shape[0]
    means = resp.T @ X / nk[:, None]
    diff = X[None, :, :] - means[:, None, :]
    covs = np.einsum("nk,kni,knj->kij", resp, diff, diff) / nk[:, None, None]
    covs = covs + reg_covar * np.eye(X.shape[1])
    return weights, means, covs


def fit_gmm(X, weights, means, covs, max_iter=100, tol=1e-6):
    lls = []
    for i in range(max_iter):
        resp, ll = e_step(X, weights, means, covs)
        lls.append(ll)
        if i > 0 and lls[-1] - lls[-2] < tol:
            break
        weights, means, covs = m_step(X, resp)
    return weights, means, covs, np.array(lls)


def init_random(X, n_components, rng):
    resp = rng.random((X.shape[0], n_components))
    resp /= resp.sum(axis=1, keepdims=True)
    return m_step(X, resp)


def init_kmeans(X, n_components, rng):
    n = X.shape[0]
    centres = [X[rng.integers(n)]]
    for _ in range(1, n_components):
        d2 = ((X[:, None, :] - np.array(centres)[None]) ** 2).sum(-1).min(1)
        centres.append(X[rng.choice(n, p=d2 / d2.sum())])
    centres = np.array(centres)
    labels = None
    for _ in range(300):
        new = ((X[:, None, :] - centres[None]) ** 2).sum(-1).argmin(1)
        if labels is not None and np.array_equal(new, labels):
            break
        labels = new
        centres = np.array([X[labels == k].mean(0) if np.any(labels == k) else centres[k]
                            for k in range(n_components)])
    resp = np.eye(n_components)[labels]
    return m_step(X, resp)


def n_parameters(n_components, n_features, covariance_type="full"):
    k, d = n_components, n_features
    cov = {"full": k * d * (d + 1) // 2, "tied": d * (d + 1) // 2, "diag": k * d,
           "spherical": k}[covariance_type]
    return cov + k * d + k - 1


def bic(log_likelihood, n_params, n_samples):
    return -2 * log_likelihood + n_params * np.log(n_samples)


def aic(log_likelihood, n_params):
    return -2 * log_likelihood + 2 * n_params
'''


def namespace(*extra):
    """Execute BASE then each extra source in a fresh namespace, like notebook cells."""
    ns = {"__name__": "__main__"}
    exec(compile(BASE, "<base>", "exec"), ns)  # noqa: S102
    for src in extra:
        exec(compile(src, "<variant>", "exec"), ns)  # noqa: S102
    return ns


# Correct alternatives: each must get full marks.
ALTERNATIVES = {
    "log_gaussian_pdf": [
        '''
def log_gaussian_pdf(X, mean, cov):
    sign, logdet = np.linalg.slogdet(cov)
    diff = X - mean
    maha = np.sum(diff @ np.linalg.inv(cov) * diff, axis=1)
    return -0.5 * (X.shape[1] * np.log(2 * np.pi) + logdet + maha)
''',
        '''
def log_gaussian_pdf(X, mean, cov):
    out = []
    inv = np.linalg.inv(cov)
    logdet = np.log(np.linalg.det(cov))
    for x in X:
        dx = x - mean
        out.append(-0.5 * (len(x) * np.log(2 * np.pi) + logdet + dx @ inv @ dx))
    return np.array(out)
''',
    ],
    "ellipse_params": [
        '''
def ellipse_params(mean, cov, n_std=2.0):
    U, s, Vt = np.linalg.svd(cov)
    angle = np.degrees(np.arctan2(U[1, 0], U[0, 0]))
    return 2 * n_std * np.sqrt(s[0]), 2 * n_std * np.sqrt(s[1]), angle
''',
        '''
def ellipse_params(mean, cov, n_std=2.0):
    # minor axis first, angle of the minor axis: the same ellipse
    vals, vecs = np.linalg.eigh(cov)
    angle = np.degrees(np.arctan2(vecs[1, 0], vecs[0, 0])) + 360.0
    return (2 * n_std * np.sqrt(vals[0]), 2 * n_std * np.sqrt(vals[1]), angle)
''',
    ],
    "logsumexp": [
        '''
def logsumexp(a, axis=None):
    a = np.asarray(a, dtype=float)
    if axis is None:
        return np.logaddexp.reduce(a.ravel())
    return np.logaddexp.reduce(a, axis=axis)
''',
        '''
def logsumexp(a, axis=None):
    a = np.asarray(a, dtype=float)
    if axis is None:
        a = a.ravel()
        axis = 0
    m = np.max(a, axis=axis)
    m_safe = np.where(np.isinf(m), 0.0, m)
    s = np.sum(np.exp(a - np.expand_dims(m_safe, axis)), axis=axis)
    return np.log(s) + m_safe
''',
    ],
    "e_step": [
        '''
def e_step(X, weights, means, covs):
    n, K = X.shape[0], len(weights)
    logp = np.empty((n, K))
    for k in range(K):
        sign, logdet = np.linalg.slogdet(covs[k])
        diff = X - means[k]
        maha = np.einsum("ni,ij,nj->n", diff, np.linalg.inv(covs[k]), diff)
        logp[:, k] = np.log(weights[k]) - 0.5 * (X.shape[1] * np.log(2 * np.pi) + logdet + maha)
    m = logp.max(axis=1, keepdims=True)
    norm = m[:, 0] + np.log(np.exp(logp - m).sum(axis=1))
    return np.exp(logp - norm[:, None]), norm.sum()
''',
        '''
def e_step(X, weights, means, covs):
    logp = np.column_stack([np.log(weights[k]) + log_gaussian_pdf(X, means[k], covs[k])
                            for k in range(len(weights))])
    norm = np.logaddexp.reduce(logp, axis=1)
    return np.exp(logp - norm[:, None]), float(np.sum(norm))
''',
    ],
    "m_step": [
        '''
def m_step(X, resp, reg_covar=1e-6):
    n, d = X.shape
    K = resp.shape[1]
    weights, means, covs = np.zeros(K), np.zeros((K, d)), np.zeros((K, d, d))
    for k in range(K):
        nk = resp[:, k].sum()
        weights[k] = nk / n
        means[k] = (resp[:, k:k + 1] * X).sum(0) / nk
        diff = X - means[k]
        covs[k] = (resp[:, k:k + 1] * diff).T @ diff / nk + reg_covar * np.eye(d)
    return weights, means, covs
''',
        '''
def m_step(X, resp, reg_covar=1e-6):
    nk = resp.sum(0)
    means = (resp.T @ X) / nk[:, None]
    second = np.einsum("nk,ni,nj->kij", resp, X, X) / nk[:, None, None]
    covs = second - np.einsum("ki,kj->kij", means, means)
    covs = 0.5 * (covs + covs.transpose(0, 2, 1))
    covs[:, np.arange(X.shape[1]), np.arange(X.shape[1])] += reg_covar
    return nk / len(X), means, covs
''',
    ],
    "fit_gmm": [
        '''
def fit_gmm(X, weights, means, covs, max_iter=100, tol=1e-6):
    resp, ll = e_step(X, weights, means, covs)
    lls = [ll]
    while len(lls) < max_iter:
        weights, means, covs = m_step(X, resp)
        resp, ll = e_step(X, weights, means, covs)
        lls.append(ll)
        if lls[-1] - lls[-2] < tol:
            break
    return weights, means, covs, lls
''',
        '''
def fit_gmm(X, weights, means, covs, max_iter=100, tol=1e-6):
    history = np.zeros(0)
    params = (weights, means, covs)
    for it in range(max_iter):
        resp, ll = e_step(X, *params)
        history = np.append(history, ll)
        if it >= 1 and history[it] - history[it - 1] < tol:
            break
        params = m_step(X, resp)
    return params[0], params[1], params[2], history
''',
    ],
    "init_random": [
        '''
def init_random(X, n_components, rng):
    idx = rng.choice(X.shape[0], size=n_components, replace=False)
    d = X.shape[1]
    cov = np.cov(X.T).reshape(d, d) + 1e-6 * np.eye(d)
    return (np.full(n_components, 1.0 / n_components), X[idx].copy(),
            np.stack([cov] * n_components))
''',
        '''
def init_random(X, n_components, rng):
    labels = rng.integers(0, n_components, size=X.shape[0])
    labels[:n_components] = np.arange(n_components)
    resp = np.eye(n_components)[labels]
    return m_step(X, resp)
''',
    ],
    "init_kmeans": [
        '''
def init_kmeans(X, n_components, rng):
    n, K = X.shape[0], n_components
    centres = X[[rng.integers(n)]]
    while len(centres) < K:
        d2 = np.min(((X[:, None] - centres[None]) ** 2).sum(-1), axis=1)
        centres = np.vstack([centres, X[rng.choice(n, p=d2 / d2.sum())]])
    while True:
        labels = np.argmin(((X[:, None] - centres[None]) ** 2).sum(-1), axis=1)
        new = np.array([X[labels == k].mean(0) for k in range(K)])
        if np.allclose(new, centres, rtol=0, atol=0):
            break
        centres = new
    labels = np.argmin(((X[:, None] - centres[None]) ** 2).sum(-1), axis=1)
    resp = np.zeros((n, K))
    resp[np.arange(n), labels] = 1.0
    return m_step(X, resp)
''',
        '''
def init_kmeans(X, n_components, rng):
    n = X.shape[0]
    seeds = [rng.integers(n)]
    for _ in range(n_components - 1):
        d2 = np.array([min(((x - X[s]) ** 2).sum() for s in seeds) for x in X])
        seeds.append(rng.choice(n, p=d2 / d2.sum()))
    centres = X[seeds].astype(float)
    for _ in range(100):
        dist = np.linalg.norm(X[:, None, :] - centres[None, :, :], axis=2)
        labels = dist.argmin(axis=1)
        centres = np.array([X[labels == k].mean(axis=0) for k in range(n_components)])
    dist = np.linalg.norm(X[:, None, :] - centres[None, :, :], axis=2)
    resp = np.eye(n_components)[dist.argmin(axis=1)]
    return m_step(X, resp, reg_covar=1e-6)
''',
    ],
    "n_parameters": [
        '''
def n_parameters(n_components, n_features, covariance_type="full"):
    d = n_features
    per = {"full": d * (d + 1) / 2, "diag": d, "spherical": 1}
    if covariance_type == "tied":
        cov = d * (d + 1) / 2
    else:
        cov = n_components * per[covariance_type]
    return int(n_components - 1 + n_components * d + cov)
''',
        '''
def n_parameters(n_components, n_features, covariance_type="full"):
    k, d = n_components, n_features
    if covariance_type == "full":
        return (k - 1) + k * d + k * (d * d - (d * (d - 1)) // 2)
    if covariance_type == "tied":
        return (k - 1) + k * d + d * (d + 1) // 2
    if covariance_type == "diag":
        return (k - 1) + 2 * k * d
    return (k - 1) + k * d + k
''',
    ],
    "bic": [
        '''
def bic(log_likelihood, n_params, n_samples):
    return n_params * np.log(n_samples) - 2.0 * log_likelihood
''',
        '''
import math
def bic(log_likelihood, n_params, n_samples):
    return -2 * (log_likelihood - 0.5 * n_params * math.log(n_samples))
''',
    ],
    "aic": [
        '''
def aic(log_likelihood, n_params):
    return 2 * (n_params - log_likelihood)
''',
        '''
def aic(log_likelihood, n_params):
    return float(np.subtract(2 * n_params, 2 * log_likelihood))
''',
    ],
}


# Classic mistakes: (source, fragment the verdict must contain). Each must lose points.
MUTANTS = {
    "log_gaussian_pdf": [
        ('''
def log_gaussian_pdf(X, mean, cov):
    L = np.linalg.cholesky(cov)
    z = np.linalg.solve(L, (X - mean).T)
    return -0.5 * (2 * np.log(np.diag(L)).sum() + (z ** 2).sum(0))
''', "-d/2 log(2 pi)"),
        ('''
def log_gaussian_pdf(X, mean, cov):
    L = np.linalg.cholesky(cov)
    z = np.linalg.solve(L, (X - mean).T)
    d = X.shape[1]
    return -0.5 * (d * np.log(2 * np.pi) + np.log(np.diag(L)).sum() + (z ** 2).sum(0))
''', "2 * sum(log(diag(L)))"),
        ('''
def log_gaussian_pdf(X, mean, cov):
    d = X.shape[1]
    diff = X - mean
    maha = np.sum(diff @ np.linalg.inv(cov) * diff, axis=1)
    pdf = np.exp(-0.5 * maha) / np.sqrt((2 * np.pi) ** d * np.linalg.det(cov))
    return np.log(pdf)
''', "far from the mean"),
        ('''
def log_gaussian_pdf(X, mean, cov):
    d = X.shape[1]
    diff = X - mean
    maha = np.sum(diff @ np.linalg.inv(cov) * diff, axis=1)
    return -0.5 * (d * np.log(2 * np.pi) + np.linalg.slogdet(cov)[1] + maha)[:, None]
''', "wrong shape"),
        ('''
def log_gaussian_pdf(X, mean, cov):
    d = X.shape[1]
    diff = X - mean
    maha = np.sum(diff @ cov * diff, axis=1)
    return -0.5 * (d * np.log(2 * np.pi) + np.linalg.slogdet(cov)[1] + maha)
''', "instead of its inverse"),
        ('''
from scipy.stats import multivariate_normal
def log_gaussian_pdf(X, mean, cov):
    return multivariate_normal(mean, cov).logpdf(X)
''', "NumPy-only"),
    ],
    "ellipse_params": [
        ('''
def ellipse_params(mean, cov, n_std=2.0):
    vals, vecs = np.linalg.eigh(cov)
    width, height = 2 * n_std * np.sqrt(vals[::-1])
    return width, height, np.arctan2(vecs[1, -1], vecs[0, -1])
''', "radians"),
        ('''
def ellipse_params(mean, cov, n_std=2.0):
    vals, vecs = np.linalg.eigh(cov)
    width, height = n_std * np.sqrt(vals[::-1])
    return width, height, np.degrees(np.arctan2(vecs[1, -1], vecs[0, -1]))
''', "half-axes"),
        ('''
def ellipse_params(mean, cov, n_std=2.0):
    vals, vecs = np.linalg.eigh(cov)
    width, height = 2 * n_std * np.sqrt(vals[::-1])
    return width, height, np.degrees(np.arctan2(vecs[1, 0], vecs[0, 0]))
''', "other axis"),
        ('''
def ellipse_params(mean, cov, n_std=2.0):
    vals, vecs = np.linalg.eigh(cov)
    width, height = 4 * np.sqrt(vals[::-1])
    return width, height, np.degrees(np.arctan2(vecs[1, -1], vecs[0, -1]))
''', "n_std"),
        ('''
def ellipse_params(mean, cov, n_std=2.0):
    vals, vecs = np.linalg.eigh(cov)
    width, height = 2 * n_std * vals[::-1]
    return width, height, np.degrees(np.arctan2(vecs[1, -1], vecs[0, -1]))
''', "square roots"),
    ],
    "logsumexp": [
        ('''
def logsumexp(a, axis=None):
    return np.log(np.sum(np.exp(a), axis=axis))
''', "overflows"),
        ('''
def logsumexp(a, axis=None):
    m = np.max(a, axis=axis, keepdims=True)
    return np.log(np.sum(np.exp(a - m), axis=axis))
''', "add the maximum back"),
        ('''
def logsumexp(a, axis=None):
    m = np.max(a, axis=axis, keepdims=True)
    return np.log(np.sum(np.exp(a - m), axis=axis, keepdims=True)) + m
''', "keeps the reduced axis"),
        ('''
def logsumexp(a, axis=None):
    m = np.max(a, axis=axis, keepdims=True)
    out = np.log(np.sum(np.exp(a - m), axis=axis, keepdims=True)) + m
    return out.reshape(()) if axis is None else np.squeeze(out, axis=axis)
''', "all -inf"),
        ('''
from scipy.special import logsumexp as _lse
def logsumexp(a, axis=None):
    return _lse(a, axis=axis)
''', "NumPy-only"),
    ],
    "e_step": [
        ('''
def e_step(X, weights, means, covs):
    p = np.stack([w * np.exp(log_gaussian_pdf(X, m, c))
                  for w, m, c in zip(weights, means, covs)], axis=1)
    return p / p.sum(axis=1, keepdims=True), float(np.log(p.sum(axis=1)).sum())
''', "underflow"),
        ('''
def e_step(X, weights, means, covs):
    logp = np.stack([np.log(w) + log_gaussian_pdf(X, m, c)
                     for w, m, c in zip(weights, means, covs)], axis=1)
    norm = logsumexp(logp, axis=0)
    return np.exp(logp - norm[None, :]), float(logsumexp(logp, axis=1).sum())
''', "normalised over samples instead of components"),
        ('''
def e_step(X, weights, means, covs):
    logp = np.stack([np.log(w) + log_gaussian_pdf(X, m, c)
                     for w, m, c in zip(weights, means, covs)], axis=1)
    norm = logsumexp(logp, axis=1)
    return np.exp(logp - norm[:, None]), float(norm.mean())
''', "mean over samples"),
        ('''
def e_step(X, weights, means, covs):
    logp = np.stack([np.log(w) + log_gaussian_pdf(X, m, c)
                     for w, m, c in zip(weights, means, covs)], axis=1)
    norm = logsumexp(logp, axis=1)
    return np.exp(logp - norm[:, None]), norm
''', "per sample"),
        ('''
def e_step(X, weights, means, covs):
    logp = np.stack([np.log(w) + log_gaussian_pdf(X, m, c)
                     for w, m, c in zip(weights, means, covs)], axis=1)
    norm = logsumexp(logp, axis=1)
    return np.exp(logp - norm[:, None]).T, float(norm.sum())
''', "transposed"),
    ],
    "m_step": [
        ('''
def m_step(X, resp, reg_covar=1e-6):
    nk = resp.sum(axis=0)
    means = resp.T @ X / nk[:, None]
    diff = X[None, :, :] - means[:, None, :]
    covs = np.einsum("nk,kni,knj->kij", resp, diff, diff) / X.shape[0]
    return nk / X.shape[0], means, covs + reg_covar * np.eye(X.shape[1])
''', "divided by N instead of N_k"),
        ('''
def m_step(X, resp, reg_covar=1e-6):
    nk = resp.sum(axis=0)
    means = resp.T @ X / nk[:, None]
    diff = X[None, :, :] - means[:, None, :]
    covs = np.einsum("kni,knj->kij", diff, diff) / X.shape[0]
    return nk / X.shape[0], means, covs + reg_covar * np.eye(X.shape[1])
''', "not weighted by the responsibilities"),
        ('''
def m_step(X, resp, reg_covar=1e-6):
    nk = resp.sum(axis=0)
    means = resp.T @ X / nk[:, None]
    diff = X[None, :, :] - means[:, None, :]
    covs = np.einsum("nk,kni,knj->kij", resp, diff, diff) / nk[:, None, None]
    return nk, means, covs + reg_covar * np.eye(X.shape[1])
''', "weights do not sum to 1"),
        ('''
def m_step(X, resp, reg_covar=1e-6):
    nk = resp.sum(axis=0)
    means = resp.T @ X / nk[:, None]
    diff = X[None, :, :] - means[:, None, :]
    covs = np.einsum("nk,kni,knj->kij", resp, diff, diff) / nk[:, None, None]
    return nk / X.shape[0], means, covs
''', "reg_covar is not added"),
        ('''
def m_step(X, resp, reg_covar=1e-6):
    nk = resp.sum(axis=0)
    means = resp.T @ X / X.shape[0]
    diff = X[None, :, :] - means[:, None, :]
    covs = np.einsum("nk,kni,knj->kij", resp, diff, diff) / nk[:, None, None]
    return nk / X.shape[0], means, covs + reg_covar * np.eye(X.shape[1])
''', "means divided by N"),
        ('''
def m_step(X, resp, reg_covar=1e-6):
    nk = resp.sum(axis=0)
    means = resp.T @ X / nk[:, None]
    diff = X[None, :, :] - means[:, None, :]
    covs = np.einsum("nk,kni,knj->kij", resp, diff, diff) / nk[:, None, None]
    covs[:, 0, 1] += 0.1
    return nk / X.shape[0], means, covs + reg_covar * np.eye(X.shape[1])
''', "not symmetric"),
    ],
    "fit_gmm": [
        ('''
def fit_gmm(X, weights, means, covs, max_iter=100, tol=1e-6):
    lls = []
    for i in range(max_iter):
        resp, _ = e_step(X, weights, means, covs)
        weights, means, covs = m_step(X, resp)
        lls.append(e_step(X, weights, means, covs)[1])
        if i > 0 and lls[-1] - lls[-2] < tol:
            break
    return weights, means, covs, np.array(lls)
''', "before the M-step"),
        ('''
def fit_gmm(X, weights, means, covs, max_iter=100, tol=1e-6):
    lls = []
    for i in range(max_iter):
        resp, ll = e_step(X, weights, means, covs)
        lls.append(ll)
        weights, means, covs = m_step(X, resp)
    return weights, means, covs, np.array(lls)
''', "huge tol"),
        ('''
def fit_gmm(X, weights, means, covs, max_iter=100, tol=1e-6):
    lls = []
    for i in range(max_iter):
        resp, ll = e_step(X, weights, means, covs)
        lls.append(ll)
        if i > 0 and lls[-1] - lls[-2] < tol:
            break
        new_w, new_m, _ = m_step(X, resp)
        nk = resp.sum(0)
        covs = np.stack([(resp[:, k] * (X - means[k]).T) @ (X - means[k]) / nk[k]
                         + 1e-6 * np.eye(X.shape[1]) for k in range(len(nk))])
        weights, means = new_w, new_m
    return weights, means, covs, np.array(lls)
''', "old means"),
        ('''
def fit_gmm(X, weights, means, covs, max_iter=100, tol=1e-6):
    lls = []
    for i in range(max_iter):
        resp, ll = e_step(X, weights, means, covs)
        lls.append(ll)
        if i > 0 and abs(lls[-1] - lls[-2]) < tol:
            break
        weights, means, covs = m_step(X, resp)
        if i == 2:  # a buggy update that makes the fit worse once
            covs = covs * 4.0
    return weights, means, covs, np.array(lls)
''', "decreases at iteration"),
        ('''
def fit_gmm(X, weights, means, covs, max_iter=100, tol=1e-6):
    lls = []
    for i in range(max_iter):
        resp, ll = e_step(X, weights, means, covs)
        lls.append(ll / X.shape[0])
        if i > 0 and lls[-1] - lls[-2] < tol:
            break
        weights, means, covs = m_step(X, resp)
    return weights, means, covs, np.array(lls)
''', "mean log-likelihood"),
    ],
    "init_random": [
        ('''
def init_random(X, n_components, rng):
    resp = np.random.random((X.shape[0], n_components))
    resp /= resp.sum(axis=1, keepdims=True)
    return m_step(X, resp)
''', "same seed give different results"),
        ('''
def init_random(X, n_components, rng):
    resp = rng.random((X.shape[0], n_components))
    return m_step(X, resp)
''', "sum to 1"),
        ('''
def init_random(X, n_components, rng):
    d = X.shape[1]
    means = rng.normal(size=(n_components, d)) * 100
    return (np.full(n_components, 1 / n_components), means,
            np.stack([np.eye(d)] * n_components))
''', "outside the range"),
        ('''
def init_random(X, n_components, rng):
    d = X.shape[1]
    means = X[:n_components].copy()
    return (np.full(n_components, 1 / n_components), means,
            np.stack([np.eye(d)] * n_components))
''', "same means for every rng"),
    ],
    "init_kmeans": [
        ('''
def init_kmeans(X, n_components, rng):
    n = X.shape[0]
    centres = X[rng.choice(n, n_components, replace=False)]
    labels = ((X[:, None, :] - centres[None]) ** 2).sum(-1).argmin(1)
    return m_step(X, np.eye(n_components)[labels])
''', "fixed point"),
        ('''
def init_kmeans(X, n_components, rng):
    n = X.shape[0]
    centres = X[rng.choice(n, n_components, replace=False)]
    for _ in range(100):
        labels = ((X[:, None, :] - centres[None]) ** 2).sum(-1).argmin(1)
        centres = np.array([X[labels == k].mean(0) for k in range(n_components)])
    labels = ((X[:, None, :] - centres[None]) ** 2).sum(-1).argmin(1)
    w, m, c = m_step(X, np.eye(n_components)[labels])
    return w, m, c
''', "misses one of three"),
        ('''
def init_kmeans(X, n_components, rng):
    n = X.shape[0]
    centres = [X[rng.integers(n)]]
    for _ in range(1, n_components):
        d2 = ((X[:, None, :] - np.array(centres)[None]) ** 2).sum(-1).min(1)
        centres.append(X[rng.choice(n, p=d2 / d2.sum())])
    centres = np.array(centres)
    for _ in range(100):
        labels = ((X[:, None, :] - centres[None]) ** 2).sum(-1).argmin(1)
        centres = np.array([X[labels == k].mean(0) for k in range(n_components)])
    w, m, c = m_step(X, np.eye(n_components)[labels])
    return np.full(n_components, 1.0 / n_components), m, c
''', "fraction of points"),
        ('''
from sklearn.cluster import KMeans
def init_kmeans(X, n_components, rng):
    km = KMeans(n_components, n_init=1, random_state=int(rng.integers(1000))).fit(X)
    return m_step(X, np.eye(n_components)[km.labels_])
''', "NumPy-only"),
    ],
    "n_parameters": [
        ('''
def n_parameters(n_components, n_features, covariance_type="full"):
    k, d = n_components, n_features
    cov = {"full": k * d * d, "tied": d * d, "diag": k * d, "spherical": k}[covariance_type]
    return cov + k * d + k - 1
''', "d*d"),
        ('''
def n_parameters(n_components, n_features, covariance_type="full"):
    k, d = n_components, n_features
    cov = {"full": k * d * (d + 1) // 2, "tied": d * (d + 1) // 2, "diag": k * d,
           "spherical": k}[covariance_type]
    return cov + k * d + k
''', "K-1 are free"),
        ('''
def n_parameters(n_components, n_features, covariance_type="full"):
    k, d = n_components, n_features
    cov = {"full": k * d * (d + 1) // 2, "tied": k * d * (d + 1) // 2, "diag": k * d,
           "spherical": k}[covariance_type]
    return cov + k * d + k - 1
''', "tied shares one matrix"),
    ],
    "bic": [
        ('''
def bic(log_likelihood, n_params, n_samples):
    return 2 * log_likelihood - n_params * np.log(n_samples)
''', "wrong sign"),
        ('''
def bic(log_likelihood, n_params, n_samples):
    return -2 * log_likelihood + n_params * n_samples
''', "ln(n)"),
        ('''
def bic(log_likelihood, n_params, n_samples):
    return -2 * log_likelihood + n_params * np.log10(n_samples)
''', "log10"),
        ('''
def bic(log_likelihood, n_params, n_samples):
    return -log_likelihood + n_params * np.log(n_samples)
''', "factor -2"),
    ],
    "aic": [
        ('''
def aic(log_likelihood, n_params):
    return 2 * log_likelihood - 2 * n_params
''', "wrong sign"),
        ('''
def aic(log_likelihood, n_params):
    return -2 * log_likelihood + n_params
''', "2p, not p"),
        ('''
def aic(log_likelihood, n_params):
    return None
''', "None"),
    ],
}
