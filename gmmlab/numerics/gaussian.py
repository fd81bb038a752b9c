"""Gaussian log-densities for all mixture components at once, through Cholesky factors of precisions.

Conventions follow scikit-learn.  For a covariance ``S = C C^T`` (``C`` lower triangular) we store
the *precision Cholesky factor* ``L = C^{-T}`` (upper triangular), so that ``L L^T = S^{-1}``.
Then the squared Mahalanobis distance is ``|(x - mu) L|^2`` (no linear solve in the E-step) and
``log det S^{-1} / 2 = sum(log diag(L))`` (no determinant either).

Shapes per ``covariance_type`` (K components, d features):
full ``(K, d, d)``, tied ``(d, d)``, diag ``(K, d)``, spherical ``(K,)``.
"""

import math

import numpy as np
from scipy.linalg import solve_triangular

from .validation import check_covariance_type

__all__ = [
    "COLLAPSE_ERROR",
    "NARROW_FEATURES",
    "covariances_from_precision_cholesky",
    "log_det_cholesky",
    "log_gaussian_prob",
    "precision_cholesky",
    "precision_cholesky_from_precisions",
    "precisions_from_cholesky",
    "subtract_means",
    "whitened_sq_distances",
]

# scikit-learn's collapse error, word for word (code may match it); each reason is appended.
COLLAPSE_ERROR = (
    "Fitting the mixture model failed because some components have ill-defined empirical "
    "covariance (for instance caused by singleton or collapsed samples). Try to decrease the "
    "number of components, increase reg_covar, or scale the input data."
)
_NOT_PD = COLLAPSE_ERROR + (
    " (The covariances must be positive definite, but the Cholesky factorisation of the "
    "{ctype} covariance failed.)"
)

_SINGULAR = 7e-8
_SINGULAR_MESSAGE = COLLAPSE_ERROR + (
    " (The {ctype} covariance is numerically singular: a feature is a linear combination of "
    "others to within rounding, which reg_covar is too small to cover at this scale.)")


def precision_cholesky(covariances, covariance_type):
    """Cholesky factors of the precision matrices (inverse covariances).

    Parameters
    ----------
    covariances : ndarray
        full (K, d, d), tied (d, d), diag (K, d) or spherical (K,).
    covariance_type : {"full", "tied", "diag", "spherical"}

    Returns
    -------
    precisions_chol : ndarray, same shape as ``covariances``
        Upper-triangular ``L`` with ``L @ L.T == inv(covariance)`` (full/tied);
        ``1 / sqrt(variance)`` (diag/spherical). Computed in float64; float32 in, float32 out.

    Raises
    ------
    ValueError
        Naming ``covariances`` when a covariance is not positive definite.
    """
    cov = np.asarray(covariances)
    dtype = cov.dtype if cov.dtype == np.float32 else np.float64
    return _precision_cholesky(cov.astype(np.float64), covariance_type).astype(dtype, copy=False)


def _precision_cholesky(cov, covariance_type):
    if covariance_type in ("full", "tied"):
        if not np.isfinite(cov).all():
            raise ValueError(_NOT_PD.format(ctype=covariance_type))
        try:
            chol = np.linalg.cholesky(cov)  # batched over the leading axis for "full"
        except np.linalg.LinAlgError:
            raise ValueError(_NOT_PD.format(ctype=covariance_type)) from None
        # diag(chol)_i^2 / C_ii is the share of feature i's variance not explained by the
        # features before it; below _SINGULAR**2 (5e-15, a few eps) it is rounding, and the
        # factor (and every density from it) would be noise.
        share = np.diagonal(chol, axis1=-2, axis2=-1) / np.sqrt(
            np.diagonal(cov, axis1=-2, axis2=-1))
        if np.any(share < _SINGULAR):
            raise ValueError(_SINGULAR_MESSAGE.format(ctype=covariance_type))
        eye = np.broadcast_to(np.eye(cov.shape[-1]), cov.shape)
        # C^{-1} by a (batched) triangular solve, then transpose: L = C^{-T}.
        return np.swapaxes(solve_triangular(chol, eye, lower=True), -1, -2).copy()
    if not (np.isfinite(cov).all() and (cov > 0).all()):
        raise ValueError(_NOT_PD.format(ctype=covariance_type))
    return 1.0 / np.sqrt(cov)


