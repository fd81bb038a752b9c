"""Generate the student starter notebooks ``notebooks/*.md`` from the solutions ``solutions/*.md``.

A solution notebook is the only place an exercise is written. Inside its code cells
``### BEGIN SOLUTION <message>`` ... ``### END SOLUTION`` encloses the answer (the starter keeps
``raise NotImplementedError("<message>")``), ``### BEGIN SELF-TEST`` ... ``### END SELF-TEST``
encloses asserts that check the solution under nbval (the starter drops them), and a cell tagged
``solution-only`` is dropped whole. The parser, the generator and the leak rule live in the
notebook layer (:mod:`gmmlab.notebook.markers`, ``.starters``, ``.leaks``); this script writes
and checks the files.

Usage::

    python tools/make_starters.py            # write notebooks/<name>.md for every solutions/<name>.md
    python tools/make_starters.py --check    # exit 1 when a committed starter is stale, missing or leaks

The names below stay importable (``sys.path.insert(0, "tools"); import make_starters``):
:func:`make_starter`, :func:`solution_blocks`, :func:`fill_stubs`, :func:`secret_lines`,
:func:`leaked_lines`, :func:`strip_cell` and :func:`problems`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from gmmlab.notebook import leaks
from gmmlab.notebook.markers import Block, MarkerError
from gmmlab.notebook.starters import fill_stubs, make_starter, solution_blocks, strip_cell

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = ROOT / "solutions"
NOTEBOOKS = ROOT / "notebooks"

__all__ = ["Block", "MarkerError", "fill_stubs", "leaked_lines", "make_starter", "problems",
           "secret_lines", "solution_blocks", "strip_cell", "write_all"]


def secret_lines(solution) -> set:
    """The lines of a solution notebook that its starter must never show (the one leak rule).

    Parameters
    ----------
    solution : str or pathlib.Path
        A path to a MyST solution notebook, or its text.
    """
    return leaks.notebook_secrets(solution)


def leaked_lines(solution, starter) -> list:
    """Return the secret lines of ``solution`` that appear in ``starter`` (empty when clean).

    Parameters
    ----------
    solution, starter : str or pathlib.Path
        Paths to (or texts of) a solution notebook and a starter (``.md`` or ``.ipynb``).
    """
    if isinstance(starter, Path) or (isinstance(starter, str) and "\n" not in starter):
        text = leaks.shipped_text(starter)
    else:
        text = starter
    return leaks.leaked_lines(text, secret_lines(solution))


def problems(solutions: Path = SOLUTIONS, notebooks: Path = NOTEBOOKS) -> list:
    """Return a message for every starter that is missing, stale, leaks, or has no source."""
    found = [] if any(solutions.glob("*.md")) else [f"no solution notebooks found in {solutions}"]
    for source in sorted(solutions.glob("*.md")):
        target = notebooks / source.name
        expected = make_starter(source.read_text(encoding="utf-8"), str(source))
        if not target.exists():
            found.append(f"{target} is missing (run `make starters`)")
            continue
        if target.read_text(encoding="utf-8") != expected:
            found.append(f"{target} differs from a fresh generation (run `make starters`)")
        found += [f"{target} shows solution line {line!r}" for line in leaked_lines(source, target)]
    for target in sorted(notebooks.glob("*.md")):
        if not (solutions / target.name).exists():
            found.append(f"{target} has no source {solutions / target.name}; delete it")
    return found


def write_all(solutions: Path = SOLUTIONS, notebooks: Path = NOTEBOOKS) -> list:
    """Write ``notebooks/<name>.md`` for every ``solutions/<name>.md``; return the paths written."""
    sources = sorted(solutions.glob("*.md"))
    if not sources:
        raise SystemExit(f"no solution notebooks found in {solutions}")
    starters = {s: make_starter(s.read_text(encoding="utf-8"), str(s)) for s in sources}  # all or none
    notebooks.mkdir(parents=True, exist_ok=True)
    written = []
    for source, text in starters.items():
        target = notebooks / source.name
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
        written.append(target)
    return written


def main(argv: list | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="report stale starters instead of writing")
    parser.add_argument("--solutions", type=Path, default=SOLUTIONS,
                        help="folder of solution notebooks")
    parser.add_argument("--notebooks", type=Path, default=NOTEBOOKS,
                        help="folder of starter notebooks")
    args = parser.parse_args(argv)
    try:
        if args.check:
            found = problems(args.solutions, args.notebooks)
            for message in found:
                print(message)
            return 1 if found else 0
        for target in write_all(args.solutions, args.notebooks):
            print(f"wrote {target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}")
        remaining = problems(args.solutions, args.notebooks)
    except MarkerError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    for message in remaining:
        print(f"warning: {message}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
