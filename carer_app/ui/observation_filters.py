"""The search and filter bar over the observation log: words, category, dates, author, child."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from carer_app.domain.enums import ObservationCategory
from carer_app.domain.observation_views import AuthorView, ObservationQuery
from carer_app.domain.views import ChildView
from carer_app.ui.observation_table_model import category_words
from carer_app.ui.programme_words import DATE_EDIT_FORMAT

ANY_TIME, LAST_WEEK, LAST_MONTH, LAST_QUARTER, THIS_YEAR, BETWEEN = range(6)


class ObservationFilters(QWidget):
    """``changed`` when a choice changes; ``text_edited`` while typing (the screen waits a moment)."""

    changed = Signal()
    text_edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search the words of every entry (Ctrl+F)"))
        self.search.setAccessibleName(self.tr("Search"))
        self.search.setClearButtonEnabled(True)
        self.search.textEdited.connect(lambda _text: self.text_edited.emit())
        self.search.returnPressed.connect(self.changed)
        self.category = QComboBox()
        self.category.setAccessibleName(self.tr("Category"))
        self.category.addItem(self.tr("All categories"), None)
        for value in ObservationCategory:
            self.category.addItem(category_words(value), value.value)
        self.child = QComboBox()
        self.child.setAccessibleName(self.tr("Child"))
        self.author = QComboBox()
        self.author.setAccessibleName(self.tr("Written by"))
        self.period = QComboBox()
        self.period.setAccessibleName(self.tr("Dates"))
        for period in (self.tr("Any time"), self.tr("Last 7 days"), self.tr("Last 30 days"),
                       self.tr("Last 3 months"), self.tr("This year"), self.tr("Between dates")):
            self.period.addItem(period)
        today = QDate.currentDate()
        self.first = QDateEdit(today.addMonths(-1))
        self.last = QDateEdit(today)
        for edit, name in ((self.first, self.tr("From")), (self.last, self.tr("To"))):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat(DATE_EDIT_FORMAT)
            edit.setAccessibleName(name)
            edit.dateChanged.connect(lambda _d: self.changed.emit())
        self.deleted = QCheckBox(self.tr("Show deleted entries"))
        self.deleted.setAccessibleName(self.tr("Show deleted entries"))
        self.set_choices([], [], None)
        for combo in (self.category, self.child, self.author):
            combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.period.currentIndexChanged.connect(self._period_changed)
        self.deleted.toggled.connect(lambda _on: self.changed.emit())

        dates = QHBoxLayout()
        dates.setContentsMargins(0, 0, 0, 0)
        dates.addWidget(self.period)
        dates.addWidget(self.first)
        dates.addWidget(self.last)
        dates.addStretch(1)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        for column, (text, widget) in enumerate(((self.tr("&Search:"), self.search),
                                                 (self.tr("Ca&tegory:"), self.category),
                                                 (self.tr("C&hild:"), self.child))):
            label = QLabel(text)
            label.setBuddy(widget)
            grid.addWidget(label, 0, column * 2)
            grid.addWidget(widget, 0, column * 2 + 1)
        for column, (text, widget) in enumerate(((self.tr("Dat&es:"), self.period),
                                                 (self.tr("W&ritten by:"), self.author))):
            label = QLabel(text)
            label.setBuddy(widget)
            grid.addWidget(label, 1, column * 2)
            if widget is self.period:
                grid.addLayout(dates, 1, 1)
            else:
                grid.addWidget(widget, 1, column * 2 + 1)
        grid.addWidget(self.deleted, 1, 5)
        grid.setColumnStretch(1, 1)
        self._period_changed(ANY_TIME)

    def set_choices(self, kids: list[ChildView], authors: list[AuthorView],
                    child_id: str | None) -> None:
        wanted_author = self.author.currentData()
        for combo in (self.child, self.author):
            combo.blockSignals(True)
            combo.clear()
        self.child.addItem(self.tr("All children"), None)
        for kid in kids:
            self.child.addItem(kid.shown_name, kid.id)
        self.child.setCurrentIndex(max(0, self.child.findData(child_id)))
        self.author.addItem(self.tr("Anyone"), None)
        for author in authors:
            self.author.addItem(author.name, author.id)
        self.author.setCurrentIndex(max(0, self.author.findData(wanted_author)))
        for combo in (self.child, self.author):
            combo.blockSignals(False)

    def choose_child(self, child_id: str | None) -> None:
        self.child.blockSignals(True)
        self.child.setCurrentIndex(max(0, self.child.findData(child_id)))
        self.child.blockSignals(False)

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _period_changed(self, index: int) -> None:
        for edit in (self.first, self.last):
            edit.setVisible(index == BETWEEN)
        self.changed.emit()

    def child_id(self) -> str | None:
        value = self.child.currentData()
        return str(value) if value else None

    def dates(self) -> tuple[date | None, date | None]:
        today = date.today()
        match self.period.currentIndex():
            case 1:
                return today - timedelta(days=6), today
            case 2:
                return today - timedelta(days=29), today
            case 3:
                return today - timedelta(days=91), today
            case 4:
                return date(today.year, 1, 1), today
            case 5:
                first, last = self.first.date().toPython(), self.last.date().toPython()
                assert isinstance(first, date) and isinstance(last, date)
                return min(first, last), max(first, last)
        return None, None

    def period_or(self, first: date, last: date) -> tuple[date, date]:
        chosen = self.dates()
        return chosen[0] or first, chosen[1] or last

    def query(self) -> ObservationQuery:
        category = self.category.currentData()
        author = self.author.currentData()
        first, last = self.dates()
        return ObservationQuery(
            text=self.search.text(),
            categories=frozenset({ObservationCategory(category)}) if category else frozenset(),
            child_id=self.child_id(), author_id=str(author) if author else None,
            date_from=first, date_to=last, include_deleted=self.deleted.isChecked(),
        )

    def clear(self) -> None:
        """On lock: names go from the combo boxes and words from the search box."""
        self.search.clear()
        self.set_choices([], [], None)
