"""The cell tags of the course notebooks, and the predicates every tool asks of a cell.

=================  ====================================================================
``setup``          imports and data loading the graded functions need (the grader runs it)
``exercise``       the code a student writes (the grader runs it, then the checks)
``hint``           a ``hint(name)`` cell after an exercise
``solution-only``  dropped whole from the starter (the instructor's demonstration)
=================  ====================================================================

A cell is given as an nbformat ``NotebookNode`` or a plain ``dict`` with ``cell_type`` and
``metadata``.
"""

from __future__ import annotations

__all__ = [
    "ALL",
    "EXERCISE",
    "GRADED",
    "HINT",
    "SETUP",
    "SOLUTION_ONLY",
    "has_tag",
    "is_exercise",
    "is_graded",
    "is_hint",
    "is_solution_only",
    "tags",
]

SETUP = "setup"
EXERCISE = "exercise"
HINT = "hint"
SOLUTION_ONLY = "solution-only"
#: The tags of the cells the grader runs, in notebook order.
GRADED = (SETUP, EXERCISE)
#: Every tag the course gives a meaning to.
ALL = (SETUP, EXERCISE, HINT, SOLUTION_ONLY)


def tags(cell) -> tuple:
    """Return the tags of ``cell`` (empty when it has none).

    Parameters
    ----------
    cell : dict or nbformat.NotebookNode

    Returns
    -------
    tuple of str
    """
    found = (cell.get("metadata") or {}).get("tags") or ()
    return tuple(found)


def has_tag(cell, tag: str) -> bool:
    """Tell whether ``cell`` carries ``tag``, one of :data:`ALL`.

    Raises
    ------
    ValueError
        ``tag`` is not a tag of the course (a misspelt constant would otherwise match nothing).
    """
    if tag not in ALL:
        raise ValueError(f"tag must be one of {', '.join(ALL)}; got {tag!r}")
    return tag in tags(cell)


def _is_code(cell) -> bool:
    return cell.get("cell_type") == "code"


def is_graded(cell) -> bool:
    """True for a code cell the grader runs: tagged ``setup`` or ``exercise``."""
    return _is_code(cell) and any(t in GRADED for t in tags(cell))


def is_exercise(cell) -> bool:
    """True for a code cell tagged ``exercise``."""
    return _is_code(cell) and has_tag(cell, EXERCISE)


def is_hint(cell) -> bool:
    """True for a cell tagged ``hint``."""
    return has_tag(cell, HINT)


def is_solution_only(cell) -> bool:
    """True for a cell tagged ``solution-only`` (of any type): the starter drops it."""
    return has_tag(cell, SOLUTION_ONLY)
