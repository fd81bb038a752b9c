"""Exercise of chapter 10: ``vb_expectations``, the three expectations the VB E-step needs.

``E[log pi_k]`` is compared with scikit-learn's ``_estimate_log_weights``, the quadratic form
with what its ``_estimate_log_prob`` implies, ``E[log |Lambda_k|]`` with the closed form
(Bishop 10.65) evaluated by SciPy (:mod:`.vb_reference`).
"""

from __future__ import annotations

import numpy as np

from . import vb_reference as vb
from .harness import as_array, close, finite, unpack
from .verdict import Mistake

#: What the student sees, stage by stage: a nudge, then the key formula (Markdown with LaTeX).
HINTS = (
    ("Three separate pieces. The Dirichlet gives `digamma(alpha) - digamma(alpha.sum())`. The "
     "Wishart needs W_k, the inverse of `nu[k] * covariances[k]`: its log-determinant and "
     "the quadratic form both come from a Cholesky factor. The mean's uncertainty adds "
     "d / beta_k to the quadratic form."),
    (r"$E[\log\pi_k]=\psi(\alpha_k)-\psi(\sum_j\alpha_j)$, $E[\log|\Lambda_k|]=\sum_{i=1}^d"
     r"\psi\big(\frac{\nu_k+1-i}2\big)+d\log2+\log|W_k|$, $E[(x-\mu_k)^\top\Lambda_k(x-\mu_k)]"
     r"=d/\beta_k+\nu_k(x-m_k)^\top W_k(x-m_k)$, where $\nu_kW_k$ is the inverse of "
     r"`covariances[k]`."),
)

_NAMES = "e_log_pi, e_log_det, e_quad"


def _output(s, X, params):
    n = X.shape[0]
    k = len(params[0])
    a, b, c = unpack(s.call(X, *params), 3, _NAMES)
    kk = ((k, "n_components"),)
    a = as_array(a, "e_log_pi", shape=kk)
    b = as_array(b, "e_log_det", shape=kk)
    c = as_array(c, "e_quad", shape=((n, "n_samples"), (k, "n_components")))
    for arr, what in ((a, "e_log_pi"), (b, "e_log_det"), (c, "e_quad")):
        finite(arr, what)
    return a, b, c


def _setting(X, resp, prior):
    model, params = vb.m_step(X, resp, prior)
    return params, vb.expectations(X, model)


def _where(label):
    return f" ({label})" if label else ""


def _log_pi(s, X, resp, prior, label=""):
    params, (expected, _b, _c) = _setting(X, resp, prior)
    got, _b2, _c2 = _output(s, X, params)
    if close(got, expected, rtol=1e-8, atol=1e-10):
        return
    alpha = params[0]
    where = _where(label)
    if close(got, np.log(alpha / alpha.sum()), rtol=1e-6):
        raise Mistake("e_log_pi is the log of the expected weight, log(alpha_k / sum_j "
                      f"alpha_j); the expected log needs digamma{where}")
    if close(got, digamma(alpha) - digamma(alpha).sum(), rtol=1e-6) or \
            close(got, digamma(alpha) - np.log(alpha.sum()), rtol=1e-6) or \
            close(got, digamma(alpha), rtol=1e-6):
        raise Mistake("e_log_pi takes digamma of the wrong argument: subtract digamma of the "
                      f"sum, digamma(sum_j alpha_j){where}")
    raise Mistake(f"e_log_pi differs from digamma(alpha_k) - digamma(sum_j alpha_j){where}")


