"""Test problems and independent reference answers (SciPy-based, never the student's code)."""

from __future__ import annotations

import numpy as np


def problem(seed: int, n: int = 60, d: int = 2, k: int = 3, spread: float = 4.0,
            scale: float = 1.0) -> dict:
    """A small mixture problem drawn with a fixed ``numpy.random.Generator``.

    Returns
    -------
    dict with X (n, d), weights (k,), means (k, d), covs (k, d, d) of a plausible current EM
    state (not the truth), and resp (n, k) soft responsibilities.
    """
    rng = np.random.default_rng(seed)
    centres = rng.normal(scale=spread, size=(k, d))
    labels = rng.integers(0, k, size=n)
    labels[:k] = np.arange(k)
    A = rng.normal(scale=0.4 * scale, size=(k, d, d)) + scale * np.eye(d)
    X = centres[labels] + np.einsum("nij,nj->ni", A[labels], rng.normal(size=(n, d)))
    weights = rng.dirichlet(np.full(k, 5.0))
    means = centres + rng.normal(scale=0.5, size=(k, d))
    covs = random_spd(rng, k, d, scale)
    resp = rng.dirichlet(np.full(k, 0.7), size=n)
    return {"X": X, "weights": weights, "means": means, "covs": covs, "resp": resp,
            "labels": labels, "centres": centres}


def random_spd(rng, k: int, d: int, scale: float = 1.0) -> np.ndarray:
    """(k, d, d) well-conditioned, non-diagonal symmetric positive-definite matrices."""
    B = rng.normal(size=(k, d, d))
    return scale ** 2 * (np.einsum("kij,klj->kil", B, B) / d + 0.5 * np.eye(d))


def far_apart(seed: int, d: int = 2, k: int = 2, n: int = 40) -> dict:
    """Clusters thousands of standard deviations apart: densities underflow to 0 in float64."""
    rng = np.random.default_rng(seed)
    centres = np.arange(k)[:, None] * 4000.0 + rng.normal(size=(k, d))
    labels = np.arange(n) % k
    X = centres[labels] + rng.normal(scale=1.0, size=(n, d))
    # a few points between the clusters: every density underflows to 0 there
    X[::5] = centres[labels[::5]] + 300.0 + 80.0 * rng.random(size=(len(X[::5]), d))
    return {"X": X, "weights": np.full(k, 1.0 / k), "means": centres + 0.3,
            "covs": np.stack([np.eye(d)] * k), "labels": labels, "centres": centres}


def log_gauss(X, mean, cov) -> np.ndarray:
    """(n,) log N(x | mean, cov), from SciPy's ``multivariate_normal``."""
    from scipy.stats import multivariate_normal

    return np.atleast_1d(multivariate_normal(mean, cov).logpdf(np.atleast_2d(X)))


def logsumexp(a, axis=None):
    from scipy.special import logsumexp as lse

    return lse(a, axis=axis)


def _mixture(weights, means, covs):
    """A scikit-learn ``GaussianMixture`` (full covariances) holding the given parameters."""
    from scipy.linalg import cholesky, solve_triangular
    from sklearn.mixture import GaussianMixture

    means = np.asarray(means, dtype=float)
    covs = np.asarray(covs, dtype=float)
    model = GaussianMixture(n_components=len(means), covariance_type="full")
    model.weights_, model.means_, model.covariances_ = np.asarray(weights, dtype=float), means, covs
    eye = np.eye(means.shape[1])
    model.precisions_cholesky_ = np.stack(
        [solve_triangular(cholesky(c, lower=True), eye, lower=True).T for c in covs])
    model.n_features_in_ = means.shape[1]
    return model


def e_step(X, weights, means, covs):
    """``(resp (n, K), total log-likelihood)`` from scikit-learn's ``predict_proba`` and
    ``score_samples`` for the given parameters."""
    model = _mixture(weights, means, covs)
    with np.errstate(divide="ignore"):
        return model.predict_proba(X), float(model.score_samples(X).sum())


