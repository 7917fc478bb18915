"""Crash-safe file replacement: temp name in the same folder, fsync, rename, fsync the folder."""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

TEMP_PREFIX = ".tmp-"

# A hook the crash tests use to stop a writer between the fsync and the rename.
_before_rename: Callable[[Path, Path], None] | None = None


def fsync_dir(folder: Path) -> None:
    """Make a rename or unlink in `folder` durable (a no-op where the platform has no dir fds)."""
    if os.name == "nt":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def temp_path_for(target: Path) -> Path:
    return target.with_name(f"{TEMP_PREFIX}{target.name}.{secrets.token_hex(6)}")


@contextlib.contextmanager
def atomic_writer(target: Path) -> Iterator[BinaryIO]:
    """Yield a file to write; on success it replaces `target` atomically, else it is removed."""
    tmp = temp_path_for(target)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    fh = os.fdopen(fd, "wb")
    try:
        yield fh
        fh.flush()
        os.fsync(fh.fileno())
        fh.close()
        if _before_rename is not None:
            _before_rename(tmp, target)
        os.replace(tmp, target)
        fsync_dir(target.parent)
    except BaseException:
        fh.close()
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise


def atomic_write_bytes(target: Path, data: bytes) -> None:
    with atomic_writer(target) as fh:
        fh.write(data)


def sweep_temp_files(folder: Path) -> list[Path]:
    """Remove temp files a crashed writer left behind; return what was removed."""
    removed: list[Path] = []
    if not folder.is_dir():
        return removed
    for entry in folder.iterdir():
        if entry.name.startswith(TEMP_PREFIX) and entry.is_file():
            entry.unlink()
            removed.append(entry)
    if removed:
        fsync_dir(folder)
    return removed
