"""Saving a course notebook in JupyterLab updates both files of its pair.

JupyterLab with jupytext installed saves through jupytext's contents manager (the server
extension derives it from jupyter_server's ``AsyncLargeFileManager``). These tests save a copy
of a committed starter pair through that manager, and through jupytext's synchronous
``TextFileContentsManager``, and look at both files on disk.
"""

from __future__ import annotations

import asyncio
import inspect
import os
import shutil
from pathlib import Path

import jupytext
import pytest
from jupyter_server.services.contents.largefilemanager import AsyncLargeFileManager

from gmmlab.notebook import io, pairing, tags

ROOT = Path(__file__).resolve().parents[2]
STARTER = ROOT / "notebooks" / "03_e_step.md"
CHANGE = "# saved from JupyterLab"


def _manager(kind: str, root: Path):
    if kind == "jupyterlab":
        cls = jupytext.build_async_jupytext_contents_manager_class(AsyncLargeFileManager)
    else:
        cls = jupytext.TextFileContentsManager
    return cls(root_dir=str(root))


def _call(result):
    return asyncio.run(result) if inspect.isawaitable(result) else result


@pytest.fixture
def pair(tmp_path):
    """A copy of a committed starter pair; the .ipynb is the newer file, as after `make sync`."""
    md = tmp_path / STARTER.name
    ipynb = md.with_suffix(".ipynb")
    shutil.copy(STARTER, md)
    shutil.copy(STARTER.with_suffix(".ipynb"), ipynb)
    stamp = md.stat().st_mtime
    os.utime(md, (stamp - 60, stamp - 60))
    os.utime(ipynb, (stamp, stamp))
    return md, ipynb


def _save_with_a_change(kind: str, folder: Path, name: str) -> None:
    manager = _manager(kind, folder)
    model = _call(manager.get(name))
    assert model["type"] == "notebook"
    cell = next(c for c in model["content"]["cells"] if tags.is_exercise(c))
    cell["source"] = cell["source"] + "\n" + CHANGE
    _call(manager.save(model, name))


def _has_change(nb) -> bool:
    return any(CHANGE in cell.source for cell in nb.cells if tags.is_exercise(cell))


def test_the_committed_pairs_carry_the_pairing_metadata():
    for folder in ("notebooks", "solutions"):
        for md in sorted((ROOT / folder).glob("*.md")):
            assert pairing.is_paired(io.read(md)), md
            assert pairing.is_paired(io.read(md.with_suffix(".ipynb"))), md.with_suffix(".ipynb")


@pytest.mark.parametrize("kind", ["jupyterlab", "sync"])
@pytest.mark.parametrize("opened", [".md", ".ipynb"])
def test_saving_either_file_updates_both(pair, kind, opened):
    md, ipynb = pair
    _save_with_a_change(kind, md.parent, md.with_suffix(opened).name)
    assert _has_change(io.read(md)), f"saving {opened} left the .md unchanged"
    assert _has_change(io.read(ipynb)), f"saving {opened} left the .ipynb unchanged"
    assert pairing.differences(io.read(md), io.read(ipynb)) == []


def test_without_the_pairing_metadata_only_the_saved_file_changes(pair):
    """The control: the test above fails when the pairing metadata is removed."""
    md, ipynb = pair
    for path in (md, ipynb):
        nb = io.read(path)
        nb.metadata.get("jupytext", {}).pop("formats", None)
        io.write(nb, path)
    _save_with_a_change("jupyterlab", md.parent, md.name)
    assert _has_change(io.read(md))
    assert not _has_change(io.read(ipynb))
