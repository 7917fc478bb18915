"""Photo pipeline: every corpus file lands clean or is refused with the right reason."""

from __future__ import annotations

import builtins
import contextlib
import hashlib
import io
import itertools
import os
import pickle
import warnings
from datetime import datetime
from pathlib import Path

import photo_corpus as pc
import pytest
from PIL import Image

from carer_app.services import photo_processing as pp
from carer_app.services.photo_processing import (
    PhotoRejected,
    ProcessedPhoto,
    RejectReason,
    is_probable_duplicate,
    make_thumbnail,
    process_photo,
    sniff_format,
)

CASES = pc.build_corpus()
ACCEPTED = [case for case in CASES if case.expected == pc.OK]
REFUSED = [case for case in CASES if case.expected != pc.OK]
BY_NAME = {case.name: case for case in CASES}
# Sources with real transparency come out as PNG; everything else as JPEG.
PNG_OUTPUT = {"transparent_png", "webp_alpha", "transparent_gif"}


def _ids(case: pc.CorpusCase) -> str:
    return case.name


def _open(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def _pixel(image: Image.Image, xy: tuple[int, int]) -> tuple[int, ...]:
    value = image.getpixel(xy)
    assert isinstance(value, tuple)
    return value


def _close(actual: tuple[int, ...], expected: tuple[int, ...], tolerance: int = 40) -> bool:
    return all(abs(a - e) <= tolerance for a, e in zip(actual, expected, strict=True))


@pytest.fixture(scope="module")
def processed() -> dict[str, ProcessedPhoto]:
    return {case.name: process_photo(case.data, filename=case.filename) for case in ACCEPTED}


def test_corpus_covers_every_reject_reason() -> None:
    assert {case.expected for case in REFUSED} == {str(reason) for reason in RejectReason}


@pytest.mark.parametrize("case", ACCEPTED, ids=_ids)
def test_accepted_file_lands(case: pc.CorpusCase, processed: dict[str, ProcessedPhoto]) -> None:
    photo = processed[case.name]
    expected_type = "image/png" if case.name in PNG_OUTPUT else "image/jpeg"
    assert photo.content_type == expected_type
    image, thumb = _open(photo.image_bytes), _open(photo.thumbnail_bytes)
    assert image.format == expected_type.split("/")[1].upper()
    assert image.size == (photo.width, photo.height)
    assert thumb.size == (photo.thumb_width, photo.thumb_height)
    assert max(thumb.size) <= pp.THUMBNAIL_SIZE
    assert photo.sha256 == hashlib.sha256(case.data).hexdigest()
    assert len(photo.pixel_hash) == 16
    int(photo.pixel_hash, 16)


@pytest.mark.parametrize("case", REFUSED, ids=_ids)
def test_refused_file_names_its_reason(case: pc.CorpusCase) -> None:
    with pytest.raises(PhotoRejected) as caught:
        process_photo(case.data, filename=case.filename)
    assert caught.value.reason == case.expected
    with pytest.raises(PhotoRejected) as caught:
        make_thumbnail(case.data, filename=case.filename)
    assert caught.value.reason == case.expected


@pytest.mark.parametrize("case", ACCEPTED, ids=_ids)
def test_output_and_thumbnail_carry_no_metadata(
    case: pc.CorpusCase, processed: dict[str, ProcessedPhoto]
) -> None:
    photo = processed[case.name]
    quick_thumb, _, _ = make_thumbnail(case.data)
    for data in (photo.image_bytes, photo.thumbnail_bytes, quick_thumb):
        assert pc.metadata_findings(data) == []
        image = _open(data)
        assert len(image.getexif()) == 0
        assert not {"exif", "xmp", "XML:com.adobe.xmp", "icc_profile", "comment"} & set(image.info)
        for marker in (b"Exif", b"http://ns.adobe.com/xap", b"GPS"):
            assert marker not in data


def test_leaky_sources_really_carry_what_must_be_stripped() -> None:
    """The strip tests mean something only if the sources hold GPS, serials and the rest."""
    source = BY_NAME["leaky_jpeg"].data
    findings = pc.metadata_findings(source)
    assert any("EXIF" in finding for finding in findings)
    assert any("0xED" in finding for finding in findings)  # IPTC
    assert all(canary in source for canary in pc.LEAK_CANARIES)
    exif = _open(source).getexif()
    assert exif.get_ifd(0x8825)  # GPS
    assert exif.get_ifd(0x8769)[0xA431] == "SN-0042-TOPSECRET"
    heic = Image.open(io.BytesIO(BY_NAME["heic"].data))
    assert heic.getexif().get_ifd(0x8825) and heic.info.get("xmp")
    for name in ("transparent_png", "webp"):
        assert _open(BY_NAME[name].data).getexif().get_ifd(0x8825)


@pytest.mark.parametrize("name", [f"orientation_{n}" for n in range(1, 9)] + ["heic"])
def test_orientation_applied(name: str, processed: dict[str, ProcessedPhoto]) -> None:
    photo = processed[name]
    quick_thumb, _, _ = make_thumbnail(BY_NAME[name].data)
    for data in (photo.image_bytes, photo.thumbnail_bytes, quick_thumb):
        image = _open(data).convert("RGB")
        assert image.size == pc.TRUE_SIZE
        for _box, colour, probe in pc.MARKERS:
            assert _close(_pixel(image, probe), colour), (probe, _pixel(image, probe))


@pytest.mark.parametrize("orientation", [3, 6, 8])
def test_draft_thumbnail_of_large_rotated_jpeg(orientation: int) -> None:
    data = pc.oriented_jpeg(orientation, scale=20)  # 2400 x 1600 upright
    thumb, width, height = make_thumbnail(data)
    assert (width, height) == (256, 171)
    image = _open(thumb)
    assert image.size == (256, 171)
    for _box, colour, (x, y) in pc.MARKERS:
        probe = (round(x * 256 / 120), round(y * 171 / 80))
        assert _close(_pixel(image, probe), colour), (probe, _pixel(image, probe))
    assert pc.metadata_findings(thumb) == []


@pytest.mark.parametrize("embedded", [False, True])
def test_heic_embedded_preview_only_on_request(embedded: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    from pillow_heif.as_plugin import HeifImageFile

    data = pc.heic_photo()  # 800 x 600 stored, orientation 6, 320 px embedded preview
    drafts: list[object] = []
    original = HeifImageFile.draft

    def recording_draft(self: HeifImageFile, mode: str | None, size: tuple[int, int]) -> object:
        result = original(self, mode, size)
        drafts.append(result)
        return result

    monkeypatch.setattr(HeifImageFile, "draft", recording_draft)
    thumb, width, height = make_thumbnail(data, use_embedded_thumbnail=embedded)
    assert (width, height) == (192, 256)
    assert pc.metadata_findings(thumb) == []
    assert any(result is not None for result in drafts) is embedded
    drafts.clear()
    process_photo(data)  # what gets stored never comes from an embedded preview
    assert all(result is None for result in drafts)


def test_transparency_kept(processed: dict[str, ProcessedPhoto]) -> None:
    photo = processed["transparent_png"]
    for data in (photo.image_bytes, photo.thumbnail_bytes):
        image = _open(data)
        assert image.mode == "RGBA"
        assert _pixel(image, (2, 2))[3] == 0
        assert _pixel(image, (50, 40)) == (255, 0, 0, 255)
        assert abs(_pixel(image, (50, 77))[3] - 128) <= 2
    gif = _open(processed["transparent_gif"].image_bytes)
    assert _pixel(gif, (2, 2))[3] == 0
    assert _pixel(gif, (30, 20)) == (255, 0, 0, 255)


def test_opaque_alpha_becomes_jpeg() -> None:
    opaque = Image.new("RGBA", (40, 30), (10, 200, 30, 255))
    buffer = io.BytesIO()
    opaque.save(buffer, "PNG")
    assert process_photo(buffer.getvalue()).content_type == "image/jpeg"


def test_colour_conversions(processed: dict[str, ProcessedPhoto]) -> None:
    cmyk = _open(processed["cmyk_jpeg"].image_bytes)
    assert cmyk.mode == "RGB"
    assert _close(_pixel(cmyk, (10, 30)), pc.RED)
    assert _close(_pixel(cmyk, (70, 30)), pc.BLUE)
    gray = _open(processed["gray16_png"].image_bytes)
    assert gray.mode == "L"  # 16-bit scaled to 8-bit, not clipped to white
    assert [gray.getpixel((x, 8)) for x in (0, 64, 128, 255)] == pytest.approx([0, 64, 128, 255], abs=3)
    # Red pixels under a red/green-swapped profile are green in sRGB: the profile was applied.
    profiled = _open(processed["device_profile"].image_bytes)
    assert _close(_pixel(profiled, (10, 10)), (0, 255, 0))
    assert _open(processed["grayscale_jpeg"].image_bytes).mode == "L"


def test_first_frame_only(processed: dict[str, ProcessedPhoto]) -> None:
    assert _close(_pixel(_open(processed["animated_gif"].image_bytes), (30, 20)), pc.RED)
    assert _close(_pixel(_open(processed["mpo"].image_bytes), (20, 15)), pc.RED)


def test_capture_date_kept(processed: dict[str, ProcessedPhoto]) -> None:
    for name in ("leaky_jpeg", "heic", "webp", "transparent_png", "orientation_6"):
        taken_at = processed[name].taken_at
        assert taken_at == pc.CAPTURE_TIME  # DateTimeOriginal, not the later DateTime
        assert taken_at is not None and taken_at.tzinfo is None
    assert processed["damaged_exif"].taken_at is None
    assert processed["palette_png"].taken_at is None


def _jpeg_with_dates(original: str | None, changed: str | None) -> bytes:
    exif = Image.Exif()
    if changed is not None:
        exif[0x0132] = changed
    if original is not None:
        exif.get_ifd(0x8769)[0x9003] = original
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), pc.BLUE).save(buffer, "JPEG", exif=exif.tobytes())
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("original", "changed", "expected"),
    [
        ("2021:07:04 18:30:00", None, datetime(2021, 7, 4, 18, 30)),
        (None, "2020:02:29 06:07:08", datetime(2020, 2, 29, 6, 7, 8)),
        ("0000:00:00 00:00:00", "2019:01:01 00:00:01", datetime(2019, 1, 1, 0, 0, 1)),
        ("2021-07-04 18:30:00", None, datetime(2021, 7, 4, 18, 30)),
        ("    :  :     :  :  ", None, None),
        ("2021:13:40 25:61:00", None, None),
        (None, None, None),
    ],
)
def test_capture_date_parsing(original: str | None, changed: str | None, expected: datetime | None) -> None:
    assert process_photo(_jpeg_with_dates(original, changed)).taken_at == expected


