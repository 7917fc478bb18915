"""Generated photo corpus (no real photos): edge cases, hostile files, demo and benchmark images."""

from __future__ import annotations

import functools
import io
import os
import random
import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import pillow_heif
from PIL import Image, ImageCms, ImageDraw, PngImagePlugin

pillow_heif.register_heif_opener()

OK = "ok"
TRUE_SIZE = (120, 80)  # the upright picture behind every orientation case: landscape
RED, GREEN, BLUE, WHITE = (255, 0, 0), (0, 200, 0), (0, 0, 255), (255, 255, 255)
# Where each marker block sits in the upright picture, as (box, colour, probe point).
MARKERS = (
    ((0, 0, 30, 20), RED, (10, 8)),
    ((90, 0, 120, 20), GREEN, (110, 8)),
    ((0, 60, 30, 80), BLUE, (10, 72)),
)
CAPTURE_TIME = datetime(2023, 12, 25, 8, 15, 30)

# Strings planted in metadata that must never come out of the pipeline.
LEAK_CANARIES = (
    b"12 Example Street",
    b"Exampletown",
    b"SN-0042-TOPSECRET",
    b"LENS-77-SECRET",
    b"AcmeCam",
    b"Snapper 3000",
    b"J. Carer",
)
# Byte patterns that betray metadata containers in an output file.
METADATA_MARKERS = (b"Exif", b"http://ns.adobe.com/xap", b"GPS", b"Photoshop 3.0", b"ICC_PROFILE")

# Inverse of each EXIF orientation: how a camera stores the upright picture.
_STORE = {
    1: None,
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_90,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_270,
}


@dataclass(frozen=True)
class CorpusCase:
    name: str
    filename: str
    data: bytes
    expected: str  # OK, or the reject reason code
    note: str


# --- metadata builders ----------------------------------------------------------------------


def leaky_exif(*, orientation: int = 1, when: datetime = CAPTURE_TIME) -> Image.Exif:
    """EXIF as a phone writes it: device, owner, serial numbers, maker note, GPS fix."""
    exif = Image.Exif()
    exif[0x010F] = "AcmeCam"  # Make
    exif[0x0110] = "Snapper 3000"  # Model
    exif[0x013B] = "J. Carer"  # Artist
    exif[0x0131] = "AcmeCam firmware 1.2"  # Software
    exif[0x0132] = "2024:01:02 03:04:05"  # DateTime (file changed), later than capture
    exif[0x0112] = orientation
    sub = exif.get_ifd(0x8769)
    sub[0x9003] = when.strftime("%Y:%m:%d %H:%M:%S")  # DateTimeOriginal
    sub[0x9011] = "+01:00"  # OffsetTimeOriginal
    sub[0x927C] = b"ACME\x00\x01" + b"SN-0042-TOPSECRET" + b"\x00" * 16  # MakerNote
    sub[0xA430] = "J. Carer"  # CameraOwnerName
    sub[0xA431] = "SN-0042-TOPSECRET"  # BodySerialNumber
    sub[0xA435] = "LENS-77-SECRET"  # LensSerialNumber
    gps = exif.get_ifd(0x8825)
    gps[0x0001] = "N"
    gps[0x0002] = (51.0, 30.0, 26.1)
    gps[0x0003] = "W"
    gps[0x0004] = (0.0, 7.0, 39.9)
    gps[0x0006] = 35.5  # altitude
    return exif


def leaky_xmp() -> bytes:
    return (
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
        b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        b'<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" '
        b'xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" '
        b'xmlns:tiff="http://ns.adobe.com/tiff/1.0/" '
        b'exif:GPSLatitude="51,30.435N" exif:GPSLongitude="0,7.665W" '
        b'photoshop:City="Exampletown" tiff:Make="AcmeCam" tiff:Model="Snapper 3000" '
        b'exif:BodySerialNumber="SN-0042-TOPSECRET"/></rdf:RDF></x:xmpmeta>'
    )


def _iptc_location() -> bytes:
    def dataset(number: int, value: bytes) -> bytes:
        return b"\x1c\x02" + bytes([number]) + struct.pack(">H", len(value)) + value

    iptc = dataset(90, b"Exampletown") + dataset(92, b"12 Example Street")
    iptc += b"\x00" * (len(iptc) % 2)
    return b"Photoshop 3.0\x00" + b"8BIM\x04\x04\x00\x00" + struct.pack(">I", len(iptc)) + iptc


