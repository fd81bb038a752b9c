"""Regenerate every ``.ipynb`` twin from its MyST ``.md`` source, the only file people edit.

Starter notebooks (``notebooks/``) get twins without outputs. Solution notebooks (``solutions/``)
are executed, because nbval compares the stored outputs against a fresh run.

Usage::

    python tools/sync_notebooks.py                 # regenerate everything (executes solutions)
    python tools/sync_notebooks.py --only notebooks
    python tools/sync_notebooks.py --check         # exit 1 when a committed twin has drifted

``--check`` never trusts modification times: it regenerates each twin in memory and compares the
cells (type, source, metadata) with the committed file.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import jupytext
import nbformat

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = {"notebooks": False, "solutions": True}  # folder -> execute?
EXECUTION_TIMEOUT = 300


def sources(folder: str) -> list[Path]:
    """Return the ``.md`` notebooks of ``folder`` in chapter order."""
    return sorted((ROOT / folder).glob("*.md"))


def regenerate(md_path: Path) -> nbformat.NotebookNode:
    """Read a MyST notebook and return it as an unexecuted notebook with clean metadata."""
    nb = jupytext.read(md_path)
    nb.metadata.pop("jupytext", None)
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    nb.metadata["language_info"] = {"name": "python"}
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    return nb


def execute(nb: nbformat.NotebookNode, cwd: Path) -> nbformat.NotebookNode:
    """Run every cell of ``nb`` in a fresh kernel started in ``cwd``; a failing cell raises."""
    from nbclient import NotebookClient

    # Figures must be stored inline whatever backend the caller's shell asks for.
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    client = NotebookClient(
        nb, timeout=EXECUTION_TIMEOUT, kernel_name="python3", resources={"metadata": {"path": str(cwd)}}
    )
    client.execute(env=env)
    nb.metadata["language_info"] = {"name": "python"}
    return nb


def comparable(nb: nbformat.NotebookNode) -> list[tuple]:
    """Reduce a notebook to what its ``.md`` determines: cell types, sources and metadata."""
    cells = []
    for cell in nb.cells:
        meta = {k: v for k, v in cell.get("metadata", {}).items() if k not in {"execution"}}
        cells.append((cell.cell_type, cell.source.strip(), repr(sorted(meta.items()))))
    return cells


def twin_problems(md: Path, twin: Path, executed: bool) -> list[str]:
    """Compare one committed twin with what its source regenerates; return what is wrong."""
    if not twin.exists():
        return [f"{twin.name} is missing (run `make sync`)"]
    committed = nbformat.read(twin, as_version=4)
    problems = []
    if comparable(committed) != comparable(regenerate(md)):
        problems.append(f"{twin.name} differs from {md.name} (run `make sync`)")
    if executed and any(
        c.cell_type == "code" and c.source.strip() and c.execution_count is None
        for c in committed.cells
    ):
        problems.append(f"{twin.name} has unexecuted cells (run `make sync`)")
    return problems


def drifted(folder: str) -> list[str]:
    """Return a message for every twin of ``folder`` that is missing or differs from its source."""
    problems = []
    for md in sources(folder):
        for problem in twin_problems(md, md.with_suffix(".ipynb"), FOLDERS[folder]):
            problems.append(f"{folder}/{problem}")
    for twin in sorted((ROOT / folder).glob("*.ipynb")):
        if not twin.with_suffix(".md").exists():
            problems.append(f"{folder}/{twin.name} has no .md source; delete it")
    return problems


def sync(folder: str) -> None:
    """Write the ``.ipynb`` twin of every ``.md`` in ``folder`` (executing solutions)."""
    for md in sources(folder):
        nb = regenerate(md)
        if FOLDERS[folder]:
            print(f"executing {md.relative_to(ROOT)}", flush=True)
            nb = execute(nb, md.parent)
        nbformat.write(nb, md.with_suffix(".ipynb"))
        print(f"wrote {md.with_suffix('.ipynb').relative_to(ROOT)}", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=sorted(FOLDERS), help="one folder instead of both")
    parser.add_argument("--check", action="store_true", help="report drift instead of writing")
    args = parser.parse_args(argv)
    folders = [args.only] if args.only else list(FOLDERS)
    if args.check:
        problems = [p for f in folders for p in drifted(f)]
        for p in problems:
            print(p)
        return 1 if problems else 0
    for folder in folders:
        sync(folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