def test_duplicates_recognised_after_reencoding() -> None:
    source = next(pc.iter_demo_photos(1, seed=42))
    hashes = []
    for quality in (95, 60, 30):
        buffer = io.BytesIO()
        _open(source).save(buffer, "JPEG", quality=quality)
        hashes.append(process_photo(buffer.getvalue()).pixel_hash)
    buffer = io.BytesIO()
    _open(source).resize((320, 240)).save(buffer, "PNG")
    hashes.append(process_photo(buffer.getvalue()).pixel_hash)
    for hash_a, hash_b in itertools.combinations(hashes, 2):
        assert is_probable_duplicate(hash_a, hash_b)


def test_same_picture_in_any_orientation_is_a_duplicate(
    processed: dict[str, ProcessedPhoto],
) -> None:
    photos = [processed[f"orientation_{n}"] for n in range(1, 9)] + [processed["heic"]]
    assert len({photo.sha256 for photo in photos}) == len(photos)
    for photo_a, photo_b in itertools.combinations(photos, 2):
        assert is_probable_duplicate(photo_a.pixel_hash, photo_b.pixel_hash)


def test_different_photos_are_not_duplicates() -> None:
    hashes = [process_photo(data).pixel_hash for data in pc.iter_demo_photos(16)]
    for hash_a, hash_b in itertools.combinations(hashes, 2):
        assert not is_probable_duplicate(hash_a, hash_b), (hash_a, hash_b)


