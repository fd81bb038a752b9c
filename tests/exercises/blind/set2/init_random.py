"""Variants for chapter 06, exercise 1: init_random(X, n_components, rng)."""

VARIANTS = [
    {
        "kind": "correct",
        "id": "init_random-stub-recipe",
        "what": "Stub recipe: idx = rng.choice(n, size=K, replace=False), means = X[idx] (a copy), np.cov(X, rowvar=False) + 1e-6 I repeated K times, weights 1/K.",
        "source": '''import numpy as np


def init_random(X, n_components, rng):
    n, d = X.shape
    idx = rng.choice(n, size=n_components, replace=False)
    means = X[idx]
    cov = np.cov(X, rowvar=False) + 1e-6 * np.eye(d)
    covs = np.repeat(cov[None, :, :], n_components, axis=0)
    weights = np.full(n_components, 1.0 / n_components)
    return weights, means, covs
''',
    },
    {
        "kind": "correct",
        "id": "init_random-manual-cov",
        "what": "Same rng.choice call; covariance written out by hand with the n - 1 denominator that np.cov(X, rowvar=False) uses, tiled with np.tile; weights from np.ones / K.",
        "source": '''import numpy as np


def init_random(X, n_components, rng):
    n_samples, n_features = X.shape
    rows = rng.choice(n_samples, size=n_components, replace=False)
    means = np.array(X[rows, :], dtype=float)
    centred = X - X.mean(axis=0)
    S = centred.T @ centred / (n_samples - 1)
    S = S + 1e-6 * np.identity(n_features)
    covs = np.tile(S, (n_components, 1, 1))
    weights = np.ones(n_components) / n_components
    return weights, means, covs
''',
    },
    {
        "kind": "correct",
        "id": "init_random-einsum-stack",
        "what": "rng.choice(n, size=K, replace=False); unbiased covariance via einsum on the centred data; K independent copies stacked from a generator (no shared memory between components).",
        "source": '''import numpy as np


def init_random(X, n_components, rng):
    n = X.shape[0]
    chosen = rng.choice(n, size=n_components, replace=False)
    Xc = X - X.mean(0)
    base = np.einsum("ni,nj->ij", Xc, Xc) / (n - 1) + 1e-6 * np.eye(X.shape[1])
    covs = np.stack([base.copy() for _ in range(n_components)])
    means = np.take(X, chosen, axis=0)
    return np.full(n_components, 1 / n_components), means, covs
''',
    },
    {
        "kind": "correct",
        "id": "init_random-atleast2d-broadcast",
        "what": "np.atleast_2d(np.cov(X.T)) so that one-feature data also gives a (1, 1) matrix, broadcast_to then copied into a writable (K, d, d) array; rng.choice for the indices.",
        "source": '''import numpy as np


def init_random(X, n_components, rng):
    K = int(n_components)
    n, d = X.shape
    picks = rng.choice(n, size=K, replace=False)
    C = np.atleast_2d(np.cov(X.T)) + 1e-6 * np.eye(d)
    covs = np.broadcast_to(C, (K, d, d)).copy()
    means = X[picks].copy()
    weights = np.repeat(1.0 / K, K)
    return weights, means, covs
''',
    },
    {
        "kind": "mistake",
        "id": "init_random-with-replacement",
        "what": "Calls rng.choice(n, size=K) with the default replace=True: usually distinct on large data, but can pick the same row twice (certain to, eventually, when K is close to n); violates 'n_components distinct data points' / 'K distinct rows of X'.",
        "source": '''import numpy as np


def init_random(X, n_components, rng):
    n, d = X.shape
    idx = rng.choice(n, size=n_components)
    cov = np.cov(X, rowvar=False) + 1e-6 * np.eye(d)
    return (np.full(n_components, 1.0 / n_components), X[idx],
            np.repeat(cov[None], n_components, axis=0))
''',
    },
    {
        "kind": "mistake",
        "id": "init_random-global-np-random",
        "what": "Draws the indices with np.random.choice (global state) and ignores rng, so the same generator state does not give the same start; violates 'Use only rng for randomness (no np.random.seed, no global state)'.",
        "source": '''import numpy as np


def init_random(X, n_components, rng):
    n, d = X.shape
    idx = np.random.choice(n, size=n_components, replace=False)
    cov = np.cov(X, rowvar=False) + 1e-6 * np.eye(d)
    return (np.full(n_components, 1.0 / n_components), X[idx],
            np.repeat(cov[None], n_components, axis=0))
''',
    },
    {
        "kind": "mistake",
        "id": "init_random-biased-cov",
        "what": "Uses the biased covariance (np.cov(..., bias=True), divide by n) for the whole data set; off by a factor n/(n-1); violates the stub 'give every component np.cov(X, rowvar=False) + 1e-6 * I'.",
        "source": '''import numpy as np


def init_random(X, n_components, rng):
    n, d = X.shape
    idx = rng.choice(n, size=n_components, replace=False)
    cov = np.cov(X, rowvar=False, bias=True) + 1e-6 * np.eye(d)
    return (np.full(n_components, 1.0 / n_components), X[idx],
            np.repeat(cov[None], n_components, axis=0))
''',
    },
    {
        "kind": "mistake",
        "id": "init_random-no-jitter",
        "what": "Forgets the 1e-6 on the diagonal (differences of 1e-6 only); violates 'plus 1e-6 on the diagonal'.",
        "source": '''import numpy as np


def init_random(X, n_components, rng):
    n, d = X.shape
    idx = rng.choice(n, size=n_components, replace=False)
    cov = np.cov(X, rowvar=False).reshape(d, d)
    return (np.full(n_components, 1.0 / n_components), X[idx],
            np.repeat(cov[None], n_components, axis=0))
''',
    },
    {
        "kind": "mistake",
        "id": "init_random-jitter-everywhere",
        "what": "Adds 1e-6 to every entry of the covariance (scalar + instead of + 1e-6 * I), so off-diagonal entries are also shifted; violates 'plus 1e-6 on the diagonal'.",
        "source": '''import numpy as np


def init_random(X, n_components, rng):
    n, d = X.shape
    idx = rng.choice(n, size=n_components, replace=False)
    cov = np.cov(X, rowvar=False).reshape(d, d) + 1e-6
    return (np.full(n_components, 1.0 / n_components), X[idx],
            np.repeat(cov[None], n_components, axis=0))
''',
    },
    {
        "kind": "mistake",
        "id": "init_random-identity-cov",
        "what": "Gives every component the identity (plus 1e-6) instead of the data covariance; violates 'every component gets the covariance of the whole data set'.",
        "source": '''import numpy as np


def init_random(X, n_components, rng):
    n, d = X.shape
    idx = rng.choice(n, size=n_components, replace=False)
    covs = np.stack([(1 + 1e-6) * np.eye(d) for _ in range(n_components)])
    return np.full(n_components, 1.0 / n_components), X[idx], covs
''',
    },
    {
        "kind": "mistake",
        "id": "init_random-integer-division-weights",
        "what": "Weights computed as np.full(K, 1 // K) (integer division): all zeros for K >= 2, correct only for K = 1; violates 'weights : All equal to 1 / K'.",
        "source": '''import numpy as np


def init_random(X, n_components, rng):
    n, d = X.shape
    idx = rng.choice(n, size=n_components, replace=False)
    cov = np.cov(X, rowvar=False) + 1e-6 * np.eye(d)
    weights = np.full(n_components, 1 // n_components, dtype=float)
    return weights, X[idx], np.repeat(cov[None], n_components, axis=0)
''',
    },
    {
        "kind": "mistake",
        "id": "init_random-centres-X-inplace",
        "what": "Centres X in place (X -= X.mean(0)) to compute the covariance after taking the means: returned values are right, but the caller's data are shifted; violates 'Do not modify X'.",
        "source": '''import numpy as np


def init_random(X, n_components, rng):
    n, d = X.shape
    idx = rng.choice(n, size=n_components, replace=False)
    means = X[idx]
    X -= X.mean(axis=0)
    cov = X.T @ X / (n - 1) + 1e-6 * np.eye(d)
    return (np.full(n_components, 1.0 / n_components), means,
            np.repeat(cov[None], n_components, axis=0))
''',
    },
]
