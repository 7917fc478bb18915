"""Batch photo import: per-file results, duplicates, cancelling, and workers that match this process."""

from __future__ import annotations

import io
import shutil
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any

import photo_corpus as pc
import pytest
from PIL import Image
from sqlalchemy import func, select

from carer_app.services import children, household, photos
from carer_app.services.photo_processing import SUPPORTED_EXTENSIONS
from carer_app.services.photos import ImportResult, ImportStatus
from carer_app.storage.models import Blob, Photo
from carer_app.storage.vault import Vault

PASS = "violet kettle under seven bridges"
CASES = {case.name: case for case in pc.build_corpus()}
# Corpus files that show a picture already imported from an earlier file of the corpus.
DUPLICATE_OF = {
    # the upright test picture in every orientation, and as HEIC
    **{f"orientation_{n}": "orientation_1" for n in range(2, 9)},
    "heic": "orientation_1",
    # one generated scene as greyscale, palette PNG and WebP; one sticker as PNG and WebP
    "palette_png": "damaged_exif",
    "grayscale_jpeg": "damaged_exif",
    "webp": "damaged_exif",
    "webp_alpha": "transparent_png",
    # flat colours: a difference hash cannot tell one flat picture from another
    **dict.fromkeys(
        ["cmyk_jpeg", "animated_gif", "transparent_gif", "mpo", "rgb_stored_jpeg"], "device_profile"
    ),
}


def _child(vault: Vault) -> str:
    return children.list_children(vault)[0].id


