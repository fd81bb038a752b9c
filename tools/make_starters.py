"""Generate the student starter notebooks ``notebooks/*.md`` from the solutions ``solutions/*.md``.

A solution notebook is the only place an exercise is written. Inside its code cells:

* ``### BEGIN SOLUTION <message>`` ... ``### END SOLUTION`` encloses the answer. The starter keeps
  a single line ``raise NotImplementedError("<message>")`` at the indentation of the marker, so
  the message must say exactly what the student has to write.
* ``### BEGIN HIDDEN TESTS`` ... ``### END HIDDEN TESTS`` encloses instructor-only checks; the
  starter drops the block.
* A cell tagged ``solution-only`` is dropped whole, and so is a code cell that held nothing but
  hidden tests.

Everything else is copied unchanged (jupytext only normalises the cell separators). Malformed
markers (a block never closed, a block opened inside another one, a solution block without a
message, an empty block, a misspelt marker) raise :class:`MarkerError` naming the file, the cell
and the line.

Usage::

    python tools/make_starters.py            # write notebooks/<name>.md for every solutions/<name>.md
    python tools/make_starters.py --check    # exit 1 when a committed starter is stale or missing

The functions below are importable (``sys.path.insert(0, "tools"); import make_starters``):
:func:`make_starter`, :func:`solution_blocks`, :func:`fill_stubs`, :func:`secret_lines`,
:func:`leaked_lines`, :func:`strip_cell` and :func:`problems`.
"""

from __future__ import annotations

import argparse
import dataclasses
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import jupytext

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = ROOT / "solutions"
NOTEBOOKS = ROOT / "notebooks"
FORMAT = "md:myst"

SOLUTION_ONLY_TAG = "solution-only"
BEGIN_SOLUTION = re.compile(r"^(?P<indent>[ \t]*)### BEGIN SOLUTION(?:[ \t]+(?P<message>\S.*?))?[ \t]*$")
END_SOLUTION = re.compile(r"^(?P<indent>[ \t]*)### END SOLUTION[ \t]*$")
BEGIN_HIDDEN = re.compile(r"^(?P<indent>[ \t]*)### BEGIN HIDDEN TESTS[ \t]*$")
END_HIDDEN = re.compile(r"^(?P<indent>[ \t]*)### END HIDDEN TESTS[ \t]*$")
# Anything that looks like a marker; used to reject misspellings such as "## BEGIN SOLUTION".
MARKER_LIKE = re.compile(r"#+\s*(BEGIN|END)\s+(SOLUTION|HIDDEN)", re.IGNORECASE)
STUB = re.compile(r"^(?P<indent>[ \t]*)raise NotImplementedError\((?P<arg>\".*\")\)[ \t]*$")

# A solution line shorter than this (after stripping) is too generic to count as a leak.
MIN_SECRET_LENGTH = 12


class MarkerError(ValueError):
    """A solution or hidden-test marker is malformed."""


@dataclass(frozen=True)
class SolutionBlock:
    """One ``### BEGIN SOLUTION`` block of a solution notebook.

    Attributes
    ----------
    cell : int
        Index of the code cell in the notebook (all cells counted, from 0).
    line : int
        1-based line of the ``BEGIN`` marker inside the cell source.
    indent : str
        Whitespace in front of the marker; the stub is written at this indentation.
    message : str
        Text of the ``NotImplementedError`` raised by the stub.
    code : str
        The solution lines between the markers, exactly as written (no trailing newline).
    solution_only : bool
        True when the cell is tagged ``solution-only`` (the starter drops it, so it has no stub).
    """

    cell: int
    line: int
    indent: str
    message: str
    code: str
    solution_only: bool = False

    @property
    def stub(self) -> str:
        """The line that replaces this block in the starter."""
        return f"{self.indent}raise NotImplementedError({quote(self.message)})"


def quote(message: str) -> str:
    """Return ``message`` as a double-quoted Python string literal."""
    return '"' + message.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _where(origin: str, cell: int, line: int) -> str:
    return f"{origin}, cell {cell}, line {line}"


