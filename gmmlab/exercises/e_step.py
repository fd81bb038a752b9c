"""Exercise of chapter 03: ``e_step``, responsibilities and the total log-likelihood."""

from __future__ import annotations

import numpy as np

from . import reference as ref
from .harness import Session, as_array, as_scalar, close, finite, unpack
from .verdict import Mistake

#: What the student sees, stage by stage: a nudge, then the key formula (Markdown with LaTeX).
HINTS = (
    ("Build an (n_samples, n_components) array of log-probabilities, one column per component,"
     " and normalise each row in log space. Far-apart clusters make every density underflow to"
     " 0 if you leave log space."),
    (r"$\log r_{nk} = \log\pi_k + \log\mathcal N(x_n\mid\mu_k,\Sigma_k) - \ell_n$ with $\ell_n "
     r"= \operatorname{logsumexp}_j\big(\log\pi_j + \log\mathcal "
     r"N(x_n\mid\mu_j,\Sigma_j)\big)$; the total log-likelihood is $\sum_n \ell_n$."),
)


def _a(noun: str) -> str:
    """``noun`` with its indefinite article: "a list", "an int"."""
    return ("an " if noun[:1] in "aeiou" else "a ") + noun


def _kind(value) -> str:
    if isinstance(value, np.ndarray):
        return f"a NumPy array of shape {value.shape}"
    return _a(type(value).__name__)


def _e_output(s: Session, p, strict=""):
    """``(resp, log_likelihood)``; ``strict`` ("resp" or "ll") also checks that item's type."""
    X = p["X"]
    n, k = X.shape[0], len(p["weights"])
    resp, ll = unpack(s.call(X, p["weights"], p["means"], p["covs"]), 2, "resp, log_likelihood")
    raw_resp = resp
    resp = as_array(resp, "resp", shape=((n, "n_samples"), (k, "n_components")))
    ll_arr = as_array(ll, "log_likelihood")
    if ll_arr.ndim > 0 and ll_arr.size == n and n > 1:
        raise Mistake("log_likelihood is per sample; return the total (sum over samples)")
    value = as_scalar(ll, "log_likelihood")
    if strict == "resp" and not isinstance(raw_resp, np.ndarray):
        raise Mistake(f"resp is {_kind(raw_resp)}; return a NumPy array of shape "
                      "(n_samples, n_components)")
    if strict == "ll" and not isinstance(ll, float):  # np.float64 is a float
        raise Mistake(f"log_likelihood is {_kind(ll)}; return one float (e.g. float(np.sum(...)))")
    return resp, value


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
    _e_output(s, p, strict="resp")


def _e_basic_ll(s):
    p = ref.problem(301, n=30, d=2, k=3)
    _, ll = _e_output(s, p)
    _check_ll(ll, ref.e_step(p["X"], p["weights"], p["means"], p["covs"])[1], 30)
    _e_output(s, p, strict="ll")


def _e_far(s):
    p = ref.far_apart(302, d=2, k=2, n=20)
    resp, ll = _e_output(s, p)
    expected = ref.e_step(p["X"], p["weights"], p["means"], p["covs"])
    _check_resp(resp, expected[0], "far-apart clusters")
    _check_ll(ll, expected[1], 20, "far-apart clusters")


def _e_hidden(s, spec):
    p = ref.problem_from_spec(spec)
    resp, ll = _e_output(s, p)
    expected = ref.e_step(p["X"], p["weights"], p["means"], p["covs"])
    _check_resp(resp, expected[0], spec["label"])
    _check_ll(ll, expected[1], p["X"].shape[0], spec["label"])


#: The parts of the check, one point each, in the order they run.
PARTS = (_e_basic_resp, _e_basic_ll, _e_far,)

#: Code rules of the notebook, each worth one point (see rules.py).
RULES = ("no_sample_loop",)

#: Runs one hidden case (a dict of HIDDEN_CASES) through the full comparison.
run_hidden = _e_hidden

# BEGIN INSTRUCTOR ONLY: the student release drops everything from here to the END marker.
#: Cases the autograder adds to the visible parts: other seeds, sizes and shapes.
HIDDEN_CASES = (
    {"label": "one component (K = 1)", "seed": 931, "d": 2, "k": 1},
    {"label": "1-dimensional data", "seed": 932, "d": 1, "k": 3},
    {"label": "5-dimensional data", "seed": 933, "d": 5, "k": 4, "n": 50},
    {"label": "far-apart clusters in 3-D", "seed": 934, "d": 3, "k": 3, "far": True},
)

from .variants import Alternative, Mutant

# The variants run in the chapter's namespace: log_gaussian_pdf there is the student's (F821).


def _slogdet_loop(X, weights, means, covs):
    n, K = X.shape[0], len(weights)
    logp = np.empty((n, K))
    for k in range(K):
        _sign, logdet = np.linalg.slogdet(covs[k])
        diff = X - means[k]
        maha = np.einsum("ni,ij,nj->n", diff, np.linalg.inv(covs[k]), diff)
        logp[:, k] = np.log(weights[k]) - 0.5 * (X.shape[1] * np.log(2 * np.pi) + logdet + maha)
    m = logp.max(axis=1, keepdims=True)
    norm = m[:, 0] + np.log(np.exp(logp - m).sum(axis=1))
    return np.exp(logp - norm[:, None]), norm.sum()


def _logaddexp(X, weights, means, covs):
    logp = np.column_stack([np.log(weights[k]) + log_gaussian_pdf(X, means[k], covs[k])  # noqa: F821
                            for k in range(len(weights))])
    norm = np.logaddexp.reduce(logp, axis=1)
    return np.exp(logp - norm[:, None]), float(np.sum(norm))


_RETURN = "return resp, float(np.sum(per_sample))"

#: Classic mistakes: each must lose points, and the feedback must contain its fragment.
MUTANTS = (
    Mutant((("[np.log(w) + log_gaussian_pdf(X, m, c) for",
             "[w * np.exp(log_gaussian_pdf(X, m, c)) for"),
            ("per_sample = logsumexp(weighted, axis=1)",
             "per_sample = np.log(weighted.sum(axis=1))"),
            ("resp = np.exp(weighted - per_sample[:, None])",
             "resp = weighted / weighted.sum(axis=1, keepdims=True)")),
           "underflow", "works with densities instead of log-densities"),
    Mutant((("resp = np.exp(weighted - per_sample[:, None])",
             "resp = np.exp(weighted - logsumexp(weighted, axis=0)[None, :])"),),
           "normalised over samples instead of components", "normalises resp over axis 0"),
    Mutant((("float(np.sum(per_sample))", "float(np.mean(per_sample))"),),
           "mean over samples", "returns the mean log-likelihood"),
    Mutant(((_RETURN, "return resp, per_sample"),),
           "per sample", "returns the per-sample log-likelihoods"),
    Mutant(((_RETURN, "return resp.T, float(np.sum(per_sample))"),),
           "transposed", "returns resp transposed, (n_components, n_samples)"),
    Mutant(((_RETURN, "return resp, np.sum(per_sample, keepdims=True)"),),
           "return one float", "returns the total as a length-1 array"),
    Mutant(((_RETURN, "return resp.tolist(), float(np.sum(per_sample))"),),
           "resp is a list", "returns resp as a nested list"),
)

#: Correct variants: each must get full marks, hidden cases included.
ALTERNATIVES = (
    Alternative(_slogdet_loop, "a loop over components with slogdet, shift by the row maximum"),
    Alternative(_logaddexp, "the student's log_gaussian_pdf and np.logaddexp.reduce"),
)
# END INSTRUCTOR ONLY
