"""Storybook mode end to end: audience rules by every route, leaving needs the PIN, the child's actions."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QAbstractButton, QWidget
from pytestqt.qtbot import QtBot
from shiboken6 import isValid

from carer_app.domain.enums import Audience, Feeling
from carer_app.domain.life_story_views import EntryDraft
from carer_app.services import children, life_story, storybook
from carer_app.services.demo_photos import jpeg_with_metadata
from carer_app.services.photo_processing import process_photo
from carer_app.services.photos import store_processed
from carer_app.ui.app_session import AppSession
from carer_app.ui.crisis_access import CrisisLauncher
from carer_app.ui.storybook_exit_dialog import StorybookExitDialog
from carer_app.ui.storybook_i18n import PSEUDO_RTL, PSEUDO_STRETCH
from carer_app.ui.storybook_window import StorybookWindow

PIN = "2580"
PASSPHRASE = "violet kettle under seven bridges"
BEFORE, RELEASE = date(2030, 12, 31), date(2031, 1, 1)
HIDDEN_WORDS = ("A letter for later", "walrus")


@pytest.fixture()
def session(vault: object, vault_dir: Path, wait_idle: Callable[[], None]) -> Iterator[AppSession]:
    opened = AppSession(vault_dir)
    opened.open(vault)  # type: ignore[arg-type]
    yield opened
    wait_idle()


@pytest.fixture()
def story(vault: object) -> dict[str, str]:
    """Open pages around a letter held until RELEASE and a page to read together; a PIN."""
    child = children.find_child(vault, "Test Child").id  # type: ignore[arg-type]
    chapter = life_story.add_chapter(vault, child, "My story")  # type: ignore[arg-type]
    ids = {"child": child}
    pictures = [store_processed(vault, child, process_photo(  # type: ignore[arg-type]
        jpeg_with_metadata(seed, datetime(2024, 5, 1, 10)), filename="p.jpg"), caption=caption)
        for seed, caption in ((1, "Flying the kite"), (2, "The kite in the tree"))]
    for key, title, body, audience, extra in [
        ("kite", "The yellow kite", "We flew a kite on the hill.", Audience.CHILD_NOW,
         {"photo_ids": tuple(pictures)}),
        ("letter", "A letter for later", "Words about a walrus, for when you are older.",
         Audience.NOT_YET, {"release_on": RELEASE, "is_later_life_letter": True}),
        ("den", "Our garden den", "We built a den with blankets.", Audience.CHILD_NOW, {}),
        ("together", "A page to share", "Some things we read together.", Audience.TOGETHER, {}),
        ("pancakes", "Sunday pancakes", "Pancakes with lemon on Sundays.", Audience.CHILD_NOW, {}),
    ]:
        ids[key] = life_story.add_entry(vault, child, EntryDraft(  # type: ignore[arg-type]
            title, body, chapter.id, audience=audience, **extra)).id  # type: ignore[arg-type]
    storybook.set_storybook_pin(vault, vault.user_id, PIN)  # type: ignore[attr-defined]
    return ids


def grown_up(qtbot: QtBot, window: StorybookWindow, secret: str = PIN) -> StorybookExitDialog:
    """Open the grown-ups' dialog and type `secret`; wait for the answer."""
    dialog = window.open_grown_ups()
    dialog.secret.setText(secret)
    dialog.check_button.click()
    qtbot.waitUntil(lambda: not dialog.checking, timeout=10_000)
    return dialog


class Book:
    """A storybook window under test, with its clock and every page it has shown."""

    def __init__(self, qtbot: QtBot, session: AppSession, child_id: str, today: date) -> None:
        self.qtbot = qtbot
        self.today = today
        self.shown: list[str] = []
        self.window = StorybookWindow(session, child_id, clock=lambda: self.today, tick_ms=20)
        self.window.page_shown.connect(self.shown.append)
        with qtbot.waitSignal(self.window.page_shown, timeout=10_000):
            self.window.show_full_screen()

    def do(self, action: Callable[[], object]) -> str:
        """Run `action` and wait for the page it leads to."""
        with self.qtbot.waitSignal(self.window.page_shown, timeout=10_000) as blocker:
            action()
        return str(blocker.args[0])

    def key(self, key: Qt.Key) -> str:
        return self.do(lambda: self.qtbot.keyClick(self.window, key))

    def title(self) -> str:
        return self.window.page_view.title.text()

    def grown_up(self, secret: str = PIN) -> StorybookExitDialog:
        return grown_up(self.qtbot, self.window, secret)

    def together(self, on: bool = True) -> str:
        dialog = self.grown_up()
        assert dialog.stack.currentIndex() == 1
        assert dialog.together_button.text() == ("Read together now" if on else "Stop reading together")
        return self.do(dialog.together_button.click)


