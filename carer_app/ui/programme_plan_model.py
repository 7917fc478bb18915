"""A programme's sessions as a table: number, date, status, length, what was worked on, rating."""

from __future__ import annotations

from datetime import date
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

from carer_app.domain.enums import SessionStatus
from carer_app.domain.programme_schedule import PlanDeviation
from carer_app.domain.programme_views import RATING_MAX, SessionView
from carer_app.ui.programme_words import day_text, deviation_words, session_status_words

ID_ROLE = Qt.ItemDataRole.UserRole + 1
SESSION_ROLE = Qt.ItemDataRole.UserRole + 2
Index = QModelIndex | QPersistentModelIndex
# Amber that keeps 4.5:1 against white for the "outside the guideline" marker.
WARNING_COLOUR = QColor("#8a4b00")


def _t(text: str) -> str:
    return QCoreApplication.translate("programme_plan", text)


class PlanColumn(IntEnum):
    NUMBER = 0
    DATE = 1
    STATUS = 2
    LENGTH = 3
    WORKED_ON = 4
    RATING = 5


class ProgrammePlanModel(QAbstractTableModel):
    """Read-only; the screen replaces the whole plan after every change (plans are small)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._sessions: list[SessionView] = []
        self._flags: dict[date, list[str]] = {}
        self._today = date.today()

    def set_plan(self, sessions: tuple[SessionView, ...], deviations: tuple[PlanDeviation, ...],
                 today: date | None = None) -> None:
        self.beginResetModel()
        self._sessions = list(sessions)
        self._today = today or date.today()
        self._flags = {}
        for deviation in deviations:
            if deviation.on is not None:
                self._flags.setdefault(deviation.on, []).append(deviation_words(deviation))
        self.endResetModel()

    def clear(self) -> None:
        self.set_plan((), ())

    def session_at(self, row: int) -> SessionView | None:
        return self._sessions[row] if 0 <= row < len(self._sessions) else None

    def row_of(self, session_id: str) -> int | None:
        return next((i for i, s in enumerate(self._sessions) if s.id == session_id), None)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._sessions)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(PlanColumn)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if not 0 <= section < len(PlanColumn):
            return None
        return (_t("Session"), _t("Date"), _t("Status"), _t("Length"), _t("Worked on"),
                _t("Progress"))[section]

    def _late(self, s: SessionView) -> bool:
        return s.status is SessionStatus.PLANNED and s.planned_date is not None \
            and s.planned_date < self._today

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._sessions):
            return None
        s = self._sessions[index.row()]
        column = PlanColumn(index.column())
        flags = self._flags.get(s.on) if s.on else None
        if role == ID_ROLE:
            return s.id
        if role == SESSION_ROLE:
            return s
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            text = self._text(s, column)
            if role == Qt.ItemDataRole.AccessibleTextRole and flags and column == PlanColumn.DATE:
                text += ". " + " ".join(flags)
            return text
        if role == Qt.ItemDataRole.ToolTipRole:
            if flags:
                return "\n".join(flags)
            if column == PlanColumn.WORKED_ON and (s.worked_on or s.practitioner_notes):
                return "\n\n".join(t for t in (s.worked_on, s.practitioner_notes) if t)
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if flags and column == PlanColumn.DATE:
                return WARNING_COLOUR
            if s.status in (SessionStatus.MISSED, SessionStatus.CANCELLED):
                return QApplication.palette().brush(QPalette.ColorGroup.Disabled,
                                                    QPalette.ColorRole.Text)
        if role == Qt.ItemDataRole.FontRole and (
            (flags and column == PlanColumn.DATE) or (column == PlanColumn.STATUS and self._late(s))
        ):
            font = QFont(QApplication.font())
            font.setBold(True)
            return font
        return None

    def _text(self, s: SessionView, column: PlanColumn) -> str:
        match column:
            case PlanColumn.NUMBER:
                return _t("{n} (opening)").format(n=s.number) if s.first_session else str(s.number)
            case PlanColumn.DATE:
                text = day_text(s.on)
                flagged = bool(s.on and self._flags.get(s.on))
                return _t("{day} ⚠ outside the guideline").format(day=text) if flagged else text
            case PlanColumn.STATUS:
                if self._late(s):
                    return _t("To record")
                return session_status_words(s.status)
            case PlanColumn.LENGTH:
                return _t("{n} min").format(n=s.length_minutes) if s.length_minutes else ""
            case PlanColumn.WORKED_ON:
                return " ".join(s.worked_on.split())
        if s.progress_rating is None:
            return ""
        return _t("{rating} of {most}").format(rating=s.progress_rating, most=RATING_MAX)
