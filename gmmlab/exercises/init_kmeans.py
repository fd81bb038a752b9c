"""Exercise of chapter 06: ``init_kmeans``, checked against the k-means recipe the chapter states.

Every part judges the student's own output, never a particular draw of ``rng``:

1. Lloyd: label every point by its nearest returned mean; each mean with points must be the
   average of its points (a fixed point of Lloyd's rounds), and the Python work must not grow
   with the number of samples (no loop over them).
2. Parameters, from those labels: weights ``max(count, 1) / total``; the covariance of a cluster
   of more than d points is its biased covariance around its returned mean (divide by the count)
   plus ``1e-6 I``, that of a cluster of at most d points (an empty one too) is
   ``np.cov(X, rowvar=False) + 1e-6 I``; an empty cluster's centre stays where it was. Data
   built to force a tiny and an empty cluster.
3. Seeding: reproducible from ``rng`` alone, and k-means++ (D^2) seeding, told apart from
   uniform, farthest-point and other seedings by a goodness-of-fit test over many generators on
   data whose k-means result reveals where the seeds fell.
"""

from __future__ import annotations

import sys

import numpy as np

from . import kmeans_seeding as seeding
from . import reference as ref
from .init_random import JITTER, SEEDS, covariance_problem, output, reproducible, row_indices
from .kmeans_seeding import nearest
from .verdict import Mistake

#: What the student sees, stage by stage: a nudge, then the key formula (Markdown with LaTeX).
HINTS = (
    ("Three stages. Seed K centres with k-means++ (the first uniform, each next one with "
     "probability proportional to $D(x)^2$). Run Lloyd rounds (assign every point to its nearest "
     "centre, move every centre with points to their mean) until the labels stop changing. Then "
     "turn the final labels into weights, means and covariances, with the rules for clusters of at "
     "most d points and for empty ones."),
    (r"With `n, d = X.shape`: next seed `rng.choice(n, p=D2 / D2.sum())`, where `D2 = np.min(((X[:,"
     r" None, :] - centres[None, :j, :]) ** 2).sum(axis=2), axis=1)` ($D(x)^2$ to the $j$ centres"
     r" so far; `rng.integers(n)` when `D2.sum() == 0`). Labels: `np.argmin(((X[:, None, :] - "
     r"centres[None, :, :]) ** 2).sum(axis=2), axis=1)`. Weights: `counts = np.maximum("
     r"np.bincount(labels, minlength=K), 1)`, `counts / counts.sum()`. Cluster $k$ with more than"
     r" $d$ points: `diff = X[labels == k] - centres[k]`, `diff.T @ diff / len(diff) + 1e-6 * "
     r"np.eye(d)`; otherwise `np.cov(X, rowvar=False).reshape(d, d) + 1e-6 * np.eye(d)`."),
)


def lloyd_problem(X, m, labels) -> str | None:
    """Is every mean with points the average of its points? None when it is."""
    scale = max(1.0, float(np.abs(X).max()))
    for k in range(len(m)):
        members = X[labels == k]
        if len(members) and not np.allclose(members.mean(0), m[k], rtol=0, atol=1e-6 * scale):
            return ("the means are not a k-means fixed point (each mean should be the average of "
                    "the points nearest to it): run Lloyd rounds until the labels stop changing")
    return None


def weights_problem(w, counts) -> str | None:
    kept = np.maximum(counts, 1)
    if np.allclose(w, kept / kept.sum(), rtol=0, atol=1e-9):
        return None
    if (w <= 0).any():
        return ("a weight is zero or negative: an empty cluster counts as one point, so that no "
                "weight is zero")
    if not np.isclose(w.sum(), 1.0, rtol=0, atol=1e-9):
        return ("the weights do not sum to 1: after counting an empty cluster as one point, "
                "divide by the new total")
    return ("weights should be the fraction of points in each k-means cluster (an empty one "
            "counting as one point)")


