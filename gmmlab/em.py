"""The two halves of an EM iteration: the E-step (responsibilities) and the M-step (parameters).

Two versions live here.

* ``e_step`` and ``m_step`` are the readable reference: whole-array NumPy, one formula each.
* ``fused_pass`` is what ``GaussianMixture.fit`` runs.  It walks over the samples in chunks, on
  a pool of threads, and for each chunk computes the responsibilities *and* immediately reduces
  them to the M-step's sufficient statistics (``N_k = sum r``, ``sum r x``, ``sum r x x^T``),
  so one EM iteration reads ``X`` once and never stores an ``(n, K)`` array.
  ``params_from_statistics`` then turns those sums into weights, means and covariances.

Both give scikit-learn's numbers (up to round-off); the agreement tests check it.
"""

import math
import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from .gaussian import log_det_cholesky, log_gaussian_prob, logsumexp

__all__ = ["centred_summaries", "e_step", "fused_pass", "m_step", "params_from_statistics"]

# scikit-learn adds 10 machine epsilons to every N_k so that an empty component divides by a
# tiny number instead of zero.  We do the same so that the results agree.
EPS_NK = 10 * np.finfo(np.float64).eps
_LOG_FLOOR = -600.0
# The fast path is used while its estimated round-off in log-densities stays below this.
MAX_LOGPROB_ERROR = 1e-9
# Below this many rows per thread, handing work to the pool costs more than it saves.
_MIN_ROWS_PER_THREAD = 20_000


# --------------------------------------------------------------------------------------------
# Reference building blocks
# --------------------------------------------------------------------------------------------
def e_step(X, weights, means, precisions_chol, covariance_type):
    """E-step: responsibilities and the total log-likelihood.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    weights : ndarray of shape (n_components,)
    means : ndarray of shape (n_components, n_features)
    precisions_chol : ndarray
        full (K, d, d), tied (d, d), diag (K, d) or spherical (K,).
    covariance_type : {"full", "tied", "diag", "spherical"}

    Returns
    -------
    resp : ndarray of shape (n_samples, n_components)
        Posterior probability of each component for each sample (rows sum to 1).
    log_likelihood : float
        Total log-likelihood ``sum_n log sum_k pi_k N(x_n | mu_k, S_k)``.
    """
    weighted = log_gaussian_prob(X, means, precisions_chol, covariance_type) + np.log(weights)
    log_norm = logsumexp(weighted, axis=1)  # (n,)
    with np.errstate(under="ignore"):
        resp = np.exp(weighted - log_norm[:, None])
    return resp, float(np.sum(log_norm))


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
    """
    X = np.asarray(X, dtype=np.float64)
    resp = np.asarray(resp, dtype=np.float64)
    _n, d = X.shape
    nk = resp.sum(axis=0) + EPS_NK  # (K,)
    means = (resp.T @ X) / nk[:, None]  # (K, d)
    if covariance_type not in ("full", "tied", "diag", "spherical"):
        raise ValueError(
            "covariance_type must be one of ['full', 'tied', 'diag', 'spherical'], "
            f"got {covariance_type!r}."
        )
    # Deviations are taken from each component's own mean (two passes over X): exact even
    # when a tight cluster sits far from the origin.  K small products, no (n, K, d) array.
    scatter = []
    for k in range(len(nk)):
        diff = X - means[k]
        if covariance_type in ("full", "tied"):
            scatter.append((resp[:, k] * diff.T) @ diff)  # sum_n r_nk (x - mu)(x - mu)^T
        else:
            scatter.append(resp[:, k] @ (diff * diff))  # its diagonal only
    scatter = np.array(scatter)
    if covariance_type == "full":
        cov = scatter / nk[:, None, None]
        cov += reg_covar * np.eye(d)
    elif covariance_type == "tied":
        if np.allclose(resp.sum(axis=1), 1.0):
            cov = scatter.sum(axis=0) / nk.sum()
        else:
            # Rows that do not sum to one (the one-hot starts of "k-means++" and
            # "random_from_data"): scikit-learn's formula, in which every sample counts.
            cov = (X.T @ X - (nk * means.T) @ means) / nk.sum()
        cov.flat[:: d + 1] += reg_covar
    else:
        cov = scatter / nk[:, None] + reg_covar
        if covariance_type == "spherical":
            cov = cov.mean(axis=1)
    return nk / nk.sum(), means, cov


# --------------------------------------------------------------------------------------------
# Fast path: one chunked, threaded pass per EM iteration
# --------------------------------------------------------------------------------------------
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


def _chunk_rows(n_samples, width):
    """Rows per chunk so that a (rows, width) float64 temporary is about 2 MB (cache sized)."""
    return int(max(64, min(n_samples, (1 << 18) // max(width, 1))))


def centred_summaries(X, shift, need_gram=False):
    """``max_n |x_n - shift|^2`` and (if asked) the Gram matrix ``sum_n xc xc^T`` (d, d).

    Computed chunk by chunk so that no copy of ``X`` is made.
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


