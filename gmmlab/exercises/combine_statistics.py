"""Exercise of chapter 11: ``combine_statistics``, two chunks' statistics merged exactly (Chan)."""

from __future__ import annotations

import numpy as np

from . import reference as ref
from .chunk_statistics import near_origin
from .harness import as_array, as_scalar, close, finite, unpack
from .verdict import Mistake

#: What the student sees, stage by stage: a nudge, then the key formula (Markdown with LaTeX).
HINTS = (
    ("Counts and log-likelihoods of disjoint chunks add. The combined mean is the N_k-weighted "
     "mean of the two means. Each scatter is about its own part's mean, so adding them misses "
     "how far apart the two means are."),
    (r"$N = N_a + N_b$, $\delta = m_b - m_a$, $m = m_a + \delta\,N_b/N$, $S = S_a + S_b + "
     r"\frac{N_a N_b}{N}\,\delta\delta^\top$, $\ell = \ell_a + \ell_b$. Where $N = 0$ take "
     r"$N_b/N = 0$: `np.divide(nk_b, nk, out=np.zeros_like(nk), where=nk > 0)`."),
)


def _split(X, resp, rows, ll_a, ll_b):
    """The two parts' statistics (fresh arrays: a function that edits its input harms no other
    call) and the whole data's, all from :func:`reference.chunk_statistics`."""
    a = (ll_a, *ref.chunk_statistics(X[:rows], resp[:rows]))
    b = (ll_b, *ref.chunk_statistics(X[rows:], resp[rows:]))
    return a, b


def _case(problem, rows):
    """``(a, b, expected)`` for a chunk problem split after ``rows`` rows; ``expected`` is
    computed on the whole data directly, not by merging."""
    X, weights, means, covs = problem
    resp, ll = ref.e_step(X, weights, means, covs)
    ll_a = ref.e_step(X[:rows], weights, means, covs)[1]
    ll_b = ref.e_step(X[rows:], weights, means, covs)[1]
    return X, resp, rows, ll_a, ll_b, (ll, *ref.chunk_statistics(X, resp))


def _output(s, case):
    X, resp, rows, ll_a, ll_b, _ = case
    d, k = X.shape[1], resp.shape[1]
    a, b = _split(X, resp, rows, ll_a, ll_b)
    out = unpack(s.call(a, b), 4, "log_likelihood, nk, means, scatter")
    ll = as_scalar(out[0], "log_likelihood")
    nk = as_array(out[1], "nk", shape=((k, "n_components"),))
    m = as_array(out[2], "means", shape=((k, "n_components"), (d, "n_features")))
    scatter = as_array(out[3], "scatter", shape=((k, "n_components"), (d, "n_features"),
                                                 (d, "n_features")))
    return (ll, nk, m, scatter), a, b


def _finite(arr, what, label):
    finite(arr, what, f"({label}; a component with N_k = 0 in one part adds nothing from it)")


def _totals(s, case, label):
    (ll, nk, _, _), a, b = _output(s, case)
    _finite(nk, "nk", label)
    ell, enk = case[-1][:2]
    if not close(ll, ell, rtol=1e-9, atol=1e-9):
        if close(ll, np.logaddexp(a[0], b[0]), rtol=1e-9):
            raise Mistake(f"log_likelihood combined with logaddexp ({label}): the rows of two "
                          "chunks are independent, so their log-likelihoods add")
        raise Mistake(f"log_likelihood differs from the sum of the two parts' ({label})")
    if not close(nk, enk, rtol=1e-9, atol=1e-12):
        raise Mistake(f"nk differs from N_a + N_b ({label})")


def _means(s, case, label):
    (_, _, m, _), a, b = _output(s, case)
    _finite(m, "means", label)
    em = case[-1][2]
    if close(m, em, rtol=1e-9, atol=1e-9):
        return
    if close(m, 0.5 * (a[2] + b[2]), rtol=1e-9):
        raise Mistake(f"means are a plain average of the two parts' means, not weighted by N_k "
                      f"({label}): m = (N_a m_a + N_b m_b) / (N_a + N_b)")
    raise Mistake(f"means differ from (N_a m_a + N_b m_b) / (N_a + N_b) ({label})")


def _scatter(s, case, label):
    (_, _, _, scatter), a, b = _output(s, case)
    _finite(scatter, "scatter", label)
    es = case[-1][3]
    if close(scatter, es, rtol=1e-8, atol=1e-9 * max(1.0, np.abs(es).max())):
        return
    if close(scatter, a[3] + b[3], rtol=1e-8):
        raise Mistake(f"scatter is S_a + S_b ({label}): each is about its own part's mean, so "
                      "the between-parts term N_a N_b / N (m_b - m_a)(m_b - m_a)^T is missing")
    delta = b[2] - a[2]
    outer = np.einsum("ki,kj->kij", delta, delta)
    if close(scatter, a[3] + b[3] + (a[1] * b[1])[:, None, None] * outer, rtol=1e-8):
        raise Mistake(f"the between-parts term is weighted by N_a N_b ({label}); it is "
                      "N_a N_b / N with N = N_a + N_b")
    raise Mistake(f"scatter differs from S_a + S_b + N_a N_b / N (m_b - m_a)(m_b - m_a)^T "
                  f"({label})")


