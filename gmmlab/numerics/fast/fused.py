"""One EM iteration in a single chunked, multi-threaded pass over the data.

``fused_pass`` is what ``GaussianMixture.fit`` runs.  It walks over the samples in chunks, on a
pool of threads, and for each chunk computes the log-densities (one matrix product, see
:mod:`gmmlab.numerics.fast.quadratic_forms`), the responsibilities, *and* immediately reduces them to the M-step's
sufficient statistics (``N_k = sum r``, ``sum r x``, ``sum r x x^T``: a second matrix product).
So one EM iteration reads ``X`` once and never stores an ``(n, K)`` array.
``params_from_statistics`` then turns those sums into weights, means and covariances.

The readable reference versions are ``gmmlab.numerics.e_step`` and ``gmmlab.numerics.m_step``.
"""

import math
import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from threadpoolctl import threadpool_limits

from ..mstep import EPS_NK
from .quadratic_forms import NaturalParameters

__all__ = ["MAX_LOGPROB_ERROR", "centred_summaries", "fused_pass", "params_from_statistics",
           "single_threaded_blas"]

# The fast path is used while its estimated round-off in log-densities stays below this.
MAX_LOGPROB_ERROR = 1e-9
# Exponents are floored here before exp (see _normalise).
_LOG_FLOOR = -600.0
# Temporaries of one chunk hold about this many float64 numbers (2 MB: they stay in cache).
_CHUNK_NUMBERS = 1 << 18
# Below this much work per thread (samples x (features + components)), handing work to the
# pool costs more than it saves.
_MIN_WORK_PER_THREAD = 200_000
# Each thread gets several blocks of samples, so that a thread slowed down by other programs
# does not leave the others waiting at the end.
_BLOCKS_PER_THREAD = 4

_POOL = None


def _pool():
    """A process-wide thread pool (one thread per core), created on first use."""
    global _POOL
    if _POOL is None:
        _POOL = ThreadPoolExecutor(max_workers=os.cpu_count() or 1)
    return _POOL


def _forget_pool():
    # Threads do not survive fork(): a forked child (multiprocessing workers) builds its own.
    global _POOL
    _POOL = None


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_pool)


def single_threaded_blas():
    """Context manager keeping BLAS to one thread: our own thread pool already uses every core.

    Entering costs a few milliseconds (threadpoolctl looks up the loaded libraries), so wrap a
    whole fit, not each pass.
    """
    return threadpool_limits(limits=1, user_api="blas")


