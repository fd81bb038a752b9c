"""The E-step of EM, as readable reference code: responsibilities and the log-likelihood.

``e_step`` is whole-array NumPy on top of :func:`gmmlab.numerics.gaussian.log_gaussian_prob`;
the course's notebooks use it. ``GaussianMixture.fit`` runs the same log-densities in the
chunked, multi-threaded pass of :mod:`gmmlab.numerics.fast.passes`; both give scikit-learn's
numbers (up to round-off), float32 for float32 data.
"""

import numpy as np
from scipy.special import logsumexp

from .gaussian import log_gaussian_prob, precision_cholesky

__all__ = ["e_step", "responsibilities"]

def e_step(X, weights, means, precisions_chol, covariance_type):
    """E-step: responsibilities and the total log-likelihood.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    weights : ndarray of shape (n_components,)
    means : ndarray of shape (n_components, n_features)
    precisions_chol : ndarray
        full (K, d, d), tied (d, d), diag (K, d) or spherical (K,).
    covariance_type : {"full", "tied", "diag", "spherical"}

    Returns
    -------
    resp : ndarray of shape (n_samples, n_components)
        Posterior probability of each component for each sample (rows sum to 1).
    log_likelihood : float
        Total log-likelihood ``sum_n log sum_k pi_k N(x_n | mu_k, S_k)``.
    """
    weighted = log_gaussian_prob(X, means, precisions_chol, covariance_type) + np.log(weights)
    log_norm = logsumexp(weighted, axis=1)  # (n,)
    with np.errstate(under="ignore"):
        resp = np.exp(weighted - log_norm[:, None]).astype(weighted.dtype, copy=False)
    return resp, float(np.sum(log_norm))


def responsibilities(X, weights, means, covariances, covariance_type):
    """Posterior probabilities of the components for every point, from covariances.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    weights : ndarray of shape (n_components,)
    means : ndarray of shape (n_components, n_features)
    covariances : ndarray
        full (K, d, d), tied (d, d), diag (K, d) or spherical (K,).
    covariance_type : {"full", "tied", "diag", "spherical"}

    Returns
    -------
    resp : ndarray of shape (n_samples, n_components)
        Rows sum to 1; a component of weight 0 gets responsibility 0.
    """
    chol = precision_cholesky(covariances, covariance_type)
    with np.errstate(divide="ignore"):
        log_prob = log_gaussian_prob(X, means, chol, covariance_type) + np.log(weights)
    resp = np.exp(log_prob - logsumexp(log_prob, axis=1, keepdims=True))
    return resp.astype(log_prob.dtype, copy=False)
