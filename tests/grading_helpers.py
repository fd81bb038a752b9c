"""Build small synthetic submissions (notebook files) for the grader tests."""

import json
import re
from pathlib import Path

from exercise_impls import BASE

SETUP = "import numpy as np\nfrom gmmlab.exercises import check, hint\n"


def function_source(name):
    """Source of one function of the reference implementations in exercise_impls.BASE."""
    m = re.search(rf"^def {name}\(.*?(?=^def |\Z)", BASE, flags=re.DOTALL | re.MULTILINE)
    return m.group(0).rstrip() + "\n"


CHAPTER_FUNCTIONS = {
    "01_gaussian": ["log_gaussian_pdf", "ellipse_params"],
    "02_logsumexp": ["logsumexp"],
    "03_e_step": ["log_gaussian_pdf", "logsumexp", "e_step"],
    "04_m_step": ["m_step"],
    "05_em": ["log_gaussian_pdf", "logsumexp", "e_step", "m_step", "fit_gmm"],
    "06_initialisation": ["m_step", "init_random", "init_kmeans"],
    "07_model_selection": ["n_parameters", "bic", "aic"],
}


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
    """A complete, correct submission folder; ``override`` maps chapter -> extra cells."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    override = override or {}
    for chapter, names in CHAPTER_FUNCTIONS.items():
        body = "\n\n".join(function_source(n) for n in names)
        cells = [(["setup"], SETUP), (["exercise"], body),
                 (None, "raise RuntimeError('untagged cells must not run')")]
        cells += override.get(chapter, [])
        writer = write_ipynb if fmt == "ipynb" else write_md
        writer(folder / f"{chapter}.{fmt}", cells)
    return folder
