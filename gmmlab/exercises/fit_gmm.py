"""Exercise of chapter 05: ``fit_gmm``, the EM loop with its stopping rule."""

from __future__ import annotations

import numpy as np

from . import reference as ref
from .harness import as_array, close, finite, unpack
from .verdict import Mistake

#: What the student sees, stage by stage: a nudge, then the key formula (Markdown with LaTeX).
HINTS = (
    ("Alternate your e_step and m_step. max_iter counts M-steps, so the loop runs at most "
     "max_iter + 1 E-steps: one for the start and one after each M-step. Record the "
     "log-likelihood returned by each E-step (before the M-step that follows it), stop as soon "
     "as it improved by strictly less than tol, and never run an M-step after the last E-step."),
    (r"for $i = 0,\dots,$ max_iter: $(r,\ell_i)$ = e_step(params); append $\ell_i$; if "
     r"$i>0$ and $\ell_i-\ell_{i-1}<$ tol: stop; if $i =$ max_iter: stop; params = "
     r"m_step(X, r). Return params and np.array($[\ell_0, \ell_1, \dots]$). With max_iter=0 "
     r"this returns the start and $[\ell_0]$. EM never decreases $\ell$ (up to reg_covar's "
     r"tiny effect): a decrease means a bug in one of the steps."),
)


def _fit_output(s, p, strict=False, **kwargs):
    """Call fit_gmm on problem ``p``; ``strict`` also checks that log_likelihoods is an array."""
    X = p["X"]
    _n, d = X.shape
    k = len(p["weights"])
    out = s.call(X, p["weights"], p["means"], p["covs"], **kwargs)
    w, m, c, lls = unpack(out, 4, "weights, means, covs, log_likelihoods")
    if strict and not isinstance(lls, np.ndarray):
        raise Mistake(f"log_likelihoods should be a NumPy array, got a {type(lls).__name__}: "
                      "return np.array(...) of the recorded values")
    w = as_array(w, "weights", shape=((k, "n_components"),))
    m = as_array(m, "means", shape=((k, "n_components"), (d, "n_features")))
    c = as_array(c, "covs", shape=((k, "n_components"), (d, "n_features"), (d, "n_features")))
    lls = as_array(lls, "log_likelihoods")
    if lls.ndim != 1:
        raise Mistake("log_likelihoods should be a 1-D array with one value per E-step")
    if lls.size == 0:
        raise Mistake(f"log_likelihoods is empty (max_iter={kwargs.get('max_iter')}): even with "
                      "max_iter=0 run one E-step, for the log-likelihood of the start; max_iter "
                      "counts M-steps")
    for arr, what in ((w, "weights"), (m, "means"), (c, "covs"), (lls, "log_likelihoods")):
        finite(arr, what)
    return w, m, c, lls


_PROBLEMS = {}
_REF_FITS = {}


def _problem(name):
    """The check's problems, built once: the main one and two with one component (K = 1)."""
    if name not in _PROBLEMS:
        _PROBLEMS[name] = {
            "main": lambda: ref.problem(503, n=60, d=2, k=3, spread=5.0),
            # EM's fixed point after one M-step: from then on every gain is exactly 0
            "fixed point": lambda: ref.one_component(511),
            # started at the unregularised MLE of tiny-variance data: reg_covar lowers ell
            "decrease": lambda: ref.one_component(512, n=20, spread=1e-3, at_mle=True),
        }[name]()
    return _PROBLEMS[name]


def _fit_problem():
    return _problem("main")


def _ref_fit(p, max_iter, tol):
    """Reference EM on a problem, computed once per (data, max_iter, tol)."""
    key = (p["X"].tobytes(), p["means"].tobytes(), max_iter, tol)
    if key not in _REF_FITS:
        if len(_REF_FITS) > 16:
            _REF_FITS.clear()
        _REF_FITS[key] = ref.em_fit(p["X"], p["weights"], p["means"], p["covs"],
                                    max_iter=max_iter, tol=tol)
    return _REF_FITS[key]


