"""Diagonal and spherical passes by matrix products on chunks centred once, with an error bound.

For a diagonal precision ``P_k = diag(p_k**2)`` the squared distance expands as

    q_k(x) = sum_j p_kj**2 (x_j - mu_kj)**2 = x~**2 . p_k**2 - 2 x~ . (p_k**2 mu~_k) + |mu~_k|_P**2

with ``x~ = x - c`` and ``mu~_k = mu_k - c`` for any centre ``c``: two matrix products per chunk
for all components at once (O(rows d K) flops in BLAS) instead of ``rows x K x d`` element-wise
differences.  Here ``c`` is the chunk's own mean, so nothing is lost to the data's offset.

**Error bound.**  Every term of the expansion is at most ``(|x~|_P + |mu~|_P)**2`` (Cauchy-Schwarz
in the norm ``|v|_P**2 = sum_j p_j**2 v_j**2``), and ``|x~|_P <= |mu~|_P + sqrt(q)``.  The
rounding of the products is therefore at most ``gamma (2 M_k + sqrt(q))**2`` with
``M_k = |mu~_k|_P`` (the Mahalanobis distance of the centre from the component) and
``gamma = (d + 4) eps``.  For the samples that matter to component ``k`` (``q <= 9 d``, beyond
which its responsibility is below ``exp(-4 d)`` of the nearest) that is at most
``gamma (2 M_k + 3 sqrt(d))**2``; where it exceeds ``MAX_ERROR`` (absolute, in units of ``q``),
the features that contribute most to ``M_k`` are taken out of the products for that component
and chunk, and added from exact differences ``x_j - mu_kj``, until the rest is within it.  Farther samples have a relative error of at most ``gamma (1 + 2 M_k / (3 sqrt d))**2``.

**Statistics.**  Per component ``N = sum r``, ``s1 = sum r x~``, ``s2 = sum r x~**2`` (again
products), the mean ``c + s1 / N`` and the scatter ``s2 - N m~**2`` about it, with the pivot test
of :mod:`~gmmlab.numerics.fast.statistics`: where the subtraction would lose more than about
2e-10 relative, that feature's scatter is recomputed from ``x - m``.  The pass runs in float64
even for float32 data (read chunk by chunk, no copy of X): in float32 the bound would trip
everywhere, and float32 differences cost more than float64 products.
"""

import numpy as np

from .statistics import MAX_PIVOT_RATIO, ChunkStatistics

__all__ = ["MAX_ERROR", "MIN_FEATURES", "centre_chunk", "chunk_centre", "expanded_distances",
           "expanded_statistics", "uses_products"]

#: Largest rounding error allowed in a squared distance near its component (absolute).
MAX_ERROR = 1e-8
_EPS = float(np.finfo(np.float64).eps)
#: Products from this many features on; at d = 2 column-by-column differences are faster.
MIN_FEATURES = 3


def uses_products(covariance_type, n_features):
    """Whether a pass uses products on centred chunks (always in float64).

    Diag and spherical passes from ``MIN_FEATURES`` on (this module), tied passes always
    (:mod:`~gmmlab.numerics.fast.tied`).
    """
    if covariance_type == "tied":
        return True
    return covariance_type in ("diag", "spherical") and n_features >= MIN_FEATURES


def chunk_centre(x):
    """The mean of a chunk's rows, float64, of shape (d,).

    Any centre near the data would do (the bounds are computed from the centre used, and the
    statistics add it back); the mean by a matrix-vector product is several times faster
    than NumPy's reduction over the rows when ``d`` is small.
    """
    if x.dtype == np.float64:
        return np.ones(len(x)) @ x / len(x)
    return x.mean(axis=0, dtype=np.float64)


def centre_chunk(x, xc, xc2):
    """Centre a chunk on its mean: ``xc = x - c`` and its squares; returns ``c`` (float64).

    Parameters
    ----------
    x : ndarray of shape (rows, d)
    xc : ndarray of shape (rows, d), float64
        Buffer: receives ``x - c``.
    xc2 : ndarray of shape (rows, d) or (rows, 1), float64
        Buffer: receives ``xc**2`` (diag), or its sums over the features (spherical: one
        column, half the memory of the pass).
    """
    c = chunk_centre(x)
    np.subtract(x, c, out=xc)
    if xc2.shape[1] == xc.shape[1]:
        np.multiply(xc, xc, out=xc2)
    else:
        np.einsum("nd,nd->n", xc, xc, out=xc2[:, 0])
    return c


def _precision_squares(precisions_chol, covariance_type, d):
    """``p_k**2`` for every component and feature: (K, d), float64."""
    pchol = np.asarray(precisions_chol, dtype=np.float64)
    if covariance_type == "diag":
        return pchol**2
    return np.repeat((pchol**2)[:, None], d, axis=1)


