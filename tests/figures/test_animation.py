"""animate_em: one frame per snapshot, playable without a kernel, frames drawn from the history."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from drawn import boundary, centre, ellipses, full_axes
from matplotlib.animation import FuncAnimation
from scipy.stats import multivariate_normal

from gmmlab.figures.animation import animate_em, animation_html
from gmmlab.figures.plotting import PALETTE


def animated(*args, **kwargs):
    """animate_em, marked as rendered: frames drawn by hand would otherwise make matplotlib warn
    that the animation was never saved."""
    anim = animate_em(*args, **kwargs)
    anim._draw_was_started = True
    return anim


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(7)
    return np.vstack([rng.normal([-2, 0], 0.7, size=(60, 2)),
                      rng.normal([2, 1], 0.9, size=(60, 2))])


def make_history(n_snapshots=4):
    snaps = []
    for i in range(n_snapshots):
        t = i / max(n_snapshots - 1, 1)
        snaps.append({
            "iteration": 5 * i,
            "weights": np.array([0.5 - 0.1 * t, 0.5 + 0.1 * t]),
            "means": np.array([[-0.5 - 1.5 * t, 0.0], [0.5 + 1.5 * t, 0.5 + 0.5 * t]]),
            "covariances": np.array([[[2.0 - t, 0.4 * t], [0.4 * t, 1.0]],
                                     [[1.0, -0.3 * t], [-0.3 * t, 1.5 - 0.5 * t]]]),
        })
    lls = -400.0 + 10 * np.log1p(np.arange(5 * (n_snapshots - 1) + 1))
    return {"log_likelihood": lls, "snapshots": snaps}


def frame_ellipses(anim):
    return ellipses(anim._fig.axes[0])


def test_returns_a_closed_funcanimation_with_one_frame_per_snapshot(data):
    history = make_history(4)
    anim = animated(data, history, interval=250)
    assert isinstance(anim, FuncAnimation)
    assert anim._interval == 250
    assert anim._fig.number not in plt.get_fignums()  # not shown a second time as a still
    html = anim.to_jshtml()
    frames = [part.split('"')[0] for part in html.split("data:image/png;base64,")[1:]]
    assert len(frames) == 4
    assert len(set(frames)) == 4  # every saved frame shows its own snapshot


def test_offline_html_has_frames_and_no_network_links(data):
    html = animation_html(animated(data, make_history(3)), default_mode="once")
    assert html.count("data:image/png;base64") == 3
    assert "http://" not in html and "https://" not in html
    assert 'class="fa' not in html
    assert "anim_slider" in html and "<script" in html
    assert 'value="once"' in html
    with pytest.raises(ValueError, match="default_mode"):
        animation_html(animated(data, make_history(2)), default_mode="bounce")


@pytest.mark.parametrize("i", [0, 2, 3])
def test_each_frame_shows_its_snapshot(data, i):
    history = make_history(4)
    anim = animated(data, history)
    anim.draw_frame(i)
    snap = history["snapshots"][i]
    ax = anim._fig.axes[0]
    assert f"iteration {snap['iteration']}" in ax.get_title()
    assert f"{history['log_likelihood'][snap['iteration']]:.2f}" in ax.get_title()
    assert ax.get_xlabel() and ax.get_ylabel()
    patches = frame_ellipses(anim)
    assert len(patches) == 2
    for k, patch in enumerate(patches):
        pts = boundary(patch) - snap["means"][k]
        maha = np.sqrt(np.einsum("ni,ij,nj->n", pts, np.linalg.inv(snap["covariances"][k]), pts))
        np.testing.assert_allclose(maha, 2.0, rtol=5e-4)
    # soft colours from the snapshot's responsibilities, computed here with SciPy
    dens = np.column_stack([
        w * multivariate_normal(m, c).pdf(data)
        for w, m, c in zip(snap["weights"], snap["means"], snap["covariances"])
    ])
    resp = dens / dens.sum(axis=1, keepdims=True)
    rgb = np.array([[int(h[j:j + 2], 16) / 255 for j in (1, 3, 5)] for h in PALETTE[:2]])
    points = next(c for c in ax.collections if len(c.get_offsets()) == len(data))
    np.testing.assert_allclose(points.get_facecolors()[:, :3], resp @ rgb, atol=1e-9)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert {"component 1", "component 2", "2-sigma ellipses"} <= set(legend)


@pytest.mark.parametrize("covariance_type", ["tied", "diag", "spherical"])
def test_other_covariance_types(data, covariance_type):
    history = make_history(3)
    for s in history["snapshots"]:
        full = s["covariances"]
        s["covariances"] = {"tied": full[0], "diag": np.diagonal(full, axis1=1, axis2=2).copy(),
                            "spherical": np.array([1.0, 0.5])}[covariance_type]
    anim = animated(data, history, covariance_type=covariance_type)
    anim.draw_frame(2)
    patches = frame_ellipses(anim)
    assert len(patches) == 2
    np.testing.assert_allclose([centre(p) for p in patches], history["snapshots"][2]["means"])
    if covariance_type == "spherical":
        np.testing.assert_allclose([full_axes(p)[0] for p in patches], [4.0, 4.0 * np.sqrt(0.5)])


def test_history_without_log_likelihood(data):
    history = make_history(2)
    del history["log_likelihood"]
    anim = animated(data, history)
    anim.draw_frame(1)
    assert anim._fig.axes[0].get_title().endswith("iteration 5")


def test_inputs_are_not_modified(data):
    history = make_history(3)
    before = data.copy(), [s["covariances"].copy() for s in history["snapshots"]]
    animated(data, history).draw_frame(2)
    np.testing.assert_array_equal(data, before[0])
    for s, c in zip(history["snapshots"], before[1]):
        np.testing.assert_array_equal(s["covariances"], c)


def test_bad_input(data):
    with pytest.raises(ValueError, match="history"):
        animated(data, {"log_likelihood": [1.0]})
    with pytest.raises(ValueError, match="snapshots"):
        animated(data, {"snapshots": []})
    with pytest.raises(ValueError, match="interval"):
        animated(data, make_history(2), interval=0)
    bad = make_history(2)
    bad["snapshots"][1]["covariances"] = np.eye(2)
    with pytest.raises(ValueError, match="covariances"):
        animated(data, bad)
    with pytest.raises(ValueError, match="X"):
        animated(data[:, 0], make_history(2))
