"""Centred sufficient statistics of the M-step: per chunk, merged with Chan's pairwise update.

For each component ``k`` a chunk of samples contributes its weight ``N = sum_n r_nk``, its
weighted mean ``m = sum_n r_nk x_n / N`` and its scatter *about that mean*
``S = sum_n r_nk (x_n - m)(x_n - m)^T`` (the diagonal for diag, the trace for spherical, the sum
over components for tied). Two such summaries combine exactly (Chan, Golub and LeVeque):

    N = N_a + N_b,   delta = m_b - m_a,   m = m_a + delta N_b / N,
    S = S_a + S_b + delta delta^T N_a N_b / N.

No raw second moment ``sum r x x^T`` is ever formed, so nothing is lost when a tight cluster
sits far from the origin.  Inside a chunk the differences ``x - mu_k`` of the E-step (``mu_k``
the current mean) are reused: ``S = sum r (x - mu)(x - mu)^T - N e e^T`` with ``e = m - mu``.
That subtraction loses about ``eps N e^2`` in the scatter; where ``N e^2`` exceeds
``MAX_PIVOT_RATIO`` times ``S + N reg_covar`` (the scale of the covariance that will be
returned; the bound keeps the loss near 2e-10 relative in float64, 2e-6 in float32) the
component's chunk is recomputed from ``x - m`` directly.
"""

import numpy as np

from ..gaussian import COLLAPSE_ERROR, NARROW_FEATURES
from ..mstep import EPS_NK

__all__ = ["MAX_PIVOT_RATIO", "ChunkStatistics", "params_from_statistics", "recentred_scatter"]

MAX_PIVOT_RATIO = {np.dtype(np.float64): 2.0**20, np.dtype(np.float32): 16.0}
# Variances (relative to 1 + mean**2) below this are the responsibility floor's, not the data's.
_UNRESOLVED = 1e-200
_COLLAPSED = COLLAPSE_ERROR + (
    " (A component has collapsed onto identical samples: its variance is zero.)")


