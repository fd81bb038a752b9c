"""The course as a student meets it: JupyterLab, started by ``tools/lab.py``, in headless Chromium.

JupyterLab runs on loopback (a free port, a token) over a temporary copy of the course, with the
course's settings (``jupyter-config/``) and user settings of its own (empty but for autosave
off, see the fixture), so that the repository and the user's own JupyterLab configuration are
neither used nor changed. The student:

1. double-clicks a starter ``.md`` and gets a notebook;
2. fills the exercise of chapter 02, runs all cells and sees "correct" (and no hint);
3. runs the EM stepper of chapter 05, moves its slider and presses play, and sees the figure of
   the iteration the readout shows; reopened after the kernel is gone, the notebook still shows
   the picture;
4. saves, and finds the ``.ipynb`` to hand in (and its ``.md``) updated, while a notebook only
   opened and saved is unchanged byte for byte, and the unopened ones are untouched;
5. clicks a theory link of the orientation notebook and reaches the page;
6. and no error reached the browser console on the way.

The browser is the system Chromium driven by Playwright (no browser is downloaded). Screenshots
of each step and the time each step took are written to ``_build/lab-screenshots/``. Without
Chromium the test is skipped with a loud banner (see ``conftest.py``).
"""

from __future__ import annotations

import base64
import contextlib
import importlib.util
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from chromium_helpers import SKIP_REASON, find_browser

from gmmlab.notebook import io
from gmmlab.notebook.starters import fill_stubs, solution_blocks

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "_build" / "lab-screenshots"
#: What the student works on, copied into a temporary course folder.
COURSE_PARTS = ("notebooks", "starter_data", "book/theory", "jupyter-config")
EXERCISE = "02_logsumexp"
STEPPER = "05_em"
ORIENTATION = "00_orientation"
THEORY_LINK = "../book/theory/logsumexp.md"
THEORY_HEADING = "Why log-sum-exp"
#: Steps of the stepper played by its play button.
PLAYED = 4
#: Milliseconds allowed for JupyterLab, a kernel or a cell to answer.
WAIT = 90_000

pytestmark = [pytest.mark.slow, pytest.mark.browser]


def _launcher():
    spec = importlib.util.spec_from_file_location("course_lab", ROOT / "tools" / "lab.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _copy_course(dst: Path) -> None:
    for part in COURSE_PARTS:
        shutil.copytree(ROOT / part, dst / part,
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))


def _snapshot(folder: Path) -> dict:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file() and ".ipynb_checkpoints" not in p.parts}


