"""A person's page and a place's page: the details, the location flag made plain, and the photos."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget

from carer_app.domain.life_story_views import PersonView, PlaceView
from carer_app.ui.app_session import AppSession
from carer_app.ui.badge_delegate import BadgeLabel, ToneFrame
from carer_app.ui.fonts import bigger
from carer_app.ui.life_story_words import (
    contact_hint,
    contact_words,
    place_kind_words,
    relationship_words,
)
from carer_app.ui.people_places_models import CONTACT_TONES, span_words
from carer_app.ui.photo_picker import PhotoPicker


def _text_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # copyable with the mouse; Tab skips it
    return label


class LocationWarning(ToneFrame):
    """The red banner: shown at the top of a page whenever the location must stay private."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("red", parent)
        self.setAccessibleName(self.tr("Do not share location"))
        self.title = QLabel(self.tr("Do not share location"))
        self.title.setFont(bigger(self.font(), 1.1))
        self.body = QLabel()
        self.body.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addWidget(self.title)
        layout.addWidget(self.body)

    def show_text(self, text: str) -> None:
        self.body.setText(text)
        self.setAccessibleDescription(text)
        self.setVisible(bool(text))


class _Page(QWidget):
    def __init__(self, session: AppSession, photos_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel()
        self.heading.setFont(bigger(self.font(), 1.4))
        self.heading.setWordWrap(True)
        self.kind = QLabel()
        self.kind.setFont(bigger(self.font(), 1.1, bold=False))
        self.warning = LocationWarning()
        self.warning.setVisible(False)
        self.form = QFormLayout()
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.photos_heading = QLabel(self.tr("Photos"))
        self.photos_heading.setFont(bigger(self.font(), 1.1))
        self.photos = PhotoPicker(session, photos_name, checkable=False)
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.kind)
        layout.addWidget(self.warning)
        layout.addLayout(self.form)
        layout.addWidget(self.photos_heading)
        layout.addWidget(self.photos, 1)
        layout.addWidget(self.empty)
        layout.addStretch(0)
        self.rows: list[QLabel] = []

    def _row(self, caption: str) -> QLabel:
        label = _text_label()
        self.form.addRow(caption, label)
        self.rows.append(label)
        return label

    def _set_row(self, label: QLabel, text: str) -> None:
        label.setText(text)
        label.setVisible(bool(text))
        caption = self.form.labelForField(label)
        if caption is not None:
            caption.setVisible(bool(text))

    def _photos(self, child_id: str, photo_ids: tuple[str, ...], none_text: str) -> None:
        self.photos.setVisible(bool(photo_ids))
        self.photos_heading.setVisible(bool(photo_ids))
        self.empty.setText("" if photo_ids else none_text)
        self.photos.clear()
        if photo_ids:
            self.photos.load(child_id, (), only=photo_ids)

    def clear(self) -> None:
        self.heading.clear()
        self.kind.clear()
        self.warning.show_text("")
        for label in self.rows:
            self._set_row(label, "")
        self.photos.clear()
        self.photos.setVisible(False)
        self.photos_heading.setVisible(False)
        self.empty.clear()


class PersonPage(_Page):
    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        super().__init__(session, self.tr("Photos of this person"), parent)
        self.setAccessibleName(self.tr("About this person"))
        self.contact_badge = BadgeLabel()
        self.contact_about = _text_label()
        contact = QWidget()
        contact_layout = QVBoxLayout(contact)
        contact_layout.setContentsMargins(0, 0, 0, 0)
        contact_layout.addWidget(self.contact_badge)
        contact_layout.addWidget(self.contact_about)
        self.form.addRow(self.tr("Contact:"), contact)
        self.contact_field = contact
        self.known_since = self._row(self.tr("Known since:"))
        self.notes = self._row(self.tr("Notes:"))
        self.others = self._row(self.tr("Also important to:"))
        self.clear()

    def show_person(self, person: PersonView, child_name: str, other_names: list[str]) -> None:
        self.heading.setText(person.name)
        self.kind.setText(relationship_words(person.relationship))
        self.warning.show_text(self.tr(
            "{name} must not learn where {child} lives. Keep addresses, school names, street "
            "names and car registrations out of anything that reaches them, photos and letters "
            "included.").format(name=person.name, child=child_name)
            if person.do_not_share_location else "")
        self.contact_badge.set_badge(contact_words(person.contact_arrangement),
                                     CONTACT_TONES[person.contact_arrangement])
        self.contact_field.setVisible(True)
        caption = self.form.labelForField(self.contact_field)
        if caption is not None:
            caption.setVisible(True)
        about = " ".join(t for t in (contact_hint(person.contact_arrangement), person.contact_notes) if t)
        self.contact_about.setText(about)
        self._set_row(self.known_since, person.known_since or "")
        self._set_row(self.notes, person.notes)
        self._set_row(self.others, ", ".join(other_names))
        self._photos(person.child_id, person.photo_ids, self.tr(
            "No photos of them yet. Choose some with \u201cChange…\u201d."))

    def clear(self) -> None:
        super().clear()
        self.contact_badge.set_badge("", "grey")
        self.contact_about.clear()
        self.contact_field.setVisible(False)
        caption = self.form.labelForField(self.contact_field)
        if caption is not None:
            caption.setVisible(False)


class PlacePage(_Page):
    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        super().__init__(session, self.tr("Photos taken here"), parent)
        self.setAccessibleName(self.tr("About this place"))
        self.when = self._row(self.tr("When:"))
        self.description = self._row(self.tr("About it:"))
        self.clear()

    def show_place(self, place: PlaceView, child_id: str) -> None:
        self.heading.setText(place.name)
        self.kind.setText(place_kind_words(place.kind))
        self.warning.show_text(self.tr(
            "Where this is stays private. Its name is left out of the storybook; keep it out of "
            "anything shared with family too.") if place.do_not_share_location else "")
        self._set_row(self.when, span_words(place.from_text, place.to_text))
        self._set_row(self.description, place.description)
        self._photos(child_id, place.photo_ids, self.tr(
            "No photos from here yet. Choose some with \u201cChange…\u201d."))
