"""Validate an SQLite WAL file (header, salts, frame checksums) before the database is opened."""

from __future__ import annotations

import struct
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import BinaryIO

# Layout (sqlite.org/fileformat2.html, "The WAL File Format"). Header and frame-header fields
# are always big-endian; only the checksum reads the content as big- or little-endian words,
# as the low bit of the magic says.
_MAGIC_LE = 0x377F0682
_MAGIC_BE = 0x377F0683
_VERSION = 3007000
_HEADER_SIZE = 32
_FRAME_HEADER_SIZE = 24
_MASK = 0xFFFFFFFF

_HEADER = struct.Struct(">8I")
_FRAME_HEADER = struct.Struct(">6I")


class WalStatus(StrEnum):
    """What a WAL file means for the data SQLite will read from it."""

    ABSENT = "absent"
    """There is no WAL file."""
    EMPTY = "empty"
    """The file has zero bytes (e.g. after a TRUNCATE checkpoint)."""
    OK = "ok"
    """Every frame SQLite will replay is intact and nothing committed lies beyond them.

    Frames after the chain may remain: older generations' frames (other salts) or the
    leftovers of a rolled-back transaction; SQLite ignores both, as it should.
    """
    TORN_TAIL = "torn_tail"
    """The chain ends in a partial frame, or in a bad frame that is the last current one or
    a commit frame, with nothing committed after it: what an interrupted write leaves.

    SQLite drops that tail; the transaction it belonged to never finished committing.
    """
    DAMAGED = "damaged"
    """The header is unusable, or committed frames exist beyond a bad frame (SQLite would
    silently drop them), or a frame is provably corrupted (its salt bytes changed)."""


@dataclass(frozen=True)
class WalReport:
    """The outcome of `check_wal`.

    `valid_frames` counts the unbroken chain of current frames from the start of the file
    (committed or not); `committed_frames` is how many of them SQLite will replay, i.e. the
    1-based index of the last commit frame in that chain (SQLite's ``mxFrame``), not the
    number of commit frames. `bad_offset` is the file offset of the header (0) or of the
    frame where the trouble starts, for `TORN_TAIL` and `DAMAGED`; otherwise None.
    """

    status: WalStatus
    valid_frames: int
    committed_frames: int
    bad_offset: int | None
    detail: str


@dataclass(frozen=True)
class _Frame:
    index: int  # 1-based
    offset: int
    pgno: int
    commit_size: int  # "db size after commit"; non-zero only on a commit frame
    salts: tuple[int, int]
    stored: tuple[int, int]
    raw: bytes  # the whole frame, header included


def _checksum(seed: tuple[int, int], words: tuple[int, ...]) -> tuple[int, int]:
    """SQLite's cumulative WAL checksum over an even number of 32-bit words."""
    s0, s1 = seed
    pairs = iter(words)
    for a, b in zip(pairs, pairs, strict=True):
        s0 = (s0 + a + s1) & _MASK
        s1 = (s1 + b + s0) & _MASK
    return s0, s1


class _Reader:
    """Reads whole frames by index and checksums them in the header's word order."""

    def __init__(self, f: BinaryIO, page_size: int, order: str) -> None:
        self._f = f
        self.frame_size = _FRAME_HEADER_SIZE + page_size
        self._head_words = struct.Struct(f"{order}2I")
        self._page_words = struct.Struct(f"{order}{page_size // 4}I")

    def offset(self, index: int) -> int:
        return _HEADER_SIZE + (index - 1) * self.frame_size

    def frame_at(self, index: int) -> tuple[_Frame | None, int]:
        """The frame at `index` (1-based) if it is whole, and how many of its bytes exist."""
        offset = self.offset(index)
        self._f.seek(offset)
        raw = self._f.read(self.frame_size)
        if len(raw) < self.frame_size:
            return None, len(raw)
        pgno, commit_size, salt1, salt2, ck1, ck2 = _FRAME_HEADER.unpack_from(raw, 0)
        return _Frame(index, offset, pgno, commit_size, (salt1, salt2), (ck1, ck2), raw), len(raw)

    def partial_salts(self, index: int) -> tuple[int, int] | None:
        """The salts of a partial frame at `index`, if its first 16 bytes exist."""
        self._f.seek(self.offset(index))
        head = self._f.read(16)
        if len(head) < 16:
            return None
        _pgno, _commit, salt1, salt2 = struct.unpack(">4I", head)
        return salt1, salt2

    def checksum(self, frame: _Frame, seed: tuple[int, int]) -> tuple[int, int]:
        """The frame's checksum continuing from `seed` (first 8 header bytes, then the page)."""
        words = self._head_words.unpack_from(frame.raw, 0) + self._page_words.unpack_from(
            frame.raw, _FRAME_HEADER_SIZE
        )
        return _checksum(seed, words)


def _damaged_header(detail: str) -> WalReport:
    return WalReport(WalStatus.DAMAGED, 0, 0, 0, detail)


