"""The notebook layer: every tool that reads, writes, derives or runs a notebook goes through here.

=================  =======================================================================
``io``             read and write a notebook (``.ipynb`` or jupytext MyST ``.md``), clear outputs
``tags``           the cell tags of the course (``setup``, ``exercise``, ...) and their predicates
``markers``        the one marker parser: solution and self-test blocks, instructor-only blocks
``starters``       a starter from a solution notebook, and the solutions back into a starter
``leaks``          the one rule that says which secret lines a shipped text must not hold
``pairing``        the ``.md``/``.ipynb`` pairs: their formats, the twin, whether they agree
``execute``        the one executor (nbclient, without ``MPLBACKEND``)
``code_shape``     the shape of code up to names and layout (copies under new names)
=================  =======================================================================

Used by ``tools/make_starters.py``, ``tools/sync_notebooks.py``, ``tools/make_release.py``,
``tools/export_report.py`` and :mod:`gmmlab.grading.submission`.
"""

from __future__ import annotations

import importlib

#: Where each name of the package lives. They are imported when first used: ``io`` loads
#: jupytext and nbformat (seconds, through jsonschema), which a check cell that only needs
#: ``tags`` must not pay for.
_HOMES = {"MarkerError": "markers", "clear_outputs": "io", "is_jupytext_md": "io", "read": "io",
          "reads": "io", "write": "io", "writes": "io"}

__all__ = [
    "MarkerError",
    "clear_outputs",
    "is_jupytext_md",
    "read",
    "reads",
    "write",
    "writes",
]


def __getattr__(name):
    if name in _HOMES:
        return getattr(importlib.import_module(f"{__name__}.{_HOMES[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
