"""A vault: one folder holding the key slots, the SQLCipher database and the blob store."""

from __future__ import annotations

import os
import shutil
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from carer_app.crypto.atomic_file import (
    atomic_write_bytes,
    atomic_writer,
    fsync_dir,
    sweep_temp_files,
)
from carer_app.crypto.errors import KeyFileDamaged, WrongPassphrase, WrongRecoveryKey
from carer_app.crypto.kdf import KdfParams, calibrate
from carer_app.crypto.keyslots import KeyFile, Unlocked, new_data_key
from carer_app.storage import database, migrate
from carer_app.storage.blob_store import BlobStore
from carer_app.storage.errors import (
    DiskFull,
    VaultDamaged,
    VaultExists,
    VaultLocked,
    VaultNotFound,
)
from carer_app.storage.layout import VaultLayout
from carer_app.storage.models import Blob, Meta, User
from carer_app.storage.process_lock import ProcessLock
from carer_app.storage.wal_check import WalStatus, check_wal


@dataclass
class OpenNotes:
    """What happened while opening that a person may want to know about."""

    keys_repaired: str | None = None  # which key file was rewritten from its copy
    swept_blobs: int = 0
    migrated_from: str | None = None
    backup_before_migration: Path | None = None
    wal_set_aside: Path | None = None
    warnings: list[str] = field(default_factory=list)


