"""The course data: synthetic mixtures with known truth, Old Faithful, Iris and a sample photo.

Where the synthetic sets are found
----------------------------------
The synthetic sets live in a folder ``starter_data/`` (``NAME.csv`` + ``NAME.json``). It is searched
in this order:

1. the folder named by the environment variable ``GMMLAB_DATA_DIR``, when it is set (used by the
   student release, where ``starter_data/`` sits beside the notebooks; an error is raised when the
   folder does not exist);
2. ``starter_data/`` at the root of the course repository (next to the ``gmmlab`` package);
3. ``starter_data/`` in the current working directory or in its parent.

Old Faithful ships inside the package (``gmmlab/data/faithful.csv``); Iris and the photo come from
scikit-learn, which ships them (nothing is downloaded).
"""

import json
import os
from pathlib import Path

import numpy as np

from .course import DATASETS

__all__ = ["DATA_DIR_ENV", "SYNTHETIC", "data_dir", "load", "load_photo", "names"]

#: Environment variable that points to the folder holding the synthetic sets.
DATA_DIR_ENV = "GMMLAB_DATA_DIR"

#: Synthetic sets (files in ``starter_data/``), in the order of the course manifest.
SYNTHETIC = tuple(d.name for d in DATASETS if d.source == "starter_data")
_REAL = tuple(d.name for d in DATASETS if d.source != "starter_data")
_PACKAGE_DATA = Path(__file__).resolve().parent / "data"


def names():
    """Names accepted by :func:`load`.

    Returns
    -------
    list of str
        The synthetic sets followed by ``"faithful"`` and ``"iris"``.
    """
    return list(SYNTHETIC + _REAL)


def data_dir():
    """Folder that holds the synthetic sets (see the module docstring for the search order).

    Returns
    -------
    pathlib.Path

    Raises
    ------
    FileNotFoundError
        When ``GMMLAB_DATA_DIR`` names a missing folder, or no ``starter_data/`` folder is found.
    """
    env = os.environ.get(DATA_DIR_ENV)
    if env:
        path = Path(env).expanduser()
        if not path.is_dir():
            raise FileNotFoundError(
                f"{DATA_DIR_ENV}={env!r} is not a folder; point it to the folder that holds "
                "the starter data (blobs_k3.csv, ...), or unset it"
            )
        return path
    candidates = [
        Path(__file__).resolve().parents[1] / "starter_data",
        Path.cwd() / "starter_data",
        Path.cwd().parent / "starter_data",
    ]
    for path in candidates:
        if (path / f"{SYNTHETIC[0]}.csv").is_file():
            return path
    searched = ", ".join(str(p) for p in candidates)
    raise FileNotFoundError(
        f"no starter_data folder found (searched {searched}); set the environment variable "
        f"{DATA_DIR_ENV} to the folder that holds blobs_k3.csv"
    )


def _read_csv(path):
    """Numeric CSV with one header line -> (header list, float64 array of shape (n, columns))."""
    with open(path, encoding="utf-8") as fh:
        header = fh.readline().strip().split(",")
    values = np.loadtxt(path, delimiter=",", skiprows=1, dtype=np.float64, ndmin=2)
    return header, values


def _load_synthetic(name):
    folder = data_dir()
    header, values = _read_csv(folder / f"{name}.csv")
    with open(folder / f"{name}.json", encoding="utf-8") as fh:
        meta = json.load(fh)
    if header[-1] != "label":
        raise ValueError(f"{folder / name}.csv: the last column must be 'label', "
                         f"got {header[-1]!r}")
    X = np.ascontiguousarray(values[:, :-1])
    truth = {
        "labels": values[:, -1].astype(np.int64),
        "weights": np.asarray(meta["weights"], dtype=np.float64),
        "means": np.asarray(meta["means"], dtype=np.float64),
        "covariances": np.asarray(meta["covariances"], dtype=np.float64),
        "n_components": int(meta["n_components"]),
        "description": meta["description"],
        "seed": int(meta["seed"]),
        "feature_names": header[:-1],
    }
    for key in ("n_outliers", "outlier_bounds", "outlier_label"):
        if key in meta:
            truth[key] = meta[key]
    return X, truth


def _load_faithful():
    header, values = _read_csv(_PACKAGE_DATA / "faithful.csv")
    if header != ["eruptions", "waiting"]:
        raise ValueError(f"faithful.csv: unexpected header {header}")
    return np.ascontiguousarray(values), None


def _load_iris():
    from sklearn.datasets import load_iris

    bunch = load_iris()
    X = np.array(bunch.data, dtype=np.float64)
    truth = {
        "labels": np.array(bunch.target, dtype=np.int64),
        "target_names": [str(t) for t in bunch.target_names],
        "feature_names": [str(f) for f in bunch.feature_names],
    }
    return X, truth


def load(name):
    """Load a course data set.

    Parameters
    ----------
    name : str
        One of :func:`names` (the data sets of the course manifest, :data:`gmmlab.course.DATASETS`):
        a synthetic set of ``starter_data/``, ``"faithful"`` (Old Faithful, 272 eruptions:
        duration and waiting time in minutes) or ``"iris"`` (150 flowers, 4 measurements in cm).

    Returns
    -------
    X : ndarray of shape (n_samples, n_features)
        The data, float64 (a fresh array: change it freely).
    truth : dict or None
        For the synthetic sets: ``labels`` (n_samples,) int, the component that drew each point
        (``-1`` for the outliers of ``"outliers"``); ``weights`` (n_components,); ``means``
        (n_components, n_features); ``covariances`` (n_components, n_features, n_features);
        ``n_components``; plus ``description``, ``seed`` and ``feature_names``.
        For ``"iris"``: ``labels`` (150,), ``target_names`` and ``feature_names`` only.
        For ``"faithful"``: ``None`` (no known truth).

    Raises
    ------
    ValueError
        When ``name`` is not one of :func:`names`; the message lists the valid names.

    Examples
    --------
    >>> X, truth = load("blobs_k3")
    >>> X.shape, truth["n_components"]
    ((450, 2), 3)
    """
    if not isinstance(name, str) or name not in names():
        raise ValueError(f"name must be one of {', '.join(names())}; got {name!r}")
    if name == "faithful":
        return _load_faithful()
    if name == "iris":
        return _load_iris()
    return _load_synthetic(name)


def load_photo(name="china.jpg"):
    """A colour photograph shipped with scikit-learn, for colour segmentation.

    Parameters
    ----------
    name : {"china.jpg", "flower.jpg"}, default="china.jpg"
        Which of scikit-learn's two sample images.

    Returns
    -------
    image : ndarray of shape (height, width, 3), dtype uint8
        RGB values 0-255 (427 x 640 for both images).
    """
    valid = ("china.jpg", "flower.jpg")
    if name not in valid:
        raise ValueError(f"name must be one of {', '.join(valid)}; got {name!r}")
    from sklearn.datasets import load_sample_image

    return np.array(load_sample_image(name), dtype=np.uint8)
