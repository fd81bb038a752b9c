"""Notebook cells into the Python a kernel runs: IPython's own transformer, then a rule for magics.

A Jupyter kernel turns a cell into Python with IPython (``InteractiveShell.transform_cell``):
line magics, cell magics, shell escapes and ``?`` help become ``get_ipython()`` calls, and a
one-line cell may become a magic by automagic. The grader does exactly the same, then reads the
transformed code and replaces the calls that cannot run under grading:

* ``%time stmt`` and ``%%time`` / ``%%capture`` cells run their statements (as in a kernel);
* every other magic, shell escape and help request is skipped (``pass``), and the feedback
  lists what was skipped.

Line numbers are kept, so errors and code rules name the lines the student sees.
"""

from __future__ import annotations

import ast
import os
import tempfile
from functools import cache

#: Cell magics whose body a kernel runs in the notebook's namespace.
RUN_BODY = {"time", "capture"}


@cache
def _shell():
    if "IPYTHONDIR" not in os.environ:  # the grader sets it to a folder it removes
        os.environ["IPYTHONDIR"] = tempfile.mkdtemp(prefix="gmmlab-ipython-")
    from IPython.core.interactiveshell import InteractiveShell
    from traitlets.config import Config

    config = Config()
    config.HistoryManager.enabled = False
    return InteractiveShell.instance(config=config)


def _magic_call(node):
    """``(kind, name, text)`` of a ``get_ipython().<kind>(...)`` call, else None."""
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
        return None
    owner = node.func.value
    if not (isinstance(owner, ast.Call) and isinstance(owner.func, ast.Name)
            and owner.func.id == "get_ipython"):
        return None
    consts = [a.value for a in node.args if isinstance(a, ast.Constant)]
    kind = node.func.attr
    if kind in ("run_line_magic", "run_cell_magic") and len(consts) >= 2:
        return kind, consts[0], consts[1] if kind == "run_line_magic" else consts[2]
    if kind in ("system", "getoutput") and consts:
        return kind, "!", consts[0]
    return None


def _shown(kind: str, name: str, text: str) -> str:
    if kind == "run_line_magic":
        return "help (?)" if name.startswith("pinfo") else f"%{name} {text}".strip()
    if kind in ("system", "getoutput"):
        return f"!{text}"
    return f"%%{name}"


def _neutralise(code: str, label: str, skipped: list) -> str:
    """Replace the magic calls of transformed ``code`` (line by line, keeping line numbers)."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return code  # the kernel would stop on the same error
    lines = code.split("\n")
    edits = []
    statements = {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Expr)}
    for node in ast.walk(tree):
        found = _magic_call(node)
        if found is None or node.lineno != node.end_lineno:
            continue
        kind, name, text = found
        if kind == "run_line_magic" and name == "time" and id(node) in statements:
            new = text
        else:
            new = "pass" if id(node) in statements else "None"
            skipped.append(f"{label}: skipped `{_shown(kind, name, text)}` (it cannot run while "
                           "grading)")
        edits.append((node.lineno - 1, node.col_offset, node.end_col_offset, new))
    for row, start, end, new in sorted(edits, reverse=True):
        line = lines[row]
        lines[row] = line[:start] + new + line[end:]
    return "\n".join(lines)


def _assigned_names(code: str) -> set:
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return set()
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef)):
            names.add(node.name)
        elif isinstance(node, ast.alias):
            names.add((node.asname or node.name).split(".")[0])
    return names


def to_python(sources: list, labels: list) -> tuple:
    """The Python a kernel would run for each cell, with the magics neutralised.

    Parameters
    ----------
    sources : list of str
        Cell sources, in order (one notebook).
    labels : list of str
        How to name each cell in the notes, e.g. ``"03_e_step.ipynb cell 2"``.

    Returns
    -------
    codes : list of str
        One Python source per cell.
    skipped : list of str
        One sentence per magic or shell command that was not run.
    """
    shell = _shell()
    shell.user_ns.clear()
    codes, skipped = [], []
    for src, label in zip(sources, labels):
        code = _transform(shell, src)
        codes.append(_neutralise(code, label, skipped) if "get_ipython" in code else code)
        shell.user_ns.update(dict.fromkeys(_assigned_names(codes[-1])))
    shell.user_ns.clear()
    return codes, skipped


def _transform(shell, src: str) -> str:
    code = shell.transform_cell(src)
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return code
    if len(tree.body) == 1 and isinstance(tree.body[0], ast.Expr):
        found = _magic_call(tree.body[0].value)
        if found and found[0] == "run_cell_magic" and found[1] in RUN_BODY:
            return "\n" + _transform(shell, found[2])  # the body, one line below the magic
    return code
