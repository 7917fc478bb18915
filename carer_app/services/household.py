"""Creating, unlocking and locking the household's vault, and the adults who hold its keys."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from carer_app.crypto.kdf import KdfParams
from carer_app.crypto.keyslots import MAX_PASSPHRASE_SLOTS
from carer_app.domain.enums import Role
from carer_app.domain.passphrase_policy import assess
from carer_app.domain.views import AdultView
from carer_app.services import audit
from carer_app.services.errors import NotAllowed, NotFound, WeakPassphrase
from carer_app.storage.base import utcnow
from carer_app.storage.layout import VaultLayout, default_data_dir
from carer_app.storage.models import User
from carer_app.storage.vault import OpenNotes, Vault

__all__ = ["OpenNotes", "Vault", "default_data_dir", "vault_exists"]


def vault_exists(folder: Path) -> bool:
    return VaultLayout(folder).exists()


def _require_strong(passphrase: str, names: tuple[str, ...] = ()) -> None:
    strength = assess(passphrase, names)
    if not strength.acceptable:
        raise WeakPassphrase(tuple(str(w) for w in strength.weaknesses) or ("weak",))


def create_household(
    folder: Path, *, name: str, role: Role, passphrase: str, kdf: KdfParams | None = None
) -> tuple[Vault, str]:
    """A new vault with its first adult. Returns it open, and the recovery key to show once."""
    _require_strong(passphrase, (name,))
    vault, recovery = Vault.create(
        folder, user_name=name.strip(), role=str(role), passphrase=passphrase, kdf=kdf
    )
    with vault.session() as session:
        audit.record(session, vault.user_id, "create", "vault", None)
        session.commit()
    return vault, recovery


def unlock(folder: Path, passphrase: str, *, set_aside_damaged_wal: bool = False) -> Vault:
    vault = Vault.open(folder, passphrase=passphrase, set_aside_damaged_wal=set_aside_damaged_wal)
    with vault.session() as session:
        audit.record(session, vault.user_id, "unlock", "vault", None)
        session.commit()
    return vault


def unlock_with_recovery_key(folder: Path, key: str) -> Vault:
    return Vault.open(folder, recovery_key=key)


def list_adults(vault: Vault) -> list[AdultView]:
    with vault.session() as session:
        users = session.scalars(
            select(User).where(User.deleted_at.is_(None)).order_by(User.created_at)
        ).all()
        slotted = vault.users_with_slots()
        return [
            AdultView(u.id, u.display_name, u.role, u.created_at, u.id in slotted) for u in users
        ]


def current_adult(vault: Vault) -> AdultView | None:
    return next((a for a in list_adults(vault) if a.id == vault.user_id), None)


def add_adult(
    vault: Vault, *, name: str, role: Role, passphrase: str, kdf: KdfParams | None = None
) -> AdultView:
    _require_strong(passphrase, (name,))
    if len(vault.users_with_slots()) >= MAX_PASSPHRASE_SLOTS:
        raise NotAllowed("too_many_adults")
    with vault.session() as session:
        user = User(display_name=name.strip(), role=str(role), author_id=vault.user_id)
        session.add(user)
        session.flush()
        user_id = user.id
        audit.record(session, vault.user_id, "add", "user", user_id)
        session.commit()
    vault.set_passphrase(user_id, passphrase, kdf)
    return next(a for a in list_adults(vault) if a.id == user_id)


def change_passphrase(
    vault: Vault, user_id: str, new_passphrase: str, kdf: KdfParams | None = None
) -> None:
    """Rewrites that adult's one slot, atomically; other adults are untouched."""
    adult = next((a for a in list_adults(vault) if a.id == user_id), None)
    if adult is None:
        raise NotFound("adult", user_id)
    _require_strong(new_passphrase, (adult.display_name,))
    vault.set_passphrase(user_id, new_passphrase, kdf)
    with vault.session() as session:
        audit.record(session, vault.user_id, "change_passphrase", "user", user_id)
        session.commit()


def remove_adult(vault: Vault, user_id: str) -> None:
    """Removes the adult's key slot and marks them removed; their records keep their name."""
    adults = [a for a in list_adults(vault) if a.has_passphrase]
    if not any(a.id == user_id for a in list_adults(vault)):
        raise NotFound("adult", user_id)
    if len([a for a in adults if a.id != user_id]) == 0:
        raise NotAllowed("last_adult")
    vault.remove_slots_of(user_id)
    with vault.session() as session:
        user = session.get(User, user_id)
        assert user is not None
        user.deleted_at = utcnow()
        audit.record(session, vault.user_id, "remove", "user", user_id)
        session.commit()


def find_adult(vault: Vault, name: str) -> AdultView:
    matches = [a for a in list_adults(vault) if a.display_name.casefold() == name.casefold()]
    if len(matches) != 1:
        raise NotFound("adult", name)
    return matches[0]


def recover(folder: Path, key: str, new_passphrase: str, adult_name: str | None = None) -> Vault:
    """Open with the recovery key and give an adult a new passphrase."""
    vault = unlock_with_recovery_key(folder, key)
    try:
        adults = list_adults(vault)
        if adult_name is not None:
            target = find_adult(vault, adult_name)
        elif len(adults) == 1:
            target = adults[0]
        else:
            raise NotAllowed("choose_adult")
        change_passphrase(vault, target.id, new_passphrase)
        vault.user_id = target.id
        return vault
    except BaseException:
        vault.close()
        raise
