"""Exercise of chapter 02: a numerically stable ``logsumexp``."""

from __future__ import annotations

import warnings

import numpy as np

from . import reference as ref
from .harness import Session, as_array, close
from .verdict import Mistake

#: What the student sees, stage by stage: a nudge, then the key formula (Markdown with LaTeX).
HINTS = (
    ("exp(1000) overflows. Pull the largest entry out of the sum first (the largest, not the "
     "mean), and take care of slices whose maximum is not a finite number (all -inf, or "
     "containing +inf)."),
    (r"$\log\sum_i e^{a_i} = m + \log\sum_i e^{a_i - m}$ with $m = \max_i a_i$ (`np.max(a, "
     r"axis=axis, keepdims=True)`; replace a non-finite $m$ by 0), the log inside `with "
     r'np.errstate(divide="ignore"):`. Remove the kept axis at the end so the shape matches '
     r"`scipy.special.logsumexp`, and return `float(...)` when `axis` is None."),
)


def _a(noun: str) -> str:
    """``noun`` with its indefinite article: "a list", "an int"."""
    return ("an " if noun[:1] in "aeiou" else "a ") + noun


def _result(s: Session, a, axis, label):
    out = s.call(a) if axis is None else s.call(a, axis=axis)
    expected = np.asarray(ref.logsumexp(a, axis=axis))
    got = as_array(out, "the result")
    if got.shape != expected.shape:
        if got.size == expected.size and got.ndim == a.ndim:
            raise Mistake(f"keeps the reduced axis ({label}): the result should have the axis "
                          "removed, like scipy.special.logsumexp")
        if axis is None:
            raise Mistake("with axis=None the result should be a single number (sum over all "
                          f"entries), got shape {got.shape}")
        raise Mistake(f"result has the wrong shape ({label}): got {got.shape}")
    return got, expected


def _diagnose(a, axis, got, expected, label):
    with np.errstate(all="ignore"):
        m = np.max(a, axis=axis)
        if close(got, expected - m, rtol=1e-6, atol=1e-8):
            return f"forgets to add the maximum back after the shift ({label})"
        if close(got, np.log(np.sum(a, axis=axis)), rtol=1e-6):
            return f"computes log(sum(a)) without the exp ({label})"
        if close(got, np.sum(np.exp(a), axis=axis), rtol=1e-6):
            return f"forgets the log ({label})"
        if axis is not None and close(got, np.asarray(ref.logsumexp(a, axis=1 - axis % 2)),
                                      rtol=1e-6):
            return f"sums over the wrong axis ({label})"
    return f"values differ from log(sum(exp(a))) ({label})"


def _compare(s, a, axis, label):
    got, expected = _result(s, a, axis, label)
    if np.isnan(got).any():
        raise Mistake(f"returns NaN ({label})")
    if not close(got, expected, rtol=1e-7, atol=1e-9):
        raise Mistake(_diagnose(a, axis, got, expected, label))


def _is_float(s, a):
    """With axis=None the result is a float: a Python float (np.float64 is one), no 0-d array."""
    out = s.call(a)
    if not isinstance(out, float):
        kind = ("a 0-d NumPy array" if isinstance(out, np.ndarray) and out.ndim == 0
                else _a(type(out).__name__))
        raise Mistake(f"with axis=None return a float (e.g. float(...)), not {kind}")


def _basic(s):
    rng = np.random.default_rng(201)
    a, b = rng.normal(size=6), rng.normal(size=(3, 4))
    _compare(s, a, None, "a 1-D array")
    _compare(s, b, None, "axis=None on a 2-D array")
    _is_float(s, a)
    _is_float(s, b)


def _axes(s):
    rng = np.random.default_rng(202)
    a = rng.normal(size=(5, 3)) * 3
    _compare(s, a, 1, "axis=1")
    _compare(s, a, 0, "axis=0")
    _compare(s, a, -1, "axis=-1")


def _stable(s):
    big = np.array([[1000.0, 1000.5, 999.0], [-1000.0, -1001.0, -1000.5]])
    got, expected = _result(s, big, 1, "large values")
    if not np.isfinite(got).all():
        raise Mistake("overflows or underflows on large values such as 1000 or -1000: subtract "
                      "the maximum before exp (the shift) and add it back after the log")
    if not close(got, expected, rtol=1e-9, atol=1e-9):
        raise Mistake(_diagnose(big, 1, got, expected, "large values"))
    # entries far apart: only the maximum keeps every shifted exponent <= 0 (not the mean)
    wide = np.array([[-1000.0, 1000.0], [1500.0, -500.0], [-2000.0, -3000.0]])
    got, expected = _result(s, wide, 1, "entries far apart")
    if not np.isfinite(got).all():
        raise Mistake("overflows when the entries of a slice are far apart, such as -1000 and "
                      "1000: shift each slice by its maximum (a shift by the mean still "
                      "overflows)")
    if not close(got, expected, rtol=1e-9, atol=1e-9):
        raise Mistake(_diagnose(wide, 1, got, expected, "entries far apart"))
    _infinite(s)


