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


def test_adjacent_swaps_are_caught_for_almost_every_pair() -> None:
    # Every ordered pair of different characters, swapped at the start of the first group.
    tail = "-".join(g + recovery_key._check_char(i + 1, g) for i, g in enumerate(["0000"] * 7))
    missed = total = 0
    for first in recovery_key.ALPHABET:
        for second in recovery_key.ALPHABET:
            if first == second:
                continue
            group = first + second + "00"
            key = f"{group}{recovery_key._check_char(0, group)}-{tail}"
            total += 1
            try:
                recovery_key.normalise(second + first + key[2:])
            except RecoveryKeyTypo:
                continue
            missed += 1
    assert missed / total < 0.01, (missed, total)  # Luhn mod 32 misses only a couple of pairs


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
