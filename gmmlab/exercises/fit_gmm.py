"""Exercise of chapter 05: ``fit_gmm``, the EM loop with its stopping rule."""

from __future__ import annotations

import numpy as np

from . import reference as ref
from .harness import as_array, close, finite, unpack
from .verdict import Mistake

#: What the student sees, stage by stage: a nudge, then the key formula (Markdown with LaTeX).
HINTS = (
    ("Alternate your e_step and m_step in a loop of at most max_iter iterations. Record the "
     "log-likelihood returned by each E-step (before the M-step) and stop as soon as it "
     "improved by less than tol."),
    (r"for $i = 0,\dots,$ max_iter$-1$: $(r,\ell_i)$ = e_step(params); append $\ell_i$; if "
     r"$i>0$ and $\ell_i-\ell_{i-1}<$ tol: stop; params = m_step(X, r). EM never decreases "
     r"$\ell$: a decrease means a bug in one of the steps."),
)


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
    from .harness import best_permutation

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
    p = ref.problem_from_spec(spec)
    _fit_compare(s, p, spec["label"], max_iter=spec.get("max_iter", 100), tol=1e-6)


#: The parts of the check, one point each, in the order they run.
PARTS = (_fit_history, _fit_result, _fit_stopping,)

#: Runs one hidden case (a dict of HIDDEN_CASES) through the full comparison.
run_hidden = _fit_hidden

# BEGIN INSTRUCTOR ONLY: the student release drops everything from here to the END marker.
#: Cases the autograder adds to the visible parts: other seeds, sizes and shapes.
HIDDEN_CASES = (
    {"label": "one component (K = 1)", "seed": 951, "d": 2, "k": 1},
    {"label": "1-dimensional data", "seed": 952, "d": 1, "k": 2, "n": 50},
    {"label": "4-dimensional data", "seed": 953, "d": 4, "k": 2, "n": 60},
    {"label": "far-apart clusters", "seed": 954, "d": 2, "k": 2, "far": True},
)

from .variants import Alternative, Mutant

# The variants run in the chapter's namespace: e_step and m_step there are the student's (F821).


def _while_loop(X, weights, means, covs, max_iter=100, tol=1e-6):
    resp, ll = e_step(X, weights, means, covs)  # noqa: F821
    lls = [ll]
    while len(lls) < max_iter:
        weights, means, covs = m_step(X, resp)  # noqa: F821
        resp, ll = e_step(X, weights, means, covs)  # noqa: F821
        lls.append(ll)
        if lls[-1] - lls[-2] < tol:
            break
    return weights, means, covs, lls


def _params_tuple(X, weights, means, covs, max_iter=100, tol=1e-6):
    history = np.zeros(0)
    params = (weights, means, covs)
    for it in range(max_iter):
        resp, ll = e_step(X, *params)  # noqa: F821
        history = np.append(history, ll)
        if it >= 1 and history[it] - history[it - 1] < tol:
            break
        params = m_step(X, resp)  # noqa: F821
    return params[0], params[1], params[2], history


_APPEND = "        log_likelihoods.append(log_likelihood)\n"
_STOP = "if i > 0 and log_likelihoods[-1] - log_likelihoods[-2] < tol:"
_M_STEP = "        weights, means, covs = m_step(X, resp)\n"
_OLD_MEANS = (
    "        new_weights, new_means, _ = m_step(X, resp)\n"
    "        nk = resp.sum(axis=0)\n"
    "        covs = np.stack([(resp[:, k] * (X - means[k]).T) @ (X - means[k]) / nk[k]\n"
    "                         + 1e-6 * np.eye(X.shape[1]) for k in range(len(nk))])\n"
    "        weights, means = new_weights, new_means\n"
)

#: Classic mistakes: each must lose points, and the feedback must contain its fragment.
MUTANTS = (
    Mutant(((_APPEND, _M_STEP + "        log_likelihoods.append(e_step(X, weights, means, "
                      "covs)[1])\n"),
            ("            break\n" + _M_STEP, "            break\n")),
           "before the M-step", "records the log-likelihood after the M-step"),
    Mutant((("        " + _STOP + "\n            break\n", ""),),
           "huge tol", "never stops before max_iter"),
    Mutant(((_M_STEP, _OLD_MEANS),),
           "old means", "computes the covariances around the old means"),
    Mutant(((_STOP, "if i > 0 and abs(log_likelihoods[-1] - log_likelihoods[-2]) < tol:"),
            (_M_STEP, _M_STEP + "        if i == 2:  # a buggy update that makes the fit worse\n"
                                "            covs = covs * 4.0\n")),
           "decreases at iteration", "a buggy update lowers the log-likelihood once"),
    Mutant(((_APPEND, "        log_likelihoods.append(log_likelihood / X.shape[0])\n"),),
           "mean log-likelihood", "records the mean log-likelihood"),
)

#: Correct variants: each must get full marks, hidden cases included.
ALTERNATIVES = (
    Alternative(_while_loop, "a while loop, E-step before it, a list of log-likelihoods"),
    Alternative(_params_tuple, "parameters as one tuple, history grown with np.append"),
)
# END INSTRUCTOR ONLY
