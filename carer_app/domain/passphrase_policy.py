"""How strong a passphrase is, and the weakest ones we refuse outright."""

from __future__ import annotations

import itertools
import math
import string
from dataclasses import dataclass
from enum import StrEnum

MIN_LENGTH = 10
_COMMON = frozenset(
    {
        "password", "password1", "password123", "passw0rd", "qwerty", "qwertyuiop", "letmein",
        "iloveyou", "welcome", "welcome1", "admin", "abc123", "monkey", "dragon", "football",
        "baseball", "sunshine", "princess", "trustno1", "123456", "12345678", "123456789",
        "1234567890", "0123456789", "111111", "000000", "changeme", "fostercare", "family",
    }
)


class Weakness(StrEnum):
    TOO_SHORT = "too_short"
    COMMON = "common"
    REPETITIVE = "repetitive"
    SEQUENCE = "sequence"
    CONTAINS_NAME = "contains_name"


@dataclass(frozen=True)
class Strength:
    score: int  # 0 (refused) .. 4 (strong)
    bits: float
    weaknesses: tuple[Weakness, ...]

    @property
    def acceptable(self) -> bool:
        return self.score >= 2 and not self.weaknesses


def _charset_size(text: str) -> int:
    size = 0
    if any(c in string.ascii_lowercase for c in text):
        size += 26
    if any(c in string.ascii_uppercase for c in text):
        size += 26
    if any(c in string.digits for c in text):
        size += 10
    if any(c == " " for c in text):
        size += 1
    if any(c in string.punctuation for c in text):
        size += 32
    if any(ord(c) > 127 for c in text):
        size += 64
    return max(size, 1)


def _is_sequence(text: str) -> bool:
    lowered = text.lower()
    steps = {ord(b) - ord(a) for a, b in itertools.pairwise(lowered)}
    return len(steps) == 1 and steps.pop() in (-1, 0, 1)


def assess(passphrase: str, names: tuple[str, ...] = ()) -> Strength:
    """A rough entropy estimate with the obvious traps removed; words count as a bonus."""
    weaknesses: list[Weakness] = []
    stripped = passphrase.strip()
    lowered = stripped.lower()
    if len(stripped) < MIN_LENGTH:
        weaknesses.append(Weakness.TOO_SHORT)
    if lowered in _COMMON or lowered.rstrip("!1") in _COMMON:
        weaknesses.append(Weakness.COMMON)
    if stripped and len(set(stripped)) <= max(2, len(stripped) // 4):
        weaknesses.append(Weakness.REPETITIVE)
    if len(stripped) >= 4 and _is_sequence(stripped):
        weaknesses.append(Weakness.SEQUENCE)
    if any(n and len(n) >= 3 and n.lower() in lowered for n in names):
        weaknesses.append(Weakness.CONTAINS_NAME)
    distinct = len(set(lowered))
    bits = min(len(stripped), distinct * 2) * math.log2(_charset_size(stripped))
    words = len([w for w in stripped.split() if len(w) >= 3])
    if words >= 3:
        bits += 10 * (words - 2)
    if weaknesses:
        score = 0 if Weakness.TOO_SHORT in weaknesses or Weakness.COMMON in weaknesses else 1
    elif bits < 50:
        score = 2
    elif bits < 70:
        score = 3
    else:
        score = 4
    return Strength(score=score, bits=round(bits, 1), weaknesses=tuple(weaknesses))
