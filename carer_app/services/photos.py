"""Importing photos into the vault: per-file results, clean re-encoded images, no half imports."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC
from enum import StrEnum
from pathlib import Path

from sqlalchemy import select

from carer_app.domain.views import PhotoView
from carer_app.services import audit
from carer_app.services.errors import NotFound
from carer_app.services.photo_processing import (
    SUPPORTED_EXTENSIONS,
    PhotoRejected,
    ProcessedPhoto,
    is_probable_duplicate,
    process_photo,
)
from carer_app.storage.models import Blob, Photo
from carer_app.storage.vault import Vault

MAX_FILE_BYTES = 80 * 1024 * 1024


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


def _view(photo: Photo) -> PhotoView:
    return PhotoView(
        photo.id, photo.child_id, photo.caption, photo.width, photo.height, photo.taken_at,
        photo.created_at,
    )


def _find_duplicate(vault: Vault, child_id: str | None, processed: ProcessedPhoto) -> str | None:
    with vault.session() as session:
        query = select(Photo.id, Photo.source_sha256, Photo.pixel_hash).where(
            Photo.deleted_at.is_(None), Photo.child_id == child_id
        )
        for photo_id, sha, pixel_hash in session.execute(query):
            if sha == processed.sha256 or (
                pixel_hash and is_probable_duplicate(pixel_hash, processed.pixel_hash)
            ):
                return str(photo_id)
    return None


def store_processed(
    vault: Vault, child_id: str | None, processed: ProcessedPhoto, caption: str = ""
) -> str:
    """Write the blob, then record it; a crash in between leaves an orphan swept at next open."""
    stored = vault.blobs.write_bytes(processed.image_bytes)
    with vault.session() as session:
        session.add(
            Blob(
                id=stored.id, file_name=stored.file_name, key=stored.key, size=stored.size,
                sha256=stored.sha256, content_type=processed.content_type,
            )
        )
        taken = processed.taken_at
        photo = Photo(
            child_id=child_id, blob_id=stored.id, thumbnail=processed.thumbnail_bytes,
            width=processed.width, height=processed.height,
            taken_at=taken.replace(tzinfo=UTC) if taken and taken.tzinfo is None else taken,
            caption=caption, source_sha256=processed.sha256, pixel_hash=processed.pixel_hash,
            author_id=vault.user_id,
        )
        session.add(photo)
        session.flush()
        photo_id = photo.id
        audit.record(session, vault.user_id, "import", "photo", photo_id)
        session.commit()
    return photo_id


def import_one(vault: Vault, child_id: str | None, path: Path) -> ImportResult:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return ImportResult(path, ImportStatus.REJECTED, "too_large")
        processed = process_photo(path.read_bytes(), filename=path.name)
    except PhotoRejected as exc:
        return ImportResult(path, ImportStatus.REJECTED, str(exc.reason))
    except OSError:
        return ImportResult(path, ImportStatus.REJECTED, "unreadable")
    duplicate = _find_duplicate(vault, child_id, processed)
    if duplicate is not None:
        return ImportResult(path, ImportStatus.DUPLICATE, f"duplicate_of:{duplicate}", duplicate)
    return ImportResult(path, ImportStatus.IMPORTED, photo_id=store_processed(vault, child_id, processed))


def import_photos(
    vault: Vault,
    child_id: str | None,
    paths: Iterable[Path],
    *,
    progress: Callable[[int, int, ImportResult], None] | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> Iterator[ImportResult]:
    """One result per file; a bad file never stops the batch; cancel stops between files."""
    files = expand_paths(paths)
    for index, path in enumerate(files, start=1):
        if cancelled():
            return
        result = import_one(vault, child_id, path)
        if progress is not None:
            progress(index, len(files), result)
        yield result


def list_photos(vault: Vault, child_id: str | None) -> list[PhotoView]:
    with vault.session() as session:
        rows = session.scalars(
            select(Photo)
            .where(Photo.deleted_at.is_(None), Photo.child_id == child_id)
            .order_by(Photo.taken_at.is_(None), Photo.taken_at, Photo.created_at)
        ).all()
        return [_view(p) for p in rows]


def thumbnail(vault: Vault, photo_id: str) -> bytes:
    with vault.session() as session:
        data = session.scalar(select(Photo.thumbnail).where(Photo.id == photo_id))
    if data is None:
        raise NotFound("photo", photo_id)
    return data


def photo_bytes(vault: Vault, photo_id: str) -> bytes:
    with vault.session() as session:
        photo = session.get(Photo, photo_id)
        if photo is None:
            raise NotFound("photo", photo_id)
        blob = session.get(Blob, photo.blob_id)
        assert blob is not None
    return b"".join(vault.read_blob(blob))