def _scan(source: str, origin: str, cell: int) -> tuple[list[str], list[SolutionBlock]]:
    """Return the starter lines of one code cell and the solution blocks it contains."""
    out: list[str] = []
    blocks: list[SolutionBlock] = []
    open_kind = None  # None, "solution" or "hidden"
    start = indent = message = None
    body: list[str] = []
    for number, text in enumerate(source.split("\n"), start=1):
        where = _where(origin, cell, number)
        b_sol, e_sol = BEGIN_SOLUTION.match(text), END_SOLUTION.match(text)
        b_hid, e_hid = BEGIN_HIDDEN.match(text), END_HIDDEN.match(text)
        if b_sol or b_hid:
            if open_kind is not None:
                raise MarkerError(f"{where}: a marker block is opened inside another one (line {start})")
            if b_sol and not b_sol.group("message"):
                raise MarkerError(
                    f"{where}: '### BEGIN SOLUTION' needs a message saying what to write, "
                    "e.g. '### BEGIN SOLUTION Return the (n,) log-densities.'"
                )
            match = b_sol or b_hid
            open_kind = "solution" if b_sol else "hidden"
            start, indent, body = number, match.group("indent"), []
            message = b_sol.group("message").strip() if b_sol else None
        elif e_sol or e_hid:
            kind = "solution" if e_sol else "hidden"
            if open_kind is None:
                raise MarkerError(f"{where}: end marker without a matching begin marker")
            if kind != open_kind:
                raise MarkerError(f"{where}: '{text.strip()}' closes a {open_kind} block (line {start})")
            if (e_sol or e_hid).group("indent") != indent:
                raise MarkerError(f"{where}: end marker indented differently from line {start}")
            if not any(b.strip() for b in body):
                raise MarkerError(f"{where}: the block opened on line {start} is empty")
            if kind == "solution":
                blocks.append(SolutionBlock(cell, start, indent, message, "\n".join(body)))
                out.append(blocks[-1].stub)
            open_kind = None
        elif MARKER_LIKE.search(text):
            raise MarkerError(
                f"{where}: malformed marker {text.strip()!r}; write '### BEGIN SOLUTION <message>', "
                "'### END SOLUTION', '### BEGIN HIDDEN TESTS' or '### END HIDDEN TESTS'"
            )
        elif open_kind is None:
            out.append(text)
        else:
            body.append(text)
    if open_kind is not None:
        raise MarkerError(f"{_where(origin, cell, start)}: the {open_kind} block is never closed")
    return out, blocks


def strip_cell(source: str, origin: str = "<cell>", cell: int = 0) -> str:
    """Return the starter version of one code cell's source (stubs in, hidden tests out)."""
    return "\n".join(_scan(source, origin, cell)[0])


def _read(text_or_path: str | Path) -> tuple[str, str]:
    """Return ``(text, origin)`` for a path or for notebook text."""
    if isinstance(text_or_path, Path) or (
        isinstance(text_or_path, str) and "\n" not in text_or_path and text_or_path.endswith(".md")
    ):
        path = Path(text_or_path)
        return path.read_text(encoding="utf-8"), str(path)
    return text_or_path, "<notebook>"


def _tags(cell) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def solution_blocks(text_or_path: str | Path) -> list[SolutionBlock]:
    """Return every solution block of a solution notebook, in order.

    Parameters
    ----------
    text_or_path : str or Path
        A path to a MyST ``.md`` notebook, or the notebook text itself.

    Returns
    -------
    list of SolutionBlock
        Blocks inside ``solution-only`` cells are included (they are secrets too).
    """
    text, origin = _read(text_or_path)
    nb = jupytext.reads(text, fmt=FORMAT)
    blocks = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            found = _scan(cell.source, origin, index)[1]
            if SOLUTION_ONLY_TAG in _tags(cell):
                found = [dataclasses.replace(b, solution_only=True) for b in found]
            blocks.extend(found)
    return blocks


def make_starter(text: str, origin: str = "<notebook>") -> str:
    """Return the starter notebook text generated from a solution notebook text."""
    nb = jupytext.reads(text, fmt=FORMAT)
    cells = []
    for index, cell in enumerate(nb.cells):
        if SOLUTION_ONLY_TAG in _tags(cell):
            if cell.cell_type == "code":
                _scan(cell.source, origin, index)  # still reject malformed markers
            continue
        if cell.cell_type == "code":
            stripped = strip_cell(cell.source, origin, index)
            if cell.source.strip() and not stripped.strip():
                continue  # the cell held nothing but hidden tests
            cell.source = stripped
        cells.append(cell)
    nb.cells = cells
    result = _same_version(jupytext.writes(nb, fmt=FORMAT), text)
    return result if result.endswith("\n") else result + "\n"


VERSION_LINE = re.compile(r"^[ \t]*jupytext_version:.*\n", re.MULTILINE)


