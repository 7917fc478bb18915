"""Every error a service can raise, in one place the ui may import (it never imports lower)."""

from __future__ import annotations

from carer_app.crypto.errors import (
    BlobDamaged,
    CryptoError,
    KeyFileDamaged,
    RecoveryKeyTypo,
    WrongPassphrase,
    WrongRecoveryKey,
)
from carer_app.storage.errors import (
    DiskFull,
    NotSqlCipher,
    SchemaTooNew,
    StorageError,
    VaultDamaged,
    VaultExists,
    VaultInUse,
    VaultLocked,
    VaultNotFound,
)


class ServiceError(Exception):
    """Base of errors raised by the services themselves."""


class WeakPassphrase(ServiceError):
    def __init__(self, weaknesses: tuple[str, ...]) -> None:
        self.weaknesses = weaknesses
        super().__init__(", ".join(weaknesses))


class NotFound(ServiceError):
    def __init__(self, what: str, key: str) -> None:
        self.what = what
        self.key = key
        super().__init__(f"no {what} {key!r}")


class NotAllowed(ServiceError):
    """The action would leave the household unable to unlock, or breaks a rule."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


__all__ = [
    "BlobDamaged",
    "CryptoError",
    "DiskFull",
    "KeyFileDamaged",
    "NotAllowed",
    "NotFound",
    "NotSqlCipher",
    "RecoveryKeyTypo",
    "SchemaTooNew",
    "ServiceError",
    "StorageError",
    "VaultDamaged",
    "VaultExists",
    "VaultInUse",
    "VaultLocked",
    "VaultNotFound",
    "WeakPassphrase",
    "WrongPassphrase",
    "WrongRecoveryKey",
]
