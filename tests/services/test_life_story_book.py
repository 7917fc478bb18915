"""The printable life story book: only what the child may see, photos upright and without metadata."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zlib
from datetime import date, datetime
from pathlib import Path

import pytest
from PIL import Image

from carer_app.domain.enums import Audience
from carer_app.domain.life_story_views import EntryDraft
from carer_app.services import children, life_story, storybook
from carer_app.services.demo_photos import jpeg_with_metadata
from carer_app.services.errors import NotFound
from carer_app.services.life_story_book import (
    BookCancelled,
    BookLabels,
    PaperSize,
    clean_jpeg,
    make_book,
)
from carer_app.services.pdf_writer import A5, Flow, Font, PdfDocument, encode_text, text_width, wrap
from carer_app.services.photo_processing import process_photo
from carer_app.services.photos import store_processed
from carer_app.storage.vault import Vault

TODAY = date(2025, 6, 1)
_STREAM = re.compile(rb"<<(.*?)>>\s*stream\n(.*?)\nendstream", re.DOTALL)


def _streams(pdf: bytes) -> list[tuple[bytes, bytes]]:
    """(dictionary, decoded data) of every stream; images stay as their JPEG bytes."""
    found = []
    for head, data in _STREAM.findall(pdf):
        found.append((head, zlib.decompress(data) if b"/FlateDecode" in head else data))
    return found


def _text(pdf: bytes) -> bytes:
    return b"\n".join(data for head, data in _streams(pdf) if b"/Subtype /Image" not in head)


def _jpegs(pdf: bytes) -> list[bytes]:
    return [data for head, data in _streams(pdf) if b"/DCTDecode" in head]


def _store(vault: Vault, child_id: str, data: bytes) -> str:
    return store_processed(vault, child_id, process_photo(data, filename="p.jpg"))


@pytest.fixture()
def book_child(vault: Vault) -> dict[str, str]:
    child = children.add_child(vault, "Robin Bookchild", preferred_name="Robbie",
                               date_of_birth=date(2015, 1, 1))
    chapter = life_story.add_chapter(vault, child.id, "Chapter Sunflowers")
    ids = {"child": child.id}
    for index, (key, audience) in enumerate([("Open", Audience.CHILD_NOW),
                                             ("Together", Audience.TOGETHER),
                                             ("Held", Audience.NOT_YET)]):
        photo = _store(vault, child.id, jpeg_with_metadata(index, datetime(2023, 4, 5, 6, 7)))
        life_story.set_caption(vault, photo, f"Caption {key}")
        ids[key] = life_story.add_entry(vault, child.id, EntryDraft(
            f"Entry {key}", f"Words for {key.lower()} page. " * 30, chapter.id, "summer 2023",
            audience, photo_ids=(photo,),
        )).id
        ids[key + "_photo"] = photo
    return ids


def test_book_holds_what_the_child_may_see_and_nothing_held(
    vault: Vault, book_child: dict[str, str]
) -> None:
    pdf = make_book(vault, book_child["child"], today=TODAY)
    assert pdf.startswith(b"%PDF-1.4") and pdf.rstrip().endswith(b"%%EOF")
    text = _text(pdf)
    for expected in (b"(My life story)", b"(Robbie)", b"(Chapter Sunflowers)", b"(Entry Open)",
                     b"(Caption Open)", b"(summer 2023)"):
        assert expected in text
    for hidden in (b"Entry Held", b"Caption Held", b"Entry Together", b"Bookchild"):
        assert hidden not in text
    assert b"(1) Tj" in text  # page numbers, the cover left without
    assert pdf.count(b"/Type /Page ") == 2
    assert b"/Info" not in pdf and b"/Producer" not in pdf and b"/Author" not in pdf


def test_together_entries_only_when_the_adult_says_so(
    vault: Vault, book_child: dict[str, str]
) -> None:
    text = _text(make_book(vault, book_child["child"], today=TODAY, include_together=True))
    assert b"(Entry Together)" in text and b"(Caption Together)" in text
    assert b"Entry Held" not in text


def test_released_letter_is_included_from_its_day(vault: Vault, book_child: dict[str, str]) -> None:
    child = book_child["child"]
    life_story.update_entry(vault, book_child["Held"], EntryDraft(
        "Entry Held", audience=Audience.NOT_YET, release_on=date(2026, 1, 1),
    ))
    assert b"Entry Held" not in _text(make_book(vault, child, today=TODAY, include_together=True))
    later = _text(make_book(vault, child, today=date(2026, 1, 1), include_together=True))
    assert b"(Entry Held)" in later


def test_photos_carry_no_metadata(vault: Vault, book_child: dict[str, str]) -> None:
    pdf = make_book(vault, book_child["child"], today=TODAY, include_together=True)
    jpegs = _jpegs(pdf)
    assert len(jpegs) == 2  # open and together; the cover reuses the first
    for data in jpegs:
        image = Image.open(io.BytesIO(data))
        image.load()
        assert image.format == "JPEG"
        assert len(image.getexif()) == 0
        assert "icc_profile" not in image.info and "exif" not in image.info
    for marker in (b"Exif", b"GPS", b"DemoPhone", b"Model 7", b"ICC_PROFILE"):
        assert marker not in pdf


def test_leaky_and_rotated_photos_come_out_clean_and_upright(vault: Vault) -> None:
    corpus = pytest.importorskip("photo_corpus")
    findings = corpus.metadata_findings(clean_jpeg(corpus.leaky_jpeg())[0])
    assert findings == []
    child = children.list_children(vault)[0].id
    rotated = _store(vault, child, corpus.oriented_jpeg(6, scale=4))
    leaky = _store(vault, child, corpus.leaky_jpeg())
    life_story.add_entry(vault, child, EntryDraft(
        "Pictures", audience=Audience.CHILD_NOW, photo_ids=(rotated, leaky),
    ))
    pdf = make_book(vault, child, paper=PaperSize.A5, today=TODAY)
    for canary in (*corpus.LEAK_CANARIES, *corpus.METADATA_MARKERS):
        assert canary not in pdf
    jpegs = _jpegs(pdf)
    assert all(corpus.metadata_findings(j) == [] for j in jpegs)
    upright = Image.open(io.BytesIO(jpegs[0])).convert("RGB")
    assert upright.width > upright.height
    for box, colour, (x, y) in corpus.MARKERS:
        pixel = upright.getpixel((x * 4, y * 4))
        assert isinstance(pixel, tuple)
        assert all(abs(a - b) < 60 for a, b in zip(pixel, colour, strict=True)), (box, pixel)


def test_paper_size_labels_cover_and_cancel(vault: Vault, book_child: dict[str, str]) -> None:
    child = book_child["child"]
    a5 = make_book(vault, child, paper=PaperSize.A5, today=TODAY,
                   labels=BookLabels("Mon histoire", "Mes souvenirs"))
    assert b"/MediaBox [0 0 419.53 595.28]" in a5
    assert b"(Mon histoire)" in _text(a5)
    a4 = make_book(vault, child, today=TODAY)
    assert b"/MediaBox [0 0 595.28 841.89]" in a4
    assert a4.count(b"/Type /Page ") >= 2
    with pytest.raises(NotFound):
        make_book(vault, child, today=TODAY, cover_photo_id=book_child["Held_photo"])
    seen: list[tuple[int, int]] = []
    make_book(vault, child, today=TODAY, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(1, 1)]
    with pytest.raises(BookCancelled):
        make_book(vault, child, today=TODAY, cancelled=lambda: True)


def test_memories_go_in_the_book(vault: Vault, book_child: dict[str, str]) -> None:
    child = book_child["child"]
    storybook.add_memory(vault, child, "I remember the sunflowers", entry_id=book_child["Open"])
    storybook.add_memory(vault, child, "My very own page")
    storybook.add_memory(vault, child, "About together", entry_id=book_child["Together"],
                         together_unlocked=True)
    text = _text(make_book(vault, child, today=TODAY, labels=BookLabels(my_memories="Memories X")))
    assert b"I remember the sunflowers" in text and b"My very own page" in text
    assert b"(Memories X)" in text and b"About together" not in text
    bare = _text(make_book(vault, child, today=TODAY, include_memories=False))
    assert b"sunflowers" not in bare and b"My very own page" not in bare


def test_cross_reference_table_points_at_every_object(
    vault: Vault, book_child: dict[str, str]
) -> None:
    pdf = make_book(vault, book_child["child"], today=TODAY, include_together=True)
    start = int(pdf.rsplit(b"startxref\n", 1)[1].split()[0])
    assert pdf[start:].startswith(b"xref\n0 ")
    lines = pdf[start:].split(b"\n")
    count = int(lines[1].split()[1])
    entries = lines[3 : 2 + count]
    assert len(entries) == count - 1 and all(len(e) == 19 for e in entries)  # 20 with the newline
    for number, entry in enumerate(entries, start=1):
        offset = int(entry[:10])
        assert pdf[offset:].startswith(b"%d 0 obj\n" % number)
    assert f"/Size {count}".encode() in pdf


@pytest.mark.skipif(shutil.which("gs") is None, reason="Ghostscript not installed")
def test_a_real_pdf_reader_renders_every_page(
    vault: Vault, book_child: dict[str, str], tmp_path: Path
) -> None:
    target = tmp_path / "book.pdf"
    target.write_bytes(make_book(vault, book_child["child"], today=TODAY, include_together=True))
    result = subprocess.run(
        ["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-dPDFSTOPONERROR", "-dPDFSTOPONWARNING",
         "-sDEVICE=nullpage", str(target)],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "rror" not in result.stdout + result.stderr


def test_pdf_writer_wraps_encodes_and_flows() -> None:
    assert encode_text("Łucja Ștefan café (x)") == b"Lucja Stefan caf\xe9 (x)"
    assert encode_text("名") == b"?"
    lines = wrap("one two\n\nthree " + "x" * 200, Font.REGULAR, 12, 100)
    assert lines[:3] == ["one two", "", "three"]
    assert all(text_width(line, Font.REGULAR, 12) <= 100 for line in lines)
    assert "".join(lines[3:]) == "x" * 200
    assert text_width("W", Font.BOLD, 10) == pytest.approx(9.44)
    doc = PdfDocument(A5, compress=False)
    flow = Flow(doc)
    flow.paragraph("A (tricky) back\\slash line. " * 400)
    flow.number_pages(skip=0)
    pdf = doc.to_bytes()
    assert len(doc.pages) > 3
    assert b"(A \\(tricky\\) back\\\\slash line." in pdf
    assert b"(%d) Tj" % len(doc.pages) in pdf
