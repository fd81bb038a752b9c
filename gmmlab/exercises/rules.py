"""Course rules read from a student's code: no Python loop over the samples, no log(det(...)).

An exercise module opts in with ``RULES = ("no_sample_loop", "no_log_det")``; the runner reads it
(default: no rule) and takes :data:`PENALTY` point off per rule broken, never below 0.
``SAMPLE_ARGUMENTS`` (default ``(0,)``) gives the parameters, by position or name, whose first
axis is the sample axis (``(0, 1)`` for ``X`` and ``resp``).

The rules read the function's source (``inspect.getsource``; a notebook cell has one through
IPython's line cache). Code compiled from a string has none unless the tool that ran it called
:func:`remember_source`; then no rule is checked and no point is lost. The loop rule follows the
sample axis through the code (:mod:`.sample_axis`): a loop whose iterable is an array indexed by
the samples, or a ``range`` up to their number, is a loop over the samples; so are such
comprehensions, ``while i < n``, ``np.apply_along_axis`` over rows, ``np.vectorize`` and ``map``
over samples. A loop over the components (``range(K)``, ``zip(weights, means, covs)``) never is.
"""

from __future__ import annotations

import ast
import linecache
import types
from dataclasses import dataclass

from ..course import exercises
from .numpy_only import _is_student
from .sample_axis import Flow, analyse, callee, const, keyword, parse

#: Points one broken rule costs (the check never goes below 0).
PENALTY = 1
DEFAULT_SAMPLE_ARGUMENTS = (0,)


@dataclass(frozen=True)
class Finding:
    """One broken rule: which, the code that breaks it, its line and the function it is in."""

    rule: str
    code: str
    line: int | None = None
    where: str = ""


_MESSAGES = {
    "no_sample_loop": ("loops over the samples in Python ({at}{where}): the notebook asks for "
                       "whole-array NumPy operations (a loop over the K components is fine), "
                       "so this costs {penalty} point"),
    "no_log_det": ("takes the log of a determinant ({at}{where}): a determinant over- or "
                   "underflows in many dimensions (1e-8 * I in 50-D gives log(0) = -inf), as "
                   "the notebook warns; use log det = 2 * sum(log(diag(L))) with the Cholesky "
                   "factor L, so this costs {penalty} point"),
}


def message(finding: Finding) -> str:
    """The sentence the student reads for ``finding`` (names the code, never a value)."""
    at = f"`{finding.code}`" + (f", line {finding.line}" if finding.line else "")
    where = f" in {finding.where}" if finding.where else ""
    return _MESSAGES[finding.rule].format(at=at, where=where, penalty=PENALTY)


def remember_source(source: str, filename: str) -> None:
    """Keep ``source`` in the line cache under ``filename``, as IPython does for every cell.

    Call it before ``compile(source, filename, ...)`` when running a student's cell outside a
    notebook (grader, tests), so that the rules can read the functions the cell defines.
    """
    lines = source.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    linecache.cache[filename] = (len(source), None, lines, filename)


def _header(node) -> str:
    if isinstance(node, (ast.For, ast.comprehension)):
        target = node.target
        names = ", ".join(ast.unparse(t) for t in target.elts) if isinstance(target, ast.Tuple) \
            else ast.unparse(target)
        return f"for {names} in {ast.unparse(node.iter)}"
    if isinstance(node, ast.While):
        return f"while {ast.unparse(node.test)}"
    text = ast.unparse(node)
    return text if len(text) <= 60 else text[:57] + "..."


