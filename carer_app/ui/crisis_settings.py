"""Settings for the crisis card: the built-in lines, the carer's own lines, and adding another."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from carer_app.domain.crisis import ENGLAND_DEFAULTS, CrisisCard, CrisisContact
from carer_app.services.crisis import carer_slots, load_card, remove_contact, save_contact
from carer_app.services.errors import NotAllowed, StorageError

CUSTOM_KEY_PREFIX = "custom_"


class LineEditor(QGroupBox):
    """Number and opening hours for one line; with a label field when the carer names the line."""

    def __init__(self, title: str, with_label: bool, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.label: QLineEdit | None = None
        form = QFormLayout()
        if with_label:
            self.label = QLineEdit()
            self.label.setPlaceholderText(self.tr("For example: Out-of-hours GP"))
            self.label.setAccessibleName(self.tr("{title}: service or role").format(title=title))
            form.addRow(self.tr("Service or role"), self.label)
        self.number = QLineEdit()
        self.number.setPlaceholderText(self.tr("For example: 0300 123 4567"))
        self.number.setAccessibleName(self.tr("{title}: number").format(title=title))
        self.number.setInputMethodHints(Qt.InputMethodHint.ImhDialableCharactersOnly)
        form.addRow(self.tr("Number"), self.number)
        self.hours = QLineEdit()
        self.hours.setPlaceholderText(self.tr("For example: Monday to Friday 9am to 5pm"))
        self.hours.setAccessibleName(self.tr("{title}: opening hours").format(title=title))
        form.addRow(self.tr("Opening hours"), self.hours)
        self.save_button = QPushButton(self.tr("Add line") if with_label else self.tr("Save"))
        self.save_button.setAccessibleName(self.tr("Save {title}").format(title=title))
        self.remove_button = QPushButton(self.tr("Remove"))
        self.remove_button.setAccessibleName(self.tr("Remove {title}").format(title=title))
        self.remove_button.setVisible(not with_label)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.remove_button)
        buttons.addWidget(self.save_button)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setVisible(False)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(buttons)

    def show_message(self, text: str, refused: bool = False) -> None:
        # Bold, not only coloured, so a refusal stands out in every theme.
        font = self.message.font()
        font.setBold(refused)
        self.message.setFont(font)
        self.message.setText(text)
        self.message.setVisible(bool(text))


class CrisisSettingsPanel(QWidget):
    """Edit the crisis card. `known_names` lists people's names, which labels must not hold."""

    card_changed = Signal()

    def __init__(
        self,
        folder: Path,
        known_names: Callable[[], tuple[str, ...]] = lambda: (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._folder = folder
        self._known_names = known_names

        self.explanation = QLabel(self.tr(
            "These numbers are stored outside the encrypted vault, in a small file next to it, "
            "so they are shown on the lock screen and anyone at this computer can read them "
            "without unlocking. Use services and roles, never a person's name."
        ))
        self.explanation.setWordWrap(True)

        self.built_in = QGroupBox(self.tr("Built-in lines (England)"))
        built_in_form = QFormLayout(self.built_in)
        for contact in ENGLAND_DEFAULTS:
            value = QLabel(" · ".join(t for t in (contact.number, contact.hours) if t))
            value.setWordWrap(True)
            built_in_form.addRow(contact.label, value)

        self.slot_editors: dict[str, LineEditor] = {}
        own = QGroupBox(self.tr("Your lines"))
        own_layout = QVBoxLayout(own)
        for key, title in carer_slots():
            editor = LineEditor(title, with_label=False)
            editor.save_button.clicked.connect(lambda _=False, k=key: self._save_slot(k))
            editor.remove_button.clicked.connect(lambda _=False, k=key: self._remove(k))
            self.slot_editors[key] = editor
            own_layout.addWidget(editor)

        self.extra_box = QGroupBox(self.tr("Other lines you added"))
        self.extra_box_layout = QVBoxLayout(self.extra_box)
        self.extra_list = QWidget()
        self.extra_rows: dict[str, QPushButton] = {}
        self.add_editor = LineEditor(self.tr("Add another line"), with_label=True)
        self.add_editor.save_button.setAccessibleName(self.tr("Add this line to the crisis card"))
        self.add_editor.save_button.clicked.connect(self._add_line)

        layout = QVBoxLayout(self)
        layout.addWidget(self.explanation)
        layout.addWidget(self.built_in)
        layout.addWidget(own)
        layout.addWidget(self.extra_box)
        layout.addWidget(self.add_editor)
        layout.addStretch(1)
        self._show_card(load_card(folder), fill_slots=True)

    def _show_card(self, card: CrisisCard, fill_slots: bool = False) -> None:
        saved = {c.key: c for c in card.contacts}
        for key, editor in self.slot_editors.items():
            contact = saved.get(key)
            if fill_slots and contact is not None:
                editor.number.setText(contact.number)
                editor.hours.setText(contact.hours)
            editor.remove_button.setEnabled(contact is not None)
        # A fresh list each time: the old one may hold the Remove button being clicked now.
        self.extra_list.hide()
        self.extra_list.deleteLater()
        self.extra_list = QWidget()
        extra_form = QFormLayout(self.extra_list)
        extra_form.setContentsMargins(0, 0, 0, 0)
        self.extra_box_layout.addWidget(self.extra_list)
        self.extra_rows = {}
        extras = [c for c in card.ordered() if c.key.startswith(CUSTOM_KEY_PREFIX)]
        for contact in extras:
            remove = QPushButton(self.tr("Remove"))
            remove.setAccessibleName(self.tr("Remove {label}").format(label=contact.label))
            remove.clicked.connect(lambda _=False, k=contact.key: self._remove(k))
            row_layout = QHBoxLayout()
            text = QLabel(" · ".join(t for t in (contact.number, contact.hours) if t))
            text.setWordWrap(True)
            row_layout.addWidget(text, 1)
            row_layout.addWidget(remove)
            extra_form.addRow(contact.label, row_layout)
            self.extra_rows[contact.key] = remove
        self.extra_box.setVisible(bool(extras))

    def _save_slot(self, key: str) -> None:
        editor = self.slot_editors[key]
        title = dict(carer_slots())[key]
        contact = CrisisContact(
            key, title, editor.number.text().strip(), hours=editor.hours.text().strip()
        )
        self._save(editor, contact)

    def _add_line(self) -> None:
        editor = self.add_editor
        assert editor.label is not None
        label = editor.label.text().strip()
        if not label:
            editor.show_message(self.tr(
                "Give the line a service or role, for example Out-of-hours GP"
            ), refused=True)
            editor.label.setFocus()
            return
        key = CUSTOM_KEY_PREFIX + uuid.uuid4().hex[:10]
        contact = CrisisContact(
            key, label, editor.number.text().strip(), hours=editor.hours.text().strip()
        )
        if self._save(editor, contact):
            for field in (editor.label, editor.number, editor.hours):
                field.clear()
            editor.show_message(self.tr("Added. It now shows on the crisis card."))

    def _save(self, editor: LineEditor, contact: CrisisContact) -> bool:
        try:
            card = save_contact(self._folder, contact, self._known_names())
        except NotAllowed as refused:
            if refused.reason == "bad_number":
                editor.show_message(self.tr(
                    "Use digits, spaces and an optional + (for example 0300 123 4567)"
                ), refused=True)
                editor.number.setFocus()
            else:
                editor.show_message(self.tr(
                    "Use the role, not a person's name — this card is readable without unlocking"
                ), refused=True)
                (editor.label or editor.hours).setFocus()
            return False
        except (OSError, StorageError):
            editor.show_message(self.tr(
                "The crisis card could not be saved. Check that the vault folder is still there "
                "and the disk is not full, then try again."
            ), refused=True)
            return False
        editor.show_message(self.tr("Saved. It now shows on the crisis card."))
        self._show_card(card)
        self.card_changed.emit()
        return True

    def _remove(self, key: str) -> None:
        editor = self.slot_editors.get(key, self.add_editor)
        try:
            card = remove_contact(self._folder, key)
        except (OSError, StorageError):
            editor.show_message(self.tr(
                "The line could not be removed. Check that the vault folder is still there, "
                "then try again."
            ), refused=True)
            return
        if key in self.slot_editors:
            editor.number.clear()
            editor.hours.clear()
        editor.show_message(self.tr("Removed from the crisis card."))
        self._show_card(card)
        self.card_changed.emit()
