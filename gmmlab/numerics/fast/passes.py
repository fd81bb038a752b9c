"""One EM iteration in a single chunked, multi-threaded pass over the data.

``em_pass`` is what ``GaussianMixture`` runs, for fitting and for predictions.  The samples are
cut into *chunks* of equal length and consecutive chunks into *blocks* (:func:`layout`: a
function of ``(n, d, K)`` only, never of the number of cores).  Each chunk gets its
log-densities, its responsibilities and at once its centred M-step statistics
(:class:`~gmmlab.numerics.fast.statistics.ChunkStatistics`) by one of two formulations:

* **by products on the chunk centred on its own mean**, with an error bound and exact
  differences where the bound trips: tied models (:mod:`~gmmlab.numerics.fast.tied`: one
  whitening shared by every component) and diag and spherical ones from three features on
  (:mod:`~gmmlab.numerics.fast.expanded`); always in float64;
* **by whitened differences** ``(x - mu_k) L_k`` (full models, and diag and spherical ones on
  one or two features; :func:`gmmlab.numerics.gaussian.whitened_sq_distances`, the formulation
  of the reference E-step), component *groups* at a time (:func:`group_size`: all at once on
  large data, fewer on small data, so that the ``(group, rows, d)`` buffers never outweigh the
  data).

Blocks run on a pool of threads (NumPy releases the GIL in its loops and in BLAS); chunk results
are combined in chunk order inside a block and blocks in block order, so a fit gives the same
bits on any machine and with any number of threads.  No ``(n, K)`` array is stored during a fit.
"""

import contextlib
import math
import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from ..gaussian import log_det_cholesky, subtract_means, whitened_sq_distances
from .expanded import (
    centre_chunk,
    chunk_centre,
    expanded_distances,
    expanded_statistics,
    uses_products,
)
from .precision import pass_dtype, split_means
from .statistics import ChunkStatistics
from .tied import factor_growth, tied_distances, tied_statistics

__all__ = ["CHUNKS_PER_BLOCK", "blas_limited", "chunk_rows", "em_pass", "group_size", "layout"]

# Temporaries of one chunk, (K, rows, d), hold about this many numbers (~1 MB in float64).
_CHUNK_NUMBERS = 1 << 17
_MIN_ROWS, _MAX_ROWS = 64, 8192
_EXPANDED_NUMBERS, _EXPANDED_MIN_ROWS = 1 << 15, 1024
CHUNKS_PER_BLOCK = 4
# Below this many numbers in (K, n, d), one thread does everything (no pool, no BLAS limits).
# Measured on two cores: one thread is faster up to digits (1797 x 64 x 10 = 1.2e6) and d = 2
# at n = 1e5 (1e6); two threads from (1e5, 8, 8) (6.4e6) and the photo's pixels (6.6e6) on.
_PARALLEL_WORK = 1 << 21
# Below this many, broadcasting ufuncs get buffers of _SMALL_UFUNC_BUFFER elements (NumPy's
# default, 8192, is 64 kB in float64: more than all of Iris).
_SMALL_WORK = 1 << 19
# From this many, a pass on one thread also keeps BLAS to one thread (below it the products
# are too small for BLAS to split, and the limit's cost, ~40 us, would dominate).
_BLAS_WORK = 1 << 14
# Data are cut into one chunk per _SPLIT_ROWS samples at least, up to four: a pass by products
# then holds buffers of at most half to one times the data (about scikit-learn's temporaries),
# and small data are not cut into chunks whose fixed cost outweighs their work (digits: two).
_SPLIT_ROWS = 1024
_SMALL_UFUNC_BUFFER = 256
# Exponents are floored here before exp: exp(-600) ~ 1e-261 (float64), exp(-80) ~ 2e-35
# (float32) instead of a subnormal number, on which arithmetic is ~100x slower on x86.
_LOG_FLOOR = {np.dtype(np.float64): -600.0, np.dtype(np.float32): -80.0}

#: Threads of the pool (None: one per core).  The results do not depend on it.
n_threads = None

_POOL = None
_CONTROLLER = None
_LIMITED = False


def _pool():
    global _POOL
    size = n_threads or os.cpu_count() or 1
    if _POOL is None or _POOL._max_workers != size:
        _POOL = ThreadPoolExecutor(max_workers=size)
    return _POOL