class ChunkStatistics:
    """``(N, m, S)`` per component, float64, for the samples seen so far (see module docstring).

    Parameters
    ----------
    n_components, n_features : int
    covariance_type : {"full", "tied", "diag", "spherical"}

    Attributes
    ----------
    nk : ndarray of shape (K,)
    reference, offset : ndarray of shape (K, d)
        The weighted mean is ``reference + offset``: ``reference`` is the same for every chunk
        of a pass (the means its E-step used), and ``offset`` is kept to the precision of the
        spread, so that merging chunks of data far from the origin loses nothing (a mean
        rounded to 1e9 is off by 6e-8, which Chan's ``delta delta^T`` term would carry into a
        variance of 1e-4 at 1e-6 relative).
    mean : ndarray of shape (K, d)
        ``reference + offset`` (rounded once, for the M-step).
    scatter : ndarray
        full (K, d, d), diag (K, d), spherical (K,) (summed over features), tied (d, d)
        (summed over components).
    pairs, recomputed : int
        (chunk, component) pairs seen, and how many of them left the direct path: statistics
        recomputed from the chunk's own mean here, and in the passes by products also exact
        differences in the E-step (:mod:`~gmmlab.numerics.fast.expanded`,
        :mod:`~gmmlab.numerics.fast.tied`).  The benchmark reports the share of the others.
    """

    def __init__(self, n_components, n_features, covariance_type):
        K, d = n_components, n_features
        self.kind = covariance_type
        self.pairs = self.recomputed = 0
        self.nk = np.zeros(K)
        self.reference, self.offset = np.zeros((2, K, d))
        self.scatter = {"full": np.zeros((K, d, d)), "tied": np.zeros((d, d)),
                        "diag": np.zeros((K, d)), "spherical": np.zeros(K)}[covariance_type]

    @property
    def mean(self):
        return self.reference + self.offset

    @classmethod
    def about_centre(cls, covariance_type, resp, xc, c, reference=None):
        """Weights and means of a chunk centred on ``c``; the caller adds ``scatter``.

        Parameters
        ----------
        covariance_type : {"full", "tied", "diag", "spherical"}
        resp : ndarray of shape (K, rows), float64
        xc : ndarray of shape (rows, d), float64
            The chunk minus ``c``.
        c : ndarray of shape (d,), float64
        reference : ndarray of shape (K, d), float64, or None
            The pass's reference point of the means; None: ``c``.

        Returns
        -------
        out : ChunkStatistics
            Without ``scatter``, ``pairs`` and ``recomputed``.
        e : ndarray of shape (K, d)
            The means minus ``c``.
        """
        out = cls.__new__(cls)
        out.kind = covariance_type
        out.nk = resp.sum(axis=1)
        e = (resp @ xc) / np.where(out.nk > 0, out.nk, 1.0)[:, None]
        out.reference = np.broadcast_to(c, e.shape) if reference is None else reference
        out.offset = e if reference is None else (c - reference) + e
        return out, e

    @classmethod
    def of_chunk(cls, X, means, precisions_chol, diff, work, resp, covariance_type,
                 reg_covar=0.0):
        """Statistics of one chunk, from the E-step's buffers.

        Parameters
        ----------
        X : ndarray of shape (rows, d)
        means : ndarray of shape (G, d), float64
            The means the E-step used, for a group of G components (or all K).
        precisions_chol : ndarray
            The group's factors the E-step used (in the pass's dtype, that of ``diff``).
        diff, work : ndarray of shape (G, rows, d)
            As left by :func:`gmmlab.numerics.gaussian.whitened_sq_distances` (overwritten).
        resp : ndarray of shape (G, rows)
            The group's responsibilities.
        covariance_type : {"full", "tied", "diag", "spherical"}
        reg_covar : float
            What the M-step will add to the variances (sets the accuracy that is needed).
        """
        out = cls.__new__(cls)
        dtype = diff.dtype
        out.kind = covariance_type
        nk = resp.sum(axis=1, dtype=np.float64)
        s1 = np.matmul(resp[:, None, :], diff)[:, 0, :].astype(np.float64)  # sum r (x - mu)
        safe = np.where(nk > 0, nk, 1.0)
        e = s1 / safe[:, None]  # m - mu
        if covariance_type in ("full", "tied") and diff.shape[2] > NARROW_FEATURES:
            np.multiply(diff, resp[:, :, None], out=work)  # one call (a third faster than K)
        elif covariance_type in ("full", "tied"):
            for k in range(len(nk)):  # per component and feature when few (subtract_means)
                for j in range(diff.shape[2]):
                    np.multiply(diff[k][:, j], resp[k], out=work[k][:, j])
        if covariance_type in ("full", "tied"):
            raw = np.matmul(work.transpose(0, 2, 1), diff).astype(np.float64)  # (K, d, d)
            var = np.diagonal(raw, axis1=1, axis2=2)
        else:
            # work holds the squared (whitened) differences: sum r (x - mu)**2 in one product
            raw = np.matmul(resp[:, None, :], work)[:, 0, :].astype(np.float64)
            if covariance_type == "diag":
                raw /= np.asarray(precisions_chol, dtype=np.float64) ** 2
            var = raw
        correction = nk[:, None] * e * e  # the diagonal of N e e^T
        with np.errstate(invalid="ignore"):
            ok = correction <= MAX_PIVOT_RATIO[dtype] * (var - correction
                                                           + nk[:, None] * reg_covar)
        bad = np.flatnonzero(~ok.all(axis=1) & (nk > 0))
        if covariance_type in ("full", "tied"):
            scatter = raw - nk[:, None, None] * (e[:, :, None] * e[:, None, :])
        else:
            scatter = raw - correction
        for k in bad:  # the current mean is far from this chunk's: differences from m itself
            scatter[k] = recentred_scatter(X, means[k] + e[k], resp[k], scatter.ndim == 3,
                                           dtype)
        out.pairs, out.recomputed = len(nk), len(bad)
        out.nk = nk
        out.reference, out.offset = np.asarray(means, dtype=np.float64), e
        if covariance_type == "tied":
            scatter = scatter.sum(axis=0)
        elif covariance_type == "spherical":
            scatter = scatter.sum(axis=1)
        out.scatter = scatter
        return out

    @classmethod
    def concatenate(cls, parts):
        """The statistics of the same samples for consecutive groups of components, as one.

        Parameters
        ----------
        parts : list of ChunkStatistics
            Each for one group of components (in order), from the same chunk.
        """
        if len(parts) == 1:
            return parts[0]
        out = cls.__new__(cls)
        out.kind = parts[0].kind
        out.nk = np.concatenate([q.nk for q in parts])
        out.reference = np.concatenate([q.reference for q in parts])
        out.offset = np.concatenate([q.offset for q in parts])
        out.scatter = (sum(q.scatter for q in parts) if out.kind == "tied"
                       else np.concatenate([q.scatter for q in parts]))
        out.pairs = sum(q.pairs for q in parts)
        out.recomputed = sum(q.recomputed for q in parts)
        return out

    def merge(self, other):
        """Add ``other``'s samples to these statistics, in place (Chan's update); returns self."""
        n = self.nk + other.nk
        safe = np.where(n > 0, n, 1.0)
        delta = (other.offset - self.offset) + (other.reference - self.reference)
        w = self.nk * other.nk / safe  # N_a N_b / N
        if self.kind == "full":
            self.scatter += other.scatter + w[:, None, None] * (delta[:, :, None] * delta[:, None, :])
        elif self.kind == "tied":
            self.scatter += other.scatter + (w * delta.T) @ delta
        elif self.kind == "diag":
            self.scatter += other.scatter + w[:, None] * delta**2
        else:
            self.scatter += other.scatter + w * (delta**2).sum(axis=1)
        self.offset = self.offset + delta * (other.nk / safe)[:, None]
        self.nk = n
        self.pairs += other.pairs
        self.recomputed += other.recomputed
        return self


