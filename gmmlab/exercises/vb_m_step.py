"""Exercise of chapter 10: ``vb_m_step``, the posterior hyper-parameters from responsibilities.

The reference is scikit-learn's ``BayesianGaussianMixture._m_step`` from the same
responsibilities (:mod:`.vb_reference`), compared to 1e-8 relative on ``weight_concentration_``,
``mean_precision_``, ``means_``, ``degrees_of_freedom_`` and ``covariances_``.
"""

from __future__ import annotations

import numpy as np

from . import vb_reference as vb
from .harness import as_array, close, finite, spd_problem, unpack
from .verdict import Mistake

#: What the student sees, stage by stage: a nudge, then the key formula (Markdown with LaTeX).
HINTS = (
    ("Start from the same sums as the EM M-step: `nk = resp.sum(axis=0)`, the weighted means "
     "`xk` and the weighted scatter `Sk` around them. Every VB update is then a prior value "
     "plus a data term: the prior keeps each component alive even where `nk` is 0."),
    (r"$\alpha_k=\alpha_0+N_k$, $\beta_k=\beta_0+N_k$, $m_k=(\beta_0 m_0+N_k\bar x_k)/\beta_k$, "
     r"$\nu_k=\nu_0+N_k$, $W_k^{-1}=W_0^{-1}+N_kS_k+\frac{\beta_0N_k}{\beta_k}(\bar x_k-m_0)"
     r"(\bar x_k-m_0)^\top$; return `covariances` $=W_k^{-1}/\nu_k$, with $W_0^{-1}$ = "
     r"`prior['covariance']`."),
)

_NAMES = "alpha, beta, means, nu, covariances"
_RTOL = 1e-8


def _output(s, X, resp, prior):
    """The five returned arrays, shapes and finiteness checked."""
    d = X.shape[1]
    k = resp.shape[1]
    alpha, beta, means, nu, covs = unpack(s.call(X, resp, prior), 5, _NAMES)
    kk = ((k, "n_components"),)
    alpha = as_array(alpha, "alpha", shape=kk)
    beta = as_array(beta, "beta", shape=kk)
    means = as_array(means, "means", shape=kk + ((d, "n_features"),))
    nu = as_array(nu, "nu", shape=kk)
    covs = as_array(covs, "covariances", shape=kk + ((d, "n_features"), (d, "n_features")))
    for arr, what in ((alpha, "alpha"), (beta, "beta"), (means, "means"), (nu, "nu"),
                      (covs, "covariances")):
        finite(arr, what)
    return alpha, beta, means, nu, covs


def _where(label):
    return f" ({label})" if label else ""


def _counts(s, X, resp, prior, label=""):
    alpha, beta, _m, _nu, _c = _output(s, X, resp, prior)
    _model, (ea, eb, _em, _enu, _ec) = vb.m_step(X, resp, prior)
    nk = resp.sum(axis=0)
    where = _where(label)
    if not close(alpha, ea, rtol=_RTOL, atol=0):
        if close(alpha, nk, rtol=1e-6):
            raise Mistake("alpha is N_k alone: a forgotten prior term, add "
                          f"prior['weight_concentration'] (alpha_0){where}")
        if close(alpha, nk / len(X), rtol=1e-6) or close(alpha, ea / ea.sum(), rtol=1e-6):
            raise Mistake(f"alpha is a vector of weights; the Dirichlet concentrations are "
                          f"counts, alpha_0 + N_k{where}")
        raise Mistake(f"alpha differs from alpha_0 + N_k{where}")
    if not close(beta, eb, rtol=_RTOL, atol=0):
        if close(beta, nk, rtol=1e-6):
            raise Mistake("beta is N_k alone: a forgotten prior term, add "
                          f"prior['mean_precision'] (beta_0){where}")
        raise Mistake(f"beta differs from beta_0 + N_k{where}")


def _means_nu(s, X, resp, prior, label=""):
    _a, _b, means, nu, _c = _output(s, X, resp, prior)
    _model, (_ea, _eb, em, enu, _ec) = vb.m_step(X, resp, prior)
    nk = resp.sum(axis=0)
    where = _where(label)
    if not close(means, em, rtol=_RTOL, atol=1e-12 * (1 + np.abs(em).max())):
        if close(means, (resp.T @ X) / nk[:, None], rtol=1e-6):
            raise Mistake("means are the weighted data means x_k alone: a forgotten prior term, "
                          f"m_k = (beta_0 m_0 + N_k x_k) / beta_k{where}")
        raise Mistake(f"means differ from (beta_0 m_0 + N_k x_k) / beta_k{where}")
    if not close(nu, enu, rtol=_RTOL, atol=0):
        for off in (-1.0, 1.0):
            if close(nu, enu + off, rtol=1e-9, atol=1e-9):
                raise Mistake(f"nu_k off by one ({off:+g}): the Wishart update is "
                              f"nu_k = nu_0 + N_k (Bishop's 10.63 has a misprint){where}")
        if close(nu, nk, rtol=1e-6):
            raise Mistake(f"nu is N_k alone: a forgotten prior term, add nu_0{where}")
        raise Mistake(f"nu differs from nu_0 + N_k{where}")


