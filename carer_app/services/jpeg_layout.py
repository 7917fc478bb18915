"""The marker layout of a JPEG: which segments a decoder needs, for the lossless metadata strip."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from carer_app.services.photo_rejections import PhotoRejected, RejectReason

# The lossless JPEG path keeps only what a decoder needs: SOF (baseline, extended or progressive
# Huffman, 8-bit), DQT, DHT, DRI and the scans; every APPn (EXIF, XMP, ICC, MPF, IPTC, maker
# notes) and COM is cut, and so is everything after the first EOI (an MPO's second picture, or
# whatever a tool appended). A fresh minimal JFIF header fixes the colour space as YCbCr.
_LOSSLESS_SOF: Final = frozenset({0xC0, 0xC1, 0xC2})
_KEPT_TABLES: Final = frozenset({0xC4, 0xDB, 0xDD})  # DHT, DQT, DRI
_SOS: Final = 0xDA
_EOI: Final = 0xD9
_FRESH_JFIF: Final = bytes.fromhex("ffe000104a46494600010100000100010000")
# Inside entropy-coded data 0xFF is followed by 0x00 (stuffing), RST0-7 or more 0xFF (fill):
# anything else is the marker that ends the scan.
_SCAN_END = re.compile(rb"\xff[\x01-\xcf\xd8-\xfe]")


@dataclass(frozen=True)
class JpegLayout:
    """Where the decodable parts of a JPEG sit, as read from its markers."""

    kept: tuple[tuple[int, int], ...]  # byte ranges to copy, in order, adjacent ones merged
    sof: int
    precision: int
    component_ids: tuple[int, ...]
    jfif: bool
    adobe_transform: int | None

    def is_ycbcr_or_grey(self) -> bool:
        """True when a decoder would read YCbCr (or one grey channel), as libjpeg guesses it."""
        if len(self.component_ids) == 1:
            return True
        if len(self.component_ids) != 3:
            return False
        if self.jfif:
            return True
        if self.adobe_transform is not None:
            return self.adobe_transform != 0  # 0: RGB stored as is; 1 (and junk): YCbCr
        return self.component_ids != (0x52, 0x47, 0x42)  # "R", "G", "B": stored as RGB

    def rebuild(self, data: bytes) -> bytes:
        view = memoryview(data)
        return b"".join([b"\xff\xd8", _FRESH_JFIF, *(view[start:end] for start, end in self.kept)])


def jpeg_layout(data: bytes) -> JpegLayout | None:
    """Map a JPEG's segments up to its first EOI; None when it is anything but plain.

    Raises TRUNCATED when a segment runs past the end or no EOI follows the last scan: the file
    was cut short, whatever a tolerant decoder might make of it.
    """
    size = len(data)
    kept: list[tuple[int, int]] = []
    sof: int | None = None
    precision = 0
    component_ids: tuple[int, ...] = ()
    jfif = False
    adobe_transform: int | None = None
    scans = 0
    pos = 2  # after SOI, checked by sniff_format

    def keep(start: int, end: int) -> None:
        if kept and kept[-1][1] == start:
            kept[-1] = (kept[-1][0], end)
        else:
            kept.append((start, end))

    while True:
        if pos >= size:
            raise PhotoRejected(RejectReason.TRUNCATED, "no end of image marker")
        if data[pos] != 0xFF:
            return None  # bytes between segments: leave it to the tolerant decoder
        while pos < size and data[pos] == 0xFF:
            pos += 1  # fill bytes before a marker
        if pos >= size:
            raise PhotoRejected(RejectReason.TRUNCATED, "no end of image marker")
        marker = data[pos]
        start = pos - 1
        if marker == _EOI:
            if sof is None or scans == 0:
                return None
            keep(start, pos + 1)
            break
        if pos + 3 > size:
            raise PhotoRejected(RejectReason.TRUNCATED, "cut inside a segment header")
        end = pos + 1 + int.from_bytes(data[pos + 1 : pos + 3], "big")
        if end - pos - 1 < 2:
            return None
        if end > size:
            raise PhotoRejected(RejectReason.TRUNCATED, f"segment 0x{marker:02X} runs past the end")
        payload = data[pos + 3 : end]
        if 0xE0 <= marker <= 0xEF or marker == 0xFE:  # APPn, COM: dropped
            if marker == 0xE0 and payload.startswith(b"JFIF\x00"):
                jfif = True
            elif marker == 0xEE and payload.startswith(b"Adobe") and len(payload) >= 12:
                adobe_transform = payload[11]
        elif marker in _KEPT_TABLES:
            keep(start, end)
        elif 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):  # SOFn
            if sof is not None or marker not in _LOSSLESS_SOF or len(payload) < 6:
                return None
            sof, precision, count = marker, payload[0], payload[5]
            component_ids = tuple(payload[6 + 3 * i] for i in range(count) if 8 + 3 * i < len(payload))
            if len(component_ids) != count:
                return None
            keep(start, end)
        elif marker == _SOS:
            if sof is None:
                return None
            found = _SCAN_END.search(data, end)
            if found is None:
                raise PhotoRejected(RejectReason.TRUNCATED, "no end of image marker")
            scans += 1
            keep(start, found.start())
            pos = found.start()
            continue
        else:
            return None  # DNL, DAC, DHP, EXP, JPGn, TEM, RSTn out of a scan...
        pos = end
    if sof is None:
        return None
    return JpegLayout(tuple(kept), sof, precision, component_ids, jfif, adobe_transform)

