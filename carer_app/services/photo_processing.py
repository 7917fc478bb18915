"""Pure photo intake: sniff, decode safely, orient, strip metadata, re-encode, thumbnail, hash.

Plain upright JPEGs (the bulk of any camera roll) are not re-encoded: their metadata segments are
cut out and the entropy-coded data kept byte for byte (lossless, and about four times faster), then
the clean file is proved whole by a reduced-size decode that also gives the thumbnail.
"""

from __future__ import annotations

import functools
import hashlib
import io
import re
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePath
from typing import Final

from PIL import Image, ImageCms

from carer_app.services.jpeg_layout import jpeg_layout
from carer_app.services.photo_rejections import PhotoRejected as PhotoRejected
from carer_app.services.photo_rejections import RejectReason as RejectReason

MAX_INPUT_BYTES: Final = 80 * 1024 * 1024
# Our own ceiling, below Pillow's default (about 89 MP), checked on the declared size before
# any pixel is decoded. Checked explicitly instead of lowering Image.MAX_IMAGE_PIXELS, which is
# process-wide and would also apply to whatever another thread is decoding at that moment.
MAX_PIXELS: Final = 80_000_000
THUMBNAIL_SIZE: Final = 256
JPEG_QUALITY: Final = 90
THUMBNAIL_QUALITY: Final = 85
# Difference hashes at most this many bits apart are taken for the same picture.
DUPLICATE_MAX_DISTANCE: Final = 6

SUPPORTED_FORMATS: Final = frozenset({"JPEG", "PNG", "WEBP", "HEIF", "GIF"})
SUPPORTED_EXTENSIONS: Final = frozenset(
    {".jpg", ".jpeg", ".jpe", ".jfif", ".png", ".webp", ".heic", ".heif", ".hif", ".gif"}
)
# Image files we recognise by name only to say "unsupported" rather than "not a picture".
_UNSUPPORTED_IMAGE_EXTENSIONS: Final = frozenset(
    {".bmp", ".tif", ".tiff", ".avif", ".jxl", ".jp2", ".psd", ".svg", ".ico"}
) | frozenset({".dng", ".cr2", ".cr3", ".nef", ".arw", ".orf", ".rw2", ".raf"})

# Pillow plugin formats each sniffed format may open as (JPEG with a multi-picture index is "MPO").
_PLUGIN_FORMATS: Final = {
    "JPEG": ("JPEG", "MPO"),
    "PNG": ("PNG",),
    "WEBP": ("WEBP",),
    "HEIF": ("HEIF",),
    "GIF": ("GIF",),
}
_HEIF_BRANDS: Final = frozenset({b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"hevm", b"hevs"})
_GENERIC_HEIF_BRANDS: Final = frozenset({b"mif1", b"msf1", b"mif2", b"miaf"})
_AVIF_BRANDS: Final = frozenset({b"avif", b"avis"})
_BMP_HEADER_SIZES: Final = frozenset({12, 40, 52, 56, 64, 108, 124})

_ORIENTATION_TAG: Final = 0x0112
_EXIF_IFD: Final = 0x8769
_DATETIME_TAGS: Final = ((_EXIF_IFD, 0x9003), (_EXIF_IFD, 0x9004), (None, 0x0132))
_EXIF_DATETIME = re.compile(r"^\s*(\d{4})[:-](\d{2})[:-](\d{2})[ T](\d{2}):(\d{2}):(\d{2})")
_TRANSPOSE: Final = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}




@dataclass(frozen=True)
class ProcessedPhoto:
    image_bytes: bytes
    content_type: str
    width: int
    height: int
    thumbnail_bytes: bytes
    thumb_width: int
    thumb_height: int
    taken_at: datetime | None
    pixel_hash: str
    sha256: str
    source_format: str


