"""Exercise of chapter 06: ``init_random``, checked against the recipe the chapter states.

The recipe: the means are ``K`` rows of ``X`` at distinct indices, drawn uniformly without
replacement with ``rng``; every covariance is the covariance of the data as
``np.cov(X, rowvar=False)`` gives it (divide by n - 1) plus ``1e-6`` on the diagonal; the
weights are all ``1 / K``. ``rng`` is the only randomness, so the same generator state gives the
same start. Part 1 checks the three parameters, part 2 the randomness.
"""

from __future__ import annotations

import weakref

import numpy as np

from . import reference as ref
from .harness import Session, mixture_output
from .verdict import Mistake

#: What the student sees, stage by stage: a nudge, then the key formula (Markdown with LaTeX).
HINTS = (
    ("Three separate pieces. Means: `K` different rows of `X`, picked with `rng` without "
     "replacement. Covariances: one matrix, the covariance of the whole data set plus `1e-6` on "
     "the diagonal, copied for every component. Weights: all equal."),
    ("With `n, d = X.shape` and `K = n_components`: `rows = rng.choice(n, size=K, replace=False)`"
     " and `means = X[rows]`; `cov = np.cov(X, rowvar=False).reshape(d, d) + 1e-6 * np.eye(d)` "
     "(it divides by $n - 1$) and `covs = np.repeat(cov[None, :, :], K, axis=0)`; "
     "`weights = np.full(K, 1 / K)`."),
)

SEEDS = (7, 8, 9)
#: What the chapter adds to the diagonal of every starting covariance.
JITTER = 1e-6
_OUTPUTS = weakref.WeakKeyDictionary()


def output(s: Session, X, k, seed):
    """The student's ``(weights, means, covs)`` for ``rng = default_rng(seed)``, checked for shape.

    Outputs are remembered per session and input, so that parts can share a call.
    """
    cache = _OUTPUTS.setdefault(s, {})
    key = (X.shape, X.tobytes(), k, seed)
    if key not in cache:
        cache[key] = mixture_output(s.call(X, k, np.random.default_rng(seed)), k, X.shape[1])
    return cache[key]


def same(a, b, scale=1.0) -> bool:
    """Equal up to rounding (relative 1e-9): tight enough to see a 1e-6 jitter on scales < 100."""
    return bool(np.allclose(a, b, rtol=1e-9, atol=1e-10 * max(1.0, scale)))


def covariance_problem(got, want, near_misses, wrong) -> str | None:
    """None when ``got`` equals ``want``; else the message of the first near miss it equals.

    ``near_misses`` lists ``(matrix, message)`` pairs, classic wrong answers; ``wrong`` is the
    message when none matches.
    """
    scale = float(np.abs(want).max())
    if same(got, want, scale):
        return None
    for matrix, message in near_misses:
        if matrix is not None and same(got, matrix, scale):
            return message
    return wrong


def data_covariance_problem(got, X, what) -> str | None:
    """Is ``got`` the data covariance ``np.cov(X, rowvar=False) + 1e-6 I``? Names the near miss."""
    n, d = X.shape
    cov = ref.data_cov(X)
    eye = np.eye(d)
    want = cov + JITTER * eye
    off_diagonal = cov - np.diag(np.diag(cov))
    return covariance_problem(got, want, (
        (cov, f"{what} lacks the 1e-6 on the diagonal"),
        (cov * (n - 1) / n + JITTER * eye,
         (f"{what} divides by n: the data covariance here is np.cov(X, rowvar=False), which "
          "divides by n - 1")),
        (want - off_diagonal if np.abs(off_diagonal).max() > 0 else None,
         (f"{what} keeps only the variances: the covariance of the data has off-diagonal terms "
          "too")),
        (eye + JITTER * eye, f"{what} is the identity: use the covariance of the whole data set"),
    ), f"{what} is not the covariance of the whole data set (np.cov(X, rowvar=False)) plus 1e-6 "
       "on the diagonal")


def row_indices(X, means):
    """Index of the row of X that each mean equals, or -1 where a mean is no row of X."""
    d2 = ((means[:, None, :] - X[None, :, :]) ** 2).sum(-1)
    idx = d2.argmin(1)
    scale = max(1.0, float(np.abs(X).max()))
    return np.where(d2[np.arange(len(means)), idx] <= (1e-9 * scale) ** 2, idx, -1)


def start_problem(X, k, w, m, c) -> str | None:
    """What is wrong with one random start on data X without repeated rows, or None."""
    if not np.allclose(w, 1.0 / k, rtol=0, atol=1e-12):
        return "the weights should all be equal to 1 / n_components"
    rows = row_indices(X, m)
    if (rows < 0).any():
        return "the means should be data points: rows of X, picked with rng"
    if len(set(rows.tolist())) < k:
        return ("two components start at the same row of X: draw the K rows without replacement "
                "(distinct indices)")
    for j in range(k):
        problem = data_covariance_problem(c[j], X, f"covs[{j}]")
        if problem:
            return problem
    return None


def check_starts(s, X, k, seeds, label=""):
    for seed in seeds:
        problem = start_problem(X, k, *output(s, X, k, seed))
        if problem:
            raise Mistake(problem + (f" ({label})" if label else ""))


