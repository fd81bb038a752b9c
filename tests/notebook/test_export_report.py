"""Tests for tools/export_report.py: one self-contained HTML file with the figures embedded."""

import base64
import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from gmmlab.notebook import io

ROOT = Path(__file__).resolve().parents[2]
TOOL = ROOT / "tools" / "export_report.py"

_spec = importlib.util.spec_from_file_location("export_report", TOOL)
export_report = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(export_report)

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

# the figure cell draws a known picture; the markdown cell holds an equation and an image file
FIGURE_CODE = """\
import matplotlib.pyplot as plt
fig, ax = plt.subplots(figsize=(2, 2))
ax.plot([0, 1], [0, 1])
ax.set_title("tiny")
plt.show()
print("answer =", 6 * 7)
"""


def _tiny_notebook():
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Tiny report\n\nThe log-likelihood $\\ell(\\theta)$ grows."),
        nbformat.v4.new_code_cell("%matplotlib inline\n" + FIGURE_CODE),
    ]
    return nb


def _external_refs(html):
    """Every script src / link href / module import that points to the network."""
    url = r"[\"']?((?:https?:)?//[^\"'\s>]+)"
    srcs = re.findall(r"<script\b[^>]*\bsrc\s*=\s*" + url, html, re.IGNORECASE)
    links = re.findall(r"<link\b[^>]*\bhref\s*=\s*" + url, html, re.IGNORECASE)
    imports = re.findall(r"\bimport\b[^;\n]*?from\s*[\"'](https?://[^\"']+)", html)
    return srcs + links + imports


def _embedded_pngs(html):
    return re.findall(r"src=\"data:image/png;base64,([A-Za-z0-9+/=\s]+)\"", html)


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    folder = tmp_path_factory.mktemp("report")
    path = folder / "tiny.ipynb"
    nbformat.write(_tiny_notebook(), path)
    out = export_report.export_report(path, timeout=120)
    return out, out.read_text(encoding="utf-8")


def test_default_output_is_report_html_next_to_the_notebook(exported):
    out, _ = exported
    assert out.name == "report.html"
    assert out.parent.joinpath("tiny.ipynb").is_file()


def test_figure_is_embedded_as_a_base64_png(exported):
    _, html = exported
    pngs = _embedded_pngs(html)
    assert pngs, "no embedded PNG found"
    raw = base64.b64decode("".join(pngs[0].split()))
    assert raw.startswith(PNG_SIGNATURE)


def test_executed_output_is_in_the_page(exported):
    _, html = exported
    assert "answer = 42" in html


def test_page_loads_nothing_from_the_network(exported):
    _, html = exported
    assert _external_refs(html) == []


def test_equations_stay_renderable_offline(exported):
    _, html = exported
    assert "\\ell(\\theta)" in html
    if export_report.find_offline_mathjax() is not None:
        assert "window.MathJax" in html


def test_command_line_accepts_markdown_and_out(tmp_path):
    src = io.write(_tiny_notebook(), tmp_path / "draft.md")
    target = tmp_path / "sub" / "mine.html"
    result = subprocess.run(
        [sys.executable, str(TOOL), str(src), "--out", str(target)],
        check=False, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stderr
    html = target.read_text(encoding="utf-8")
    assert _embedded_pngs(html)
    assert "answer = 42" in html
    assert _external_refs(html) == []


def test_figures_are_inline_even_when_the_shell_sets_mplbackend(tmp_path, monkeypatch):
    # the one executor (gmmlab.notebook.execute) never passes MPLBACKEND to the kernel
    monkeypatch.setenv("MPLBACKEND", "Agg")
    path = tmp_path / "agg.ipynb"
    nbformat.write(_tiny_notebook(), path)
    html = export_report.export_report(path, timeout=120).read_text(encoding="utf-8")
    assert _embedded_pngs(html)


def test_local_markdown_image_is_embedded(tmp_path):
    # a 1x1 PNG written by hand, referenced from a markdown cell by a relative path
    png = base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYPj/HwADAgH/eL9G2wAAAABJRU5ErkJggg=="
    )
    (tmp_path / "dot.png").write_bytes(png)
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("![a dot](dot.png)")]
    path = tmp_path / "pic.ipynb"
    nbformat.write(nb, path)
    out = export_report.export_report(path, execute=False)
    html = out.read_text(encoding="utf-8")
    assert "data:image/png;base64," in html
    assert 'src="dot.png"' not in html


def test_make_self_contained_strips_cdn_tags():
    page = (
        "<html><head>"
        '<script src="https://cdnjs.cloudflare.com/ajax/libs/require.js/2.1.10/require.min.js"></script>'
        "<script type=\"text/javascript\" src='http://example.org/x.js'></script>"
        '<link rel="stylesheet" href="https://example.org/a.css">'
        '<script type="module">import m from "https://cdn.example.org/m.mjs"; m();</script>'
        "<script>var keep = 1;</script>"
        "</head><body><p>ok</p></body></html>"
    )
    clean = export_report.make_self_contained(page, mathjax_js=None)
    assert _external_refs(clean) == []
    assert "var keep = 1;" in clean
    assert "<p>ok</p>" in clean


def test_missing_notebook_is_a_clear_error(tmp_path, capsys):
    code = export_report.main([str(tmp_path / "nope.ipynb")])
    assert code == 2
    assert "nope.ipynb" in capsys.readouterr().err


def test_failing_cell_gives_exit_code_1(tmp_path, capsys):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell("raise RuntimeError('broken figure')")]
    path = tmp_path / "bad.ipynb"
    nbformat.write(nb, path)
    code = export_report.main([str(path), "--timeout", "120"])
    assert code == 1
    assert "broken figure" in capsys.readouterr().err
    assert not (tmp_path / "report.html").exists()
