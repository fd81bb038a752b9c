"""Read a submission (one notebook, or a folder of them) into the cells the grader runs.

Notebooks are read by the notebook layer (:mod:`gmmlab.notebook`); the cells that run are the
code cells tagged ``setup`` or ``exercise`` (:func:`gmmlab.notebook.tags.is_graded`). In a
folder, the ``.md`` and ``.ipynb`` files of one stem are a jupytext pair and their chapter is
graded once: from the file whose graded cells are the newer, and the feedback says which file
that was and whether the other one agreed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from ..course import CHAPTERS
from ..notebook import io, tags

NOTEBOOK_SUFFIXES = io.SUFFIXES


@dataclass
class Notebook:
    """The gradable cells of one notebook.

    Attributes
    ----------
    name : str
        Name of the file the cells were read from, e.g. ``"03_e_step.ipynb"``.
    cells : list of str
        Sources of the cells tagged ``setup`` or ``exercise``, in order.
    chapter : str or None
        Two-digit chapter prefix of the file name, if any.
    note : str
        For one file of a pair: which file was read and why (shown in the feedback); empty
        for a notebook submitted alone.
    """

    name: str
    cells: list = field(default_factory=list)
    chapter: str | None = None
    note: str = ""


@dataclass
class Submission:
    """One student's work: a name, its notebooks and the problems met while reading them."""

    name: str
    path: Path
    notebooks: list = field(default_factory=list)
    errors: list = field(default_factory=list)


def _chapter(filename: str) -> str | None:
    m = re.search(r"(?:^|[^0-9])(\d\d)_[A-Za-z]", Path(filename).name)
    return m.group(1) if m else None


def read_notebook(path: Path) -> Notebook:
    """Read the setup and exercise cells of an ``.ipynb`` or jupytext ``.md`` notebook."""
    path = Path(path)
    cells = [cell.source for cell in io.read(path).cells if tags.is_graded(cell)]
    return Notebook(path.name, cells, _chapter(path.name))


def notebook_files(folder: Path) -> list:
    """Every notebook of a folder (recursively, both files of a pair), sorted.

    Hidden folders, ``__pycache__`` and ``.md`` files without a jupytext header are skipped.
    """
    found = []
    for p in sorted(Path(folder).rglob("*")):
        if not p.is_file() or p.suffix not in NOTEBOOK_SUFFIXES:
            continue
        if any(part.startswith(".") or part == "__pycache__"
               for part in p.relative_to(folder).parts):
            continue
        if p.suffix == ".md" and not io.is_jupytext_md(p):
            continue
        found.append(p)
    return found


def pairs(files: list) -> list:
    """Group notebook files by stem: a tuple of one file, or of a ``.md`` and its ``.ipynb``."""
    groups: dict = {}
    for p in files:
        groups.setdefault(p.with_suffix(""), []).append(p)
    return [tuple(sorted(group, key=lambda p: p.suffix)) for _, group in sorted(groups.items())]


def _normalised(cells: list) -> list:
    return ["\n".join(line.rstrip() for line in src.strip("\n").split("\n")) for src in cells]


def _stamp(path: Path) -> str:
    return datetime.fromtimestamp(path.stat().st_mtime).strftime("%Y-%m-%d %H:%M:%S")


def read_pair(ipynb: Path, md: Path) -> Notebook:
    """Read one jupytext pair into the notebook its chapter is graded from.

    Parameters
    ----------
    ipynb, md : pathlib.Path
        The two files of the pair (same stem).

    Returns
    -------
    Notebook
        Read from the newer file (the ``.ipynb`` when both have the same time); its ``note``
        names the file read and says whether the other agreed or could not be read.

    Raises
    ------
    Exception
        Neither file can be read (the error of the newer one).
    """
    newer, older = (md, ipynb) if md.stat().st_mtime > ipynb.stat().st_mtime else (ipynb, md)
    try:
        chosen = read_notebook(newer)
    except Exception as exc:  # noqa: BLE001 - fall back on the other file of the pair
        try:
            chosen = read_notebook(older)
        except Exception:  # noqa: BLE001
            raise exc from None
        chosen.note = (f"graded {older.name}: its pair {newer.name} could not be read as a "
                       f"notebook ({type(exc).__name__})")
        return chosen
    try:
        other = read_notebook(older)
    except Exception as exc:  # noqa: BLE001 - the chosen file is enough to grade
        chosen.note = (f"graded {newer.name}: its pair {older.name} could not be read as a "
                       f"notebook ({type(exc).__name__})")
        return chosen
    if _normalised(chosen.cells) == _normalised(other.cells):
        chosen.note = f"graded {newer.name}; its pair {older.name} has the same graded cells"
    else:
        chosen.note = (f"{newer.name} and {older.name} differ in their graded (setup and "
                       f"exercise) cells: graded the newer one, {newer.name} (saved "
                       f"{_stamp(newer)}; {older.name} saved {_stamp(older)})")
    return chosen


def load(path) -> Submission:
    """Read a submission: a notebook file or a folder of notebooks (one student).

    Parameters
    ----------
    path : str or Path
        ``.ipynb`` or jupytext ``.md`` file, or a folder. In a folder, a ``.md`` and an
        ``.ipynb`` of the same stem are one notebook (see :func:`read_pair`).

    Returns
    -------
    Submission
        Unreadable notebooks are listed in ``errors`` instead of raising.
    """
    path = Path(path)
    name = path.name if path.is_dir() else path.stem
    sub = Submission(name, path)
    groups = pairs(notebook_files(path)) if path.is_dir() else [(path,)]
    if not groups:
        sub.errors.append(f"no notebook (.ipynb or jupytext .md) found in {path.name}")
    for group in groups:
        try:
            nb = read_pair(*group) if len(group) == 2 else read_notebook(group[0])
            sub.notebooks.append(nb)
        except Exception as exc:  # noqa: BLE001 - a broken file is reported, not fatal
            names = " and ".join(p.name for p in group)
            sub.errors.append(f"{names}: could not be read as a notebook "
                              f"({type(exc).__name__}: {str(exc)[:150]})")
    return sub


def owners(notebooks: list) -> dict:
    """Map each exercise to the index of the notebook that grades it (None when absent).

    The notebook of the exercise's chapter grades it. When no notebook has a chapter number in
    its name, every notebook is searched (renamed files).
    """
    numbered = [nb.chapter for nb in notebooks if nb.chapter]
    result = {}
    for chapter in CHAPTERS:
        idx = next((i for i, nb in enumerate(notebooks) if nb.chapter == chapter.number), None)
        for ex in chapter.exercises:
            result[ex.name] = idx if numbered else "any"
    return result
