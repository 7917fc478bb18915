"""The child's "Add my memory": their own words and, if they like, a photo; nothing is lost on a problem."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from carer_app.ui.fonts import bigger
from carer_app.ui.secret_clipboard import forget_file_dialog_history
from carer_app.ui.workers import run_in_background

MAX_PHOTO_BYTES = 40 * 1024 * 1024  # larger than any phone photo; a bigger file is refused here
PREVIEW = 200


def _read_photo(path: Path) -> bytes:
    if path.stat().st_size > MAX_PHOTO_BYTES:
        raise ValueError("too_big")
    return path.read_bytes()


class StorybookMemoryDialog(QDialog):
    """Emits `submitted(text, photo_bytes or None)`; the window saves it and calls back."""

    submitted = Signal(str, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModal(True)
        self.photo_bytes: bytes | None = None
        self.saving = False
        big = bigger(self.font(), 1.4, bold=False)
        self.heading = QLabel()
        self.heading.setFont(bigger(self.font(), 2.0))
        self.prompt = QLabel()
        self.prompt.setWordWrap(True)
        self.prompt.setFont(big)
        self.text = QPlainTextEdit()
        self.text.setFont(big)
        self.text.setTabChangesFocus(True)
        self.preview = QLabel()
        self.preview.setVisible(False)
        self.photo_button = QPushButton()
        self.photo_button.setFont(big)
        self.photo_button.setAutoDefault(False)
        self.photo_button.clicked.connect(self.choose_photo)
        self.remove_photo_button = QPushButton()
        self.remove_photo_button.setFont(big)
        self.remove_photo_button.setAutoDefault(False)
        self.remove_photo_button.setVisible(False)
        self.remove_photo_button.clicked.connect(self.remove_photo)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setFont(big)
        self.message.setVisible(False)
        self.save_button = QPushButton()
        self.save_button.setFont(bigger(self.font(), 1.4))
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.cancel_button = QPushButton()
        self.cancel_button.setFont(big)
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.reject)

        photo_row = QHBoxLayout()
        photo_row.addWidget(self.preview)
        photo_row.addWidget(self.photo_button)
        photo_row.addWidget(self.remove_photo_button)
        photo_row.addStretch(1)
        for button in (self.photo_button, self.remove_photo_button, self.save_button, self.cancel_button):
            button.setMinimumHeight(button.fontMetrics().height() * 2)  # easy to hit for small hands
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        for widget in (self.heading, self.prompt, self.text):
            layout.addWidget(widget)
        layout.addLayout(photo_row)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.retranslate()
        self.resize(self.fontMetrics().horizontalAdvance("M") * 48, self.sizeHint().height() + 80)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("My memory"))
        self.setAccessibleName(self.tr("My memory"))
        self.heading.setText(self.tr("My memory"))
        self.prompt.setText(self.tr(
            "What do you remember? You can write it yourself, or ask a grown-up to help. "
            "You can add a photo too."))
        self.text.setAccessibleName(self.tr("My memory, in my words"))
        self.photo_button.setText(self.tr("Choose another photo") if self.photo_bytes
                                  else self.tr("Add a photo"))
        self.photo_button.setAccessibleName(self.photo_button.text())
        self.remove_photo_button.setText(self.tr("Take the photo away"))
        self.remove_photo_button.setAccessibleName(self.tr("Take the photo away"))
        self.preview.setAccessibleName(self.tr("The photo I chose"))
        self.save_button.setText(self.tr("Save my memory"))
        self.save_button.setAccessibleName(self.tr("Save my memory"))
        self.cancel_button.setText(self.tr("Not now"))
        self.cancel_button.setAccessibleName(self.tr("Not now"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- the photo -----------------------------------------------------------------------------

    def choose_photo(self) -> None:
        picker = QFileDialog(self, self.tr("Choose a photo"))
        # Qt's own picker, read-only: no renaming or deleting the family's files from here.
        picker.setOptions(QFileDialog.Option.DontUseNativeDialog | QFileDialog.Option.ReadOnly)
        picker.setFileMode(QFileDialog.FileMode.ExistingFile)
        picker.setNameFilter(self.tr("Photos (*.jpg *.jpeg *.png *.webp *.heic *.heif *.gif)"))
        picker.fileSelected.connect(lambda name: self.load_photo_file(Path(name)))
        picker.finished.connect(picker.deleteLater)
        picker.finished.connect(forget_file_dialog_history)
        picker.open()

    def load_photo_file(self, path: Path) -> None:
        self._say("")
        run_in_background(lambda: _read_photo(path), self.set_photo,
                          lambda _error: self.photo_problem())

    def set_photo(self, data: bytes) -> None:
        self.photo_bytes = data
        image = QImage.fromData(data)
        if not image.isNull():
            self.preview.setPixmap(QPixmap.fromImage(image.scaled(
                PREVIEW, PREVIEW, Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation)))
        else:
            self.preview.setText(self.tr("A photo"))
        self.preview.setVisible(True)
        self.remove_photo_button.setVisible(True)
        self.retranslate()

    def remove_photo(self) -> None:
        self.photo_bytes = None
        self.preview.clear()
        self.preview.setVisible(False)
        self.remove_photo_button.setVisible(False)
        self.retranslate()

    def photo_problem(self) -> None:
        """The photo could not be used: drop it, keep the words, and say so kindly."""
        self.saving = False
        self.remove_photo()
        self._set_busy(False)
        self._say(self.tr("That photo didn't work. Your words are still here: you can try "
                          "a different photo, or save your memory without one."))

    # -- saving --------------------------------------------------------------------------------

    def save(self) -> None:
        if self.saving:
            return
        words = self.text.toPlainText().strip()
        if not words and self.photo_bytes is None:
            self._say(self.tr("Write something or add a photo first."))
            self.text.setFocus()
            return
        self.saving = True
        self._set_busy(True)
        self.submitted.emit(words, self.photo_bytes)

    def saved(self) -> None:
        self.saving = False
        self.accept()

    def failed(self) -> None:
        self.saving = False
        self._set_busy(False)
        self._say(self.tr("That didn't save. Your words are still here. Please try again, "
                          "or ask your grown-up to help."))

    def _set_busy(self, busy: bool) -> None:
        for widget in (self.save_button, self.photo_button, self.remove_photo_button, self.text):
            widget.setEnabled(not busy)

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
