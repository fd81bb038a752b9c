"""Exercise of chapter 07: ``aic``, the Akaike information criterion."""

from __future__ import annotations

from .bic import criterion

#: What the student sees, stage by stage: a nudge, then the key formula (Markdown with LaTeX).
HINTS = (
    'AIC has the same fit term as BIC but a penalty that does not grow with n.',
    '$\\mathrm{AIC} = -2\\log L + 2p$.',
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
# END INSTRUCTOR ONLY
