"""Checks for chapters 03-05: ``e_step``, ``m_step`` and ``fit_gmm``."""

from __future__ import annotations

import numpy as np

from . import reference as ref
from .cases import (
    Exercise,
    Session,
    as_array,
    as_scalar,
    close,
    finite,
    mixture_output,
    spd_problem,
    unpack,
)
from .verdict import Mistake

# ------------------------------------------------------------------------------ E-step

def _e_output(s: Session, p):
    X = p["X"]
    n, k = X.shape[0], len(p["weights"])
    resp, ll = unpack(s.call(X, p["weights"], p["means"], p["covs"]), 2, "resp, log_likelihood")
    resp = as_array(resp, "resp", shape=((n, "n_samples"), (k, "n_components")))
    ll_arr = as_array(ll, "log_likelihood")
    if ll_arr.ndim > 0 and ll_arr.size == n and n > 1:
        raise Mistake("log_likelihood is per sample; return the total (sum over samples)")
    return resp, as_scalar(ll, "log_likelihood")


def _check_resp(resp, expected, label=""):
    where = f" ({label})" if label else ""
    if np.isnan(resp).any():
        raise Mistake(f"resp contains NaN{where}: densities underflow to 0 on far-apart data; "
                      "work with log-probabilities and normalise each row with logsumexp")
    finite(resp, "resp")
    rows = resp.sum(axis=1)
    if not np.allclose(rows, 1.0, atol=1e-6):
        cols = resp.sum(axis=0)
        if np.allclose(cols, 1.0, atol=1e-6):
            raise Mistake(f"resp is normalised over samples instead of components{where}: each "
                          "row must sum to 1")
        raise Mistake(f"the rows of resp do not sum to 1{where}")
    if not close(resp, expected, rtol=1e-5, atol=1e-7):
        raise Mistake(f"resp differs from the posterior probabilities{where}: "
                      "resp[n, k] = pi_k N(x_n | mu_k, Sigma_k) / sum_j pi_j N(x_n | mu_j, Sigma_j)")


def _check_ll(ll, expected, n, label=""):
    where = f" ({label})" if label else ""
    if np.isnan(ll) or np.isinf(ll):
        raise Mistake(f"log_likelihood is not finite{where}: densities underflow on far-apart "
                      "data; use logsumexp of the log-probabilities")
    if close(ll, expected, rtol=1e-7, atol=1e-7):
        return
    if close(ll, expected / n, rtol=1e-7):
        raise Mistake(f"log_likelihood is the mean over samples; return the total (sum){where}")
    if close(ll, -expected, rtol=1e-7):
        raise Mistake(f"log_likelihood has the wrong sign{where}")
    raise Mistake(f"log_likelihood differs from sum_n log sum_k pi_k N(x_n | mu_k, Sigma_k){where}")


def _e_basic_resp(s):
    p = ref.problem(301, n=30, d=2, k=3)
    resp, _ = _e_output(s, p)
    _check_resp(resp, ref.e_step(p["X"], p["weights"], p["means"], p["covs"])[0])


def _e_basic_ll(s):
    p = ref.problem(301, n=30, d=2, k=3)
    _, ll = _e_output(s, p)
    _check_ll(ll, ref.e_step(p["X"], p["weights"], p["means"], p["covs"])[1], 30)


def _e_far(s):
    p = ref.far_apart(302, d=2, k=2, n=20)
    resp, ll = _e_output(s, p)
    expected = ref.e_step(p["X"], p["weights"], p["means"], p["covs"])
    _check_resp(resp, expected[0], "far-apart clusters")
    _check_ll(ll, expected[1], 20, "far-apart clusters")


def _problem_from_spec(spec):
    if spec.get("far"):
        return ref.far_apart(spec["seed"], d=spec["d"], k=spec["k"], n=spec.get("n", 40))
    return ref.problem(spec["seed"], n=spec.get("n", 40), d=spec["d"], k=spec["k"],
                       spread=spec.get("spread", 4.0), scale=spec.get("scale", 1.0))


def _e_hidden(s, spec):
    p = _problem_from_spec(spec)
    resp, ll = _e_output(s, p)
    expected = ref.e_step(p["X"], p["weights"], p["means"], p["covs"])
    _check_resp(resp, expected[0], spec["label"])
    _check_ll(ll, expected[1], p["X"].shape[0], spec["label"])


E_STEP = Exercise("e_step", [(1, _e_basic_resp), (1, _e_basic_ll), (1, _e_far)], _e_hidden)


# ------------------------------------------------------------------------------ M-step

def _m_output(s, X, resp, reg=None):
    _n, d = X.shape
    k = resp.shape[1]
    out = s.call(X, resp) if reg is None else s.call(X, resp, reg_covar=reg)
    return mixture_output(out, k, d)


