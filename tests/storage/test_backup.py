"""Backups: one encrypted file; restore with the passphrase or the recovery key; tampering caught."""

from __future__ import annotations

from pathlib import Path

import pytest

from carer_app.domain.enums import Role
from carer_app.services import children, household
from carer_app.services.backups import BackupDamaged, create_backup, restore_backup
from carer_app.services.errors import VaultExists, WrongPassphrase
from carer_app.services.health_check import check_vault

PASS = "violet kettle under seven bridges"


@pytest.fixture()
def made(tmp_path: Path) -> tuple[Path, str]:
    vault, recovery = household.create_household(
        tmp_path / "v", name="Ann Canaryperson", role=Role.CARER, passphrase=PASS
    )
    children.add_child(vault, "Zephyrine Canarychild")
    create_backup(vault, tmp_path / "household.backup")
    vault.close()
    return tmp_path / "household.backup", recovery


def test_round_trip_with_passphrase(made: tuple[Path, str], tmp_path: Path) -> None:
    restored = restore_backup(made[0], tmp_path / "r1", passphrase=PASS)
    assert [c.name for c in children.list_children(restored)] == ["Zephyrine Canarychild"]
    assert check_vault(restored).healthy
    restored.close()


def test_round_trip_with_recovery_key(made: tuple[Path, str], tmp_path: Path) -> None:
    restored = restore_backup(made[0], tmp_path / "r2", recovery_key=made[1])
    assert [c.name for c in children.list_children(restored)] == ["Zephyrine Canarychild"]
    restored.close()


def test_backup_holds_no_plaintext(made: tuple[Path, str]) -> None:
    data = made[0].read_bytes()
    for canary in ("Zephyrine", "Canarychild", "Canaryperson"):
        assert canary.encode("utf-8") not in data
        assert canary.encode("utf-16-le") not in data
    assert b"SQLite format 3" not in data


def test_wrong_passphrase_restores_nothing(made: tuple[Path, str], tmp_path: Path) -> None:
    with pytest.raises(WrongPassphrase):
        restore_backup(made[0], tmp_path / "r3", passphrase="not the right one at all")
    assert not (tmp_path / "r3").exists()


@pytest.mark.parametrize("where", ["header", "middle", "end"])
def test_tampered_backup_is_refused_and_leaves_nothing(
    made: tuple[Path, str], tmp_path: Path, where: str
) -> None:
    data = bytearray(made[0].read_bytes())
    offset = {"header": 60, "middle": len(data) // 2, "end": len(data) - 3}[where]
    data[offset] ^= 0x01
    bad = tmp_path / "bad.backup"
    bad.write_bytes(bytes(data))
    with pytest.raises((BackupDamaged, WrongPassphrase)):
        restore_backup(bad, tmp_path / "r4", passphrase=PASS)
    assert not (tmp_path / "r4").exists()


def test_restore_refuses_a_folder_in_use(made: tuple[Path, str], tmp_path: Path) -> None:
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "something").write_text("x")
    with pytest.raises(VaultExists):
        restore_backup(made[0], tmp_path / "busy", passphrase=PASS)
