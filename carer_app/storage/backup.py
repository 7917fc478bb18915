"""One-file encrypted backups: the key slots up front, then the vault's files as a sealed stream."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import struct
import tarfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from carer_app.crypto import blob_cipher
from carer_app.crypto.atomic_file import atomic_writer, fsync_dir
from carer_app.crypto.errors import BlobDamaged, KeyFileDamaged
from carer_app.crypto.keyslots import KeyFile
from carer_app.storage import database
from carer_app.storage.errors import StorageError, VaultExists
from carer_app.storage.layout import VaultLayout
from carer_app.storage.vault import Vault

MAGIC = b"CARER-APP-BACKUP\n"
VERSION = 1
MAX_HEADER = 256 * 1024
MAX_MEMBERS = 1_000_000
MAX_MEMBER_BYTES = 8 * 1024**3
_BLOB_MEMBER = re.compile(r"^blobs/([0-9a-f]{2})/([0-9a-f]{32}\.blob)$")


class BackupDamaged(StorageError):
    def __init__(self, detail: str) -> None:
        self.detail = detail
        super().__init__(detail)


def _stream_key(data_key: bytes, header: bytes) -> bytes:
    # Binding the key to the header's hash means a tampered header cannot decrypt anything.
    hkdf = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=hashlib.sha256(header).digest(),
        info=b"carer-app backup stream",
    )
    return hkdf.derive(data_key)


def create_backup(vault: Vault, target: Path) -> int:
    """Write the whole vault to `target` (atomically); returns the file size."""
    # Nothing may write while the files are copied: hold the vault for the whole backup.
    with vault.exclusive_engine() as engine:
        database.checkpoint(engine)
        return _write_backup(vault, target)


def _write_backup(vault: Vault, target: Path) -> int:
    backup_id = os.urandom(16)
    header = json.dumps(
        {
            "version": VERSION,
            "backup_id": base64.b64encode(backup_id).decode(),
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "keys": vault.layout.keys.read_text("utf-8"),
        },
        sort_keys=True,
    ).encode("utf-8")
    key = _stream_key(vault._key(), header)
    with atomic_writer(target) as out:
        out.write(MAGIC + struct.pack(">I", len(header)) + header)
        sealer = blob_cipher.StreamSealer(key, backup_id, out)
        with tarfile.open(fileobj=sealer, mode="w|", format=tarfile.PAX_FORMAT) as tar:  # type: ignore[call-overload]
            _add(tar, vault.layout.database, "vault.db")
            for name in sorted(vault.blobs.all_file_names()):
                _add(tar, vault.blobs.path_of(name), f"blobs/{name[:2]}/{name}")
        sealer.close()
    return target.stat().st_size


def _add(tar: tarfile.TarFile, path: Path, arcname: str) -> None:
    info = tarfile.TarInfo(arcname)
    info.size = path.stat().st_size
    info.mode = 0o600
    with open(path, "rb") as fh:
        tar.addfile(info, fh)


def _read_header(fh: BinaryIO) -> tuple[bytes, dict[str, Any]]:
    if fh.read(len(MAGIC)) != MAGIC:
        raise BackupDamaged("not a Carer App backup")
    size_raw = fh.read(4)
    if len(size_raw) != 4:
        raise BackupDamaged("header truncated")
    (size,) = struct.unpack(">I", size_raw)
    if size > MAX_HEADER:
        raise BackupDamaged("header too large")
    header = fh.read(size)
    try:
        parsed = json.loads(header)
    except ValueError as exc:
        raise BackupDamaged("header unreadable") from exc
    if not isinstance(parsed, dict) or parsed.get("version") != VERSION:
        raise BackupDamaged("unknown backup version")
    return header, parsed


def restore_backup(
    source: Path, folder: Path, *, passphrase: str | None = None, recovery_key: str | None = None
) -> Vault:
    """Rebuild a vault in a new, empty folder; returns it open (and checked to open)."""
    layout = VaultLayout(folder)
    if layout.exists() or (folder.exists() and any(folder.iterdir())):
        raise VaultExists(str(folder))
    made_folder = not folder.exists()
    try:
        return _restore_into(source, layout, passphrase, recovery_key)
    except BaseException:
        # A failed restore leaves nothing behind: not the files, not the folder it made.
        if folder.exists():
            _clear(layout)
            if made_folder:
                folder.rmdir()
        raise


def _restore_into(
    source: Path, layout: VaultLayout, passphrase: str | None, recovery_key: str | None
) -> Vault:
    folder = layout.folder
    with open(source, "rb") as fh:
        header, parsed = _read_header(fh)
        keys_text = parsed.get("keys")
        if not isinstance(keys_text, str):
            raise BackupDamaged("key slots missing")
        try:
            keyfile = KeyFile.from_bytes(keys_text.encode("utf-8"), source.name)
        except KeyFileDamaged as exc:
            raise BackupDamaged(f"key slots damaged ({exc.detail})") from exc
        if recovery_key is not None:
            unlocked = keyfile.unlock_recovery(recovery_key)
        else:
            unlocked = keyfile.unlock_passphrase(passphrase or "")
        backup_id = base64.b64decode(str(parsed.get("backup_id")))
        key = _stream_key(unlocked.data_key, header)
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        try:
            stream = blob_cipher.OpenedStream(
                blob_cipher.decrypt_stream(key, backup_id, fh, source.name)
            )
            _extract(stream, layout)
        except BlobDamaged as exc:
            raise BackupDamaged(f"backup failed authentication ({exc.detail})") from exc
    keyfile.save(layout.keys)
    keyfile.save(layout.keys_mirror)
    if recovery_key is not None:
        return Vault.open(folder, recovery_key=recovery_key)
    return Vault.open(folder, passphrase=passphrase)


def _members(tar: tarfile.TarFile) -> Iterator[tarfile.TarInfo]:
    seen: set[str] = set()
    for count, member in enumerate(tar, start=1):
        if count > MAX_MEMBERS:
            raise BackupDamaged("too many files")
        if not member.isfile() or member.size > MAX_MEMBER_BYTES or member.name in seen:
            raise BackupDamaged("unexpected entry")
        seen.add(member.name)
        yield member


def _extract(stream: blob_cipher.OpenedStream, layout: VaultLayout) -> None:
    """Only names we expect, each mapped to a path we build ourselves; never a member's path."""
    with tarfile.open(fileobj=stream, mode="r|") as tar:  # type: ignore[call-overload]
        for member in _members(tar):
            if member.name == "vault.db":
                target = layout.database
            else:
                match = _BLOB_MEMBER.match(member.name)
                if match is None:
                    raise BackupDamaged("unexpected entry")
                target = layout.blobs / match.group(1) / match.group(2)
                target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            source = tar.extractfile(member)
            assert source is not None
            with atomic_writer(target) as out:
                while piece := source.read(1024 * 1024):
                    out.write(piece)


def _clear(layout: VaultLayout) -> None:
    for path in sorted(layout.folder.rglob("*"), reverse=True):
        if path.is_dir():
            path.rmdir()
        else:
            path.unlink()
    fsync_dir(layout.folder)
