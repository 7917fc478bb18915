"""A vault made by the first schema is migrated, with an encrypted backup taken first."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from carer_app.crypto.kdf import KdfParams
from carer_app.services import household
from carer_app.storage import migrate
from carer_app.storage.vault import Vault

PASS = "violet kettle under seven bridges"


def test_first_schema_vault_is_upgraded_with_a_backup(vault_dir: Path) -> None:
    vault, _ = Vault.create(
        vault_dir, user_name="Ann", role="carer", passphrase=PASS,
        kdf=KdfParams(memory_kib=65536, iterations=1, lanes=4), schema_revision="0001",
    )
    assert vault.engine is not None
    assert migrate.current_revision(vault.engine) == "0001"
    with vault.engine.begin() as conn:
        conn.execute(text("INSERT INTO children (id, name, notes, created_at, updated_at, version)"
                          " VALUES ('c1', 'Old Schema Kid', '', '2024-01-01', '2024-01-01', 1)"))
        tables = {r[0] for r in conn.execute(text("SELECT name FROM sqlite_master"))}
    assert "storybook_progress" not in tables
    vault.close()

    opened = household.unlock(vault_dir, PASS)
    assert opened.engine is not None
    assert migrate.current_revision(opened.engine) == migrate.head_revision()
    assert opened.notes.migrated_from == "0001"
    backup = opened.notes.backup_before_migration
    assert backup is not None and backup.exists()
    assert not backup.read_bytes().startswith(b"SQLite format 3")
    with opened.engine.connect() as conn:
        names = [r[0] for r in conn.execute(text("SELECT name FROM children"))]
        conn.execute(text("SELECT count(*) FROM storybook_progress")).scalar()
    assert names == ["Old Schema Kid"]
    opened.close()


def test_no_migration_no_backup(vault: object, vault_dir: Path) -> None:
    vault.close()  # type: ignore[attr-defined]
    opened = household.unlock(vault_dir, PASS)
    assert opened.notes.migrated_from is None
    assert not (vault_dir / "backups").exists()
    opened.close()


def test_the_fast_path_head_matches_the_scripts() -> None:
    assert migrate.head_revision() == migrate.HEAD


def test_thumbnails_survive_the_move_to_their_own_table(vault_dir: Path) -> None:
    vault, _ = Vault.create(
        vault_dir, user_name="Ann", role="carer", passphrase=PASS,
        kdf=KdfParams(memory_kib=65536, iterations=1, lanes=4), schema_revision="0002",
    )
    assert vault.engine is not None
    with vault.engine.begin() as conn:
        conn.execute(text("INSERT INTO blobs (id, file_name, key, size, sha256, content_type, created_at)"
                          " VALUES ('b1', 'x.blob', x'00', 1, '', 'image/jpeg', '2024-01-01')"))
        conn.execute(text("INSERT INTO photos (id, blob_id, thumbnail, width, height, caption,"
                          " source_sha256, pixel_hash, created_at, updated_at, version)"
                          " VALUES ('p1', 'b1', x'cafe', 1, 1, 'old', '', '', '2024-01-01',"
                          " '2024-01-01', 1)"))
    vault.close()
    opened = household.unlock(vault_dir, PASS)
    from carer_app.services import photos

    assert opened.notes.migrated_from == "0002"
    assert photos.thumbnail(opened, "p1") == b"\xca\xfe"
    assert opened.engine is not None
    with opened.engine.connect() as conn:
        columns = [r[1] for r in conn.execute(text("PRAGMA table_info(photos)"))]
    assert "thumbnail" not in columns
    opened.close()
