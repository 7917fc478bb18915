"""A flipped byte in each kind of vault file is detected, with the right message, and the rest opens."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from carer_app.services import children, household, photos
from carer_app.services.demo_photos import jpeg_with_metadata
from carer_app.services.errors import VaultDamaged, WrongPassphrase
from carer_app.services.health_check import check_vault

PASS = "violet kettle under seven bridges"


def flip(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset % len(data)] ^= 0x20
    path.write_bytes(bytes(data))


def test_flipped_byte_in_the_key_file_is_repaired_from_its_copy(vault: object, vault_dir: Path) -> None:
    vault.close()  # type: ignore[attr-defined]
    flip(vault_dir / "vault.keys", 200)
    opened = household.unlock(vault_dir, PASS)
    assert opened.notes.keys_repaired == "vault.keys"
    assert check_vault(opened).healthy
    opened.close()


def test_both_key_files_damaged_says_so_and_not_wrong_passphrase(vault: object, vault_dir: Path) -> None:
    vault.close()  # type: ignore[attr-defined]
    flip(vault_dir / "vault.keys", 300)
    flip(vault_dir / "vault.keys.copy", 300)
    with pytest.raises(VaultDamaged) as caught:
        household.unlock(vault_dir, PASS)
    assert caught.value.file_name == "vault.keys"
    with pytest.raises(VaultDamaged):
        household.unlock(vault_dir, "wrong passphrase anyway")


def test_wrong_passphrase_is_still_wrong_after_a_repairable_flip(vault: object, vault_dir: Path) -> None:
    vault.close()  # type: ignore[attr-defined]
    flip(vault_dir / "vault.keys", 150)
    with pytest.raises(WrongPassphrase):
        household.unlock(vault_dir, "this is not the passphrase")


def test_flipped_byte_in_the_database_is_reported_as_damage(vault: object, vault_dir: Path) -> None:
    for i in range(30):
        children.add_child(vault, f"Child number {i}")  # type: ignore[arg-type]
    vault.close()  # type: ignore[attr-defined]
    db = vault_dir / "vault.db"
    size = db.stat().st_size
    flip(db, size // 2 + 100)  # inside a page, past the header
    try:
        opened = household.unlock(vault_dir, PASS)
    except VaultDamaged as exc:
        assert exc.file_name == "vault.db"
        return
    report = check_vault(opened)
    opened.close()
    assert not report.healthy
    assert any(p.file == "vault.db" for p in report.problems)


def test_flipped_first_page_of_the_database_is_damage(vault: object, vault_dir: Path) -> None:
    vault.close()  # type: ignore[attr-defined]
    flip(vault_dir / "vault.db", 40)
    with pytest.raises(VaultDamaged) as caught:
        household.unlock(vault_dir, PASS)
    assert caught.value.file_name == "vault.db"
    assert caught.value.still_opens


def _write_and_die(vault_dir: Path, rows: int) -> None:
    """Commit rows in another process and kill it, so the WAL keeps them un-checkpointed."""
    code = (
        "import os\n"
        "from pathlib import Path\n"
        "from carer_app.services import household, children\n"
        f"v = household.unlock(Path({str(vault_dir)!r}), {PASS!r})\n"
        "with v.engine.connect() as c:\n"
        "    c.exec_driver_sql('PRAGMA wal_autocheckpoint=0')\n"
        f"for i in range({rows}):\n"
        "    children.add_child(v, f'wal child {i}')\n"
        "os._exit(0)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)


def test_flipped_byte_in_the_wal_is_detected_and_the_rest_still_opens(
    vault: object, vault_dir: Path
) -> None:
    vault.close()  # type: ignore[attr-defined]
    _write_and_die(vault_dir, 12)
    wal = vault_dir / "vault.db-wal"
    assert wal.stat().st_size > 4096
    pristine = vault_dir.parent / "pristine"
    shutil.copytree(vault_dir, pristine)
    flip(wal, 32 + 24 + 4096 + 24 + 1000)  # inside the second frame's page
    with pytest.raises(VaultDamaged) as caught:
        household.unlock(vault_dir, PASS)
    assert caught.value.file_name == "vault.db-wal"
    opened = household.unlock(vault_dir, PASS, set_aside_damaged_wal=True)
    assert opened.notes.wal_set_aside is not None
    assert any(c.name == "Test Child" for c in children.list_children(opened))
    opened.close()
    # Without the flip, every committed row is there.
    whole = household.unlock(pristine, PASS)
    assert len(children.list_children(whole)) == 13
    whole.close()


def test_flipped_byte_in_a_blob_names_the_photo_and_the_rest_opens(vault: object, vault_dir: Path) -> None:
    from carer_app.storage.vault import Vault

    assert isinstance(vault, Vault)
    child = children.list_children(vault)[0]
    paths = []
    for seed in range(3):
        p = vault_dir.parent / f"p{seed}.jpg"
        from datetime import datetime

        p.write_bytes(jpeg_with_metadata(seed, datetime(2024, 1, 1 + seed)))
        paths.append(p)
    results = list(photos.import_photos(vault, child.id, paths))
    assert all(r.status == "imported" for r in results)
    vault.close()
    victim = sorted(vault_dir.glob("blobs/*/*.blob"))[0]
    flip(victim, victim.stat().st_size // 2)
    opened = household.unlock(vault_dir, PASS)
    report = check_vault(opened)
    damaged = [p for p in report.problems if p.file.startswith("blobs/")]
    assert len(damaged) == 1 and damaged[0].record and damaged[0].record.startswith("photo ")
    assert report.blobs_checked == 2
    assert len(photos.list_photos(opened, child.id)) == 3
    opened.close()
