"""The one rule that says what a leak is: a secret line found in text that students receive.

A *secret block* is whatever the student's material drops: a solution block, a self-test block
or a ``solution-only`` cell of a solution notebook, an instructor-only block of a module
(:mod:`gmmlab.notebook.markers`). A line of a secret block is a *secret line* when, stripped, it

* is at least :data:`MIN_LENGTH` characters long and is not a comment, and
* appears nowhere in the *public* text: what ships by design, outside every secret block (the
  starters, the package without its instructor-only blocks). That is what keeps lines such as
  ``return resp, ll`` legitimate when a docstring or a demo cell shows them, and the course's
  reference implementation (which the checks need) from counting as a leak of itself.

A *leak* is a stripped line of a shipped text equal to a secret line. The starter check (one
solution notebook against its starter) and the release (every secret of the course against
every shipped file) apply this same rule.
"""

from __future__ import annotations

from pathlib import Path

from . import io
from .markers import instructor_only_blocks, strip_instructor_only
from .starters import make_starter, secret_blocks, source_text

__all__ = [
    "MIN_LENGTH",
    "leaked_lines",
    "module_secrets",
    "notebook_secrets",
    "secret_lines",
    "shipped_text",
    "significant",
]

#: A secret line shorter than this (after stripping) is too generic to count as a leak.
MIN_LENGTH = 12


def significant(line: str) -> str | None:
    """Return the stripped line if it is long and specific enough to be a secret, else None."""
    stripped = line.strip()
    if len(stripped) < MIN_LENGTH or stripped.startswith("#"):
        return None
    return stripped


def _stripped_lines(texts) -> set:
    return {line.strip() for text in texts for line in text.split("\n")}


def secret_lines(blocks, public) -> set:
    """Return the secret lines of some secret blocks, given the public text.

    Parameters
    ----------
    blocks : iterable of str
        The code of each secret block.
    public : iterable of str
        Every text that ships by design, outside the secret blocks.

    Returns
    -------
    set of str
        The stripped, significant block lines that no public text holds.
    """
    inside = {s for code in blocks for s in map(significant, code.split("\n")) if s}
    return inside - _stripped_lines(public)


def leaked_lines(text: str, secrets) -> list:
    """Return the secret lines that ``text`` holds (empty when it is clean).

    Parameters
    ----------
    text : str
        A shipped text (for a notebook, its cell sources: see :func:`shipped_text`).
    secrets : set of str
        As returned by :func:`secret_lines`.

    Returns
    -------
    list of str
        Sorted.
    """
    return sorted(_stripped_lines([text]) & set(secrets))


def notebook_secrets(solution) -> set:
    """The secret lines of one solution notebook, against its own starter.

    Parameters
    ----------
    solution : str or pathlib.Path
        A path to a MyST solution notebook, or its text.

    Returns
    -------
    set of str
    """
    text, origin = source_text(solution)
    return secret_lines([b.code for b in secret_blocks(text)], [make_starter(text, origin)])


def module_secrets(source: str, origin: str = "<module>") -> set:
    """The secret lines of one Python module: its instructor-only blocks, against the rest.

    Parameters
    ----------
    source : str
        The module text.
    origin : str
        The file, for error messages.

    Returns
    -------
    set of str
    """
    blocks = [b.code for b in instructor_only_blocks(source, origin)]
    return secret_lines(blocks, [strip_instructor_only(source, origin)])


def shipped_text(path) -> str:
    """The text of a shipped file as a reader sees it: an ``.ipynb`` gives its cell sources.

    Parameters
    ----------
    path : str or pathlib.Path

    Returns
    -------
    str
        ``""`` for a file that is not UTF-8 text.
    """
    path = Path(path)
    if path.suffix == ".ipynb":
        return "\n".join(cell.source for cell in io.read(path).cells)
    try:
        return path.read_text(encoding="utf-8")
    except (UnicodeDecodeError, OSError):
        return ""
