"""Exercise of chapter 08: ``m_step_covariances``, the M-step's covariances for the four types.

The reference is scikit-learn's M-step (``_estimate_gaussian_parameters``) for the same
covariance type, never the student's code. The diagnoses are built from the per-component
scatters, computed centred in float64.
"""

from __future__ import annotations

import numpy as np

from . import reference as ref
from .failures import check_unknown_type_error
from .harness import Session, as_array, close, finite
from .verdict import Mistake, NotAttempted

#: The valid values of covariance_type, which the error message must list.
VALID_TYPES = ("full", "tied", "diag", "spherical")

#: What the student sees, stage by stage: a nudge, then the key formulas (Markdown with LaTeX).
HINTS = (
    ("Start from what the four types share: the weighted scatter of each component around its "
     "new mean, $S_k = \\frac1{N_k}\\sum_n r_{nk}(x_n-\\mu_k)(x_n-\\mu_k)^\\top$. Each "
     "constrained type keeps a part of the $S_k$, or pools them; check `covariance_type` "
     "first."),
    (r"full: $S_k + \varepsilon I$, shape `(K, d, d)`; tied: $\frac1N\sum_k N_k S_k + "
     r"\varepsilon I$ (divide by $N$, the number of samples), shape `(d, d)`; diag: the "
     r"diagonal of each $S_k$ plus $\varepsilon$, shape `(K, d)`; spherical: "
     r"$\operatorname{tr}(S_k)/d + \varepsilon$, the mean of that diagonal, shape `(K,)`. "
     r"$\varepsilon$ = `reg_covar`, on the variances only. Anything else: `raise ValueError("
     r'f"covariance_type must be one of full, tied, diag, spherical; got {covariance_type!r}")`.'),
)


def _sklearn(X, resp, reg_covar, covariance_type):
    """``(means (K, d), covariances)``: scikit-learn's M-step for this covariance type."""
    from sklearn.mixture._gaussian_mixture import _estimate_gaussian_parameters

    _nk, means, covs = _estimate_gaussian_parameters(X, resp, reg_covar, covariance_type)
    return means, covs


def _scatters(X, resp, means, centre=None):
    """(K, d, d) unnormalised scatters sum_n r_nk (x_n - c_k)(x_n - c_k)^T, one loop over k.

    ``c_k`` is ``means[k]`` by default, ``centre`` (shape (d,)) for every k when it is an
    array, and 0 (raw second moments) when it is the string ``"origin"``.
    """
    out = []
    for k in range(resp.shape[1]):
        if centre is None:
            diff = X - means[k]
        elif isinstance(centre, str):
            diff = X
        else:
            diff = X - centre
        out.append((resp[:, k] * diff.T) @ diff)
    return np.array(out)


def _of_type(per_component, pooled, cov_type, reg):
    """Per-component (K, d, d) matrices and a pooled (d, d) one, as ``cov_type`` stores them,
    with ``reg`` added to the variances."""
    d = pooled.shape[0]
    if cov_type == "tied":
        return pooled + reg * np.eye(d)
    if cov_type == "full":
        return per_component + reg * np.eye(d)
    variances = np.diagonal(per_component, axis1=1, axis2=2) + reg
    return variances if cov_type == "diag" else variances.mean(axis=1)


def _shape_mistake(got, cov_type, k, d, where):
    """A message for a result of the wrong shape, naming the likely confusion."""
    try:
        shape = np.shape(got)
    except ValueError:  # a ragged list: as_array says what is wrong with it
        return None
    if cov_type == "diag" and shape == (k, d, d):
        return (f"returns (K, d, d) matrices for 'diag'; return only the variances, shape "
                f"(n_components, n_features){where}")
    if cov_type == "tied" and shape == (k, d, d):
        return (f"returns one matrix per component for 'tied'; tied shares one matrix, shape "
                f"(n_features, n_features){where}")
    if cov_type == "spherical" and shape == (k, d) and k != d:
        return (f"returns one variance per feature for 'spherical'; a spherical component has "
                f"one variance, shape (n_components,){where}")
    if cov_type == "spherical" and shape == (d,) and k != d:
        return (f"averages over the components for 'spherical'; average over the features, "
                f"shape (n_components,){where}")
    return None