def _same_version(result: str, source: str) -> str:
    """Copy the source's ``jupytext_version`` header line (or its absence) into ``result``.

    jupytext stamps its own version into the header; keeping the source's instead makes a
    starter a function of its solution only, not of the installed jupytext.
    """
    wanted = VERSION_LINE.search(source)
    return VERSION_LINE.sub(lambda _: wanted.group(0) if wanted else "", result, count=1)


def fill_stubs(starter_text: str, blocks: list[SolutionBlock]) -> str:
    """Put solution code back in place of the stubs of a starter (in order).

    Used to prove that the stubs and the solutions line up: a starter filled with the blocks of
    its own solution must pass every check. Raises ValueError when the counts differ.
    """
    nb = jupytext.reads(starter_text, fmt=FORMAT)
    remaining = [b for b in blocks if not b.solution_only]
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        lines = []
        for line in cell.source.split("\n"):
            match = STUB.match(line)
            if match and remaining and match.group("indent") == remaining[0].indent and (
                match.group("arg") == quote(remaining[0].message)
            ):
                lines.append(remaining.pop(0).code)
            else:
                lines.append(line)
        cell.source = "\n".join(lines)
    if remaining:
        raise ValueError(f"{len(remaining)} solution block(s) found no matching stub in the starter")
    return jupytext.writes(nb, fmt=FORMAT)


def _significant(line: str) -> str | None:
    """Return the stripped line if it is long and specific enough to count as a secret."""
    stripped = line.strip()
    if len(stripped) < MIN_SECRET_LENGTH or stripped.startswith("#"):
        return None
    return stripped


def secret_lines(text_or_path: str | Path) -> set[str]:
    """Return the stripped solution lines that must never appear in a starter.

    A line counts when it sits inside a solution block, is at least ``MIN_SECRET_LENGTH``
    characters long, is not a comment, and does NOT also appear anywhere else in the solution
    notebook (outside every solution block, hidden-test block and ``solution-only`` cell). The last rule is what keeps lines such as
    ``return resp, ll`` legitimate when a docstring or a demo cell shows them.
    """
    text, _ = _read(text_or_path)
    inside = {s for b in solution_blocks(text) for s in map(_significant, b.code.split("\n")) if s}
    outside = set()
    for cell in jupytext.reads(text, fmt=FORMAT).cells:
        if SOLUTION_ONLY_TAG in _tags(cell):
            continue  # dropped from the starter, so it cannot make a line legitimate
        source = strip_cell(cell.source) if cell.cell_type == "code" else cell.source
        outside.update(line.strip() for line in source.split("\n"))
    return inside - outside


def leaked_lines(solution: str | Path, starter: str | Path) -> list[str]:
    """Return the secret lines of ``solution`` that appear in ``starter`` (empty when clean)."""
    secrets = secret_lines(solution)
    text, _ = _read(starter)
    return sorted({line.strip() for line in text.split("\n")} & secrets)


def problems(solutions: Path = SOLUTIONS, notebooks: Path = NOTEBOOKS) -> list[str]:
    """Return a message for every starter that is missing, stale, or has no solution source."""
    found = [] if any(solutions.glob("*.md")) else [f"no solution notebooks found in {solutions}"]
    for source in sorted(solutions.glob("*.md")):
        target = notebooks / source.name
        expected = make_starter(source.read_text(encoding="utf-8"), str(source))
        if not target.exists():
            found.append(f"{target} is missing (run `make starters`)")
        elif target.read_text(encoding="utf-8") != expected:
            found.append(f"{target} differs from a fresh generation (run `make starters`)")
    for target in sorted(notebooks.glob("*.md")):
        if not (solutions / target.name).exists():
            found.append(f"{target} has no source {solutions / target.name}; delete it")
    return found


def write_all(solutions: Path = SOLUTIONS, notebooks: Path = NOTEBOOKS) -> list[Path]:
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report stale starters instead of writing")
    parser.add_argument("--solutions", type=Path, default=SOLUTIONS, help="folder of solution notebooks")
    parser.add_argument("--notebooks", type=Path, default=NOTEBOOKS, help="folder of starter notebooks")
    args = parser.parse_args(argv)
    try:
        if args.check:
            found = problems(args.solutions, args.notebooks)
            for message in found:
                print(message)
            return 1 if found else 0
        for target in write_all(args.solutions, args.notebooks):
            print(f"wrote {target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}")
    except MarkerError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    for message in problems(args.solutions, args.notebooks):
        print(f"warning: {message}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
