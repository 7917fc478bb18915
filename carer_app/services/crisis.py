"""The crisis card: readable without unlocking, edited by the carer, stored apart from the vault."""

from __future__ import annotations

import re
from pathlib import Path

from carer_app.domain.crisis import CARER_SLOTS, CrisisCard, CrisisContact, valid_number
from carer_app.services.errors import NotAllowed
from carer_app.storage import crisis_store
from carer_app.storage.layout import VaultLayout


def card_path(folder: Path) -> Path:
    return VaultLayout(folder).crisis_contacts


def load_card(folder: Path) -> CrisisCard:
    return crisis_store.load(card_path(folder))


def save_contact(folder: Path, contact: CrisisContact, known_names: tuple[str, ...] = ()) -> CrisisCard:
    """Add or change a line. Refuses a bad number, and a label holding a known person's name."""
    if not valid_number(contact.number):
        raise NotAllowed("bad_number")
    lowered = f"{contact.label} {contact.note} {contact.hours}".casefold()
    for name in known_names:
        for part in re.split(r"\s+", name.casefold()):
            if len(part) >= 3 and re.search(rf"\b{re.escape(part)}\b", lowered):
                raise NotAllowed("label_has_name")
    card = load_card(folder)
    card.upsert(contact)
    crisis_store.save(card_path(folder), card)
    return card


def remove_contact(folder: Path, key: str) -> CrisisCard:
    card = load_card(folder)
    card.remove(key)
    crisis_store.save(card_path(folder), card)
    return card


def carer_slots() -> tuple[tuple[str, str], ...]:
    return CARER_SLOTS
