"""The crisis settings panel: the carer's own lines saved outside the vault, names refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from carer_app.services.crisis import card_path, load_card
from carer_app.ui.crisis_card import CrisisCardDialog
from carer_app.ui.crisis_settings import CrisisSettingsPanel

# The offscreen platform says this whenever a top-level window with a layout is shown.
pytestmark = pytest.mark.qt_log_ignore(
    r"^This plugin does not support propagateSizeHints\(\)$", extend=True
)

BAD_NUMBER = "Use digits, spaces and an optional + (for example 0300 123 4567)"
HAS_NAME = "Use the role, not a person's name — this card is readable without unlocking"


def unnamed_focusable(root: QWidget) -> list[str]:
    """Visible, enabled widgets that Tab can reach but a screen reader could not name."""
    missing = []
    for widget in [root, *root.findChildren(QWidget)]:
        reachable = bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)
        shown = widget.isVisible() and widget.isEnabled()
        if reachable and shown and not widget.accessibleName().strip():
            text = widget.text() if isinstance(widget, (QPushButton, QLineEdit)) else ""
            missing.append(f"{type(widget).__name__} {text!r}")
    return missing


def make_panel(qtbot: QtBot, folder: Path, names: tuple[str, ...] = ()) -> CrisisSettingsPanel:
    panel = CrisisSettingsPanel(folder, known_names=lambda: names)
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def test_says_the_numbers_live_outside_the_vault(qtbot: QtBot, tmp_path: Path) -> None:
    panel = make_panel(qtbot, tmp_path)
    assert panel.explanation.isVisible()
    text = panel.explanation.text()
    assert "outside the encrypted vault" in text
    assert "lock screen" in text


def test_built_in_lines_are_listed_read_only(qtbot: QtBot, tmp_path: Path) -> None:
    panel = make_panel(qtbot, tmp_path)
    shown = " ".join(label.text() for label in panel.built_in.findChildren(QLabel))
    for number in ("999", "111", "0800 1111", "116 123", "0808 800 5000"):
        assert number in shown
    assert panel.built_in.findChildren(QLineEdit) == []
    assert list(panel.slot_editors) == [
        "fostering_24h", "emergency_duty_team", "supervising_social_worker"
    ]


def test_a_saved_carer_line_persists_and_shows_in_a_new_dialog(qtbot: QtBot, tmp_path: Path) -> None:
    panel = make_panel(qtbot, tmp_path)
    editor = panel.slot_editors["emergency_duty_team"]
    editor.number.setText("0300 765 4321")
    editor.hours.setText("Evenings and weekends")
    with qtbot.waitSignal(panel.card_changed, timeout=1000):
        QTest.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert "Saved" in editor.message.text()

    stored = json.loads(card_path(tmp_path).read_text("utf-8"))
    saved = {c["key"]: c for c in stored["contacts"]}["emergency_duty_team"]
    assert (saved["number"], saved["hours"]) == ("0300 765 4321", "Evenings and weekends")

    dialog = CrisisCardDialog(tmp_path)
    qtbot.addWidget(dialog)
    row = dialog.row_for("emergency_duty_team")
    assert row.number.text() == "0300 765 4321"
    assert "Evenings and weekends" in row.details.text()

    again = make_panel(qtbot, tmp_path)
    assert again.slot_editors["emergency_duty_team"].number.text() == "0300 765 4321"
    assert again.slot_editors["emergency_duty_team"].remove_button.isEnabled()


def test_a_bad_number_is_refused_with_a_message(qtbot: QtBot, tmp_path: Path) -> None:
    panel = make_panel(qtbot, tmp_path)
    editor = panel.slot_editors["fostering_24h"]
    editor.number.setText("ring the office")
    with qtbot.assertNotEmitted(panel.card_changed):
        editor.save_button.click()
    assert editor.message.text() == BAD_NUMBER
    assert editor.message.isVisible() and editor.message.font().bold()
    assert not card_path(tmp_path).exists()


def test_a_name_in_a_label_is_refused_with_a_message(qtbot: QtBot, tmp_path: Path) -> None:
    panel = make_panel(qtbot, tmp_path, names=("Jordan Smith", "Test Carer"))
    editor = panel.add_editor
    assert editor.label is not None
    editor.label.setText("Jordan's school nurse")
    editor.number.setText("0300 111 2222")
    with qtbot.assertNotEmitted(panel.card_changed):
        editor.save_button.click()
    assert editor.message.text() == HAS_NAME
    assert all("Jordan" not in c.label for c in load_card(tmp_path).contacts)


def test_a_name_in_the_hours_of_a_carer_line_is_refused(qtbot: QtBot, tmp_path: Path) -> None:
    panel = make_panel(qtbot, tmp_path, names=("Priya Patel",))
    editor = panel.slot_editors["supervising_social_worker"]
    editor.number.setText("07700 900123")
    editor.hours.setText("Ask for Priya, weekdays")
    editor.save_button.click()
    assert editor.message.text() == HAS_NAME
    assert not card_path(tmp_path).exists()


def test_another_line_can_be_added_and_removed(qtbot: QtBot, tmp_path: Path) -> None:
    panel = make_panel(qtbot, tmp_path)
    editor = panel.add_editor
    assert editor.label is not None
    editor.save_button.click()
    assert "service or role" in editor.message.text()

    editor.label.setText("Out-of-hours GP")
    editor.number.setText("+44 300 000 1234")
    editor.hours.setText("Evenings")
    with qtbot.waitSignal(panel.card_changed, timeout=1000):
        editor.save_button.click()
    assert editor.label.text() == ""
    [key] = panel.extra_rows
    assert panel.extra_box.isVisible()
    dialog = CrisisCardDialog(tmp_path)
    qtbot.addWidget(dialog)
    assert dialog.row_for(key).label.text() == "Out-of-hours GP"

    with qtbot.waitSignal(panel.card_changed, timeout=1000):
        QTest.mouseClick(panel.extra_rows[key], Qt.MouseButton.LeftButton)
    qtbot.wait(10)  # let the old list be deleted
    assert panel.extra_rows == {}
    assert not panel.extra_box.isVisible()
    assert key not in {c.key for c in load_card(tmp_path).contacts}


def test_a_carer_line_can_be_removed(qtbot: QtBot, tmp_path: Path) -> None:
    panel = make_panel(qtbot, tmp_path)
    editor = panel.slot_editors["fostering_24h"]
    assert not editor.remove_button.isEnabled()
    editor.number.setText("0300 123 4567")
    editor.save_button.click()
    assert editor.remove_button.isEnabled()
    with qtbot.waitSignal(panel.card_changed, timeout=1000):
        editor.remove_button.click()
    assert editor.number.text() == ""
    assert "fostering_24h" not in {c.key for c in load_card(tmp_path).contacts}


def test_every_focusable_control_has_an_accessible_name(qtbot: QtBot, tmp_path: Path) -> None:
    panel = make_panel(qtbot, tmp_path)
    editor = panel.add_editor
    assert editor.label is not None
    editor.label.setText("Out-of-hours GP")
    editor.number.setText("0300 000 1234")
    editor.save_button.click()
    panel.slot_editors["fostering_24h"].number.setText("0300 123 4567")
    panel.slot_editors["fostering_24h"].save_button.click()
    assert unnamed_focusable(panel) == []
