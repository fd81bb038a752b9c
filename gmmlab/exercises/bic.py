"""Exercise of chapter 07: ``bic``, the Bayesian information criterion."""

from __future__ import annotations

import numpy as np

from .harness import as_scalar
from .verdict import Mistake

#: What the student sees, stage by stage: a nudge, then the key formula (Markdown with LaTeX).
HINTS = (
    "BIC rewards fit (a high log-likelihood) and penalises size; lower is better.",
    r"$\mathrm{BIC} = -2\log L + p\ln n$ (natural logarithm, n = number of samples).",
)


def _a(noun: str) -> str:
    """``noun`` with its indefinite article: "a list", "an int"."""
    return ("an " if noun[:1] in "aeiou" else "a ") + noun


def criterion(s, args, want, name, penalty):
    """Compare ``name(*args)`` with ``want``, then check that it is a float, as the text says."""
    out = s.call(*args)
    _diagnose(as_scalar(out, name), args, want, name, penalty)
    if not isinstance(out, float):  # np.float64 is a float; a 0-d array or an int is not
        kind = ("a 0-d NumPy array" if isinstance(out, np.ndarray) and out.ndim == 0
                else _a(type(out).__name__))
        raise Mistake(f"{name} returns {kind}; return a Python float (float(...))")


def _diagnose(got, args, want, name, penalty):
    if np.isclose(got, want, rtol=1e-10, atol=1e-10):
        return
    ll, p = args[0], args[1]
    if np.isclose(got, -want, rtol=1e-10):
        raise Mistake(f"wrong sign: {name} = -2 log L + penalty (lower is better)")
    if np.isclose(got, 2 * ll - penalty, rtol=1e-10) or np.isclose(got, 2 * ll + penalty,
                                                                      rtol=1e-10):
        raise Mistake(f"wrong sign of the log-likelihood term: {name} = -2 log L + penalty")
    if np.isclose(got, -ll + penalty, rtol=1e-10):
        raise Mistake(f"the log-likelihood term needs the factor -2 ({name} = -2 log L + penalty)")
    if name == "bic":
        n = args[2]
        if np.isclose(got, -2 * ll + p * n, rtol=1e-10) or np.isclose(got, -2 * ll + p,
                                                                      rtol=1e-10):
            raise Mistake("the penalty is p * ln(n): the natural log of the number of samples")
        if np.isclose(got, -2 * ll + p * np.log10(n), rtol=1e-10):
            raise Mistake("uses log10; the penalty is p * ln(n) with the natural logarithm")
        if np.isclose(got, -2 * ll + 2 * p, rtol=1e-10):
            raise Mistake("this is AIC's penalty 2p; BIC uses p * ln(n)")
    else:
        if np.isclose(got, -2 * ll + p, rtol=1e-10):
            raise Mistake("the penalty is 2p, not p")
        if np.isclose(got, -2 * ll + p * np.log(args[2] if len(args) > 2 else 1), rtol=1e-10):
            raise Mistake("this is BIC's penalty; AIC uses 2p")
    raise Mistake(f"{name} differs from -2 log L + penalty")


def _bic(s):
    for ll, p, n in ((-1234.5, 17, 300), (52.25, 5, 40)):
        criterion(s, (ll, p, n), -2 * ll + p * np.log(n), "bic", p * np.log(n))


def _bic_hidden(s, spec):
    ll, p, n = spec["args"]
    criterion(s, (ll, p, n), -2 * ll + p * np.log(n), "bic", p * np.log(n))


#: The parts of the check, one point each, in the order they run.
PARTS = (_bic,)

#: Runs one hidden case (a dict of HIDDEN_CASES) through the full comparison.
run_hidden = _bic_hidden

# BEGIN INSTRUCTOR ONLY: the student release drops everything from here to the END marker.
#: Cases the autograder adds to the visible parts: other seeds, sizes and shapes.
HIDDEN_CASES = (
    {"label": "n = 1", "args": (-3.5, 2, 1)},
    {"label": "a large sample", "args": (-98765.4321, 120, 100000)},
)

from .variants import Alternative, Mutant


def _penalty_first(log_likelihood, n_params, n_samples):
    return n_params * np.log(n_samples) - 2.0 * log_likelihood


def _with_math(log_likelihood, n_params, n_samples):
    import math

    return -2 * (log_likelihood - 0.5 * n_params * math.log(n_samples))


_FIT = "-2.0 * log_likelihood"

#: Classic mistakes: each must lose points, and the feedback must contain its fragment.
MUTANTS = (
    Mutant(((_FIT + " + n_params", "2.0 * log_likelihood - n_params"),),
           "wrong sign", "the whole criterion with the wrong sign"),
    Mutant((("n_params * np.log(n_samples))", "n_params * n_samples)"),),
           "ln(n)", "penalty p * n instead of p * ln(n)"),
    Mutant((("n_params * np.log(n_samples))", "n_params * np.log10(n_samples))"),),
           "log10", "log10 instead of the natural log"),
    Mutant(((_FIT, "-log_likelihood"),),
           "factor -2", "-log L instead of -2 log L"),
    Mutant((("return float(", "return np.asarray("),),
           "0-d NumPy array", "returns a 0-d array instead of a float"),
)

#: Correct variants: each must get full marks, hidden cases included.
ALTERNATIVES = (
    Alternative(_penalty_first, "penalty first"),
    Alternative(_with_math, "math.log, -2 factored out"),
)
# END INSTRUCTOR ONLY
