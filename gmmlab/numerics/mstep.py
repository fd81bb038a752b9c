"""The M-step of EM, as readable reference code, one estimator per covariance type.

As in scikit-learn, the shared part (``N_k`` and the means) is computed once and each covariance
type has its own small function. Deviations are taken from each component's own mean (two
passes over X), which stays exact when a tight cluster sits far from the origin.
"""

import numpy as np

from .validation import check_covariance_type

__all__ = ["EPS_NK", "m_step"]

# scikit-learn adds 10 machine epsilons to every N_k so that an empty component divides by a
# tiny number instead of zero.  We do the same so that the results agree.
EPS_NK = 10 * np.finfo(np.float64).eps


def _scatter(X, resp, means, diagonal_only):
    """sum_n r_nk (x_n - mu_k)(x_n - mu_k)^T per component: (K, d, d), or its diagonal (K, d)."""
    out = []
    for k in range(means.shape[0]):
        diff = X - means[k]
        out.append(resp[:, k] @ (diff * diff) if diagonal_only else (resp[:, k] * diff.T) @ diff)
    return np.array(out)


def _full(X, resp, nk, means, reg_covar):
    """Full covariances, shape (K, d, d)."""
    cov = _scatter(X, resp, means, diagonal_only=False) / nk[:, None, None]
    cov += reg_covar * np.eye(X.shape[1])
    return cov


def _tied(X, resp, nk, means, reg_covar):
    """One covariance shared by all components, shape (d, d)."""
    d = X.shape[1]
    if np.allclose(resp.sum(axis=1), 1.0):
        cov = _scatter(X, resp, means, diagonal_only=False).sum(axis=0) / nk.sum()
    else:
        # Rows that do not sum to one (the one-hot starts of "k-means++" and
        # "random_from_data"): scikit-learn's formula (X^T X - sum_k N_k mu_k mu_k^T) / sum N_k,
        # in which every sample counts, rewritten around the data mean c so that no raw
        # second moment is formed: with u = x - c and v_k = mu_k - c it is
        # sum u u^T - sum_k N_k v_k v_k^T + (n - sum N_k) c c^T - c V^T - V c^T, V = sum N_k v_k.
        c = X.mean(axis=0)
        u, v = X - c, means - c
        big_v = nk @ v
        cov = u.T @ u - (nk * v.T) @ v + (X.shape[0] - nk.sum()) * np.outer(c, c)
        cov = (cov - np.outer(c, big_v) - np.outer(big_v, c)) / nk.sum()
    cov.flat[:: d + 1] += reg_covar
    return cov


def _diag(X, resp, nk, means, reg_covar):
    """Per-component variances, shape (K, d)."""
    return _scatter(X, resp, means, diagonal_only=True) / nk[:, None] + reg_covar


def _spherical(X, resp, nk, means, reg_covar):
    """One variance per component, shape (K,)."""
    return _diag(X, resp, nk, means, reg_covar).mean(axis=1)


_ESTIMATORS = {"full": _full, "tied": _tied, "diag": _diag, "spherical": _spherical}


def m_step(X, resp, covariance_type="full", reg_covar=1e-6):
    """M-step: maximum-likelihood weights, means and covariances given responsibilities.

    ``reg_covar`` is added to the diagonal of every covariance (to every variance for
    diag/spherical) so that a component sitting on a few points stays invertible.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    resp : ndarray of shape (n_samples, n_components)
    covariance_type : {"full", "tied", "diag", "spherical"}
    reg_covar : float

    Returns
    -------
    weights : ndarray of shape (n_components,)
    means : ndarray of shape (n_components, n_features)
    covariances : ndarray
        full (K, d, d), tied (d, d), diag (K, d) or spherical (K,).
        All three in ``X``'s dtype when it is float32, float64 otherwise.
    """
    check_covariance_type(covariance_type)
    X = np.asarray(X)
    dtype = X.dtype if X.dtype == np.float32 else np.float64
    X = X.astype(np.float64, copy=False)  # sums in float64; float32 data gets float32 results
    resp = np.asarray(resp, dtype=np.float64)
    nk = resp.sum(axis=0) + EPS_NK  # (K,)
    means = (resp.T @ X) / nk[:, None]  # (K, d)
    cov = _ESTIMATORS[covariance_type](X, resp, nk, means, reg_covar)
    return tuple(a.astype(dtype, copy=False) for a in (nk / nk.sum(), means, cov))
