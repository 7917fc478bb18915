"""The story as a tree for adults: chapters in order, their entries in order, with audience badges."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from carer_app.domain.audience import Visibility
from carer_app.domain.enums import Audience
from carer_app.domain.life_story_views import ChapterStory, ChapterView, EntryView
from carer_app.ui.badge_delegate import TONE_ROLE
from carer_app.ui.life_story_words import audience_badge, long_date
from carer_app.ui.messages import QT_TRANSLATE_NOOP

KIND_ROLE = Qt.ItemDataRole.UserRole + 1  # "chapter" or "entry"
ID_ROLE = Qt.ItemDataRole.UserRole + 2  # chapter id (None for loose entries) or entry id
ENTRY_ROLE = Qt.ItemDataRole.UserRole + 3  # the EntryView
CHAPTER_ROLE = Qt.ItemDataRole.UserRole + 4  # the ChapterView (None for loose entries)
AUDIENCE_ROLE = Qt.ItemDataRole.UserRole + 5  # the entry's Audience value, for the badge

TITLE, WHEN, AUDIENCE, LETTER = range(4)
HEADERS = (
    QT_TRANSLATE_NOOP("StoryTimelineModel", "Title"),
    QT_TRANSLATE_NOOP("StoryTimelineModel", "When"),
    QT_TRANSLATE_NOOP("StoryTimelineModel", "Who can read it"),
    QT_TRANSLATE_NOOP("StoryTimelineModel", "Later-life letter"),
)
_Index = QModelIndex | QPersistentModelIndex


def _t(text: str) -> str:
    return QCoreApplication.translate("StoryTimelineModel", text)


@dataclass
class _Group:
    chapter: ChapterView | None
    entries: list[EntryView] = field(default_factory=list)


class StoryTimelineModel(QAbstractItemModel):
    """Top-level rows are chapters (the last may be "Not in a chapter"); children are entries.

    An entry's internal id is its chapter row + 1; a chapter's is 0.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._groups: list[_Group] = []

    # -- content -------------------------------------------------------------------------------

    def set_story(self, story: list[ChapterStory]) -> None:
        self.beginResetModel()
        self._groups = [_Group(c.chapter, list(c.entries)) for c in story]
        self.endResetModel()

    def clear(self) -> None:
        self.set_story([])

    def chapter_row(self, chapter_id: str | None) -> int | None:
        for row, group in enumerate(self._groups):
            if (group.chapter.id if group.chapter else None) == chapter_id:
                return row
        return None

    def index_of(self, kind: str, item_id: str | None) -> QModelIndex:
        """The index of a chapter or an entry by id (an invalid index when not shown)."""
        for row, group in enumerate(self._groups):
            if kind == "chapter" and (group.chapter.id if group.chapter else None) == item_id:
                return self.index(row, 0)
            if kind == "entry":
                for child_row, entry in enumerate(group.entries):
                    if entry.id == item_id:
                        return self.index(child_row, 0, self.index(row, 0))
        return QModelIndex()

    def chapters(self) -> list[ChapterView]:
        return [g.chapter for g in self._groups if g.chapter is not None]

    def entries_of(self, chapter_id: str | None) -> list[EntryView]:
        row = self.chapter_row(chapter_id)
        return list(self._groups[row].entries) if row is not None else []

    # -- QAbstractItemModel --------------------------------------------------------------------

    def index(self, row: int, column: int, parent: _Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0)
        if parent.internalId() != 0:
            return QModelIndex()
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, child: _Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not child.isValid() or child.internalId() == 0:
            return QModelIndex()
        return self.createIndex(child.internalId() - 1, 0, 0)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._groups)
        if parent.column() != 0 or parent.internalId() != 0:
            return 0
        return len(self._groups[parent.row()].entries)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return len(HEADERS)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(HEADERS):
            return _t(HEADERS[section])
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if index.internalId() == 0:
            return self._chapter_data(self._groups[index.row()], index.column(), role)
        entry = self._groups[index.internalId() - 1].entries[index.row()]
        return self._entry_data(entry, index.column(), role)

    def _chapter_data(self, group: _Group, column: int, role: int) -> Any:
        title = group.chapter.title if group.chapter else _t("Not in a chapter")
        match role:
            case Qt.ItemDataRole.DisplayRole if column == TITLE:
                return title
            case Qt.ItemDataRole.DisplayRole if column == WHEN:
                count = len(group.entries)
                return _t("1 entry") if count == 1 else _t("{n} entries").format(n=count)
            case Qt.ItemDataRole.FontRole if column == TITLE:
                font = QFont()
                font.setBold(True)
                return font
            case Qt.ItemDataRole.AccessibleTextRole if column == TITLE:
                return _t("Chapter: {title}").format(title=title)
            case Qt.ItemDataRole.ToolTipRole if group.chapter is None:
                return _t("Entries not in any chapter come at the end of the story.")
            case _ if role == KIND_ROLE:
                return "chapter"
            case _ if role == ID_ROLE:
                return group.chapter.id if group.chapter else None
            case _ if role == CHAPTER_ROLE:
                return group.chapter
        return None

    def _entry_data(self, entry: EntryView, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self._entry_text(entry, column)
        if role == Qt.ItemDataRole.AccessibleTextRole and column == TITLE:
            parts = [self._entry_text(entry, c) for c in range(len(HEADERS))]
            return ", ".join(p for p in parts if p)
        if role == Qt.ItemDataRole.ToolTipRole and column == WHEN and entry.sort_date is not None:
            return _t("Placed on the timeline at {date}").format(date=long_date(entry.sort_date))
        if role == Qt.ItemDataRole.ToolTipRole and column == AUDIENCE:
            return self._audience_tip(entry)
        if role == KIND_ROLE:
            return "entry"
        if role == ID_ROLE:
            return entry.id
        if role == ENTRY_ROLE:
            return entry
        if role == AUDIENCE_ROLE and column == AUDIENCE:
            return str(entry.audience)
        if role == TONE_ROLE and column == AUDIENCE:
            return self._tone(entry)
        if role == TONE_ROLE and column == LETTER and entry.is_later_life_letter:
            return "purple"
        return None

    @staticmethod
    def _entry_text(entry: EntryView, column: int) -> str:
        match column:
            case 0:
                return entry.title
            case 1:
                return entry.date_text or ""
            case 2:
                return audience_badge(entry)
            case 3:
                return _t("Later-life letter") if entry.is_later_life_letter else ""
        return ""

    @staticmethod
    def _tone(entry: EntryView) -> str:
        if entry.audience is Audience.CHILD_NOW:
            return "green"
        if entry.audience is Audience.TOGETHER or entry.visibility is Visibility.TOGETHER:
            return "blue"
        return "amber"

    @staticmethod
    def _audience_tip(entry: EntryView) -> str:
        if entry.audience is Audience.CHILD_NOW:
            return _t("The child can read this in their storybook on their own.")
        if entry.audience is Audience.TOGETHER:
            return _t("Shown in the storybook only while an adult sits with the child.")
        if entry.visibility is Visibility.TOGETHER:
            return _t("Its time has come: the child reads it together with an adult first.")
        if entry.release_date is not None:
            return _t("Held until {date}. The child cannot see it before then.").format(
                date=long_date(entry.release_date))
        if entry.release_at_age is not None:
            return _t("Held until the age chosen. Add the child's date of birth so it can be "
                      "released on time.")
        return _t("Held until an adult changes who can read it.")
