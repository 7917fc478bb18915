"""The grown-ups' door out of the storybook: PIN or passphrase, then read together, language or leave."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from carer_app.services import storybook
from carer_app.services.storybook import ExitAttempts
from carer_app.ui.fonts import bigger
from carer_app.ui.storybook_i18n import LANGUAGES, language_label

# run(work, on_done, on_error): the window's way to reach the vault off the GUI thread.
Runner = Callable[..., Any]
# An adult who walks away from the open options leaves nothing for the child to press.
OPTIONS_TIMEOUT_MS = 60_000


class ExitGate(QObject):
    """Wrong tries in a row and the wait they cost; kept by the window, so reopening never resets it."""

    changed = Signal()

    def __init__(self, tick_ms: int = 1000, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.attempts = ExitAttempts()
        self.seconds_left = 0
        self._tick = QTimer(self)
        self._tick.setInterval(tick_ms)
        self._tick.timeout.connect(self._count_down)

    def record(self, allowed: bool) -> None:
        self.attempts = self.attempts.after(allowed)
        self.seconds_left = 0 if allowed else self.attempts.wait_seconds
        if self.seconds_left:
            self._tick.start()
        self.changed.emit()

    @property
    def waiting(self) -> bool:
        return self.seconds_left > 0

    def _count_down(self) -> None:
        self.seconds_left = max(0, self.seconds_left - 1)
        if not self.seconds_left:
            self._tick.stop()
        self.changed.emit()


class StorybookExitDialog(QDialog):
    """For the adult, in the carer's language. The child can press nothing here but "Back"."""

    leave_chosen = Signal()
    together_chosen = Signal(bool)
    language_chosen = Signal(object)  # a language tag, or None for the carer's language

    def __init__(
        self, run: Runner, gate: ExitGate, *, together: bool, language: str | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setModal(True)
        self.setLayoutDirection(QApplication.layoutDirection())  # the carer's, not the child's
        self._run = run
        self.gate = gate
        self.together = together
        self.checking = False
        self._walked_away = QTimer(self)
        self._walked_away.setSingleShot(True)
        self._walked_away.setInterval(OPTIONS_TIMEOUT_MS)
        self._walked_away.timeout.connect(self.reject)
        self.setWindowTitle(self.tr("For grown-ups"))
        self.setAccessibleName(self.tr("For grown-ups"))
        heading = QLabel(self.tr("For grown-ups"))
        heading.setFont(bigger(heading.font(), 1.6))
        self.stack = QStackedWidget()
        self.stack.addWidget(self._ask_page())
        self.stack.addWidget(self._options_page(language))
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.stack)
        self.back_button = QPushButton(self.tr("Back to the story"))
        self.back_button.setAccessibleName(self.tr("Back to the story"))
        self.back_button.setAutoDefault(False)
        self.back_button.clicked.connect(self.reject)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.back_button)
        layout.addLayout(row)
        gate.changed.connect(self._show_gate)
        self._show_gate()
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 34)

    def _ask_page(self) -> QWidget:
        page = QWidget()
        explain = QLabel(self.tr(
            "Type your storybook PIN or your passphrase to read together, change the "
            "storybook's language or close the storybook."))
        explain.setWordWrap(True)
        self.secret = QLineEdit()
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret.setAccessibleName(self.tr("PIN or passphrase"))
        self.secret.setPlaceholderText(self.tr("PIN or passphrase"))
        self.secret.returnPressed.connect(self.check)
        self.check_button = QPushButton(self.tr("Continue"))
        self.check_button.setAccessibleName(self.tr("Continue"))
        self.check_button.setDefault(True)
        self.check_button.clicked.connect(self.check)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setVisible(False)
        row = QHBoxLayout()
        row.addWidget(self.secret, 1)
        row.addWidget(self.check_button)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(explain)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addStretch(1)
        return page

    def _options_page(self, language: str | None) -> QWidget:
        page = QWidget()
        self.together_button = QPushButton()
        self.together_button.clicked.connect(self._toggle_together)
        self.language = QComboBox()
        self.language.setAccessibleName(self.tr("Storybook language"))
        self.language.addItem(self.tr("The same as mine"), None)
        for tag, _name in LANGUAGES:
            self.language.addItem(language_label(tag), tag)
        found = self.language.findData(language)
        if found < 0 and language is not None:  # a tag set elsewhere (or a pseudo-locale)
            self.language.addItem(language, language)
            found = self.language.count() - 1
        self.language.setCurrentIndex(max(0, found))
        self.language.activated.connect(
            lambda index: self.language_chosen.emit(self.language.itemData(index)))
        language_label_ = QLabel(self.tr("Storybook language (its buttons and words; the "
                                         "pages stay as you wrote them):"))
        language_label_.setWordWrap(True)
        language_label_.setBuddy(self.language)
        self.leave_button = QPushButton(self.tr("Close the storybook"))
        self.leave_button.setAccessibleName(self.tr("Close the storybook"))
        self.leave_button.clicked.connect(self._leave)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.together_button)
        layout.addSpacing(8)
        layout.addWidget(language_label_)
        layout.addWidget(self.language)
        layout.addSpacing(8)
        layout.addWidget(self.leave_button)
        layout.addStretch(1)
        self._show_together()
        return page

    # -- checking the secret -------------------------------------------------------------------

    def check(self) -> None:
        if self.checking or self.gate.waiting or self.stack.currentIndex() != 0:
            return
        secret = self.secret.text()
        self.secret.clear()
        if not secret:
            self._say(self.tr("Type the PIN or passphrase first."))
            return
        self.checking = True
        self._show_gate()
        self._run(lambda vault: storybook.check_exit(vault, secret), self._checked, self._failed)

    def _checked(self, allowed: bool) -> None:
        self.checking = False
        self.gate.record(allowed)
        if allowed:
            self.message.setVisible(False)
            self.stack.setCurrentIndex(1)
            self.leave_button.setDefault(True)
            self.together_button.setFocus()
            self._walked_away.start()
        self._show_gate()

    def _failed(self, error: BaseException) -> None:
        self.checking = False
        self._say(self.tr("That could not be checked just now. Please try again."))
        self._show_gate()

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _show_gate(self) -> None:
        open_ = not self.checking and not self.gate.waiting
        self.secret.setEnabled(open_)
        self.check_button.setEnabled(open_)
        if self.gate.waiting:
            self._say(self.tr("That wasn't right. Please wait {seconds} s, then try again.")
                      .format(seconds=self.gate.seconds_left))
        elif self.gate.attempts.failures and not self.checking:
            self._say(self.tr("That wasn't right. Please try again."))
        if open_ and self.stack.currentIndex() == 0:
            self.secret.setFocus()

    # -- what the adult chose ------------------------------------------------------------------

    def _show_together(self) -> None:
        text = self.tr("Stop reading together") if self.together else self.tr("Read together now")
        self.together_button.setText(text)
        self.together_button.setAccessibleName(text)

    def _toggle_together(self) -> None:
        self.together = not self.together
        self.together_chosen.emit(self.together)
        self.accept()

    def _leave(self) -> None:
        self.leave_chosen.emit()
        self.accept()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.secret.clear()
        super().closeEvent(event)