def check_wal(path: Path) -> WalReport:
    """Check the WAL at `path` (e.g. ``vault.db-wal``) without opening the database.

    Call it before the first connection opens the database: SQLite trusts a WAL only up to
    the first frame that fails its checksum and ignores everything after it without an
    error, so a single changed byte can drop committed transactions. Other I/O errors than
    a missing file propagate.
    """
    try:
        f = path.open("rb")
    except FileNotFoundError:
        return WalReport(WalStatus.ABSENT, 0, 0, None, "no_file")
    with f:
        header = f.read(_HEADER_SIZE)
        if not header:
            return WalReport(WalStatus.EMPTY, 0, 0, None, "zero_length")
        if len(header) < _HEADER_SIZE:
            return _damaged_header(f"short_header ({len(header)} bytes)")
        magic, version, page_size, _seq, salt1, salt2, ck1, ck2 = _HEADER.unpack(header)
        if magic not in (_MAGIC_LE, _MAGIC_BE):
            return _damaged_header(f"bad_magic 0x{magic:08x}")
        if version != _VERSION:
            return _damaged_header(f"bad_version {version}")
        if not 512 <= page_size <= 65536 or page_size & (page_size - 1):
            return _damaged_header(f"bad_page_size {page_size}")
        order = ">" if magic == _MAGIC_BE else "<"
        header_words = struct.unpack(f"{order}6I", header[:24])
        running = _checksum((0, 0), header_words)
        if running != (ck1, ck2):
            return _damaged_header("bad_header_checksum")
        return _walk(_Reader(f, page_size, order), (salt1, salt2), running)


def _walk(reader: _Reader, salts: tuple[int, int], running: tuple[int, int]) -> WalReport:
    """Follow the checksum chain from the header; judge whatever ends it."""
    valid = 0
    committed = 0
    index = 1
    while True:
        frame, present = reader.frame_at(index)
        if frame is None:
            if present == 0:
                detail = "header_only" if valid == 0 else "chain_ok"
                return WalReport(WalStatus.OK, valid, committed, None, detail)
            partial_salts = reader.partial_salts(index)
            if partial_salts is not None and partial_salts != salts:
                # A partial frame left by an older generation of the WAL: already dead.
                return WalReport(WalStatus.OK, valid, committed, None, "stale_partial_frame")
            detail = f"partial_frame (frame {index}, {present} bytes)"
            return WalReport(WalStatus.TORN_TAIL, valid, committed, reader.offset(index), detail)
        computed = reader.checksum(frame, running)
        if frame.salts == salts and frame.pgno != 0 and computed == frame.stored:
            running = computed
            valid = index
            if frame.commit_size:
                committed = index
            index += 1
            continue
        return _judge_break(reader, salts, frame, computed, valid, committed)


def _judge_break(
    reader: _Reader,
    salts: tuple[int, int],
    bad: _Frame,
    computed: tuple[int, int],
    valid: int,
    committed: int,
) -> WalReport:
    """Decide what the frame that ended the chain means, by looking at the frames after it.

    SQLite only ever writes a WAL generation front to back from the last commit, and never
    rewrites a committed frame without changing the salts. So a later frame carrying the
    current salts whose checksum follows from its predecessor's stored checksum, and which
    is a commit frame, proves that committed data sits beyond the break: damage. Frames
    with the current salts but no commit among them are normal too: a transaction that
    spilled pages to the WAL and rolled back leaves them behind, and the next commit
    overwrites only its start, so the chain breaks on its first leftover frame.
    """
    where = f"frame {bad.index}"
    if bad.salts != salts:
        if computed == bad.stored and bad.pgno != 0:
            # Old-generation frames never verify against this generation's chain; this one
            # does, so it belongs here and its salt bytes were changed.
            return WalReport(
                WalStatus.DAMAGED, valid, committed, bad.offset, f"salt_corrupted ({where})"
            )
        stale = "stale_frames_after_chain"
    else:
        stale = ""
    lost_commit = _later_commit(reader, salts, bad, computed)
    if lost_commit is not None:
        detail = f"committed_frames_after_bad_frame ({where}; commit at frame {lost_commit})"
        return WalReport(WalStatus.DAMAGED, valid, committed, bad.offset, detail)
    if stale:
        return WalReport(WalStatus.OK, valid, committed, None, stale)
    if bad.commit_size or not _has_current_frame_after(reader, salts, bad.index):
        kind = "bad_commit_frame" if bad.commit_size else "bad_last_frame"
        return WalReport(WalStatus.TORN_TAIL, valid, committed, bad.offset, f"{kind} ({where})")
    return WalReport(
        WalStatus.OK, valid, committed, None, f"uncommitted_leftover_frames (from {where})"
    )


def _later_commit(
    reader: _Reader, salts: tuple[int, int], bad: _Frame, computed: tuple[int, int]
) -> int | None:
    """Index of the first genuine current-generation commit frame after `bad`, if any."""
    prev = bad
    index = bad.index + 1
    while True:
        frame, _present = reader.frame_at(index)
        if frame is None:
            return None
        if frame.salts == salts and frame.commit_size and frame.pgno != 0:
            seeds = {prev.stored}
            if prev is bad:
                # If only the bad frame's stored checksum was hit, the chain value computed
                # through it is still the right seed for the next frame.
                seeds.add(computed)
            if any(reader.checksum(frame, seed) == frame.stored for seed in seeds):
                return index
        prev = frame
        index += 1


def _has_current_frame_after(reader: _Reader, salts: tuple[int, int], index: int) -> bool:
    while True:
        index += 1
        frame, _present = reader.frame_at(index)
        if frame is None:
            return False
        if frame.salts == salts:
            return True
