"""Locks the vault after idle time and on Ctrl+L, watching input across the whole application."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QKeyEvent

ACTIVITY = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
    QEvent.Type.Wheel, QEvent.Type.TouchBegin, QEvent.Type.TabletPress,
})


class IdleLock(QObject):
    """Emits `timed_out` after `minutes` without input and `lock_requested` on Ctrl+L.

    An event filter on the application (not on one window), so typing in a dialog counts as
    activity and Ctrl+L works there too. Inactive while the vault is locked.
    """

    timed_out = Signal()
    lock_requested = Signal()

    def __init__(self, minutes: float = 5, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._expired)
        self._active = False
        self._installed = False
        self.set_minutes(minutes)

    @property
    def active(self) -> bool:
        return self._active

    @property
    def interval_ms(self) -> int:
        return self._timer.interval()

    def set_minutes(self, minutes: float) -> None:
        self.set_interval_ms(round(minutes * 60_000))

    def set_interval_ms(self, ms: int) -> None:
        self._timer.setInterval(max(1, ms))
        if self._active:
            self._timer.start()

    def start(self) -> None:
        app = QCoreApplication.instance()
        if not self._installed and app is not None:
            app.installEventFilter(self)
            self._installed = True
        self._active = True
        self._timer.start()

    def stop(self) -> None:
        self._active = False
        self._timer.stop()

    def uninstall(self) -> None:
        self.stop()
        app = QCoreApplication.instance()
        if self._installed and app is not None:
            app.removeEventFilter(self)
        self._installed = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self._active or event.type() not in ACTIVITY:
            return False
        self._timer.start()
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            return self._lock_key(event)
        return False

    def _lock_key(self, event: QKeyEvent) -> bool:
        # Qt's namespace is looked up here, not at import: loading it costs start-up time.
        from PySide6.QtCore import Qt

        if (
            event.key() == Qt.Key.Key_L
            and event.modifiers() == Qt.KeyboardModifier.ControlModifier
            and not event.isAutoRepeat()
        ):
            self.lock_requested.emit()
            return True
        return False

    def _expired(self) -> None:
        if self._active:
            self.timed_out.emit()
