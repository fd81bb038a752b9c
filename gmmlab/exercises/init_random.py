"""Exercise of chapter 06: ``init_random``, a random start judged by its properties over seeds."""

from __future__ import annotations

import numpy as np

from . import reference as ref
from .harness import Session, mixture_output, spd_problem
from .verdict import Mistake

#: What the student sees, stage by stage: a nudge, then the key formula (Markdown with LaTeX).
HINTS = (
    ("Use only the generator `rng` you are given (e.g. `rng.random`, `rng.choice`). One simple"
     " recipe: random responsibilities, then one M-step."),
    ("`resp = rng.random((n, K)); resp /= resp.sum(axis=1, keepdims=True)` and return "
     "`m_step(X, resp)`: weights sum to 1 and covariances are positive definite."),
)


SEEDS = (7, 8, 9)


def output(s: Session, X, k, seed):
    _n, d = X.shape
    return mixture_output(s.call(X, k, np.random.default_rng(seed)), k, d)


def valid(s, X, k, label=""):
    where = f" ({label})" if label else ""
    outs = []
    for seed in SEEDS:
        w, m, c = output(s, X, k, seed)
        if (w < 0).any() or not np.isclose(w.sum(), 1.0, atol=1e-8):
            raise Mistake(f"weights must be non-negative and sum to 1{where}")
        problem = spd_problem(c, "covs")
        if problem:
            raise Mistake(problem + where)
        lo, hi = X.min(0), X.max(0)
        span = hi - lo
        if ((m < lo - 1e-9 * span) | (m > hi + 1e-9 * span)).any():
            raise Mistake(f"some means lie outside the range of the data{where}")
        outs.append((w, m, c))
    return outs


def uses_rng(s, X, k, require_variation=True):
    a = output(s, X, k, 11)
    b = output(s, X, k, 11)
    if not all(np.allclose(x, y) for x, y in zip(a, b)):
        raise Mistake("two generators with the same seed give different results: draw all "
                      "randomness from rng (not np.random)")
    if not require_variation:
        return
    others = [output(s, X, k, seed) for seed in (12, 13, 14)]
    if all(np.allclose(a[1], o[1]) for o in others):
        raise Mistake("gives the same means for every rng: the initialisation should be random")


def _random_valid(s):
    X, _ = ref.separated()
    valid(s, X, 3)


def _random_rng(s):
    X, _ = ref.separated()
    uses_rng(s, X, 3)


def _random_hidden(s, spec):
    X, _ = ref.separated(spec["seed"], n=spec.get("n", 60), d=spec["d"], k=spec["k"])
    valid(s, X, spec["k"], spec["label"])


#: The parts of the check, one point each, in the order they run.
PARTS = (_random_valid, _random_rng,)

#: Runs one hidden case (a dict of HIDDEN_CASES) through the full comparison.
run_hidden = _random_hidden

# BEGIN INSTRUCTOR ONLY: the student release drops everything from here to the END marker.
#: Cases the autograder adds to the visible parts: other seeds, sizes and shapes.
HIDDEN_CASES = (
    {"label": "one component (K = 1)", "seed": 961, "d": 2, "k": 1},
    {"label": "1-dimensional data", "seed": 962, "d": 1, "k": 2},
    {"label": "5-dimensional data", "seed": 963, "d": 5, "k": 4, "n": 80},
)

from .variants import Alternative, Mutant

# m_step is pasted from chapter 04's solution for the variants that call it (F821).


def _covariance_of_the_data(X, n_components, rng):
    idx = rng.choice(X.shape[0], size=n_components, replace=False)
    d = X.shape[1]
    cov = np.cov(X.T).reshape(d, d) + 1e-6 * np.eye(d)
    return (np.full(n_components, 1.0 / n_components), X[idx].copy(),
            np.stack([cov] * n_components))


def _random_labels(X, n_components, rng):
    labels = rng.integers(0, n_components, size=X.shape[0])
    labels[:n_components] = np.arange(n_components)
    resp = np.eye(n_components)[labels]
    return m_step(X, resp)  # noqa: F821


_MEANS = "means = X[rows].copy()"

#: Classic mistakes: each must lose points, and the feedback must contain its fragment.
MUTANTS = (
    Mutant((("rows = rng.choice(", "rows = np.random.choice("),),
           "same seed give different results", "draws from np.random instead of rng"),
    Mutant((("weights = np.full(n_components, 1.0 / n_components)",
             "weights = rng.random(n_components)"),),
           "sum to 1", "random weights that are not normalised"),
    Mutant(((_MEANS, "means = rng.normal(size=(n_components, d)) * 100"),),
           "outside the range", "means drawn far outside the data"),
    Mutant(((_MEANS, "means = X[:n_components].copy()"),),
           "same means for every rng", "takes the first K rows as means, whatever rng"),
)

#: Correct variants: each must get full marks, hidden cases included.
ALTERNATIVES = (
    Alternative(_covariance_of_the_data, "distinct rows, np.cov of X.T, stacked"),
    Alternative(_random_labels, "random hard labels, each component used, then an M-step",
                helpers=("m_step",)),
)
# END INSTRUCTOR ONLY
