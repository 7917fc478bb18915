"""Decoding pictures off the GUI thread with Pillow, handing Qt only finished pixels.

Why not `QImage.fromData` in a worker: PySide holds the GIL through that call, and Qt's image
plugins can take Qt's signal-slot lock while they probe a format (the SVG plugin connects a
signal). When the GUI thread holds that lock and calls into Python (PySide does, on disconnect),
each waits for the other for ever; the gallery tests hit it. Pillow releases the GIL while it
decodes, and a QImage built from raw pixels takes no Qt lock. Nothing is written anywhere.
"""

from __future__ import annotations

import io

from PIL import Image
from PySide6.QtGui import QImage

# Photos in the vault were checked at import (80 MP at most); anything larger is not ours.
MAX_PIXELS = 80_000_000


def _open(data: bytes) -> Image.Image | None:
    try:
        image = Image.open(io.BytesIO(data))
        width, height = image.size
        if width * height > MAX_PIXELS:
            return None
        return image
    except Exception:
        return None


def _qimage(image: Image.Image) -> QImage:
    """Pixels copied into a QImage's own memory, four bytes a pixel (so rows need no padding).

    Not `QImage(bytes, ...)`: PySide ties the Python buffer's lifetime to that image, and doing so
    from worker threads corrupted reference counts here (a crash in the benchmark).
    """
    if image.mode == "RGBA":
        raw, fmt = image.tobytes("raw", "RGBA"), QImage.Format.Format_RGBA8888
    else:
        raw, fmt = image.convert("RGBX").tobytes("raw", "RGBX"), QImage.Format.Format_RGBX8888
    width, height = image.size
    target = QImage(width, height, fmt)
    if target.isNull() or target.bytesPerLine() != width * 4:
        return QImage()
    pixels = target.bits()
    if not isinstance(pixels, memoryview) or len(pixels) < len(raw):
        return QImage()
    pixels[: len(raw)] = raw
    return target


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA", "La", "RGBa") or "transparency" in image.info


def square_thumbnail(data: bytes, side: int) -> QImage:
    """Fit into `side` x `side` on transparency, centred across and standing on the bottom edge
    (so every picture sits just above its caption); a null image if the bytes do not decode."""
    image = _open(data)
    if image is None:
        return QImage()
    try:
        image.draft("RGB", (side, side))  # JPEG: decode at a reduced size straight away
        picture = image.convert("RGBA")
        picture.thumbnail((side, side), Image.Resampling.BICUBIC)
        canvas = Image.new("RGBA", (side, side), (0, 0, 0, 0))
        canvas.paste(picture, ((side - picture.width) // 2, side - picture.height))
        return _qimage(canvas)
    except Exception:
        return QImage()
    finally:
        image.close()


def full_picture(data: bytes) -> QImage:
    """The whole photo at its own size; a null image if the bytes do not decode."""
    image = _open(data)
    if image is None:
        return QImage()
    try:
        return _qimage(image.convert("RGBA" if _has_alpha(image) else "RGBX"))
    except Exception:
        return QImage()
    finally:
        image.close()