def _loops(flow: Flow):
    """``(node, code)`` of every loop over the samples in the flow's function, in source order."""
    found = []
    for sub in ast.walk(flow.node):
        if isinstance(sub, (ast.For, ast.AsyncFor)) and flow.sample_iterable(sub.iter):
            found.append((sub, _header(sub)))
        elif isinstance(sub, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
            for gen in sub.generators:
                if flow.sample_iterable(gen.iter):
                    found.append((sub, _header(gen)))
        elif isinstance(sub, ast.While):
            if any(isinstance(c, ast.Compare) and any(flow.is_size(x) for x in
                                                      [c.left] + c.comparators)
                   for c in ast.walk(sub.test)):
                found.append((sub, _header(sub)))
        elif isinstance(sub, ast.Call):
            leaf = callee(sub.func)
            if leaf == "apply_along_axis" and len(sub.args) > 2:
                axis, data = const(keyword(sub, "axis", 1), None), flow.axis(sub.args[2])
                if (data == "first" and axis not in (0, None)) or (data == "last" and axis == 0):
                    found.append((sub, _header(sub)))
            elif (isinstance(sub.func, ast.Call) and callee(sub.func.func) in
                  ("vectorize", "frompyfunc")) or (isinstance(sub.func, ast.Name)
                                                   and sub.func.id in flow.vectorized):
                if any(flow.axis(a) for a in sub.args):
                    found.append((sub, _header(sub)))
            elif leaf == "map" and any(flow.sample_iterable(a) for a in sub.args[1:]):
                found.append((sub, _header(sub)))
    return sorted(found, key=lambda item: (item[0].lineno, item[0].col_offset))


def _exercise_function(func) -> bool:
    return getattr(func, "__name__", None) in exercises()


def sample_loops(func, sample_arguments=DEFAULT_SAMPLE_ARGUMENTS, _depth=0, _seen=None):
    """Loops over the samples in ``func`` and the helper functions it calls with samples.

    Parameters
    ----------
    func : function
        The student's function.
    sample_arguments : tuple of (int or str)
        Parameters (positions or names) whose first axis is the samples.

    Returns
    -------
    list of Finding
        Empty when there is none, or when the source is not available.
    """
    seen = set() if _seen is None else _seen
    flow = analyse(func, tuple(sample_arguments), _depth)
    if flow is None or id(func) in seen:
        return []
    seen.add(id(func))
    offset = func.__code__.co_firstlineno - 1
    where = "" if _depth == 0 else func.__name__
    found = [Finding("no_sample_loop", code, node.lineno + offset, where)
             for node, code in _loops(flow)]
    for call in ast.walk(flow.node):
        if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name)):
            continue
        helper = flow.env.get(call.func.id)
        if not isinstance(helper, types.FunctionType) or helper is func or \
                _exercise_function(helper) or not _is_student(helper):
            continue
        tainted = tuple(i for i, a in enumerate(call.args) if flow.axis(a) == "first")
        if tainted:
            found += sample_loops(helper, tainted, _depth + 1, seen)
    return found


def log_dets(func):
    """Places where ``func`` takes the log of a determinant (``np.log(np.linalg.det(...))``)."""
    parsed = parse(func)
    if parsed is None:
        return []
    node, _env, first = parsed
    bound = {}
    for sub in ast.walk(node):
        if isinstance(sub, ast.Assign):
            for target in sub.targets:
                if isinstance(target, ast.Name):
                    bound.setdefault(target.id, []).append(sub.value)

    def det_valued(e, depth=0):
        if depth > 6 or any(isinstance(c, ast.Call) and callee(c.func) == "exp"
                            for c in ast.walk(e)):
            return False
        if isinstance(e, ast.Call):
            leaf = callee(e.func)
            if leaf == "det":
                return True
            if leaf == "prod" and any(isinstance(c, ast.Call) and callee(c.func) in
                                      ("diag", "diagonal") for c in ast.walk(e)):
                return True
            if leaf in ("abs", "absolute", "fabs", "sqrt", "float", "asarray", "array", "real"):
                return bool(e.args) and det_valued(e.args[0], depth + 1)
            return False
        if isinstance(e, ast.BinOp) and isinstance(e.op, (ast.Mult, ast.Div, ast.Pow)):
            return det_valued(e.left, depth + 1) or det_valued(e.right, depth + 1)
        if isinstance(e, ast.UnaryOp):
            return det_valued(e.operand, depth + 1)
        if isinstance(e, ast.Name):
            return any(det_valued(v, depth + 1) for v in bound.get(e.id, ()))
        return False

    offset = first - 1
    return [Finding("no_log_det", _header(sub), sub.lineno + offset)
            for sub in ast.walk(node)
            if isinstance(sub, ast.Call) and callee(sub.func) in ("log", "log10", "log2")
            and sub.args and det_valued(sub.args[0])]


def _log_dets(func, _sample_arguments):
    return log_dets(func)


#: The rules an exercise module may list in ``RULES``: name -> ``f(func, sample_arguments)``.
RULES = {"no_sample_loop": sample_loops, "no_log_det": _log_dets}


def check(func, rules, sample_arguments=DEFAULT_SAMPLE_ARGUMENTS) -> list:
    """The first finding of every rule in ``rules`` that ``func`` breaks.

    Raises
    ------
    ValueError
        ``rules`` names a rule that does not exist.
    """
    unknown = [r for r in rules if r not in RULES]
    if unknown:
        raise ValueError(f"rules must be among {', '.join(RULES)}; got {unknown}")
    found = []
    for rule in rules:
        hits = RULES[rule](func, tuple(sample_arguments))
        if hits:
            found.append(hits[0])
    return found
