"""Where the vault lives and whether one is there, answered without loading the database layer."""

from __future__ import annotations

from pathlib import Path

from carer_app.storage.layout import VaultLayout, default_data_dir

__all__ = ["default_data_dir", "vault_exists"]


def vault_exists(folder: Path) -> bool:
    # Kept apart from services.household so the lock screen paints before SQLAlchemy loads.
    return VaultLayout(folder).exists()
