"""Run an exercise's parts against a student's function and turn them into one verdict."""

from __future__ import annotations

import warnings

import numpy as np

from . import numpy_only, rules
from .harness import Session, watching
from .registry import EXERCISES
from .remote import RemoteCall
from .verdict import (
    CORRECT,
    INCORRECT,
    NOT_ATTEMPTED,
    CheckResult,
    Forbidden,
    Mistake,
    NotAttempted,
    same_mistake,
)


def _hidden_cases(name: str) -> tuple:
    cases = EXERCISES[name].hidden_cases
    if cases is None:
        raise ValueError("hidden=True needs the hidden cases, which the student release does not "
                         "ship")
    return cases


def _add(details: list, msg: str) -> None:
    """Add ``msg`` unless an earlier message names the same mistake (on another input)."""
    if not any(same_mistake(old, msg) for old in details):
        details.append(msg)


def _reworded(session: Session, msg: str) -> str:
    """The part's message, or the precision problem its first failed comparison showed."""
    if session.first_miss:
        return session.first_miss
    if session.low_precision and "float" not in msg:
        return f"{msg} (it returns {session.low_precision} numbers: compute in float64)"
    return msg


def _rule_findings(ex, func) -> list:
    """Messages of the course rules (``RULES`` of the exercise's module) that ``func`` breaks."""
    module = ex.module
    names = tuple(getattr(module, "RULES", ()))
    if not names:
        return []
    samples = getattr(module, "SAMPLE_ARGUMENTS", rules.DEFAULT_SAMPLE_ARGUMENTS)
    return [rules.message(f) for f in rules.check(func, names, samples)]


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
        Each course rule the exercise's module lists in ``RULES`` and ``func``'s code breaks
        (see :mod:`.rules`) costs ``rules.PENALTY`` more, never below 0.
    """
    if name not in EXERCISES:
        raise ValueError(f"name must be one of {', '.join(EXERCISES)}; got {name!r}")
    ex = EXERCISES[name]
    total = ex.max_points

    failed_case = ""

    def verdict(status, points, feedback, details=()):
        if status == INCORRECT and not details and feedback:
            details = [feedback]  # a verdict given before any part ran names one mistake
        return CheckResult(name, status, float(points), total, feedback, list(details),
                           failed_case)

    if func is None or not callable(func):
        kind = "None" if func is None else type(func).__name__
        return verdict(INCORRECT, 0, f"{name} is not a function (got {kind}); run the cell that "
                       "defines it")
    code = func.static_function if isinstance(func, RemoteCall) else func
    label = numpy_only.static_violation(code) if code is not None else None
    if label:
        return verdict(INCORRECT, 0, numpy_only.message(label))
    session = Session(name, func)
    earned, details = 0.0, []
    with warnings.catch_warnings(), np.errstate(all="ignore"), watching(session):
        warnings.simplefilter("ignore")
        for points, part in ex.parts:
            session.begin_part()
            try:
                part(session)
                earned += points
            except NotAttempted as exc:
                if earned == 0 and not details:
                    return verdict(NOT_ATTEMPTED, 0, str(exc))
                _add(details, str(exc))
            except Forbidden as exc:
                return verdict(INCORRECT, 0, numpy_only.message(str(exc)))
            except Mistake as exc:
                _add(details, _reworded(session, str(exc)))
        if hidden and not details:
            for spec in _hidden_cases(name):
                session.begin_part()
                try:
                    ex.hidden(session, spec)
                except Forbidden as exc:
                    return verdict(INCORRECT, 0, numpy_only.message(str(exc)))
                except (Mistake, NotAttempted) as exc:
                    # The feedback never describes the hidden case (its label stays here).
                    msg = _reworded(session, str(exc)).replace(spec["label"], "this case")
                    msg += " (hidden case)"
                    details.append(msg)
                    failed_case = str(spec["label"])
                    earned = max(0.0, earned - 1)
                    break
    broken = _rule_findings(ex, code) if code is not None else []
    earned = max(0.0, earned - rules.PENALTY * len(broken))
    if not details and not broken:
        return verdict(CORRECT, earned, "")
    return verdict(INCORRECT, earned, "; ".join(details[:2] + broken), details + broken)


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
