"""The Life story screen: talk flags, the storybook button and its PIN, the book, clearing on lock."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QPushButton, QTabWidget
from pytestqt.qtbot import QtBot

from carer_app.services import children, household, life_story, storybook
from carer_app.ui.app_session import AppSession
from carer_app.ui.life_story_book_dialog import LifeStoryBookDialog
from carer_app.ui.life_story_screen import LifeStoryScreen
from carer_app.ui.screen_registry import ScreenContext
from carer_app.ui.storybook_pin_dialog import StorybookPinDialog

DEMO_PASSPHRASE = "paper lantern over the quiet harbour"


@pytest.fixture()
def demo_session(demo_copy: Path, wait_idle: Callable[[], None]) -> Iterator[AppSession]:
    vault = household.unlock(demo_copy, DEMO_PASSPHRASE)
    session = AppSession(demo_copy)
    session.open(vault)
    yield session
    wait_idle()
    session.lock()


@pytest.fixture()
def maisie(demo_session: AppSession) -> str:
    return str(children.find_child(demo_session.vault, "Maisie").id)


@pytest.fixture()
def screen(qtbot: QtBot, demo_session: AppSession, ui_settings: Any, maisie: str,
           wait_idle: Callable[[], None]) -> LifeStoryScreen:
    widget = LifeStoryScreen(ScreenContext(demo_session, ui_settings, None))  # type: ignore[arg-type]
    qtbot.addWidget(widget)
    widget.resize(1100, 720)
    widget.show()
    qtbot.waitExposed(widget)
    widget.set_child(maisie)
    wait_idle()
    return widget


def entry_id(session: AppSession, child_id: str, title: str) -> str:
    return next(e.id for e in life_story.timeline(session.vault, child_id) if e.title == title)


def test_the_talk_flag_shows_and_we_talked_clears_it(
    qtbot: QtBot, screen: LifeStoryScreen, demo_session: AppSession, maisie: str,
    wait_idle: Callable[[], None],
) -> None:
    assert screen.flags.isHidden()
    page = entry_id(demo_session, maisie, "Where I was born")
    storybook.request_talk(demo_session.vault, maisie, page)  # as the child does in storybook mode
    screen.refresh_talk_requests()
    wait_idle()
    assert not screen.flags.isHidden()
    assert screen.flags.heading.text() == "Maisie would like to talk"
    words = " ".join(label.text() for label in screen.flags.findChildren(type(screen.flags.heading)))
    assert "About \u201cWhere I was born\u201d, asked today at" in words
    button = screen.flags.buttons[screen.flags.requests[0].id]
    assert button.text() == "We talked"
    assert button.accessibleName() == "We talked: About \u201cWhere I was born\u201d"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    wait_idle()
    assert screen.flags.isHidden()
    assert storybook.open_talk_requests(demo_session.vault, maisie) == []


def test_a_flag_from_another_child_still_shows(
    screen: LifeStoryScreen, demo_session: AppSession, maisie: str, wait_idle: Callable[[], None],
) -> None:
    ty = children.find_child(demo_session.vault, "Ty").id
    storybook.request_talk(demo_session.vault, ty, None)  # about nothing in particular
    storybook.request_talk(demo_session.vault, maisie, None)
    screen.refresh_talk_requests()
    wait_idle()
    assert screen.flags.heading.text() == "Ty, Maisie would like to talk"
    names = [b.accessibleName() for b in screen.flags.buttons.values()]
    assert names == ["We talked: Ty: About something in general",
                     "We talked: Maisie: About something in general"]


def test_make_an_a5_book_through_the_dialog(
    qtbot: QtBot, screen: LifeStoryScreen, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    wait_idle: Callable[[], None], unnamed_focusable: Callable[[Any], list[str]],
) -> None:
    target = tmp_path / "out" / "book"
    target.parent.mkdir()
    asked: list[str] = []

    def save_as(_parent: object, _caption: str, suggested: str, _filter: str) -> tuple[str, str]:
        asked.append(suggested)
        return str(target), "PDF files (*.pdf)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_as))
    qtbot.mouseClick(screen.book_button, Qt.MouseButton.LeftButton)
    dialog = screen.book_dialog
    assert isinstance(dialog, LifeStoryBookDialog)
    qtbot.waitExposed(dialog)
    assert unnamed_focusable(dialog) == []
    assert "not encrypted" in dialog.warning.text()
    assert not dialog.together.isChecked()  # the careful default
    dialog.a5.setChecked(True)
    with qtbot.waitSignal(dialog.saved, timeout=30_000) as blocker:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    wait_idle()
    assert asked == ["life-story-book.pdf"]  # never a name in a file name
    written = Path(blocker.args[0])
    assert written == target.with_name("book.pdf")
    data = written.read_bytes()
    assert data.startswith(b"%PDF")
    assert b"Exif" not in data
    assert b"/MediaBox [0 0 419.53 595.28]" in data  # A5
    assert b"Why I came into care" not in data  # a "together" page, not included
    assert list(target.parent.iterdir()) == [written]  # no half-written file left behind
    assert "not encrypted" in screen.status.text()


def test_cancelling_the_book_saves_nothing(
    qtbot: QtBot, screen: LifeStoryScreen, tmp_path: Path, wait_idle: Callable[[], None],
) -> None:
    dialog = screen.open_book_dialog()
    assert dialog is not None
    gate = threading.Event()
    screen.session.run(lambda _vault: gate.wait(10))  # holds the vault queue: the book waits
    out = tmp_path / "out"
    out.mkdir()
    dialog.make(out / "book.pdf")
    assert dialog.progress is not None and dialog.progress.isVisible()
    cancel_button = dialog.progress.findChild(QPushButton)
    assert cancel_button is not None and cancel_button.text() == "Cancel"
    qtbot.mouseClick(cancel_button, Qt.MouseButton.LeftButton)
    gate.set()
    wait_idle()
    assert list(out.iterdir()) == []  # neither the book nor a part of it
    assert dialog.message.text() == "Stopped. No book was saved."


def test_the_storybook_asks_for_a_pin_first(
    qtbot: QtBot, screen: LifeStoryScreen, demo_session: AppSession,
    monkeypatch: pytest.MonkeyPatch, wait_idle: Callable[[], None],
    unnamed_focusable: Callable[[Any], list[str]],
) -> None:
    launched: list[str] = []
    monkeypatch.setattr(screen, "launch_storybook", lambda: launched.append("open"))
    assert screen.storybook_button.text() == "Open the &storybook for Maisie"
    assert screen.storybook_button.accessibleName() == "Open the storybook for Maisie"
    assert not storybook.has_storybook_pin(demo_session.vault)
    qtbot.mouseClick(screen.storybook_button, Qt.MouseButton.LeftButton)
    wait_idle()
    dialog = screen.pin_dialog
    assert isinstance(dialog, StorybookPinDialog)
    qtbot.waitExposed(dialog)
    assert unnamed_focusable(dialog) == []
    qtbot.keyClicks(dialog.pin, "2580")
    qtbot.keyClicks(dialog.again, "2581")
    assert not dialog.set_button.isEnabled()
    assert dialog.message.text() == "The two PINs are not the same."
    dialog.again.setText("1234")
    dialog.pin.setText("1234")
    dialog.set_pin()
    wait_idle()
    assert "easy to guess" in dialog.message.text() and launched == []
    dialog.pin.setText("2580")
    dialog.again.setText("2580")
    qtbot.mouseClick(dialog.set_button, Qt.MouseButton.LeftButton)
    wait_idle()
    assert launched == ["open"]
    assert storybook.check_pin(demo_session.vault, "2580")
    # With a PIN set, the storybook opens straight away.
    qtbot.mouseClick(screen.storybook_button, Qt.MouseButton.LeftButton)
    wait_idle()
    assert launched == ["open", "open"]


def test_the_passphrase_instead_of_a_pin(
    qtbot: QtBot, screen: LifeStoryScreen, monkeypatch: pytest.MonkeyPatch,
    wait_idle: Callable[[], None],
) -> None:
    launched: list[str] = []
    monkeypatch.setattr(screen, "launch_storybook", lambda: launched.append("open"))
    screen.open_storybook()
    wait_idle()
    assert screen.pin_dialog is not None
    screen.pin_dialog.passphrase_button.click()
    assert launched == ["open"]


def test_the_real_storybook_opens_full_screen_and_returns(
    qtbot: QtBot, screen: LifeStoryScreen, wait_idle: Callable[[], None],
) -> None:
    window = screen.launch_storybook()
    if window is None:
        pytest.skip("storybook mode is not built yet")
    wait_idle()
    assert window.isVisible() and window.isFullScreen()
    assert not screen.isVisible()  # the carer's window steps aside
    assert "Maisie" not in window.windowTitle()
    window.leave()  # type: ignore[attr-defined]
    wait_idle()
    assert screen.storybook_window is None
    assert screen.isVisible()


def test_tabs_keyboard_and_clearing(
    qtbot: QtBot, screen: LifeStoryScreen, wait_idle: Callable[[], None],
    unnamed_focusable: Callable[[Any], list[str]],
    personal_text_anywhere: Callable[[tuple[str, ...]], list[str]],
) -> None:
    tabs = screen.findChild(QTabWidget)
    assert tabs is screen.tabs
    assert [tabs.tabText(i) for i in range(tabs.count())] == ["Story", "Photos"]
    assert screen.timeline.model.rowCount() == 1  # "My story so far"
    assert unnamed_focusable(screen) == []
    tabs.setCurrentIndex(1)
    wait_idle()
    assert screen.gallery is not None or screen.gallery_missing
    assert unnamed_focusable(screen) == []
    screen.open_book_dialog()
    screen.clear()
    wait_idle()
    QApplication.processEvents()
    assert screen.book_dialog is None
    assert personal_text_anywhere(("Maisie", "Where I was born", "My story so far", "Dawn")) == []
