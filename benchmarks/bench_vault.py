"""Unlock time and blob throughput, each against its own baseline measured in the same run."""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from carer_app.crypto.blob_cipher import CHUNK
from carer_app.crypto.kdf import calibrate, derive_key
from carer_app.domain.enums import Role
from carer_app.services import household

PASS = "benchmark passphrase with several words"
SIZE = 64 * 1024 * 1024


def timed(func, repeat: int = 5) -> float:  # type: ignore[no-untyped-def]
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def raw_aes_gcm(data: bytes) -> tuple[float, float]:
    key = AESGCM.generate_key(256)
    aead = AESGCM(key)
    nonce = os.urandom(12)
    sealed: list[bytes] = []

    def encrypt() -> None:
        sealed.clear()
        for i in range(0, len(data), CHUNK):
            sealed.append(aead.encrypt(nonce, data[i : i + CHUNK], None))

    def decrypt() -> None:
        for piece in sealed:
            aead.decrypt(nonce, piece, None)

    return timed(encrypt), timed(decrypt)


def main() -> int:
    lines = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "vault"
        params = calibrate()  # what a real household gets at set-up
        kdf_time = timed(lambda: derive_key(PASS, os.urandom(16), params), repeat=3)
        vault, _ = household.create_household(folder, name="Sam", role=Role.CARER,
                                              passphrase=PASS, kdf=params)
        vault.close()

        opens, closes = [], []
        for _ in range(5):
            start = time.perf_counter()
            opened = household.unlock(folder, PASS)
            opens.append(time.perf_counter() - start)
            start = time.perf_counter()
            opened.close()
            closes.append(time.perf_counter() - start)
        unlock_time = statistics.median(opens)
        close_time = statistics.median(closes)
        lines.append(f"kdf: argon2id {params.memory_kib // 1024} MiB x {params.iterations} passes, "
                     f"{params.lanes} lanes: {kdf_time * 1000:.0f} ms")
        lines.append(f"unlock (kdf + key file + WAL check + SQLCipher open + blob sweep + audit): "
                     f"{unlock_time * 1000:.0f} ms = kdf + {(unlock_time - kdf_time) * 1000:.0f} ms")
        lines.append(f"lock (checkpoint, close, drop key): {close_time * 1000:.0f} ms")

        data = os.urandom(SIZE)
        raw_enc, raw_dec = raw_aes_gcm(data)
        vault = household.unlock(folder, PASS)
        stored = []

        def write() -> None:
            stored.append(vault.blobs.write_bytes(data))

        def read() -> None:
            blob = stored[-1]
            for _ in vault.blobs.read(blob.id, blob.file_name, blob.key):
                pass

        write_time = timed(write, repeat=3)
        read_time = timed(read, repeat=3)
        tracemalloc.start()
        blob = stored[-1]
        for _ in vault.blobs.read(blob.id, blob.file_name, blob.key):
            pass
        _, read_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        vault.close()
        mib = SIZE / 1024 / 1024
        lines.append(f"raw AES-256-GCM in memory: encrypt {mib / raw_enc:.0f} MiB/s, "
                     f"decrypt {mib / raw_dec:.0f} MiB/s")
        lines.append(f"blob store (to disk, fsync, rename): write {mib / write_time:.0f} MiB/s "
                     f"= {raw_enc / write_time:.2f} x raw; read {mib / read_time:.0f} MiB/s "
                     f"= {raw_dec / read_time:.2f} x raw")
        lines.append(f"blob read peak traced memory over a {mib:.0f} MiB blob: "
                     f"{read_peak / 1024:.0f} KiB (flat: independent of blob size)")
    out = "\n".join(lines)
    print(out)
    results = Path(__file__).parent / "results"
    results.mkdir(exist_ok=True)
    (results / "vault.txt").write_text(out + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
