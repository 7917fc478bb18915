"""Shared test set-up: offscreen Qt, an isolated home, and the support helpers on sys.path."""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Keep the KDF at its floor (64 MiB, 1 pass) in tests; calibration is tested on its own.
os.environ.setdefault("CARER_APP_KDF_TARGET_MS", "0")

sys.path.insert(0, str(Path(__file__).parent / "support"))

import shutil
from collections.abc import Iterator

import pytest

TEST_PASSPHRASE = "violet kettle under seven bridges"
DEMO_PASSPHRASE = "paper lantern over the quiet harbour"


@pytest.fixture()
def vault_dir(tmp_path: Path) -> Path:
    return tmp_path / "vault"


@pytest.fixture()
def vault(vault_dir: Path) -> Iterator[object]:
    """A fresh vault with one carer ("Test Carer") and one child ("Test Child")."""
    from carer_app.domain.enums import Role
    from carer_app.services import children, household

    opened, _recovery = household.create_household(
        vault_dir, name="Test Carer", role=Role.CARER, passphrase=TEST_PASSPHRASE
    )
    children.add_child(opened, "Test Child")
    yield opened
    if opened.is_open:
        opened.close()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo vault, built once per run; copy it with `demo_copy` before opening."""
    from carer_app.services.demo import build_demo

    folder = tmp_path_factory.mktemp("demo-template") / "vault"
    build_demo(folder).close()
    return folder


@pytest.fixture()
def demo_copy(demo_template: Path, tmp_path: Path) -> Path:
    target = tmp_path / "demo-vault"
    shutil.copytree(demo_template, target)
    return target
