"""Printable recovery keys: 8 groups of 5 Crockford base-32 characters, the last of each a check."""

from __future__ import annotations

import secrets

from carer_app.crypto.errors import RecoveryKeyTypo

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
GROUPS = 8
DATA_PER_GROUP = 4  # 8 x 4 x 5 bits = 160 bits of randomness
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}
# Letters people misread for one another, folded the way Crockford's alphabet intends.
_FOLD = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})


def _check_char(group_index: int, chars: str) -> str:
    """Luhn mod 32 over the group, salted with its position so swapped groups are caught."""
    total = 0
    factor = 2
    for ch in reversed(chars + ALPHABET[group_index % 32]):
        addend = factor * _VALUE[ch]
        factor = 1 if factor == 2 else 2
        total += addend // 32 + addend % 32
    return ALPHABET[(32 - total % 32) % 32]


def generate() -> str:
    groups = []
    for index in range(GROUPS):
        data = "".join(secrets.choice(ALPHABET) for _ in range(DATA_PER_GROUP))
        groups.append(data + _check_char(index, data))
    return "-".join(groups)


def normalise(text: str) -> str:
    """Parse what a person typed; raise RecoveryKeyTypo naming the group with the mistake."""
    cleaned = "".join(ch for ch in text.upper() if not ch.isspace() and ch != "-")
    cleaned = cleaned.translate(_FOLD)
    size = DATA_PER_GROUP + 1
    if len(cleaned) != GROUPS * size or any(ch not in _VALUE for ch in cleaned):
        bad = next((i // size + 1 for i, ch in enumerate(cleaned) if ch not in _VALUE), None)
        raise RecoveryKeyTypo(bad)
    groups = [cleaned[i : i + size] for i in range(0, len(cleaned), size)]
    for index, group in enumerate(groups):
        if _check_char(index, group[:-1]) != group[-1]:
            raise RecoveryKeyTypo(index + 1)
    return "-".join(groups)


def secret_bytes(key: str) -> bytes:
    """The key material of a normalised recovery key (check characters excluded)."""
    return "".join(group[:-1] for group in key.split("-")).encode("ascii")
