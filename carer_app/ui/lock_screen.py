"""The lock screen: passphrase, forgotten-passphrase path, damage notices and the crisis button."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from carer_app.services import errors as e
from carer_app.ui.crisis_access import CrisisLauncher, make_crisis_button
from carer_app.ui.fonts import bigger
from carer_app.ui.messages import WAL_FILE, describe
from carer_app.ui.workers import run_in_background

if TYPE_CHECKING:  # made on first use: most days nobody forgets their passphrase
    from carer_app.ui.recovery_form import RecoveryForm

# Seconds to wait after the 1st, 2nd, 3rd... wrong passphrase (the KDF adds its own second).
DEFAULT_DELAYS: tuple[int, ...] = (0, 0, 1, 2, 4, 8)


class LockScreen(QWidget):
    """Emits `unlocked(vault)`; the shell decides what opens next."""

    unlocked = Signal(object)

    def __init__(
        self, folder: Path, launcher: CrisisLauncher, *,
        before_open: Callable[[], object] | None = None,
        delays: Sequence[int] = DEFAULT_DELAYS, tick_ms: int = 1000,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.folder = folder
        self._before_open = before_open
        self._delays = tuple(delays) or (0,)
        self.failures = 0
        self.last_wait = 0
        self._wait_left = 0
        self._busy = False
        self._tick = QTimer(self)
        self._tick.setInterval(tick_ms)
        self._tick.timeout.connect(self._count_down)
        self.setWindowTitle(self.tr("Carer App – Locked"))
        self.setAccessibleName(self.tr("Lock screen"))

        self.crisis_button = make_crisis_button(launcher)
        heading = QLabel(self.tr("Carer App"))
        heading.setFont(bigger(self.font(), 1.8))
        self.subtitle = QLabel(self.tr("Locked. Type your passphrase to open the household's record."))
        self.subtitle.setWordWrap(True)
        self.demo_hint = QLabel()
        self.demo_hint.setWordWrap(True)
        self.demo_hint.setFrameShape(QFrame.Shape.StyledPanel)
        self.demo_hint.setMargin(8)
        self.demo_hint.setAccessibleName(self.tr("Demo passphrase"))
        self.demo_hint.setVisible(False)

        self.stack = QStackedWidget()
        self.stack.addWidget(self._build_unlock_page())
        self._recovery: RecoveryForm | None = None

        column = QVBoxLayout()
        column.addWidget(heading)
        column.addWidget(self.subtitle)
        column.addWidget(self.demo_hint)
        column.addSpacing(8)
        column.addWidget(self.stack)
        card = QWidget()
        card.setLayout(column)
        em = self.fontMetrics().horizontalAdvance("M")
        card.setMinimumWidth(em * 30)
        card.setMaximumWidth(em * 44)
        top = QHBoxLayout()
        top.addStretch(1)
        top.addWidget(self.crisis_button)
        middle = QHBoxLayout()
        middle.addStretch(1)
        middle.addWidget(card, 3)
        middle.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addStretch(1)
        layout.addLayout(middle)
        layout.addStretch(2)
        for first, second in ((self.passphrase, self.unlock_button),
                              (self.unlock_button, self.show_passphrase),
                              (self.show_passphrase, self.forgot_button),
                              (self.forgot_button, self.set_aside_button)):
            self.setTabOrder(first, second)
        self.resize(760, 560)

    def _build_unlock_page(self) -> QWidget:
        page = QWidget()
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName(self.tr("Passphrase"))
        self.passphrase.setPlaceholderText(self.tr("Passphrase"))
        self.passphrase.returnPressed.connect(self.unlock)
        self.show_passphrase = QCheckBox(self.tr("&Show passphrase"))
        self.show_passphrase.setAccessibleName(self.tr("Show passphrase"))
        self.show_passphrase.toggled.connect(
            lambda shown: self.passphrase.setEchoMode(
                QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
            )
        )
        self.unlock_button = QPushButton(self.tr("&Unlock"))
        self.unlock_button.setAccessibleName(self.tr("Unlock"))
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self.unlock)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setAccessibleName(self.tr("Working"))
        self.busy.setVisible(False)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setVisible(False)
        self.set_aside_button = QPushButton(self.tr("Open without the damaged recent-changes log"))
        self.set_aside_button.setAccessibleName(
            self.tr("Open without the damaged recent-changes log")
        )
        self.set_aside_button.setToolTip(self.tr(
            "The damaged log is kept beside the vault, renamed, so nothing is thrown away."
        ))
        self.set_aside_button.clicked.connect(self.open_without_log)
        self.set_aside_button.setVisible(False)
        self.forgot_button = QPushButton(self.tr("&Forgot your passphrase?"))
        self.forgot_button.setAccessibleName(self.tr("Forgot your passphrase?"))
        self.forgot_button.setFlat(True)
        self.forgot_button.clicked.connect(self.show_recovery_page)

        row = QHBoxLayout()
        row.addWidget(self.passphrase, 1)
        row.addWidget(self.unlock_button)
        # One per row: side by side they collide once translated into a longer language.
        forgot = QHBoxLayout()
        forgot.addWidget(self.forgot_button)
        forgot.addStretch(1)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.show_passphrase)
        layout.addLayout(forgot)
        layout.addWidget(self.busy)
        layout.addWidget(self.message)
        layout.addWidget(self.set_aside_button)
        layout.addStretch(1)
        return page

    # -- what the shell asks for ---------------------------------------------------------------

    def set_demo_passphrase(self, passphrase: str) -> None:
        """Only a throwaway demo vault's lock screen ever shows its passphrase."""
        self.demo_hint.setText(self.tr(
            "This is a demo household: every name in it is invented, and it is deleted when "
            "you close the app.\nPassphrase: {passphrase}"
        ).format(passphrase=passphrase))
        from PySide6.QtCore import Qt  # not at import: the namespace is slow to load

        self.demo_hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.demo_hint.setVisible(True)

    def set_preparing(self, text: str) -> None:
        self._set_busy(True, text)

    def set_ready(self) -> None:
        self._set_busy(False)
        self.show_message("")
        self.passphrase.setFocus()

    def clear(self) -> None:
        self.passphrase.clear()
        self.show_passphrase.setChecked(False)
        if self._recovery is not None:
            self._recovery.clear()
        self.show_message("")
        self.set_aside_button.setVisible(False)
        self.show_unlock_page()

    def show_unlock_page(self) -> None:
        self.stack.setCurrentIndex(0)
        self.passphrase.setFocus()

    @property
    def recovery(self) -> RecoveryForm:
        if self._recovery is None:
            from carer_app.ui.recovery_form import RecoveryForm

            self._recovery = RecoveryForm(self.folder, self._before_open)
            self._recovery.recovered.connect(self._opened)
            self._recovery.cancelled.connect(self.show_unlock_page)
            self.stack.addWidget(self._recovery)
        return self._recovery

    def show_recovery_page(self) -> None:
        self.stack.setCurrentWidget(self.recovery)
        self.recovery.key.setFocus()

    def show_message(self, text: str, headline: str = "") -> None:
        """`headline` in bold above `text`; both plain text, escaped here into a little HTML."""
        import html  # here, not at start-up: most days there is no message to show

        body = html.escape(text, quote=False).replace("\n", "<br>")
        if headline:
            body = f"<b>{html.escape(headline, quote=False)}</b><br>{body}"
        self.message.setText(f"<p>{body}</p>" if text or headline else "")
        self.message.setVisible(bool(text or headline))

    @property
    def wait_left(self) -> int:
        return self._wait_left

    # -- unlocking -----------------------------------------------------------------------------

    def unlock(self) -> None:
        self._open(set_aside_damaged_wal=False)

    def open_without_log(self) -> None:
        self._open(set_aside_damaged_wal=True)

    def _open(self, *, set_aside_damaged_wal: bool) -> None:
        if self._busy or self._wait_left > 0:
            return
        passphrase = self.passphrase.text()
        if not passphrase:
            self.show_message(self.tr("Type your passphrase first."))
            self.passphrase.setFocus()
            return
        folder, before_open = self.folder, self._before_open

        def work() -> object:
            if before_open is not None:
                before_open()
            # Imported off the GUI thread: this is where SQLAlchemy and the storage layer load.
            from carer_app.services import household

            return household.unlock(folder, passphrase, set_aside_damaged_wal=set_aside_damaged_wal)

        self.set_aside_button.setVisible(False)
        self._set_busy(True, self.tr("Unlocking…"))
        run_in_background(work, self._opened, self._failed)

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self._busy = busy
        self.busy.setVisible(busy)
        for widget in (self.passphrase, self.show_passphrase, self.forgot_button,
                       self.set_aside_button):
            widget.setEnabled(not busy)
        self.unlock_button.setEnabled(not busy and self._wait_left == 0)
        if text:
            self.show_message(text)

    def _opened(self, vault: object) -> None:
        self._set_busy(False)
        self.failures = 0
        self.clear()
        self.unlocked.emit(vault)

    def _failed(self, error: BaseException) -> None:
        self._set_busy(False)
        words = describe(error)
        self.show_message(words.detail, words.headline)
        if isinstance(error, e.WrongPassphrase):
            self.failures += 1
            self.passphrase.selectAll()
            self.passphrase.setFocus()
            self._start_wait(self._delays[min(self.failures, len(self._delays)) - 1])
        elif isinstance(error, e.VaultDamaged) and error.file_name == WAL_FILE:
            self.set_aside_button.setVisible(True)

    def _start_wait(self, seconds: int) -> None:
        self.last_wait = seconds
        self._wait_left = seconds
        if seconds > 0:
            self._show_wait()
            self._tick.start()

    def _show_wait(self) -> None:
        self.unlock_button.setEnabled(False)
        self.unlock_button.setText(self.tr("Wait {seconds} s").format(seconds=self._wait_left))

    def _count_down(self) -> None:
        self._wait_left = max(0, self._wait_left - 1)
        if self._wait_left > 0:
            self._show_wait()
            return
        self._tick.stop()
        self.unlock_button.setText(self.tr("&Unlock"))
        self.unlock_button.setEnabled(not self._busy)
