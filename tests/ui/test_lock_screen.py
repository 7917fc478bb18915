"""The lock screen: right and wrong passphrases, the growing wait, recovery, damage, crisis help."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from carer_app.domain.enums import Role
from carer_app.services import children, household
from carer_app.ui.lock_screen import LockScreen
from carer_app.ui.shell import Shell

TEST_PASSPHRASE = "violet kettle under seven bridges"
NEW_PASSPHRASE = "amber thistle beside the old mill"
Unlock = Callable[[QtBot, Shell, str], None]


def locked(qtbot: QtBot, shell: Shell) -> LockScreen:
    screen = shell.start()
    assert isinstance(screen, LockScreen)
    qtbot.waitExposed(screen)
    return screen


def try_passphrase(qtbot: QtBot, screen: LockScreen, passphrase: str) -> None:
    screen.passphrase.setText(passphrase)
    qtbot.keyClick(screen.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not screen.busy.isVisible(), timeout=15_000)


def test_the_right_passphrase_opens_the_main_window(
    qtbot: QtBot, locked_vault: Path, make_shell: Callable[[Path], Shell], unlock: Unlock
) -> None:
    shell = make_shell(locked_vault)
    screen = locked(qtbot, shell)
    assert screen.windowTitle() == "Carer App – Locked"
    assert screen.passphrase.echoMode() == screen.passphrase.EchoMode.Password
    assert not screen.demo_hint.isVisible()  # only a demo vault shows its passphrase
    unlock(qtbot, shell, TEST_PASSPHRASE)
    assert shell.session.is_unlocked
    assert shell.main_window is not None and shell.main_window.isVisible()
    assert not screen.isVisible()
    assert screen.passphrase.text() == ""


def test_a_wrong_passphrase_says_so_and_waits_longer_each_time(
    qtbot: QtBot, locked_vault: Path, make_shell: Callable[..., Shell]
) -> None:
    # Delays (0, 0, 1, 2, 4); a "second" lasts 250 ms here, long enough to look at the button.
    screen = locked(qtbot, make_shell(locked_vault, tick_ms=250))
    waits = []
    for _attempt in range(4):
        qtbot.waitUntil(lambda: screen.unlock_button.isEnabled(), timeout=5_000)
        try_passphrase(qtbot, screen, "not the passphrase at all")
        assert "That passphrase is not right." in screen.message.text()
        assert "Nothing was changed" in screen.message.text()
        waits.append(screen.last_wait)
        if screen.wait_left:
            assert not screen.unlock_button.isEnabled()
            assert screen.unlock_button.text() == f"Wait {screen.wait_left} s"
            # Pressing Enter during the wait does nothing.
            qtbot.keyClick(screen.passphrase, Qt.Key.Key_Return)
            assert not screen.busy.isVisible()
    assert waits == [0, 0, 1, 2]
    assert screen.failures == 4
    qtbot.waitUntil(lambda: screen.unlock_button.isEnabled(), timeout=5_000)
    assert screen.unlock_button.text() == "&Unlock"


def test_the_recovery_key_sets_a_new_passphrase_and_opens(
    qtbot: QtBot, tmp_path: Path, make_shell: Callable[[Path], Shell], unlock: Unlock
) -> None:
    folder = tmp_path / "vault"
    vault, recovery = household.create_household(
        folder, name="Test Carer", role=Role.CARER, passphrase=TEST_PASSPHRASE
    )
    children.add_child(vault, "Test Child")
    vault.close()
    shell = make_shell(folder)
    screen = locked(qtbot, shell)
    qtbot.mouseClick(screen.forgot_button, Qt.MouseButton.LeftButton)
    form = screen.recovery
    assert screen.stack.currentWidget() is form

    # A typo is caught at once, before any slow key derivation, and names the group.
    groups = recovery.split("-")
    groups[4] = groups[4][:-1] + ("0" if groups[4][-1] != "0" else "1")
    form.key.setText("-".join(groups))
    form.new_passphrase.passphrase.setText(NEW_PASSPHRASE)
    form.new_passphrase.confirm.setText(NEW_PASSPHRASE)
    qtbot.mouseClick(form.submit_button, Qt.MouseButton.LeftButton)
    assert "typo in group 5" in form.message.text()

    form.key.setText(recovery.lower())
    qtbot.mouseClick(form.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shell.main_window is not None, timeout=15_000)
    assert form.key.text() == "" and form.new_passphrase.text == ""

    shell.lock()
    assert screen.isVisible() and screen.stack.currentIndex() == 0
    unlock(qtbot, shell, NEW_PASSPHRASE)
    assert shell.session.is_unlocked


def test_recovery_asks_whose_passphrase_when_several_adults_share(
    qtbot: QtBot, tmp_path: Path, make_shell: Callable[[Path], Shell]
) -> None:
    folder = tmp_path / "vault"
    vault, recovery = household.create_household(
        folder, name="Test Carer", role=Role.CARER, passphrase=TEST_PASSPHRASE
    )
    household.add_adult(vault, name="Second Adult", role=Role.CARER,
                        passphrase="plum harbour seventeen kites")
    vault.close()
    shell = make_shell(folder)
    screen = locked(qtbot, shell)
    screen.show_recovery_page()
    form = screen.recovery
    form.key.setText(recovery)
    form.new_passphrase.passphrase.setText(NEW_PASSPHRASE)
    form.new_passphrase.confirm.setText(NEW_PASSPHRASE)
    qtbot.mouseClick(form.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: form.name.isVisible(), timeout=15_000)
    assert "Several adults share this vault" in form.message.text()
    form.name.setText("second adult")
    qtbot.mouseClick(form.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shell.main_window is not None, timeout=15_000)
    adults = {a.display_name: a.id for a in household.list_adults(shell.session.vault)}
    assert shell.session.user_id == adults["Second Adult"]


def test_a_damaged_key_file_gets_its_own_message(
    qtbot: QtBot, locked_vault: Path, make_shell: Callable[[Path], Shell]
) -> None:
    for name in ("vault.keys", "vault.keys.copy"):
        (locked_vault / name).write_bytes(b"{ not a key file")
    screen = locked(qtbot, make_shell(locked_vault))
    try_passphrase(qtbot, screen, TEST_PASSPHRASE)
    text = screen.message.text()
    assert "Part of the vault is damaged: the key file" in text
    assert "backup" in text and "Do not delete anything" in text
    assert "not right" not in text
    assert not screen.set_aside_button.isVisible()
    assert screen.failures == 0  # damage is not a wrong guess: no waiting


def _write_and_die(folder: Path, rows: int) -> None:
    """Commit rows in another process and kill it, so the WAL keeps them un-checkpointed."""
    code = (
        "import os\n"
        "from pathlib import Path\n"
        "from carer_app.services import household, children\n"
        f"v = household.unlock(Path({str(folder)!r}), {TEST_PASSPHRASE!r})\n"
        "with v.engine.connect() as c:\n"
        "    c.exec_driver_sql('PRAGMA wal_autocheckpoint=0')\n"
        f"for i in range({rows}):\n"
        "    children.add_child(v, f'wal child {i}')\n"
        "os._exit(0)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)


def test_a_damaged_recent_changes_log_can_be_set_aside(
    qtbot: QtBot, locked_vault: Path, make_shell: Callable[[Path], Shell]
) -> None:
    _write_and_die(locked_vault, 12)
    wal = locked_vault / "vault.db-wal"
    raw = bytearray(wal.read_bytes())
    raw[32 + 24 + 4096 + 24 + 1000] ^= 0x40  # inside the second frame's page
    wal.write_bytes(bytes(raw))
    shell = make_shell(locked_vault)
    screen = locked(qtbot, shell)
    try_passphrase(qtbot, screen, TEST_PASSPHRASE)
    assert "the recent-changes log" in screen.message.text()
    assert "without its most recent changes" in screen.message.text()
    assert screen.set_aside_button.isVisible()
    qtbot.mouseClick(screen.set_aside_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shell.main_window is not None, timeout=15_000)
    assert list(locked_vault.glob("vault.db-wal.damaged-*"))  # kept, not thrown away


def test_a_vault_open_elsewhere_is_reported(
    qtbot: QtBot, vault: object, vault_dir: Path, make_shell: Callable[[Path], Shell]
) -> None:
    screen = locked(qtbot, make_shell(vault_dir))  # `vault` is still open, as in another window
    try_passphrase(qtbot, screen, TEST_PASSPHRASE)
    assert "open in another Carer App window" in screen.message.text()


def test_crisis_help_opens_from_the_lock_screen_by_button_and_f12(
    qtbot: QtBot, locked_vault: Path, make_shell: Callable[[Path], Shell]
) -> None:
    shell = make_shell(locked_vault)
    screen = locked(qtbot, shell)
    assert screen.crisis_button.text() == "Crisis help (F12)"
    qtbot.mouseClick(screen.crisis_button, Qt.MouseButton.LeftButton)
    dialog = shell.launcher.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.windowTitle() == "Crisis help"
    numbers = [row.number.text() for row in dialog.rows]  # type: ignore[attr-defined]
    assert "116 123" in numbers and "0800 1111" in numbers
    # Locked: calls cannot be logged into the vault.
    assert not any(row.log_button.isEnabled() for row in dialog.rows)  # type: ignore[attr-defined]
    dialog.close()
    assert shell.launcher.dialog is None

    qtbot.waitUntil(lambda: shell.launcher.installed)  # just after the first paint
    qtbot.keyClick(screen.passphrase, Qt.Key.Key_F12)
    again = shell.launcher.dialog
    assert again is not None and again.isVisible()
    assert screen.passphrase.text() == ""  # F12 was not typed into the field
    qtbot.keyClick(again, Qt.Key.Key_F12)  # pressing it again keeps one card open
    assert shell.launcher.dialog is again
    assert len([w for w in QApplication.topLevelWidgets()
                if w.isVisible() and w.windowTitle() == "Crisis help"]) == 1


def test_the_demo_lock_screen_shows_its_passphrase(
    qtbot: QtBot, demo_template: Path, tmp_path: Path, make_shell: Callable[[Path], Shell],
    unlock: Unlock,
) -> None:
    import shutil

    folder = tmp_path / "demo" / "vault"

    def build() -> str:
        shutil.copytree(demo_template, folder)
        return "paper lantern over the quiet harbour"

    shell = make_shell(folder)
    screen = shell.start_demo(build)
    qtbot.waitUntil(lambda: screen.demo_hint.isVisible(), timeout=15_000)
    assert "paper lantern over the quiet harbour" in screen.demo_hint.text()
    assert screen.unlock_button.isEnabled()
    unlock(qtbot, shell, "paper lantern over the quiet harbour")


def test_nothing_heavy_is_imported_before_the_lock_screen() -> None:
    code = (
        "import sys\n"
        "import carer_app.app, carer_app.ui.shell, carer_app.ui.lock_screen\n"
        "heavy = [m for m in ('sqlalchemy', 'sqlcipher3', 'PIL', 'alembic', "
        "'carer_app.services.photos', 'carer_app.storage.vault') if m in sys.modules]\n"
        "print(heavy)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, env=env, timeout=60)
    assert result.stdout.strip() == "[]"
