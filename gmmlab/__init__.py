"""gmmlab: the helper package of the course "Gaussian Mixture Models with EM"."""

from . import datasets
from .ellipses import ellipse_params
from .mixture import GaussianMixture

__version__ = "0.1.0"
__all__ = ["GaussianMixture", "datasets", "ellipse_params", "__version__"]