def _chunk_rows(n_samples, width):
    """Rows per chunk so that a (width, rows) float64 temporary is about 2 MB (cache sized)."""
    return int(max(64, min(n_samples, _CHUNK_NUMBERS // max(width, 1))))


def centred_summaries(X, shift, need_gram=False):
    """``max_n |x_n - shift|^2`` and (if asked) the Gram matrix ``sum_n xc xc^T`` (d, d).

    Computed chunk by chunk so that no copy of ``X`` is made.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    shift : ndarray of shape (n_features,)
    need_gram : bool

    Returns
    -------
    max_sq_norm : float
    gram : ndarray of shape (n_features, n_features) or None
    """
    n, d = X.shape
    rows = _chunk_rows(n, 2 * d)
    max_sq, gram = 0.0, np.zeros((d, d)) if need_gram else None
    for a in range(0, n, rows):
        xc = X[a : a + rows] - shift
        max_sq = max(max_sq, float(np.einsum("nd,nd->n", xc, xc).max()))
        if need_gram:
            gram += xc.T @ xc
    return max_sq, gram


def _normalise(logp):
    """Turn log-densities (..., K, n) into responsibilities in place; returns ``log p(x)``.

    One exponential per entry gives both results: subtract each sample's largest value,
    exponentiate, sum.  ``log p(x) = max + log(sum)`` and ``r = exp(.) / sum``.  The returned
    ``log p(x)`` has shape (..., 1, n).
    """
    top = logp.max(axis=-2, keepdims=True)
    logp -= top
    # Floor the exponent: exp(-600) ~ 1e-261 instead of a subnormal number (or 0).  Arithmetic
    # on subnormals is ~100x slower on x86 and would make the matrix products crawl; the change
    # to any sum is below 1e-250 relative.
    np.maximum(logp, _LOG_FLOOR, out=logp)
    np.exp(logp, out=logp)
    total = logp.sum(axis=-2, keepdims=True)
    logp /= total
    log_px = np.log(total)
    log_px += top
    return log_px


def _process_block(X, shift, params, start, stop, tiles, want_stats, outputs):
    """E-step of the samples ``start:stop``, chunk by chunk, plus their M-step sums.

    Chunks are ``tiles = (n_tiles, tile)``: ``n_tiles * tile`` samples (less for the last one).
    ``outputs`` holds the optional per-sample arrays ``resp``, ``logprob`` and ``labels``.

    Returns
    -------
    chunk_ll : list of float
        Total log-likelihood of each chunk.
    sums : ndarray of shape (width, n_components) or None
        ``sum_n F(x_n) r_nk`` over the block (accumulated per tile, added up at the end).
    """
    d, K = X.shape[1], params.K
    resp_out, logprob_out, labels_out = outputs
    ws = params.workspace(*tiles, with_sums=want_stats)
    tile_sums = np.zeros((tiles[0], params.width, K)) if want_stats else None
    chunk_ll = []
    for a in range(start, stop, ws.rows):
        b = min(a + ws.rows, stop)
        if b - a != ws.rows:
            ws = params.workspace(1, b - a, want_stats)  # the last, shorter chunk: one tile
        n_tiles, tile = ws.logp.shape[0], ws.logp.shape[2]
        # x - shift, transposed tile by tile: sample j * tile + i goes to xc[j, :, i]
        x_tiles = X[a:b].reshape(n_tiles, tile, d).transpose(0, 2, 1)
        np.subtract(x_tiles, shift[:, None], out=ws.xc)
        F = params.features(ws)  # (n_tiles, width, tile)
        np.matmul(params.W, F, out=ws.logp)  # (n_tiles, K, tile): all components at once
        r = ws.logp
        log_px = _normalise(r)  # r now holds the responsibilities
        if params.kind == "tied":  # the term shared by all components, added once per sample
            y = params.L.T @ ws.xc  # (n_tiles, d, tile)
            log_px -= 0.5 * np.einsum("jdn,jdn->jn", y, y)[:, None, :]
        log_px = log_px.reshape(b - a)  # back to sample order
        chunk_ll.append(float(log_px.sum()))
        if logprob_out is not None:
            logprob_out[a:b] = log_px
        if want_stats:
            # Sample-major copy of the responsibilities: the layout in which BLAS's
            # small-matrix kernels take the product below (2x faster than a transposed view).
            np.copyto(ws.resp, r.transpose(0, 2, 1))
            # M-step sums of this chunk: sum_n F(x_n) r_nk, i.e. N_k, sum r x, sum r x x^T, ...
            np.matmul(F, ws.resp, out=ws.sums)
            tile_sums[: len(ws.sums)] += ws.sums
        if resp_out is not None:
            out = np.reshape(resp_out[a:b], (n_tiles, tile, K), copy=False)
            np.copyto(out, r.transpose(0, 2, 1))
        if labels_out is not None:
            labels_out[a:b] = r.argmax(axis=1).reshape(b - a)
    return chunk_ll, tile_sums.sum(axis=0) if want_stats else None


def fused_pass(X, weights, means, precisions_chol, covariance_type, *, shift=None,
               want_stats=True, resp_out=None, logprob_out=None, labels_out=None,
               n_threads=None, max_sq_norm=None):
    """One sweep over ``X``: E-step, total log-likelihood and M-step sufficient statistics.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features), float64
    weights, means, precisions_chol, covariance_type
        Current parameters (as for :func:`gmmlab.numerics.e_step`).
    shift : ndarray of shape (n_features,) or None
        Origin for the statistics (default: the mean of the component means).
    want_stats : bool
        Also return the sufficient statistics.
    resp_out : ndarray of shape (n_samples, n_components) or None
        If given, the responsibilities are written there.
    logprob_out : ndarray of shape (n_samples,) or None
        If given, ``log p(x_n)`` is written there.
    labels_out : ndarray of shape (n_samples,), integer, or None
        If given, the most probable component of each sample is written there.
    n_threads : int or None
        Threads to use (default: one per core).
    max_sq_norm : float or None
        ``max_n |x_n - shift|^2`` if already known (computed otherwise).

    Returns
    -------
    log_likelihood : float or None
        Total log-likelihood of the current parameters; None when the expanded formulas would
        lose too many digits (then use :func:`gmmlab.numerics.e_step` / :func:`gmmlab.numerics.m_step`).
    stats : dict or None
        ``nk_raw`` (K,), ``s1`` (K, d), ``s2`` and ``shift``: sums over samples of ``r``,
        ``r xc`` and ``r xc xc^T`` (full, (K, d, d)), ``r xc**2`` (diag, (K, d)),
        ``r |xc|^2`` (spherical, (K,)) or None (tied), with ``xc = x - shift``.
    """
    n = X.shape[0]
    if shift is None:
        shift = means.mean(axis=0)
    params = NaturalParameters(weights, means, precisions_chol, covariance_type, shift)
    if max_sq_norm is None:
        max_sq_norm = centred_summaries(X, shift)[0]
    max_sq_norm = max(max_sq_norm, float(np.max(((means - shift) ** 2).sum(axis=1))))
    if not params.expanded_form_error(max_sq_norm) <= MAX_LOGPROB_ERROR:
        return None, None
    n_threads = n_threads or os.cpu_count() or 1
    n_blocks = 1
    if n_threads > 1 and n * (params.width + params.K) >= _MIN_WORK_PER_THREAD * n_threads:
        n_blocks = n_threads * _BLOCKS_PER_THREAD
    per_block = -(-n // n_blocks)
    rows = min(_chunk_rows(n, params.width + params.K), per_block)
    tile = min(params.tile_size(), rows)
    tiles = (max(1, rows // tile), tile)
    bounds = [(a, min(a + per_block, n)) for a in range(0, n, per_block)]

    def work(block):
        return _process_block(X, shift, params, *block, tiles, want_stats,
                              (resp_out, logprob_out, labels_out))

    with np.errstate(under="ignore"):
        if len(bounds) == 1:
            parts = [work(bounds[0])]
        else:
            # NumPy releases the GIL inside exp, log and matrix products, so the blocks really
            # run in parallel.  Results come back in block order and are added in that order,
            # so a fit is reproducible to the last bit.
            parts = list(_pool().map(work, bounds))
    ll = math.fsum(x for part in parts for x in part[0])
    if not want_stats:
        return ll, None
    sums = parts[0][1]
    for part in parts[1:]:
        sums += part[1]
    nk, s1, s2 = params.statistics(sums.T)
    return ll, {"nk_raw": nk, "s1": s1, "s2": s2, "shift": shift}


def params_from_statistics(stats, covariance_type, reg_covar, gram=None, n_samples=None):
    """M-step from sufficient statistics, with scikit-learn's conventions.

    Parameters
    ----------
    stats : dict
        As returned by :func:`fused_pass`.
    covariance_type : {"full", "tied", "diag", "spherical"}
    reg_covar : float
    gram : ndarray of shape (n_features, n_features) or None
        ``sum_n xc xc^T`` over all samples (needed for "tied").
    n_samples : int or None
        Needed for "tied".

    Returns
    -------
    weights, means, covariances, loss : tuple
        ``loss`` estimates the relative round-off in the covariances caused by subtracting
        the squared means from raw second moments; the caller falls back to the exact
        two-pass M-step when it is too large.
    """
    nk_raw, s1, s2, shift = stats["nk_raw"], stats["s1"], stats["s2"], stats["shift"]
    nk = nk_raw + EPS_NK
    d = s1.shape[1]
    # scikit-learn's mean is sum(r x) / nk; with xc = x - shift, sum(r x) = s1 + N_k shift.
    means = (s1 + nk_raw[:, None] * shift) / nk[:, None]
    mc = means - shift
    eps = np.finfo(np.float64).eps
    if covariance_type == "full":
        # sum r (xc - mc)(xc - mc)^T = S2 - mc s1^T - s1 mc^T + N mc mc^T
        cross = mc[:, :, None] * s1[:, None, :]
        scatter = s2 - cross - cross.transpose(0, 2, 1) + nk_raw[:, None, None] * (
            mc[:, :, None] * mc[:, None, :]
        )
        cov = scatter / nk[:, None, None]
        scale = np.diagonal(s2, axis1=1, axis2=2) / nk[:, None]
        diag = np.diagonal(cov, axis1=1, axis2=2)
        cov = cov + reg_covar * np.eye(d)
    elif covariance_type == "tied":
        # sum_k sum_n r (xc - mc_k)(xc - mc_k)^T = G - sum_k (mc_k s1_k^T + s1_k mc_k^T - N_k mc_k mc_k^T)
        cross = mc.T @ s1
        cov = (gram - cross - cross.T + (nk_raw * mc.T) @ mc) / nk.sum()
        scale, diag = np.diagonal(gram) / n_samples, np.diagonal(cov)
        cov = cov + reg_covar * np.eye(d)
    else:
        if covariance_type == "spherical":
            s1sq = (mc * s1).sum(axis=1)
            cov = (s2 - 2 * s1sq + nk_raw * (mc**2).sum(axis=1)) / (d * nk)
            scale = s2 / (d * nk)
        else:
            cov = (s2 - 2 * mc * s1 + nk_raw[:, None] * mc**2) / nk[:, None]
            scale = s2 / nk[:, None]
        diag = cov
        cov = cov + reg_covar
    with np.errstate(divide="ignore", invalid="ignore"):
        loss = float(np.max(eps * scale / np.maximum(diag + reg_covar, np.finfo(float).tiny)))
    return nk / nk.sum(), means, cov, loss
