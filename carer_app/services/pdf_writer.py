"""A small PDF 1.4 writer: Helvetica text with wrapping, JPEG photos, flowing pages; no metadata."""

from __future__ import annotations

import unicodedata
import zlib
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Final

A4: Final = (595.28, 841.89)
A5: Final = (419.53, 595.28)
MM: Final = 72 / 25.4


class Font(StrEnum):
    """The standard fonts every PDF reader has; nothing is embedded."""

    REGULAR = "Helvetica"
    BOLD = "Helvetica-Bold"
    ITALIC = "Helvetica-Oblique"


_RESOURCE: Final = {Font.REGULAR: "F1", Font.BOLD: "F2", Font.ITALIC: "F3"}
# Adobe font metrics (1/1000 em) for characters 32 to 126; oblique shares the regular widths.
_WIDTHS: Final = {
    Font.REGULAR: (
        "278 278 355 556 556 889 667 191 333 333 389 584 278 333 278 278 556 556 556 556 556 556 "
        "556 556 556 556 278 278 584 584 584 556 1015 667 667 722 722 667 611 778 722 278 500 667 "
        "556 833 722 778 667 778 722 667 611 722 667 944 667 667 611 278 278 278 469 556 333 556 "
        "556 500 556 556 278 556 556 222 222 500 222 833 556 556 556 556 333 500 278 556 500 722 "
        "500 500 500 334 260 334 584"
    ),
    Font.BOLD: (
        "278 333 474 556 556 889 722 238 333 333 389 584 278 333 278 278 556 556 556 556 556 556 "
        "556 556 556 556 333 333 584 584 584 611 975 722 722 722 722 667 611 778 722 278 556 722 "
        "611 833 722 778 667 778 722 667 611 722 667 944 667 667 611 333 278 333 584 556 333 556 "
        "611 556 611 556 333 611 611 278 278 556 278 889 611 611 611 611 389 556 333 611 556 778 "
        "556 556 500 389 280 389 584"
    ),
}
_TABLES: Final = {font: [int(w) for w in widths.split()] for font, widths in _WIDTHS.items()}
_TABLES[Font.ITALIC] = _TABLES[Font.REGULAR]


_NO_DECOMPOSITION: Final = {"Ł": "L", "ł": "l", "Đ": "D", "đ": "d", "ı": "i", "Ħ": "H", "ħ": "h"}


def encode_text(text: str) -> bytes:
    """Windows-1252 for the standard fonts; accents dropped where needed, else '?'."""
    out = bytearray()
    for char in text:
        try:
            out += char.encode("cp1252")
        except UnicodeEncodeError:
            base = _NO_DECOMPOSITION.get(char, "").encode() or unicodedata.normalize(
                "NFKD", char).encode("ascii", "ignore")
            out += base or b"?"
    return bytes(out)


def _char_width(byte: int, table: list[int]) -> int:
    if 32 <= byte <= 126:
        return table[byte - 32]
    letter = unicodedata.normalize("NFKD", bytes([byte]).decode("cp1252", "replace"))[:1]
    return table[ord(letter) - 32] if letter and 32 <= ord(letter) <= 126 else 556


def text_width(text: str, font: Font, size: float) -> float:
    table = _TABLES[font]
    return sum(_char_width(b, table) for b in encode_text(text)) * size / 1000


