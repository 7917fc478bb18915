"""Before the first storybook: set a carer PIN for leaving it, or choose to use the passphrase."""

from __future__ import annotations

from PySide6.QtCore import QRegularExpression, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from carer_app.services import storybook
from carer_app.ui.app_session import AppSession
from carer_app.ui.life_story_words import error_words
from carer_app.ui.owned_work import run_for


class StorybookPinDialog(QDialog):
    """`ready` once a PIN is set or the adult chose the passphrase; then storybook mode opens."""

    ready = Signal()

    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(self.tr("A PIN for the storybook"))
        self.setAccessibleName(self.tr("A PIN for the storybook"))
        intro = QLabel(self.tr(
            "The storybook fills the screen so the child sees only their own story. Leaving it "
            "needs an adult: a short PIN that only the adults know, or your passphrase. "
            "Choose a PIN of 4 to 8 digits the child will not guess."))
        intro.setWordWrap(True)
        digits = QRegularExpressionValidator(QRegularExpression("[0-9]{0,8}"), self)
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setValidator(digits)
        self.pin.setAccessibleName(self.tr("Storybook PIN"))
        self.again = QLineEdit()
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        self.again.setValidator(digits)
        self.again.setAccessibleName(self.tr("The same PIN again"))
        form = QFormLayout()
        pin_label = QLabel(self.tr("&PIN:"))
        pin_label.setBuddy(self.pin)
        again_label = QLabel(self.tr("&Again:"))
        again_label.setBuddy(self.again)
        form.addRow(pin_label, self.pin)
        form.addRow(again_label, self.again)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.set_button = QPushButton(self.tr("&Set the PIN and open"))
        self.set_button.setAccessibleName(self.tr("Set the PIN and open the storybook"))
        self.set_button.setDefault(True)
        self.passphrase_button = QPushButton(self.tr("Use my pass&phrase instead"))
        self.passphrase_button.setAccessibleName(self.tr("Use my passphrase instead"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.addButton(self.set_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.passphrase_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName(self.tr("Cancel"))
        self.buttons.accepted.connect(self.set_pin)
        self.buttons.rejected.connect(self.reject)
        self.passphrase_button.clicked.connect(self.use_passphrase)
        for edit in (self.pin, self.again):
            edit.textChanged.connect(self._update)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self._busy = False
        self._update()

    def _update(self) -> None:
        pin, again = self.pin.text(), self.again.text()
        self.set_button.setEnabled(not self._busy and len(pin) >= 4 and pin == again)
        if again and len(again) >= len(pin) and pin != again:
            self.message.setText(self.tr("The two PINs are not the same."))
        elif not self._busy:
            self.message.clear()

    def set_pin(self) -> None:
        user_id, pin = self.session.user_id, self.pin.text()
        if self._busy or user_id is None or pin != self.again.text() or not self.session.is_unlocked:
            return
        self._busy = True
        self._update()
        run_for(self, self.session, lambda vault: storybook.set_storybook_pin(vault, user_id, pin),
                         self._pin_set, self._failed)

    def _pin_set(self, _none: object) -> None:
        self._busy = False
        self.pin.clear()
        self.again.clear()
        self.ready.emit()
        self.accept()

    def use_passphrase(self) -> None:
        self.pin.clear()
        self.again.clear()
        self.ready.emit()
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self._busy = False
        self._update()
        self.message.setText(error_words(error))

    def reject(self) -> None:
        self.pin.clear()
        self.again.clear()
        super().reject()
