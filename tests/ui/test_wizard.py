"""The first-run wizard, driven end to end: name, passphrase refusals, recovery key shown and asked back."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot

from carer_app.services import household
from carer_app.ui.first_run_wizard import FirstRunWizard
from carer_app.ui.shell import Shell

GOOD = "copper meadow lantern quietly"
W = QWizard.WizardButton


def start(qtbot: QtBot, shell: Shell) -> FirstRunWizard:
    wizard = shell.start()
    assert isinstance(wizard, FirstRunWizard)
    qtbot.waitExposed(wizard)
    return wizard


def to_passphrase_page(qtbot: QtBot, wizard: FirstRunWizard, name: str = "Test Carer") -> None:
    assert not wizard.button(W.NextButton).isEnabled()  # the name is required
    qtbot.keyClicks(wizard.about.name, name)
    qtbot.mouseClick(wizard.button(W.NextButton), Qt.MouseButton.LeftButton)
    assert wizard.currentPage() is wizard.passphrase_page


def make_vault(qtbot: QtBot, wizard: FirstRunWizard, passphrase: str = GOOD) -> None:
    fields = wizard.passphrase_page.fields
    fields.passphrase.setText(passphrase)
    fields.confirm.setText(passphrase)
    qtbot.mouseClick(wizard.button(W.CommitButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.key_page, timeout=15_000)


def test_the_wizard_makes_a_vault_and_opens_it(
    qtbot: QtBot, tmp_path: Path, make_shell: Callable[[Path], Shell]
) -> None:
    folder = tmp_path / "new-vault"
    shell = make_shell(folder)
    wizard = start(qtbot, shell)
    assert wizard.windowTitle() == "Carer App"
    to_passphrase_page(qtbot, wizard)
    make_vault(qtbot, wizard)

    assert household.vault_exists(folder)
    key = wizard.recovery_key
    assert len(key) == 47 and wizard.key_page.key.text() == key
    back = wizard.button(W.BackButton)
    assert not (back.isVisible() and back.isEnabled())  # the vault exists: no going back
    assert wizard.passphrase_page.fields.text == ""  # the passphrase is not kept around

    qtbot.mouseClick(wizard.button(W.NextButton), Qt.MouseButton.LeftButton)
    assert wizard.currentPage() is wizard.confirm_page
    finish = wizard.button(W.FinishButton)
    assert not finish.isEnabled()
    qtbot.keyClicks(wizard.confirm_page.typed, key.replace("-", "").lower())
    assert finish.isEnabled()
    qtbot.mouseClick(finish, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: shell.main_window is not None)
    assert shell.session.is_unlocked
    assert shell.main_window is not None and shell.main_window.windowTitle() == "Carer App"
    assert shell.wizard is None


def test_the_weakest_passphrases_are_refused_with_a_reason(
    qtbot: QtBot, tmp_path: Path, make_shell: Callable[[Path], Shell]
) -> None:
    wizard = start(qtbot, make_shell(tmp_path / "v"))
    to_passphrase_page(qtbot, wizard, "Morgan Ashdown")
    fields = wizard.passphrase_page.fields
    commit = wizard.button(W.CommitButton)
    cases = {
        "password": "most common",
        "short one": "at least 10 characters",
        "morgan ashdown kettle": "Leave your name out",
        "abcdefghijkl": "abcd or 1234",
    }
    for weak, reason in cases.items():
        fields.passphrase.setText(weak)
        fields.confirm.setText(weak)
        assert not commit.isEnabled(), weak
        assert reason in fields.reason.text(), (weak, fields.reason.text())
    fields.passphrase.setText(GOOD)
    fields.confirm.setText(GOOD + "x")
    assert not commit.isEnabled()
    assert "same passphrase again" in fields.reason.text()
    fields.confirm.setText(GOOD)
    assert commit.isEnabled()
    assert fields.meter.bar.value() >= 2
    assert not household.vault_exists(tmp_path / "v")  # nothing is made before Commit


def test_the_recovery_key_must_be_typed_back_exactly(
    qtbot: QtBot, tmp_path: Path, make_shell: Callable[[Path], Shell]
) -> None:
    wizard = start(qtbot, make_shell(tmp_path / "v"))
    to_passphrase_page(qtbot, wizard)
    make_vault(qtbot, wizard)
    key = wizard.recovery_key
    qtbot.mouseClick(wizard.button(W.NextButton), Qt.MouseButton.LeftButton)
    page = wizard.confirm_page
    finish = wizard.button(W.FinishButton)

    groups = key.split("-")
    wrong_group = groups[2][:-1] + ("0" if groups[2][-1] != "0" else "1")
    page.typed.setText("-".join([*groups[:2], wrong_group, *groups[3:]]))
    assert not finish.isEnabled()
    assert "group 3" in page.hint.text()
    # A whole, well-formed key that is not this one.
    other = "-".join(groups[1:] + groups[:1])
    page.typed.setText(other)
    assert not finish.isEnabled()
    assert page.hint.text()
    # Look-alike letters and spacing are forgiven.
    page.typed.setText(" ".join(groups).lower().replace("1", "l"))
    assert finish.isEnabled()
    assert page.hint.text() == "That matches."


def test_copy_empties_the_clipboard_after_the_delay_only_if_unchanged(
    qtbot: QtBot, tmp_path: Path, make_shell: Callable[[Path], Shell]
) -> None:
    wizard = start(qtbot, make_shell(tmp_path / "v"))
    wizard.clipboard_clear_ms = 60
    to_passphrase_page(qtbot, wizard)
    make_vault(qtbot, wizard)
    clipboard = QGuiApplication.clipboard()

    qtbot.mouseClick(wizard.key_page.copy_button, Qt.MouseButton.LeftButton)
    assert clipboard.text() == wizard.recovery_key
    assert "emptied again" in wizard.key_page.note.text()
    qtbot.waitUntil(lambda: clipboard.text() == "", timeout=2_000)

    qtbot.mouseClick(wizard.key_page.copy_button, Qt.MouseButton.LeftButton)
    clipboard.setText("something the carer copied since")
    qtbot.wait(150)
    assert clipboard.text() == "something the carer copied since"


def test_the_key_sheet_prints_to_pdf(
    qtbot: QtBot, tmp_path: Path, make_shell: Callable[[Path], Shell]
) -> None:
    from PySide6.QtGui import QPdfWriter

    wizard = start(qtbot, make_shell(tmp_path / "v"))
    to_passphrase_page(qtbot, wizard)
    make_vault(qtbot, wizard)
    target = tmp_path / "sheet.pdf"
    wizard.key_page._document().print_(QPdfWriter(str(target)))
    assert target.read_bytes().startswith(b"%PDF")
    assert "Test Carer" not in wizard.key_page._document().toPlainText()


def test_cancel_before_the_vault_is_made_leaves_nothing(
    qtbot: QtBot, tmp_path: Path, make_shell: Callable[[Path], Shell]
) -> None:
    folder = tmp_path / "v"
    shell = make_shell(folder)
    wizard = start(qtbot, shell)
    to_passphrase_page(qtbot, wizard)
    with qtbot.waitSignal(wizard.abandoned):
        wizard.reject()
    assert not household.vault_exists(folder)
    assert shell.main_window is None


def test_closing_after_the_vault_is_made_goes_to_the_lock_screen(
    qtbot: QtBot, tmp_path: Path, make_shell: Callable[[Path], Shell]
) -> None:
    shell = make_shell(tmp_path / "v")
    wizard = start(qtbot, shell)
    to_passphrase_page(qtbot, wizard)
    make_vault(qtbot, wizard)
    wizard.reject()
    screen = shell.lock_screen
    assert screen is not None and screen.isVisible()
    assert "Unlock it with your passphrase" in screen.message.text()
    assert not shell.session.is_unlocked


def test_crisis_help_from_the_wizard_by_button_and_f12(
    qtbot: QtBot, tmp_path: Path, make_shell: Callable[[Path], Shell]
) -> None:
    shell = make_shell(tmp_path / "v")
    wizard = start(qtbot, shell)
    assert wizard.crisis_button.isVisible()
    assert wizard.crisis_button.text() == "Crisis help (F12)"
    qtbot.mouseClick(wizard.crisis_button, Qt.MouseButton.LeftButton)
    dialog = shell.launcher.dialog
    assert dialog is not None and dialog.isVisible()
    dialog.close()
    qtbot.waitUntil(lambda: shell.launcher.installed)  # just after the first paint
    qtbot.keyClick(wizard.about.name, Qt.Key.Key_F12)
    assert shell.launcher.dialog is not None
    assert wizard.about.name.text() == ""
