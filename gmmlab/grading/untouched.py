"""Which notebooks of a submission are the course's starters, unchanged.

A notebook whose ``setup`` and ``exercise`` cells are exactly the starter's (``notebooks/`` of
the course, up to trailing blanks) can only define the stubs, and a stub raises
``NotImplementedError``: each of its exercises is "not attempted" without running anything.
The grader then leaves such a notebook out of the submission's process. This never changes a
point: a stub cannot pass a check, whatever the other cells do.
"""

from __future__ import annotations

from pathlib import Path

from ..course import CHAPTERS
from .submission import normalised

__all__ = ["FEEDBACK", "untouched"]

#: The starters, next to the package in the course repository and in the student release.
STARTERS = Path(__file__).resolve().parents[2] / "notebooks"
#: The feedback of an exercise whose notebook is the starter.
FEEDBACK = "the stub still raises NotImplementedError (the notebook's cells are the starter's)"

_CACHE: dict = {}


def _starter_cells(stem: str):
    """The normalised graded cells of ``notebooks/<stem>.md``, or None if it is not there."""
    path = STARTERS / f"{stem}.md"
    if not path.is_file():
        return None
    key = (path, path.stat().st_mtime_ns)
    if key not in _CACHE:
        from ..notebook import io
        from ..notebook.tags import is_graded

        _CACHE[key] = normalised([c.source for c in io.read(path).cells if is_graded(c)])
    return _CACHE[key]


def untouched(notebooks: list) -> set:
    """Indices of the notebooks (:class:`~gmmlab.grading.submission.Notebook`) whose graded
    cells equal their chapter's starter."""
    stems = {c.number: c.stem for c in CHAPTERS}
    found = set()
    for i, nb in enumerate(notebooks):
        stem = stems.get(nb.chapter)
        if stem is not None and normalised(nb.cells) == _starter_cells(stem):
            found.add(i)
    return found
