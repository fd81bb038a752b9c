"""ellipse_params: the drawn matplotlib Ellipse is the n-sigma contour of the Gaussian."""

import numpy as np
import pytest
from matplotlib.patches import Ellipse

from gmmlab.numerics.ellipses import ellipse_params


def random_spd(rng, scale=1.0):
    A = rng.normal(size=(2, 2)) * scale
    return A @ A.T + 0.05 * scale**2 * np.eye(2)


def boundary_points(mean, width, height, angle):
    """Points on the path of the matplotlib Ellipse, in data coordinates."""
    patch = Ellipse(xy=mean, width=width, height=height, angle=angle)
    t = np.linspace(0.0, 1.0, 9)
    # evaluate the Bezier segments of the unit-circle path (their control points are off the curve)
    verts = np.vstack([curve(t) for curve, _ in patch.get_path().iter_bezier()])
    return patch.get_patch_transform().transform(verts)


def mahalanobis(points, mean, cov):
    diff = points - mean
    return np.sqrt(np.einsum("ni,ni->n", diff, np.linalg.solve(cov, diff.T).T))


@pytest.mark.parametrize("seed", range(20))
@pytest.mark.parametrize("n_std", [1.0, 2.0, 3.0])
def test_drawn_path_has_mahalanobis_distance_n_std(seed, n_std):
    rng = np.random.default_rng(seed)
    cov = random_spd(rng, scale=10.0 ** rng.uniform(-2, 2))
    mean = rng.normal(size=2) * 5
    width, height, angle = ellipse_params(mean, cov, n_std=n_std)
    pts = boundary_points(mean, width, height, angle)
    # matplotlib draws the unit circle with cubic Bezier curves, which deviate from the circle
    # by at most ~0.03 %.
    np.testing.assert_allclose(mahalanobis(pts, mean, cov), n_std, rtol=5e-4)


@pytest.mark.parametrize("seed", range(10))
def test_axes_match_numpy_eigendecomposition(seed):
    rng = np.random.default_rng(100 + seed)
    cov = random_spd(rng)
    width, height, angle = ellipse_params([0.0, 0.0], cov, n_std=2.0)
    evals, evecs = np.linalg.eigh(cov)  # ascending
    np.testing.assert_allclose(width, 4.0 * np.sqrt(evals[1]), rtol=1e-10)
    np.testing.assert_allclose(height, 4.0 * np.sqrt(evals[0]), rtol=1e-10)
    major = evecs[:, 1]
    direction = np.array([np.cos(np.radians(angle)), np.sin(np.radians(angle))])
    assert abs(abs(direction @ major) - 1.0) < 1e-9
    assert width >= height
    assert 0.0 <= angle < 180.0


def test_closed_form_examples():
    w, h, a = ellipse_params([0, 0], [[4.0, 0.0], [0.0, 1.0]], n_std=1.0)
    assert (w, h, a) == pytest.approx((4.0, 2.0, 0.0))
    w, h, a = ellipse_params([1, 2], [[1.0, 0.0], [0.0, 9.0]], n_std=1.0)
    assert (w, h, a) == pytest.approx((6.0, 2.0, 90.0))
    # [[2, 1], [1, 2]] has eigenvalues 3 (along 45 degrees) and 1 (along 135 degrees)
    w, h, a = ellipse_params([0, 0], [[2.0, 1.0], [1.0, 2.0]], n_std=2.0)
    assert (w, h, a) == pytest.approx((4 * np.sqrt(3), 4.0, 45.0))
    w, h, a = ellipse_params([0, 0], [[2.0, -1.0], [-1.0, 2.0]], n_std=2.0)
    assert (w, h, a) == pytest.approx((4 * np.sqrt(3), 4.0, 135.0))


def test_diag_and_spherical_agree_with_the_full_matrix():
    mean = np.array([0.5, -1.0])
    variances = np.array([0.3, 2.5])
    from_diag = ellipse_params(mean, variances)
    assert from_diag == pytest.approx(ellipse_params(mean, np.diag(variances)))
    w, h, a = ellipse_params(mean, 0.49, n_std=3.0)
    assert (w, h, a) == pytest.approx((2 * 3 * 0.7, 2 * 3 * 0.7, 0.0))
    assert ellipse_params(mean, np.float64(0.49)) == ellipse_params(mean, 0.49)


def test_circle_has_zero_angle_and_degenerate_is_allowed():
    assert ellipse_params([0, 0], np.eye(2))[2] == 0.0
    w, h, a = ellipse_params([0, 0], [[1.0, 1.0], [1.0, 1.0]], n_std=1.0)
    assert h == pytest.approx(0.0, abs=1e-7)
    assert w == pytest.approx(2 * np.sqrt(2.0))
    assert a == pytest.approx(45.0)


def test_returns_python_floats_and_does_not_modify_inputs():
    mean = np.array([1.0, 2.0])
    cov = np.array([[2.0, 0.3], [0.3, 1.0]])
    before = (mean.copy(), cov.copy())
    out = ellipse_params(mean, cov)
    assert all(isinstance(v, float) for v in out)
    np.testing.assert_array_equal(mean, before[0])
    np.testing.assert_array_equal(cov, before[1])


@pytest.mark.parametrize(
    "mean, cov, n_std, match",
    [
        ([0, 0, 0], np.eye(2), 2.0, "mean"),
        ([0, np.nan], np.eye(2), 2.0, "mean"),
        ([0, 0], np.eye(3), 2.0, "cov"),
        ([0, 0], [[1.0, 0.5], [0.0, 1.0]], 2.0, "symmetric"),
        ([0, 0], [[1.0, 2.0], [2.0, 1.0]], 2.0, "positive semi-definite"),
        ([0, 0], -1.0, 2.0, "cov"),
        ([0, 0], [1.0, -1.0], 2.0, "cov"),
        ([0, 0], [[np.inf, 0], [0, 1]], 2.0, "cov"),
        ([0, 0], np.eye(2), 0.0, "n_std"),
        ([0, 0], np.eye(2), -1.0, "n_std"),
    ],
)
def test_bad_input_names_the_parameter(mean, cov, n_std, match):
    with pytest.raises(ValueError, match=match):
        ellipse_params(mean, cov, n_std=n_std)


def test_non_numeric_input_is_a_type_error():
    with pytest.raises(TypeError, match="cov"):
        ellipse_params([0, 0], "abc")
    with pytest.raises(TypeError, match="n_std"):
        ellipse_params([0, 0], np.eye(2), n_std="2")
