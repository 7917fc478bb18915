"""Typed errors of the crypto layer; the ui turns each into words a carer can act on."""

from __future__ import annotations


class CryptoError(Exception):
    """Base of every error raised by carer_app.crypto."""


class WrongPassphrase(CryptoError):
    """No key slot opened with this passphrase; nothing on disk was touched."""


class WrongRecoveryKey(CryptoError):
    """The recovery key is well formed but does not open the recovery slot."""


class RecoveryKeyTypo(CryptoError):
    """A recovery key failed its check characters: a typo, caught before any key derivation."""

    def __init__(self, group: int | None) -> None:
        self.group = group  # 1-based group with the typo, or None when the length is wrong
        super().__init__(f"recovery key typo in group {group}" if group else "recovery key length")


class KeyFileDamaged(CryptoError):
    """The key-slot file (or one slot in it) failed its checksum or could not be parsed."""

    def __init__(self, file_name: str, detail: str) -> None:
        self.file_name = file_name
        self.detail = detail
        super().__init__(f"{file_name}: {detail}")


class BlobDamaged(CryptoError):
    """An encrypted blob failed authentication, was truncated or extended."""

    def __init__(self, blob_name: str, detail: str) -> None:
        self.blob_name = blob_name
        self.detail = detail
        super().__init__(f"blob {blob_name}: {detail}")
