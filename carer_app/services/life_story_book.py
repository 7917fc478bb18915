""""Make a life story book": a print-ready PDF of what the child may see, photos without metadata."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from typing import Final

from PIL import Image

from carer_app.domain.life_story_views import MemoryView, StorybookPage
from carer_app.services import audit, photos, storybook
from carer_app.services.errors import NotFound, ServiceError
from carer_app.services.pdf_writer import A4, A5, MM, Flow, Font, PdfDocument, PdfImage
from carer_app.services.people_places import live_child
from carer_app.storage.vault import Vault

MAX_PIXELS_LONG_SIDE: Final = 1800  # about 300 dpi across an A5 page, 220 across A4
JPEG_QUALITY: Final = 85
GREY: Final = (0.35, 0.35, 0.35)


class PaperSize(StrEnum):
    A4 = "A4"
    A5 = "A5"


@dataclass(frozen=True)
class BookLabels:
    """The book's few fixed words; the ui passes them translated into the child's language."""

    title: str = "My life story"
    my_memories: str = "My memories"


class BookCancelled(ServiceError):
    """The adult cancelled while the book was being made; nothing was produced."""


@dataclass(frozen=True)
class _Scale:
    margin: float
    title: float
    name: float
    chapter: float
    heading: float
    body: float
    small: float


_SCALES: Final = {
    PaperSize.A4: _Scale(20 * MM, 34, 24, 24, 17, 13, 10.5),
    PaperSize.A5: _Scale(14 * MM, 26, 19, 19, 14, 11, 9),
}


def clean_jpeg(data: bytes) -> tuple[bytes, int, int]:
    """Re-encode from pixels only: no EXIF, GPS, XMP, ICC or comments can survive this."""
    with Image.open(io.BytesIO(data)) as source:
        source.load()
        if source.mode in ("RGBA", "LA", "P", "PA"):
            rgba = source.convert("RGBA")
            image = Image.new("RGB", rgba.size, (255, 255, 255))
            image.paste(rgba, mask=rgba.getchannel("A"))
        else:
            image = source.convert("RGB")
    image.thumbnail((MAX_PIXELS_LONG_SIDE, MAX_PIXELS_LONG_SIDE))
    pixels = Image.new("RGB", image.size)
    pixels.paste(image)
    out = io.BytesIO()
    pixels.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=False)
    return out.getvalue(), pixels.width, pixels.height


class _Book:
    def __init__(self, vault: Vault, paper: PaperSize, progress: Callable[[int, int], None] | None,
                 cancelled: Callable[[], bool], total_photos: int) -> None:
        self.vault = vault
        self.scale = _SCALES[paper]
        self.doc = PdfDocument(A4 if paper is PaperSize.A4 else A5)
        self.flow = Flow(self.doc, self.scale.margin)
        self.images: dict[str, PdfImage] = {}
        self.progress = progress
        self.cancelled = cancelled
        self.total = total_photos

    def image(self, photo_id: str) -> PdfImage:
        if photo_id not in self.images:
            if self.cancelled():
                raise BookCancelled()
            # Decrypted into memory only, then re-encoded: nothing touches the disk.
            data, width, height = clean_jpeg(photos.photo_bytes(self.vault, photo_id))
            self.images[photo_id] = self.doc.add_jpeg(data, width, height)
            if self.progress is not None:
                self.progress(len(self.images), self.total)
        return self.images[photo_id]

    def photo(self, photo_id: str, caption: str) -> None:
        s, flow = self.scale, self.flow
        flow.space(s.body * 0.6)
        caption_room = s.small * 1.35 * 2 if caption else 0
        flow.image(self.image(photo_id), self.max_photo_height, below=caption_room)
        if caption:
            flow.space(2)
            flow.paragraph(caption, Font.ITALIC, s.small, centre=True, colour=GREY)

    @property
    def max_photo_height(self) -> float:
        return self.flow.page.height * 0.42

    def photo_height(self, photo_id: str, caption: str) -> float:
        s, flow = self.scale, self.flow
        _, height = flow.image_size(self.image(photo_id), self.max_photo_height)
        words = flow.paragraph_height(caption, Font.ITALIC, s.small) + 2 if caption else 0
        return s.body * 0.6 + height + words

    def cover(self, name: str, labels: BookLabels, photo_id: str | None) -> None:
        s, flow = self.scale, self.flow
        flow.space(flow.room * 0.18)
        flow.paragraph(labels.title, Font.BOLD, s.title, centre=True)
        flow.space(s.name * 0.5)
        flow.paragraph(name, Font.REGULAR, s.name, centre=True)
        if photo_id is not None:
            flow.space(s.name)
            flow.image(self.image(photo_id), flow.room * 0.9)

    def memory(self, memory: MemoryView) -> None:
        s = self.scale
        self.flow.space(s.body * 0.6)
        if memory.text:
            self.flow.paragraph(f"\u201c{memory.text}\u201d", Font.ITALIC, s.body)
        if memory.photo_id is not None:
            self.photo(memory.photo_id, "")

    def entry_height(self, page: StorybookPage) -> float:
        s, flow = self.scale, self.flow
        height = flow.paragraph_height(page.title, Font.BOLD, s.heading)
        if page.date_text:
            height += flow.paragraph_height(page.date_text, Font.ITALIC, s.small)
        if page.body:
            height += s.body * 0.3 + flow.paragraph_height(page.body, Font.REGULAR, s.body)
        return height + sum(
            self.photo_height(p, c) for p, c in zip(page.photo_ids, page.captions, strict=True)
        )

    def entry(self, page: StorybookPage) -> None:
        s, flow = self.scale, self.flow
        # An entry that fits on one page starts on a fresh page rather than splitting from
        # its photos; a longer one flows, keeping its title with the first lines.
        flow.keep_together(self.entry_height(page))
        flow.ensure(s.heading * 1.35 + s.body * 1.35 * 3)
        flow.paragraph(page.title, Font.BOLD, s.heading, keep_lines=3)
        if page.date_text:
            flow.paragraph(page.date_text, Font.ITALIC, s.small, colour=GREY)
        if page.body:
            flow.space(s.body * 0.3)
            flow.paragraph(page.body, Font.REGULAR, s.body)
        for photo_id, caption in zip(page.photo_ids, page.captions, strict=True):
            self.photo(photo_id, caption)
        for memory in page.memories:
            self.memory(memory)
        flow.space(s.body * 2)


def make_book(
    vault: Vault,
    child_id: str,
    *,
    paper: PaperSize = PaperSize.A4,
    include_together: bool = False,
    include_memories: bool = True,
    labels: BookLabels | None = None,
    cover_photo_id: str | None = None,
    today: date | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> bytes:
    """The PDF bytes, made in memory; the caller writes them where the adult chooses.

    The book holds exactly what storybook mode would show: "for the child now" entries, plus
    "together" and released "not yet" entries only when `include_together` is set (the adult
    is giving the book in person). Held entries are never included.
    """
    today = today or date.today()
    labels = labels or BookLabels()
    with vault.session() as session:
        child = live_child(session, child_id)
        name = child.preferred_name or child.name
    pages = storybook.pages(vault, child_id, today, include_together)
    loose: list[MemoryView] = []
    if include_memories:
        loose = [m for m in storybook.child_memories(vault, child_id, today, include_together)
                 if m.entry_id is None]
    else:
        pages = [_without_memories(p) for p in pages]
    shown_photos = {p for page in pages for p in page.photo_ids}
    shown_photos |= {m.photo_id for page in pages for m in page.memories if m.photo_id}
    shown_photos |= {m.photo_id for m in loose if m.photo_id}
    if cover_photo_id is None:
        cover_photo_id = next((p for page in pages for p in page.photo_ids), None)
    elif cover_photo_id not in shown_photos:
        raise NotFound("photo", cover_photo_id)  # never a photo the book would not show anyway
    book = _Book(vault, paper, progress, cancelled, len(shown_photos))
    book.cover(name, labels, cover_photo_id)
    chapter: object = ()
    for page in pages:
        if page.chapter_id != chapter:
            chapter = page.chapter_id
            book.flow.new_page()
            if page.chapter_title:
                book.flow.paragraph(page.chapter_title, Font.BOLD, book.scale.chapter)
                book.flow.space(book.scale.body)
        book.entry(page)
    if loose:
        book.flow.new_page()
        book.flow.paragraph(labels.my_memories, Font.BOLD, book.scale.chapter)
        for memory in loose:
            book.memory(memory)
    book.flow.number_pages(skip=1)
    with vault.session() as session:
        audit.record(session, vault.user_id, "export", "life_story_book", child_id)
        session.commit()
    return book.doc.to_bytes()


def _without_memories(page: StorybookPage) -> StorybookPage:
    return replace(page, memories=())