def _write(folder: Path, names: list[str]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index, name in enumerate(names):
        case = CASES[name]
        path = folder / f"{index:02d}_{case.filename}"
        path.write_bytes(case.data)
        paths.append(path)
    return paths


def _demo_files(folder: Path, count: int, seed: int = 3) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index, data in enumerate(pc.iter_demo_photos(count, seed=seed)):
        path = folder / f"demo_{index:02d}.jpg"
        path.write_bytes(data)
        paths.append(path)
    return paths


def _counts(vault: Vault) -> tuple[int, int, set[str]]:
    """Photo rows, blob rows, and blob file names on disk."""
    with vault.session() as session:
        photo_rows = session.scalar(select(func.count()).select_from(Photo)) or 0
        blob_rows = session.scalar(select(func.count()).select_from(Blob)) or 0
    return photo_rows, blob_rows, vault.blobs.all_file_names()


def _assert_no_half_import(vault: Vault, results: list[ImportResult]) -> None:
    imported = [r for r in results if r.status is ImportStatus.IMPORTED]
    photo_rows, blob_rows, files = _counts(vault)
    assert photo_rows == blob_rows == len(files) == len(imported)
    with vault.session() as session:
        assert set(session.scalars(select(Blob.file_name))) == files
        assert set(session.scalars(select(Photo.id))) == {r.photo_id for r in imported}


class CountingPool(ProcessPoolExecutor):
    """A pool that remembers how many files were handed to it."""

    submitted = 0

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        CountingPool.submitted += 1
        return super().submit(fn, *args, **kwargs)


@pytest.fixture()
def counting_pool(monkeypatch: pytest.MonkeyPatch) -> type[CountingPool]:
    CountingPool.submitted = 0
    monkeypatch.setattr(
        photos, "new_pool",
        lambda workers: CountingPool(max_workers=workers, mp_context=photos.pool_context()),
    )
    return CountingPool


def test_every_corpus_file_lands_or_is_refused_and_the_batch_goes_on(vault: Vault, tmp_path: Path) -> None:
    paths = pc.write_corpus(tmp_path)  # given one by one: a folder walk skips .pdf, .bmp...
    calls: list[tuple[int, int, ImportResult]] = []
    results = list(photos.import_photos(
        vault, _child(vault), paths, progress=lambda i, n, r: calls.append((i, n, r)),
    ))
    assert [r.path for r in results] == paths
    assert [(i, n) for i, n, _ in calls] == [(i, len(paths)) for i in range(1, len(paths) + 1)]
    assert [r for _, _, r in calls] == results
    by_name = {r.path.name.split("__")[0]: r for r in results}
    for name, case in CASES.items():
        result = by_name[name]
        if case.expected != pc.OK:
            assert (result.status, result.reason) == (ImportStatus.REJECTED, case.expected), name
        elif name in DUPLICATE_OF:
            first = by_name[DUPLICATE_OF[name]]
            assert result.status is ImportStatus.DUPLICATE, name
            assert result.reason == f"duplicate_of:{first.photo_id}" and result.photo_id == first.photo_id
        else:
            assert result.status is ImportStatus.IMPORTED, (name, result.reason)
    _assert_no_half_import(vault, results)


def test_a_folder_is_walked_for_photos_in_a_stable_order(tmp_path: Path) -> None:
    (tmp_path / "album" / "nested").mkdir(parents=True)
    paths = pc.write_corpus(tmp_path / "album")
    nested = _demo_files(tmp_path / "album" / "nested", 2)
    found = photos.expand_paths([tmp_path / "album"])
    assert found == sorted(found)
    assert set(found) == {p for p in paths if p.suffix.lower() in SUPPORTED_EXTENSIONS} | set(nested)


def test_nothing_stored_carries_metadata(vault: Vault, tmp_path: Path) -> None:
    paths = _write(tmp_path, ["plain_leaky_jpeg", "progressive_jpeg", "leaky_jpeg", "webp", "orientation_6"])
    results = list(photos.import_photos(vault, _child(vault), paths))
    assert {r.status for r in results} == {ImportStatus.IMPORTED}
    for result in results:
        assert result.photo_id is not None
        for data in (photos.photo_bytes(vault, result.photo_id), photos.thumbnail(vault, result.photo_id)):
            assert pc.metadata_findings(data) == []
    for blob_file in vault.blobs.all_file_names():  # and the blobs on disk are ciphertext
        raw = vault.blobs.path_of(blob_file).read_bytes()
        assert not any(canary in raw for canary in (*pc.LEAK_CANARIES, b"JFIF", b"Exif"))


def test_unreadable_and_oversized_files_are_refused(
    vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = _demo_files(tmp_path / "good", 3)
    missing = tmp_path / "gone.jpg"
    big = tmp_path / "big.jpg"
    big.write_bytes(good[0].read_bytes())
    monkeypatch.setattr(photos, "_work", pc.process_or_die)  # importable in the workers
    results = list(photos.import_photos(vault, _child(vault), [good[0], missing, good[1], big, good[2]]))
    assert [r.status for r in results] == [
        ImportStatus.IMPORTED, ImportStatus.REJECTED, ImportStatus.IMPORTED, ImportStatus.DUPLICATE,
        ImportStatus.IMPORTED,
    ]
    assert results[1].reason == "unreadable"


def test_file_over_the_size_cap_is_refused_unread(
    vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from carer_app.services import photo_import_worker

    path = _demo_files(tmp_path, 1)[0]
    monkeypatch.setattr(photo_import_worker, "MAX_FILE_BYTES", path.stat().st_size - 1)
    result = photos.import_one(vault, _child(vault), path)
    assert (result.status, result.reason) == (ImportStatus.REJECTED, "too_large")


def test_duplicates_recognised_in_the_batch_and_against_the_vault(vault: Vault, tmp_path: Path) -> None:
    child = _child(vault)
    original = _demo_files(tmp_path, 1, seed=42)[0]
    copy = tmp_path / "copy of photo.jpg"
    shutil.copy(original, copy)
    smaller = tmp_path / "resized.png"
    Image.open(original).resize((320, 240)).save(smaller)
    recompressed = tmp_path / "whatsapp.jpg"
    buffer = io.BytesIO()
    Image.open(original).save(buffer, "JPEG", quality=40)
    recompressed.write_bytes(buffer.getvalue())
    first = list(photos.import_photos(vault, child, [original, copy, smaller, recompressed]))
    kept = first[0].photo_id
    assert first[0].status is ImportStatus.IMPORTED and kept is not None
    assert [(r.status, r.photo_id) for r in first[1:]] == [(ImportStatus.DUPLICATE, kept)] * 3
    again = photos.import_one(vault, child, original)  # a later import of the same file
    assert (again.status, again.photo_id) == (ImportStatus.DUPLICATE, kept)
    children.add_child(vault, "Sibling")
    sibling = next(c.id for c in children.list_children(vault) if c.id != child)
    other = photos.import_one(vault, sibling, original)  # each child's album is its own
    assert other.status is ImportStatus.IMPORTED


@pytest.mark.parametrize("how", ["cancelled", "progress_cancels", "caller_stops"])
def test_cancel_leaves_no_half_import(vault: Vault, vault_dir: Path, tmp_path: Path, how: str) -> None:
    paths = _demo_files(tmp_path, 10)
    stop_after = 4
    results: list[ImportResult] = []
    flag = {"stop": False}

    def progress(index: int, total: int, result: ImportResult) -> None:
        if how == "progress_cancels" and index == stop_after:
            flag["stop"] = True

    batch = photos.import_photos(
        vault, _child(vault), paths, progress=progress,
        cancelled=lambda: flag["stop"] or (how == "cancelled" and len(results) >= stop_after),
    )
    for result in batch:
        results.append(result)
        if how == "caller_stops" and len(results) == stop_after:
            batch.close()  # the dialog closed: work in flight is dropped
            break
    assert len(results) == stop_after
    assert all(r.status is ImportStatus.IMPORTED for r in results)
    _assert_no_half_import(vault, results)
    vault.close()
    reopened = household.unlock(vault_dir, PASS)
    assert reopened.notes.swept_blobs == 0  # nothing was left half written either
    assert len(photos.list_photos(reopened, _child(reopened))) == stop_after
    reopened.close()


def test_parallel_import_equals_sequential(tmp_path: Path) -> None:
    from carer_app.domain.enums import Role

    names = ["plain_leaky_jpeg", "truncated_jpeg", "orientation_6", "progressive_jpeg", "text_as_jpeg",
             "cmyk_jpeg", "transparent_png", "heic", "orientation_3", "bomb_png", "webp", "mpo"]
    paths = _write(tmp_path / "in", names)
    stored: dict[int, list[tuple[object, ...]]] = {}
    for workers in (1, 2):
        vault, _ = household.create_household(
            tmp_path / f"vault{workers}", name="Sam", role=Role.CARER, passphrase=PASS
        )
        child = children.add_child(vault, "Alex").id
        results = list(photos.import_photos(vault, child, paths, workers=workers))
        ids = {r.photo_id: n for n, r in enumerate(results) if r.photo_id is not None}
        stored[workers] = [
            (r.path, r.status, r.reason.split(":")[0], ids[r.photo_id] if r.photo_id else None)
            for r in results
        ]
        with vault.session() as session:
            rows = session.execute(select(
                Photo.id, Photo.width, Photo.height, Photo.taken_at, Photo.source_sha256,
                Photo.pixel_hash,
            )).all()
        stored[workers] += sorted(
            (ids[row[0]], *row[1:], photos.thumbnail(vault, row[0]), photos.photo_bytes(vault, row[0]))
            for row in rows
        )
        vault.close()
    assert stored[1] == stored[2]
    assert any(item[1] is ImportStatus.DUPLICATE for item in stored[2][: len(names)])


def test_bounded_work_in_flight(vault: Vault, tmp_path: Path, counting_pool: type[CountingPool]) -> None:
    paths = _demo_files(tmp_path, 14)
    batch = photos.import_photos(vault, _child(vault), paths)
    next(batch)
    ahead = photos.WORKERS * photos.IN_FLIGHT_PER_WORKER
    assert counting_pool.submitted == ahead + 1  # not the whole batch: memory stays flat
    rest = list(batch)
    assert len(rest) == len(paths) - 1 and counting_pool.submitted == len(paths)


def test_tiny_batches_start_no_workers(
    vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, counting_pool: type[CountingPool]
) -> None:
    paths = _demo_files(tmp_path, 3)
    assert len(list(photos.import_photos(vault, _child(vault), paths[:2]))) == 2
    assert counting_pool.submitted == 0
    assert len(list(photos.import_photos(vault, _child(vault), paths, workers=1))) == 3
    assert counting_pool.submitted == 0
    list(photos.import_photos(vault, _child(vault), paths))
    assert counting_pool.submitted == 3


@pytest.mark.parametrize("where", [0, 2, 6])
def test_a_file_that_kills_its_worker_is_refused_and_the_batch_goes_on(
    vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: int
) -> None:
    paths = _demo_files(tmp_path, 6)
    crash = tmp_path / "crash.jpg"
    crash.write_bytes(paths[0].read_bytes())
    monkeypatch.setattr(photos, "_work", pc.process_or_die)
    batch = [*paths[:where], crash, *paths[where:]]
    results = list(photos.import_photos(vault, _child(vault), batch))
    assert [r.path for r in results] == batch
    assert (results[where].status, results[where].reason) == (ImportStatus.REJECTED, "broken")
    assert all(r.status is ImportStatus.IMPORTED for n, r in enumerate(results) if n != where)
    _assert_no_half_import(vault, results)


def test_list_photos_is_in_timeline_order_and_thumbnails_come_in_one_call(
    vault: Vault, tmp_path: Path
) -> None:
    child = _child(vault)
    paths = _demo_files(tmp_path, 5)
    results = list(photos.import_photos(vault, child, list(reversed(paths))))
    listed = photos.list_photos(vault, child)
    assert [v.taken_at for v in listed] == sorted(v.taken_at for v in listed if v.taken_at)
    ids = [v.id for v in listed]
    assert set(ids) == {r.photo_id for r in results}
    thumbs = photos.thumbnails(vault, [*ids, "no-such-photo"])
    assert set(thumbs) == set(ids)
    assert all(thumbs[i] == photos.thumbnail(vault, i) for i in ids)