def cov_problem(X, c, centre, labels, k) -> str | None:
    """Covariance ``c`` of cluster ``k`` (around the returned ``centre``) against the rules."""
    n, d = X.shape
    eye = np.eye(d)
    members = X[labels == k]
    count = len(members)
    overall = ref.data_cov(X)
    what = f"covs[{k}]"
    if count > d:
        diff = members - centre
        own = diff.T @ diff / count
        spread = members - X.mean(0)
        return covariance_problem(c, own + JITTER * eye, (
            (own * count / (count - 1) + JITTER * eye,
             (f"{what} divides by count - 1: a cluster's covariance is the biased one (divide by "
              "the number of its points)")),
            (own, f"{what} lacks the 1e-6 on the diagonal"),
            (spread.T @ spread / count + JITTER * eye,
             f"{what} is not centred on its cluster's own centre (the returned mean)"),
            (overall + JITTER * eye,
             (f"{what} is the data covariance, but its cluster has more than d points: use the "
              "cluster's own covariance")),
        ), f"{what} is not the covariance of its cluster's points (divide by the count) plus 1e-6 "
           "on the diagonal")
    own = None
    if count:
        diff = members - members.mean(0)
        own = diff.T @ diff / count
    size = f"a cluster of {count} point{'s' if count != 1 else ''} in {d}-D"
    return covariance_problem(c, overall + JITTER * eye, (
        (own + JITTER * eye if own is not None else None,
         (f"{what} is the covariance of {size}: a cluster of at most d points has too few for a "
          "covariance and takes that of the whole data set")),
        (overall, f"{what} lacks the 1e-6 on the diagonal"),
        (overall * (n - 1) / n + JITTER * eye,
         (f"{what} (for {size}) divides by n: the data covariance is np.cov(X, rowvar=False), "
          "which divides by n - 1")),
    ), f"{what} (for {size}) should be the covariance of the whole data set "
       "(np.cov(X, rowvar=False)) plus 1e-6 on the diagonal")


def parameter_problem(X, w, m, c, labels) -> str | None:
    counts = np.bincount(labels, minlength=len(m))
    problem = weights_problem(w, counts)
    if problem:
        return problem
    # With fewer distinct points than K, every centre starts on a data point, and an empty
    # cluster's centre must have stayed there.
    if ((counts == 0).any() and len(np.unique(X, axis=0)) < len(m)
            and (row_indices(X, m[counts == 0]) < 0).any()):
        return ("an empty cluster's centre has moved: keep a centre where it is when no point "
                "is assigned to it")
    for k in range(len(m)):
        problem = cov_problem(X, c[k], m[k], labels, k)
        if problem:
            return problem
    return None


def kmeans_output(s, X, k, seed):
    """``output``, with what a failure most likely means on data with a forced empty cluster."""
    try:
        w, m, c = output(s, X, k, seed)
    except Mistake as exc:
        if len(np.unique(X, axis=0)) >= k:
            raise
        if "means" in str(exc) and "NaN" in str(exc):
            raise Mistake("means contains NaN on data where a cluster must stay empty: keep a "
                          "centre where it is when no point is assigned to it") from None
        raise Mistake(f"{exc} (on data with fewer distinct points than n_components, where every "
                      "D(x) becomes 0 and a cluster stays empty)") from None
    return w, m, c


def check_clusters(s, X, k, seeds, lloyd=True, parameters=True, label=""):
    where = f" ({label})" if label else ""
    for seed in seeds:
        w, m, c = kmeans_output(s, X, k, seed)
        labels = nearest(X, w, m)
        problem = ((lloyd and lloyd_problem(X, m, labels))
                   or (parameters and parameter_problem(X, w, m, c, labels)))
        if problem:
            raise Mistake(problem + where)


def python_lines(s, X, k, seed) -> int:
    """Python line events (any code, NumPy's included) during one call of the student's function."""
    count = [0]

    def local(frame, event, arg):
        count[0] += event == "line"
        return local

    def tracer(frame, event, arg):
        return local

    previous = sys.gettrace()
    sys.settrace(tracer)
    try:
        s.call(X, k, np.random.default_rng(seed))
    finally:
        sys.settrace(previous)
    return count[0]


