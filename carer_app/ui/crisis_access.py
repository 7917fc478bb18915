"""The crisis card one key (F12) or one click away from every window, locked or unlocked."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QDialog, QPushButton, QWidget
from shiboken6 import isValid

# F1 is help everywhere; F12 is one key, easy to find at the top right, and shown on the button.
CRISIS_KEY_NAME = "Key_F12"
# The one colour the app sets itself: the card's deep red, with white text (6.5:1 contrast);
# both are set together, so the button reads the same in light and dark mode.
ACCENT = "#B3261E"
ACCENT_PRESSED = "#8C1D18"
ACCENT_TEXT = "#FFFFFF"
BUTTON_STYLE = f"""
QPushButton {{
    background-color: {ACCENT}; color: {ACCENT_TEXT}; font-weight: bold;
    border: 2px solid {ACCENT}; border-radius: 4px; padding: 6px 14px;
}}
QPushButton:hover, QPushButton:pressed {{ background-color: {ACCENT_PRESSED}; }}
QPushButton:focus {{ border: 2px solid palette(window-text); }}
"""


def _t(text: str) -> str:
    return QCoreApplication.translate("crisis", text)


class CrisisLauncher(QObject):
    """Opens one crisis card at a time. `log_call_handler` is set only while unlocked."""

    opened = Signal()

    def __init__(self, folder: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.folder = folder
        self.log_call_handler: Callable[[str], None] | None = None
        self._dialog: QDialog | None = None
        self._installed = False

    def install(self) -> None:
        """Catch F12 in every window of the application, dialogs included."""
        app = QCoreApplication.instance()
        if app is not None and not self._installed:
            app.installEventFilter(self)
            self._installed = True

    def uninstall(self) -> None:
        app = QCoreApplication.instance()
        if app is not None and self._installed:
            app.removeEventFilter(self)
            self._installed = False

    @property
    def installed(self) -> bool:
        return self._installed

    @property
    def dialog(self) -> QDialog | None:
        if self._dialog is not None and isValid(self._dialog) and self._dialog.isVisible():
            return self._dialog
        return None

    def open(self, near: QWidget | None = None) -> QDialog:
        """Show the card (or raise the one already open), centred over `near`."""
        current = self.dialog
        if current is not None:
            current.raise_()
            current.activateWindow()
            return current
        self.close()
        # Imported here: it is only needed once someone asks for it.
        from carer_app.ui.crisis_card import CrisisCardDialog

        # No parent: the card must stay open when the app locks itself during a long call.
        dialog = CrisisCardDialog(self.folder, None, self.log_call_handler)
        if near is not None and near.isVisible():
            frame = near.window().frameGeometry()
            dialog.move(frame.center() - dialog.rect().center())
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        self._dialog = dialog
        self.opened.emit()
        return dialog

    def close(self) -> None:
        if self._dialog is not None and isValid(self._dialog):
            self._dialog.close()
            self._dialog.deleteLater()
        self._dialog = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        # Qt's namespace is looked up here, not at import: loading it costs start-up time.
        from PySide6.QtCore import Qt

        if event.key() == getattr(Qt.Key, CRISIS_KEY_NAME) and not event.isAutoRepeat():
            self.open(QApplication.activeWindow())
            return True
        return False


def make_crisis_button(launcher: CrisisLauncher, parent: QWidget | None = None) -> QPushButton:
    """The visible way in, on the lock screen, in the wizard and in the main window's toolbar."""
    button = QPushButton(_t("Crisis help (F12)"), parent)
    button.setObjectName("crisis_button")
    button.setAccessibleName(_t("Crisis help"))
    button.setAccessibleDescription(
        _t("Shows crisis phone numbers. Works without unlocking. Shortcut: F12.")
    )
    button.setToolTip(_t("Crisis phone numbers, without unlocking (F12)"))
    button.setAutoDefault(False)
    button.setStyleSheet(BUTTON_STYLE)
    button.clicked.connect(lambda: launcher.open(button))
    return button
