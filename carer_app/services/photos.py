"""Importing photos into the vault: per-file results, clean images, no half imports.

Files are read and processed by two worker processes (decoding is the slow part and holds the
GIL); this process checks for duplicates, encrypts and stores each photo in input order, one at a
time, so the blob and its row are committed together and cancelling between files leaves nothing
half done. At most a few photos are in flight, so memory stays flat however large the batch.
"""

from __future__ import annotations

import multiprocessing
import uuid
from collections import deque
from collections.abc import Callable, Generator, Iterable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC
from enum import StrEnum
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import cast

from sqlalchemy import select

from carer_app.crypto.blob_cipher import CHUNK
from carer_app.domain.views import PhotoView
from carer_app.services import audit
from carer_app.services.errors import NotFound
from carer_app.services.photo_import_worker import MAX_FILE_BYTES as MAX_FILE_BYTES
from carer_app.services.photo_import_worker import (
    keep_freed_memory,
    read_and_process,
    release_freed_memory,
    start_worker,
)
from carer_app.services.photo_processing import (
    DUPLICATE_MAX_DISTANCE,
    SUPPORTED_EXTENSIONS,
    ProcessedPhoto,
    RejectReason,
)
from carer_app.storage.models import Blob, Photo, PhotoThumbnail
from carer_app.storage.vault import Vault

WORKERS = 2
# Photos submitted ahead of the one being stored: enough to keep both workers busy while this
# process stores, few enough that memory stays flat (each is a few MB of clean JPEG).
IN_FLIGHT_PER_WORKER = 3
# Up to this many files are processed here: starting worker processes costs more than it saves.
SEQUENTIAL_UP_TO = 2
_MiB = 1024 * 1024
_IDS_PER_QUERY = 500  # well under SQLite's limit on bound parameters
_WORKER_MODULE = "carer_app.services.photo_import_worker"
# What the workers run; a test swaps in a function that kills its worker.
_work: Callable[[str], ProcessedPhoto | str] = read_and_process


class ImportStatus(StrEnum):
    IMPORTED = "imported"
    DUPLICATE = "duplicate"
    REJECTED = "rejected"


@dataclass(frozen=True)
class ImportResult:
    path: Path
    status: ImportStatus
    reason: str = ""  # a RejectReason code, or "duplicate_of:<photo id>"
    photo_id: str | None = None


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files as given; folders walked for supported extensions, in a stable order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                sorted(
                    p for p in path.rglob("*")
                    if p.is_file() and p.suffix.lower() in SUPPORTED_EXTENSIONS
                )
            )
        else:
            found.append(path)
    return found


class _KnownPhotos:
    """The child's photos as duplicate checks need them, read once per batch and kept current."""

    def __init__(self, vault: Vault, child_id: str | None) -> None:
        self._by_sha: dict[str, str] = {}
        self._hashes: list[tuple[int, str]] = []
        with vault.session() as session:
            query = select(Photo.id, Photo.source_sha256, Photo.pixel_hash).where(
                Photo.deleted_at.is_(None), Photo.child_id == child_id
            )
            for photo_id, sha, pixel_hash in session.execute(query):
                self.add(str(photo_id), sha, pixel_hash)

    def add(self, photo_id: str, sha: str | None, pixel_hash: str | None) -> None:
        if sha:
            self._by_sha.setdefault(sha, photo_id)
        if pixel_hash:
            self._hashes.append((int(pixel_hash, 16), photo_id))

    def duplicate_of(self, processed: ProcessedPhoto) -> str | None:
        """Same file, or the same picture re-encoded, resized or rotated (difference hash)."""
        exact = self._by_sha.get(processed.sha256)
        if exact is not None:
            return exact
        wanted = int(processed.pixel_hash, 16)
        for known, photo_id in self._hashes:
            if (known ^ wanted).bit_count() <= DUPLICATE_MAX_DISTANCE:
                return photo_id
        return None


