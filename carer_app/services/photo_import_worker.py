"""The worker side of photo import: read one file and process it, in a process of its own.

Started by `photos.import_photos` with the spawn or forkserver method (never fork: the app has
threads), so this module imports only the pipeline, no database and no Qt. A worker gets a path
and sends back the clean photo or a reason code through the pool's pipe; it writes nothing,
decoded or not, anywhere.
"""

from __future__ import annotations

import os

from carer_app.services.photo_processing import PhotoRejected, ProcessedPhoto, process_photo

MAX_FILE_BYTES = 80 * 1024 * 1024
TOO_LARGE = "too_large"
UNREADABLE = "unreadable"


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
