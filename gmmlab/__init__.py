"""gmmlab: the helper package of the course "Gaussian Mixture Models with EM"."""

__version__ = "0.1.0"

from . import datasets  # noqa: F401  (gmmlab.datasets.load, names, load_photo)
from .ellipses import ellipse_params  # noqa: F401
from .mixture import GaussianMixture  # noqa: E402,F401
