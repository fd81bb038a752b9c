"""The result of one check: status, points and the one-line verdict a student reads."""

from __future__ import annotations

from dataclasses import dataclass, field

CORRECT = "correct"
INCORRECT = "incorrect"
NOT_ATTEMPTED = "not attempted"


class Mistake(Exception):
    """A named mistake in a student's function; its message is shown to the student."""


class NotAttempted(Exception):
    """The student's function still raises the starter's ``NotImplementedError``."""


class Forbidden(Exception):
    """The student's function uses a library the exercise forbids."""


@dataclass
class CheckResult:
    """Verdict of ``check(name, func)``.

    Attributes
    ----------
    name : str
        Exercise name, e.g. ``"e_step"``.
    status : str
        ``"correct"``, ``"incorrect"`` or ``"not attempted"``.
    points, max_points : float
        Points earned and available.
    feedback : str
        What is wrong (empty when correct). Never contains expected values.
    details : list of str
        Every mistake found, in the order the parts were checked.
    """

    name: str
    status: str
    points: float
    max_points: float
    feedback: str = ""
    details: list = field(default_factory=list)

    @property
    def correct(self) -> bool:
        return self.status == CORRECT

    def line(self) -> str:
        """The one stable line printed by ``check``."""
        points = f"{format_points(self.points)}/{format_points(self.max_points)}"
        text = f"{self.name}: {self.status} ({points} points)"
        if self.feedback:
            text += f" - {self.feedback}"
        return text

    def as_dict(self) -> dict:
        return {
            "status": self.status,
            "points": self.points,
            "max_points": self.max_points,
            "feedback": self.feedback,
        }

    def __str__(self) -> str:
        return self.line()

    def _ipython_display_(self):
        # check() already printed the verdict; showing the object again would repeat it.
        return None


def format_points(x: float) -> str:
    """Points as a student reads them: ``3`` rather than ``3.0``, ``2.5`` as is."""
    x = float(x)
    return str(int(x)) if x == int(x) else f"{x:g}"
