"""Enforce the course's NumPy-only rule on a student's function, statically and while it runs."""

from __future__ import annotations

import importlib.util
import os
import sys
import types

from ..course import exercises

# The package that holds gmmlab's own answers to the exercises, and the top-level names of
# gmmlab that lead to them (the exercises' own names, from the course manifest, among them).
_REFERENCE_PACKAGE = "gmmlab.numerics"
#: The checks' own references (on SciPy and scikit-learn): naming them is not NumPy either.
_CHECKS_PACKAGE = "gmmlab.exercises"
_GMMLAB_NAMES = set(exercises()) | {"numerics", "GaussianMixture", "log_gaussian_prob",
                                    "precision_cholesky", "exercises"}
RULE = "the exercises are NumPy-only, so this exercise gets no points"


def _package_dir(name: str) -> str | None:
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return os.path.abspath(next(iter(spec.submodule_search_locations))) + os.sep


_FORBIDDEN_FILES: list | None = None
# Kept at import: code that later replaces sys.setprofile cannot switch the guard off.
_SETPROFILE, _GETPROFILE = sys.setprofile, sys.getprofile


def _forbidden_files() -> list:
    """(path prefix, library label) pairs whose code a student function may not run.

    Each prefix is there as Python names the files and with symbolic links resolved (a virtual
    environment linked from elsewhere: code objects keep the unresolved path).
    """
    global _FORBIDDEN_FILES
    if _FORBIDDEN_FILES is None:
        found = []
        sk = _package_dir("sklearn")
        if sk:
            found.append((sk, "scikit-learn"))
        sp = _package_dir("scipy")
        if sp:
            found.append((os.path.join(sp, "stats") + os.sep, "scipy.stats"))
            found.append((os.path.join(sp, "special", "_logsumexp.py"), "scipy.special.logsumexp"))
        gm = os.path.abspath(os.path.dirname(os.path.dirname(__file__)))
        found.append((os.path.join(gm, "numerics") + os.sep, _REFERENCE_PACKAGE))
        resolved = [(os.path.realpath(prefix) + (os.sep if prefix.endswith(os.sep) else ""),
                     label) for prefix, label in found]
        _FORBIDDEN_FILES = list(dict.fromkeys(found + resolved))
    return _FORBIDDEN_FILES


def _label_for_module(modname: str, qualname: str = "") -> str | None:
    if modname == "sklearn" or modname.startswith("sklearn."):
        return "scikit-learn"
    if modname == "scipy.stats" or modname.startswith("scipy.stats."):
        return "scipy.stats"
    if modname.startswith("scipy.special") and qualname == "logsumexp":
        return "scipy.special.logsumexp"
    if modname.startswith((_REFERENCE_PACKAGE + ".", _CHECKS_PACKAGE + ".")) or modname in (
            _REFERENCE_PACKAGE, _CHECKS_PACKAGE):
        return modname
    if modname == "gmmlab" and qualname in _GMMLAB_NAMES:
        return f"gmmlab.{qualname}"
    return None


def _code_names(code: types.CodeType) -> set:
    names = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= _code_names(const)
    return names


def _classify(obj, attr_names: set) -> str | None:
    if isinstance(obj, types.ModuleType):
        name = obj.__name__
        label = _label_for_module(name)
        if label:
            return label
        if name == "scipy" and "stats" in attr_names:
            return "scipy.stats"
        if name in ("scipy", "scipy.special") and "logsumexp" in attr_names:
            return "scipy.special.logsumexp"
        if name == "gmmlab" and attr_names & _GMMLAB_NAMES:
            return "gmmlab's reference implementation"
        return None
    for candidate in (obj, type(obj)):
        modname = getattr(candidate, "__module__", None)
        if isinstance(modname, str):
            label = _label_for_module(modname, getattr(candidate, "__name__", ""))
            if label:
                return label
    return None


def static_violation(func) -> str | None:
    """Library the function (or a helper function it calls) refers to in breach of the rule."""
    seen = set()
    stack = [func]
    while stack:
        f = stack.pop()
        f = getattr(f, "__func__", f)
        code = getattr(f, "__code__", None)
        if code is None or id(f) in seen:
            continue
        seen.add(id(f))
        names = _code_names(code)
        env = dict(getattr(f, "__globals__", {}))
        for cell_name, cell in zip(code.co_freevars, f.__closure__ or ()):
            try:
                env[cell_name] = cell.cell_contents
            except ValueError:
                pass
        for name in names | set(code.co_freevars):
            if name not in env:
                continue
            obj = env[name]
            label = _classify(obj, names)
            if label:
                return f"{label} ({name})" if label.split(".")[-1] != name else label
            if isinstance(obj, types.FunctionType) and _is_student(obj):
                stack.append(obj)
    return None


def _is_student(f) -> bool:
    modname = getattr(f, "__module__", "") or ""
    filename = f.__code__.co_filename
    if modname.startswith(("numpy", "scipy", "sklearn", "gmmlab", "matplotlib")):
        return False
    return "site-packages" not in filename and "/lib/python" not in filename


class RuntimeGuard:
    """Context manager that records the first forbidden library entered while it is active."""

    def __init__(self):
        self.violation = None
        self._previous = None

    def _profile(self, frame, event, arg):
        if event != "call" or self.violation is not None:
            return
        filename = frame.f_code.co_filename
        for prefix, label in _forbidden_files():
            if filename.startswith(prefix):
                self.violation = label
                return

    def __enter__(self):
        _forbidden_files()
        self._previous = _GETPROFILE()
        _SETPROFILE(self._profile)
        return self

    def __exit__(self, *exc):
        _SETPROFILE(self._previous)
        return False


def message(label: str) -> str:
    return f"uses {label}; {RULE}"