@pytest.fixture()
def open_book(qtbot: QtBot, session: AppSession) -> Iterator[Callable[..., Book]]:
    made: list[Book] = []

    def make(child_id: str, today: date = BEFORE) -> Book:
        book = Book(qtbot, session, child_id, today)
        made.append(book)
        return book

    yield make
    for book in made:
        if isValid(book.window):
            book.window.end_session()


def walk(book: Book) -> list[str]:
    """Home, then Next to the end, then End and Back to the start: every page by every key."""
    seen = [book.key(Qt.Key.Key_Home)]
    while book.window.next_button.isEnabled():
        seen.append(book.key(Qt.Key.Key_Right))
    seen.append(book.key(Qt.Key.Key_End))
    while book.window.back_button.isEnabled():
        seen.append(book.key(Qt.Key.Key_PageUp))
    return seen


# -- audience rules ------------------------------------------------------------------------------


def test_a_held_letter_never_renders_before_its_date_by_any_route(
    open_book: Callable[..., Book], story: dict[str, str], vault: object,
    personal_text_anywhere: Callable[[tuple[str, ...]], list[str]], wait_idle: Callable[[], None],
) -> None:
    storybook.save_progress(vault, story["child"], story["letter"])  # type: ignore[arg-type]
    book = open_book(story["child"])
    assert book.shown == [story["kite"]]  # a saved place on a held page opens the first page
    assert book.window.isFullScreen()
    walk(book)
    book.window.find_page("walrus")
    book.qtbot.waitUntil(lambda: book.window.find_message.text() == "No page has those words.")
    book.together()
    assert book.window.together_bar.isVisible()
    walk(book)
    assert story["together"] in book.shown
    assert story["letter"] not in book.shown
    assert personal_text_anywhere(HIDDEN_WORDS) == []
    wait_idle()


def test_after_its_date_the_letter_shows_only_when_read_together(
    open_book: Callable[..., Book], story: dict[str, str],
    personal_text_anywhere: Callable[[tuple[str, ...]], list[str]],
) -> None:
    book = open_book(story["child"], RELEASE)
    pages = walk(book)
    assert story["letter"] not in pages and story["together"] not in pages
    assert personal_text_anywhere(HIDDEN_WORDS) == []
    book.together()
    assert book.key(Qt.Key.Key_Home) == story["kite"]
    assert book.key(Qt.Key.Key_Right) == story["letter"]
    assert book.title() == "A letter for later"
    assert book.window.page_view.note.text() == "A letter for you, to read with your grown-up"
    assert book.window.counter.text() == "Page 2 of 5"
    # Switching together mode off takes the letter away at once, back to the child's own place.
    assert book.do(book.window.stop_together_button.click) == story["kite"]
    assert not book.window.together_bar.isVisible()
    assert personal_text_anywhere(HIDDEN_WORDS) == []
    book.window.find_page("walrus")
    book.qtbot.waitUntil(lambda: book.window.find_message.text() == "No page has those words.")


def test_opens_where_the_child_left_off(
    open_book: Callable[..., Book], story: dict[str, str], wait_idle: Callable[[], None],
) -> None:
    book = open_book(story["child"])
    assert book.window.focusWidget() is book.window.next_button
    assert book.do(lambda: book.qtbot.keyClick(book.window.next_button, Qt.Key.Key_Return)) == story["den"]
    assert book.key(Qt.Key.Key_Left) == story["kite"]
    assert book.key(Qt.Key.Key_Right) == story["den"]
    assert book.key(Qt.Key.Key_PageDown) == story["pancakes"]
    assert book.window.counter.text() == "Page 3 of 3. The end, for now."
    assert not book.window.next_button.isEnabled()
    wait_idle()
    again = open_book(story["child"])
    assert again.shown == [story["pancakes"]]
    assert again.title() == "Sunday pancakes"