def store_processed(
    vault: Vault, child_id: str | None, processed: ProcessedPhoto, caption: str = ""
) -> str:
    """Write the blob, then record it; a crash in between leaves an orphan swept at next open."""
    # Views, not slices (write_bytes copies every chunk): a copy of a 3 MB photo costs as much as
    # encrypting it. The blob store takes any bytes-like chunk, though it is typed for bytes.
    data = memoryview(processed.image_bytes)
    chunks = (data[start : start + CHUNK] for start in range(0, len(data), CHUNK))
    stored = vault.blobs.write(cast("Iterable[bytes]", chunks))
    with vault.session() as session:
        session.add(
            Blob(
                id=stored.id, file_name=stored.file_name, key=stored.key, size=stored.size,
                sha256=stored.sha256, content_type=processed.content_type,
            )
        )
        taken = processed.taken_at
        photo_id = str(uuid.uuid4())  # known now: one flush, at commit
        photo = Photo(
            id=photo_id, child_id=child_id, blob_id=stored.id,
            width=processed.width, height=processed.height,
            taken_at=taken.replace(tzinfo=UTC) if taken and taken.tzinfo is None else taken,
            caption=caption, source_sha256=processed.sha256, pixel_hash=processed.pixel_hash,
            author_id=vault.user_id,
        )
        session.add(photo)
        session.add(PhotoThumbnail(photo_id=photo_id, data=processed.thumbnail_bytes))
        audit.record(session, vault.user_id, "import", "photo", photo_id)
        session.commit()
    return photo_id


def _land(
    vault: Vault, child_id: str | None, known: _KnownPhotos, path: Path, outcome: ProcessedPhoto | str
) -> ImportResult:
    if isinstance(outcome, str):
        return ImportResult(path, ImportStatus.REJECTED, outcome)
    duplicate = known.duplicate_of(outcome)
    if duplicate is not None:
        return ImportResult(path, ImportStatus.DUPLICATE, f"duplicate_of:{duplicate}", duplicate)
    photo_id = store_processed(vault, child_id, outcome)
    known.add(photo_id, outcome.sha256, outcome.pixel_hash)
    return ImportResult(path, ImportStatus.IMPORTED, photo_id=photo_id)


def import_one(vault: Vault, child_id: str | None, path: Path) -> ImportResult:
    """Import one file in this process."""
    return _land(vault, child_id, _KnownPhotos(vault, child_id), path, read_and_process(str(path)))


def import_photos(
    vault: Vault,
    child_id: str | None,
    paths: Iterable[Path],
    *,
    progress: Callable[[int, int, ImportResult], None] | None = None,
    cancelled: Callable[[], bool] = lambda: False,
    workers: int = WORKERS,
) -> Generator[ImportResult]:
    """One result per file, in order; a bad file never stops the batch; cancel stops between files.

    Photos are stored one by one as they come: those reported imported stay imported when the
    batch is cancelled or the caller stops iterating, and work still in flight is dropped.
    """
    files = expand_paths(paths)
    known = _KnownPhotos(vault, child_id)
    if workers <= 1 or len(files) <= SEQUENTIAL_UP_TO:
        outcomes: Generator[tuple[Path, ProcessedPhoto | str]] = (
            (path, read_and_process(str(path))) for path in files
        )
    else:
        outcomes = _processed_in_workers(files, min(workers, len(files)))
    with closing(outcomes):
        for index, path in enumerate(files, start=1):
            if cancelled():
                return
            done, outcome = next(outcomes)
            assert done == path
            result = _land(vault, child_id, known, path, outcome)
            if progress is not None:
                progress(index, len(files), result)
            yield result


def pool_context() -> BaseContext:
    """forkserver where there is one (a pool starts in tens of ms once the server runs), else spawn.

    Never fork: a forked child of a process with threads (Qt's, SQLite's) can deadlock.
    """
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        # Effective when the server starts (the first import of the session): it loads the
        # pipeline once, and every worker forked from it starts with Pillow ready.
        context.set_forkserver_preload(["__main__", _WORKER_MODULE])
        return context
    return multiprocessing.get_context("spawn")


def new_pool(workers: int) -> ProcessPoolExecutor:
    """The import's worker processes (also what the benchmark's draft-decode limit runs on)."""
    return ProcessPoolExecutor(max_workers=workers, mp_context=pool_context(), initializer=start_worker)