def test_duplicate_threshold() -> None:
    assert is_probable_duplicate("0" * 16, "000000000000003f")  # 6 bits apart
    assert not is_probable_duplicate("0" * 16, "000000000000007f")  # 7 bits apart
    assert is_probable_duplicate("0" * 16, "000000000000007f", max_distance=7)


def test_input_byte_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    data = BY_NAME["leaky_jpeg"].data
    monkeypatch.setattr(pp, "MAX_INPUT_BYTES", len(data) - 1)
    with pytest.raises(PhotoRejected) as caught:
        process_photo(data)
    assert caught.value.reason is RejectReason.TOO_LARGE


def test_pixel_cap_checked_before_decoding(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pp, "MAX_PIXELS", 120 * 80 - 1)
    for data in (BY_NAME["orientation_1"].data, BY_NAME["heic"].data):
        with pytest.raises(PhotoRejected) as caught:
            make_thumbnail(data)
        assert caught.value.reason is RejectReason.TOO_LARGE


def test_hostile_files_raise_no_warnings(recwarn: pytest.WarningsRecorder) -> None:
    """Bomb warnings become rejections; decoder chatter about damaged metadata stays quiet."""
    for case in CASES:
        try:
            process_photo(case.data, filename=case.filename)
        except PhotoRejected as error:
            assert error.reason == case.expected
    assert [str(warning.message) for warning in recwarn] == []


