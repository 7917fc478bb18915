"""No plaintext anywhere: after the demo and a round of reads and writes, search every folder."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from carer_app.services.demo import CANARY_STRINGS, DEMO_PASSPHRASE
from carer_app.services.demo_photos import jpeg_with_metadata

IMAGE_SIGNATURES = (
    b"\x89PNG\r\n\x1a\n",
    b"JFIF\x00",
    b"Exif\x00\x00",
    b"\xff\xd8\xff\xdb\x00\x43",
    b"\xff\xd8\xff\xdb\x00\x84",
)


def needles() -> list[tuple[str, bytes]]:
    found = []
    for text in CANARY_STRINGS:
        # Whole strings and their longest word, so a split or truncated copy is caught too.
        pieces = {text, max(text.split(), key=len)}
        for piece in pieces:
            for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
                found.append((f"{piece!r} as {encoding}", piece.encode(encoding)))
    found.extend((f"image signature {sig!r}", sig) for sig in IMAGE_SIGNATURES)
    return found


def search(folders: list[Path]) -> list[str]:
    hits = []
    patterns = needles()
    for folder in folders:
        for path in folder.rglob("*"):
            if not path.is_file():
                continue
            data = path.read_bytes()
            hits.extend(f"{path}: {label}" for label, needle in patterns if needle in data)
    return hits


def test_no_canary_on_disk_after_a_full_round(cli, tmp_path: Path, isolated_env) -> None:  # type: ignore[no-untyped-def]
    vault = tmp_path / "data" / "vault"
    env = {"CARER_APP_PASSPHRASE": DEMO_PASSPHRASE}
    cli("demo", "--data-dir", str(vault), check=True)
    incoming = tmp_path / "incoming"  # outside every searched folder: it holds real JPEGs
    incoming.mkdir()
    for seed in range(3):
        (incoming / f"new{seed}.jpg").write_bytes(jpeg_with_metadata(100 + seed, datetime(2025, 1, 2)))
    cli("import-photos", "--data-dir", str(vault), "--child", "Ty", str(incoming), env=env,
        check=True)
    cli("children", "--data-dir", str(vault), env=env, check=True)
    cli("check", "--data-dir", str(vault), env=env, check=True)
    cli("backup", "--data-dir", str(vault), "--to", str(tmp_path / "tmp" / "b.backup"), env=env,
        check=True)
    cli("add-user", "--data-dir", str(vault), "--name", "Quentin Canarywood",
        env={**env, "CARER_APP_NEW_PASSPHRASE": "quentin rides a green tram"}, check=True)
    folders = [tmp_path / name for name in ("data", "tmp", "config", "home")]
    assert search(folders) == []
    # The search itself works: plant a canary and it is found.
    (tmp_path / "tmp" / "planted").write_bytes(CANARY_STRINGS[2].encode("utf-16-le"))
    assert search([tmp_path / "tmp"])
