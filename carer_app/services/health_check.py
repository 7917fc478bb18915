"""`carer-app check`: verify every file of an unlocked vault and say what is damaged."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from carer_app.crypto.errors import BlobDamaged, KeyFileDamaged
from carer_app.crypto.keyslots import KeyFile
from carer_app.storage import database
from carer_app.storage.layout import VaultLayout
from carer_app.storage.models import Blob, Photo
from carer_app.storage.vault import Vault
from carer_app.storage.wal_check import WalStatus, check_wal


@dataclass(frozen=True)
class Problem:
    file: str
    detail: str
    record: str | None = None


@dataclass
class HealthReport:
    problems: list[Problem] = field(default_factory=list)
    blobs_checked: int = 0
    bytes_checked: int = 0
    swept_orphans: int = 0

    @property
    def healthy(self) -> bool:
        return not self.problems


def check_key_files(layout: VaultLayout) -> list[Problem]:
    problems = []
    for path in (layout.keys, layout.keys_mirror):
        try:
            keyfile = KeyFile.load(path)
        except FileNotFoundError:
            problems.append(Problem(path.name, "missing"))
            continue
        except KeyFileDamaged as exc:
            problems.append(Problem(path.name, exc.detail))
            continue
        if keyfile.damaged_slots:
            problems.append(Problem(path.name, f"{keyfile.damaged_slots} key slot(s) damaged"))
    return problems


def check_vault(vault: Vault) -> HealthReport:
    """Database pages and structure, the WAL, both key files, and every blob's authentication."""
    assert vault.engine is not None
    report = HealthReport(swept_orphans=vault.notes.swept_blobs)
    report.problems.extend(check_key_files(vault.layout))
    wal = check_wal(vault.layout.wal)
    if wal.status == WalStatus.DAMAGED:
        report.problems.append(Problem(vault.layout.wal.name, wal.detail))
    with vault.exclusive_engine() as engine:
        problems = database.integrity_problems(engine)
    report.problems.extend(Problem(vault.layout.database.name, p) for p in problems)
    with vault.session() as session:
        blobs = session.scalars(select(Blob)).all()
        owners = {str(b): str(p) for b, p in session.execute(select(Photo.blob_id, Photo.id))}
    for blob in blobs:
        owner = owners.get(blob.id)
        record = f"photo {owner}" if owner else f"blob {blob.id}"
        digest = hashlib.sha256()
        size = 0
        try:
            for piece in vault.read_blob(blob):
                digest.update(piece)
                size += len(piece)
        except BlobDamaged as exc:
            report.problems.append(Problem(f"blobs/{blob.file_name}", exc.detail, record))
            continue
        report.blobs_checked += 1
        report.bytes_checked += size
        if size != blob.size or digest.hexdigest() != blob.sha256:
            report.problems.append(Problem(f"blobs/{blob.file_name}", "content differs", record))
    return report


def folder_has_plain_sqlite(folder: Path) -> list[str]:
    """Files that start with the plain SQLite header: there must be none."""
    hits = []
    for path in folder.rglob("*"):
        if path.is_file():
            with open(path, "rb") as fh:
                if fh.read(16) == b"SQLite format 3\0":
                    hits.append(str(path.relative_to(folder)))
    return hits
