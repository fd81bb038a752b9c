"""Exercise of chapter 10: ``vb_e_step``, responsibilities from the expectations, in log space.

The reference is scikit-learn's ``BayesianGaussianMixture._estimate_log_prob_resp`` for the model
whose expectations the student receives (:mod:`.vb_reference`).
"""

from __future__ import annotations

import numpy as np

from . import vb_reference as vb
from .harness import as_array, close, unpack
from .verdict import Mistake

#: What the student sees, stage by stage: a nudge, then the key formula (Markdown with LaTeX).
HINTS = (
    ("Build the (n_samples, n_components) array log_rho from the three expectations, then "
     "normalise each row in log space: subtract the row maximum before `np.exp`, as in "
     "chapter 02. The constant -d/2 log(2 pi) is the same in every column and cancels."),
    (r"$\log\rho_{nk}=E[\log\pi_k]+\tfrac12E[\log|\Lambda_k|]-\tfrac12E[(x_n-\mu_k)^\top"
     r"\Lambda_k(x_n-\mu_k)]$, $\log r_{nk}=\log\rho_{nk}-\log\sum_j\rho_{nj}$ (log-sum-exp "
     r"over $j$), and $r_{nk}=\exp(\log r_{nk})$."),
)


def _output(s, e):
    n, k = e[2].shape
    resp, log_resp = unpack(s.call(*e), 2, "resp, log_resp")
    shape = ((n, "n_samples"), (k, "n_components"))
    return as_array(resp, "resp", shape=shape), as_array(log_resp, "log_resp", shape=shape)


def _normalise(log_rho, axis=1):
    top = log_rho.max(axis=axis, keepdims=True)
    return log_rho - (top + np.log(np.exp(log_rho - top).sum(axis=axis, keepdims=True)))


def _diagnose(got_log, e, what, where):
    """The named mistake when ``got_log`` is the log of responsibilities built wrongly."""
    a, b, c = e
    for log_rho, msg in (
            (a[None, :] + b[None, :] - 0.5 * c, "E[log|Lambda_k|] enters with a factor 1/2"),
            (a[None, :] + 0.5 * b[None, :] - c, "the quadratic form enters with a factor -1/2"),
            (a[None, :] + 0.5 * b[None, :] + 0.5 * c, "the quadratic form needs a minus sign"),
            (0.5 * b[None, :] - 0.5 * c, "log_rho misses E[log pi_k], the weights' term"),
            (a[None, :] - 0.5 * c, "log_rho misses E[log|Lambda_k|] / 2")):
        if close(got_log, _normalise(log_rho), rtol=1e-6, atol=1e-8):
            raise Mistake(f"{what}: {msg}{where}")
    log_rho = a[None, :] + 0.5 * b[None, :] - 0.5 * c
    if close(got_log, _normalise(log_rho, axis=0), rtol=1e-6, atol=1e-8):
        raise Mistake(f"{what} is normalised over samples instead of components: each row of "
                      f"resp must sum to 1{where}")


def _compare(s, X, resp, prior, label="", only=None, far=False):
    model, _params = vb.m_step(X, resp, prior)
    if far:  # points 1e5 away from every cluster: each of their rho_nk underflows to 0
        X = np.vstack([X, X[:5] + 1e5])
    e = vb.expectations(X, model)
    expected = vb.log_resp_of(X, model)
    got_resp, got_log = _output(s, e)
    where = f" ({label})" if label else ""
    if only in (None, "resp"):
        if not np.isfinite(got_resp).all():
            raise Mistake(f"resp contains NaN or inf{where}: exp(log_rho) underflows to 0 far "
                          "from every cluster; subtract each row's maximum before np.exp")
        if not np.allclose(got_resp.sum(axis=1), 1.0, atol=1e-8):
            with np.errstate(divide="ignore"):
                _diagnose(np.log(got_resp), e, "resp", where)
            raise Mistake(f"the rows of resp do not sum to 1{where}")
        if not close(got_resp, np.exp(expected), rtol=1e-8, atol=1e-12):
            with np.errstate(divide="ignore"):
                _diagnose(np.log(np.maximum(got_resp, 1e-300)), e, "resp", where)
            raise Mistake(f"resp differs from exp(log_rho - logsumexp(log_rho)){where}")
    if only in (None, "log"):
        if np.isnan(got_log).any() or np.isinf(got_log).any():
            raise Mistake(f"log_resp is not finite{where}: np.log(resp) of an underflowed 0 is "
                          "-inf; compute log_resp = log_rho - logsumexp(log_rho) in log space")
        if not close(got_log, expected, rtol=1e-8, atol=1e-10):
            _diagnose(got_log, e, "log_resp", where)
            if close(got_log, np.exp(expected), rtol=1e-6):
                raise Mistake(f"log_resp holds the responsibilities, not their logs{where}")
            raise Mistake(f"log_resp differs from log_rho - logsumexp(log_rho){where}")