def _fit_history(s):
    p = _fit_problem()
    _w, m, _c, lls = _fit_output(s, p, strict=True, max_iter=100, tol=1e-6)
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
    # the course's one rule for a decrease (gmmlab.figures.gains.decreases)
    drops = np.flatnonzero(np.diff(lls) < -1e-8 * np.maximum(1.0, np.abs(lls[:-1])))
    if drops.size:
        raise Mistake(f"the log-likelihood decreases at iteration {int(drops[0]) + 1}: EM never "
                      "decreases it, so an E- or M-step update is wrong")
    if steps.size:
        raise Mistake(f"log_likelihoods[{int(steps[0])}] differs from the value EM reaches from "
                      "the same start: an update in the loop is wrong (e.g. the covariance uses "
                      "the old means, or the steps are out of order)")


def _last_recorded(p, w, m, c, lls, where):
    """The returned parameters must be those whose log-likelihood is ``log_likelihoods[-1]``."""
    ll = ref.e_step(p["X"], w, m, c)[1]
    if not close(ll, lls[-1], rtol=1e-8, atol=1e-8):
        raise Mistake("the returned parameters are not those of the last E-step (their "
                      f"log-likelihood is not log_likelihoods[-1]){where}: never run an M-step "
                      "after the last E-step")


def _fit_compare(s, p, label="", **kwargs):
    where = f" ({label})" if label else ""
    w, m, c, lls = _fit_output(s, p, **kwargs)
    ew, em, ec, ells = _ref_fit(p, kwargs["max_iter"], kwargs["tol"])
    if not np.isclose(w.sum(), 1.0, atol=1e-6):
        raise Mistake(f"the fitted weights do not sum to 1{where}")
    _last_recorded(p, w, m, c, lls, where)
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
    p = _fit_problem()
    _fit_compare(s, p, max_iter=100, tol=1e-6)
    w, m, c, lls = _fit_output(s, p, max_iter=0, tol=1e-6)
    if len(lls) != 1:
        raise Mistake("with max_iter=0 fit_gmm should run exactly one E-step and no M-step "
                      "(log_likelihoods of length 1): max_iter counts M-steps")
    perm = list(ref_perm(m, p["means"]))  # components in any order
    if not (close(w[perm], p["weights"]) and close(m[perm], p["means"])
            and close(c[perm], p["covs"])):
        raise Mistake("with max_iter=0 fit_gmm should run one E-step and no M-step, and return "
                      "the parameters it was given: never run an M-step after the last E-step")
    _fit_compare(s, p, "when max_iter stops the loop", max_iter=3, tol=-np.inf)
    _fit_compare(s, p, "when the increase is below tol", max_iter=100, tol=1e9)


def _fit_stopping(s):
    p = _fit_problem()
    _, _, _, lls = _fit_output(s, p, max_iter=4, tol=1e-6)
    if len(lls) != 5:
        raise Mistake("with max_iter=4 log_likelihoods should have 5 entries (the start and one "
                      "after each of the 4 M-steps): max_iter counts M-steps, not E-steps")
    _, _, _, lls = _fit_output(s, p, max_iter=100, tol=1e9)
    if len(lls) != 2:
        raise Mistake("with a huge tol EM should stop as soon as the increase is below tol, "
                      "after the second log-likelihood")
    lls, ells = _fit_compare(s, p, max_iter=200, tol=1e-3)
    _rule_followed(lls, 200, 1e-3)
    if abs(len(lls) - len(ells)) > 1:
        raise Mistake("stops at the wrong iteration: stop when log_likelihoods[i] - "
                      "log_likelihoods[i-1] < tol")
    # K = 1: gains of exactly 0 after the first M-step; with tol=0 they do not stop the loop
    _rule_followed(_fit_output(s, _problem("fixed point"), max_iter=5, tol=0.0)[3], 5, 0.0)
    # reg_covar lowers the log-likelihood of an unregularised optimum: a decrease stops it
    _rule_followed(_fit_output(s, _problem("decrease"), max_iter=5, tol=1e-6)[3], 5, 1e-6)


