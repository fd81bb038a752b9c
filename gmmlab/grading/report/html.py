"""The report's blocks as one self-contained HTML page: inline style, figures as data: URIs."""

from __future__ import annotations

import re
from html import escape

from . import charts
from .blocks import Figure, Heading, SideBySide, Table, Text

_STYLE = """
body { font-family: sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem;
       color: #222; line-height: 1.4; }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; }
th, td { border: 1px solid #bbb; padding: 0.25rem 0.5rem; text-align: left;
         vertical-align: top; }
th { background: #eee; }
figure { margin: 0.5rem 0 1rem; }
figcaption { font-size: 0.9rem; color: #555; }
.pair { display: flex; gap: 1rem; }
.pair > div { flex: 1; min-width: 0; }
pre { background: #f6f6f6; padding: 0.5rem; overflow-x: auto; font-size: 0.8rem; }
"""


def _anchor(text: str, seen: dict) -> str:
    """A distinct id per heading ("named-mistakes", "named-mistakes-2", ...)."""
    base = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "section"
    seen[base] = seen.get(base, 0) + 1
    return base if seen[base] == 1 else f"{base}-{seen[base]}"


def _block(block, seen: dict) -> str:
    if isinstance(block, Heading):
        level = min(max(block.level, 1), 6)
        return f'<h{level} id="{_anchor(block.text, seen)}">{escape(block.text)}</h{level}>'
    if isinstance(block, Text):
        return f"<p>{escape(block.text)}</p>"
    if isinstance(block, Table):
        head = "".join(f"<th>{escape(str(h))}</th>" for h in block.header)
        rows = "".join("<tr>" + "".join(f"<td>{escape(str(c))}</td>" for c in row) + "</tr>"
                       for row in block.rows)
        return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
    if isinstance(block, Figure):
        return (f'<figure><img src="{charts.data_uri(block.png)}" alt="{escape(block.title)}">'
                f"<figcaption>{escape(block.title)}</figcaption></figure>")
    if isinstance(block, SideBySide):
        return (f"<h4>{escape(block.title)}</h4><div class=\"pair\">"
                f"<div><b>{escape(block.left_label)}</b><pre>{escape(block.left)}</pre></div>"
                f"<div><b>{escape(block.right_label)}</b><pre>{escape(block.right)}</pre></div>"
                "</div>")
    raise TypeError(f"not a report block: {type(block).__name__}")


def render(blocks: list, title: str = "Class report") -> str:
    """The HTML page (a string); it loads nothing from anywhere."""
    seen: dict = {}
    body = "\n".join(_block(b, seen) for b in blocks)
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
            "img-src data:; style-src 'unsafe-inline'\">"
            f"<title>{escape(title)}</title><style>{_STYLE}</style></head>"
            f"<body>\n{body}\n</body></html>\n")