def sniff_format(data: bytes) -> str | None:
    """Name the image format from its leading bytes (Pillow's names), or None if not an image."""
    head = bytes(data[:64])
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "GIF"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    if head[4:8] == b"ftyp":
        return _sniff_iso_media(bytes(data[:512]))
    if head[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"):
        return "TIFF"  # camera raw files (DNG, CR2, NEF, ARW) are TIFF underneath
    if head[:4] in (b"IIRO", b"IIRS", b"IIU\x00") or head.startswith(b"FUJIFILMCCD-RAW"):
        return "RAW"
    if head[:2] == b"BM" and int.from_bytes(head[14:18], "little") in _BMP_HEADER_SIZES:
        return "BMP"
    if head[:4] == b"8BPS":
        return "PSD"
    if head.startswith((b"\xff\x0a", b"\x00\x00\x00\x0cJXL \r\n\x87\n")):
        return "JPEG XL"
    if head.startswith((b"\x00\x00\x00\x0cjP  \r\n\x87\n", b"\xff\x4f\xff\x51")):
        return "JPEG2000"
    text = bytes(data[:1024]).lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith(b"<") and b"<svg" in text:
        return "SVG"
    return None


def _sniff_iso_media(head: bytes) -> str | None:
    box_end = min(int.from_bytes(head[:4], "big"), len(head))
    major = head[8:12]
    compatible = {head[i : i + 4] for i in range(16, box_end - 3, 4)}
    if major in _HEIF_BRANDS:
        return "HEIF"
    if major in _AVIF_BRANDS:
        return "AVIF"
    if major in _GENERIC_HEIF_BRANDS:
        if compatible & _AVIF_BRANDS and not compatible & _HEIF_BRANDS:
            return "AVIF"
        return "HEIF"
    if major == b"crx ":
        return "RAW"
    if major == b"jp2 ":
        return "JPEG2000"
    return None  # MP4, MOV, 3GP...: a video is not a photo


_heif_lock = threading.Lock()
_heif_registered = False


def _ensure_heif_opener() -> None:
    global _heif_registered
    if _heif_registered:
        return
    with _heif_lock:
        if not _heif_registered:
            from pillow_heif import register_heif_opener

            register_heif_opener()
            _heif_registered = True


def _check_input(data: bytes, filename: str) -> str:
    if not data:
        raise PhotoRejected(RejectReason.EMPTY, "0 bytes")
    if len(data) > MAX_INPUT_BYTES:
        raise PhotoRejected(RejectReason.TOO_LARGE, f"{len(data)} bytes > {MAX_INPUT_BYTES}")
    fmt = sniff_format(data)
    if fmt is None:
        if not data[:64].strip(b"\x00") and data.count(0) == len(data):
            raise PhotoRejected(RejectReason.EMPTY, "only zero bytes")
        if PurePath(filename).suffix.lower() in _UNSUPPORTED_IMAGE_EXTENSIONS:
            raise PhotoRejected(RejectReason.UNSUPPORTED_FORMAT, "unrecognised content")
        raise PhotoRejected(RejectReason.NOT_AN_IMAGE, "no known image signature")
    if fmt not in SUPPORTED_FORMATS:
        raise PhotoRejected(RejectReason.UNSUPPORTED_FORMAT, fmt)
    return fmt


def _looks_truncated(data: bytes, fmt: str) -> bool:
    tail = bytes(data[-64:]).rstrip(b"\x00")
    if fmt == "JPEG":
        return b"\xff\xd9" not in tail
    if fmt == "PNG":
        return b"IEND" not in tail
    if fmt == "GIF":
        return not tail.endswith(b";")
    if fmt == "WEBP":
        return int.from_bytes(data[4:8], "little") + 8 > len(data)
    return False


@contextmanager
def _decoding(data: bytes, fmt: str) -> Iterator[None]:
    """Turn whatever a decoder raises on hostile or damaged input into a PhotoRejected."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        # Decoders warn about damaged metadata they skipped; the caller gets a result or a reason.
        warnings.simplefilter("ignore", UserWarning)
        try:
            yield
        except PhotoRejected:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning, MemoryError) as exc:
            raise PhotoRejected(RejectReason.TOO_LARGE, type(exc).__name__) from exc
        except Exception as exc:  # decoders raise many kinds on malformed data; none may escape
            detail = f"{type(exc).__name__}: {exc}"[:200]
            truncated = isinstance(exc, EOFError) or "truncated" in str(exc).lower()
            if truncated or _looks_truncated(data, fmt):
                raise PhotoRejected(RejectReason.TRUNCATED, detail) from exc
            raise PhotoRejected(RejectReason.BROKEN, detail) from exc


def _check_size(size: tuple[int, int]) -> None:
    width, height = size
    if width <= 0 or height <= 0:
        raise PhotoRejected(RejectReason.BROKEN, f"size {width}x{height}")
    if width * height > MAX_PIXELS:
        raise PhotoRejected(RejectReason.TOO_LARGE, f"{width}x{height} > {MAX_PIXELS} pixels")


def _open(data: bytes, fmt: str) -> Image.Image:
    if fmt == "HEIF":
        _ensure_heif_opener()
    # Only the sniffed format's plugin may parse the bytes: no other decoder is exposed.
    image = Image.open(io.BytesIO(data), formats=[fmt])
    if image.format not in _PLUGIN_FORMATS[fmt]:
        raise PhotoRejected(RejectReason.BROKEN, f"opened as {image.format}")
    _check_size(image.size)
    return image


def _orientation_and_date(image: Image.Image) -> tuple[int, datetime | None]:
    try:
        exif = image.getexif()
    except Exception:  # a damaged EXIF block costs the date and orientation, not the photo
        return 1, None
    orientation = exif.get(_ORIENTATION_TAG, 1)
    if not isinstance(orientation, int) or orientation not in _TRANSPOSE:
        orientation = 1
    taken_at = None
    for ifd, tag in _DATETIME_TAGS:
        try:
            value = exif.get_ifd(ifd).get(tag) if ifd is not None else exif.get(tag)
        except Exception:  # a damaged sub-IFD: try the next tag
            value = None
        taken_at = _parse_exif_datetime(value)
        if taken_at is not None:
            break
    return orientation, taken_at


def _parse_exif_datetime(value: object) -> datetime | None:
    """EXIF local wall-clock time, kept naive: the timeline shows when, not which time zone."""
    if isinstance(value, bytes):
        value = value.decode("ascii", "replace")
    if not isinstance(value, str):
        return None
    match = _EXIF_DATETIME.match(value)
    if match is None:
        return None
    try:
        year, month, day, hour, minute, second = (int(part) for part in match.groups())
        return datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None


def _srgb_from_profile(image: Image.Image, icc: bytes, mode: str) -> Image.Image | None:
    """Convert to sRGB through the embedded profile; None when it is sRGB or unusable."""
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        if "srgb" in ImageCms.getProfileDescription(source).lower() and image.mode != "CMYK":
            return None
        converted = ImageCms.profileToProfile(image, source, _srgb_profile(), outputMode=mode)
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return None  # colour a little off beats refusing the photo
    return converted


@functools.cache
def _srgb_profile() -> ImageCms.ImageCmsProfile:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def _to_display_mode(image: Image.Image) -> Image.Image:
    """Return an L, RGB or RGBA image in sRGB; RGBA only when some pixel is transparent."""
    icc = image.info.get("icc_profile")
    mode = image.mode
    if mode in ("I;16", "I;16L", "I;16B", "I;16N", "I"):
        # Pillow clips 16-bit grey to 8 bits instead of scaling it.
        image = image.convert("I").point(lambda value: value * (1 / 257)).convert("L")
    elif mode == "F":
        image = image.point(lambda value: value * 255).convert("L")
    elif mode == "1":
        image = image.convert("L")
    elif mode == "CMYK":
        converted = _srgb_from_profile(image, icc, "RGB") if icc else None
        image = converted if converted is not None else image.convert("RGB")
        icc = None
    elif mode not in ("L", "RGB", "RGBA", "LA", "P", "PA", "La", "RGBa"):
        image = image.convert("RGB")

    if image.mode in ("LA", "P", "PA", "La", "RGBa", "RGBA") or "transparency" in image.info:
        image = image.convert("RGBA")
        if image.getchannel("A").getextrema()[0] == 255:
            image = image.convert("RGB")

    if icc and image.mode in ("RGB", "RGBA"):
        converted = _srgb_from_profile(image, icc, image.mode)
        if converted is not None:
            image = converted
    return image


def _decode(
    data: bytes, fmt: str, draft_size: int | None = None, embedded: bool = False
) -> tuple[Image.Image, datetime | None]:
    """Decode to an oriented, display-mode image; draft_size asks for a reduced decode."""
    with _decoding(data, fmt):
        # Not closed on purpose: the bytes are in memory, and closing frees the decoded pixels.
        image = _open(data, fmt)
        if draft_size is not None and (fmt == "JPEG" or (fmt == "HEIF" and embedded)):
            # The final thumbnail box, not a square: JPEG then decodes at 1/2, 1/4 or 1/8 scale
            # (pixels of the main image); HEIF may pick a phone's embedded 320 x 240 thumbnail.
            image.draft(None, _fit(*image.size, draft_size))
        image.load()
        _check_size(image.size)
        orientation, taken_at = _orientation_and_date(image)
        if orientation in _TRANSPOSE:
            image = image.transpose(_TRANSPOSE[orientation])
        image = _to_display_mode(image)
    image.info = {}  # nothing of the source (EXIF, XMP, ICC, comments, text) may be saved again
    return image, taken_at


def _fit(width: int, height: int, size: int) -> tuple[int, int]:
    if width <= size and height <= size:
        return width, height
    if width >= height:
        return size, max(1, round(height * size / width))
    return max(1, round(width * size / height)), size


def _encode(image: Image.Image, quality: int) -> tuple[bytes, str]:
    image.info = {}
    buffer = io.BytesIO()
    if image.mode == "RGBA":
        image.save(buffer, "PNG")
        return buffer.getvalue(), "image/png"
    image.save(buffer, "JPEG", quality=quality)
    return buffer.getvalue(), "image/jpeg"


def difference_hash(image: Image.Image) -> str:
    """64-bit difference hash (hex): survives re-encoding and resizing, not cropping."""
    if image.mode == "RGBA":
        backdrop = Image.new("RGBA", image.size, (255, 255, 255, 255))
        backdrop.alpha_composite(image)
        image = backdrop
    small = image.convert("L").resize((9, 8), Image.Resampling.BOX)
    pixels = small.tobytes()
    bits = 0
    for row in range(8):
        for column in range(8):
            left, right = pixels[row * 9 + column], pixels[row * 9 + column + 1]
            bits = (bits << 1) | (right > left)
    return f"{bits:016x}"


def hash_distance(hash_a: str, hash_b: str) -> int:
    return (int(hash_a, 16) ^ int(hash_b, 16)).bit_count()


def is_probable_duplicate(hash_a: str, hash_b: str, max_distance: int = DUPLICATE_MAX_DISTANCE) -> bool:
    return hash_distance(hash_a, hash_b) <= max_distance



@functools.lru_cache(maxsize=32)
def _is_srgb_profile(icc: bytes) -> bool:
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        return "srgb" in ImageCms.getProfileDescription(profile).lower()
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return False


def _process_plain_jpeg(data: bytes) -> ProcessedPhoto | None:
    """The lossless path; None when the JPEG needs the decode-and-re-encode path instead.

    Taken when the JPEG is 8-bit Huffman (baseline or progressive), YCbCr or grey, upright
    (EXIF orientation 1 or none) and untagged or tagged sRGB. Rotated, CMYK, RGB-stored and
    wide-gamut photos are re-encoded: their pixels must change to look right without metadata.
    """
    fmt = "JPEG"
    with _decoding(data, fmt):
        source = _open(data, fmt)  # header only: size checked, no pixel decoded
        orientation, taken_at = _orientation_and_date(source)
        icc = source.info.get("icc_profile")
        if orientation != 1 or source.mode not in ("RGB", "L") or (icc and not _is_srgb_profile(icc)):
            return None
        layout = jpeg_layout(data)
        if layout is None or layout.precision != 8 or not layout.is_ycbcr_or_grey():
            return None
        clean = layout.rebuild(data)
        # The proof that the kept data is whole: decode every scan (at 1/8 scale, which still
        # reads every coefficient). Truncation raises here because LOAD_TRUNCATED_IMAGES is off.
        image = _open(clean, fmt)
        if image.format != "JPEG" or image.size != source.size or image.mode != source.mode:
            raise PhotoRejected(RejectReason.BROKEN, "headers disagree after cleaning")
        width, height = image.size
        box = _fit(width, height, THUMBNAIL_SIZE)
        image.draft(None, box)
        image.load()
        thumb = image if image.size == box else image.resize(box, Image.Resampling.BOX)
        thumbnail_bytes, _ = _encode(thumb, THUMBNAIL_QUALITY)
    return ProcessedPhoto(
        image_bytes=clean,
        content_type="image/jpeg",
        width=width,
        height=height,
        thumbnail_bytes=thumbnail_bytes,
        thumb_width=thumb.width,
        thumb_height=thumb.height,
        taken_at=taken_at,
        pixel_hash=difference_hash(thumb),
        sha256=hashlib.sha256(data).hexdigest(),
        source_format=fmt,
    )


def process_photo(data: bytes, *, filename: str = "") -> ProcessedPhoto:
    """Clean copy, thumbnail, capture date and hashes of one photo, or PhotoRejected.

    ``filename`` only refines the reason for unrecognised content; it is never logged or kept.
    """
    fmt = _check_input(data, filename)
    if fmt == "JPEG":
        plain = _process_plain_jpeg(data)
        if plain is not None:
            return plain
    image, taken_at = _decode(data, fmt)
    with _decoding(data, fmt):
        thumb = image.resize(_fit(*image.size, THUMBNAIL_SIZE), Image.Resampling.LANCZOS, reducing_gap=3.0)
        image_bytes, content_type = _encode(image, JPEG_QUALITY)
        thumbnail_bytes, _ = _encode(thumb, THUMBNAIL_QUALITY)
    return ProcessedPhoto(
        image_bytes=image_bytes,
        content_type=content_type,
        width=image.width,
        height=image.height,
        thumbnail_bytes=thumbnail_bytes,
        thumb_width=thumb.width,
        thumb_height=thumb.height,
        taken_at=taken_at,
        pixel_hash=difference_hash(thumb),
        sha256=hashlib.sha256(data).hexdigest(),
        source_format=fmt,
    )


def make_thumbnail(
    data: bytes,
    size: int = THUMBNAIL_SIZE,
    *,
    filename: str = "",
    use_embedded_thumbnail: bool = False,
) -> tuple[bytes, int, int]:
    """Metadata-free thumbnail (longest side ``size``) by the fast reduced-decode path.

    ``use_embedded_thumbnail`` lets a HEIC's own preview stand in for its pixels (about 100 times
    faster for phone photos). Only for transient previews: an editing app may have left a stale
    preview that still shows what was cropped or blurred out of the photo.
    """
    fmt = _check_input(data, filename)
    image, _ = _decode(data, fmt, draft_size=size, embedded=use_embedded_thumbnail)
    with _decoding(data, fmt):
        image.thumbnail((size, size), Image.Resampling.BICUBIC)
        thumbnail_bytes, _ = _encode(image, THUMBNAIL_QUALITY)
    return thumbnail_bytes, image.width, image.height
