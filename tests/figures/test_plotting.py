"""Figure functions: content (titles, labels, legends, ellipse geometry, colours), not pixels."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from drawn import boundary, centre, ellipses
from matplotlib.collections import PathCollection
from scipy.stats import norm
from sklearn.mixture import GaussianMixture

from gmmlab import datasets
from gmmlab.figures import plotting

TYPES = ["full", "tied", "diag", "spherical"]
OKABE_ITO = {"#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7",
             "#000000"}


@pytest.fixture(autouse=True)
def _close_figures(monkeypatch):
    def no_show(*args, **kwargs):
        raise AssertionError("plotting functions must not call plt.show()")

    monkeypatch.setattr(plt, "show", no_show)
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def blobs():
    return datasets.load("blobs_k3")[0]


def fitted(X, covariance_type, k=3):
    return GaussianMixture(k, covariance_type=covariance_type, random_state=0).fit(X)


def precision_matrices(gm):
    """Full (K, d, d) precision matrices from scikit-learn's precisions_ (independent path)."""
    K, d = gm.means_.shape
    p = gm.precisions_
    if gm.covariance_type == "full":
        return p
    if gm.covariance_type == "tied":
        return np.broadcast_to(p, (K, d, d))
    if gm.covariance_type == "diag":
        return np.array([np.diag(row) for row in p])
    return np.array([s * np.eye(d) for s in p])


def rgb(hex_colour):
    h = hex_colour.lstrip("#")
    return np.array([int(h[i:i + 2], 16) / 255.0 for i in (0, 2, 4)])


def legend_texts(ax):
    legend = ax.get_legend()
    assert legend is not None, "figure has no legend"
    return [t.get_text() for t in legend.get_texts()]


def assert_decorated(ax):
    assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()


def test_palette_is_okabe_ito():
    assert len(plotting.PALETTE) == 8
    assert {c.upper() for c in plotting.PALETTE} == OKABE_ITO


@pytest.mark.parametrize("covariance_type", TYPES)
@pytest.mark.parametrize("n_std", [1.0, 2.0])
def test_plot_ellipses_geometry_for_every_covariance_type(blobs, covariance_type, n_std):
    gm = fitted(blobs, covariance_type)
    ax = plotting.plot_ellipses(gm.means_, gm.covariances_, covariance_type, n_std=n_std)
    patches = ellipses(ax)
    assert len(patches) == 3
    precisions = precision_matrices(gm)
    for k, patch in enumerate(patches):
        np.testing.assert_allclose(centre(patch), gm.means_[k])
        diff = boundary(patch) - gm.means_[k]
        maha = np.sqrt(np.einsum("ni,ij,nj->n", diff, precisions[k], diff))
        np.testing.assert_allclose(maha, n_std, rtol=5e-4)
    assert_decorated(ax)
    assert covariance_type in ax.get_title()
    texts = legend_texts(ax)
    assert [t for t in texts if t.startswith("component ") and "means" not in t] == [
        "component 1", "component 2", "component 3"]
    assert "component means" in texts


def test_plot_ellipses_weights_label_colors_and_existing_axes(blobs):
    gm = fitted(blobs, "full")
    _fig, ax = plt.subplots()
    ax.set_title("my title")
    out = plotting.plot_ellipses(gm.means_, gm.covariances_, weights=gm.weights_, ax=ax,
                                 colors=["#000000"])
    assert out is ax
    assert ax.get_title() == "my title"  # a caller's title is kept
    assert any(f"weight {gm.weights_[0]:.2f}" in t for t in legend_texts(ax))
    for patch in ellipses(ax):
        np.testing.assert_allclose(patch.get_edgecolor()[:3], [0, 0, 0])
    # heavier components are more opaque
    alphas = [p.get_facecolor()[3] for p in ellipses(ax)]
    assert np.argmax(alphas) == np.argmax(gm.weights_)

    ax2 = plotting.plot_ellipses(gm.means_, gm.covariances_, label="fit")
    assert legend_texts(ax2).count("fit") == 1
    assert len(ellipses(ax2)) == 3


