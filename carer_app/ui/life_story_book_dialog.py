""""Make a life story book": paper size, together pages, then a PDF made off the GUI thread."""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QLabel,
    QProgressDialog,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from carer_app.services.life_story_book import BookCancelled, BookLabels, PaperSize, make_book
from carer_app.ui.app_session import AppSession
from carer_app.ui.badge_delegate import ToneFrame
from carer_app.ui.life_story_words import error_words
from carer_app.ui.owned_work import run_for

if TYPE_CHECKING:
    from carer_app.services.household import Vault


class _Progress(QObject):
    """Emitted on the worker thread; Qt delivers it on the GUI thread (queued)."""

    moved = Signal(int, int)


def write_file(path: Path, data: bytes) -> None:
    """Whole or not at all: a half-written book never sits under the chosen name."""
    part = path.with_name(path.name + ".part")
    with open(part, "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
    os.replace(part, path)


class LifeStoryBookDialog(QDialog):
    """Emits `saved(path)` once the PDF is on disk where the adult chose."""

    saved = Signal(str)

    def __init__(self, session: AppSession, child_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.child_id = child_id
        self.setWindowTitle(self.tr("Make a life story book"))
        self.setAccessibleName(self.tr("Make a life story book"))
        intro = QLabel(self.tr(
            "A book to print and keep, with what the child may see now: the cover, the chapters, "
            "the photos with their captions, and the child's own memories. Photos carry no "
            "hidden details such as where they were taken."))
        intro.setWordWrap(True)
        self.a4 = QRadioButton(self.tr("A&4: a full page"))
        self.a4.setAccessibleName(self.tr("A4 paper"))
        self.a5 = QRadioButton(self.tr("A&5: a small book, easy for small hands"))
        self.a5.setAccessibleName(self.tr("A5 paper"))
        self.a4.setChecked(True)
        self.paper_group = QButtonGroup(self)
        self.paper_group.addButton(self.a4)
        self.paper_group.addButton(self.a5)
        paper = QGroupBox(self.tr("Paper"))
        paper_layout = QVBoxLayout(paper)
        paper_layout.addWidget(self.a4)
        paper_layout.addWidget(self.a5)
        self.together = QCheckBox(self.tr("Include the pages to read &together with an adult"))
        self.together.setAccessibleName(self.tr("Include the pages to read together"))
        together_note = QLabel(self.tr(
            "Only when you give the book to the child in person and can read those pages with "
            "them. Pages held for later are never in the book."))
        together_note.setWordWrap(True)
        self.warning = QLabel(self.tr(
            "<b>The PDF file is not encrypted.</b> Anyone who opens the file can read it. Save it "
            "somewhere private, print it, then delete copies you no longer need."))
        self.warning.setWordWrap(True)
        self.warning.setTextFormat(Qt.TextFormat.RichText)
        self.warning.setAccessibleName(self.tr("The PDF file is not encrypted"))
        warning_frame = ToneFrame("amber")
        QVBoxLayout(warning_frame).addWidget(self.warning)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setVisible(False)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = QPushButton(self.tr("&Save as PDF…"))
        self.save_button.setAccessibleName(self.tr("Save as PDF"))
        self.save_button.setDefault(True)
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName(self.tr("Cancel"))
        self.buttons.accepted.connect(self.choose_file)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (intro, paper, self.together, together_note, warning_frame, self.message,
                       self.buttons):
            layout.addWidget(widget)
        self.progress: QProgressDialog | None = None
        self._cancel = threading.Event()
        self._relay = _Progress(self)
        self._relay.moved.connect(self._moved)

    @property
    def paper(self) -> PaperSize:
        return PaperSize.A5 if self.a5.isChecked() else PaperSize.A4

    def labels(self) -> BookLabels:
        return BookLabels(title=self.tr("My life story"), my_memories=self.tr("My memories"))

    def choose_file(self) -> None:
        # A plain file name: a child's name must not land in recent-file lists.
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Save the life story book"), self.tr("life-story-book.pdf"),
            self.tr("PDF files (*.pdf)"))
        if path:
            if not path.lower().endswith(".pdf"):
                path += ".pdf"
            self.make(Path(path))

    def make(self, path: Path) -> None:
        if not self.session.is_unlocked:
            return
        child_id, paper, labels = self.child_id, self.paper, self.labels()
        together = self.together.isChecked()
        cancel, relay = self._cancel, self._relay
        cancel.clear()

        def moved(done: int, total: int) -> None:
            try:
                relay.moved.emit(done, total)
            except RuntimeError:  # the dialog went (locked or closed); the work goes on
                cancel.set()

        def work(vault: Vault) -> str:
            data = make_book(vault, child_id, paper=paper, include_together=together, labels=labels,
                             progress=moved, cancelled=cancel.is_set)
            if cancel.is_set():
                raise BookCancelled()
            write_file(path, data)
            return str(path)

        self.progress = QProgressDialog(self.tr("Making the book…"), self.tr("Cancel"), 0, 0, self)
        self.progress.setWindowTitle(self.tr("Making the book"))
        self.progress.setAccessibleName(self.tr("Making the book"))
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(0)
        self.progress.canceled.connect(cancel.set)
        self.progress.show()
        self.save_button.setEnabled(False)
        run_for(self, self.session, work, self._done, self._failed)

    def _moved(self, done: int, total: int) -> None:
        if self.progress is not None and total > 0:
            self.progress.setLabelText(self.tr("Adding photos: {done} of {total}").format(
                done=done, total=total))
            self.progress.setMaximum(total)
            self.progress.setValue(min(done, total))

    def _close_progress(self) -> None:
        if self.progress is not None:
            self.progress.canceled.disconnect()
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None
        self.save_button.setEnabled(True)

    def _done(self, path: str) -> None:
        self._close_progress()
        self.saved.emit(path)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self._close_progress()
        if isinstance(error, BookCancelled):
            text = self.tr("Stopped. No book was saved.")
        else:
            text = error_words(error)
        self.message.setText(text)
        self.message.setVisible(True)

    def reject(self) -> None:
        self._cancel.set()
        self._close_progress()
        super().reject()
