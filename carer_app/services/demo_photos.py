"""Generated pictures for the demo vault: simple drawn scenes, never real photographs."""

from __future__ import annotations

import io
import random
from datetime import datetime

from PIL import Image, ImageDraw

_SKIES = [(135, 190, 235), (250, 200, 150), (190, 215, 240), (120, 160, 210), (245, 225, 200)]
_GROUND = [(110, 170, 90), (200, 180, 120), (90, 140, 80), (170, 200, 120)]
_EXIF_DATETIME_ORIGINAL = 0x9003
_EXIF_IFD = 0x8769
_GPS_IFD = 0x8825


def scene(seed: int, size: tuple[int, int] = (960, 720)) -> Image.Image:
    """A sky, ground, sun, a house or trees and a few figures, all varied by `seed`."""
    rng = random.Random(seed)
    width, height = size
    img = Image.new("RGB", size)
    draw = ImageDraw.Draw(img)
    sky = rng.choice(_SKIES)
    horizon = int(height * rng.uniform(0.55, 0.7))
    for y in range(horizon):
        shade = y / horizon
        draw.line(
            [(0, y), (width, y)],
            fill=tuple(int(c * (1 - 0.25 * shade) + 255 * 0.25 * shade) for c in sky),
        )
    draw.rectangle([0, horizon, width, height], fill=rng.choice(_GROUND))
    sun_x = rng.randint(60, width - 60)
    draw.ellipse([sun_x - 45, 40, sun_x + 45, 130], fill=(255, 225, 90))
    if rng.random() < 0.5:
        left = rng.randint(80, width - 320)
        body = rng.choice([(200, 90, 80), (230, 200, 150), (150, 170, 200)])
        draw.rectangle([left, horizon - 170, left + 240, horizon + 10], fill=body)
        draw.polygon([(left - 20, horizon - 170), (left + 120, horizon - 260), (left + 260, horizon - 170)],
                     fill=(120, 60, 50))
        draw.rectangle([left + 100, horizon - 80, left + 140, horizon + 10], fill=(90, 60, 40))
    for _ in range(rng.randint(2, 5)):
        x = rng.randint(20, width - 40)
        draw.rectangle([x, horizon - 90, x + 14, horizon + 5], fill=(110, 80, 50))
        draw.ellipse([x - 40, horizon - 170, x + 54, horizon - 70], fill=(60, 130, 70))
    for _ in range(rng.randint(1, 3)):
        x = rng.randint(60, width - 60)
        tall = rng.randint(70, 140)
        colour = rng.choice([(220, 80, 90), (80, 120, 220), (250, 180, 60), (140, 90, 200)])
        draw.ellipse([x - 16, horizon + 40 - tall, x + 16, horizon + 72 - tall], fill=(240, 200, 170))
        draw.rectangle([x - 14, horizon + 72 - tall, x + 14, horizon + 40], fill=colour)
    return img


def jpeg_with_metadata(seed: int, taken: datetime, with_gps: bool = True) -> bytes:
    """A scene as a phone would save it: a capture date, and (to prove it is stripped) a GPS fix."""
    img = scene(seed)
    exif = Image.Exif()
    exif[0x010F] = "DemoPhone"  # make
    exif[0x0110] = "Model 7"  # model
    exif.get_ifd(_EXIF_IFD)[_EXIF_DATETIME_ORIGINAL] = taken.strftime("%Y:%m:%d %H:%M:%S")
    if with_gps:
        gps = exif.get_ifd(_GPS_IFD)
        gps[1] = "N"
        gps[2] = (51.0, 30.0, 12.5)
        gps[3] = "W"
        gps[4] = (0.0, 7.0, 40.1)
    out = io.BytesIO()
    img.save(out, "JPEG", quality=85, exif=exif)
    return out.getvalue()