class _Coefficients:
    """The parameters rewritten as *natural parameters*: log p(x, k) is linear in features.

    For every covariance type ``log pi_k + log N(x | mu_k, S_k) = F(x) @ W[:, k] + c_k`` with

    ======== ============================ =============================================
    type     features F(x) (one row)      W[:, k] (P_k = precision)
    ======== ============================ =============================================
    full     ``[x, x_i x_j (i <= j)]``    ``[P_k mu_k, -P_k,ij (1 - delta_ij / 2)]``
    diag     ``[x, x**2]``                ``[p_k * mu_k, -p_k / 2]``
    spherical ``[x, |x|^2]``              ``[p_k mu_k, -p_k / 2]``
    tied     ``[x]``                      ``[P mu_k]`` (``-x^T P x / 2`` is the same for all k)
    ======== ============================ =============================================

    So the E-step is ONE matrix product ``F @ W`` for all components, and the M-step's sums
    ``sum_n r_nk F(x_n)`` are ONE matrix product ``R^T @ F``: both run at BLAS speed.
    Everything uses shifted data ``xc = x - shift`` (``shift`` near the data centre), which
    keeps the expanded quadratic forms well conditioned.
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
            lin = np.einsum("kde,ke->kd", P, mc)  # P_k mu_k
            # x^T P x = sum_i P_ii x_i^2 + 2 sum_{i<j} P_ij x_i x_j: only the upper triangle
            # of x x^T is needed, which halves the features and the matrix-product work.
            iu, ju = np.triu_indices(d)
            quad = -np.where(iu == ju, 0.5, 1.0) * P[:, iu, ju]
            self.W = np.hstack([lin, quad]).T  # (d + d(d+1)/2, K)
        elif covariance_type == "tied":
            lin = mc @ P  # P symmetric
            self.W = lin.T  # (d, K)
            self.L = precisions_chol  # for the shared term -|x L|^2 / 2
        elif covariance_type == "diag":
            lin = P * mc
            self.W = np.hstack([lin, -0.5 * P]).T  # (2d, K)
        else:
            lin = P[:, None] * mc
            self.W = np.vstack([lin.T, -0.5 * P[None, :]])  # (d + 1, K)
        # c_k also collects -mu_k^T P_k mu_k / 2
        self.const = const - 0.5 * (lin * mc).sum(axis=1)
        # largest trace of a precision matrix (bounds the size of the quadratic terms)
        if covariance_type == "full":
            self.max_trace = float(np.trace(P, axis1=1, axis2=2).max())
        elif covariance_type == "tied":
            self.max_trace = float(np.trace(P))
        elif covariance_type == "diag":
            self.max_trace = float(P.sum(axis=1).max())
        else:
            self.max_trace = float(d * P.max())
        self.width = self.W.shape[0]

    def features(self, xt):
        """F(x) stored feature-major: ndarray of shape (width, rows) from xt of shape (d, rows).

        Feature-major means every elementwise operation below runs along the long, contiguous
        sample axis, which NumPy vectorises well even when d is 2.
        """
        d, rows = xt.shape
        if self.kind == "tied":
            return xt
        F = np.empty((self.width, rows))
        F[:d] = xt
        if self.kind == "full":
            # the upper triangle of x x^T, row by row: x_i * (x_i, ..., x_d) for every sample
            start = d
            for i in range(d):
                np.multiply(xt[i], xt[i:], out=F[start : start + d - i])
                start += d - i
        elif self.kind == "diag":
            np.multiply(xt, xt, out=F[d:])
        else:
            np.einsum("dn,dn->n", xt, xt, out=F[d])
        return F


def expanded_form_error(coef, max_sq_norm):
    """Bound on the round-off of ``F @ W`` in log-density units: ``~ eps |x|^2 trace(P)``.

    Large only when a very tight component lives far from the data centre (for example
    duplicated points scaled by 1e6); the caller then uses the direct reference formulas.
    """
    return 2.0 * np.finfo(np.float64).eps * max_sq_norm * coef.max_trace


def _chunk_work(X, shift, coef, start, stop, want_stats, resp_out, logprob_out):
    """E-step for rows ``start:stop`` plus their contribution to the sufficient statistics."""
    # Work on the transposed block (features x samples, both C-contiguous): every elementwise
    # operation then runs along the long sample axis, and reductions over components too.
    xt = np.subtract(X[start:stop].T, shift[:, None], out=np.empty((X.shape[1], stop - start)))
    F = coef.features(xt)  # (width, rows)
    r = coef.W.T @ F  # (K, rows): all components in one matrix product
    r += coef.const[:, None]
    # Fused normalisation: one exp per entry gives both log p(x) and the responsibilities.
    top = r.max(axis=0)
    r -= top
    # Floor the exponent: exp(-600) ~ 1e-261 instead of a subnormal number (or 0).  Arithmetic
    # on subnormals is ~100x slower on x86 and would make the matrix products below crawl;
    # the change to any sum is below 1e-250 relative.
    np.maximum(r, _LOG_FLOOR, out=r)
    np.exp(r, out=r)
    total = r.sum(axis=0)
    log_px = np.log(total)
    log_px += top  # log p(x_n) = max + log sum exp(. - max)
    if coef.kind == "tied":  # the term shared by all components, added once per sample
        y = coef.L.T @ xt  # (d, rows)
        log_px -= 0.5 * np.einsum("dn,dn->n", y, y)
    r /= total  # responsibilities, shape (K, rows)
    if resp_out is not None:
        resp_out[start:stop] = r.T
    if logprob_out is not None:
        logprob_out[start:stop] = log_px
    ll = float(log_px.sum())
    if not want_stats:
        return ll, None
    # M-step sums for this chunk: N_k and sum_n r_nk F(x_n) (= sum r x, sum r x x^T, ...)
    return ll, (r.sum(axis=1), r @ F.T)


def fused_pass(X, weights, means, precisions_chol, covariance_type, *, shift=None,
               want_stats=True, resp_out=None, logprob_out=None, n_threads=None,
               max_sq_norm=None):
    """One sweep over ``X``: E-step, total log-likelihood and M-step sufficient statistics.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features), float64, C-contiguous
    weights, means, precisions_chol, covariance_type
        Current parameters (as for :func:`e_step`).
    shift : ndarray of shape (n_features,) or None
        Origin for the statistics (default: the mean of the component means).
    want_stats : bool
        Also return the sufficient statistics.
    resp_out : ndarray of shape (n_samples, n_components) or None
        If given, the responsibilities are written there.
    logprob_out : ndarray of shape (n_samples,) or None
        If given, ``log p(x_n)`` is written there.
    n_threads : int or None
        Threads to use (default: one per core).
    max_sq_norm : float or None
        ``max_n |x_n - shift|^2`` if already known (computed otherwise).

    Returns
    -------
    log_likelihood : float or None
        Total log-likelihood of the current parameters; None when the expanded formulas would
        lose too many digits (then use :func:`e_step` / :func:`m_step`).
    stats : dict or None
        ``nk_raw`` (K,), ``s1`` (K, d), ``s2`` and ``shift``: sums over samples of ``r``,
        ``r xc`` and ``r xc xc^T`` (full, (K, d, d)), ``r xc**2`` (diag, (K, d)),
        ``r |xc|^2`` (spherical, (K,)) or None (tied), with ``xc = x - shift``.
    """
    n, d = X.shape
    K = means.shape[0]
    if shift is None:
        shift = means.mean(axis=0)
    coef = _Coefficients(weights, means, precisions_chol, covariance_type, shift)
    if max_sq_norm is None:
        max_sq_norm = centred_summaries(X, shift)[0]
    max_sq_norm = max(max_sq_norm, float(np.max(((means - shift) ** 2).sum(axis=1))))
    if not expanded_form_error(coef, max_sq_norm) <= MAX_LOGPROB_ERROR:
        return None, None
    n_threads = n_threads or os.cpu_count() or 1
    rows = _chunk_rows(n, coef.width + K)  # cache-sized chunks ...
    if n >= _MIN_ROWS_PER_THREAD * n_threads:
        rows = min(rows, -(-n // n_threads))  # ... and at least one per thread when worth it
    bounds = [(a, min(a + rows, n)) for a in range(0, n, rows)]

    def work(b):
        return _chunk_work(X, shift, coef, b[0], b[1], want_stats, resp_out, logprob_out)

    with np.errstate(under="ignore"):
        if len(bounds) == 1 or n_threads == 1:
            parts = [work(b) for b in bounds]
        else:
            # NumPy releases the GIL inside exp, log and matrix products, so the chunks
            # really run in parallel.  Results come back in chunk order: the sums below are
            # always added in the same order, so a fit is reproducible to the last bit.
            parts = list(_pool().map(work, bounds))
    ll = math.fsum(p[0] for p in parts)
    if not want_stats:
        return ll, None
    nk = np.sum([p[1][0] for p in parts], axis=0)
    sums = np.sum([p[1][1] for p in parts], axis=0)  # (K, width)
    s2 = {
        "full": lambda: _symmetric_from_upper(sums[:, d:], d),
        "tied": lambda: None,
        "diag": lambda: sums[:, d:],
        "spherical": lambda: sums[:, d],
    }[covariance_type]()
    return ll, {"nk_raw": nk, "s1": sums[:, :d], "s2": s2, "shift": shift}


def _symmetric_from_upper(upper, d):
    """(K, d(d+1)/2) upper triangles, row-major, -> (K, d, d) symmetric matrices."""
    iu, ju = np.triu_indices(d)
    out = np.empty((upper.shape[0], d, d))
    out[:, iu, ju] = upper
    out[:, ju, iu] = upper
    return out


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
