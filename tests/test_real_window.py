"""Journeys in a real X server (Xvfb), not the offscreen platform: the xcb plugin, real paints."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from carer_app.services.demo import DEMO_PASSPHRASE

pytestmark = pytest.mark.skipif(shutil.which("xvfb-run") is None, reason="needs xvfb-run (CI installs it)")


def run_in_xvfb(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    merged = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    merged.update(env or {})
    return subprocess.run(
        ["xvfb-run", "-a", "-s", "-screen 0 1280x800x24", sys.executable, "-m", "carer_app", *args],
        capture_output=True, text=True, env=merged, timeout=240,
    )


@pytest.mark.xvfb
def test_the_lock_screen_paints_in_a_real_window(demo_copy: Path, tmp_path: Path) -> None:
    result = run_in_xvfb("--data-dir", str(demo_copy), "--benchmark-startup",
                         env={"XDG_CONFIG_HOME": str(tmp_path / "config")})
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert figures["in_process_ms"] > 0


@pytest.mark.xvfb
def test_unlock_to_the_main_window_in_a_real_window(demo_copy: Path, tmp_path: Path) -> None:
    result = run_in_xvfb("--data-dir", str(demo_copy), "--benchmark-unlock",
                         env={"CARER_APP_PASSPHRASE": DEMO_PASSPHRASE,
                              "XDG_CONFIG_HOME": str(tmp_path / "config")})
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1])
    # Nothing personal went to the settings file on the way.
    for path in (tmp_path / "config").rglob("*"):
        if path.is_file():
            text = path.read_bytes()
            assert b"Maisie" not in text and b"Quillfeather" not in text