def _covariances(s, X, resp, prior, label=""):
    _a, _b, _m, _nu, covs = _output(s, X, resp, prior)
    _model, (_ea, eb, _em, enu, ec) = vb.m_step(X, resp, prior)
    where = _where(label)
    problem = spd_problem(covs, "covariances")
    if problem:
        raise Mistake(problem + where)
    scale = 1e-12 * (1 + np.abs(ec).max())
    if close(covs, ec, rtol=_RTOL, atol=scale):
        return
    w_inv = ec * enu[:, None, None]
    if close(covs, w_inv, rtol=1e-6):
        raise Mistake(f"covariances are W_k^-1, not divided by nu_k: scikit-learn stores "
                      f"W_k^-1 / nu_k{where}")
    if close(covs, np.linalg.inv(ec), rtol=1e-6) or close(covs, np.linalg.inv(w_inv), rtol=1e-6)\
            or close(covs, np.linalg.inv(w_inv) / enu[:, None, None], rtol=1e-6):
        raise Mistake(f"covariances hold W_k (a precision) instead of W_k^-1 / nu_k{where}")
    nk = resp.sum(axis=0)
    cov0 = np.asarray(prior["covariance"], dtype=float)
    if close(covs, (w_inv - cov0) / enu[:, None, None], rtol=1e-6):
        raise Mistake("covariances miss W_0^-1: a forgotten prior term, add "
                      f"prior['covariance'] to W_k^-1{where}")
    xk = (resp.T @ X) / nk[:, None]
    diff = xk - np.asarray(prior["mean"], dtype=float)
    outer = (prior["mean_precision"] * nk / eb)[:, None, None] * np.einsum("ki,kj->kij", diff,
                                                                           diff)
    if close(covs, (w_inv - outer) / enu[:, None, None], rtol=1e-6):
        raise Mistake("covariances miss the term beta_0 N_k / beta_k (x_k - m_0)(x_k - m_0)^T: "
                      f"a forgotten prior term{where}")
    for off in (-1.0, 1.0):
        if close(covs, w_inv / (enu + off)[:, None, None], rtol=1e-6):
            raise Mistake(f"covariances divided by nu_k {off:+g}: nu_k off by one, the "
                          f"update is nu_k = nu_0 + N_k{where}")
    raise Mistake("covariances differ from W_k^-1 / nu_k with W_k^-1 = W_0^-1 + N_k S_k + "
                  f"beta_0 N_k / beta_k (x_k - m_0)(x_k - m_0)^T{where}")


def _problem():
    p = vb.vb_problem(1001, n=50, d=2, k=3)
    return p["X"], p["resp"], p["prior"]


def _other_prior():
    p = vb.vb_problem(1002, n=40, d=3, k=4)
    return p["X"], p["resp"], vb.prior_with(p["X"], 4, 1003)


def _part_counts(s):
    _counts(s, *_problem())
    _counts(s, *_other_prior(), label="a prior unlike the defaults")


def _part_means_nu(s):
    _means_nu(s, *_problem())
    _means_nu(s, *_other_prior(), label="a prior unlike the defaults")


def _part_covariances(s):
    _covariances(s, *_problem())
    _covariances(s, *_other_prior(), label="a prior unlike the defaults")


def _hidden(s, spec):
    p = vb.vb_problem(spec["seed"], n=spec.get("n", 60), d=spec["d"], k=spec["k"],
                      far=spec.get("far", False))
    prior = vb.prior_with(p["X"], spec["k"], spec["seed"]) if spec.get("prior") else p["prior"]
    for step in (_counts, _means_nu, _covariances):
        step(s, p["X"], p["resp"], prior, spec["label"])


#: The parts of the check, one point each, in the order they run.
PARTS = (_part_counts, _part_means_nu, _part_covariances)

