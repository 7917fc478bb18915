"""The observation log as a table model: ids from a search, rows fetched a block at a time and cached."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from enum import IntEnum
from functools import partial
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QDate,
    QDateTime,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTime,
    QTimer,
)
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QApplication

from carer_app.domain.enums import EntryBasis, ObservationCategory
from carer_app.domain.observation_views import ObservationRow

ID_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2
BLOCK = 100  # rows asked for at once when the view scrolls onto rows not yet loaded
PREVIEW_CHARS = 240
DATETIME_EDIT_FORMAT = "ddd d MMM yyyy HH:mm"

Index = QModelIndex | QPersistentModelIndex
Fetcher = Callable[[list[str], Callable[[list[ObservationRow]], None]], None]


def _t(text: str) -> str:
    return QCoreApplication.translate("observations", text)


class Column(IntEnum):
    WHEN = 0
    CHILD = 1
    CATEGORY = 2
    BASIS = 3
    ENTRY = 4
    SIGNED = 5


def category_words(category: ObservationCategory) -> str:
    return {
        ObservationCategory.HEALTH: _t("Health"),
        ObservationCategory.EDUCATION: _t("Education"),
        ObservationCategory.FAMILY_CONTACT: _t("Contact with family"),
        ObservationCategory.BEHAVIOUR: _t("Behaviour"),
        ObservationCategory.ACHIEVEMENT: _t("Achievement"),
        ObservationCategory.WELLBEING: _t("Wellbeing"),
        ObservationCategory.INCIDENT: _t("Incident"),
        ObservationCategory.OTHER: _t("Other"),
    }[category]


def basis_words(basis: EntryBasis) -> str:
    return {
        EntryBasis.FACT: _t("Fact"),
        EntryBasis.OPINION: _t("Opinion"),
        EntryBasis.THIRD_PARTY: _t("Third party"),
    }[basis]


def local_qdatetime(moment: datetime) -> QDateTime:
    here = moment.astimezone()
    return QDateTime(QDate(here.year, here.month, here.day),
                     QTime(here.hour, here.minute, here.second))


def when_text(moment: datetime) -> str:
    """"Tue 4 Mar 2025, 09:30" in the carer's own language and clock."""
    local = local_qdatetime(moment)
    locale = QLocale()
    return _t("{day}, {time}").format(day=locale.toString(local.date(), "ddd d MMM yyyy"),
                                      time=locale.toString(local.time(), QLocale.FormatType.ShortFormat))


def signature_text(row: ObservationRow) -> str:
    signed = _t("{author}, {when}").format(author=row.author or _t("a former adult"),
                                           when=when_text(row.created_at))
    if row.deleted_at is not None:
        return _t("{signed} · deleted {when}").format(signed=signed, when=when_text(row.deleted_at))
    if row.edited:
        return _t("{signed} · amended").format(signed=signed)
    return signed


def signature_text_sample(author: str, when: str) -> str:
    """The widest signature a row may show, to size the column before any row is loaded."""
    return _t("{signed} · amended").format(signed=_t("{author}, {when}").format(
        author=author, when=when))


def entry_preview(row: ObservationRow) -> str:
    text = " ".join(row.text.split())
    if len(text) > PREVIEW_CHARS:
        text = text[:PREVIEW_CHARS].rstrip() + "…"
    if row.child_words:
        text = _t("{text} · In their words: “{words}”").format(
            text=text, words=" ".join(row.child_words.split()))
    return text


