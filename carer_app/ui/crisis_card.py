"""The crisis card dialog: every crisis line with a large number, Copy, Call and "Log this call"."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QColor, QDesktopServices, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from carer_app.domain.crisis import CrisisContact
from carer_app.services.crisis import load_card

# A deep red with white text: 6.5:1 contrast, and both colours are set together so the
# header reads the same in light and dark mode.
HEADER_BACKGROUND = QColor("#B3261E")
HEADER_TEXT = QColor("#FFFFFF")
NUMBER_SCALE = 2.2
LABEL_SCALE = 1.2


def scaled_font(base: QFont, factor: float, bold: bool = True) -> QFont:
    """`base` made `factor` times larger, so it follows the system font size."""
    font = QFont(base)
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * factor)
    elif font.pixelSize() > 0:
        font.setPixelSize(round(font.pixelSize() * factor))
    font.setBold(bold)
    return font


class ContactRow(QFrame):
    """One line on the card: who it is for, the number, the hours, and what you can do."""

    def __init__(
        self,
        contact: CrisisContact,
        on_log_call: Callable[[str], None] | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.contact = contact
        self._on_log_call = on_log_call
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self.setAutoFillBackground(True)

        self.label = QLabel(contact.label)
        self.label.setFont(scaled_font(self.font(), LABEL_SCALE))
        self.label.setWordWrap(True)
        self.number = QLabel(contact.number)
        self.number.setFont(scaled_font(self.font(), NUMBER_SCALE))
        self.number.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.number.setAccessibleName(self.tr("{label} number").format(label=contact.label))
        details = [text for text in (contact.hours, contact.note) if text]
        self.details = QLabel(" · ".join(details))
        self.details.setWordWrap(True)
        self.details.setVisible(bool(details))

        self.copy_button = QPushButton(self.tr("Copy number"))
        self.copy_button.setAccessibleName(
            self.tr("Copy the {label} number").format(label=contact.label)
        )
        self.copy_button.clicked.connect(self.copy_number)
        self.call_button = QPushButton(self.tr("Call"))
        self.call_button.setAccessibleName(self.tr("Call {label}").format(label=contact.label))
        self.call_button.setToolTip(self.tr("Opens your calling app, if one is set up"))
        self.call_button.clicked.connect(self.call)
        self.log_button = QPushButton(self.tr("Log this call"))
        self.log_button.setAccessibleName(
            self.tr("Log the call to {label}").format(label=contact.label)
        )
        self.log_button.clicked.connect(self.log_call)
        self.log_button.setVisible(False)
        if on_log_call is None:
            self.log_button.setEnabled(False)
            self.log_button.setToolTip(self.tr("Unlock to log this call"))
            self.log_button.setAccessibleDescription(self.tr("Unlock to log this call"))
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setVisible(False)

        text = QVBoxLayout()
        text.setSpacing(2)
        text.addWidget(self.label)
        text.addWidget(self.number)
        text.addWidget(self.details)
        text.addWidget(self.status)
        buttons = QVBoxLayout()
        for button in (self.call_button, self.copy_button, self.log_button):
            # Space presses a focused button; Enter must never dial by accident.
            button.setAutoDefault(False)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addLayout(text, 1)
        layout.addLayout(buttons)

    def copy_number(self) -> None:
        # Crisis numbers are public, so the clipboard is not cleared afterwards.
        QGuiApplication.clipboard().setText(self.contact.number)
        self._after_action(self.tr("Number copied: {number}").format(number=self.contact.number))

    def call(self) -> None:
        if QDesktopServices.openUrl(QUrl(self.contact.tel_uri)):
            self._after_action(self.tr("Calling {number}…").format(number=self.contact.number))
        else:
            self._after_action(
                self.tr("No calling app is set up on this computer. Dial {number} on a phone.")
                .format(number=self.contact.number)
            )

    def log_call(self) -> None:
        if self._on_log_call is not None:
            self._on_log_call(self.contact.key)

    def _after_action(self, message: str) -> None:
        self.status.setText(message if self._on_log_call else message + " " + self.tr(
            "Unlock to log this call."
        ))
        self.status.setVisible(True)
        self.log_button.setVisible(True)


class CrisisCardDialog(QDialog):
    """Crisis lines, readable without unlocking. `on_log_call` is given only when unlocked."""

    def __init__(
        self,
        folder: Path,
        parent: QWidget | None = None,
        on_log_call: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self._folder = folder
        self._on_log_call = on_log_call
        # Never a name: window titles show up in task switchers and screen shares.
        self.setWindowTitle(self.tr("Crisis help"))
        self.setAccessibleName(self.tr("Crisis help"))

        self.header = QLabel(self.tr("If someone is in danger now, call 999."))
        self.header.setFont(scaled_font(self.font(), LABEL_SCALE))
        self.header.setWordWrap(True)
        self.header.setMargin(12)
        self.header.setAutoFillBackground(True)
        header_palette = self.header.palette()
        header_palette.setColor(QPalette.ColorRole.Window, HEADER_BACKGROUND)
        header_palette.setColor(QPalette.ColorRole.WindowText, HEADER_TEXT)
        self.header.setPalette(header_palette)

        self.rows_widget = QWidget()
        self.rows_layout = QVBoxLayout(self.rows_widget)
        self.rows_layout.setContentsMargins(0, 0, 0, 0)
        self.rows_layout.setSpacing(6)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area.setWidget(self.rows_widget)
        self.scroll_area.setAccessibleName(self.tr("Crisis lines"))

        self.footer = QLabel(self.tr(
            "These numbers are stored outside the encrypted vault so you can see them "
            "without unlocking."
        ))
        self.footer.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        close = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setAccessibleName(self.tr("Close crisis help"))
        close.setAutoDefault(False)

        self._layout = layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.scroll_area, 1)
        layout.addSpacing(4)
        layout.addWidget(self.footer)
        layout.addWidget(self.buttons)
        self.rows: list[ContactRow] = []
        self.reload()

    def reload(self) -> None:
        """Read the card again (after the carer changed it in settings)."""
        for row in self.rows:
            row.deleteLater()
        self.rows = []
        while self.rows_layout.count():
            self.rows_layout.takeAt(0)
        for contact in load_card(self._folder).ordered():
            row = ContactRow(contact, self._log_call if self._on_log_call else None)
            self.rows.append(row)
            self.rows_layout.addWidget(row)
        self.rows_layout.addStretch(1)
        self._fit_to_rows()

    def row_for(self, key: str) -> ContactRow:
        return next(row for row in self.rows if row.contact.key == key)

    def _fit_to_rows(self) -> None:
        # Open tall enough for every row when the screen allows; scroll beyond that.
        width = max(self.fontMetrics().horizontalAdvance("M") * 52, 680)
        margins = self._layout.contentsMargins()
        inner = width - margins.left() - margins.right()
        inner -= self.scroll_area.verticalScrollBar().sizeHint().width()
        wanted = self.rows_widget.heightForWidth(inner)
        if wanted < 0:
            wanted = self.rows_widget.sizeHint().height()
        chrome = self._layout.totalHeightForWidth(width) - self.scroll_area.sizeHint().height()
        # Room for the message line a row gains after Copy or Call.
        wanted += 2 * self.fontMetrics().lineSpacing()
        screen = self.screen()
        limit = int(screen.availableGeometry().height() * 0.9) if screen else 700
        self.resize(width, min(chrome + wanted, limit))

    def _log_call(self, key: str) -> None:
        # Close first so the prefilled observation the callback opens is not behind this dialog.
        callback = self._on_log_call
        self.accept()
        if callback is not None:
            callback(key)
