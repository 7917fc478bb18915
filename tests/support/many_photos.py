"""Thousands of photo rows in a second, for gallery tests and benchmarks (rows only, no image files).

Importing 5,000 photos through `store_processed` writes 5,000 encrypted files and commits 5,000
times (about 13 ms each here, over a minute); the gallery never reads the full images, so these
rows carry a real thumbnail and point at blob rows whose files do not exist.
"""

from __future__ import annotations

import io
import random
import secrets
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from PIL import Image, ImageDraw
from sqlalchemy import insert

from carer_app.storage.models import Blob, Photo, PhotoThumbnail

DISTINCT = 32


def thumbnails(count: int = DISTINCT) -> list[bytes]:
    """Small JPEGs like the import makes (256 px wide, quality 85), each a different scene."""
    made = []
    for index in range(count):
        rng = random.Random(index)
        image = Image.new("RGB", (256, 192), tuple(rng.randrange(256) for _ in range(3)))
        draw = ImageDraw.Draw(image)
        for _ in range(8):
            x, y = rng.randrange(256), rng.randrange(192)
            draw.ellipse((x, y, x + rng.randrange(20, 120), y + rng.randrange(20, 90)),
                         fill=tuple(rng.randrange(256) for _ in range(3)))
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=85)
        made.append(buffer.getvalue())
    return made


def add_photo_rows(vault: Any, child_id: str, count: int, thumbs: list[bytes] | None = None) -> None:
    """`count` photos of `child_id`, captioned "Photo 0".. in timeline order, every tenth undated."""
    thumbs = thumbs or thumbnails()
    start = datetime(2015, 1, 1, tzinfo=UTC)
    now = datetime.now(UTC)
    blobs, photos = [], []
    for index in range(count):
        blob_id = str(uuid.uuid4())
        blobs.append({
            "id": blob_id, "file_name": secrets.token_hex(16) + ".blob",
            "key": secrets.token_bytes(32), "size": 1, "sha256": secrets.token_hex(32),
            "content_type": "image/jpeg", "created_at": now,
        })
        photos.append({
            "id": str(uuid.uuid4()), "child_id": child_id, "blob_id": blob_id,
            "width": 4000, "height": 3000,
            "taken_at": None if index % 10 == 9 else start + timedelta(hours=17 * index),
            "caption": f"Photo {index}", "source_sha256": secrets.token_hex(32),
            "pixel_hash": f"{random.Random(index).getrandbits(64):016x}", "created_at": now,
            "updated_at": now, "version": 1, "author_id": vault.user_id,
        })
    with vault.session() as session:
        session.execute(insert(Blob), blobs)
        session.execute(insert(Photo), photos)
        session.execute(insert(PhotoThumbnail), [
            {"photo_id": photo["id"], "data": thumbs[index % len(thumbs)]}
            for index, photo in enumerate(photos)
        ])
        session.commit()
