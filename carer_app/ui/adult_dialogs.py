"""Dialogs for adding an adult and changing a passphrase; the slow part runs in the background."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from carer_app.domain.enums import Role
from carer_app.ui.messages import role_words
from carer_app.ui.passphrase_fields import NewPassphraseFields


class PassphraseDialog(QDialog):
    """Shared shape: fields on top, a reason or error, a busy bar, OK and Cancel."""

    submitted = Signal()

    def __init__(self, title: str, ok_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.fields = NewPassphraseFields()
        self.fields.edited.connect(self._update)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setVisible(False)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setAccessibleName(self.tr("Working"))
        self.busy.setVisible(False)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = QPushButton(ok_text)
        self.ok_button.setAccessibleName(ok_text.replace("&", ""))
        self.ok_button.setDefault(True)
        self.buttons.addButton(self.ok_button, QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setAccessibleName(self.tr("Cancel"))
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        self.top = QFormLayout()
        layout = QVBoxLayout(self)
        layout.addLayout(self.top)
        layout.addWidget(self.fields)
        layout.addWidget(self.message)
        layout.addWidget(self.busy)
        layout.addWidget(self.buttons)
        self._busy = False

    def ready(self) -> bool:
        return self.fields.acceptable

    def _update(self) -> None:
        self.ok_button.setEnabled(self.ready() and not self._busy)

    def _submit(self) -> None:
        if self.ready() and not self._busy:
            self.submitted.emit()

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.busy.setVisible(busy)
        self.fields.setEnabled(not busy)
        self._update()
        if busy:
            self.show_error("")

    def show_error(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))


class AddAdultDialog(PassphraseDialog):
    """Another adult, who unlocks the same vault with a passphrase of their own."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Add an adult"), self.tr("&Add"), parent)
        self.name = QLineEdit()
        self.name.setAccessibleName(self.tr("Their name"))
        self.role = QComboBox()
        self.role.setAccessibleName(self.tr("Their role"))
        for role in Role:
            self.role.addItem(role_words(str(role)), str(role))
        name_label = QLabel(self.tr("Their &name:"))
        name_label.setBuddy(self.name)
        role_label = QLabel(self.tr("&Role:"))
        role_label.setBuddy(self.role)
        self.top.addRow(name_label, self.name)
        self.top.addRow(role_label, self.role)
        self.top.addRow(QLabel(self.tr(
            "They type their own passphrase now, or tell it to you in private."
        )))
        self.name.textChanged.connect(lambda text: self.fields.set_names((text,)))
        self._update()

    def ready(self) -> bool:
        return bool(self.name.text().strip()) and super().ready()

    @property
    def chosen_role(self) -> Role:
        return Role(self.role.currentData())


class ChangePassphraseDialog(PassphraseDialog):
    def __init__(self, own_name: str, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Change my passphrase"), self.tr("&Change"), parent)
        self.fields.set_names((own_name,))
        self.top.addRow(QLabel(self.tr(
            "Your old passphrase stops working at once. Other adults keep theirs."
        )))
        self._update()
