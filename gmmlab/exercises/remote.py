"""Student functions that run in another process: what a check needs to know about such a call.

The autograder runs a submission's code in an isolated process and hands the checks a stand-in
(a :class:`RemoteCall`) in place of the student's function. Calling it sends plain inputs there
and returns plain outputs; an exception the student's code raised comes back rebuilt as an
exception of the same built-in type, with :attr:`RemoteCall.trace` describing where it arose.
"""

from __future__ import annotations


class CallTimeout(BaseException):
    """A call of the student's function ran out of time (here or in its process)."""


class RemoteCall:
    """Base of the stand-ins the checks call in place of a function that runs elsewhere.

    Attributes
    ----------
    __name__ : str
        The student's function name.
    static_function : function or None
        The function as compiled (never run) from the cell sources, for the code rules.
    last_violation : str or None
        The library the last call used in breach of the NumPy-only rule, as its process saw it.
    last_modified : bool
        Whether the last call modified its input arrays in place.
    """

    __name__ = "function"
    static_function = None
    last_violation = None
    last_modified = False

    def __call__(self, *args, **kwargs):  # pragma: no cover - implemented by the grader
        raise NotImplementedError


def trace(exc: BaseException):
    """``{"where", "raiser", "depth"}`` of an exception rebuilt from another process, or None."""
    info = getattr(exc, "remote_trace", None)
    return info if isinstance(info, dict) else None
