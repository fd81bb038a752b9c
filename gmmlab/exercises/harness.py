"""Calling a student's function safely and comparing what it returns, without revealing answers."""

from __future__ import annotations

import contextlib
import io
import itertools
import signal
import threading
import traceback

import numpy as np

from .failures import describe_exception
from .numpy_only import RuntimeGuard
from .remote import CallTimeout as _TimeUp
from .remote import RemoteCall, trace
from .verdict import Forbidden, Mistake, NotAttempted

#: Seconds a single call of a student's function may take inside a check.
CALL_TIME_LIMIT = 10.0


class Session:
    """One check of one student function: calls it (once per input), guards it, remembers answers.

    Parameters
    ----------
    name : str
        Exercise name, used in messages.
    func : callable
        The student's function.
    """

    def __init__(self, name: str, func):
        self.name = name
        self.func = func
        self.violation = None
        self.calls = 0
        self._cache = {}
        #: Lowest-precision float dtype seen in what the function returned (e.g. "float32").
        self.low_precision = None
        #: Outcome of the first failed :func:`close` since :meth:`begin_part`: None (none
        #: failed yet), "" (not a precision problem) or the precision message.
        self.first_miss = None

    def begin_part(self) -> None:
        """Forget the comparisons of the previous part (see :func:`precision_problem`)."""
        self.first_miss = None

    def call(self, *args, **kwargs):
        """Call the student's function on copies of the inputs; turn every failure into a Mistake.

        Calls with the same array/number arguments are made once and their outcome reused.
        """
        key = _key(args, kwargs)
        if key is not None and key in self._cache:
            out, exc = self._cache[key]
            if exc is not None:
                raise exc
            return out
        try:
            out = self._call(*args, **kwargs)
        except (Mistake, NotAttempted, Forbidden) as exc:
            if key is not None:
                self._cache[key] = (None, exc)
            raise
        if key is not None:
            self._cache[key] = (out, None)
        return out

    def _call(self, *args, **kwargs):
        copies = [np.array(a, copy=True) if isinstance(a, np.ndarray) else a for a in args]
        self.calls += 1
        guard = RuntimeGuard()
        try:
            with _time_limit(CALL_TIME_LIMIT), contextlib.redirect_stdout(io.StringIO()), guard:
                out = self.func(*copies, **kwargs)
        except (Mistake, NotAttempted, Forbidden):
            raise
        except NotImplementedError as exc:
            tb = traceback.extract_tb(exc.__traceback__)
            own = getattr(self.func, "__name__", self.name)
            remote = trace(exc)
            raiser = remote["raiser"] if remote else (tb[-1].name if tb else own)
            depth = remote["depth"] if remote else len(tb)
            if raiser in (own, "call") or depth <= 2:
                raise NotAttempted("the stub still raises NotImplementedError") from None
            raise Mistake(f"calls {raiser}, which still raises NotImplementedError: "
                          f"finish {raiser} first") from None
        except _TimeUp:
            raise Mistake(f"did not finish within {CALL_TIME_LIMIT:g} s on a small input "
                          "(an endless loop?)") from None
        except RecursionError:
            raise Mistake("recurses without end (RecursionError)") from None
        except MemoryError:
            raise Mistake("runs out of memory on a small input") from None
        except Exception as exc:  # noqa: BLE001 - every student error becomes a verdict
            raise Mistake(describe_exception(exc)) from None
        finally:
            if isinstance(self.func, RemoteCall) and guard.violation is None:
                guard.violation = self.func.last_violation
            if guard.violation and self.violation is None:
                self.violation = guard.violation
        if guard.violation:
            raise Forbidden(guard.violation)
        changed = isinstance(self.func, RemoteCall) and self.func.last_modified
        for original, copy in zip(args, copies):
            if changed or isinstance(original, np.ndarray) and not _same(original, copy):
                raise Mistake("modifies its input arrays in place; work on new arrays instead")
        return out


def _key(args, kwargs):
    parts = []
    for name, a in [(None, a) for a in args] + sorted(kwargs.items()):
        if name is not None:
            parts.append(name)
        if isinstance(a, np.ndarray):
            parts.append((a.shape, a.tobytes()))
        elif isinstance(a, (int, float, str, type(None))):
            parts.append(a)
        else:
            return None
    return tuple(parts)


def _same(a, b) -> bool:
    return a.shape == b.shape and np.array_equal(a, b, equal_nan=True)


