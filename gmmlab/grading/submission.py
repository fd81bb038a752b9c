"""Read a submission (one notebook, or a folder of them) into the cells the grader runs."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..course import CHAPTERS

GRADED_TAGS = ("setup", "exercise")
NOTEBOOK_SUFFIXES = (".ipynb", ".md")


@dataclass
class Notebook:
    """The gradable cells of one notebook.

    Attributes
    ----------
    name : str
        File name, e.g. ``"03_e_step.ipynb"``.
    cells : list of str
        Sources of the cells tagged ``setup`` or ``exercise``, in order.
    chapter : str or None
        Two-digit chapter prefix of the file name, if any.
    """

    name: str
    cells: list = field(default_factory=list)
    chapter: str | None = None


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


def _is_jupytext_md(path: Path) -> bool:
    try:
        head = path.read_text(encoding="utf-8", errors="replace")[:2000]
    except OSError:
        return False
    return head.startswith("---") and ("jupytext" in head or "kernelspec" in head)


def _read_cells(path: Path) -> list:
    if path.suffix == ".ipynb":
        nb = json.loads(path.read_text(encoding="utf-8"))
        raw = nb.get("cells", [])
        cells = [(c.get("cell_type"), c.get("metadata", {}).get("tags", []) or [],
                  "".join(c["source"]) if isinstance(c.get("source"), list)
                  else c.get("source", "")) for c in raw]
    else:
        import jupytext

        nb = jupytext.read(path)
        cells = [(c.cell_type, c.metadata.get("tags", []) or [], c.source) for c in nb.cells]
    return [src for kind, tags, src in cells
            if kind == "code" and any(t in GRADED_TAGS for t in tags)]


def read_notebook(path: Path) -> Notebook:
    """Read the setup and exercise cells of an ``.ipynb`` or jupytext ``.md`` notebook."""
    return Notebook(path.name, _read_cells(path), _chapter(path.name))


def notebook_files(folder: Path) -> list:
    """Notebooks in a folder (recursively). Of an .md/.ipynb pair, the newer file is used."""
    found = {}
    for p in sorted(folder.rglob("*")):
        if not p.is_file() or p.suffix not in NOTEBOOK_SUFFIXES:
            continue
        if any(part.startswith(".") or part == "__pycache__" for part in p.relative_to(folder).parts):
            continue
        if p.suffix == ".md" and not _is_jupytext_md(p):
            continue
        key = p.with_suffix("")
        if key in found and found[key].stat().st_mtime >= p.stat().st_mtime:
            continue
        found[key] = p
    return sorted(found.values())


def load(path) -> Submission:
    """Read a submission: a notebook file or a folder of notebooks (one student).

    Parameters
    ----------
    path : str or Path
        ``.ipynb`` or jupytext ``.md`` file, or a folder.

    Returns
    -------
    Submission
        Unreadable notebooks are listed in ``errors`` instead of raising.
    """
    path = Path(path)
    name = path.name if path.is_dir() else path.stem
    sub = Submission(name, path)
    files = notebook_files(path) if path.is_dir() else [path]
    if not files:
        sub.errors.append(f"no notebook (.ipynb or jupytext .md) found in {path.name}")
    for f in files:
        try:
            sub.notebooks.append(read_notebook(f))
        except Exception as exc:  # noqa: BLE001 - a broken file is reported, not fatal
            sub.errors.append(f"{f.name}: could not be read as a notebook "
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
