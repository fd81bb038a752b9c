"""The instructor's class report: what the class got wrong, from a gradebook, in HTML and Markdown.

=================  =======================================================================
``summary``        counts read from grades.json: points, named mistakes, hidden cases, crashes
``charts``         the figures (histograms) as PNG bytes and data: URIs
``blocks``         the report as plain blocks, shared by both formats
``build``          the report's content, as blocks
``html``           one self-contained HTML page (no network, figures embedded)
``markdown``       the Markdown twin, its figures as PNG files next to it
=================  =======================================================================
"""

from __future__ import annotations

from pathlib import Path

from ..gradebook import atomic_write, atomic_write_bytes
from . import build, html, markdown
from .summary import read_gradebook, summarise


def write_report(folder, extra=()) -> tuple:
    """Write ``REPORT.html`` and ``REPORT.md`` (with ``report-figures/``) into ``folder``.

    Parameters
    ----------
    folder : str or Path
        A gradebook folder (``gmmlab grade --out``): it must hold ``grades.json``.
    extra : sequence of blocks
        Further sections (late work, similar submissions, roster) appended to the report.

    Returns
    -------
    (Path, Path)
        The HTML and Markdown files written.
    """
    folder = Path(folder)
    summary = summarise(read_gradebook(folder))
    blocks = build.report_blocks(summary, extra)
    text, figures = markdown.render(blocks)
    for name, data in figures.items():
        atomic_write_bytes(folder / markdown.FIGURES / name, data)
    atomic_write(folder / "REPORT.md", text)
    atomic_write(folder / "REPORT.html", html.render(blocks))
    return folder / "REPORT.html", folder / "REPORT.md"
