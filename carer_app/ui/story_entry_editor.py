"""Write or change one story entry: words, approximate date, who can read it, photos, people, places."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from carer_app.domain.audience import add_years, parse_date_text
from carer_app.domain.enums import Audience
from carer_app.domain.life_story_views import ChapterView, EntryDraft, EntryView, PersonView, PlaceView
from carer_app.services import life_story, people_places
from carer_app.ui.app_session import AppSession
from carer_app.ui.audience_picker import AudiencePicker
from carer_app.ui.editor_dialog import EditorDialog
from carer_app.ui.life_story_words import relationship_words, sorted_as
from carer_app.ui.owned_work import run_for
from carer_app.ui.photo_picker import PhotoPicker
from carer_app.ui.story_prompts_panel import StoryPromptsPanel

if TYPE_CHECKING:
    from carer_app.services.household import Vault

ID_ROLE = Qt.ItemDataRole.UserRole + 1


def checkable_item(text: str, item_id: str, checked: bool) -> QListWidgetItem:
    item = QListWidgetItem(text)
    item.setData(ID_ROLE, item_id)
    item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
    item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
    return item


def checked_ids(widget: QListWidget) -> tuple[str, ...]:
    return tuple(
        str(widget.item(i).data(ID_ROLE)) for i in range(widget.count())
        if widget.item(i).checkState() == Qt.CheckState.Checked
    )


class StoryEntryEditor(EditorDialog):
    """Add (entry None) or change an entry; `saved(EntryView)` after the vault has it."""

    def __init__(
        self, session: AppSession, child_id: str, *, chapters: list[ChapterView],
        date_of_birth: date | None, entry: EntryView | None = None,
        chapter_id: str | None = None, parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.child_id = child_id
        self.entry = entry
        self.date_of_birth = date_of_birth
        title = self.tr("Change a story entry") if entry else self.tr("Add to the story")
        self.setWindowTitle(title)
        self.setAccessibleName(title)

        self.title = QLineEdit(entry.title if entry else "")
        self.title.setAccessibleName(self.tr("Title"))
        self.chapter = QComboBox()
        self.chapter.setAccessibleName(self.tr("Chapter"))
        for chapter in chapters:
            self.chapter.addItem(chapter.title, chapter.id)
        self.chapter.addItem(self.tr("Not in a chapter"), None)
        wanted = entry.chapter_id if entry else chapter_id
        if entry is None and chapter_id is None and chapters:
            wanted = chapters[-1].id  # new entries go to the latest chapter unless told
        found = self.chapter.findData(wanted) if wanted else -1
        self.chapter.setCurrentIndex(found if found >= 0 else self.chapter.count() - 1)
        self.when = QLineEdit((entry.date_text or "") if entry else "")
        self.when.setAccessibleName(self.tr("When"))
        self.when.setPlaceholderText(self.tr("For example: spring 2019, 3 May 2021, when you were about 3"))
        self.when_feedback = QLabel()
        self.when_feedback.setWordWrap(True)
        self.when_feedback.setAccessibleName(self.tr("Where this sits on the timeline"))
        self.when.textChanged.connect(self._when_changed)
        self.body = QPlainTextEdit(entry.body if entry else "")
        self.body.setAccessibleName(self.tr("The words of this entry"))
        self.body.setTabChangesFocus(True)
        self.audience = AudiencePicker(date_of_birth)
        if entry:
            self.audience.set_value(entry.audience, entry.release_at_age, entry.release_on)
        self.letter = QCheckBox(self.tr("This is a &later-life letter"))
        self.letter.setAccessibleName(self.tr("This is a later-life letter"))
        self.letter.setToolTip(self.tr("A letter written for the child to read when they are older. "
                                       "It is held until its date."))
        self.letter.setChecked(bool(entry and entry.is_later_life_letter))
        self.letter.toggled.connect(self._letter_toggled)

        form = QFormLayout()
        for text, field in ((self.tr("&Title:"), self.title), (self.tr("C&hapter:"), self.chapter),
                            (self.tr("&When:"), self.when)):
            label = QLabel(text)
            label.setBuddy(field)
            form.addRow(label, field)
        form.addRow("", self.when_feedback)
        body_label = QLabel(self.tr("W&ords:"))
        body_label.setBuddy(self.body)
        form.addRow(body_label, self.body)
        form.addRow(self.audience)
        form.addRow(self.letter)

        self.photos = PhotoPicker(session, self.tr("Photos in this entry"))
        self.people = QListWidget()
        self.people.setAccessibleName(self.tr("People in this entry"))
        self.places = QListWidget()
        self.places.setAccessibleName(self.tr("Places in this entry"))
        self.links = QTabWidget()
        self.links.setAccessibleName(self.tr("Photos, people and places"))
        self.links.addTab(self.photos, self.tr("&Photos"))
        self.links.addTab(self.people, self.tr("Peop&le"))
        self.links.addTab(self.places, self.tr("Pla&ces"))

        self.prompts = StoryPromptsPanel()
        self.prompts.prompt_chosen.connect(self.use_prompt)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(form, 3)
        left_layout.addWidget(self.links, 2)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.prompts)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setVisible(False)
        self._save_cancel_buttons()
        self.title.textChanged.connect(self._update)
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        bottom.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)
        self.resize(980, 720)
        self._links_ready = False
        self._when_changed(self.when.text())
        self._update()
        self._load_links()

    # -- filling -------------------------------------------------------------------------------

    def _load_links(self) -> None:
        if not self.session.is_unlocked:
            return
        child_id = self.child_id

        def work(vault: Vault) -> tuple[list[PersonView], list[PlaceView]]:
            return people_places.list_people(vault, child_id), people_places.list_places(vault, child_id)

        run_for(self, self.session, work, self._links_loaded, self._failed)
        self.photos.load(child_id, self.entry.photo_ids if self.entry else ())

    def _links_loaded(self, found: tuple[list[PersonView], list[PlaceView]]) -> None:
        people, places = found
        chosen_people = set(self.entry.person_ids) if self.entry else set()
        chosen_places = set(self.entry.place_ids) if self.entry else set()
        self.people.clear()
        for person in people:
            text = f"{person.name} ({relationship_words(person.relationship)})"
            self.people.addItem(checkable_item(text, person.id, person.id in chosen_people))
        self.places.clear()
        for place in places:
            text = place.name
            if place.do_not_share_location:
                text = self.tr("{name} (location kept private: left out of the storybook)").format(
                    name=place.name)
            self.places.addItem(checkable_item(text, place.id, place.id in chosen_places))
        self._links_ready = True

    # -- reactions -----------------------------------------------------------------------------

    def _when_changed(self, text: str) -> None:
        placed = parse_date_text(text, self.date_of_birth)
        self.when_feedback.setText(sorted_as(placed, self.date_of_birth is not None))

    def _letter_toggled(self, checked: bool) -> None:
        # A later-life letter is held until its time: start from an age (or a date when the
        # child's date of birth is not known), which the adult then adjusts.
        if checked and self.audience.value() is not Audience.NOT_YET:
            if self.date_of_birth is not None:
                self.audience.set_value(Audience.NOT_YET, 18, None)
            else:
                self.audience.set_value(Audience.NOT_YET, None, add_years(date.today(), 5))

    def use_prompt(self, text: str) -> None:
        """A prompt goes in at the cursor as a starting point; the adult writes over it."""
        cursor = self.body.textCursor()
        if cursor.position() > 0 and not self.body.toPlainText()[:cursor.position()].endswith("\n"):
            cursor.insertText("\n")
        cursor.insertText(text + "\n")
        self.body.setTextCursor(cursor)
        self.body.setFocus()

    def _can_save(self) -> bool:
        return bool(self.title.text().strip())

    # -- saving --------------------------------------------------------------------------------

    def draft(self) -> EntryDraft:
        audience, age, on = self.audience.release()
        keep = self.entry or EntryDraft("")  # links as they were, until the lists have loaded
        return EntryDraft(
            title=self.title.text(), body=self.body.toPlainText(),
            chapter_id=self.chapter.currentData(), date_text=self.when.text().strip() or None,
            audience=audience, release_at_age=age, release_on=on,
            is_later_life_letter=self.letter.isChecked(),
            photo_ids=tuple(self.photos.chosen_ids(self.entry.photo_ids if self.entry else ())),
            person_ids=checked_ids(self.people) if self._links_ready else keep.person_ids,
            place_ids=checked_ids(self.places) if self._links_ready else keep.place_ids,
        )

    def save(self) -> None:
        if not self._may_save():
            return
        draft, entry, child_id = self.draft(), self.entry, self.child_id

        def work(vault: Vault) -> EntryView:
            if entry is None:
                return life_story.add_entry(vault, child_id, draft)
            return life_story.update_entry(vault, entry.id, draft)

        self._save_in_background(work, self._keep)

    def _keep(self, entry: EntryView) -> None:
        self.entry = entry

    def _failed(self, error: BaseException) -> None:
        super()._failed(error)
        self.message.setVisible(True)
