"""What the editor dialogs share: the Save / Cancel row and saving in the background.

`EditorDialog` is the base of the dialogs that store one thing in the vault and close:
the save button is enabled only when `_can_save()` holds and no save is running, and the
work runs off the UI thread; `saved(view)` is emitted and the dialog accepted when it is
stored, or the error is shown in `message` when it is not.

`accept_cancel_buttons` is the plain accept / cancel row of the form dialogs that hand
their answer to the screen (`submitted`) rather than saving themselves.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import Signal, SignalInstance
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from carer_app.ui.app_session import AppSession
from carer_app.ui.life_story_words import error_words
from carer_app.ui.owned_work import run_for

if TYPE_CHECKING:
    from carer_app.services.household import Vault

T = TypeVar("T")


def accept_cancel_buttons(
    dialog: QDialog, text: str, accepted: SignalInstance | Callable[[], object],
) -> tuple[QDialogButtonBox, QPushButton]:
    """An accept button called `text` (the default) and Cancel; returns the row and the accept button."""
    buttons = QDialogButtonBox()
    accept = buttons.addButton(text, QDialogButtonBox.ButtonRole.AcceptRole)
    accept.setAccessibleName(text)
    accept.setDefault(True)
    cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
    cancel.setAccessibleName(dialog.tr("Cancel"))
    buttons.accepted.connect(accepted)
    buttons.rejected.connect(dialog.reject)
    return buttons, accept


class EditorDialog(QDialog):
    """`saved(view)` once the background save has stored it; subclasses give `_can_save` and `save`."""

    saved = Signal(object)

    session: AppSession
    message: QLabel
    buttons: QDialogButtonBox
    save_button: QPushButton

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._busy = False

    def _save_cancel_buttons(self) -> QDialogButtonBox:
        """The Save / Cancel row, kept as `buttons` and `save_button`; Save calls `save()`."""
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setAccessibleName(self.tr("Save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName(self.tr("Cancel"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        return self.buttons

    def _lay_out_with_photos(self, form: QFormLayout, photos: QWidget, photos_label: str) -> None:
        """`form`, then `photos` under its label taking the spare room, `message` and Save / Cancel."""
        label = QLabel(photos_label)
        label.setBuddy(photos)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self._save_cancel_buttons()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(label)
        layout.addWidget(photos, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def _can_save(self) -> bool:
        raise NotImplementedError

    def save(self) -> None:
        raise NotImplementedError

    def _update(self) -> None:
        self.save_button.setEnabled(self._can_save() and not self._busy)

    def _may_save(self) -> bool:
        return not self._busy and self._can_save() and self.session.is_unlocked

    def _save_in_background(self, work: Callable[[Vault], T], keep: Callable[[T], None]) -> None:
        """Run `work`; on success `keep` the result, emit `saved` and accept, else show the error."""
        self._busy = True
        self._update()

        def stored(view: T) -> None:
            self._busy = False
            keep(view)
            self.saved.emit(view)
            self.accept()

        run_for(self, self.session, work, stored, self._failed)

    def _failed(self, error: BaseException) -> None:
        self._busy = False
        self._update()
        self.message.setText(error_words(error))
