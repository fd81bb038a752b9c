"""The built course site: no solution code in the student edition, solutions in the instructor one.

These tests read the sites built by ``make book`` (student edition, ``_build/html``) and
``make book-instructor`` (instructor edition, ``_build/instructor/_build/html``); ``make test``
builds both first. A missing site is a failure, never a skip.
"""

from __future__ import annotations

import functools
import html
import importlib.util
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SOLUTIONS = ROOT / "solutions"
EDITIONS = {
    "student": (ROOT / "_build" / "html", ROOT / "_toc.yml", "make book"),
    "instructor": (
        ROOT / "_build" / "instructor" / "_build" / "html",
        ROOT / "book" / "_toc_instructor.yml",
        "make book-instructor",
    ),
}
# Built files whose text could carry code: pages, copied sources, search index, notebooks.
TEXT_SUFFIXES = {".html", ".txt", ".md", ".js", ".json", ".ipynb", ".py"}

pytestmark = pytest.mark.slow


@functools.lru_cache(maxsize=1)
def _load_make_starters():
    """Import tools/make_starters.py, the parser of solution markers shared with the generator."""
    spec = importlib.util.spec_from_file_location("make_starters", ROOT / "tools" / "make_starters.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, module)  # its dataclasses look their module up by name
    spec.loader.exec_module(sys.modules[spec.name])
    return sys.modules[spec.name]


def site(edition: str) -> Path:
    """Return the built site of ``edition``; fail (not skip) with what to run when it is missing."""
    path, _, command = EDITIONS[edition]
    if not (path / "index.html").is_file():
        pytest.fail(
            f"the {edition} edition of the book is not built ({path} has no index.html): "
            f"run `{command}` first (`make test` builds both editions)",
            pytrace=False,
        )
    return path


def toc_files(toc: Path) -> list[str]:
    """Return every document of a Jupyter Book table of contents (root first), without suffix."""
    data = yaml.safe_load(toc.read_text(encoding="utf-8"))
    found = [data["root"]]

    def walk(node):
        if isinstance(node, dict):
            if "file" in node:
                found.append(node["file"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk({k: v for k, v in data.items() if k != "root"})
    return [re.sub(r"\.(md|ipynb)$", "", f) for f in found]


class _TextExtractor(HTMLParser):
    """Collect the text nodes of an HTML page (entities decoded), skipping nothing."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data):
        self.parts.append(data)


def normalise(text: str) -> str:
    """Collapse every run of whitespace to one space."""
    return re.sub(r"\s+", " ", text).strip()


def page_text(path: Path) -> str:
    """Return the searchable text of a built file: its raw text plus, for HTML, its text nodes.

    Syntax highlighting splits code into many ``<span>`` elements; joining the text nodes puts each
    line back together, so a solution line is found whatever the markup around it.
    """
    raw = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix != ".html":
        return normalise(html.unescape(raw))
    extractor = _TextExtractor()
    extractor.feed(raw)
    return normalise("".join(extractor.parts)) + "\n" + normalise(html.unescape(raw))


def solution_files() -> list[Path]:
    files = sorted(SOLUTIONS.glob("*.md"))
    assert files, f"no solution notebooks found in {SOLUTIONS}"
    return files


def secrets_by_notebook() -> dict[str, set[str]]:
    """Map each solution notebook to the normalised solution lines students must not see.

    The secret lines of a notebook are those of its ``### BEGIN SOLUTION`` blocks (as found by the
    starter generator, tools/make_starters.py). Text that the starter notebooks publish anyway
    (a signature repeated in a later chapter, a stub message that spells out a formula) is not a
    secret of the site, so it is removed: the site must reveal nothing the starters do not.
    """
    make_starters = _load_make_starters()
    public = normalise(
        "\n".join(make_starters.make_starter(p.read_text(encoding="utf-8"), str(p)) for p in solution_files())
    )
    return {
        path.stem: {
            line for line in map(normalise, make_starters.secret_lines(path)) if line not in public
        }
        for path in solution_files()
    }


def built_text_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in TEXT_SUFFIXES)


@pytest.mark.parametrize("edition", sorted(EDITIONS))
def test_every_toc_entry_is_built(edition):
    root = site(edition)
    _, toc, command = EDITIONS[edition]
    missing = [f for f in toc_files(toc) if not (root / f"{f}.html").is_file()]
    assert not missing, f"toc entries without a built page in {root} (rerun `{command}`): {missing}"


def test_toc_files_exist_in_the_sources():
    for edition, (_, toc, _) in EDITIONS.items():
        missing = [
            f for f in toc_files(toc) if not any((ROOT / f"{f}{s}").is_file() for s in (".md", ".ipynb"))
        ]
        assert not missing, f"{toc.name} ({edition}) lists files that do not exist: {missing}"


def test_instructor_toc_is_the_student_toc_plus_solutions():
    student = toc_files(EDITIONS["student"][1])
    instructor = toc_files(EDITIONS["instructor"][1])
    assert [f for f in instructor if not f.startswith("solutions/")] == student
    listed = sorted(f for f in instructor if f.startswith("solutions/"))
    assert listed == sorted(f"solutions/{p.stem}" for p in solution_files())
    assert not any(f.startswith("solutions/") for f in student)


def test_student_edition_contains_no_solution_code():
    root = site("student")
    secrets = secrets_by_notebook()
    assert any(secrets.values()), "the solution notebooks have no solution lines to look for"
    assert not (root / "solutions").exists(), f"{root / 'solutions'} exists in the student edition"
    leaks = []
    for path in built_text_files(root):
        text = page_text(path)
        for notebook, lines in secrets.items():
            leaks.extend(
                f"{path.relative_to(root)}: {line!r} (from solutions/{notebook}.md)"
                for line in sorted(lines)
                if line in text
            )
    assert not leaks, "solution code found in the student edition:\n" + "\n".join(leaks[:50])


def test_instructor_edition_shows_the_executed_solutions():
    """The positive control of the leak scan: the same search finds the solutions here."""
    root = site("instructor")
    secrets = secrets_by_notebook()
    for path in solution_files():
        page = root / "solutions" / f"{path.stem}.html"
        assert page.is_file(), f"{page} missing from the instructor edition"
        text = page_text(page)
        lines = secrets[path.stem]
        missing = sorted(line for line in lines if line not in text)
        assert not missing, f"{page.name} lacks solution lines: {missing[:5]}"
    # Executed: at least one solution page shows a check verdict printed by a cell.
    verdicts = [
        p.name
        for p in sorted((root / "solutions").glob("*.html"))
        if re.search(r"\b\w+: correct \(\d+/\d+ points\)", page_text(p))
    ]
    assert verdicts, "no solution page shows an executed `check(...)` verdict"


def test_leak_scan_can_fail(tmp_path):
    """A page that shows one solution line is reported by the same text extraction."""
    secrets = secrets_by_notebook()
    line = min(next(lines for lines in secrets.values() if lines))
    # Highlighted like Pygments does: every token in its own span.
    spans = "".join(f'<span class="n">{html.escape(tok)}</span>' for tok in re.split(r"(\s+)", line))
    page = tmp_path / "page.html"
    page.write_text(f"<html><body><pre>{spans}</pre></body></html>", encoding="utf-8")
    assert line in page_text(page)
