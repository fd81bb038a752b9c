"""Write the two tables of contents of the book from the course manifest (``gmmlab/course.py``).

``_toc.yml`` is the student edition (``make book``); ``book/_toc_instructor.yml`` adds the executed
solutions (``make book-instructor``). Both are generated: edit the manifest, then run
``make toc`` (``make starters`` runs it too).

Usage::

    python tools/make_toc.py           # write both files
    python tools/make_toc.py --check   # exit 1 when a committed file differs from the manifest
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from gmmlab.course import BOOK, CHAPTERS

ROOT = Path(__file__).resolve().parents[1]
_STUDENT = ("Student edition of the course site (make book). The instructor edition is "
            "book/_toc_instructor.yml.")
_INSTRUCTOR = ("Instructor edition of the course site (make book-instructor): the student "
               "edition plus the executed solutions.")
#: file -> (comment line, with the solutions?)
EDITIONS = {"_toc.yml": (_STUDENT, False), "book/_toc_instructor.yml": (_INSTRUCTOR, True)}


def _part(caption, files, numbered=False):
    lines = [f"  - caption: {caption}"]
    if numbered:
        lines.append("    numbered: true")
    lines.append("    chapters:")
    lines += [f"      - file: {f}" for f in files]
    return lines


def toc(solutions: bool, comment: str) -> str:
    """The text of one table of contents.

    Parameters
    ----------
    solutions : bool
        Add a part with the executed solution notebooks (instructor edition).
    comment : str
        The comment line at the top of the file.
    """
    lines = [f"# {comment}", "# Generated from gmmlab/course.py by tools/make_toc.py: do not edit.",
             "format: jb-book", f"root: {BOOK['root']}", "parts:"]
    lines += _part("Getting started", BOOK["Getting started"])
    lines += _part("Theory", BOOK["Theory"], numbered=True)
    lines += _part("Notebooks", [f"notebooks/{ch.stem}" for ch in CHAPTERS])
    if solutions:
        lines += _part("Solutions (instructor edition)", [f"solutions/{ch.stem}" for ch in CHAPTERS])
    lines += _part("Report and reference", BOOK["Report and reference"])
    lines += _part("For instructors", BOOK["For instructors"])
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report drift instead of writing")
    args = parser.parse_args(argv)
    stale = []
    for name, (comment, solutions) in EDITIONS.items():
        path, text = ROOT / name, toc(solutions, comment)
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(name)
        else:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {name}")
    for name in stale:
        print(f"{name} differs from the course manifest (run `make toc`)")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