#: Code rules of the notebook, each worth one point (see rules.py); X and resp are per sample.
RULES = ("no_sample_loop",)
SAMPLE_ARGUMENTS = (0, 1)

#: Runs one hidden case (a dict of HIDDEN_CASES) through the full comparison.
run_hidden = _hidden

# BEGIN INSTRUCTOR ONLY: the student release drops everything from here to the END marker.
#: Cases the autograder adds to the visible parts: other seeds, sizes and shapes.
HIDDEN_CASES = (
    {"label": "one component (K = 1)", "seed": 1041, "d": 2, "k": 1},
    {"label": "1-dimensional data", "seed": 1042, "d": 1, "k": 3},
    {"label": "5-dimensional data, another prior", "seed": 1043, "d": 5, "k": 3, "n": 80,
     "prior": True},
    {"label": "far-apart clusters", "seed": 1044, "d": 2, "k": 3, "far": True},
)

from .variants import Alternative, Mutant


def _loop(X, resp, prior):
    d = X.shape[1]
    K = resp.shape[1]
    alpha, beta, nu = np.zeros(K), np.zeros(K), np.zeros(K)
    means, covariances = np.zeros((K, d)), np.zeros((K, d, d))
    m0 = np.asarray(prior["mean"], dtype=float)
    for k in range(K):
        r = resp[:, k]
        nk = r.sum()
        xk = r @ X / nk
        diff = X - xk
        sk = (r[:, None] * diff).T @ diff / nk
        alpha[k] = prior["weight_concentration"] + nk
        beta[k] = prior["mean_precision"] + nk
        means[k] = (prior["mean_precision"] * m0 + nk * xk) / beta[k]
        nu[k] = prior["degrees_of_freedom"] + nk
        dm = (xk - m0)[:, None]
        w_inv = prior["covariance"] + nk * sk + prior["mean_precision"] * nk / beta[k] * dm @ dm.T
        covariances[k] = w_inv / nu[k]
    return alpha, beta, means, nu, covariances


def _batched(X, resp, prior):
    nk = resp.sum(axis=0)
    xk = resp.T @ X / nk[:, None]
    diff = X[None, :, :] - xk[:, None, :]                      # (K, n, d)
    scatter = np.einsum("nk,kni,knj->kij", resp, diff, diff)   # N_k S_k
    b0, m0 = prior["mean_precision"], np.asarray(prior["mean"], dtype=float)
    beta = b0 + nk
    dm = xk - m0
    w_inv = prior["covariance"] + scatter \
        + (b0 * nk / beta)[:, None, None] * dm[:, :, None] * dm[:, None, :]
    nu = prior["degrees_of_freedom"] + nk
    means = (b0 * m0 + nk[:, None] * xk) / beta[:, None]
    return prior["weight_concentration"] + nk, beta, means, nu, w_inv / nu[:, None, None]


_ALPHA = "alpha = prior['weight_concentration'] + nk"
_NU = "nu = prior['degrees_of_freedom'] + nk"
_RETURN = "return alpha, beta, means, nu, w_inv / nu[:, None, None]"

#: Classic mistakes: each must lose points, and the feedback must contain its fragment.
MUTANTS = (
    Mutant(((_ALPHA, "alpha = nk"),), "forgotten prior term", "alpha without alpha_0"),
    Mutant((("w_inv[k] = cov0 + ", "w_inv[k] = "),), "forgotten prior term",
           "W_k^-1 without W_0^-1"),
    Mutant(((_NU, "nu = prior['degrees_of_freedom'] + nk - 1"),), "nu_k off by one",
           "nu_k = nu_0 + N_k - 1"),
    Mutant(((_NU, "nu = prior['degrees_of_freedom'] + nk + 1"),), "nu_k off by one",
           "nu_k = nu_0 + N_k + 1"),
    Mutant(((_RETURN, "return alpha, beta, means, nu, np.linalg.inv(w_inv) / nu[:, None, None]"),),
           "W_k (a precision) instead of W_k^-1", "returns W_k instead of W_k^-1"),
    Mutant(((_RETURN, "return alpha, beta, means, nu, w_inv"),),
           "not divided by nu_k", "returns W_k^-1 itself"),
    Mutant((("means = (b0 * m0 + nk[:, None] * xk) / beta[:, None]", "means = xk"),),
           "forgotten prior term", "means without the prior mean"),
)

#: Correct variants: each must get full marks, hidden cases included.
ALTERNATIVES = (
    Alternative(_loop, "a loop over components"),
    Alternative(_batched, "all components at once with einsum"),
)
# END INSTRUCTOR ONLY
