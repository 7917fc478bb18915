"""The SQLCipher engine: raw 256-bit key, WAL, memory temp store, silent cipher log; fail closed."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import sqlcipher3
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import StaticPool

from carer_app.storage.errors import NotSqlCipher, VaultDamaged

DB_FILE_LABEL = "vault.db"


def _key_pragma(data_key: bytes) -> str:
    if len(data_key) != 32:
        raise ValueError("data key must be 32 bytes")
    return f"PRAGMA key = \"x'{data_key.hex()}'\""


def connect_raw(path: Path, data_key: bytes) -> Any:
    """A keyed sqlcipher3 connection, checked to be SQLCipher and readable with this key."""
    if not path.exists():
        # Owner-only from the first byte; SQLite would otherwise follow the umask.
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    conn = sqlcipher3.connect(str(path), check_same_thread=False, isolation_level=None)
    try:
        conn.execute(_key_pragma(data_key))
        version = conn.execute("PRAGMA cipher_version").fetchone()
        if not version or not version[0]:
            raise NotSqlCipher("SQLCipher is not loaded; refusing to open the vault unencrypted")
        conn.execute("PRAGMA cipher_log_level = NONE")
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlcipher3.DatabaseError as exc:
            # The key came from an authenticated slot, so an unreadable file is damage.
            raise VaultDamaged(DB_FILE_LABEL, "database cannot be read", "photos and settings") from exc
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA temp_store = MEMORY")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA secure_delete = ON")
    except BaseException:
        conn.close()
        raise
    return conn


def make_engine(path: Path, data_key: bytes) -> Engine:
    """One shared connection (StaticPool): the vault is single-process, single-writer."""
    conn = connect_raw(path, data_key)
    engine = create_engine(
        "sqlite://",
        module=sqlcipher3.dbapi2,
        creator=lambda: conn,
        poolclass=StaticPool,
    )

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        # pysqlite's own transaction handling is off (isolation_level=None): begin explicitly.
        connection.exec_driver_sql("BEGIN")

    return engine


def integrity_problems(engine: Engine) -> list[str]:
    """SQLCipher's page authentication check plus SQLite's structural check."""
    try:
        return _integrity_problems(engine)
    except DBAPIError as exc:
        return [f"database cannot be read: {exc.orig}"]


def _integrity_problems(engine: Engine) -> list[str]:
    problems: list[str] = []
    with engine.connect() as conn:
        for (row,) in conn.exec_driver_sql("PRAGMA cipher_integrity_check").fetchall():
            problems.append(str(row))
        rows = [str(r[0]) for r in conn.exec_driver_sql("PRAGMA integrity_check").fetchall()]
        if rows != ["ok"]:
            problems.extend(rows)
        fk = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        problems.extend(f"foreign key: {tuple(r)}" for r in fk)
        conn.rollback()
    return problems


def checkpoint(engine: Engine) -> None:
    """Fold the WAL into the database file (on close and before a backup)."""
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.commit()