def vectorised(s):
    """The same k-means on 30 and on 600 points must take about the same Python work.

    Three far-apart groups of identical points: k-means++ seeds one per group, Lloyd stops after
    its second assignment, whatever n. A loop over the samples makes the work grow 20-fold.
    """
    groups = ((0.0, 0.0), (100.0, 0.0), (0.0, 100.0))
    small = python_lines(s, ref.repeated_points(groups, (12, 10, 8)), 3, 5)
    large = python_lines(s, ref.repeated_points(groups, (240, 200, 160)), 3, 5)
    if large > 2 * small + 200:
        raise Mistake("loops over the samples in Python (the work grows with the number of "
                      "points): vectorise, e.g. X[:, None, :] - centres[None, :, :] has shape "
                      "(n, K, d)")


def _unstructured():
    """Uniform points in a square: with K = 4, Lloyd needs several rounds to settle."""
    return np.random.default_rng(605).uniform(size=(240, 2))


def _kmeans_lloyd(s):
    X, _ = ref.separated()
    check_clusters(s, X, 3, SEEDS, parameters=False)
    check_clusters(s, ref.tiny_clusters(), 5, SEEDS, parameters=False)
    check_clusters(s, _unstructured(), 4, SEEDS, parameters=False,
                   label="data on which Lloyd needs several rounds")
    vectorised(s)


def _kmeans_parameters(s):
    X, _ = ref.separated()
    check_clusters(s, X, 3, SEEDS, lloyd=False)
    check_clusters(s, ref.tiny_clusters(), 5, SEEDS, lloyd=False)
    empty = ref.repeated_points(ref.EMPTY_LOCATIONS, ref.EMPTY_COUNTS)
    check_clusters(s, empty, 5, SEEDS, lloyd=False)
    check_clusters(s, _unstructured(), 4, SEEDS, lloyd=False,
                   label="data on which Lloyd needs several rounds")


def _kmeans_seeding(s):
    X, _ = seeding.reference()
    reproducible(s, X, 3)
    outcomes = seeding.seeding_outcomes(s.call)
    if outcomes is None:  # no Lloyd fixed point: part 1 says so, the seeding cannot be judged
        return
    if seeding.seeding_pvalue(outcomes) < seeding.SEEDING_ALPHA:
        empty = any(len(o) < 3 for o in outcomes)
        raise Mistake("the seeding does not follow k-means++ (first centre uniform, each next one "
                      "drawn with probability proportional to D(x)^2, the squared distance to the "
                      "nearest centre chosen so far): over many generators, the k-means results on "
                      "a test data set come out with other frequencies"
                      + ("; some even have an empty cluster, which k-means++ never gives there"
                         if empty else ""))


def _kmeans_hidden(s, spec):
    if "locations" in spec:
        X = ref.repeated_points(spec["locations"], spec["counts"])
    else:
        X, _ = ref.separated(spec["seed"], n=spec.get("n", 60), d=spec["d"], k=spec["k"])
    check_clusters(s, X, spec["k"], SEEDS, label=spec["label"])


#: The parts of the check, one point each, in the order they run.
PARTS = (_kmeans_lloyd, _kmeans_parameters, _kmeans_seeding,)

#: Runs one hidden case (a dict of HIDDEN_CASES) through the full comparison.
run_hidden = _kmeans_hidden

# BEGIN INSTRUCTOR ONLY: the student release drops everything from here to the END marker.
#: Cases the autograder adds to the visible parts: other seeds, sizes and shapes.
HIDDEN_CASES = (
    {"label": "one component (K = 1)", "seed": 971, "d": 2, "k": 1},
    {"label": "1-dimensional data", "seed": 972, "d": 1, "k": 2},
    {"label": "5-dimensional data", "seed": 973, "d": 5, "k": 4, "n": 80},
    {"label": "1-dimensional data with an empty cluster", "k": 4,
     "locations": ((0.0,), (5.0,), (9.0,)), "counts": (6, 3, 1)},
)

from .variants import Alternative, Mutant, Replacement

# m_step is pasted from chapter 04's solution for the variant that calls it (F821).


