"""Read a submission (one notebook, or a folder of them) into the cells the grader runs.

Notebooks are read by the notebook layer (:mod:`gmmlab.notebook`); the cells that run are the
code cells tagged ``setup`` or ``exercise`` (:func:`gmmlab.notebook.tags.is_graded`). In a
folder, the ``.md`` and ``.ipynb`` files of one stem are a jupytext pair and their chapter is
graded once: from the file whose graded cells are the newer, and the feedback says which file
that was and whether the other one agreed.
"""

from __future__ import annotations

import json
import os
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
    """The chapter of a file: its name's ``NN_`` prefix only (``my_10_try.md`` has none)."""
    m = re.match(r"(\d\d)_", Path(filename).name)
    return m.group(1) if m else None


class Unreadable(ValueError):
    """A file the grader cannot grade, with the sentence the student reads."""


def _format_version(path: Path):
    try:
        return json.loads(path.read_text(encoding="utf-8")).get("nbformat")
    except (OSError, ValueError, AttributeError):
        return None


def read_notebook(path: Path) -> Notebook:
    """Read the setup and exercise cells of an ``.ipynb`` or jupytext ``.md`` notebook.

    Raises
    ------
    Unreadable
        The file is a symbolic link, an old or empty notebook, or has no tagged cell; the
        message says what to do.
    """
    path = Path(path)
    if path.is_symlink():
        raise Unreadable(f"{path.name} is a symbolic link, not a file: hand in the notebook "
                         "itself")
    if not path.is_file():
        raise Unreadable(f"{path.name} is not a regular file (a pipe, a device or a folder): hand "
                         "in the notebook file itself")
    if path.suffix == ".ipynb":
        version = _format_version(path)
        if isinstance(version, int) and version < 4:
            raise Unreadable(f"{path.name} is an nbformat {version} notebook: open and save it "
                             "in JupyterLab, which converts it, then hand it in again")
    try:
        nb = io.read(path)
    except UnicodeDecodeError:
        raise Unreadable(f"{path.name} is not UTF-8 text, so Jupyter cannot open it either: open "
                         "it in an editor, save it as UTF-8, and hand it in again") from None
    if not nb.cells:
        raise Unreadable(f"{path.name} has no cells: hand in your filled starter notebook")
    cells = [cell.source for cell in nb.cells if tags.is_graded(cell)]
    if not cells:
        raise Unreadable(f"{path.name} has no cell tagged 'setup' or 'exercise' (the tags were "
                         "removed?): copy your code into a fresh starter notebook and hand that "
                         "in")
    return Notebook(path.name, cells, _chapter(path.name))


def notebook_files(folder: Path) -> list:
    """Every notebook of a folder (recursively, both files of a pair), sorted.

    Hidden folders, ``__pycache__`` and ``.md`` files without a jupytext header are skipped.
    """
    found = []
    for root, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "__pycache__")
        for name in sorted(files):
            p = Path(root) / name
            if p.suffix not in NOTEBOOK_SUFFIXES or name.startswith("."):
                continue
            if p.suffix == ".md" and p.is_file() and not p.is_symlink() \
                    and not io.is_jupytext_md(p):
                continue
            found.append(p)
    return sorted(found)


def plain_markdown(folder: Path) -> list:
    """``.md`` files of a folder that are plain Markdown (no jupytext header), by name."""
    out = []
    for root, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        out += [n for n in files if n.endswith(".md") and not (Path(root) / n).is_symlink()
                and (Path(root) / n).is_file() and not io.is_jupytext_md(Path(root) / n)
                and _chapter(n)]
    return sorted(out)


def pairs(files: list) -> list:
    """Group notebook files by stem: a tuple of one file, or of a ``.md`` and its ``.ipynb``."""
    groups: dict = {}
    for p in files:
        groups.setdefault(p.with_suffix(""), []).append(p)
    return [tuple(sorted(group, key=lambda p: p.suffix)) for _, group in sorted(groups.items())]


def normalised(cells: list) -> list:
    """Cell sources without leading and trailing blank lines or trailing spaces, for comparing."""
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
    if normalised(chosen.cells) == normalised(other.cells):
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
    if path.is_symlink():
        sub.errors.append(f"{path.name} is a symbolic link: hand in the notebook or folder "
                          "itself")
        return sub
    groups = pairs(notebook_files(path)) if path.is_dir() else [(path,)]
    for plain in plain_markdown(path) if path.is_dir() else []:
        sub.errors.append(f"{plain} is plain Markdown, not a notebook (it has no jupytext "
                          "header): hand in the .ipynb, or the .md that JupyterLab saved")
    if not groups:
        sub.errors.append(f"no notebook (.ipynb or jupytext .md) found in {path.name}")
    for group in groups:
        try:
            nb = read_pair(*group) if len(group) == 2 else read_notebook(group[0])
            sub.notebooks.append(nb)
        except Unreadable as exc:
            sub.errors.append(str(exc))
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
