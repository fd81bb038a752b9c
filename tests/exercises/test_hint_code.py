"""The code in the hints is real: it parses, the names it uses exist in its chapter, and it runs.

Every snippet in backticks that is a Python statement or expression doing something (a call, an
attribute, an operation; not a bare name, number or shape such as ``(n, K, d)``) is checked
against the chapter's namespace as the solution builds it (``solution_namespace``), the
exercise function's parameters and local variables, the names other snippets of the same stage
bind, importable modules, and the symbols the hint's formulas and prose introduce (``L`` in
``$\\Sigma = LL^\\top$``, ``K``). Snippets whose names are all real values then run with the
values the solution's variables have while the check calls it.
"""

import ast
import builtins
import functools
import importlib
import importlib.util
import inspect
import re
import sys
import textwrap

import pytest

from gmmlab.exercises import EXERCISES, run_check
from gmmlab.exercises.hints import plain
from gmmlab.exercises.variants import solution_namespace

_CODE = re.compile(r"`([^`]+)`")
_MATH = re.compile(r"\$([^$]+)\$")
_KEYWORDS = ("raise ", "return ", "with ", "for ", "if ", "while ", "def ", "import ", "from ",
             "assert ", "lambda ")


def _parse(code: str):
    """The snippet as an AST (``return``/``with ...:`` wrapped as Python needs them), or None."""
    for text in (code, "def _hint():\n" + textwrap.indent(code, "    "),
                 code + "\n    pass"):
        try:
            return ast.parse(text)
        except SyntaxError:
            continue
    return None


def _does_something(tree) -> bool:
    """A call, attribute, operation or assignment of a name; not a name, number or shape."""
    for node in ast.walk(tree):
        if isinstance(node, (ast.Call, ast.Attribute, ast.BinOp, ast.Subscript, ast.Compare,
                             ast.Return, ast.Raise, ast.With, ast.AugAssign)):
            return True
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Name):
            return True  # `K = n_components`
    return False


def _names(tree):
    """(names read, names bound) by the snippet."""
    read, bound = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (read if isinstance(node.ctx, ast.Load) else bound).add(node.id)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
        elif isinstance(node, ast.FunctionDef):
            bound.add(node.name)
    return read, bound


def _snippets(text):
    """``(code, tree)`` of every snippet of a hint stage that is Python doing something."""
    out = []
    for code in _CODE.findall(text):
        tree = _parse(code)
        if tree is not None and _does_something(tree):
            out.append((code, tree))
    return out


def _symbols(hints) -> set:
    """Symbols the hint's formulas and prose introduce: ``L`` of ``L_{ii}``, ``K``, ``n``."""
    found = set()
    for text in hints:
        for formula in _MATH.findall(text):
            found |= set(re.findall(r"[A-Za-z][A-Za-z0-9]*", plain(f"${formula}$").replace("_", " ")))
        prose = _MATH.sub(" ", _CODE.sub(" ", text))
        found |= {w for w in re.findall(r"\b[A-Za-z][A-Za-z0-9]?\b", prose)}
    return found


def _importable(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


@functools.cache
def _chapter(name):
    """The namespace, the solution's parameters and locals, and its locals' values in a check."""
    ns = solution_namespace(name)
    solution = ns[name]
    params = set(inspect.signature(solution).parameters)
    code = solution.__code__
    local_names = set(code.co_varnames) | set(code.co_cellvars)
    captured = {}

    def tracer(frame, event, arg):
        if frame.f_code is not code:
            return None

        def local(frame, event, arg):
            if event == "return" and not captured:
                captured.update(frame.f_locals)
            return local
        return local

    @functools.wraps(solution)
    def watched(*args, **kwargs):
        previous = sys.gettrace()
        sys.settrace(tracer)
        try:
            return solution(*args, **kwargs)
        finally:
            sys.settrace(previous)

    run_check(name, watched)
    return ns, params | local_names, captured


CASES = [(name, i) for name, ex in EXERCISES.items() for i in range(len(ex.hints))
         if _CODE.search(ex.hints[i])]


def _ids(cases):
    return [f"{name}-stage{i + 1}" for name, i in cases]


@pytest.mark.parametrize("name,index", CASES, ids=_ids(CASES))
def test_hint_code_parses(name, index):
    """A snippet that starts like a statement (``raise``, ``return``, ``with`` ...) is Python."""
    for code in _CODE.findall(EXERCISES[name].hints[index]):
        if code.startswith(_KEYWORDS):
            assert _parse(code) is not None, f"{name} hint {index + 1}: `{code}` does not parse"


@pytest.mark.parametrize("name,index", CASES, ids=_ids(CASES))
def test_hint_code_uses_names_that_exist(name, index):
    hints = EXERCISES[name].hints
    snippets = _snippets(hints[index])
    ns, variables, _values = _chapter(name)
    bound_here = set().union(*(_names(tree)[1] for _code, tree in snippets)) if snippets else set()
    known = set(ns) | set(dir(builtins)) | variables | bound_here | _symbols(hints)
    missing = {}
    for code, tree in snippets:
        read, _bound = _names(tree)
        for n in sorted(read - known):
            if not _importable(n):
                missing.setdefault(n, code)
    assert not missing, (f"{name} hint {index + 1} uses names that chapter "
                         f"{name}'s namespace does not define: "
                         + "; ".join(f"{n} (in `{code}`)" for n, code in missing.items()))


def _run(code, tree, env):
    if any(isinstance(n, ast.Return) for n in ast.walk(tree)) and not code.startswith("def "):
        wrapped = "def _hint():\n" + textwrap.indent(code, "    ")
        exec(compile(wrapped, "<hint>", "exec"), env)  # noqa: S102
        return env["_hint"]()
    if code.rstrip().endswith(":"):
        code += "\n    pass"
    exec(compile(code, "<hint>", "exec"), env)  # noqa: S102
    return None


@pytest.mark.parametrize("name,index", CASES, ids=_ids(CASES))
def test_hint_code_runs(name, index):
    """Snippets whose names are real values run, in order, as often as their names allow."""
    ns, _variables, values = _chapter(name)
    env = {**ns, **values}
    runnable = []
    for code, tree in _snippets(EXERCISES[name].hints[index]):
        if any(isinstance(n, ast.Raise) for n in ast.walk(tree)) or \
                any(isinstance(n, ast.Constant) and n.value is Ellipsis for n in ast.walk(tree)):
            continue  # a template (`float(...)`) or an error to raise, not code to run
        runnable.append((code, tree))
    for code, tree in runnable:
        for root in {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)} - set(env):
            if _importable(root):
                env[root] = importlib.import_module(root)
    pending, failures = list(runnable), []
    while pending:
        progress = False
        for code, tree in list(pending):
            read, _bound = _names(tree)
            if read - set(env) - set(dir(builtins)) - _names(tree)[1]:
                continue
            pending.remove((code, tree))
            progress = True
            try:
                _run(code, tree, env)
            except ModuleNotFoundError:
                pass
            except Exception as exc:  # noqa: BLE001 - the report names the snippet
                failures.append(f"`{code}` raises {type(exc).__name__}: {exc}")
        if not progress:
            break
    assert not failures, f"{name} hint {index + 1}: " + "; ".join(failures)
