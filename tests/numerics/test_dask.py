"""GaussianMixture on Dask arrays: the same fit as in memory, on a 2-process cluster and out of core.

Every fit is compared with the in-memory fit from the same start (itself compared with
scikit-learn in test_sklearn_agreement.py), to 1e-10 relative; bad input must fail with the
in-memory message.
"""

import re
import subprocess
import sys
import warnings

import dask
import dask.array as da
import distributed
import numpy as np
import pytest

from gmmlab import GaussianMixture
from gmmlab.numerics import distributed as dist

TYPES = ["full", "tied", "diag", "spherical"]
N, D, K = 12_000, 3, 3
ROWS = 2_500  # chunks of 2500 rows: four full chunks and a short one


@pytest.fixture(scope="module")
def client():
    """Two worker processes on loopback, shut down after the module."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  host="127.0.0.1", dashboard_address=None) as cluster, \
            distributed.Client(cluster, set_as_default=False) as c:
        yield c


@pytest.fixture(scope="module")
def data():
    """Three clusters far from the origin (1e4): raw second moments would lose digits here."""
    rng = np.random.default_rng(16)
    centers = 1e4 + rng.normal(scale=3.0, size=(K, D))
    X = centers[rng.integers(K, size=N)] + rng.normal(size=(N, D)) @ rng.normal(size=(D, D))
    return X


def _start(X, ctype, seed=0):
    """An explicit start (the same for both fits): random rows as means, unit precisions."""
    rng = np.random.default_rng(seed)
    prec = {"full": np.stack([np.eye(D)] * K), "tied": np.eye(D), "diag": np.ones((K, D)),
            "spherical": np.ones(K)}[ctype]
    return {"weights_init": np.full(K, 1 / K), "means_init": X[rng.choice(len(X), K)],
            "precisions_init": prec}


def _fit(X, ctype, **kw):
    kw = {"max_iter": 5, "tol": 0.0, **kw}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tol=0 never converges
        return GaussianMixture(K, covariance_type=ctype, **kw).fit(X)


def _assert_close(got, want, rtol=1e-10):
    got, want = np.asarray(got, dtype=np.float64), np.asarray(want, dtype=np.float64)
    assert got.shape == want.shape
    err = np.max(np.abs(got - want)) / np.max(np.abs(want))
    assert err <= rtol, f"relative difference {err:.2e} > {rtol:.0e}"


def _assert_same_fit(got, want, rtol=1e-10):
    _assert_close(got.lower_bound_, want.lower_bound_, rtol)
    for name in ("weights_", "means_", "covariances_"):
        _assert_close(getattr(got, name), getattr(want, name), rtol)
    assert got.n_iter_ == want.n_iter_


@pytest.mark.parametrize("ctype", TYPES)
def test_cluster_fit_equals_memory_fit(client, data, ctype):
    start = _start(data, ctype)
    want = _fit(data, ctype, **start)
    Xd = da.from_array(data, chunks=(ROWS, D))
    with dask.config.set(scheduler=client):
        got = _fit(Xd, ctype, **start)
        _assert_same_fit(got, want)
        _assert_close(got.predict_proba(Xd).compute(), want.predict_proba(data))


@pytest.mark.parametrize("ctype", ["full", "spherical"])
def test_predictions_are_dask_arrays_and_reductions_numbers(data, ctype):
    start = _start(data, ctype, seed=3)
    want = _fit(data, ctype, **start)
    Xd = da.from_array(data, chunks=(ROWS, D))
    with dask.config.set(scheduler="threads"):
        got = _fit(Xd, ctype, **start)
        proba, logp, labels = got.predict_proba(Xd), got.score_samples(Xd), got.predict(Xd)
        assert all(isinstance(a, da.Array) for a in (proba, logp, labels))
        _assert_close(proba.compute(), want.predict_proba(data))
        _assert_close(logp.compute(), want.score_samples(data))
        np.testing.assert_array_equal(labels.compute(), want.predict(data))
        for method in ("score", "bic", "aic"):
            value = getattr(got, method)(Xd)
            assert isinstance(value, float)
            _assert_close(value, getattr(want, method)(data))


@pytest.mark.parametrize("ctype", TYPES)
def test_memory_mapped_fit_equals_memory_fit(tmp_path, data, ctype):
    """A memory-mapped .npy, read chunk by chunk by the threads of this process."""
    path = tmp_path / "X.npy"
    np.save(path, data)
    start = _start(data, ctype, seed=1)
    mapped = da.from_array(np.load(path, mmap_mode="r"), chunks=(ROWS, D))
    with dask.config.set(scheduler="threads"):
        _assert_same_fit(_fit(mapped, ctype, **start), _fit(data, ctype, **start))


@pytest.mark.parametrize("ctype", TYPES)
def test_zarr_fit_equals_memory_fit(client, tmp_path, data, ctype):
    """A zarr array on disk (dask.array.from_zarr): each worker process reads its own chunks."""
    zarr = pytest.importorskip("zarr")
    path = str(tmp_path / "X.zarr")
    zarr.create_array(store=path, shape=data.shape, chunks=(ROWS, D), dtype=data.dtype)[:] = data
    Xz = da.from_zarr(path)
    assert Xz.chunks[0] == (ROWS,) * 4 + (N - 4 * ROWS,)
    start = _start(data, ctype, seed=6)
    want = _fit(data, ctype, **start)
    with dask.config.set(scheduler=client):
        got = _fit(Xz, ctype, **start)
        _assert_same_fit(got, want)
        _assert_close(got.score_samples(Xz).compute(), want.score_samples(data))


def test_progress_bar_per_iteration(capsys, data):
    """verbose=1 on a Dask array: a tqdm bar over the iterations on stderr, the same fit."""
    start = _start(data, "diag", seed=7)
    Xd = da.from_array(data, chunks=(ROWS, D))
    with dask.config.set(scheduler="threads"):
        quiet = _fit(Xd, "diag", **start)
        assert capsys.readouterr().err == ""
        shown = _fit(Xd, "diag", verbose=1, **start)
    err = capsys.readouterr().err
    assert "EM iterations (passes over X)" in err
    steps = [int(m) for m in re.findall(r"(\d+)/5 ", err)]
    assert steps[0] == 0 and steps[-1] == 5 and set(steps) == {0, 1, 2, 3, 4, 5}, err
    for name in ("lower_bound_", "weights_", "means_", "covariances_"):
        np.testing.assert_array_equal(getattr(shown, name), getattr(quiet, name))
    np.testing.assert_array_equal(shown.history_["log_likelihood"],
                                  quiet.history_["log_likelihood"])


def test_npy_file_read_by_the_workers(client, tmp_path, data):
    """from_npy sends the path, not the data: each worker process reads its own rows."""
    path = tmp_path / "X.npy"
    np.save(path, data.astype(np.float32))
    Xd = dist.from_npy(path, rows=ROWS)
    assert Xd.chunks[0][0] == ROWS and Xd.dtype == np.float32
    start = {"max_iter": 5, "tol": 0.0, **_start(data, "full", seed=2)}
    with dask.config.set(scheduler=client), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tol=0 never converges
        want = GaussianMixture(K, **start)
        want_labels = want.fit_predict(data.astype(np.float32))
        got = GaussianMixture(K, **start)
        labels = got.fit_predict(Xd)
        assert isinstance(labels, da.Array) and got.means_.dtype == np.float32
        # Both compute in float32; the 2500-row chunks here and the 8192-row chunks in memory
        # round their sums differently, by float32's eps (1.2e-7) times a few.
        _assert_same_fit(got, want, rtol=1e-5)
        np.testing.assert_array_equal(labels.compute(), want_labels)


def test_default_start_is_the_in_memory_start(data):
    """k-means from the same random_state: the whole of X is at most INIT_SAMPLE_ROWS rows."""
    Xd = da.from_array(data, chunks=(ROWS, D))
    with dask.config.set(scheduler="threads"):
        _assert_same_fit(_fit(Xd, "full", random_state=3), _fit(data, "full", random_state=3))


def test_start_from_a_bounded_sample(monkeypatch, data):
    """Beyond INIT_SAMPLE_ROWS the start is drawn on a sample; EM reaches the same optimum."""
    monkeypatch.setattr(dist, "INIT_SAMPLE_ROWS", 1_000)
    drawn_on = []
    initial_params = GaussianMixture._initial_params

    def spy(self, X, rng, X_user=None):
        drawn_on.append(len(X))
        return initial_params(self, X, rng, X_user)

    monkeypatch.setattr(GaussianMixture, "_initial_params", spy)
    Xd = da.from_array(data, chunks=(ROWS, D))
    with dask.config.set(scheduler="threads"):
        for init in ("kmeans", "k-means++", "random_from_data"):
            got = _fit(Xd, "diag", init_params=init, random_state=0, max_iter=200, tol=1e-9)
            assert 900 <= drawn_on[-1] <= 1_000
            want = _fit(data, "diag", init_params=init, random_state=0, max_iter=200, tol=1e-9)
            assert drawn_on[-1] == N
            assert got.converged_
            _assert_close(got.lower_bound_, want.lower_bound_, rtol=1e-6)


def _memory_error(X, method="fit", **kw):
    gm = GaussianMixture(K, **kw)
    if method != "fit":
        gm.fit(np.random.default_rng(0).normal(size=(100, D)))
    with pytest.raises(ValueError) as err:
        getattr(gm, method)(X)
    return gm, re.escape(str(err.value))


@pytest.mark.parametrize("init", ["explicit", "kmeans"])
def test_nan_in_one_chunk(data, init):
    """Found by the sample (k-means) or by the task reading that chunk: the in-memory message."""
    X = data.copy()
    X[3 * ROWS + 7, 1] = np.nan
    kw = _start(data, "full") if init == "explicit" else {}
    _, message = _memory_error(X, **kw)
    with dask.config.set(scheduler="threads"):
        with pytest.raises(ValueError, match=message):
            GaussianMixture(K, **kw).fit(da.from_array(X, chunks=(ROWS, D)))
        gm, _ = _memory_error(X, "predict")
        with pytest.raises(ValueError, match=message):
            gm.predict(da.from_array(X, chunks=(ROWS, D))).compute()


def test_nan_missed_by_the_start_sample_is_found_by_the_pass(monkeypatch, data):
    """k-means on a bounded sample without the bad row: the pass over all chunks finds it."""
    monkeypatch.setattr(dist, "INIT_SAMPLE_ROWS", 1_000)
    samples = []
    initial_params = GaussianMixture._initial_params

    def spy(self, X, rng, X_user=None):
        samples.append(X)
        return initial_params(self, X, rng, X_user)

    monkeypatch.setattr(GaussianMixture, "_initial_params", spy)
    X = data.copy()
    X[3 * ROWS + 7, 1] = np.nan
    _, message = _memory_error(X)
    with dask.config.set(scheduler="threads"), pytest.raises(ValueError, match=message):
        GaussianMixture(K, random_state=0).fit(da.from_array(X, chunks=(ROWS, D)))
    assert len(samples) == 1 and len(samples[0]) < N and np.isfinite(samples[0]).all()


def test_chunks_split_along_features_are_rechunked(data):
    start = _start(data, "tied")
    Xd = da.from_array(data, chunks=(ROWS, 1))
    with dask.config.set(scheduler="threads"):
        got = _fit(Xd, "tied", **start)
        _assert_same_fit(got, _fit(data, "tied", **start))
        assert got.predict_proba(Xd).chunks[1] == (K,)


@pytest.mark.parametrize("shape", [(0, D), (5, 0), (1, D)], ids=["no rows", "no features",
                                                                    "one row"])
def test_too_small_arrays_give_the_in_memory_message(shape):
    _, message = _memory_error(np.zeros(shape))
    with pytest.raises(ValueError, match=message):
        GaussianMixture(K).fit(da.zeros(shape, chunks=(2, 2)))


@pytest.mark.parametrize("method", ["predict", "predict_proba", "score_samples", "score"])
def test_predicting_on_no_rows_gives_the_in_memory_message(method):
    gm, message = _memory_error(np.zeros((0, D)), method)
    with pytest.raises(ValueError, match=message):
        getattr(gm, method)(da.zeros((0, D), chunks=(2, D)))


def test_other_bad_shapes_give_the_in_memory_message(data):
    _, message = _memory_error(data[:, 0])
    with pytest.raises(ValueError, match=message):
        GaussianMixture(K).fit(da.from_array(data[:, 0], chunks=ROWS))
    gm, message = _memory_error(data[:, :2], "predict")
    with pytest.raises(ValueError, match=message):
        gm.predict(da.from_array(data[:, :2], chunks=(ROWS, 2)))


def test_in_memory_fit_does_not_import_dask():
    code = ("import sys, numpy as np; from gmmlab import GaussianMixture; "
            "X = np.random.default_rng(0).normal(size=(200, 2)); "
            "gm = GaussianMixture(2).fit(X); gm.predict(X); gm.score(X); "
            "print(sorted(m for m in ('dask', 'distributed') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"


def test_warm_start_continues_as_in_memory(data):
    start = {"warm_start": True, **_start(data, "diag", seed=4)}
    want, got = _fit(data, "diag", **start), _fit(da.from_array(data, chunks=(ROWS, D)),
                                                  "diag", **start)
    with warnings.catch_warnings(), dask.config.set(scheduler="threads"):
        warnings.simplefilter("ignore")
        want.fit(data)
        got.fit(da.from_array(data, chunks=(ROWS, D)))
    _assert_same_fit(got, want)


def test_npy_in_fortran_order_is_refused(tmp_path, data):
    path = tmp_path / "F.npy"
    np.save(path, np.asfortranarray(data))
    with pytest.raises(ValueError, match="C order"):
        dist.from_npy(path)


def test_dask_fit_agrees_with_scikit_learn(data):
    """An independent implementation, from the same start (its own round-off at offset 1e4)."""
    from sklearn.mixture import GaussianMixture as SkMixture

    start = _start(data, "full", seed=5)
    with warnings.catch_warnings(), dask.config.set(scheduler="threads"):
        warnings.simplefilter("ignore")
        sk = SkMixture(K, max_iter=5, tol=0.0, **start).fit(data)
    got = _fit(da.from_array(data, chunks=(ROWS, D)), "full", **start)
    _assert_close(got.lower_bound_, sk.lower_bound_, rtol=1e-8)
    for name in ("weights_", "means_", "covariances_"):
        _assert_close(getattr(got, name), getattr(sk, name), rtol=1e-6)