def _max_m2(d):
    """The largest ``M**2`` whose bound ``(d + 4) eps (2 M + 3 sqrt(d))**2`` is within MAX_ERROR."""
    top = (np.sqrt(MAX_ERROR / ((d + 4) * _EPS)) - 3.0 * np.sqrt(d)) / 2.0
    return top * top if top > 0 else -1.0


def expanded_distances(x, xc, xc2, c, means, precisions_chol, covariance_type, out, tmp):
    """Squared Mahalanobis distances of a centred chunk to every diag or spherical component.

    A diag component whose bound trips keeps the products for all but the features that
    contribute most to its ``M_k**2`` (the fewest that bring the rest within the bound, often
    one or two: a pixel that is constant within the component); those features are added from
    exact differences ``x_j - mu_kj``.  A spherical one (whose products use the row sums of the
    squares) takes exact differences for all its features.

    Parameters
    ----------
    x : ndarray of shape (rows, d)
        The chunk (for the exact features).
    xc, xc2, c
        As from :func:`centre_chunk` (``xc2`` with one column for spherical).
    means : ndarray of shape (K, d), float64
    precisions_chol : ndarray of shape (K, d) (diag) or (K,) (spherical), float64
    covariance_type : {"diag", "spherical"}
    out, tmp : ndarray of shape (K, rows), float64
        ``out`` receives the distances; ``tmp`` is a buffer.

    Returns
    -------
    exact : list of int
        The components that needed exact differences for some features in this chunk.
    """
    d = x.shape[1]
    spherical = xc2.shape[1] != d  # row sums of squares (centre_chunk)
    p2 = _precision_squares(precisions_chol, covariance_type, d)
    mu = means - c
    pm = p2 * mu
    contrib = pm * mu  # each feature's share of M_k**2 = |mu~_k|_P**2
    m2 = contrib.sum(axis=1)
    limit = _max_m2(d)
    splits = []
    for k in np.flatnonzero(m2 > limit):
        order = np.argsort(contrib[k])[::-1]
        rest = m2[k] - np.cumsum(contrib[k][order])
        within = np.flatnonzero(rest <= limit)
        cols = order[: within[0] + 1] if within.size and not spherical else order
        p2[k, cols] = pm[k, cols] = 0.0
        splits.append((k, np.sort(cols)))
    if splits:
        m2 = np.einsum("kd,kd->k", pm, mu)
    np.matmul(p2[:, :1] if spherical else p2, xc2.T, out=out)
    np.matmul(pm, xc.T, out=tmp)
    tmp *= 2.0
    out -= tmp
    out += m2[:, None]
    np.maximum(out, 0.0, out=out)
    for k, cols in splits:
        p = np.sqrt(_precision_squares(precisions_chol[k : k + 1], covariance_type, d)[0, cols])
        diff = x[:, cols] - means[k, cols]
        diff *= p
        out[k] += np.einsum("nd,nd->n", diff, diff)
    return [k for k, _ in splits]


def expanded_statistics(x, xc, xc2, c, resp, covariance_type, reg_covar, exact=(),
                        reference=None):
    """Centred M-step statistics of a chunk from products with its centred values.

    Parameters
    ----------
    x : ndarray of shape (rows, d)
    xc, xc2, c
        As from :func:`centre_chunk` (``xc2`` with one column for spherical).
    resp : ndarray of shape (K, rows), float64
    covariance_type : {"diag", "spherical"}
    reg_covar : float
    exact : sequence of int
        The components whose distances needed exact differences (counted as recomputed).
    reference : ndarray of shape (K, d), float64, or None
        The pass's reference point of the means (:class:`ChunkStatistics`); None: ``c``.

    Returns
    -------
    ChunkStatistics
    """
    out, e = ChunkStatistics.about_centre(covariance_type, resp, xc, c, reference)  # m - c
    nk = out.nk
    d = xc.shape[1]
    raw = resp @ xc2  # (K, d), or (K, 1) for spherical: summed over the features
    correction = nk[:, None] * e * e
    if raw.shape[1] != d:
        correction = correction.sum(axis=1, keepdims=True)
    with np.errstate(invalid="ignore"):
        ok = correction <= MAX_PIVOT_RATIO[np.dtype(np.float64)] * (
            raw - correction + nk[:, None] * reg_covar * (d if raw.shape[1] != d else 1))
    scatter = raw - correction
    bad = ~ok & (nk > 0)[:, None]  # (component, feature) pairs to recompute from x - m
    mean = c + e
    rows = np.flatnonzero(bad.any(axis=1))
    for k in rows:
        cols = np.flatnonzero(bad[k]) if raw.shape[1] == d else slice(None)
        diff = x[:, cols] - mean[k, cols]
        part = resp[k] @ (diff * diff)
        scatter[k, cols if raw.shape[1] == d else 0] = part if raw.shape[1] == d else part.sum()
    out.pairs, out.recomputed = len(nk), len(set(rows) | set(exact))
    out.scatter = scatter.sum(axis=1) if covariance_type == "spherical" else scatter
    return out
