"""The graded exercises, assembled from the course manifest and one module per exercise.

The manifest (:mod:`gmmlab.course`) says which exercises exist and what each is worth; the
module ``gmmlab.exercises.<name>`` says how it is checked. It defines

``HINTS``
    the hint stages (a nudge, then the key formula);
``PARTS``
    the parts of the check, one point each, as functions of a :class:`~.harness.Session`;
``run_hidden``
    ``run_hidden(session, case)``, the full comparison on one hidden case;
``HIDDEN_CASES`` (instructor only)
    the autograder's cases, between ``# BEGIN INSTRUCTOR ONLY`` and ``# END INSTRUCTOR ONLY``
    so that the student release can drop them;
``MUTANTS``, ``ALTERNATIVES`` (instructor only)
    wrong and correct variants of the solution that the tests grade.
"""

from __future__ import annotations

import importlib

from .. import course
from .harness import Exercise

__all__ = ["EXERCISES", "load"]


def load(entry: course.Exercise) -> Exercise:
    """Build the :class:`Exercise` of one manifest entry from its module.

    Raises
    ------
    ImportError
        The module ``gmmlab.exercises.<name>`` is missing.
    ValueError
        The module does not define ``PARTS``/``HINTS``/``run_hidden``, or its parts do not add
        up to the points the manifest gives.
    """
    module = importlib.import_module(f"{__package__}.{entry.name}")
    missing = [attr for attr in ("PARTS", "HINTS", "run_hidden") if not hasattr(module, attr)]
    if missing:
        raise ValueError(f"gmmlab/exercises/{entry.name}.py must define {', '.join(missing)}")
    if len(module.PARTS) != entry.points:
        raise ValueError(f"the course manifest gives {entry.name} {entry.points} points but "
                         f"gmmlab/exercises/{entry.name}.py has {len(module.PARTS)} parts "
                         "(one point each)")
    return Exercise(entry.name, [(1, part) for part in module.PARTS], module.run_hidden,
                    hints=module.HINTS, hidden_cases=getattr(module, "HIDDEN_CASES", None),
                    module=module)


#: Every graded exercise, in course order.
EXERCISES = {name: load(entry) for name, entry in course.exercises().items()}