def m_step(X, resp, reg_covar=1e-6):
    """``(weights (K,), means (K, d), covs (K, d, d))``: scikit-learn's M-step for full
    covariances (its ``N_k`` carry ``10 eps``, far below the checks' tolerances)."""
    from sklearn.mixture._gaussian_mixture import _estimate_gaussian_parameters

    X = np.asarray(X, dtype=float)
    nk, means, covs = _estimate_gaussian_parameters(X, np.asarray(resp, dtype=float),
                                                    reg_covar, "full")
    return nk / X.shape[0], means, covs


def ellipse(cov, n_std=2.0):
    """(width, height, angle_deg) of the n_std ellipse of a 2x2 covariance (matplotlib convention)."""
    from scipy.linalg import eigh

    vals, vecs = eigh(np.asarray(cov, dtype=float))
    width, height = 2.0 * n_std * np.sqrt(vals[::-1])
    angle = np.degrees(np.arctan2(vecs[1, -1], vecs[0, -1]))
    return float(width), float(height), float(angle)


def n_parameters(k, d, covariance_type="full"):
    """scikit-learn's count of free parameters (``GaussianMixture._n_parameters``)."""
    from sklearn.mixture import GaussianMixture

    model = GaussianMixture(n_components=k, covariance_type=covariance_type)
    model.means_ = np.zeros((k, d))
    return int(model._n_parameters())


def problem_from_spec(spec):
    if spec.get("far"):
        return far_apart(spec["seed"], d=spec["d"], k=spec["k"], n=spec.get("n", 40))
    return problem(spec["seed"], n=spec.get("n", 40), d=spec["d"], k=spec["k"],
                       spread=spec.get("spread", 4.0), scale=spec.get("scale", 1.0))


def separated(seed=601, n=90, d=2, k=3):
    """Three tight clusters far apart (20 standard deviations)."""
    rng = np.random.default_rng(seed)
    centres = np.array([[0.0, 0.0], [20.0, 0.0], [10.0, 17.0]])[:k, :d] if d == 2 else \
        rng.normal(scale=20.0, size=(k, d))
    labels = np.arange(n) % (k + 2)  # unequal cluster sizes
    labels[labels >= k] = 0
    return centres[labels] + rng.normal(size=(n, d)), centres


# spec checks, chapters 01-05 and 07
def em_fit(X, weights, means, covs, max_iter=100, tol=1e-6):
    """EM exactly as chapter 05 states it, run by scikit-learn one iteration at a time.

    At most ``max_iter`` M-steps (so at most ``max_iter + 1`` E-steps); an M-step only between
    two E-steps, never after the last one; ``lls[t]`` is the log-likelihood after ``t`` M-steps;
    stop when ``lls[t] - lls[t - 1] < tol`` (strictly). The returned parameters are those whose
    log-likelihood is ``lls[-1]``; ``max_iter=0`` returns the start. Each warm-started
    ``fit`` with ``max_iter=1`` is one E-step (its ``lower_bound_`` is the mean log-likelihood
    of the parameters it started from) followed by one M-step.
    """
    import warnings

    from sklearn.exceptions import ConvergenceWarning

    X = np.asarray(X, dtype=float)
    model = _mixture(weights, means, covs)
    model.set_params(max_iter=1, warm_start=True, reg_covar=1e-6, tol=0.0)
    model.converged_, model.lower_bound_ = False, -np.inf  # warm start from the parameters above
    current = (np.asarray(weights, dtype=float), np.asarray(means, dtype=float),
               np.asarray(covs, dtype=float))
    lls = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        while True:
            model.fit(X)
            lls.append(model.lower_bound_ * X.shape[0])
            if len(lls) == max_iter + 1 or (len(lls) > 1 and lls[-1] - lls[-2] < tol):
                return (*current, np.array(lls))
            current = (model.weights_.copy(), model.means_.copy(), model.covariances_.copy())


