"""Create, unlock, wrong passphrase, recovery, change passphrase, adults, one process per vault."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from carer_app.domain.enums import Role
from carer_app.services import children, household
from carer_app.services.errors import (
    NotAllowed,
    VaultExists,
    VaultInUse,
    WeakPassphrase,
    WrongPassphrase,
    WrongRecoveryKey,
)

PASS = "violet kettle under seven bridges"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_create_then_unlock_sees_the_same_records(vault_dir: Path) -> None:
    vault, recovery = household.create_household(vault_dir, name="Ann", role=Role.CARER,
                                                 passphrase=PASS)
    children.add_child(vault, "Kit")
    vault.close()
    again = household.unlock(vault_dir, PASS)
    assert [c.name for c in children.list_children(again)] == ["Kit"]
    again.close()
    assert len(recovery.split("-")) == 8


def test_wrong_passphrase_touches_nothing_on_disk(vault: object, vault_dir: Path) -> None:
    vault.close()  # type: ignore[attr-defined]
    before = snapshot(vault_dir)
    with pytest.raises(WrongPassphrase):
        household.unlock(vault_dir, "a wrong passphrase entirely")
    assert snapshot(vault_dir) == before


def test_recovery_key_opens_and_sets_a_new_passphrase(vault_dir: Path) -> None:
    vault, recovery = household.create_household(vault_dir, name="Ann", role=Role.CARER,
                                                 passphrase=PASS)
    vault.close()
    with pytest.raises(WrongRecoveryKey):
        household.unlock_with_recovery_key(vault_dir, _other_valid_key(recovery))
    household.recover(vault_dir, recovery.lower(), "brand new lighthouse morning").close()
    with pytest.raises(WrongPassphrase):
        household.unlock(vault_dir, PASS)
    household.unlock(vault_dir, "brand new lighthouse morning").close()


def _other_valid_key(key: str) -> str:
    from carer_app.crypto import recovery_key

    other = recovery_key.generate()
    while other == key:
        other = recovery_key.generate()
    return other


def test_change_passphrase_rewrites_one_slot(vault: object, vault_dir: Path) -> None:
    from carer_app.storage.vault import Vault

    assert isinstance(vault, Vault)
    other = household.add_adult(vault, name="Bo", role=Role.SOCIAL_WORKER,
                                passphrase="second adult walks the dog")
    assert vault.user_id is not None
    household.change_passphrase(vault, vault.user_id, "orange window seven clocks")
    vault.close()
    with pytest.raises(WrongPassphrase):
        household.unlock(vault_dir, PASS)
    household.unlock(vault_dir, "orange window seven clocks").close()
    bo = household.unlock(vault_dir, "second adult walks the dog")
    assert bo.user_id == other.id
    bo.close()


def test_weak_passphrases_are_refused(vault_dir: Path) -> None:
    for weak in ("password", "short", "aaaaaaaaaaaa", "1234567890"):
        with pytest.raises(WeakPassphrase):
            household.create_household(vault_dir, name="Ann", role=Role.CARER, passphrase=weak)


def test_add_and_remove_an_adult(vault: object, vault_dir: Path) -> None:
    from carer_app.storage.vault import Vault

    assert isinstance(vault, Vault)
    bo = household.add_adult(vault, name="Bo", role=Role.CARER, passphrase="second adult walks the dog")
    assert {a.display_name for a in household.list_adults(vault)} == {"Test Carer", "Bo"}
    household.remove_adult(vault, bo.id)
    assert [a.display_name for a in household.list_adults(vault)] == ["Test Carer"]
    assert vault.user_id is not None
    with pytest.raises(NotAllowed):
        household.remove_adult(vault, vault.user_id)
    vault.close()
    with pytest.raises(WrongPassphrase):
        household.unlock(vault_dir, "second adult walks the dog")


def test_second_process_is_told_the_vault_is_open(vault: object, vault_dir: Path) -> None:
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from carer_app.services import household\n"
        "from carer_app.services.errors import VaultInUse\n"
        "try:\n"
        f"    household.unlock(Path({str(vault_dir)!r}), {PASS!r})\n"
        "except VaultInUse:\n"
        "    sys.exit(7)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60)
    assert result.returncode == 7, result.stderr
    with pytest.raises(VaultInUse):
        household.unlock(vault_dir, PASS)


def test_create_refuses_an_existing_vault(vault: object, vault_dir: Path) -> None:
    vault.close()  # type: ignore[attr-defined]
    with pytest.raises(VaultExists):
        household.create_household(vault_dir, name="X", role=Role.CARER, passphrase=PASS)


def test_fails_closed_without_sqlcipher(vault_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sqlite3

    from carer_app.storage import database
    from carer_app.storage.errors import NotSqlCipher

    # Plain SQLite ignores PRAGMA key and answers cipher_version with nothing.
    monkeypatch.setattr(database.sqlcipher3, "connect", sqlite3.connect)
    with pytest.raises(NotSqlCipher):
        database.connect_raw(vault_dir.with_suffix(".db"), bytes(32))


def test_no_vault_file_starts_with_the_sqlite_header(vault: object, vault_dir: Path) -> None:
    from carer_app.services.health_check import folder_has_plain_sqlite

    vault.close()  # type: ignore[attr-defined]
    assert folder_has_plain_sqlite(vault_dir) == []
    assert (vault_dir / "vault.db").stat().st_mode & 0o077 == 0


def test_a_blob_written_but_never_committed_is_swept_at_next_open(vault: object, vault_dir: Path) -> None:
    from carer_app.storage.vault import Vault

    assert isinstance(vault, Vault)
    orphan = vault.blobs.write_bytes(b"never recorded in the database")
    path = vault.blobs.path_of(orphan.file_name)
    assert path.exists()
    vault.close()
    reopened = household.unlock(vault_dir, PASS)
    assert reopened.notes.swept_blobs == 1
    assert not path.exists()
    reopened.close()


def test_a_full_disk_during_a_photo_write_loses_nothing(
    vault: object, vault_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    from carer_app.crypto import atomic_file
    from carer_app.services.errors import DiskFull
    from carer_app.storage.vault import Vault

    assert isinstance(vault, Vault)
    before = vault.blobs.all_file_names()

    def full(tmp: Path, final: Path) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic_file, "_before_rename", full)
    with pytest.raises(DiskFull):
        vault.blobs.write_bytes(b"x" * 200_000)
    assert vault.blobs.all_file_names() == before
    assert not [p for p in vault_dir.rglob(".tmp-*")]


def test_a_full_disk_in_the_database_is_a_typed_error(vault: object) -> None:
    from sqlalchemy.exc import OperationalError

    from carer_app.services.errors import DiskFull
    from carer_app.storage.vault import Vault

    assert isinstance(vault, Vault)
    with pytest.raises(DiskFull), vault.session():
        raise OperationalError("INSERT", {}, Exception("database or disk is full"))


def test_sessions_from_two_threads_take_turns_on_the_one_connection(vault: object) -> None:
    import threading

    from carer_app.storage.vault import Vault

    assert isinstance(vault, Vault)
    errors: list[BaseException] = []

    def writer(tag: str) -> None:
        try:
            for i in range(40):
                children.add_child(vault, f"{tag} {i}")
                children.list_children(vault)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(t,)) for t in ("left", "right")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(children.list_children(vault)) == 81
