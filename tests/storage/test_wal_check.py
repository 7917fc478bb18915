"""check_wal against real WAL files written by SQLite (and SQLCipher), intact and damaged."""

from __future__ import annotations

import importlib.util
import shutil
import sqlite3
import struct
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal

import pytest

from carer_app.storage.wal_check import WalStatus, check_wal

HAS_SQLCIPHER = importlib.util.find_spec("sqlcipher3") is not None
KEY_HEX = "5a" * 32

Connect = Callable[[Path], Any]


def _plain(path: Path) -> Any:
    return sqlite3.connect(path, isolation_level=None)


def _cipher(path: Path) -> Any:
    import sqlcipher3

    con = sqlcipher3.connect(str(path), isolation_level=None)
    con.execute(f"PRAGMA key = \"x'{KEY_HEX}'\"")  # must be the very first statement
    return con


@contextmanager
def _live_db(directory: Path, connect: Connect = _plain) -> Iterator[Any]:
    """An open WAL-mode connection that never checkpoints on its own."""
    directory.mkdir(parents=True, exist_ok=True)
    con = connect(directory / "vault.db")
    try:
        assert con.execute("PRAGMA journal_mode=WAL").fetchone()[0] == "wal"
        con.execute("PRAGMA wal_autocheckpoint=0")
        con.execute("CREATE TABLE IF NOT EXISTS note(id INTEGER PRIMARY KEY, body TEXT)")
        # Put the schema in the main file and empty the WAL, so a damaged WAL loses rows,
        # not the table.
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        yield con
    finally:
        con.close()


def _insert(con: Any, count: int, size: int = 1500, tag: str = "row") -> None:
    for i in range(count):  # autocommit: one transaction per row
        con.execute("INSERT INTO note(body) VALUES (?)", (f"{tag}{i:05d}".ljust(size, "x"),))


