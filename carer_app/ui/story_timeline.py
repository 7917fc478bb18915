"""The story for adults: chapters and entries in order, with who can read each; add, change, move."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from carer_app.domain.life_story_views import ChapterStory, ChapterView, EntryView
from carer_app.services import life_story
from carer_app.ui.app_session import AppSession
from carer_app.ui.badge_delegate import BadgeDelegate
from carer_app.ui.life_story_words import error_words
from carer_app.ui.owned_work import run_for
from carer_app.ui.story_entry_editor import StoryEntryEditor
from carer_app.ui.story_timeline_model import (
    CHAPTER_ROLE,
    ENTRY_ROLE,
    ID_ROLE,
    KIND_ROLE,
    StoryTimelineModel,
)

if TYPE_CHECKING:
    from carer_app.services.household import Vault


class StoryTimeline(QWidget):
    """Shows one child's story; every change goes through the services, then the tree reloads."""

    story_changed = Signal()

    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.child_id: str | None = None
        self.date_of_birth: date | None = None
        self.setAccessibleName(self.tr("The story"))
        self.model = StoryTimelineModel(self)
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setAccessibleName(self.tr("Chapters and entries"))
        self.tree.setItemDelegate(BadgeDelegate(self.tree))
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(False)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, self.model.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.activated.connect(lambda _index: self.edit_selected())
        self.tree.selectionModel().currentChanged.connect(lambda *_: self._update_buttons())

        self.add_entry_button = self._button(self.tr("&Add an entry…"), self.tr("Add an entry"),
                                             self.add_entry)
        self.add_chapter_button = self._button(self.tr("Add a c&hapter…"), self.tr("Add a chapter"),
                                               self.add_chapter)
        self.edit_button = self._button(self.tr("&Change…"), self.tr("Change the selected item"),
                                        self.edit_selected)
        self.delete_button = self._button(self.tr("&Delete…"), self.tr("Delete the selected item"),
                                          self.delete_selected)
        up, down = (lambda: self.move_selected(-1)), (lambda: self.move_selected(1))
        self.up_button = self._button(self.tr("Move &up"), self.tr("Move up"), up)
        self.down_button = self._button(self.tr("Move do&wn"), self.tr("Move down"), down)
        self.up_button.setToolTip(self.tr("Ctrl+Up"))
        self.down_button.setToolTip(self.tr("Ctrl+Down"))
        for keys, action in ((QKeySequence.StandardKey.Delete, self.delete_selected),
                             ("Ctrl+Up", up), ("Ctrl+Down", down)):
            shortcut = QShortcut(QKeySequence(keys), self.tree)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(action)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.empty_hint = QLabel(self.tr(
            "Nothing written yet. A good place to start is today: a favourite thing, an ordinary "
            "day, a photo the child chooses. \u201cAdd an entry\u201d has ideas to begin with."))
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setVisible(False)
        buttons = QHBoxLayout()
        for button in (self.add_entry_button, self.add_chapter_button, self.edit_button,
                       self.delete_button, self.up_button, self.down_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.empty_hint)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.status)
        self.editor: StoryEntryEditor | None = None
        self.chapter_dialog: QInputDialog | None = None
        self.confirm_box: QMessageBox | None = None
        self._update_buttons()

    def _button(self, text: str, name: str, slot: Callable[[], Any]) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(name)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    # -- the child and loading ----------------------------------------------------------------

    def set_child(self, child_id: str | None, date_of_birth: date | None = None) -> None:
        if child_id != self.child_id:
            self.model.clear()
        self.child_id = child_id
        self.date_of_birth = date_of_birth
        self.refresh()

    def refresh(self, then_select: tuple[str, str | None] | None = None) -> None:
        child_id = self.child_id
        if child_id is None or not self.session.is_unlocked:
            self.model.clear()
            self._update_buttons()
            return
        keep = then_select or self.selected_key()

        def done(story: list[ChapterStory]) -> None:
            if child_id != self.child_id:
                return  # the adult chose another child meanwhile
            self.model.set_story(story)
            self.tree.expandAll()
            if keep is not None:
                self.select(*keep)
            self._update_buttons()

        run_for(self, self.session, lambda vault: life_story.story(vault, child_id), done, self._failed)

    def clear(self) -> None:
        for window in (self.editor, self.chapter_dialog, self.confirm_box):
            if window is not None:
                window.reject()
        self.editor = self.chapter_dialog = self.confirm_box = None
        self.child_id = None
        self.date_of_birth = None
        self.model.clear()
        self.status.clear()
        self._update_buttons()

    # -- selection -----------------------------------------------------------------------------

    def selected_key(self) -> tuple[str, str | None] | None:
        index = self.tree.currentIndex()
        if not index.isValid():
            return None
        index = index.siblingAtColumn(0)
        return str(index.data(KIND_ROLE)), index.data(ID_ROLE)

    def select(self, kind: str, item_id: str | None) -> None:
        index = self.model.index_of(kind, item_id)
        if index.isValid():
            self.tree.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)
            self.tree.scrollTo(index)

    def selected_entry(self) -> EntryView | None:
        index = self.tree.currentIndex()
        return index.siblingAtColumn(0).data(ENTRY_ROLE) if index.isValid() else None

    def selected_chapter(self) -> ChapterView | None:
        """The chapter selected, or the chapter of the selected entry."""
        index = self.tree.currentIndex().siblingAtColumn(0)
        if not index.isValid():
            return None
        if index.data(KIND_ROLE) == "entry":
            index = index.parent()
        found = index.data(CHAPTER_ROLE)
        return found if isinstance(found, ChapterView) else None

    def _update_buttons(self) -> None:
        has_child = self.child_id is not None
        self.empty_hint.setVisible(has_child and self.model.rowCount() == 0)
        key = self.selected_key()
        movable = key is not None and (key[0] == "entry" or key[1] is not None)
        for button in (self.add_entry_button, self.add_chapter_button):
            button.setEnabled(has_child)
        self.edit_button.setEnabled(movable)
        self.delete_button.setEnabled(movable)
        self.up_button.setEnabled(movable)
        self.down_button.setEnabled(movable)

    # -- entries -------------------------------------------------------------------------------

    def add_entry(self) -> StoryEntryEditor | None:
        chapter = self.selected_chapter()
        return self._open_editor(None, chapter.id if chapter else None)

    def edit_selected(self) -> QWidget | None:
        entry = self.selected_entry()
        if entry is not None:
            return self._open_editor(entry, entry.chapter_id)
        chapter = self.selected_chapter()
        return self.rename_chapter(chapter) if chapter is not None else None

    def _open_editor(self, entry: EntryView | None, chapter_id: str | None) -> StoryEntryEditor | None:
        if self.child_id is None or not self.session.is_unlocked:
            return None
        editor = StoryEntryEditor(
            self.session, self.child_id, chapters=self.model.chapters(),
            date_of_birth=self.date_of_birth, entry=entry, chapter_id=chapter_id, parent=self,
        )
        editor.saved.connect(lambda saved: self._changed(("entry", saved.id)))
        editor.finished.connect(lambda _result: self._editor_closed(editor))
        self.editor = editor
        editor.open()
        return editor

    def _editor_closed(self, editor: StoryEntryEditor) -> None:
        if self.editor is editor:
            self.editor = None
        editor.deleteLater()

    def delete_selected(self) -> QMessageBox | None:
        entry, chapter = self.selected_entry(), self.selected_chapter()
        if entry is not None:
            text = self.tr("Delete \u201c{title}\u201d from the story? It will no longer show in the "
                           "storybook or in a life story book.").format(title=entry.title)
            return self._confirm(text, lambda vault: life_story.delete_entry(vault, entry.id))
        if chapter is not None:
            text = self.tr("Delete the chapter \u201c{title}\u201d? Its entries are kept: they move "
                           "to \u201cNot in a chapter\u201d.").format(title=chapter.title)
            return self._confirm(text, lambda vault: life_story.delete_chapter(vault, chapter.id))
        return None

    def _confirm(self, text: str, work: Callable[[Vault], object]) -> QMessageBox:
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Delete"), text,
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.setAccessibleName(self.tr("Delete"))
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("Delete"))
        box.button(QMessageBox.StandardButton.Yes).setAccessibleName(self.tr("Delete"))
        box.button(QMessageBox.StandardButton.No).setText(self.tr("Keep it"))
        box.button(QMessageBox.StandardButton.No).setAccessibleName(self.tr("Keep it"))

        def answered(_result: int) -> None:
            self.confirm_box = None
            yes = box.clickedButton() is box.button(QMessageBox.StandardButton.Yes)
            if yes and self.session.is_unlocked:
                run_for(self, self.session, work, lambda _none: self._changed(None), self._failed)

        box.finished.connect(answered)
        self.confirm_box = box
        box.open()
        return box

    # -- chapters ------------------------------------------------------------------------------

    def add_chapter(self) -> QInputDialog | None:
        return self._chapter_dialog(self.tr("Add a chapter"), "", self.save_new_chapter)

    def rename_chapter(self, chapter: ChapterView) -> QInputDialog | None:
        return self._chapter_dialog(self.tr("Rename the chapter"), chapter.title,
                                    lambda title: self.save_chapter_title(chapter.id, title))

    def _chapter_dialog(self, title: str, text: str, on_done: Callable[[str], None]) -> QInputDialog:
        dialog = QInputDialog(self)
        dialog.setWindowTitle(title)
        dialog.setAccessibleName(title)
        dialog.setLabelText(self.tr("The chapter's title (you could ask the child what to call it):"))
        dialog.setTextEchoMode(QLineEdit.EchoMode.Normal)
        dialog.setTextValue(text)
        for edit in dialog.findChildren(QLineEdit):
            edit.setAccessibleName(self.tr("Chapter title"))
        dialog.textValueSelected.connect(on_done)
        dialog.finished.connect(lambda _r: setattr(self, "chapter_dialog", None))
        self.chapter_dialog = dialog
        dialog.open()
        return dialog

    def save_new_chapter(self, title: str) -> None:
        child_id = self.child_id
        if child_id is not None and title.strip() and self.session.is_unlocked:
            run_for(self, self.session, lambda vault: life_story.add_chapter(vault, child_id, title),
                             lambda chapter: self._changed(("chapter", chapter.id)), self._failed)

    def save_chapter_title(self, chapter_id: str, title: str) -> None:
        if title.strip() and self.session.is_unlocked:
            run_for(self, self.session, lambda vault: life_story.rename_chapter(vault, chapter_id, title),
                             lambda chapter: self._changed(("chapter", chapter.id)), self._failed)

    # -- order ---------------------------------------------------------------------------------

    def move_selected(self, step: int) -> None:
        key, child_id = self.selected_key(), self.child_id
        if key is None or child_id is None or not self.session.is_unlocked:
            return
        kind, item_id = key
        entry = self.selected_entry()
        chapter_id = entry.chapter_id if entry is not None else None
        if kind == "entry":
            ids = [e.id for e in self.model.entries_of(chapter_id)]
        else:
            ids = [c.id for c in self.model.chapters()]
        if item_id not in ids:
            return
        row = ids.index(item_id)
        if not 0 <= row + step < len(ids):
            return
        ids[row], ids[row + step] = ids[row + step], ids[row]
        if kind == "entry":
            def work(vault: Vault) -> None:
                life_story.reorder_entries(vault, child_id, chapter_id, ids)
        else:
            def work(vault: Vault) -> None:
                life_story.reorder_chapters(vault, child_id, ids)
        run_for(self, self.session, work, lambda _none: self._changed(key), self._failed)

    # -- results -------------------------------------------------------------------------------

    def _changed(self, select: tuple[str, str | None] | None) -> None:
        self.status.clear()
        self.refresh(select)
        self.story_changed.emit()

    def _failed(self, error: BaseException) -> None:
        self.status.setText(error_words(error))
        self.refresh()

