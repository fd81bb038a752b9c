"""Execute a report notebook and export it to one self-contained HTML file for submission.

Usage::

    python tools/export_report.py notebooks/09_report.ipynb            # -> notebooks/report.html
    python tools/export_report.py my_report.md --out submission.html   # a MyST .md works too
    python tools/export_report.py done.ipynb --no-execute               # export the outputs as they are

The notebook (``.ipynb`` or jupytext ``.md``) is executed top to bottom in its own folder, then
converted with nbconvert's ``lab`` template. Every figure is embedded as a base64 data URI, and
nothing is loaded from the network when the file is opened: the CDN ``<script>`` tags of the
template (require.js, MathJax 2, mermaid, widgets) are left out and, when the offline MathJax 3
bundle shipped by ``sphinx-mathjax-offline`` is installed, it is inlined so that equations still
render. The result can be attached to an e-mail or uploaded as a single file.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from gmmlab.notebook import read
from gmmlab.notebook.execute import execute as run_notebook

# A template that extends nbconvert's "lab" template and drops every block that loads from a CDN.
_TEMPLATE_NAME = "gmmlab_report.html.j2"
_MATHJAX_PLACEHOLDER = "<!-- gmmlab: offline MathJax goes here -->"
_TEMPLATE = (
    "{%- extends 'index.html.j2' -%}\n"
    "{%- block html_head_js -%}{%- endblock html_head_js -%}\n"
    "{% block jupyter_widgets %}{% endblock jupyter_widgets %}\n"
    "{%- block html_head_js_mathjax -%}\n" + _MATHJAX_PLACEHOLDER + "\n{%- endblock html_head_js_mathjax -%}\n"
    "{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}\n"
)

_MATHJAX_CONFIG = """<script>
window.MathJax = {
  tex: {
    inlineMath: [['$', '$'], ['\\\\(', '\\\\)']],
    displayMath: [['$$', '$$'], ['\\\\[', '\\\\]']],
    processEscapes: true
  },
  svg: {fontCache: 'global'},
  options: {ignoreHtmlClass: 'jp-OutputArea-output|highlight'}
};
</script>"""

# <script ... src="http(s)://..."> ... </script>  and  <link ... href="http(s)://...">
_EXTERNAL_SCRIPT = re.compile(
    r"<script\b[^>]*\bsrc\s*=\s*[\"']?(?:https?:)?//[^>]*>.*?</script\s*>", re.IGNORECASE | re.DOTALL
)
_EXTERNAL_LINK = re.compile(
    r"<link\b[^>]*\bhref\s*=\s*[\"']?(?:https?:)?//[^>]*>", re.IGNORECASE | re.DOTALL
)
# an inline module script that imports from the network (e.g. mermaid)
_IMPORTING_SCRIPT = re.compile(
    r"<script\b[^>]*>(?:(?!</script).)*?\bimport\b[^;]*?[\"']https?://(?:(?!</script).)*</script\s*>",
    re.IGNORECASE | re.DOTALL,
)


def find_offline_mathjax():
    """Return the path of an offline MathJax 3 bundle (``tex-svg.js``), or None if none is installed.

    Returns
    -------
    path : pathlib.Path or None
        The SVG output of MathJax needs no web fonts, so inlining this one file is enough.
    """
    for entry in sys.path:
        candidate = Path(entry) / "sphinx-mathjax-offline" / "static" / "mathjax" / "tex-svg.js"
        if candidate.is_file():
            return candidate
    return None


def make_self_contained(html, mathjax_js=None):
    """Remove every reference to the network from an exported page and inline MathJax.

    Parameters
    ----------
    html : str
        HTML produced by nbconvert.
    mathjax_js : str or None
        Source of an offline MathJax 3 bundle to inline; None leaves equations as TeX text.

    Returns
    -------
    html : str
        A page that loads nothing from outside itself.
    """
    html = _EXTERNAL_SCRIPT.sub("", html)
    html = _EXTERNAL_LINK.sub("", html)
    html = _IMPORTING_SCRIPT.sub("", html)
    if mathjax_js is not None:
        block = _MATHJAX_CONFIG + "\n<script>\n" + mathjax_js + "\n</script>"
    else:
        block = ""
    if _MATHJAX_PLACEHOLDER in html:
        html = html.replace(_MATHJAX_PLACEHOLDER, block)
    elif block:
        html = html.replace("</head>", block + "\n</head>", 1)
    return html


def export_html(nb, workdir="."):
    """Convert an (executed) notebook to a self-contained HTML string.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        The notebook, with its outputs.
    workdir : str or pathlib.Path, default="."
        Folder that relative image paths in markdown cells are resolved from.

    Returns
    -------
    html : str
    """
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name="lab",
        extra_loaders=[DictLoader({_TEMPLATE_NAME: _TEMPLATE})],
        template_file=_TEMPLATE_NAME,
        embed_images=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"path": str(workdir)}})
    mathjax_path = find_offline_mathjax()
    mathjax_js = mathjax_path.read_text(encoding="utf-8") if mathjax_path is not None else None
    return make_self_contained(body, mathjax_js)


def export_report(notebook, out=None, execute=True, timeout=600):
    """Execute ``notebook`` (unless ``execute=False``) and write it as one self-contained HTML file.

    Parameters
    ----------
    notebook : str or pathlib.Path
        An ``.ipynb`` or jupytext ``.md`` notebook.
    out : str or pathlib.Path or None, default=None
        Output file; by default ``report.html`` in the notebook's folder.
    execute : bool, default=True
        Run the notebook first (recommended, so that the figures match the code).
    timeout : int, default=600
        Seconds allowed per cell.

    Returns
    -------
    out : pathlib.Path
        The file written.
    """
    notebook = Path(notebook)
    workdir = notebook.resolve().parent
    nb = read(notebook)
    if execute:
        run_notebook(nb, workdir, timeout=timeout)
    html = export_html(nb, workdir)
    out = Path(out) if out is not None else notebook.with_name("report.html")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(html, encoding="utf-8")
    return out


def main(argv=None):
    """Command-line entry point; returns the process exit code."""
    parser = argparse.ArgumentParser(
        description="Execute a report notebook and export it to one self-contained HTML file."
    )
    parser.add_argument("notebook", help="the report notebook (.ipynb or MyST .md)")
    parser.add_argument("--out", default=None, help="output file (default: report.html next to it)")
    parser.add_argument(
        "--no-execute", action="store_true", help="export the stored outputs without running"
    )
    parser.add_argument("--timeout", type=int, default=600, help="seconds allowed per cell")
    args = parser.parse_args(argv)
    try:
        out = export_report(args.notebook, args.out, execute=not args.no_execute,
                            timeout=args.timeout)
    except (FileNotFoundError, ValueError) as exc:
        print(f"export_report: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # a cell failed: show the cell's error, not a long traceback
        if type(exc).__name__ == "CellExecutionError":
            print(f"export_report: the notebook raised an error, fix it and retry:\n{exc}",
                  file=sys.stderr)
            return 1
        raise
    size_kb = out.stat().st_size / 1024
    print(f"Wrote {out} ({size_kb:.0f} kB): one file, figures embedded, no network needed.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