def test_search_goes_to_the_page_with_the_words(
    open_book: Callable[..., Book], story: dict[str, str],
) -> None:
    book = open_book(story["child"])
    assert book.do(lambda: book.window.find_page("blankets")) == story["den"]
    assert book.window.find_message.text() == ""


# -- leaving ---------------------------------------------------------------------------------------


def test_leaving_needs_the_pin_and_wrong_tries_slow_down(
    open_book: Callable[..., Book], story: dict[str, str], qtbot: QtBot,
) -> None:
    book = open_book(story["child"])
    window = book.window
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    dialog = window.grown_ups
    assert dialog is not None and dialog.isVisible() and window.isVisible()
    dialog.reject()
    assert window.close() is False  # Alt+F4 and the window manager's close are refused...
    assert window.isVisible()
    assert window.grown_ups is not None and window.grown_ups.isVisible()  # ...and ask a grown-up
    window.grown_ups.reject()
    for _ in range(3):
        dialog = book.grown_up("1111")
        assert dialog.stack.currentIndex() == 0
        assert "wasn't right" in dialog.message.text()
        dialog.reject()
    dialog = window.open_grown_ups()  # reopening does not reset the wait
    assert window.gate.waiting and not dialog.secret.isEnabled()
    assert "wait" in dialog.message.text()
    qtbot.waitUntil(lambda: not window.gate.waiting, timeout=5_000)
    assert dialog.secret.isEnabled()
    dialog.reject()
    dialog = book.grown_up(PIN)
    assert dialog.stack.currentIndex() == 1
    with qtbot.waitSignal(window.exited):
        dialog.leave_button.click()
    assert not window.isVisible()


def test_the_passphrase_also_lets_a_grown_up_leave(
    open_book: Callable[..., Book], story: dict[str, str], qtbot: QtBot,
) -> None:
    book = open_book(story["child"])
    dialog = book.grown_up(PASSPHRASE)
    assert dialog.stack.currentIndex() == 1
    with qtbot.waitSignal(book.window.exited):
        dialog.leave_button.click()


def test_the_crisis_key_stays_with_the_adults(
    open_book: Callable[..., Book], story: dict[str, str], qtbot: QtBot, tmp_path: Path,
) -> None:
    launcher = CrisisLauncher(tmp_path)
    launcher.install()
    try:
        book = open_book(story["child"])
        qtbot.keyClick(book.window, Qt.Key.Key_F12)
        assert launcher.dialog is None
        with qtbot.waitSignal(book.window.exited):
            book.grown_up().leave_button.click()
        away = QWidget()
        qtbot.addWidget(away)
        away.show()
        qtbot.keyClick(away, Qt.Key.Key_F12)  # once the storybook has closed, F12 works again
        assert launcher.dialog is not None
    finally:
        launcher.close()
        launcher.uninstall()


def test_locking_closes_the_storybook_without_showing_the_carers_window(
    open_book: Callable[..., Book], story: dict[str, str], session: AppSession, qtbot: QtBot,
) -> None:
    book = open_book(story["child"])
    exits: list[object] = []
    book.window.exited.connect(lambda: exits.append(True))
    session.lock()
    assert not book.window.isVisible() and exits == []
    assert book.window.page_view.content is None and not book.window.page_view.photo.has_image()


# -- what the child does ---------------------------------------------------------------------------


def test_the_talk_flag_reaches_the_carer(
    open_book: Callable[..., Book], story: dict[str, str], vault: object, wait_idle: Callable[[], None],
) -> None:
    book = open_book(story["child"])
    view = book.window.page_view
    view.talk_button.click()
    book.qtbot.waitUntil(lambda: view.talk_thanks.isVisible())
    assert view.talk_thanks.text().startswith("Thank you for telling us.")
    wait_idle()
    requests = storybook.open_talk_requests(vault, story["child"])  # type: ignore[arg-type]
    assert [r.entry_id for r in requests] == [story["kite"]]


