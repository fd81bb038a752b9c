"""Read and write one notebook, an ``.ipynb`` file or a jupytext MyST ``.md`` file, as a NotebookNode.

This is the only module of the course that parses notebook files: the starter generator, the
twin synchroniser, the release, the report exporter and the grader all read through
:func:`read`. A MyST ``.md`` notebook is the text that people edit; its ``.ipynb`` twin holds the
same cells plus the outputs (see :mod:`gmmlab.notebook.pairing`).
"""

from __future__ import annotations

import sys
from copy import deepcopy
from pathlib import Path

# nbformat loads jsonschema, and jsonschema imports rfc3987_syntax when it is installed (JupyterLab
# brings it); that module builds a grammar at import, which costs seconds in every process that
# reads a notebook (the grader's workers included). Notebook schemas have no IRI formats, so it
# is kept out of this process: jsonschema then simply has no checker for that format.
sys.modules.setdefault("rfc3987_syntax", None)

import jupytext
import nbformat

__all__ = [
    "MYST",
    "SUFFIXES",
    "clear_outputs",
    "is_jupytext_md",
    "read",
    "reads",
    "write",
    "writes",
]

#: The jupytext format of every ``.md`` notebook of the course.
MYST = "md:myst"
#: The suffixes of a notebook the course reads (a jupytext ``.py`` script is read too).
SUFFIXES = (".ipynb", ".md")
_TEXT_SUFFIXES = (".md", ".py")
#: How far into a ``.md`` file its jupytext header is looked for.
_HEADER_CHARS = 2000


def read(path) -> nbformat.NotebookNode:
    """Read a notebook file.

    Parameters
    ----------
    path : str or pathlib.Path
        An ``.ipynb`` file, a jupytext ``.md`` (MyST) file or a jupytext ``.py`` script.

    Returns
    -------
    nbformat.NotebookNode
        A version-4 notebook; a text notebook has no outputs.

    Raises
    ------
    FileNotFoundError
        ``path`` is not a file.
    ValueError
        ``path`` has another suffix.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"path: no such notebook file {str(path)!r}")
    if path.suffix == ".ipynb":
        return nbformat.read(path, as_version=4)
    if path.suffix in _TEXT_SUFFIXES:
        return jupytext.read(path)
    raise ValueError(f"path must be a .ipynb or jupytext .md file; got {path.name!r}")


def reads(text: str, suffix: str = ".md") -> nbformat.NotebookNode:
    """Read a notebook from its text.

    Parameters
    ----------
    text : str
        The content of a notebook file.
    suffix : {".md", ".ipynb"}, default ".md"
        The kind of file the text comes from (``.md`` is read as MyST).

    Returns
    -------
    nbformat.NotebookNode
    """
    if suffix == ".ipynb":
        return nbformat.reads(text, as_version=4)
    if suffix == ".md":
        return jupytext.reads(text, fmt=MYST)
    raise ValueError(f"suffix must be '.md' or '.ipynb'; got {suffix!r}")


def writes(nb: nbformat.NotebookNode, suffix: str = ".md") -> str:
    """Return the text of ``nb`` as a MyST ``.md`` file or an ``.ipynb`` file.

    Parameters
    ----------
    nb : nbformat.NotebookNode
    suffix : {".md", ".ipynb"}, default ".md"

    Returns
    -------
    str
        An ``.ipynb`` text carries no jupytext ``text_representation`` (as jupytext writes it).
    """
    if suffix == ".ipynb":
        return nbformat.writes(_without_text_representation(nb))
    if suffix == ".md":
        return jupytext.writes(nb, fmt=MYST)
    raise ValueError(f"suffix must be '.md' or '.ipynb'; got {suffix!r}")


def write(nb: nbformat.NotebookNode, path) -> Path:
    """Write ``nb`` to ``path``, in the format its suffix names (``.md`` is MyST).

    Parameters
    ----------
    nb : nbformat.NotebookNode
    path : str or pathlib.Path
        Ends in ``.md`` or ``.ipynb``.

    Returns
    -------
    pathlib.Path
        The file written.
    """
    path = Path(path)
    text = writes(nb, path.suffix)
    path.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
    return path


def clear_outputs(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Remove the outputs and execution counts of every code cell, in place.

    Parameters
    ----------
    nb : nbformat.NotebookNode

    Returns
    -------
    nbformat.NotebookNode
        The same notebook.
    """
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
            cell.metadata.pop("execution", None)
    return nb


def is_jupytext_md(path) -> bool:
    """Tell whether a ``.md`` file is a jupytext notebook (it opens with a jupytext header).

    Parameters
    ----------
    path : str or pathlib.Path

    Returns
    -------
    bool
        False for a plain Markdown file (a README) and for an unreadable file.
    """
    try:
        head = Path(path).read_text(encoding="utf-8-sig", errors="replace")[:_HEADER_CHARS]
    except OSError:
        return False
    return head.startswith("---") and ("jupytext" in head or "kernelspec" in head)


def _without_text_representation(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of ``nb`` without ``jupytext.text_representation``, which only a text file keeps."""
    nb = deepcopy(nb)
    jupytext_meta = nb.metadata.get("jupytext", {})
    jupytext_meta.pop("text_representation", None)
    if not jupytext_meta:
        nb.metadata.pop("jupytext", None)
    return nb
