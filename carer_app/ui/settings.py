"""Every ui setting declared once, with its default, over QSettings; nothing personal goes here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QByteArray, QCoreApplication, QObject, QSettings, Signal

T = TypeVar("T", int, str, bytes)

ORGANISATION = "CarerApp"
APPLICATION = "carer-app"


@dataclass(frozen=True)
class Option(Generic[T]):
    key: str
    default: T


# Care data lives in the vault. Only the look and feel of the app is kept here, so these
# must never hold a child's or an adult's name (DESIGN.md section 4).
WINDOW_GEOMETRY: Option[bytes] = Option("window/geometry", b"")
WINDOW_STATE: Option[bytes] = Option("window/state", b"")
LAST_SCREEN: Option[str] = Option("window/last_screen", "life_story")
LANGUAGE: Option[str] = Option("ui/language", "")  # "" follows the system
AUTO_LOCK_MINUTES: Option[int] = Option("security/auto_lock_minutes", 5)
LAST_VAULT_FOLDER: Option[str] = Option("vault/last_folder", "")

DECLARED: tuple[Option[bytes] | Option[str] | Option[int], ...] = (
    WINDOW_GEOMETRY, WINDOW_STATE, LAST_SCREEN, LANGUAGE, AUTO_LOCK_MINUTES, LAST_VAULT_FOLDER,
)
AUTO_LOCK_MIN, AUTO_LOCK_MAX = 1, 240


class UiSettings(QObject):
    """Typed access to the declared options. `path` points tests at a file of their own."""

    changed = Signal(str)

    def __init__(self, path: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        if path is not None:
            self._store = QSettings(path, QSettings.Format.IniFormat)
        else:
            self._store = QSettings(
                QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                QCoreApplication.organizationName() or ORGANISATION,
                QCoreApplication.applicationName() or APPLICATION,
            )

    def get(self, option: Option[T]) -> T:
        raw: Any = self._store.value(option.key, None)
        if raw is None:
            return option.default
        default = option.default
        try:
            if isinstance(default, bytes):
                value: object = bytes(raw.data()) if isinstance(raw, QByteArray) else bytes(raw)
            elif isinstance(default, int):
                value = int(raw)
            else:
                value = str(raw)
        except (TypeError, ValueError):
            return default
        return value  # type: ignore[return-value]

    def set(self, option: Option[T], value: T) -> None:
        if option not in DECLARED:
            raise KeyError(f"undeclared setting {option.key}")
        stored: object = QByteArray(value) if isinstance(value, bytes) else value
        self._store.setValue(option.key, stored)
        self.changed.emit(option.key)

    def sync(self) -> None:
        self._store.sync()

    @property
    def file_name(self) -> str:
        return self._store.fileName()

    # -- the few with rules of their own -----------------------------------------------------

    @property
    def auto_lock_minutes(self) -> int:
        return max(AUTO_LOCK_MIN, min(self.get(AUTO_LOCK_MINUTES), AUTO_LOCK_MAX))

    @auto_lock_minutes.setter
    def auto_lock_minutes(self, minutes: int) -> None:
        self.set(AUTO_LOCK_MINUTES, max(AUTO_LOCK_MIN, min(int(minutes), AUTO_LOCK_MAX)))
