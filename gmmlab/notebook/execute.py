"""The one notebook executor of the course: every cell, in order, in a fresh kernel (nbclient).

``make sync`` executes the solution twins with it, the report exporter executes a report, and
the release test executes the starters. The kernel never inherits ``MPLBACKEND``: a shell that
sets it (``MPLBACKEND=Agg`` in CI) would otherwise stop figures from being stored inline, and
the stored outputs would depend on who ran the notebook.
"""

from __future__ import annotations

import os
from pathlib import Path

import nbformat

__all__ = ["TIMEOUT", "execute", "kernel_env"]

#: Seconds allowed per cell.
TIMEOUT = 300
#: Environment variables the kernel must not inherit.
_DROPPED = ("MPLBACKEND",)


def kernel_env(environ=None) -> dict:
    """The environment a notebook kernel starts with: ``environ`` without ``MPLBACKEND``.

    Parameters
    ----------
    environ : mapping, optional
        Defaults to ``os.environ``.

    Returns
    -------
    dict
    """
    environ = os.environ if environ is None else environ
    return {k: v for k, v in environ.items() if k not in _DROPPED}


def execute(nb: nbformat.NotebookNode, cwd, *, timeout: float = TIMEOUT,
            kernel_name: str = "python3", allow_errors: bool = False) -> nbformat.NotebookNode:
    """Run every cell of ``nb`` in place, in a fresh kernel started in ``cwd``.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        The notebook; its outputs and execution counts are replaced.
    cwd : str or pathlib.Path
        Folder the kernel starts in (relative paths in the notebook resolve from here).
    timeout : float, default TIMEOUT
        Seconds allowed per cell.
    kernel_name : str, default "python3"
        Jupyter kernel to start.
    allow_errors : bool, default False
        Record a failing cell's error as its output and go on, instead of raising.

    Returns
    -------
    nbformat.NotebookNode
        The same notebook, executed. No timing metadata is recorded, so that executing twice
        gives the same file.

    Raises
    ------
    nbclient.exceptions.CellExecutionError
        A cell failed and ``allow_errors`` is False.
    """
    from nbclient import NotebookClient

    cwd = Path(cwd)
    if not cwd.is_dir():
        raise ValueError(f"cwd must be an existing folder; got {str(cwd)!r}")
    client = NotebookClient(nb, timeout=timeout, kernel_name=kernel_name,
                            allow_errors=allow_errors, record_timing=False,
                            resources={"metadata": {"path": str(cwd)}})
    client.execute(env=kernel_env())
    return nb
