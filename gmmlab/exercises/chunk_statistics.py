"""Exercise of chapter 11: ``chunk_statistics``, what one chunk of data contributes to an EM step."""

from __future__ import annotations

import numpy as np

from . import reference as ref
from .harness import as_array, as_scalar, close, finite, unpack
from .verdict import Mistake

#: What the student sees, stage by stage: a nudge, then the key formula (Markdown with LaTeX).
HINTS = (
    ("First the E-step of chapter 03 on this chunk alone: log(pi_k) + log N(x_n | mu_k, Sigma_k) "
     "for every row and component, normalised with a log-sum-exp over the components. The "
     "log-likelihood is the sum of those per-row log-sum-exps. Then N_k, the chunk's own "
     "weighted means, and the scatter about those means (not about the means passed in)."),
    (r"$\ell = \sum_n \log\sum_k e^{a_{nk}}$ with $a_{nk} = \log\pi_k + \log\mathcal N(x_n\mid"
     r"\mu_k,\Sigma_k)$, $r_{nk} = e^{a_{nk} - \ell_n}$, $N_k = \sum_n r_{nk}$, $m_k = \sum_n "
     r"r_{nk}x_n / N_k$ (0 when $N_k = 0$), $S_k = \sum_n r_{nk}(x_n - m_k)(x_n - m_k)^\top$: "
     r"centre first, `diff = X - m[k]`, then `(resp[:, k, None] * diff).T @ diff`."),
)

_EMPTY = "(a component with N_k = 0 in this chunk gets a zero mean and a zero scatter)"


def _output(s, X, weights, means, covs):
    """The four returned items as a float and arrays, shapes checked (each part checks that
    the items it grades are finite)."""
    d, k = X.shape[1], len(weights)
    out = unpack(s.call(X, weights, means, covs), 4, "log_likelihood, nk, chunk_means, scatter")
    ll = as_scalar(out[0], "log_likelihood")
    nk = as_array(out[1], "nk", shape=((k, "n_components"),))
    m = as_array(out[2], "chunk_means", shape=((k, "n_components"), (d, "n_features")))
    scatter = as_array(out[3], "scatter", shape=((k, "n_components"), (d, "n_features"),
                                                 (d, "n_features")))
    return ll, nk, m, scatter


def _expected(X, weights, means, covs):
    """``(log-likelihood, nk, means, scatter, resp)`` from scikit-learn's E-step and NumPy's
    weighted np.average / np.cov on the chunk."""
    resp, ll = ref.e_step(X, weights, means, covs)
    return (ll, *ref.chunk_statistics(X, resp), resp)


def _log_likelihood(s, problem, label):
    X, weights, means, covs = problem
    ll = _output(s, *problem)[0]
    if not np.isfinite(ll):
        raise Mistake(f"log_likelihood is {ll} ({label}): densities underflow far from a "
                      "component; work with log-densities and a log-sum-exp over the components")
    expected, *_, resp = _expected(*problem)
    if close(ll, expected, rtol=1e-9, atol=1e-9):
        return
    log_joint = np.stack([np.log(weights[k]) + ref.log_gauss(X, means[k], covs[k])
                          for k in range(len(weights))], axis=1)
    if close(ll, (resp * log_joint).sum(), rtol=1e-9):
        raise Mistake("log_likelihood is the responsibility-weighted sum of log(pi_k N(x_n | "
                      "mu_k, Sigma_k)) (what the M-step maximises), not the log-likelihood: "
                      f"sum over the rows the log-sum-exp over the components ({label})")
    if close(ll, expected / len(X), rtol=1e-9):
        raise Mistake(f"log_likelihood is the mean over the rows ({label}); return the total, "
                      "so that the chunks' values add up")
    if close(ll, log_joint.sum(), rtol=1e-9):
        raise Mistake(f"log_likelihood sums log(pi_k N(x_n | mu_k, Sigma_k)) over rows and "
                      f"components ({label}); take a log-sum-exp over the components first")
    raise Mistake(f"log_likelihood differs from sum_n log sum_k pi_k N(x_n | mu_k, Sigma_k) "
                  f"({label})")


