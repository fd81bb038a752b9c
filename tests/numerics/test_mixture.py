"""GaussianMixture behaviour beyond scikit-learn: history, snapshots, progress bar, monotone EM."""

import warnings

import numpy as np
import pytest
from scipy.stats import multivariate_normal
from sklearn.exceptions import ConvergenceWarning

from gmmlab import GaussianMixture

TYPES = ["full", "tied", "diag", "spherical"]


def _blobs(n=300, K=3, d=2, seed=0, spread=4.0):
    rng = np.random.default_rng(seed)
    centers = rng.normal(scale=spread, size=(K, d))
    labels = rng.integers(K, size=n)
    scales = rng.uniform(0.3, 1.5, size=(K, d))
    return centers[labels] + rng.normal(size=(n, d)) * scales[labels]


@pytest.mark.parametrize("seed", range(40))
def test_log_likelihood_never_decreases(seed):
    rng = np.random.default_rng(1000 + seed)
    d = int(rng.integers(1, 5))
    K = int(rng.integers(1, 6))
    ctype = TYPES[seed % 4]
    init = ["kmeans", "k-means++", "random", "random_from_data"][(seed // 4) % 4]
    X = _blobs(n=int(rng.integers(50, 400)), K=int(rng.integers(1, 5)), d=d, seed=seed,
               spread=float(rng.uniform(0.5, 6)))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        gm = GaussianMixture(K, covariance_type=ctype, init_params=init, tol=0.0, max_iter=60,
                             random_state=seed).fit(X)
    ll = gm.history_["log_likelihood"]
    assert ll.shape == (gm.n_iter_ + 1,)
    assert np.isfinite(ll).all()
    # EM with a small reg_covar may lose a hair of likelihood; allow round-off only.
    assert np.all(np.diff(ll) >= -1e-9 * np.abs(ll[1:]).max() - 1e-9)


def test_history_is_total_log_likelihood_of_each_parameter_set():
    X = _blobs()
    gm = GaussianMixture(3, max_iter=12, tol=0.0, random_state=0, snapshot_every=5)
    with pytest.warns(ConvergenceWarning):
        gm.fit(X)
    snaps = gm.history_["snapshots"]
    assert [s["iteration"] for s in snaps] == [0, 5, 10, 12]
    for s in snaps:
        assert set(s) == {"iteration", "weights", "means", "covariances"}
        assert s["means"].shape == (3, 2) and s["covariances"].shape == (3, 2, 2)
        # recompute the total log-likelihood of the snapshot with SciPy
        dens = sum(w * multivariate_normal(m, c).pdf(X)
                   for w, m, c in zip(s["weights"], s["means"], s["covariances"]))
        np.testing.assert_allclose(np.log(dens).sum(), gm.history_["log_likelihood"][
            s["iteration"]], rtol=1e-9)
    np.testing.assert_allclose(snaps[-1]["means"], gm.means_)
    np.testing.assert_allclose(gm.history_["log_likelihood"][-1], gm.score(X) * len(X))


@pytest.mark.parametrize("covariance_type", TYPES)
def test_snapshot_shapes(covariance_type):
    X = _blobs(d=3)
    gm = GaussianMixture(2, covariance_type=covariance_type, random_state=0).fit(X)
    shape = {"full": (2, 3, 3), "tied": (3, 3), "diag": (2, 3), "spherical": (2,)}
    for s in gm.history_["snapshots"]:
        assert s["covariances"].shape == shape[covariance_type]


def test_fit_predict_equals_predict_and_sample():
    X = _blobs()
    gm = GaussianMixture(3, random_state=0, n_init=3)
    labels = gm.fit_predict(X)
    np.testing.assert_array_equal(labels, gm.predict(X))
    np.testing.assert_array_equal(labels, gm.predict_proba(X).argmax(axis=1))
    refit = GaussianMixture(3, random_state=0, n_init=3).fit(X)  # fit() skips the labels
    np.testing.assert_array_equal(refit.predict(X), labels)
    np.testing.assert_array_equal(refit.history_["log_likelihood"],
                                  gm.history_["log_likelihood"])
    Xs, ys = gm.sample(100)
    assert Xs.shape == (100, 2) and ys.shape == (100,)
    np.testing.assert_allclose(gm.predict_proba(X).sum(axis=1), 1.0)


def test_kmeans_initialisation_recovers_well_separated_clusters():
    rng = np.random.default_rng(0)
    centers = np.array([[0, 0], [10, 0], [0, 10]])
    X = np.repeat(centers, 100, axis=0) + rng.normal(size=(300, 2))
    for init in ["kmeans", "k-means++"]:
        gm = GaussianMixture(3, init_params=init, random_state=0).fit(X)
        found = np.sort(np.round(gm.means_).astype(int), axis=0)
        np.testing.assert_array_equal(found, np.sort(centers, axis=0))


def test_verbose_shows_progress_bar(capsys):
    X = _blobs()
    GaussianMixture(2, n_init=2, verbose=2, verbose_interval=1, random_state=0).fit(X)
    out = capsys.readouterr()
    assert "EM initialisations" in out.err
    assert "Iteration 1" in out.out + out.err


def test_threads_do_not_change_the_result():
    """Chunked threaded sums are added in a fixed order: fits are bit-for-bit reproducible."""
    X = _blobs(n=200_000, K=4, d=3)
    a = GaussianMixture(4, random_state=0, max_iter=5, tol=0).fit(X)
    b = GaussianMixture(4, random_state=0, max_iter=5, tol=0).fit(X)
    np.testing.assert_array_equal(a.means_, b.means_)


def test_fitted_model_figures_return_axes():
    pytest.importorskip("gmmlab.figures.plotting")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    X = _blobs()
    gm = GaussianMixture(3, random_state=0).fit(X)
    from gmmlab.figures import plotting

    ax = plotting.plot_convergence(gm.history_["log_likelihood"])
    assert ax is not None
    ax2 = plotting.plot_fitted(gm, X)
    assert ax2 is not None and len(ax2.patches) == 3
    plt.close("all")


def test_fit_in_forked_worker_after_threaded_fit():
    """The thread pool is rebuilt in a forked child (multiprocessing workers do not hang)."""
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("fork is not available on this platform")
    X = _blobs(n=100_000, K=3, d=2)
    GaussianMixture(3, random_state=0, max_iter=2, tol=0).fit(X)  # creates the pool
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(1) as pool:
        result = pool.apply_async(_fit_lower_bound, (X,))
        lb = result.get(timeout=120)
    assert np.isfinite(lb)


def _fit_lower_bound(X):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return GaussianMixture(3, random_state=0, max_iter=2, tol=0).fit(X).lower_bound_
