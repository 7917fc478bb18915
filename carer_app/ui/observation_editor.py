"""Write or amend one observation: date and signature filled in, category, fact or opinion, photo."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QDateTime, Qt, Signal
from PySide6.QtGui import QKeySequence, QPixmap, QShortcut, QShowEvent, QTextCursor
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from carer_app.domain.enums import EntryBasis, ObservationCategory
from carer_app.domain.observation_views import ObservationDraft, ObservationRow
from carer_app.domain.views import ChildView
from carer_app.services import photos
from carer_app.ui.app_session import AppSession
from carer_app.ui.fonts import bigger
from carer_app.ui.messages import describe
from carer_app.ui.observation_table_model import (
    DATETIME_EDIT_FORMAT,
    category_words,
    local_qdatetime,
    when_text,
)

THUMB_SIZE = 96


class ObservationEditor(QDialog):
    """Emits ``submitted`` with the form filled in; the screen saves it and closes the dialog."""

    submitted = Signal()

    def __init__(self, session: AppSession, kids: list[ChildView], child_id: str | None,
                 author: str, row: ObservationRow | None = None, *, text: str = "",
                 category: ObservationCategory = ObservationCategory.OTHER,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.row = row
        self.photo_id: str | None = row.photo_id if row else None
        self.setWindowTitle(self.tr("Amend observation") if row else self.tr("New observation"))
        self.setAccessibleName(self.windowTitle())
        self.setMinimumWidth(560)

        heading = QLabel(self.windowTitle())
        heading.setFont(bigger(self.font(), 1.25))
        if row is None:
            signed = self._new_signature(author)
        else:
            signed = self.tr("Written by {author} on {when}. Your changes are saved as an "
                             "amendment signed by you ({me}); the earlier wording stays in the "
                             "history.").format(author=row.author or self.tr("a former adult"),
                                                when=when_text(row.created_at), me=author)
        self.signature = QLabel(signed)
        self.signature.setWordWrap(True)

        self.when = QDateTimeEdit(local_qdatetime(row.occurred_at) if row else
                                  QDateTime.currentDateTime())
        self.when.setCalendarPopup(True)
        self.when.setDisplayFormat(DATETIME_EDIT_FORMAT)
        self.when.setMaximumDateTime(QDateTime.currentDateTime().addDays(1))
        self.when.setAccessibleName(self.tr("When it happened"))
        self._shown_when = self.when.dateTime()
        self.child = QComboBox()
        self.child.setAccessibleName(self.tr("Child"))
        for kid in kids:
            self.child.addItem(kid.shown_name, kid.id)
        wanted = row.child_id if row else child_id
        self.child.setCurrentIndex(max(0, self.child.findData(wanted)))
        self.child.setEnabled(row is None)
        self.category = QComboBox()
        self.category.setAccessibleName(self.tr("Category"))
        for kind in ObservationCategory:
            self.category.addItem(category_words(kind), kind.value)
        chosen = row.category if row else category
        self.category.setCurrentIndex(self.category.findData(chosen.value))

        self.basis = QButtonGroup(self)
        basis_box = QVBoxLayout()
        basis_box.setSpacing(2)
        self.basis_buttons: dict[EntryBasis, QRadioButton] = {}
        for value, label, name in (
            (EntryBasis.FACT, self.tr("&Fact: I saw or heard it myself"), self.tr("Fact")),
            (EntryBasis.OPINION, self.tr("&Opinion: what I think about it"), self.tr("Opinion")),
            (EntryBasis.THIRD_PARTY, self.tr("&Third party: someone else told me"),
             self.tr("Third party")),
        ):
            button = QRadioButton(label)
            button.setAccessibleName(name)
            self.basis.addButton(button)
            self.basis_buttons[value] = button
            basis_box.addWidget(button)
        self.basis_buttons[row.basis if row else EntryBasis.FACT].setChecked(True)

        self.text = QPlainTextEdit(row.text if row else text)
        self.text.setAccessibleName(self.tr("What happened"))
        self.text.setPlaceholderText(self.tr("What happened, plainly: who, what, where."))
        self.text.setTabChangesFocus(True)
        self.text.setMinimumHeight(120)
        self.words = QPlainTextEdit(row.child_words if row else "")
        self.words.setAccessibleName(self.tr("The child's own words"))
        self.words.setPlaceholderText(self.tr("Only if they want to add them, in their words."))
        self.words.setTabChangesFocus(True)
        self.words.setFixedHeight(64)

        self.photo = QLabel()
        self.photo.setFixedSize(THUMB_SIZE, THUMB_SIZE)
        self.photo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.photo.setAccessibleName(self.tr("Photo"))
        self.add_photo = QPushButton(self.tr("Add a &photo…"))
        self.add_photo.setAccessibleName(self.tr("Add a photo"))
        self.add_photo.clicked.connect(self.choose_photo)
        self.remove_photo = QPushButton(self.tr("Re&move photo"))
        self.remove_photo.setAccessibleName(self.tr("Remove photo"))
        self.remove_photo.clicked.connect(lambda: self.set_photo(None))
        photo_row = QHBoxLayout()
        photo_row.addWidget(self.photo)
        photo_buttons = QVBoxLayout()
        photo_buttons.addWidget(self.add_photo)
        photo_buttons.addWidget(self.remove_photo)
        photo_buttons.addStretch(1)
        photo_row.addLayout(photo_buttons)
        photo_row.addStretch(1)

        form = QFormLayout()
        form.addRow(self.tr("&Date and time:"), self.when)
        form.addRow(self.tr("Ch&ild:"), self.child)
        form.addRow(self.tr("&Category:"), self.category)
        form.addRow(self.tr("This is:"), basis_box)
        form.addRow(self.tr("&What happened:"), self.text)
        form.addRow(self.tr("Thei&r own words:"), self.words)
        form.addRow(self.tr("Photo:"), photo_row)
        for label_row in range(form.rowCount()):
            item = form.itemAt(label_row, QFormLayout.ItemRole.LabelRole)
            field = form.itemAt(label_row, QFormLayout.ItemRole.FieldRole)
            buddy = field.widget() if field is not None else None
            caption = item.widget() if item is not None else None
            if buddy is not None and isinstance(caption, QLabel):
                caption.setBuddy(buddy)

        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName(self.tr("Message"))
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(self.tr("Save (Ctrl+Enter)"),
                                             QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setAccessibleName(self.tr("Save"))
        self.save_button.setDefault(True)
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setAccessibleName(self.tr("Cancel"))
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.submit)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.signature)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self._show_photo(None)
        if self.photo_id:
            self._load_thumbnail(self.photo_id)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # Straight into the words: Ctrl+N, type, Ctrl+Enter.
        self.text.setFocus()
        self.text.moveCursor(QTextCursor.MoveOperation.End)

    def _new_signature(self, author: str) -> str:
        return self.tr("Signed by {author} and dated {when} when you save.").format(
            author=author, when=when_text(datetime.now(UTC)))

    def set_context(self, kids: list[ChildView], child_id: str | None, author: str) -> None:
        """For a new entry opened before the screen had loaded: the children and signature."""
        if self.row is not None:
            return
        chosen = self.child.currentData() or child_id
        self.child.clear()
        for kid in kids:
            self.child.addItem(kid.shown_name, kid.id)
        self.child.setCurrentIndex(max(0, self.child.findData(chosen)))
        self.signature.setText(self._new_signature(author))

    # -- the form ------------------------------------------------------------------------------

    @property
    def chosen_basis(self) -> EntryBasis:
        return next(b for b, button in self.basis_buttons.items() if button.isChecked())

    @property
    def chosen_category(self) -> ObservationCategory:
        return ObservationCategory(self.category.currentData())

    def draft(self) -> ObservationDraft:
        if self.row is not None and self.when.dateTime() == self._shown_when:
            occurred = self.row.occurred_at  # untouched: keep it to the second, as first written
        else:
            moment = self.when.dateTime().toPython()
            assert isinstance(moment, datetime)
            occurred = moment.astimezone().astimezone(UTC)
        return ObservationDraft(
            str(self.child.currentData()), occurred,
            self.chosen_category, self.chosen_basis, self.text.toPlainText(),
            self.words.toPlainText(), self.photo_id,
        )

    def submit(self) -> None:
        if not self.text.toPlainText().strip():
            self.show_error(self.tr("Write what happened first."))
            self.text.setFocus()
            return
        if self.child.currentData() is None:
            self.show_error(self.tr("Add a child first, from the toolbar."))
            return
        self.submitted.emit()

    def set_busy(self, busy: bool) -> None:
        self.save_button.setEnabled(not busy)

    def show_error(self, text: str) -> None:
        self.set_busy(False)
        self.status.setText(text)

    def clear(self) -> None:
        """On lock: the words, the names and the photo go before the dialog closes."""
        for edit in (self.text, self.words):
            edit.clear()
        self.child.clear()
        self.signature.clear()
        self.photo.clear()

    # -- the photo -----------------------------------------------------------------------------

    def choose_photo(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Choose a photo"), "",
            self.tr("Photos (*.jpg *.jpeg *.png *.webp *.heic *.heif *.gif)"))
        if path:
            self.attach_photo_file(Path(path))

    def attach_photo_file(self, path: Path) -> None:
        """Import the photo into the vault (metadata stripped), then show it here."""
        child_id = str(self.child.currentData())
        self.status.setText(self.tr("Adding the photo…"))
        self.add_photo.setEnabled(False)
        self.session.run(lambda vault: photos.import_one(vault, child_id, path),
                   self._photo_imported, self._photo_failed)

    def _photo_imported(self, result: photos.ImportResult) -> None:
        self.add_photo.setEnabled(True)
        if result.photo_id is None:
            self.status.setText(self.tr("That file could not be added as a photo. It may be "
                                        "damaged or in a format Carer App does not read."))
            return
        self.status.clear()
        self.set_photo(result.photo_id)

    def _photo_failed(self, error: BaseException) -> None:
        self.add_photo.setEnabled(True)
        self.status.setText(describe(error).text)

    def set_photo(self, photo_id: str | None) -> None:
        self.photo_id = photo_id
        self._show_photo(None)
        if photo_id is not None:
            self._load_thumbnail(photo_id)

    def _load_thumbnail(self, photo_id: str) -> None:
        self.session.run(lambda vault: photos.thumbnail(vault, photo_id), self._show_photo,
                   lambda _error: self._show_photo(None))

    def _show_photo(self, data: bytes | None) -> None:
        self.remove_photo.setVisible(self.photo_id is not None)
        if data is None:
            self.photo.setPixmap(QPixmap())
            self.photo.setText(self.tr("No photo") if self.photo_id is None else "…")
            return
        pixmap = QPixmap()
        pixmap.loadFromData(data)
        self.photo.setPixmap(pixmap.scaled(THUMB_SIZE, THUMB_SIZE,
                                           Qt.AspectRatioMode.KeepAspectRatio,
                                           Qt.TransformationMode.SmoothTransformation))