def _means(s, problem, label):
    X, _weights, means, _covs = problem
    _, nk, m, _ = _output(s, *problem)
    finite(nk, "nk", f"({label})")
    finite(m, "chunk_means", f"({label}) {_EMPTY}")
    _, enk, em, _, resp = _expected(*problem)
    if not close(nk, enk, rtol=1e-9, atol=1e-12):
        raise Mistake(f"nk differs from N_k = sum_n r_nk, the responsibilities of this chunk's "
                      f"rows ({label})")
    if close(m, em, rtol=1e-9, atol=1e-9):
        return
    if close(m, means, rtol=1e-9):
        raise Mistake(f"chunk_means are the means passed in ({label}); return the "
                      "responsibility-weighted means of this chunk's rows")
    if close(m, resp.T @ X / len(X), rtol=1e-9):
        raise Mistake(f"chunk_means divided by the number of rows instead of N_k ({label})")
    raise Mistake(f"chunk_means differ from sum_n r_nk x_n / N_k ({label})")


def _scatter(s, problem, label, far=False):
    X, _weights, means, _covs = problem
    scatter = _output(s, *problem)[3]
    finite(scatter, "scatter", f"({label}) {_EMPTY}")
    _, enk, _, es, resp = _expected(*problem)
    if close(scatter, es, rtol=1e-8, atol=1e-9 * max(1.0, np.abs(es).max())):
        return
    safe = np.where(enk > 0, enk, 1.0)[:, None, None]
    if close(scatter, es / safe, rtol=1e-8):
        raise Mistake(f"scatter is divided by N_k ({label}): return the sum, not the "
                      "covariance (sums of chunks add up, covariances do not)")
    about_old = np.stack([(r[:, None] * (X - mu)).T @ (X - mu) for r, mu in zip(resp.T, means)])
    if close(scatter, about_old, rtol=1e-8):
        raise Mistake(f"scatter is taken about the means passed in ({label}); centre on the "
                      "chunk's own weighted means")
    if far:
        raise Mistake(f"scatter loses its accuracy on data far from the origin ({label}): raw "
                      "second moments sum_n r_nk x_n x_n^T minus N_k m_k m_k^T cancel; subtract "
                      "the chunk's mean from the rows before multiplying")
    raise Mistake(f"scatter differs from sum_n r_nk (x_n - m_k)(x_n - m_k)^T ({label})")


def near_origin(seed, n=50, d=2, k=3, offset=0.0):
    """``(X, weights, means, covs)``: a small mixture problem, moved by ``offset`` along every
    axis (the data and the current means together)."""
    p = ref.problem(seed, n=n, d=d, k=k)
    return p["X"] + offset, p["weights"], p["means"] + offset, p["covs"]


def one_sided(seed, d=2):
    """Two clusters 4000 standard deviations apart, and a chunk holding rows of the first only:
    the second component's responsibilities underflow to 0 there (N_k = 0)."""
    p = ref.far_apart(seed, d=d, k=2)
    X = p["X"][p["labels"] == 0]
    return X, p["weights"], p["means"], p["covs"]


def far_apart(seed, d=2):
    """Two clusters 4000 standard deviations apart, with points between them."""
    p = ref.far_apart(seed, d=d, k=2)
    return p["X"], p["weights"], p["means"], p["covs"]


def _part_log_likelihood(s):
    _log_likelihood(s, near_origin(1101), "a small chunk")
    _log_likelihood(s, far_apart(1102), "clusters far apart, points between them")


def _part_means(s):
    _means(s, near_origin(1101), "a small chunk")
    _means(s, one_sided(1103), "a chunk with no row near component 2")


def _part_scatter(s):
    _scatter(s, near_origin(1101), "a small chunk")
    _scatter(s, one_sided(1103), "a chunk with no row near component 2")
    _scatter(s, near_origin(1101, offset=1e6), "the same chunk moved to 1e6", far=True)


def _hidden(s, spec):
    kind = spec.get("kind", "near")
    if kind == "one_sided":
        problem = one_sided(spec["seed"], d=spec["d"])
    else:
        problem = near_origin(spec["seed"], n=spec.get("n", 40), d=spec["d"], k=spec["k"],
                              offset=spec.get("offset", 0.0))
    _log_likelihood(s, problem, spec["label"])
    _means(s, problem, spec["label"])
    _scatter(s, problem, spec["label"], far=spec.get("offset", 0.0) != 0.0)


#: The parts of the check, one point each, in the order they run.
PARTS = (_part_log_likelihood, _part_means, _part_scatter)

#: Code rules of the notebook, each worth one point (see rules.py); X is per sample.
RULES = ("no_sample_loop",)
SAMPLE_ARGUMENTS = (0,)

#: Runs one hidden case (a dict of HIDDEN_CASES) through the full comparison.
run_hidden = _hidden

