"""The ``.md``/``.ipynb`` pairs: their jupytext formats, what the twin holds, whether the two agree.

Every notebook of ``notebooks/`` and ``solutions/`` is a jupytext pair: the MyST ``.md`` (the
source people edit and review) and the ``.ipynb`` twin (the same cells, plus the outputs of an
executed solution). Both files carry ``jupytext.formats = "ipynb,md:myst"`` in their notebook
metadata, so that JupyterLab's jupytext contents manager saves both files whichever one is open,
in this repository as in the student release. ``tools/sync_notebooks.py`` writes the twins and
checks the pairs with :func:`differences`.
"""

from __future__ import annotations

import copy
from pathlib import Path

import nbformat

from . import io

__all__ = [
    "FORMATS",
    "comparable",
    "differences",
    "formats",
    "is_paired",
    "language_info",
    "pair",
    "twin_notebook",
    "twin_path",
]

#: The jupytext pairing of every course notebook.
FORMATS = "ipynb,md:myst"
#: The kernel as JupyterLab writes it when it saves a notebook (ipykernel's kernelspec), so that
#: opening a notebook does not change it. Keys in sorted order, as jupytext writes them from the
#: ``.ipynb``: jupytext refuses to open a ``.md`` whose newer twin reads differently.
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
#: The widget state JupyterLab saves into a notebook that shows no widget (the course's settings
#: save widget state, so that the EM stepper of chapter 05 keeps its picture).
NO_WIDGETS = {"application/vnd.jupyter.widget-state+json": {
    "state": {}, "version_major": 2, "version_minor": 0}}
#: Cell metadata that a run writes and a ``.md`` never holds.
_RUN_METADATA = {"execution", "ExecuteTime", "collapsed", "scrolled", "trusted"}


def language_info() -> dict:
    """The ``language_info`` that the course's kernel (ipykernel on this Python) reports.

    JupyterLab stores it in every notebook it saves; a twin that already holds it is not
    changed by opening and saving it.
    """
    from ipykernel.ipkernel import IPythonKernel

    return dict(IPythonKernel.language_info)


def formats(nb: nbformat.NotebookNode) -> str | None:
    """Return the jupytext pairing formats of ``nb`` (None when it is not paired)."""
    return (nb.metadata.get("jupytext") or {}).get("formats")


def is_paired(nb: nbformat.NotebookNode) -> bool:
    """True when ``nb`` is paired the course's way (:data:`FORMATS`)."""
    return formats(nb) == FORMATS


def pair(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Give ``nb`` the pairing metadata :data:`FORMATS`, in place; return it."""
    nb.metadata.setdefault("jupytext", {})["formats"] = FORMATS
    return nb


def twin_path(path) -> Path:
    """The other file of a pair: ``x.ipynb`` for ``x.md`` and ``x.md`` for ``x.ipynb``.

    Raises
    ------
    ValueError
        ``path`` ends neither in ``.md`` nor in ``.ipynb``.
    """
    path = Path(path)
    if path.suffix not in io.SUFFIXES:
        raise ValueError(f"path must end in .md or .ipynb; got {path.name!r}")
    return path.with_suffix(".ipynb" if path.suffix == ".md" else ".md")


def twin_notebook(md_nb: nbformat.NotebookNode,
                  previous: nbformat.NotebookNode | None = None) -> nbformat.NotebookNode:
    """What the ``.ipynb`` twin of a ``.md`` notebook holds before it is executed.

    Parameters
    ----------
    md_nb : nbformat.NotebookNode
        The notebook read from the ``.md`` file; modified in place.
    previous : nbformat.NotebookNode, optional
        The committed twin. A cell whose type and source did not change keeps its id, so that
        regenerating a twin does not rewrite every cell.

    Returns
    -------
    nbformat.NotebookNode
        Paired, no outputs, the kernel ``python3``, and of the jupytext metadata only what
        jupytext itself keeps in an ``.ipynb`` (no ``text_representation``).
    """
    nb = io.clear_outputs(md_nb)
    meta = nb.metadata.setdefault("jupytext", {})
    meta.pop("text_representation", None)
    if formats(nb) is not None:
        meta["formats"] = formats(nb)
    else:
        nb.metadata.pop("jupytext")
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata["language_info"] = language_info()
    nb.metadata["widgets"] = copy.deepcopy(NO_WIDGETS)
    if previous is not None:
        for cell, old in zip(nb.cells, previous.cells):
            if (cell.cell_type, cell.source) == (old.cell_type, old.source) and "id" in old:
                cell["id"] = old["id"]
    return nb


def comparable(nb: nbformat.NotebookNode) -> list:
    """Reduce a notebook to what its ``.md`` determines: per cell its type, source and metadata.

    Parameters
    ----------
    nb : nbformat.NotebookNode

    Returns
    -------
    list of tuple
        ``(cell_type, stripped source, sorted metadata items)`` per cell; what a run adds to
        the metadata (timings) is left out.
    """
    cells = []
    for cell in nb.cells:
        meta = {k: v for k, v in cell.get("metadata", {}).items() if k not in _RUN_METADATA}
        cells.append((cell.cell_type, cell.source.strip(), repr(sorted(meta.items()))))
    return cells


def differences(md_nb: nbformat.NotebookNode, ipynb_nb: nbformat.NotebookNode) -> list:
    """Say where the two notebooks of a pair disagree (empty when they agree).

    Parameters
    ----------
    md_nb, ipynb_nb : nbformat.NotebookNode
        The notebook read from the ``.md`` file and the one read from its ``.ipynb`` twin.

    Returns
    -------
    list of str
        The pairing metadata of each file that is missing, then the first cell that differs
        (or the cell counts).
    """
    found = [f"the {name} is not paired (its jupytext.formats is {formats(nb)!r}, "
             f"not {FORMATS!r})"
             for name, nb in ((".md", md_nb), (".ipynb", ipynb_nb)) if not is_paired(nb)]
    a, b = comparable(md_nb), comparable(ipynb_nb)
    for index, (left, right) in enumerate(zip(a, b)):
        if left != right:
            what = ("type" if left[0] != right[0] else "source" if left[1] != right[1]
                    else "metadata")
            found.append(f"cell {index} differs in its {what}")
            break
    else:
        if len(a) != len(b):
            found.append(f"the cell counts differ (.md {len(a)}, .ipynb {len(b)})")
    return found