def recentred_scatter(X, centre, resp, square, dtype):
    """``sum_n r_n (x_n - m)(x_n - m)^T`` (``square``) or its diagonal, from ``x - m`` itself.

    Parameters
    ----------
    X : ndarray of shape (rows, d)
    centre : ndarray of shape (d,), float64
        ``m``; split into ``hi + lo`` in ``dtype`` so that float32 keeps its digits.
    resp : ndarray of shape (rows,)
    square : bool
    dtype : numpy dtype of the pass

    Returns
    -------
    ndarray of shape (d, d) or (d,)
    """
    hi = centre.astype(dtype)
    dk = X - hi
    dk -= (centre - hi).astype(dtype)
    rk = resp[:, None] * dk
    return rk.T @ dk if square else (rk * dk).sum(axis=0)


def params_from_statistics(stats, covariance_type, reg_covar):
    """M-step from merged statistics, with scikit-learn's conventions (float64).

    scikit-learn divides by ``N_k + 10 eps``, for the means as well: its mean is
    ``N m / (N + 10 eps)``, and its scatter is taken about that mean, which adds
    ``N (m - mean)(m - mean)^T`` to ours.

    Parameters
    ----------
    stats : ChunkStatistics
    covariance_type : {"full", "tied", "diag", "spherical"}
    reg_covar : float

    Returns
    -------
    weights : ndarray of shape (K,)
    means : ndarray of shape (K, d)
    covariances : ndarray
        full (K, d, d), tied (d, d), diag (K, d) or spherical (K,).
    """
    nk_raw = stats.nk
    nk = nk_raw + EPS_NK
    means = stats.mean * (nk_raw / nk)[:, None]
    shift = stats.mean - means  # tiny: m * 10 eps / N
    d = means.shape[1]
    if covariance_type == "full":
        scatter = stats.scatter + nk_raw[:, None, None] * (shift[:, :, None] * shift[:, None, :])
        cov = scatter / nk[:, None, None] + reg_covar * np.eye(d)
    elif covariance_type == "tied":
        cov = (stats.scatter + (nk_raw * shift.T) @ shift) / nk.sum() + reg_covar * np.eye(d)
    elif covariance_type == "diag":
        cov = (stats.scatter + nk_raw[:, None] * shift**2) / nk[:, None] + reg_covar
    else:
        scatter = stats.scatter + nk_raw * (shift**2).sum(axis=1)
        cov = scatter / (d * nk) + reg_covar
    _check_resolved(cov, means, covariance_type)
    return nk / nk.sum(), means, cov


def _check_resolved(cov, means, covariance_type):
    """Raise scikit-learn's collapse error for a variance that only the floor could give.

    The passes floor every responsibility at ``exp(-600)`` (about 1e-261) of a sample's largest
    one, so a component that has collapsed onto identical samples (``reg_covar = 0``) keeps a
    variance of ~1e-258 from far samples instead of the exact zero it stands for.  A variance
    below ``_UNRESOLVED (1 + m**2)`` is treated as that zero.
    """
    if covariance_type in ("full", "tied"):
        var = np.diagonal(cov, axis1=-2, axis2=-1)
    else:
        var = cov if covariance_type == "diag" else cov[:, None]
    scale = 1.0 + means**2
    if covariance_type == "tied":
        scale = scale.max(axis=0)
    elif covariance_type == "spherical":
        scale = scale.mean(axis=1, keepdims=True)
    if np.any(var <= _UNRESOLVED * scale):
        raise ValueError(_COLLAPSED)