class Vault:
    """An unlocked vault. Create one with `Vault.create` or `Vault.open`; close it to lock."""

    def __init__(
        self, layout: VaultLayout, lock: ProcessLock, keyfile: KeyFile, unlocked: Unlocked,
        engine: Engine,
    ) -> None:
        self.layout = layout
        self._lock = lock
        self._keyfile = keyfile
        self._data_key: bytes | None = unlocked.data_key
        self.user_id: str | None = unlocked.slot.user_id
        self.engine: Engine | None = engine
        self.blobs = BlobStore(layout.blobs)
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        # One SQLCipher connection serves every thread (StaticPool), so one session at a time:
        # a worker thread and the GUI thread take turns instead of interleaving statements.
        self._db_lock = threading.RLock()
        self.notes = OpenNotes()

    # -- lifecycle ---------------------------------------------------------------------------

    @classmethod
    def create(
        cls, folder: Path, *, user_name: str, role: str, passphrase: str,
        kdf: KdfParams | None = None, schema_revision: str = "head",
    ) -> tuple[Vault, str]:
        """Make a new vault; returns it open, with the recovery key to show once."""
        layout = VaultLayout(Path(folder))
        layout.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if layout.exists():
            raise VaultExists(str(layout.folder))
        lock = ProcessLock(layout.lock)
        lock.acquire()
        try:
            _remove_leftovers_of_failed_create(layout)
            data_key = new_data_key()
            keyfile = KeyFile.new()
            user_id = str(uuid.uuid4())
            slot = keyfile.set_passphrase(data_key, user_id, passphrase, kdf or calibrate())
            recovery = keyfile.set_recovery(data_key)
            engine = database.make_engine(layout.database, data_key)
            migrate.upgrade(engine, schema_revision)
            with Session(engine) as session:
                session.add(User(id=user_id, display_name=user_name, role=role))
                session.add(Meta(key="vault_id", value=keyfile.vault_id))
                session.add(Meta(key="device_id", value=str(uuid.uuid4())))
                session.commit()
            # The key file goes last: until it exists, the folder is not a vault.
            _save_keys(layout, keyfile)
            vault = cls(layout, lock, keyfile, Unlocked(data_key, slot), engine)
            vault.blobs.ensure()
            return vault, recovery
        except BaseException:
            lock.release()
            raise

    @classmethod
    def open(
        cls, folder: Path, *, passphrase: str | None = None, recovery_key: str | None = None,
        set_aside_damaged_wal: bool = False,
    ) -> Vault:
        """Unlock with a passphrase or the recovery key. Wrong secrets change nothing on disk."""
        layout = VaultLayout(Path(folder))
        if not layout.exists():
            raise VaultNotFound(str(layout.folder))
        lock = ProcessLock(layout.lock)
        lock.acquire()
        try:
            notes = OpenNotes()
            copies, used, unlocked = _unlock(layout, passphrase, recovery_key)
            assert used.keyfile is not None
            # Past this point the secret is right: anything wrong now is damage, not a typo.
            sweep_temp_files(layout.folder)
            notes.wal_set_aside = _check_wal(layout, set_aside_damaged_wal)
            engine = database.make_engine(layout.database, unlocked.data_key)
            vault = cls(layout, lock, used.keyfile, unlocked, engine)
            vault.notes = notes
            try:
                vault._migrate()
                vault._repair_keys(copies, used)
                vault.notes.swept_blobs = len(vault.blobs.sweep(vault._known_blob_names()))
            except DBAPIError as exc:
                vault._dispose_engine()
                raise VaultDamaged(
                    layout.database.name, f"database cannot be read ({exc.orig})",
                    still_opens="a backup file",
                ) from exc
            return vault
        except BaseException:
            lock.release()
            raise

    def close(self) -> None:
        """Lock: fold the WAL in, close the database, drop the key, release the folder."""
        with self._db_lock:
            if self.engine is not None:
                with suppress(Exception):
                    database.checkpoint(self.engine)
            self._dispose_engine()
            self._data_key = None
            self._lock.release()

    @contextmanager
    def exclusive_engine(self) -> Iterator[Engine]:
        """The engine, for whole-database work (checks, checkpoints), with no session running."""
        with self._db_lock:
            if self.engine is None:
                raise VaultLocked()
            yield self.engine

    def _dispose_engine(self) -> None:
        if self.engine is not None:
            raw = self.engine.raw_connection()
            self.engine.dispose()
            with suppress(Exception):
                raw.driver_connection.close()  # type: ignore[union-attr]
        self.engine = None

    @property
    def is_open(self) -> bool:
        return self.engine is not None

    @contextmanager
    def session(self) -> Iterator[Session]:
        try:
            with self._db_lock:
                # Checked under the lock: a session waiting while close() ran must not start.
                if self.engine is None:
                    raise VaultLocked()
                with self._sessions() as session:
                    yield session
        except OperationalError as exc:
            # SQLITE_FULL: the transaction rolled back, so nothing was half-written.
            if "full" in str(exc.orig).lower():
                raise DiskFull(str(self.layout.folder)) from exc
            raise

    @property
    def vault_id(self) -> str:
        return self._keyfile.vault_id

    # -- users and secrets -------------------------------------------------------------------

    def _key(self) -> bytes:
        if self._data_key is None:
            raise VaultLocked()
        return self._data_key

    def set_passphrase(self, user_id: str, passphrase: str, kdf: KdfParams | None = None) -> None:
        """Write (or rewrite) one adult's slot. Atomic: old or new passphrase, never neither."""
        self._keyfile.set_passphrase(self._key(), user_id, passphrase, kdf or calibrate())
        _save_keys(self.layout, self._keyfile)

    def remove_slots_of(self, user_id: str) -> None:
        self._keyfile.remove_user(user_id)
        _save_keys(self.layout, self._keyfile)

    def new_recovery_key(self) -> str:
        key = self._keyfile.set_recovery(self._key())
        _save_keys(self.layout, self._keyfile)
        return key

    def users_with_slots(self) -> set[str]:
        return {s.user_id for s in self._keyfile.slots if s.user_id}

    # -- blobs -------------------------------------------------------------------------------

    def _known_blob_names(self) -> set[str]:
        with self.session() as session:
            return set(session.scalars(select(Blob.file_name)))

    def read_blob(self, blob: Blob) -> Iterator[bytes]:
        return self.blobs.read(blob.id, blob.file_name, blob.key)

    # -- migrations and repairs --------------------------------------------------------------

    def _migrate(self) -> None:
        assert self.engine is not None

        def backup(current: str | None) -> None:
            self.notes.migrated_from = current
            self.notes.backup_before_migration = self.snapshot_database(f"before-{current}")

        migrate.upgrade(self.engine, before=backup)

    def snapshot_database(self, label: str) -> Path:
        """Copy the (still encrypted) database file into backups/, WAL folded in first."""
        with self.exclusive_engine() as engine:
            database.checkpoint(engine)
            return self._copy_database(label)

    def _copy_database(self, label: str) -> Path:
        self.layout.backups.mkdir(mode=0o700, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        target = self.layout.backups / f"vault-{label}-{stamp}.db"
        with open(self.layout.database, "rb") as src, atomic_writer(target) as dst:
            shutil.copyfileobj(src, dst, 1024 * 1024)
        return target

    def _repair_keys(self, files: list[_KeyFileCopy], used: _KeyFileCopy) -> None:
        """After a good unlock, rewrite a damaged, missing or stale key file from a whole one."""
        whole = [f for f in files if f.keyfile is not None and not f.keyfile.damaged_slots]
        source = used if used in whole else (whole[0] if whole else None)
        if source is None or source.keyfile is None:
            self.notes.warnings.append("key_slot_damaged_no_clean_copy")
            return
        self._keyfile = source.keyfile
        for copy in files:
            if copy.raw != source.raw:
                atomic_write_bytes(copy.path, source.raw)
                if copy.keyfile is None or copy.keyfile.damaged_slots:
                    self.notes.keys_repaired = copy.path.name


@dataclass
class _KeyFileCopy:
    path: Path
    raw: bytes
    keyfile: KeyFile | None  # None when the file was damaged as a whole or missing


def _save_keys(layout: VaultLayout, keyfile: KeyFile) -> None:
    keyfile.save(layout.keys)
    keyfile.save(layout.keys_mirror)


def _load_keyfiles(layout: VaultLayout) -> list[_KeyFileCopy]:
    copies: list[_KeyFileCopy] = []
    damage: KeyFileDamaged | None = None
    for path in (layout.keys, layout.keys_mirror):
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            copies.append(_KeyFileCopy(path, b"", None))
            continue
        try:
            copies.append(_KeyFileCopy(path, raw, KeyFile.load(path)))
        except KeyFileDamaged as exc:
            damage = damage or exc
            copies.append(_KeyFileCopy(path, raw, None))
    if all(c.keyfile is None for c in copies):
        detail = damage.detail if damage else "missing"
        raise VaultDamaged(layout.keys.name, detail, still_opens="a backup file")
    return copies


def _unlock(
    layout: VaultLayout, passphrase: str | None, recovery_key: str | None
) -> tuple[list[_KeyFileCopy], _KeyFileCopy, Unlocked]:
    copies = _load_keyfiles(layout)
    tried: set[bytes] = set()
    wrong: Exception | None = None
    for copy in copies:
        if copy.keyfile is None or copy.raw in tried:
            continue  # an identical copy: do not run the KDF twice
        tried.add(copy.raw)
        try:
            if recovery_key is not None:
                return copies, copy, copy.keyfile.unlock_recovery(recovery_key)
            if passphrase is None:
                raise ValueError("a passphrase or a recovery key is needed")
            return copies, copy, copy.keyfile.unlock_passphrase(passphrase)
        except (WrongPassphrase, WrongRecoveryKey) as exc:
            wrong = exc
    if any(c.keyfile is not None and c.keyfile.damaged_slots for c in copies):
        raise VaultDamaged(layout.keys.name, "a key slot is damaged", still_opens="recovery key")
    assert wrong is not None
    raise wrong


def _check_wal(layout: VaultLayout, set_aside: bool) -> Path | None:
    report = check_wal(layout.wal)
    if report.status != WalStatus.DAMAGED:
        return None
    if not set_aside:
        raise VaultDamaged(
            layout.wal.name, f"recent-changes log failed its check ({report.detail})",
            still_opens="the vault without its most recent changes",
        )
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    aside = layout.folder / f"{layout.wal.name}.damaged-{stamp}"
    os.replace(layout.wal, aside)
    layout.shm.unlink(missing_ok=True)
    fsync_dir(layout.folder)
    return aside


def _remove_leftovers_of_failed_create(layout: VaultLayout) -> None:
    # A create killed before its key file was written leaves a database nobody can open.
    for path in (layout.database, layout.wal, layout.shm):
        path.unlink(missing_ok=True)
