"""The student's functions as the grader reads them: compiled from the cells, never run.

The code rules (no loop over the samples) and the static NumPy-only rule read a function's code,
its source and the names it refers to. The grader must not run student code in its own process,
so it compiles each cell (compiling runs nothing) and builds, for every ``def`` at the top level
of a cell, a function object over a namespace made of what the cells import (libraries the
rules know: NumPy, SciPy, scikit-learn, gmmlab, the standard library's math) and the other
functions they define. Names bound any other way are unknown here; the process that runs the
submission watches those calls (the NumPy-only guard) instead.
"""

from __future__ import annotations

import ast
import importlib
import types

from ..exercises.rules import remember_source

#: Top-level packages whose modules the grader may import to resolve a student's imports.
KNOWN = {"numpy", "scipy", "sklearn", "gmmlab", "math", "itertools", "functools"}
MAX_SOURCE = 2_000_000


def _module(name: str):
    if name.split(".")[0] not in KNOWN:
        return None
    try:
        return importlib.import_module(name)
    except Exception:  # noqa: BLE001 - a module that does not import resolves to nothing
        return None


def _bind_import(node, env: dict) -> None:
    if isinstance(node, ast.Import):
        for alias in node.names:
            top = alias.name.split(".")[0]
            module = _module(alias.name if alias.asname else top)
            if module is not None:
                env[alias.asname or top] = module
    elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
        module = _module(node.module)
        for alias in node.names:
            if module is None or alias.name == "*":
                continue
            value = getattr(module, alias.name, None)
            if value is None:
                value = _module(f"{node.module}.{alias.name}")
            if value is not None:
                env[alias.asname or alias.name] = value


def _functions(code: types.CodeType) -> dict:
    return {c.co_name: c for c in code.co_consts if isinstance(c, types.CodeType)}


def functions(codes: list, labels: list, names) -> dict:
    """The top-level functions ``names`` defined by a notebook's cells, compiled but not run.

    Parameters
    ----------
    codes : list of str
        The cells' Python (as :func:`gmmlab.grading.cells.to_python` returns it).
    labels : list of str
        The file name each cell is compiled under (unique per submission and cell).
    names : iterable of str
        The exercise functions wanted.

    Returns
    -------
    dict
        ``{name: function}`` for each wanted name whose last binding is a ``def``.
    """
    env: dict = {"__name__": "__main__"}
    last: dict = {}
    for code, label in zip(codes, labels):
        if len(code) > MAX_SOURCE:
            continue
        try:
            tree = ast.parse(code)
            compiled = compile(tree, label, "exec", dont_inherit=True)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            continue
        remember_source(code, label)
        defs = _functions(compiled)
        for node in tree.body:
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                _bind_import(node, env)
            elif isinstance(node, ast.FunctionDef) and node.name in defs:
                env[node.name] = types.FunctionType(defs[node.name], env, node.name)
                last[node.name] = "def"
            elif isinstance(node, ast.Assign):
                for target in node.targets:
                    for sub in ast.walk(target):
                        if isinstance(sub, ast.Name):
                            env.pop(sub.id, None)
                            last[sub.id] = "other"
                if isinstance(node.value, ast.Name) and len(node.targets) == 1 and \
                        isinstance(node.targets[0], ast.Name) and node.value.id in env:
                    env[node.targets[0].id] = env[node.value.id]
    return {n: env[n] for n in names if isinstance(env.get(n), types.FunctionType)}


_RUNS_STRINGS = {"exec", "eval", "compile", "__import__"}
_GUARDED = {"setprofile", "settrace", "modules", "meta_path", "path_hooks", "getprofile",
            "gettrace"}


def unverifiable(codes: list, labels: list) -> str | None:
    """Where a notebook's cells hide code from the course rules, or None.

    Running strings as code (``exec``, ``eval``, ``compile``, ``__import__``), or changing
    ``sys``'s tracer or import machinery, makes the NumPy-only and no-loop rules impossible to
    check; no honest solution needs either. Returns ``"<what> (line N of <cell>)"``.
    """
    for code, label in zip(codes, labels):
        try:
            tree = ast.parse(code)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            continue
        for node in ast.walk(tree):
            what = None
            if isinstance(node, ast.Call):
                func = node.func
                name = func.id if isinstance(func, ast.Name) else None
                if isinstance(func, ast.Attribute) and func.attr in ("import_module",
                                                                      "__import__"):
                    name = func.attr
                if name in _RUNS_STRINGS or name == "import_module":
                    what = f"`{name}(...)` runs a string as code"
            elif isinstance(node, (ast.Assign, ast.AugAssign, ast.Delete)):
                targets = node.targets if isinstance(node, (ast.Assign, ast.Delete)) \
                    else [node.target]
                for t in targets:
                    base = t.value if isinstance(t, ast.Subscript) else t
                    if isinstance(base, ast.Attribute) and base.attr in _GUARDED:
                        what = f"`{ast.unparse(base)}` is changed"
            if what:
                return f"{what} (line {node.lineno} of {label})"
    return None
