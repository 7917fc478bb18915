"""Checking a recovery key typed back against the one shown, without the ui touching crypto."""

from __future__ import annotations

import hmac

from carer_app.crypto.errors import RecoveryKeyTypo
from carer_app.crypto.recovery_key import normalise


def same_recovery_key(shown: str, typed: str) -> bool:
    """True when `typed` is `shown`, ignoring case, spaces, dashes and look-alike letters."""
    try:
        expected = normalise(shown)
        given = normalise(typed)
    except RecoveryKeyTypo:
        return False
    return hmac.compare_digest(expected.encode("ascii"), given.encode("ascii"))


def recovery_key_typo(typed: str) -> RecoveryKeyTypo | None:
    """The typo in what was typed (its `group` says where), or None when it is well formed."""
    try:
        normalise(typed)
    except RecoveryKeyTypo as exc:
        return exc
    return None
