"""Run the installed `carer-app` command line in a clean, isolated environment."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

CliRunner = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture()
def isolated_env(tmp_path: Path) -> dict[str, str]:
    """Its own HOME, temp and config folders, so the canary test can search all of them."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CARER_APP_")}
    for name in ("home", "tmp", "config", "data"):
        (tmp_path / name).mkdir()
    env.update(
        HOME=str(tmp_path / "home"), TMPDIR=str(tmp_path / "tmp"),
        XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_DATA_HOME=str(tmp_path / "data"),
        CARER_APP_KDF_TARGET_MS="0", QT_QPA_PLATFORM="offscreen",
    )
    return env


@pytest.fixture()
def cli(isolated_env: dict[str, str]) -> CliRunner:
    def run(*args: str, env: dict[str, str] | None = None, check: bool = False
            ) -> subprocess.CompletedProcess[str]:
        merged = dict(isolated_env)
        merged.update(env or {})
        result = subprocess.run(
            [sys.executable, "-m", "carer_app.cli", *args], capture_output=True, text=True,
            env=merged, timeout=300,
        )
        if check and result.returncode != 0:
            raise AssertionError(f"{args} failed: {result.stderr}")
        return result

    return run