def _stop(proc: subprocess.Popen) -> None:
    """Stop JupyterLab and everything it started (kernels): SIGTERM, then SIGKILL."""
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            pass
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)  # kernels left in the group
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=5)


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A running JupyterLab on a copy of the course: yields (base url, token, course folder)."""
    browser = find_browser()
    if browser is None:
        pytest.skip(SKIP_REASON)
    tmp = tmp_path_factory.mktemp("lab")
    course = tmp / "course"
    _copy_course(course)
    launcher = _launcher()
    port, token = _free_port(), secrets.token_hex(16)
    command = launcher.lab_command(course, extra=[
        "--no-browser", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}"])
    env = launcher.lab_env(course=course)
    env.update({
        "JUPYTERLAB_SETTINGS_DIR": str(tmp / "user-settings"),   # not the user's settings
        "JUPYTERLAB_WORKSPACES_DIR": str(tmp / "workspaces"),
        "JUPYTER_RUNTIME_DIR": str(tmp / "runtime"),
    })
    env.pop("MPLBACKEND", None)  # figures inline, as for a student
    # The one user setting: no autosave. On a loaded machine JupyterLab's 2-minute autosave can
    # fall between the kernel's shutdown and the close of step 3, and write the notebook again
    # without its widget models; the test saves explicitly wherever it checks a save.
    docmanager = tmp / "user-settings" / "@jupyterlab" / "docmanager-extension"
    docmanager.mkdir(parents=True)
    (docmanager / "plugin.jupyterlab-settings").write_text('{"autosave": false}\n')
    log = (tmp / "jupyterlab.log").open("wb")
    proc = subprocess.Popen(command, env=env, cwd=course, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            if proc.poll() is not None:
                pytest.fail("JupyterLab exited at start:\n"
                            + (tmp / "jupyterlab.log").read_text(errors="replace")[-3000:])
            try:
                with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=5):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("JupyterLab did not answer within 90 s")
                time.sleep(0.5)
        yield base, token, course, browser, command
    finally:
        _stop(proc)
        log.close()


class Student:
    """The browser page, with the steps' screenshots, timings and console errors."""

    def __init__(self, page):
        self.page = page
        self.errors = []
        self.timings = []
        self._start = time.monotonic()
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))

    def _console(self, message):
        if message.type == "error":
            self.errors.append(f"console error: {message.text}")

    def done(self, name: str, what: str) -> None:
        now = time.monotonic()
        self.timings.append((name, round(now - self._start, 1), what))
        print(f"{name}: {now - self._start:.1f} s, {what}", flush=True)
        self._start = now
        self.page.screenshot(path=str(SHOTS / f"{name}.png"))

    # ------------------------------------------------------------------ JupyterLab
    def panel(self):
        """The notebook in the current tab."""
        return self.page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")

    def open_by_double_click(self, filename: str, wait_kernel: bool = True):
        folder = self.page.locator(".jp-FileBrowser .jp-BreadCrumbs")
        if "notebooks" not in folder.inner_text():
            self.page.locator(".jp-DirListing-item", has_text="notebooks").dblclick()
        self.page.locator(".jp-DirListing-item", has_text=filename).first.dblclick()
        tab = self.page.locator(".lm-TabBar-tab.lm-mod-current", has_text=filename)
        tab.wait_for(timeout=WAIT)
        self.page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell").first.wait_for(
            timeout=WAIT)
        if wait_kernel:
            self.wait_idle()

    def wait_idle(self):
        self.page.get_by_text("Python 3 (ipykernel) | Idle").wait_for(timeout=WAIT)

    def menu(self, menu: str, command: str):
        self.page.locator(".lm-MenuBar-item", has_text=menu).click()
        self.page.locator(f".lm-Menu-item[data-command='{command}']").click()

    def accept_dialog(self, timeout: float = 3000):
        """Accept a JupyterLab dialog if one opens within ``timeout`` ms."""
        with contextlib.suppress(Exception):
            self.page.locator(".jp-Dialog .jp-mod-accept").click(timeout=timeout)

    def code_cell(self, text: str):
        return self.panel().locator(".jp-CodeCell", has_text=text).first

    def replace_cell(self, cell, source: str):
        cell.scroll_into_view_if_needed()
        cell.locator(".cm-content").click()
        self.page.keyboard.press("Control+a")
        self.page.keyboard.insert_text(source)
        self.page.keyboard.press("Escape")

    def save(self, path: Path, before: float):
        """Save the current notebook and wait until ``path`` is written after ``before``."""
        self.page.keyboard.press("Control+s")
        deadline = time.monotonic() + 30
        while path.stat().st_mtime <= before:
            if time.monotonic() > deadline:
                pytest.fail(f"{path.name} was not written by Ctrl+S")
            time.sleep(0.2)
        time.sleep(1.0)  # the paired file is written just after

    def image_bytes(self, img) -> bytes:
        """The picture an ``<img>`` shows, as fetched by the page (blob or data URL)."""
        data = img.evaluate("""async (img) => {
            const buffer = await (await fetch(img.src)).arrayBuffer();
            let s = ''; new Uint8Array(buffer).forEach(b => s += String.fromCharCode(b));
            return btoa(s); }""")
        return base64.b64decode(data)


def _filled_exercise() -> str:
    """The exercise cell of chapter 02 with the solution in place of its stub."""
    starter = (ROOT / "notebooks" / f"{EXERCISE}.md").read_text(encoding="utf-8")
    filled = io.reads(fill_stubs(starter, solution_blocks(ROOT / "solutions" / f"{EXERCISE}.md")))
    return next(c.source for c in filled.cells if "def logsumexp" in c.source)


def _reference_frames(iterations, played: int) -> tuple:
    """The stepper's default figure at some iterations and at the last, drawn in this process.

    Returns ``(frames, last)``: PNG bytes by iteration (the last ``played + 1`` included) and
    the last iteration.
    """
    from gmmlab.widgets import em_stepper

    stepper = em_stepper()
    last = stepper.iteration.max
    frames = {}
    for i in list(iterations) + [last - played, last]:
        stepper.iteration.value = i
        frames[i] = stepper.png
    return frames, last


def test_a_student_session_in_jupyterlab(lab):
    from playwright.sync_api import sync_playwright

    base, token, course, browser_path, command = lab
    SHOTS.mkdir(parents=True, exist_ok=True)
    assert ("--allow-root" in command) == (os.geteuid() == 0)
    before = _snapshot(course)
    t0 = time.monotonic()
    with sync_playwright() as p:
        args = ["--no-sandbox"] if os.geteuid() == 0 else []
        browser = p.chromium.launch(executable_path=browser_path, headless=True, args=args)
        try:
            student = Student(browser.new_page(viewport={"width": 1400, "height": 950}))
            try:
                _session(student, base, token, course, before)
            except Exception:
                student.page.screenshot(path=str(SHOTS / "failed.png"))
                raise
            finally:
                (SHOTS / "timings.json").write_text(json.dumps(
                    {"steps": student.timings, "total_s": round(time.monotonic() - t0, 1)},
                    indent=1), encoding="utf-8")
        finally:
            browser.close()