def test_plot_ellipses_selects_two_features_of_higher_dimensional_data():
    X, _ = datasets.load("iris")
    gm = fitted(X, "full")
    ax = plotting.plot_ellipses(gm.means_, gm.covariances_, dims=(2, 3))
    for k, patch in enumerate(ellipses(ax)):
        sub = gm.covariances_[k][np.ix_([2, 3], [2, 3])]
        diff = boundary(patch) - gm.means_[k, [2, 3]]
        maha = np.sqrt(np.einsum("ni,ij,nj->n", diff, np.linalg.inv(sub), diff))
        np.testing.assert_allclose(maha, 2.0, rtol=5e-4)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"covariances": np.ones((3, 2))}, "covariances"),
        ({"covariance_type": "round"}, "covariance_type"),
        ({"means": np.zeros((3, 2, 1))}, "means"),
        ({"n_std": -1.0}, "n_std"),
        ({"weights": np.ones(2)}, "weights"),
    ],
)
def test_plot_ellipses_bad_input(kwargs, match):
    args = {"means": np.zeros((3, 2)), "covariances": np.stack([np.eye(2)] * 3),
            "covariance_type": "full"}
    args.update(kwargs)
    with pytest.raises(ValueError, match=match):
        plotting.plot_ellipses(args.pop("means"), args.pop("covariances"), **args)


@pytest.mark.parametrize("covariance_type", TYPES)
def test_plot_responsibilities_soft_colours(blobs, covariance_type):
    gm = fitted(blobs, covariance_type)
    resp = gm.predict_proba(blobs)
    ax = plotting.plot_responsibilities(blobs, resp, means=gm.means_, covariances=gm.covariances_,
                                        covariance_type=covariance_type)
    scatter = next(c for c in ax.collections if isinstance(c, PathCollection))
    np.testing.assert_allclose(scatter.get_offsets(), blobs)
    expected = resp @ np.array([rgb(c) for c in plotting.PALETTE[:3]])
    np.testing.assert_allclose(scatter.get_facecolors()[:, :3], expected, atol=1e-12)
    assert len(ellipses(ax)) == 3
    assert_decorated(ax)
    texts = legend_texts(ax)
    assert {"component 1", "component 2", "component 3", "2-sigma ellipses"} <= set(texts)


def test_plot_responsibilities_mixes_colours_halfway():
    X = np.array([[0.0, 0.0], [1.0, 1.0], [2.0, 0.0]])
    resp = np.array([[1.0, 0.0], [0.5, 0.5], [0.0, 1.0]])
    ax = plotting.plot_responsibilities(X, resp, means=[[0.0, 0.0], [2.0, 0.0]])
    colours = ax.collections[0].get_facecolors()[:, :3]
    a, b = rgb(plotting.PALETTE[0]), rgb(plotting.PALETTE[1])
    np.testing.assert_allclose(colours, [a, (a + b) / 2, b])
    assert "component means" in legend_texts(ax)
    assert not ellipses(ax)


@pytest.mark.parametrize(
    "resp, match",
    [
        (np.full((4, 2), 0.7), "resp"),
        (np.ones((3, 1)), "resp"),
        (np.array([[1.5, -0.5]] * 4), "resp"),
    ],
)
def test_plot_responsibilities_rejects_bad_resp(resp, match):
    with pytest.raises(ValueError, match=match):
        plotting.plot_responsibilities(np.zeros((4, 2)), resp)


def test_plot_responsibilities_needs_means_for_ellipses():
    with pytest.raises(ValueError, match="means"):
        plotting.plot_responsibilities(np.zeros((2, 2)), np.ones((2, 1)),
                                       covariances=np.ones((1, 2, 2)))


def test_plot_convergence():
    ll = np.array([-900.0, -850.0, -830.0, -829.5, -829.49])
    ax = plotting.plot_convergence(ll)
    line = ax.get_lines()[0]
    np.testing.assert_array_equal(line.get_xdata(), np.arange(5))
    np.testing.assert_array_equal(line.get_ydata(), ll)
    assert ax.get_title() == "Convergence of EM"
    assert "iteration" in ax.get_xlabel() and "log-likelihood" in ax.get_ylabel()
    ax2 = plotting.plot_convergence(list(ll), title="blobs")
    assert ax2.get_title() == "blobs"
    with pytest.raises(ValueError, match="log_likelihoods"):
        plotting.plot_convergence([])
    with pytest.raises(ValueError, match="log_likelihoods"):
        plotting.plot_convergence([1.0, np.nan])


def hand_made_snapshots(covariance_type):
    covs = {
        "full": lambda s: np.array([[[s, 0.3], [0.3, 1.0]], [[1.0, -0.2], [-0.2, s]]]),
        "tied": lambda s: np.array([[s, 0.2], [0.2, 1.0]]),
        "diag": lambda s: np.array([[s, 1.0], [1.0, s]]),
        "spherical": lambda s: np.array([s, 2 * s]),
    }[covariance_type]
    return [
        {"iteration": it, "weights": np.array([0.5, 0.5]),
         "means": np.array([[-1.0 - 0.1 * it, 0.0], [1.0 + 0.1 * it, 0.5]]),
         "covariances": covs(2.0 - 0.1 * it)}
        for it in (0, 5, 10, 15, 17)
    ]


