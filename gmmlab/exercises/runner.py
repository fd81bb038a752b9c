"""Run an exercise's parts against a student's function and turn them into one verdict."""

from __future__ import annotations

import warnings

import numpy as np

from . import numpy_only
from .harness import Session
from .registry import EXERCISES
from .verdict import (
    CORRECT,
    INCORRECT,
    NOT_ATTEMPTED,
    CheckResult,
    Forbidden,
    Mistake,
    NotAttempted,
)


def _hidden_cases(name: str) -> tuple:
    cases = EXERCISES[name].hidden_cases
    if cases is None:
        raise ValueError("hidden=True needs the hidden cases, which the student release does not "
                         "ship")
    return cases


def run_check(name: str, func, *, hidden: bool = False) -> CheckResult:
    """Grade ``func`` as exercise ``name`` without printing anything.

    Parameters
    ----------
    name : str
        One of ``EXERCISES``.
    func : callable
        The student's function.
    hidden : bool, default False
        Also run the instructor's hidden cases (autograder). A failed hidden case costs one
        point, and only when every visible part passed.

    Returns
    -------
    CheckResult
    """
    if name not in EXERCISES:
        raise ValueError(f"name must be one of {', '.join(EXERCISES)}; got {name!r}")
    ex = EXERCISES[name]
    total = ex.max_points

    def verdict(status, points, feedback, details=()):
        return CheckResult(name, status, float(points), total, feedback, list(details))

    if func is None or not callable(func):
        kind = "None" if func is None else type(func).__name__
        return verdict(INCORRECT, 0, f"{name} is not a function (got {kind}); run the cell that "
                       "defines it")
    label = numpy_only.static_violation(func)
    if label:
        return verdict(INCORRECT, 0, numpy_only.message(label))
    session = Session(name, func)
    earned, details = 0.0, []
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        for points, part in ex.parts:
            try:
                part(session)
                earned += points
            except NotAttempted as exc:
                if earned == 0 and not details:
                    return verdict(NOT_ATTEMPTED, 0, str(exc))
                details.append(str(exc))
            except Forbidden as exc:
                return verdict(INCORRECT, 0, numpy_only.message(str(exc)))
            except Mistake as exc:
                msg = str(exc)
                if msg not in details:
                    details.append(msg)
        if hidden and not details:
            for spec in _hidden_cases(name):
                try:
                    ex.hidden(session, spec)
                except Forbidden as exc:
                    return verdict(INCORRECT, 0, numpy_only.message(str(exc)))
                except (Mistake, NotAttempted) as exc:
                    msg = str(exc)
                    if spec["label"] not in msg:
                        msg += f" (hidden case: {spec['label']})"
                    else:
                        msg += " (hidden case)"
                    details.append(msg)
                    earned = max(0.0, earned - 1)
                    break
    if not details:
        return verdict(CORRECT, earned, "")
    return verdict(INCORRECT, earned, "; ".join(details[:2]), details)


def check(name: str, func, *, hidden: bool = False) -> CheckResult:
    """Check a student's function for exercise ``name`` and print one verdict line.

    Parameters
    ----------
    name : str
        Exercise name, one of ``EXERCISES`` (the course manifest lists them).
    func : callable
        The function to check.
    hidden : bool, default False
        Add the instructor's hidden cases (not available in the student release).

    Returns
    -------
    CheckResult
        ``status`` (correct / incorrect / not attempted), ``points``, ``max_points``,
        ``feedback``. Expected values are never shown.
    """
    result = run_check(name, func, hidden=hidden)
    print(result.line())
    return result
