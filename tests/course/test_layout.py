"""The shape of the package: imports flow one way, modules stay small, exercises are listed once."""

import ast
import re
from pathlib import Path

import pytest

from gmmlab import course

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "gmmlab"
MAX_LINES = 400

#: Which concern may import which (a concern imports itself freely). The manifest and the data
#: loaders are leaves every concern may use.
ALLOWED = {
    "course": set(),
    "datasets": {"course"},
    "numerics": {"course"},
    "figures": {"numerics", "course", "datasets"},
    "widgets": {"figures", "numerics", "course", "datasets"},
    "exercises": {"numerics", "notebook", "course"},
    "notebook": {"course"},
    "grading": {"exercises", "notebook", "course", "datasets"},
    "__init__": {"datasets", "numerics"},
}


def _modules():
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def _concern(path: Path) -> str:
    rel = path.relative_to(PACKAGE)
    return rel.parts[0].removesuffix(".py")


def _module_name(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> set:
    """Every gmmlab module this file imports, at any depth of the code (lazy imports count)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = _module_name(path).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "gmmlab"}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] == "gmmlab":
                found.add(target)
                found |= {f"{target}.{a.name}" for a in node.names}
    return found


def _target_concern(name: str):
    parts = name.split(".")
    if len(parts) == 1:
        return None  # `import gmmlab` / `from gmmlab import x` is resolved through x
    head = parts[1]
    if (PACKAGE / head).is_dir() or (PACKAGE / f"{head}.py").is_file():
        return head
    return None


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_imports_flow_one_way(path):
    concern = _concern(path)
    assert concern in ALLOWED, f"{concern} is a new concern: add it to ALLOWED with its rule"
    bad = sorted({t for t in _imports(path) if (c := _target_concern(t)) and c != concern
                  and c not in ALLOWED[concern]})
    assert not bad, f"{concern} may import only {sorted(ALLOWED[concern])}, not {bad}"


def test_import_rules_have_no_cycle():
    graph = {c: {d for d in deps if d != c} for c, deps in ALLOWED.items()}
    state = {}

    def visit(node, trail):
        if state.get(node) == "open":
            raise AssertionError(f"cycle: {' -> '.join(trail + [node])}")
        if state.get(node) == "done":
            return
        state[node] = "open"
        for nxt in graph.get(node, ()):
            visit(nxt, trail + [node])
        state[node] = "done"

    for c in graph:
        visit(c, [])


def test_the_import_rule_can_fail(tmp_path):
    """The checker sees a relative import that climbs into another concern."""
    fake = PACKAGE / "numerics" / "_probe_for_test.py"
    fake.write_text("from ..figures import plotting\n", encoding="utf-8")
    try:
        assert "gmmlab.figures.plotting" in _imports(fake)
        assert _target_concern("gmmlab.figures.plotting") == "figures"
    finally:
        fake.unlink()


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_over_400_lines(path):
    n = len(path.read_text(encoding="utf-8").splitlines())
    assert n <= MAX_LINES, f"{path.relative_to(ROOT)} has {n} lines; split it by concept"


def _string_lists(tree):
    """Every list, tuple or set literal of two or more strings in a module (``__all__`` aside:
    a module's public names are not a listing of the exercises)."""
    public = {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Assign)
              and any(isinstance(t, ast.Name) and t.id == "__all__" for t in n.targets)}
    for node in ast.walk(tree):
        if id(node) in public:
            continue
        if isinstance(node, (ast.List, ast.Tuple, ast.Set)) and len(node.elts) >= 2 and all(
                isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.elts):
            yield {e.value for e in node.elts}


def test_exercise_names_are_listed_in_the_manifest_only():
    names = set(course.exercises())
    listing = []
    for path in _modules():
        text = path.read_text(encoding="utf-8")
        tree = ast.parse(text)
        hits = [s for s in _string_lists(tree) if len(s & names) >= 2]
        # A call such as Exercise("e_step", 3) inside the manifest is the one listing.
        calls = {n.args[0].value for n in ast.walk(tree) if isinstance(n, ast.Call)
                 and n.args and isinstance(n.args[0], ast.Constant) and n.args[0].value in names}
        if hits or len(calls) >= 2:
            listing.append(str(path.relative_to(ROOT)))
        # Docstrings and comments that spell out several exercise names are lists too.
        spelled = {n for n in names if re.search(rf"\b{n}\b", text)}
        if len(spelled) >= len(names) - 1 and path.name != "course.py":
            listing.append(f"{path.relative_to(ROOT)} (text)")
    assert listing == ["gmmlab/course.py"], listing


def test_every_manifest_exercise_has_its_module_and_nothing_else_is_one():
    modules = {p.stem for p in (PACKAGE / "exercises").glob("*.py")}
    for name in course.exercises():
        assert name in modules, f"gmmlab/exercises/{name}.py is missing"
    shared = {"__init__", "registry", "runner", "harness", "verdict", "reference", "numpy_only",
              "hints", "variants", "rules", "sample_axis", "kmeans_seeding",
              "vb_reference", "remote", "failures"}
    strays = modules - shared - set(course.exercises())
    assert not strays, f"modules of gmmlab/exercises/ that are neither shared nor an exercise: {strays}"


def test_readme_module_map_lists_every_module():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = set(re.findall(r"^\| `(gmmlab/[\w/<>]+\.py)` \|", readme, flags=re.MULTILINE))
    exercise_modules = {f"gmmlab/exercises/{n}.py" for n in course.exercises()}
    wanted = {str(p.relative_to(ROOT)) for p in _modules() if p.name != "__init__.py"}
    wanted -= exercise_modules
    missing = sorted(wanted - rows)
    stale = sorted(r for r in rows - wanted if "<name>" not in r)
    assert not missing, f"modules missing from the README's package map: {missing}"
    assert not stale, f"the README's package map names modules that do not exist: {stale}"
