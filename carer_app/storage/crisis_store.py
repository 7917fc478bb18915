"""The crisis card's own small file, kept outside the encrypted vault so the lock screen can read it."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from carer_app.crypto.atomic_file import atomic_write_bytes
from carer_app.domain.crisis import ENGLAND_DEFAULTS, CrisisCard, CrisisContact

MAX_BYTES = 64 * 1024


def load(path: Path) -> CrisisCard:
    """The saved card, or the defaults when there is none or it cannot be read."""
    try:
        if path.stat().st_size > MAX_BYTES:
            return CrisisCard()
        raw = json.loads(path.read_text("utf-8"))
        contacts = [
            CrisisContact(
                key=str(item["key"]), label=str(item["label"]), number=str(item["number"]),
                hours=str(item.get("hours", "")), note=str(item.get("note", "")),
                built_in=bool(item.get("built_in", False)),
            )
            for item in raw["contacts"]
        ]
    except (OSError, ValueError, KeyError, TypeError):
        return CrisisCard()
    card = CrisisCard(contacts=contacts)
    present = {c.key for c in contacts}
    for default in ENGLAND_DEFAULTS:
        if default.key not in present:
            card.upsert(default)
    return card


def save(path: Path, card: CrisisCard) -> None:
    data = {"format": "carer-app-crisis-card", "contacts": [asdict(c) for c in card.contacts]}
    atomic_write_bytes(path, json.dumps(data, indent=1).encode("utf-8"))