def _infinite(s):
    """-inf slices give -inf quietly, a slice containing +inf gives +inf, as the text states."""
    neg = np.array([[-np.inf, -np.inf, -np.inf], [0.0, -np.inf, 1.0]])
    got, expected = _result(s, neg, 1, "a slice of -inf")
    if np.isnan(got).any():
        raise Mistake("returns NaN for a slice whose entries are all -inf (log of 0 probability); "
                      "it should return -inf: only shift by a finite maximum")
    if not close(got, expected):
        raise Mistake(_diagnose(neg, 1, got, expected, "a slice of -inf"))
    pos = np.array([[np.inf, 0.0, -np.inf], [1.0, 2.0, 3.0]])
    got, expected = _result(s, pos, 1, "a slice containing +inf")
    if np.isnan(got).any() or not close(got, expected):
        raise Mistake("does not return +inf for a slice that contains +inf: replace every "
                      "non-finite maximum by 0 before the shift, not only -inf")
    quiet = np.array([[-np.inf, -np.inf], [-np.inf, 2.0]])
    with warnings.catch_warnings(record=True) as caught, \
            np.errstate(divide="warn", over="warn", invalid="warn", under="ignore"):
        warnings.simplefilter("always")
        s.call(quiet, axis=1)
    if any(issubclass(w.category, RuntimeWarning) for w in caught):
        raise Mistake("emits a RuntimeWarning for a slice of -inf: compute the log inside "
                      "np.errstate(divide=\"ignore\") so that log(0) gives -inf quietly")


def _hidden(s, spec):
    rng = np.random.default_rng(spec["seed"])
    a = rng.normal(size=tuple(spec["shape"])) * spec.get("scale", 1.0) + spec.get("offset", 0.0)
    _compare(s, a, spec.get("axis"), spec["label"])


#: The parts of the check, one point each, in the order they run.
PARTS = (_basic, _axes, _stable,)

#: Runs one hidden case (a dict of HIDDEN_CASES) through the full comparison.
run_hidden = _hidden

# BEGIN INSTRUCTOR ONLY: the student release drops everything from here to the END marker.
#: Cases the autograder adds to the visible parts: other seeds, sizes and shapes.
HIDDEN_CASES = (
    {"label": "a 3-D array, axis=2", "seed": 921, "shape": [2, 3, 4], "axis": 2},
    {"label": "very large values", "seed": 922, "shape": [4, 5], "axis": 0, "scale": 50.0, "offset": 5000.0},
    {"label": "very negative values", "seed": 923, "shape": [6], "axis": None, "offset": -3000.0},
)

from .variants import Alternative, Mutant, Replacement


def _with_scipy(a, axis=None):
    from scipy.special import logsumexp as _lse

    return _lse(a, axis=axis)


def _logaddexp_reduce(a, axis=None):
    a = np.asarray(a, dtype=float)
    if axis is None:
        return np.logaddexp.reduce(a.ravel())
    return np.logaddexp.reduce(a, axis=axis)


def _expand_dims(a, axis=None):
    a = np.asarray(a, dtype=float)
    if axis is None:
        a = a.ravel()
        axis = 0
    m = np.max(a, axis=axis)
    m_safe = np.where(np.isinf(m), 0.0, m)
    s = np.sum(np.exp(a - np.expand_dims(m_safe, axis)), axis=axis)
    with np.errstate(divide="ignore"):
        return np.log(s) + m_safe


_ADD_BACK = "keepdims=True)) + shift"

#: Classic mistakes: each must lose points, and the feedback must contain its fragment.
MUTANTS = (
    Mutant((("np.exp(a - shift)", "np.exp(a)"), (_ADD_BACK, "keepdims=True))")),
           "overflows", "no shift: log(sum(exp(a))) overflows"),
    Mutant(((_ADD_BACK, "keepdims=True))"),),
           "add the maximum back", "shifts by the maximum but never adds it back"),
    Mutant((("return float(out.reshape(()))", "return out"),
            ("return np.squeeze(out, axis=axis)", "return out")),
           "keeps the reduced axis", "returns the result with keepdims=True"),
    Mutant((("    shift = np.where(np.isfinite(shift), shift, 0.0)\n", ""),),
           "all -inf", "shifts by a maximum of -inf (NaN for a slice of -inf)"),
    Replacement(_with_scipy, "NumPy-only", "calls scipy.special.logsumexp"),
    Mutant((("shift = np.max(a, axis=axis, keepdims=True)",
             "shift = np.mean(a, axis=axis, keepdims=True)"),),
           "by the mean", "shifts by the mean instead of the maximum"),
    Mutant((("np.where(np.isfinite(shift), shift, 0.0)", "np.where(np.isneginf(shift), 0.0, shift)"),),
           "contains +inf", "replaces only a -inf maximum (NaN for a slice with +inf)"),
    Mutant((("    with np.errstate(divide=\"ignore\"):\n        out = ", "    if True:\n        out = "),),
           "RuntimeWarning", "no np.errstate: log(0) warns"),
    Mutant((("return float(out.reshape(()))", "return out.reshape(())"),),
           "not a 0-d NumPy array", "returns a 0-d array for axis=None"),
)

#: Correct variants: each must get full marks, hidden cases included.
ALTERNATIVES = (
    Alternative(_logaddexp_reduce, "np.logaddexp.reduce"),
    Alternative(_expand_dims, "ravel for axis=None, shift without keepdims"),
)
# END INSTRUCTOR ONLY
