"""The similarity finder: precision and recall on disguised copies against independent solutions."""

import itertools

import pytest
from similar_set import disguise, synthetic_set

from gmmlab.exercises import variants
from gmmlab.grading import similarity as sim


def _labelled_pairs():
    """``(exercise, a, b, is_copy, score)`` for every pair of the synthetic set."""
    out = []
    for ex, (same, independent) in synthetic_set().items():
        prints = {}
        for label, src in same + independent:
            fp = sim.fingerprint(sim.normalise(sim.find_function(src, ex)))
            if sum(fp.values()) >= sim.MIN_SIZE:
                prints[label] = fp
        copies = {label for label, _ in same}
        for a, b in itertools.combinations(prints, 2):
            out.append((ex, a, b, a in copies and b in copies,
                        sim.score(prints[a], prints[b])))
    return out


def _blind_twins(p):
    """A pair of blind variants (set1 against set2) identical after normalisation: the two
    authors wrote the same code line for line (bar a comment or a name)."""
    return p[1].startswith("set1:") and p[2].startswith("set2:") and p[4] == pytest.approx(1.0)


@pytest.fixture(scope="module")
def pairs():
    return _labelled_pairs()


def test_precision_and_recall_on_the_synthetic_set(pairs):
    flagged = [p for p in pairs if p[4] >= sim.THRESHOLD]
    copies = [p for p in pairs if p[3]]
    negatives = [p for p in pairs if not p[3]]
    true = [p for p in flagged if p[3]]
    false = [p for p in flagged if not p[3]]
    recall = len(true) / len(copies)
    precision = len(true) / len(flagged)
    false_alarm = len(false) / len(negatives)
    strict = [p for p in false if not _blind_twins(p)]
    print(f"\nsimilarity at threshold {sim.THRESHOLD}: {len(copies)} copy pairs, "
          f"{len(negatives)} independent pairs; recall {recall:.3f}, precision {precision:.3f}, "
          f"false alarms {len(false)} ({100 * false_alarm:.2f} %), of which "
          f"{len(false) - len(strict)} are blind variants identical after normalisation")
    for p in false:
        print("  false alarm:", p[0], p[1], p[2], f"{p[4]:.3f}")
    assert len(copies) >= 60 and len(negatives) >= 500
    assert recall == 1.0  # every disguised copy is found
    assert false_alarm <= 0.02
    assert precision >= 0.85


def test_a_copy_scores_one_and_the_starter_is_not_evidence():
    source = variants.solution_source("m_step")
    a = sim.fingerprint(sim.normalise(sim.find_function(source, "m_step")))
    b = sim.fingerprint(sim.normalise(sim.find_function(disguise(source, "m_step", 1),
                                                        "m_step")))
    assert sim.score(a, b) == pytest.approx(1.0)
    # Two untouched starters share only given code: nothing is left to compare.
    stub = ('def m_step(X, resp, reg_covar=1e-6):\n    """Doc."""\n'
            '    raise NotImplementedError("write it")\n')
    given = sim.given_statements(stub, "m_step")
    rows = {"a": {"m_step": stub}, "b": {"m_step": stub.replace("Doc.", "Other.")}}
    assert sim.similar_pairs(rows, {"m_step": given}) == []
    assert len(sim.similar_pairs({"a": {"m_step": source}, "b": {"m_step": source}}, {})) == 1


def test_bad_threshold_is_a_clear_error():
    with pytest.raises(ValueError, match="threshold must be in"):
        sim.similar_pairs({}, {}, threshold=1.5)


def test_report_shows_a_disguised_copy_side_by_side(tmp_path):
    from grading_helpers import SETUP, write_ipynb
    from report_helpers import _row, write_gradebook
    from similar_set import _alternatives

    from gmmlab.grading import instructor

    source = variants.solution_source("m_step")
    codes = {"alice": source, "bob": disguise(source, "m_step", 2),
             "carol": _alternatives("m_step")[0][1]}
    rows = []
    for name, code in codes.items():
        folder = tmp_path / "subs" / name
        folder.mkdir(parents=True)
        write_ipynb(folder / "04_m_step.ipynb", [(["setup"], SETUP), (["exercise"], code)])
        row = _row(name, {})
        row["path"] = str(folder)
        rows.append(row)
    out = write_gradebook(tmp_path / "out", rows)
    before = (out / "grades.json").read_text()
    instructor.run(out)
    md = (out / "REPORT.md").read_text()
    start = md.index("## Similar submissions")
    section = md[start:md.index("## Exercise", start)]
    assert "| m_step | alice | bob | 1.00 |" in section
    assert "carol" not in section
    assert "Xz_02" in section  # bob's own code, shown next to alice's
    assert (out / "grades.json").read_text() == before  # grades never change
