"""Drawing samples from a fitted Gaussian mixture, with scikit-learn's random stream."""

import numpy as np

__all__ = ["sample_mixture"]


def sample_mixture(weights, means, covariances, covariance_type, n_samples, rng):
    """Draw ``n_samples`` points: component counts from a multinomial, then each component.

    The random numbers are drawn in scikit-learn's order, so the same generator state gives
    the same samples as ``sklearn.mixture.GaussianMixture.sample``.

    Parameters
    ----------
    weights : ndarray of shape (n_components,)
    means : ndarray of shape (n_components, n_features)
    covariances : ndarray
        full (K, d, d), tied (d, d), diag (K, d) or spherical (K,).
    covariance_type : {"full", "tied", "diag", "spherical"}
    n_samples : int
        At least 1.
    rng : numpy RandomState

    Returns
    -------
    X : ndarray of shape (n_samples, n_features), float64
    labels : ndarray of shape (n_samples,), int64
    """
    if isinstance(n_samples, (bool, np.bool_)) or not isinstance(
        n_samples, (int, np.integer)
    ) or n_samples < 1:
        raise ValueError(
            f"Invalid value for 'n_samples': {n_samples!r}. The sampling requires at least "
            "one sample (n_samples must be an integer >= 1)."
        )
    d = means.shape[1]
    counts = rng.multinomial(n_samples, weights)
    parts = []
    for k, m in enumerate(counts):
        if covariance_type in ("full", "tied"):
            cov = covariances[k] if covariance_type == "full" else covariances
            parts.append(rng.multivariate_normal(means[k], cov, int(m)))
        else:
            std = np.sqrt(covariances[k])
            parts.append(means[k] + rng.standard_normal(size=(int(m), d)) * std)
    labels = np.repeat(np.arange(len(weights), dtype=np.int64), counts)
    return np.vstack(parts).astype(np.float64, copy=False), labels