class _time_limit:
    """SIGALRM-based time limit (main thread on POSIX only; otherwise no limit)."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.active = False

    def _handler(self, signum, frame):
        raise _TimeUp()

    def __enter__(self):
        if hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread():
            try:
                self.old = signal.signal(signal.SIGALRM, self._handler)
                self.old_timer = signal.setitimer(signal.ITIMER_REAL, self.seconds)
                self.active = True
            except (ValueError, OSError):
                self.active = False
        return self

    def __exit__(self, *exc):
        if self.active:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self.old)
        return False


# --------------------------------------------------------------------- conversions

def _float_array(value, what: str, expected: str) -> np.ndarray:
    """A returned value as a float64 array; a Mistake when it is None or not numbers."""
    if value is None:
        raise Mistake(f"{what} is None (a missing return statement?)")
    _note_precision(value)
    try:
        return np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise Mistake(f"{what} should be {expected}, got {type(value).__name__}") from None


def as_array(value, what: str, shape=None, allow_scalar_for_shape=False) -> np.ndarray:
    """Convert a returned value to a float64 array and check its shape, or raise a Mistake.

    Parameters
    ----------
    value : object
        What the student's function returned (or a part of it).
    what : str
        How to name it in messages, e.g. ``"resp"``.
    shape : tuple of (int or str), optional
        Expected shape; strings give the symbolic name used in the message, e.g.
        ``((7, "n_samples"), (3, "n_components"))``.
    """
    arr = _float_array(value, what, "numbers")
    if shape is not None:
        want = tuple(s[0] for s in shape)
        names = ", ".join(s[1] for s in shape)
        if arr.shape != want:
            if allow_scalar_for_shape and arr.size == int(np.prod(want)):
                arr = arr.reshape(want)
            else:
                got = "a scalar" if arr.ndim == 0 else f"shape {arr.shape}"
                hint = ""
                if arr.ndim == len(want) == 2 and arr.shape == want[::-1]:
                    hint = " (transposed?)"
                raise Mistake(f"{what} has the wrong shape: expected ({names}), got {got}{hint}")
    return arr


def as_scalar(value, what: str) -> float:
    """Convert a returned value to a Python float, or raise a Mistake naming ``what``."""
    arr = _float_array(value, what, "a number")
    if arr.size != 1:
        raise Mistake(f"{what} should be a single number, got shape {arr.shape}")
    return float(arr.reshape(()))


def unpack(value, n: int, names: str):
    """Split a returned tuple of n items or raise a Mistake naming the expected items."""
    if not isinstance(value, (tuple, list)) or len(value) != n:
        got = (f"a {type(value).__name__} of length {len(value)}"
               if isinstance(value, (tuple, list)) else type(value).__name__)
        raise Mistake(f"should return a tuple ({names}), got {got}")
    return tuple(value)


def finite(arr: np.ndarray, what: str, reason: str = "") -> None:
    if np.isnan(arr).any():
        raise Mistake(f"{what} contains NaN" + (f" {reason}" if reason else ""))
    if np.isinf(arr).any():
        raise Mistake(f"{what} contains infinite values" + (f" {reason}" if reason else ""))


def mixture_output(value, k: int, d: int):
    """Unpack a returned ``(weights, means, covs)`` triple and check its shapes and finiteness.

    Returns ``weights`` (k,), ``means`` (k, d) and ``covs`` (k, d, d) as float arrays, or raises
    a Mistake that names the first item that is wrong.
    """
    w, m, c = unpack(value, 3, "weights, means, covs")
    w = as_array(w, "weights", shape=((k, "n_components"),))
    m = as_array(m, "means", shape=((k, "n_components"), (d, "n_features")))
    c = as_array(c, "covs", shape=((k, "n_components"), (d, "n_features"), (d, "n_features")))
    for arr, what in ((w, "weights"), (m, "means"), (c, "covs")):
        finite(arr, what)
    return w, m, c


def close(a, b, rtol=1e-6, atol=1e-8) -> bool:
    """Whether ``a`` and ``b`` have the same shape and agree within ``rtol``/``atol``.

    While a check runs (:func:`watching`), the first failed comparison of each part is also
    examined by :func:`precision_problem`, so that the runner can call a float32 computation
    a precision problem instead of a wrong formula.
    """
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    ok = a.shape == b.shape and bool(np.allclose(a, b, rtol=rtol, atol=atol, equal_nan=False))
    session = _WATCHED[-1] if _WATCHED else None
    if not ok and session is not None and session.first_miss is None:
        low = session.low_precision
        session.first_miss = precision_problem(a, b, low=low) or ""
    return ok


# --------------------------------------------------------------------- precision

_WATCHED: list = []
_LOW = {"float16": 1e-2, "float32": 1e-4}


@contextlib.contextmanager
def watching(session):
    """Let :func:`close` and :func:`as_array` report on ``session`` while the block runs."""
    _WATCHED.append(session)
    try:
        yield session
    finally:
        _WATCHED.remove(session)


def _note_precision(value) -> None:
    """Remember on the watched session that the function returned float16/float32 numbers."""
    if not _WATCHED:
        return
    items = value if isinstance(value, (tuple, list)) else (value,)
    for item in items[:64]:
        name = getattr(getattr(item, "dtype", None), "name", None)
        if name in _LOW and _WATCHED[-1].low_precision != "float16":
            _WATCHED[-1].low_precision = name


def _float32_values(values) -> bool:
    """All of ``values`` are float32 numbers, and not all are short ones (float16, integers)."""
    with np.errstate(all="ignore"):
        single = values.astype(np.float32).astype(float) == values
        short = values.astype(np.float16).astype(float) == values
    return bool(single.all() and not short.all())


def precision_problem(got, expected, what: str = "its results", low: str | None = None):
    """A message when ``got`` is ``expected`` computed in float32 (or float16), else None.

    ``got`` and ``expected`` are the student's values and the reference; ``what`` names them
    (e.g. ``"covs"``); ``low`` is the dtype the function returned when it was not float64
    (:class:`Session` records it). None when the difference is larger than float32 rounding (a
    wrong formula), when the values agree, or when nothing shows that float32 was used.
    """
    g = np.asarray(got, dtype=float)
    e = np.asarray(expected, dtype=float)
    if g.shape != e.shape or g.size == 0 or not (np.isfinite(g).all() and np.isfinite(e).all()):
        return None
    dtype = low or ("float32" if _float32_values(g) else None)
    if dtype is None:
        return None
    scale = max(1.0, float(np.abs(e).max()))
    err = np.abs(g - e)
    if not (err <= _LOW[dtype] * (np.abs(e) + 0.1 * scale)).all() or err.max() <= 1e-12 * scale:
        return None
    relative = float((err / np.maximum(np.abs(e), 0.1 * scale)).max())
    digits = max(1, int(-np.log10(relative))) if relative > 0 else 15
    return (f"computed in {dtype}? {what} agree only to about {digits} significant digits (the "
            "checks compare to about 1e-7): work in float64, e.g. np.asarray(X, dtype=np.float64)")


def best_permutation(means, ref_means) -> tuple:
    """Order of the student's components that best matches the reference (label switching)."""
    k = len(ref_means)
    if k > 7:
        cost = ((means[:, None, :] - ref_means[None, :, :]) ** 2).sum(-1)
        return tuple(np.argmin(cost, axis=0))
    best, best_cost = None, np.inf
    for perm in itertools.permutations(range(k)):
        c = float(((means[list(perm)] - ref_means) ** 2).sum())
        if c < best_cost:
            best, best_cost = perm, c
    return best


