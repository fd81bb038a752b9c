"""A Gaussian mixture's log-densities as ONE matrix product: features of x times coefficients.

For every covariance type, ``log pi_k + log N(x | mu_k, S_k)`` is a quadratic function of x, so
it is a *linear* function of the right features of x.  Write ``y = (x - shift, 1)`` (the shifted
sample with a constant 1 appended, ``D = d + 1`` numbers).  Then

    log pi_k + log N(x | mu_k, S_k) = y^T Q_k y     with     Q_k = [[-P_k / 2,  P_k m_k / 2],
                                                                    [m_k^T P_k / 2,      c_k]]

where ``P_k`` is the precision matrix, ``m_k = mu_k - shift`` and ``c_k`` collects the constants.
Since ``y^T Q y = sum_{a <= b} (2 - [a == b]) Q_ab y_a y_b``, the features are the products
``y_a y_b`` for ``a <= b`` and the coefficients are the matching entries of ``Q_k``:

* **E-step**: the log-densities of a block of samples under all K components are the single
  matrix product ``W @ F`` (K x width times width x samples), which BLAS runs at full speed;
* **M-step**: the sums ``sum_n r_nk y_n y_n^T``, i.e. ``N_k``, ``sum r x`` and ``sum r x x^T``
  all at once, are the single product ``F @ R^T`` with the responsibilities ``R``.

``diag``, ``spherical`` and ``tied`` need fewer features: ``(x, x**2, 1)``, ``(x, |x|^2, 1)`` and
``(x, 1)`` (for ``tied`` the term ``-x^T P x / 2`` is the same for every component; it cancels
in the responsibilities and is added once per sample to ``log p(x)``).

Features are stored *feature-major*, shape ``(width, samples)``: every element-wise operation then
runs along the long, contiguous sample axis.
"""

import math

import numpy as np
from numpy.lib.stride_tricks import as_strided

from ..gaussian import log_det_cholesky

__all__ = ["NaturalParameters", "circulant_pairs"]


