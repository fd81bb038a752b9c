"""Exercise of chapter 07: ``n_parameters``, the free parameters of a mixture."""

from __future__ import annotations

import numpy as np

from . import reference as ref
from .harness import Session, as_scalar
from .verdict import Mistake

#: What the student sees, stage by stage: a nudge, then the key formula (Markdown with LaTeX).
HINTS = (
    ("Count free numbers: mixing weights (they sum to 1), means, and covariance entries (a "
     "covariance matrix is symmetric)."),
    (r"$p = (K-1) + Kd + c$ with $c = K\frac{d(d+1)}2$ (full), $\frac{d(d+1)}2$ (tied), $Kd$ "
     r"(diag), $K$ (spherical)."),
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


def _np_full(s):
    for k, d in ((3, 2), (4, 5), (1, 3)):
        got = _count(s, k, d)
        if got != ref.n_parameters(k, d, "full"):
            raise Mistake(_diagnose_count(got, k, d, "full"))


def _np_types(s):
    for cov_type in ("full", "tied", "diag", "spherical"):
        for k, d in ((3, 2), (2, 4)):
            got = _count(s, k, d, cov_type)
            if got != ref.n_parameters(k, d, cov_type):
                raise Mistake(_diagnose_count(got, k, d, cov_type))


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
    return (k - 1) + k * d + k


_TIED = '"tied": d * (d + 1) // 2,'

#: Classic mistakes: each must lose points, and the feedback must contain its fragment.
MUTANTS = (
    Mutant((('"full": k * d * (d + 1) // 2,', '"full": k * d * d,'), (_TIED, '"tied": d * d,')),
           "d*d", "counts d*d entries per covariance"),
    Mutant((("int((k - 1) + k * d", "int(k + k * d"),),
           "K-1 are free", "counts K free weights"),
    Mutant(((_TIED, '"tied": k * d * (d + 1) // 2,'),),
           "tied shares one matrix", "counts one tied covariance per component"),
)

#: Correct variants: each must get full marks, hidden cases included.
ALTERNATIVES = (
    Alternative(_per_component, "per-component counts as floats, converted at the end"),
    Alternative(_branches, "one branch per covariance type"),
)
# END INSTRUCTOR ONLY
