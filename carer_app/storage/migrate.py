"""Schema versions: Alembic over the encrypted engine, with a backup before any upgrade."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from carer_app.storage.errors import SchemaTooNew, StorageError


class MigrationFailed(StorageError):
    """A migration left the database inconsistent; it was rolled back."""

MIGRATIONS = Path(__file__).parent / "migrations"
# The newest revision, so an up-to-date vault opens without loading Alembic's scripts at all.
# tests/storage/test_migrations.py checks it against the scripts.
HEAD = "0003"


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        has_table = conn.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
        ).first()
        rev = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() if has_table else None
        conn.rollback()
        return str(rev) if rev is not None else None


def known_revisions() -> set[str]:
    return {s.revision for s in ScriptDirectory.from_config(_config()).walk_revisions()}


def upgrade(engine: Engine, target: str = "head", before: Callable[[str | None], None] | None = None) -> bool:
    """Bring the schema to `target`; call `before(current)` first when there is work to do."""
    current = current_revision(engine)
    if target == "head" and current == HEAD:
        return False
    if current is not None and current not in known_revisions():
        raise SchemaTooNew(current)
    wanted = head_revision() if target == "head" else target
    if current == wanted:
        return False
    if before is not None and current is not None:
        before(current)
    config = _config()
    # SQLite alters a table by copying it; foreign keys must be off while it does (and the
    # pragma only takes effect outside a transaction), then every reference is checked.
    _set_foreign_keys(engine, on=False)
    try:
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, target)
            broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise MigrationFailed(f"{len(broken)} broken references after migrating")
    finally:
        _set_foreign_keys(engine, on=True)
    return True


def _set_foreign_keys(engine: Engine, *, on: bool) -> None:
    # On the driver connection itself: SQLAlchemy would wrap the pragma in a transaction.
    raw = engine.raw_connection()
    try:
        raw.driver_connection.execute(f"PRAGMA foreign_keys = {'ON' if on else 'OFF'}")  # type: ignore[union-attr]
    finally:
        raw.close()
