"""In-notebook checks of the graded exercises: ``check(name, func)`` and staged ``hint(name)``."""

from __future__ import annotations

from .core import EXERCISES, check, run_check
from .hints import hint
from .verdict import CORRECT, INCORRECT, NOT_ATTEMPTED, CheckResult

__all__ = [
           "CORRECT",
           "EXERCISES",
           "INCORRECT",
           "NOT_ATTEMPTED",
           "CheckResult",
           "check",
           "hint",
           "run_check",
]
