"""Write the student release: dist/student/ (starters, data, gmmlab without hidden tests) and a zip."""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import make_starters  # one parser of the solution markers for every tool)

#: Requirements a student does not need (book building, tests, linting).
#: sphinx-mathjax-offline stays: the report exporter inlines its MathJax so equations render offline.
NOT_FOR_STUDENTS = re.compile(r"^(jupyter-book|jupyter-cache|myst-nb|sphinx(?!-mathjax-offline)|"
                              r"sphinxcontrib|pytest|nbval|ruff)", re.IGNORECASE)
#: Never shipped, whatever else changes in the package.
EXCLUDED = {"hidden", "__pycache__", "solutions"}

README = """\
# Gaussian Mixture Models with EM: student kit

You will implement a Gaussian mixture model and its EM algorithm in NumPy, one chapter at a
time. Every exercise is followed by a check cell that tells you at once whether your function is
right and, if not, what is wrong; a hint cell gives a nudge, then the key formula.

## Set up (once)

```bash
python3 -m venv .venv
.venv/bin/python -m pip install -r requirements.txt    # also installs the gmmlab helper package
.venv/bin/jupyter lab notebooks/
```

On Windows use `.venv\\Scripts\\python` and `.venv\\Scripts\\jupyter`.

## Work through the notebooks

- Open `notebooks/00_orientation` first. The `.md` and `.ipynb` files are the same notebooks
  (the `.md` opens as a notebook in JupyterLab thanks to jupytext); work in one of them.
- Fill in every cell that raises `NotImplementedError`; the message says what to write.
- Run the check cell after each exercise: `check("e_step", e_step)` prints one line such as
  `e_step: correct (3/3 points)`. `hint("e_step")` shows the next hint.
- Write NumPy only: an exercise that calls scikit-learn, `scipy.stats`,
  `scipy.special.logsumexp` or gmmlab's own implementation gets no points.
- The data sets are in `starter_data/` (CSV plus a JSON file with the true parameters).

To see the score of the whole folder on the visible checks, run
`.venv/bin/gmmlab grade notebooks --out my-grades` and open `my-grades/feedback/notebooks.md`.

## Hand in

Hand in your filled notebooks as your instructor asks (usually the whole `notebooks/` folder).
The report (`notebooks/09_report`) is handed in as one self-contained HTML file:
`.venv/bin/python tools/export_report.py notebooks/09_report.ipynb --out my_report.html`.
Your instructor grades them with the same checks plus a few hidden cases (other data, one
component, one dimension, more dimensions, far-apart clusters).
"""


def _copy_tree(src: Path, dst: Path) -> None:
    shutil.copytree(src, dst, ignore=lambda d, names: [n for n in names if n in EXCLUDED
                                                        or n.endswith((".pyc", ".egg-info"))])


def _notebooks(dst: Path) -> list:
    """Copy starter notebooks (.md and .ipynb twins); create a missing twin without outputs."""
    import jupytext

    dst.mkdir(parents=True)
    written = []
    for md in sorted((ROOT / "notebooks").glob("*.md")):
        shutil.copy2(md, dst / md.name)
        twin = md.with_suffix(".ipynb")
        if twin.exists():
            shutil.copy2(twin, dst / twin.name)
        else:
            nb = jupytext.read(md)
            for cell in nb.cells:
                if cell.cell_type == "code":
                    cell.outputs, cell.execution_count = [], None
            jupytext.write(nb, dst / twin.name, fmt="ipynb")
        written += [md.name, twin.name]
    return written


def _requirements() -> str:
    keep = []
    for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if stripped.startswith("#") or not stripped:
            continue
        if NOT_FOR_STUDENTS.match(stripped):
            continue
        keep.append(stripped)
    return "# Pinned for Python 3.11; the last line installs the gmmlab helper package.\n" + \
        "\n".join(keep) + "\n"


_BOILERPLATE = re.compile(r"^(\w+ = np\.(asarray|array|atleast_2d)\(|with np\.errstate|for \w+ in range\()")


def _trivial(line: str) -> bool:
    return len(line) < 30 or line.startswith("#") or bool(_BOILERPLATE.match(line))


