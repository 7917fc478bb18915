"""The crisis card dialog: numbers, Copy, Call, "Log this call", keyboard, names and contrast."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QColor, QDesktopServices, QGuiApplication, QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from carer_app.domain.crisis import CrisisContact
from carer_app.services.crisis import save_contact
from carer_app.ui.crisis_card import CrisisCardDialog

# The offscreen platform says this whenever a top-level window with a layout is shown.
pytestmark = pytest.mark.qt_log_ignore(
    r"^This plugin does not support propagateSizeHints\(\)$", extend=True
)

DEFAULT_NUMBERS = {
    "emergency": "999",
    "nhs111": "111",
    "childline": "0800 1111",
    "samaritans": "116 123",
    "nspcc": "0808 800 5000",
}


def unnamed_focusable(root: QWidget) -> list[str]:
    """Visible, enabled widgets that Tab can reach but a screen reader could not name."""
    missing = []
    for widget in [root, *root.findChildren(QWidget)]:
        reachable = bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)
        shown = widget.isVisible() and widget.isEnabled()
        if reachable and shown and not widget.accessibleName().strip():
            text = widget.text() if isinstance(widget, QPushButton) else ""
            missing.append(f"{type(widget).__name__} {text!r}")
    return missing


def contrast(a: QColor, b: QColor) -> float:
    """The WCAG contrast ratio of two colours."""

    def luminance(colour: QColor) -> float:
        def channel(value: float) -> float:
            return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

        r, g, bl = (channel(v) for v in (colour.redF(), colour.greenF(), colour.blueF()))
        return 0.2126 * r + 0.7152 * g + 0.0722 * bl

    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.fixture()
def opened_urls(monkeypatch: pytest.MonkeyPatch) -> list[QUrl]:
    urls: list[QUrl] = []

    def fake_open(url: QUrl) -> bool:
        urls.append(url)
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", fake_open)
    return urls


def make_dialog(
    qtbot: QtBot, folder: Path, on_log_call: Callable[[str], None] | None = None
) -> CrisisCardDialog:
    dialog = CrisisCardDialog(folder, on_log_call=on_log_call)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_lists_the_england_defaults_with_their_numbers(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = make_dialog(qtbot, tmp_path)
    assert dialog.windowTitle() == "Crisis help"
    assert [row.contact.key for row in dialog.rows] == list(DEFAULT_NUMBERS)
    for key, number in DEFAULT_NUMBERS.items():
        row = dialog.row_for(key)
        assert row.number.text() == number
        assert row.label.text() == row.contact.label
    assert dialog.header.text() == "If someone is in danger now, call 999."
    assert "stored outside the encrypted vault" in dialog.footer.text()


def test_numbers_are_large_and_follow_the_system_font(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = make_dialog(qtbot, tmp_path)
    number_font = dialog.row_for("childline").number.font()
    assert number_font.bold()
    assert number_font.pointSizeF() >= 2 * dialog.font().pointSizeF()


def test_copy_puts_the_number_on_the_clipboard(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = make_dialog(qtbot, tmp_path)
    row = dialog.row_for("samaritans")
    assert not row.log_button.isVisible()
    QTest.mouseClick(row.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == "116 123"
    assert "116 123" in row.status.text()
    assert row.log_button.isVisible()


def test_call_opens_the_tel_link(qtbot: QtBot, tmp_path: Path, opened_urls: list[QUrl]) -> None:
    dialog = make_dialog(qtbot, tmp_path)
    QTest.mouseClick(dialog.row_for("childline").call_button, Qt.MouseButton.LeftButton)
    assert opened_urls == [QUrl("tel:08001111")]


def test_call_without_a_calling_app_says_to_dial(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: False)
    dialog = make_dialog(qtbot, tmp_path)
    row = dialog.row_for("nspcc")
    row.call_button.click()
    assert "Dial 0808 800 5000 on a phone" in row.status.text()


def test_log_this_call_calls_back_with_the_key_when_unlocked(
    qtbot: QtBot, tmp_path: Path, opened_urls: list[QUrl]
) -> None:
    logged: list[str] = []
    dialog = make_dialog(qtbot, tmp_path, on_log_call=logged.append)
    row = dialog.row_for("childline")
    row.call_button.click()
    assert row.log_button.isVisible() and row.log_button.isEnabled()
    QTest.mouseClick(row.log_button, Qt.MouseButton.LeftButton)
    assert logged == ["childline"]
    # The dialog steps aside so the prefilled observation is not hidden behind it.
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert not dialog.isVisible()


def test_log_this_call_is_unavailable_when_locked(
    qtbot: QtBot, tmp_path: Path, opened_urls: list[QUrl]
) -> None:
    dialog = make_dialog(qtbot, tmp_path)
    row = dialog.row_for("childline")
    row.call_button.click()
    assert not row.log_button.isEnabled()
    assert row.log_button.toolTip() == "Unlock to log this call"
    assert "Unlock to log this call" in row.status.text()
    QTest.mouseClick(row.log_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()


def test_a_saved_carer_line_shows_after_the_defaults(qtbot: QtBot, tmp_path: Path) -> None:
    save_contact(tmp_path, CrisisContact("emergency_duty_team", "Emergency duty team", "0300 765 4321"))
    dialog = make_dialog(qtbot, tmp_path)
    assert dialog.rows[-1].contact.key == "emergency_duty_team"
    assert dialog.rows[-1].number.text() == "0300 765 4321"
    assert dialog.windowTitle() == "Crisis help"


def test_escape_closes(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = make_dialog(qtbot, tmp_path)
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_every_action_is_keyboard_reachable_and_enter_never_dials(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = make_dialog(qtbot, tmp_path)
    chain: list[QWidget] = []
    widget = dialog.nextInFocusChain()
    while widget is not None and widget is not dialog and len(chain) < 500:
        chain.append(widget)
        widget = widget.nextInFocusChain()
    for row in dialog.rows:
        for button in (row.call_button, row.copy_button):
            assert button in chain
            assert button.focusPolicy() & Qt.FocusPolicy.TabFocus
            assert not button.autoDefault()


def test_every_focusable_control_has_an_accessible_name(
    qtbot: QtBot, tmp_path: Path, opened_urls: list[QUrl]
) -> None:
    for on_log_call in (None, lambda key: None):
        dialog = make_dialog(qtbot, tmp_path, on_log_call=on_log_call)
        for row in dialog.rows:
            row.call_button.click()
        assert unnamed_focusable(dialog) == []


def test_header_keeps_its_contrast_in_light_and_dark_mode(qtbot: QtBot, tmp_path: Path) -> None:
    dark = QPalette()
    for role, colour in (
        (QPalette.ColorRole.Window, "#202124"), (QPalette.ColorRole.WindowText, "#E8EAED"),
        (QPalette.ColorRole.Base, "#2B2C2F"), (QPalette.ColorRole.Text, "#E8EAED"),
    ):
        dark.setColor(role, QColor(colour))
    for palette in (QPalette(QColor("#EFEFEF")), dark):
        dialog = make_dialog(qtbot, tmp_path)
        dialog.setPalette(palette)
        header = dialog.header.palette()
        ratio = contrast(
            header.color(QPalette.ColorRole.Window), header.color(QPalette.ColorRole.WindowText)
        )
        assert ratio >= 4.5
        row = dialog.row_for("samaritans")
        # Rows draw with the palette's own roles, so they follow light and dark mode.
        assert row.palette().color(QPalette.ColorRole.Base) == palette.color(QPalette.ColorRole.Base)
        assert contrast(
            row.palette().color(QPalette.ColorRole.Base),
            row.number.palette().color(QPalette.ColorRole.WindowText),
        ) >= 4.5