class ObservationTableModel(QAbstractTableModel):
    """Holds the ids a search found; asks ``fetch`` for the rows the view needs, a block at a time."""

    def __init__(self, fetch: Fetcher, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._fetch = fetch
        self._ids: list[str] = []
        self._positions: dict[str, int] = {}
        self._cache: dict[str, ObservationRow] = {}
        self._wanted: set[int] = set()
        self._pending: set[str] = set()
        self._generation = 0
        self._flush = QTimer(self)
        self._flush.setSingleShot(True)
        self._flush.setInterval(0)
        self._flush.timeout.connect(self._fetch_wanted)

    # -- filling -------------------------------------------------------------------------------

    def set_ids(self, ids: Sequence[str], rows: Sequence[ObservationRow] = ()) -> None:
        """A new search result; ``rows`` may carry some rows already loaded."""
        self.beginResetModel()
        self._generation += 1
        self._ids = list(ids)
        self._positions = {oid: i for i, oid in enumerate(self._ids)}
        self._cache = {r.id: r for r in rows if r.id in self._positions}
        self._wanted.clear()
        self._pending.clear()
        self.endResetModel()

    def put_rows(self, rows: Sequence[ObservationRow]) -> None:
        """Fresh rows (loaded, or just saved): shown where their ids are in the list."""
        changed: list[int] = []
        for row in rows:
            self._pending.discard(row.id)
            position = self._positions.get(row.id)
            if position is not None:
                self._cache[row.id] = row
                changed.append(position)
        if changed:
            last = len(Column) - 1
            self.dataChanged.emit(self.index(min(changed), 0), self.index(max(changed), last))

    def clear(self) -> None:
        self.set_ids([])

    def prefetch(self, first: int = 0) -> None:
        """Ask for the block holding ``first`` now, before the view paints (a faster first page)."""
        if 0 <= first < len(self._ids):
            self._wanted.add(first)
            self._fetch_wanted()

    def _want(self, position: int) -> None:
        self._wanted.add(position)
        if not self._flush.isActive():
            self._flush.start()

    def _fetch_wanted(self) -> None:
        blocks = sorted({p // BLOCK for p in self._wanted})
        self._wanted.clear()
        generation = self._generation
        for block in blocks:
            ids = [oid for oid in self._ids[block * BLOCK:(block + 1) * BLOCK]
                   if oid not in self._cache and oid not in self._pending]
            if not ids:
                continue
            self._pending.update(ids)
            self._fetch(ids, partial(self._delivered, generation))

    def _delivered(self, generation: int, rows: list[ObservationRow]) -> None:
        if generation == self._generation:
            self.put_rows(rows)

    # -- reading -------------------------------------------------------------------------------

    @property
    def ids(self) -> list[str]:
        return list(self._ids)

    def row_at(self, position: int) -> ObservationRow | None:
        if 0 <= position < len(self._ids):
            return self._cache.get(self._ids[position])
        return None

    def position_of(self, observation_id: str) -> int | None:
        return self._positions.get(observation_id)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if not 0 <= section < len(Column):
            return None
        return (_t("When"), _t("Child"), _t("Category"), _t("Fact or opinion"), _t("Entry"),
                _t("Signed"))[section]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._ids):
            return None
        oid = self._ids[index.row()]
        if role == ID_ROLE:
            return oid
        row = self._cache.get(oid)
        if row is None:
            if role == Qt.ItemDataRole.DisplayRole:
                self._want(index.row())
                return _t("Loading…") if index.column() == Column.ENTRY else ""
            return None
        if role == ROW_ROLE:
            return row
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(row, Column(index.column()))
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == Column.ENTRY:
            words = _t("\nIn their words: “{words}”").format(words=row.child_words) \
                if row.child_words else ""
            return row.text + words
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == Column.SIGNED:
            return _t("Written by {author} on {when}").format(
                author=row.author or _t("a former adult"), when=when_text(row.created_at))
        if row.deleted_at is not None:
            return self._deleted_look(role)
        return None

    def _text(self, row: ObservationRow, column: Column) -> str:
        match column:
            case Column.WHEN:
                return when_text(row.occurred_at)
            case Column.CHILD:
                return row.child_name
            case Column.CATEGORY:
                return category_words(row.category)
            case Column.BASIS:
                return basis_words(row.basis)
            case Column.ENTRY:
                return entry_preview(row)
        return signature_text(row)

    @staticmethod
    def _deleted_look(role: int) -> Any:
        if role == Qt.ItemDataRole.FontRole:
            font = QFont(QApplication.font())
            font.setStrikeOut(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole:
            return QApplication.palette().brush(QPalette.ColorGroup.Disabled,
                                                QPalette.ColorRole.Text)
        return None
