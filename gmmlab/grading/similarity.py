"""Similar submissions: students' functions compared after normalisation, for a person to look at.

Each exercise's function is read from the submission's cells (never run), parsed to an AST, and
normalised: comments go (the parser drops them), docstrings and bare strings go, statements the
starter already gives (its stub's ``raise NotImplementedError``, any given line) go, and every
identifier is renamed canonically, by order of first appearance *within each subtree* (``v0``,
``v1``, ...), so new names and a new order of independent statements change nothing. The
function is then the multiset of its subtrees of at least :data:`MIN_NODES` nodes, each weighted
by its size (capped at :data:`MAX_WEIGHT`); two functions score the weighted Dice coefficient
of their multisets, 1 for the same code under new names in a new order.

A pair above the threshold is listed in the class report, side by side. Grades never change:
two students may well write the same short correct function independently.
"""

from __future__ import annotations

import ast
import copy
import itertools
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from . import cells as cellcode

#: Subtrees smaller than this (``x + 1``) are too common to say anything.
MIN_NODES = 4
MAX_WEIGHT = 20
#: Score from which a pair is reported (see the README for the measured false-alarm rate).
THRESHOLD = 0.9
#: Functions lighter than this after normalisation (a one-line formula such as `bic`) are
#: not compared: independent students write them identically.
MIN_SIZE = 100


def _nodes(node) -> int:
    return sum(1 for _ in ast.walk(node))


class _Renamer(ast.NodeTransformer):
    """Every identifier to ``v<i>``, ``i`` its order of first appearance."""

    def __init__(self):
        self.names: dict = {}

    def _new(self, name: str) -> str:
        return self.names.setdefault(name, f"v{len(self.names)}")

    def visit_Name(self, node):
        return ast.copy_location(ast.Name(id=self._new(node.id), ctx=node.ctx), node)

    def visit_arg(self, node):
        node.arg = self._new(node.arg)
        node.annotation = None
        return node

    def visit_FunctionDef(self, node):
        node.name = self._new(node.name)
        node.returns = None
        self.generic_visit(node)
        return node


def _canonical(node) -> str:
    return ast.dump(_Renamer().visit(copy.deepcopy(node)), annotate_fields=False)


def _is_string(stmt) -> bool:
    return isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant) and isinstance(
        stmt.value.value, str)


def _strip(node) -> None:
    """Drop docstrings and bare strings from every body, in place."""
    for n in ast.walk(node):
        for attr in ("body", "orelse", "finalbody"):
            body = getattr(n, attr, None)
            if isinstance(body, list):
                kept = [s for s in body if not _is_string(s)]
                setattr(n, attr, kept or [ast.Pass()])


def find_function(code: str, name: str | None = None):
    """The last top-level ``def name`` of ``code`` (any function when ``name`` is None)."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return None
    found = None
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and (name is None or node.name == name):
            found = node
    return found


def normalise(func: ast.FunctionDef, given=()) -> ast.FunctionDef:
    """``func`` without docstrings and without the statements in ``given`` (canonical dumps)."""
    func = copy.deepcopy(func)
    _strip(func)
    body = [s for s in func.body if _canonical(s) not in given]
    func.body = body or [ast.Pass()]
    return func


def given_statements(starter_code: str | None, name: str) -> set:
    """Canonical dumps of the top-level statements the starter's ``name`` already holds."""
    func = find_function(starter_code, name) if starter_code else None
    if func is None:
        return set()
    _strip(func)
    return {_canonical(s) for s in func.body if not isinstance(s, ast.Pass)}


def fingerprint(func: ast.FunctionDef) -> Counter:
    """Weighted multiset of the canonical subtrees of a normalised function."""
    prints: Counter = Counter()
    for node in ast.walk(func):
        if node is func or not isinstance(node, ast.stmt | ast.expr):
            continue
        size = _nodes(node)
        if size >= MIN_NODES:
            prints[_canonical(node)] += min(size, MAX_WEIGHT)
    return prints


def score(a: Counter, b: Counter) -> float:
    """Weighted Dice coefficient of two fingerprints (0 to 1)."""
    total = sum(a.values()) + sum(b.values())
    if not total:
        return 0.0
    return 2.0 * sum((a & b).values()) / total


@dataclass
class Pair:
    exercise: str
    left: str
    right: str
    score: float
    left_code: str
    right_code: str


def function_sources(sub, names) -> dict:
    """``{exercise: source}`` of the functions a :class:`Submission` defines (last wins)."""
    found = {}
    for nb in sub.notebooks:
        codes, _ = cellcode.to_python(nb.cells, [f"{nb.name} cell {i + 1}"
                                                 for i in range(len(nb.cells))])
        for code in codes:
            for name in names:
                func = find_function(code, name)
                if func is not None:
                    found[name] = ast.get_source_segment(code, func) or ast.unparse(func)
    return found


def similar_pairs(sources: dict, given: dict, threshold: float = THRESHOLD) -> list:
    """Pairs of submissions whose functions score at least ``threshold``, per exercise.

    Parameters
    ----------
    sources : dict
        ``{row: {exercise: source}}``.
    given : dict
        ``{exercise: set of canonical statements}`` from :func:`given_statements`.
    """
    if not 0 < threshold <= 1:
        raise ValueError(f"threshold must be in (0, 1], got {threshold!r}")
    exercises = sorted({e for funcs in sources.values() for e in funcs})
    pairs = []
    for ex in exercises:
        prints = {}
        for row, funcs in sources.items():
            func = find_function(funcs.get(ex, ""))
            if func is None:
                continue
            fp = fingerprint(normalise(func, given.get(ex, set())))
            if sum(fp.values()) >= MIN_SIZE:
                prints[row] = fp
        for a, b in itertools.combinations(sorted(prints), 2):
            s = score(prints[a], prints[b])
            if s >= threshold:
                pairs.append(Pair(ex, a, b, s, sources[a][ex], sources[b][ex]))
    return sorted(pairs, key=lambda p: (p.exercise, -p.score, p.left, p.right))


#: The starter notebooks (their given code is not evidence of copying).
STARTERS = Path(__file__).resolve().parents[2] / "notebooks"


def starter_code(folder: Path, stem: str) -> str | None:
    """The exercise cells of the starter notebook ``folder/<stem>.md``, as one text."""
    from ..notebook import io, tags

    path = Path(folder) / f"{stem}.md"
    if not path.is_file():
        return None
    nb = io.read(path)
    return "\n\n".join(c.source for c in nb.cells if tags.is_exercise(c))


def class_pairs(records: list, threshold: float = THRESHOLD, starters: Path = STARTERS) -> tuple:
    """Similar pairs among a gradebook's submissions, read again from their paths.

    Returns
    -------
    pairs : list of Pair
    unread : list of str
        One sentence per submission that could not be read again (moved or deleted).
    """
    from ..course import chapter_of
    from ..exercises import EXERCISES
    from .submission import load

    names = list(EXERCISES)
    sources, unread = {}, []
    for r in records:
        path = Path(str(r.get("path", "")))
        if not path.exists():
            unread.append(f"submission {r['submission']!r}: {path} is gone, so it is not "
                          "compared")
            continue
        sources[r["submission"]] = function_sources(load(path), names)
    given = {n: given_statements(starter_code(starters, chapter_of(n).stem), n) for n in names}
    return similar_pairs(sources, given, threshold), unread
