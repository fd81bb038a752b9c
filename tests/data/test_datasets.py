"""Course data: deterministic regeneration, agreement of the points with their ground truth,
Old Faithful's published facts, Iris, the photo and the loader's errors."""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from gmmlab import datasets

ROOT = Path(__file__).resolve().parents[2]
STARTER = ROOT / "starter_data"
TOOL = ROOT / "tools" / "make_starter_data.py"
SYNTHETIC_2D = [n for n in datasets.SYNTHETIC if n != "one_d"]


def test_regeneration_reproduces_committed_files_byte_for_byte(tmp_path):
    subprocess.run([sys.executable, str(TOOL), "--out", str(tmp_path)], check=True,
                   capture_output=True)
    generated = sorted(p.name for p in tmp_path.iterdir())
    committed = sorted(p.name for p in STARTER.iterdir() if p.is_file())
    assert generated == committed
    for name in generated:
        assert (tmp_path / name).read_bytes() == (STARTER / name).read_bytes(), name


def test_names_lists_every_set():
    assert datasets.names() == [
        "blobs_k3", "blobs_k4", "blobs_k5", "well_separated", "overlapping", "elongated",
        "unequal", "outliers", "one_d", "faithful", "iris",
    ]


@pytest.mark.parametrize("name", datasets.SYNTHETIC)
def test_synthetic_shapes_and_truth(name):
    X, truth = datasets.load(name)
    K = truth["n_components"]
    n, d = X.shape
    assert X.dtype == np.float64 and np.all(np.isfinite(X))
    assert 200 <= n <= 1500
    assert d == (1 if name == "one_d" else 2)
    assert truth["labels"].shape == (n,)
    assert truth["weights"].shape == (K,)
    assert truth["means"].shape == (K, d)
    assert truth["covariances"].shape == (K, d, d)
    np.testing.assert_allclose(truth["weights"].sum(), 1.0, atol=1e-12)
    covs = truth["covariances"]
    np.testing.assert_allclose(covs, np.transpose(covs, (0, 2, 1)))
    assert np.all(np.linalg.eigvalsh(covs) > 0)
    assert set(np.unique(truth["labels"])) <= set(range(-1, K))
    meta = json.loads((STARTER / f"{name}.json").read_text())
    assert meta["n_components"] == K and isinstance(meta["seed"], int) and meta["description"]


@pytest.mark.parametrize("name", datasets.SYNTHETIC)
def test_points_agree_with_their_ground_truth(name):
    """Per-component sample statistics match the written parameters (independent of the tool)."""
    X, truth = datasets.load(name)
    labels = truth["labels"]
    inliers = labels >= 0
    counts = np.bincount(labels[inliers], minlength=truth["n_components"])
    m = inliers.sum()
    # multinomial counts: within 5 standard deviations of m * weight
    sd = np.sqrt(m * truth["weights"] * (1 - truth["weights"]))
    assert np.all(np.abs(counts - m * truth["weights"]) < 5 * sd + 1)
    for k in range(truth["n_components"]):
        Xk = X[labels == k]
        cov = truth["covariances"][k]
        # sample mean within 5 standard errors along every coordinate
        se = np.sqrt(np.diag(cov) / len(Xk))
        assert np.all(np.abs(Xk.mean(axis=0) - truth["means"][k]) < 5 * se)
        # sample covariance close to the truth (relative to its scale)
        emp = np.cov(Xk, rowvar=False).reshape(cov.shape)
        assert np.linalg.norm(emp - cov) < 0.35 * np.linalg.norm(cov)


def test_set_specific_properties():
    _, t = datasets.load("blobs_k3")
    assert t["n_components"] == 3
    assert datasets.load("blobs_k4")[1]["n_components"] == 4
    assert datasets.load("blobs_k5")[1]["n_components"] == 5

    _, t = datasets.load("elongated")
    evals = np.linalg.eigvalsh(t["covariances"])
    assert np.all(evals[:, 1] / evals[:, 0] > 10)  # long and thin
    assert np.all(np.abs(t["covariances"][:, 0, 1]) > 0.1)  # rotated, not axis-aligned

    _, t = datasets.load("unequal")
    assert t["weights"].max() / t["weights"].min() >= 5
    dets = np.linalg.det(t["covariances"])
    assert dets.max() / dets.min() > 50

    X, t = datasets.load("outliers")
    out = t["labels"] == -1
    assert out.sum() == t["n_outliers"] == 50
    low, high = np.asarray(t["outlier_bounds"])
    assert np.all((X[out] >= low) & (X[out] <= high))

    X, t = datasets.load("well_separated")
    means = t["means"]
    gaps = np.linalg.norm(means[:, None] - means[None], axis=-1)[np.triu_indices(3, 1)]
    spread = np.sqrt(np.linalg.eigvalsh(t["covariances"]).max())
    assert gaps.min() > 8 * spread