def test_global_pillow_and_warning_state_untouched() -> None:
    limit, filters = Image.MAX_IMAGE_PIXELS, list(warnings.filters)
    for name in ("bomb_png", "bomb_png_100mp", "bomb_png_85mp", "leaky_jpeg"):
        with contextlib.suppress(PhotoRejected):
            process_photo(BY_NAME[name].data)
    assert limit == Image.MAX_IMAGE_PIXELS
    assert warnings.filters == filters


def test_nothing_touches_the_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """Decoded pixels never reach a file: opening any path fails during processing."""
    for case in ACCEPTED:  # warm up: plugins imported, HEIF opener registered
        process_photo(case.data)

    def no_files(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"file opened: {args!r}")

    monkeypatch.setattr(builtins, "open", no_files)
    monkeypatch.setattr(os, "open", no_files)
    for case in ACCEPTED:
        process_photo(case.data)
        make_thumbnail(case.data)


def test_rejection_survives_a_worker_process_boundary() -> None:
    error = PhotoRejected(RejectReason.TRUNCATED, "cut short")
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.reason, copy.detail) == (RejectReason.TRUNCATED, "cut short")
    assert copy.reason is RejectReason.TRUNCATED


def test_processed_photo_pickles(processed: dict[str, ProcessedPhoto]) -> None:
    photo = processed["leaky_jpeg"]
    assert pickle.loads(pickle.dumps(photo)) == photo


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"\xff\xd8\xff\xe0", "JPEG"),
        (b"\x89PNG\r\n\x1a\n", "PNG"),
        (b"GIF89a", "GIF"),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "WEBP"),
        (b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic", "HEIF"),
        (b"\x00\x00\x00\x18ftypmif1\x00\x00\x00\x00mif1heic", "HEIF"),
        (b"\x00\x00\x00\x18ftypmif1\x00\x00\x00\x00mif1avif", "AVIF"),
        (b"\x00\x00\x00\x18ftypcrx \x00\x00\x00\x00crx isom", "RAW"),
        (b"\x00\x00\x00\x18ftypqt  \x00\x00\x00\x00qt  \x00\x00", None),
        (b"II*\x00\x08\x00\x00\x00", "TIFF"),
        (b"BM" + b"\x00" * 12 + b"\x28\x00\x00\x00", "BMP"),
        (b"BMW service history", None),
        (b"hello", None),
        (b"", None),
    ],
)
def test_sniff_format(head: bytes, expected: str | None) -> None:
    assert sniff_format(head + b"\x00" * 32 if head else head) == expected


