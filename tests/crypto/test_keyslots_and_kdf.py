"""Key slots: wrong secret vs damage, bounded KDF parameters read from disk, atomic replacement."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from carer_app.crypto import atomic_file
from carer_app.crypto.errors import KeyFileDamaged, RecoveryKeyTypo, WrongPassphrase
from carer_app.crypto.kdf import MAX_MEMORY_KIB, KdfParams, calibrate
from carer_app.crypto.keyslots import KeyFile, new_data_key

FAST = KdfParams(memory_kib=64 * 1024, iterations=1, lanes=4)


@pytest.fixture()
def keyfile() -> tuple[KeyFile, bytes, str]:
    data_key = new_data_key()
    kf = KeyFile.new()
    kf.set_passphrase(data_key, "user-a", "first passphrase here", FAST)
    recovery = kf.set_recovery(data_key)
    return kf, data_key, recovery


def test_unlock_with_passphrase_and_recovery(keyfile: tuple[KeyFile, bytes, str]) -> None:
    kf, data_key, recovery = keyfile
    assert kf.unlock_passphrase("first passphrase here").data_key == data_key
    assert kf.unlock_recovery(recovery).data_key == data_key


def test_wrong_passphrase(keyfile: tuple[KeyFile, bytes, str]) -> None:
    with pytest.raises(WrongPassphrase):
        keyfile[0].unlock_passphrase("not it at all")


def test_recovery_typo_is_caught_before_any_kdf(
    keyfile: tuple[KeyFile, bytes, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from carer_app.crypto import keyslots

    def no_kdf(*_: object) -> bytes:
        raise AssertionError("KDF ran on a mistyped key")

    monkeypatch.setattr(keyslots, "_recovery_kek", no_kdf)
    key = keyfile[2]
    typo = ("Z" if key[0] != "Z" else "Y") + key[1:]
    with pytest.raises(RecoveryKeyTypo):
        keyfile[0].unlock_recovery(typo)


def test_saved_file_round_trips(tmp_path: Path, keyfile: tuple[KeyFile, bytes, str]) -> None:
    kf, data_key, _ = keyfile
    kf.save(tmp_path / "vault.keys")
    again = KeyFile.load(tmp_path / "vault.keys")
    assert again.unlock_passphrase("first passphrase here").data_key == data_key


def test_any_flipped_byte_in_the_file_is_damage_not_a_wrong_passphrase(
    tmp_path: Path, keyfile: tuple[KeyFile, bytes, str]
) -> None:
    raw = keyfile[0].to_bytes()
    path = tmp_path / "vault.keys"
    for offset in range(0, len(raw) - 2, max(1, len(raw) // 60)):
        damaged = bytearray(raw)
        damaged[offset] ^= 0x04
        path.write_bytes(bytes(damaged))
        try:
            loaded = KeyFile.load(path)
        except KeyFileDamaged:
            continue
        # Whitespace flips can leave valid JSON with the same content: then it must still work.
        if loaded.damaged_slots:
            continue
        assert loaded.unlock_passphrase("first passphrase here")


def test_tampered_kdf_parameters_cannot_exhaust_memory(tmp_path: Path) -> None:
    with pytest.raises(KeyFileDamaged, match="out of bounds"):
        KdfParams.from_json(
            {"memory_kib": MAX_MEMORY_KIB * 4, "iterations": 1, "lanes": 1, "algorithm": "argon2id"},
            "vault.keys",
        )
    with pytest.raises(KeyFileDamaged):
        KdfParams.from_json({"memory_kib": 1024, "iterations": 1, "lanes": 1,
                             "algorithm": "argon2id"}, "vault.keys")
    with pytest.raises(KeyFileDamaged):
        KdfParams.from_json({"memory_kib": 65536, "iterations": 10_000, "lanes": 1,
                             "algorithm": "argon2id"}, "vault.keys")


def test_a_damaged_slot_leaves_the_others_working(
    tmp_path: Path, keyfile: tuple[KeyFile, bytes, str]
) -> None:
    kf, data_key, recovery = keyfile
    body = json.loads(kf.to_bytes())
    passphrase_slot = next(s for s in body["slots"] if s["kind"] == "passphrase")
    passphrase_slot["wrapped_key"] = passphrase_slot["wrapped_key"][:-4] + "AAAA"
    body.pop("checksum")
    from carer_app.crypto.keyslots import _digest

    body["checksum"] = _digest(body)
    path = tmp_path / "vault.keys"
    path.write_text(json.dumps(body))
    loaded = KeyFile.load(path)
    assert loaded.damaged_slots == 1
    assert loaded.unlock_recovery(recovery).data_key == data_key


def test_calibration_floor_and_growth() -> None:
    assert calibrate(0) == KdfParams(memory_kib=64 * 1024, iterations=1, lanes=4)
    grown = calibrate(150)
    assert grown.memory_kib >= 64 * 1024 and grown.memory_kib <= MAX_MEMORY_KIB


def test_atomic_write_leaves_old_content_when_interrupted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "file"
    atomic_file.atomic_write_bytes(target, b"old")

    def crash(tmp: Path, final: Path) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic_file, "_before_rename", crash)
    with pytest.raises(OSError):
        atomic_file.atomic_write_bytes(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["file"]


def test_memory_times_passes_is_bounded_too() -> None:
    with pytest.raises(KeyFileDamaged):
        KdfParams.from_json({"memory_kib": MAX_MEMORY_KIB, "iterations": 16, "lanes": 4,
                             "algorithm": "argon2id"}, "vault.keys")


def test_a_slot_with_a_short_salt_is_damaged_not_a_crash(
    tmp_path: Path, keyfile: tuple[KeyFile, bytes, str]
) -> None:
    from carer_app.crypto.keyslots import _digest

    kf, _, recovery = keyfile
    body = json.loads(kf.to_bytes())
    slot = next(s for s in body["slots"] if s["kind"] == "passphrase")
    slot["salt"] = ""
    slot.pop("checksum")
    slot["checksum"] = _digest(slot)
    body.pop("checksum")
    body["checksum"] = _digest(body)
    path = tmp_path / "vault.keys"
    path.write_text(json.dumps(body))
    loaded = KeyFile.load(path)
    assert loaded.damaged_slots == 1
    assert loaded.unlock_recovery(recovery)


def test_too_many_passphrase_slots_is_damage(tmp_path: Path) -> None:
    kf = KeyFile.new()
    data_key = new_data_key()
    for n in range(9):
        kf.set_passphrase(data_key, f"user-{n}", "some passphrase here", FAST)
    path = tmp_path / "vault.keys"
    path.write_bytes(kf.to_bytes())
    with pytest.raises(KeyFileDamaged, match="too many"):
        KeyFile.load(path)