def _problem():
    p = vb.vb_problem(1201, n=40, d=2, k=3)
    return p["X"], p["resp"], p["prior"]


def _part_resp(s):
    _compare(s, *_problem(), only="resp")


def _part_log_resp(s):
    _compare(s, *_problem(), only="log")


def _part_far(s):
    p = vb.vb_problem(1202, n=30, d=2, k=3, far=True)
    _compare(s, p["X"], p["resp"], p["prior"], "far-apart clusters, points far from all",
             far=True)


def _hidden(s, spec):
    p = vb.vb_problem(spec["seed"], n=spec.get("n", 60), d=spec["d"], k=spec["k"],
                      far=spec.get("far", False))
    _compare(s, p["X"], p["resp"], p["prior"], spec["label"], far=spec.get("far", False))


#: The parts of the check, one point each, in the order they run.
PARTS = (_part_resp, _part_log_resp, _part_far)

#: Code rules of the notebook, each worth one point (see rules.py); e_quad is per sample.
RULES = ("no_sample_loop",)
SAMPLE_ARGUMENTS = (2,)

#: Runs one hidden case (a dict of HIDDEN_CASES) through the full comparison.
run_hidden = _hidden

# BEGIN INSTRUCTOR ONLY: the student release drops everything from here to the END marker.
#: Cases the autograder adds to the visible parts: other seeds, sizes and shapes.
HIDDEN_CASES = (
    {"label": "one component (K = 1)", "seed": 1241, "d": 2, "k": 1},
    {"label": "1-dimensional data", "seed": 1242, "d": 1, "k": 3},
    {"label": "5-dimensional data", "seed": 1243, "d": 5, "k": 4, "n": 80},
    {"label": "far-apart clusters in 3-D", "seed": 1244, "d": 3, "k": 4, "far": True},
)

from .variants import Alternative, Mutant


def _logaddexp(e_log_pi, e_log_det, e_quad):
    log_rho = e_log_pi + 0.5 * e_log_det - 0.5 * e_quad
    log_norm = np.logaddexp.reduce(log_rho, axis=1)
    log_resp = log_rho - log_norm[:, None]
    return np.exp(log_resp), log_resp


def _column_loop(e_log_pi, e_log_det, e_quad):
    K = len(e_log_pi)
    log_rho = np.empty(e_quad.shape)
    for k in range(K):
        log_rho[:, k] = e_log_pi[k] + e_log_det[k] / 2 - e_quad[:, k] / 2
    shift = np.max(log_rho, axis=1)
    log_resp = (log_rho.T - shift - np.log(np.sum(np.exp(log_rho.T - shift), axis=0))).T
    return np.exp(log_resp), log_resp


_RHO = "log_rho = e_log_pi[None, :] + 0.5 * e_log_det[None, :] - 0.5 * e_quad"
_NORM = "log_norm = top + np.log(np.exp(log_rho - top).sum(axis=1, keepdims=True))"

#: Classic mistakes: each must lose points, and the feedback must contain its fragment.
MUTANTS = (
    Mutant(((_NORM, "log_norm = np.log(np.exp(log_rho).sum(axis=1, keepdims=True))"),),
           "underflows", "normalises without the shift by the row maximum"),
    Mutant(((_RHO, _RHO.replace("0.5 * e_log_det", "e_log_det")),),
           "factor 1/2", "E[log|Lambda|] without its 1/2"),
    Mutant(((_RHO, _RHO.replace("e_log_pi[None, :] + ", "")),),
           "misses E[log pi_k]", "forgets the weights' term"),
    Mutant(((_NORM, _NORM.replace("axis=1", "axis=0")),
            ("top = log_rho.max(axis=1, keepdims=True)", "top = log_rho.max(axis=0, keepdims=True)")),
           "normalised over samples", "normalises over the samples"),
    Mutant((("return np.exp(log_resp), log_resp",
             "resp = np.exp(log_resp)\n    return resp, np.log(resp)"),),
           "log_resp is not finite", "log_resp = np.log(resp)"),
)

#: Correct variants: each must get full marks, hidden cases included.
ALTERNATIVES = (
    Alternative(_logaddexp, "np.logaddexp.reduce over the components"),
    Alternative(_column_loop, "a loop over the components, normalised on the transpose"),
)
# END INSTRUCTOR ONLY
