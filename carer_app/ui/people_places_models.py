"""Table models of a child's significant people and places, with contact and location badges."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from carer_app.domain.enums import ContactArrangement
from carer_app.domain.life_story_views import PersonView, PlaceView
from carer_app.ui.badge_delegate import TONE_ROLE
from carer_app.ui.life_story_words import contact_hint, contact_words, place_kind_words, relationship_words
from carer_app.ui.messages import QT_TRANSLATE_NOOP

ID_ROLE = Qt.ItemDataRole.UserRole + 1
VIEW_ROLE = Qt.ItemDataRole.UserRole + 2
CONTEXT = "PeoplePlacesModels"
_Index = QModelIndex | QPersistentModelIndex
T = TypeVar("T", PersonView, PlaceView)

CONTACT_TONES = {
    ContactArrangement.DIRECT: "green", ContactArrangement.SUPERVISED: "blue",
    ContactArrangement.LETTERBOX: "purple", ContactArrangement.NONE: "grey",
}


def _t(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def span_words(start: str | None, end: str | None) -> str:
    if start and end:
        return _t("{start} to {end}").format(start=start, end=end)
    if start:
        return _t("from {start}").format(start=start)
    return _t("until {end}").format(end=end) if end else ""


class _ListModel(QAbstractTableModel, Generic[T]):
    HEADERS: tuple[str, ...] = ()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[T] = []

    def set_rows(self, rows: list[T]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def clear(self) -> None:
        self.set_rows([])

    def row_of(self, item_id: str | None) -> int | None:
        return next((r for r, v in enumerate(self._rows) if v.id == item_id), None)

    def view_at(self, row: int) -> T | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self.HEADERS):
            return _t(self.HEADERS[section])
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        view = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(view, index.column())
        if role == Qt.ItemDataRole.AccessibleTextRole and index.column() == 0:
            return ", ".join(t for t in (self.text(view, c) for c in range(len(self.HEADERS))) if t)
        if role == ID_ROLE:
            return view.id
        if role == VIEW_ROLE:
            return view
        if role == TONE_ROLE:
            return self.tone(view, index.column())
        if role == Qt.ItemDataRole.FontRole and index.column() == 0:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tip(view, index.column())
        return None

    def text(self, view: T, column: int) -> str:
        raise NotImplementedError

    def tone(self, view: T, column: int) -> str | None:
        return None

    def tip(self, view: T, column: int) -> str | None:
        return None


class PeopleModel(_ListModel[PersonView]):
    HEADERS = (QT_TRANSLATE_NOOP(CONTEXT, "Name"), QT_TRANSLATE_NOOP(CONTEXT, "Who they are"),
               QT_TRANSLATE_NOOP(CONTEXT, "Contact"), QT_TRANSLATE_NOOP(CONTEXT, "Location"))

    def text(self, view: PersonView, column: int) -> str:
        match column:
            case 0:
                return view.name
            case 1:
                return relationship_words(view.relationship)
            case 2:
                return contact_words(view.contact_arrangement)
            case 3:
                return _t("Do not share location") if view.do_not_share_location else ""
        return ""

    def tone(self, view: PersonView, column: int) -> str | None:
        if column == 2:
            return CONTACT_TONES[view.contact_arrangement]
        return "red" if column == 3 and view.do_not_share_location else None

    def tip(self, view: PersonView, column: int) -> str | None:
        if column == 2:
            return contact_hint(view.contact_arrangement)
        if column == 3 and view.do_not_share_location:
            return _t("This person must not learn where the child lives.")
        return None


class PlacesModel(_ListModel[PlaceView]):
    HEADERS = (QT_TRANSLATE_NOOP(CONTEXT, "Name"), QT_TRANSLATE_NOOP(CONTEXT, "What it is"),
               QT_TRANSLATE_NOOP(CONTEXT, "When"), QT_TRANSLATE_NOOP(CONTEXT, "Location"))

    def text(self, view: PlaceView, column: int) -> str:
        match column:
            case 0:
                return view.name
            case 1:
                return place_kind_words(view.kind)
            case 2:
                return span_words(view.from_text, view.to_text)
            case 3:
                return _t("Do not share location") if view.do_not_share_location else ""
        return ""

    def tone(self, view: PlaceView, column: int) -> str | None:
        return "red" if column == 3 and view.do_not_share_location else None

    def tip(self, view: PlaceView, column: int) -> str | None:
        if column == 3 and view.do_not_share_location:
            return _t("Where this is stays private: it is left out of the storybook.")
        return None