def _forget_pool():
    # Threads do not survive fork(): a forked child (multiprocessing workers) builds its own.
    global _POOL
    _POOL = None


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_pool)


@contextlib.contextmanager
def blas_limited():
    """Context manager keeping BLAS to one thread while our own pool uses the cores.

    threadpoolctl's scan of the loaded libraries (tens of milliseconds) is done once per
    process; an entry then costs a fraction of a millisecond, and a nested one nothing.
    """
    global _CONTROLLER, _LIMITED
    if _LIMITED:
        yield
        return
    if _CONTROLLER is None:
        from threadpoolctl import ThreadpoolController

        _CONTROLLER = ThreadpoolController()
    with _CONTROLLER.limit(limits=1, user_api="blas"):
        _LIMITED = True
        try:
            yield
        finally:
            _LIMITED = False


def chunk_rows(n_features, n_components, expanded=False):
    """Samples per chunk: a function of the shape of the problem only (never of the machine).

    ``expanded`` passes (diag and spherical in float64, :mod:`~gmmlab.numerics.fast.expanded`)
    have no ``(K, rows, d)`` buffers and take longer chunks: ``2**15 / d`` rows, at least 1024.
    """
    if expanded:
        return int(min(_MAX_ROWS, max(_EXPANDED_MIN_ROWS, _EXPANDED_NUMBERS // n_features)))
    return int(min(_MAX_ROWS, max(_MIN_ROWS, _CHUNK_NUMBERS // (n_features * n_components))))


def layout(n_samples, n_features, n_components, expanded=False):
    """Rows per chunk and chunks per block of a pass: functions of the problem's shape only.

    The samples are cut into the fewest chunks of at most :func:`chunk_rows` rows, all of the
    same length (give or take one row), at least one per ``_SPLIT_ROWS`` samples up to four, and
    four when the work is large enough for threads; a block holds up to ``CHUNKS_PER_BLOCK`` of them and there are two blocks or more
    whenever there are two chunks or more (so that two cores share small data too).

    Returns
    -------
    rows, chunks_per_block : int
    """
    n = max(int(n_samples), 1)
    chunks = -(-n // chunk_rows(n_features, n_components, expanded))
    chunks = max(chunks, min(4, -(-n // _SPLIT_ROWS)))
    if n * n_features * n_components >= _PARALLEL_WORK:
        chunks = max(chunks, min(4, n))
    rows = -(-n // chunks)
    chunks = -(-n // rows)
    return rows, int(min(CHUNKS_PER_BLOCK, max(1, -(-chunks // 2))))


def group_size(n_samples, n_features, n_components):
    """Components per group: as many as keep one thread's two buffers within the data's size.

    A group's two ``(group, rows, d)`` buffers may hold at most a quarter of ``n (d + K)``
    numbers (the data and one ``(n, K)`` array, about what scikit-learn holds).  On large data
    that is every component (one group: the E-step's buffers serve the M-step statistics
    directly); on small data (Iris, digits) fewer, down to one at a time, and each group's
    differences are formed again for its statistics.  Depends on the shape only.
    """
    rows = layout(n_samples, n_features, n_components)[0]
    budget = n_samples * (n_features + n_components) // (8 * rows * n_features)
    return int(min(n_components, max(1, budget)))


class _Parameters:
    """The current parameters in the pass's dtype, and each component's log constant.

    ``means64`` are the float64 means, ``means`` + ``means_lo`` their split in the pass's dtype
    (:func:`~gmmlab.numerics.fast.precision.split_means`).  ``reference`` (float64) is what the
    E-step's differences are taken from, and so the reference point of the statistics: the
    means, or for full and tied passes with a split, ``means`` alone (the rest is folded into
    the distances, :func:`~gmmlab.numerics.gaussian.whitened_sq_distances`).
    """

    def __init__(self, weights, means, precisions_chol, covariance_type, dtype):
        d = means.shape[1]
        self.kind, self.K, self.dtype = covariance_type, means.shape[0], dtype
        self.means64 = np.asarray(means, dtype=np.float64)
        self.means, self.means_lo = split_means(self.means64, precisions_chol, covariance_type,
                                                dtype)
        self.pchol = np.ascontiguousarray(precisions_chol, dtype=dtype)
        self.fold = self.means_lo is not None and covariance_type in ("full", "tied")
        self.reference = self.means.astype(np.float64) if self.fold else self.means64
        log_det = log_det_cholesky(np.asarray(precisions_chol, dtype=np.float64),
                                   covariance_type, d)
        with np.errstate(divide="ignore"):
            const = np.log(np.asarray(weights, dtype=np.float64)) + log_det
        self.const = (const - 0.5 * d * math.log(2 * math.pi)).astype(dtype)[:, None]
        self.floor = _LOG_FLOOR[np.dtype(dtype)]
        # tied passes, and diag and spherical ones from d = 3 on: products on centred chunks
        # (fast.tied, fast.expanded)
        self.expanded = uses_products(covariance_type, d) and dtype == np.float64
        self.growth = factor_growth(self.pchol) if self.expanded and self.kind == "tied" else None

    def distances(self, x, group, diff, work, out, differences_only=False):
        """Squared distances of the chunk ``x`` to the components ``group`` (a slice).

        With ``differences_only`` just ``diff = x - reference`` (what full and tied statistics
        use).  Returns the group's precision Cholesky factors.
        """
        pchol = self.pchol if self.kind == "tied" else self.pchol[group]
        size = group.stop - group.start
        lo = None if self.means_lo is None else self.means_lo[group]
        if differences_only:
            subtract_means(x, self.means[group], diff[:size])
            if lo is not None and not self.fold:
                subtract_means(diff[:size], lo, diff[:size])
            return pchol
        whitened_sq_distances(x, self.means[group], pchol, self.kind, diff[:size],
                              work[:size], out, lo)
        return pchol


class _Buffers:
    """One thread's work arrays, for chunks of up to ``rows`` samples (see :func:`em_pass`).

    ``diff``, ``work``: (group, rows, d) differences and whitened differences (passes by
    differences); ``logp``: (K, rows) log-densities, then responsibilities; ``scratch``:
    (K or group, rows); ``xc``, ``aux``: float64 for passes by products, the centred chunk and
    its squares (diag), their sums (spherical, one column) or its whitening (tied).
    """

    def __init__(self, p, rows, d, size, n_groups):
        dtype = p.dtype
        self.diff, self.work = np.empty((2, 0 if p.expanded else size, rows, d), dtype=dtype)
        self.logp = np.empty((p.K, rows), dtype=dtype)
        self.scratch = np.empty((p.K if p.expanded else size if n_groups > 1 else 0, rows), dtype)
        # the centred chunk, and its squares (diag), their row sums (spherical) or its whitening
        self.xc, self.aux = (np.empty((rows if p.expanded else 0, width))
                             for width in (d, 1 if p.kind == "spherical" else d))

    def view(self, rows):
        """The buffers cut to a chunk of ``rows`` samples."""
        return (self.diff[:, :rows], self.work[:, :rows], self.logp[:, :rows],
                self.scratch[:, :rows], (self.xc[:rows], self.aux[:rows]))


def _products_distances(x, p, centred, logp, scratch):
    """Distances by products on the centred chunk; returns (centre, exact components)."""
    xc, aux = centred
    if p.kind == "tied":
        c = chunk_centre(x)
        np.subtract(x, c, out=xc)
        return c, tied_distances(x, xc, aux, c, p.means64, p.pchol, p.growth, logp)
    c = centre_chunk(x, xc, aux)
    return c, expanded_distances(x, xc, aux, c, p.means64, p.pchol, p.kind, logp, scratch)


def _chunk(X, p, a, b, want_stats, outputs, buffers, reg_covar, groups):
    """E-step of samples a:b and their statistics; returns (log-likelihood, stats or None)."""
    resp_out, logprob_out, labels_out = outputs
    x = X[a:b]
    diff, work, logp, scratch, centred = buffers.view(b - a)
    if p.expanded:
        c, exact = _products_distances(x, p, centred, logp, scratch)
    else:
        for g in groups:
            p.distances(x, g, diff, work, logp[g])
    logp *= -0.5
    logp += p.const  # log pi_k + log N(x | mu_k, S_k), shape (K, rows)
    if labels_out is not None:
        labels_out[a:b] = logp.argmax(axis=0)
    # Normalise with one exponential per entry: r = exp(l - top) / sum, log p(x) = top + log sum
    top = logp.max(axis=0)
    logp -= top
    np.maximum(logp, p.floor, out=logp)
    np.exp(logp, out=logp)
    total = logp.sum(axis=0)
    logp /= total
    log_px = np.log(total)
    log_px += top
    if logprob_out is not None:
        logprob_out[a:b] = log_px
    if resp_out is not None:
        resp_out[a:b] = logp.T
    ll = float(log_px.sum(dtype=np.float64))
    if not want_stats:
        return ll, None
    if p.expanded and p.kind == "tied":
        return ll, tied_statistics(x, centred[0], c, logp, reg_covar, exact, p.reference)
    if p.expanded:
        return ll, expanded_statistics(x, centred[0], centred[1], c, logp, p.kind, reg_covar,
                                       exact, p.reference)
    parts = []
    for g in groups:
        size = g.stop - g.start
        pchol = (p.distances(x, g, diff, work, scratch[:size], p.kind in ("full", "tied"))
                 if len(groups) > 1 else p.pchol)
        parts.append(ChunkStatistics.of_chunk(x, p.reference[g], pchol, diff[:size],
                                              work[:size], logp[g], p.kind, reg_covar))
    return ll, ChunkStatistics.concatenate(parts)


def em_pass(X, weights, means, precisions_chol, covariance_type, *, want_stats=True,
            resp_out=None, logprob_out=None, labels_out=None, reg_covar=0.0):
    """One sweep over ``X``: E-step, total log-likelihood and centred M-step statistics.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features), float64 or float32
        Computed in its dtype, except a float32 pass that would not be accurate in float32
        (:func:`~gmmlab.numerics.fast.precision.pass_dtype`: it runs in float64, reading X
        chunk by chunk); the statistics are combined in float64.
    weights, means, precisions_chol, covariance_type
        Current parameters (as for :func:`gmmlab.numerics.e_step`).
    want_stats : bool
        Also return the M-step statistics.
    resp_out : ndarray of shape (n_samples, n_components) or None
        If given, the responsibilities are written there.
    logprob_out : ndarray of shape (n_samples,) or None
        If given, ``log p(x_n)`` is written there.
    labels_out : ndarray of shape (n_samples,), integer, or None
        If given, the most probable component of each sample is written there.
    reg_covar : float
        What the M-step adds to the variances; the statistics are accurate relative to the
        covariances it will return.

    Returns
    -------
    log_likelihood : float
        Total log-likelihood of the current parameters.
    stats : ChunkStatistics or None
        Per-component weight, mean and scatter (see :func:`params_from_statistics`).
    """
    n, d = X.shape
    dtype = pass_dtype(X.dtype, precisions_chol, covariance_type, d)
    p = _Parameters(weights, means, precisions_chol, covariance_type, dtype)
    rows, per_block = layout(n, d, p.K, p.expanded)
    size = 1 if p.expanded else group_size(n, d, p.K)
    groups = [slice(g, min(g + size, p.K)) for g in range(0, p.K, size)]
    block = rows * per_block
    outputs = (resp_out, logprob_out, labels_out)

    def work(start):
        stop = min(start + block, n)
        lls, stats = [], None
        buffers = _Buffers(p, min(rows, n), d, size, len(groups))
        # NumPy settings live in a context of the thread: set them in each worker thread
        with np.errstate(under="ignore", over="ignore"):
            if n * d * p.K < _SMALL_WORK:
                np.setbufsize(_SMALL_UFUNC_BUFFER)  # restored on leaving the errstate context
            for a in range(start, stop, rows):
                ll, s = _chunk(X, p, a, min(a + rows, stop), want_stats, outputs, buffers,
                               reg_covar, groups)
                lls.append(ll)
                if want_stats:
                    stats = s if stats is None else stats.merge(s)
        return lls, stats

    starts = range(0, n, block)
    if len(starts) == 1 or n * d * p.K < _PARALLEL_WORK:
        # one thread; BLAS limited to one too unless the work is tiny (a one-row prediction),
        # so that a product's rounding never depends on how many threads BLAS would take
        limit = blas_limited() if n * d * p.K >= _BLAS_WORK else contextlib.nullcontext()
        with limit:
            parts = [work(s) for s in starts]
    else:
        with blas_limited():  # our threads share the cores; BLAS must not add its own
            parts = list(_pool().map(work, starts))  # results in block order
    ll = math.fsum(x for part in parts for x in part[0])
    if not want_stats:
        return ll, None
    stats = parts[0][1]
    for part in parts[1:]:
        stats.merge(part[1])
    return ll, stats
