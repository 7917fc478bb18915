"""Adults: the list with role and date, adding one with their own passphrase, changing, removing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from carer_app.services import household
from carer_app.ui.shell import Shell
from carer_app.ui.users_panel import UsersPanel

TEST_PASSPHRASE = "violet kettle under seven bridges"
SECOND_PASSPHRASE = "plum harbour seventeen kites"
Unlock = Callable[[QtBot, Shell, str], None]


@pytest.fixture()
def shell(
    qtbot: QtBot, locked_vault: Path, make_shell: Callable[[Path], Shell], unlock: Unlock
) -> Shell:
    made = make_shell(locked_vault)
    made.start()
    unlock(qtbot, made, TEST_PASSPHRASE)
    return made


def panel_of(qtbot: QtBot, shell: Shell) -> UsersPanel:
    assert shell.main_window is not None
    panel = shell.main_window.show_screen("adults")
    assert isinstance(panel, UsersPanel)
    qtbot.waitUntil(lambda: panel.table.topLevelItemCount() > 0)  # loaded in the background
    assert panel.change_button.isEnabled()
    return panel


def rows(panel: UsersPanel) -> list[list[str]]:
    table = panel.table
    return [[table.topLevelItem(i).text(c) for c in range(3)]
            for i in range(table.topLevelItemCount())]


def test_adults_are_listed_with_role_and_date(qtbot: QtBot, shell: Shell) -> None:
    panel = panel_of(qtbot, shell)
    [(name, role, added)] = rows(panel)
    assert name == "Test Carer (you)"
    assert role == "Carer"
    assert added  # a date in the person's own locale


def add_adult(qtbot: QtBot, panel: UsersPanel, wait_idle: Callable[[], None]) -> None:
    dialog = panel.open_add_dialog()
    assert not dialog.ok_button.isEnabled()
    qtbot.keyClicks(dialog.name, "Second Adult")
    dialog.role.setCurrentIndex(dialog.role.findData("social_worker"))
    dialog.fields.passphrase.setText("second adult rules")  # holds their name: refused
    dialog.fields.confirm.setText("second adult rules")
    assert not dialog.ok_button.isEnabled()
    assert "Leave your name out" in dialog.fields.reason.text()
    dialog.fields.passphrase.setText(SECOND_PASSPHRASE)
    dialog.fields.confirm.setText(SECOND_PASSPHRASE)
    assert dialog.ok_button.isEnabled()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.dialog is None, timeout=15_000)
    wait_idle()


def test_a_second_adult_unlocks_with_their_own_passphrase(
    qtbot: QtBot, shell: Shell, unlock: Unlock, wait_idle: Callable[[], None]
) -> None:
    panel = panel_of(qtbot, shell)
    add_adult(qtbot, panel, wait_idle)
    assert [r[:2] for r in rows(panel)] == [["Test Carer (you)", "Carer"],
                                            ["Second Adult", "Social worker"]]
    assert "Second Adult can now unlock" in panel.status.text()

    shell.lock()
    unlock(qtbot, shell, SECOND_PASSPHRASE)
    assert [r[0] for r in rows(panel_of(qtbot, shell))] == ["Test Carer", "Second Adult (you)"]


def test_change_my_passphrase(
    qtbot: QtBot, shell: Shell, unlock: Unlock, wait_idle: Callable[[], None]
) -> None:
    panel = panel_of(qtbot, shell)
    dialog = panel.open_change_dialog()
    dialog.fields.passphrase.setText("test carer again")  # holds my name: refused
    dialog.fields.confirm.setText("test carer again")
    assert not dialog.ok_button.isEnabled()
    new = "saffron lighthouse under quiet rain"
    dialog.fields.passphrase.setText(new)
    dialog.fields.confirm.setText(new)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.dialog is None, timeout=15_000)
    wait_idle()
    assert panel.status.text() == "Your passphrase was changed."

    shell.lock()
    screen = shell.lock_screen
    assert screen is not None
    screen.passphrase.setText(TEST_PASSPHRASE)
    screen.unlock()
    qtbot.waitUntil(lambda: "not right" in screen.message.text(), timeout=15_000)
    qtbot.waitUntil(lambda: screen.unlock_button.isEnabled(), timeout=5_000)
    unlock(qtbot, shell, new)


def test_remove_an_adult_but_never_myself(
    qtbot: QtBot, shell: Shell, wait_idle: Callable[[], None]
) -> None:
    panel = panel_of(qtbot, shell)
    add_adult(qtbot, panel, wait_idle)
    panel.table.setCurrentItem(panel.table.topLevelItem(0))  # myself
    assert not panel.remove_button.isEnabled()
    panel.table.setCurrentItem(panel.table.topLevelItem(1))
    assert panel.remove_button.isEnabled()

    box = panel.ask_remove()
    assert box is not None and "Remove Second Adult?" in box.text()
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    wait_idle()
    assert len(rows(panel)) == 2

    box = panel.ask_remove()
    assert box is not None
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    wait_idle()
    qtbot.waitUntil(lambda: len(rows(panel)) == 1)
    assert "no longer works" in panel.status.text()
    names = [a.display_name for a in household.list_adults(shell.session.vault)]
    assert names == ["Test Carer"]


def test_a_locked_panel_drops_its_dialogs_and_names(
    qtbot: QtBot, shell: Shell, wait_idle: Callable[[], None]
) -> None:
    panel = panel_of(qtbot, shell)
    dialog = panel.open_add_dialog()
    dialog.name.setText("Half Typed")
    shell.lock()
    assert not dialog.isVisible()
    assert dialog.name.text() == ""
    assert panel.table.topLevelItemCount() == 0
