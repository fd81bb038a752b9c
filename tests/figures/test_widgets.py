"""The EM stepper widget, driven through its widget values (no browser, no kernel)."""

import ipywidgets
import matplotlib.pyplot as plt
import numpy as np
import pytest
from drawn import centre, drawn_covariance, ellipses
from scipy.special import logsumexp
from scipy.stats import multivariate_normal

from gmmlab import datasets
from gmmlab.widgets import DATASETS_2D, em_stepper


@pytest.fixture(autouse=True)
def _quiet(capsys):
    # display() outside a kernel prints a placeholder; keep the test log clean
    yield
    capsys.readouterr()
    plt.close("all")


def shown_ellipses(stepper):
    return ellipses(stepper.ax_data)


def total_log_likelihood(X, snap):
    """Log-likelihood of a full-covariance snapshot, computed with SciPy."""
    logs = np.column_stack([
        np.log(w) + multivariate_normal(m, c).logpdf(X)
        for w, m, c in zip(snap["weights"], snap["means"], snap["covariances"])
    ])
    return logsumexp(logs, axis=1).sum()


def test_initial_state():
    s = em_stepper(init="random", max_iter=15)
    assert isinstance(s, ipywidgets.VBox)
    X, _ = datasets.load("blobs_k3")
    np.testing.assert_array_equal(s.X, X)
    assert s.model.n_components == 3 and s.model.init_params == "random"
    snaps = s.model.history_["snapshots"]
    assert s.iteration.value == 0 and s.iteration.max == len(snaps) - 1 >= 1
    assert s.play.max == s.iteration.max
    assert len(shown_ellipses(s)) == 3
    assert s.ax_data.get_title() == "blobs_k3: iteration 0"
    assert s.png.startswith(b"\x89PNG")
    assert "blobs_k3" in s.status.value and "450 points" in s.status.value


def test_moving_the_slider_redraws_that_iteration():
    s = em_stepper(dataset="overlapping", init="random", max_iter=12)
    history = s.model.history_
    last = s.iteration.max
    before = s.png
    s.iteration.value = last
    snap = history["snapshots"][last]
    assert s.ax_data.get_title() == f"overlapping: iteration {snap['iteration']}"
    assert s.png != before
    np.testing.assert_allclose([centre(p) for p in shown_ellipses(s)], snap["means"])
    # the convergence panel shows the recorded log-likelihoods, which SciPy reproduces
    curve = s.ax_ll.get_lines()[0]
    np.testing.assert_allclose(curve.get_ydata(), history["log_likelihood"])
    for i in (0, last):
        it = history["snapshots"][i]["iteration"]
        np.testing.assert_allclose(history["log_likelihood"][it],
                                   total_log_likelihood(s.X, history["snapshots"][i]), rtol=1e-8)
    marker = s.ax_ll.get_lines()[-1]
    assert marker.get_xdata()[0] == snap["iteration"]
    assert marker.get_label() == f"iteration {snap['iteration']}"


def test_play_widget_drives_the_slider():
    s = em_stepper(init="random", max_iter=10)
    s.play.value = 1
    assert s.iteration.value == 1
    assert s.ax_data.get_title().endswith("iteration 1")


def test_pickers_refit_the_model():
    s = em_stepper(max_iter=20)
    s.iteration.value = s.iteration.max
    s.k_picker.value = 4
    assert s.model.n_components == 4
    assert len(shown_ellipses(s)) == 4
    assert s.iteration.value == 0  # a new fit starts at its initial parameters

    s.dataset_picker.value = "blobs_k5"
    np.testing.assert_array_equal(s.X, datasets.load("blobs_k5")[0])
    assert "blobs_k5" in s.status.value and s.model.n_components == 4

    s.init_picker.value = "k-means++"
    assert s.model.init_params == "k-means++"

    s.covariance_picker.value = "diag"
    assert s.model.covariance_type == "diag"
    covs = [drawn_covariance(p, 2.0) for p in shown_ellipses(s)]
    assert all(abs(c[0, 1]) < 1e-9 * c.max() for c in covs)  # axis-aligned ellipses

    s.seed_picker.value = 5
    assert s.model.random_state == 5


def test_own_data():
    rng = np.random.default_rng(3)
    X = np.vstack([rng.normal(-3, 1, size=(40, 3)), rng.normal(3, 1, size=(40, 3))])
    s = em_stepper(X, n_components=2)
    assert s.dataset_picker.value == "your data"
    assert set(DATASETS_2D) < set(s.dataset_picker.options)
    np.testing.assert_array_equal(s.X, X)
    assert s.model.means_.shape == (2, 3)
    assert len(shown_ellipses(s)) == 2


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"dataset": "iris"}, "dataset"),
        ({"dataset": "nope"}, "dataset"),
        ({"n_components": 0}, "n_components"),
        ({"n_components": 9}, "n_components"),
        ({"init": "best"}, "init"),
        ({"max_iter": 0}, "max_iter"),
        ({"seed": -1}, "seed"),
        ({"X": np.zeros(5)}, "X"),
    ],
)
def test_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        em_stepper(**kwargs)


def test_default_start_shows_em_working():
    s = em_stepper()
    assert s.model.init_params == "random"
    assert s.iteration.max >= 20 and s.model.converged_
    # the random start ends near the true means (matched to the nearest true mean)
    _, truth = datasets.load("blobs_k3")
    distances = np.linalg.norm(s.model.means_[:, None] - truth["means"][None], axis=2)
    assert sorted(distances.argmin(axis=1)) == [0, 1, 2]
    assert distances.min(axis=1).max() < 0.5
    first = s.model.history_["snapshots"][0]["means"]
    assert np.linalg.norm(first - s.model.means_, axis=1).max() > 1.0  # the means travelled


def test_image_and_fallback_show_the_slider_iteration():
    s = em_stepper(max_iter=25)
    s.iteration.value = 7
    assert s.image.value == s.png and s.ax_data.get_title().endswith("iteration 7")
    seventh = s.png
    s.iteration.value = 8
    s.iteration.value = 7
    assert s.png == seventh  # the same picture for the same iteration
    bundle = s._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    import base64
    assert base64.b64decode(bundle["image/png"]) == seventh


def test_play_is_linked_to_the_slider():
    from gmmlab.widgets import PLAY_INTERVAL
    s = em_stepper()
    assert s.play.interval == PLAY_INTERVAL >= 500
    assert s.play.max == s.iteration.max