def _snapshot(live: Path, dest: Path) -> Path:
    """Copy vault.db and its WAL while the writer is still open (closing would checkpoint)."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("vault.db", "vault.db-wal"):
        shutil.copyfile(live / name, dest / name)
    return dest / "vault.db-wal"


def _sqlite_view(wal: Path, scratch: Path, connect: Connect = _plain) -> tuple[int, int]:
    """What SQLite itself recovers from a copy: (rows visible, frames it replays = mxFrame)."""
    scratch.mkdir(parents=True)
    shutil.copyfile(wal.with_name("vault.db"), scratch / "vault.db")
    shutil.copyfile(wal, scratch / "vault.db-wal")
    con = connect(scratch / "vault.db")
    try:
        rows = con.execute("SELECT count(*) FROM note").fetchone()[0]
        _busy, wal_frames, _done = con.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    finally:
        con.close()
    return rows, wal_frames


def _page_size(wal: Path) -> int:
    return int.from_bytes(wal.read_bytes()[8:12], "big")


def _frame_offset(wal: Path, index: int) -> int:
    return 32 + (index - 1) * (24 + _page_size(wal))


def _frame_count(wal: Path) -> int:
    return (wal.stat().st_size - 32) // (24 + _page_size(wal))


def _flip(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0xFF
    path.write_bytes(bytes(data))


@pytest.fixture
def wal(tmp_path: Path) -> Path:
    """A healthy WAL: 12 single-row transactions, none checkpointed."""
    with _live_db(tmp_path / "live") as con:
        _insert(con, 12)
        return _snapshot(tmp_path / "live", tmp_path / "copy")


# --- the problem this module exists for ---------------------------------------------------


def test_sqlite_silently_drops_committed_rows_after_a_flipped_wal_byte(
    wal: Path, tmp_path: Path
) -> None:
    rows_before, _ = _sqlite_view(wal, tmp_path / "before")
    assert rows_before == 12
    _flip(wal, _frame_offset(wal, 2) + 24 + 100)  # inside frame 2's page
    rows_after, _ = _sqlite_view(wal, tmp_path / "after")  # no error raised anywhere
    assert rows_after < rows_before


# --- trivial cases ------------------------------------------------------------------------


def test_absent(tmp_path: Path) -> None:
    report = check_wal(tmp_path / "vault.db-wal")
    assert report.status is WalStatus.ABSENT
    assert (report.valid_frames, report.committed_frames, report.bad_offset) == (0, 0, None)


def test_empty(tmp_path: Path) -> None:
    path = tmp_path / "vault.db-wal"
    path.write_bytes(b"")
    assert check_wal(path).status is WalStatus.EMPTY


def test_header_only_is_ok(wal: Path) -> None:
    with wal.open("r+b") as f:
        f.truncate(32)
    report = check_wal(wal)
    assert report.status is WalStatus.OK
    assert (report.valid_frames, report.committed_frames) == (0, 0)


def test_short_header_is_damaged(wal: Path) -> None:
    with wal.open("r+b") as f:
        f.truncate(20)
    report = check_wal(wal)
    assert report.status is WalStatus.DAMAGED
    assert report.bad_offset == 0


# --- healthy WALs -------------------------------------------------------------------------


def test_valid_wal_is_ok_and_counts_what_sqlite_replays(wal: Path, tmp_path: Path) -> None:
    report = check_wal(wal)
    _rows, sqlite_frames = _sqlite_view(wal, tmp_path / "view")
    assert report.status is WalStatus.OK, report
    assert report.bad_offset is None
    assert report.committed_frames == sqlite_frames == _frame_count(wal)
    assert report.valid_frames == report.committed_frames


def test_stale_frames_after_a_wal_restart_are_ok(tmp_path: Path) -> None:
    with _live_db(tmp_path / "live") as con:
        _insert(con, 10, size=3000)
        busy, _log, _done = con.execute("PRAGMA wal_checkpoint(RESTART)").fetchone()
        assert busy == 0
        _insert(con, 1, size=10, tag="after-restart")  # resets the WAL: new salts, from frame 1
        wal = _snapshot(tmp_path / "live", tmp_path / "copy")
    data = wal.read_bytes()
    current_salts = data[16:24]
    offsets = [_frame_offset(wal, i) for i in range(1, _frame_count(wal) + 1)]
    stale = [off for off in offsets if data[off + 8 : off + 16] != current_salts]
    assert stale, "the test needs old-generation frames left beyond the new ones"

    report = check_wal(wal)
    rows, sqlite_frames = _sqlite_view(wal, tmp_path / "view")
    assert rows == 11
    assert report.status is WalStatus.OK, report
    assert report.committed_frames == sqlite_frames == len(offsets) - len(stale)


def test_leftover_frames_of_a_rolled_back_transaction_are_ok(tmp_path: Path) -> None:
    # A transaction bigger than the page cache spills frames into the WAL, then rolls back;
    # the next commit overwrites only the first of them. The leftovers carry the current
    # salts but break the chain; SQLite ignores them and nothing committed is lost.
    with _live_db(tmp_path / "live") as con:
        _insert(con, 3)
        con.execute("PRAGMA cache_size=10")
        con.execute("BEGIN")
        _insert(con, 200, tag="rolled-back")
        con.execute("ROLLBACK")
        _insert(con, 1, tag="committed")
        wal = _snapshot(tmp_path / "live", tmp_path / "copy")

    report = check_wal(wal)
    rows, sqlite_frames = _sqlite_view(wal, tmp_path / "view")
    assert rows == 4
    assert _frame_count(wal) > sqlite_frames + 10  # the leftovers really are there
    assert report.status is WalStatus.OK, report
    assert report.detail.startswith("uncommitted_leftover_frames")
    assert report.committed_frames == sqlite_frames


def test_big_endian_checksums(wal: Path, tmp_path: Path) -> None:
    # SQLite on a big-endian machine writes magic 0x377f0683 and big-endian checksum words.
    # Re-encode the WAL that way with an independent encoder; SQLite itself must accept it.
    data = bytearray(wal.read_bytes())
    page_size = _page_size(wal)
    data[0:4] = (0x377F0683).to_bytes(4, "big")
    s0, s1 = _reference_checksum(0, 0, bytes(data[0:24]), "big")
    data[24:32] = struct.pack(">II", s0, s1)
    for index in range(1, _frame_count(wal) + 1):
        off = _frame_offset(wal, index)
        covered = bytes(data[off : off + 8] + data[off + 24 : off + 24 + page_size])
        s0, s1 = _reference_checksum(s0, s1, covered, "big")
        data[off + 16 : off + 24] = struct.pack(">II", s0, s1)
    wal.write_bytes(bytes(data))

    rows, sqlite_frames = _sqlite_view(wal, tmp_path / "view")
    assert rows == 12
    report = check_wal(wal)
    assert report.status is WalStatus.OK, report
    assert report.committed_frames == sqlite_frames

    _flip(wal, _frame_offset(wal, 2) + 24 + 7)
    assert check_wal(wal).status is WalStatus.DAMAGED


def _reference_checksum(
    s0: int, s1: int, data: bytes, byteorder: Literal["big", "little"]
) -> tuple[int, int]:
    for i in range(0, len(data), 8):
        s0 = (s0 + int.from_bytes(data[i : i + 4], byteorder) + s1) % 2**32
        s1 = (s1 + int.from_bytes(data[i + 4 : i + 8], byteorder) + s0) % 2**32
    return s0, s1


# --- damage -------------------------------------------------------------------------------


def test_flipped_byte_in_frame_2_page_is_damaged(wal: Path, tmp_path: Path) -> None:
    frame2 = _frame_offset(wal, 2)
    _flip(wal, frame2 + 24 + _page_size(wal) // 2)
    report = check_wal(wal)
    _rows, sqlite_frames = _sqlite_view(wal, tmp_path / "view")
    assert report.status is WalStatus.DAMAGED, report
    assert report.bad_offset == frame2
    assert report.valid_frames == 1
    assert report.committed_frames == sqlite_frames  # what SQLite would silently settle for


@pytest.mark.parametrize(
    ("field", "offset"),
    [
        ("magic", 1),
        ("version", 6),
        ("page_size", 10),
        ("checkpoint_seq", 15),
        ("salt_1", 17),
        ("salt_2", 22),
        ("checksum_1", 25),
        ("checksum_2", 31),
    ],
)
def test_flipped_header_byte_is_damaged(wal: Path, field: str, offset: int) -> None:
    _flip(wal, offset)
    report = check_wal(wal)
    assert report.status is WalStatus.DAMAGED, (field, report)
    assert report.bad_offset == 0
    assert report.committed_frames == 0


@pytest.mark.parametrize(
    ("field", "offset_in_frame"),
    [
        ("page_number", 3),
        ("db_size_after_commit", 7),
        ("salt_1", 9),
        ("salt_2", 14),
        ("checksum_1", 19),
        ("checksum_2", 23),
        ("page_data", 24),
    ],
)
def test_flipped_frame_header_byte_in_frame_2_is_damaged(
    wal: Path, tmp_path: Path, field: str, offset_in_frame: int
) -> None:
    frame2 = _frame_offset(wal, 2)
    _flip(wal, frame2 + offset_in_frame)
    report = check_wal(wal)
    rows, _ = _sqlite_view(wal, tmp_path / "view")
    assert rows < 12  # SQLite loses data every time, without complaint
    assert report.status is WalStatus.DAMAGED, (field, report)
    assert report.bad_offset == frame2


def test_flipped_salt_of_the_final_commit_frame_is_damaged(wal: Path) -> None:
    # No checksum fails and no frame follows, but the frame verifies against this
    # generation's chain, so it is no stale frame: its salt bytes were changed.
    last = _frame_offset(wal, _frame_count(wal))
    _flip(wal, last + 12)
    report = check_wal(wal)
    assert report.status is WalStatus.DAMAGED, report
    assert report.bad_offset == last
    assert report.detail.startswith("salt_corrupted")


def test_flipped_checksum_of_the_second_to_last_frame_is_damaged(wal: Path) -> None:
    # The final commit frame chains from the value computed through the bad frame, not from
    # the bad frame's (hit) stored checksum; it is still found, so this is no torn tail.
    count = _frame_count(wal)
    before_last = _frame_offset(wal, count - 1)
    _flip(wal, before_last + 20)
    report = check_wal(wal)
    assert report.status is WalStatus.DAMAGED, report
    assert report.bad_offset == before_last
    assert report.detail.endswith(f"commit at frame {count})")


def test_damage_in_a_restarted_wal_is_seen_through_stale_frames(tmp_path: Path) -> None:
    with _live_db(tmp_path / "live") as con:
        _insert(con, 10, size=3000)
        con.execute("PRAGMA wal_checkpoint(RESTART)")
        _insert(con, 3, size=3000, tag="after-restart")
        wal = _snapshot(tmp_path / "live", tmp_path / "copy")
    assert check_wal(wal).status is WalStatus.OK
    _flip(wal, _frame_offset(wal, 1) + 24 + 50)
    report = check_wal(wal)
    assert report.status is WalStatus.DAMAGED, report
    assert report.bad_offset == 32


# --- interrupted writes -------------------------------------------------------------------


def test_truncated_mid_last_frame_is_torn_tail(wal: Path, tmp_path: Path) -> None:
    count = _frame_count(wal)
    last = _frame_offset(wal, count)
    with wal.open("r+b") as f:
        f.truncate(last + 24 + 1000)
    report = check_wal(wal)
    _rows, sqlite_frames = _sqlite_view(wal, tmp_path / "view")
    assert report.status is WalStatus.TORN_TAIL, report
    assert report.bad_offset == last
    assert report.valid_frames == count - 1
    assert report.committed_frames == sqlite_frames


def test_truncated_mid_frame_header_is_torn_tail(wal: Path) -> None:
    last = _frame_offset(wal, _frame_count(wal))
    with wal.open("r+b") as f:
        f.truncate(last + 10)
    assert check_wal(wal).status is WalStatus.TORN_TAIL


def test_bad_page_in_the_last_frame_is_torn_tail(wal: Path, tmp_path: Path) -> None:
    # Header written, page not (or not all): indistinguishable from a flip in that page,
    # and the transaction it would have committed never finished. SQLite drops it.
    count = _frame_count(wal)
    last = _frame_offset(wal, count)
    _flip(wal, last + 24 + 5)
    report = check_wal(wal)
    _rows, sqlite_frames = _sqlite_view(wal, tmp_path / "view")
    assert report.status is WalStatus.TORN_TAIL, report
    assert report.bad_offset == last
    assert report.committed_frames == sqlite_frames < count


# --- SQLCipher and size -------------------------------------------------------------------


@pytest.mark.skipif(not HAS_SQLCIPHER, reason="sqlcipher3 is not installed")
def test_encrypted_sqlcipher_wal(tmp_path: Path) -> None:
    with _live_db(tmp_path / "live", _cipher) as con:
        _insert(con, 12, tag="secret-marker")
        wal = _snapshot(tmp_path / "live", tmp_path / "copy")
    assert b"secret-marker" not in wal.read_bytes()  # the frames hold ciphertext

    report = check_wal(wal)
    rows, sqlite_frames = _sqlite_view(wal, tmp_path / "view", _cipher)
    assert rows == 12
    assert report.status is WalStatus.OK, report
    assert report.committed_frames == sqlite_frames == _frame_count(wal)

    frame2 = _frame_offset(wal, 2)
    _flip(wal, frame2 + 24 + 2000)
    report = check_wal(wal)
    assert report.status is WalStatus.DAMAGED, report
    assert report.bad_offset == frame2
    rows_after, _ = _sqlite_view(wal, tmp_path / "view-after", _cipher)
    assert rows_after < 12  # SQLCipher drops them silently too


def test_multi_megabyte_wal(tmp_path: Path) -> None:
    with _live_db(tmp_path / "live") as con:
        con.execute("BEGIN")
        _insert(con, 1200, size=3000)
        con.execute("COMMIT")
        _insert(con, 3)
        wal = _snapshot(tmp_path / "live", tmp_path / "copy")
    assert wal.stat().st_size > 4 * 1024 * 1024
    report = check_wal(wal)
    assert report.status is WalStatus.OK, report
    assert report.committed_frames == _frame_count(wal)

    # Inside the big transaction: the bad frame is no commit frame; its commit comes later.
    middle = _frame_offset(wal, 500)
    _flip(wal, middle + 24 + 1234)
    report = check_wal(wal)
    assert report.status is WalStatus.DAMAGED, report
    assert (report.bad_offset, report.valid_frames, report.committed_frames) == (middle, 499, 0)
