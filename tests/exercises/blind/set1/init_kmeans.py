"""Variants of chapter 06 exercise 2: init_kmeans(X, n_components, rng)."""

VARIANTS = [
    # ------------------------------------------------------------------ correct
    {
        "kind": "correct",
        "id": "init_kmeans-reference-style",
        "what": 'k-means++ with rng.integers for the first centre and rng.choice(n, p=D^2/sum) for the next, running minimum of squared distances, Lloyd with an (n, K, d) broadcast until the labels repeat (max 100), loop over K for updates and covariances, empty clusters counted as one point.',
        "source": '''import numpy as np


def init_kmeans(X, n_components, rng):
    X = np.asarray(X, dtype=float)
    n, d = X.shape
    K = int(n_components)
    # k-means++ seeding
    centres = np.empty((K, d))
    centres[0] = X[rng.integers(n)]
    d2 = np.sum((X - centres[0]) ** 2, axis=1)
    for j in range(1, K):
        total = d2.sum()
        if total > 0:
            idx = rng.choice(n, p=d2 / total)
        else:                                   # fewer distinct points than K
            idx = rng.integers(n)
        centres[j] = X[idx]
        d2 = np.minimum(d2, np.sum((X - centres[j]) ** 2, axis=1))
    # Lloyd iterations
    labels = None
    for _ in range(100):
        dist = np.sum((X[:, None, :] - centres[None, :, :]) ** 2, axis=2)
        new_labels = np.argmin(dist, axis=1)
        if labels is not None and np.array_equal(new_labels, labels):
            break
        labels = new_labels
        for k in range(K):
            mask = labels == k
            if mask.any():
                centres[k] = X[mask].mean(axis=0)
    # mixture parameters
    counts = np.bincount(labels, minlength=K)
    data_cov = np.atleast_2d(np.cov(X, rowvar=False))
    covs = np.empty((K, d, d))
    for k in range(K):
        if counts[k] > d:
            diff = X[labels == k] - X[labels == k].mean(axis=0)
            covs[k] = diff.T @ diff / counts[k]
        else:
            covs[k] = data_cov
        covs[k] += 1e-6 * np.eye(d)
    c = np.maximum(counts, 1).astype(float)
    return c / c.sum(), centres, covs
''',
    },
    {
        "kind": "correct",
        "id": "init_kmeans-searchsorted-onehot",
        "what": 'Seeds by inverse-CDF sampling (np.searchsorted on the cumulative D^2 with rng.random()), updates all centres at once with a one-hot matrix product (empty clusters keep their centre via np.where), and builds the covariances with one einsum.',
        "source": '''import numpy as np


def init_kmeans(X, n_components, rng):
    X = np.asarray(X, dtype=float)
    n, d = X.shape
    K = n_components
    first = int(rng.integers(0, n))
    chosen = [first]
    closest = ((X - X[first]) ** 2).sum(axis=1)
    while len(chosen) < K:
        cdf = np.cumsum(closest)
        if cdf[-1] <= 0:
            nxt = int(rng.integers(0, n))
        else:
            u = rng.random() * cdf[-1]
            nxt = int(min(np.searchsorted(cdf, u, side="right"), n - 1))
        chosen.append(nxt)
        closest = np.minimum(closest, ((X - X[nxt]) ** 2).sum(axis=1))
    centres = X[chosen].copy()

    labels = np.full(n, -1)
    for _ in range(100):
        sq = ((X[:, None, :] - centres[None, :, :]) ** 2).sum(axis=-1)
        new = sq.argmin(axis=1)
        if np.array_equal(new, labels):
            break
        labels = new
        onehot = np.eye(K)[labels]                      # (n, K)
        counts = onehot.sum(axis=0)
        sums = onehot.T @ X
        centres = np.where(counts[:, None] > 0, sums / np.maximum(counts, 1)[:, None], centres)

    onehot = np.eye(K)[labels]
    counts = onehot.sum(axis=0)
    cluster_means = onehot.T @ X / np.maximum(counts, 1)[:, None]
    diff = X[:, None, :] - cluster_means[None, :, :]            # (n, K, d)
    scatter = np.einsum("nk,nki,nkj->kij", onehot, diff, diff) / np.maximum(counts, 1)[:, None, None]
    too_small = counts <= d
    data_cov = np.cov(X, rowvar=False).reshape(d, d)
    covs = np.where(too_small[:, None, None], data_cov[None, :, :], scatter) + 1e-6 * np.eye(d)
    weights = np.maximum(counts, 1.0)
    weights = weights / weights.sum()
    return weights, centres, covs
''',
    },
    {
        "kind": "correct",
        "id": "init_kmeans-expanded-distances-addat",
        "what": 'Squared distances through ||x||^2 - 2 x.c + ||c||^2 (clipped at 0), seeding with rng.choice for both the first (uniform) and later centres, centre sums with np.add.at and np.bincount, a while loop with a round counter, np.cov(..., bias=True) for cluster covariances.',
        "source": '''import numpy as np


def _sq_dists(X, C):
    out = (X ** 2).sum(1)[:, None] - 2.0 * X @ C.T + (C ** 2).sum(1)[None, :]
    return np.maximum(out, 0.0)


def init_kmeans(X, n_components, rng):
    X = np.asarray(X, dtype=float)
    n, d = X.shape
    K = n_components
    centres = [X[rng.choice(n)]]
    for _ in range(1, K):
        D2 = _sq_dists(X, np.array(centres)).min(axis=1)
        s = D2.sum()
        p = D2 / s if s > 0 else None
        centres.append(X[rng.choice(n, p=p)])
    centres = np.array(centres, dtype=float)

    labels = _sq_dists(X, centres).argmin(axis=1)
    rounds = 0
    while True:
        counts = np.bincount(labels, minlength=K)
        sums = np.zeros((K, d))
        np.add.at(sums, labels, X)
        nonempty = counts > 0
        centres[nonempty] = sums[nonempty] / counts[nonempty, None]
        rounds += 1
        new_labels = _sq_dists(X, centres).argmin(axis=1)
        if np.array_equal(new_labels, labels) or rounds >= 100:
            labels = new_labels
            break
        labels = new_labels

    counts = np.bincount(labels, minlength=K)
    global_cov = np.cov(X, rowvar=False).reshape(d, d)
    covs = []
    for k in range(K):
        if counts[k] > d:
            covs.append(np.cov(X[labels == k], rowvar=False, bias=True).reshape(d, d))
        else:
            covs.append(global_cov)
    covs = np.array(covs) + 1e-6 * np.eye(d)
    eff = np.where(counts == 0, 1, counts)
    return eff / eff.sum(), centres, covs
''',
    },
    {
        "kind": "correct",
        "id": "init_kmeans-full-distance-matrix-seeding",
        "what": 'During seeding recomputes the (n, j) distance matrix to all centres chosen so far and takes its row minimum (vectorised, loop over centres only); Lloyd stops on unchanged labels with a for/else cap; covariances from X[mask] with explicit (pts - mu).T @ (pts - mu) / count.',
        "source": '''import numpy as np


def init_kmeans(X, n_components, rng):
    X = np.asarray(X, dtype=float)
    n, d = X.shape
    idx = [int(rng.integers(n))]
    for _ in range(n_components - 1):
        C = X[idx]
        D = np.sqrt(((X[:, None, :] - C[None, :, :]) ** 2).sum(axis=2)).min(axis=1)
        prob = D ** 2
        if prob.sum() == 0:
            idx.append(int(rng.integers(n)))
            continue
        idx.append(int(rng.choice(n, p=prob / prob.sum())))
    centres = X[idx].astype(float)

    prev = None
    for _round in range(100):
        assign = ((X[:, None, :] - centres[None]) ** 2).sum(-1).argmin(1)
        if prev is not None and (assign == prev).all():
            break
        prev = assign
        for k in range(n_components):
            members = X[assign == k]
            if len(members):
                centres[k] = members.mean(0)
    labels = prev

    whole = np.atleast_2d(np.cov(X, rowvar=False))
    weights = np.zeros(n_components)
    covs = np.zeros((n_components, d, d))
    for k in range(n_components):
        pts = X[labels == k]
        count = len(pts)
        weights[k] = max(count, 1)
        if count <= d:
            covs[k] = whole + 1e-6 * np.eye(d)
        else:
            mu = pts.mean(axis=0)
            covs[k] = (pts - mu).T @ (pts - mu) / count + 1e-6 * np.eye(d)
    return weights / weights.sum(), centres, covs
''',
    },
    # ------------------------------------------------------------------ mistakes
    {
        "kind": "mistake",
        "id": "init_kmeans-farthest-point-seeding",
        "what": "Seeds deterministically with the point farthest from the chosen centres (argmax D^2) instead of sampling; violates 'pick the next centre among the data points with probability proportional to D(x)^2' (the Q&A explains that this picks outliers).",
        "source": '''import numpy as np


def init_kmeans(X, n_components, rng):
    X = np.asarray(X, dtype=float)
    n, d = X.shape
    K = int(n_components)
    # k-means++ seeding
    centres = np.empty((K, d))
    centres[0] = X[rng.integers(n)]
    d2 = np.sum((X - centres[0]) ** 2, axis=1)
    for j in range(1, K):
        total = d2.sum()
        if total > 0:
            idx = int(np.argmax(d2))
        else:                                   # fewer distinct points than K
            idx = rng.integers(n)
        centres[j] = X[idx]
        d2 = np.minimum(d2, np.sum((X - centres[j]) ** 2, axis=1))
    # Lloyd iterations
    labels = None
    for _ in range(100):
        dist = np.sum((X[:, None, :] - centres[None, :, :]) ** 2, axis=2)
        new_labels = np.argmin(dist, axis=1)
        if labels is not None and np.array_equal(new_labels, labels):
            break
        labels = new_labels
        for k in range(K):
            mask = labels == k
            if mask.any():
                centres[k] = X[mask].mean(axis=0)
    # mixture parameters
    counts = np.bincount(labels, minlength=K)
    data_cov = np.atleast_2d(np.cov(X, rowvar=False))
    covs = np.empty((K, d, d))
    for k in range(K):
        if counts[k] > d:
            diff = X[labels == k] - X[labels == k].mean(axis=0)
            covs[k] = diff.T @ diff / counts[k]
        else:
            covs[k] = data_cov
        covs[k] += 1e-6 * np.eye(d)
    c = np.maximum(counts, 1).astype(float)
    return c / c.sum(), centres, covs
''',
    },
    {
        "kind": "mistake",
        "id": "init_kmeans-proportional-to-distance",
        "what": "Samples the next centre with probability proportional to D(x), not D(x)^2; violates 'with probability proportional to D(x)^2'.",
        "source": '''import numpy as np


def init_kmeans(X, n_components, rng):
    X = np.asarray(X, dtype=float)
    n, d = X.shape
    K = int(n_components)
    # k-means++ seeding
    centres = np.empty((K, d))
    centres[0] = X[rng.integers(n)]
    d2 = np.sum((X - centres[0]) ** 2, axis=1)
    for j in range(1, K):
        total = d2.sum()
        if total > 0:
            dist = np.sqrt(d2)
            idx = rng.choice(n, p=dist / dist.sum())
        else:                                   # fewer distinct points than K
            idx = rng.integers(n)
        centres[j] = X[idx]
        d2 = np.minimum(d2, np.sum((X - centres[j]) ** 2, axis=1))
    # Lloyd iterations
    labels = None
    for _ in range(100):
        dist = np.sum((X[:, None, :] - centres[None, :, :]) ** 2, axis=2)
        new_labels = np.argmin(dist, axis=1)
        if labels is not None and np.array_equal(new_labels, labels):
            break
        labels = new_labels
        for k in range(K):
            mask = labels == k
            if mask.any():
                centres[k] = X[mask].mean(axis=0)
    # mixture parameters
    counts = np.bincount(labels, minlength=K)
    data_cov = np.atleast_2d(np.cov(X, rowvar=False))
    covs = np.empty((K, d, d))
    for k in range(K):
        if counts[k] > d:
            diff = X[labels == k] - X[labels == k].mean(axis=0)
            covs[k] = diff.T @ diff / counts[k]
        else:
            covs[k] = data_cov
        covs[k] += 1e-6 * np.eye(d)
    c = np.maximum(counts, 1).astype(float)
    return c / c.sum(), centres, covs
''',
    },
    {
        "kind": "mistake",
        "id": "init_kmeans-uniform-seeding",
        "what": "Picks every centre uniformly (plain random seeding, duplicates of a chosen point possible); violates the k-means++ step 3, 'probability proportional to D(x)^2'.",
        "source": '''import numpy as np


def init_kmeans(X, n_components, rng):
    X = np.asarray(X, dtype=float)
    n, d = X.shape
    K = int(n_components)
    # k-means++ seeding
    centres = np.empty((K, d))
    centres[0] = X[rng.integers(n)]
    d2 = np.sum((X - centres[0]) ** 2, axis=1)
    for j in range(1, K):
        total = d2.sum()
        if total > 0:
            idx = rng.integers(n)
        else:                                   # fewer distinct points than K
            idx = rng.integers(n)
        centres[j] = X[idx]
        d2 = np.minimum(d2, np.sum((X - centres[j]) ** 2, axis=1))
    # Lloyd iterations
    labels = None
    for _ in range(100):
        dist = np.sum((X[:, None, :] - centres[None, :, :]) ** 2, axis=2)
        new_labels = np.argmin(dist, axis=1)
        if labels is not None and np.array_equal(new_labels, labels):
            break
        labels = new_labels
        for k in range(K):
            mask = labels == k
            if mask.any():
                centres[k] = X[mask].mean(axis=0)
    # mixture parameters
    counts = np.bincount(labels, minlength=K)
    data_cov = np.atleast_2d(np.cov(X, rowvar=False))
    covs = np.empty((K, d, d))
    for k in range(K):
        if counts[k] > d:
            diff = X[labels == k] - X[labels == k].mean(axis=0)
            covs[k] = diff.T @ diff / counts[k]
        else:
            covs[k] = data_cov
        covs[k] += 1e-6 * np.eye(d)
    c = np.maximum(counts, 1).astype(float)
    return c / c.sum(), centres, covs
''',
    },
    {
        "kind": "mistake",
        "id": "init_kmeans-distance-to-last-centre",
        "what": "Replaces D^2 by the squared distance to the MOST RECENT centre instead of the running minimum over all chosen centres (so a new centre can land on an earlier one); violates 'D(x) be the distance to the nearest centre chosen so far'.",
        "source": '''import numpy as np


def init_kmeans(X, n_components, rng):
    X = np.asarray(X, dtype=float)
    n, d = X.shape
    K = int(n_components)
    # k-means++ seeding
    centres = np.empty((K, d))
    centres[0] = X[rng.integers(n)]
    d2 = np.sum((X - centres[0]) ** 2, axis=1)
    for j in range(1, K):
        total = d2.sum()
        if total > 0:
            idx = rng.choice(n, p=d2 / total)
        else:                                   # fewer distinct points than K
            idx = rng.integers(n)
        centres[j] = X[idx]
        d2 = np.sum((X - centres[j]) ** 2, axis=1)
    # Lloyd iterations
    labels = None
    for _ in range(100):
        dist = np.sum((X[:, None, :] - centres[None, :, :]) ** 2, axis=2)
        new_labels = np.argmin(dist, axis=1)
        if labels is not None and np.array_equal(new_labels, labels):
            break
        labels = new_labels
        for k in range(K):
            mask = labels == k
            if mask.any():
                centres[k] = X[mask].mean(axis=0)
    # mixture parameters
    counts = np.bincount(labels, minlength=K)
    data_cov = np.atleast_2d(np.cov(X, rowvar=False))
    covs = np.empty((K, d, d))
    for k in range(K):
        if counts[k] > d:
            diff = X[labels == k] - X[labels == k].mean(axis=0)
            covs[k] = diff.T @ diff / counts[k]
        else:
            covs[k] = data_cov
        covs[k] += 1e-6 * np.eye(d)
    c = np.maximum(counts, 1).astype(float)
    return c / c.sum(), centres, covs
''',
    },
    {
        "kind": "mistake",
        "id": "init_kmeans-first-centre-row-0",
        "what": "Always uses X[0] as the first centre; violates 'pick the first centre uniformly among the data points'.",
        "source": '''import numpy as np


def init_kmeans(X, n_components, rng):
    X = np.asarray(X, dtype=float)
    n, d = X.shape
    K = int(n_components)
    # k-means++ seeding
    centres = np.empty((K, d))
    centres[0] = X[0]
    d2 = np.sum((X - centres[0]) ** 2, axis=1)
    for j in range(1, K):
        total = d2.sum()
        if total > 0:
            idx = rng.choice(n, p=d2 / total)
        else:                                   # fewer distinct points than K
            idx = rng.integers(n)
        centres[j] = X[idx]
        d2 = np.minimum(d2, np.sum((X - centres[j]) ** 2, axis=1))
    # Lloyd iterations
    labels = None
    for _ in range(100):
        dist = np.sum((X[:, None, :] - centres[None, :, :]) ** 2, axis=2)
        new_labels = np.argmin(dist, axis=1)
        if labels is not None and np.array_equal(new_labels, labels):
            break
        labels = new_labels
        for k in range(K):
            mask = labels == k
            if mask.any():
                centres[k] = X[mask].mean(axis=0)
    # mixture parameters
    counts = np.bincount(labels, minlength=K)
    data_cov = np.atleast_2d(np.cov(X, rowvar=False))
    covs = np.empty((K, d, d))
    for k in range(K):
        if counts[k] > d:
            diff = X[labels == k] - X[labels == k].mean(axis=0)
            covs[k] = diff.T @ diff / counts[k]
        else:
            covs[k] = data_cov
        covs[k] += 1e-6 * np.eye(d)
    c = np.maximum(counts, 1).astype(float)
    return c / c.sum(), centres, covs
''',
    },
    {
        "kind": "mistake",
        "id": "init_kmeans-no-lloyd",
        "what": "Stops after the k-means++ seeding and uses the seeds as means (labels = nearest seed, no centre updates); violates the 'Lloyd iterations (improve them): ... move every centre to the mean of its points, repeat until the assignments stop changing'.",
        "source": '''import numpy as np


def init_kmeans(X, n_components, rng):
    X = np.asarray(X, dtype=float)
    n, d = X.shape
    K = int(n_components)
    # k-means++ seeding
    centres = np.empty((K, d))
    centres[0] = X[rng.integers(n)]
    d2 = np.sum((X - centres[0]) ** 2, axis=1)
    for j in range(1, K):
        total = d2.sum()
        if total > 0:
            idx = rng.choice(n, p=d2 / total)
        else:                                   # fewer distinct points than K
            idx = rng.integers(n)
        centres[j] = X[idx]
        d2 = np.minimum(d2, np.sum((X - centres[j]) ** 2, axis=1))
    # Lloyd iterations
    labels = None
    for _ in range(100):
        dist = np.sum((X[:, None, :] - centres[None, :, :]) ** 2, axis=2)
        new_labels = np.argmin(dist, axis=1)
        if labels is not None and np.array_equal(new_labels, labels):
            break
        labels = new_labels
        break
    # mixture parameters
    counts = np.bincount(labels, minlength=K)
    data_cov = np.atleast_2d(np.cov(X, rowvar=False))
    covs = np.empty((K, d, d))
    for k in range(K):
        if counts[k] > d:
            diff = X[labels == k] - X[labels == k].mean(axis=0)
            covs[k] = diff.T @ diff / counts[k]
        else:
            covs[k] = data_cov
        covs[k] += 1e-6 * np.eye(d)
    c = np.maximum(counts, 1).astype(float)
    return c / c.sum(), centres, covs
''',
    },
    {
        "kind": "mistake",
        "id": "init_kmeans-empty-centre-nan",
        "what": "Moves every centre to X[labels == k].mean(axis=0) even when the cluster is empty, which gives nan; violates 'Keep a centre where it is if no point is assigned to it'.",
        "source": '''import numpy as np


def init_kmeans(X, n_components, rng):
    X = np.asarray(X, dtype=float)
    n, d = X.shape
    K = int(n_components)
    # k-means++ seeding
    centres = np.empty((K, d))
    centres[0] = X[rng.integers(n)]
    d2 = np.sum((X - centres[0]) ** 2, axis=1)
    for j in range(1, K):
        total = d2.sum()
        if total > 0:
            idx = rng.choice(n, p=d2 / total)
        else:                                   # fewer distinct points than K
            idx = rng.integers(n)
        centres[j] = X[idx]
        d2 = np.minimum(d2, np.sum((X - centres[j]) ** 2, axis=1))
    # Lloyd iterations
    labels = None
    for _ in range(100):
        dist = np.sum((X[:, None, :] - centres[None, :, :]) ** 2, axis=2)
        new_labels = np.argmin(dist, axis=1)
        if labels is not None and np.array_equal(new_labels, labels):
            break
        labels = new_labels
        for k in range(K):
            centres[k] = X[labels == k].mean(axis=0)
    # mixture parameters
    counts = np.bincount(labels, minlength=K)
    data_cov = np.atleast_2d(np.cov(X, rowvar=False))
    covs = np.empty((K, d, d))
    for k in range(K):
        if counts[k] > d:
            diff = X[labels == k] - X[labels == k].mean(axis=0)
            covs[k] = diff.T @ diff / counts[k]
        else:
            covs[k] = data_cov
        covs[k] += 1e-6 * np.eye(d)
    c = np.maximum(counts, 1).astype(float)
    return c / c.sum(), centres, covs
''',
    },
    {
        "kind": "mistake",
        "id": "init_kmeans-empty-weight-zero",
        "what": "Weights are plain counts / n, so an empty cluster gets weight 0; violates 'an empty cluster counts as one point in the weights, so that no weight is zero'.",
        "source": '''import numpy as np


def init_kmeans(X, n_components, rng):
    X = np.asarray(X, dtype=float)
    n, d = X.shape
    K = int(n_components)
    # k-means++ seeding
    centres = np.empty((K, d))
    centres[0] = X[rng.integers(n)]
    d2 = np.sum((X - centres[0]) ** 2, axis=1)
    for j in range(1, K):
        total = d2.sum()
        if total > 0:
            idx = rng.choice(n, p=d2 / total)
        else:                                   # fewer distinct points than K
            idx = rng.integers(n)
        centres[j] = X[idx]
        d2 = np.minimum(d2, np.sum((X - centres[j]) ** 2, axis=1))
    # Lloyd iterations
    labels = None
    for _ in range(100):
        dist = np.sum((X[:, None, :] - centres[None, :, :]) ** 2, axis=2)
        new_labels = np.argmin(dist, axis=1)
        if labels is not None and np.array_equal(new_labels, labels):
            break
        labels = new_labels
        for k in range(K):
            mask = labels == k
            if mask.any():
                centres[k] = X[mask].mean(axis=0)
    # mixture parameters
    counts = np.bincount(labels, minlength=K)
    data_cov = np.atleast_2d(np.cov(X, rowvar=False))
    covs = np.empty((K, d, d))
    for k in range(K):
        if counts[k] > d:
            diff = X[labels == k] - X[labels == k].mean(axis=0)
            covs[k] = diff.T @ diff / counts[k]
        else:
            covs[k] = data_cov
        covs[k] += 1e-6 * np.eye(d)
    return counts / n, centres, covs
''',
    },
    {
        "kind": "mistake",
        "id": "init_kmeans-empty-weight-not-renormalised",
        "what": "Counts an empty cluster as one point but divides by n instead of the new total, so the weights sum to more than one whenever a cluster is empty; violates 'Fraction of points in each cluster (positive, summing to one)'.",
        "source": '''import numpy as np


def init_kmeans(X, n_components, rng):
    X = np.asarray(X, dtype=float)
    n, d = X.shape
    K = int(n_components)
    # k-means++ seeding
    centres = np.empty((K, d))
    centres[0] = X[rng.integers(n)]
    d2 = np.sum((X - centres[0]) ** 2, axis=1)
    for j in range(1, K):
        total = d2.sum()
        if total > 0:
            idx = rng.choice(n, p=d2 / total)
        else:                                   # fewer distinct points than K
            idx = rng.integers(n)
        centres[j] = X[idx]
        d2 = np.minimum(d2, np.sum((X - centres[j]) ** 2, axis=1))
    # Lloyd iterations
    labels = None
    for _ in range(100):
        dist = np.sum((X[:, None, :] - centres[None, :, :]) ** 2, axis=2)
        new_labels = np.argmin(dist, axis=1)
        if labels is not None and np.array_equal(new_labels, labels):
            break
        labels = new_labels
        for k in range(K):
            mask = labels == k
            if mask.any():
                centres[k] = X[mask].mean(axis=0)
    # mixture parameters
    counts = np.bincount(labels, minlength=K)
    data_cov = np.atleast_2d(np.cov(X, rowvar=False))
    covs = np.empty((K, d, d))
    for k in range(K):
        if counts[k] > d:
            diff = X[labels == k] - X[labels == k].mean(axis=0)
            covs[k] = diff.T @ diff / counts[k]
        else:
            covs[k] = data_cov
        covs[k] += 1e-6 * np.eye(d)
    c = np.maximum(counts, 1).astype(float)
    return c / n, centres, covs
''',
    },
    {
        "kind": "mistake",
        "id": "init_kmeans-add-one-to-every-count",
        "what": "Smooths every count by +1 (Laplace style) instead of only the empty ones; violates 'weights are the fractions of points in each cluster' (only an empty cluster counts as one point).",
        "source": '''import numpy as np


def init_kmeans(X, n_components, rng):
    X = np.asarray(X, dtype=float)
    n, d = X.shape
    K = int(n_components)
    # k-means++ seeding
    centres = np.empty((K, d))
    centres[0] = X[rng.integers(n)]
    d2 = np.sum((X - centres[0]) ** 2, axis=1)
    for j in range(1, K):
        total = d2.sum()
        if total > 0:
            idx = rng.choice(n, p=d2 / total)
        else:                                   # fewer distinct points than K
            idx = rng.integers(n)
        centres[j] = X[idx]
        d2 = np.minimum(d2, np.sum((X - centres[j]) ** 2, axis=1))
    # Lloyd iterations
    labels = None
    for _ in range(100):
        dist = np.sum((X[:, None, :] - centres[None, :, :]) ** 2, axis=2)
        new_labels = np.argmin(dist, axis=1)
        if labels is not None and np.array_equal(new_labels, labels):
            break
        labels = new_labels
        for k in range(K):
            mask = labels == k
            if mask.any():
                centres[k] = X[mask].mean(axis=0)
    # mixture parameters
    counts = np.bincount(labels, minlength=K)
    data_cov = np.atleast_2d(np.cov(X, rowvar=False))
    covs = np.empty((K, d, d))
    for k in range(K):
        if counts[k] > d:
            diff = X[labels == k] - X[labels == k].mean(axis=0)
            covs[k] = diff.T @ diff / counts[k]
        else:
            covs[k] = data_cov
        covs[k] += 1e-6 * np.eye(d)
    c = (counts + 1).astype(float)
    return c / c.sum(), centres, covs
''',
    },
    {
        "kind": "mistake",
        "id": "init_kmeans-unbiased-cluster-cov",
        "what": "Uses np.cov(points, rowvar=False) (divides by count - 1) for each cluster; violates 'each covariance is the (biased, divide by the count) covariance of the cluster's points'.",
        "source": '''import numpy as np


def init_kmeans(X, n_components, rng):
    X = np.asarray(X, dtype=float)
    n, d = X.shape
    K = int(n_components)
    # k-means++ seeding
    centres = np.empty((K, d))
    centres[0] = X[rng.integers(n)]
    d2 = np.sum((X - centres[0]) ** 2, axis=1)
    for j in range(1, K):
        total = d2.sum()
        if total > 0:
            idx = rng.choice(n, p=d2 / total)
        else:                                   # fewer distinct points than K
            idx = rng.integers(n)
        centres[j] = X[idx]
        d2 = np.minimum(d2, np.sum((X - centres[j]) ** 2, axis=1))
    # Lloyd iterations
    labels = None
    for _ in range(100):
        dist = np.sum((X[:, None, :] - centres[None, :, :]) ** 2, axis=2)
        new_labels = np.argmin(dist, axis=1)
        if labels is not None and np.array_equal(new_labels, labels):
            break
        labels = new_labels
        for k in range(K):
            mask = labels == k
            if mask.any():
                centres[k] = X[mask].mean(axis=0)
    # mixture parameters
    counts = np.bincount(labels, minlength=K)
    data_cov = np.atleast_2d(np.cov(X, rowvar=False))
    covs = np.empty((K, d, d))
    for k in range(K):
        if counts[k] > d:
            covs[k] = np.atleast_2d(np.cov(X[labels == k], rowvar=False))
        else:
            covs[k] = data_cov
        covs[k] += 1e-6 * np.eye(d)
    c = np.maximum(counts, 1).astype(float)
    return c / c.sum(), centres, covs
''',
    },
    {
        "kind": "mistake",
        "id": "init_kmeans-cov-around-global-mean",
        "what": "Centres each cluster's points on the mean of the whole data set instead of the cluster's own mean; violates 'the covariance of the cluster's points' (inflated by the offset of the cluster).",
        "source": '''import numpy as np


def init_kmeans(X, n_components, rng):
    X = np.asarray(X, dtype=float)
    n, d = X.shape
    K = int(n_components)
    # k-means++ seeding
    centres = np.empty((K, d))
    centres[0] = X[rng.integers(n)]
    d2 = np.sum((X - centres[0]) ** 2, axis=1)
    for j in range(1, K):
        total = d2.sum()
        if total > 0:
            idx = rng.choice(n, p=d2 / total)
        else:                                   # fewer distinct points than K
            idx = rng.integers(n)
        centres[j] = X[idx]
        d2 = np.minimum(d2, np.sum((X - centres[j]) ** 2, axis=1))
    # Lloyd iterations
    labels = None
    for _ in range(100):
        dist = np.sum((X[:, None, :] - centres[None, :, :]) ** 2, axis=2)
        new_labels = np.argmin(dist, axis=1)
        if labels is not None and np.array_equal(new_labels, labels):
            break
        labels = new_labels
        for k in range(K):
            mask = labels == k
            if mask.any():
                centres[k] = X[mask].mean(axis=0)
    # mixture parameters
    counts = np.bincount(labels, minlength=K)
    data_cov = np.atleast_2d(np.cov(X, rowvar=False))
    covs = np.empty((K, d, d))
    for k in range(K):
        if counts[k] > d:
            diff = X[labels == k] - X.mean(axis=0)
            covs[k] = diff.T @ diff / counts[k]
        else:
            covs[k] = data_cov
        covs[k] += 1e-6 * np.eye(d)
    c = np.maximum(counts, 1).astype(float)
    return c / c.sum(), centres, covs
''',
    },
    {
        "kind": "mistake",
        "id": "init_kmeans-fallback-only-below-two",
        "what": "Falls back to the data covariance only for clusters with fewer than 2 points, so a 2-point cluster in 2-D gets a singular covariance (+1e-6); violates 'A cluster with too few points for a covariance (at most d) uses the covariance of the whole data set instead'.",
        "source": '''import numpy as np


def init_kmeans(X, n_components, rng):
    X = np.asarray(X, dtype=float)
    n, d = X.shape
    K = int(n_components)
    # k-means++ seeding
    centres = np.empty((K, d))
    centres[0] = X[rng.integers(n)]
    d2 = np.sum((X - centres[0]) ** 2, axis=1)
    for j in range(1, K):
        total = d2.sum()
        if total > 0:
            idx = rng.choice(n, p=d2 / total)
        else:                                   # fewer distinct points than K
            idx = rng.integers(n)
        centres[j] = X[idx]
        d2 = np.minimum(d2, np.sum((X - centres[j]) ** 2, axis=1))
    # Lloyd iterations
    labels = None
    for _ in range(100):
        dist = np.sum((X[:, None, :] - centres[None, :, :]) ** 2, axis=2)
        new_labels = np.argmin(dist, axis=1)
        if labels is not None and np.array_equal(new_labels, labels):
            break
        labels = new_labels
        for k in range(K):
            mask = labels == k
            if mask.any():
                centres[k] = X[mask].mean(axis=0)
    # mixture parameters
    counts = np.bincount(labels, minlength=K)
    data_cov = np.atleast_2d(np.cov(X, rowvar=False))
    covs = np.empty((K, d, d))
    for k in range(K):
        if counts[k] >= 2:
            diff = X[labels == k] - X[labels == k].mean(axis=0)
            covs[k] = diff.T @ diff / counts[k]
        else:
            covs[k] = data_cov
        covs[k] += 1e-6 * np.eye(d)
    c = np.maximum(counts, 1).astype(float)
    return c / c.sum(), centres, covs
''',
    },
    {
        "kind": "mistake",
        "id": "init_kmeans-assignment-loop-over-samples",
        "what": "Assigns the points to their nearest centre one sample at a time in a Python loop; violates 'Vectorise the distances ... a loop over the samples is not [fine]'.",
        "source": '''import numpy as np


def init_kmeans(X, n_components, rng):
    X = np.asarray(X, dtype=float)
    n, d = X.shape
    K = int(n_components)
    # k-means++ seeding
    centres = np.empty((K, d))
    centres[0] = X[rng.integers(n)]
    d2 = np.sum((X - centres[0]) ** 2, axis=1)
    for j in range(1, K):
        total = d2.sum()
        if total > 0:
            idx = rng.choice(n, p=d2 / total)
        else:                                   # fewer distinct points than K
            idx = rng.integers(n)
        centres[j] = X[idx]
        d2 = np.minimum(d2, np.sum((X - centres[j]) ** 2, axis=1))
    # Lloyd iterations
    labels = None
    for _ in range(100):
        new_labels = np.empty(n, dtype=int)
        for i in range(n):
            new_labels[i] = int(np.argmin(np.sum((centres - X[i]) ** 2, axis=1)))
        if labels is not None and np.array_equal(new_labels, labels):
            break
        labels = new_labels
        for k in range(K):
            mask = labels == k
            if mask.any():
                centres[k] = X[mask].mean(axis=0)
    # mixture parameters
    counts = np.bincount(labels, minlength=K)
    data_cov = np.atleast_2d(np.cov(X, rowvar=False))
    covs = np.empty((K, d, d))
    for k in range(K):
        if counts[k] > d:
            diff = X[labels == k] - X[labels == k].mean(axis=0)
            covs[k] = diff.T @ diff / counts[k]
        else:
            covs[k] = data_cov
        covs[k] += 1e-6 * np.eye(d)
    c = np.maximum(counts, 1).astype(float)
    return c / c.sum(), centres, covs
''',
    },
    {
        "kind": "mistake",
        "id": "init_kmeans-global-random-state",
        "what": "Draws the seeds with np.random.randint / np.random.choice instead of the rng it was given; violates 'rng : numpy.random.Generator  Source of randomness' (same generator state no longer gives the same start).",
        "source": '''import numpy as np


def init_kmeans(X, n_components, rng):
    X = np.asarray(X, dtype=float)
    n, d = X.shape
    K = int(n_components)
    # k-means++ seeding
    centres = np.empty((K, d))
    centres[0] = X[np.random.randint(n)]
    d2 = np.sum((X - centres[0]) ** 2, axis=1)
    for j in range(1, K):
        total = d2.sum()
        if total > 0:
            idx = np.random.choice(n, p=d2 / total)
        else:                                   # fewer distinct points than K
            idx = rng.integers(n)
        centres[j] = X[idx]
        d2 = np.minimum(d2, np.sum((X - centres[j]) ** 2, axis=1))
    # Lloyd iterations
    labels = None
    for _ in range(100):
        dist = np.sum((X[:, None, :] - centres[None, :, :]) ** 2, axis=2)
        new_labels = np.argmin(dist, axis=1)
        if labels is not None and np.array_equal(new_labels, labels):
            break
        labels = new_labels
        for k in range(K):
            mask = labels == k
            if mask.any():
                centres[k] = X[mask].mean(axis=0)
    # mixture parameters
    counts = np.bincount(labels, minlength=K)
    data_cov = np.atleast_2d(np.cov(X, rowvar=False))
    covs = np.empty((K, d, d))
    for k in range(K):
        if counts[k] > d:
            diff = X[labels == k] - X[labels == k].mean(axis=0)
            covs[k] = diff.T @ diff / counts[k]
        else:
            covs[k] = data_cov
        covs[k] += 1e-6 * np.eye(d)
    c = np.maximum(counts, 1).astype(float)
    return c / c.sum(), centres, covs
''',
    },
    {
        "kind": "mistake",
        "id": "init_kmeans-no-jitter",
        "what": "Forgets the 1e-6 on the diagonal of the covariances; violates 'Covariance of each cluster's points plus 1e-6 on the diagonal'.",
        "source": '''import numpy as np


def init_kmeans(X, n_components, rng):
    X = np.asarray(X, dtype=float)
    n, d = X.shape
    K = int(n_components)
    # k-means++ seeding
    centres = np.empty((K, d))
    centres[0] = X[rng.integers(n)]
    d2 = np.sum((X - centres[0]) ** 2, axis=1)
    for j in range(1, K):
        total = d2.sum()
        if total > 0:
            idx = rng.choice(n, p=d2 / total)
        else:                                   # fewer distinct points than K
            idx = rng.integers(n)
        centres[j] = X[idx]
        d2 = np.minimum(d2, np.sum((X - centres[j]) ** 2, axis=1))
    # Lloyd iterations
    labels = None
    for _ in range(100):
        dist = np.sum((X[:, None, :] - centres[None, :, :]) ** 2, axis=2)
        new_labels = np.argmin(dist, axis=1)
        if labels is not None and np.array_equal(new_labels, labels):
            break
        labels = new_labels
        for k in range(K):
            mask = labels == k
            if mask.any():
                centres[k] = X[mask].mean(axis=0)
    # mixture parameters
    counts = np.bincount(labels, minlength=K)
    data_cov = np.atleast_2d(np.cov(X, rowvar=False))
    covs = np.empty((K, d, d))
    for k in range(K):
        if counts[k] > d:
            diff = X[labels == k] - X[labels == k].mean(axis=0)
            covs[k] = diff.T @ diff / counts[k]
        else:
            covs[k] = data_cov
    c = np.maximum(counts, 1).astype(float)
    return c / c.sum(), centres, covs
''',
    },
]
