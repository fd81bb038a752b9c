"""Every pair opens in JupyterLab whichever file is newer: jupytext refuses to open a ``.md``
whose newer ``.ipynb`` twin reads differently (file times after a checkout are arbitrary)."""

from pathlib import Path

import jupytext
import pytest

ROOT = Path(__file__).resolve().parents[2]
PAIRS = sorted((ROOT / "notebooks").glob("*.md")) + sorted((ROOT / "solutions").glob("*.md"))


@pytest.mark.parametrize("md", PAIRS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_the_twin_reads_as_the_md(md):
    twin = jupytext.read(md.with_suffix(".ipynb"))
    assert jupytext.writes(twin, fmt="md:myst") == md.read_text(encoding="utf-8")