def wrap(text: str, font: Font, size: float, width: float) -> list[str]:
    """Lines that fit `width`; blank lines kept; a word longer than a line is split."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}" if line else word
            if text_width(candidate, font, size) <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            while text_width(word, font, size) > width and len(word) > 1:
                cut = max(1, next(i for i in range(len(word), 0, -1)
                                  if text_width(word[:i], font, size) <= width or i == 1))
                lines.append(word[:cut])
                word = word[cut:]
            line = word
        lines.append(line)
    return lines


def _literal(text: str) -> bytes:
    out = bytearray(b"(")
    for byte in encode_text(text):
        if byte in b"()\\":
            out += b"\\" + bytes([byte])
        elif 32 <= byte <= 126:
            out.append(byte)
        else:
            out += b"\\%03o" % byte
    return bytes(out + b")")


def _num(value: float) -> bytes:
    return (b"%.2f" % value).rstrip(b"0").rstrip(b".") or b"0"


@dataclass(frozen=True)
class PdfImage:
    name: str
    width: int
    height: int


@dataclass
class PdfPage:
    width: float
    height: float
    ops: list[bytes] = field(default_factory=list)

    def text(self, x: float, y: float, text: str, font: Font = Font.REGULAR, size: float = 12,
             colour: tuple[float, float, float] = (0, 0, 0)) -> None:
        """`y` is the baseline, from the bottom of the page."""
        rgb = b" ".join(_num(c) for c in colour)
        self.ops.append(b"BT %s rg /%s %s Tf %s %s Td %s Tj ET" % (
            rgb, _RESOURCE[font].encode(), _num(size), _num(x), _num(y), _literal(text)))

    def image(self, image: PdfImage, x: float, y: float, width: float, height: float) -> None:
        self.ops.append(b"q %s 0 0 %s %s %s cm /%s Do Q" % (
            _num(width), _num(height), _num(x), _num(y), image.name.encode()))

    def rect(self, x: float, y: float, width: float, height: float,
             colour: tuple[float, float, float]) -> None:
        rgb = b" ".join(_num(c) for c in colour)
        self.ops.append(b"q %s rg %s %s %s %s re f Q" % (
            rgb, _num(x), _num(y), _num(width), _num(height)))


class PdfDocument:
    """Pages in memory, written out once by to_bytes(). No document information dictionary."""

    def __init__(self, page_size: tuple[float, float] = A4, *, compress: bool = True) -> None:
        self.page_size = page_size
        self.compress = compress
        self.pages: list[PdfPage] = []
        self._images: list[tuple[PdfImage, bytes, bool]] = []

    def add_page(self) -> PdfPage:
        page = PdfPage(*self.page_size)
        self.pages.append(page)
        return page

    def add_jpeg(self, data: bytes, width: int, height: int, *, grey: bool = False) -> PdfImage:
        """A baseline JPEG embedded as it is (DCTDecode); the caller strips its metadata."""
        image = PdfImage(f"Im{len(self._images) + 1}", width, height)
        self._images.append((image, data, grey))
        return image

    def to_bytes(self) -> bytes:
        objects: list[bytes] = []

        def add(body: bytes) -> int:
            objects.append(body)
            return len(objects)

        def stream(head: bytes, data: bytes) -> bytes:
            return b"<< %s /Length %d >>\nstream\n%s\nendstream" % (head, len(data), data)

        add(b"<< /Type /Catalog /Pages 2 0 R >>")
        add(b"")  # the page tree, filled in once the pages have numbers
        fonts = b" ".join(
            b"/%s %d 0 R" % (_RESOURCE[f].encode(), add(
                b"<< /Type /Font /Subtype /Type1 /BaseFont /%s /Encoding /WinAnsiEncoding >>"
                % f.value.encode()))
            for f in Font
        )
        xobjects = b" ".join(
            b"/%s %d 0 R" % (image.name.encode(), add(stream(
                b"/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /%s "
                b"/BitsPerComponent 8 /Filter /DCTDecode"
                % (image.width, image.height, b"DeviceGray" if grey else b"DeviceRGB"), data)))
            for image, data, grey in self._images
        )
        resources = b"<< /Font << %s >> /XObject << %s >> >>" % (fonts, xobjects)
        kids = []
        for page in self.pages:
            content = b"\n".join(page.ops)
            head = b"/Filter /FlateDecode" if self.compress else b""
            contents = add(stream(head, zlib.compress(content, 9) if self.compress else content))
            kids.append(add(
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %s %s] /Resources %s /Contents %d 0 R >>"
                % (_num(page.width), _num(page.height), resources, contents)))
        objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
            b" ".join(b"%d 0 R" % k for k in kids), len(kids))
        out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
        offsets = []
        for number, body in enumerate(objects, start=1):
            offsets.append(len(out))
            out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
        xref = len(out)
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
        out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
        out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
            len(objects) + 1, xref)
        return bytes(out)


class Flow:
    """Top-to-bottom layout over pages: paragraphs, images, page breaks, page numbers."""

    def __init__(self, doc: PdfDocument, margin: float = 18 * MM) -> None:
        self.doc = doc
        self.margin = margin
        self.page = doc.add_page() if not doc.pages else doc.pages[-1]
        self.y = self.top

    @property
    def top(self) -> float:
        return self.page.height - self.margin

    @property
    def width(self) -> float:
        return self.page.width - 2 * self.margin

    @property
    def room(self) -> float:
        return self.y - self.margin

    def new_page(self) -> None:
        self.page = self.doc.add_page()
        self.y = self.top

    def ensure(self, height: float) -> None:
        """A new page unless `height` still fits (and we are not already at the top)."""
        if height > self.room and self.y < self.top:
            self.new_page()

    def space(self, height: float) -> None:
        self.y -= height

    def paragraph(self, text: str, font: Font = Font.REGULAR, size: float = 12, *,
                  centre: bool = False, colour: tuple[float, float, float] = (0, 0, 0),
                  leading: float = 1.35, keep_lines: int = 2) -> None:
        lines = wrap(text, font, size, self.width)
        step = size * leading
        self.ensure(step * min(keep_lines, len(lines)))
        for line in lines:
            self.ensure(step)
            self.y -= step
            x = self.margin
            if centre:
                x += (self.width - text_width(line, font, size)) / 2
            self.page.text(x, self.y + size * 0.25, line, font, size, colour)

    def paragraph_height(self, text: str, font: Font = Font.REGULAR, size: float = 12,
                         leading: float = 1.35) -> float:
        return len(wrap(text, font, size, self.width)) * size * leading

    def image_size(self, image: PdfImage, max_height: float) -> tuple[float, float]:
        scale = min(self.width / image.width, max_height / image.height)
        return image.width * scale, image.height * scale

    def keep_together(self, height: float) -> None:
        """Start a new page for a block that fits on a fresh page but not in the room left."""
        if height <= self.top - self.margin:
            self.ensure(height)

    def image(self, image: PdfImage, max_height: float, below: float = 0) -> None:
        """Centred, as large as fits the width and `max_height`; `below` keeps room for a caption."""
        width, height = self.image_size(image, max_height)
        self.ensure(height + below)
        self.y -= height
        self.page.image(image, self.margin + (self.width - width) / 2, self.y, width, height)

    def number_pages(self, skip: int = 1, size: float = 9) -> None:
        """Page numbers at the foot of every page after the first `skip` (the cover)."""
        for number, page in enumerate(self.doc.pages[skip:], start=1):
            label = str(number)
            x = (page.width - text_width(label, Font.REGULAR, size)) / 2
            page.text(x, self.margin / 2, label, Font.REGULAR, size, (0.4, 0.4, 0.4))
