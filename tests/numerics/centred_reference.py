"""An independent, centred float64 EM and its log-densities, for tests to compare against.

It centres the data once, takes the differences ``x - mu_k`` itself and whitens them with the
Cholesky factor of the *covariance* (a triangular solve, where gmmlab multiplies by the
precision's factor), so it shares no code with gmmlab.
"""

import numpy as np
from scipy.linalg import cholesky, solve_triangular
from scipy.special import logsumexp

__all__ = ["as_full", "reference_em", "reference_log_px", "start"]


def as_full(cov, ctype, K, d):
    if ctype == "full":
        return cov
    if ctype == "tied":
        return np.stack([cov] * K)
    if ctype == "diag":
        return np.stack([np.diag(c) for c in cov])
    return np.stack([np.eye(d) * c for c in cov])


def reference_em(X, weights, means, covs_full, ctype, n_iter, reg_covar, stored_means=False):
    """Plain EM on centred data; returns (lower bound, weights, means, full covariances).

    With ``stored_means`` each M-step's means are rounded to absolute float64 (``c + mu``), as
    an estimator that stores ``means_`` holds them: far from the origin that rounding (ulp(1e8)
    = 1.5e-8) moves the next iteration by more than 1e-8 relative when the spread is small.
    """
    n, d = X.shape
    K = len(weights)
    c = X.mean(axis=0)
    Xc, mu, cov = X - c, means - c, covs_full.copy()
    w = weights.copy()
    eps10 = 10 * np.finfo(float).eps
    for _ in range(n_iter):
        logp = np.empty((n, K))
        for k in range(K):
            C = cholesky(cov[k], lower=True)
            z = solve_triangular(C, (Xc - mu[k]).T, lower=True)
            logdet = 2 * np.log(np.diag(C)).sum()
            logp[:, k] = np.log(w[k]) - 0.5 * (d * np.log(2 * np.pi) + logdet + (z * z).sum(0))
        log_px = logsumexp(logp, axis=1)
        bound = log_px.mean()
        r = np.exp(logp - log_px[:, None])
        nk = r.sum(axis=0) + eps10
        mu = (r.T @ Xc) / nk[:, None]
        if stored_means:
            mu = (mu + c) - c
        scat = np.stack([(r[:, k, None] * (Xc - mu[k])).T @ (Xc - mu[k]) for k in range(K)])
        if ctype == "full":
            cov = scat / nk[:, None, None] + reg_covar * np.eye(d)
        elif ctype == "tied":
            cov = np.stack([scat.sum(0) / nk.sum() + reg_covar * np.eye(d)] * K)
        elif ctype == "diag":
            var = np.diagonal(scat, axis1=1, axis2=2) / nk[:, None] + reg_covar
            cov = np.stack([np.diag(v) for v in var])
        else:
            var = np.trace(scat, axis1=1, axis2=2) / (d * nk) + reg_covar
            cov = np.stack([np.eye(d) * v for v in var])
        w = nk / nk.sum()
    return bound, w, mu + c, cov


def reference_log_px(X, weights, means, covs_full):
    c = X.mean(axis=0)
    cols = []
    for k in range(len(weights)):
        C = cholesky(covs_full[k], lower=True)
        z = solve_triangular(C, (X - c - (means[k] - c)).T, lower=True)
        cols.append(np.log(weights[k]) - np.log(np.diag(C)).sum()
                    - 0.5 * (X.shape[1] * np.log(2 * np.pi) + (z * z).sum(0)))
    return logsumexp(np.column_stack(cols), axis=1)


def start(ctype, means, var):
    K, d = means.shape
    prec = {"full": np.stack([np.eye(d) / var] * K), "tied": np.eye(d) / var,
            "diag": np.full((K, d), 1 / var), "spherical": np.full(K, 1 / var)}[ctype]
    return {"weights_init": np.full(K, 1.0 / K), "means_init": means, "precisions_init": prec}
