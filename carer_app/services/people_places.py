"""Significant people and places in a child's life: who they are to the child, contact, photos."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from carer_app.domain.audience import parse_date_text
from carer_app.domain.enums import ContactArrangement, PlaceKind, Relationship
from carer_app.domain.life_story_views import PersonDetails, PersonView, PlaceDetails, PlaceView
from carer_app.services import audit
from carer_app.services.errors import NotAllowed, NotFound
from carer_app.storage.base import utcnow
from carer_app.storage.models import Child, ChildPerson, Person, Photo, PhotoPerson, Place
from carer_app.storage.vault import Vault

# NotAllowed reasons raised here: "empty_name", "invalid_relationship", "invalid_contact",
# "invalid_place_kind", "already_linked", "photo_of_other_child".


def live_child(session: Session, child_id: str) -> Child:
    child = session.get(Child, child_id)
    if child is None or child.deleted_at is not None:
        raise NotFound("child", child_id)
    return child


def _clean_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise NotAllowed("empty_name")
    return cleaned


def _checked(details: PersonDetails) -> tuple[str, Relationship, ContactArrangement]:
    try:
        relationship = Relationship(details.relationship)
    except ValueError:
        raise NotAllowed("invalid_relationship") from None
    try:
        contact = ContactArrangement(details.contact_arrangement)
    except ValueError:
        raise NotAllowed("invalid_contact") from None
    return _clean_name(details.name), relationship, contact


def _link(session: Session, child_id: str, person_id: str) -> ChildPerson:
    link = session.scalar(
        select(ChildPerson).where(
            ChildPerson.child_id == child_id, ChildPerson.person_id == person_id,
            ChildPerson.deleted_at.is_(None),
        )
    )
    person = session.get(Person, person_id)
    if link is None or person is None or person.deleted_at is not None:
        raise NotFound("person", person_id)
    return link


def live_photo(session: Session, photo_id: str, child_id: str | None) -> Photo:
    """A photo of this child, or of the whole household (no child)."""
    photo = session.get(Photo, photo_id)
    if photo is None or photo.deleted_at is not None:
        raise NotFound("photo", photo_id)
    if photo.child_id is not None and photo.child_id != child_id:
        raise NotAllowed("photo_of_other_child")
    return photo


def _person_view(session: Session, link: ChildPerson) -> PersonView:
    person = session.get(Person, link.person_id)
    assert person is not None
    photo_ids = session.scalars(
        select(PhotoPerson.photo_id)
        .join(Photo, Photo.id == PhotoPerson.photo_id)
        .where(PhotoPerson.person_id == person.id, Photo.deleted_at.is_(None))
        .order_by(Photo.taken_at.is_(None), Photo.taken_at, Photo.created_at)
    ).all()
    others = session.scalars(
        select(ChildPerson.child_id)
        .join(Child, Child.id == ChildPerson.child_id)
        .where(
            ChildPerson.person_id == person.id, ChildPerson.child_id != link.child_id,
            ChildPerson.deleted_at.is_(None), Child.deleted_at.is_(None),
        )
    ).all()
    return PersonView(
        id=person.id, link_id=link.id, child_id=link.child_id, name=person.name,
        relationship=Relationship(link.relationship),
        contact_arrangement=ContactArrangement(link.contact_arrangement),
        contact_notes=link.contact_notes, notes=person.notes, known_since=link.known_since,
        do_not_share_location=person.do_not_share_location,
        portrait_photo_id=person.portrait_photo_id, photo_ids=tuple(photo_ids),
        other_children=tuple(others), updated_at=max(person.updated_at, link.updated_at),
        version=person.version,
    )


# -- people -----------------------------------------------------------------------------------


def add_person(vault: Vault, child_id: str, details: PersonDetails) -> PersonView:
    """A new significant person, linked to this child."""
    name, relationship, contact = _checked(details)
    with vault.session() as session:
        live_child(session, child_id)
        person = Person(
            name=name, notes=details.notes, do_not_share_location=details.do_not_share_location,
            author_id=vault.user_id,
        )
        session.add(person)
        session.flush()
        link = ChildPerson(
            child_id=child_id, person_id=person.id, relationship=str(relationship),
            contact_arrangement=str(contact), contact_notes=details.contact_notes,
            known_since=details.known_since, author_id=vault.user_id,
        )
        session.add(link)
        session.flush()
        audit.record(session, vault.user_id, "add", "person", person.id)
        session.commit()
        return _person_view(session, link)


def link_person(
    vault: Vault, child_id: str, person_id: str, relationship: Relationship,
    contact_arrangement: ContactArrangement = ContactArrangement.NONE, contact_notes: str = "",
    known_since: str | None = None,
) -> PersonView:
    """Link someone already known (say, a sibling's grandparent) to another child."""
    _, relationship, contact = _checked(
        PersonDetails("-", relationship, contact_arrangement)
    )
    with vault.session() as session:
        live_child(session, child_id)
        person = session.get(Person, person_id)
        if person is None or person.deleted_at is not None:
            raise NotFound("person", person_id)
        existing = session.scalar(
            select(ChildPerson.id).where(
                ChildPerson.child_id == child_id, ChildPerson.person_id == person_id,
                ChildPerson.deleted_at.is_(None),
            )
        )
        if existing is not None:
            raise NotAllowed("already_linked")
        link = ChildPerson(
            child_id=child_id, person_id=person_id, relationship=str(relationship),
            contact_arrangement=str(contact), contact_notes=contact_notes,
            known_since=known_since, author_id=vault.user_id,
        )
        session.add(link)
        session.flush()
        audit.record(session, vault.user_id, "link", "child_person", link.id)
        session.commit()
        return _person_view(session, link)


def update_person(
    vault: Vault, child_id: str, person_id: str, details: PersonDetails
) -> PersonView:
    """Name, notes and the location flag are the person's (all children); the rest this child's."""
    name, relationship, contact = _checked(details)
    with vault.session() as session:
        link = _link(session, child_id, person_id)
        person = session.get(Person, person_id)
        assert person is not None
        person.name = name
        person.notes = details.notes
        person.do_not_share_location = details.do_not_share_location
        link.relationship = str(relationship)
        link.contact_arrangement = str(contact)
        link.contact_notes = details.contact_notes
        link.known_since = details.known_since
        audit.record(session, vault.user_id, "update", "person", person_id)
        session.commit()
        return _person_view(session, link)


def remove_person(vault: Vault, child_id: str, person_id: str) -> None:
    """Tombstones this child's link; the person too once no child is linked to them."""
    with vault.session() as session:
        link = _link(session, child_id, person_id)
        now = utcnow()
        link.deleted_at = now
        remaining = session.scalar(
            select(ChildPerson.id).where(
                ChildPerson.person_id == person_id, ChildPerson.id != link.id,
                ChildPerson.deleted_at.is_(None),
            )
        )
        if remaining is None:
            person = session.get(Person, person_id)
            assert person is not None
            person.deleted_at = now
        audit.record(session, vault.user_id, "delete", "person", person_id)
        session.commit()


def get_person(vault: Vault, child_id: str, person_id: str) -> PersonView:
    with vault.session() as session:
        return _person_view(session, _link(session, child_id, person_id))


def list_people(vault: Vault, child_id: str) -> list[PersonView]:
    """This child's significant people, in the order of the relationship list, then by name."""
    order = {r: i for i, r in enumerate(Relationship)}
    with vault.session() as session:
        live_child(session, child_id)
        links = session.scalars(
            select(ChildPerson)
            .join(Person, Person.id == ChildPerson.person_id)
            .where(
                ChildPerson.child_id == child_id, ChildPerson.deleted_at.is_(None),
                Person.deleted_at.is_(None),
            )
        ).all()
        views = [_person_view(session, link) for link in links]
    return sorted(views, key=lambda v: (order[v.relationship], v.name.casefold()))


def household_people(vault: Vault) -> list[tuple[str, str]]:
    """(id, name) of everyone known in the household, to link an existing person to a child."""
    with vault.session() as session:
        rows = session.execute(
            select(Person.id, Person.name).where(Person.deleted_at.is_(None)).order_by(Person.name)
        ).all()
        return [(str(i), str(n)) for i, n in rows]


def set_portrait(vault: Vault, child_id: str, person_id: str, photo_id: str | None) -> PersonView:
    with vault.session() as session:
        link = _link(session, child_id, person_id)
        person = session.get(Person, person_id)
        assert person is not None
        if photo_id is not None:
            live_photo(session, photo_id, child_id)
        person.portrait_photo_id = photo_id
        audit.record(session, vault.user_id, "update", "person", person_id)
        session.commit()
        return _person_view(session, link)


def set_person_photos(
    vault: Vault, child_id: str, person_id: str, photo_ids: Iterable[str]
) -> PersonView:
    """The photos this person is in (among this child's and household photos) become exactly these."""
    wanted = list(dict.fromkeys(photo_ids))
    with vault.session() as session:
        link = _link(session, child_id, person_id)
        for photo_id in wanted:
            live_photo(session, photo_id, child_id)
        current = session.scalars(
            select(PhotoPerson)
            .join(Photo, Photo.id == PhotoPerson.photo_id)
            .where(
                PhotoPerson.person_id == person_id,
                (Photo.child_id == child_id) | Photo.child_id.is_(None),
            )
        ).all()
        for row in current:
            if row.photo_id not in wanted:
                session.delete(row)
        have = {row.photo_id for row in current}
        session.add_all(PhotoPerson(photo_id=p, person_id=person_id) for p in wanted if p not in have)
        audit.record(session, vault.user_id, "tag", "person", person_id)
        session.commit()
        return _person_view(session, link)


# -- places -----------------------------------------------------------------------------------


def _place_view(session: Session, place: Place) -> PlaceView:
    child = session.get(Child, place.child_id) if place.child_id else None
    photo_ids = session.scalars(
        select(Photo.id)
        .where(Photo.place_id == place.id, Photo.deleted_at.is_(None))
        .order_by(Photo.taken_at.is_(None), Photo.taken_at, Photo.created_at)
    ).all()
    return PlaceView(
        id=place.id, child_id=place.child_id, name=place.name, kind=PlaceKind(place.kind),
        description=place.description, from_text=place.from_text, to_text=place.to_text,
        sort_date=parse_date_text(place.from_text, child.date_of_birth if child else None).sort_date,
        do_not_share_location=place.do_not_share_location, photo_ids=tuple(photo_ids),
        updated_at=place.updated_at, version=place.version,
    )


def _checked_place(details: PlaceDetails) -> tuple[str, PlaceKind]:
    try:
        kind = PlaceKind(details.kind)
    except ValueError:
        raise NotAllowed("invalid_place_kind") from None
    return _clean_name(details.name), kind


def live_place(session: Session, place_id: str, child_id: str | None) -> Place:
    """A place of this child or of the household; `child_id` None accepts any child's place."""
    place = session.get(Place, place_id)
    if place is None or place.deleted_at is not None:
        raise NotFound("place", place_id)
    if child_id is not None and place.child_id not in (None, child_id):
        raise NotFound("place", place_id)
    return place


def _apply(place: Place, details: PlaceDetails) -> None:
    place.name, kind = _checked_place(details)
    place.kind = str(kind)
    place.description = details.description
    place.from_text = details.from_text
    place.to_text = details.to_text
    place.do_not_share_location = details.do_not_share_location


def add_place(vault: Vault, child_id: str, details: PlaceDetails) -> PlaceView:
    _checked_place(details)
    with vault.session() as session:
        live_child(session, child_id)
        place = Place(child_id=child_id, author_id=vault.user_id)
        _apply(place, details)
        session.add(place)
        session.flush()
        audit.record(session, vault.user_id, "add", "place", place.id)
        session.commit()
        return _place_view(session, place)


def update_place(vault: Vault, child_id: str, place_id: str, details: PlaceDetails) -> PlaceView:
    _checked_place(details)
    with vault.session() as session:
        place = live_place(session, place_id, child_id)
        _apply(place, details)
        audit.record(session, vault.user_id, "update", "place", place_id)
        session.commit()
        return _place_view(session, place)


def delete_place(vault: Vault, child_id: str, place_id: str) -> None:
    """Tombstones the place; photos and entries simply stop showing it."""
    with vault.session() as session:
        place = live_place(session, place_id, child_id)
        place.deleted_at = utcnow()
        audit.record(session, vault.user_id, "delete", "place", place_id)
        session.commit()


def get_place(vault: Vault, child_id: str, place_id: str) -> PlaceView:
    with vault.session() as session:
        return _place_view(session, live_place(session, place_id, child_id))


def list_places(vault: Vault, child_id: str) -> list[PlaceView]:
    """This child's places (and household-wide ones), in time order, undated last."""
    with vault.session() as session:
        live_child(session, child_id)
        rows = session.scalars(
            select(Place).where(
                Place.deleted_at.is_(None), (Place.child_id == child_id) | Place.child_id.is_(None)
            ).order_by(Place.created_at)
        ).all()
        views = [_place_view(session, p) for p in rows]
    return sorted(views, key=lambda v: (v.sort_date is None, v.sort_date or v.updated_at.date()))