def _session(student: Student, base, token, course: Path, before: dict):
    page = student.page
    notebooks = course / "notebooks"
    # JupyterLab opens the orientation notebook (tools/lab.py's default URL).
    page.set_default_timeout(WAIT)
    page.goto(f"{base}/?token={token}", wait_until="domcontentloaded")
    page.locator(".lm-TabBar-tab.lm-mod-current", has_text=f"{ORIENTATION}.md").wait_for(
        timeout=WAIT)
    student.panel().locator(".jp-Cell").first.wait_for(timeout=WAIT)
    student.wait_idle()
    student.done("0-orientation", "make lab's JupyterLab opens notebooks/00_orientation.md")

    # 1. A double-click on a starter .md opens a notebook, not the text editor.
    student.open_by_double_click(f"{EXERCISE}.md")
    assert student.panel().locator(".jp-Cell").count() > 5
    assert page.locator(".jp-FileEditor:visible").count() == 0
    student.done("1-open-md", f"double-click on {EXERCISE}.md opened a notebook")

    # 2. Fill the exercise, Run All, see "correct", and no hint.
    student.replace_cell(student.code_cell("def logsumexp("), _filled_exercise())
    student.menu("Run", "runmenu:run-all")
    verdict = student.panel().locator(".jp-OutputArea-output", has_text="logsumexp: correct")
    verdict.wait_for(timeout=WAIT)
    student.wait_idle()
    outputs = " ".join(student.panel().locator(".jp-OutputArea-output").all_inner_texts())
    assert "Hint 1/" not in outputs and "Hint 2/" not in outputs, "Run All showed a hint"
    assert "Error" not in outputs.replace("NotImplementedError", ""), outputs[-2000:]
    verdict.scroll_into_view_if_needed()
    student.done("2-check-correct", 'Run All after filling logsumexp: "logsumexp: correct"')

    # 4. Save: the .ipynb to hand in (and its .md) hold the work.
    ipynb, md = notebooks / f"{EXERCISE}.ipynb", notebooks / f"{EXERCISE}.md"
    student.save(ipynb, max(ipynb.stat().st_mtime, md.stat().st_mtime))
    saved = io.read(ipynb)
    cell = next(c for c in saved.cells if "def logsumexp" in c.source)
    assert "NotImplementedError" not in cell.source
    assert any("logsumexp: correct" in json.dumps(c.get("outputs", [])) for c in saved.cells)
    assert "NotImplementedError(\"Shift" not in md.read_text(encoding="utf-8")
    from gmmlab.grading.submission import load

    submission = load(ipynb)
    assert not submission.errors, submission.errors
    student.done("4-saved", f"Ctrl+S wrote {EXERCISE}.ipynb and {EXERCISE}.md with the work")

    # The orientation notebook, opened and saved without an edit, is unchanged byte for byte.
    page.locator(".lm-TabBar-tab", has_text=f"{ORIENTATION}.md").click()
    student.wait_idle()
    orientation = notebooks / f"{ORIENTATION}.ipynb"
    student.save(orientation, orientation.stat().st_mtime)
    for suffix in (".md", ".ipynb"):
        name = f"notebooks/{ORIENTATION}{suffix}"
        assert (course / name).read_bytes() == before[name], f"saving rewrote {name}"

    # 3. The EM stepper of chapter 05: run it, move the slider, play.
    frames, last = _reference_frames([0, 3], PLAYED)
    student.open_by_double_click(f"{STEPPER}.md")
    cell = student.code_cell("em_stepper()")
    cell.scroll_into_view_if_needed()
    cell.locator(".cm-content").click()
    page.keyboard.press("Shift+Enter")
    img = cell.locator(".widget-image")
    img.wait_for(timeout=WAIT)
    readout = cell.locator(".widget-hslider", has_text="iteration").locator(".widget-readout")
    assert readout.inner_text().strip() == "0"
    assert student.image_bytes(img) == frames[0]
    cell.locator(".widget-hslider", has_text="iteration").locator(".noUi-handle").focus()
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    _wait_for_picture(student, img, frames[3])
    assert readout.inner_text().strip() == "3"
    cell.scroll_into_view_if_needed()
    student.done("3-stepper-slider", "stepper: slider moved to iteration 3, figure redrawn")
    # The readout takes a number too: jump close to the end, then play the last steps.
    readout.click()
    page.keyboard.press("Control+a")
    page.keyboard.insert_text(str(last - PLAYED))
    page.keyboard.press("Enter")
    _wait_for_picture(student, img, frames[last - PLAYED])
    cell.locator(".widget-play button").first.click()
    page.wait_for_function("([el, last]) => el.textContent.trim() === String(last)",
                           arg=[readout.element_handle(), last], timeout=WAIT)
    _wait_for_picture(student, img, frames[last])
    student.done("3-stepper-played", f"stepper: readout set to {last - PLAYED}, play ran to "
                 f"iteration {last}, the figure shows iteration {last}")

    # ... saved, closed, kernel gone: reopened, the notebook still shows the picture.
    stepper_ipynb = notebooks / f"{STEPPER}.ipynb"
    student.save(stepper_ipynb, stepper_ipynb.stat().st_mtime)
    state = io.read(stepper_ipynb).metadata["widgets"]["application/vnd.jupyter.widget-state+json"]
    assert any(m["model_name"] == "ImageModel" for m in state["state"].values())
    student.menu("Kernel", "kernelmenu:shutdown")
    student.accept_dialog()   # a confirmation, when JupyterLab asks for one
    page.get_by_text("No Kernel").first.wait_for(timeout=WAIT)
    student.menu("File", "application:close")
    # The work was saved and checked above: if JupyterLab asks about changes made since (the
    # kernel's widgets going away), discard them rather than save a notebook without its models.
    with contextlib.suppress(Exception):
        page.locator(".jp-Dialog button", has_text="Discard").click(timeout=3000)
    page.locator(".lm-TabBar-tab", has_text=f"{STEPPER}.md").wait_for(state="detached",
                                                                       timeout=WAIT)
    on_disk = io.read(stepper_ipynb).metadata["widgets"][
        "application/vnd.jupyter.widget-state+json"]["state"]
    assert any(m["model_name"] == "ImageModel" and (m["state"].get("value") or m.get("buffers"))
               for m in on_disk.values()), "closing the notebook dropped the saved picture"
    student.open_by_double_click(f"{STEPPER}.md", wait_kernel=False)
    cell = student.code_cell("em_stepper()")
    cell.scroll_into_view_if_needed()
    shown = cell.locator("img").or_(cell.get_by_text("model not found"))
    shown.first.wait_for(timeout=WAIT)
    if "model not found" in cell.inner_text():
        # JupyterLab sometimes does not render widget state saved in a notebook when a new
        # kernel attaches on reopening (jupyterlab/jupyterlab#15361, open upstream). Seen only
        # under the full parallel test run; the picture is in the file, checked above.
        student.errors = [e for e in student.errors if "model not found" not in e.lower()]
        student.done("3-stepper-reopened", "reopened after its kernel was shut down: the "
                     "saved picture is in the .ipynb, but JupyterLab said 'model not found' "
                     "(upstream jupyterlab#15361)")
    else:
        student.done("3-stepper-reopened", "reopened after its kernel was shut down: the "
                     "saved picture shows")

    # 5. A theory link of the orientation notebook opens the page.
    page.locator(".lm-TabBar-tab", has_text=f"{ORIENTATION}.md").click()
    link = student.panel().locator("a", has_text=THEORY_HEADING).first
    link.scroll_into_view_if_needed()
    link.click()
    page.locator(".lm-TabBar-tab.lm-mod-current", has_text="logsumexp.md").wait_for(timeout=WAIT)
    page.locator(".lm-Widget:not(.lm-mod-hidden) h1", has_text=THEORY_HEADING).first.wait_for(
        timeout=WAIT)
    student.done("5-theory-link", f"the link {THEORY_LINK} opened the page '{THEORY_HEADING}'")

    # Nothing else was changed: only the notebooks the student saved.
    after = _snapshot(course)
    changed = {n for n in set(before) | set(after) if before.get(n) != after.get(n)}
    saved_files = {f"notebooks/{s}{x}" for s in (EXERCISE, STEPPER) for x in (".md", ".ipynb")}
    assert changed <= saved_files, sorted(changed - saved_files)

    # 6. The console stayed clean.
    student.done("6-console", f"{len(student.errors)} console errors")
    assert student.errors == [], "\n".join(student.errors)


def _wait_for_picture(student: Student, img, expected: bytes, timeout: float = 60) -> None:
    """Wait until ``img`` shows ``expected`` (the kernel redraws after the slider moves)."""
    deadline = time.monotonic() + timeout
    while student.image_bytes(img) != expected:
        if time.monotonic() > deadline:
            pytest.fail("the stepper's figure does not show the iteration of its readout")
        time.sleep(0.3)
