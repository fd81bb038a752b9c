"""The shape of a piece of Python code, for finding the same code written with other names.

Two functions have the same *shape* when they differ only in identifiers, comments, docstrings
and layout. :func:`shape` turns code into a token sequence: the AST's node types in walk order,
the attribute names and called functions that carry meaning (``np.einsum``, ``.sum``), operators
and small constants, every local name replaced by its order of first appearance (``v0``,
``v1``...). :func:`similarity` compares two such sequences (1.0 = the same shape) and
:func:`functions` cuts a module or cell into the functions to compare. The release check scans
the student kit with them for code shaped like a graded solution. It is order-sensitive and
counts every token, so a one-line formula copied with validation around it still scores high;
comparing students with each other, where independent short answers coincide, is the job of
:mod:`gmmlab.grading.similarity` (order-free, short functions left out).

>>> a = "def f(x, y):\\n    '''Sum.'''\\n    total = x + y  # add\\n    return total"
>>> b = "def g(p, q):\\n    s = p + q\\n    return s"
>>> similarity(shape(a), shape(b))
1.0
"""

from __future__ import annotations

import ast
import builtins
import difflib

__all__ = ["functions", "shape", "similarity"]

#: Names kept as written: builtins (``len``, ``range``) mean the same in every program.
_KEPT = frozenset(dir(builtins))


class _Shaper(ast.NodeVisitor):
    """Collects the token sequence of a tree (see :func:`shape`)."""

    def __init__(self):
        self.tokens: list = []
        self.names: dict = {}

    def _name(self, name: str) -> str:
        if name in _KEPT:
            return name
        return self.names.setdefault(name, f"v{len(self.names)}")

    def generic_visit(self, node):
        if isinstance(node, (ast.Load, ast.Store, ast.Del)):
            return
        self.tokens.append(type(node).__name__)
        super().generic_visit(node)

    def visit_Name(self, node):
        self.tokens.append(self._name(node.id))

    def visit_arg(self, node):
        self.tokens.append(self._name(node.arg))

    def visit_Attribute(self, node):
        self.visit(node.value)
        self.tokens.append("." + node.attr)

    def visit_Constant(self, node):
        value = node.value
        if isinstance(value, str):
            self.tokens.append("str")
        elif isinstance(value, (int, float)) and not isinstance(value, bool) and abs(value) <= 10:
            self.tokens.append(repr(value))
        else:
            self.tokens.append(type(value).__name__)

    def visit_FunctionDef(self, node):
        self.tokens.append("def")
        self.visit(node.args)
        for stmt in node.body:
            self.visit(stmt)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Expr(self, node):
        if isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            return  # a bare string: a docstring or a comment written as one
        self.generic_visit(node)


def shape(code) -> tuple:
    """Return the token sequence of ``code`` (source text or an AST node).

    Parameters
    ----------
    code : str or ast.AST

    Returns
    -------
    tuple of str
        Node types, kept attribute and builtin names, operators and small constants; every
        other name as ``v<i>``, numbered by first appearance.
    """
    tree = ast.parse(code) if isinstance(code, str) else code
    shaper = _Shaper()
    shaper.visit(tree)
    return tuple(shaper.tokens)


def similarity(a: tuple, b: tuple) -> float:
    """How alike two token sequences are: ``2 M / (len(a) + len(b))`` for ``M`` tokens matched
    in order (:class:`difflib.SequenceMatcher`), 1.0 for the same shape, 0.0 for nothing shared.
    """
    if not a and not b:
        return 1.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def functions(source: str) -> list:
    """Every function of a module or cell, nested ones and methods included, as
    ``(name, first line, shape)``; source that does not parse gives ``[]``.
    """
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    return [(node.name, node.lineno, shape(node)) for node in ast.walk(tree)
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))]