def test_feelings_are_saved_and_can_be_taken_back(
    open_book: Callable[..., Book], story: dict[str, str], vault: object, wait_idle: Callable[[], None],
) -> None:
    book = open_book(story["child"])
    sad = book.window.page_view.feelings.buttons[Feeling.SAD]
    sad.click()
    wait_idle()
    assert sad.isChecked()
    page = storybook.page(vault, story["child"], story["kite"], BEFORE, False)  # type: ignore[arg-type]
    assert page.feeling == "sad"
    sad.click()
    wait_idle()
    assert not sad.isChecked()
    assert storybook.page(vault, story["child"], story["kite"], BEFORE, False).feeling is None  # type: ignore[arg-type]


def test_a_memory_with_words_and_a_photo_and_a_refused_photo_loses_nothing(
    open_book: Callable[..., Book], story: dict[str, str], vault: object, wait_idle: Callable[[], None],
) -> None:
    book = open_book(story["child"])
    dialog = book.window.open_memory()
    assert dialog is not None
    dialog.text.setPlainText("The kite got stuck and Dad climbed up.")
    dialog.set_photo(b"this is not a photo")
    dialog.save_button.click()
    book.qtbot.waitUntil(lambda: "didn't work" in dialog.message.text())
    assert dialog.isVisible() and dialog.photo_bytes is None
    assert dialog.text.toPlainText() == "The kite got stuck and Dad climbed up."
    dialog.set_photo(jpeg_with_metadata(9, datetime(2024, 6, 1, 9)))
    book.do(dialog.save_button.click)
    assert not isValid(dialog) or not dialog.isVisible()
    wait_idle()
    memories = storybook.child_memories(vault, story["child"], BEFORE, False)  # type: ignore[arg-type]
    assert [(m.text, m.entry_id, m.photo_id is not None) for m in memories] == [
        ("The kite got stuck and Dad climbed up.", story["kite"], True)]
    view = book.window.page_view
    assert view.memories_heading.isVisible() and view.memories.count() == 1


# -- language, layout, accessibility ---------------------------------------------------------------


def _clipped(root: QWidget) -> list[str]:
    """Visible buttons smaller than they ask to be, or reaching past the window's sides.

    (Below the bottom is fine: the page scrolls.)
    """
    bad = []
    for button in root.findChildren(QAbstractButton):
        if not button.isVisibleTo(root):
            continue
        hint, size = button.sizeHint(), button.size()
        left = button.mapTo(root, button.rect().topLeft()).x()
        right = button.mapTo(root, button.rect().topRight()).x()
        inside = left >= 0 and right < root.width()
        if size.width() < hint.width() or size.height() < hint.height() or not inside:
            bad.append(f"{button.text()!r} {size.toTuple()} hint {hint.toTuple()} x {left}..{right}"
                       f" of {root.width()}")
    return bad


@pytest.mark.parametrize("tag", [PSEUDO_STRETCH, PSEUDO_RTL])
def test_long_strings_and_right_to_left_fit(
    open_book: Callable[..., Book], story: dict[str, str], qtbot: QtBot, tag: str,
) -> None:
    book = open_book(story["child"], RELEASE)
    window = book.window
    window.apply_language(tag)
    book.together()
    book.key(Qt.Key.Key_Home)
    window.page_view.show_talk_thanks()
    qtbot.wait(50)
    assert window.next_button.text().startswith("[Next")
    assert (window.layoutDirection() == Qt.LayoutDirection.RightToLeft) == (tag == PSEUDO_RTL)
    assert _clipped(window) == []
    assert window.page_view.width() <= window.scroll_area.viewport().width()  # nothing cut at the side
    memory = window.open_memory()
    assert memory is not None and memory.save_button.text().startswith("[Save")
    qtbot.waitExposed(memory)
    assert _clipped(memory) == []
    memory.reject()
    grown_ups = book.grown_up()
    assert grown_ups.leave_button.text() == "Close the storybook"  # the adult's side: carer's words
    assert grown_ups.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert _clipped(grown_ups) == []
    with qtbot.waitSignal(window.exited):
        grown_ups.leave_button.click()
    # Gone with the storybook: the carer's words and direction are back.
    assert QCoreApplication.translate("StorybookWindow", "Next") == "Next"