def _rule_followed(lls, max_iter, tol):
    """The stopping rule, judged on the student's own values: stop exactly when gain < tol."""
    if len(lls) > max_iter + 1:
        raise Mistake("runs more than max_iter M-steps (more than max_iter + 1 E-steps)")
    gains = np.diff(lls)
    for i, gain in enumerate(gains[:-1], start=1):  # the loop went on after each of these
        if gain < tol and gain < 0 and abs(gain) >= tol:
            raise Mistake("does not stop when the log-likelihood decreases (reg_covar can lower "
                          "it): a decrease is an increase below tol, so compare the signed "
                          "difference with tol, not its absolute value")
        if gain < tol:
            raise Mistake(f"does not stop at iteration {i} although the increase is below tol")
    if len(lls) < max_iter + 1:
        if len(lls) == 1:
            raise Mistake("stops after the first E-step: the test starts with the second value")
        if gains[-1] == tol:
            raise Mistake(f"stops when the increase equals tol (tol={tol:g}): the rule is "
                          "strict, stop only when the increase is below tol")
        if not gains[-1] < tol:
            raise Mistake("stops although the increase is not below tol: stop when "
                          "log_likelihoods[i] - log_likelihoods[i-1] < tol")


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
    {"label": "max_iter reached before convergence", "seed": 955, "d": 2, "k": 3,
     "max_iter": 3},
)

from .variants import Alternative, Mutant

# The variants run in the chapter's namespace: e_step and m_step there are the student's (F821).


def _while_loop(X, weights, means, covs, max_iter=100, tol=1e-6):
    resp, ll = e_step(X, weights, means, covs)  # noqa: F821
    lls = [ll]
    while len(lls) <= max_iter:
        weights, means, covs = m_step(X, resp)  # noqa: F821
        resp, ll = e_step(X, weights, means, covs)  # noqa: F821
        lls.append(ll)
        if lls[-1] - lls[-2] < tol:
            break
    return weights, means, covs, np.array(lls)


def _params_tuple(X, weights, means, covs, max_iter=100, tol=1e-6):
    history = np.zeros(0)
    params = (weights, means, covs)
    for it in range(max_iter + 1):
        resp, ll = e_step(X, *params)  # noqa: F821
        history = np.append(history, ll)
        if it >= 1 and history[it] - history[it - 1] < tol:
            break
        if it < max_iter:
            params = m_step(X, resp)  # noqa: F821
    return params[0], params[1], params[2], history


def _deferred_m_step(X, weights, means, covs, max_iter=100, tol=1e-6):
    # the M-step of pass i runs at the start of pass i + 1, so none follows the last E-step
    params, resp, lls = (weights, means, covs), None, np.empty(max_iter + 1)
    for i in range(max_iter + 1):
        if resp is not None:
            params = m_step(X, resp)  # noqa: F821
        resp, lls[i] = e_step(X, *params)  # noqa: F821
        if i and not lls[i] - lls[i - 1] >= tol:
            return (*params, lls[:i + 1])
    return (*params, lls)


_APPEND = "        log_likelihoods.append(log_likelihood)\n"
_STOP = "if i > 0 and log_likelihoods[-1] - log_likelihoods[-2] < tol:"
_LAST = "        if i == max_iter:  # no M-step after the last E-step\n            break\n"
_LOOP = "    for i in range(max_iter + 1):\n"
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
            (_LAST + _M_STEP, _LAST)),
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
    Mutant(((_LAST, ""),),
           "never run an M-step after the last E-step",
           "runs an M-step after the last allowed E-step"),
    Mutant(((_LOOP, "    for i in range(max_iter):\n"),
            (_LAST, _LAST.replace("max_iter:", "max_iter - 1:"))),
           "max_iter counts M-steps", "counts max_iter as E-steps (one M-step too few)"),
    Mutant(((_LAST + _M_STEP, _LAST), (_APPEND, _M_STEP + _APPEND)),
           "not those of the last E-step", "runs the M-step before the convergence test"),
    Mutant(((_STOP, _STOP.replace("< tol", "<= tol")),),
           "the rule is strict", "stops when the increase equals tol (<= instead of <)"),
    Mutant(((_STOP, "if i > 0 and abs(log_likelihoods[-1] - log_likelihoods[-2]) < tol:"),),
           "signed difference", "tests the absolute change, so a decrease does not stop it"),
    Mutant((("np.array(log_likelihoods)", "log_likelihoods"),),
           "NumPy array", "returns the list of log-likelihoods"),
)

#: Correct variants: each must get full marks, hidden cases included.
ALTERNATIVES = (
    Alternative(_while_loop, "a while loop, E-step before it, the list converted at the end"),
    Alternative(_params_tuple, "parameters as one tuple, history grown with np.append"),
    Alternative(_deferred_m_step, "the M-step deferred to the next pass, a preallocated history"),
)
# END INSTRUCTOR ONLY