def _s15(value: float) -> bytes:
    return struct.pack(">i", round(value * 65536))


def device_icc(*, swap_red_green: bool = False) -> bytes:
    """A v2 RGB matrix profile naming the camera; swapped primaries make colour handling visible."""
    red, green, blue = (0.4361, 0.2225, 0.0139), (0.3851, 0.7169, 0.0971), (0.1431, 0.0606, 0.7141)
    if swap_red_green:
        red, green = green, red
    description = b"AcmeCam Snapper 3000 sensor profile"
    desc = (
        b"desc\x00\x00\x00\x00"
        + struct.pack(">I", len(description) + 1)
        + description
        + b"\x00"
        + b"\x00" * 8
        + b"\x00\x00\x00"
        + b"\x00" * 67
    )
    tags: list[tuple[bytes, bytes]] = [
        (b"desc", desc),
        (b"cprt", b"text\x00\x00\x00\x00No copyright, generated\x00"),
        (b"wtpt", b"XYZ \x00\x00\x00\x00" + _s15(0.9642) + _s15(1.0) + _s15(0.8249)),
        (b"rXYZ", b"XYZ \x00\x00\x00\x00" + b"".join(_s15(v) for v in red)),
        (b"gXYZ", b"XYZ \x00\x00\x00\x00" + b"".join(_s15(v) for v in green)),
        (b"bXYZ", b"XYZ \x00\x00\x00\x00" + b"".join(_s15(v) for v in blue)),
    ]
    curve = b"curv\x00\x00\x00\x00" + struct.pack(">IH", 1, 0x0233) + b"\x00\x00"  # gamma 2.2
    tags += [(b"rTRC", curve), (b"gTRC", curve), (b"bTRC", curve)]
    offset = 128 + 4 + 12 * len(tags)
    table, body = b"", b""
    for signature, data in tags:
        data += b"\x00" * (-len(data) % 4)
        table += signature + struct.pack(">II", offset + len(body), len(data))
        body += data
    size = offset + len(body)
    header = (
        struct.pack(">I", size)
        + b"lcms"
        + bytes.fromhex("02100000")
        + b"mntrRGB XYZ "
        + struct.pack(">6H", 2024, 1, 1, 0, 0, 0)
        + b"acsp"
        + b"APPL"
        + b"\x00" * 4
        + b"ACME"
        + b"SNAP"
        + b"\x00" * 8
        + b"\x00" * 4
        + _s15(0.9642)
        + _s15(1.0)
        + _s15(0.8249)
        + b"ACME"
    )
    header += b"\x00" * (128 - len(header))
    return header + struct.pack(">I", len(tags)) + table + body


def insert_jpeg_segments(jpeg: bytes, segments: list[tuple[int, bytes]]) -> bytes:
    """Insert (marker, payload) segments right after SOI."""
    extra = b"".join(
        b"\xff" + bytes([marker]) + struct.pack(">H", len(payload) + 2) + payload
        for marker, payload in segments
    )
    return jpeg[:2] + extra + jpeg[2:]


# --- pictures -------------------------------------------------------------------------------


def upright_picture() -> Image.Image:
    image = Image.new("RGB", TRUE_SIZE, WHITE)
    draw = ImageDraw.Draw(image)
    for box, colour, _probe in MARKERS:
        draw.rectangle((box[0], box[1], box[2] - 1, box[3] - 1), fill=colour)
    return image


