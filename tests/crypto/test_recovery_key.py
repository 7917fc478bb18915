"""Recovery keys: format, typo detection before any KDF, normalisation of what people type."""

from __future__ import annotations

import pytest

from carer_app.crypto import recovery_key
from carer_app.crypto.errors import RecoveryKeyTypo


def test_generated_key_has_eight_groups_of_five_and_validates() -> None:
    key = recovery_key.generate()
    groups = key.split("-")
    assert len(groups) == 8 and all(len(g) == 5 for g in groups)
    assert recovery_key.normalise(key) == key


def test_lowercase_spaces_and_confusable_letters_are_accepted() -> None:
    key = recovery_key.generate()
    typed = key.lower().replace("-", " ").replace("0", "o").replace("1", "l")
    assert recovery_key.normalise(typed) == key


@pytest.mark.parametrize("position", range(0, 40, 3))
def test_any_single_character_typo_names_its_group(position: int) -> None:
    key = recovery_key.generate()
    flat = key.replace("-", "")
    wrong = recovery_key.ALPHABET[(recovery_key.ALPHABET.index(flat[position]) + 7) % 32]
    typo = flat[:position] + wrong + flat[position + 1 :]
    with pytest.raises(RecoveryKeyTypo) as caught:
        recovery_key.normalise(typo)
    assert caught.value.group == position // 5 + 1


def test_adjacent_swap_within_a_group_is_caught() -> None:
    caught = 0
    for _ in range(50):
        flat = recovery_key.generate().replace("-", "")
        if flat[0] == flat[1]:
            continue
        swapped = flat[1] + flat[0] + flat[2:]
        try:
            recovery_key.normalise(swapped)
        except RecoveryKeyTypo:
            caught += 1
            continue
    assert caught >= 45  # Luhn mod N misses only a handful of pairs


def test_swapped_groups_are_caught() -> None:
    groups = recovery_key.generate().split("-")
    if groups[0] == groups[1]:
        pytest.skip("identical groups")
    with pytest.raises(RecoveryKeyTypo):
        recovery_key.normalise("-".join([groups[1], groups[0], *groups[2:]]))


def test_wrong_length_is_a_typo_without_group() -> None:
    with pytest.raises(RecoveryKeyTypo) as caught:
        recovery_key.normalise("ABCDE-FGHJK")
    assert caught.value.group is None
