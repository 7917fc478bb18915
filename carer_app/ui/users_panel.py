"""The adults who can unlock the vault: who they are, when they were added, and changes to that."""

from __future__ import annotations

from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from carer_app.domain.views import AdultView
from carer_app.services import household
from carer_app.ui.adult_dialogs import AddAdultDialog, ChangePassphraseDialog, PassphraseDialog
from carer_app.ui.app_session import AppSession
from carer_app.ui.fonts import bigger
from carer_app.ui.messages import describe, role_words

ID_ROLE = Qt.ItemDataRole.UserRole


class UsersPanel(QWidget):
    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setAccessibleName(self.tr("Adults"))
        heading = QLabel(self.tr("Adults who can unlock this vault"))
        heading.setFont(bigger(self.font(), 1.4))
        intro = QLabel(self.tr(
            "Each adult has a passphrase of their own. Everything they write shows their "
            "name and when they wrote it."
        ))
        intro.setWordWrap(True)
        self.table = QTreeWidget()
        self.table.setAccessibleName(self.tr("Adults"))
        self.table.setRootIsDecorated(False)
        self.table.setHeaderLabels([self.tr("Name"), self.tr("Role"), self.tr("Added on")])
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.add_button = QPushButton(self.tr("&Add an adult…"))
        self.add_button.setAccessibleName(self.tr("Add an adult"))
        self.add_button.clicked.connect(self.open_add_dialog)
        self.change_button = QPushButton(self.tr("C&hange my passphrase…"))
        self.change_button.setAccessibleName(self.tr("Change my passphrase"))
        self.change_button.clicked.connect(self.open_change_dialog)
        self.remove_button = QPushButton(self.tr("&Remove…"))
        self.remove_button.setAccessibleName(self.tr("Remove the selected adult"))
        self.remove_button.clicked.connect(self.ask_remove)
        self.status = QLabel()
        self.status.setWordWrap(True)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.change_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        self.adults: list[AdultView] = []
        self.dialog: PassphraseDialog | None = None
        self.confirm_box: QMessageBox | None = None
        session.changed.connect(self._changed)
        self._update_buttons()
        self.refresh()

    # -- the Screen protocol --------------------------------------------------------------------

    def clear(self) -> None:
        self.adults = []
        self.table.clear()
        self.status.clear()
        for window in (self.dialog, self.confirm_box):
            if window is not None:
                window.reject()
        self.dialog = self.confirm_box = None

    def set_child(self, child_id: str | None) -> None:
        """Adults are the household's, not one child's."""

    # -- loading -------------------------------------------------------------------------------

    def _changed(self, what: str) -> None:
        if what == "adults":
            self.refresh()

    def refresh(self) -> None:
        if self.session.is_unlocked:
            self.session.run(household.list_adults, self._show, self._failed)

    def _show(self, adults: list[AdultView]) -> None:
        self.adults = adults
        self.table.clear()
        me = self.session.user_id
        locale = QLocale()
        for adult in adults:
            name = (self.tr("{name} (you)").format(name=adult.display_name)
                    if adult.id == me else adult.display_name)
            added = QDate(adult.created_at.year, adult.created_at.month, adult.created_at.day)
            item = QTreeWidgetItem([name, role_words(adult.role),
                                    locale.toString(added, QLocale.FormatType.LongFormat)])
            item.setData(0, ID_ROLE, adult.id)
            self.table.addTopLevelItem(item)
        for column in range(3):
            self.table.resizeColumnToContents(column)
        self._update_buttons()

    def _failed(self, error: BaseException) -> None:
        self.status.setText(describe(error).text)

    def selected_id(self) -> str | None:
        items = self.table.selectedItems()
        return str(items[0].data(0, ID_ROLE)) if items else None

    def _update_buttons(self) -> None:
        chosen = self.selected_id()
        loaded = bool(self.adults)  # until then, whose name a passphrase must avoid is unknown
        self.add_button.setEnabled(loaded)
        self.change_button.setEnabled(loaded)
        self.remove_button.setEnabled(chosen is not None and chosen != self.session.user_id)

    # -- actions -------------------------------------------------------------------------------

    def open_add_dialog(self) -> AddAdultDialog:
        dialog = AddAdultDialog(self)
        dialog.submitted.connect(lambda: self._add(dialog))
        self._open(dialog)
        return dialog

    def _add(self, dialog: AddAdultDialog) -> None:
        name, role, passphrase = dialog.name.text().strip(), dialog.chosen_role, dialog.fields.text
        dialog.set_busy(True)
        self.session.run(
            lambda vault: household.add_adult(vault, name=name, role=role, passphrase=passphrase),
            lambda adult: self._done(dialog, self.tr("{name} can now unlock with their own "
                                                     "passphrase.").format(name=adult.display_name)),
            lambda error: self._dialog_failed(dialog, error),
        )

    def open_change_dialog(self) -> ChangePassphraseDialog:
        me = next((a for a in self.adults if a.id == self.session.user_id), None)
        dialog = ChangePassphraseDialog(me.display_name if me else "", self)
        dialog.submitted.connect(lambda: self._change(dialog))
        self._open(dialog)
        return dialog

    def _change(self, dialog: ChangePassphraseDialog) -> None:
        user_id, passphrase = self.session.user_id, dialog.fields.text
        assert user_id is not None
        dialog.set_busy(True)
        self.session.run(
            lambda vault: household.change_passphrase(vault, user_id, passphrase),
            lambda _none: self._done(dialog, self.tr("Your passphrase was changed.")),
            lambda error: self._dialog_failed(dialog, error),
        )

    def _open(self, dialog: PassphraseDialog) -> None:
        self.dialog = dialog
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _done(self, dialog: PassphraseDialog, status: str) -> None:
        dialog.set_busy(False)
        dialog.fields.clear()
        dialog.accept()
        self.dialog = None
        self.status.setText(status)
        self.session.notify("adults")

    def _dialog_failed(self, dialog: PassphraseDialog, error: BaseException) -> None:
        dialog.set_busy(False)
        dialog.show_error(describe(error).text)

    def ask_remove(self) -> QMessageBox | None:
        chosen = self.selected_id()
        adult = next((a for a in self.adults if a.id == chosen), None)
        if adult is None:
            return None
        box = QMessageBox(
            QMessageBox.Icon.Warning, self.tr("Remove an adult"),
            self.tr("Remove {name}? Their passphrase will stop opening the vault. What they "
                    "wrote stays, with their name on it.").format(name=adult.display_name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, self,
        )
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("Remove"))
        box.button(QMessageBox.StandardButton.Yes).setAccessibleName(self.tr("Remove"))
        box.button(QMessageBox.StandardButton.Cancel).setAccessibleName(self.tr("Cancel"))
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        # Read out by screen readers as the dialog's text; Tab goes straight to the buttons.
        box.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        box.finished.connect(lambda _result: self._confirmed_remove(adult.id))
        self.confirm_box = box
        box.open()
        return box

    def _confirmed_remove(self, adult_id: str) -> None:
        box, self.confirm_box = self.confirm_box, None
        if box is None:
            return
        confirmed = box.clickedButton() is box.button(QMessageBox.StandardButton.Yes)
        box.deleteLater()
        if not confirmed or not self.session.is_unlocked:
            return
        self.session.run(
            lambda vault: household.remove_adult(vault, adult_id),
            lambda _none: self._removed(),
            self._failed,
        )

    def _removed(self) -> None:
        self.status.setText(self.tr("The adult was removed; their passphrase no longer works."))
        self.session.notify("adults")