def test_the_childs_language_is_kept_for_next_time(
    open_book: Callable[..., Book], story: dict[str, str], vault: object, wait_idle: Callable[[], None],
) -> None:
    book = open_book(story["child"])
    dialog = book.grown_up()
    index = dialog.language.findData("ar")
    assert index > 0 and dialog.language.itemText(index).startswith("Arabic")
    dialog.language.setCurrentIndex(index)
    dialog.language.activated.emit(index)
    book.qtbot.waitUntil(lambda: book.window.layoutDirection() == Qt.LayoutDirection.RightToLeft)
    wait_idle()
    assert storybook.storybook_language(vault, story["child"]) == "ar"  # type: ignore[arg-type]
    dialog.reject()


def test_every_control_has_a_name(
    open_book: Callable[..., Book], story: dict[str, str],
    unnamed_focusable: Callable[[QWidget], list[str]],
) -> None:
    book = open_book(story["child"])
    window = book.window
    window.page_view.show_talk_thanks()
    assert len(window.page_view.strip_buttons) == 2  # two photos: a strip to choose between them
    assert unnamed_focusable(window) == []
    memory = window.open_memory()
    assert memory is not None
    assert unnamed_focusable(memory) == []
    memory.reject()
    grown_ups = book.grown_up()
    assert unnamed_focusable(grown_ups) == []
    names = {b.accessibleName() for b in window.page_view.feelings.buttons.values()}
    assert names == {"Happy", "Calm", "Not sure", "Sad", "Cross"}


def test_from_the_carers_window_and_back(
    unlocked_demo: object, qtbot: QtBot, wait_idle: Callable[[], None],
) -> None:
    """The carer's window hides (its shortcuts with it) and comes back only when a grown-up leaves."""
    from carer_app.ui.storybook_window import open_storybook

    shell = unlocked_demo
    main = shell.main_window  # type: ignore[attr-defined]
    session = shell.session  # type: ignore[attr-defined]
    maisie = next(c for c in children.list_children(session.vault) if c.preferred_name == "Maisie")
    storybook.set_storybook_pin(session.vault, session.user_id, PIN)
    window = open_storybook(session, maisie.id, main)
    qtbot.waitUntil(lambda: window.reader.current is not None, timeout=10_000)
    assert not main.isVisible() and window.isVisible()
    assert window.windowTitle() == "Storybook"  # no name in the title
    qtbot.keyClick(window, Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)  # the carer's "Add a child"
    assert main.add_child_dialog is None
    with qtbot.waitSignal(window.exited):
        grown_up(qtbot, window).leave_button.click()
    assert main.isVisible()
    wait_idle()
    # Locking (Ctrl+L, or idle time) while the child reads: the lock screen, never the carer's window.
    again = open_storybook(session, maisie.id, main)
    qtbot.waitUntil(lambda: again.reader.current is not None, timeout=10_000)
    shell.lock()  # type: ignore[attr-defined]
    assert not again.isVisible() and not main.isVisible()
    assert shell.lock_screen.isVisible()  # type: ignore[attr-defined]


TS = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pl">
<context><name>StorybookWindow</name>
<message><source>Next</source><translation>Dalej</translation></message></context>
<context><name>StorybookExitDialog</name>
<message><source>Close the storybook</source><translation>Zamknij</translation></message></context>
</TS>
"""


def test_a_shipped_translation_speaks_to_the_child_not_to_the_grown_up(
    open_book: Callable[..., Book], story: dict[str, str], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import subprocess

    from carer_app.ui import storybook_i18n

    (tmp_path / "i18n").mkdir()
    (tmp_path / "carer_app_pl.ts").write_text(TS, encoding="utf-8")
    subprocess.run([str(Path(sys.executable).with_name("pyside6-lrelease")), "-silent",
                    str(tmp_path / "carer_app_pl.ts"), "-qm", str(tmp_path / "i18n" / "carer_app_pl.qm")],
                   check=True)
    monkeypatch.setattr(storybook_i18n, "resources_root", lambda: tmp_path)
    book = open_book(story["child"])
    book.window.apply_language("pl")
    assert book.window.language.translated
    assert book.window.next_button.text() == "Dalej"
    assert book.window.back_button.text() == "Back"  # not translated yet: the source words
    # Both contexts are in the file, but the grown-ups' dialog keeps the carer's language.
    assert book.grown_up().leave_button.text() == "Close the storybook"