def one_component(seed: int, n: int = 30, d: int = 2, spread: float = 1.0,
                  at_mle: bool = False) -> dict:
    """A K = 1 problem. EM reaches its fixed point after one M-step: later gains are exactly 0.

    With ``at_mle`` the start is the unregularised maximum-likelihood fit; with ``spread`` tiny
    (1e-3) the M-step's ``reg_covar = 1e-6`` then lowers the log-likelihood by a lot.
    """
    rng = np.random.default_rng(seed)
    X = 5.0 + spread * rng.normal(size=(n, d))
    if at_mle:
        means = X.mean(axis=0, keepdims=True)
        covs = np.cov(X, rowvar=False, bias=True).reshape(1, d, d)
    else:
        means = X[:1] + spread
        covs = random_spd(rng, 1, d, 2.0 * spread)
    return {"X": X, "weights": np.ones(1), "means": means, "covs": covs}


# init checks: the data of chapter 06's checks (init_random, init_kmeans)
def data_cov(X) -> np.ndarray:
    """(d, d) covariance of the whole data set as ``np.cov(X, rowvar=False)`` gives it (n - 1)."""
    X = np.asarray(X, dtype=float)
    d = X.shape[1]
    return np.cov(X, rowvar=False).reshape(d, d)


def correlated(seed=611, n=40, d=2):
    """(n, d) data with correlated features and variances of order one, no repeated row."""
    rng = np.random.default_rng(seed)
    A = np.eye(d) + 0.6 * np.tri(d, k=-1)
    return rng.normal(size=(n, d)) @ A.T + np.arange(d)


def tiny_clusters(seed=612):
    """(45, 2) data: three spread clusters, one of d + 1 = 3 points, one of d = 2 points.

    The five groups lie so far apart that k-means++ seeds each of them in practice, so that
    k-means with K = 5 ends with a cluster of 3 points (its own covariance) and one of 2 points
    (too few: the covariance of the whole data set).
    """
    rng = np.random.default_rng(seed)
    centres = np.array([[0.0, 0.0], [30.0, 0.0], [0.0, 30.0], [70.0, 70.0], [-70.0, 70.0]])
    sizes = np.array([20, 12, 8, 3, 2])
    labels = np.repeat(np.arange(5), sizes)
    spread = np.array([1.0, 1.5, 1.0, 0.7, 0.7])[labels, None]
    return centres[labels] + spread * rng.normal(size=(len(labels), 2))


def repeated_points(locations, counts, seed=613):
    """Rows ``locations[i]`` repeated ``counts[i]`` times, in a shuffled (fixed) order."""
    X = np.repeat(np.asarray(locations, dtype=float), counts, axis=0)
    return X[np.random.default_rng(seed).permutation(len(X))]


#: Four locations, integer coordinates (exact means), one of them holding d = 2 points:
#: with K = 5 every k-means result has one empty cluster and one of 2 points.
EMPTY_LOCATIONS = ((1.0, 2.0), (11.0, 2.0), (1.0, 12.0), (11.0, 12.0))
EMPTY_COUNTS = (12, 8, 4, 2)


def chunk_statistics(X, resp):
    """``(nk (K,), means (K, d), scatter (K, d, d))`` of a chunk for given responsibilities.

    Each component's weighted mean comes from ``np.average`` and its scatter from ``np.cov``
    with ``aweights`` and ``bias=True`` (which centres the data on that mean in float64) times
    ``N_k``; a component with ``N_k = 0`` gets a zero mean and a zero scatter.
    """
    X = np.asarray(X, dtype=float)
    resp = np.asarray(resp, dtype=float)
    k, d = resp.shape[1], X.shape[1]
    nk = resp.sum(axis=0)
    means, scatter = np.zeros((k, d)), np.zeros((k, d, d))
    for j in np.flatnonzero(nk > 0):
        means[j] = np.average(X, axis=0, weights=resp[:, j])
        scatter[j] = np.atleast_2d(np.cov(X.T, aweights=resp[:, j], bias=True)) * nk[j]
    return nk, means, scatter
