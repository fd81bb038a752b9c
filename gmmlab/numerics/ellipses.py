"""Geometry of the n-sigma ellipse of a 2-D Gaussian, in matplotlib's ``Ellipse`` convention."""

import math

import numpy as np

__all__ = ["ellipse_params"]


def _as_covariance_2x2(cov):
    """``cov`` (full, diagonal or spherical) as the entries ``a, b, c`` of [[a, b], [b, c]]."""
    try:
        arr = np.asarray(cov, dtype=np.float64)
    except (TypeError, ValueError):
        raise TypeError(
            "cov must be numeric: a (2, 2) covariance matrix, a (2,) vector of variances "
            "or a scalar variance"
        ) from None
    if not np.all(np.isfinite(arr)):
        raise ValueError("cov must contain only finite numbers (no NaN or inf)")
    if arr.ndim == 0 or arr.shape == (1,):
        var = float(arr.reshape(()))
        if var < 0:
            raise ValueError(f"cov as a spherical variance must be >= 0, got {var}")
        return var, 0.0, var
    if arr.shape == (2,):
        if np.any(arr < 0):
            raise ValueError(f"cov as a (2,) vector of variances must be >= 0, got {arr.tolist()}")
        return float(arr[0]), 0.0, float(arr[1])
    if arr.shape == (2, 2):
        a, b, b2, c = (float(v) for v in arr.ravel())
        scale = max(abs(a), abs(c), 1e-300)
        if abs(b - b2) > 1e-8 * scale:
            raise ValueError("cov must be symmetric (cov[0, 1] == cov[1, 0])")
        b = 0.5 * (b + b2)
        # positive semi-definite: both diagonal entries >= 0 and determinant >= 0 (up to round-off)
        if a < 0 or c < 0 or a * c - b * b < -1e-12 * scale * scale:
            raise ValueError("cov must be positive semi-definite")
        return a, b, c
    raise ValueError(
        "cov must be a (2, 2) matrix (full/tied), a (2,) vector (diag) or a scalar (spherical), "
        f"got an array of shape {arr.shape}"
    )


def ellipse_params(mean, cov, n_std=2.0):
    """Width, height and angle of the ``n_std``-sigma ellipse of a 2-D Gaussian.

    The ellipse is the set of points ``x`` whose Mahalanobis distance to ``mean`` is ``n_std``:
    ``(x - mean)^T cov^{-1} (x - mean) = n_std**2``. Its axes point along the eigenvectors of
    ``cov`` and have half-lengths ``n_std * sqrt(eigenvalue)``.

    Parameters
    ----------
    mean : array-like of shape (2,)
        Centre of the Gaussian. It does not change the shape; it is checked so that a 3-D mean
        is not silently drawn in 2-D. Pass it as ``xy`` to ``matplotlib.patches.Ellipse``.
    cov : array-like of shape (2, 2), shape (2,) or scalar
        Covariance as a full (or tied) matrix, the diagonal of a diagonal covariance, or a
        single variance shared by both coordinates (spherical).
    n_std : float, default=2.0
        Mahalanobis radius of the ellipse (2.0 encloses about 86 % of a 2-D Gaussian's mass).

    Returns
    -------
    width : float
        Full length of the major axis, ``2 * n_std * sqrt(largest eigenvalue)``.
    height : float
        Full length of the minor axis, ``2 * n_std * sqrt(smallest eigenvalue)``.
    angle_deg : float
        Counter-clockwise angle in degrees, in ``[0, 180)``, from the x axis to the major axis.

    The triple plugs straight into
    ``matplotlib.patches.Ellipse(xy=mean, width=width, height=height, angle=angle_deg)``,
    whose ``width`` runs along the rotated x axis. ``width >= height`` always; a circle has
    angle 0.

    Examples
    --------
    >>> ellipse_params([0, 0], [[4.0, 0.0], [0.0, 1.0]], n_std=1.0)
    (4.0, 2.0, 0.0)
    """
    try:
        mean_arr = np.asarray(mean, dtype=np.float64)
    except (TypeError, ValueError):
        raise TypeError("mean must be a numeric array of shape (2,)") from None
    if mean_arr.shape != (2,):
        raise ValueError(f"mean must have shape (2,), got {mean_arr.shape}")
    if not np.all(np.isfinite(mean_arr)):
        raise ValueError("mean must contain only finite numbers (no NaN or inf)")
    if isinstance(n_std, bool) or not isinstance(n_std, (int, float, np.integer, np.floating)):
        raise TypeError(f"n_std must be a positive number, got {n_std!r}")
    if not (math.isfinite(n_std) and n_std > 0):
        raise ValueError(f"n_std must be a positive finite number, got {n_std}")

    a, b, c = _as_covariance_2x2(cov)
    # Closed form for a symmetric 2x2 matrix: eigenvalues (a + c)/2 +- r and the direction of the
    # major axis, 0.5 * atan2(2b, a - c). No iterative solver, no ambiguous eigenvector sign.
    half_trace = 0.5 * (a + c)
    r = math.hypot(0.5 * (a - c), b)
    lam_major = half_trace + r
    lam_minor = max(half_trace - r, 0.0)
    angle = math.degrees(0.5 * math.atan2(2.0 * b, a - c)) % 180.0
    if angle >= 180.0:  # -tiny % 180 rounds up to 180.0
        angle = 0.0
    width = 2.0 * n_std * math.sqrt(lam_major)
    height = 2.0 * n_std * math.sqrt(lam_minor)
    return float(width), float(height), float(angle)
