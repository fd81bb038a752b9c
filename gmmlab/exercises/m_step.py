"""Exercise of chapter 04: ``m_step``, weights, means and covariances from responsibilities."""

from __future__ import annotations

import numpy as np

from . import reference as ref
from .harness import close, mixture_output, spd_problem
from .verdict import Mistake

#: What the student sees, stage by stage: a nudge, then the key formula (Markdown with LaTeX).
HINTS = (
    ("Every update is a responsibility-weighted average. Start from `Nk = resp.sum(axis=0)`, "
     "then weights, means, and finally the covariances around the NEW means."),
    (r"$N_k=\sum_n r_{nk}$, $\pi_k = N_k/n$, $\mu_k = \frac1{N_k}\sum_n r_{nk}x_n$, $\Sigma_k ="
     r" \frac1{N_k}\sum_n r_{nk}(x_n-\mu_k)(x_n-\mu_k)^\top + \varepsilon I$ with $\varepsilon$"
     r" = `reg_covar`."),
)


def _m_output(s, X, resp, reg=None, strict=None):
    """``(weights, means, covs)`` as arrays; ``strict`` (0, 1 or 2) checks that item's type."""
    _n, d = X.shape
    k = resp.shape[1]
    out = s.call(X, resp) if reg is None else s.call(X, resp, reg_covar=reg)
    arrays = mixture_output(out, k, d)
    if strict is not None and not isinstance(out[strict], np.ndarray):
        what = ("weights", "means", "covs")[strict]
        raise Mistake(f"{what} is a {type(out[strict]).__name__}; return NumPy arrays")
    return arrays


def _m_weights(s, X, resp, label=""):
    w, _, _ = _m_output(s, X, resp, strict=0)
    where = f" ({label})" if label else ""
    ew, _, _ = ref.m_step(X, resp)
    if not np.isclose(w.sum(), 1.0, atol=1e-8):
        if close(w, resp.sum(0)):
            raise Mistake(f"weights do not sum to 1: divide N_k by the number of samples{where}")
        raise Mistake(f"weights do not sum to 1{where}")
    if not close(w, ew, rtol=1e-7):
        raise Mistake(f"weights differ from N_k / n with N_k = sum_n resp[n, k]{where}")


def _m_means(s, X, resp, label=""):
    _, m, _ = _m_output(s, X, resp, strict=1)
    where = f" ({label})" if label else ""
    _, em, _ = ref.m_step(X, resp)
    if not close(m, em, rtol=1e-7, atol=1e-9):
        n = X.shape[0]
        if close(m, (resp.T @ X) / n, rtol=1e-7):
            raise Mistake(f"means divided by N (the number of samples) instead of N_k{where}")
        if close(m, np.tile(X.mean(0), (resp.shape[1], 1)), rtol=1e-7):
            raise Mistake(f"means are not weighted by the responsibilities{where}")
        raise Mistake(f"means differ from sum_n resp[n, k] x_n / N_k{where}")


def _m_covs(s, X, resp, reg=None, label=""):
    _, _, c = _m_output(s, X, resp, reg, strict=2)
    where = f" ({label})" if label else ""
    reg_value = 1e-6 if reg is None else reg
    _ew, em, ec = ref.m_step(X, resp, reg_value)
    problem = spd_problem(c, "covs")
    if problem:
        raise Mistake(problem + where)
    if close(c, ec, rtol=1e-6, atol=1e-9):
        return
    n, d = X.shape
    nk = resp.sum(0)
    eye = np.eye(d)
    raw = ec - reg_value * eye
    if close(c, raw * (nk / n)[:, None, None] + reg_value * eye, rtol=1e-6):
        raise Mistake(f"covariance divided by N instead of N_k{where}")
    if close(c, raw * (nk / (nk - 1))[:, None, None] + reg_value * eye, rtol=1e-6):
        raise Mistake(f"covariance divided by N_k - 1; EM divides by N_k{where}")
    if close(c, raw, rtol=1e-6, atol=1e-12) and reg_value > 0:
        raise Mistake(f"reg_covar is not added to the diagonal of the covariances{where}")
    if close(c, raw + reg_value, rtol=1e-6, atol=1e-12):
        raise Mistake(f"reg_covar added to every entry; add it to the diagonal only{where}")
    unweighted = np.stack([(X - em[k]).T @ (X - em[k]) / n for k in range(len(nk))]) \
        + reg_value * eye
    if close(c, unweighted, rtol=1e-6):
        raise Mistake(f"covariance not weighted by the responsibilities{where}")
    centred_all = np.stack([(resp[:, k] * (X - X.mean(0)).T) @ (X - X.mean(0)) / nk[k]
                            for k in range(len(nk))]) + reg_value * eye
    if close(c, centred_all, rtol=1e-6):
        raise Mistake(f"covariance centred on the overall mean instead of the new mean_k{where}")
    raise Mistake(f"covs differ from sum_n resp[n, k] (x_n - mu_k)(x_n - mu_k)^T / N_k "
                  f"+ reg_covar I{where}")