def _m_weights(s, X, resp, label=""):
    w, _, _ = _m_output(s, X, resp)
    where = f" ({label})" if label else ""
    ew, _, _ = ref.m_step(X, resp)
    if not np.isclose(w.sum(), 1.0, atol=1e-8):
        if close(w, resp.sum(0)):
            raise Mistake(f"weights do not sum to 1: divide N_k by the number of samples{where}")
        raise Mistake(f"weights do not sum to 1{where}")
    if not close(w, ew, rtol=1e-7):
        raise Mistake(f"weights differ from N_k / n with N_k = sum_n resp[n, k]{where}")


def _m_means(s, X, resp, label=""):
    _, m, _ = _m_output(s, X, resp)
    where = f" ({label})" if label else ""
    _, em, _ = ref.m_step(X, resp)
    if not close(m, em, rtol=1e-7, atol=1e-9):
        n = X.shape[0]
        if close(m, (resp.T @ X) / n, rtol=1e-7):
            raise Mistake(f"means divided by N (the number of samples) instead of N_k{where}")
        if close(m, np.tile(X.mean(0), (resp.shape[1], 1)), rtol=1e-7):
            raise Mistake(f"means are not weighted by the responsibilities{where}")
        raise Mistake(f"means differ from sum_n resp[n, k] x_n / N_k{where}")


def _m_covs(s, X, resp, reg=None, label=""):
    _, _, c = _m_output(s, X, resp, reg)
    where = f" ({label})" if label else ""
    reg_value = 1e-6 if reg is None else reg
    _ew, em, ec = ref.m_step(X, resp, reg_value)
    problem = spd_problem(c, "covs")
    if problem:
        raise Mistake(problem + where)
    if close(c, ec, rtol=1e-6, atol=1e-9):
        return
    n, d = X.shape
    nk = resp.sum(0)
    eye = np.eye(d)
    raw = ec - reg_value * eye
    if close(c, raw * (nk / n)[:, None, None] + reg_value * eye, rtol=1e-6):
        raise Mistake(f"covariance divided by N instead of N_k{where}")
    if close(c, raw * (nk / (nk - 1))[:, None, None] + reg_value * eye, rtol=1e-6):
        raise Mistake(f"covariance divided by N_k - 1; EM divides by N_k{where}")
    if close(c, raw, rtol=1e-6, atol=1e-12) and reg_value > 0:
        raise Mistake(f"reg_covar is not added to the diagonal of the covariances{where}")
    if close(c, raw + reg_value, rtol=1e-6, atol=1e-12):
        raise Mistake(f"reg_covar added to every entry; add it to the diagonal only{where}")
    unweighted = np.stack([(X - em[k]).T @ (X - em[k]) / n for k in range(len(nk))]) \
        + reg_value * eye
    if close(c, unweighted, rtol=1e-6):
        raise Mistake(f"covariance not weighted by the responsibilities{where}")
    centred_all = np.stack([(resp[:, k] * (X - X.mean(0)).T) @ (X - X.mean(0)) / nk[k]
                            for k in range(len(nk))]) + reg_value * eye
    if close(c, centred_all, rtol=1e-6):
        raise Mistake(f"covariance centred on the overall mean instead of the new mean_k{where}")
    raise Mistake(f"covs differ from sum_n resp[n, k] (x_n - mu_k)(x_n - mu_k)^T / N_k "
                  f"+ reg_covar I{where}")


def _m_problem():
    p = ref.problem(401, n=40, d=3, k=3)
    return p["X"], p["resp"]


def _m_part_weights(s):
    _m_weights(s, *_m_problem())


def _m_part_means(s):
    _m_means(s, *_m_problem())


def _m_part_covs(s):
    X, resp = _m_problem()
    _m_covs(s, X, resp)
    _m_covs(s, X, resp, reg=0.1, label="reg_covar=0.1")


def _m_hidden(s, spec):
    p = _problem_from_spec(spec)
    resp = ref.e_step(p["X"], p["weights"], p["means"], p["covs"])[0] if spec.get("far") \
        else p["resp"]
    _m_weights(s, p["X"], resp, spec["label"])
    _m_means(s, p["X"], resp, spec["label"])
    _m_covs(s, p["X"], resp, label=spec["label"])


M_STEP = Exercise("m_step", [(1, _m_part_weights), (1, _m_part_means), (1, _m_part_covs)],
                  _m_hidden)


# ------------------------------------------------------------------------------ fit_gmm

def _fit_output(s, p, **kwargs):
    X = p["X"]
    _n, d = X.shape
    k = len(p["weights"])
    out = s.call(X, p["weights"], p["means"], p["covs"], **kwargs)
    w, m, c, lls = unpack(out, 4, "weights, means, covs, log_likelihoods")
    w = as_array(w, "weights", shape=((k, "n_components"),))
    m = as_array(m, "means", shape=((k, "n_components"), (d, "n_features")))
    c = as_array(c, "covs", shape=((k, "n_components"), (d, "n_features"), (d, "n_features")))
    lls = as_array(lls, "log_likelihoods")
    if lls.ndim != 1 or lls.size == 0:
        raise Mistake("log_likelihoods should be a 1-D sequence with one value per iteration")
    for arr, what in ((w, "weights"), (m, "means"), (c, "covs"), (lls, "log_likelihoods")):
        finite(arr, what)
    return w, m, c, lls


