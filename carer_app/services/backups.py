"""Backups for the ui and the command line: one encrypted file, restored into a new folder."""

from __future__ import annotations

from pathlib import Path

from carer_app.storage.backup import BackupDamaged
from carer_app.storage.backup import create_backup as _create
from carer_app.storage.backup import restore_backup as _restore
from carer_app.storage.vault import Vault

__all__ = ["BackupDamaged", "create_backup", "restore_backup"]


def create_backup(vault: Vault, target: Path) -> int:
    return _create(vault, target)


def restore_backup(
    source: Path, folder: Path, *, passphrase: str | None = None, recovery_key: str | None = None
) -> Vault:
    return _restore(source, folder, passphrase=passphrase, recovery_key=recovery_key)
