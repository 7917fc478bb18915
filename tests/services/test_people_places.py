"""Significant people and places: relationships, contact, the location flag, photos, tombstones."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select

from carer_app.domain.enums import ContactArrangement, PlaceKind, Relationship
from carer_app.domain.life_story_views import PersonDetails, PlaceDetails
from carer_app.services import children, life_story, people_places
from carer_app.services.demo_photos import jpeg_with_metadata
from carer_app.services.errors import NotAllowed, NotFound
from carer_app.services.photo_processing import process_photo
from carer_app.services.photos import store_processed
from carer_app.storage.models import AuditEvent, ChildPerson, Person, Place
from carer_app.storage.vault import Vault


def _child(vault: Vault) -> str:
    return children.list_children(vault)[0].id


def _photo(vault: Vault, child_id: str | None, seed: int = 1) -> str:
    data = jpeg_with_metadata(seed, datetime(2022, 5, 1, 10, 0))
    return store_processed(vault, child_id, process_photo(data, filename="p.jpg"))


GRAN = PersonDetails(
    "Nana Jo", Relationship.GRANDPARENT, ContactArrangement.SUPERVISED,
    contact_notes="Monthly at the family centre", notes="Loves gardening",
    known_since="all your life", do_not_share_location=True,
)


def test_add_and_read_a_person(vault: Vault) -> None:
    child_id = _child(vault)
    added = people_places.add_person(vault, child_id, GRAN)
    assert added.name == "Nana Jo"
    assert added.relationship is Relationship.GRANDPARENT
    assert added.contact_arrangement is ContactArrangement.SUPERVISED
    assert added.do_not_share_location
    assert added.known_since == "all your life"
    assert people_places.get_person(vault, child_id, added.id) == added
    assert [p.id for p in people_places.list_people(vault, child_id)] == [added.id]


def test_people_are_listed_by_relationship_then_name(vault: Vault) -> None:
    child_id = _child(vault)
    for name, rel in [("Zed", Relationship.TEACHER), ("Amy", Relationship.SIBLING),
                      ("Bea", Relationship.SIBLING), ("Mum", Relationship.BIRTH_MOTHER)]:
        people_places.add_person(vault, child_id, PersonDetails(name, rel))
    assert [p.name for p in people_places.list_people(vault, child_id)] == ["Mum", "Amy", "Bea", "Zed"]


def test_update_splits_person_fields_from_the_childs_link(vault: Vault) -> None:
    first = _child(vault)
    second = children.add_child(vault, "Second Child").id
    person = people_places.add_person(vault, first, GRAN)
    linked = people_places.link_person(vault, second, person.id, Relationship.GRANDPARENT)
    assert linked.contact_arrangement is ContactArrangement.NONE
    assert linked.other_children == (first,)
    with pytest.raises(NotAllowed):
        people_places.link_person(vault, second, person.id, Relationship.GRANDPARENT)
    changed = people_places.update_person(vault, first, person.id, PersonDetails(
        "Nana Josephine", Relationship.GRANDPARENT, ContactArrangement.LETTERBOX,
    ))
    assert changed.version == person.version + 1
    other = people_places.get_person(vault, second, person.id)
    assert other.name == "Nana Josephine"  # the person's own details are shared
    assert other.contact_arrangement is ContactArrangement.NONE  # the link is per child
    assert not other.do_not_share_location


def test_remove_tombstones_the_link_then_the_person(vault: Vault) -> None:
    first = _child(vault)
    second = children.add_child(vault, "Second Child").id
    person = people_places.add_person(vault, first, GRAN)
    people_places.link_person(vault, second, person.id, Relationship.GRANDPARENT)
    people_places.remove_person(vault, first, person.id)
    assert people_places.list_people(vault, first) == []
    assert [p.id for p in people_places.list_people(vault, second)] == [person.id]
    with pytest.raises(NotFound):
        people_places.get_person(vault, first, person.id)
    people_places.remove_person(vault, second, person.id)
    with vault.session() as s:
        row = s.get(Person, person.id)
        assert row is not None and row.deleted_at is not None  # kept as a tombstone
        assert all(link.deleted_at is not None for link in s.scalars(select(ChildPerson)))
    assert people_places.household_people(vault) == []


@pytest.mark.parametrize(
    ("details", "reason"),
    [
        (PersonDetails("  ", Relationship.FRIEND), "empty_name"),
        (PersonDetails("X", "cousin-ish"), "invalid_relationship"),  # type: ignore[arg-type]
        (PersonDetails("X", Relationship.FRIEND, "weekly"), "invalid_contact"),  # type: ignore[arg-type]
    ],
)
def test_invalid_details_are_refused(vault: Vault, details: PersonDetails, reason: str) -> None:
    with pytest.raises(NotAllowed) as caught:
        people_places.add_person(vault, _child(vault), details)
    assert caught.value.reason == reason


def test_unknown_child_and_other_childs_person(vault: Vault) -> None:
    first = _child(vault)
    second = children.add_child(vault, "Second Child").id
    with pytest.raises(NotFound):
        people_places.add_person(vault, "no-such-child", GRAN)
    person = people_places.add_person(vault, first, GRAN)
    with pytest.raises(NotFound):
        people_places.get_person(vault, second, person.id)
    with pytest.raises(NotFound):
        people_places.update_person(vault, second, person.id, GRAN)


def test_photos_of_a_person_and_portrait(vault: Vault) -> None:
    child_id = _child(vault)
    second = children.add_child(vault, "Second Child").id
    person = people_places.add_person(vault, child_id, GRAN)
    one, two, household = _photo(vault, child_id, 1), _photo(vault, child_id, 2), _photo(vault, None, 3)
    shown = people_places.set_person_photos(vault, child_id, person.id, [one, household])
    assert set(shown.photo_ids) == {one, household}
    shown = people_places.set_person_photos(vault, child_id, person.id, [two])
    assert shown.photo_ids == (two,)
    life_story.set_photo_people(vault, one, [person.id])
    assert set(people_places.get_person(vault, child_id, person.id).photo_ids) == {one, two}
    assert people_places.set_portrait(vault, child_id, person.id, one).portrait_photo_id == one
    with pytest.raises(NotAllowed):
        people_places.set_person_photos(vault, child_id, person.id, [_photo(vault, second, 4)])


def test_places_in_time_order_with_photos_and_flag(vault: Vault) -> None:
    child_id = _child(vault)
    school = people_places.add_place(vault, child_id, PlaceDetails(
        "Hill Primary", PlaceKind.SCHOOL, "Red door", from_text="September 2022",
    ))
    born = people_places.add_place(vault, child_id, PlaceDetails(
        "City Hospital", PlaceKind.BIRTHPLACE, from_text="12 March 2016",
    ))
    home = people_places.add_place(vault, child_id, PlaceDetails(
        "Our house", PlaceKind.HOME, do_not_share_location=True,
    ))
    assert [p.id for p in people_places.list_places(vault, child_id)] == [born.id, school.id, home.id]
    assert school.sort_date == date(2022, 9, 1)
    assert home.do_not_share_location
    photo = _photo(vault, child_id)
    life_story.set_photo_place(vault, photo, school.id)
    assert people_places.get_place(vault, child_id, school.id).photo_ids == (photo,)
    renamed = people_places.update_place(vault, child_id, school.id, PlaceDetails(
        "Hill Primary School", PlaceKind.SCHOOL, to_text="July 2024",
    ))
    assert (renamed.name, renamed.to_text, renamed.version) == ("Hill Primary School", "July 2024", 2)
    people_places.delete_place(vault, child_id, school.id)
    assert school.id not in [p.id for p in people_places.list_places(vault, child_id)]
    assert life_story.photo_details(vault, photo).place_id is None
    with vault.session() as s:
        row = s.get(Place, school.id)
        assert row is not None and row.deleted_at is not None
    with pytest.raises(NotAllowed):
        people_places.add_place(vault, child_id, PlaceDetails("X", "castle"))  # type: ignore[arg-type]


def test_audit_trail_holds_ids_not_names(vault: Vault) -> None:
    child_id = _child(vault)
    person = people_places.add_person(vault, child_id, GRAN)
    people_places.add_place(vault, child_id, PlaceDetails("Secret Street", PlaceKind.HOME))
    with vault.session() as s:
        events = s.scalars(select(AuditEvent)).all()
    assert ("add", "person", person.id) in [(e.action, e.record_type, e.record_id) for e in events]
    flat = repr([(e.action, e.record_type, e.record_id) for e in events])
    assert "Nana" not in flat and "Secret" not in flat