def _diagnose(got, X, resp, means, cov_type, reg):
    """Name the mistake that ``got`` (the right shape, not the right values) makes, or None."""
    n, d = X.shape
    nk = resp.sum(axis=0)
    scat = _scatters(X, resp, means)
    per, pooled = scat / nk[:, None, None], scat.sum(axis=0) / n
    k = len(nk)

    def like(per_component, pooled_matrix, r=reg):
        return close(got, _of_type(per_component, pooled_matrix, cov_type, r), rtol=1e-6,
                     atol=1e-12 + 1e-9 * float(np.abs(per).max()))

    if cov_type == "tied":
        if like(per, scat.sum(axis=0) / k):
            return "the pooled scatter is divided by K (the number of components); divide by N"
        if like(per, per.sum(axis=0)):
            return ("each component's scatter is divided by its own N_k before pooling; pool "
                    "the scatters and divide the sum by N")
        if like(per, per.mean(axis=0)):
            return ("the S_k are averaged with equal weights; weight each by N_k / N (pool the "
                    "scatters, divide by N)")
    if cov_type == "spherical":
        traces = np.trace(per, axis1=1, axis2=2)
        if close(got, traces + reg) or close(got, traces + d * reg):
            return ("sums the variances (the trace) for 'spherical'; the spherical variance is "
                    "their mean, trace(S_k) / d")
    if cov_type == "diag" and close(got, np.sqrt(np.diagonal(per, axis1=1, axis2=2) + reg)):
        return "returns standard deviations for 'diag'; return the variances"
    if reg > 0 and like(per, pooled, 0.0):
        return "reg_covar is not added to the variances"
    if cov_type in ("full", "tied") and close(got, _of_type(per, pooled, cov_type, 0.0) + reg):
        return "reg_covar added to every entry; add it to the diagonal (the variances) only"
    raw = _scatters(X, resp, means, "origin")
    if like(raw / nk[:, None, None], raw.sum(axis=0) / n):
        return ("uses raw second moments sum_n r_nk x_n x_n^T: centre each point on the "
                "component's mean first")
    overall = _scatters(X, resp, means, X.mean(axis=0))
    if like(overall / nk[:, None, None], overall.sum(axis=0) / n):
        return "the scatter is centred on the overall mean instead of each component's mean"
    if cov_type != "tied" and like(scat / n, pooled):
        return "divided by N (the number of samples) instead of N_k"
    if cov_type != "tied" and like(scat / (nk - 1)[:, None, None], pooled):
        return "divided by N_k - 1; the M-step divides by N_k"
    unweighted = np.array([(X - m).T @ (X - m) for m in means])
    if like(unweighted / n, unweighted.mean(axis=0) / n):
        return "the scatter is not weighted by the responsibilities"
    return None


def _compare(s, X, resp, cov_type, reg=None, label=""):
    """The student's covariances for one problem against scikit-learn's."""
    where = f" ({label})" if label else ""
    reg_value = 1e-6 if reg is None else reg
    means, expected = _sklearn(X, resp, reg_value, cov_type)
    k, d = means.shape
    if reg is None:
        out = s.call(X, resp, means, cov_type)
    else:
        out = s.call(X, resp, means, cov_type, reg_covar=reg)
    if out is None:
        raise Mistake(f"returns None for covariance_type={cov_type!r} (a missing return "
                      f"statement?){where}")
    problem = _shape_mistake(out, cov_type, k, d, where)
    if problem:
        raise Mistake(problem)
    names = {"full": ((k, "n_components"), (d, "n_features"), (d, "n_features")),
             "tied": ((d, "n_features"), (d, "n_features")),
             "diag": ((k, "n_components"), (d, "n_features")),
             "spherical": ((k, "n_components"),)}[cov_type]
    got = as_array(out, f"the {cov_type!r} covariances", shape=names)
    finite(got, f"the {cov_type!r} covariances")
    if not isinstance(out, np.ndarray):
        raise Mistake(f"the {cov_type!r} covariances are a {type(out).__name__}; return a NumPy "
                      "array")
    scale = float(np.abs(expected).max())
    if close(got, expected, rtol=1e-6, atol=1e-12 + 1e-9 * scale):
        return
    if cov_type in ("full", "tied"):
        mats = got if cov_type == "full" else got[None]
        if not np.allclose(mats, mats.transpose(0, 2, 1), rtol=1e-8, atol=1e-10 * scale):
            raise Mistake(f"the {cov_type!r} covariances are not symmetric{where}")
    found = _diagnose(got, X, resp, means, cov_type, reg_value)
    if found:
        raise Mistake(f"{found} (covariance_type={cov_type!r}){where}")
    raise Mistake(f"the {cov_type!r} covariances differ from the M-step update of that type "
                  f"(see the covariance types page){where}")


