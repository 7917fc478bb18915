"""Where each file of a vault lives inside its folder."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class VaultLayout:
    folder: Path

    @property
    def keys(self) -> Path:
        return self.folder / "vault.keys"

    @property
    def keys_mirror(self) -> Path:
        # A second copy: one flipped byte in the key file must not lose the whole vault.
        return self.folder / "vault.keys.copy"

    @property
    def database(self) -> Path:
        return self.folder / "vault.db"

    @property
    def wal(self) -> Path:
        return self.folder / "vault.db-wal"

    @property
    def shm(self) -> Path:
        return self.folder / "vault.db-shm"

    @property
    def blobs(self) -> Path:
        return self.folder / "blobs"

    @property
    def lock(self) -> Path:
        return self.folder / "vault.lock"

    @property
    def backups(self) -> Path:
        return self.folder / "backups"

    @property
    def crisis_contacts(self) -> Path:
        # Deliberately outside the encrypted database so the lock screen can show it.
        return self.folder / "crisis-contacts.json"

    def exists(self) -> bool:
        return self.keys.exists() or self.keys_mirror.exists()


def default_data_dir() -> Path:
    """The platform's per-user data location for the household's vault."""
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local"))
        return base / "CarerApp" / "vault"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "CarerApp" / "vault"
    base = Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share"))
    return base / "carer-app" / "vault"
