"""The late-work policy: deadline, per-student extensions, a penalty per hour or day with a cap.

A policy is a small TOML file::

    deadline = 2026-12-01T23:59:00Z      # a TOML date-time (a time zone, or UTC is assumed)
    penalty_percent = 10                 # of the points earned, per started unit late
    per = "day"                          # "hour" or "day"
    cap_percent = 50                     # never more than this share is taken away
    grace_minutes = 5                    # optional: this late is still on time

    [extensions]                         # optional: student id (or row name) = new deadline
    s1234567 = 2026-12-03T23:59:00Z

Penalties are computed here, from the raw points of the gradebook, every time a report or an
export is written; nothing penalised is ever stored, so changing the policy and running the
report again gives the new penalties (never a penalty applied twice).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from pathlib import Path

import tomllib

UNITS = {"hour": 3600.0, "day": 86400.0}
_KEYS = {"deadline", "penalty_percent", "per", "cap_percent", "grace_minutes", "extensions"}


def _aware(value, what: str) -> dt.datetime:
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{what} must be a date-time like 2026-12-01T23:59:00Z, "
                             f"got {value!r}") from None
    if not isinstance(value, dt.datetime):
        raise ValueError(  # noqa: TRY004 - a value read from a file
            f"{what} must be a date-time like 2026-12-01T23:59:00Z, got {value!r}")
    return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)


@dataclass(frozen=True)
class Late:
    """How late one submission is, and what that costs.

    Attributes
    ----------
    seconds_late : float
        After the student's deadline (and the grace period); 0 when on time.
    units : int
        Started hours or days late.
    percent : float
        Share of the points taken away (capped).
    deadline : datetime
        The deadline that applied to this student (their extension, if any).
    per : str
        ``"hour"`` or ``"day"``.
    """

    seconds_late: float
    units: int
    percent: float
    deadline: dt.datetime
    per: str = "day"

    def sentence(self) -> str:
        """The penalty in words, for the feedback and the exports ("" when on time)."""
        if not self.units:
            return ""
        return (f"handed in {self.seconds_late / 3600:.1f} h after the deadline "
                f"({self.deadline.isoformat()}): {self.units} {self.per}(s) late, "
                f"-{self.percent:g} % of the points")

    def penalty(self, raw_total: float) -> float:
        """Points taken from ``raw_total``."""
        return round(raw_total * self.percent / 100.0, 4)


@dataclass(frozen=True)
class Policy:
    deadline: dt.datetime
    penalty_percent: float
    per: str
    cap_percent: float
    grace_minutes: float = 0.0
    extensions: dict = field(default_factory=dict)

    def deadline_for(self, student: str) -> dt.datetime:
        return self.extensions.get(student, self.deadline)

    def late(self, student: str, submitted: dt.datetime) -> Late:
        """The lateness of a submission by ``student`` handed in at ``submitted``."""
        deadline = self.deadline_for(student)
        seconds = (_aware(submitted, "submission time") - deadline).total_seconds()
        seconds -= 60.0 * self.grace_minutes
        if seconds <= 0:
            return Late(0.0, 0, 0.0, deadline, self.per)
        units = math.ceil(seconds / UNITS[self.per])
        return Late(seconds, units, min(self.cap_percent, units * self.penalty_percent),
                    deadline, self.per)

    def describe(self) -> str:
        grace = f", {self.grace_minutes:g} min of grace" if self.grace_minutes else ""
        ext = f"; {len(self.extensions)} extension(s)" if self.extensions else ""
        return (f"deadline {self.deadline.isoformat()}; {self.penalty_percent:g} % of the points "
                f"per started {self.per} late, at most {self.cap_percent:g} %{grace}{ext}")


def _number(data: dict, key: str, path, low: float = 0.0, high: float = math.inf) -> float:
    value = data.get(key, 0.0 if key == "grace_minutes" else None)
    if isinstance(value, bool) or not isinstance(value, int | float) or not (
            low <= value <= high):
        raise ValueError(f"policy {path}: {key} must be a number from {low:g} to {high:g}, "
                         f"got {value!r}")
    return float(value)


def read(path) -> Policy:
    """Read and check a policy file; every error names the key and says what it must be."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ValueError(f"policy {path} cannot be read ({exc.strerror or exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"policy {path} is not valid TOML ({exc})") from None
    unknown = sorted(set(data) - _KEYS)
    if unknown:
        raise ValueError(f"policy {path}: unknown key(s) {', '.join(unknown)}; the keys are "
                         f"{', '.join(sorted(_KEYS))}")
    if "deadline" not in data:
        raise ValueError(f"policy {path}: deadline is missing")
    per = data.get("per")
    if per not in UNITS:
        raise ValueError(f"policy {path}: per must be \"hour\" or \"day\", got {per!r}")
    extensions = data.get("extensions", {})
    if not isinstance(extensions, dict):
        raise ValueError(  # noqa: TRY004 - a value read from a file
            f"policy {path}: [extensions] must be a table of id = date-time")
    return Policy(
        deadline=_aware(data["deadline"], f"policy {path}: deadline"),
        penalty_percent=_number(data, "penalty_percent", path, 0.0, 100.0), per=per,
        cap_percent=_number(data, "cap_percent", path, 0.0, 100.0),
        grace_minutes=_number(data, "grace_minutes", path),
        extensions={str(k): _aware(v, f"policy {path}: extension of {k}")
                    for k, v in extensions.items()})
