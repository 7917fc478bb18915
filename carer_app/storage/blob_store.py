"""Encrypted files under blobs/: random names, per-blob keys, streamed in and out."""

from __future__ import annotations

import errno
import hashlib
import os
import secrets
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from carer_app.crypto import blob_cipher
from carer_app.crypto.atomic_file import atomic_writer, fsync_dir, sweep_temp_files
from carer_app.crypto.errors import BlobDamaged
from carer_app.storage.errors import DiskFull

SUFFIX = ".blob"


@dataclass(frozen=True)
class StoredBlob:
    """What the database keeps about a blob written to disk."""

    id: str
    file_name: str
    key: bytes
    size: int
    sha256: str


class BlobStore:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def ensure(self) -> None:
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)

    def path_of(self, file_name: str) -> Path:
        if not file_name.endswith(SUFFIX) or "/" in file_name or "\\" in file_name:
            raise ValueError("not a blob file name")
        return self.folder / file_name[:2] / file_name

    def write(self, chunks: Iterable[bytes]) -> StoredBlob:
        """Encrypt `chunks` to a new blob file; the caller records it in the same transaction."""
        blob_id = uuid.uuid4()
        key = secrets.token_bytes(32)
        file_name = secrets.token_hex(16) + SUFFIX
        target = self.path_of(file_name)
        target.parent.mkdir(mode=0o700, exist_ok=True)
        digest = hashlib.sha256()
        size = 0

        def counted() -> Iterator[bytes]:
            nonlocal size
            for piece in chunks:
                digest.update(piece)
                size += len(piece)
                yield piece

        try:
            with atomic_writer(target) as fh:
                blob_cipher.encrypt_to(key, blob_id.bytes, counted(), fh)
        except OSError as exc:
            if exc.errno in (errno.ENOSPC, errno.EDQUOT):
                raise DiskFull(str(self.folder)) from exc
            raise
        return StoredBlob(str(blob_id), file_name, key, size, digest.hexdigest())

    def write_bytes(self, data: bytes) -> StoredBlob:
        return self.write([data[i : i + blob_cipher.CHUNK] for i in range(0, len(data), blob_cipher.CHUNK)])

    def read(self, blob_id: str, file_name: str, key: bytes) -> Iterator[bytes]:
        path = self.path_of(file_name)
        try:
            fh = open(path, "rb")  # noqa: SIM115 - closed by the generator below
        except FileNotFoundError:
            raise BlobDamaged(file_name, "file missing") from None
        with fh:
            yield from blob_cipher.decrypt_stream(key, uuid.UUID(blob_id).bytes, fh, file_name)

    def read_bytes(self, blob_id: str, file_name: str, key: bytes) -> bytes:
        return b"".join(self.read(blob_id, file_name, key))

    def delete(self, file_name: str) -> None:
        path = self.path_of(file_name)
        path.unlink(missing_ok=True)
        fsync_dir(path.parent)

    def all_file_names(self) -> set[str]:
        if not self.folder.is_dir():
            return set()
        return {p.name for p in self.folder.glob(f"*/*{SUFFIX}") if p.is_file()}

    def sweep(self, known: set[str]) -> list[str]:
        """Remove blobs written but never committed, and temp files of killed writers."""
        removed = []
        for name in sorted(self.all_file_names() - known):
            self.path_of(name).unlink()
            removed.append(name)
        if self.folder.is_dir():
            for sub in self.folder.iterdir():
                if sub.is_dir():
                    removed.extend(p.name for p in sweep_temp_files(sub))
        return removed

    def total_bytes(self) -> int:
        return sum(os.path.getsize(self.path_of(n)) for n in self.all_file_names())
