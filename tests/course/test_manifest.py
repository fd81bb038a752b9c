"""The course manifest agrees with the files of the repository, and everything derives from it."""

import subprocess
import sys
from pathlib import Path

import pytest

from gmmlab import course, datasets
from gmmlab.exercises import EXERCISES
from gmmlab.grading.submission import Notebook, owners
from gmmlab.notebook import read
from gmmlab.notebook.tags import is_exercise

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("chapter", course.CHAPTERS, ids=lambda c: c.stem)
def test_every_chapter_has_its_notebooks(chapter):
    for folder in ("solutions", "notebooks"):
        assert (ROOT / folder / f"{chapter.stem}.md").is_file(), f"{folder}/{chapter.stem}.md"


def test_chapter_numbers_are_unique_and_in_order():
    numbers = [c.number for c in course.CHAPTERS]
    assert numbers == sorted(set(numbers))
    assert all(len(n) == 2 and n.isdigit() for n in numbers)


@pytest.mark.parametrize("name", list(course.exercises()))
def test_every_exercise_is_defined_in_its_chapter_solution(name):
    stem = course.chapter_of(name).stem
    nb = read(ROOT / "solutions" / f"{stem}.md")
    defined = [c for c in nb.cells if c.cell_type == "code" and f"def {name}(" in c.source and is_exercise(c)]
    assert defined, f"no exercise cell of solutions/{stem}.md defines {name}"
    starter = read(ROOT / "notebooks" / f"{stem}.md")
    assert any(f'check("{name}"' in c.source for c in starter.cells), \
        f"notebooks/{stem}.md has no check cell for {name}"


def test_points_come_from_the_manifest():
    for name, entry in course.exercises().items():
        assert EXERCISES[name].max_points == entry.points


def test_grader_chapter_map_derives_from_the_manifest():
    notebooks = [Notebook(f"{c.stem}.ipynb", [], c.number) for c in course.CHAPTERS]
    owner = owners(notebooks)
    for name in course.exercises():
        assert notebooks[owner[name]].chapter == course.chapter_of(name).number


def test_unknown_names_are_refused_with_the_valid_ones():
    with pytest.raises(ValueError, match="name must be one of .*e_step"):
        course.chapter_of("e_stpe")
    with pytest.raises(ValueError, match="no chapter '42'"):
        course.chapter("42")
    with pytest.raises(ValueError, match="name must be one of .*faithful"):
        course.dataset("faithfull")


@pytest.mark.parametrize("ds", course.DATASETS, ids=lambda d: d.name)
def test_every_data_set_loads(ds):
    X, _truth = datasets.load(ds.name)
    assert X.ndim == 2 and X.shape[0] > 10
    if ds.source == "starter_data":
        assert (ROOT / "starter_data" / f"{ds.name}.csv").is_file()
        assert ds.recipe["n_samples"] <= X.shape[0]


def test_tables_of_contents_are_generated_from_the_manifest():
    result = subprocess.run([sys.executable, "tools/make_toc.py", "--check"], cwd=ROOT,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    for ch in course.CHAPTERS:
        assert f"file: notebooks/{ch.stem}\n" in toc


def _time_plan():
    """The rows of the time plan in book/intro.md: (notebook stems of the row, hours)."""
    import re

    text = (ROOT / "book" / "intro.md").read_text()
    section = text.split("## Time plan", 1)[1].split("\n## ", 1)[0]
    rows, total = [], None
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 5 or not cells[4].rstrip("*").endswith("h"):
            continue
        hours = float(re.search(r"[\d.]+", cells[4]).group())
        if "Total" in cells[3]:
            total = hours
        else:
            rows.append((re.findall(r"/notebooks/(\w+)>", cells[3]), hours))
    return rows, total


def test_time_plan_lists_every_chapter_once_and_adds_up():
    rows, total = _time_plan()
    listed = [stem for stems, _ in rows for stem in stems]
    assert listed == [c.stem for c in course.CHAPTERS]
    assert total == pytest.approx(sum(hours for _, hours in rows))
