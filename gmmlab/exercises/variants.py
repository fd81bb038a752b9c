"""Mutants and correct alternatives of an exercise, run like a student's notebook cell.

Each exercise module lists, in its instructor-only block, ``MUTANTS`` (classic mistakes that must
lose points, with a fragment the feedback must contain) and ``ALTERNATIVES`` (other correct
solutions that must get full marks). They follow the written solutions, ``solutions/NN_topic.md``:

:class:`Mutant`
    an edit of the solution: ``(old, new)`` replacements applied to the solution's source of the
    exercise's function. An ``old`` text that does not occur exactly once is an error, so a
    mutant that no longer matches the solution fails loudly instead of testing nothing.
:class:`Replacement`, :class:`Alternative`
    a wholly different function, written as real (lintable) code in the exercise module. Its
    source runs in the solution's namespace under the exercise's name, so it behaves like a
    student's cell (the NumPy-only rule sees it as student code, not as gmmlab's).

Everything here reads ``solutions/``, which only the instructor repository has.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

from .. import course
from ..notebook.tags import is_graded, tags
from .rules import remember_source

__all__ = ["Alternative", "EditError", "Mutant", "Replacement", "define", "run_cell",
           "solution_cells", "solution_namespace", "solution_source"]

#: The written solutions, next to the package in the instructor repository.
SOLUTIONS = Path(__file__).resolve().parents[2] / "solutions"
_MAGIC = re.compile(r"^(\s*)([%!])", flags=re.MULTILINE)
_CACHE: dict = {}


def run_cell(source: str, origin: str, ns: dict) -> dict:
    """Execute ``source`` in ``ns`` as a notebook cell: its code stays readable for the rules."""
    remember_source(source, origin)
    exec(compile(source, origin, "exec"), ns)  # noqa: S102
    return ns


class EditError(ValueError):
    """A mutant's edit does not match the solution's source exactly once."""


def _chapter_file(stem: str) -> Path:
    path = SOLUTIONS / f"{stem}.md"
    if not SOLUTIONS.is_dir():
        raise FileNotFoundError(f"the solutions folder {SOLUTIONS} is missing: mutants and "
                                "alternatives need the instructor repository (the student "
                                "release does not ship solutions/)")
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing: the course manifest lists chapter {stem}")
    return path


def solution_cells(stem: str) -> list:
    """The ``setup`` and ``exercise`` code cells of ``solutions/<stem>.md``, in notebook order.

    Parameters
    ----------
    stem : str
        Chapter file stem, e.g. ``"03_e_step"``.

    Returns
    -------
    list of (list of str, str)
        ``(tags, source)`` of every code cell tagged ``setup`` or ``exercise``.

    Raises
    ------
    FileNotFoundError
        ``solutions/`` (instructor only) or the chapter's file is absent.
    """
    path = _chapter_file(stem)
    key = (path, path.stat().st_mtime_ns)
    if key not in _CACHE:
        from ..notebook import io as notebook_io  # jupytext: only when solutions are read

        nb = notebook_io.read(path)
        _CACHE[key] = [(list(tags(c)), c.source) for c in nb.cells if is_graded(c)]
    return [(list(cell_tags), src) for cell_tags, src in _CACHE[key]]


def solution_namespace(name: str) -> dict:
    """A fresh namespace in which the setup and exercise cells of exercise ``name``'s chapter ran.

    The cells run in order in ``{"__name__": "__main__"}``, as in a notebook kernel (IPython
    magics and shell escapes are commented out).
    """
    stem = course.chapter_of(name).stem
    ns = {"__name__": "__main__"}
    for i, (_tags, src) in enumerate(solution_cells(stem)):
        code = compile(_MAGIC.sub(r"\1# \2", src), f"<solutions/{stem}.md cell {i}>", "exec")
        exec(code, ns)  # noqa: S102
    return ns


def solution_source(name: str) -> str:
    """Source of the function ``name`` as the solution of its chapter defines it (last definition).

    Raises
    ------
    ValueError
        No exercise cell of the chapter defines ``name`` at top level.
    """
    stem = course.chapter_of(name).stem
    found = None
    for _tags, src in solution_cells(stem):
        text = _MAGIC.sub(r"\1# \2", src)
        for node in ast.parse(text).body:
            if isinstance(node, ast.FunctionDef) and node.name == name:
                found = ast.get_source_segment(text, node)
    if found is None:
        raise ValueError(f"solutions/{stem}.md defines no function {name} in its exercise cells")
    return found + "\n"


def define(ns: dict, func, name: str | None = None) -> dict:
    """Run the source of the real function ``func`` in ``ns`` as if a student had typed it.

    The source (``inspect.getsource``, dedented) is renamed to ``name`` (default: its own name)
    and executed in ``ns``, so its globals are the student's namespace.
    """
    src = textwrap.dedent(inspect.getsource(func))
    if name and name != func.__name__:
        src, count = re.subn(rf"^def {re.escape(func.__name__)}\(", f"def {name}(", src,
                             count=1, flags=re.MULTILINE)
        if count != 1:
            raise ValueError(f"no 'def {func.__name__}(' in the source of {func.__qualname__}")
    origin = f"<{func.__module__}:{func.__name__}>"
    run_cell(src, origin, ns)
    return ns


def _replaced(name: str, func, helpers) -> dict:
    """The solution namespace of ``name``'s chapter, helpers pasted, ``func`` defined as ``name``."""
    ns = solution_namespace(name)
    for helper in helpers:
        if isinstance(helper, str):  # another exercise, pasted from its chapter's solution
            run_cell(solution_source(helper), f"<solution of {helper}>", ns)
        else:
            define(ns, helper)
    return define(ns, func, name)


