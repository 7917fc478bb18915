"""A photo's caption, who is in it and where it was taken, chosen from the child's people and places."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from carer_app.domain.life_story_views import PersonView, PhotoDetails, PlaceView
from carer_app.services import life_story, people_places
from carer_app.ui.app_session import AppSession
from carer_app.ui.messages import describe

if TYPE_CHECKING:
    from carer_app.services.household import Vault

ID_ROLE = Qt.ItemDataRole.UserRole


@dataclass(frozen=True)
class _Loaded:
    details: PhotoDetails
    people: list[PersonView]
    places: list[PlaceView]


class PhotoTagDialog(QDialog):
    """Opens empty, fills in once the vault thread has read the photo, the people and the places."""

    details_saved = Signal(object)  # PhotoDetails

    def __init__(self, session: AppSession, child_id: str, photo_id: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.child_id = child_id
        self.photo_id = photo_id
        self.setWindowTitle(self.tr("Caption, who and where"))
        self.setAccessibleName(self.tr("Caption, who and where"))
        self.resize(460, 480)
        self.caption = QLineEdit()
        self.caption.setAccessibleName(self.tr("Caption"))
        self.caption.setPlaceholderText(self.tr("What is happening in this photo?"))
        self.people = QListWidget()
        self.people.setAccessibleName(self.tr("Who is in the photo"))
        self.no_people = QLabel(self.tr(
            "No significant people are recorded for this child yet. "
            "Add them under People and places, then tag them here."))
        self.no_people.setWordWrap(True)
        self.no_people.hide()
        self.place = QComboBox()
        self.place.setAccessibleName(self.tr("Where the photo was taken"))
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        for kind, name in ((QDialogButtonBox.StandardButton.Save, self.tr("Save")),
                           (QDialogButtonBox.StandardButton.Cancel, self.tr("Cancel"))):
            self.buttons.button(kind).setAccessibleName(name)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(False)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("&Caption:"), self.caption)
        form.addRow(self.tr("&Who is in it:"), self.people)
        form.addRow("", self.no_people)
        form.addRow(self.tr("W&here:"), self.place)
        layout = QVBoxLayout(self)
        layout.addLayout(form, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        child_id_now = child_id

        def load(vault: Vault) -> _Loaded:
            return _Loaded(life_story.photo_details(vault, photo_id),
                           people_places.list_people(vault, child_id_now),
                           people_places.list_places(vault, child_id_now))

        self.session.run(load, self._loaded, self._failed)

    def _loaded(self, loaded: _Loaded) -> None:
        self.caption.setText(loaded.details.caption)
        tagged = set(loaded.details.person_ids)
        for person in loaded.people:
            item = QListWidgetItem(person.name)
            item.setData(ID_ROLE, person.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if person.id in tagged
                               else Qt.CheckState.Unchecked)
            self.people.addItem(item)
        self.people.setVisible(bool(loaded.people))
        self.no_people.setVisible(not loaded.people)
        self.place.addItem(self.tr("Not recorded"), None)
        for place in loaded.places:
            self.place.addItem(place.name, place.id)
        if loaded.details.place_id is not None:
            self.place.setCurrentIndex(max(0, self.place.findData(loaded.details.place_id)))
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(True)
        self.caption.setFocus()

    def chosen_people(self) -> list[str]:
        return [str(self.people.item(row).data(ID_ROLE)) for row in range(self.people.count())
                if self.people.item(row).checkState() == Qt.CheckState.Checked]

    def save(self) -> None:
        photo_id, caption = self.photo_id, self.caption.text()
        people, place = self.chosen_people(), self.place.currentData()

        def work(vault: Vault) -> PhotoDetails:
            life_story.set_caption(vault, photo_id, caption)
            life_story.set_photo_people(vault, photo_id, people)
            return life_story.set_photo_place(vault, photo_id, place)

        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(False)
        self.session.run(work, self._saved, self._failed)

    def _saved(self, details: PhotoDetails) -> None:
        self.details_saved.emit(details)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.status.setText(describe(error).text)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(True)

    def clear(self) -> None:
        """On lock: names, places and the caption go with the dialog."""
        self.caption.clear()
        self.people.clear()
        self.place.clear()
        self.reject()