def solution_blocks(solutions_dir: Path) -> tuple:
    """Stripped lines of every ``### BEGIN SOLUTION`` block, and all text a starter ships.

    Returns
    -------
    blocks : list of list of str
        One list of stripped lines per solution block.
    outside : str
        The text of every generated starter (stub messages included): what students see anyway.
    """
    blocks, outside = [], []
    for path in sorted(solutions_dir.glob("*.md")):
        blocks += [[ln.strip() for ln in b.code.split("\n")] for b in make_starters.solution_blocks(path)]
        starter = make_starters.make_starter(path.read_text(encoding="utf-8"), origin=path)
        outside += [ln.strip() for ln in starter.split("\n")]
    return blocks, "\n".join(outside)


def solution_lines(solutions_dir: Path) -> set:
    """Non-trivial solution lines: at least 30 characters, not a comment, not boilerplate such as
    ``X = np.asarray(X)``, and not also shipped outside the blocks (e.g. in the stub message)."""
    blocks, outside = solution_blocks(solutions_dir)
    return {s for block in blocks for s in block if not _trivial(s) and s not in outside}


def _windows(lines: list, size: int = 3) -> set:
    kept = [s for s in lines if not _trivial(s)]
    return {"\n".join(kept[i:i + size]) for i in range(len(kept) - size + 1)}


def leaks(release: Path, solutions_dir: Path) -> list:
    """Solution code found in the release: (file, text) pairs.

    Notebooks and other text files must not contain any non-trivial solution line. The helper
    package legitimately holds the course's reference implementation, whose single lines may
    coincide with a solution; in ``gmmlab/`` a leak is three consecutive solution lines.
    """
    lines = solution_lines(solutions_dir)
    blocks, outside = solution_blocks(solutions_dir)
    windows = set().union(*(_windows(b) for b in blocks)) if blocks else set()
    found = []
    for f in sorted(release.rglob("*")):
        if not f.is_file() or f.suffix in (".csv", ".zip", ".png", ".jpg"):
            continue
        try:
            text = f.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        rel = f.relative_to(release)
        if rel.parts[0] == "gmmlab":
            mine = _windows([ln.strip() for ln in text.splitlines()])
            found += [(str(rel), w.replace("\n", " / ")) for w in windows & mine
                      if w not in outside]
        else:
            found += [(str(rel), s) for s in lines if s in text]
    return found


def build(out: Path = ROOT / "dist") -> Path:
    """Build ``out/student`` and ``out/student.zip`` and return the folder."""
    release = out / "student"
    if release.exists():
        shutil.rmtree(release)
    release.mkdir(parents=True)
    _notebooks(release / "notebooks")
    _copy_tree(ROOT / "starter_data", release / "starter_data")
    _copy_tree(ROOT / "gmmlab", release / "gmmlab")
    shutil.copy2(ROOT / "pyproject.toml", release / "pyproject.toml")
    (release / "requirements.txt").write_text(_requirements(), encoding="utf-8")
    (release / "README.md").write_text(README, encoding="utf-8")
    (release / "tools").mkdir()
    shutil.copy2(ROOT / "tools" / "export_report.py", release / "tools" / "export_report.py")
    if (ROOT / "LICENSE").exists():
        shutil.copy2(ROOT / "LICENSE", release / "LICENSE")
    problems = [str(p.relative_to(release)) for p in release.rglob("*")
                if p.name in EXCLUDED - {"__pycache__"}]
    problems += [f"{f}: {line[:80]}" for f, line in leaks(release, ROOT / "solutions")]
    if problems:
        shutil.rmtree(release)
        raise SystemExit("release aborted, it would ship instructor material:\n  "
                         + "\n  ".join(problems[:20]))
    archive = out / "student.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for f in sorted(release.rglob("*")):
            if f.is_file():
                zf.write(f, Path("student") / f.relative_to(release))
    return release


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "dist", help="output folder")
    args = parser.parse_args(argv)
    release = build(args.out)
    n = sum(1 for f in release.rglob("*") if f.is_file())
    print(f"wrote {release} ({n} files) and {args.out / 'student.zip'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
