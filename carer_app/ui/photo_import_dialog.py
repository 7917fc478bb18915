"""Importing photos in the background: "12 of 40", Cancel between files, then each file's outcome."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from carer_app.services.photo_processing import SUPPORTED_EXTENSIONS
from carer_app.services.photos import ImportResult, ImportStatus, import_photos
from carer_app.ui.app_session import AppSession
from carer_app.ui.messages import describe
from carer_app.ui.workers import BackgroundOp

if TYPE_CHECKING:
    from carer_app.services.household import Vault


def _t(text: str) -> str:
    return QCoreApplication.translate("photo_import", text)


def reason_words(code: str) -> str:
    """A refusal, in words that say what the carer can do about it."""
    match code:
        case "truncated":
            return _t("This file is incomplete — it may not have finished copying. "
                      "Try copying it again.")
        case "empty":
            return _t("This file is empty — it may not have finished copying. "
                      "Try copying it again.")
        case "unsupported_format":
            return _t("This kind of file can't be used. "
                      "Photos must be JPEG, PNG, WebP, HEIC or GIF.")
        case "too_large":
            return _t("This picture is too big to open safely. "
                      "Try a smaller copy, such as one shared from a phone.")
        case "not_an_image":
            return _t("This file is not a picture, even if its name looks like one.")
        case "broken":
            return _t("This picture is damaged and can't be opened. "
                      "If you have another copy, try that one.")
    return _t("This file could not be used.")


def outcome_words(result: ImportResult) -> str:
    match result.status:
        case ImportStatus.IMPORTED:
            return _t("Added.")
        case ImportStatus.DUPLICATE:
            return _t("Already in the vault, so not added again.")
    return _t("Not added. {reason}").format(reason=reason_words(result.reason))


# Files a folder holds that nobody means as a photo: left out without a word.
_HOUSEKEEPING = frozenset({"thumbs.db", "desktop.ini", ".ds_store"})


def left_out(paths: Sequence[Path]) -> list[Path]:
    """Files inside chosen folders that the import walks past (not a photo type), in order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(
                p for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() not in SUPPORTED_EXTENSIONS
                and not p.name.startswith(".") and p.name.lower() not in _HOUSEKEEPING
            ))
    return found


class _Progress(QObject):
    """Created on the GUI thread; emitted from the import's thread, so delivery is queued here.

    Kept alive by the import's closure (no Qt parent), so a late emit never hits a deleted object.
    """

    step = Signal(int, int, object)  # done, total, ImportResult