@pytest.mark.parametrize("covariance_type", TYPES)
def test_plot_snapshots_grid(covariance_type):
    X = np.random.default_rng(0).normal(size=(200, 2)) * 2
    snaps = hand_made_snapshots(covariance_type)
    fig = plotting.plot_snapshots(X, snaps, covariance_type=covariance_type, ncols=3)
    assert isinstance(fig, plt.Figure)
    assert len(fig.axes) == 5  # the sixth cell of the 2 x 3 grid is removed
    assert [ax.get_title() for ax in fig.axes] == [f"iteration {s['iteration']}" for s in snaps]
    assert "2-sigma" in fig.get_suptitle()
    for ax, snap in zip(fig.axes, snaps):
        patches = ellipses(ax)
        assert len(patches) == 2
        np.testing.assert_allclose([centre(p) for p in patches], snap["means"])
    assert all(ax.get_xlabel() for ax in fig.axes[2:])  # lowest panel of each column
    assert fig.axes[0].get_ylabel() and fig.axes[3].get_ylabel()
    texts = [t.get_text() for t in fig.legends[0].get_texts()]
    assert texts == ["component 1", "component 2"]


def test_plot_snapshots_soft_colours_match_scikit_learn(blobs):
    gm = fitted(blobs, "full")
    snap = {"iteration": 7, "weights": gm.weights_, "means": gm.means_,
            "covariances": gm.covariances_}
    fig = plotting.plot_snapshots(blobs, [snap], n_std=1.0)
    ax = fig.axes[0]
    scatter = next(c for c in ax.collections if c.get_offsets().shape[0] == len(blobs))
    expected = gm.predict_proba(blobs) @ np.array([rgb(c) for c in plotting.PALETTE[:3]])
    np.testing.assert_allclose(scatter.get_facecolors()[:, :3], expected, atol=1e-9)
    assert "1-sigma" in fig.get_suptitle()


def test_plot_snapshots_bad_input():
    X = np.zeros((5, 2))
    with pytest.raises(ValueError, match="snapshots"):
        plotting.plot_snapshots(X, [])
    with pytest.raises(ValueError, match="covariances"):
        plotting.plot_snapshots(X, [{"iteration": 0, "weights": [1.0], "means": [[0, 0]]}])
    with pytest.raises(ValueError, match="ncols"):
        plotting.plot_snapshots(X, hand_made_snapshots("full"), ncols=0)


@pytest.mark.parametrize("shape", ["flat", "sklearn"])
def test_plot_density_1d(shape):
    x, _ = datasets.load("one_d")
    gm = GaussianMixture(3, random_state=0).fit(x)
    if shape == "flat":
        args = (x[:, 0], gm.weights_, gm.means_[:, 0], gm.covariances_[:, 0, 0])
    else:
        args = (x, gm.weights_, gm.means_, gm.covariances_)
    ax = plotting.plot_density_1d(*args)
    lines = ax.get_lines()
    assert len(lines) == 4
    grid = lines[0].get_xdata()
    sd = np.sqrt(gm.covariances_[:, 0, 0])
    comps = [w * norm.pdf(grid, m, s) for w, m, s in zip(gm.weights_, gm.means_[:, 0], sd)]
    np.testing.assert_allclose(lines[0].get_ydata(), np.sum(comps, axis=0), rtol=1e-10)
    np.testing.assert_allclose(np.exp(gm.score_samples(grid[:, None])), lines[0].get_ydata(),
                               rtol=1e-8)
    for line, comp in zip(lines[1:], comps):
        np.testing.assert_allclose(line.get_ydata(), comp, rtol=1e-10)
    assert len(ax.patches) > 5  # histogram bars
    assert_decorated(ax)
    texts = legend_texts(ax)
    assert texts[:2] == ["data", "mixture density"]
    assert texts[2].startswith("component 1 (weight")


def test_plot_density_1d_bad_input():
    with pytest.raises(ValueError, match="variances"):
        plotting.plot_density_1d([0.0, 1.0], [1.0], [0.0], [-1.0])
    with pytest.raises(ValueError, match="means"):
        plotting.plot_density_1d([0.0, 1.0], [0.5, 0.5], [0.0], [1.0, 1.0])
    with pytest.raises(ValueError, match="x"):
        plotting.plot_density_1d(np.zeros((3, 2)), [1.0], [0.0], [1.0])


