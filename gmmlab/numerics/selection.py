"""Model selection: number of free parameters, BIC and AIC (lower is better)."""

import math

from .validation import COVARIANCE_TYPES, check_choice, check_int

__all__ = ["aic", "bic", "n_parameters"]


def n_parameters(n_components, n_features, covariance_type="full"):
    """Number of free parameters of a Gaussian mixture.

    ``K - 1`` weights (they sum to one), ``K d`` means, and per covariance type
    full ``K d (d + 1) / 2``, tied ``d (d + 1) / 2``, diag ``K d``, spherical ``K``.

    Parameters
    ----------
    n_components : int
    n_features : int
    covariance_type : {"full", "tied", "diag", "spherical"}

    Returns
    -------
    int
    """
    K = check_int(n_components, "n_components", minimum=1)
    d = check_int(n_features, "n_features", minimum=1)
    check_choice(covariance_type, "covariance_type", COVARIANCE_TYPES)
    cov = {
        "full": K * d * (d + 1) // 2,
        "tied": d * (d + 1) // 2,
        "diag": K * d,
        "spherical": K,
    }[covariance_type]
    return int(cov + K * d + K - 1)


def bic(log_likelihood, n_params, n_samples):
    """Bayesian information criterion ``-2 log L + p ln n`` (``log L`` is the TOTAL log-likelihood)."""
    return -2.0 * float(log_likelihood) + n_params * math.log(n_samples)


def aic(log_likelihood, n_params):
    """Akaike information criterion ``-2 log L + 2 p`` (``log L`` is the TOTAL log-likelihood)."""
    return -2.0 * float(log_likelihood) + 2.0 * n_params
