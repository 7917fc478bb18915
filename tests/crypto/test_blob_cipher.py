"""Chunked AEAD: round trips at every boundary; any flipped, cut, added or moved byte is caught."""

from __future__ import annotations

import io
import os

import pytest

from carer_app.crypto import blob_cipher
from carer_app.crypto.blob_cipher import CHUNK, HEADER, TAG
from carer_app.crypto.errors import BlobDamaged

KEY = bytes(range(32))
BLOB_ID = bytes(16)


def seal(data: bytes, key: bytes = KEY, blob_id: bytes = BLOB_ID) -> bytes:
    out = io.BytesIO()
    blob_cipher.encrypt_to(key, blob_id, [data[i : i + 9000] for i in range(0, len(data), 9000)], out)
    return out.getvalue()


def opened(sealed: bytes, key: bytes = KEY, blob_id: bytes = BLOB_ID) -> bytes:
    return b"".join(blob_cipher.decrypt_stream(key, blob_id, io.BytesIO(sealed)))


@pytest.mark.parametrize("size", [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK, 3 * CHUNK + 17])
def test_round_trip(size: int) -> None:
    data = os.urandom(size)
    sealed = seal(data)
    assert opened(sealed) == data
    chunks = max(1, -(-size // CHUNK))
    assert len(sealed) == HEADER.size + size + chunks * TAG


def test_every_byte_position_class_is_authenticated() -> None:
    sealed = seal(os.urandom(2 * CHUNK + 100))
    for offset in (0, 5, HEADER.size - 1, HEADER.size, HEADER.size + CHUNK, len(sealed) - 1):
        damaged = bytearray(sealed)
        damaged[offset] ^= 0x01
        with pytest.raises(BlobDamaged):
            opened(bytes(damaged))


def test_truncation_at_a_chunk_boundary_is_caught() -> None:
    sealed = seal(os.urandom(2 * CHUNK + 100))
    with pytest.raises(BlobDamaged):
        opened(sealed[: HEADER.size + CHUNK + TAG])


def test_appended_data_is_caught() -> None:
    sealed = seal(os.urandom(100))
    with pytest.raises(BlobDamaged):
        opened(sealed + b"x" * (CHUNK + TAG))


def test_swapped_chunks_are_caught() -> None:
    sealed = seal(os.urandom(3 * CHUNK))
    size = CHUNK + TAG
    body = sealed[HEADER.size :]
    swapped = sealed[: HEADER.size] + body[size : 2 * size] + body[:size] + body[2 * size :]
    with pytest.raises(BlobDamaged):
        opened(swapped)


def test_a_blob_moved_under_another_record_is_refused() -> None:
    sealed = seal(b"photo bytes")
    with pytest.raises(BlobDamaged, match="another record"):
        opened(sealed, blob_id=b"\x01" * 16)


def test_wrong_key_is_refused() -> None:
    with pytest.raises(BlobDamaged):
        opened(seal(b"photo bytes"), key=bytes(32))


def test_streaming_memory_stays_flat() -> None:
    import tracemalloc

    total = 32 * 1024 * 1024
    piece = os.urandom(CHUNK)
    tracemalloc.start()
    sink = io.BytesIO()
    sealer = blob_cipher.StreamSealer(KEY, BLOB_ID, _NullSink())
    for _ in range(total // CHUNK):
        sealer.write(piece)
    sealer.close()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 1 * 1024 * 1024, peak
    assert sink.getvalue() == b""


class _NullSink(io.RawIOBase):
    def write(self, data: object) -> int:  # type: ignore[override]
        return len(data)  # type: ignore[arg-type]

    def writable(self) -> bool:
        return True