def _with_sklearn(X, n_components, rng):
    from sklearn.cluster import KMeans

    km = KMeans(n_components, n_init=1, random_state=int(rng.integers(1000))).fit(X)
    return m_step(X, np.eye(n_components)[km.labels_])  # noqa: F821


def _until_centres_stop(X, n_components, rng):
    n, d = X.shape
    K = n_components
    centres = X[[rng.integers(n)]]
    while len(centres) < K:
        d2 = np.min(((X[:, None] - centres[None]) ** 2).sum(-1), axis=1)
        pick = rng.choice(n, p=d2 / d2.sum()) if d2.sum() > 0 else rng.integers(n)
        centres = np.vstack([centres, X[pick]])
    while True:
        labels = np.argmin(((X[:, None] - centres[None]) ** 2).sum(-1), axis=1)
        new = np.array([X[labels == k].mean(0) if np.any(labels == k) else centres[k]
                        for k in range(K)])
        if np.array_equal(new, centres):
            break
        centres = new
    counts = np.bincount(labels, minlength=K)
    covs = []
    for k in range(K):
        if counts[k] > d:
            covs.append(np.cov(X[labels == k], rowvar=False, bias=True).reshape(d, d))
        else:
            covs.append(np.cov(X, rowvar=False).reshape(d, d))
    kept = np.where(counts == 0, 1, counts)
    return kept / kept.sum(), centres, np.array(covs) + 1e-6 * np.eye(d)


def _seed_indices(X, n_components, rng):
    n, d = X.shape
    seeds = [int(rng.integers(n))]
    for _ in range(n_components - 1):
        d2 = np.min(((X[:, None, :] - X[seeds][None, :, :]) ** 2).sum(axis=2), axis=1)
        seeds.append(int(rng.choice(n, p=d2 / d2.sum())) if d2.sum() else int(rng.integers(n)))
    centres = X[seeds].astype(float)
    for _ in range(100):
        dist = np.linalg.norm(X[:, None, :] - centres[None, :, :], axis=2)
        labels = dist.argmin(axis=1)
        for k in range(n_components):
            if (labels == k).any():
                centres[k] = X[labels == k].mean(axis=0)
    labels = np.linalg.norm(X[:, None, :] - centres[None, :, :], axis=2).argmin(axis=1)
    onehot = np.eye(n_components)[labels]
    counts = onehot.sum(axis=0)
    diff = X[:, None, :] - centres[None, :, :]
    own = np.einsum("nk,nki,nkj->kij", onehot, diff, diff) / np.maximum(counts, 1)[:, None, None]
    small = (counts <= d)[:, None, None]
    covs = np.where(small, np.cov(X.T).reshape(d, d), own) + 1e-6 * np.eye(d)
    return np.maximum(counts, 1) / np.maximum(counts, 1).sum(), centres, covs


_PLUS_PLUS = (
    "    centres[0] = X[rng.integers(n)]\n"
    "    closest = np.sum((X - centres[0]) ** 2, axis=1)\n"
    "    for j in range(1, n_components):\n"
    "        total = closest.sum()\n"
    "        pick = rng.choice(n, p=closest / total) if total > 0 else rng.integers(n)\n"
    "        centres[j] = X[pick]\n"
    "        closest = np.minimum(closest, np.sum((X - centres[j]) ** 2, axis=1))\n"
)
_MOVE_CENTRES = (
    "        for k in range(n_components):\n"
    "            if np.any(labels == k):\n"
    "                centres[k] = X[labels == k].mean(axis=0)\n"
)
_FIRST = "centres[0] = X[rng.integers(n)]"
_PICK = "pick = rng.choice(n, p=closest / total) if total > 0 else rng.integers(n)"
_COUNTS = "counts = np.maximum(np.bincount(labels, minlength=n_components), 1).astype(float)"
_OWN = "covs[k] = diff.T @ diff / len(members)"
_KPP = "k-means++"

