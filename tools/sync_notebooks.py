"""Regenerate every ``.ipynb`` twin from its MyST ``.md`` source, and check that each pair agrees.

Every notebook of ``notebooks/`` and ``solutions/`` is a jupytext pair (``formats:
ipynb,md:myst`` in both files), so JupyterLab saves both files whichever one is open. The
``.md`` is the file people edit and review; this script derives the twin from it. Starter twins
have no outputs; solution twins are executed, because nbval compares the stored outputs with a
fresh run.

Usage::

    python tools/sync_notebooks.py                 # regenerate everything (executes solutions)
    python tools/sync_notebooks.py --only notebooks
    python tools/sync_notebooks.py --check         # exit 1 when a pair disagrees

``--check`` never trusts modification times: it reads both files of each pair and compares the
cells (type, source, metadata) and the pairing metadata.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat

from gmmlab.notebook import io, pairing
from gmmlab.notebook.execute import execute

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = {"notebooks": False, "solutions": True}  # folder -> execute?


def sources(folder: str) -> list:
    """Return the ``.md`` notebooks of ``folder`` (relative to the repository) in chapter order."""
    return sorted((ROOT / folder).glob("*.md"))


def regenerate(md_path: Path, previous: Path | None = None) -> nbformat.NotebookNode:
    """Read a MyST notebook and return its twin, not executed (see ``pairing.twin_notebook``).

    Parameters
    ----------
    md_path : pathlib.Path
        The ``.md`` source.
    previous : pathlib.Path, optional
        The committed twin, whose cell ids are kept where the cells did not change.
    """
    old = io.read(previous) if previous is not None and previous.exists() else None
    return pairing.twin_notebook(io.read(md_path), old)


def twin_problems(md: Path, twin: Path, executed: bool) -> list:
    """Compare the two files of one pair; return what is wrong (empty when they agree)."""
    if not twin.exists():
        return [f"{twin.name} is missing (run `make sync`)"]
    committed = io.read(twin)
    found = [f"{md.name} and {twin.name} disagree: {d} (run `make sync`)"
             for d in pairing.differences(io.read(md), committed)]
    if executed and any(
        c.cell_type == "code" and c.source.strip() and c.execution_count is None
        for c in committed.cells
    ):
        found.append(f"{twin.name} has unexecuted cells (run `make sync`)")
    return found


def drifted(folder: str) -> list:
    """Return a message for every pair of ``folder`` that is incomplete or disagrees."""
    found = []
    for md in sources(folder):
        for problem in twin_problems(md, md.with_suffix(".ipynb"), FOLDERS[folder]):
            found.append(f"{folder}/{problem}")
    for twin in sorted((ROOT / folder).glob("*.ipynb")):
        if not twin.with_suffix(".md").exists():
            found.append(f"{folder}/{twin.name} has no .md source; delete it")
    return found


def sync(folder: str, stems: tuple = ()) -> None:
    """Write the ``.ipynb`` twin of every ``.md`` in ``folder`` (executing solutions), or only of
    the chapters ``stems`` (file names without suffix) when given."""
    for md in sources(folder):
        if stems and md.stem not in stems:
            continue
        twin = md.with_suffix(".ipynb")
        nb = regenerate(md, twin)
        if FOLDERS[folder]:
            print(f"executing {md.relative_to(ROOT)}", flush=True)
            execute(nb, md.parent)
            nb.metadata["language_info"] = pairing.language_info()  # as JupyterLab saves it
        io.write(nb, twin)
        print(f"wrote {twin.relative_to(ROOT)}", flush=True)


def main(argv: list | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=sorted(FOLDERS), help="one folder instead of both")
    parser.add_argument("--check", action="store_true", help="report drift instead of writing")
    parser.add_argument("stems", nargs="*", help="only these chapters, e.g. 05_em (default: all)")
    args = parser.parse_args(argv)
    folders = [args.only] if args.only else list(FOLDERS)
    if args.check:
        found = [p for f in folders for p in drifted(f)]
        for p in found:
            print(p)
        return 1 if found else 0
    unknown = set(args.stems) - {md.stem for f in folders for md in sources(f)}
    if unknown:
        parser.error(f"no such chapter: {', '.join(sorted(unknown))}")
    for folder in folders:
        sync(folder, tuple(args.stems))
    return 0


if __name__ == "__main__":
    sys.exit(main())
