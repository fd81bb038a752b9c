"""Variants for chapter 06, exercise 2: init_kmeans(X, n_components, rng)."""

VARIANTS = [
    {
        "kind": "correct",
        "id": "init_kmeans-standard",
        "what": "k-means++ (first index by rng.integers, next by rng.choice with p = D^2 / sum D^2, uniform if every D is 0), Lloyd until labels repeat or 100 rounds keeping empty centres, then max(count, 1) weights, biased cluster covariances + 1e-6 I, whole-data np.cov(X, rowvar=False) + 1e-6 I for clusters with at most d points.",
        "source": '''import numpy as np


def init_kmeans(X, n_components, rng):
    X = np.asarray(X, dtype=float)
    n, d = X.shape
    K = n_components
    centres = np.empty((K, d))
    centres[0] = X[rng.integers(n)]
    closest = np.sum((X - centres[0]) ** 2, axis=1)
    for j in range(1, K):
        total = closest.sum()
        if total > 0:
            idx = rng.choice(n, p=closest / total)
        else:
            idx = rng.integers(n)
        centres[j] = X[idx]
        closest = np.minimum(closest, np.sum((X - centres[j]) ** 2, axis=1))

    labels = None
    for _ in range(100):
        dist2 = np.sum((X[:, None, :] - centres[None, :, :]) ** 2, axis=2)
        new_labels = np.argmin(dist2, axis=1)
        if labels is not None and np.array_equal(new_labels, labels):
            break
        labels = new_labels
        for k in range(K):
            mask = labels == k
            if np.any(mask):
                centres[k] = X[mask].mean(axis=0)

    counts = np.bincount(labels, minlength=K)
    adjusted = np.maximum(counts, 1)
    weights = adjusted / adjusted.sum()
    whole = np.atleast_2d(np.cov(X, rowvar=False)) + 1e-6 * np.eye(d)
    covs = np.empty((K, d, d))
    for k in range(K):
        if counts[k] <= d:
            covs[k] = whole
        else:
            pts = X[labels == k]
            diff = pts - pts.mean(axis=0)
            covs[k] = diff.T @ diff / counts[k] + 1e-6 * np.eye(d)
    return weights, centres.copy(), covs
''',
    },
    {
        "kind": "correct",
        "id": "init_kmeans-cumsum-recursive-lloyd",
        "what": "Seeding by inverse-CDF sampling (np.searchsorted on the cumulative D^2 with rng.random()), Lloyd written as a recursive function (depth at most 100), statistics with np.cov(..., bias=True) per cluster and the same fallbacks.",
        "source": '''import numpy as np


def init_kmeans(X, n_components, rng):
    n, d = X.shape
    K = n_components
    chosen = [int(rng.choice(n))]
    D2 = ((X - X[chosen[0]]) ** 2).sum(axis=1)
    while len(chosen) < K:
        cdf = np.cumsum(D2)
        if cdf[-1] <= 0:
            nxt = int(rng.integers(n))
        else:
            u = rng.random() * cdf[-1]
            nxt = int(np.searchsorted(cdf, u, side="right"))
            nxt = min(nxt, int(np.flatnonzero(D2 > 0)[-1]))
        chosen.append(nxt)
        D2 = np.minimum(D2, ((X - X[nxt]) ** 2).sum(axis=1))
    start = X[np.array(chosen)].astype(float)

    def assign(C):
        return np.argmin(((X[:, None, :] - C[None, :, :]) ** 2).sum(axis=2), axis=1)

    def lloyd(C, prev, rounds):
        if rounds == 100:
            return C, prev
        lab = assign(C)
        if prev is not None and np.array_equal(lab, prev):
            return C, prev
        C = C.copy()
        for k in range(K):
            if np.any(lab == k):
                C[k] = X[lab == k].mean(axis=0)
        return lloyd(C, lab, rounds + 1)

    centres, labels = lloyd(start, None, 0)
    counts = np.array([np.sum(labels == k) for k in range(K)])
    w = np.where(counts == 0, 1, counts).astype(float)
    weights = w / w.sum()
    full = np.atleast_2d(np.cov(X, rowvar=False)) + 1e-6 * np.eye(d)
    covs = np.stack([
        (np.atleast_2d(np.cov(X[labels == k], rowvar=False, bias=True)) + 1e-6 * np.eye(d))
        if counts[k] > d else full.copy()
        for k in range(K)
    ])
    return weights, centres, covs
''',
    },
    {
        "kind": "correct",
        "id": "init_kmeans-generator-einsum-dict",
        "what": "Seeds produced by a generator (first uniform via rng.integers, then rng.choice with D^2 probabilities), distances by einsum on (n, K, d) differences, while-loop Lloyd with an explicit round counter, per-cluster statistics kept in a dict.",
        "source": '''import numpy as np


def init_kmeans(X, n_components, rng):
    X = np.array(X, dtype=float)   # private copy
    n, d = X.shape
    K = n_components

    def seeds():
        first = X[rng.integers(0, n)]
        yield first
        best = np.einsum("nd,nd->n", X - first, X - first)
        for _ in range(K - 1):
            s = best.sum()
            i = rng.choice(n, p=best / s) if s > 0 else rng.integers(0, n)
            yield X[i]
            diff = X - X[i]
            best = np.minimum(best, np.einsum("nd,nd->n", diff, diff))

    C = np.array(list(seeds()))
    labels = -np.ones(n, dtype=int)
    rounds = 0
    while rounds < 100:
        diff = X[:, None, :] - C[None, :, :]
        new = np.einsum("nkd,nkd->nk", diff, diff).argmin(axis=1)
        if np.array_equal(new, labels):
            break
        labels = new
        for k in range(K):
            members = X[labels == k]
            if len(members):
                C[k] = members.mean(axis=0)
        rounds += 1

    stats = {}
    base = np.atleast_2d(np.cov(X, rowvar=False)) + 1e-6 * np.eye(d)
    for k in range(K):
        members = X[labels == k]
        cnt = len(members)
        if cnt > d:
            dev = members - members.mean(axis=0)
            cov = np.einsum("ni,nj->ij", dev, dev) / cnt + 1e-6 * np.eye(d)
        else:
            cov = base.copy()
        stats[k] = {"count": max(cnt, 1), "cov": cov}
    counts = np.array([stats[k]["count"] for k in range(K)], dtype=float)
    return counts / counts.sum(), C, np.stack([stats[k]["cov"] for k in range(K)])
''',
    },
    {
        "kind": "correct",
        "id": "init_kmeans-index-arithmetic",
        "what": "Explicit index bookkeeping: seeding keeps an index list and a running minimum of squared distances (rng.choice for the first and the next indices), Lloyd via a one-hot membership matrix (centres = M.T @ X / counts for non-empty clusters only), statistics with matrix products.",
        "source": '''import numpy as np


def init_kmeans(X, n_components, rng):
    n, d = X.shape
    K = n_components
    idx = [int(rng.choice(n))]
    dmin = np.sum((X - X[idx[0]]) ** 2, axis=1)
    for _ in range(1, K):
        tot = float(np.sum(dmin))
        j = int(rng.choice(n, p=dmin / tot)) if tot > 0 else int(rng.choice(n))
        idx.append(j)
        dmin = np.minimum(dmin, np.sum((X - X[j]) ** 2, axis=1))
    centres = np.array(X[idx], dtype=float)

    prev = None
    for it in range(100):
        dist = np.stack([np.sum((X - centres[k]) ** 2, axis=1) for k in range(K)], axis=1)
        lab = np.argmin(dist, axis=1)
        if prev is not None and (lab == prev).all():
            break
        prev = lab
        M = np.zeros((n, K))
        M[np.arange(n), lab] = 1.0
        cnt = M.sum(axis=0)
        nonempty = cnt > 0
        centres[nonempty] = (M.T @ X)[nonempty] / cnt[nonempty, None]
    labels = prev

    cnt = np.bincount(labels, minlength=K).astype(float)
    weights = np.maximum(cnt, 1.0) / np.maximum(cnt, 1.0).sum()
    S_all = np.cov(X, rowvar=False).reshape(d, d) + 1e-6 * np.eye(d)
    covs = np.empty((K, d, d))
    for k in range(K):
        if cnt[k] > d:
            Z = X[labels == k] - X[labels == k].mean(axis=0)
            covs[k] = (Z.T @ Z) / cnt[k] + 1e-6 * np.eye(d)
        else:
            covs[k] = S_all
    return weights, centres, covs
''',
    },
    {
        "kind": "mistake",
        "id": "init_kmeans-seed-prop-to-D",
        "what": "k-means++ step picks the next centre with probability proportional to D(x) instead of D(x)^2 (good starts anyway on separated data, different seeding distribution); violates 'pick the next centre among the data points with probability proportional to D(x)^2'.",
        "source": '''import numpy as np


def init_kmeans(X, n_components, rng):
    n, d = X.shape
    K = n_components
    centres = np.empty((K, d))
    centres[0] = X[rng.integers(n)]
    D = np.sqrt(np.sum((X - centres[0]) ** 2, axis=1))
    for j in range(1, K):
        s = D.sum()
        idx = rng.choice(n, p=D / s) if s > 0 else rng.integers(n)
        centres[j] = X[idx]
        D = np.minimum(D, np.sqrt(np.sum((X - centres[j]) ** 2, axis=1)))
    labels = None
    for _ in range(100):
        new = np.argmin(np.sum((X[:, None, :] - centres[None]) ** 2, axis=2), axis=1)
        if labels is not None and np.array_equal(new, labels):
            break
        labels = new
        for k in range(K):
            if np.any(labels == k):
                centres[k] = X[labels == k].mean(axis=0)
    counts = np.bincount(labels, minlength=K)
    adj = np.maximum(counts, 1)
    whole = np.atleast_2d(np.cov(X, rowvar=False)) + 1e-6 * np.eye(d)
    covs = np.empty((K, d, d))
    for k in range(K):
        if counts[k] <= d:
            covs[k] = whole
        else:
            diff = X[labels == k] - centres[k]
            covs[k] = diff.T @ diff / counts[k] + 1e-6 * np.eye(d)
    return adj / adj.sum(), centres, covs
''',
    },
    {
        "kind": "mistake",
        "id": "init_kmeans-farthest-point",
        "what": "Replaces the random D^2 draw by the farthest point (argmax D) after the first centre, i.e. deterministic farthest-first seeding (fine on clean blobs, attracted by outliers); violates 'pick the next centre among the data points with probability proportional to D(x)^2'.",
        "source": '''import numpy as np


def init_kmeans(X, n_components, rng):
    n, d = X.shape
    K = n_components
    centres = np.empty((K, d))
    centres[0] = X[rng.integers(n)]
    D2 = np.sum((X - centres[0]) ** 2, axis=1)
    for j in range(1, K):
        idx = int(np.argmax(D2))
        centres[j] = X[idx]
        D2 = np.minimum(D2, np.sum((X - centres[j]) ** 2, axis=1))
    labels = None
    for _ in range(100):
        new = np.argmin(np.sum((X[:, None, :] - centres[None]) ** 2, axis=2), axis=1)
        if labels is not None and np.array_equal(new, labels):
            break
        labels = new
        for k in range(K):
            if np.any(labels == k):
                centres[k] = X[labels == k].mean(axis=0)
    counts = np.bincount(labels, minlength=K)
    adj = np.maximum(counts, 1)
    whole = np.atleast_2d(np.cov(X, rowvar=False)) + 1e-6 * np.eye(d)
    covs = np.empty((K, d, d))
    for k in range(K):
        if counts[k] <= d:
            covs[k] = whole
        else:
            diff = X[labels == k] - centres[k]
            covs[k] = diff.T @ diff / counts[k] + 1e-6 * np.eye(d)
    return adj / adj.sum(), centres, covs
''',
    },
    {
        "kind": "mistake",
        "id": "init_kmeans-zero-weight-empty",
        "what": "Weights are plain fractions counts / n, so an empty cluster gets weight 0 (identical whenever no cluster is empty); violates 'an empty cluster counts as one point in the weights, so that no weight is zero'.",
        "source": '''import numpy as np


def init_kmeans(X, n_components, rng):
    n, d = X.shape
    K = n_components
    centres = np.empty((K, d))
    centres[0] = X[rng.integers(n)]
    D2 = np.sum((X - centres[0]) ** 2, axis=1)
    for j in range(1, K):
        s = D2.sum()
        idx = rng.choice(n, p=D2 / s) if s > 0 else rng.integers(n)
        centres[j] = X[idx]
        D2 = np.minimum(D2, np.sum((X - centres[j]) ** 2, axis=1))
    labels = None
    for _ in range(100):
        new = np.argmin(np.sum((X[:, None, :] - centres[None]) ** 2, axis=2), axis=1)
        if labels is not None and np.array_equal(new, labels):
            break
        labels = new
        for k in range(K):
            if np.any(labels == k):
                centres[k] = X[labels == k].mean(axis=0)
    counts = np.bincount(labels, minlength=K)
    whole = np.atleast_2d(np.cov(X, rowvar=False)) + 1e-6 * np.eye(d)
    covs = np.empty((K, d, d))
    for k in range(K):
        if counts[k] <= d:
            covs[k] = whole
        else:
            diff = X[labels == k] - centres[k]
            covs[k] = diff.T @ diff / counts[k] + 1e-6 * np.eye(d)
    return counts / n, centres, covs
''',
    },
    {
        "kind": "mistake",
        "id": "init_kmeans-unbiased-cluster-cov",
        "what": "Cluster covariances with np.cov's default n - 1 denominator; violates 'each covariance is the (biased, divide by the count) covariance of the cluster's points'.",
        "source": '''import numpy as np


def init_kmeans(X, n_components, rng):
    n, d = X.shape
    K = n_components
    centres = np.empty((K, d))
    centres[0] = X[rng.integers(n)]
    D2 = np.sum((X - centres[0]) ** 2, axis=1)
    for j in range(1, K):
        s = D2.sum()
        idx = rng.choice(n, p=D2 / s) if s > 0 else rng.integers(n)
        centres[j] = X[idx]
        D2 = np.minimum(D2, np.sum((X - centres[j]) ** 2, axis=1))
    labels = None
    for _ in range(100):
        new = np.argmin(np.sum((X[:, None, :] - centres[None]) ** 2, axis=2), axis=1)
        if labels is not None and np.array_equal(new, labels):
            break
        labels = new
        for k in range(K):
            if np.any(labels == k):
                centres[k] = X[labels == k].mean(axis=0)
    counts = np.bincount(labels, minlength=K)
    adj = np.maximum(counts, 1)
    whole = np.atleast_2d(np.cov(X, rowvar=False)) + 1e-6 * np.eye(d)
    covs = np.empty((K, d, d))
    for k in range(K):
        if counts[k] <= d:
            covs[k] = whole
        else:
            covs[k] = np.atleast_2d(np.cov(X[labels == k], rowvar=False)) + 1e-6 * np.eye(d)
    return adj / adj.sum(), centres, covs
''',
    },
    {
        "kind": "mistake",
        "id": "init_kmeans-small-cluster-off-by-one",
        "what": "Falls back to the whole-data covariance only when the count is < d, so a cluster of exactly d points keeps its own singular covariance (+1e-6); violates 'A cluster with too few points for a covariance (at most d) uses the covariance of the whole data set instead'.",
        "source": '''import numpy as np


def init_kmeans(X, n_components, rng):
    n, d = X.shape
    K = n_components
    centres = np.empty((K, d))
    centres[0] = X[rng.integers(n)]
    D2 = np.sum((X - centres[0]) ** 2, axis=1)
    for j in range(1, K):
        s = D2.sum()
        idx = rng.choice(n, p=D2 / s) if s > 0 else rng.integers(n)
        centres[j] = X[idx]
        D2 = np.minimum(D2, np.sum((X - centres[j]) ** 2, axis=1))
    labels = None
    for _ in range(100):
        new = np.argmin(np.sum((X[:, None, :] - centres[None]) ** 2, axis=2), axis=1)
        if labels is not None and np.array_equal(new, labels):
            break
        labels = new
        for k in range(K):
            if np.any(labels == k):
                centres[k] = X[labels == k].mean(axis=0)
    counts = np.bincount(labels, minlength=K)
    adj = np.maximum(counts, 1)
    whole = np.atleast_2d(np.cov(X, rowvar=False)) + 1e-6 * np.eye(d)
    covs = np.empty((K, d, d))
    for k in range(K):
        if counts[k] < d or counts[k] == 0:
            covs[k] = whole
        else:
            diff = X[labels == k] - centres[k]
            covs[k] = diff.T @ diff / counts[k] + 1e-6 * np.eye(d)
    return adj / adj.sum(), centres, covs
''',
    },
    {
        "kind": "mistake",
        "id": "init_kmeans-empty-centre-to-global-mean",
        "what": "When a cluster is empty in a Lloyd round its centre is moved to the global mean of X (a half-remembered 're-seed' trick) instead of staying put; identical whenever no cluster empties; violates 'Keep a centre where it is if no point is assigned to it'.",
        "source": '''import numpy as np


def init_kmeans(X, n_components, rng):
    n, d = X.shape
    K = n_components
    centres = np.empty((K, d))
    centres[0] = X[rng.integers(n)]
    D2 = np.sum((X - centres[0]) ** 2, axis=1)
    for j in range(1, K):
        s = D2.sum()
        idx = rng.choice(n, p=D2 / s) if s > 0 else rng.integers(n)
        centres[j] = X[idx]
        D2 = np.minimum(D2, np.sum((X - centres[j]) ** 2, axis=1))
    labels = None
    for _ in range(100):
        new = np.argmin(np.sum((X[:, None, :] - centres[None]) ** 2, axis=2), axis=1)
        if labels is not None and np.array_equal(new, labels):
            break
        labels = new
        for k in range(K):
            if np.any(labels == k):
                centres[k] = X[labels == k].mean(axis=0)
            else:
                centres[k] = X.mean(axis=0)
    counts = np.bincount(labels, minlength=K)
    adj = np.maximum(counts, 1)
    whole = np.atleast_2d(np.cov(X, rowvar=False)) + 1e-6 * np.eye(d)
    covs = np.empty((K, d, d))
    for k in range(K):
        if counts[k] <= d:
            covs[k] = whole
        else:
            diff = X[labels == k] - centres[k]
            covs[k] = diff.T @ diff / counts[k] + 1e-6 * np.eye(d)
    return adj / adj.sum(), centres, covs
''',
    },
    {
        "kind": "mistake",
        "id": "init_kmeans-global-random-seeding",
        "what": "Seeds with np.random.randint / np.random.choice (global state) instead of rng, so the same generator state does not reproduce the start; violates 'rng : numpy.random.Generator, Source of randomness (used by the seeding only)' (and the chapter's 'Use only rng for randomness').",
        "source": '''import numpy as np


def init_kmeans(X, n_components, rng):
    n, d = X.shape
    K = n_components
    centres = np.empty((K, d))
    centres[0] = X[np.random.randint(n)]
    D2 = np.sum((X - centres[0]) ** 2, axis=1)
    for j in range(1, K):
        s = D2.sum()
        idx = np.random.choice(n, p=D2 / s) if s > 0 else np.random.randint(n)
        centres[j] = X[idx]
        D2 = np.minimum(D2, np.sum((X - centres[j]) ** 2, axis=1))
    labels = None
    for _ in range(100):
        new = np.argmin(np.sum((X[:, None, :] - centres[None]) ** 2, axis=2), axis=1)
        if labels is not None and np.array_equal(new, labels):
            break
        labels = new
        for k in range(K):
            if np.any(labels == k):
                centres[k] = X[labels == k].mean(axis=0)
    counts = np.bincount(labels, minlength=K)
    adj = np.maximum(counts, 1)
    whole = np.atleast_2d(np.cov(X, rowvar=False)) + 1e-6 * np.eye(d)
    covs = np.empty((K, d, d))
    for k in range(K):
        if counts[k] <= d:
            covs[k] = whole
        else:
            diff = X[labels == k] - centres[k]
            covs[k] = diff.T @ diff / counts[k] + 1e-6 * np.eye(d)
    return adj / adj.sum(), centres, covs
''',
    },
    {
        "kind": "mistake",
        "id": "init_kmeans-stale-seeding-labels",
        "what": "Computes weights and covariances from the labels of the FIRST assignment (to the seeds), a stale variable, while returning the final centres; identical only when Lloyd converges in one round; violates 'weights are the fractions of points in each cluster ... each covariance is the covariance of the cluster's points' (clusters of the final k-means).",
        "source": '''import numpy as np


def init_kmeans(X, n_components, rng):
    n, d = X.shape
    K = n_components
    centres = np.empty((K, d))
    centres[0] = X[rng.integers(n)]
    D2 = np.sum((X - centres[0]) ** 2, axis=1)
    for j in range(1, K):
        s = D2.sum()
        idx = rng.choice(n, p=D2 / s) if s > 0 else rng.integers(n)
        centres[j] = X[idx]
        D2 = np.minimum(D2, np.sum((X - centres[j]) ** 2, axis=1))
    first_labels = np.argmin(np.sum((X[:, None, :] - centres[None]) ** 2, axis=2), axis=1)
    labels = None
    for _ in range(100):
        new = np.argmin(np.sum((X[:, None, :] - centres[None]) ** 2, axis=2), axis=1)
        if labels is not None and np.array_equal(new, labels):
            break
        labels = new
        for k in range(K):
            if np.any(labels == k):
                centres[k] = X[labels == k].mean(axis=0)
    counts = np.bincount(first_labels, minlength=K)
    adj = np.maximum(counts, 1)
    whole = np.atleast_2d(np.cov(X, rowvar=False)) + 1e-6 * np.eye(d)
    covs = np.empty((K, d, d))
    for k in range(K):
        if counts[k] <= d:
            covs[k] = whole
        else:
            pts = X[first_labels == k]
            diff = pts - pts.mean(axis=0)
            covs[k] = diff.T @ diff / counts[k] + 1e-6 * np.eye(d)
    return adj / adj.sum(), centres, covs
''',
    },
    {
        "kind": "mistake",
        "id": "init_kmeans-first-centre-row0",
        "what": "Takes X[0] as the first centre instead of drawing it uniformly (only later centres are random); violates 'pick the first centre uniformly among the data points'.",
        "source": '''import numpy as np


def init_kmeans(X, n_components, rng):
    n, d = X.shape
    K = n_components
    centres = np.empty((K, d))
    centres[0] = X[0]
    D2 = np.sum((X - centres[0]) ** 2, axis=1)
    for j in range(1, K):
        s = D2.sum()
        idx = rng.choice(n, p=D2 / s) if s > 0 else rng.integers(n)
        centres[j] = X[idx]
        D2 = np.minimum(D2, np.sum((X - centres[j]) ** 2, axis=1))
    labels = None
    for _ in range(100):
        new = np.argmin(np.sum((X[:, None, :] - centres[None]) ** 2, axis=2), axis=1)
        if labels is not None and np.array_equal(new, labels):
            break
        labels = new
        for k in range(K):
            if np.any(labels == k):
                centres[k] = X[labels == k].mean(axis=0)
    counts = np.bincount(labels, minlength=K)
    adj = np.maximum(counts, 1)
    whole = np.atleast_2d(np.cov(X, rowvar=False)) + 1e-6 * np.eye(d)
    covs = np.empty((K, d, d))
    for k in range(K):
        if counts[k] <= d:
            covs[k] = whole
        else:
            diff = X[labels == k] - centres[k]
            covs[k] = diff.T @ diff / counts[k] + 1e-6 * np.eye(d)
    return adj / adj.sum(), centres, covs
''',
    },
    {
        "kind": "mistake",
        "id": "init_kmeans-single-lloyd-round",
        "what": "Runs exactly one Lloyd round (assign to the seeds, move the centres) and stops, so centres and clusters are not a converged k-means when a second round would change labels; violates 'repeat until the assignments stop changing (or 100 rounds)'.",
        "source": '''import numpy as np


def init_kmeans(X, n_components, rng):
    n, d = X.shape
    K = n_components
    centres = np.empty((K, d))
    centres[0] = X[rng.integers(n)]
    D2 = np.sum((X - centres[0]) ** 2, axis=1)
    for j in range(1, K):
        s = D2.sum()
        idx = rng.choice(n, p=D2 / s) if s > 0 else rng.integers(n)
        centres[j] = X[idx]
        D2 = np.minimum(D2, np.sum((X - centres[j]) ** 2, axis=1))
    labels = np.argmin(np.sum((X[:, None, :] - centres[None]) ** 2, axis=2), axis=1)
    for k in range(K):
        if np.any(labels == k):
            centres[k] = X[labels == k].mean(axis=0)
    labels = np.argmin(np.sum((X[:, None, :] - centres[None]) ** 2, axis=2), axis=1)
    counts = np.bincount(labels, minlength=K)
    adj = np.maximum(counts, 1)
    whole = np.atleast_2d(np.cov(X, rowvar=False)) + 1e-6 * np.eye(d)
    covs = np.empty((K, d, d))
    for k in range(K):
        if counts[k] <= d:
            covs[k] = whole
        else:
            pts = X[labels == k]
            diff = pts - pts.mean(axis=0)
            covs[k] = diff.T @ diff / counts[k] + 1e-6 * np.eye(d)
    return adj / adj.sum(), centres, covs
''',
    },
]