def _alone(path: Path) -> ProcessedPhoto | str:
    """Process one file in a pool of its own; a file that kills its worker twice is broken."""
    with new_pool(1) as pool:
        try:
            return pool.submit(_work, str(path)).result()
        except BrokenProcessPool:
            return str(RejectReason.BROKEN)


def _processed_in_workers(
    files: list[Path], workers: int
) -> Generator[tuple[Path, ProcessedPhoto | str]]:
    """(path, outcome) in input order, with a bounded number of files in flight.

    A worker that dies (a decoder crashing on a hostile file) breaks the pool: the file being
    waited for is retried alone, the others are resubmitted to a fresh pool, and the file that
    kills a worker on its own is rejected as broken. The batch goes on.
    """
    ahead = workers * IN_FLIGHT_PER_WORKER
    # Receiving a photo from a worker costs this process as many page faults as its size in
    # pages, unless freed buffers are kept for the next one (the same as the workers do): about
    # 5 of the 14 ms this process spends per 12 MP photo. Given back when the batch ends.
    keep_freed_memory(16 * _MiB, 32 * _MiB)
    queue = iter(files)
    pending: deque[tuple[Path, Future[ProcessedPhoto | str] | None]] = deque()
    pool = new_pool(workers)

    def submit(path: Path) -> Future[ProcessedPhoto | str] | None:
        try:
            return pool.submit(_work, str(path))
        except BrokenProcessPool:  # broke since the last result: tried again in a fresh pool
            return None

    try:
        while True:
            while len(pending) < ahead and (path := next(queue, None)) is not None:
                pending.append((path, submit(path)))
            if not pending:
                return
            path, future = pending.popleft()
            try:
                if future is None:
                    raise BrokenProcessPool(path.name)
                outcome = future.result()
            except BrokenProcessPool:
                pool.shutdown(wait=True, cancel_futures=True)
                outcome = _alone(path)
                pool = new_pool(workers)
                pending = deque((again, submit(again)) for again, _ in pending)
            if len(pending) < ahead and (path_next := next(queue, None)) is not None:
                # Keep the workers busy while the caller stores this one.
                pending.append((path_next, submit(path_next)))
            yield path, outcome
    finally:
        # Cancelled or abandoned: queued files are dropped and the caller does not wait for the
        # ones being decoded (their workers finish, send to no one, and exit).
        pool.shutdown(wait=not pending, cancel_futures=True)
        release_freed_memory()


def list_photos(vault: Vault, child_id: str | None) -> list[PhotoView]:
    """The child's photos in timeline order (undated last); no thumbnail or image is read."""
    with vault.session() as session:
        rows = session.execute(
            select(
                Photo.id, Photo.child_id, Photo.caption, Photo.width, Photo.height, Photo.taken_at,
                Photo.created_at,
            )
            .where(Photo.deleted_at.is_(None), Photo.child_id == child_id)
            .order_by(Photo.taken_at.is_(None), Photo.taken_at, Photo.created_at)
        ).all()
    return [PhotoView(*row) for row in rows]


def thumbnail(vault: Vault, photo_id: str) -> bytes:
    with vault.session() as session:
        data = session.scalar(select(PhotoThumbnail.data).where(PhotoThumbnail.photo_id == photo_id))
    if data is None:
        raise NotFound("photo", photo_id)
    return data


def thumbnails(vault: Vault, photo_ids: Sequence[str]) -> dict[str, bytes]:
    """Thumbnails of several photos in one query (a gallery page); unknown ids are left out."""
    found: dict[str, bytes] = {}
    with vault.session() as session:
        for start in range(0, len(photo_ids), _IDS_PER_QUERY):
            batch = list(photo_ids[start : start + _IDS_PER_QUERY])
            query = select(PhotoThumbnail.photo_id, PhotoThumbnail.data).where(
                PhotoThumbnail.photo_id.in_(batch)
            )
            found.update((str(photo_id), data) for photo_id, data in session.execute(query))
    return found


def photo_bytes(vault: Vault, photo_id: str) -> bytes:
    with vault.session() as session:
        photo = session.get(Photo, photo_id)
        if photo is None:
            raise NotFound("photo", photo_id)
        blob = session.get(Blob, photo.blob_id)
        assert blob is not None
    return b"".join(vault.read_blob(blob))
