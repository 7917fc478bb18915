"""The worker side of photo import: read one file and process it, in a process of its own.

Started by `photos.import_photos` with the spawn or forkserver method (never fork: the app has
threads), so this module imports only the pipeline, no database and no Qt. A worker gets a path
and sends back the clean photo or a reason code through the pool's pipe; it writes nothing,
decoded or not, anywhere.
"""

from __future__ import annotations

import ctypes
import functools
import os
import sys

from carer_app.services.photo_processing import PhotoRejected, ProcessedPhoto, process_photo

MAX_FILE_BYTES = 80 * 1024 * 1024
TOO_LARGE = "too_large"
UNREADABLE = "unreadable"
_M_TRIM_THRESHOLD = -1  # glibc's malloc.h
_M_MMAP_THRESHOLD = -3
_MiB = 1024 * 1024


@functools.cache
def _glibc() -> ctypes.CDLL | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None)
        libc.mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
        libc.malloc_trim.argtypes = [ctypes.c_size_t]
    except (OSError, AttributeError):  # not a glibc we can reach: only slower
        return None
    return libc


def keep_freed_memory(mmap_threshold: int, trim_threshold: int) -> None:
    """Let this process reuse the memory one photo freed for the next (glibc; else nothing).

    A photo passes through a few buffers of its own size (the file, the clean copy, the pickled
    result, the pipe's chunks). By default glibc hands each back to the system when freed and
    faults it in again for the next photo, page by page: some 1,600 page faults, about 5 ms, per
    12 MP photo on each side of the pipe, more than hashing it. Both values stay within what
    glibc's own adaptive thresholds reach (32 MB, and twice that); larger buffers still go
    straight back.
    """
    libc = _glibc()
    if libc is not None:
        libc.mallopt(_M_MMAP_THRESHOLD, mmap_threshold)
        libc.mallopt(_M_TRIM_THRESHOLD, trim_threshold)


def release_freed_memory() -> None:
    """Hand what is free back to the system (after a batch)."""
    libc = _glibc()
    if libc is not None:
        libc.malloc_trim(0)


def start_worker() -> None:
    """Pool initializer. A worker lives for one batch: it keeps what it frees."""
    keep_freed_memory(32 * _MiB, 64 * _MiB)


def read_and_process(path: str) -> ProcessedPhoto | str:
    """The processed photo, or the code of the reason it will not be imported."""
    try:
        with open(path, "rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            if size > MAX_FILE_BYTES:
                return TOO_LARGE
            # Ask for the known size (asking for the cap would allocate 80 MB every time); one
            # byte more notices a file still growing, which is then read on up to the cap.
            data = fh.read(size + 1)
            if len(data) > size:
                data += fh.read(MAX_FILE_BYTES + 1 - len(data))
        if len(data) > MAX_FILE_BYTES:
            return TOO_LARGE
        return process_photo(data, filename=os.path.basename(path))
    except PhotoRejected as exc:
        return str(exc.reason)
    except OSError:
        return UNREADABLE
