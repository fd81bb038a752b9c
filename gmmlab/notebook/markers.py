"""The one parser of the course's markers: blocks of lines that the student never sees.

In a code cell of a solution notebook (``solutions/NN_topic.md``):

``### BEGIN SOLUTION <message>`` ... ``### END SOLUTION``
    The answer. The starter keeps one line ``raise NotImplementedError("<message>")`` at the
    indentation of the marker, so the message must say exactly what the student has to write.
``### BEGIN SELF-TEST`` ... ``### END SELF-TEST``
    Asserts that check the solution itself; nbval runs them in the solution notebooks (the
    grader never does). The starter drops the block.

In a module of the package (``gmmlab/exercises/<name>.py``):

``# BEGIN INSTRUCTOR ONLY[: comment]`` ... ``# END INSTRUCTOR ONLY``
    The hidden cases, mutants and alternatives of an exercise; the student release drops the
    block.

A malformed marker (a block never closed, a block opened inside another one, a solution block
without a message, an empty block, a misspelt marker such as ``## BEGIN SOLUTION`` or the old
``### BEGIN HIDDEN TESTS``) raises :class:`MarkerError` naming the file, the cell and the line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "CELL",
    "INSTRUCTOR_ONLY",
    "MODULE",
    "SELF_TEST",
    "SOLUTION",
    "Block",
    "Grammar",
    "MarkerError",
    "instructor_only_blocks",
    "quote",
    "scan",
    "strip_instructor_only",
]

SOLUTION = "solution"
SELF_TEST = "self-test"
INSTRUCTOR_ONLY = "instructor-only"


class MarkerError(ValueError):
    """A solution, self-test or instructor-only marker is malformed."""


@dataclass(frozen=True)
class Grammar:
    """The markers of one kind of source (code cells or modules).

    Attributes
    ----------
    begin, end : dict of str to re.Pattern
        By block kind, the pattern of its opening and closing lines; each has an ``indent``
        group, and an opening line may have a ``message`` group.
    messages : frozenset of str
        The kinds whose opening marker must carry a message.
    near_miss : re.Pattern
        Anything that looks like a marker; a line it finds that no marker matches is an error.
    spelling : str
        The correct markers, quoted in the error about a misspelt one.
    """

    begin: dict
    end: dict
    messages: frozenset
    near_miss: re.Pattern
    spelling: str


def _pattern(text: str) -> re.Pattern:
    return re.compile(r"^(?P<indent>[ \t]*)" + text + r"[ \t]*$")


#: The markers of a code cell of a solution notebook. A near miss is looked for anywhere in a
#: line, so that ``x = 1  ### BEGIN SOLUTION`` is an error rather than a leak.
CELL = Grammar(
    begin={SOLUTION: _pattern(r"### BEGIN SOLUTION(?:[ \t]+(?P<message>\S.*?))?"),
           SELF_TEST: _pattern(r"### BEGIN SELF-TEST")},
    end={SOLUTION: _pattern(r"### END SOLUTION"), SELF_TEST: _pattern(r"### END SELF-TEST")},
    messages=frozenset({SOLUTION}),
    near_miss=re.compile(r"#+\s*(BEGIN|END)\s+(SOLUTION|SELF[-\s]*TEST|HIDDEN)", re.IGNORECASE),
    spelling="'### BEGIN SOLUTION <message>', '### END SOLUTION', '### BEGIN SELF-TEST' or "
             "'### END SELF-TEST'",
)

#: The markers of a Python module. A near miss must start its line: docstrings name the markers.
MODULE = Grammar(
    begin={INSTRUCTOR_ONLY: _pattern(r"# BEGIN INSTRUCTOR ONLY(?:[ \t]*:.*?)?")},
    end={INSTRUCTOR_ONLY: _pattern(r"# END INSTRUCTOR ONLY")},
    messages=frozenset(),
    near_miss=re.compile(r"^\s*#+\s*(BEGIN|END)\s+INSTRUCTOR", re.IGNORECASE),
    spelling="'# BEGIN INSTRUCTOR ONLY[: comment]' or '# END INSTRUCTOR ONLY'",
)


@dataclass(frozen=True)
class Block:
    """One marked block of a cell or a module.

    Attributes
    ----------
    kind : {"solution", "self-test", "instructor-only"}
    cell : int or None
        Index of the code cell in the notebook (all cells counted, from 0); None in a module.
    line : int
        1-based line of the ``BEGIN`` marker inside the cell source or the module.
    indent : str
        Whitespace in front of the marker; a stub is written at this indentation.
    message : str or None
        Of a solution block: the text of the ``NotImplementedError`` raised by its stub.
    code : str
        The lines between the markers, exactly as written (no trailing newline).
    solution_only : bool
        True when the cell is tagged ``solution-only`` (the starter drops it, so it has no stub).
    """

    kind: str
    cell: int | None
    line: int
    indent: str
    message: str | None
    code: str
    solution_only: bool = False

    @property
    def stub(self) -> str:
        """The line that replaces a solution block in the starter."""
        if self.kind != SOLUTION:
            raise ValueError(f"only a solution block has a stub; this block is a {self.kind} block")
        return f"{self.indent}raise NotImplementedError({quote(self.message)})"


def quote(message: str) -> str:
    """Return ``message`` as a double-quoted Python string literal."""
    return '"' + message.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _where(origin: str, cell: int | None, line: int) -> str:
    return f"{origin}, line {line}" if cell is None else f"{origin}, cell {cell}, line {line}"


def _match(patterns: dict, text: str):
    for kind, pattern in patterns.items():
        found = pattern.match(text)
        if found:
            return kind, found
    return None, None


def scan(source: str, grammar: Grammar = CELL, origin: str = "<cell>",
         cell: int | None = 0) -> tuple[list, list]:
    """Split one cell or module into the lines that stay and the marked blocks.

    Parameters
    ----------
    source : str
        The cell source or the module text.
    grammar : Grammar, default CELL
        :data:`CELL` for a code cell, :data:`MODULE` for a Python module.
    origin : str
        The file, for error messages.
    cell : int or None
        The index of the cell, for error messages and :attr:`Block.cell`; None for a module.

    Returns
    -------
    kept : list of str
        The lines outside every block; a solution block is replaced by its stub line.
    blocks : list of Block
        Every block, in order.

    Raises
    ------
    MarkerError
        A marker is malformed; the message names ``origin``, the cell and the line.
    """
    kept: list = []
    blocks: list = []
    open_kind = start = indent = message = None
    body: list = []
    for number, text in enumerate(source.split("\n"), start=1):
        where = _where(origin, cell, number)
        begin_kind, begin = _match(grammar.begin, text)
        end_kind, end = _match(grammar.end, text)
        if begin:
            if open_kind is not None:
                raise MarkerError(f"{where}: a marker block is opened inside another one "
                                  f"(line {start})")
            message = begin.groupdict().get("message")
            if begin_kind in grammar.messages and not message:
                raise MarkerError(f"{where}: '### BEGIN SOLUTION' needs a message saying what to "
                                  "write, e.g. '### BEGIN SOLUTION Return the (n,) log-densities.'")
            open_kind, start, indent, body = begin_kind, number, begin.group("indent"), []
            message = message.strip() if message else None
        elif end:
            if open_kind is None:
                raise MarkerError(f"{where}: end marker without a matching begin marker")
            if end_kind != open_kind:
                raise MarkerError(f"{where}: '{text.strip()}' closes a {open_kind} block "
                                  f"(line {start})")
            if end.group("indent") != indent:
                raise MarkerError(f"{where}: end marker indented differently from line {start}")
            if not any(line.strip() for line in body):
                raise MarkerError(f"{where}: the block opened on line {start} is empty")
            blocks.append(Block(open_kind, cell, start, indent, message, "\n".join(body)))
            if open_kind == SOLUTION:
                kept.append(blocks[-1].stub)
            open_kind = None
        elif grammar.near_miss.search(text):
            raise MarkerError(f"{where}: malformed marker {text.strip()!r}; write "
                              f"{grammar.spelling}")
        elif open_kind is None:
            kept.append(text)
        else:
            body.append(text)
    if open_kind is not None:
        raise MarkerError(f"{_where(origin, cell, start)}: the {open_kind} block is never closed")
    return kept, blocks


def instructor_only_blocks(source: str, origin: str = "<module>") -> list:
    """Return the ``# BEGIN INSTRUCTOR ONLY`` blocks of a Python module, in order.

    Parameters
    ----------
    source : str
        The module text.
    origin : str
        The file, for error messages.

    Returns
    -------
    list of Block
    """
    return scan(source, MODULE, origin, None)[1]


def strip_instructor_only(source: str, origin: str = "<module>") -> str:
    """Return a module's text without its instructor-only blocks (markers included).

    Parameters
    ----------
    source : str
        The module text.
    origin : str
        The file, for error messages.

    Returns
    -------
    str
        Ends with exactly one newline; blank lines left at the end by a removed block go too.
    """
    kept = scan(source, MODULE, origin, None)[0]
    return "\n".join(kept).rstrip() + "\n"