def reproducible(s, X, k, seed=11):
    """Same seed, same start; and NumPy's global random state is left alone."""
    before = np.random.get_state()
    first = s.call(X, k, np.random.default_rng(seed))
    after = np.random.get_state()
    second = s.call(X, k, np.random.default_rng(seed))
    d = X.shape[1]
    a, b = mixture_output(first, k, d), mixture_output(second, k, d)
    # the global state first: two draws from it can coincide by chance (2 rows of 6: 1 in 15),
    # a change of the state cannot be missed
    if before[0] != after[0] or not np.array_equal(before[1], after[1]) or before[2:] != after[2:]:
        raise Mistake("uses NumPy's global random state (np.random.*): draw everything from rng")
    if not all(np.array_equal(x, y) for x, y in zip(a, b)):
        raise Mistake("two generators with the same seed give different results: draw all "
                      "randomness from rng (not np.random)")


#: Starts drawn (K = 2 of the n = 6 rows) for the test that every row is equally likely.
DRAWS = 60


def _random_parameters(s):
    check_starts(s, ref.correlated(), 3, SEEDS)
    # Five of six rows: drawing with replacement repeats a row with probability 0.91 per start.
    check_starts(s, ref.correlated(614, n=6), 5, range(20, 30))


def _random_draws(s):
    X = ref.correlated(615, n=6)
    reproducible(s, X, 2)
    picked = [row_indices(X, output(s, X, 2, seed)[1]) for seed in range(100, 100 + DRAWS)]
    if all(np.array_equal(np.sort(p), np.sort(picked[0])) for p in picked):
        raise Mistake("gives the same means for every rng: the initialisation should be random")
    counts = np.bincount(np.concatenate(picked).clip(0), minlength=len(X))
    # Every row equally likely: each count is binomial (60 draws, p = 1/3). A row never picked
    # has probability 6 (2/3)^60 < 1e-10; the chi-square of the counts is below (1 - p) chi2(5),
    # so the threshold 35.9 (chi2(5) at 1e-6) is a false alarm below 1e-6.
    expected = DRAWS * 2 / len(X)
    if (counts == 0).any() or ((counts - expected) ** 2 / expected).sum() > 35.9:
        raise Mistake("some rows of X are picked far more often than others (or never): every "
                      "row should be equally likely")


def _random_hidden(s, spec):
    X, _ = ref.separated(spec["seed"], n=spec.get("n", 60), d=spec["d"], k=spec["k"])
    check_starts(s, X, spec["k"], SEEDS, spec["label"])


#: The parts of the check, one point each, in the order they run.
PARTS = (_random_parameters, _random_draws,)

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


def _covariance_of_the_data(X, n_components, rng):
    idx = rng.choice(X.shape[0], size=n_components, replace=False)
    d = X.shape[1]
    cov = np.cov(X.T).reshape(d, d) + 1e-6 * np.eye(d)
    return (np.full(n_components, 1.0 / n_components), X[idx].copy(),
            np.stack([cov] * n_components))


def _permutation_by_hand(X, n_components, rng):
    n, d = X.shape
    rows = rng.permutation(n)[:n_components]
    centred = X - X.mean(axis=0)
    cov = centred.T @ centred / (n - 1) + 1e-6 * np.eye(d)
    covs = [cov.copy() for _ in range(n_components)]
    return [1.0 / n_components] * n_components, [X[r] for r in rows], covs


_MEANS = "means = X[rows].copy()"
_ROWS = "rows = rng.choice(n, size=n_components, replace=False)"
_COV = "overall = np.cov(X, rowvar=False).reshape(d, d) + 1e-6 * np.eye(d)"

#: Classic mistakes: each must lose points, and the feedback must contain its fragment.
MUTANTS = (
    Mutant((("rows = rng.choice(", "rows = np.random.choice("),),
           "global random state", "draws from np.random instead of rng"),
    Mutant((("weights = np.full(n_components, 1.0 / n_components)",
             "weights = rng.random(n_components)"),),
           "all be equal", "random weights that are not normalised"),
    Mutant(((_MEANS, "means = rng.normal(size=(n_components, d)) * 100"),),
           "rows of X", "means drawn far outside the data"),
    Mutant(((_MEANS, "means = X[:n_components].copy()"),),
           "same means for every rng", "takes the first K rows as means, whatever rng"),
    Mutant(((_ROWS, "rows = rng.choice(n, size=n_components)"),),
           "without replacement", "draws the rows with replacement"),
    Mutant(((_ROWS, "rows = rng.choice(n - 1, size=n_components, replace=False)"),),
           "equally likely", "never picks the last row"),
    Mutant(((_ROWS, ("np.random.seed(int(rng.integers(1000)))\n"
              "    rows = np.random.choice(n, size=n_components, replace=False)")),),
           "global random state", "seeds NumPy's global generator from rng and draws from it"),
    Mutant(((_COV, _COV.replace("rowvar=False", "rowvar=False, bias=True")),),
           "divides by n", "biased data covariance"),
    Mutant(((_COV, _COV.replace(" + 1e-6 * np.eye(d)", "")),),
           "lacks the 1e-6", "no jitter on the diagonal"),
    Mutant(((_COV, "overall = np.diag(X.var(axis=0, ddof=1)) + 1e-6 * np.eye(d)"),),
           "only the variances", "diagonal covariance"),
    Mutant(((_COV, "overall = np.eye(d) + 1e-6 * np.eye(d)"),),
           "identity", "identity covariances"),
)

#: Correct variants: each must get full marks, hidden cases included.
ALTERNATIVES = (
    Alternative(_covariance_of_the_data, "distinct rows, np.cov of X.T, stacked"),
    Alternative(_permutation_by_hand, "first K of a permutation, covariance by hand, lists"),
)
# END INSTRUCTOR ONLY