def _m_problem():
    p = ref.problem(401, n=40, d=3, k=3)
    return p["X"], p["resp"]


def _m_part_weights(s):
    _m_weights(s, *_m_problem())


def _m_part_means(s):
    _m_means(s, *_m_problem())


def _m_part_covs(s):
    X, resp = _m_problem()
    _m_covs(s, X, resp)
    _m_covs(s, X, resp, reg=0.1, label="reg_covar=0.1")
    # reg_covar=0 adds nothing; small-scale data make a hard-coded 1e-6 visible
    _m_covs(s, 1e-3 * X, resp, reg=0.0, label="reg_covar=0, data of scale 1e-3")


def _m_hidden(s, spec):
    p = ref.problem_from_spec(spec)
    resp = ref.e_step(p["X"], p["weights"], p["means"], p["covs"])[0] if spec.get("far") \
        else p["resp"]
    _m_weights(s, p["X"], resp, spec["label"])
    _m_means(s, p["X"], resp, spec["label"])
    _m_covs(s, p["X"], resp, label=spec["label"])


#: The parts of the check, one point each, in the order they run.
PARTS = (_m_part_weights, _m_part_means, _m_part_covs,)

#: Code rules of the notebook, each worth one point (see rules.py); X and resp are per sample.
RULES = ("no_sample_loop",)
SAMPLE_ARGUMENTS = (0, 1)

#: Runs one hidden case (a dict of HIDDEN_CASES) through the full comparison.
run_hidden = _m_hidden

# BEGIN INSTRUCTOR ONLY: the student release drops everything from here to the END marker.
#: Cases the autograder adds to the visible parts: other seeds, sizes and shapes.
HIDDEN_CASES = (
    {"label": "one component (K = 1)", "seed": 941, "d": 2, "k": 1},
    {"label": "1-dimensional data", "seed": 942, "d": 1, "k": 2},
    {"label": "6-dimensional data", "seed": 943, "d": 6, "k": 3, "n": 60},
    {"label": "far-apart clusters", "seed": 944, "d": 2, "k": 3, "far": True},
)

from .variants import Alternative, Mutant


def _loop(X, resp, reg_covar=1e-6):
    n, d = X.shape
    K = resp.shape[1]
    weights, means, covs = np.zeros(K), np.zeros((K, d)), np.zeros((K, d, d))
    for k in range(K):
        nk = resp[:, k].sum()
        weights[k] = nk / n
        means[k] = (resp[:, k:k + 1] * X).sum(0) / nk
        diff = X - means[k]
        covs[k] = (resp[:, k:k + 1] * diff).T @ diff / nk + reg_covar * np.eye(d)
    return weights, means, covs


def _second_moments(X, resp, reg_covar=1e-6):
    nk = resp.sum(0)
    means = (resp.T @ X) / nk[:, None]
    second = np.einsum("nk,ni,nj->kij", resp, X, X) / nk[:, None, None]
    covs = second - np.einsum("ki,kj->kij", means, means)
    covs = 0.5 * (covs + covs.transpose(0, 2, 1))
    covs[:, np.arange(X.shape[1]), np.arange(X.shape[1])] += reg_covar
    return nk / len(X), means, covs


_COV = "covs[k] = (resp[:, k, None] * diff).T @ diff / nk[k]"
_RETURN = "    return weights, means, covs"

#: Classic mistakes: each must lose points, and the feedback must contain its fragment.
MUTANTS = (
    Mutant(((_COV, "covs[k] = (resp[:, k, None] * diff).T @ diff / n_samples"),),
           "divided by N instead of N_k", "divides the covariance by N"),
    Mutant(((_COV, "covs[k] = diff.T @ diff / n_samples"),),
           "not weighted by the responsibilities", "an unweighted covariance, divided by N"),
    Mutant((("weights = nk / n_samples", "weights = nk"),),
           "weights do not sum to 1", "returns N_k as the weights"),
    Mutant((("        covs[k] += reg_covar * np.eye(n_features)\n", ""),),
           "reg_covar is not added", "forgets reg_covar"),
    Mutant((("means = (resp.T @ X) / nk[:, None]", "means = (resp.T @ X) / n_samples"),),
           "means divided by N", "divides the means by N"),
    Mutant(((_RETURN, "    covs[:, 0, 1] += 0.1\n" + _RETURN),),
           "not symmetric", "returns non-symmetric covariances"),
    Mutant(((_RETURN, "    return list(weights), means, list(covs)"),),
           "return NumPy arrays", "returns lists instead of arrays"),
    Mutant((("covs[k] += reg_covar * np.eye(n_features)",
             "covs[k] += max(reg_covar, 1e-6) * np.eye(n_features)"),),
           "reg_covar=0", "adds at least 1e-6, ignoring reg_covar=0"),
)

#: Correct variants: each must get full marks, hidden cases included.
ALTERNATIVES = (
    Alternative(_loop, "a loop over components with slices"),
    Alternative(_second_moments, "second moments minus outer products, symmetrised"),
)
# END INSTRUCTOR ONLY