def test_supported_extensions() -> None:
    assert {".jpg", ".jpeg", ".png", ".webp", ".heic", ".heif", ".gif"} <= pp.SUPPORTED_EXTENSIONS
    assert not {".bmp", ".tif", ".tiff", ".avif"} & pp.SUPPORTED_EXTENSIONS


def test_write_corpus_into_a_directory(tmp_path: Path) -> None:
    paths = pc.write_corpus(tmp_path)
    assert len(paths) == len(CASES)
    for path, case in zip(paths, CASES, strict=True):
        assert path.read_bytes() == case.data


def test_demo_photos_are_deterministic_dated_and_clean() -> None:
    first = list(pc.iter_demo_photos(3, seed=1))
    assert first == list(pc.iter_demo_photos(3, seed=1))
    assert first != list(pc.iter_demo_photos(3, seed=2))
    dates = [process_photo(data).taken_at for data in first]
    assert None not in dates
    assert dates == sorted(date for date in dates if date is not None)
    assert all(b"GPS" not in data for data in first)


@pytest.mark.slow
def test_twelve_megapixel_photo() -> None:
    data = pc.twelve_megapixel_jpeg(orientation=6)
    photo = process_photo(data)
    assert (photo.width, photo.height) == (3000, 4000)
    assert (photo.thumb_width, photo.thumb_height) == (192, 256)
    thumb, width, height = make_thumbnail(data)
    assert (width, height) == (192, 256)
    assert is_probable_duplicate(photo.pixel_hash, process_photo(photo.image_bytes).pixel_hash)
    for output in (photo.image_bytes, photo.thumbnail_bytes, thumb):
        assert pc.metadata_findings(output) == []


# --- the lossless path: plain upright JPEGs keep their compressed data byte for byte ------------

# Upright, YCbCr or grey, untagged or sRGB: metadata cut out, nothing re-encoded.
LOSSLESS = ["orientation_1", "grayscale_jpeg", "damaged_exif", "mpo", "plain_leaky_jpeg", "progressive_jpeg"]
# Rotated, device profile, CMYK, RGB stored as is: the pixels must change, so they are re-encoded.
REENCODED = ["orientation_6", "leaky_jpeg", "device_profile", "cmyk_jpeg", "rgb_stored_jpeg"]
_DECODING_MARKERS = {0xD8, 0xDB, 0xC4, 0xDD, 0xC0, 0xC1, 0xC2, 0xDA, 0xD9}


def _from_first_scan(jpeg: bytes) -> bytes:
    return jpeg[pc.scan_offsets(jpeg)[0] :]


def _assert_lossless(source: bytes, photo: ProcessedPhoto) -> None:
    output = photo.image_bytes
    assert photo.content_type == "image/jpeg"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # the damaged EXIF of a source
        decoded = _open(source)
    assert _open(output).tobytes() == decoded.tobytes()  # pixel for pixel
    assert (photo.width, photo.height) == decoded.size
    scans = _from_first_scan(output)
    assert source[pc.scan_offsets(source)[0] :].startswith(scans)  # compressed data untouched
    markers = pc.jpeg_markers(output)
    assert markers[1][0] == 0xE0 and output[markers[1][1] + 4 :].startswith(b"JFIF\x00")
    assert {marker for marker, _ in markers[2:]} <= _DECODING_MARKERS  # no APPn, COM, anywhere
    assert markers[-1] == (0xD9, len(output) - 2)  # ends at EOI: nothing after
    assert pc.metadata_findings(output) == []
    for canary in (*pc.LEAK_CANARIES, b"SEFH", b"SEFT"):
        assert canary not in output


