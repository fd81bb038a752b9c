"""Variants for chapter 02: logsumexp(a, axis=None)."""

VARIANTS = [
    {
        "kind": "correct",
        "id": "logsumexp-stub-recipe",
        "what": "Stub recipe: m = max with keepdims, non-finite m replaced by 0, m + log(sum(exp(a - m))) inside errstate(divide='ignore'), axis squeezed away, float for axis=None.",
        "source": '''import numpy as np


def logsumexp(a, axis=None):
    a = np.asarray(a, dtype=float)
    m = np.max(a, axis=axis, keepdims=True)
    m = np.where(np.isfinite(m), m, 0.0)
    with np.errstate(divide="ignore"):
        out = m + np.log(np.sum(np.exp(a - m), axis=axis, keepdims=True))
    if axis is None:
        return float(out.reshape(()))
    return np.squeeze(out, axis=axis)
''',
    },
    {
        "kind": "correct",
        "id": "logsumexp-recursive-ravel",
        "what": "axis=None handled by recursion on the flattened array with axis=0; the integer case uses explicit index arithmetic (axis % ndim) and removes the axis by indexing the keepdims result with 0.",
        "source": '''import numpy as np


def logsumexp(a, axis=None):
    a = np.asarray(a, dtype=float)
    if axis is None:
        return float(logsumexp(a.reshape(-1), axis=0))
    ax = axis % a.ndim
    m = a.max(axis=ax, keepdims=True)
    bad = ~np.isfinite(m)
    m[bad] = 0.0
    with np.errstate(divide="ignore"):
        s = np.log(np.exp(a - m).sum(axis=ax, keepdims=True)) + m
    index = tuple(0 if i == ax else slice(None) for i in range(a.ndim))
    return s[index]
''',
    },
    {
        "kind": "correct",
        "id": "logsumexp-moveaxis-einsum",
        "what": "Moves the reduced axis to the end, sums exponentials with einsum '...i->...', shift by the finite-or-zero maximum; axis=None flattens first and returns a float.",
        "source": '''import numpy as np


def logsumexp(a, axis=None):
    arr = np.array(a, dtype=float)  # private copy
    if axis is None:
        arr = arr.ravel()
        ax = 0
    else:
        ax = axis
    arr = np.moveaxis(arr, ax, -1)
    m = np.max(arr, axis=-1, keepdims=True)
    m = np.where(np.isfinite(m), m, 0.0)
    with np.errstate(divide="ignore"):
        res = np.log(np.einsum("...i->...", np.exp(arr - m))) + m[..., 0]
    if axis is None:
        return float(res)
    return res
''',
    },
    {
        "kind": "correct",
        "id": "logsumexp-nan-to-zero-shift",
        "what": "np.amax with keepdims, m set to 0 wherever it is not finite (np.where on an isfinite mask); the reduced axis is removed by np.sum without keepdims and m squeezed to match; .item() gives the float for axis=None.",
        "source": '''import numpy as np


def logsumexp(a, axis=None):
    a = np.asarray(a, dtype=np.float64)
    m = np.amax(a, axis=axis, keepdims=True)
    finite = np.isfinite(m)
    m = np.where(finite, m, 0.0)
    with np.errstate(divide="ignore"):
        total = np.sum(np.exp(a - m), axis=axis)
        if axis is None:
            return float(np.log(total) + m.item())
        return np.log(total) + np.squeeze(m, axis=axis)
''',
    },
    {
        "kind": "mistake",
        "id": "logsumexp-no-nonfinite-guard",
        "what": "Shifts by the raw maximum without replacing a non-finite m by 0: a slice of all -inf gives -inf - (-inf) = nan; violates 'Slices whose entries are all -inf give -inf' and the stub's '(replace non-finite m by 0)'.",
        "source": '''import numpy as np


def logsumexp(a, axis=None):
    a = np.asarray(a, dtype=float)
    m = np.max(a, axis=axis, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = m + np.log(np.sum(np.exp(a - m), axis=axis, keepdims=True))
    if axis is None:
        return float(out.reshape(()))
    return np.squeeze(out, axis=axis)
''',
    },
    {
        "kind": "mistake",
        "id": "logsumexp-keeps-axis",
        "what": "Returns the keepdims result for an integer axis (shape (n, 1) instead of (n,)); violates 'with an integer axis it removes that axis'.",
        "source": '''import numpy as np


def logsumexp(a, axis=None):
    a = np.asarray(a, dtype=float)
    m = np.max(a, axis=axis, keepdims=True)
    m = np.where(np.isfinite(m), m, 0.0)
    with np.errstate(divide="ignore"):
        out = m + np.log(np.sum(np.exp(a - m), axis=axis, keepdims=True))
    if axis is None:
        return float(out.reshape(()))
    return out
''',
    },
    {
        "kind": "mistake",
        "id": "logsumexp-naive",
        "what": "Direct np.log(np.sum(np.exp(a))) without the shift: overflows to inf at 1000 and underflows to -inf at -1000; violates the stub 'Shift by m = np.max(a, ...)' and the notebook's stable-result requirement (1000.693 / -999.307).",
        "source": '''import numpy as np


def logsumexp(a, axis=None):
    a = np.asarray(a, dtype=float)
    with np.errstate(divide="ignore", over="ignore"):
        out = np.log(np.sum(np.exp(a), axis=axis))
    return float(out) if axis is None else out
''',
    },
    {
        "kind": "mistake",
        "id": "logsumexp-global-max-shift",
        "what": "Shifts every slice by the GLOBAL maximum np.max(a) even when axis is given: right when rows have similar scale, but a row far below the global max underflows (rows [1000, 1000] and [-1000, -1000] give -inf for the second); violates the stub 'm = np.max(a, axis=axis, keepdims=True)'.",
        "source": '''import numpy as np


def logsumexp(a, axis=None):
    a = np.asarray(a, dtype=float)
    m = np.max(a)
    if not np.isfinite(m):
        m = 0.0
    with np.errstate(divide="ignore"):
        out = m + np.log(np.sum(np.exp(a - m), axis=axis))
    return float(out) if axis is None else out
''',
    },
    {
        "kind": "mistake",
        "id": "logsumexp-axis-none-array",
        "what": "For axis=None returns the keepdims array (shape (1, 1) for a 2-D input) instead of a number; violates 'with axis=None it reduces over all entries and returns a single number' / 'a float when axis is None'.",
        "source": '''import numpy as np


def logsumexp(a, axis=None):
    a = np.asarray(a, dtype=float)
    m = np.max(a, axis=axis, keepdims=True)
    m = np.where(np.isfinite(m), m, 0.0)
    with np.errstate(divide="ignore"):
        out = m + np.log(np.sum(np.exp(a - m), axis=axis, keepdims=True))
    if axis is None:
        return out
    return np.squeeze(out, axis=axis)
''',
    },
    {
        "kind": "mistake",
        "id": "logsumexp-log2",
        "what": "Mixes bases: m + np.log2(sum(exp(a - m))); exact when one term dominates (sum = 1), wrong otherwise (log-sum of [0, 0] gives 1 instead of log 2); violates 'log(sum(exp(a), axis))' (natural log, like scipy.special.logsumexp).",
        "source": '''import numpy as np


def logsumexp(a, axis=None):
    a = np.asarray(a, dtype=float)
    m = np.max(a, axis=axis, keepdims=True)
    m = np.where(np.isfinite(m), m, 0.0)
    with np.errstate(divide="ignore"):
        out = m + np.log2(np.sum(np.exp(a - m), axis=axis, keepdims=True))
    if axis is None:
        return float(out.reshape(()))
    return np.squeeze(out, axis=axis)
''',
    },
    {
        "kind": "mistake",
        "id": "logsumexp-mean-shift",
        "what": "Shifts by the mean of the finite entries instead of the maximum: fine when entries are within ~700 of each other, overflows for [0, 1500]; violates 'Shift by m = np.max(a, axis=axis, keepdims=True)' (the notebook's question 1 explains why not the mean).",
        "source": '''import numpy as np


def logsumexp(a, axis=None):
    a = np.asarray(a, dtype=float)
    finite = np.isfinite(a)
    cnt = np.sum(finite, axis=axis, keepdims=True)
    with np.errstate(invalid="ignore"):
        m = np.sum(np.where(finite, a, 0.0), axis=axis, keepdims=True) / cnt
    m = np.where(np.isfinite(m), m, 0.0)
    with np.errstate(divide="ignore", over="ignore"):
        out = m + np.log(np.sum(np.exp(a - m), axis=axis, keepdims=True))
    if axis is None:
        return float(out.reshape(()))
    return np.squeeze(out, axis=axis)
''',
    },
    {
        "kind": "mistake",
        "id": "logsumexp-no-errstate",
        "what": "Numerically right but without np.errstate(divide='ignore'), so an all -inf slice emits 'RuntimeWarning: divide by zero encountered in log'; violates 'wrap the computation in np.errstate(divide=\"ignore\") so that log(0) returns -inf quietly'.",
        "source": '''import numpy as np


def logsumexp(a, axis=None):
    a = np.asarray(a, dtype=float)
    m = np.max(a, axis=axis, keepdims=True)
    m = np.where(np.isfinite(m), m, 0.0)
    out = m + np.log(np.sum(np.exp(a - m), axis=axis, keepdims=True))
    if axis is None:
        return float(out.reshape(()))
    return np.squeeze(out, axis=axis)
''',
    },
    {
        "kind": "mistake",
        "id": "logsumexp-inplace-shift",
        "what": "Subtracts the shift in place (a -= m) on the caller's float array, so the input is destroyed although the returned value is right; violates rule 3 'Do not modify the input arrays (work on new arrays)'.",
        "source": '''import numpy as np


def logsumexp(a, axis=None):
    a = np.asarray(a)
    m = np.max(a, axis=axis, keepdims=True)
    m = np.where(np.isfinite(m), m, 0.0)
    a -= m
    with np.errstate(divide="ignore"):
        out = m + np.log(np.sum(np.exp(a), axis=axis, keepdims=True))
    if axis is None:
        return float(out.reshape(()))
    return np.squeeze(out, axis=axis)
''',
    },
]
