"""Regenerate the synthetic data sets in starter_data/ deterministically (CSV + JSON ground truth).

Usage::

    python tools/make_starter_data.py              # rewrite starter_data/
    python tools/make_starter_data.py --out DIR    # write the same files somewhere else

Every set is drawn from a Gaussian mixture whose parameters are written, exactly as used, to
``<name>.json``; the points go to ``<name>.csv`` (columns ``x1, x2, ..., label``). A fixed seed per
set (numpy's PCG64 Generator) and a fixed number format make the files byte-identical on every run.

To add a set: add an entry to ``SPECS`` (name, seed, sizes, components) and run the script.
"""

import argparse
import json
import math
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DECIMALS = 6  # every float in the CSV and JSON files is rounded to this many decimals


def component(weight, mean, scales, angle_deg=0.0):
    """One 2-D component: standard deviations ``scales`` along axes rotated by ``angle_deg``."""
    return {"weight": weight, "mean": mean, "scales": scales, "angle": angle_deg}


def component_1d(weight, mean, std):
    """One 1-D component."""
    return {"weight": weight, "mean": [mean], "scales": [std], "angle": 0.0}


SPECS = [
    {
        "name": "blobs_k3",
        "seed": 20260301,
        "n_samples": 450,
        "description": "Three moderately separated 2-D Gaussian clusters with different shapes.",
        "components": [
            component(0.35, [-3.0, 0.0], [1.0, 0.6], 30.0),
            component(0.40, [2.0, 3.0], [0.9, 0.9]),
            component(0.25, [3.0, -2.5], [1.2, 0.5], -45.0),
        ],
    },
    {
        "name": "blobs_k4",
        "seed": 20260401,
        "n_samples": 600,
        "description": "Four 2-D Gaussian clusters with different orientations.",
        "components": [
            component(0.25, [-4.0, 3.0], [1.0, 0.5], 60.0),
            component(0.30, [1.0, 4.0], [0.8, 0.8]),
            component(0.20, [4.0, -1.0], [1.1, 0.6], -20.0),
            component(0.25, [-2.0, -3.0], [1.2, 0.7], 15.0),
        ],
    },
    {
        "name": "blobs_k5",
        "seed": 20260501,
        "n_samples": 750,
        "description": "Five 2-D Gaussian clusters placed around a circle of radius 5.",
        "components": [
            component(0.20, [0.0, 5.0], [0.9, 0.6], 0.0),
            component(0.20, [4.76, 1.55], [0.9, 0.6], 72.0),
            component(0.20, [2.94, -4.05], [0.9, 0.6], 144.0),
            component(0.20, [-2.94, -4.05], [0.9, 0.6], 36.0),
            component(0.20, [-4.76, 1.55], [0.9, 0.6], 108.0),
        ],
    },
    {
        "name": "well_separated",
        "seed": 20260601,
        "n_samples": 300,
        "description": "Three round clusters far apart: EM and k-means both find them easily.",
        "components": [
            component(0.35, [-6.0, 0.0], [0.8, 0.8]),
            component(0.35, [6.0, 0.0], [0.8, 0.8]),
            component(0.30, [0.0, 8.0], [0.8, 0.8]),
        ],
    },
    {
        "name": "overlapping",
        "seed": 20260701,
        "n_samples": 600,
        "description": "Three strongly overlapping clusters: responsibilities stay soft.",
        "components": [
            component(0.40, [0.0, 0.0], [1.0, 0.8], 20.0),
            component(0.35, [1.6, 0.9], [0.9, 0.9]),
            component(0.25, [0.4, 2.2], [1.1, 0.7], -30.0),
        ],
    },
    {
        "name": "elongated",
        "seed": 20260801,
        "n_samples": 600,
        "description": "Three long, thin, rotated clusters: spherical and diagonal models fail.",
        "components": [
            component(0.35, [-3.0, 0.0], [2.5, 0.35], 20.0),
            component(0.35, [3.0, 1.0], [2.5, 0.35], 75.0),
            component(0.30, [0.0, -4.0], [2.2, 0.4], 140.0),
        ],
    },
    {
        "name": "unequal",
        "seed": 20260901,
        "n_samples": 800,
        "description": "Three clusters with very different weights (0.65, 0.25, 0.10) and sizes.",
        "components": [
            component(0.65, [0.0, 0.0], [2.0, 1.6], 10.0),
            component(0.25, [5.5, 4.5], [0.8, 0.8]),
            component(0.10, [-3.5, 4.5], [0.3, 0.3]),
        ],
    },
    {
        "name": "outliers",
        "seed": 20261001,
        "n_samples": 500,
        "n_outliers": 50,
        "outlier_bounds": [[-9.0, -8.0], [9.0, 9.0]],
        "description": (
            "Three clusters plus 50 points drawn uniformly over a box (label -1); "
            "the mixture parameters describe the 500 cluster points only."
        ),
        "components": [
            component(0.35, [-3.0, -2.0], [0.8, 0.8]),
            component(0.35, [3.0, -2.0], [0.9, 0.6], 30.0),
            component(0.30, [0.0, 3.0], [0.8, 0.6], -30.0),
        ],
    },
    {
        "name": "one_d",
        "seed": 20261101,
        "n_samples": 600,
        "description": "A 1-D mixture of three Gaussians for histograms and density plots.",
        "components": [
            component_1d(0.30, -2.0, 0.6),
            component_1d(0.50, 1.5, 1.0),
            component_1d(0.20, 5.0, 0.5),
        ],
    },
]


