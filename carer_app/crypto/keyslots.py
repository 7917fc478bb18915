"""The key-slot file: the vault's data key wrapped once per adult and once for the recovery key."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
import uuid
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from carer_app.crypto import recovery_key
from carer_app.crypto.atomic_file import atomic_write_bytes
from carer_app.crypto.errors import KeyFileDamaged, WrongPassphrase, WrongRecoveryKey
from carer_app.crypto.kdf import SALT_BYTES, KdfParams, derive_key

FORMAT = "carer-app-keys"
FORMAT_VERSION = 1
KIND_PASSPHRASE = "passphrase"
KIND_RECOVERY = "recovery"
MAX_FILE_BYTES = 256 * 1024
MAX_SLOTS = 16
MAX_PASSPHRASE_SLOTS = 8  # bounds the KDF work one unlock attempt can be made to do
SALT_BYTES_EXPECTED = 16
NONCE_BYTES = 12
WRAPPED_BYTES = 32 + 16  # the data key and its GCM tag


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: object, file_name: str) -> bytes:
    if not isinstance(text, str):
        raise KeyFileDamaged(file_name, "slot field missing")
    try:
        return base64.b64decode(text, validate=True)
    except ValueError as exc:
        raise KeyFileDamaged(file_name, "slot field unreadable") from exc


def _canonical(obj: object) -> bytes:
    return json.dumps(obj, sort_keys=True, separators=(",", ":")).encode("utf-8")


def _digest(obj: object) -> str:
    return hashlib.sha256(_canonical(obj)).hexdigest()


def _recovery_kek(key: str, salt: bytes) -> bytes:
    # A 160-bit random secret needs no slow KDF; HKDF binds it to this slot's salt.
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=b"carer-app recovery slot")
    return hkdf.derive(recovery_key.secret_bytes(key))


@dataclass(frozen=True)
class KeySlot:
    slot_id: str
    kind: str
    user_id: str | None
    kdf: KdfParams | None
    salt: bytes
    nonce: bytes
    wrapped_key: bytes

    def header(self, vault_id: str) -> dict[str, Any]:
        return {
            "vault_id": vault_id,
            "slot_id": self.slot_id,
            "kind": self.kind,
            "user_id": self.user_id,
            "kdf": self.kdf.to_json() if self.kdf else None,
            "salt": _b64(self.salt),
        }

    def to_json(self, vault_id: str) -> dict[str, Any]:
        body = self.header(vault_id)
        del body["vault_id"]
        body["nonce"] = _b64(self.nonce)
        body["wrapped_key"] = _b64(self.wrapped_key)
        body["checksum"] = _digest(body)
        return body

    def unwrap(self, vault_id: str, kek: bytes) -> bytes:
        return AESGCM(kek).decrypt(self.nonce, self.wrapped_key, _canonical(self.header(vault_id)))


def _wrap(
    vault_id: str, data_key: bytes, kind: str, user_id: str | None, kdf: KdfParams | None, kek_for: Any
) -> KeySlot:
    salt = os.urandom(SALT_BYTES)
    slot = KeySlot(str(uuid.uuid4()), kind, user_id, kdf, salt, os.urandom(12), b"")
    kek = kek_for(salt)
    wrapped = AESGCM(kek).encrypt(slot.nonce, data_key, _canonical(slot.header(vault_id)))
    return replace(slot, wrapped_key=wrapped)


def passphrase_slot(
    vault_id: str, data_key: bytes, user_id: str, passphrase: str, kdf: KdfParams
) -> KeySlot:
    return _wrap(
        vault_id, data_key, KIND_PASSPHRASE, user_id, kdf,
        lambda salt: derive_key(passphrase, salt, kdf),
    )


def recovery_slot(vault_id: str, data_key: bytes, key: str) -> KeySlot:
    normalised = recovery_key.normalise(key)
    return _wrap(
        vault_id, data_key, KIND_RECOVERY, None, None,
        lambda salt: _recovery_kek(normalised, salt),
    )


@dataclass(frozen=True)
class Unlocked:
    data_key: bytes
    slot: KeySlot


@dataclass
class KeyFile:
    """The parsed key-slot file. Slots that failed their checksum are kept aside, not used."""

    vault_id: str
    slots: list[KeySlot] = field(default_factory=list)
    damaged_slots: int = 0

    @classmethod
    def new(cls) -> KeyFile:
        return cls(vault_id=str(uuid.uuid4()))

    def to_bytes(self) -> bytes:
        body: dict[str, Any] = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "vault_id": self.vault_id,
            "slots": [slot.to_json(self.vault_id) for slot in self.slots],
        }
        body["checksum"] = _digest(body)
        return json.dumps(body, indent=1, sort_keys=True).encode("utf-8") + b"\n"

    def save(self, path: Path) -> None:
        atomic_write_bytes(path, self.to_bytes())

    @classmethod
    def load(cls, path: Path) -> KeyFile:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise KeyFileDamaged(path.name, "file too large")
        return cls.from_bytes(path.read_bytes(), path.name)

    @classmethod
    def from_bytes(cls, data: bytes, name: str) -> KeyFile:
        if len(data) > MAX_FILE_BYTES:
            raise KeyFileDamaged(name, "file too large")
        try:
            raw = json.loads(data)
        except (ValueError, UnicodeDecodeError) as exc:
            raise KeyFileDamaged(name, "file unreadable") from exc
        if not isinstance(raw, dict) or raw.get("format") != FORMAT:
            raise KeyFileDamaged(name, "not a key-slot file")
        if raw.get("version") != FORMAT_VERSION:
            raise KeyFileDamaged(name, "unknown key-slot file version")
        stored = raw.pop("checksum", None)
        if stored != _digest(raw):
            raise KeyFileDamaged(name, "checksum mismatch")
        slots_raw = raw.get("slots")
        if not isinstance(slots_raw, list) or len(slots_raw) > MAX_SLOTS:
            raise KeyFileDamaged(name, "slot list unreadable")
        keyfile = cls(vault_id=str(raw.get("vault_id")))
        for item in slots_raw:
            slot = _parse_slot(item, name)
            if slot is None:
                keyfile.damaged_slots += 1
            else:
                keyfile.slots.append(slot)
        if sum(s.kind == KIND_PASSPHRASE for s in keyfile.slots) > MAX_PASSPHRASE_SLOTS:
            raise KeyFileDamaged(name, "too many passphrase slots")
        return keyfile

    # -- unlocking ---------------------------------------------------------------------------

    def unlock_passphrase(self, passphrase: str) -> Unlocked:
        for slot in self.slots:
            if slot.kind != KIND_PASSPHRASE or slot.kdf is None:
                continue
            kek = derive_key(passphrase, slot.salt, slot.kdf)
            try:
                return Unlocked(slot.unwrap(self.vault_id, kek), slot)
            except InvalidTag:
                continue
        raise WrongPassphrase()

    def unlock_recovery(self, key: str) -> Unlocked:
        normalised = recovery_key.normalise(key)  # raises RecoveryKeyTypo before any KDF
        for slot in self.slots:
            if slot.kind != KIND_RECOVERY:
                continue
            try:
                return Unlocked(slot.unwrap(self.vault_id, _recovery_kek(normalised, slot.salt)), slot)
            except InvalidTag:
                continue
        raise WrongRecoveryKey()

    # -- changing ----------------------------------------------------------------------------

    def user_slots(self, user_id: str) -> list[KeySlot]:
        return [s for s in self.slots if s.kind == KIND_PASSPHRASE and s.user_id == user_id]

    def set_passphrase(
        self, data_key: bytes, user_id: str, passphrase: str, kdf: KdfParams
    ) -> KeySlot:
        """Replace (or add) the one passphrase slot of `user_id`."""
        new = passphrase_slot(self.vault_id, data_key, user_id, passphrase, kdf)
        self.slots = [s for s in self.slots if not (s.kind == KIND_PASSPHRASE and s.user_id == user_id)]
        self.slots.append(new)
        return new

    def remove_user(self, user_id: str) -> None:
        self.slots = [s for s in self.slots if s.user_id != user_id]

    def set_recovery(self, data_key: bytes) -> str:
        key = recovery_key.generate()
        self.slots = [s for s in self.slots if s.kind != KIND_RECOVERY]
        self.slots.append(recovery_slot(self.vault_id, data_key, key))
        return key


def _parse_slot(item: object, file_name: str) -> KeySlot | None:
    """One slot, or None when its own checksum fails (the other slots still work)."""
    if not isinstance(item, dict):
        return None
    body = dict(item)
    stored = body.pop("checksum", None)
    if stored != _digest(body):
        return None
    kind = body.get("kind")
    if kind not in (KIND_PASSPHRASE, KIND_RECOVERY):
        return None
    kdf = KdfParams.from_json(body.get("kdf"), file_name) if kind == KIND_PASSPHRASE else None
    user_id = body.get("user_id")
    slot = KeySlot(
        slot_id=str(body.get("slot_id")),
        kind=str(kind),
        user_id=str(user_id) if user_id is not None else None,
        kdf=kdf,
        salt=_unb64(body.get("salt"), file_name),
        nonce=_unb64(body.get("nonce"), file_name),
        wrapped_key=_unb64(body.get("wrapped_key"), file_name),
    )
    sizes = (len(slot.salt), len(slot.nonce), len(slot.wrapped_key))
    if sizes != (SALT_BYTES_EXPECTED, NONCE_BYTES, WRAPPED_BYTES):
        return None
    return slot


def new_data_key() -> bytes:
    return secrets.token_bytes(32)
