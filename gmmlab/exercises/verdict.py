"""The result of one check: status, points and the one-line verdict a student reads, in words."""

from __future__ import annotations

import re
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
    hidden_case : str
        Label of the hidden case that failed (empty when none did). For the instructor's
        report only: the student's feedback never names it.
    """

    name: str
    status: str
    points: float
    max_points: float
    feedback: str = ""
    details: list = field(default_factory=list)
    hidden_case: str = ""

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
            "mistakes": list(self.details),
            "hidden_case": self.hidden_case,
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


# --------------------------------------------------------------------- wording of mistakes

def same_mistake(a: str, b: str) -> bool:
    """Whether two messages name the same mistake, found on different inputs.

    They do when, numbers aside, they differ only in a short stretch (the case they were found
    on: "on 3-dimensional data", "(axis=1)"): the text they share at the start and at the end
    covers most of the longer one, or all of the shorter one.
    """
    a, b = re.sub(r"\d+", "#", a), re.sub(r"\d+", "#", b)
    if a == b:
        return True
    n = min(len(a), len(b))
    start = next((i for i in range(n) if a[i] != b[i]), n)
    end = next((i for i in range(n - start) if a[-1 - i] != b[-1 - i]), n - start)
    shared = start + end
    return start >= 12 and (shared >= 0.6 * max(len(a), len(b)) or shared == n)


_SHAPES = re.compile(r"\(([\d, ]*)\)")


def _shape(text: str) -> tuple:
    return tuple(int(x) for x in text.replace(" ", "").split(",") if x)


def _fmt(shape: tuple) -> str:
    return "(" + ", ".join(map(str, shape)) + ("," if len(shape) == 1 else "") + ")"


def _broadcasts(a: tuple, b: tuple) -> bool:
    return all(x == y or 1 in (x, y) for x, y in zip(a[::-1], b[::-1]))


def _broadcast_advice(a: tuple, b: tuple) -> str:
    pair = f"shapes {_fmt(a)} and {_fmt(b)} do not broadcast"
    if len(a) < len(b):
        a, b = b, a
    if len(a) == 2 and len(b) == 1 and b[0] == a[0] != a[1]:
        return (f"{pair}: NumPy lines up shapes from the right, so the {_fmt(b)} array meets "
                f"the last axis ({a[1]}) of the {_fmt(a)} array, not its rows; keep the reduced "
                "axis (keepdims=True) or make it a column with v[:, None]")
    if len(a) == len(b) == 2 and a == b[::-1]:
        return f"{pair}: one is the transpose of the other; transpose one side (.T)"
    if len(a) == len(b) == 2 and a[1] == b[1]:
        return (f"{pair}: to combine every row of one with every row of the other, give each "
                f"its own axis, e.g. a[:, None, :] - b[None, :, :] (shape {_fmt((a[0], b[0], a[1]))})")
    return (f"{pair}: NumPy lines up shapes from the right and stretches only axes of length "
            "1; make the axes meet (keepdims=True in a reduction, None / np.newaxis to add an "
            "axis, .T to swap two)")


def shape_advice(text: str) -> str | None:
    """What to change, for NumPy's raw shape errors (broadcasting, ``@``, ``solve``, stacking).

    ``"operands could not be broadcast together with shapes (5,3) (5,)"`` becomes advice about
    the axis that does not line up. None when ``text`` is not one of those errors.
    """
    shapes = [_shape(m) for m in _SHAPES.findall(text)]
    if "could not be broadcast together" in text:
        if "remapped shapes" in text:
            shapes = shapes[1::2]
        for i, a in enumerate(shapes):
            for b in shapes[i + 1:]:
                if a and b and not _broadcasts(a, b):
                    return _broadcast_advice(a, b)
        return None
    sizes = re.search(r"size (\d+) is different from (\d+)", text)
    if text.startswith("matmul:") and sizes:
        return (f"in `a @ b` the columns of a must match the rows of b (here {sizes.group(2)} "
                f"and {sizes.group(1)}): transpose one side (.T) or swap the operands")
    if "not aligned" in text and len(shapes) >= 2:
        return (f"np.dot of {_fmt(shapes[0])} and {_fmt(shapes[1])}: the columns of the first "
                "must match the rows of the second; transpose one side (.T)")
    if text.startswith("solve:") and sizes:
        return (f"np.linalg.solve(A, B) needs B with as many rows as A (here {sizes.group(1)} "
                f"rows for a {sizes.group(2)} x {sizes.group(2)} A): put one sample per column, "
                "e.g. diff.T")
    if text.startswith("non-broadcastable output operand") and len(shapes) >= 2:
        return (f"an in-place operation (+=, -=, *=, /=) stores a {_fmt(shapes[1])} result in a "
                f"{_fmt(shapes[0])} array: write a = a + b, which makes a new array, or make "
                "the shapes match")
    if text.startswith("could not broadcast input array") and len(shapes) >= 2:
        return (f"assigns a {_fmt(shapes[0])} array to a slot of shape {_fmt(shapes[1])} "
                "(out[...] = value): the shapes must match")
    along = re.search(r"along dimension (\d+), the array at index (\d+) has size (\d+) and the "
                      r"array at index (\d+) has size (\d+)", text)
    if along:
        return (f"stacks arrays whose axis {along.group(1)} differs ({along.group(3)} and "
                f"{along.group(5)} entries): every piece needs the same length along it")
    return None