def _label(name: str, variant) -> str:
    module = importlib.import_module(f"{__package__}.{name}")
    for kind in ("MUTANTS", "ALTERNATIVES"):
        items = getattr(module, kind, ())
        for i, item in enumerate(items):
            if item is variant:
                return f"{name}-{kind[:-1].lower()}-{i} ({variant.description!r})"
    return f"{name} mutant {variant.description!r}"


@dataclass(frozen=True)
class Mutant:
    """A classic mistake, written as an edit of the solution.

    Parameters
    ----------
    edits : tuple of (str, str)
        ``(old, new)`` replacements applied in order to the solution's source of the function;
        each ``old`` must occur exactly once in the text at that point.
    fragment : str
        Text the feedback of the check must contain.
    description : str
        The mistake, in a few words.
    """

    edits: tuple
    fragment: str
    description: str

    def source(self, name: str) -> str:
        """The solution's source of ``name`` with the edits applied.

        Raises
        ------
        EditError
            An ``old`` text occurs zero or several times; the message names the exercise, the
            mutant and the text.
        """
        src = solution_source(name)
        for old, new in self.edits:
            count = src.count(old)
            if count != 1:
                stem = course.chapter_of(name).stem
                raise EditError(f"{_label(name, self)}: the text {old!r} occurs {count} times in "
                                f"the solution of {name} (solutions/{stem}.md); it must occur "
                                "exactly once: update the mutant to the solution")
            src = src.replace(old, new)
        return src

    def namespace(self, name: str) -> dict:
        """The chapter's solution namespace with ``name`` replaced by the mutated function."""
        src = self.source(name)
        ns = solution_namespace(name)
        run_cell(src, f"<{_label(name, self)}>", ns)
        return ns


@dataclass(frozen=True)
class Replacement:
    """A wrong function written in full: it replaces the solution's function.

    Parameters
    ----------
    func : function
        Real function of the exercise module; its source runs in the chapter's solution
        namespace, renamed to the exercise's name.
    fragment : str
        Text the feedback of the check must contain.
    description : str
        The mistake, in a few words.
    helpers : tuple of (function or str), optional
        Run first: a function under its own name, a string names another exercise whose
        solution is pasted (as a student pastes an earlier chapter's function).
    """

    func: object
    fragment: str
    description: str
    helpers: tuple = ()

    def namespace(self, name: str) -> dict:
        """The chapter's solution namespace with ``name`` replaced by ``func``."""
        return _replaced(name, self.func, self.helpers)


@dataclass(frozen=True)
class Alternative:
    """A correct solution written differently: it must get full marks, hidden cases included.

    Parameters
    ----------
    func : function
        Real function of the exercise module, run like :class:`Replacement`'s.
    description : str
        What it does differently.
    helpers : tuple of (function or str), optional
        As for :class:`Replacement`.
    """

    func: object
    description: str
    helpers: tuple = ()

    def namespace(self, name: str) -> dict:
        """The chapter's solution namespace with ``name`` replaced by ``func``."""
        return _replaced(name, self.func, self.helpers)