@pytest.mark.parametrize("name", LOSSLESS)
def test_plain_jpeg_kept_losslessly(name: str, processed: dict[str, ProcessedPhoto]) -> None:
    _assert_lossless(BY_NAME[name].data, processed[name])


@pytest.mark.parametrize("name", REENCODED)
def test_other_jpegs_re_encoded(name: str, processed: dict[str, ProcessedPhoto]) -> None:
    source = BY_NAME[name].data
    assert not source[pc.scan_offsets(source)[0] :].startswith(_from_first_scan(processed[name].image_bytes))


def test_rgb_stored_jpeg_keeps_its_colour(processed: dict[str, ProcessedPhoto]) -> None:
    """Without its Adobe marker a decoder would read RGB as YCbCr: such files are re-encoded."""
    image = _open(processed["rgb_stored_jpeg"].image_bytes).convert("RGB")
    assert _close(_pixel(image, (10, 10)), pc.RED, tolerance=8)


def test_leaky_sources_of_the_lossless_path_really_leak() -> None:
    for name in ("plain_leaky_jpeg", "progressive_jpeg"):
        source = BY_NAME[name].data
        markers = {marker for marker, _ in pc.jpeg_markers(source)}
        assert {0xE1, 0xE2, 0xED, 0xFE} <= markers  # EXIF and XMP, ICC, IPTC, comment
        assert all(canary in source for canary in pc.LEAK_CANARIES)
        assert _open(source).getexif().get_ifd(0x8825)  # GPS
        assert b"SEFT" in source[pc.jpeg_markers(source)[-1][1] :]  # a trailer after EOI
    assert len(pc.scan_offsets(BY_NAME["progressive_jpeg"].data)) > 1


def test_capture_date_read_before_stripping(processed: dict[str, ProcessedPhoto]) -> None:
    for name in ("plain_leaky_jpeg", "progressive_jpeg", "orientation_1"):
        assert processed[name].taken_at == pc.CAPTURE_TIME
        assert len(_open(processed[name].image_bytes).getexif()) == 0


def test_segments_between_scans_dropped() -> None:
    """A comment or APP segment hidden between the scans of a progressive JPEG does not survive."""
    source = pc.plain_leaky_jpeg(progressive=True)
    second_scan = pc.scan_offsets(source)[1]
    hidden = pc.insert_jpeg_segments(
        b"\xff\xd8", [(0xFE, b"12 Example Street"), (0xE5, b"SN-0042-TOPSECRET")]
    )
    doctored = source[:second_scan] + hidden[2:] + source[second_scan:]
    photo = process_photo(doctored)
    _assert_lossless(source, photo)  # the same scans, byte for byte, as the file without them
    assert photo.image_bytes == process_photo(source).image_bytes


def test_restart_markers_kept() -> None:
    buffer = io.BytesIO()
    pc.upright_picture().save(buffer, "JPEG", quality=90, restart_marker_blocks=2)
    source = buffer.getvalue()
    assert source.count(b"\xff\xd0") > 1
    _assert_lossless(source, process_photo(source))


def test_lossless_output_is_a_fixed_point(processed: dict[str, ProcessedPhoto]) -> None:
    clean = processed["plain_leaky_jpeg"].image_bytes
    again = process_photo(clean)
    assert again.image_bytes == clean
    assert again.pixel_hash == processed["plain_leaky_jpeg"].pixel_hash