def precision_cholesky_from_precisions(precisions, covariance_type):
    """Upper-triangular ``L`` with ``L L^T = precision`` computed from the precisions themselves.

    Reversing rows and columns (``J P J`` with the exchange matrix ``J``) turns the
    lower Cholesky factor of ``J P J`` into the upper factor of ``P``.
    """
    p = np.asarray(precisions, dtype=np.float64)
    if covariance_type in ("full", "tied"):
        flipped = p[..., ::-1, ::-1]
        try:
            return np.ascontiguousarray(np.linalg.cholesky(flipped)[..., ::-1, ::-1])
        except np.linalg.LinAlgError:
            raise ValueError("precisions_init must be positive definite.") from None
    return np.sqrt(p)


def precisions_from_cholesky(precisions_chol, covariance_type):
    """Precision matrices ``L L^T`` (full/tied) or precisions ``L**2`` (diag/spherical)."""
    if covariance_type in ("full", "tied"):
        return precisions_chol @ np.swapaxes(precisions_chol, -1, -2)
    return precisions_chol**2


def covariances_from_precision_cholesky(precisions_chol, covariance_type):
    """Covariances ``(L L^T)^{-1}`` from precision Cholesky factors (same shapes)."""
    if covariance_type in ("full", "tied"):
        d = precisions_chol.shape[-1]
        eye = np.broadcast_to(np.eye(d), precisions_chol.shape)
        inv_l = solve_triangular(precisions_chol, eye, lower=False)  # L^{-1}
        return np.swapaxes(inv_l, -1, -2) @ inv_l  # L^{-T} L^{-1} = (L L^T)^{-1}
    return 1.0 / precisions_chol**2


def log_det_cholesky(precisions_chol, covariance_type, n_features):
    """``sum(log diag(L))`` per component, i.e. ``-log det(covariance) / 2``.

    Returns
    -------
    ndarray of shape (K,) (full, diag, spherical) or a float (tied).
    """
    if covariance_type == "full":
        return np.log(np.diagonal(precisions_chol, axis1=1, axis2=2)).sum(axis=1)
    if covariance_type == "tied":
        return float(np.log(np.diagonal(precisions_chol)).sum())
    if covariance_type == "diag":
        return np.log(precisions_chol).sum(axis=1)
    return n_features * np.log(precisions_chol)


# Rows per chunk of log_gaussian_prob: its (K, rows, d) temporaries stay near 2 MB.
_CHUNK_NUMBERS = 1 << 18


#: Up to this many features, element-wise work on (K, rows, d) arrays goes column by column
#: (a ufunc whose innermost axis has 2 or 3 elements runs several times slower).
NARROW_FEATURES = 3


def subtract_means(X, means, out):
    """``out[k] = X - means[k]`` for every component (``X`` may be ``out`` itself).

    In one broadcasting call from four features on; one component and one feature at a time
    when there are fewer (broadcasting is slow when ``d`` is 2 or 3).

    Parameters
    ----------
    X : ndarray of shape (rows, n_features) or (n_components, rows, n_features)
    means : ndarray of shape (n_components, n_features)
    out : ndarray of shape (n_components, rows, n_features)
    """
    if means.shape[1] > NARROW_FEATURES:  # one call: faster than one per component
        np.subtract(X if X.ndim == 3 else X[None], means[:, None, :], out=out)
        return
    for k in range(means.shape[0]):
        x = X if X.ndim == 2 else X[k]
        for j in range(means.shape[1]):
            np.subtract(x[:, j], means[k, j], out=out[k][:, j])


