"""A starter notebook from a solution notebook, and the solutions back into a starter.

The starter of ``solutions/NN_topic.md`` is that notebook with every solution block replaced by
its stub, every self-test block removed and every ``solution-only`` cell dropped (a code cell
that held nothing but self-tests goes too). In a ``hint`` cell the ``hint(...)`` call is left
as a comment that the student uncomments (:func:`quiet_hint`), so that *Run All* shows no hint.
Everything else is copied unchanged; jupytext only
normalises the cell separators. The starter is paired with its ``.ipynb`` like the solution
(:mod:`gmmlab.notebook.pairing`).
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from . import io, pairing, tags
from .markers import CELL, SOLUTION, Block, quote, scan

__all__ = ["fill_stubs", "make_starter", "quiet_hint", "secret_blocks", "solution_blocks",
           "strip_cell"]

STUB = re.compile(r"^(?P<indent>[ \t]*)raise NotImplementedError\((?P<arg>\".*\")\)[ \t]*$")
HINT_CALL = re.compile(r"^(?P<indent>[ \t]*)(?P<call>hint\(.*\))[ \t]*$")
HINT_PROMPT = ('# Stuck? Delete the "# " before hint(...) below and run the cell: '
               "one more hint per run.")
_VERSION_LINE = re.compile(r"^[ \t]*jupytext_version:.*\n", re.MULTILINE)


def source_text(text_or_path) -> tuple:
    """Return ``(text, origin)`` for a path to a ``.md`` notebook or for the notebook text.

    Parameters
    ----------
    text_or_path : str or pathlib.Path
        A :class:`~pathlib.Path`, a one-line string ending in ``.md``, or MyST text.
    """
    if isinstance(text_or_path, Path) or (
        isinstance(text_or_path, str) and "\n" not in text_or_path
        and text_or_path.endswith(".md")
    ):
        path = Path(text_or_path)
        return path.read_text(encoding="utf-8"), str(path)
    return text_or_path, "<notebook>"


def strip_cell(source: str, origin: str = "<cell>", cell: int = 0) -> str:
    """Return the starter version of one code cell's source (stubs in, self-tests out)."""
    return "\n".join(scan(source, CELL, origin, cell)[0])


def quiet_hint(source: str) -> str:
    """Return the starter version of a ``hint`` cell: every ``hint(...)`` line commented out.

    >>> print(quiet_hint('hint("e_step")'))
    # Stuck? Delete the "# " before hint(...) below and run the cell: one more hint per run.
    # hint("e_step")
    """
    lines = []
    for line in source.split("\n"):
        match = HINT_CALL.match(line)
        if match:
            lines += [match.group("indent") + HINT_PROMPT,
                      f"{match.group('indent')}# {match.group('call')}"]
        else:
            lines.append(line)
    return "\n".join(lines)


def secret_blocks(text_or_path) -> list:
    """Return everything the starter of a solution notebook drops, as blocks.

    Parameters
    ----------
    text_or_path : str or pathlib.Path
        A path to a MyST ``.md`` solution notebook, or its text.

    Returns
    -------
    list of Block
        The solution and self-test blocks, and each ``solution-only`` cell whole (as a block
        of its own kind, ``"solution-only"``), in notebook order.
    """
    text, origin = source_text(text_or_path)
    found = []
    for index, cell in enumerate(io.reads(text).cells):
        only = tags.is_solution_only(cell)
        if cell.cell_type == "code":
            blocks = scan(cell.source, CELL, origin, index)[1]
            found += [dataclasses.replace(b, solution_only=only) for b in blocks]
        if only:
            found.append(Block(tags.SOLUTION_ONLY, index, 1, "", None, cell.source, True))
    return found


def solution_blocks(text_or_path) -> list:
    """Return every solution block of a solution notebook, in order.

    Parameters
    ----------
    text_or_path : str or pathlib.Path
        A path to a MyST ``.md`` notebook, or the notebook text itself.

    Returns
    -------
    list of Block
        Blocks inside ``solution-only`` cells are included (they are secrets too) with
        ``solution_only=True``.
    """
    return [b for b in secret_blocks(text_or_path) if b.kind == SOLUTION]


def make_starter(text: str, origin: str = "<notebook>") -> str:
    """Return the starter notebook text generated from a solution notebook text.

    Parameters
    ----------
    text : str
        A MyST solution notebook.
    origin : str
        Its file, for error messages.

    Returns
    -------
    str
        A MyST notebook paired with its ``.ipynb``, with the ``jupytext_version`` of ``text``.

    Raises
    ------
    MarkerError
        A marker is malformed (also inside a ``solution-only`` cell).
    """
    nb = io.reads(text)
    cells = []
    for index, cell in enumerate(nb.cells):
        if tags.is_solution_only(cell):
            if cell.cell_type == "code":
                scan(cell.source, CELL, origin, index)  # still reject malformed markers
            continue
        if cell.cell_type == "code":
            stripped = strip_cell(cell.source, origin, index)
            if cell.source.strip() and not stripped.strip():
                continue  # the cell held nothing but self-tests
            cell.source = quiet_hint(stripped) if tags.is_hint(cell) else stripped
        cells.append(cell)
    nb.cells = cells
    pairing.pair(nb)
    nb.metadata["kernelspec"] = dict(pairing.KERNELSPEC)
    result = _same_version(io.writes(nb), text)
    return result if result.endswith("\n") else result + "\n"


def _same_version(result: str, source: str) -> str:
    """Copy the source's ``jupytext_version`` header line (or its absence) into ``result``.

    jupytext stamps its own version into the header; keeping the source's instead makes a
    starter a function of its solution only, not of the installed jupytext.
    """
    wanted = _VERSION_LINE.search(source)
    return _VERSION_LINE.sub(lambda _: wanted.group(0) if wanted else "", result, count=1)


def fill_stubs(starter_text: str, blocks: list) -> str:
    """Put solution code back in place of the stubs of a starter (in order).

    Used to prove that the stubs and the solutions line up: a starter filled with the blocks of
    its own solution must pass every check.

    Parameters
    ----------
    starter_text : str
        A MyST starter notebook.
    blocks : list of Block
        The solution blocks of its solution notebook (``solution_only`` ones are skipped).

    Returns
    -------
    str
        The filled notebook text.

    Raises
    ------
    ValueError
        A block found no matching stub.
    """
    nb = io.reads(starter_text)
    remaining = [b for b in blocks if not b.solution_only]
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        lines = []
        for line in cell.source.split("\n"):
            match = STUB.match(line)
            if match and remaining and match.group("indent") == remaining[0].indent and (
                match.group("arg") == quote(remaining[0].message)
            ):
                lines.append(remaining.pop(0).code)
            else:
                lines.append(line)
        cell.source = "\n".join(lines)
    if remaining:
        raise ValueError(f"{len(remaining)} solution block(s) found no matching stub in the starter")
    return io.writes(nb)