def test_plot_model_selection_marks_the_minimum():
    ks = [1, 2, 3, 4, 5]
    bic = [500.0, 420.0, 400.0, 410.0, 430.0]
    aic = [480.0, 400.0, 380.0, 375.0, 390.0]
    ax = plotting.plot_model_selection(ks, bic, aic)
    texts = legend_texts(ax)
    assert texts == ["BIC", "lowest BIC (K = 3)", "AIC", "lowest AIC (K = 4)"]
    stars = [ln for ln in ax.get_lines() if ln.get_marker() == "*"]
    assert [(s.get_xdata()[0], s.get_ydata()[0]) for s in stars] == [(3, 400.0), (4, 375.0)]
    assert_decorated(ax)
    ax2 = plotting.plot_model_selection(ks, bic)
    assert legend_texts(ax2) == ["BIC", "lowest BIC (K = 3)"]
    with pytest.raises(ValueError, match="bic"):
        plotting.plot_model_selection(ks, bic[:3])


def test_plot_samples(blobs):
    gm = fitted(blobs, "full")
    samples, labels = gm.sample(300)
    for arg in ((samples, labels), samples):
        ax = plotting.plot_samples(blobs, arg)
        offsets = [c.get_offsets() for c in ax.collections]
        np.testing.assert_allclose(offsets[0], blobs)
        np.testing.assert_allclose(offsets[1], samples)
        assert legend_texts(ax) == ["data (n = 450)", "model samples (n = 300)"]
        assert_decorated(ax)
    with pytest.raises(ValueError, match="samples"):
        plotting.plot_samples(blobs, np.zeros((4, 3)))


def test_plot_samples_one_dimensional():
    x = np.random.default_rng(1).normal(size=(100, 1))
    ax = plotting.plot_samples(x, x[:50] + 1)
    assert legend_texts(ax) == ["data (n = 100)", "model samples (n = 50)"]
    assert ax.get_ylabel() == "density"


def test_inputs_are_not_modified(blobs):
    gm = fitted(blobs, "full")
    resp = gm.predict_proba(blobs)
    copies = [a.copy() for a in (blobs, resp, gm.means_, gm.covariances_)]
    plotting.plot_responsibilities(blobs, resp, means=gm.means_, covariances=gm.covariances_)
    snap = {"iteration": 0, "weights": gm.weights_, "means": gm.means_,
            "covariances": gm.covariances_}
    plotting.plot_snapshots(blobs, [snap])
    for before, after in zip(copies, (blobs, resp, gm.means_, gm.covariances_)):
        np.testing.assert_array_equal(before, after)


@pytest.mark.parametrize("seed", range(8))
def test_drawn_ellipse_is_the_n_sigma_contour_of_any_covariance(seed):
    rng = np.random.default_rng(seed)
    a = rng.normal(size=(2, 2)) * 10.0 ** rng.uniform(-3, 3)
    cov = a @ a.T + 1e-3 * np.abs(a).max() ** 2 * np.eye(2)
    mean = rng.normal(size=2) * 10.0 ** rng.uniform(-2, 6)  # far from the origin too
    ax = plotting.plot_ellipses(mean[None], cov[None], n_std=3.0)
    (patch,) = ellipses(ax)
    diff = boundary(patch) - mean
    maha = np.sqrt(np.einsum("ni,ij,nj->n", diff, np.linalg.inv(cov), diff))
    np.testing.assert_allclose(maha, 3.0, rtol=5e-4)
    low, high = ax.get_xlim(), ax.get_ylim()  # autoscaled to the whole ellipse
    assert low[0] <= boundary(patch)[:, 0].min() and boundary(patch)[:, 0].max() <= low[1]
    assert high[0] <= boundary(patch)[:, 1].min() and boundary(patch)[:, 1].max() <= high[1]
    plt.close("all")


def test_a_flat_covariance_is_drawn_and_a_bad_one_is_named():
    ax = plotting.plot_ellipses(np.zeros((1, 2)), np.array([[[1.0, 0.0], [0.0, 0.0]]]))
    (patch,) = ellipses(ax)
    np.testing.assert_allclose(np.ptp(boundary(patch), axis=0), [4.0, 0.0], atol=1e-12)
    for bad, why in ((np.array([[1.0, 2.0], [0.0, 1.0]]), "symmetric"),
                     (np.array([[1.0, 2.0], [2.0, 1.0]]), "positive semi-definite")):
        with pytest.raises(ValueError, match=f"component 0: the covariance must be {why}"):
            plotting.plot_ellipses(np.zeros((1, 2)), bad[None])
    plt.close("all")
