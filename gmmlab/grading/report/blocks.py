"""The report as plain blocks (headings, text, tables, figures, code side by side), for any format.

The class report is built once as a list of blocks (:mod:`.build`); :mod:`.html` and
:mod:`.markdown` each render that list, so the two files always say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Heading:
    level: int
    text: str


@dataclass
class Text:
    text: str


@dataclass
class Table:
    header: list
    rows: list


@dataclass
class Figure:
    """A figure: ``name`` is its file stem, ``title`` its caption, ``png`` its bytes."""

    name: str
    title: str
    png: bytes


@dataclass
class SideBySide:
    """Two code listings shown next to each other (similar submissions)."""

    title: str
    left_label: str
    left: str
    right_label: str
    right: str