def _log_det(s, X, resp, prior, label=""):
    params, (_a, expected, _c) = _setting(X, resp, prior)
    _a2, got, _c2 = _output(s, X, params)
    if close(got, expected, rtol=1e-8, atol=1e-10):
        return
    d = X.shape[1]
    nu, covs = params[3], params[4]
    where = _where(label)
    log_w = -(d * np.log(nu) + np.linalg.slogdet(covs)[1])
    i = np.arange(1, d + 1)[None, :]
    psi = digamma((nu[:, None] + 1 - i) / 2).sum(axis=1)
    wrong_args = (digamma((nu[:, None] - i) / 2).sum(axis=1),
                  digamma(nu[:, None] + 1 - i).sum(axis=1),
                  d * digamma(nu / 2), digamma((nu[:, None] + i) / 2).sum(axis=1))
    if any(close(got, w + d * np.log(2.0) + log_w, rtol=1e-6) for w in wrong_args):
        raise Mistake("e_log_det takes digamma of the wrong argument: sum digamma((nu_k + 1 - i)"
                      f" / 2) over i = 1..d{where}")
    if close(got, psi + d * np.log(2.0) - log_w, rtol=1e-6):
        raise Mistake("e_log_det uses log|W_k^-1| where it needs log|W_k|: W_k is the inverse "
                      f"of nu_k * covariances[k]{where}")
    if close(got, psi + d * np.log(2.0) - np.linalg.slogdet(covs)[1], rtol=1e-6):
        raise Mistake("e_log_det forgets nu_k in W_k: W_k is the inverse of nu_k * "
                      f"covariances[k], not of covariances[k]{where}")
    if close(got, psi + log_w, rtol=1e-6):
        raise Mistake(f"e_log_det misses the term d log 2{where}")
    raise Mistake("e_log_det differs from sum_i digamma((nu_k + 1 - i) / 2) + d log 2 + "
                  f"log|W_k|{where}")


def _quad(s, X, resp, prior, label=""):
    params, (_a, _b, expected) = _setting(X, resp, prior)
    _a2, _b2, got = _output(s, X, params)
    scale = 1e-10 * (1 + np.abs(expected).max())
    if close(got, expected, rtol=1e-8, atol=scale):
        return
    d = X.shape[1]
    beta, means, nu, covs = params[1:]
    where = _where(label)
    offset = d / beta[None, :]
    maha = expected - offset
    if close(got, maha, rtol=1e-6, atol=scale):
        raise Mistake("e_quad misses d / beta_k, the uncertainty of the mean: a forgotten "
                      f"prior term{where}")
    if close(got, offset + nu[None, :] * maha, rtol=1e-6) or \
            close(got, nu[None, :] * maha, rtol=1e-6):
        raise Mistake("e_quad counts nu_k twice: nu_k W_k is already the inverse of "
                      f"covariances[k]{where}")
    diff = X[:, None, :] - means[None, :, :]
    direct = np.einsum("nki,kij,nkj->nk", diff, covs, diff)
    for factor in (1.0, nu[None, :], 1.0 / nu[None, :]):
        if close(got, offset + factor * direct, rtol=1e-6) or close(got, factor * direct,
                                                                      rtol=1e-6):
            raise Mistake("e_quad uses W_k^-1 instead of W_k: the quadratic form needs the "
                          f"inverse of covariances[k]{where}")
    raise Mistake("e_quad differs from d / beta_k + nu_k (x_n - m_k)^T W_k (x_n - m_k)"
                  f"{where}")


def _problem():
    p = vb.vb_problem(1101, n=40, d=2, k=3)
    return p["X"], p["resp"], p["prior"]


def _other():
    p = vb.vb_problem(1102, n=30, d=3, k=4)
    return p["X"], p["resp"], vb.prior_with(p["X"], 4, 1103)


def _part(step):
    def part(s):
        step(s, *_problem())
        step(s, *_other(), label="3-dimensional data, another prior")
    part.__name__ = f"_part{step.__name__}"
    return part


def _hidden(s, spec):
    p = vb.vb_problem(spec["seed"], n=spec.get("n", 60), d=spec["d"], k=spec["k"],
                      far=spec.get("far", False))
    prior = vb.prior_with(p["X"], spec["k"], spec["seed"]) if spec.get("prior") else p["prior"]
    for step in (_log_pi, _log_det, _quad):
        step(s, p["X"], p["resp"], prior, spec["label"])


#: The parts of the check, one point each, in the order they run.
PARTS = (_part(_log_pi), _part(_log_det), _part(_quad))

#: Code rules of the notebook, each worth one point (see rules.py); X is per sample.
RULES = ("no_sample_loop", "no_log_det")

#: Runs one hidden case (a dict of HIDDEN_CASES) through the full comparison.
run_hidden = _hidden

