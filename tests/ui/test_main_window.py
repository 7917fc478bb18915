"""The main window on the demo vault: navigation, honest empty states, children, crisis help."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from carer_app.services import children
from carer_app.services.demo import CANARY_STRINGS
from carer_app.ui import settings as declared
from carer_app.ui.empty_state import EmptyStateScreen
from carer_app.ui.main_window import MainWindow
from carer_app.ui.screen_registry import SCREENS
from carer_app.ui.shell import Shell

TEST_PASSPHRASE = "violet kettle under seven bridges"
EXPECTED_SECTIONS = [
    "Life story", "People and places", "Homework and sessions", "Observations", "Transitions",
    "Export and backup", "Adults", "Settings",
]


def window_of(shell: Shell) -> MainWindow:
    assert shell.main_window is not None
    return shell.main_window


def test_every_section_is_reachable_and_empty_states_are_honest(
    qtbot: QtBot, unlocked_demo: Shell
) -> None:
    window = window_of(unlocked_demo)
    assert [window.nav.item(i).text() for i in range(window.nav.count())] == EXPECTED_SECTIONS
    for row, spec in enumerate(SCREENS):
        window.nav.setCurrentRow(row)
        assert window.stack.currentWidget() is window.screens[spec.key]
        assert window.current_key == spec.key
        screen = window.screens[spec.key]
        if isinstance(screen, EmptyStateScreen):
            assert "later version" in " ".join(w.text() for w in screen.findChildren(QLabel))
            # An empty state never shows records, real or made up.
            assert not any(c in screen.body.text() for c in CANARY_STRINGS)
    assert unlocked_demo.settings.get(declared.LAST_SCREEN) == SCREENS[-1].key


def test_the_last_screen_is_remembered(
    qtbot: QtBot, demo_copy: Path, make_shell: Callable[[Path], Shell],
    unlock: Callable[[QtBot, Shell, str], None],
) -> None:
    shell = make_shell(demo_copy)
    shell.start()
    unlock(qtbot, shell, "paper lantern over the quiet harbour")
    window_of(shell).show_screen("transitions")
    shell.lock()
    unlock(qtbot, shell, "paper lantern over the quiet harbour")
    assert window_of(shell).current_key == "transitions"


def test_window_titles_never_hold_a_name(qtbot: QtBot, unlocked_demo: Shell) -> None:
    window = window_of(unlocked_demo)
    assert window.windowTitle() == "Carer App"
    for key in window.screens:
        window.show_screen(key)
        assert window.windowTitle() == "Carer App"


def test_the_child_selector_shows_with_two_children(qtbot: QtBot, unlocked_demo: Shell) -> None:
    window = window_of(unlocked_demo)
    selector = window.selector
    assert selector.isVisible()
    assert [selector.combo.itemText(i) for i in range(selector.combo.count())] == ["Maisie", "Ty"]
    first = window.child_id
    selector.combo.setCurrentIndex(1)
    assert window.child_id != first and window.child_id == selector.current_id


def test_no_child_selector_with_one_child(
    qtbot: QtBot, locked_vault: Path, make_shell: Callable[[Path], Shell],
    unlock: Callable[[QtBot, Shell, str], None],
) -> None:
    shell = make_shell(locked_vault)
    shell.start()
    unlock(qtbot, shell, TEST_PASSPHRASE)
    window = window_of(shell)
    assert not window.selector.isVisible()
    assert window.child_id is not None


def test_adding_a_child_brings_the_selector(
    qtbot: QtBot, locked_vault: Path, make_shell: Callable[[Path], Shell],
    unlock: Callable[[QtBot, Shell, str], None], wait_idle: Callable[[], None],
) -> None:
    shell = make_shell(locked_vault)
    shell.start()
    unlock(qtbot, shell, TEST_PASSPHRASE)
    window = window_of(shell)
    dialog = window.open_add_child()
    dialog.setTextValue("Second Child")
    dialog.accept()
    wait_idle()
    qtbot.waitUntil(lambda: window.selector.isVisible())
    assert window.selector.combo.currentText() == "Second Child"
    names = [c.name for c in children.list_children(shell.session.vault)]
    assert names == ["Test Child", "Second Child"]


def test_crisis_help_from_the_main_window_by_button_and_f12(
    qtbot: QtBot, unlocked_demo: Shell
) -> None:
    window = window_of(unlocked_demo)
    assert window.crisis_button.text() == "Crisis help (F12)"
    assert window.crisis_button.isVisible()
    qtbot.mouseClick(window.crisis_button, Qt.MouseButton.LeftButton)
    dialog = unlocked_demo.launcher.dialog
    assert dialog is not None and dialog.isVisible()
    dialog.close()

    window.show_screen("settings")
    qtbot.keyClick(window.nav, Qt.Key.Key_F12)
    dialog = unlocked_demo.launcher.dialog
    assert dialog is not None and dialog.isVisible()

    # Unlocked, a call can be logged: the card closes and Observations opens with the note.
    screen = window.screen_for("observations")
    prefilled: list[str] = []
    if hasattr(screen, "prefill_observation"):
        original = screen.prefill_observation

        def record(note: str) -> None:
            prefilled.append(note)
            original(note)

        screen.prefill_observation = record  # type: ignore[attr-defined]
    row = dialog.row_for("samaritans")  # type: ignore[attr-defined]
    assert row.log_button.isEnabled()
    row.log_button.click()
    assert unlocked_demo.launcher.dialog is None
    assert window.current_key == "observations"
    assert window.last_call_note.startswith("Phoned Samaritans (116 123) at ")
    if hasattr(screen, "prefill_observation"):  # the note opens as a new observation
        assert prefilled == [window.last_call_note]
    else:
        assert "Phoned Samaritans" in window.statusBar().currentMessage()


def test_the_window_size_is_kept_in_settings_without_names(
    qtbot: QtBot, unlocked_demo: Shell
) -> None:
    window = window_of(unlocked_demo)
    window.resize(900, 650)
    unlocked_demo.lock()
    assert unlocked_demo.settings.get(declared.WINDOW_GEOMETRY)
    unlocked_demo.settings.sync()
    stored = Path(unlocked_demo.settings.file_name).read_bytes()
    assert not any(name.encode() in stored for name in CANARY_STRINGS)


def test_closing_the_main_window_locks_and_quits(
    qtbot: QtBot, unlocked_demo: Shell, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QApplication

    quits: list[bool] = []
    monkeypatch.setattr(QApplication, "quit", staticmethod(lambda: quits.append(True)))
    vault = unlocked_demo.session.vault
    window = window_of(unlocked_demo)
    window.close()
    assert quits == [True]
    assert not vault.is_open
    assert unlocked_demo.main_window is None


def test_the_screens_are_loaded_ahead_after_the_lock_screen(
    qtbot: QtBot, locked_vault: Path, make_shell: Callable[[Path], Shell]
) -> None:
    import sys

    from carer_app.ui.screen_registry import screen_modules

    modules = screen_modules("settings")
    assert modules[0] == "carer_app.ui.settings_screen"
    assert "carer_app.ui.users_panel" in modules
    shell = make_shell(locked_vault)
    shell.start()
    with qtbot.waitSignal(shell.prefetched, timeout=30_000):
        shell.prefetch()
    assert all(name in sys.modules for name in
               ("carer_app.services.household", "carer_app.ui.main_window", *modules))


def test_reminders_show_on_open_whichever_screen_comes_first(  # type: ignore[no-untyped-def]
    unlocked_demo, qtbot
) -> None:
    window = unlocked_demo.main_window
    button = window.reminders_button
    qtbot.waitUntil(lambda: button.isVisible() and "coming up" in button.text(), timeout=10_000)
    assert window.current_key != "homework"  # the demo opens on the life story
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.current_key == "homework"
