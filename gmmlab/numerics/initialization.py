"""Initial responsibilities for EM, drawn exactly as scikit-learn's GaussianMixture draws them.

The same ``random_state`` therefore gives the same start, and so the same fit, as
``sklearn.mixture.GaussianMixture`` for every ``init_params``: the random numbers are taken from
the generator in the same order, and the k-means starts use scikit-learn's own ``KMeans`` and
``kmeans_plusplus`` (the course teaches its own, readable k-means in the exercises).
"""

import os
from contextlib import nullcontext

import numpy as np
from sklearn.cluster import KMeans, kmeans_plusplus
from threadpoolctl import threadpool_limits

from .validation import INIT_METHODS, check_choice

__all__ = ["INIT_METHODS", "initial_responsibilities"]

# GNU OpenMP cannot use its worker threads in a process forked from one that had started them:
# scikit-learn's k-means would wait for them forever (a multiprocessing worker hangs). In such a
# child, k-means runs on one OpenMP thread, which gives the same labels.
_in_forked_child = False


def _after_fork_in_child():
    global _in_forked_child
    _in_forked_child = True


os.register_at_fork(after_in_child=_after_fork_in_child)


def _openmp_threads():
    """One OpenMP thread in a forked child, the default number otherwise."""
    return threadpool_limits(1, user_api="openmp") if _in_forked_child else nullcontext()


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
        with _openmp_threads():
            km = KMeans(n_clusters=n_components, n_init=1, random_state=random_state).fit(X)
        resp[np.arange(n), km.labels_] = 1
    elif method == "k-means++":
        with _openmp_threads():
            _, idx = kmeans_plusplus(X, n_components, random_state=random_state)
        resp[idx, np.arange(n_components)] = 1
    elif method == "random":
        resp = np.asarray(random_state.uniform(size=(n, n_components)), dtype=X.dtype)
        resp /= resp.sum(axis=1)[:, np.newaxis]
    else:  # random_from_data
        idx = random_state.choice(n, size=n_components, replace=False)
        resp[idx, np.arange(n_components)] = 1
    return resp
