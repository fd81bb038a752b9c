"""tools/lab.py, what `make lab` runs: the command line as root and as a normal user, and the
course's JupyterLab settings it points JupyterLab at."""

import importlib.util
import json
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

spec = importlib.util.spec_from_file_location("course_lab", ROOT / "tools" / "lab.py")
lab = importlib.util.module_from_spec(spec)
spec.loader.exec_module(lab)


def test_allow_root_only_as_root():
    as_root = lab.lab_command(root=True)
    as_user = lab.lab_command(root=False)
    assert "--allow-root" in as_root and "--allow-root" not in as_user
    for command in (as_root, as_user):
        assert f"--ServerApp.root_dir={ROOT}" in command
        assert "--LabApp.default_url=/lab/tree/notebooks/00_orientation.md" in command
    assert (ROOT / lab.FIRST).is_file()
    assert ("--allow-root" in lab.lab_command()) == (getattr(os, "geteuid", lambda: 1)() == 0)


def test_course_config_comes_first_and_keeps_the_users():
    env = lab.lab_env({"JUPYTER_CONFIG_PATH": "/elsewhere"})
    assert env["JUPYTER_CONFIG_PATH"].split(os.pathsep) == [str(ROOT / "jupyter-config"),
                                                             "/elsewhere"]
    assert lab.lab_env({})["JUPYTER_CONFIG_PATH"] == str(ROOT / "jupyter-config")


def test_settings_open_md_as_notebooks_and_save_widget_state():
    path = lab.CONFIG / "labconfig" / "default_setting_overrides.json"
    settings = json.loads(path.read_text(encoding="utf-8"))
    viewers = settings["@jupyterlab/docmanager-extension:plugin"]["defaultViewers"]
    assert viewers == {"markdown": "Jupytext Notebook", "myst": "Jupytext Notebook"}
    assert settings["@jupyter-widgets/jupyterlab-manager:plugin"]["saveState"] is True
