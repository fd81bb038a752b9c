"""Reference answers of the variational-Bayes chapter: scikit-learn's BayesianGaussianMixture.

The checks of chapter 10 compare a student's functions with
``sklearn.mixture.BayesianGaussianMixture(weight_concentration_prior_type=
"dirichlet_distribution", covariance_type="full", reg_covar=0)``, driven step by step from the
*same* responsibilities: its private ``_m_step``, ``_estimate_log_weights``,
``_estimate_log_prob`` and ``_compute_lower_bound`` are the ones its ``fit`` calls. ``reg_covar``
is 0 because the Wishart prior already keeps every covariance positive definite (scikit-learn's
default ``1e-6`` would add ``1e-6 N_k`` to ``W_k^{-1}``). The one quantity scikit-learn never
returns on its own, ``E[log |Lambda_k|]``, is computed here in closed form with SciPy's digamma.

The hyper-parameters travel as a tuple ``(alpha, beta, means, nu, covariances)``: the Dirichlet
concentrations (K,), ``mean_precision_`` (K,), ``means_`` (K, d), ``degrees_of_freedom_`` (K,)
and ``covariances_`` (K, d, d) = ``W_k^{-1} / nu_k``, the attributes scikit-learn stores.
"""

from __future__ import annotations

import warnings

import numpy as np


def digamma(x):
    """SciPy's ``digamma``, imported on first use (scipy.special takes a second to import)."""
    from scipy.special import digamma as f

    return f(x)

__all__ = ["default_prior", "elbo", "expectations", "log_resp_of", "m_step",
           "model", "params", "prior_with", "vb_problem"]


def default_prior(X, n_components: int) -> dict:
    """scikit-learn's default prior for ``X`` (n, d) and ``n_components`` components.

    Returns
    -------
    dict
        ``weight_concentration`` 1/K, ``mean_precision`` 1, ``mean`` the data mean (d,),
        ``degrees_of_freedom`` d, ``covariance`` the data covariance (d, d), ``np.cov`` with
        ``ddof=1``.
    """
    X = np.asarray(X, dtype=float)
    return {"weight_concentration": 1.0 / n_components, "mean_precision": 1.0,
            "mean": X.mean(axis=0), "degrees_of_freedom": float(X.shape[1]),
            "covariance": np.atleast_2d(np.cov(X.T))}


def prior_with(X, n_components: int, seed: int) -> dict:
    """A prior unlike the defaults (every value changed), so that hard-coded defaults show."""
    rng = np.random.default_rng(seed)
    d = X.shape[1]
    B = rng.normal(size=(d, d))
    return {"weight_concentration": 2.5, "mean_precision": 0.3,
            "mean": X.mean(axis=0) + rng.normal(size=d),
            "degrees_of_freedom": d + 1.7,
            "covariance": B @ B.T / d + 0.5 * np.eye(d)}


def model(X, prior: dict, n_components: int, prior_type: str = "dirichlet_distribution"):
    """An unfitted BayesianGaussianMixture whose prior attributes are set from ``prior``."""
    from sklearn.mixture import BayesianGaussianMixture

    m = BayesianGaussianMixture(
        n_components=n_components, covariance_type="full", reg_covar=0.0,
        weight_concentration_prior_type=prior_type,
        weight_concentration_prior=prior["weight_concentration"],
        mean_precision_prior=prior["mean_precision"], mean_prior=prior["mean"],
        degrees_of_freedom_prior=prior["degrees_of_freedom"],
        covariance_prior=prior["covariance"])
    m._check_parameters(np.asarray(X, dtype=float))
    return m


def _log(resp):
    with np.errstate(divide="ignore"):
        return np.log(resp)


def m_step(X, resp, prior: dict):
    """scikit-learn's VB M-step from ``resp`` (n, K): the fitted model and its parameters."""
    X = np.asarray(X, dtype=float)
    m = model(X, prior, resp.shape[1])
    with warnings.catch_warnings(), np.errstate(divide="ignore", invalid="ignore"):
        warnings.simplefilter("ignore")
        m._m_step(X, _log(resp))
    return m, params(m)


def params(m) -> tuple:
    """``(alpha, beta, means, nu, covariances)`` of a scikit-learn model, as copies."""
    return (np.array(m.weight_concentration_, dtype=float), np.array(m.mean_precision_),
            np.array(m.means_), np.array(m.degrees_of_freedom_), np.array(m.covariances_))


def expectations(X, m) -> tuple:
    """``(E[log pi_k] (K,), E[log |Lambda_k|] (K,), E[quadratic form] (n, K))`` of model ``m``.

    ``E[log pi]`` is scikit-learn's ``_estimate_log_weights``; the quadratic form
    ``d / beta_k + nu_k (x - m_k)^T W_k (x - m_k)`` comes out of its ``_estimate_log_prob``
    once ``E[log |Lambda_k|]`` (closed form, Bishop 10.65) is taken off.
    """
    X = np.asarray(X, dtype=float)
    d = X.shape[1]
    e_log_pi = np.asarray(m._estimate_log_weights(), dtype=float)
    nu = m.degrees_of_freedom_
    _sign, logdet_cov = np.linalg.slogdet(m.covariances_)
    log_det_w = -(d * np.log(nu) + logdet_cov)
    e_log_det = (digamma(0.5 * (nu[None, :] - np.arange(d)[:, None])).sum(axis=0)
                 + d * np.log(2.0) + log_det_w)
    log_prob = m._estimate_log_prob(X)  # -d/2 log 2 pi + E[log|Lambda|]/2 - E[quad]/2
    e_quad = -2.0 * log_prob + e_log_det[None, :] - d * np.log(2.0 * np.pi)
    return e_log_pi, e_log_det, e_quad


def log_resp_of(X, m) -> np.ndarray:
    """scikit-learn's VB E-step: the log-responsibilities (n, K) under model ``m``."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return m._estimate_log_prob_resp(np.asarray(X, dtype=float))[1]


def elbo(m, log_resp) -> float:
    """scikit-learn's ``lower_bound_`` for ``log_resp`` (n, K) and the model ``m`` it gave."""
    return float(m._compute_lower_bound(log_resp, None))


def vb_problem(seed: int, n: int = 60, d: int = 2, k: int = 3, far: bool = False) -> dict:
    """A data set, soft responsibilities (rows sum to 1, none zero) and the default prior.

    ``far``: clusters thousands of standard deviations apart, with the responsibilities of the
    component each point belongs to (hard up to 1e-12), and a prior with ``W_0^-1 = I`` and
    ``beta_0 = 1e-6``, so that the responsibilities underflow outside log space.
    """
    rng = np.random.default_rng(seed)
    scale = 3000.0 if far else 3.0
    centres = rng.normal(scale=scale, size=(k, d))
    labels = rng.integers(0, k, size=n)
    labels[:k] = np.arange(k)
    X = centres[labels] + rng.normal(size=(n, d)) @ (np.eye(d) + 0.3 * rng.normal(size=(d, d)))
    if far:
        resp = np.full((n, k), 1e-12 / max(k - 1, 1))
        resp[np.arange(n), labels] = 1.0 - (1e-12 if k > 1 else 0.0)
    else:
        resp = rng.dirichlet(np.full(k, 0.8), size=n)
    prior = default_prior(X, k)
    if far:  # a prior that does not blur the clusters: W_0^-1 = I and a vague mean
        prior.update(covariance=np.eye(d), mean_precision=1e-6)
    return {"X": X, "resp": resp, "labels": labels, "prior": prior}