def _round(x):
    """Round an array (or float) to ``DECIMALS``, turning -0.0 into 0.0."""
    return np.round(np.asarray(x, dtype=np.float64), DECIMALS) + 0.0


def parameters(spec):
    """Weights (K,), means (K, d) and covariances (K, d, d) of a spec, rounded as written."""
    comps = spec["components"]
    weights = _round([c["weight"] for c in comps])
    means = _round([c["mean"] for c in comps])
    covs = []
    for c in comps:
        s = np.asarray(c["scales"], dtype=np.float64)
        if s.size == 1:
            covs.append(np.array([[s[0] ** 2]]))
            continue
        t = math.radians(c["angle"])
        rot = np.array([[math.cos(t), -math.sin(t)], [math.sin(t), math.cos(t)]])
        covs.append(rot @ np.diag(s**2) @ rot.T)
    return weights, means, _round(covs)


def sample(spec):
    """Draw the points and labels of one spec with its own seeded Generator."""
    rng = np.random.default_rng(spec["seed"])
    weights, means, covs = parameters(spec)
    n, d = spec["n_samples"], means.shape[1]
    labels = rng.choice(len(weights), size=n, p=weights / weights.sum())
    chol = np.linalg.cholesky(covs)  # (K, d, d) lower factors
    z = rng.standard_normal((n, d))
    X = means[labels] + np.einsum("nij,nj->ni", chol[labels], z)
    n_out = spec.get("n_outliers", 0)
    if n_out:
        low, high = np.asarray(spec["outlier_bounds"], dtype=np.float64)
        X = np.vstack([X, rng.uniform(low, high, size=(n_out, d))])
        labels = np.concatenate([labels, np.full(n_out, -1)])
        order = rng.permutation(len(X))
        X, labels = X[order], labels[order]
    return _round(X), labels


def _fmt(v):
    return f"{v:.{DECIMALS}f}"


def csv_text(X, labels):
    """CSV with header ``x1,...,xd,label`` (``x,label`` in 1-D) and fixed-format floats."""
    d = X.shape[1]
    header = ["x"] if d == 1 else [f"x{j + 1}" for j in range(d)]
    lines = [",".join(header + ["label"])]
    lines += [",".join([_fmt(v) for v in row] + [str(int(k))]) for row, k in zip(X, labels)]
    return "\n".join(lines) + "\n"


def truth_json(spec, X):
    """Ground truth of one spec as JSON text (parameters exactly as used to draw the points)."""
    weights, means, covs = parameters(spec)
    d = X.shape[1]
    truth = {
        "name": spec["name"],
        "description": spec["description"],
        "seed": spec["seed"],
        "n_samples": int(X.shape[0]),
        "n_features": d,
        "n_components": len(weights),
        "columns": (["x"] if d == 1 else [f"x{j + 1}" for j in range(d)]) + ["label"],
        "weights": weights.tolist(),
        "means": means.tolist(),
        "covariances": covs.tolist(),
    }
    if spec.get("n_outliers"):
        truth["n_outliers"] = spec["n_outliers"]
        truth["outlier_bounds"] = spec["outlier_bounds"]
        truth["outlier_label"] = -1
    # one key per line, each value on one line: valid JSON that is easy to read
    body = ",\n".join(f"  {json.dumps(k)}: {json.dumps(v)}" for k, v in truth.items())
    return "{\n" + body + "\n}\n"


README_HEAD = """\
# Starter data

Synthetic data sets drawn from Gaussian mixtures with known parameters. Each set `NAME`
has two files:

- `NAME.csv`: one row per point; columns `x1,x2` (or `x` for the 1-D set) and `label`,
  the index of the component that drew the point (`-1` for an outlier).
- `NAME.json`: the ground truth: `weights` (K,), `means` (K, d), `covariances` (K, d, d),
  `n_components`, the `seed` and a `description`.

Load them with `gmmlab.datasets.load(NAME)`, which returns `(X, truth)`. The files are
generated by `tools/make_starter_data.py` (`make data`); do not edit them by hand.
If the data sit somewhere else, set the environment variable `GMMLAB_DATA_DIR` to that
folder.

| name | points | dimensions | components | description |
| --- | --- | --- | --- | --- |
"""


def readme_text():
    """The README of starter_data/, listing every set."""
    rows = []
    for spec in SPECS:
        w, m, _ = parameters(spec)
        n = spec["n_samples"] + spec.get("n_outliers", 0)
        rows.append(f"| `{spec['name']}` | {n} | {m.shape[1]} | {len(w)} | {spec['description']} |")
    return README_HEAD + "\n".join(rows) + "\n"


def write_all(out_dir):
    """Write every set (CSV + JSON) and the README into ``out_dir``; return the paths written."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for spec in SPECS:
        X, labels = sample(spec)
        for suffix, text in ((".csv", csv_text(X, labels)), (".json", truth_json(spec, X))):
            path = out / f"{spec['name']}{suffix}"
            path.write_text(text, encoding="utf-8", newline="\n")
            written.append(path)
    readme = out / "README.md"
    readme.write_text(readme_text(), encoding="utf-8", newline="\n")
    written.append(readme)
    return written


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "starter_data"), help="output folder")
    args = parser.parse_args(argv)
    for path in write_all(args.out):
        print(path.name)


if __name__ == "__main__":
    main()
