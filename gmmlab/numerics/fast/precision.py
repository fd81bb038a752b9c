"""In which floating-point type a pass over float32 data stays accurate, and its split means.

A pass over float32 data computes in float32 (half the memory traffic, twice the SIMD width)
where that keeps its results close to a float64 pass over the same numbers, and in float64
where it would not.  Two things decide it.

* **The means.**  A mean rounded to float32 is off by up to ``eps32 |mu| / 2`` (0.03 at 1e6),
  which is large against a component's spread when the data sit far from the origin.  Each
  mean is therefore split into ``hi = float32(mu)`` and ``lo = float32(mu - hi)``: ``x - hi`` is
  exact near the mean (Sterbenz) and ``(x - hi) - lo`` is rounded *relative to the
  difference*, so offsets cost nothing (:func:`split_means`).
* **The conditioning.**  In float32 the whitened difference ``(x - mu) L`` and the scatter
  ``sum r (x - mu)(x - mu)^T`` carry a rounding of about ``eps32`` relative to each entry's
  terms, i.e. relative to the *diagonal* scale of the covariance.  Scaling a feature changes
  nothing; what is lost is ``eps32 kappa`` in the smallest eigenvalue, with ``kappa`` the
  condition number of the covariance's correlation matrix (Jacobi-scaled precision).  A full
  or tied pass whose ``kappa`` exceeds ``MAX_KAPPA_FLOAT32`` runs in float64 instead
  (:func:`pass_dtype`); diag and spherical have ``kappa = 1``.
* **The formulation.**  Tied passes, and diag and spherical passes on three features or more,
  use products on centred chunks (:mod:`~gmmlab.numerics.fast.tied`,
  :mod:`~gmmlab.numerics.fast.expanded`), which run in float64 for float32 data too: faster
  than float32 differences, and as accurate as float64.  The condition number therefore
  decides only for full passes (and diag and spherical ones on one or two features).

Measured (d = 8, K = 4, ten iterations from the same start as a float64 fit of the same
float32 numbers): the precisions differ by about ``kappa eps32 / 2`` relative (4e-5 at
``kappa`` = 670, 8e-4 at 2e4, 1e-2 at 2e5, 8e-2 at 2e6, where float32 alone also fails with
"ill-defined empirical covariance" soon after); the lower bound and the means by 1e-8 to 1e-6.
With ``MAX_KAPPA_FLOAT32 = 1e4`` a float32 fit is therefore within about 1e-3 of the float64
fit in its precisions and far closer in everything else; beyond it the pass costs float64's
time and is as accurate as float64 (``tests/numerics/test_float32.py``).
"""

import numpy as np

from .expanded import uses_products

__all__ = ["MAX_KAPPA_FLOAT32", "correlation_condition", "pass_dtype", "split_means"]

#: Largest condition number of a (Jacobi-scaled) covariance for which a pass runs in float32.
MAX_KAPPA_FLOAT32 = 1e4

EPS32 = float(np.finfo(np.float32).eps)


def correlation_condition(precisions_chol, covariance_type):
    """Condition number of each precision matrix scaled to unit diagonal (1 for diag/spherical).

    Parameters
    ----------
    precisions_chol : ndarray
        full (K, d, d) or tied (d, d) upper-triangular factors (any other type: returns 1).
    covariance_type : {"full", "tied", "diag", "spherical"}

    Returns
    -------
    float
        The largest over the components.
    """
    if covariance_type not in ("full", "tied"):
        return 1.0
    chol = np.asarray(precisions_chol, dtype=np.float64).reshape(-1, *np.shape(
        precisions_chol)[-2:])
    prec = chol @ np.swapaxes(chol, -1, -2)
    scale = 1.0 / np.sqrt(np.diagonal(prec, axis1=1, axis2=2))
    eig = np.linalg.eigvalsh(prec * scale[:, :, None] * scale[:, None, :])
    with np.errstate(divide="ignore"):
        return float(np.max(eig[:, -1] / eig[:, 0]))


def pass_dtype(X_dtype, precisions_chol, covariance_type, n_features=None):
    """float32 for float32 data whose pass is accurate in float32 (see module), else float64.

    Tied passes, and diag and spherical passes on three features or more, also run in
    float64: they use products on centred chunks (:mod:`~gmmlab.numerics.fast.tied`,
    :mod:`~gmmlab.numerics.fast.expanded`), faster in float64 than the float32 differences.  ``n_features`` defaults to the width of diag factors, else 3.
    """
    if n_features is None:
        n_features = np.shape(precisions_chol)[-1] if covariance_type == "diag" else 3
    if np.dtype(X_dtype) != np.float32 or uses_products(covariance_type, n_features):
        return np.dtype(np.float64)
    kappa = correlation_condition(precisions_chol, covariance_type)
    return np.dtype(np.float32 if kappa <= MAX_KAPPA_FLOAT32 else np.float64)


def split_means(means, precisions_chol, covariance_type, dtype):
    """``(hi, lo)`` with ``hi + lo`` the float64 means to twice ``dtype``'s precision.

    ``lo`` is None in float64, and when ``lo`` moves no whitened difference by more than
    ``eps`` (then ``x - hi`` alone is as accurate as its own rounding).

    Parameters
    ----------
    means : ndarray of shape (K, d), float64
    precisions_chol : ndarray, float64
    covariance_type : {"full", "tied", "diag", "spherical"}
    dtype : numpy dtype of the pass

    Returns
    -------
    hi : ndarray of shape (K, d), ``dtype``
    lo : ndarray of shape (K, d), ``dtype``, or None
    """
    means = np.asarray(means, dtype=np.float64)
    hi = np.ascontiguousarray(means, dtype=dtype)
    if np.dtype(dtype) == np.float64:
        return hi, None
    lo = means - hi
    pchol = np.asarray(precisions_chol, dtype=np.float64)
    if covariance_type == "full":
        shift = np.einsum("kd,kde->ke", lo, pchol)
    elif covariance_type == "tied":
        shift = lo @ pchol
    elif covariance_type == "diag":
        shift = lo * pchol
    else:
        shift = lo * pchol[:, None]
    if np.sqrt((shift**2).sum(axis=1)).max() <= EPS32:
        return hi, None
    return hi, np.ascontiguousarray(lo, dtype=dtype)
