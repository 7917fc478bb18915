"""Typed errors of the storage layer."""

from __future__ import annotations


class StorageError(Exception):
    """Base of every error raised by carer_app.storage."""


class VaultNotFound(StorageError):
    def __init__(self, folder: str) -> None:
        self.folder = folder
        super().__init__(f"no vault in {folder}")


class VaultExists(StorageError):
    def __init__(self, folder: str) -> None:
        self.folder = folder
        super().__init__(f"a vault already exists in {folder}")


class VaultInUse(StorageError):
    """Another Carer App process has this vault open."""

    def __init__(self, folder: str) -> None:
        self.folder = folder
        super().__init__(f"the vault in {folder} is open in another window or program")


class VaultDamaged(StorageError):
    """A vault file failed its check. `file_name` says which; `still_opens` what remains usable."""

    def __init__(self, file_name: str, detail: str, still_opens: str = "") -> None:
        self.file_name = file_name
        self.detail = detail
        self.still_opens = still_opens
        super().__init__(f"{file_name}: {detail}")


class NotSqlCipher(StorageError):
    """The SQLite library loaded has no SQLCipher: refuse rather than write plaintext."""


class VaultLocked(StorageError):
    """The vault was locked (or closed) while something still tried to use it."""


class SchemaTooNew(StorageError):
    """The vault was written by a newer Carer App than this one."""


class DiskFull(StorageError):
    """The disk filled up during a write; the previous state was kept."""
