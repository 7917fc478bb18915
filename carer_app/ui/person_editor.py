"""Add or change a significant person: who they are to the child, contact, the location flag, photos."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from carer_app.domain.enums import ContactArrangement, Relationship
from carer_app.domain.life_story_views import PersonDetails, PersonView
from carer_app.services import children, people_places
from carer_app.ui.app_session import AppSession
from carer_app.ui.editor_dialog import EditorDialog
from carer_app.ui.life_story_words import contact_hint, contact_words, relationship_words
from carer_app.ui.owned_work import run_for
from carer_app.ui.photo_picker import PhotoPicker

if TYPE_CHECKING:
    from carer_app.services.household import Vault


def known_elsewhere(vault: Vault, child_id: str) -> list[PersonView]:
    """People linked to another child of the household and not yet to this one, by name."""
    mine = {p.id for p in people_places.list_people(vault, child_id)}
    found: dict[str, PersonView] = {}
    for kid in children.list_children(vault):
        if kid.id != child_id:
            for person in people_places.list_people(vault, kid.id):
                if person.id not in mine:
                    found.setdefault(person.id, person)
    return sorted(found.values(), key=lambda p: p.name.casefold())


def labelled(form: QFormLayout, text: str, field: QWidget) -> None:
    label = QLabel(text)
    label.setBuddy(field)
    form.addRow(label, field)


class PersonEditor(EditorDialog):
    """`saved(PersonView)` once the person and the photos they are in are stored."""

    def __init__(self, session: AppSession, child_id: str, person: PersonView | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.child_id = child_id
        self.person = person
        title = self.tr("Change a person's details") if person else self.tr("Add a significant person")
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.known = QComboBox()
        self.known.setAccessibleName(self.tr("Someone already known in this household"))
        self.known.addItem(self.tr("Someone new"), None)
        self.known.setVisible(False)
        self.known.currentIndexChanged.connect(self._known_chosen)
        self.known_people: dict[str, PersonView] = {}
        self.name = QLineEdit(person.name if person else "")
        self.name.setAccessibleName(self.tr("Name"))
        self.relationship = QComboBox()
        self.relationship.setAccessibleName(self.tr("Who they are to the child"))
        for value in Relationship:
            self.relationship.addItem(relationship_words(value), str(value))
        self.contact = QComboBox()
        self.contact.setAccessibleName(self.tr("Contact arrangement"))
        for arrangement in ContactArrangement:
            self.contact.addItem(contact_words(arrangement), str(arrangement))
        self.contact_hint = QLabel()
        self.contact_hint.setWordWrap(True)
        self.contact.currentIndexChanged.connect(self._contact_changed)
        self.contact_notes = QLineEdit(person.contact_notes if person else "")
        self.contact_notes.setAccessibleName(self.tr("About contact"))
        self.contact_notes.setPlaceholderText(self.tr("For example: once a month at the family centre"))
        self.known_since = QLineEdit((person.known_since or "") if person else "")
        self.known_since.setAccessibleName(self.tr("Known since"))
        self.known_since.setPlaceholderText(self.tr("For example: all your life, since 2019"))
        self.notes = QPlainTextEdit(person.notes if person else "")
        self.notes.setAccessibleName(self.tr("Notes"))
        self.notes.setTabChangesFocus(True)
        self.notes.setMaximumHeight(110)
        self.no_location = QCheckBox(self.tr("&Do not share location"))
        self.no_location.setAccessibleName(self.tr("Do not share location"))
        self.no_location.setChecked(bool(person and person.do_not_share_location))
        location_note = QLabel(self.tr(
            "Tick this when this person must not learn where the child lives: no address, "
            "school, street or car registration may reach them, in photos and letters too."))
        location_note.setWordWrap(True)
        if person:
            self.relationship.setCurrentIndex(self.relationship.findData(str(person.relationship)))
            self.contact.setCurrentIndex(self.contact.findData(str(person.contact_arrangement)))
        else:
            self.contact.setCurrentIndex(self.contact.findData(str(ContactArrangement.NONE)))
        self._contact_changed()

        form = QFormLayout()
        labelled(form, self.tr("Alread&y known:"), self.known)
        self.known_label = form.labelForField(self.known)
        if self.known_label is not None:
            self.known_label.setVisible(False)
        labelled(form, self.tr("&Name:"), self.name)
        labelled(form, self.tr("&Who they are:"), self.relationship)
        labelled(form, self.tr("&Contact:"), self.contact)
        form.addRow("", self.contact_hint)
        labelled(form, self.tr("&About contact:"), self.contact_notes)
        labelled(form, self.tr("&Known since:"), self.known_since)
        labelled(form, self.tr("N&otes:"), self.notes)
        form.addRow(self.no_location)
        form.addRow(location_note)
        self.photos = PhotoPicker(session, self.tr("Photos this person is in"))
        self._lay_out_with_photos(form, self.photos, self.tr("&Photos they are in:"))
        self.name.textChanged.connect(self._update)
        self.resize(720, 760)
        self._update()
        if session.is_unlocked:
            self.photos.load(child_id, person.photo_ids if person else ())
            if person is None:
                run_for(self, session, lambda vault: known_elsewhere(vault, child_id), self._known_loaded,
                            lambda _error: None)

    # -- someone already known (a brother's grandad is often the sister's too) -----------------

    def _known_loaded(self, found: list[PersonView]) -> None:
        self.known_people = {p.id: p for p in found}
        for person in found:
            self.known.addItem(person.name, person.id)
        self.known.setVisible(bool(found))
        if self.known_label is not None:
            self.known_label.setVisible(bool(found))

    def _known_chosen(self, _index: int) -> None:
        chosen = self.known_people.get(self.known.currentData() or "")
        if chosen is None:
            return
        self.name.setText(chosen.name)
        self.notes.setPlainText(chosen.notes)
        self.no_location.setChecked(chosen.do_not_share_location)  # theirs, for every child
        self.relationship.setCurrentIndex(self.relationship.findData(str(chosen.relationship)))
        self.contact.setCurrentIndex(self.contact.findData(str(chosen.contact_arrangement)))

    def _contact_changed(self, _index: int = 0) -> None:
        self.contact_hint.setText(contact_hint(ContactArrangement(self.contact.currentData())))

    def _can_save(self) -> bool:
        return bool(self.name.text().strip())

    def details(self) -> PersonDetails:
        return PersonDetails(
            name=self.name.text(), relationship=Relationship(self.relationship.currentData()),
            contact_arrangement=ContactArrangement(self.contact.currentData()),
            contact_notes=self.contact_notes.text().strip(), notes=self.notes.toPlainText(),
            known_since=self.known_since.text().strip() or None,
            do_not_share_location=self.no_location.isChecked(),
        )

    def save(self) -> None:
        if not self._may_save():
            return
        details, person, child_id = self.details(), self.person, self.child_id
        photo_ids = self.photos.chosen_ids(person.photo_ids if person else ())
        known = self.known.currentData() if person is None else None

        def work(vault: Vault) -> PersonView:
            if known is not None:
                people_places.link_person(
                    vault, child_id, known, details.relationship, details.contact_arrangement,
                    details.contact_notes, details.known_since)
                view = people_places.update_person(vault, child_id, known, details)
            elif person is None:
                view = people_places.add_person(vault, child_id, details)
            else:
                view = people_places.update_person(vault, child_id, person.id, details)
            return people_places.set_person_photos(vault, child_id, view.id, photo_ids)

        self._save_in_background(work, self._keep)

    def _keep(self, person: PersonView) -> None:
        self.person = person
