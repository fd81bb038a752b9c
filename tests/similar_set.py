"""A synthetic set for the similarity finder: disguised copies of one solution, and independent
correct solutions (the exercises' ALTERNATIVES and the blind variants' correct ones)."""

import ast
import importlib.util
import inspect
import textwrap
from pathlib import Path

from gmmlab.exercises import EXERCISES, variants

BLIND = Path(__file__).resolve().parent / "exercises" / "blind"


def _names(node, ctx):
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ctx)}


def _independent(a, b) -> bool:
    wa, wb = _names(a, ast.Store), _names(b, ast.Store)
    ra, rb = _names(a, ast.Load), _names(b, ast.Load)
    flow = isinstance(a, ast.Return | ast.Raise) or isinstance(b, ast.Return | ast.Raise)
    return not flow and not (wa & (rb | wb)) and not (wb & ra)


def disguise(source: str, name: str, salt: int) -> str:
    """``source`` with every local name renamed, independent neighbours swapped, comments and a
    new docstring: what a student who copies and hides it would hand in."""
    tree = ast.parse(source)
    func = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == name)
    local = {a.arg for a in func.args.args + func.args.kwonlyargs} | _names(func, ast.Store)
    new = {n: f"{n[:1]}{'xyzw'[salt % 4]}_{i}{salt}" for i, n in enumerate(sorted(local))}
    for node in ast.walk(func):
        if isinstance(node, ast.Name) and node.id in new:
            node.id = new[node.id]
        elif isinstance(node, ast.arg) and node.arg in new:
            node.arg = new[node.arg]
    body = func.body
    doc = int(bool(body) and isinstance(body[0], ast.Expr) and isinstance(body[0].value,
                                                                          ast.Constant))
    i = doc + (1 if salt % 2 else 0)
    while i + 1 < len(body):
        if _independent(body[i], body[i + 1]):
            body[i], body[i + 1] = body[i + 1], body[i]
            i += 2
        else:
            i += 1
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body[0].value.value = f"My own {name}, version {salt}."
    lines = ast.unparse(tree).splitlines()
    return "\n".join(line + (f"  # step {k}" if k % 3 == salt % 3 else "")
                     for k, line in enumerate(lines)) + "\n"


def _blind(name):
    out = []
    for folder in sorted(BLIND.glob("set*")):
        path = folder / f"{name}.py"
        if not path.is_file():
            continue
        spec = importlib.util.spec_from_file_location(f"blind_{folder.name}_{name}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        out += [(f"{folder.name}:{v['id']}", v["source"]) for v in module.VARIANTS
                if v["kind"] == "correct"]
    return out


def _alternatives(name):
    out = []
    for i, alt in enumerate(getattr(EXERCISES[name].module, "ALTERNATIVES", ())):
        src = textwrap.dedent(inspect.getsource(alt.func))
        out.append((f"alternative-{i}", src.replace(f"def {alt.func.__name__}(",
                                                     f"def {name}(", 1)))
    return out


def synthetic_set(copies: int = 3) -> dict:
    """``{exercise: (copies, independents)}``, each a list of ``(label, source)``; the copies
    are the written solution and ``copies`` disguises of it."""
    out = {}
    for name in EXERCISES:
        solution = variants.solution_source(name)
        same = [("solution", solution)] + [(f"copy-{k}", disguise(solution, name, k))
                                           for k in range(copies)]
        out[name] = (same, _alternatives(name) + _blind(name))
    return out