class PhotoImportDialog(QDialog):
    """Modal while it runs (see `start`); shows the per-file outcome when the batch ends."""

    import_finished = Signal(int)  # photos added; the gallery refreshes on it

    def __init__(self, session: AppSession, child_id: str, paths: Sequence[Path],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.child_id = child_id
        self.paths = list(paths)
        self.results: list[ImportResult] = []
        self.left_out: list[Path] = []  # files in chosen folders that are not photos at all
        self.total = 0
        self.running = False
        self.cancel_event = threading.Event()  # checked by the import before each file
        self.progress = _Progress()
        self.progress.step.connect(self._stepped)
        self._op: BackgroundOp[tuple[list[ImportResult], list[Path]]] | None = None
        self.setWindowTitle(self.tr("Import photos"))
        self.setAccessibleName(self.tr("Import photos"))
        self.setModal(True)
        self.resize(640, 420)

        self.status = QLabel(self.tr("Getting ready…"))
        self.status.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setAccessibleName(self.tr("Import progress"))
        self.bar.setRange(0, 0)
        self.table = QTreeWidget()
        self.table.setAccessibleName(self.tr("What happened to each file"))
        self.table.setRootIsDecorated(False)
        self.table.setWordWrap(True)
        self.table.setHeaderLabels([self.tr("File"), self.tr("Result")])
        self.table.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.table.header().setStretchLastSection(True)
        self.table.hide()
        self.buttons = QDialogButtonBox()
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setAccessibleName(self.tr("Cancel the import"))
        self.cancel_button.clicked.connect(self.cancel_import)
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.setAccessibleName(self.tr("Close"))
        self.close_button.clicked.connect(self.accept)
        self.close_button.hide()
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.AcceptRole)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)

    def start(self) -> None:
        """Run the import on the session's vault thread.

        The vault has one connection and `AppSession.run` runs one job at a time, so the import
        never overlaps other vault work; it just queues it. The dialog is modal so the carer does
        not pile edits up behind a long import; the gallery reloads when it ends.
        """
        paths, child_id, relay, cancel = self.paths, self.child_id, self.progress, self.cancel_event

        def report(done: int, total: int, result: ImportResult) -> None:
            if not cancel.is_set():
                relay.step.emit(done, total, result)

        def work(vault: Vault) -> tuple[list[ImportResult], list[Path]]:
            results = list(import_photos(vault, child_id, paths, progress=report,
                                         cancelled=cancel.is_set))
            return results, [] if cancel.is_set() else left_out(paths)

        self.running = True
        self._op = self.session.run(work, self._done, self._failed)
        self.open()

    # -- while it runs --------------------------------------------------------------------------

    def _stepped(self, done: int, total: int, _result: object) -> None:
        self.total = total
        self.bar.setRange(0, total)
        self.bar.setValue(done)
        if not self.cancel_event.is_set():
            self.status.setText(self.tr("Importing photos: {done} of {total}").format(
                done=done, total=total))

    def cancel_import(self) -> None:
        """Stops between files: each photo already added stays whole, the rest are not started."""
        if not self.running:
            self.reject()
            return
        self.cancel_event.set()
        self.cancel_button.setEnabled(False)
        self.status.setText(self.tr("Stopping after the photo being added now…"))

    def reject(self) -> None:
        if self.running:  # Esc or the window's close button while importing means Cancel
            self.cancel_import()
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.running:
            event.ignore()
            self.cancel_import()
            return
        super().closeEvent(event)

    def abort(self) -> None:
        """On lock: stop between files and close now; the session drops the late result."""
        self.cancel_event.set()
        self.running = False
        self.table.clear()
        self.results = []
        super().reject()

    # -- at the end -----------------------------------------------------------------------------

    def _done(self, outcome: tuple[list[ImportResult], list[Path]]) -> None:
        self.running = False
        results, skipped = outcome
        self.results, self.left_out = results, skipped
        added = sum(r.status == ImportStatus.IMPORTED for r in results)
        twice = sum(r.status == ImportStatus.DUPLICATE for r in results)
        refused = sum(r.status == ImportStatus.REJECTED for r in results)
        lines = []
        if not results and not skipped and not self.cancel_event.is_set():
            lines.append(self.tr("No photos were found in what you chose. "
                                 "Photos must be JPEG, PNG, WebP, HEIC or GIF."))
        if self.cancel_event.is_set():
            lines.append(self.tr("Import stopped. Photos added before you pressed Cancel are "
                                 "whole and kept; the other files were not imported."))
        if results:
            lines.append(self.tr("Photos added: {n}.").format(n=added))
        if twice:
            lines.append(self.tr("Already in the vault: {n}.").format(n=twice))
        if refused:
            lines.append(self.tr("Could not be used: {n}. Each one says why below.").format(
                n=refused))
        if skipped:
            lines.append(self.tr("Left out of the folder, as they are not photos: {n}.").format(
                n=len(skipped)))
        self.status.setText("\n".join(lines))
        self.bar.setRange(0, max(self.total, 1))
        self.bar.setValue(len(results) if results else self.bar.maximum())
        # Files that need the carer's attention first; the order within each kind is kept.
        ordered = sorted(results, key=lambda r: r.status != ImportStatus.REJECTED)
        for result in ordered:
            if result.status != ImportStatus.REJECTED and skipped:
                self._add_left_out(skipped)  # after the refusals, before what went well
                skipped = []
            item = QTreeWidgetItem([result.path.name, outcome_words(result)])
            item.setToolTip(0, str(result.path))
            item.setToolTip(1, item.text(1))
            item.setData(0, Qt.ItemDataRole.UserRole, str(result.status))
            self.table.addTopLevelItem(item)
        self._add_left_out(skipped)
        self.table.setVisible(self.table.topLevelItemCount() > 0)
        self._finish(added)

    def _add_left_out(self, paths: list[Path]) -> None:
        for path in paths:
            item = QTreeWidgetItem([path.name, _t("Not added. {reason}").format(
                reason=reason_words("unsupported_format"))])
            item.setToolTip(0, str(path))
            item.setData(0, Qt.ItemDataRole.UserRole, "left_out")
            self.table.addTopLevelItem(item)

    def _failed(self, error: BaseException) -> None:
        self.running = False
        self.status.setText(describe(error).text)
        self._finish(0)

    def _finish(self, added: int) -> None:
        self.cancel_button.hide()
        self.close_button.show()
        self.close_button.setDefault(True)
        self.close_button.setFocus()
        self.import_finished.emit(added)
