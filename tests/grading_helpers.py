"""Build small synthetic submissions (notebook files) for the grader tests, from the solutions."""

import json
from pathlib import Path

from gmmlab import course
from gmmlab.exercises.variants import solution_cells, solution_source

#: A minimal setup cell for hand-written test notebooks.
SETUP = "import numpy as np\nfrom gmmlab.exercises import check, hint\n"


def function_source(name):
    """Source of the function ``name`` as its chapter's solution (``solutions/NN_topic.md``) has it."""
    return solution_source(name)


def write_ipynb(path, cells):
    """Write a notebook; cells are (tags, source) pairs (tags None for an untagged cell)."""
    nb = {"cells": [{"cell_type": "code", "execution_count": None, "id": f"c{i}",
                     "metadata": {"tags": tags} if tags else {}, "outputs": [],
                     "source": src} for i, (tags, src) in enumerate(cells)],
          "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                      "language": "python"}},
          "nbformat": 4, "nbformat_minor": 5}
    Path(path).write_text(json.dumps(nb), encoding="utf-8")
    return Path(path)


def write_md(path, cells):
    """Write a jupytext MyST notebook; cells are (tags, source) pairs."""
    parts = ["---", "jupytext:", "  text_representation:", "    extension: .md",
             "    format_name: myst", "kernelspec:", "  display_name: Python 3",
             "  language: python", "  name: python3", "---", "", "# A notebook", ""]
    for tags, src in cells:
        parts.append("```{code-cell} ipython3")
        if tags:
            parts.append(f":tags: [{', '.join(tags)}]")
            parts.append("")
        parts.append(src.rstrip())
        parts.append("```")
        parts.append("")
    Path(path).write_text("\n".join(parts), encoding="utf-8")
    return Path(path)


def good_folder(folder, override=None, fmt="ipynb"):
    """A complete, correct submission folder: for every chapter of the manifest with exercises,
    the setup and exercise cells of its solution, then an untagged cell that must not run.

    ``override`` maps a chapter stem to extra (tags, source) cells appended to its notebook.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    override = override or {}
    writer = write_ipynb if fmt == "ipynb" else write_md
    for chapter in course.CHAPTERS:
        if not chapter.exercises:
            continue
        cells = solution_cells(chapter.stem)
        cells += [(None, "raise RuntimeError('untagged cells must not run')")]
        cells += override.get(chapter.stem, [])
        writer(folder / f"{chapter.stem}.{fmt}", cells)
    return folder
