"""Tied passes: one whitening per chunk shared by every component, with an error bound.

All components of a tied model share one precision Cholesky factor ``L``.  On a chunk centred on
its own mean ``c`` (``x~ = x - c``, ``mu~_k = mu_k - c``) the whitened difference splits as
``(x - mu_k) L = y - nu_k`` with ``y = x~ L`` (one product for the chunk) and ``nu_k = mu~_k L``,
and the squared distance expands as

    q_k(x) = |y|**2 - 2 y . nu_k + |nu_k|**2,

a ``(rows, d) x (d, d)`` product and a ``(rows, d) x (d, K)`` one instead of ``K`` whitened
differences.  The M-step needs no per-component differences either: because the
responsibilities of a sample sum to one, the pooled scatter about the component means is

    S = sum_k sum_n r_nk (x_n - m_k)(x_n - m_k)^T = x~^T x~ - sum_k N_k e_k e_k^T,

with ``e_k = m_k - c`` (one product for the chunk, and a ``K x d`` one for the correction).

**Error bound of the distances.**  With ``M_k = |nu_k|`` (the Mahalanobis distance of the chunk's
centre from component ``k``) and a sample that matters to ``k`` (``q <= 9 d``), ``|y|`` and
``|nu_k|`` are at most ``a = 2 M_k + 3 sqrt(d)``.  The expansion then rounds by at most
``gamma a**2`` (``gamma = (d + 4) eps``), and the products ``x~ L``, ``mu~ L`` move ``y - nu_k``
by at most ``gamma g a`` where ``g = || |L| ||_2 ||L^-1||_2`` (1 for a multiple of the identity,
the conditioning of the factor otherwise), which moves ``q`` by at most ``6 sqrt(d) gamma g a``.
A component whose bound ``gamma a (a + 6 sqrt(d) g)`` exceeds both ``MAX_ERROR`` and twice the
bound of the exact formulation itself (``18 d gamma g``: whitened differences ``(x - mu_k) L``
round like that too) takes, for that chunk, the exact whitened differences.

**Error of the scatter.**  ``x~^T x~`` holds the within-component scatter plus the between one,
``sum N e e^T``; subtracting the latter loses about ``eps`` times their ratio.  Where a feature's
between-component part exceeds ``MAX_PIVOT_RATIO`` times its pooled scatter plus ``N reg_covar``,
the chunk's scatter is formed from the differences ``x - m_k`` of every component instead.
"""

import numpy as np

from .expanded import MAX_ERROR
from .statistics import MAX_PIVOT_RATIO, ChunkStatistics, recentred_scatter

__all__ = ["factor_growth", "tied_distances", "tied_statistics"]

_EPS = float(np.finfo(np.float64).eps)


def factor_growth(precision_chol):
    """An upper bound of ``g = || |L| ||_2 ||L^-1||_2`` for a tied factor (module docstring).

    ``|| |L| ||_2`` is bounded by ``sqrt(||L||_1 ||L||_inf)`` (exact for a diagonal factor).

    Parameters
    ----------
    precision_chol : ndarray of shape (d, d), float64
    """
    L = np.asarray(precision_chol, dtype=np.float64)
    top = np.sqrt(np.linalg.norm(L, 1) * np.linalg.norm(L, np.inf))
    low = np.linalg.svd(L, compute_uv=False)[-1]
    return float(top / low) if low > 0 else np.inf


def _limit_a(d, growth):
    """The largest ``a`` with ``gamma a (a + 6 sqrt(d) g)`` within the allowed error.

    0 (every component exact) when ``g`` is not finite: a singular factor has no bound.
    """
    if not np.isfinite(growth):
        return 0.0
    gamma = (d + 4) * _EPS
    allowed = max(MAX_ERROR, 2.0 * 18.0 * d * gamma * growth) / gamma
    b = 6.0 * np.sqrt(d) * growth
    return (-b + np.sqrt(b * b + 4.0 * allowed)) / 2.0


def tied_distances(x, xc, y, c, means, precision_chol, growth, out):
    """Squared Mahalanobis distances of a chunk to every component of a tied model.

    Parameters
    ----------
    x : ndarray of shape (rows, d)
        The chunk (for the components that need exact differences).
    xc : ndarray of shape (rows, d), float64
        The chunk minus ``c`` (from :func:`~gmmlab.numerics.fast.expanded.centre_chunk`).
    y : ndarray of shape (rows, d), float64
        Buffer: receives ``xc @ L``.
    c : ndarray of shape (d,), float64
        The chunk's mean.
    means : ndarray of shape (K, d), float64
    precision_chol : ndarray of shape (d, d), float64
        The shared factor ``L``.
    growth : float
        :func:`factor_growth` of ``L``.
    out : ndarray of shape (K, rows), float64
        Receives the distances.

    Returns
    -------
    exact : list of int
        The components whose distances took exact differences in this chunk.
    """
    d = x.shape[1]
    L = precision_chol
    np.matmul(xc, L, out=y)
    nu = (means - c) @ L
    nu2 = np.einsum("kd,kd->k", nu, nu)
    np.matmul(nu, y.T, out=out)
    out *= -2.0
    out += np.einsum("nd,nd->n", y, y)
    out += nu2[:, None]
    np.maximum(out, 0.0, out=out)
    exact = np.flatnonzero(2.0 * np.sqrt(nu2) + 3.0 * np.sqrt(d) > _limit_a(d, growth))
    for k in exact:  # rare: a temporary for the differences
        np.matmul(x - means[k], L, out=y)
        np.einsum("nd,nd->n", y, y, out=out[k])
    return exact.tolist()


def tied_statistics(x, xc, c, resp, reg_covar, exact=(), reference=None):
    """Centred tied M-step statistics of a chunk: per-component weights and means, pooled scatter.

    Parameters
    ----------
    x : ndarray of shape (rows, d)
    xc : ndarray of shape (rows, d), float64
        The chunk minus its mean ``c``.
    c : ndarray of shape (d,), float64
    resp : ndarray of shape (K, rows), float64
        Responsibilities (each column sums to one).
    reg_covar : float
    exact : sequence of int
        The components whose distances took exact differences (counted as recomputed).
    reference : ndarray of shape (K, d), float64, or None
        The pass's reference point of the means (:class:`ChunkStatistics`); None: ``c``.

    Returns
    -------
    ChunkStatistics
    """
    out, e = ChunkStatistics.about_centre("tied", resp, xc, c, reference)  # e = m_k - c
    nk = out.nk
    between = (nk * e.T) @ e
    scatter = xc.T @ xc - between
    mean = c + e
    recompute = np.any(np.diagonal(between) > MAX_PIVOT_RATIO[np.dtype(np.float64)]
                       * (np.diagonal(scatter) + nk.sum() * reg_covar))
    if recompute:  # well separated components: scatter from each component's own mean
        scatter = sum(recentred_scatter(x, mean[k], resp[k], True, np.float64)
                      for k in np.flatnonzero(nk > 0))
    out.scatter, out.pairs = scatter, len(nk)
    out.recomputed = len(nk) if recompute else len(set(exact))
    return out
