"""gmmlab: the helper package of the course "Gaussian Mixture Models with EM"."""

__version__ = "0.1.0"
