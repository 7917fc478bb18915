"""People and places: the models, the person page's location flag, editors, removal, keyboard."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from carer_app.domain.enums import ContactArrangement, PlaceKind, Relationship
from carer_app.domain.life_story_views import PersonDetails
from carer_app.services import children, household, people_places
from carer_app.ui.app_session import AppSession
from carer_app.ui.badge_delegate import TONE_ROLE
from carer_app.ui.people_places_models import PeopleModel, PlacesModel
from carer_app.ui.people_places_screen import PeoplePlacesScreen
from carer_app.ui.person_editor import PersonEditor
from carer_app.ui.photo_picker import PhotoPickerModel
from carer_app.ui.place_editor import PlaceEditor
from carer_app.ui.screen_registry import ScreenContext

DEMO_PASSPHRASE = "paper lantern over the quiet harbour"


@pytest.fixture()
def session(vault: Any, vault_dir: Path, wait_idle: Callable[[], None]) -> Iterator[AppSession]:
    app_session = AppSession(vault_dir)
    app_session.open(vault)
    yield app_session
    wait_idle()
    app_session.lock()


def make_screen(qtbot: QtBot, session: AppSession, ui_settings: Any, child_id: str,
                wait_idle: Callable[[], None]) -> PeoplePlacesScreen:
    screen = PeoplePlacesScreen(ScreenContext(session, ui_settings, None))  # type: ignore[arg-type]
    qtbot.addWidget(screen)
    screen.resize(1100, 700)
    screen.show()
    qtbot.waitExposed(screen)
    screen.set_child(child_id)
    wait_idle()
    return screen


@pytest.fixture()
def screen(qtbot: QtBot, session: AppSession, vault: Any, ui_settings: Any,
           wait_idle: Callable[[], None]) -> PeoplePlacesScreen:
    return make_screen(qtbot, session, ui_settings, children.list_children(vault)[0].id, wait_idle)


def test_models_pass_the_model_tester(qtmodeltester: Any, demo_copy: Path) -> None:
    vault = household.unlock(demo_copy, DEMO_PASSPHRASE)
    try:
        maisie = children.find_child(vault, "Maisie").id
        people, places = PeopleModel(), PlacesModel()
        qtmodeltester.check(people)
        people.set_rows(people_places.list_people(vault, maisie))
        places.set_rows(people_places.list_places(vault, maisie))
        qtmodeltester.check(people)
        qtmodeltester.check(places)
        dawn = people.row_of(next(p.id for p in people_places.list_people(vault, maisie)
                                  if p.name == "Dawn Quillfeather"))
        assert dawn is not None
        assert people.index(dawn, 1).data() == "Birth mother"
        assert people.index(dawn, 2).data() == "Supervised contact"
        assert people.index(dawn, 3).data() == "Do not share location"
        assert people.index(dawn, 3).data(TONE_ROLE) == "red"
        pictures = PhotoPickerModel()
        from carer_app.services import photos

        pictures.set_photos(photos.list_photos(vault, maisie), [])
        qtmodeltester.check(pictures)
        people.clear()
        qtmodeltester.check(people)
    finally:
        vault.close()


def test_add_a_person_who_must_not_know_the_location(
    qtbot: QtBot, screen: PeoplePlacesScreen, vault: Any, wait_idle: Callable[[], None],
    unnamed_focusable: Callable[[Any], list[str]],
) -> None:
    assert unnamed_focusable(screen) == []
    editor = screen.add(screen.people)
    assert isinstance(editor, PersonEditor)
    qtbot.waitExposed(editor)
    wait_idle()
    assert unnamed_focusable(editor) == []
    qtbot.keyClicks(editor.name, "Jo Birchwood")
    editor.relationship.setCurrentIndex(editor.relationship.findData(str(Relationship.BIRTH_FATHER)))
    editor.contact.setCurrentIndex(editor.contact.findData(str(ContactArrangement.LETTERBOX)))
    assert "agency" in editor.contact_hint.text()
    editor.known_since.setText("all your life")
    editor.no_location.setChecked(True)
    with qtbot.waitSignal(editor.saved) as blocker:
        qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    wait_idle()
    person = blocker.args[0]
    assert person.do_not_share_location
    model = screen.people_model
    row = model.row_of(person.id)
    assert row is not None
    assert [model.index(row, c).data() for c in range(4)] == [
        "Jo Birchwood", "Birth father", "Letterbox contact", "Do not share location"]
    # The page shows the flag first, in plain words.
    page = screen.person_page
    assert screen.people.selected().id == person.id
    assert page.heading.text() == "Jo Birchwood"
    assert not page.warning.isHidden()
    assert "must not learn where Test Child lives" in page.warning.body.text()
    assert page.contact_badge.text() == "Letterbox contact"
    assert page.known_since.text() == "all your life"

    # Change: the flag comes off, and the banner goes.
    changed = screen.edit(screen.people)
    assert isinstance(changed, PersonEditor) and changed.no_location.isChecked()
    changed.no_location.setChecked(False)
    with qtbot.waitSignal(changed.saved):
        changed.save()
    wait_idle()
    assert page.warning.isHidden()
    assert model.index(model.row_of(person.id) or 0, 3).data() == ""


def test_remove_a_person(qtbot: QtBot, screen: PeoplePlacesScreen, vault: Any,
                         wait_idle: Callable[[], None]) -> None:
    child_id = screen.child_id
    assert child_id is not None
    people_places.add_person(vault, child_id, PersonDetails("Pat", Relationship.FRIEND))
    screen.refresh()
    wait_idle()
    assert screen.people_model.rowCount() == 1
    screen.people.table.setFocus()
    qtbot.keyClick(screen.people.table, Qt.Key.Key_Delete)
    box = screen.confirm_box
    assert isinstance(box, QMessageBox) and "Pat" in box.text()
    box.button(QMessageBox.StandardButton.Yes).click()
    wait_idle()
    assert screen.people_model.rowCount() == 0
    assert screen.person_page.heading.text() == ""
    assert people_places.list_people(vault, child_id) == []


def test_places_with_photos_and_the_private_flag(
    qtbot: QtBot, demo_copy: Path, ui_settings: Any, wait_idle: Callable[[], None],
    unnamed_focusable: Callable[[Any], list[str]],
) -> None:
    vault = household.unlock(demo_copy, DEMO_PASSPHRASE)
    session = AppSession(demo_copy)
    session.open(vault)
    try:
        maisie = children.find_child(vault, "Maisie").id
        screen = make_screen(qtbot, session, ui_settings, maisie, wait_idle)
        screen.tabs.setCurrentWidget(screen.places)
        assert screen.places_model.rowCount() == 5
        assert "Maisie" in screen.intro.text()
        editor = screen.add(screen.places)
        assert isinstance(editor, PlaceEditor)
        qtbot.waitExposed(editor)
        qtbot.waitUntil(lambda: editor.photos.photo_model.rowCount() > 0)
        wait_idle()
        assert unnamed_focusable(editor) == []
        editor.name.setText("Our house")
        editor.kind.setCurrentIndex(editor.kind.findData(str(PlaceKind.HOME)))
        editor.from_text.setText("autumn 2023")
        assert editor.from_feedback.text() == "Sorted as autumn 2023"
        editor.no_location.setChecked(True)
        first = editor.photos.photo_model.index(0)
        editor.photos.photo_model.setData(first, Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
        with qtbot.waitSignal(editor.saved) as blocker:
            editor.save()
        wait_idle()
        place = blocker.args[0]
        assert place.do_not_share_location and len(place.photo_ids) == 1
        screen.places.select(place.id)
        page = screen.place_page
        assert page.heading.text() == "Our house"
        assert page.kind.text() == "A home lived in"
        assert not page.warning.isHidden()
        assert page.when.text() == "from autumn 2023"
        qtbot.waitUntil(lambda: page.photos.photo_model.rowCount() == 1)
        assert people_places.get_place(vault, maisie, place.id).do_not_share_location
        screen.clear()
        assert screen.places_model.rowCount() == 0 and page.heading.text() == ""
    finally:
        wait_idle()
        session.lock()



def test_someone_already_known_is_linked_not_copied(
    qtbot: QtBot, session: AppSession, vault: Any, ui_settings: Any, wait_idle: Callable[[], None],
) -> None:
    first = children.list_children(vault)[0].id
    gran = people_places.add_person(vault, first, PersonDetails(
        "Gran Rowan", Relationship.GRANDPARENT, ContactArrangement.DIRECT, notes="Sundays",
        do_not_share_location=True))
    sister = children.add_child(vault, "Second Child").id
    screen = make_screen(qtbot, session, ui_settings, sister, wait_idle)
    editor = screen.add(screen.people)
    assert isinstance(editor, PersonEditor)
    wait_idle()
    assert not editor.known.isHidden()
    assert [editor.known.itemText(i) for i in range(editor.known.count())] == ["Someone new", "Gran Rowan"]
    editor.known.setCurrentIndex(1)
    assert editor.name.text() == "Gran Rowan" and editor.no_location.isChecked()
    with qtbot.waitSignal(editor.saved) as blocker:
        editor.save()
    wait_idle()
    linked = blocker.args[0]
    assert linked.id == gran.id and linked.child_id == sister  # one person, two children
    assert linked.do_not_share_location and linked.notes == "Sundays"
    assert [p.id for p in people_places.list_people(vault, sister)] == [gran.id]
