"""Exercise of chapter 07: ``aic``, the Akaike information criterion."""

from __future__ import annotations

from .bic import criterion

#: What the student sees, stage by stage: a nudge, then the key formula (Markdown with LaTeX).
HINTS = (
    "AIC has the same fit term as BIC but a penalty that does not grow with n.",
    r"$\mathrm{AIC} = -2\log L + 2p$.",
)


def _aic(s):
    for ll, p in ((-1234.5, 17), (52.25, 5)):
        criterion(s, (ll, p), -2 * ll + 2 * p, "aic", 2 * p)


def _aic_hidden(s, spec):
    ll, p = spec["args"]
    criterion(s, (ll, p), -2 * ll + 2 * p, "aic", 2 * p)


#: The parts of the check, one point each, in the order they run.
PARTS = (_aic,)

#: Runs one hidden case (a dict of HIDDEN_CASES) through the full comparison.
run_hidden = _aic_hidden

# BEGIN INSTRUCTOR ONLY: the student release drops everything from here to the END marker.
#: Cases the autograder adds to the visible parts: other seeds, sizes and shapes.
HIDDEN_CASES = (
    {"label": "p = 0", "args": (-3.5, 0)},
    {"label": "a large log-likelihood", "args": (98765.4321, 120)},
)

from .variants import Alternative, Mutant


def _factored(log_likelihood, n_params):
    return 2 * (n_params - log_likelihood)


def _subtract(log_likelihood, n_params):
    import numpy as np

    return float(np.subtract(2 * n_params, 2 * log_likelihood))


_FORMULA = "float(-2.0 * log_likelihood + 2.0 * n_params)"

#: Classic mistakes: each must lose points, and the feedback must contain its fragment.
MUTANTS = (
    Mutant(((_FORMULA, "float(2.0 * log_likelihood - 2.0 * n_params)"),),
           "wrong sign", "the whole criterion with the wrong sign"),
    Mutant((("+ 2.0 * n_params)", "+ n_params)"),),
           "2p, not p", "penalty p instead of 2p"),
    Mutant((("return " + _FORMULA, _FORMULA),),
           "None", "computes the value but forgets to return it"),
    Mutant(((_FORMULA, "np.array(-2.0 * log_likelihood + 2.0 * n_params)"),),
           "return a Python float", "returns a 0-d array instead of a float"),
)

#: Correct variants: each must get full marks, hidden cases included.
ALTERNATIVES = (
    Alternative(_factored, "2 factored out"),
    Alternative(_subtract, "np.subtract"),
)
# END INSTRUCTOR ONLY
