"""Copying a secret (the recovery key) to the clipboard, and taking it back out after a minute."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QCoreApplication, QMimeData, QSettings, QTimer
from PySide6.QtGui import QGuiApplication

CLEAR_AFTER_MS = 60_000
_held: set[str] = set()


def copy_secret(text: str, clear_after_ms: int = CLEAR_AFTER_MS) -> None:
    data = QMimeData()
    data.setText(text)
    # Ask clipboard managers and clipboard history not to keep it (KDE Klipper, Windows).
    data.setData("x-kde-passwordManagerHint", QByteArray(b"secret"))
    data.setData("ExcludeClipboardContentFromMonitorProcessing", QByteArray(b"1"))
    data.setData("CanIncludeInClipboardHistory", QByteArray(b"\x00\x00\x00\x00"))
    QGuiApplication.clipboard().setMimeData(data)
    _held.add(text)
    app = QCoreApplication.instance()
    assert app is not None
    QTimer.singleShot(clear_after_ms, app, lambda: clear_if_holding(text))


def clear_if_holding(text: str) -> None:
    """Clear the clipboard only if it still holds `text`: the person may have copied since."""
    _held.discard(text)
    clipboard = QGuiApplication.clipboard()
    if clipboard.text() == text:
        clipboard.clear()


def clear_all_secrets() -> None:
    """On lock and on exit: nothing secret is left behind for the next person at the laptop."""
    for text in list(_held):
        clear_if_holding(text)


def forget_file_dialog_history() -> None:
    """Qt's own file dialog remembers recent folders in QtProject.conf; a folder can carry a name."""
    QSettings(QSettings.Scope.UserScope, "QtProject").remove("FileDialog")