def whitened_sq_distances(X, means, precisions_chol, covariance_type, diff, work, out,
                          means_lo=None):
    """Squared Mahalanobis distances ``|(x_n - mu_k) L_k|^2`` of a chunk, from the differences.

    The one formulation of the log-densities used everywhere: each component subtracts its own
    mean first (exact however far the data lie from the origin), then whitens the difference
    with its precision Cholesky factor (a matrix product for full and tied).

    Parameters
    ----------
    X : ndarray of shape (rows, n_features)
    means : ndarray of shape (n_components, n_features), same dtype as ``X``
    precisions_chol : ndarray, same dtype as ``X``
        full (K, d, d), tied (d, d), diag (K, d) or spherical (K,).
    covariance_type : {"full", "tied", "diag", "spherical"}
    diff, work : ndarray of shape (n_components, rows, n_features)
        Buffers. ``diff`` receives ``x_n - mu_k``; ``work`` the whitened differences
        ``(x_n - mu_k) L_k`` (full, tied), their squares (diag) or ``(x_n - mu_k)**2``
        (spherical).  Full and tied with ``means_lo``: ``diff`` is ``x_n - means`` and ``work``
        its whitening, and the rest of the mean is folded into the distances
        (``|w - v|**2 = |w|**2 - 2 w.v + |v|**2``, ``v = means_lo L``; a product instead of a
        second pass of subtractions).
    out : ndarray of shape (n_components, rows)
        Receives the squared distances.
    means_lo : ndarray of shape (n_components, n_features) or None
        The rest of the means when ``means`` holds them rounded (float32 far from the origin):
        the difference is then ``(x - means) - means_lo``.
    """
    subtract_means(X, means, diff)
    fold = means_lo is not None and covariance_type in ("full", "tied")
    if means_lo is not None and not fold:
        subtract_means(diff, means_lo, diff)
    if covariance_type in ("full", "tied"):
        np.matmul(diff, precisions_chol, out=work)  # BLAS-3, one product per component
    elif covariance_type == "diag":
        for k in range(means.shape[0]):
            if diff.shape[2] > NARROW_FEATURES:
                np.multiply(diff[k], precisions_chol[k], out=work[k])
                continue
            for j in range(diff.shape[2]):
                np.multiply(diff[k][:, j], precisions_chol[k, j], out=work[k][:, j])
    else:
        np.multiply(diff, diff, out=work)
    if covariance_type in ("full", "tied"):
        if diff.shape[2] > NARROW_FEATURES:
            np.einsum("knd,knd->kn", work, work, out=out)
        else:
            np.multiply(work[:, :, 0], work[:, :, 0], out=out)  # a few columns: one by one
            for j in range(1, diff.shape[2]):
                out += work[:, :, j] * work[:, :, j]
        if fold:  # |w - v|^2 = |w|^2 - 2 w.v + |v|^2 with v = lo L, tiny beside w near mu
            v = (means_lo @ precisions_chol if covariance_type == "tied"
                 else np.einsum("kd,kde->ke", means_lo, precisions_chol))
            wv = np.matmul(work, v[:, :, None])[:, :, 0]
            wv *= -2.0
            out += wv
            out += np.einsum("kd,kd->k", v, v)[:, None]
        return
    if covariance_type == "diag":
        np.multiply(work, work, out=work)
    np.matmul(work, np.ones(diff.shape[2], dtype=work.dtype), out=out)  # sum over features
    if covariance_type == "spherical":
        out *= (precisions_chol**2)[:, None]


def log_gaussian_prob(X, means, precisions_chol, covariance_type):
    """Log-density ``log N(x_n | mu_k, S_k)`` of every sample under every component.

    Computed from whitened differences ``(x_n - mu_k) L_k`` (see
    :func:`whitened_sq_distances`), chunk by chunk, so it stays exact for data far from the
    origin and for tight components, and needs memory for one chunk only.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    means : ndarray of shape (n_components, n_features)
    precisions_chol : ndarray
        full (K, d, d), tied (d, d), diag (K, d) or spherical (K,).
    covariance_type : {"full", "tied", "diag", "spherical"}

    Returns
    -------
    log_prob : ndarray of shape (n_samples, n_components)
        float32 for float32 ``X``, float64 otherwise.
    """
    check_covariance_type(covariance_type)
    X = np.asarray(X)
    dtype = X.dtype if X.dtype == np.float32 else np.float64
    X = X.astype(dtype, copy=False)
    means = np.asarray(means, dtype=dtype)
    pchol = np.asarray(precisions_chol, dtype=dtype)
    n, d = X.shape
    K = means.shape[0]
    log_det = log_det_cholesky(np.asarray(precisions_chol, dtype=np.float64), covariance_type, d)
    const = (log_det - 0.5 * d * math.log(2.0 * math.pi)) * np.ones(K)
    rows = int(max(1, min(n, _CHUNK_NUMBERS // max(K * d, 1))))
    diff, work = np.empty((2, K, rows, d), dtype=dtype)
    maha = np.empty((K, rows), dtype=dtype)
    out = np.empty((n, K), dtype=dtype)
    for a in range(0, n, rows):
        b = min(a + rows, n)
        m = b - a
        whitened_sq_distances(X[a:b], means, pchol, covariance_type, diff[:, :m], work[:, :m],
                              maha[:, :m])
        out[a:b] = (const.astype(dtype)[:, None] - 0.5 * maha[:, : b - a]).T
    return out
