"""Open every page of both built editions in headless Chromium and check what a reader would see.

A page fails when its mathematics is left as raw TeX, when an image, a script, a stylesheet or a
local link points to a file that is not in the build (or to the network), or when it shows a Python
traceback or error output. Screenshots of a few key pages are kept in ``_build/screenshots/``.
Without Chromium the tests are skipped with a loud reason; without a built site they fail.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup
from chromium_helpers import SKIP_REASON, find_browser

ROOT = Path(__file__).resolve().parents[2]
EDITIONS = {
    "student": (ROOT / "_build" / "html", "make book"),
    "instructor": (ROOT / "_build" / "instructor" / "_build" / "html", "make book-instructor"),
}
SCREENSHOTS = ROOT / "_build" / "screenshots"
# (edition, page, screenshot name, window height): the EM chapter is taken whole, to show the
# convergence curve, the snapshot grid and the animation player; blank space below is trimmed.
KEY_PAGES = [
    ("student", "book/intro.html", "landing.png", 900),
    ("student", "book/theory/mixtures.html", "theory-equations.png", 900),
    ("student", "book/theory/em.html", "em-chapter-full.png", 12000),
    ("student", "search.html?q=responsibilities", "search.png", 900),
    ("instructor", "solutions/05_em.html", "solution-05.png", 900),
]

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--virtual-time-budget=10000",
]
# TeX that must never survive in visible text once MathJax has run.
RAW_TEX = ["$$", "\\begin{", "\\end{", "\\frac", "\\sum", "\\mathcal", "\\(", "\\)", "\\[", "\\]"]
# Elements whose text is code or machinery, not prose.
NOT_PROSE = ["script", "style", "pre", "code", "kbd", "samp", "textarea", "noscript", "template",
             "mjx-container", "mjx-assistive-mml", "svg", "math"]
ERROR_TEXT = ["Traceback (most recent call last)", "Error in callback"]

pytestmark = pytest.mark.slow


def require_browser() -> str:
    browser = find_browser()
    if browser is None:
        pytest.skip(SKIP_REASON)
    return browser


def site(edition: str) -> Path:
    path, command = EDITIONS[edition]
    if not (path / "index.html").is_file():
        pytest.fail(
            f"the {edition} edition is not built ({path} has no index.html): run `{command}` first "
            "(`make test` builds both editions)",
            pytrace=False,
        )
    return path


def is_redirect(path: Path) -> bool:
    head = path.read_text(encoding="utf-8", errors="replace")[:2000].lower()
    return 'http-equiv="refresh"' in head


def pages(edition: str) -> list[str]:
    """Every HTML page of a built edition, relative to its root (the redirect index excluded)."""
    root = EDITIONS[edition][0]
    if not root.is_dir():
        return []
    found = []
    for path in sorted(root.rglob("*.html")):
        rel = path.relative_to(root).as_posix()
        if rel.startswith(("_static/", "_sources/", "_images/")) or is_redirect(path):
            continue
        found.append(rel)
    return found


def run_chromium(args: list[str], timeout: float = 120) -> str:
    browser = require_browser()
    profile = tempfile.mkdtemp(prefix="chromium-profile-")
    try:
        done = subprocess.run(
            [browser, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
            capture_output=True, text=True, timeout=timeout, check=False,
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    if done.returncode != 0:
        raise RuntimeError(f"chromium exited with {done.returncode}: {done.stderr[-2000:]}")
    return done.stdout


@cache
def rendered(edition: str) -> dict[str, str]:
    """Render every page of ``edition`` (two browsers at a time); map page -> DOM after scripts."""
    root = site(edition)

    def dump(rel: str) -> tuple[str, str]:
        return rel, run_chromium(["--dump-dom", (root / rel).as_uri()])

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(pool.map(dump, pages(edition)))


def visible_prose(soup: BeautifulSoup) -> str:
    body = soup.body or soup
    clone = BeautifulSoup(str(body), "html.parser")
    for tag in clone.find_all(NOT_PROSE):
        tag.decompose()
    for tag in clone.select(".highlight, .cell_input, .output, .cell_output"):
        tag.decompose()
    return clone.get_text(" ")


def local_target(root: Path, page: Path, url: str) -> tuple[Path | None, str]:
    """Resolve a URL found on ``page``; return (file or None when not local, fragment)."""
    parts = urlsplit(url)
    if parts.scheme in ("http", "https", "mailto", "javascript", "data", "tel", "about"):
        return None, ""
    if parts.scheme == "file":
        return Path(unquote(parts.path)), parts.fragment
    if not parts.path:
        return page, parts.fragment
    return (page.parent / unquote(parts.path)).resolve(), parts.fragment


@cache
def ids_of(path: Path) -> frozenset[str]:
    text = path.read_text(encoding="utf-8", errors="replace")
    return frozenset(re.findall(r'\bid="([^"]+)"', text))


def problems(root: Path, page: Path, dom: str) -> list[str]:
    """Return what is wrong with ``page`` (a file of the site at ``root``) rendered as ``dom``."""
    page = page.resolve()
    soup = BeautifulSoup(dom, "html.parser")
    static = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    found = []

    # Mathematics: MathJax must have typeset every formula, and no TeX may remain as text.
    prose = visible_prose(soup)
    for token in RAW_TEX:
        if token in prose:
            at = prose.index(token)
            found.append(f"raw TeX {token!r} in visible text: ...{prose[max(0, at - 60):at + 60]!r}")
    n_math = len(static.select(".math"))
    if n_math:
        if not soup.find("mjx-container"):
            found.append(f"{n_math} formulas but no MathJax-rendered <mjx-container>")
        untyped = [el for el in soup.select(".math") if not el.find("mjx-container")]
        if untyped:
            found.append(f"{len(untyped)} formulas not typeset, e.g. {untyped[0].get_text()[:80]!r}")

    # Images, scripts and stylesheets: nothing from the network, every local file present.
    resources = [("img", "src", el) for el in soup.find_all("img")]
    resources += [("script", "src", el) for el in soup.find_all("script", src=True)]
    resources += [
        ("link", "href", el) for el in soup.find_all("link", href=True)
        if {"stylesheet", "preload", "icon"} & set(el.get("rel") or [])
    ]
    for tag, attr, el in resources:
        url = el.get(attr)
        if not url:
            found.append(f"<{tag}> without {attr}: {str(el)[:120]}")
            continue
        if urlsplit(url).scheme in ("http", "https") or url.startswith("//"):
            found.append(f"<{tag}> loads from the network: {url}")
            continue
        target, _ = local_target(root, page, url)
        if target is not None and not target.is_file():
            found.append(f"broken <{tag} {attr}={url!r}>")

    # Local links: the file exists and, for a fragment, so does the anchor.
    for a in soup.find_all("a", href=True):
        target, fragment = local_target(root, page, a["href"])
        if target is None:
            continue
        if not target.exists():
            found.append(f"broken link {a['href']!r}")
        elif fragment and target.suffix == ".html" and target.is_file():
            ids = {el.get("id") for el in soup.find_all(id=True)} if target == page else ids_of(target)
            if fragment not in ids:
                found.append(f"link {a['href']!r}: no anchor #{fragment} in {target.name}")

    # Errors shown to the reader.
    text = soup.get_text(" ")
    for marker in ERROR_TEXT:
        if marker in text:
            found.append(f"the page shows {marker!r}")
    for el in soup.select(".output.traceback, .output.error, .output_error, div.traceback"):
        found.append(f"error output: {el.get_text()[:200]!r}")
    for el in soup.select(".output.stderr, .stderr"):
        if re.search(r"Error|Exception|Traceback", el.get_text()):
            found.append(f"stderr output with an error: {el.get_text()[:200]!r}")
    return found


def _params():
    params = []
    for edition in sorted(EDITIONS):
        listed = pages(edition)
        if not listed:
            params.append(pytest.param(edition, None, id=f"{edition}-NOT-BUILT"))
        params.extend(pytest.param(edition, rel, id=f"{edition}:{rel}") for rel in listed)
    return params


@pytest.mark.parametrize(("edition", "rel"), _params())
def test_page_renders_cleanly(edition, rel):
    require_browser()
    site(edition)
    if rel is None:
        pytest.fail(f"the {edition} edition has no pages", pytrace=False)
    dom = rendered(edition)[rel]
    assert "<body" in dom, f"{rel}: chromium returned no DOM"
    root = EDITIONS[edition][0]
    found = problems(root, root / rel, dom)
    assert not found, f"{edition}:{rel}\n  " + "\n  ".join(found)


@pytest.mark.parametrize("edition", sorted(EDITIONS))
def test_index_redirects_to_a_built_page(edition):
    root = site(edition)
    text = (root / "index.html").read_text(encoding="utf-8")
    match = re.search(r'url=([^"\']+)', text)
    assert match, "index.html is expected to redirect to the landing page"
    assert (root / match.group(1)).is_file(), f"index.html redirects to missing {match.group(1)}"


def test_search_works_offline():
    require_browser()
    root = site("student")
    url = (root / "search.html").as_uri() + "?q=responsibilities"
    soup = BeautifulSoup(run_chromium(["--dump-dom", url]), "html.parser")
    results = soup.select("#search-results li, .search li")
    assert results, "the search page found nothing for 'responsibilities' (search index not loaded?)"
    assert any("theory" in (li.find("a") or {}).get("href", "") for li in results)


def test_broken_math_is_detected(tmp_path):
    """The checker itself can fail: untypeset TeX, a broken image, a CDN script, a traceback."""
    bad = (
        '<html><head><script src="https://cdn.example.org/mathjax.js"></script></head><body>'
        '<p>$$x^2$$</p><span class="math">\\(a\\)</span><img src="nope.png">'
        '<a href="missing.html">x</a><div class="output traceback">'
        "Traceback (most recent call last)</div></body></html>"
    )
    page = tmp_path / "page.html"
    page.write_text(bad, encoding="utf-8")
    found = "\n".join(problems(tmp_path, page, bad))
    for expected in ["raw TeX '$$'", "not typeset", "nope.png", "loads from the network",
                     "missing.html", "Traceback"]:
        assert expected in found, f"{expected!r} not reported in:\n{found}"


def collapse_blank_rows(path: Path, keep: int = 40) -> None:
    """Shorten long runs of empty rows (judged on the main column) in a tall screenshot."""
    import numpy as np
    from PIL import Image

    with Image.open(path) as image:
        pixels = np.asarray(image.convert("RGB"))
    column = pixels[:, 280:1000].astype(int)
    blank = (np.abs(column - column[:, :1]).max(axis=(1, 2)) < 8)
    rows, run = [], 0
    for y, is_blank in enumerate(blank):
        run = run + 1 if is_blank else 0
        if run <= keep:
            rows.append(y)
    if len(rows) < len(blank):
        Image.fromarray(pixels[rows]).save(path)


def test_screenshots_of_key_pages():
    require_browser()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for edition, rel, name, height in KEY_PAGES:
        root = site(edition)
        path, _, query = rel.partition("?")
        assert (root / path).is_file(), f"{edition}: {path} not built"
        url = (root / path).as_uri() + (f"?{query}" if query else "")
        out = SCREENSHOTS / f"{edition}-{name}"
        out.unlink(missing_ok=True)
        run_chromium([f"--screenshot={out}", f"--window-size=1280,{height}", url])
        assert out.is_file() and out.stat().st_size > 10_000, f"no usable screenshot of {rel}"
        if height > 900:
            collapse_blank_rows(out)
