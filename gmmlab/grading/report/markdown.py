"""The report's blocks as Markdown; figures are written as PNG files next to it and linked."""

from __future__ import annotations

from .blocks import Figure, Heading, SideBySide, Table, Text

FIGURES = "report-figures"


def _cell(value) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def _block(block, figures: dict) -> list:
    if isinstance(block, Heading):
        return ["#" * min(max(block.level, 1), 6) + " " + block.text, ""]
    if isinstance(block, Text):
        return [block.text, ""]
    if isinstance(block, Table):
        lines = ["| " + " | ".join(_cell(h) for h in block.header) + " |",
                 "|" + "---|" * len(block.header)]
        lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in block.rows]
        return lines + [""]
    if isinstance(block, Figure):
        figures[f"{block.name}.png"] = block.png
        return [f"![{block.title}]({FIGURES}/{block.name}.png)", ""]
    if isinstance(block, SideBySide):
        return [f"#### {block.title}", "", f"**{block.left_label}**", "", "```python",
                block.left.rstrip(), "```", "", f"**{block.right_label}**", "", "```python",
                block.right.rstrip(), "```", ""]
    raise TypeError(f"not a report block: {type(block).__name__}")


def render(blocks: list) -> tuple:
    """``(markdown text, {file name: png bytes})``; the figures go in :data:`FIGURES`."""
    figures: dict = {}
    lines = []
    for b in blocks:
        lines += _block(b, figures)
    return "\n".join(lines), figures