#: Classic mistakes: each must lose points, and the feedback must contain its fragment.
MUTANTS = (
    Mutant(((_MOVE_CENTRES, ""),),
           "fixed point", "never moves the centres: the means are the seeds"),
    Mutant(((_PLUS_PLUS, "    centres[:] = X[rng.choice(n, n_components, replace=False)]\n"),),
           _KPP, "uniform seeding instead of k-means++"),
    Mutant((("weights = counts / counts.sum()",
             "weights = np.full(n_components, 1.0 / n_components)"),),
           "fraction of points", "equal weights instead of the cluster fractions"),
    Replacement(_with_sklearn, "NumPy-only", "calls sklearn.cluster.KMeans",
                helpers=("m_step",)),
    Mutant(((_PICK, "pick = int(np.argmax(closest)) if total > 0 else rng.integers(n)"),),
           _KPP, "farthest-point seeding"),
    Mutant(((_PICK, _PICK.replace("p=closest / total", "p=np.sqrt(closest) / "
                                  "np.sqrt(closest).sum()")),),
           _KPP, "next seed proportional to D(x), not D(x)^2"),
    Mutant((("closest = np.minimum(closest, np.sum((X - centres[j]) ** 2, axis=1))",
             "closest = np.sum((X - centres[j]) ** 2, axis=1)"),),
           _KPP, "D(x) to the last centre instead of the nearest"),
    Mutant(((_FIRST, "centres[0] = X[0]"),), _KPP, "the first centre is always X[0]"),
    Mutant(((_FIRST, "centres[0] = X[np.random.randint(n)]"),),
           "global random state", "first centre from np.random"),
    Mutant(((_PICK, "pick = rng.choice(n, p=closest / total)"),),
           "fewer distinct points", "no uniform pick when every D(x) is 0"),
    Mutant(((_MOVE_CENTRES, _MOVE_CENTRES.replace("            if np.any(labels == k):\n", "")
             .replace("                centres", "            centres")),),
           "keep a centre where it is", "moves an empty cluster's centre to NaN"),
    Mutant(((_MOVE_CENTRES, _MOVE_CENTRES.replace(
        "                centres[k] = X[labels == k].mean(axis=0)\n",
        "                centres[k] = X[labels == k].mean(axis=0)\n"
        "            else:\n                centres[k] = X.mean(axis=0)\n")),),
           "has moved", "moves an empty cluster's centre to the data mean"),
    Mutant(((_COUNTS, "counts = np.bincount(labels, minlength=n_components).astype(float)"),),
           "weight is zero", "an empty cluster gets weight 0"),
    Mutant((("weights = counts / counts.sum()", "weights = counts / n"),),
           "do not sum to 1", "an empty cluster counted as one point, divided by n"),
    Mutant(((_COUNTS, "counts = np.bincount(labels, minlength=n_components) + 1.0"),),
           "fraction of points", "one added to every count"),
    Mutant(((_OWN, "covs[k] = diff.T @ diff / (len(members) - 1)"),),
           "count - 1", "unbiased cluster covariances"),
    Mutant((("diff = members - centres[k]", "diff = members - X.mean(axis=0)"),),
           "own centre", "cluster covariances around the data mean"),
    Mutant((("if len(members) > d:", "if len(members) > 1:"),),
           "at most d points", "own covariance for clusters of 2 to d points"),
    Mutant((("        covs[k] += 1e-6 * np.eye(d)\n", ""),),
           "lacks the 1e-6", "no jitter on the diagonal"),
    Mutant((("overall = np.cov(X, rowvar=False)", "overall = np.cov(X, rowvar=False, bias=True)"),),
           "divides by n", "biased data covariance for the small clusters"),
    Mutant((("sq_dist = np.sum((X[:, None, :] - centres[None, :, :]) ** 2, axis=2)",
             "sq_dist = np.array([np.sum((centres - x) ** 2, axis=1) for x in X])"),),
           "loops over the samples", "distances one sample at a time"),
)

#: Correct variants: each must get full marks, hidden cases included.
ALTERNATIVES = (
    Alternative(_until_centres_stop, "Lloyd until the centres stop moving, np.cov(bias=True)"),
    Alternative(_seed_indices, "seeds as indices, 100 Lloyd rounds, one einsum for the covs"),
)
# END INSTRUCTOR ONLY
