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

__all__ = ["e_step", "m_step", "fused_pass", "params_from_statistics", "EPS_NK"]

# scikit-learn adds 10 machine epsilons to every N_k so that an empty component divides by a
# tiny number instead of zero.  We do the same so that the results agree.
EPS_NK = 10 * np.finfo(np.float64).eps
_LOG_FLOOR = -600.0


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
    n, d = X.shape
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
        cov = scatter.sum(axis=0) / nk.sum()
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


def _chunk_rows(n_samples, width):
    """Rows per chunk so that a (rows, width) float64 temporary is about 1 MB (cache sized)."""
    return int(max(256, min(n_samples, (1 << 17) // max(width, 1))))


class _Coefficients:
    """Everything the per-chunk E-step needs, prepared once per pass from the parameters.

    All kernels work on shifted data ``xc = x - shift`` (``shift`` is near the data mean):
    this keeps the expanded quadratic forms and the raw second moments well conditioned.
    """

    def __init__(self, weights, means, precisions_chol, covariance_type, shift):
        K, d = means.shape
        self.kind, self.K, self.d = covariance_type, K, d
        mc = means - shift  # means in shifted coordinates
        # log pi_k + log det(L_k) - d/2 log(2 pi): the per-component constant of log p(x, k).
        with np.errstate(divide="ignore"):
            self.const = (
                np.log(weights)
                + log_det_cholesky(precisions_chol, covariance_type, d)
                - 0.5 * d * math.log(2 * math.pi)
            )
        if covariance_type == "full":
            # Stack the K factors side by side: xc @ A gives all K products xc L_k in ONE
            # matrix product of shape (rows, K*d) instead of K small ones.
            self.A = np.ascontiguousarray(precisions_chol.transpose(1, 0, 2).reshape(d, K * d))
            self.B = np.einsum("kd,kde->ke", mc, precisions_chol).reshape(K * d)
        elif covariance_type == "tied":
            # |(x - mu_k) L|^2 = |xL|^2 - 2 (xL).(mu_k L) + |mu_k L|^2
            self.L = precisions_chol
            T = mc @ precisions_chol  # (K, d)
            self.W = -2.0 * T.T  # (d, K)
            self.const = self.const - 0.5 * (T**2).sum(axis=1)
        elif covariance_type == "diag":
            # Features F = [xc**2, xc] (rows, 2d); Mahalanobis = F @ W + c: one matrix product.
            p = precisions_chol**2  # (K, d)
            self.W = np.vstack([p.T, -2.0 * (mc * p).T])  # (2d, K)
            self.const = self.const - 0.5 * (mc**2 * p).sum(axis=1)
        else:  # spherical: features F = [|xc|^2, xc] (rows, d+1)
            p = precisions_chol**2  # (K,)
            self.W = np.vstack([p[None, :], -2.0 * (mc * p[:, None]).T])  # (d+1, K)
            self.const = self.const - 0.5 * (mc**2).sum(axis=1) * p

    def features(self, xc):
        """Per-sample features whose matrix product with W gives the Mahalanobis terms."""
        if self.kind == "diag":
            return np.hstack([xc * xc, xc])
        if self.kind == "spherical":
            return np.hstack([np.einsum("nd,nd->n", xc, xc)[:, None], xc])
        return xc

    def weighted_log_prob(self, xc, F):
        """log pi_k + log N(x | mu_k, S_k) for a chunk: ndarray of shape (rows, K)."""
        if self.kind == "full":
            Y = xc @ self.A  # (rows, K*d): the K whitened vectors side by side
            Y -= self.B
            Y *= Y
            maha = Y.reshape(len(xc), self.K, self.d).sum(axis=2)
        elif self.kind == "tied":
            y = xc @ self.L
            maha = y @ self.W
            maha += np.einsum("nd,nd->n", y, y)[:, None]
        else:
            maha = F @ self.W
        maha *= -0.5
        maha += self.const
        return maha


def _chunk_work(X, shift, coef, start, stop, want_stats, resp_out, logprob_out):
    """E-step for rows ``start:stop`` plus their contribution to the sufficient statistics."""
    xc = X[start:stop] - shift
    F = coef.features(xc)
    r = coef.weighted_log_prob(xc, F)  # (rows, K), overwritten in place below
    # Fused normalisation: one exp per entry gives both log p(x) and the responsibilities.
    top = r.max(axis=1)
    r -= top[:, None]
    # Floor the exponent: exp(-600) ~ 1e-261 instead of a subnormal number (or 0).  Arithmetic
    # on subnormals is ~100x slower on x86 and would make the matrix products below crawl;
    # the change to any sum is below 1e-250 relative.
    np.maximum(r, _LOG_FLOOR, out=r)
    np.exp(r, out=r)
    total = r.sum(axis=1)
    log_px = np.log(total)
    log_px += top  # log p(x_n) = max + log sum exp(. - max)
    r /= total[:, None]  # responsibilities
    if resp_out is not None:
        resp_out[start:stop] = r
    if logprob_out is not None:
        logprob_out[start:stop] = log_px
    ll = float(log_px.sum())
    if not want_stats:
        return ll, None
    nk = r.sum(axis=0)
    s1 = r.T @ xc  # (K, d)
    if coef.kind == "full":
        # sum_n r_nk xc xc^T for all k with one (d, rows) @ (rows, K*d) product.
        R = (r[:, :, None] * xc[:, None, :]).reshape(len(xc), coef.K * coef.d)
        s2 = xc.T @ R  # (d, K*d)
    elif coef.kind == "tied":
        s2 = None  # the tied covariance needs only the Gram matrix, computed once per fit
    else:
        s2 = r.T @ F[:, : F.shape[1] - coef.d]  # (K, d) diag or (K, 1) spherical
    return ll, (nk, s1, s2)


def fused_pass(X, weights, means, precisions_chol, covariance_type, *, shift=None,
               want_stats=True, resp_out=None, logprob_out=None, n_threads=None):
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

    Returns
    -------
    log_likelihood : float
        Total log-likelihood of the current parameters.
    stats : dict or None
        ``nk_raw`` (K,), ``s1`` (K, d), ``s2`` and ``shift``; sums over samples of
        ``r``, ``r xc`` and ``r xc xc^T`` (full, (K, d, d)), ``r xc**2`` (diag, (K, d)),
        ``r |xc|^2`` (spherical, (K,)) or None (tied), with ``xc = x - shift``.
    """
    n, d = X.shape
    K = means.shape[0]
    if shift is None:
        shift = means.mean(axis=0)
    coef = _Coefficients(weights, means, precisions_chol, covariance_type, shift)
    width = K * d + 2 * d if covariance_type == "full" else K + 2 * d
    rows = _chunk_rows(n, width)
    bounds = [(a, min(a + rows, n)) for a in range(0, n, rows)]
    n_threads = n_threads or os.cpu_count() or 1

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
    s1 = np.sum([p[1][1] for p in parts], axis=0)
    s2 = None
    if covariance_type != "tied":
        s2 = np.sum([p[1][2] for p in parts], axis=0)
        if covariance_type == "full":
            s2 = s2.reshape(d, K, d).transpose(1, 0, 2)
        elif covariance_type == "spherical":
            s2 = s2[:, 0]
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
