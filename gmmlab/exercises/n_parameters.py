"""Exercise of chapter 07: ``n_parameters``, the free parameters of a mixture."""

from __future__ import annotations

import numbers

import numpy as np

from . import reference as ref
from .failures import check_unknown_type_error
from .harness import Session, as_scalar
from .verdict import Mistake, NotAttempted

#: The valid values of covariance_type, which the error message must list.
VALID_TYPES = ("full", "tied", "diag", "spherical")

#: What the student sees, stage by stage: a nudge, then the key formula (Markdown with LaTeX).
HINTS = (
    ("Count free numbers: mixing weights (they sum to 1), means, and covariance entries (a "
     "covariance matrix is symmetric). Count with integers (`//`, not `/`), and check "
     "`covariance_type` before you count."),
    (r"$p = (K-1) + Kd + c$ with $c = K\frac{d(d+1)}2$ (full), $\frac{d(d+1)}2$ (tied), $Kd$ "
     r"(diag), $K$ (spherical); return `int(p)`. Anything else: `raise ValueError(f"
     r'"covariance_type must be one of full, tied, diag, spherical; got {covariance_type!r}")`.'),
)


def _count(s: Session, k, d, cov_type=None):
    out = s.call(k, d) if cov_type is None else s.call(k, d, covariance_type=cov_type)
    value = as_scalar(out, "the parameter count")
    if not np.isfinite(value):
        raise Mistake("the parameter count is not finite")
    return value


def _diagnose_count(got, k, d, cov_type):
    want = ref.n_parameters(k, d, cov_type)
    cov = want - (k * d + k - 1)
    if cov_type in ("full", "tied"):
        n_mats = k if cov_type == "full" else 1
        if got == want - cov + n_mats * d * d:
            return f"counts d*d covariance entries ({cov_type}); a symmetric matrix has d(d+1)/2"
        if cov_type == "tied" and got == ref.n_parameters(k, d, "full"):
            return "counts one covariance per component for 'tied'; tied shares one matrix"
    if got == want + 1:
        return f"counts K mixing weights ({cov_type}); they sum to 1, so only K-1 are free"
    if got == want - k * d:
        return f"forgets the means ({cov_type})"
    return f"the count for covariance_type={cov_type!r} is wrong"


def _is_int(s, k, d, cov_type=None):
    """The count is an int (a NumPy integer counts as one; 17.0 does not)."""
    out = s.call(k, d) if cov_type is None else s.call(k, d, covariance_type=cov_type)
    if isinstance(out, bool) or not isinstance(out, numbers.Integral):
        raise Mistake(f"returns a {type(out).__name__}; the parameter count must be an int (use "
                      "integer division // or int(...))")


def _np_full(s):
    for k, d in ((3, 2), (4, 5), (1, 3)):
        got = _count(s, k, d)
        if got != ref.n_parameters(k, d, "full"):
            raise Mistake(_diagnose_count(got, k, d, "full"))
        _is_int(s, k, d)


def _raised(s, *args, **kwargs):
    """The exception the student's function raises for these arguments, or None."""
    def probe(*a, **kw):
        try:
            s.func(*a, **kw)
        except Exception as exc:  # noqa: BLE001 - what it raises is what we check
            return exc
        return None

    exc = Session(s.name, probe).call(*args, **kwargs)
    if isinstance(exc, NotImplementedError):
        raise NotAttempted("the stub still raises NotImplementedError")
    return exc


def _unknown_type(s, bad):
    check_unknown_type_error(_raised(s, 3, 2, covariance_type=bad), bad, "a count",
                             VALID_TYPES)


def _np_types(s):
    for cov_type in VALID_TYPES:
        for k, d in ((3, 2), (2, 4)):
            got = _count(s, k, d, cov_type)
            if got != ref.n_parameters(k, d, cov_type):
                raise Mistake(_diagnose_count(got, k, d, cov_type))
            _is_int(s, k, d, cov_type)
    _unknown_type(s, "banded")
    _unknown_type(s, "FULL")  # the names are exact


