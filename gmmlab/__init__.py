"""gmmlab: the helper package of the course "Gaussian Mixture Models with EM"."""

from . import datasets
from .ellipses import ellipse_params

__version__ = "0.1.0"
__all__ = ["GaussianMixture", "__version__", "datasets", "ellipse_params"]


def __getattr__(name):
    # The estimator pulls in scikit-learn's base classes (about a second to import); load it only
    # when asked for, so `from gmmlab.checks import check` stays quick in every notebook.
    if name == "GaussianMixture":
        from .mixture import GaussianMixture

        return GaussianMixture
    raise AttributeError(f"module 'gmmlab' has no attribute {name!r}")