# BEGIN INSTRUCTOR ONLY: the student release drops everything from here to the END marker.
#: Cases the autograder adds to the visible parts: other seeds, sizes and shapes.
HIDDEN_CASES = (
    {"label": "one component (K = 1)", "seed": 1141, "d": 2, "k": 1},
    {"label": "1-dimensional data", "seed": 1142, "d": 1, "k": 3},
    {"label": "6-dimensional data, another prior", "seed": 1143, "d": 6, "k": 3, "n": 80,
     "prior": True},
    {"label": "far-apart clusters", "seed": 1144, "d": 2, "k": 3, "far": True},
)

from .variants import Alternative, Mutant


def digamma(x):
    """SciPy's ``digamma``, imported on first use (scipy.special takes a second to import)."""
    from scipy.special import digamma as f

    return f(x)

# The variants run in the chapter's namespace, where digamma is the setup cell's.


def _slogdet_inv(X, alpha, beta, means, nu, covariances):
    d = X.shape[1]
    e_log_pi = digamma(alpha) - digamma(alpha.sum())
    w = np.linalg.inv(nu[:, None, None] * covariances)
    e_log_det = np.array([sum(digamma(0.5 * (nu[k] + 1 - i)) for i in range(1, d + 1))
                          for k in range(len(alpha))]) + d * np.log(2) + np.linalg.slogdet(w)[1]
    diff = X[:, None, :] - means[None, :, :]
    e_quad = d / beta + nu * np.einsum("nki,kij,nkj->nk", diff, w, diff)
    return e_log_pi, e_log_det, e_quad


def _solve(X, alpha, beta, means, nu, covariances):
    d = X.shape[1]
    e_log_pi = digamma(alpha) - digamma(np.sum(alpha))
    half = 0.5 * (nu[:, None] - np.arange(d)[None, :])
    _sign, logdet_cov = np.linalg.slogdet(covariances)
    e_log_det = digamma(half).sum(axis=1) + d * np.log(2.0) - d * np.log(nu) - logdet_cov
    cols = []
    for k in range(len(alpha)):
        diff = X - means[k]
        cols.append(d / beta[k] + np.sum(diff * np.linalg.solve(covariances[k], diff.T).T, axis=1))
    return e_log_pi, e_log_det, np.stack(cols, axis=1)


_PI = "e_log_pi = digamma(alpha) - digamma(np.sum(alpha))"
_PSI = "digamma((nu[:, None] + 1 - i[None, :]) / 2)"
_LOGW = "log_det_w = -2.0 * np.log(np.diagonal(L, axis1=1, axis2=2)).sum(axis=1)"
_QUAD = "e_quad[:, k] = n_features / beta[k] + (z ** 2).sum(axis=0)"

#: Classic mistakes: each must lose points, and the feedback must contain its fragment.
MUTANTS = (
    Mutant(((_PI, "e_log_pi = digamma(alpha) - np.sum(digamma(alpha))"),),
           "digamma of the wrong argument", "the sum of digammas instead of digamma of the sum"),
    Mutant(((_PI, "e_log_pi = np.log(alpha / np.sum(alpha))"),),
           "needs digamma", "the log of the expected weight"),
    Mutant(((_PSI, "digamma((nu[:, None] - i[None, :]) / 2)"),),
           "digamma of the wrong argument", "digamma((nu_k - i) / 2), off by one"),
    Mutant(((_LOGW, _LOGW.replace("-2.0 *", "2.0 *")),),
           "log|W_k^-1| where it needs log|W_k|", "log|W_k^-1| instead of log|W_k|"),
    Mutant(((_QUAD, "e_quad[:, k] = (z ** 2).sum(axis=0)"),),
           "forgotten prior term", "forgets d / beta_k"),
    Mutant((("z = np.linalg.solve(np.linalg.cholesky(covariances[k]), (X - means[k]).T)",
             "z = np.linalg.cholesky(covariances[k]).T @ (X - means[k]).T"),),
           "W_k^-1 instead of W_k", "the quadratic form with covariances[k], not its inverse"),
)

#: Correct variants: each must get full marks, hidden cases included.
ALTERNATIVES = (
    Alternative(_slogdet_inv, "explicit inverse, slogdet, a sum over i"),
    Alternative(_solve, "np.linalg.solve per component, digamma of (nu - j) / 2 for j = 0..d-1"),
)
# END INSTRUCTOR ONLY
