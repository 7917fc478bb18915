"""The observations screen: two-keystroke entry, signatures, amend with history, delete, filters, PDF."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QModelIndex, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from carer_app.domain.enums import EntryBasis, ObservationCategory
from carer_app.domain.observation_views import ObservationDraft, ObservationRow
from carer_app.services import children, observations
from carer_app.ui import workers
from carer_app.ui.app_session import AppSession
from carer_app.ui.observation_table_model import ROW_ROLE, Column, ObservationTableModel
from carer_app.ui.observations_screen import ObservationsScreen

WHEN = datetime(2025, 3, 4, 9, 30, tzinfo=UTC)


@pytest.fixture()
def session(vault: Any, vault_dir: Path) -> Iterator[AppSession]:
    app_session = AppSession(vault_dir)
    app_session.open(vault)
    yield app_session
    app_session.lock()  # results still on their way are dropped; no new work starts
    workers.wait_for_all()
    QCoreApplication.sendPostedEvents()  # the last job settles and the vault closes


@pytest.fixture()
def screen(qtbot: QtBot, session: AppSession, wait_idle: Callable[[], None]) -> ObservationsScreen:
    widget = ObservationsScreen(session)
    qtbot.addWidget(widget)
    widget.resize(1000, 700)
    widget.show()
    qtbot.waitExposed(widget)
    wait_idle()
    widget.set_child(widget.kids[0].id)
    wait_idle()
    return widget


def add(vault: Any, text: str, days: int = 0, category: ObservationCategory = ObservationCategory.HEALTH,
        words: str = "") -> ObservationRow:
    kid = children.list_children(vault)[0].id
    return observations.add_observation(vault, ObservationDraft(
        kid, WHEN + timedelta(days=days), category, EntryBasis.FACT, text, words))


def texts(model: ObservationTableModel, column: Column) -> list[str]:
    return [model.index(r, column).data() for r in range(model.rowCount())]


def test_model_passes_the_model_tester(qtmodeltester: Any, vault: Any, qtbot: QtBot) -> None:
    rows = [add(vault, f"Entry {i}", i) for i in range(5)]
    deferred: list[tuple[list[str], Callable[[list[ObservationRow]], None]]] = []

    def fetch(ids: list[str], done: Callable[[list[ObservationRow]], None]) -> None:
        deferred.append((ids, done))
        QTimer.singleShot(0, lambda: done([r for r in rows if r.id in ids]))

    model = ObservationTableModel(fetch)
    model.set_ids([r.id for r in reversed(rows)])
    assert model.index(0, Column.ENTRY).data() == "Loading…"
    qtbot.waitUntil(lambda: model.row_at(0) is not None)
    assert model.index(0, Column.ENTRY).data() == "Entry 4"
    assert len(deferred) == 1  # one block for all five rows
    qtmodeltester.check(model)
    model.set_ids([rows[0].id], rows[:1])
    qtmodeltester.check(model)
    assert model.index(0, Column.ENTRY).data(ROW_ROLE) == rows[0]


def test_new_entry_in_two_keystrokes_is_signed_and_dated(
    qtbot: QtBot, screen: ObservationsScreen, wait_idle: Callable[[], None],
    unnamed_focusable: Callable[[Any], list[str]],
) -> None:
    assert "No observations yet" in screen.empty.text()
    qtbot.keyClick(screen, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    editor = screen.editor
    assert editor is not None and editor.isVisible()
    assert "Test Carer" in editor.signature.text()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is editor.text)
    assert unnamed_focusable(editor) == []
    qtbot.keyClicks(editor.text, "Slept through the night")
    qtbot.keyClick(editor.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    wait_idle()
    qtbot.waitUntil(lambda: screen.model.rowCount() == 1)
    wait_idle()
    assert screen.editor is None
    row = screen.model.row_at(0)
    assert row is not None and row.text == "Slept through the night"
    assert texts(screen.model, Column.SIGNED)[0].startswith("Test Carer, ")
    assert texts(screen.model, Column.BASIS) == ["Fact"]
    assert "Slept through the night" in screen.detail.toPlainText()
    assert unnamed_focusable(screen) == []


def test_empty_text_is_refused_in_words(qtbot: QtBot, screen: ObservationsScreen) -> None:
    editor = screen.new_entry()
    assert editor is not None
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert editor.isVisible() and "Write what happened" in editor.status.text()


def test_amend_keeps_history_and_delete_leaves_a_tombstone(
    qtbot: QtBot, vault: Any, screen: ObservationsScreen, wait_idle: Callable[[], None],
) -> None:
    add(vault, "Quiet after contact", words="I missed mum")
    screen.refresh()
    wait_idle()
    qtbot.waitUntil(lambda: screen.selected_row() is not None)
    editor = screen.edit_selected()
    assert editor is not None and not editor.child.isEnabled()
    assert editor.words.toPlainText() == "I missed mum"
    editor.text.setPlainText("Quiet after contact; wanted a cuddle")
    editor.basis_buttons[EntryBasis.OPINION].setChecked(True)
    editor.submit()
    wait_idle()
    qtbot.waitUntil(lambda: "amended" in texts(screen.model, Column.SIGNED)[0])
    dialog = screen.show_history()
    wait_idle()
    assert dialog is not None
    shown = dialog.browser.toPlainText()
    assert "Version 1" in shown and "Current wording (version 2)" in shown
    assert shown.index("wanted a cuddle") < shown.index("Version 1")  # newest on top
    assert "Amended once" in dialog.summary.text()
    dialog.reject()
    box = screen.delete_selected()
    assert box is not None
    delete = next(b for b in box.buttons()
                  if box.buttonRole(b) == QMessageBox.ButtonRole.DestructiveRole)
    qtbot.mouseClick(delete, Qt.MouseButton.LeftButton)
    wait_idle()
    qtbot.waitUntil(lambda: screen.model.rowCount() == 0)
    screen.filters.deleted.setChecked(True)
    wait_idle()
    qtbot.waitUntil(lambda: screen.model.rowCount() == 1)
    wait_idle()
    assert "deleted" in texts(screen.model, Column.SIGNED)[0]
    assert screen.model.index(0, Column.ENTRY).data(Qt.ItemDataRole.FontRole).strikeOut()
    assert not screen.edit_button.isEnabled() and screen.history_button.isEnabled()


def test_search_and_filters(qtbot: QtBot, vault: Any, screen: ObservationsScreen,
                            wait_idle: Callable[[], None]) -> None:
    add(vault, "Dentist: no treatment", 0, ObservationCategory.HEALTH)
    add(vault, "Shared the paints at nursery", 1, ObservationCategory.EDUCATION)
    add(vault, "Swimming badge", 2, ObservationCategory.ACHIEVEMENT)
    screen.refresh()
    wait_idle()
    assert screen.count.text() == "3 entries"
    qtbot.keyClick(screen, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is screen.filters.search
    qtbot.keyClicks(screen.filters.search, "PAINTS")
    qtbot.waitUntil(lambda: screen.model.rowCount() == 1)
    wait_idle()
    assert texts(screen.model, Column.ENTRY) == ["Shared the paints at nursery"]
    screen.filters.search.clear()
    screen.filters.category.setCurrentIndex(
        screen.filters.category.findData(ObservationCategory.ACHIEVEMENT.value))
    wait_idle()
    assert texts(screen.model, Column.CATEGORY) == ["Achievement"]
    screen.filters.search.setText("nothing like this")
    screen.refresh()
    wait_idle()
    assert screen.model.rowCount() == 0 and "No entries match" in screen.empty.text()


def test_a_long_log_loads_rows_as_the_view_reaches_them(
    qtbot: QtBot, vault: Any, screen: ObservationsScreen, wait_idle: Callable[[], None],
) -> None:
    kid = children.list_children(vault)[0].id
    for i in range(450):
        observations.add_observation(vault, ObservationDraft(
            kid, WHEN + timedelta(hours=i), ObservationCategory.OTHER, EntryBasis.FACT,
            f"Entry {i}"))
    screen.refresh()
    wait_idle()
    assert screen.model.rowCount() == 450
    assert screen.model.row_at(449) is None  # not loaded until shown
    screen.table.scrollToBottom()
    qtbot.waitUntil(lambda: screen.model.row_at(449) is not None)
    assert screen.model.index(449, Column.ENTRY).data() == "Entry 0"


def test_print_a_date_range_to_pdf(qtbot: QtBot, vault: Any, screen: ObservationsScreen,
                                   wait_idle: Callable[[], None], tmp_path: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    add(vault, "In range", 0)
    add(vault, "Too late", 30)
    dialog = screen.open_print()
    assert dialog is not None
    dialog.first.setDate(dialog.first.date().fromString("2025-03-01", "yyyy-MM-dd"))
    dialog.last.setDate(dialog.last.date().fromString("2025-03-10", "yyyy-MM-dd"))
    target = tmp_path / "log.pdf"
    monkeypatch.setattr(dialog, "ask_pdf_path", lambda: target)
    dialog.pdf_button.click()
    wait_idle()
    qtbot.waitUntil(lambda: "Saved 1 entries" in dialog.status.text())
    assert target.read_bytes().startswith(b"%PDF")


def test_prefilled_call_note_and_clear_on_lock(
    qtbot: QtBot, vault: Any, screen: ObservationsScreen, wait_idle: Callable[[], None],
    personal_text_anywhere: Callable[[tuple[str, ...]], list[str]],
) -> None:
    add(vault, "Private words about a hard day", words="my own words")
    screen.refresh()
    wait_idle()
    screen.prefill_observation("Phoned Childline at 21:04.")
    assert screen.editor is not None
    assert screen.editor.text.toPlainText() == "Phoned Childline at 21:04."
    screen.clear()
    assert screen.editor is None and screen.model.rowCount() == 0
    assert personal_text_anywhere(("Private words", "my own words", "Test Child", "Phoned")) == []
    index = screen.model.index(0, 0)
    assert index == QModelIndex() or not index.isValid()


def test_an_entry_can_carry_a_photo(qtbot: QtBot, screen: ObservationsScreen,
                                    wait_idle: Callable[[], None], tmp_path: Path) -> None:
    from photo_corpus import oriented_jpeg

    picture = tmp_path / "park.jpg"
    picture.write_bytes(oriented_jpeg(1))
    editor = screen.new_entry()
    assert editor is not None and not editor.remove_photo.isVisible()
    editor.attach_photo_file(picture)
    wait_idle()
    qtbot.waitUntil(lambda: editor.photo_id is not None and editor.photo.pixmap() is not None
                    and not editor.photo.pixmap().isNull())
    wait_idle()
    assert editor.remove_photo.isVisible()
    editor.text.setPlainText("Feeding the ducks")
    editor.submit()
    wait_idle()
    qtbot.waitUntil(lambda: screen.model.rowCount() == 1 and screen.model.row_at(0) is not None)
    row = screen.model.row_at(0)
    assert row is not None and row.photo_id is not None
    assert "A photo is attached" in screen.detail.toPlainText()