def spd_problem(covs: np.ndarray, what: str = "covariances") -> str | None:
    """Describe why a stack of (K, d, d) matrices is not symmetric positive definite, or None."""
    for k, c in enumerate(covs):
        scale = max(1.0, float(np.abs(c).max()))
        if not np.allclose(c, c.T, rtol=1e-8, atol=1e-10 * scale):
            if np.abs(c - c.T).max() <= 1e-5 * scale:  # float64 products are symmetric
                low = (_WATCHED[-1].low_precision if _WATCHED else None) or "float32"
                return precision_problem(c, (c + c.T) / 2, what, low) or \
                    f"{what}[{k}] is not symmetric"
            return f"{what}[{k}] is not symmetric"
        if np.linalg.eigvalsh(c).min() <= 0:
            return f"{what}[{k}] is not positive definite"
    return None


class Exercise:
    """A graded exercise, as the registry assembles it from the manifest and the exercise's module.

    Parameters
    ----------
    name : str
        Exercise name (the function the student writes).
    parts : list of (points, callable)
        Each callable takes a Session and raises Mistake when that part is wrong.
    hidden : callable, optional
        ``hidden(session, case)`` runs the full comparison on the problem described by ``case``.
    hints : tuple of str, optional
        The hint stages, a nudge first and the key formula last.
    hidden_cases : tuple of dict, optional
        The autograder's cases; None when the package ships without them (student release).
    module : module, optional
        The module that defines the exercise.
    """

    def __init__(self, name, parts, hidden=None, *, hints=(), hidden_cases=None, module=None):
        self.name = name
        self.parts = parts
        self.hidden = hidden
        self.hints = tuple(hints)
        self.hidden_cases = hidden_cases
        self.module = module

    @property
    def max_points(self) -> float:
        return float(sum(p for p, _ in self.parts))