def _scene(size: tuple[int, int], rng: random.Random, shapes: int = 6) -> Image.Image:
    """A gradient sky with random shapes: cheap, distinct, photo-ish content."""
    top = tuple(rng.randrange(256) for _ in range(3))
    bottom = tuple(rng.randrange(256) for _ in range(3))
    mask = Image.linear_gradient("L").rotate(rng.uniform(0, 360)).resize(size)
    image = Image.composite(Image.new("RGB", size, top), Image.new("RGB", size, bottom), mask)
    draw = ImageDraw.Draw(image)
    width, height = size
    for _ in range(shapes):
        colour = tuple(rng.randrange(256) for _ in range(3))
        x0, y0 = rng.randrange(width), rng.randrange(height)
        x1 = x0 + rng.randrange(width // 8, width // 2)
        y1 = y0 + rng.randrange(height // 8, height // 2)
        kind = rng.randrange(3)
        if kind == 0:
            draw.ellipse((x0, y0, x1, y1), fill=colour)
        elif kind == 1:
            draw.rectangle((x0, y0, x1, y1), fill=colour)
        else:
            draw.polygon([(x0, y1), ((x0 + x1) // 2, y0), (x1, y1)], fill=colour)
    return image


def _save(image: Image.Image, fmt: str, **params: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **params)
    return buffer.getvalue()


def oriented_jpeg(orientation: int, *, scale: int = 1) -> bytes:
    """The upright picture (times ``scale``) stored as a camera would for ``orientation``."""
    picture = upright_picture()
    if scale != 1:
        picture = picture.resize((TRUE_SIZE[0] * scale, TRUE_SIZE[1] * scale), Image.Resampling.BOX)
    method = _STORE[orientation]
    stored = picture.transpose(method) if method is not None else picture
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif.get_ifd(0x8769)[0x9003] = CAPTURE_TIME.strftime("%Y:%m:%d %H:%M:%S")
    return _save(stored, "JPEG", quality=95, exif=exif.tobytes())


def leaky_jpeg() -> bytes:
    """Everything a phone might leak: EXIF GPS/serials/maker note, XMP, IPTC, comment, ICC."""
    image = _scene((200, 150), random.Random(7))
    data = _save(
        image,
        "JPEG",
        quality=90,
        exif=leaky_exif().tobytes(),
        icc_profile=device_icc(),
        comment=b"Taken at 12 Example Street",
    )
    return insert_jpeg_segments(
        data,
        [
            (0xE1, b"http://ns.adobe.com/xap/1.0/\x00" + leaky_xmp()),
            (0xED, _iptc_location()),
        ],
    )


def srgb_icc() -> bytes:
    """LittleCMS's built-in sRGB profile ("sRGB built-in"), as many phones and editors embed."""
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def phone_trailer() -> bytes:
    """Bytes a phone appends after EOI (Samsung's SEF block, a Pixel's motion photo): here a
    little JPEG with the full leaky EXIF, so a trailer that survives shows up as GPS and serials."""
    inner = _save(Image.new("RGB", (16, 16), BLUE), "JPEG", exif=leaky_exif().tobytes())
    return b"\x00\x00SEFH\x01\x00\x00\x00" + b"12 Example Street\x00" + inner + b"SEFT"


def plain_leaky_jpeg(
    *, progressive: bool = False, size: tuple[int, int] = (200, 150), seed: int = 8
) -> bytes:
    """An upright (orientation 1) phone JPEG whose every leak is removable without touching the
    pixels: EXIF with GPS, serials and maker note, XMP, IPTC, a comment, an sRGB profile, and a
    trailer after EOI. The lossless path takes it."""
    image = _scene(size, random.Random(seed))
    data = _save(
        image,
        "JPEG",
        quality=90,
        progressive=progressive,
        exif=leaky_exif().tobytes(),
        icc_profile=srgb_icc(),
        comment=b"Taken at 12 Example Street",
    )
    data = insert_jpeg_segments(
        data,
        [
            (0xE1, b"http://ns.adobe.com/xap/1.0/\x00" + leaky_xmp()),
            (0xED, _iptc_location()),
        ],
    )
    return data + phone_trailer()


def jpeg_markers(jpeg: bytes) -> list[tuple[int, int]]:
    """(marker, offset) of every marker up to the first EOI, scans walked through (RSTn left out)."""
    found, offset = [(0xD8, 0)], 2
    while offset + 2 <= len(jpeg):
        if jpeg[offset] != 0xFF or jpeg[offset + 1] == 0xFF:
            offset += 1  # fill bytes
            continue
        marker = jpeg[offset + 1]
        found.append((marker, offset))
        if marker == 0xD9:
            break
        offset += 2 + struct.unpack(">H", jpeg[offset + 2 : offset + 4])[0]
        if marker == 0xDA:  # through the entropy-coded data to the next marker
            while offset + 1 < len(jpeg) and not (
                jpeg[offset] == 0xFF and jpeg[offset + 1] not in (0x00, 0xFF, *range(0xD0, 0xD8))
            ):
                offset += 1
    return found


def scan_offsets(jpeg: bytes) -> list[int]:
    """Offsets of every SOS marker (one per scan; a progressive JPEG has several)."""
    return [offset for marker, offset in jpeg_markers(jpeg) if marker == 0xDA]


def twelve_megapixel_jpeg(*, seed: int = 0, orientation: int = 1, leaky: bool = True) -> bytes:
    """A 4000 x 3000 phone-like JPEG (noise keeps it realistically large) for benchmarks."""
    size = (4000, 3000)
    image = _scene(size, random.Random(seed), shapes=12)
    noise = Image.effect_noise(size, 40).convert("RGB")
    image = Image.blend(image, noise, 0.12)
    exif = leaky_exif(orientation=orientation) if leaky else Image.Exif()
    return _save(image, "JPEG", quality=90, exif=exif.tobytes())


def heic_photo(size: tuple[int, int] = (800, 600), *, thumbnail: int | None = 320, seed: int = 0) -> bytes:
    """A phone-like HEIC: leaky EXIF with orientation 6, 512 px grid tiles, embedded preview."""
    image = _scene(size, random.Random(seed), shapes=10)
    params: dict[str, object] = {"quality": 70, "exif": leaky_exif(orientation=6).tobytes()}
    if thumbnail:
        params["thumbnails"] = [thumbnail]
    if max(size) > 1024:
        params["grid_tile_size"] = 512
    return _save(image, "HEIF", **params)


def twelve_megapixel_heic() -> bytes:
    """4032 x 3024 like an iPhone's (about 20 s to encode on 2 cores: build once per run)."""
    return heic_photo((4032, 3024))


def iter_demo_photos(count: int, *, seed: int = 0, size: tuple[int, int] = (640, 480)) -> Iterator[bytes]:
    """``count`` distinct small JPEGs with capture dates a few days apart, no location."""
    start = datetime(2019, 3, 1, 10, 0, 0)
    for index in range(count):
        image = _scene(size, random.Random(f"{seed}:{index}"))
        exif = Image.Exif()
        when = start + timedelta(days=3 * index, minutes=17 * index)
        exif.get_ifd(0x8769)[0x9003] = when.strftime("%Y:%m:%d %H:%M:%S")
        yield _save(image, "JPEG", quality=88, exif=exif.tobytes())


def _png_with_header(width: int, height: int) -> bytes:
    """A tiny PNG whose header declares ``width`` x ``height`` pixels (a decompression bomb)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 4096))
        + chunk(b"IEND", b"")
    )


def _gif_bomb() -> bytes:
    data = bytearray(_save(Image.new("P", (1, 1)), "GIF"))
    data[6:10] = struct.pack("<HH", 65535, 65535)  # logical screen: 4.29 gigapixels
    return bytes(data)


def _broken_png() -> bytes:
    """Valid chunks and CRCs around an IDAT that is not zlib data."""
    good = _save(_scene((64, 48), random.Random(3)), "PNG")
    chunks = png_chunks(good)
    out = b"\x89PNG\r\n\x1a\n"
    for kind, data in chunks:
        if kind == b"IDAT":
            data = b"\x78\x9c" + bytes(random.Random(5).randrange(256) for _ in range(len(data)))
        out += (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )
    return out


# --- the corpus -----------------------------------------------------------------------------


@functools.cache
def build_corpus() -> tuple[CorpusCase, ...]:
    cases = [
        CorpusCase(
            f"orientation_{n}",
            f"orientation_{n}.jpg",
            oriented_jpeg(n),
            OK,
            f"EXIF orientation {n}; upright picture has red/green/blue corners",
        )
        for n in range(1, 9)
    ]
    rng = random.Random(11)
    scene = _scene((160, 120), rng)
    cases.append(
        CorpusCase(
            "leaky_jpeg",
            "IMG_0001.JPG",
            leaky_jpeg(),
            OK,
            "GPS, maker note, serials, owner, XMP, IPTC city, comment, device ICC",
        )
    )
    cases.append(
        CorpusCase(
            "device_profile",
            "profiled.jpg",
            _save(
                Image.new("RGB", (64, 48), RED),
                "JPEG",
                quality=95,
                icc_profile=device_icc(swap_red_green=True),
            ),
            OK,
            "red pixels under a red/green-swapped ICC profile: sRGB output must be green",
        )
    )
    bad_exif = b"Exif\x00\x00MM\x00*\x00\x00\x00\x08\xff\xff" + b"\x13" * 40
    cases.append(
        CorpusCase(
            "damaged_exif",
            "damaged_exif.jpg",
            insert_jpeg_segments(_save(scene, "JPEG"), [(0xE1, bad_exif)]),
            OK,
            "APP1 Exif block of garbage: photo lands, no date",
        )
    )

    transparent = Image.new("RGBA", (100, 80), (0, 0, 0, 0))
    draw = ImageDraw.Draw(transparent)
    draw.ellipse((20, 10, 80, 70), fill=(*RED, 255))
    draw.rectangle((0, 75, 99, 79), fill=(*BLUE, 128))
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "12 Example Street")
    info.add_itxt("XML:com.adobe.xmp", leaky_xmp().decode())
    cases.append(
        CorpusCase(
            "transparent_png",
            "sticker.png",
            _save(
                transparent,
                "PNG",
                pnginfo=info,
                exif=leaky_exif().tobytes(),
                icc_profile=device_icc(),
            ),
            OK,
            "RGBA with transparent background, text/iTXt/eXIf/iCCP chunks",
        )
    )
    palette = scene.convert("P", palette=Image.Palette.ADAPTIVE, colors=32)
    cases.append(
        CorpusCase(
            "palette_png",
            "palette.png",
            _save(palette, "PNG"),
            OK,
            "palette PNG without transparency: becomes a JPEG",
        )
    )
    ramp = b"".join(struct.pack("<H", x * 257) for x in range(256))
    gray16 = Image.frombytes("I;16", (256, 16), ramp * 16)
    cases.append(
        CorpusCase(
            "gray16_png",
            "scan16.png",
            _save(gray16, "PNG"),
            OK,
            "16-bit greyscale (mode I;16) ramp 0..65535 left to right",
        )
    )
    cmyk = Image.new("CMYK", (80, 60), (0, 255, 255, 0))  # red
    cmyk.paste((255, 255, 0, 0), (40, 0, 80, 60))  # blue
    cases.append(
        CorpusCase(
            "cmyk_jpeg",
            "print.jpg",
            _save(cmyk, "JPEG", quality=95),
            OK,
            "CMYK (Adobe) JPEG, left red, right blue",
        )
    )
    cases.append(
        CorpusCase(
            "grayscale_jpeg",
            "mono.jpg",
            _save(scene.convert("L"), "JPEG"),
            OK,
            "greyscale JPEG stays greyscale",
        )
    )
    heic_picture = upright_picture().transpose(Image.Transpose.ROTATE_90)
    cases.append(
        CorpusCase(
            "heic",
            "IMG_0002.HEIC",
            _save(
                heic_picture,
                "HEIF",
                quality=90,
                exif=leaky_exif(orientation=6).tobytes(),
                xmp=leaky_xmp(),
            ),
            OK,
            "HEIC stored rotated (irot from orientation 6) with GPS EXIF and XMP",
        )
    )
    cases.append(
        CorpusCase(
            "webp",
            "photo.webp",
            _save(
                scene,
                "WEBP",
                quality=85,
                exif=leaky_exif().tobytes(),
                xmp=leaky_xmp(),
                icc_profile=device_icc(),
            ),
            OK,
            "lossy WebP with EXIF, XMP and ICC",
        )
    )
    cases.append(
        CorpusCase(
            "webp_alpha",
            "sticker.webp",
            _save(transparent, "WEBP", lossless=True),
            OK,
            "lossless WebP with alpha: becomes a PNG",
        )
    )
    frames = [Image.new("RGB", (60, 40), colour) for colour in (RED, GREEN, BLUE)]
    cases.append(
        CorpusCase(
            "animated_gif",
            "wave.gif",
            _save(
                frames[0],
                "GIF",
                save_all=True,
                append_images=frames[1:],
                duration=100,
                loop=0,
                comment=b"12 Example Street",
            ),
            OK,
            "three frames red, green, blue: first (red) frame only",
        )
    )
    gif = Image.new("P", (60, 40), 0)
    gif.putpalette([*WHITE, *RED] + [0] * 762)
    ImageDraw.Draw(gif).rectangle((20, 10, 39, 29), fill=1)
    cases.append(
        CorpusCase(
            "transparent_gif",
            "spark.gif",
            _save(gif, "GIF", transparency=0),
            OK,
            "palette GIF with a transparent index: becomes a PNG",
        )
    )
    mpo = _save(
        Image.new("RGB", (40, 30), RED),
        "MPO",
        save_all=True,
        append_images=[Image.new("RGB", (40, 30), BLUE)],
    )
    cases.append(CorpusCase("mpo", "depth.jpg", mpo, OK, "multi-picture JPEG (MPO): the first, red picture"))
    cases.append(
        CorpusCase(
            "plain_leaky_jpeg",
            "IMG_0003.JPG",
            plain_leaky_jpeg(),
            OK,
            "upright: GPS EXIF, XMP, IPTC, comment, sRGB profile, trailer after EOI (lossless path)",
        )
    )
    cases.append(
        CorpusCase(
            "progressive_jpeg",
            "IMG_0004.JPG",
            plain_leaky_jpeg(progressive=True, seed=9),
            OK,
            "the same leaks in a progressive JPEG (lossless path, tables between scans)",
        )
    )
    cases.append(
        CorpusCase(
            "rgb_stored_jpeg",
            "rgb.jpg",
            _save(Image.new("RGB", (64, 48), RED), "JPEG", quality=95, keep_rgb=True),
            OK,
            "RGB stored without YCbCr (Adobe transform 0): red, and must stay red",
        )
    )

    photo = _save(_scene((320, 240), random.Random(5), shapes=10), "JPEG", quality=90)
    png = _save(_scene((160, 120), random.Random(6)), "PNG")
    jfif = bytes.fromhex("ffd8ffe000104a46494600010100000100010000")
    cases += [
        CorpusCase(
            "truncated_jpeg",
            "cut.jpg",
            photo[: len(photo) * 6 // 10],
            "truncated",
            "first 60% of a JPEG (interrupted copy)",
        ),
        CorpusCase(
            "truncated_jpeg_header",
            "cut_early.jpg",
            photo[:120],
            "truncated",
            "cut inside the JPEG headers",
        ),
        CorpusCase("truncated_png", "cut.png", png[: len(png) * 6 // 10], "truncated", "first 60% of a PNG"),
        CorpusCase(
            "broken_jpeg",
            "broken.jpg",
            jfif + b"\x00" * 500 + b"garbage\xff\xd9",
            "broken",
            "JPEG signature and JFIF header, then no valid marker",
        ),
        CorpusCase("broken_png", "broken.png", _broken_png(), "broken", "PNG whose image data is not zlib"),
        CorpusCase(
            "text_as_jpeg",
            "holiday.jpg",
            b"This is a shopping list, not a photo.\nMilk\nBread\n",
            "not_an_image",
            "a text file named .jpg",
        ),
        CorpusCase(
            "pdf",
            "letter.pdf",
            b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n",
            "not_an_image",
            "a PDF",
        ),
        CorpusCase(
            "video",
            "clip.mp4",
            b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64,
            "not_an_image",
            "an MP4 video from a camera roll",
        ),
        CorpusCase("empty", "empty.jpg", b"", "empty", "zero bytes"),
        CorpusCase(
            "zeros",
            "zeros.jpg",
            b"\x00" * 4096,
            "empty",
            "only NUL bytes (a failed copy to a USB stick)",
        ),
        CorpusCase(
            "bomb_png",
            "bomb.png",
            _png_with_header(20_000, 20_000),
            "too_large",
            "400 MP declared: Pillow's own error",
        ),
        CorpusCase(
            "bomb_png_100mp",
            "bomb100.png",
            _png_with_header(10_000, 10_000),
            "too_large",
            "100 MP declared: Pillow's warning, turned into an error",
        ),
        CorpusCase(
            "bomb_png_85mp",
            "bomb85.png",
            _png_with_header(9_220, 9_220),
            "too_large",
            "85 MP declared: under Pillow's default, over our 80 MP limit",
        ),
        CorpusCase("bomb_gif", "bomb.gif", _gif_bomb(), "too_large", "GIF logical screen 65535 x 65535"),
        CorpusCase("bmp", "scan.bmp", _save(scene, "BMP"), "unsupported_format", "BMP"),
        CorpusCase("tiff", "scan.tiff", _save(scene, "TIFF"), "unsupported_format", "TIFF"),
        CorpusCase(
            "tiff_named_jpeg",
            "scan.jpg",
            _save(scene, "TIFF"),
            "unsupported_format",
            "TIFF content with a .jpg name: content decides",
        ),
        CorpusCase(
            "avif",
            "photo.avif",
            b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1miaf" + b"\x00" * 64,
            "unsupported_format",
            "AVIF (not among the accepted formats)",
        ),
        CorpusCase(
            "psd",
            "layers.psd",
            b"8BPS\x00\x01" + b"\x00" * 64,
            "unsupported_format",
            "Photoshop document",
        ),
        CorpusCase(
            "svg",
            "drawing.svg",
            b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>\n',
            "unsupported_format",
            "SVG",
        ),
        CorpusCase(
            "garbage_tiff_name",
            "scan.tif",
            b"\x01\x02garbage" * 20,
            "unsupported_format",
            "unrecognised bytes under an unsupported image extension",
        ),
    ]
    return tuple(cases)


def write_corpus(directory: Path) -> list[Path]:
    """Write every case into ``directory`` (a test's tmp dir) as ``<name>__<filename>``."""
    paths = []
    for case in build_corpus():
        path = directory / f"{case.name}__{case.filename}"
        path.write_bytes(case.data)
        paths.append(path)
    return paths


# --- inspection helpers ---------------------------------------------------------------------


def jpeg_segments(data: bytes) -> list[tuple[int, bytes]]:
    """(marker, payload) of every segment before the scan data."""
    segments, offset = [], 2
    while offset + 4 <= len(data) and data[offset] == 0xFF:
        marker = data[offset + 1]
        length = struct.unpack(">H", data[offset + 2 : offset + 4])[0]
        segments.append((marker, data[offset + 4 : offset + 2 + length]))
        if marker == 0xDA:  # start of scan
            break
        offset += 2 + length
    return segments


def png_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    chunks, offset = [], 8
    while offset + 8 <= len(data):
        length = struct.unpack(">I", data[offset : offset + 4])[0]
        kind = data[offset + 4 : offset + 8]
        chunks.append((kind, data[offset + 8 : offset + 8 + length]))
        offset += 12 + length
    return chunks


_ALLOWED_JPEG_MARKERS = {0xD8, 0xDB, 0xC0, 0xC1, 0xC2, 0xC4, 0xDD, 0xDA}
_ALLOWED_PNG_CHUNKS = {b"IHDR", b"PLTE", b"IDAT", b"IEND"}
_METADATA_INFO_KEYS = {
    "exif",
    "xmp",
    "XML:com.adobe.xmp",
    "icc_profile",
    "comment",
    "photoshop",
    "Raw profile type exif",
    "mp",
    "adobe",
}


def metadata_findings(data: bytes) -> list[str]:
    """Everything in an output file that is not plain pixels; empty means clean."""
    findings = []
    image = Image.open(io.BytesIO(data))
    if image.format == "JPEG":
        for marker, payload in jpeg_segments(data):
            jfif = marker == 0xE0 and payload.startswith(b"JFIF\x00")
            if marker not in _ALLOWED_JPEG_MARKERS and not jfif:
                findings.append(f"JPEG segment 0x{marker:02X} {payload[:16]!r}")
    elif image.format == "PNG":
        findings += [
            f"PNG chunk {kind!r}"
            for kind, _ in png_chunks(data)
            if kind not in _ALLOWED_PNG_CHUNKS and kind != b"tRNS"
        ]
    else:
        findings.append(f"unexpected output format {image.format}")
    image.load()
    if len(image.getexif()):
        findings.append(f"EXIF tags {sorted(image.getexif())}")
    findings += [f"info key {key}" for key in image.info if key in _METADATA_INFO_KEYS]
    findings += [f"text key {key}" for key in getattr(image, "text", {})]
    findings += [f"bytes {marker!r}" for marker in METADATA_MARKERS if marker in data]
    findings += [f"canary {canary!r}" for canary in LEAK_CANARIES if canary in data]
    return findings


# --- import workers -------------------------------------------------------------------------


def process_or_die(path: str) -> object:
    """A stand-in worker function: a file whose name holds "crash" kills its worker process, as a
    decoder crashing on a hostile file would; any other file is processed as usual."""
    if "crash" in os.path.basename(path):
        os._exit(70)
    from carer_app.services.photo_import_worker import read_and_process

    return read_and_process(path)