def test_draft_thumbnail_of_large_upright_jpeg() -> None:
    """The lossless path's thumbnail comes from a 1/8-scale decode: right size, right picture."""
    data = pc.oriented_jpeg(1, scale=20)  # 2400 x 1600
    photo = process_photo(data)
    assert (photo.width, photo.height) == (2400, 1600)
    assert (photo.thumb_width, photo.thumb_height) == (256, 171)
    thumb = _open(photo.thumbnail_bytes)
    for _box, colour, (x, y) in pc.MARKERS:
        probe = (round(x * 256 / 120), round(y * 171 / 80))
        assert _close(_pixel(thumb, probe), colour), (probe, _pixel(thumb, probe))
    rotated = process_photo(pc.oriented_jpeg(6, scale=20))  # the same picture, re-encoded
    assert is_probable_duplicate(photo.pixel_hash, rotated.pixel_hash)


def _first_eoi(jpeg: bytes) -> int:
    return pc.jpeg_markers(jpeg)[-1][1]


@pytest.mark.parametrize("progressive", [False, True], ids=["baseline", "progressive"])
@pytest.mark.parametrize("where", ["headers", "first_scan", "last_scan", "eoi_missing"])
def test_truncated_plain_jpeg_refused(where: str, progressive: bool) -> None:
    source = pc.plain_leaky_jpeg(progressive=progressive)
    scans, eoi = pc.scan_offsets(source), _first_eoi(source)
    first_scan_end = scans[1] if len(scans) > 1 else eoi
    cut = {
        "headers": scans[0] - 30,
        "first_scan": (scans[0] + first_scan_end) // 2,
        "last_scan": scans[-1] + (eoi - scans[-1]) // 2,
        "eoi_missing": eoi,  # every scan whole, only the end marker gone
    }[where]
    with pytest.raises(PhotoRejected) as caught:
        process_photo(source[:cut])
    assert caught.value.reason is RejectReason.TRUNCATED


def test_truncated_refused_even_if_pillow_is_told_to_tolerate_it(monkeypatch: pytest.MonkeyPatch) -> None:
    from PIL import ImageFile

    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)  # as some other module might
    source = pc.plain_leaky_jpeg()
    with pytest.raises(PhotoRejected) as caught:
        process_photo(source[: _first_eoi(source) - 200])
    assert caught.value.reason is RejectReason.TRUNCATED


def test_corrupt_scan_data_refused_or_decoded_whole() -> None:
    """Junk where a marker should be: never stored as is without a decoder having read it all."""
    source = pc.plain_leaky_jpeg()
    eoi = _first_eoi(source)
    doctored = source[: eoi - 40] + b"\xff\x01" + source[eoi - 40 :]  # a stray marker in the scan
    try:
        photo = process_photo(doctored)
    except PhotoRejected as error:
        assert error.reason in (RejectReason.BROKEN, RejectReason.TRUNCATED)
    else:  # the tolerant decoder path took it: re-encoded, so clean and decodable
        assert pc.metadata_findings(photo.image_bytes) == []


def test_damaged_plain_jpegs_are_refused_or_come_out_clean() -> None:
    """Cut, flipped, stray-marker and missing bytes anywhere: a reason, or a clean decodable file."""
    import random

    rng = random.Random(2024)
    sources = [pc.plain_leaky_jpeg(), pc.plain_leaky_jpeg(progressive=True, seed=9)]
    outcomes: set[str] = set()
    for _ in range(300):
        data = bytearray(rng.choice(sources))
        position = rng.randrange(2, len(data))
        damage = rng.randrange(4)
        if damage == 0:
            del data[position:]
        elif damage == 1:
            data[position] ^= 1 << rng.randrange(8)
        elif damage == 2:
            data[position:position] = bytes([0xFF, rng.randrange(256)])
        else:
            del data[position : position + rng.randrange(1, 50)]
        try:
            photo = process_photo(bytes(data))
        except PhotoRejected as error:
            outcomes.add(str(error.reason))
            continue
        outcomes.add("ok")
        assert pc.metadata_findings(photo.image_bytes) == []
        _open(photo.thumbnail_bytes)
    assert {"ok", "truncated", "broken"} <= outcomes
