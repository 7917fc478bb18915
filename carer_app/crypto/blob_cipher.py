"""Chunked AEAD for large files: 64 KiB chunks, each bound to its blob, index and last-chunk flag."""

from __future__ import annotations

import struct
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from carer_app.crypto.errors import BlobDamaged

MAGIC = b"CAB1"
CHUNK = 64 * 1024
TAG = 16
HEADER = struct.Struct(">4s16sI")  # magic, blob id, chunk size


def _nonce(index: int) -> bytes:
    # Every blob has its own random key, so a counter nonce never repeats under one key.
    return b"\0\0\0\0" + struct.pack(">Q", index)


def _aad(header: bytes, index: int, last: bool) -> bytes:
    return header + struct.pack(">QB", index, 1 if last else 0)


class StreamSealer:
    """Push-style encryption into `sink`: write() as data comes, close() seals the last chunk."""

    def __init__(self, key: bytes, blob_id: bytes, sink: BinaryIO) -> None:
        self._aead = AESGCM(key)
        self._header = HEADER.pack(MAGIC, blob_id, CHUNK)
        self._sink = sink
        self._buffer = bytearray()
        self._index = 0
        self._closed = False
        sink.write(self._header)

    def _emit(self, data: bytes, last: bool) -> None:
        aad = _aad(self._header, self._index, last)
        self._sink.write(self._aead.encrypt(_nonce(self._index), data, aad))
        self._index += 1

    def write(self, data: bytes) -> int:
        if self._closed:
            raise ValueError("sealer is closed")
        self._buffer += data
        # Only emit a chunk once more data is known to follow it, so the last flag is exact.
        while len(self._buffer) > CHUNK:
            self._emit(bytes(self._buffer[:CHUNK]), last=False)
            del self._buffer[:CHUNK]
        return len(data)

    def close(self) -> None:
        if not self._closed:
            self._emit(bytes(self._buffer), last=True)
            self._buffer.clear()
            self._closed = True


def encrypt_to(key: bytes, blob_id: bytes, chunks: Iterable[bytes], sink: BinaryIO) -> None:
    sealer = StreamSealer(key, blob_id, sink)
    for piece in chunks:
        sealer.write(piece)
    sealer.close()


def read_chunks(source: BinaryIO, size: int = CHUNK) -> Iterator[bytes]:
    while True:
        piece = source.read(size)
        if not piece:
            return
        yield piece


def decrypt_stream(
    key: bytes, blob_id: bytes, source: BinaryIO, name: str = "blob"
) -> Iterator[bytes]:
    """Yield plaintext chunks; raise BlobDamaged on any tampering, truncation or extension."""
    header = source.read(HEADER.size)
    if len(header) != HEADER.size:
        raise BlobDamaged(name, "header truncated")
    magic, stored_id, chunk = HEADER.unpack(header)
    if magic != MAGIC or chunk != CHUNK:
        raise BlobDamaged(name, "not a blob file")
    if stored_id != blob_id:
        raise BlobDamaged(name, "belongs to another record")
    aead = AESGCM(key)
    index = 0
    current = source.read(CHUNK + TAG)
    while True:
        following = source.read(CHUNK + TAG) if len(current) == CHUNK + TAG else b""
        last = not following
        if len(current) < TAG:
            raise BlobDamaged(name, f"chunk {index} truncated")
        try:
            yield aead.decrypt(_nonce(index), current, _aad(header, index, last))
        except InvalidTag:
            raise BlobDamaged(name, f"chunk {index} failed authentication") from None
        if last:
            if source.read(1):
                raise BlobDamaged(name, "data after the last chunk")
            return
        index += 1
        current = following


class OpenedStream:
    """A read()-able view of `decrypt_stream`, for consumers such as tarfile."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks = chunks
        self._buffer = bytearray()

    def read(self, size: int = -1) -> bytes:
        while size < 0 or len(self._buffer) < size:
            piece = next(self._chunks, None)
            if piece is None:
                break
            self._buffer += piece
        if size < 0:
            size = len(self._buffer)
        out = bytes(self._buffer[:size])
        del self._buffer[:size]
        return out