def _np_hidden(s, spec):
    got = _count(s, spec["k"], spec["d"], spec.get("covariance_type", "full"))
    if got != ref.n_parameters(spec["k"], spec["d"], spec.get("covariance_type", "full")):
        raise Mistake(_diagnose_count(got, spec["k"], spec["d"],
                                      spec.get("covariance_type", "full")) + f" ({spec['label']})")


#: The parts of the check, one point each, in the order they run.
PARTS = (_np_full, _np_types,)

#: Runs one hidden case (a dict of HIDDEN_CASES) through the full comparison.
run_hidden = _np_hidden

# BEGIN INSTRUCTOR ONLY: the student release drops everything from here to the END marker.
#: Cases the autograder adds to the visible parts: other seeds, sizes and shapes.
HIDDEN_CASES = (
    {"label": "K = 1, d = 1", "k": 1, "d": 1},
    {"label": "K = 10, d = 8", "k": 10, "d": 8},
    {"label": "tied, d = 7", "k": 5, "d": 7, "covariance_type": "tied"},
)

from .variants import Alternative, Mutant


def _per_component(n_components, n_features, covariance_type="full"):
    d = n_features
    per = {"full": d * (d + 1) / 2, "diag": d, "spherical": 1}
    if covariance_type not in ("tied", *per):
        raise ValueError(f"covariance_type={covariance_type!r} is not one of "
                         f"{('full', 'tied', 'diag', 'spherical')}")
    if covariance_type == "tied":
        cov = d * (d + 1) / 2
    else:
        cov = n_components * per[covariance_type]
    return int(n_components - 1 + n_components * d + cov)


def _branches(n_components, n_features, covariance_type="full"):
    k, d = n_components, n_features
    if covariance_type == "full":
        return (k - 1) + k * d + k * (d * d - (d * (d - 1)) // 2)
    if covariance_type == "tied":
        return (k - 1) + k * d + d * (d + 1) // 2
    if covariance_type == "diag":
        return (k - 1) + 2 * k * d
    if covariance_type == "spherical":
        return (k - 1) + k * d + k
    raise ValueError(f"unknown covariance_type {covariance_type!r} (expected one of "
                     "full, tied, diag or spherical)")


_TIED = '"tied": d * (d + 1) // 2,'
_ERROR = '"covariance_type must be one of \'full\', \'tied\', \'diag\', \'spherical\', "'

#: Classic mistakes: each must lose points, and the feedback must contain its fragment.
MUTANTS = (
    Mutant((('"full": k * d * (d + 1) // 2,', '"full": k * d * d,'), (_TIED, '"tied": d * d,')),
           "d*d", "counts d*d entries per covariance"),
    Mutant((("int((k - 1) + k * d", "int(k + k * d"),),
           "K-1 are free", "counts K free weights"),
    Mutant(((_TIED, '"tied": k * d * (d + 1) // 2,'),),
           "tied shares one matrix", "counts one tied covariance per component"),
    Mutant((("return int((k - 1) + k * d + per_type[covariance_type])",
             "return (k - 1) + k * d + per_type[covariance_type] * 1.0"),),
           "must be an int", "returns the count as a float"),
    Mutant((("    if covariance_type not in per_type:\n        raise ValueError(", "    if False:\n        raise ValueError("),),
           "raises KeyError", "no check: an unknown type raises KeyError"),
    Mutant(((_ERROR, '"unknown covariance type: "'),),
           "name the parameter", "the message does not name covariance_type"),
    Mutant(((_ERROR, '"bad covariance_type, "'),),
           "list the four valid", "the message does not list the valid values"),
    Mutant((("    if covariance_type not in per_type:\n",
             ("    if covariance_type not in per_type:\n"
              "        return int((k - 1) + k * d + per_type[\"full\"])\n")),),
           "returns a count for the unknown", "silently counts an unknown type as full"),
)

#: Correct variants: each must get full marks, hidden cases included.
ALTERNATIVES = (
    Alternative(_per_component, "per-component counts as floats, converted at the end"),
    Alternative(_branches, "one branch per covariance type"),
)
# END INSTRUCTOR ONLY