def circulant_pairs(D):
    """Every unordered pair ``{a, b}`` of ``0..D-1`` (``a == b`` included), in circulant order.

    Pairs come in *diagonals*: diagonal ``s`` holds ``(a, (a + s) mod D)`` for every ``a``.
    Diagonals ``0 .. (D - 1) // 2`` are complete; when ``D`` is even, diagonal ``D / 2`` would
    list each pair twice, so only its first half is kept.  Together that is each of the
    ``D (D + 1) / 2`` pairs exactly once.

    Why this order: diagonal ``s`` of the products ``y_a y_b`` is ``y * roll(y, -s)``, so all the
    complete diagonals are ONE broadcast multiplication (see :meth:`NaturalParameters.features`)
    instead of a Python loop of ``D`` small ones.

    Returns
    -------
    a, b : ndarray of shape (D (D + 1) / 2,)
    """
    n_diag = (D + 1) // 2  # complete diagonals
    a = np.tile(np.arange(D), n_diag)
    b = (a + np.repeat(np.arange(n_diag), D)) % D
    if D % 2 == 0:
        half = np.arange(D // 2)
        a, b = np.concatenate([a, half]), np.concatenate([b, half + D // 2])
    return a, b


class Workspace:
    """Buffers for one chunk of ``n_tiles * tile`` samples, stored as ``n_tiles`` tiles.

    ``xc`` (n_tiles, d, tile) is where the caller writes ``x - shift`` (sample ``j * tile + i``
    of the chunk in tile ``j``, column ``i``); ``F`` (n_tiles, width, tile) receives the features,
    ``logp`` (n_tiles, K, tile) the log-densities, ``resp`` (n_tiles, tile, K) the
    responsibilities in sample-major order and ``sums`` (n_tiles, width, K) the M-step sums of
    each tile (those two only ``with_sums``).  Each tile is contiguous, so the matrix products
    run tile by tile on small, cache-resident operands (see ``tile_size``).
    """

    def __init__(self, params, n_tiles, tile, with_sums=True):
        d, width = params.d, params.width
        self.rows = n_tiles * tile
        self.F = F = np.empty((n_tiles, width, tile))
        self.logp = np.empty((n_tiles, params.K, tile))
        if with_sums:
            self.resp = np.empty((n_tiles, tile, params.K))
            self.sums = np.empty((n_tiles, width, params.K))
        # The recipe for the features, as (source, destination) copies and (a, b, out)
        # products on views of these buffers, prepared once: per chunk it is 1 to 3 calls.
        self.copies, self.products = [], []
        if params.kind == "full":
            D, wrap = d + 1, params.wrap
            # y = (xc, 1) followed by a copy of its first rows, so that roll(y, -s) is a view
            self.y = y = np.empty((n_tiles, D + wrap, tile))
            y[:, d] = 1.0
            self.xc = y[:, :d]
            self.copies.append((y[:, :wrap], y[:, D:]))
            # A read-only view with V[:, s] = y[:, s : s + D] (overlapping rows: nothing copied).
            s_tile, s_row, s_col = y.strides
            V = as_strided(y, shape=(n_tiles, params.n_diag, D, tile),
                           strides=(s_tile, s_row, s_row, s_col), writeable=False)
            done = params.n_diag * D
            out = np.reshape(F[:, :done], (n_tiles, params.n_diag, D, tile), copy=False)
            # diagonal s of the products is y_a * y_(a+s): every complete diagonal in one call
            self.products.append((y[:, None, :D], V, out))
            if D % 2 == 0:  # half of diagonal D / 2
                self.products.append((y[:, : D // 2], y[:, D // 2 : D], F[:, done:]))
        else:
            F[:, width - 1] = 1.0  # the constant feature is the last row
            self.xc = F[:, :d]
            if params.kind == "diag":
                self.products.append((self.xc, self.xc, F[:, d : 2 * d]))


class NaturalParameters:
    """Mixture parameters rewritten as coefficients of features (see the module docstring).

    Parameters
    ----------
    weights : ndarray of shape (n_components,)
    means : ndarray of shape (n_components, n_features)
    precisions_chol : ndarray
        full (K, d, d), tied (d, d), diag (K, d) or spherical (K,).
    covariance_type : {"full", "tied", "diag", "spherical"}
    shift : ndarray of shape (n_features,)
        Origin of the features (near the data centre keeps the expanded forms accurate).

    Attributes
    ----------
    W : ndarray of shape (n_components, width)
        Coefficients: the log-densities of a block are ``W @ F``.
    width : int
        Number of features.
    max_trace : float
        Largest trace of a precision matrix (bounds the size of the quadratic terms).
    """

    def __init__(self, weights, means, precisions_chol, covariance_type, shift):
        K, d = means.shape
        self.kind, self.K, self.d = covariance_type, K, d
        mc = means - shift  # means in shifted coordinates
        with np.errstate(divide="ignore"):
            const = (
                np.log(weights)
                + log_det_cholesky(precisions_chol, covariance_type, d)
                - 0.5 * d * math.log(2 * math.pi)
            )
        if covariance_type in ("full", "tied"):
            P = precisions_chol @ np.swapaxes(precisions_chol, -1, -2)  # precision matrices
        else:
            P = precisions_chol**2  # (K, d) diag, (K,) spherical
        if covariance_type == "full":
            lin = np.einsum("kde,ke->kd", P, mc)  # P_k m_k
            const = const - 0.5 * (lin * mc).sum(axis=1)
            D = d + 1
            Q = np.empty((K, D, D))
            Q[:, :d, :d] = -0.5 * P
            Q[:, :d, d] = Q[:, d, :d] = 0.5 * lin
            Q[:, d, d] = const
            self.pair_a, self.pair_b = circulant_pairs(D)
            off_diagonal = self.pair_a != self.pair_b
            W = Q[:, self.pair_a, self.pair_b] * np.where(off_diagonal, 2.0, 1.0)
            self.n_diag, self.wrap = (D + 1) // 2, (D - 1) // 2
            self.max_trace = float(np.trace(P, axis1=1, axis2=2).max())
        elif covariance_type == "tied":
            lin = mc @ P  # P is symmetric
            const = const - 0.5 * (lin * mc).sum(axis=1)
            W = np.column_stack([lin, const])
            self.L = precisions_chol  # for the shared term -|L^T xc|^2 / 2
            self.max_trace = float(np.trace(P))
        elif covariance_type == "diag":
            lin = P * mc
            const = const - 0.5 * (lin * mc).sum(axis=1)
            W = np.column_stack([lin, -0.5 * P, const])
            self.max_trace = float(P.sum(axis=1).max())
        else:
            lin = P[:, None] * mc
            const = const - 0.5 * (lin * mc).sum(axis=1)
            W = np.column_stack([lin, -0.5 * P, const])
            self.max_trace = float(d * P.max())
        self.W = np.ascontiguousarray(W)
        self.width = self.W.shape[1]

    def tile_size(self):
        """Samples per tile: small enough that ``W @ F_tile`` costs at most ~1e6 multiply-adds.

        OpenBLAS multiplies matrices that small with dedicated kernels that skip its copying
        ("packing") step; our products are thin (K rows), and for them this is about 1.5x
        faster than one large product on the machine this was tuned on.  Other BLAS libraries
        lose nothing measurable.
        """
        return int(max(32, 1_000_000 // (self.K * self.width)))

    def workspace(self, n_tiles, tile, with_sums=True):
        """Fresh buffers for ``n_tiles`` tiles of ``tile`` samples (a :class:`Workspace`)."""
        return Workspace(self, n_tiles, tile, with_sums)

    def features(self, ws):
        """Fill ``ws.F`` from ``ws.xc``; returns ``ws.F``, shape (n_tiles, width, tile)."""
        for source, destination in ws.copies:
            np.copyto(destination, source)
        for a, b, out in ws.products:
            np.multiply(a, b, out=out)
        if self.kind == "spherical":
            np.einsum("jdn,jdn->jn", ws.xc, ws.xc, out=ws.F[:, self.d])
        return ws.F

    def statistics(self, sums):
        """Split the M-step sums ``sum_n r_nk F(x_n)`` into named sufficient statistics.

        Parameters
        ----------
        sums : ndarray of shape (n_components, width)

        Returns
        -------
        nk_raw : ndarray of shape (n_components,)
            ``sum_n r_nk``.
        s1 : ndarray of shape (n_components, n_features)
            ``sum_n r_nk xc_n``.
        s2 : ndarray or None
            ``sum_n r_nk xc_n xc_n^T`` (full, (K, d, d)), ``sum r xc**2`` (diag, (K, d)),
            ``sum r |xc|^2`` (spherical, (K,)) or None (tied).
        """
        d = self.d
        if self.kind == "full":
            D = d + 1
            M = np.empty((self.K, D, D))  # sum_n r_nk y_n y_n^T, from its pairs
            M[:, self.pair_a, self.pair_b] = sums
            M[:, self.pair_b, self.pair_a] = sums
            return M[:, d, d].copy(), M[:, :d, d].copy(), M[:, :d, :d].copy()
        s2 = {"tied": None, "diag": sums[:, d : 2 * d], "spherical": sums[:, d]}[self.kind]
        return sums[:, -1].copy(), sums[:, :d].copy(), s2

    def expanded_form_error(self, max_sq_norm):
        """Bound on the round-off of ``W @ F`` in log-density units: ``~ eps |xc|^2 trace(P)``.

        Large only when a very tight component lives far from the data centre (for example
        duplicated points scaled by 1e6); the caller then uses the direct reference formulas.
        """
        return 2.0 * np.finfo(np.float64).eps * max_sq_norm * self.max_trace
