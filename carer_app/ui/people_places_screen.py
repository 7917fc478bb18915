"""The "People and places" screen: who matters to the child and where their story happened."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from carer_app.domain.life_story_views import PersonView, PlaceView
from carer_app.domain.views import ChildView
from carer_app.services import children, people_places
from carer_app.ui.badge_delegate import BadgeDelegate
from carer_app.ui.fonts import bigger
from carer_app.ui.life_story_words import error_words
from carer_app.ui.owned_work import run_for
from carer_app.ui.people_places_models import VIEW_ROLE, PeopleModel, PlacesModel
from carer_app.ui.people_places_pages import PersonPage, PlacePage
from carer_app.ui.person_editor import PersonEditor
from carer_app.ui.place_editor import PlaceEditor
from carer_app.ui.screen_registry import ScreenContext

if TYPE_CHECKING:
    from carer_app.services.household import Vault

Loaded = tuple[list[ChildView], list[PersonView], list[PlaceView]]


class _ListPane(QWidget):
    """A table with Add, Change and Remove under it, and the selected item's page beside it."""

    def __init__(self, model: PeopleModel | PlacesModel, page: QWidget, names: tuple[str, str, str],
                 accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.table = QTreeView()
        self.table.setModel(model)
        self.table.setRootIsDecorated(False)
        self.table.setAccessibleName(accessible_name)
        self.table.setItemDelegate(BadgeDelegate(self.table))
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.add_button = QPushButton(names[0])
        self.edit_button = QPushButton(names[1])
        self.remove_button = QPushButton(names[2])
        for button in (self.add_button, self.edit_button, self.remove_button):
            button.setAccessibleName(button.text().replace("&", "").rstrip("…"))
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setMinimumWidth(340)
        scroll.setWidget(page)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        left = QWidget()
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.table, 1)
        left_layout.addLayout(buttons)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(scroll)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([640, 400])
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

    def selected(self) -> Any:
        index = self.table.currentIndex()
        return index.siblingAtColumn(0).data(VIEW_ROLE) if index.isValid() else None

    def select(self, item_id: str | None) -> None:
        row = self.model.row_of(item_id)
        if row is None and self.model.rowCount() > 0:
            row = 0
        if row is not None:
            self.table.selectionModel().setCurrentIndex(
                self.model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)

    def update_buttons(self, has_child: bool) -> None:
        self.add_button.setEnabled(has_child)
        chosen = self.selected() is not None
        self.edit_button.setEnabled(chosen)
        self.remove_button.setEnabled(chosen)


