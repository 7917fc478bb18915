"""Gallery, photo viewer and import dialog: lazy thumbnails over 5,000 photos, per-file import reasons."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

import many_photos
import photo_corpus
import pytest
from PySide6.QtCore import QCoreApplication, QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QImage, QWheelEvent
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from carer_app.domain.enums import PlaceKind, Relationship
from carer_app.domain.life_story_views import PersonDetails, PlaceDetails
from carer_app.domain.views import PhotoView
from carer_app.services import children, household, life_story, people_places, photos
from carer_app.services.demo_photos import jpeg_with_metadata
from carer_app.services.photo_processing import process_photo
from carer_app.ui import workers
from carer_app.ui.app_session import AppSession
from carer_app.ui.gallery_panel import GalleryPanel
from carer_app.ui.photo_import_dialog import PhotoImportDialog
from carer_app.ui.photo_list_model import (
    BATCH,
    CACHE_LIMIT,
    CaptionRole,
    PhotoIdRole,
    PhotoListModel,
    TakenAtRole,
    ThumbnailLoader,
)
from carer_app.ui.picture_decoding import full_picture, square_thumbnail

TEST_PASSPHRASE = "violet kettle under seven bridges"
MANY = 5_000
T = TypeVar("T")
DECORATION = Qt.ItemDataRole.DecorationRole


# -- set-up ------------------------------------------------------------------------------------


def _settle(qtbot: QtBot) -> None:
    """Until every vault and decode job has finished and its result was delivered (a result
    may start more work: a saved caption rereads the list)."""
    while True:
        qtbot.waitUntil(lambda: workers.running() == 0, timeout=20_000)
        QCoreApplication.processEvents()
        if workers.running() == 0:
            return


def _read(qtbot: QtBot, session: AppSession, work: Callable[[household.Vault], T]) -> T:
    """Read the vault the way the ui does, on the session's vault thread (never beside it)."""
    found: list[T] = []
    session.run(work, found.append)
    qtbot.waitUntil(lambda: bool(found), timeout=20_000)
    return found[0]


@pytest.fixture()
def session(vault: household.Vault, vault_dir: Path) -> Iterator[AppSession]:
    app_session = AppSession(vault_dir)
    app_session.open(vault)
    yield app_session
    _lock(app_session)


def _lock(app_session: AppSession) -> None:
    """Lock, and let running work finish and hand back, so the vault is closed when this ends."""
    app_session.lock()
    while not app_session.wait_until_closed(0):
        workers.wait_for_all()
        QCoreApplication.processEvents()


@pytest.fixture()
def child_id(vault: household.Vault) -> str:
    return children.list_children(vault)[0].id


def _store(vault: household.Vault, child: str, seed: int, caption: str = "") -> str:
    data = jpeg_with_metadata(seed, datetime(2023, 5, 1 + seed % 27, 10, 0))
    return photos.store_processed(vault, child, process_photo(data, filename="p.jpg"), caption)


def _panel(qtbot: QtBot, session: AppSession, child: str | None) -> GalleryPanel:
    panel = GalleryPanel(session)
    qtbot.addWidget(panel)
    panel.resize(1000, 700)
    panel.show()
    panel.set_child(child)
    _settle(qtbot)
    return panel


class CountingLoader:
    """Wraps a loader and remembers every id asked for."""

    def __init__(self, inner: ThumbnailLoader) -> None:
        self.inner = inner
        self.asked: list[str] = []

    def load(self, photo_ids: list[str], done: Callable[[dict[str, QImage]], None]) -> None:
        self.asked.extend(photo_ids)
        self.inner.load(photo_ids, done)


