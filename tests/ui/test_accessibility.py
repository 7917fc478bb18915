"""Every focusable control on every screen has an accessible name, and the keyboard reaches them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget, QWizard
from pytestqt.qtbot import QtBot

from carer_app.ui.first_run_wizard import FirstRunWizard
from carer_app.ui.language import PseudoTranslator
from carer_app.ui.lock_screen import LockScreen
from carer_app.ui.screen_registry import SCREENS
from carer_app.ui.shell import Shell

Unnamed = Callable[[QWidget], list[str]]
GOOD = "copper meadow lantern quietly"


def test_lock_screen_and_recovery_page(
    qtbot: QtBot, locked_vault: Path, make_shell: Callable[[Path], Shell],
    unnamed_focusable: Unnamed,
) -> None:
    shell = make_shell(locked_vault)
    screen = shell.start()
    assert isinstance(screen, LockScreen)
    qtbot.waitExposed(screen)
    screen.set_demo_passphrase("shown only for the demo")
    screen.set_aside_button.setVisible(True)
    screen.show_message("a message")
    assert unnamed_focusable(screen) == []
    screen.show_recovery_page()
    screen.recovery._show_name(True)
    assert unnamed_focusable(screen) == []


def test_every_wizard_page(
    qtbot: QtBot, tmp_path: Path, make_shell: Callable[[Path], Shell], unnamed_focusable: Unnamed
) -> None:
    wizard = make_shell(tmp_path / "v").start()
    assert isinstance(wizard, FirstRunWizard)
    qtbot.waitExposed(wizard)
    assert unnamed_focusable(wizard) == []
    wizard.about.name.setText("Test Carer")
    wizard.next()
    assert unnamed_focusable(wizard) == []
    wizard.passphrase_page.fields.passphrase.setText(GOOD)
    wizard.passphrase_page.fields.confirm.setText(GOOD)
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.CommitButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.key_page, timeout=15_000)
    assert unnamed_focusable(wizard) == []
    wizard.next()
    assert unnamed_focusable(wizard) == []


def test_every_screen_of_the_main_window_and_its_dialogs(
    qtbot: QtBot, unlocked_demo: Shell, unnamed_focusable: Unnamed, wait_idle: Callable[[], None]
) -> None:
    window = unlocked_demo.main_window
    assert window is not None
    for spec in SCREENS:
        window.show_screen(spec.key)
        wait_idle()
        assert unnamed_focusable(window) == [], spec.key
    panel = window.show_screen("adults")
    for open_dialog in (panel.open_add_dialog, panel.open_change_dialog,  # type: ignore[attr-defined]
                        window.open_add_child):
        dialog = open_dialog()
        qtbot.waitExposed(dialog)
        assert unnamed_focusable(dialog) == [], type(dialog).__name__
        dialog.reject()
    panel.table.setCurrentItem(panel.table.topLevelItem(1))  # type: ignore[attr-defined]
    box = panel.ask_remove()  # type: ignore[attr-defined]
    assert box is not None
    qtbot.waitExposed(box)
    assert unnamed_focusable(box) == []
    box.reject()


def test_the_crisis_card(
    qtbot: QtBot, unlocked_demo: Shell, unnamed_focusable: Unnamed
) -> None:
    dialog = unlocked_demo.launcher.open()
    qtbot.waitExposed(dialog)
    for row in dialog.rows:  # type: ignore[attr-defined]
        row.log_button.setVisible(True)
    assert unnamed_focusable(dialog) == []


def test_tab_reaches_every_control_of_the_lock_screen(
    qtbot: QtBot, locked_vault: Path, make_shell: Callable[[Path], Shell]
) -> None:
    screen = make_shell(locked_vault).start()
    assert isinstance(screen, LockScreen)
    screen.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is screen.passphrase)
    seen = []
    for _ in range(12):
        focused = QApplication.focusWidget()
        seen.append(focused)
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
    for control in (screen.passphrase, screen.unlock_button, screen.show_passphrase,
                    screen.forgot_button, screen.crisis_button):
        assert control in seen, control.accessibleName()
    assert seen[1] is screen.unlock_button  # straight from the passphrase to Unlock


def test_tab_reaches_the_toolbar_of_the_main_window(qtbot: QtBot, unlocked_demo: Shell) -> None:
    window = unlocked_demo.main_window
    assert window is not None
    window.activateWindow()
    window.nav.setFocus()
    seen = []
    for _ in range(20):
        focused = QApplication.focusWidget()
        seen.append(focused)
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
    for control in (window.nav, window.selector.combo, window.add_child_button,
                    window.lock_button, window.crisis_button):
        assert control in seen, control.accessibleName()


def test_pseudo_language_stretches_but_keeps_placeholders() -> None:
    translator = PseudoTranslator()
    text = translator.translate("ctx", "Wait {seconds} s")
    assert text.startswith("[Wait {seconds} s") and text.endswith("]")
    assert len(text) > len("Wait {seconds} s") + 2
    assert text.format(seconds=3).startswith("[Wait 3 s")
