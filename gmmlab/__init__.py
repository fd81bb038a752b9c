"""gmmlab: the helper package of the course "Gaussian Mixture Models with EM".

The package map is in the README; in short: ``course`` (the manifest), ``datasets``,
``numerics`` (the model), ``figures`` and ``widgets``, ``exercises`` (checks and hints),
``notebook`` (reading and writing notebooks) and ``grading`` (the autograder).
"""

from . import datasets

__version__ = "0.1.0"
__all__ = ["GaussianMixture", "__version__", "datasets"]


def __getattr__(name):
    # The estimator pulls in scikit-learn's base classes (about a second to import); load it only
    # when asked for, so `from gmmlab.exercises import check` stays quick in every notebook.
    if name == "GaussianMixture":
        from .numerics.mixture import GaussianMixture

        return GaussianMixture
    raise AttributeError(f"module 'gmmlab' has no attribute {name!r}")
