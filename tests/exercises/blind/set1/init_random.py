"""Variants of chapter 06 exercise 1: init_random(X, n_components, rng)."""

VARIANTS = [
    # ------------------------------------------------------------------ correct
    {
        "kind": "correct",
        "id": "init_random-choice-repeat",
        "what": "Stub recipe: rng.choice(n, size=K, replace=False) for the indices, np.cov(X, rowvar=False) + 1e-6 I repeated K times with np.repeat, weights np.full(K, 1/K).",
        "source": '''import numpy as np


def init_random(X, n_components, rng):
    X = np.asarray(X, dtype=float)
    n, d = X.shape
    idx = rng.choice(n, size=n_components, replace=False)
    means = X[idx].copy()
    cov = np.atleast_2d(np.cov(X, rowvar=False)) + 1e-6 * np.eye(d)
    covs = np.repeat(cov[None, :, :], n_components, axis=0)
    weights = np.full(n_components, 1.0 / n_components)
    return weights, means, covs
''',
    },
    {
        "kind": "correct",
        "id": "init_random-choice-rows-directly",
        "what": "Lets rng.choice draw the rows themselves (rng.choice(X, size=K, replace=False, axis=0), which consumes the generator exactly like choosing indices), np.tile for the covariances, np.ones(K)/K.",
        "source": '''import numpy as np


def init_random(X, n_components, rng):
    d = X.shape[1]
    means = rng.choice(X, size=n_components, replace=False, axis=0)
    data_cov = np.cov(X, rowvar=False).reshape(d, d) + 1e-6 * np.eye(d)
    covs = np.tile(data_cov, (n_components, 1, 1))
    weights = np.ones(n_components) / n_components
    return weights, means, covs
''',
    },
    {
        "kind": "correct",
        "id": "init_random-manual-covariance",
        "what": "Computes the data covariance by hand, centred.T @ centred / (n - 1), which is what np.cov(X, rowvar=False) returns, and builds the stack with a list comprehension.",
        "source": '''import numpy as np


def init_random(X, n_components, rng):
    X = np.asarray(X, dtype=float)
    n, d = X.shape
    chosen = rng.choice(n, size=n_components, replace=False)
    means = np.array([X[i] for i in chosen])
    centred = X - X.mean(axis=0)
    data_cov = centred.T @ centred / (n - 1) + 1e-6 * np.eye(d)
    covs = np.array([data_cov.copy() for _ in range(n_components)])
    weights = np.array([1.0 / n_components] * n_components)
    return weights, means, covs
''',
    },
    {
        "kind": "correct",
        "id": "init_random-broadcast-copy",
        "what": "Uses np.cov(X.T) (rows as variables), np.broadcast_to followed by .copy() so the returned stack is writeable, and fancy indexing with the int K cast explicitly.",
        "source": '''import numpy as np


def init_random(X, n_components, rng):
    K = int(n_components)
    n_samples, n_features = X.shape
    rows = rng.choice(n_samples, K, replace=False)
    means = X[rows, :].astype(float)
    sigma = np.cov(X.T).reshape(n_features, n_features)
    sigma = sigma + 1e-6 * np.identity(n_features)
    covs = np.broadcast_to(sigma, (K, n_features, n_features)).copy()
    weights = np.full(K, 1 / K)
    return weights, means, covs
''',
    },
    # ------------------------------------------------------------------ mistakes
    {
        "kind": "mistake",
        "id": "init_random-with-replacement",
        "what": "Calls rng.choice(n, size=K) with the default replace=True, so two components can start on the same point; violates 'n_components **distinct** data points' / 'K distinct rows of X'.",
        "source": '''import numpy as np


def init_random(X, n_components, rng):
    n, d = X.shape
    idx = rng.choice(n, size=n_components)
    means = X[idx].copy()
    cov = np.cov(X, rowvar=False) + 1e-6 * np.eye(d)
    return np.full(n_components, 1.0 / n_components), means, np.repeat(cov[None], n_components, axis=0)
''',
    },
    {
        "kind": "mistake",
        "id": "init_random-global-numpy-random",
        "what": "Ignores rng and uses np.random.choice (global state); violates 'Use only rng for randomness (no np.random.seed, no global state) so that the same generator state always gives the same start'.",
        "source": '''import numpy as np


def init_random(X, n_components, rng):
    n, d = X.shape
    idx = np.random.choice(n, size=n_components, replace=False)
    means = X[idx].copy()
    cov = np.cov(X, rowvar=False) + 1e-6 * np.eye(d)
    return np.full(n_components, 1.0 / n_components), means, np.repeat(cov[None], n_components, axis=0)
''',
    },
    {
        "kind": "mistake",
        "id": "init_random-identity-covariances",
        "what": "Starts every component with the identity covariance; violates 'every component gets the covariance of the whole data set' (the Q&A explains why the identity is wrong).",
        "source": '''import numpy as np


def init_random(X, n_components, rng):
    n, d = X.shape
    idx = rng.choice(n, size=n_components, replace=False)
    covs = np.stack([np.eye(d) + 1e-6 * np.eye(d) for _ in range(n_components)])
    return np.full(n_components, 1.0 / n_components), X[idx].copy(), covs
''',
    },
    {
        "kind": "mistake",
        "id": "init_random-cov-without-rowvar",
        "what": "Calls np.cov(X) without rowvar=False, which treats every SAMPLE as a variable and returns an (n, n) matrix; violates 'covs : ndarray of shape (n_components, n_features, n_features)', the covariance of X.",
        "source": '''import numpy as np


def init_random(X, n_components, rng):
    n, d = X.shape
    idx = rng.choice(n, size=n_components, replace=False)
    cov = np.cov(X)
    cov = cov + 1e-6 * np.eye(cov.shape[0])
    return np.full(n_components, 1.0 / n_components), X[idx].copy(), np.repeat(cov[None], n_components, axis=0)
''',
    },
    {
        "kind": "mistake",
        "id": "init_random-biased-covariance",
        "what": "Uses np.cov(X, rowvar=False, bias=True) (divides by n, as chapter 04 and init_kmeans do for clusters); the stub asks for np.cov(X, rowvar=False), i.e. the default n - 1 normalisation, so the covariances are off by (n-1)/n.",
        "source": '''import numpy as np


def init_random(X, n_components, rng):
    n, d = X.shape
    idx = rng.choice(n, size=n_components, replace=False)
    cov = np.cov(X, rowvar=False, bias=True) + 1e-6 * np.eye(d)
    return np.full(n_components, 1.0 / n_components), X[idx].copy(), np.repeat(cov[None], n_components, axis=0)
''',
    },
    {
        "kind": "mistake",
        "id": "init_random-no-jitter",
        "what": "Forgets the 1e-6 on the diagonal; violates 'plus `1e-6` on the diagonal'.",
        "source": '''import numpy as np


def init_random(X, n_components, rng):
    n, d = X.shape
    idx = rng.choice(n, size=n_components, replace=False)
    cov = np.cov(X, rowvar=False)
    return np.full(n_components, 1.0 / n_components), X[idx].copy(), np.repeat(cov[None], n_components, axis=0)
''',
    },
    {
        "kind": "mistake",
        "id": "init_random-first-k-rows",
        "what": "Takes the first K rows as means (no randomness at all, and all from one cluster if the data are sorted); violates 'drawn with `rng`' / 'Random starting parameters'.",
        "source": '''import numpy as np


def init_random(X, n_components, rng):
    n, d = X.shape
    means = X[:n_components].copy()
    cov = np.cov(X, rowvar=False) + 1e-6 * np.eye(d)
    return np.full(n_components, 1.0 / n_components), means, np.repeat(cov[None], n_components, axis=0)
''',
    },
    {
        "kind": "mistake",
        "id": "init_random-dirichlet-weights",
        "what": "Draws random weights with rng.dirichlet(np.ones(K)); violates 'weights: all equal' / 'All equal to 1 / K'.",
        "source": '''import numpy as np


def init_random(X, n_components, rng):
    n, d = X.shape
    idx = rng.choice(n, size=n_components, replace=False)
    weights = rng.dirichlet(np.ones(n_components))
    cov = np.cov(X, rowvar=False) + 1e-6 * np.eye(d)
    return weights, X[idx].copy(), np.repeat(cov[None], n_components, axis=0)
''',
    },
    {
        "kind": "mistake",
        "id": "init_random-diagonal-variances",
        "what": "Uses only the per-feature variances np.diag(X.var(axis=0, ddof=1)), dropping the correlations; violates 'the covariance of the whole data set'.",
        "source": '''import numpy as np


def init_random(X, n_components, rng):
    n, d = X.shape
    idx = rng.choice(n, size=n_components, replace=False)
    cov = np.diag(X.var(axis=0, ddof=1)) + 1e-6 * np.eye(d)
    return np.full(n_components, 1.0 / n_components), X[idx].copy(), np.repeat(cov[None], n_components, axis=0)
''',
    },
    {
        "kind": "mistake",
        "id": "init_random-integers-indices",
        "what": "Draws indices with rng.integers(0, n, size=K), which can repeat; violates 'K distinct rows of X' (the stub says replace=False).",
        "source": '''import numpy as np


def init_random(X, n_components, rng):
    n, d = X.shape
    idx = rng.integers(0, n, size=n_components)
    cov = np.cov(X, rowvar=False) + 1e-6 * np.eye(d)
    return np.full(n_components, 1.0 / n_components), X[idx].copy(), np.repeat(cov[None], n_components, axis=0)
''',
    },
]