def _one_sided_case(seed, d=2):
    """Part a: rows of the first cluster only (component 2 has N_k = 0 there); part b: the
    other rows (of both clusters)."""
    p = ref.far_apart(seed, d=d, k=2)
    order = np.argsort(p["labels"] != 0, kind="stable")
    problem = (p["X"][order], p["weights"], p["means"], p["covs"])
    return _case(problem, int((p["labels"] == 0).sum()) - 3)


def _part_totals(s):
    _totals(s, _case(near_origin(1201, n=60), 25), "a chunk split in two")


def _part_means(s):
    _means(s, _case(near_origin(1201, n=60), 25), "a chunk split in two")
    _means(s, _one_sided_case(1202), "component 2 has N_k = 0 in the first part")


def _part_scatter(s):
    _scatter(s, _case(near_origin(1201, n=60), 25), "a chunk split in two")
    _scatter(s, _one_sided_case(1202), "component 2 has N_k = 0 in the first part")


def _hidden(s, spec):
    if spec.get("kind") == "one_sided":
        case = _one_sided_case(spec["seed"], d=spec["d"])
    else:
        problem = near_origin(spec["seed"], n=spec.get("n", 40), d=spec["d"], k=spec["k"],
                              offset=spec.get("offset", 0.0))
        case = _case(problem, spec["rows"])
    _totals(s, case, spec["label"])
    _means(s, case, spec["label"])
    _scatter(s, case, spec["label"])


#: The parts of the check, one point each, in the order they run.
PARTS = (_part_totals, _part_means, _part_scatter)

#: Runs one hidden case (a dict of HIDDEN_CASES) through the full comparison.
run_hidden = _hidden

# BEGIN INSTRUCTOR ONLY: the student release drops everything from here to the END marker.
#: Cases the autograder adds to the visible parts: other seeds, sizes and shapes.
HIDDEN_CASES = (
    {"label": "one row in the first part", "seed": 1251, "d": 2, "k": 3, "rows": 1},
    {"label": "1-dimensional data", "seed": 1252, "d": 1, "k": 2, "rows": 17},
    {"label": "4-dimensional data at offset 1e6", "seed": 1253, "d": 4, "k": 3, "n": 60,
     "rows": 31, "offset": 1e6},
    {"label": "3-dimensional, an empty component in one part", "seed": 1254, "d": 3,
     "kind": "one_sided"},
)

from .variants import Alternative, Mutant


def _weighted_sums(a, b):
    ll_a, nk_a, m_a, s_a = a
    ll_b, nk_b, m_b, s_b = b
    nk = nk_a + nk_b
    safe = np.where(nk > 0, nk, 1.0)
    means = (nk_a[:, None] * m_a + nk_b[:, None] * m_b) / safe[:, None]
    da, db = m_a - means, m_b - means
    scatter = (s_a + nk_a[:, None, None] * np.einsum("ki,kj->kij", da, da)
               + s_b + nk_b[:, None, None] * np.einsum("ki,kj->kij", db, db))
    return ll_a + ll_b, nk, means, scatter


def _component_loop(a, b):
    nk = a[1] + b[1]
    K, d = a[2].shape
    means, scatter = np.zeros((K, d)), np.zeros((K, d, d))
    for k in range(K):
        if nk[k] == 0:
            continue
        delta = b[2][k] - a[2][k]
        means[k] = a[2][k] + delta * (b[1][k] / nk[k])
        scatter[k] = a[3][k] + b[3][k] + np.outer(delta, delta) * (a[1][k] * b[1][k] / nk[k])
    return float(a[0]) + float(b[0]), nk, means, scatter


_BETWEEN = "scatter = scatter_a + scatter_b + between"

#: Classic mistakes: each must lose points, and the feedback must contain its fragment.
MUTANTS = (
    Mutant(((_BETWEEN, "scatter = scatter_a + scatter_b"),),
           "between-parts term", "adds the scatters without the between-means term"),
    Mutant((("means = means_a + share_b[:, None] * delta", "means = 0.5 * (means_a + means_b)"),),
           "not weighted by N_k", "a plain average of the means"),
    Mutant((("return ll_a + ll_b,", "return np.logaddexp(ll_a, ll_b),"),),
           "log-likelihoods add", "combines the log-likelihoods with logaddexp"),
    Mutant((("between = (nk_a * share_b)", "between = (nk_a * nk_b)"),),
           "weighted by N_a N_b", "forgets to divide the between-means term by N"),
)

#: Correct variants: each must get full marks, hidden cases included.
ALTERNATIVES = (
    Alternative(_weighted_sums, "weighted sums, each part's scatter moved to the new mean"),
    Alternative(_component_loop, "a loop over components that skips N_k = 0"),
)
# END INSTRUCTOR ONLY
