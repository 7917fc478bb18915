"""Add or change a place in the child's story: homes, schools, where they were born, favourite places."""

from __future__ import annotations

from datetime import date
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

from carer_app.domain.audience import parse_date_text
from carer_app.domain.enums import PlaceKind
from carer_app.domain.life_story_views import PlaceDetails, PlaceView
from carer_app.services import life_story, people_places
from carer_app.ui.app_session import AppSession
from carer_app.ui.editor_dialog import EditorDialog
from carer_app.ui.life_story_words import place_kind_words, sorted_as
from carer_app.ui.person_editor import labelled
from carer_app.ui.photo_picker import PhotoPicker

if TYPE_CHECKING:
    from carer_app.services.household import Vault


class PlaceEditor(EditorDialog):
    """`saved(PlaceView)` once the place and the photos taken there are stored."""

    def __init__(self, session: AppSession, child_id: str, place: PlaceView | None = None,
                 date_of_birth: date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.child_id = child_id
        self.place = place
        self.date_of_birth = date_of_birth
        title = self.tr("Change a place") if place else self.tr("Add a place")
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.name = QLineEdit(place.name if place else "")
        self.name.setAccessibleName(self.tr("Name of the place"))
        self.kind = QComboBox()
        self.kind.setAccessibleName(self.tr("What kind of place"))
        for kind in PlaceKind:
            self.kind.addItem(place_kind_words(kind), str(kind))
        if place:
            self.kind.setCurrentIndex(self.kind.findData(str(place.kind)))
        self.from_text = QLineEdit((place.from_text or "") if place else "")
        self.from_text.setAccessibleName(self.tr("From when"))
        self.from_text.setPlaceholderText(self.tr("For example: spring 2019, when you were 2"))
        self.to_text = QLineEdit((place.to_text or "") if place else "")
        self.to_text.setAccessibleName(self.tr("Until when"))
        self.to_text.setPlaceholderText(self.tr("Leave empty if it goes on"))
        self.from_feedback = QLabel()
        self.from_feedback.setWordWrap(True)
        self.from_text.textChanged.connect(self._from_changed)
        self.description = QPlainTextEdit(place.description if place else "")
        self.description.setAccessibleName(self.tr("What the child remembers of it"))
        self.description.setTabChangesFocus(True)
        self.description.setMaximumHeight(110)
        self.no_location = QCheckBox(self.tr("&Do not share location"))
        self.no_location.setAccessibleName(self.tr("Do not share location"))
        self.no_location.setChecked(bool(place and place.do_not_share_location))
        note = QLabel(self.tr(
            "Tick this for the home the child lives in now, their school, or anywhere that would "
            "show where they live. Its name is then left out of the storybook."))
        note.setWordWrap(True)
        form = QFormLayout()
        labelled(form, self.tr("&Name:"), self.name)
        labelled(form, self.tr("&Kind:"), self.kind)
        labelled(form, self.tr("&From:"), self.from_text)
        form.addRow("", self.from_feedback)
        labelled(form, self.tr("&Until:"), self.to_text)
        labelled(form, self.tr("&What it was like:"), self.description)
        form.addRow(self.no_location)
        form.addRow(note)
        self.photos = PhotoPicker(session, self.tr("Photos taken here"))
        self._lay_out_with_photos(form, self.photos, self.tr("&Photos taken here:"))
        self.name.textChanged.connect(self._update)
        self.resize(700, 700)
        self._from_changed(self.from_text.text())
        self._update()
        if session.is_unlocked:
            self.photos.load(child_id, place.photo_ids if place else ())

    def _from_changed(self, text: str) -> None:
        placed = parse_date_text(text, self.date_of_birth)
        self.from_feedback.setText(sorted_as(placed, self.date_of_birth is not None))

    def _can_save(self) -> bool:
        return bool(self.name.text().strip())

    def details(self) -> PlaceDetails:
        return PlaceDetails(
            name=self.name.text(), kind=PlaceKind(self.kind.currentData()),
            description=self.description.toPlainText(),
            from_text=self.from_text.text().strip() or None, to_text=self.to_text.text().strip() or None,
            do_not_share_location=self.no_location.isChecked(),
        )

    def save(self) -> None:
        if not self._may_save():
            return
        details, place, child_id = self.details(), self.place, self.child_id
        before = set(place.photo_ids) if place else set()
        chosen = self.photos.chosen_ids(place.photo_ids if place else ())

        def work(vault: Vault) -> PlaceView:
            if place is None:
                view = people_places.add_place(vault, child_id, details)
            else:
                view = people_places.update_place(vault, child_id, place.id, details)
            for photo_id in before - set(chosen):
                life_story.set_photo_place(vault, photo_id, None)
            for photo_id in chosen:
                if photo_id not in before:
                    life_story.set_photo_place(vault, photo_id, view.id)
            return people_places.get_place(vault, child_id, view.id)

        self._save_in_background(work, self._keep)

    def _keep(self, place: PlaceView) -> None:
        self.place = place
