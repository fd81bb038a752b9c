"""Initial responsibilities for EM, drawn exactly as scikit-learn's GaussianMixture draws them.

The same ``random_state`` therefore gives the same start, and so the same fit, as
``sklearn.mixture.GaussianMixture`` for every ``init_params``: the random numbers are taken from
the generator in the same order, and the k-means starts use scikit-learn's own ``KMeans`` and
``kmeans_plusplus`` (the course teaches its own, readable k-means in the exercises).
"""

import numpy as np
from sklearn.cluster import KMeans, kmeans_plusplus

from .validation import INIT_METHODS, check_choice

__all__ = ["INIT_METHODS", "initial_responsibilities"]


def initial_responsibilities(X, n_components, method, random_state):
    """Responsibilities that start EM (the M-step turns them into parameters).

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features), float32 or float64
        The data, in the dtype the user gave (k-means on float32 data runs in float32, as in
        scikit-learn).
    n_components : int
    method : {"kmeans", "k-means++", "random", "random_from_data"}
        ``kmeans``: one-hot labels of one run of k-means; ``k-means++``: one-hot on the
        k-means++ seeds only (every other row is zero); ``random``: uniform random rows
        normalised to sum 1; ``random_from_data``: one-hot on ``n_components`` distinct random
        samples (every other row is zero).
    random_state : numpy RandomState
        As returned by ``sklearn.utils.check_random_state``.

    Returns
    -------
    resp : ndarray of shape (n_samples, n_components), dtype of ``X``
    """
    check_choice(method, "init_params", INIT_METHODS)
    n = X.shape[0]
    resp = np.zeros((n, n_components), dtype=X.dtype)
    if method == "kmeans":
        labels = KMeans(n_clusters=n_components, n_init=1, random_state=random_state).fit(X).labels_
        resp[np.arange(n), labels] = 1
    elif method == "k-means++":
        _, idx = kmeans_plusplus(X, n_components, random_state=random_state)
        resp[idx, np.arange(n_components)] = 1
    elif method == "random":
        resp = np.asarray(random_state.uniform(size=(n, n_components)), dtype=X.dtype)
        resp /= resp.sum(axis=1)[:, np.newaxis]
    else:  # random_from_data
        idx = random_state.choice(n, size=n_components, replace=False)
        resp[idx, np.arange(n_components)] = 1
    return resp
