"""The "forgot passphrase" path: the printed recovery key and a new passphrase open the vault."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from carer_app.services import errors as e
from carer_app.services.recovery_check import recovery_key_typo
from carer_app.ui.messages import describe
from carer_app.ui.passphrase_fields import NewPassphraseFields
from carer_app.ui.workers import run_in_background


class RecoveryForm(QWidget):
    """Emits `recovered(vault)` with the vault open under the adult's new passphrase."""

    recovered = Signal(object)
    cancelled = Signal()

    def __init__(
        self, folder: Path, before_open: Callable[[], object] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.folder = folder
        self._before_open = before_open
        self._busy = False
        intro = QLabel(self.tr(
            "Type the recovery key from the sheet you printed when the vault was made, "
            "then choose a new passphrase."
        ))
        intro.setWordWrap(True)
        self.key = QLineEdit()
        self.key.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.key.setPlaceholderText("XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX")
        self.key.setAccessibleName(self.tr("Recovery key"))
        self.new_passphrase = NewPassphraseFields()
        self.name = QLineEdit()
        self.name.setAccessibleName(self.tr("Your name, as entered in the vault"))
        self.name_label = QLabel(self.tr("Your &name:"))
        self.name_label.setBuddy(self.name)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setAccessibleName(self.tr("Working"))
        self.busy.setVisible(False)
        self.submit_button = QPushButton(self.tr("&Reset passphrase and unlock"))
        self.submit_button.setAccessibleName(self.tr("Reset passphrase and unlock"))
        self.submit_button.clicked.connect(self.submit)
        self.back_button = QPushButton(self.tr("&Back"))
        self.back_button.setAccessibleName(self.tr("Back to unlocking with a passphrase"))
        self.back_button.clicked.connect(self.cancelled)

        form = QFormLayout()
        key_label = QLabel(self.tr("Recovery &key:"))
        key_label.setBuddy(self.key)
        form.addRow(key_label, self.key)
        form.addRow(self.name_label, self.name)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.submit_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.new_passphrase)
        layout.addWidget(self.message)
        layout.addWidget(self.busy)
        layout.addLayout(buttons)
        self._show_name(False)
        self.message.setVisible(False)

    def _show_name(self, shown: bool) -> None:
        self._name_needed = shown
        self.name.setVisible(shown)
        self.name_label.setVisible(shown)

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def submit(self) -> None:
        if self._busy:
            return
        typed = self.key.text()
        typo = recovery_key_typo(typed)
        if typo is not None:  # caught before any slow key derivation
            self.show_message(describe(typo).text)
            self.key.setFocus()
            return
        if not self.new_passphrase.acceptable:
            self.show_message(self.new_passphrase.reason_text())
            self.new_passphrase.passphrase.setFocus()
            return
        folder, before_open = self.folder, self._before_open
        new_passphrase = self.new_passphrase.text
        adult = self.name.text().strip() if self._name_needed else ""

        def work() -> object:
            if before_open is not None:
                before_open()
            from carer_app.services import household

            return household.recover(folder, typed, new_passphrase, adult or None)

        self._set_busy(True)
        self.show_message(self.tr("Checking the recovery key…"))
        run_in_background(work, self._succeeded, self._failed)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.busy.setVisible(busy)
        for widget in (self.key, self.new_passphrase, self.name, self.submit_button,
                       self.back_button):
            widget.setEnabled(not busy)

    def _succeeded(self, vault: object) -> None:
        self._set_busy(False)
        self.clear()
        self.recovered.emit(vault)

    def _failed(self, error: BaseException) -> None:
        self._set_busy(False)
        if isinstance(error, e.NotAllowed) and error.reason == "choose_adult":
            self._show_name(True)
            self.name.setFocus()
        self.show_message(describe(error).text)

    def clear(self) -> None:
        self.key.clear()
        self.name.clear()
        self._show_name(False)
        self.new_passphrase.clear()
        self.show_message("")