def _problem(seed=811, n=40, d=3, k=4):
    p = ref.problem(seed, n=n, d=d, k=k)
    return p["X"], p["resp"]


def _one_type(s, cov_type):
    X, resp = _problem()
    _compare(s, X, resp, cov_type)
    _compare(s, X, resp, cov_type, reg=0.1, label="reg_covar=0.1")
    # reg_covar=0 adds nothing; small-scale data make a hard-coded 1e-6 visible
    _compare(s, 1e-3 * X, resp, cov_type, reg=0.0, label="reg_covar=0, data of scale 1e-3")
    hard = np.eye(3)[ref.problem(812, n=30, d=2, k=3)["labels"]]
    _compare(s, ref.problem(812, n=30, d=2, k=3)["X"], hard, cov_type,
             label="one-hot responsibilities")


def _part_full(s):
    _one_type(s, "full")


def _part_tied(s):
    _one_type(s, "tied")


def _part_diag(s):
    _one_type(s, "diag")


def _part_spherical(s):
    _one_type(s, "spherical")


def _raised(s, *args):
    """The exception the student's function raises for these arguments, or None."""
    def probe(*a):
        try:
            s.func(*a)
        except Exception as exc:  # noqa: BLE001 - what it raises is what we check
            return exc
        return None

    exc = Session(s.name, probe).call(*args)
    if isinstance(exc, NotImplementedError):
        raise NotAttempted("the stub still raises NotImplementedError")
    return exc


def _part_unknown_type(s):
    X, resp = _problem()
    means, _ = _sklearn(X, resp, 1e-6, "full")
    for bad in ("banded", "FULL"):  # the names are exact
        check_unknown_type_error(_raised(s, X, resp, means, bad), bad, "covariances",
                                 VALID_TYPES)


def _hidden(s, spec):
    p = ref.problem(spec["seed"], n=spec.get("n", 40), d=spec["d"], k=spec["k"])
    resp = np.eye(spec["k"])[p["labels"]] if spec.get("hard") else p["resp"]
    for cov_type in VALID_TYPES:
        _compare(s, p["X"], resp, cov_type, label=spec["label"])


#: The parts of the check, one point each, in the order they run.
PARTS = (_part_full, _part_tied, _part_diag, _part_spherical, _part_unknown_type)

#: Runs one hidden case (a dict of HIDDEN_CASES) through the full comparison.
run_hidden = _hidden

# BEGIN INSTRUCTOR ONLY: the student release drops everything from here to the END marker.
#: Cases the autograder adds to the visible parts: other seeds, sizes and shapes.
HIDDEN_CASES = (
    {"label": "one component (K = 1), covariance types", "seed": 821, "d": 2, "k": 1},
    {"label": "1-dimensional data, covariance types", "seed": 822, "d": 1, "k": 2},
    {"label": "6-dimensional data, covariance types", "seed": 823, "d": 6, "k": 4, "n": 80},
    {"label": "hard responsibilities, covariance types", "seed": 824, "d": 3, "k": 3,
     "hard": True},
)

from .variants import Alternative, Mutant


def _loops(X, resp, means, covariance_type, reg_covar=1e-6):
    if covariance_type not in ("full", "tied", "diag", "spherical"):
        raise ValueError(f"covariance_type={covariance_type!r} is not one of 'full', 'tied', "
                         "'diag', 'spherical'")
    n, d = X.shape
    K = resp.shape[1]
    full = np.zeros((K, d, d))
    pooled = np.zeros((d, d))
    for k in range(K):
        diff = X - means[k]
        weighted = (resp[:, k:k + 1] * diff).T @ diff
        pooled += weighted
        full[k] = weighted / resp[:, k].sum()
    if covariance_type == "full":
        return full + reg_covar * np.eye(d)
    if covariance_type == "tied":
        return pooled / n + reg_covar * np.eye(d)
    variances = np.array([np.diag(c) for c in full]) + reg_covar
    if covariance_type == "diag":
        return variances
    return np.array([v.sum() / d for v in variances])


