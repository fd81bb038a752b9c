"""Changing a number that a committed solution notebook printed must make nbval fail."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NUMBER = re.compile(r"-?\d+\.\d{2,}")


def _notebook_with_printed_number():
    """The solution twin with the fewest code cells that prints a decimal number."""
    candidates = []
    for twin in sorted((ROOT / "solutions").glob("*.ipynb")):
        nb = json.loads(twin.read_text())
        for ci, cell in enumerate(nb["cells"]):
            for oi, out in enumerate(cell.get("outputs", [])):
                text = "".join(out.get("text", "")) if out.get("output_type") == "stream" else ""
                if out.get("name") == "stdout" and NUMBER.search(text):
                    n_code = sum(c["cell_type"] == "code" for c in nb["cells"])
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
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}  # figures stored inline
    return subprocess.run(
        cmd, capture_output=True, text=True, cwd=notebook.parent, timeout=600, check=False, env=env
    )


@pytest.mark.slow
def test_a_changed_printed_number_fails_nbval(tmp_path):
    twin, ci, oi = _notebook_with_printed_number()
    nb = json.loads(twin.read_text())
    out = nb["cells"][ci]["outputs"][oi]
    text = "".join(out["text"])
    original = NUMBER.search(text).group()
    # Perturb the last digit: the kind of silent drift a regression test exists to catch.
    changed = original[:-1] + str((int(original[-1]) + 1) % 10)
    out["text"] = text.replace(original, changed, 1)

    tampered = tmp_path / "tampered" / twin.name
    pristine = tmp_path / "pristine" / twin.name
    for path, content in ((tampered, nb), (pristine, json.loads(twin.read_text()))):
        path.parent.mkdir()
        path.write_text(json.dumps(content))

    control = _run_nbval(pristine)
    assert control.returncode == 0, f"the committed {twin.name} fails nbval:\n{control.stdout[-3000:]}"
    result = _run_nbval(tampered)
    assert result.returncode != 0, f"nbval accepted {original} -> {changed} in {twin.name}"
    assert changed in result.stdout or original in result.stdout, result.stdout[-3000:]