class PeoplePlacesScreen(QWidget):
    def __init__(self, context: ScreenContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = context.session
        self.child_id: str | None = None
        self.kids: list[ChildView] = []
        self.setAccessibleName(self.tr("People and places"))
        heading = QLabel(self.tr("People and places"))
        heading.setFont(bigger(self.font(), 1.4))
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.person_page = PersonPage(self.session)
        self.place_page = PlacePage(self.session)
        self.people_model = PeopleModel(self)
        self.places_model = PlacesModel(self)
        self.people = _ListPane(self.people_model, self.person_page, (
            self.tr("&Add a person…"), self.tr("&Change…"), self.tr("&Remove…")),
            self.tr("Significant people"))
        self.places = _ListPane(self.places_model, self.place_page, (
            self.tr("&Add a place…"), self.tr("&Change…"), self.tr("&Remove…")), self.tr("Places"))
        for pane, show in ((self.people, self._show_person), (self.places, self._show_place)):
            pane.table.selectionModel().currentChanged.connect(lambda *_a, s=show: s())
            pane.table.activated.connect(lambda _i, p=pane: self.edit(p))
            pane.add_button.clicked.connect(lambda _c=False, p=pane: self.add(p))
            pane.edit_button.clicked.connect(lambda _c=False, p=pane: self.edit(p))
            pane.remove_button.clicked.connect(lambda _c=False, p=pane: self.ask_remove(p))
            shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), pane.table)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(lambda p=pane: self.ask_remove(p))
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(self.tr("People and places"))
        self.tabs.addTab(self.people, self.tr("People"))
        self.tabs.addTab(self.places, self.tr("Places"))
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.intro)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.status)
        self.editor: PersonEditor | PlaceEditor | None = None
        self.confirm_box: QMessageBox | None = None
        self.session.changed.connect(self._session_changed)
        self._update()

    # -- the Screen protocol --------------------------------------------------------------------

    def set_child(self, child_id: str | None) -> None:
        if child_id != self.child_id:
            self.people.model.clear()
            self.places.model.clear()
        self.child_id = child_id
        self.refresh()

    def clear(self) -> None:
        for window in (self.editor, self.confirm_box):
            if window is not None:
                window.reject()
        self.editor = self.confirm_box = None
        self.child_id = None
        self.kids = []
        self.people.model.clear()
        self.places.model.clear()
        self.person_page.clear()
        self.place_page.clear()
        self.intro.clear()
        self.status.clear()
        self._update()

    # -- loading -------------------------------------------------------------------------------

    @property
    def child(self) -> ChildView | None:
        return next((c for c in self.kids if c.id == self.child_id), None)

    def refresh(self, people_select: str | None = None, place_select: str | None = None) -> None:
        child_id = self.child_id
        if child_id is None or not self.session.is_unlocked:
            self._update()
            return
        keep_person = people_select or getattr(self.people.selected(), "id", None)
        keep_place = place_select or getattr(self.places.selected(), "id", None)

        def work(vault: Vault) -> Loaded:
            return (children.list_children(vault), people_places.list_people(vault, child_id),
                    people_places.list_places(vault, child_id))

        def done(found: Loaded) -> None:
            if child_id != self.child_id:
                return
            self.kids, people, places = found
            self.people_model.set_rows(people)
            self.places_model.set_rows(places)
            self.people.select(keep_person)
            self.places.select(keep_place)
            self._update()

        run_for(self, self.session, work, done, self._failed)

    def _session_changed(self, what: str) -> None:
        if what in ("children", "people_places", "photos") and self.child_id is not None:
            self.refresh()

    def _update(self) -> None:
        child = self.child
        self.intro.setText(self.tr(
            "The people who matter to {name} and the places in their story, with the contact "
            "arrangements for each. Kept while {name} is in care.").format(name=child.shown_name)
            if child else "")
        for pane in (self.people, self.places):
            pane.update_buttons(self.child_id is not None)
        self._show_person()
        self._show_place()

    def _show_person(self) -> None:
        person, child = self.people.selected(), self.child
        if person is None or child is None:
            self.person_page.clear()
        else:
            others = [c.shown_name for c in self.kids if c.id in person.other_children]
            self.person_page.show_person(person, child.shown_name, others)
        self.people.update_buttons(self.child_id is not None)

    def _show_place(self) -> None:
        place = self.places.selected()
        if place is None or self.child_id is None:
            self.place_page.clear()
        else:
            self.place_page.show_place(place, self.child_id)
        self.places.update_buttons(self.child_id is not None)

    def _failed(self, error: BaseException) -> None:
        self.status.setText(error_words(error))

    # -- changes -------------------------------------------------------------------------------

    def add(self, pane: _ListPane) -> PersonEditor | PlaceEditor | None:
        return self._open(pane, None)

    def edit(self, pane: _ListPane) -> PersonEditor | PlaceEditor | None:
        chosen = pane.selected()
        return self._open(pane, chosen) if chosen is not None else None

    def _open(self, pane: _ListPane, item: Any) -> PersonEditor | PlaceEditor | None:
        if self.child_id is None or not self.session.is_unlocked:
            return None
        editor: PersonEditor | PlaceEditor
        if pane is self.people:
            editor = PersonEditor(self.session, self.child_id, item, self)
            editor.saved.connect(lambda view: self._saved(view.id, None))
        else:
            child = self.child
            editor = PlaceEditor(self.session, self.child_id, item,
                                 child.date_of_birth if child else None, self)
            editor.saved.connect(lambda view: self._saved(None, view.id))
        editor.finished.connect(lambda _r: self._editor_closed(editor))
        self.editor = editor
        editor.open()
        return editor

    def _editor_closed(self, editor: QWidget) -> None:
        if self.editor is editor:
            self.editor = None
        editor.deleteLater()

    def _saved(self, person_id: str | None, place_id: str | None) -> None:
        self.status.clear()
        self.refresh(person_id, place_id)
        self.session.notify("people_places")

    def ask_remove(self, pane: _ListPane) -> QMessageBox | None:
        chosen, child_id = pane.selected(), self.child_id
        if chosen is None or child_id is None:
            return None
        work: Callable[[Vault], None]
        if pane is self.people:
            text = self.tr("Remove {name} from this child's people? Entries and photos stay; they "
                           "no longer show who this is.").format(name=chosen.name)
            work = lambda vault: people_places.remove_person(vault, child_id, chosen.id)  # noqa: E731
        else:
            text = self.tr("Remove the place \u201c{name}\u201d? Photos taken there are kept."
                           ).format(name=chosen.name)
            work = lambda vault: people_places.delete_place(vault, child_id, chosen.id)  # noqa: E731
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Remove"), text,
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setAccessibleName(self.tr("Remove"))
        box.setDefaultButton(QMessageBox.StandardButton.No)
        for which, words in ((QMessageBox.StandardButton.Yes, self.tr("Remove")),
                             (QMessageBox.StandardButton.No, self.tr("Keep"))):
            box.button(which).setText(words)
            box.button(which).setAccessibleName(words)

        def answered(_result: int) -> None:
            self.confirm_box = None
            yes = box.clickedButton() is box.button(QMessageBox.StandardButton.Yes)
            if yes and self.session.is_unlocked:
                run_for(self, self.session, work, lambda _none: self._saved(None, None), self._failed)

        box.finished.connect(answered)
        self.confirm_box = box
        box.open()
        return box