def test_faithful_published_facts():
    X, truth = datasets.load("faithful")
    assert truth is None
    assert X.shape == (272, 2) and X.dtype == np.float64
    # R: mean(faithful$eruptions) = 3.487783, mean(faithful$waiting) = 70.89706
    np.testing.assert_allclose(X.mean(axis=0), [3.487783, 70.897059], atol=1e-6)
    np.testing.assert_allclose(X.std(axis=0, ddof=1), [1.141371, 13.594974], atol=1e-6)
    np.testing.assert_array_equal(X.min(axis=0), [1.6, 43.0])
    np.testing.assert_array_equal(X.max(axis=0), [5.1, 96.0])
    np.testing.assert_array_equal(X[:3], [[3.6, 79.0], [1.8, 54.0], [3.333, 74.0]])


def test_faithful_has_provenance():
    text = (ROOT / "gmmlab" / "data" / "faithful_PROVENANCE.md").read_text()
    for needle in ("pydataset", "0.2.0", "Härdle", "Azzalini", "faithful.csv"):
        assert needle in text
    header = (ROOT / "gmmlab" / "data" / "faithful.csv").read_text().splitlines()[0]
    assert header == "eruptions,waiting"


def test_iris():
    X, truth = datasets.load("iris")
    assert X.shape == (150, 4) and X.dtype == np.float64
    assert set(truth) == {"labels", "target_names", "feature_names"}
    np.testing.assert_array_equal(np.bincount(truth["labels"]), [50, 50, 50])
    assert truth["target_names"] == ["setosa", "versicolor", "virginica"]
    # Fisher's published class means of sepal length: 5.006, 5.936, 6.588
    means = [X[truth["labels"] == k, 0].mean() for k in range(3)]
    np.testing.assert_allclose(means, [5.006, 5.936, 6.588], atol=1e-9)


def test_load_photo():
    img = datasets.load_photo()
    assert img.shape == (427, 640, 3) and img.dtype == np.uint8
    assert datasets.load_photo("flower.jpg").shape == (427, 640, 3)
    with pytest.raises(ValueError, match="china.jpg"):
        datasets.load_photo("nope.png")


@pytest.mark.parametrize("bad", ["blobs", "Faithful", "", 3, None])
def test_unknown_name_lists_valid_names(bad):
    with pytest.raises(ValueError) as err:
        datasets.load(bad)
    message = str(err.value)
    assert "name" in message
    for valid in datasets.names():
        assert valid in message


def test_returned_arrays_are_fresh():
    X, truth = datasets.load("blobs_k3")
    X[:] = 0.0
    truth["means"][:] = 0.0
    X2, truth2 = datasets.load("blobs_k3")
    assert np.abs(X2).sum() > 0 and np.abs(truth2["means"]).sum() > 0


def test_data_dir_environment_override(tmp_path, monkeypatch):
    lines = (STARTER / "blobs_k3.csv").read_text().splitlines()
    (tmp_path / "blobs_k3.csv").write_text("\n".join(lines[:11]) + "\n")
    (tmp_path / "blobs_k3.json").write_text((STARTER / "blobs_k3.json").read_text())
    monkeypatch.setenv(datasets.DATA_DIR_ENV, str(tmp_path))
    assert datasets.data_dir() == tmp_path
    X, _ = datasets.load("blobs_k3")
    assert X.shape == (10, 2)

    monkeypatch.setenv(datasets.DATA_DIR_ENV, str(tmp_path / "missing"))
    with pytest.raises(FileNotFoundError, match=datasets.DATA_DIR_ENV):
        datasets.load("blobs_k3")


def test_default_data_dir_is_the_repository_folder(monkeypatch):
    monkeypatch.delenv(datasets.DATA_DIR_ENV, raising=False)
    assert datasets.data_dir().resolve() == STARTER.resolve()
