"""Gradebooks whose mistakes are known: the exercises' mutants, graded in this process."""

import json
from pathlib import Path
from types import SimpleNamespace

from gmmlab.exercises import EXERCISES, run_check, variants
from gmmlab.grading.grader import assemble


def _row(name, results, errors=(), reason=None):
    sub = SimpleNamespace(name=name, path=Path(f"/submissions/{name}"), errors=list(errors),
                          notebooks=[])
    return assemble(sub, results, list(errors), reason, 1.5)


def known_batch(exercises):
    """Records where the mutant ``i`` of each exercise is handed in by ``i + 1`` students.

    Returns
    -------
    records : list of dict
        Gradebook rows (as the grader assembles them).
    known : list of (str, str, set, list)
        Per mutant: exercise, the fragment its verdict must name, the rows handed in with it
        and the messages its verdict gave.
    """
    solved = {n: run_check(n, variants.solution_namespace(n)[n], hidden=True).as_dict()
              for n in EXERCISES}
    records, known = [], []
    for name in exercises:
        for i, mutant in enumerate(EXERCISES[name].module.MUTANTS):
            verdict = run_check(name, mutant.namespace(name)[name], hidden=True).as_dict()
            rows = set()
            for copy in range(i + 1):
                results = dict(solved)
                results[name] = verdict
                records.append(_row(f"{name}-m{i}-s{copy}", results))
                rows.add(records[-1]["submission"])
            known.append((name, mutant.fragment, rows, verdict["mistakes"]))
    records.append(_row("all-correct", dict(solved)))
    return records, known


def write_gradebook(folder, records, grader=None):
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    data = {"grader": grader or {"isolation": "process", "hidden_cases": True},
            "submissions": records}
    (folder / "grades.json").write_text(json.dumps(data), encoding="utf-8")
    return folder