class InstantLoader:
    """Hands back a tiny picture for every id at once (no vault), like a loader that never waits."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    def load(self, photo_ids: list[str], done: Callable[[dict[str, QImage]], None]) -> None:
        self.asked.extend(photo_ids)
        image = QImage(8, 8, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.darkCyan)
        done({photo_id: image for photo_id in photo_ids})


def _views(count: int) -> list[PhotoView]:
    now = datetime(2024, 1, 1, tzinfo=UTC)
    return [PhotoView(f"id-{i}", "child", f"Caption {i}" if i % 3 else "", 800, 600,
                      now if i % 2 else None, now) for i in range(count)]


# -- the model ---------------------------------------------------------------------------------


def test_model_passes_the_model_tester(qtmodeltester: object, qtbot: QtBot) -> None:
    model = PhotoListModel(InstantLoader())
    model.set_photos(_views(40))
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    qtbot.wait(50)  # the thumbnails it asked for arrive
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    index = model.index(4)
    assert (model.data(index, PhotoIdRole), model.data(index, CaptionRole)) == ("id-4", "Caption 4")
    assert model.data(index, TakenAtRole) is None
    assert model.data(model.index(4), Qt.ItemDataRole.DisplayRole) == "Caption 4"
    assert model.data(model.index(3), Qt.ItemDataRole.DisplayRole) == "January 2024"  # no caption
    assert model.setData(index, "  At the beach ")
    assert model.data(index, CaptionRole) == "At the beach"


def test_model_loads_only_what_is_asked_for_and_keeps_a_bounded_cache(qtbot: QtBot) -> None:
    loader = InstantLoader()
    model = PhotoListModel(loader, cache_limit=50)
    model.set_photos(_views(1000))
    for row in range(10):
        assert model.data(model.index(row), DECORATION) is model.placeholder
    qtbot.waitUntil(lambda: len(loader.asked) == 10)
    assert sorted(loader.asked) == sorted(f"id-{i}" for i in range(10))
    assert model.data(model.index(3), DECORATION) is not model.placeholder
    for row in range(1000):  # a scroll through everything, a screenful at a time
        model.data(model.index(row), DECORATION)
        if row % 30 == 29:
            qtbot.wait(15)
    qtbot.waitUntil(lambda: not model._wanted and not model._in_flight)
    assert model.cached_count <= 50
    assert len(loader.asked) < 1000 + 10  # nothing asked twice while it was on screen
    model.clear()
    assert model.rowCount() == 0 and model.cached_count == 0


def test_pictures_decode_off_the_gui_thread_without_qt_plugins(qapp: QApplication) -> None:
    jpeg = jpeg_with_metadata(3, datetime(2023, 1, 1, 9, 0))
    thumb = square_thumbnail(jpeg, 160)
    assert (thumb.width(), thumb.height()) == (160, 160)
    assert thumb.pixelColor(80, 0).alpha() == 0 and thumb.pixelColor(80, 159).alpha() == 255
    full = full_picture(jpeg)
    assert (full.width(), full.height()) == (960, 720) and not full.hasAlphaChannel()
    sticker = next(c for c in photo_corpus.build_corpus() if c.name == "transparent_png").data
    assert full_picture(sticker).hasAlphaChannel()
    for bad in (b"", b"not a picture", jpeg[: len(jpeg) // 3]):
        assert square_thumbnail(bad, 160).isNull() or bad.startswith(b"\xff\xd8")
    assert full_picture(b"not a picture").isNull()


# -- 5,000 photos ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def many_folder(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    from carer_app.domain.enums import Role

    folder = tmp_path_factory.mktemp("many") / "vault"
    opened, _ = household.create_household(folder, name="Test Carer", role=Role.CARER,
                                           passphrase=TEST_PASSPHRASE)
    child = children.add_child(opened, "Test Child")
    started = time.perf_counter()
    many_photos.add_photo_rows(opened, child.id, MANY)
    print(f"\n{MANY} photo rows in {time.perf_counter() - started:.2f} s")
    opened.close()
    return folder, child.id


def _visible_rows(panel: GalleryPanel) -> set[int]:
    area = panel.view.viewport().rect()
    return {row for row in range(panel.model.rowCount())
            if panel.view.visualRect(panel.model.index(row)).intersects(area)}


def test_gallery_of_5000_photos_loads_only_visible_thumbnails(
    qtbot: QtBot, many_folder: tuple[Path, str]
) -> None:
    folder, child = many_folder
    session = AppSession(folder)
    session.open(household.unlock(folder, TEST_PASSPHRASE))
    try:
        panel = GalleryPanel(session)
        qtbot.addWidget(panel)
        loader = CountingLoader(panel.model.loader)  # type: ignore[arg-type]
        panel.model.loader = loader
        panel.resize(1000, 700)
        started = time.perf_counter()
        panel.show()
        panel.set_child(child)
        qtbot.waitUntil(lambda: panel.model.rowCount() == MANY, timeout=10_000)
        listed = time.perf_counter()
        visible = _visible_rows(panel)
        visible_ids = {panel.model.photo(row).id for row in visible}
        assert 0 < len(visible) < 60
        qtbot.waitUntil(lambda: all(panel.model.has_thumbnail(i) for i in visible_ids))
        print(f"rows listed {1000 * (listed - started):.0f} ms; first screen of thumbnails "
              f"{1000 * (time.perf_counter() - started):.0f} ms; {len(visible)} visible")
        _settle(qtbot)
        assert panel.pages.currentWidget() is panel.view
        assert set(loader.asked) <= visible_ids  # nothing off screen was read
        assert len(loader.asked) == len(visible_ids)  # and nothing twice

        bar = panel.view.verticalScrollBar()
        last = panel.model.index(MANY - 1)
        # Layout is batched (250 items at a time, between events): wait for the last one.
        qtbot.waitUntil(lambda: not panel.view.visualRect(last).isEmpty(), timeout=10_000)
        assert bar.maximum() > 0
        page = max(1, bar.pageStep())
        for value in range(0, bar.maximum() + page, page):
            bar.setValue(value)
            panel.view.viewport().repaint()
            QCoreApplication.processEvents()
        qtbot.waitUntil(lambda: not panel.model.loading, timeout=20_000)
        _settle(qtbot)
        assert bar.value() == bar.maximum()
        assert panel.model.data(last, DECORATION) is not panel.model.placeholder
        assert panel.model.cached_count <= CACHE_LIMIT < MANY
        assert len(loader.asked) < MANY + 2 * BATCH
    finally:
        _lock(session)


# -- gallery behaviour -------------------------------------------------------------------------


def test_empty_state_is_honest(qtbot: QtBot, session: AppSession, child_id: str) -> None:
    panel = _panel(qtbot, session, None)
    assert panel.pages.currentWidget() is panel.empty
    assert "Choose a child" in panel.empty.text() and not panel.import_button.isEnabled()
    panel.set_child(child_id)
    _settle(qtbot)
    assert panel.pages.currentWidget() is panel.empty
    assert "No photos yet" in panel.empty.text() and panel.import_button.isEnabled()


def test_caption_edit_tags_and_lock(
    qtbot: QtBot, session: AppSession, vault: household.Vault, child_id: str,
    personal_text_anywhere: Callable[[tuple[str, ...]], list[str]],
    unnamed_focusable: Callable[[object], list[str]],
) -> None:
    first = _store(vault, child_id, 1, "Feeding the ducks")
    _store(vault, child_id, 2, "Sports day")
    gran = people_places.add_person(vault, child_id, PersonDetails("Granny Rose", Relationship.GRANDPARENT))
    park = people_places.add_place(vault, child_id, PlaceDetails("Riverside Park", PlaceKind.FAVOURITE))
    panel = _panel(qtbot, session, child_id)
    assert panel.model.rowCount() == 2 and panel.count.text() == "2 photos"
    assert unnamed_focusable(panel) == []

    panel.view.setCurrentIndex(panel.model.index(0))
    _settle(qtbot)
    assert panel.caption.text() == "Feeding the ducks"
    assert "Who: nobody tagged yet" in panel.details.text()
    panel.view.setFocus()
    qtbot.keyClick(panel.view, Qt.Key.Key_F2)  # F2 edits the caption in place
    editor = panel.view.viewport().findChild(QLineEdit)
    assert editor is not None and editor.text() == "Feeding the ducks"
    editor.setText("Feeding the ducks with Gran")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    _settle(qtbot)
    details = _read(qtbot, session, lambda v: life_story.photo_details(v, first))
    assert details.caption == "Feeding the ducks with Gran"

    dialog = panel.edit_selected()
    assert dialog is not None
    _settle(qtbot)
    assert unnamed_focusable(dialog) == []
    assert dialog.caption.text() == "Feeding the ducks with Gran"
    dialog.people.item(0).setCheckState(Qt.CheckState.Checked)
    dialog.place.setCurrentIndex(dialog.place.findData(park.id))
    dialog.save()
    _settle(qtbot)
    details = _read(qtbot, session, lambda v: life_story.photo_details(v, first))
    assert details.person_ids == (gran.id,) and details.place_id == park.id
    assert "Who: Granny Rose" in panel.details.text()
    assert "Where: Riverside Park" in panel.details.text()

    panel.clear()
    assert panel.model.rowCount() == 0
    assert personal_text_anywhere(("Feeding the ducks", "Sports day", "Granny", "Riverside")) == []


def test_enter_opens_the_viewer_and_arrows_move(
    qtbot: QtBot, session: AppSession, vault: household.Vault, child_id: str,
    unnamed_focusable: Callable[[object], list[str]],
) -> None:
    for seed in (1, 2, 3):
        _store(vault, child_id, seed, f"Photo number {seed}")
    panel = _panel(qtbot, session, child_id)
    opened: list[str] = []
    panel.photo_opened.connect(opened.append)
    panel.view.setFocus()
    panel.view.setCurrentIndex(panel.model.index(0))
    qtbot.keyClick(panel.view, Qt.Key.Key_Return)
    viewer = panel.viewer
    assert viewer is not None and opened == [panel.model.photo(0).id]
    _settle(qtbot)
    assert not viewer.item.pixmap().isNull() and viewer.error == ""
    assert viewer.caption.text() == "Photo number 1" and viewer.position.text() == "1 of 3"
    assert unnamed_focusable(viewer) == []
    assert not viewer.buttons["previous"].isEnabled()

    qtbot.keyClick(viewer, Qt.Key.Key_Right)
    _settle(qtbot)
    assert viewer.index == 1 and viewer.caption.text() == "Photo number 2"
    assert panel.view.currentIndex().row() == 1  # the gallery follows
    viewer.next()
    _settle(qtbot)
    assert viewer.index == 2 and not viewer.buttons["next"].isEnabled()
    viewer.next()
    assert viewer.index == 2
    qtbot.keyClick(viewer, Qt.Key.Key_Left)
    _settle(qtbot)
    assert viewer.index == 1 and not viewer.item.pixmap().isNull()

    fitted = viewer.zoom
    qtbot.keyClick(viewer, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert viewer.zoom == pytest.approx(fitted * 1.25) and not viewer.fit
    qtbot.keyClick(viewer, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert viewer.zoom == pytest.approx(fitted)
    centre = QPointF(viewer.view.viewport().rect().center())
    wheel = QWheelEvent(centre, viewer.view.viewport().mapToGlobal(centre), QPoint(0, 0),
                        QPoint(0, -120), Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(viewer.view.viewport(), wheel)  # the wheel zooms (here: out)
    assert viewer.zoom == pytest.approx(fitted / 1.25)
    viewer.zoom_actual()
    assert viewer.zoom == pytest.approx(1.0)
    viewer.zoom_to_fit()
    assert viewer.zoom == pytest.approx(fitted)
    width = viewer.item.sceneBoundingRect().width()
    height = viewer.item.sceneBoundingRect().height()
    viewer.rotate_right()
    assert viewer.rotation == 90
    assert viewer.item.sceneBoundingRect().width() == pytest.approx(height)
    viewer.rotate_left()
    viewer.rotate_left()
    assert viewer.rotation == 270
    assert viewer.item.sceneBoundingRect().height() == pytest.approx(width)
    viewer.clear()
    assert viewer.item.pixmap().isNull() and viewer.caption.text() == ""


def test_viewer_says_when_a_photo_is_damaged(
    qtbot: QtBot, session: AppSession, vault: household.Vault, vault_dir: Path, child_id: str
) -> None:
    _store(vault, child_id, 5, "Damaged one")
    for blob in (vault_dir / "blobs").rglob("*"):
        if blob.is_file():
            data = bytearray(blob.read_bytes())
            data[len(data) // 2] ^= 0xFF
            blob.write_bytes(bytes(data))
    panel = _panel(qtbot, session, child_id)
    viewer = panel.open_photo(0)
    _settle(qtbot)
    assert "damaged" in viewer.error and viewer.pages.currentWidget() is viewer.message
    assert viewer.item.pixmap().isNull()


# -- importing ---------------------------------------------------------------------------------


def _corpus_file(folder: Path, name: str) -> Path:
    case = next(c for c in photo_corpus.build_corpus() if c.name == name)
    path = folder / case.filename
    path.write_bytes(case.data)
    return path


def _wait_import(qtbot: QtBot, dialog: PhotoImportDialog) -> None:
    qtbot.waitUntil(lambda: not dialog.running, timeout=60_000)
    _settle(qtbot)


def test_import_a_mixed_batch_says_why_each_file_was_refused(
    qtbot: QtBot, session: AppSession, child_id: str, tmp_path: Path,
    unnamed_focusable: Callable[[object], list[str]],
) -> None:
    good = tmp_path / "beach.jpg"
    good.write_bytes(jpeg_with_metadata(7, datetime(2023, 8, 1, 12, 0)))
    again = tmp_path / "beach copy.jpg"
    again.write_bytes(good.read_bytes())
    text = _corpus_file(tmp_path, "text_as_jpeg")
    cut = _corpus_file(tmp_path, "truncated_jpeg")
    panel = _panel(qtbot, session, child_id)
    dialog = panel.import_paths([good, text, cut, again])
    assert dialog is not None and dialog.isModal()
    _wait_import(qtbot, dialog)
    assert unnamed_focusable(dialog) == []
    outcome = {dialog.table.topLevelItem(i).text(0): dialog.table.topLevelItem(i).text(1)
               for i in range(dialog.table.topLevelItemCount())}
    assert outcome["beach.jpg"] == "Added."
    assert outcome["beach copy.jpg"] == "Already in the vault, so not added again."
    assert "not a picture" in outcome[text.name]
    assert "incomplete" in outcome[cut.name] and "copying it again" in outcome[cut.name]
    assert dialog.table.topLevelItem(0).text(1).startswith("Not added")  # problems first
    assert "Photos added: 1." in dialog.status.text()
    assert "Could not be used: 2." in dialog.status.text()
    assert panel.model.rowCount() == 1  # the gallery reloaded


def test_cancel_mid_batch_keeps_only_whole_photos(
    qtbot: QtBot, session: AppSession, vault: household.Vault, child_id: str, tmp_path: Path
) -> None:
    files = []
    for seed in range(8):
        path = tmp_path / f"IMG_{seed}.jpg"
        path.write_bytes(jpeg_with_metadata(seed, datetime(2023, 6, 1 + seed, 9, 0)))
        files.append(path)
    panel = _panel(qtbot, session, child_id)
    dialog = PhotoImportDialog(session, child_id, files, panel)

    def press_cancel_after_two(done: int, _total: int, _result: object) -> None:
        if done == 2:  # runs in the import's own thread, right after the second photo is stored
            dialog.cancel_event.set()

    dialog.progress.step.connect(press_cancel_after_two, Qt.ConnectionType.DirectConnection)
    dialog.start()
    _wait_import(qtbot, dialog)
    assert [r.status for r in dialog.results] == ["imported", "imported"]
    assert "Import stopped" in dialog.status.text()

    def whole(v: household.Vault) -> list[tuple[str, bytes, bytes]]:
        return [(p.id, photos.photo_bytes(v, p.id), photos.thumbnail(v, p.id))
                for p in photos.list_photos(v, child_id)]

    stored = _read(qtbot, session, whole)
    assert sorted(p for p, _, _ in stored) == sorted(str(r.photo_id) for r in dialog.results)
    for _id, data, thumb in stored:  # each photo is whole: full image and thumbnail decode
        assert not QImage.fromData(data).isNull() and not QImage.fromData(thumb).isNull()


def test_cancel_button_while_running(qtbot: QtBot, session: AppSession, child_id: str,
                                     tmp_path: Path) -> None:
    path = tmp_path / "one.jpg"
    path.write_bytes(jpeg_with_metadata(3, datetime(2023, 6, 1, 9, 0)))
    panel = _panel(qtbot, session, child_id)
    dialog = panel.import_paths([path])
    assert dialog is not None
    dialog.reject()  # Esc while importing means Cancel, and the dialog stays to report
    assert dialog.cancel_event.is_set() and dialog.isVisible()
    _wait_import(qtbot, dialog)
    assert dialog.close_button.isVisible()


def test_drop_files_and_folders_onto_the_gallery(
    qtbot: QtBot, session: AppSession, child_id: str, tmp_path: Path
) -> None:
    folder = tmp_path / "camera roll"
    (folder / "inner").mkdir(parents=True)
    (folder / "a.jpg").write_bytes(jpeg_with_metadata(11, datetime(2023, 1, 2, 9, 0)))
    (folder / "inner" / "b.jpg").write_bytes(jpeg_with_metadata(12, datetime(2023, 1, 3, 9, 0)))
    (folder / "notes.txt").write_text("not a photo")
    loose = tmp_path / "c.jpg"
    loose.write_bytes(jpeg_with_metadata(13, datetime(2023, 1, 4, 9, 0)))
    panel = _panel(qtbot, session, child_id)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(folder)), QUrl.fromLocalFile(str(loose))])
    action = Qt.DropAction.CopyAction
    enter = QDragEnterEvent(QPoint(50, 50), action, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(panel, enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(50, 50), action, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(panel, drop)
    dialog = panel.import_dialog
    assert dialog is not None
    _wait_import(qtbot, dialog)
    assert sorted(r.path.name for r in dialog.results) == ["a.jpg", "b.jpg", "c.jpg"]
    assert [p.name for p in dialog.left_out] == ["notes.txt"]  # said, not silently skipped
    assert "not photos: 1" in dialog.status.text()
    assert panel.model.rowCount() == 3

    text_only = QMimeData()
    text_only.setText("just words")
    refused = QDragEnterEvent(QPoint(5, 5), action, text_only, Qt.MouseButton.LeftButton,
                              Qt.KeyboardModifier.NoModifier)
    refused.ignore()
    QApplication.sendEvent(panel, refused)
    assert not refused.isAccepted()


def test_lock_while_importing_stops_between_files(
    qtbot: QtBot, session: AppSession, child_id: str, tmp_path: Path
) -> None:
    path = tmp_path / "one.jpg"
    path.write_bytes(jpeg_with_metadata(4, datetime(2023, 6, 1, 9, 0)))
    panel = _panel(qtbot, session, child_id)
    dialog = panel.import_paths([path, path.with_name("missing.jpg")])
    assert dialog is not None
    panel.clear()
    assert dialog.cancel_event.is_set() and not dialog.isVisible()
    assert panel.import_dialog is None and panel.model.rowCount() == 0
