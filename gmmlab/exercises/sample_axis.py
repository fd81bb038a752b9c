"""Follow the sample axis through a function's code: which names hold per-sample arrays.

:func:`analyse` reads a function's source and tells, for every expression, whether it is an
array whose first axis (``"first"``) or, after a ``.T``, last axis (``"last"``) runs over the
samples, and whether it is the number of samples. It starts from the parameters it is told are
sample-indexed (``X``) and follows assignments (``diff = X - mean``, ``n, d = X.shape``),
broadcasting, reductions (``.sum(axis=1)`` keeps the samples, ``axis=0`` removes them), stacking
of columns, ``np.linalg.solve`` and helper functions. It errs on the side of "not the samples":
an expression it cannot follow is None, so a loop over it is never taken for a sample loop.
"""

from __future__ import annotations

import ast
import builtins
import inspect
import textwrap
import types

_PASS_METHODS = {"copy", "astype", "clip", "round", "ravel", "flatten", "tolist", "conj",
                 "squeeze", "argsort", "cumsum", "cumprod"}
_REDUCTIONS = {"sum", "mean", "max", "min", "amax", "amin", "argmax", "argmin", "prod", "std",
               "var", "any", "all", "nansum", "nanmax", "nanmin", "median", "average", "norm",
               "count_nonzero", "ptp"}
_ELEMENTWISE = {"exp", "log", "log1p", "expm1", "log2", "log10", "sqrt", "square", "abs",
                "absolute", "negative", "sign", "maximum", "minimum", "fmax", "fmin", "clip",
                "isfinite", "isnan", "isinf", "power", "multiply", "add", "subtract", "divide",
                "true_divide", "exp2", "logaddexp", "floor", "ceil", "round", "asarray", "array",
                "asanyarray", "ascontiguousarray", "atleast_1d", "atleast_2d", "copy",
                "nan_to_num", "real", "where", "squeeze", "argsort", "sort", "cumsum", "float64",
                "float32"}
_CONSTRUCTORS = {"empty", "zeros", "ones", "full"}
_LIKE = {"empty_like", "zeros_like", "ones_like", "full_like"}
_STACKS = {"column_stack", "hstack"}
_PASSTHROUGH_ITER = {"enumerate", "reversed", "list", "tuple", "iter", "sorted", "zip", "product",
                     "map", "nditer"}
_INDEX_RANGES = {"range", "arange", "permutation", "ndindex"}


def parse(func):
    """``(function node, globals and closure, first line)`` from ``func``'s source, or None."""
    func = inspect.unwrap(getattr(func, "__func__", func))
    code = getattr(func, "__code__", None)
    if code is None:
        return None
    try:
        source = textwrap.dedent(inspect.getsource(func))
        module = ast.parse(source)
    except (OSError, TypeError, SyntaxError, IndentationError):
        return None
    node = next((n for n in module.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))),
                None)
    if node is None or node.name != code.co_name:
        return None
    env = dict(getattr(func, "__globals__", {}))
    for name, cell in zip(code.co_freevars, func.__closure__ or ()):
        try:
            env[name] = cell.cell_contents
        except ValueError:
            pass
    return node, env, code.co_firstlineno


def callee(func_node) -> str:
    """The called name: ``sum`` of ``np.sum`` or ``X.sum``, ``len`` of ``len``."""
    if isinstance(func_node, ast.Attribute):
        return func_node.attr
    if isinstance(func_node, ast.Name):
        return func_node.id
    return ""


_MISSING = object()