_FIT_PROBLEM = {}
_REF_FITS = {}


def _fit_problem():
    if not _FIT_PROBLEM:
        _FIT_PROBLEM.update(ref.problem(503, n=60, d=2, k=3, spread=5.0))
    return _FIT_PROBLEM


def _ref_fit(p, max_iter, tol):
    """Reference EM on a problem, computed once per (data, max_iter, tol)."""
    key = (p["X"].tobytes(), p["means"].tobytes(), max_iter, tol)
    if key not in _REF_FITS:
        if len(_REF_FITS) > 16:
            _REF_FITS.clear()
        _REF_FITS[key] = ref.fit(p["X"], p["weights"], p["means"], p["covs"], max_iter=max_iter,
                                 tol=tol)
    return _REF_FITS[key]


def _fit_history(s):
    p = _fit_problem()
    _w, m, _c, lls = _fit_output(s, p, max_iter=100, tol=1e-6)
    n = p["X"].shape[0]
    ll0 = ref.e_step(p["X"], p["weights"], p["means"], p["covs"])[1]
    if close(lls[0], ll0 / n, rtol=1e-6):
        raise Mistake("log_likelihoods hold the mean log-likelihood; record the total (sum over "
                      "samples)")
    if not close(lls[0], ll0, rtol=1e-6, atol=1e-6):
        first_m = ref.m_step(p["X"], ref.e_step(p["X"], p["weights"], p["means"], p["covs"])[0])
        if close(lls[0], ref.e_step(p["X"], *first_m)[1], rtol=1e-6):
            raise Mistake("log_likelihoods[0] should be the log-likelihood of the initial "
                          "parameters: record it before the M-step, not after")
        raise Mistake("log_likelihoods[0] is not the total log-likelihood of the initial "
                      "parameters")
    ells = _ref_fit(p, 100, 1e-6)[3]
    m = min(len(lls), len(ells), 4)
    steps = np.flatnonzero(~np.isclose(lls[:m], ells[:m], rtol=1e-6, atol=1e-6))
    drops = np.flatnonzero(np.diff(lls) < -1e-8 * max(1.0, abs(lls).max()))
    if drops.size:
        raise Mistake(f"the log-likelihood decreases at iteration {int(drops[0]) + 1}: EM never "
                      "decreases it, so an E- or M-step update is wrong")
    if steps.size:
        raise Mistake(f"log_likelihoods[{int(steps[0])}] differs from the value EM reaches from "
                      "the same start: an update in the loop is wrong (e.g. the covariance uses "
                      "the old means, or the steps are out of order)")


def _fit_compare(s, p, label="", **kwargs):
    where = f" ({label})" if label else ""
    w, m, c, lls = _fit_output(s, p, **kwargs)
    ew, em, ec, ells = _ref_fit(p, kwargs["max_iter"], kwargs["tol"])
    if not np.isclose(w.sum(), 1.0, atol=1e-6):
        raise Mistake(f"the fitted weights do not sum to 1{where}")
    perm = list(ref_perm(m, em))
    w, m, c = w[perm], m[perm], c[perm]
    scale = max(1.0, float(np.abs(em).max()))
    if not (close(w, ew, rtol=1e-3, atol=1e-4) and close(m, em, rtol=1e-3, atol=1e-4 * scale)
            and close(c, ec, rtol=1e-3, atol=1e-4 * scale ** 2)):
        if close(lls[-1], ells[-1], rtol=1e-9) or abs(len(lls) - len(ells)) <= 1:
            raise Mistake(f"the returned parameters are not those of the last EM iteration{where}")
        raise Mistake(f"the fitted mixture differs from EM run from the same start{where}")
    return lls, ells


def ref_perm(means, ref_means):
    from .cases import best_permutation

    return best_permutation(means, ref_means)


def _fit_result(s):
    _fit_compare(s, _fit_problem(), max_iter=100, tol=1e-6)


def _fit_stopping(s):
    p = _fit_problem()
    _, _, _, lls = _fit_output(s, p, max_iter=4, tol=1e-6)
    if len(lls) != 4:
        raise Mistake("with max_iter=4 log_likelihoods should have 4 entries (one per E-step); "
                      "is max_iter respected?")
    _, _, _, lls = _fit_output(s, p, max_iter=100, tol=1e9)
    if len(lls) != 2:
        raise Mistake("with a huge tol EM should stop as soon as the increase is below tol, "
                      "after the second log-likelihood")
    lls, ells = _fit_compare(s, p, max_iter=200, tol=1e-3)
    if abs(len(lls) - len(ells)) > 1:
        raise Mistake("stops at the wrong iteration: stop when log_likelihoods[i] - "
                      "log_likelihoods[i-1] < tol")


def _fit_hidden(s, spec):
    p = _problem_from_spec(spec)
    _fit_compare(s, p, spec["label"], max_iter=spec.get("max_iter", 100), tol=1e-6)


FIT_GMM = Exercise("fit_gmm", [(1, _fit_history), (1, _fit_result), (1, _fit_stopping)],
                   _fit_hidden)
