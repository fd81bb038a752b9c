"""Variants of chapter 02: logsumexp(a, axis=None)."""

VARIANTS = [
    # ------------------------------------------------------------------ correct
    {
        "kind": "correct",
        "id": "logsumexp-keepdims-squeeze",
        "what": "The stub recipe: m = max(keepdims=True), non-finite m replaced by 0, m + log(sum(exp(a - m), keepdims=True)), then the kept axis squeezed; float() for axis=None.",
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
        "id": "logsumexp-shift-without-keepdims",
        "what": "Takes the maximum without keepdims, re-inserts the axis with np.expand_dims only for the shift, and adds the reduced maximum back; boolean-mask assignment for the non-finite case.",
        "source": '''import numpy as np


def logsumexp(a, axis=None):
    a = np.asarray(a, dtype=float)
    if axis is None:
        m = np.max(a)
        if not np.isfinite(m):
            m = 0.0
        with np.errstate(divide="ignore"):
            return float(m + np.log(np.sum(np.exp(a - m))))
    m = np.array(np.max(a, axis=axis), dtype=float)
    m[~np.isfinite(m)] = 0.0
    shifted = a - np.expand_dims(m, axis)
    with np.errstate(divide="ignore"):
        return m + np.log(np.sum(np.exp(shifted), axis=axis))
''',
    },
    {
        "kind": "correct",
        "id": "logsumexp-ravel-recursion",
        "what": "Handles axis=None by flattening and calling itself with axis=0 and converting to float; the integer-axis branch follows the stub.",
        "source": '''import numpy as np


def logsumexp(a, axis=None):
    a = np.asarray(a, dtype=float)
    if axis is None:
        return float(logsumexp(a.ravel(), axis=0))
    m = np.max(a, axis=axis, keepdims=True)
    m[~np.isfinite(m)] = 0
    with np.errstate(divide="ignore"):
        s = np.log(np.sum(np.exp(a - m), axis=axis, keepdims=True))
    return (s + m).sum(axis=axis)  # summing over a length-1 axis removes it
''',
    },
    {
        "kind": "correct",
        "id": "logsumexp-moveaxis-last",
        "what": "Moves the reduced axis to the end with np.moveaxis and always reduces over the last axis; negative axes work because moveaxis normalises them.",
        "source": '''import numpy as np


def logsumexp(a, axis=None):
    a = np.asarray(a, dtype=float)
    if axis is None:
        b = a.reshape(-1)
    else:
        b = np.moveaxis(a, axis, -1)
    m = b.max(axis=-1)
    m_safe = np.where(np.isfinite(m), m, 0.0)
    with np.errstate(divide="ignore"):
        result = m_safe + np.log(np.exp(b - m_safe[..., None]).sum(axis=-1))
    if axis is None:
        return float(result)
    return result
''',
    },
    {
        "kind": "correct",
        "id": "logsumexp-nan-to-num-shift",
        "what": "Makes the shift finite with np.nan_to_num (an all -inf slice is shifted by -1.8e308 instead of 0); still exact, still gives -inf for such slices and +inf when an entry is +inf, in line with scipy.",
        "source": '''import numpy as np


def logsumexp(a, axis=None):
    a = np.asarray(a, dtype=np.float64)
    shift = np.nan_to_num(np.amax(a, axis=axis, keepdims=True))
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        total = np.sum(np.exp(a - shift), axis=axis, keepdims=True)
        res = np.log(total) + shift
    if axis is None:
        return float(res.item())
    return res.squeeze(axis)
''',
    },
    # ------------------------------------------------------------------ mistakes
    {
        "kind": "mistake",
        "id": "logsumexp-naive",
        "what": "Computes np.log(np.sum(np.exp(a))) directly; overflows to inf for 1000 and gives -inf for -1000, violating 'Stable log(sum(exp(a), axis))' (the notebook's rows must give 1000.693 and -999.307).",
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
        "id": "logsumexp-shift-by-mean",
        "what": "Shifts by the mean instead of the maximum; exact in arithmetic but terms far above the mean still overflow (e.g. [0, 2000] gives inf), violating the text's 'Pull out the largest term m = max_k a_k'.",
        "source": '''import numpy as np


def logsumexp(a, axis=None):
    a = np.asarray(a, dtype=float)
    m = np.mean(a, axis=axis, keepdims=True)
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
        "id": "logsumexp-no-nonfinite-guard",
        "what": "Shifts by the raw maximum without replacing a non-finite maximum by 0, so an all -inf slice gives -inf - (-inf) = nan; violates 'Slices whose entries are all -inf give -inf'.",
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
        "id": "logsumexp-axis-kept",
        "what": "Leaves keepdims=True in the result, so logsumexp(rows, axis=1) has shape (3, 1); violates 'with an integer axis it removes that axis'.",
        "source": '''import numpy as np


def logsumexp(a, axis=None):
    a = np.asarray(a, dtype=float)
    m = np.max(a, axis=axis, keepdims=True)
    m[~np.isfinite(m)] = 0.0
    with np.errstate(divide="ignore"):
        out = m + np.log(np.sum(np.exp(a - m), axis=axis, keepdims=True))
    if axis is None:
        return float(out.ravel()[0])
    return out
''',
    },
    {
        "kind": "mistake",
        "id": "logsumexp-zero-d-array-for-none",
        "what": "Squeezes the keepdims result also for axis=None and returns a 0-d ndarray; violates 'a float when axis is None' / 'returns a single number'.",
        "source": '''import numpy as np


def logsumexp(a, axis=None):
    a = np.asarray(a, dtype=float)
    m = np.max(a, axis=axis, keepdims=True)
    m[~np.isfinite(m)] = 0.0
    with np.errstate(divide="ignore"):
        out = m + np.log(np.sum(np.exp(a - m), axis=axis, keepdims=True))
    return np.squeeze(out, axis=axis)
''',
    },
    {
        "kind": "mistake",
        "id": "logsumexp-global-max-shift",
        "what": "Shifts every slice by the GLOBAL maximum even when an axis is given; a row of -1000s next to a row of 1000s underflows to -inf, violating the per-slice shift 'm = np.max(a, axis=axis, keepdims=True)'.",
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
        "id": "logsumexp-only-neginf-guard",
        "what": "Replaces only a -inf maximum by 0 (np.isneginf) instead of any non-finite one, so a slice containing +inf gives inf - inf = nan instead of inf; violates 'replace non-finite m by 0' and 'behaves like scipy.special.logsumexp'.",
        "source": '''import numpy as np


def logsumexp(a, axis=None):
    a = np.asarray(a, dtype=float)
    m = np.max(a, axis=axis, keepdims=True)
    m = np.where(np.isneginf(m), 0.0, m)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = m + np.log(np.sum(np.exp(a - m), axis=axis, keepdims=True))
    if axis is None:
        return float(out.reshape(()))
    return np.squeeze(out, axis=axis)
''',
    },
    {
        "kind": "mistake",
        "id": "logsumexp-no-errstate",
        "what": "Right values but no np.errstate(divide='ignore'): an all -inf slice emits 'RuntimeWarning: divide by zero encountered in log'; violates 'wrap the computation in np.errstate(divide=\"ignore\") so that log(0) returns -inf quietly'.",
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
        "id": "logsumexp-scipy",
        "what": "Wraps scipy.special.logsumexp; the exercise says 'behaves like scipy.special.logsumexp (which you may **not** use)'.",
        "source": '''import numpy as np
from scipy.special import logsumexp as _scipy_lse


def logsumexp(a, axis=None):
    out = _scipy_lse(a, axis=axis)
    return float(out) if axis is None else out
''',
    },
    {
        "kind": "mistake",
        "id": "logsumexp-inner-sum-ignores-axis",
        "what": "Ignores the axis argument for the reduction of the shifted sum (sums over everything) while shifting per slice; for axis=1 on an (n, K) array returns n values that are each the log of the GRAND total, violating 'with an integer axis it removes that axis' (reduces only that axis).",
        "source": '''import numpy as np


def logsumexp(a, axis=None):
    a = np.asarray(a, dtype=float)
    m = np.max(a, axis=axis, keepdims=True)
    m = np.where(np.isfinite(m), m, 0.0)
    with np.errstate(divide="ignore"):
        out = m + np.log(np.sum(np.exp(a - m)))
    if axis is None:
        return float(out.reshape(()))
    return np.squeeze(out, axis=axis)
''',
    },
]
