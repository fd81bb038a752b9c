"""The two halves of an EM iteration, as readable reference code: the E-step and the M-step.

``e_step`` and ``m_step`` are whole-array NumPy, one formula each; the course's notebooks and
the exact fallback of ``GaussianMixture.fit`` use them.  What ``fit`` normally runs is the
one-pass, multi-threaded version in :mod:`gmmlab.fused`; both give scikit-learn's numbers (up to
round-off), which the agreement tests check.
"""

import numpy as np

from .gaussian import log_gaussian_prob, logsumexp

__all__ = ["EPS_NK", "e_step", "m_step"]

# scikit-learn adds 10 machine epsilons to every N_k so that an empty component divides by a
# tiny number instead of zero.  We do the same so that the results agree.
EPS_NK = 10 * np.finfo(np.float64).eps


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
        resp = np.exp(weighted - log_norm[:, None])
    return resp, float(np.sum(log_norm))


def m_step(X, resp, covariance_type="full", reg_covar=1e-6):
    """M-step: maximum-likelihood weights, means and covariances given responsibilities.

    ``reg_covar`` is added to the diagonal of every covariance (to every variance for
    diag/spherical) so that a component sitting on a few points stays invertible.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    resp : ndarray of shape (n_samples, n_components)
    covariance_type : {"full", "tied", "diag", "spherical"}
    reg_covar : float

    Returns
    -------
    weights : ndarray of shape (n_components,)
    means : ndarray of shape (n_components, n_features)
    covariances : ndarray
        full (K, d, d), tied (d, d), diag (K, d) or spherical (K,).
    """
    X = np.asarray(X, dtype=np.float64)
    resp = np.asarray(resp, dtype=np.float64)
    _n, d = X.shape
    nk = resp.sum(axis=0) + EPS_NK  # (K,)
    means = (resp.T @ X) / nk[:, None]  # (K, d)
    if covariance_type not in ("full", "tied", "diag", "spherical"):
        raise ValueError(
            "covariance_type must be one of ['full', 'tied', 'diag', 'spherical'], "
            f"got {covariance_type!r}."
        )
    # Deviations are taken from each component's own mean (two passes over X): exact even
    # when a tight cluster sits far from the origin.  K small products, no (n, K, d) array.
    scatter = []
    for k in range(len(nk)):
        diff = X - means[k]
        if covariance_type in ("full", "tied"):
            scatter.append((resp[:, k] * diff.T) @ diff)  # sum_n r_nk (x - mu)(x - mu)^T
        else:
            scatter.append(resp[:, k] @ (diff * diff))  # its diagonal only
    scatter = np.array(scatter)
    if covariance_type == "full":
        cov = scatter / nk[:, None, None]
        cov += reg_covar * np.eye(d)
    elif covariance_type == "tied":
        if np.allclose(resp.sum(axis=1), 1.0):
            cov = scatter.sum(axis=0) / nk.sum()
        else:
            # Rows that do not sum to one (the one-hot starts of "k-means++" and
            # "random_from_data"): scikit-learn's formula, in which every sample counts.
            cov = (X.T @ X - (nk * means.T) @ means) / nk.sum()
        cov.flat[:: d + 1] += reg_covar
    else:
        cov = scatter / nk[:, None] + reg_covar
        if covariance_type == "spherical":
            cov = cov.mean(axis=1)
    return nk / nk.sum(), means, cov
