"""The class report opens in headless Chromium: every figure decodes and nothing is fetched."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from chromium_helpers import SKIP_REASON, find_browser

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from report_helpers import known_batch, write_gradebook

pytestmark = pytest.mark.slow

PROBE = """<script>
window.addEventListener("load", () => {
  const imgs = [...document.images];
  const fetched = performance.getEntriesByType("resource").map(e => e.name)
    .filter(u => !u.startsWith("data:"));
  document.body.setAttribute("data-probe", JSON.stringify({
    images: imgs.length,
    decoded: imgs.filter(i => i.complete && i.naturalWidth > 0).length,
    fetched: fetched}));
});
</script>"""


def test_report_opens_with_every_figure_and_fetches_nothing(tmp_path):
    browser = find_browser()
    if browser is None:
        pytest.skip(SKIP_REASON)
    records, _ = known_batch(("bic", "aic", "m_step"))  # 61 submissions
    out = write_gradebook(tmp_path / "out", records)
    from gmmlab.grading import instructor

    instructor.run(out, similarity_threshold=None)
    html = (out / "REPORT.html").read_text(encoding="utf-8")
    # A copy with a probe script (the report's own policy allows no script at all).
    probe = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
    probe = probe.replace("</body>", PROBE + "</body>")
    page = tmp_path / "probe.html"
    page.write_text(probe, encoding="utf-8")
    profile = tempfile.mkdtemp(prefix="chromium-profile-")
    try:
        done = subprocess.run(
            [browser, "--headless", "--no-sandbox", "--disable-gpu",
             "--disable-background-networking", "--no-first-run",
             "--virtual-time-budget=10000", f"--user-data-dir={profile}", "--dump-dom",
             page.as_uri()], capture_output=True, text=True, timeout=120, check=False)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    assert done.returncode == 0, done.stderr[-2000:]
    found = re.search(r'data-probe="([^"]*)"', done.stdout)
    assert found, "the page did not finish loading"
    probe_data = json.loads(found.group(1).replace("&quot;", '"'))
    assert probe_data["images"] >= 3
    assert probe_data["decoded"] == probe_data["images"]
    assert probe_data["fetched"] == []
    assert "Class report" in done.stdout and "Named mistakes" in done.stdout