# BEGIN INSTRUCTOR ONLY: the student release drops everything from here to the END marker.
#: Cases the autograder adds to the visible parts: other seeds, sizes and shapes.
HIDDEN_CASES = (
    {"label": "one component (K = 1)", "seed": 1151, "d": 2, "k": 1},
    {"label": "1-dimensional data", "seed": 1152, "d": 1, "k": 2},
    {"label": "5-dimensional data at offset 1e6", "seed": 1153, "d": 5, "k": 3, "n": 60,
     "offset": 1e6},
    {"label": "3-dimensional chunk with an empty component", "seed": 1154, "d": 3,
     "kind": "one_sided"},
)

from .variants import Alternative, Mutant


def _all_at_once(X, weights, means, covs):
    X = np.asarray(X, dtype=float)
    n_features = X.shape[1]
    diff = X[:, None, :] - means[None]
    maha = np.einsum("nki,kij,nkj->nk", diff, np.linalg.inv(covs), diff)
    log_det = np.linalg.slogdet(covs)[1]
    log_joint = np.log(weights) - 0.5 * (maha + log_det + n_features * np.log(2 * np.pi))
    log_norm = np.logaddexp.reduce(log_joint, axis=1)
    resp = np.exp(log_joint - log_norm[:, None])
    nk = resp.sum(axis=0)
    chunk_means = (resp.T @ X) / np.where(nk > 0, nk, 1.0)[:, None]
    centred = X[:, None, :] - chunk_means[None]
    scatter = np.einsum("nk,nki,nkj->kij", resp, centred, centred)
    return log_norm.sum(), nk, chunk_means, scatter


def _about_current_means(X, weights, means, covs):
    X = np.asarray(X, dtype=float)
    n_features = X.shape[1]
    K = len(weights)
    log_joint = np.empty((X.shape[0], K))
    diffs = []
    for k in range(K):
        diff = X - means[k]
        chol = np.linalg.cholesky(covs[k])
        z = np.linalg.solve(chol, diff.T)
        log_joint[:, k] = (np.log(weights[k]) - 0.5 * (z * z).sum(axis=0)
                           - np.log(np.diag(chol)).sum() - 0.5 * n_features * np.log(2 * np.pi))
        diffs.append(diff)
    top = log_joint.max(axis=1)
    log_norm = top + np.log(np.exp(log_joint - top[:, None]).sum(axis=1))
    resp = np.exp(log_joint - log_norm[:, None])
    nk = resp.sum(axis=0)
    chunk_means = np.zeros((K, n_features))
    scatter = np.zeros((K, n_features, n_features))
    for k in range(K):
        if nk[k] > 0:
            shift = resp[:, k] @ diffs[k] / nk[k]
            chunk_means[k] = means[k] + shift
            scatter[k] = (resp[:, k, None] * diffs[k]).T @ diffs[k] - nk[k] * np.outer(shift,
                                                                                       shift)
    return float(log_norm.sum()), nk, chunk_means, scatter


_SCATTER = "        scatter[k] = (resp[:, k, None] * diff).T @ diff"
_RAW = ("        scatter[k] = (resp[:, k, None] * X).T @ X - nk[k] * np.outer(chunk_means[k], "
        "chunk_means[k])")

#: Classic mistakes: each must lose points, and the feedback must contain its fragment.
MUTANTS = (
    Mutant((("        diff = X - chunk_means[k]\n" + _SCATTER, _RAW),),
           "far from the origin", "raw second moments minus N_k m m^T"),
    Mutant((("diff = X - chunk_means[k]", "diff = X - means[k]"),),
           "means passed in", "scatter about the current means instead of the chunk's"),
    Mutant((("log_likelihood = float(log_norm.sum())",
             "log_likelihood = float((resp * log_joint).sum())"),),
           "responsibility-weighted sum", "sums the weighted log-densities"),
    Mutant(((_SCATTER, _SCATTER + " / nk[k]"),),
           "divided by N_k", "returns covariances instead of scatters"),
    Mutant((("top = log_joint.max(axis=1, keepdims=True)", "top = np.zeros((n_samples, 1))"),),
           "log-sum-exp", "sums densities without the shift of the log-sum-exp"),
    Mutant((("np.divide(sums, nk[:, None],", "np.divide(sums, n_samples,"),),
           "number of rows", "divides the means by the number of rows"),
)

#: Correct variants: each must get full marks, hidden cases included.
ALTERNATIVES = (
    Alternative(_all_at_once, "all components at once with einsum and logaddexp.reduce"),
    Alternative(_about_current_means, "scatter about the current means, corrected by N_k e e^T"),
)
# END INSTRUCTOR ONLY
