"""Locking: Ctrl+L, the Lock button, idle time; the vault closes and no widget keeps personal text."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from carer_app.services.demo import CANARY_STRINGS
from carer_app.ui.screen_registry import SCREENS
from carer_app.ui.secret_clipboard import copy_secret
from carer_app.ui.shell import Shell

TEST_PASSPHRASE = "violet kettle under seven bridges"
DEMO_PASSPHRASE = "paper lantern over the quiet harbour"
PERSONAL = (*CANARY_STRINGS, "Maisie", "Tyler", "Test Child", "Test Carer")


def test_ctrl_l_locks_and_closes_the_vault(qtbot: QtBot, unlocked_demo: Shell) -> None:
    shell = unlocked_demo
    vault = shell.session.vault
    window = shell.main_window
    assert window is not None
    qtbot.keyClick(window.nav, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert not shell.session.is_unlocked
    assert not vault.is_open  # engine disposed, key dropped, folder released
    assert shell.main_window is None
    assert shell.lock_screen is not None and shell.lock_screen.isVisible()
    assert shell.lock_screen.windowTitle() == "Carer App – Locked"


def test_the_lock_button_locks(qtbot: QtBot, unlocked_demo: Shell) -> None:
    window = unlocked_demo.main_window
    assert window is not None
    assert window.lock_button.text() == "&Lock (Ctrl+L)"
    qtbot.mouseClick(window.lock_button, Qt.MouseButton.LeftButton)
    assert not unlocked_demo.session.is_unlocked


def test_it_locks_itself_after_idle_time(qtbot: QtBot, unlocked_demo: Shell) -> None:
    assert unlocked_demo.idle.interval_ms == 5 * 60_000  # the default
    unlocked_demo.idle.set_interval_ms(150)
    qtbot.waitUntil(lambda: not unlocked_demo.session.is_unlocked, timeout=3_000)
    assert unlocked_demo.main_window is None


def test_typing_keeps_it_unlocked(qtbot: QtBot, unlocked_demo: Shell) -> None:
    window = unlocked_demo.main_window
    assert window is not None
    unlocked_demo.idle.set_interval_ms(1_000)
    for _ in range(15):  # 1.5 s of typing, more than the idle time
        qtbot.keyClick(window.nav, Qt.Key.Key_Down)
        qtbot.wait(100)
    assert unlocked_demo.session.is_unlocked
    qtbot.waitUntil(lambda: not unlocked_demo.session.is_unlocked, timeout=3_000)


def test_the_auto_lock_setting_applies_at_once(qtbot: QtBot, unlocked_demo: Shell) -> None:
    window = unlocked_demo.main_window
    assert window is not None
    screen = window.show_screen("settings")
    screen.auto_lock.setValue(12)  # type: ignore[attr-defined]
    assert unlocked_demo.settings.auto_lock_minutes == 12
    assert unlocked_demo.idle.interval_ms == 12 * 60_000


def test_after_lock_no_widget_holds_personal_text(
    qtbot: QtBot, unlocked_demo: Shell, wait_idle: Callable[[], None],
    personal_text_anywhere: Callable[[tuple[str, ...]], list[str]],
) -> None:
    shell = unlocked_demo
    window = shell.main_window
    assert window is not None
    for spec in SCREENS:  # every screen shown and loaded
        window.show_screen(spec.key)
        wait_idle()
    window.show_screen("adults")
    panel = window.screens["adults"]
    panel.table.selectAll()  # type: ignore[attr-defined]
    assert personal_text_anywhere(PERSONAL), "the test must see names before locking"
    dialog = window.open_add_child()  # half-typed, then the carer walks away
    for edit in dialog.findChildren(QLineEdit):
        edit.setText("Tyler Quillfeather")
    shell.launcher.open(window)

    qtbot.keyClick(window.nav, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert not shell.session.is_unlocked
    assert personal_text_anywhere(PERSONAL) == []  # at once, before any deferred delete
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert personal_text_anywhere(PERSONAL) == []
    # The crisis card stays open through a lock (a call may be going on), holding no names.
    assert shell.launcher.dialog is not None
    assert all(w.windowTitle() in ("Carer App – Locked", "Crisis help", "")
               for w in QApplication.topLevelWidgets() if w.isVisible())


def test_locking_empties_a_copied_recovery_key(qtbot: QtBot, unlocked_demo: Shell) -> None:
    copy_secret("ABCDE-FGHJK-MNPQR-STVWX-YZ012-34567-89ABC-DEFGH")
    unlocked_demo.lock()
    assert QGuiApplication.clipboard().text() == ""


def test_work_running_at_lock_finishes_before_the_vault_closes(
    qtbot: QtBot, unlocked_demo: Shell, wait_idle: Callable[[], None],
    unlock: Callable[[QtBot, Shell, str], None],
) -> None:
    shell = unlocked_demo
    vault = shell.session.vault
    release = threading.Event()
    delivered: list[object] = []

    def slow(v: object) -> str:
        release.wait(5)
        return "done"

    shell.session.run(slow, delivered.append)
    shell.lock()
    assert vault.is_open  # still in use by the running work
    release.set()
    wait_idle()
    assert not vault.is_open
    assert delivered == []  # the result belonged to the locked session: dropped
    unlock(qtbot, shell, DEMO_PASSPHRASE)
    assert shell.session.is_unlocked


def test_unlock_lock_unlock_again(
    qtbot: QtBot, locked_vault: Path, make_shell: Callable[[Path], Shell],
    unlock: Callable[[QtBot, Shell, str], None],
) -> None:
    shell = make_shell(locked_vault)
    shell.start()
    for _ in range(3):
        unlock(qtbot, shell, TEST_PASSPHRASE)
        shell.lock()
        assert shell.main_window is None
