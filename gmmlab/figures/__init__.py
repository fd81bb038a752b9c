"""Figures of the course: scatter plots, ellipses, densities, convergence curves and the EM animation.

``plotting`` holds the functions the notebooks call, ``animation`` the EM animation and
``drawing`` the primitives both share. Every figure is titled and its axes are labelled.
"""
