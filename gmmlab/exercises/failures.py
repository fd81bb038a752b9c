"""How an exception raised by a student's function is put into words for the verdict."""

from __future__ import annotations

import traceback
from pathlib import Path

from .remote import trace
from .verdict import Mistake, shape_advice

_PACKAGE_DIR = str(Path(__file__).resolve().parents[1]).replace("\\", "/") + "/"


def _student_frame(tb):
    """The last frame of the traceback that is the student's code (not NumPy's, not ours)."""
    for frame in reversed(tb):
        name = frame.filename.replace("\\", "/")
        if "site-packages" in name or "/lib/python" in name or name.startswith(_PACKAGE_DIR):
            continue
        return frame
    return None


def describe_exception(exc: BaseException) -> str:
    """The verdict's words for an exception the student's function raised (type, where, what)."""
    kind = type(exc).__name__
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    where = ""
    remote = trace(exc)
    frame = _student_frame(traceback.extract_tb(exc.__traceback__)) if remote is None else None
    name = remote["where"] if remote else getattr(frame, "name", None)
    if name and name not in ("call", "<module>", "_call"):
        where = f" in {name}"
    advice = shape_advice(text) if isinstance(exc, ValueError) else None
    if advice:
        return f"raises {kind}{where}: {advice}"
    if len(text) > 120:
        text = text[:117] + "..."
    return f"raises {kind}{where}" + (f": {text}" if text else "")


def check_unknown_type_error(exc, bad, returns, valid):
    """Raise the :class:`Mistake` for a function not refusing ``covariance_type=bad`` properly.

    Parameters
    ----------
    exc : BaseException or None
        What the student's function raised for ``bad`` (None: it returned normally).
    bad : str
        The unknown covariance type it was given.
    returns : str
        What the function returns, for the message ("covariances", "a count").
    valid : sequence of str
        The valid types, which the message of the ``ValueError`` must list.
    """
    if exc is None:
        raise Mistake(f"returns {returns} for the unknown covariance_type={bad!r}; raise a "
                      "ValueError instead")
    if not isinstance(exc, ValueError):
        raise Mistake(f"raises {type(exc).__name__} for an unknown covariance_type; raise a "
                      "ValueError")
    text = str(exc)
    if "covariance_type" not in text:
        raise Mistake("the ValueError for an unknown covariance_type should name the parameter "
                      "covariance_type in its message")
    if any(v not in text for v in valid):
        raise Mistake("the ValueError for an unknown covariance_type should list the four valid "
                      "values 'full', 'tied', 'diag' and 'spherical' in its message")