def _moments(X, resp, means, covariance_type, reg_covar=1e-6):
    valid = {"full", "tied", "diag", "spherical"}
    if covariance_type not in valid:
        raise ValueError(f"unknown covariance_type {covariance_type!r}; expected one of "
                         f"{sorted(valid)}")
    d = X.shape[1]
    nk = resp.sum(axis=0)
    if covariance_type in ("diag", "spherical"):
        variances = (resp.T @ (X * X)) / nk[:, None] - means ** 2 + reg_covar
        return variances if covariance_type == "diag" else variances.mean(axis=1)
    if covariance_type == "tied":
        cov = (X.T @ X - (nk * means.T) @ means) / nk.sum()
        return cov + reg_covar * np.eye(d)
    covs = np.einsum("nk,ni,nj->kij", resp, X, X) / nk[:, None, None]
    covs -= np.einsum("ki,kj->kij", means, means)
    covs = 0.5 * (covs + covs.transpose(0, 2, 1))
    return covs + reg_covar * np.eye(d)


_TIED = "return scatter.sum(axis=0) / n_samples + reg_covar * np.eye(n_features)"
_DIAG = '    if covariance_type == "diag":\n        return variances\n'
_DEV = "deviations = X[None, :, :] - means[:, None, :]"
_ERROR = '"covariance_type must be one of \'full\', \'tied\', \'diag\', \'spherical\', "'
_CHECK = '    if covariance_type not in ("full", "tied", "diag", "spherical"):\n'

#: Classic mistakes: each must lose points, and the feedback must contain its fragment.
MUTANTS = (
    Mutant(((_TIED, "return scatter.sum(axis=0) / resp.shape[1] + reg_covar * np.eye(n_features)"),),
           "divided by K", "tied: the pooled scatter divided by K"),
    Mutant(((_TIED, "return (scatter / nk[:, None, None]).sum(axis=0) + reg_covar * np.eye(n_features)"),),
           "divided by its own N_k", "tied: each scatter divided by N_k, then summed"),
    Mutant(((_TIED, "return (scatter / nk[:, None, None]).mean(axis=0) + reg_covar * np.eye(n_features)"),),
           "equal weights", "tied: the S_k averaged with equal weights"),
    Mutant(((_DIAG, ('    if covariance_type == "diag":\n'
                     '        return covs + reg_covar * np.eye(n_features)\n')),),
           "return only the variances", "diag: returns the full matrices"),
    Mutant(((_DIAG, '    if covariance_type == "diag":\n        return np.sqrt(variances)\n'),),
           "standard deviations", "diag: returns standard deviations"),
    Mutant((("return variances.mean(axis=1)", "return variances.sum(axis=1)"),),
           "trace(S_k) / d", "spherical: the trace not divided by d"),
    Mutant((("return variances.mean(axis=1)", "return variances.mean(axis=0)"),),
           "averages over the components", "spherical: the mean over the wrong axis"),
    Mutant((("return covs + reg_covar * np.eye(n_features)", "return covs"),),
           "reg_covar is not added", "full: forgets reg_covar"),
    Mutant(((_TIED, "return scatter.sum(axis=0) / n_samples + reg_covar"),),
           "every entry", "tied: reg_covar added to the off-diagonal entries too"),
    Mutant((("+ reg_covar\n", "+ max(reg_covar, 1e-6)\n"),),
           "reg_covar=0", "diag and spherical: at least 1e-6, ignoring reg_covar=0"),
    Mutant(((_DEV, "deviations = np.broadcast_to(X, (len(means),) + X.shape)"),),
           "raw second moments", "uncentred: raw second moments"),
    Mutant(((_DEV, "deviations = np.broadcast_to(X - X.mean(axis=0), (len(means),) + X.shape)"),),
           "overall mean", "centred on the overall mean"),
    Mutant((("nk = resp.sum(axis=0)", "nk = resp.sum(axis=1)"),),
           "raises ValueError", "N_k summed over the wrong axis"),
    Mutant(((_CHECK, "    if False:\n"),),
           "unknown covariance_type", "no check of covariance_type"),
    Mutant(((_ERROR, '"unknown covariance type: "'),),
           "name the parameter", "the message does not name covariance_type"),
)

#: Correct variants: each must get full marks, hidden cases included.
ALTERNATIVES = (
    Alternative(_loops, "a loop over the components, pooled and per-component scatters"),
    Alternative(_moments, "raw second moments minus the means' outer products"),
)
# END INSTRUCTOR ONLY
