"""Changing a number that a committed solution notebook printed must make nbval fail."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from gmmlab.notebook import io
from gmmlab.notebook.execute import kernel_env

ROOT = Path(__file__).resolve().parents[2]
NUMBER = re.compile(r"-?\d+\.\d{2,}")


def _notebook_with_printed_number():
    """The solution twin with the fewest code cells that prints a decimal number."""
    candidates = []
    for twin in sorted((ROOT / "solutions").glob("*.ipynb")):
        nb = io.read(twin)
        for ci, cell in enumerate(nb.cells):
            for oi, out in enumerate(cell.get("outputs", [])):
                text = out.get("text", "") if out.get("output_type") == "stream" else ""
                if out.get("name") == "stdout" and NUMBER.search(text):
                    n_code = sum(c.cell_type == "code" for c in nb.cells)
                    candidates.append((n_code, twin, ci, oi))
                    break
    assert candidates, "no solution notebook prints a decimal number to regression-test"
    return min(candidates)[1:]


def _run_nbval(notebook: Path) -> subprocess.CompletedProcess:
    cmd = [
        sys.executable, "-m", "pytest", str(notebook), "-q", "-p", "no:cacheprovider",
        "-o", "addopts=", "-o", "testpaths=", "--rootdir", str(notebook.parent),
        "--nbval", "--nbval-current-env",
        f"--nbval-sanitize-with={ROOT / 'tests' / 'nbval_sanitize.cfg'}",
    ]
    env = kernel_env()  # the kernels of nbval store figures inline, as `make sync` did
    return subprocess.run(
        cmd, capture_output=True, text=True, cwd=notebook.parent, timeout=600, check=False, env=env
    )


@pytest.mark.slow
def test_a_changed_printed_number_fails_nbval(tmp_path):
    twin, ci, oi = _notebook_with_printed_number()
    nb = io.read(twin)
    out = nb.cells[ci].outputs[oi]
    text = out.text
    original = NUMBER.search(text).group()
    # Perturb the last digit: the kind of silent drift a regression test exists to catch.
    changed = original[:-1] + str((int(original[-1]) + 1) % 10)
    out.text = text.replace(original, changed, 1)

    tampered = tmp_path / "tampered" / twin.name
    pristine = tmp_path / "pristine" / twin.name
    for path, content in ((tampered, nb), (pristine, io.read(twin))):
        path.parent.mkdir()
        io.write(content, path)

    control = _run_nbval(pristine)
    assert control.returncode == 0, f"the committed {twin.name} fails nbval:\n{control.stdout[-3000:]}"
    result = _run_nbval(tampered)
    assert result.returncode != 0, f"nbval accepted {original} -> {changed} in {twin.name}"
    assert changed in result.stdout or original in result.stdout, result.stdout[-3000:]