def const(node, default=_MISSING):
    """The value of a literal (``-1`` included), else ``default``."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub) and \
            isinstance(node.operand, ast.Constant) and isinstance(node.operand.value, int):
        return -node.operand.value
    return node.value if isinstance(node, ast.Constant) else default


def keyword(call, name, position=None):
    """The argument ``name`` of ``call``, given by keyword or at ``position``; None if absent."""
    for kw in call.keywords:
        if kw.arg == name:
            return kw.value
    if position is not None and len(call.args) > position:
        return call.args[position]
    return None


def _flip(axis):
    return {"first": "last", "last": "first"}.get(axis)


def _combine(axes):
    found = {a for a in axes if a}
    return found.pop() if len(found) == 1 else None


class Flow:
    """Which names hold sample-indexed arrays or the number of samples, in one function."""

    def __init__(self, node, env, tainted, depth=0):
        self.node, self.env, self.depth = node, env, depth
        self.first, self.last, self.sizes, self.vectorized = set(tainted), set(), set(), set()
        self.returns = None
        for _ in range(8):
            before = (len(self.first), len(self.last), len(self.sizes), len(self.vectorized))
            for sub in ast.walk(node):
                if isinstance(sub, ast.Assign):
                    for target in sub.targets:
                        self._bind(target, sub.value)
                elif isinstance(sub, (ast.AnnAssign, ast.NamedExpr)) and sub.value is not None:
                    self._bind(sub.target, sub.value)
            if before == (len(self.first), len(self.last), len(self.sizes), len(self.vectorized)):
                break
        returns = [self.axis(r.value) for r in ast.walk(node)
                   if isinstance(r, ast.Return) and r.value is not None]
        self.returns = _combine(returns)

    def _bind(self, target, value):
        if isinstance(target, ast.Name):
            axis = self.axis(value)
            if axis == "first":
                self.first.add(target.id)
            elif axis == "last":
                self.last.add(target.id)
            if self.is_size(value):
                self.sizes.add(target.id)
            if isinstance(value, ast.Call) and callee(value.func) in ("vectorize", "frompyfunc"):
                self.vectorized.add(target.id)
        elif isinstance(target, (ast.Tuple, ast.List)):
            if isinstance(value, (ast.Tuple, ast.List)) and len(value.elts) == len(target.elts):
                for t, v in zip(target.elts, value.elts):
                    self._bind(t, v)
                return
            shaped = None
            if isinstance(value, ast.Attribute) and value.attr == "shape":
                shaped = self.axis(value.value)
            elif isinstance(value, ast.Call) and callee(value.func) == "shape" and value.args:
                shaped = self.axis(value.args[0])
            names = [t for t in target.elts if isinstance(t, ast.Name)]
            if shaped == "first" and names and names[0] is target.elts[0]:
                self.sizes.add(names[0].id)
            elif shaped == "last" and names and names[-1] is target.elts[-1]:
                self.sizes.add(names[-1].id)

    # ------------------------------------------------------------------ axis of an expression
    def axis(self, e):
        """``"first"`` or ``"last"`` when ``e``'s first/last axis is the samples, else None."""
        if isinstance(e, ast.Name):
            return "first" if e.id in self.first else "last" if e.id in self.last else None
        if isinstance(e, ast.Attribute):
            return _flip(self.axis(e.value)) if e.attr == "T" else None
        if isinstance(e, ast.Subscript):
            return self._subscript(e)
        if isinstance(e, ast.BinOp):
            left, right = self.axis(e.left), self.axis(e.right)
            if isinstance(e.op, ast.MatMult):
                return "first" if left == "first" else "last" if right == "last" else None
            if {left, right} >= {"first", "last"}:
                return None
            return _combine([left, right])
        if isinstance(e, ast.UnaryOp):
            return self.axis(e.operand)
        if isinstance(e, ast.IfExp):
            return _combine([self.axis(e.body), self.axis(e.orelse)])
        if isinstance(e, ast.Call):
            return self._call(e)
        return None

    def _subscript(self, e):
        base = self.axis(e.value)
        if base is None:
            return None
        index = e.slice.elts if isinstance(e.slice, ast.Tuple) else [e.slice]
        kinds = ["slice" if isinstance(i, ast.Slice) else "none" if const(i, 0) is None
                 else "mask" if isinstance(i, (ast.Compare, ast.BoolOp)) else "dots"
                 if const(i, 0) is Ellipsis else "other" for i in index]
        if base == "first":
            return "first" if kinds[0] in ("slice", "mask", "dots") else None
        if all(k in ("slice", "none", "dots") for k in kinds):
            return "last"
        return "first" if len(kinds) == 1 else None

    def _reduce(self, base, axis_node, keepdims):
        axis = const(axis_node, None) if axis_node is not None else None
        if base is None or axis is None or not isinstance(axis, int):
            return None
        if base == "first":
            return None if axis == 0 and not keepdims else "first"
        if keepdims:
            return "last"
        return "first" if axis == 0 else None  # (d, n) summed over d: one value per sample

    def _call(self, e):
        leaf = callee(e.func)
        args = [self.axis(a) for a in e.args]
        keep = const(keyword(e, "keepdims"), False) is True
        if isinstance(e.func, ast.Attribute) and not self._is_numpy(e.func.value):
            base = self.axis(e.func.value)
            if base is not None:
                if leaf in _PASS_METHODS:
                    return base
                if leaf in _REDUCTIONS:
                    return self._reduce(base, keyword(e, "axis", 0), keep)
                if leaf == "reshape" and e.args and base == "first" and (
                        self.is_size(e.args[0]) or const(e.args[0], 0) == -1):
                    return "first"
                if leaf == "dot":
                    return base if base == "first" else None
                return None
        if self._is_numpy(e.func) or leaf in ("solve_triangular",):
            return self._numpy_call(e, leaf, args, keep)
        if isinstance(e.func, ast.Name) and e.func.id in ("abs", "list", "tuple", "reversed"):
            return args[0] if args else None
        if isinstance(e.func, ast.Name) and not hasattr(builtins, e.func.id):
            return self._user_call(e, args)
        return None

    def _numpy_call(self, e, leaf, args, keep):
        if leaf in _REDUCTIONS:
            return self._reduce(args[0] if args else None, keyword(e, "axis", 1), keep)
        if leaf == "where":
            return _combine(args[1:]) if len(args) > 1 else _combine(args)
        if leaf in _ELEMENTWISE:
            return _combine(args)
        if leaf in _LIKE:
            return args[0] if args else None
        if leaf in _CONSTRUCTORS and e.args:
            shape = e.args[0]
            if self.is_size(shape):
                return "first"
            if isinstance(shape, ast.Tuple) and shape.elts:
                if self.is_size(shape.elts[0]):
                    return "first"
                if len(shape.elts) > 1 and self.is_size(shape.elts[-1]):
                    return "last"
            return None
        if leaf == "arange" and e.args and self.is_size(e.args[-1] if len(e.args) < 3
                                                        else e.args[1]):
            return "first"
        if leaf in ("solve", "solve_triangular", "cho_solve") and len(e.args) > 1:
            return args[1]
        if leaf in _STACKS or (leaf in ("stack", "concatenate")
                               and const(keyword(e, "axis", 1), 0) in (1, -1)):
            if not e.args:
                return None
            items = e.args[0]
            if isinstance(items, (ast.List, ast.Tuple)):
                return "first" if "first" in [self.axis(i) for i in items.elts] else None
            if isinstance(items, (ast.ListComp, ast.GeneratorExp)):
                return "first" if self.axis(items.elt) == "first" else None
        return None

    def _user_call(self, e, args):
        target = self.env.get(e.func.id)
        tainted = {i for i, a in enumerate(args) if a == "first"}
        if not tainted:
            return None
        helper = analyse(target, tainted, self.depth + 1) if callable(target) else None
        if helper is not None:
            return helper.returns
        axis = keyword(e, "axis")
        return None if axis is not None and const(axis, None) in (0, None) else "first"

    def _is_numpy(self, node):
        root = node
        while isinstance(root, ast.Attribute):
            root = root.value
        if not isinstance(root, ast.Name):
            return False
        obj = self.env.get(root.id)
        name = getattr(obj, "__name__", "") if isinstance(obj, types.ModuleType) else \
            getattr(obj, "__module__", "") or ""
        return name.split(".")[0] in ("numpy", "scipy") or root.id in ("np", "numpy")

    # ------------------------------------------------------------------ sizes and iterables
    def is_size(self, e) -> bool:
        """Whether ``e`` is the number of samples (or grows with it)."""
        if isinstance(e, ast.Name):
            return e.id in self.sizes
        if isinstance(e, ast.Subscript) and isinstance(e.value, ast.Attribute) \
                and e.value.attr == "shape":
            index, axis = const(e.slice, None), self.axis(e.value.value)
            return (index == 0 and axis == "first") or (index == -1 and axis == "last")
        if isinstance(e, ast.Attribute) and e.attr == "size":
            return self.axis(e.value) is not None
        if isinstance(e, ast.Call) and callee(e.func) in ("len", "int", "size") and e.args:
            if callee(e.func) == "int":
                return self.is_size(e.args[0])
            return self.axis(e.args[0]) == "first"
        if isinstance(e, ast.BinOp) and isinstance(e.op, (ast.Add, ast.Sub, ast.FloorDiv,
                                                          ast.Mult)):
            return self.is_size(e.left) or self.is_size(e.right)
        return False

    def sample_iterable(self, e) -> bool:
        if self.axis(e) == "first":
            return True
        if not isinstance(e, ast.Call):
            return False
        leaf = callee(e.func)
        if leaf in _INDEX_RANGES and e.args:
            stop = e.args[0] if len(e.args) == 1 or leaf != "range" and leaf != "arange" \
                else e.args[1]
            return self.is_size(stop) or (leaf == "permutation"
                                          and self.axis(e.args[0]) == "first")
        if leaf in _PASSTHROUGH_ITER:
            return any(self.sample_iterable(a) for a in e.args[(1 if leaf == "map" else 0):])
        return False


_ANALYSING: set = set()


def analyse(func, tainted, depth=0):
    """The :class:`Flow` of ``func`` with the parameters ``tainted`` (positions) sample-indexed."""
    if depth > 3 or not isinstance(getattr(func, "__func__", func), types.FunctionType):
        return None
    key = (id(getattr(func, "__code__", None)), frozenset(tainted))
    if key in _ANALYSING:
        return None
    parsed = parse(func)
    if parsed is None:
        return None
    node, env, _first = parsed
    params = [a.arg for a in node.args.posonlyargs + node.args.args]
    names = {params[i] for i in tainted if isinstance(i, int) and i < len(params)}
    names |= {i for i in tainted if isinstance(i, str)}
    _ANALYSING.add(key)
    try:
        return Flow(node, env, names, depth)
    finally:
        _ANALYSING.discard(key)


