"""Initial responsibilities for EM: k-means, k-means++ seeds, random, or random data points."""

import numpy as np

__all__ = ["INIT_METHODS", "initial_responsibilities", "kmeans", "kmeans_plusplus"]

from .validation import INIT_METHODS, check_choice


def _sq_dist(X, centers, x_sq):
    """Squared distances (n, K) via |x|^2 - 2 x.c + |c|^2 (one matrix product), clipped at 0."""
    d2 = x_sq[:, None] - 2.0 * (X @ centers.T) + (centers**2).sum(axis=1)
    return np.maximum(d2, 0.0, out=d2)


def kmeans_plusplus(X, n_clusters, rng):
    """k-means++ seeding: each new centre is a data point drawn with probability ~ D(x)^2.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    n_clusters : int
    rng : numpy RandomState or Generator

    Returns
    -------
    centers : ndarray of shape (n_clusters, n_features)
    indices : ndarray of shape (n_clusters,)

    Raises
    ------
    ValueError
        Naming ``n_clusters`` unless ``1 <= n_clusters <= n_samples``.
    """
    n = X.shape[0]
    if isinstance(n_clusters, (bool, np.bool_)) or not isinstance(
        n_clusters, (int, np.integer)
    ) or not 1 <= n_clusters <= n:
        raise ValueError(
            f"n_clusters must be an integer between 1 and n_samples = {n}, got {n_clusters!r}."
        )
    x_sq = (X**2).sum(axis=1)
    indices = np.empty(n_clusters, dtype=np.intp)
    indices[0] = int(rng.uniform() * n) % n
    closest = _sq_dist(X, X[indices[:1]], x_sq)[:, 0]
    for c in range(1, n_clusters):
        total = closest.sum()
        if total <= 0:  # all points coincide with chosen centres: pick any point
            idx = int(rng.uniform() * n) % n
        else:
            idx = int(np.searchsorted(np.cumsum(closest), rng.uniform() * total))
            idx = min(idx, n - 1)
        indices[c] = idx
        closest = np.minimum(closest, _sq_dist(X, X[idx : idx + 1], x_sq)[:, 0])
    return X[indices].copy(), indices


def kmeans(X, n_clusters, rng, max_iter=300, tol=1e-4):
    """Lloyd's k-means from k-means++ seeds.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    n_clusters : int
    rng : numpy RandomState or Generator
    max_iter : int
    tol : float
        Stop when the centres move less than ``tol`` times the mean feature variance.

    Returns
    -------
    labels : ndarray of shape (n_samples,)
    centers : ndarray of shape (n_clusters, n_features)
    """
    centers, _ = kmeans_plusplus(X, n_clusters, rng)
    x_sq = (X**2).sum(axis=1)
    threshold = tol * float(np.mean(X.var(axis=0)))
    labels = np.zeros(X.shape[0], dtype=np.intp)
    for _ in range(max_iter):
        d2 = _sq_dist(X, centers, x_sq)
        labels = d2.argmin(axis=1)
        counts = np.bincount(labels, minlength=n_clusters)
        sums = np.zeros_like(centers)
        _group_sum(sums, labels, X)
        new = centers.copy()
        filled = counts > 0
        new[filled] = sums[filled] / counts[filled, None]
        # An empty cluster takes the point farthest from its centre.
        for k in np.flatnonzero(~filled):
            far = int(d2[np.arange(len(X)), labels].argmax())
            new[k] = X[far]
            d2[far] = 0.0
        shift = float(((new - centers) ** 2).sum())
        centers = new
        if shift <= threshold:
            break
    labels = _sq_dist(X, centers, x_sq).argmin(axis=1)
    return labels, centers


def _group_sum(out, labels, X):
    """Per-cluster sums of rows of X (one-hot matrix product; faster than np.add.at)."""
    for j in range(X.shape[1]):
        out[:, j] = np.bincount(labels, weights=X[:, j], minlength=out.shape[0])


def initial_responsibilities(X, n_components, method, rng):
    """Responsibilities that start EM (the M-step turns them into parameters).

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    n_components : int
    method : {"kmeans", "k-means++", "random", "random_from_data"}
        ``kmeans``: one-hot k-means labels; ``k-means++``: one-hot on the k-means++ seeds only;
        ``random``: uniform random rows normalised to sum 1; ``random_from_data``: one-hot on
        ``n_components`` distinct random samples.
    rng : numpy RandomState or Generator

    Returns
    -------
    resp : ndarray of shape (n_samples, n_components)
    """
    n = X.shape[0]
    resp = np.zeros((n, n_components))
    if method == "kmeans":
        labels, _ = kmeans(X, n_components, rng)
        resp[np.arange(n), labels] = 1.0
    elif method == "k-means++":
        _, idx = kmeans_plusplus(X, n_components, rng)
        resp[idx, np.arange(n_components)] = 1.0
    elif method == "random":
        resp = rng.uniform(size=(n, n_components))
        resp /= resp.sum(axis=1)[:, None]
    elif method == "random_from_data":
        idx = rng.choice(n, size=n_components, replace=False)
        resp[idx, np.arange(n_components)] = 1.0
    else:
        check_choice(method, "init_params", INIT_METHODS)
    return resp
