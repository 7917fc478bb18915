"""Plain read-only views and edit forms for life story work (people, places, the story, the storybook)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from carer_app.domain.audience import DatePrecision, Visibility
from carer_app.domain.enums import Audience, ContactArrangement, PlaceKind, Relationship

# -- significant people and places --------------------------------------------------------------


@dataclass(frozen=True)
class PersonDetails:
    """What an adult fills in for a significant person in one child's life."""

    name: str
    relationship: Relationship
    contact_arrangement: ContactArrangement = ContactArrangement.NONE
    contact_notes: str = ""
    notes: str = ""
    known_since: str | None = None  # free text: "since 2019", "all your life"
    do_not_share_location: bool = False


@dataclass(frozen=True)
class PersonView:
    id: str  # the person; shared between siblings
    link_id: str  # this child's link to them (relationship, contact)
    child_id: str
    name: str
    relationship: Relationship
    contact_arrangement: ContactArrangement
    contact_notes: str
    notes: str
    known_since: str | None
    do_not_share_location: bool
    portrait_photo_id: str | None
    photo_ids: tuple[str, ...]
    other_children: tuple[str, ...]  # ids of other children in the household linked to them
    updated_at: datetime
    version: int


@dataclass(frozen=True)
class PlaceDetails:
    name: str
    kind: PlaceKind
    description: str = ""
    from_text: str | None = None  # "spring 2019", "when you were about 3"
    to_text: str | None = None
    do_not_share_location: bool = False


@dataclass(frozen=True)
class PlaceView:
    id: str
    child_id: str | None
    name: str
    kind: PlaceKind
    description: str
    from_text: str | None
    to_text: str | None
    sort_date: date | None  # from from_text, for listing in time order
    do_not_share_location: bool
    photo_ids: tuple[str, ...]
    updated_at: datetime
    version: int


# -- the story ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChapterView:
    id: str
    child_id: str
    title: str
    position: int


@dataclass(frozen=True)
class EntryDraft:
    """Everything an adult sets on an entry; links are replaced as a whole on update."""

    title: str
    body: str = ""
    chapter_id: str | None = None
    date_text: str | None = None
    audience: Audience = Audience.TOGETHER  # the careful default: read with an adult
    release_on: date | None = None  # only for "not yet"
    release_at_age: int | None = None  # only for "not yet"
    is_later_life_letter: bool = False
    photo_ids: tuple[str, ...] = ()
    person_ids: tuple[str, ...] = ()
    place_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class EntryView:
    id: str
    child_id: str
    chapter_id: str | None
    title: str
    body: str
    date_text: str | None
    sort_date: date | None
    date_precision: DatePrecision
    audience: Audience
    release_on: date | None
    release_at_age: int | None
    release_date: date | None  # when a "not yet" entry opens; None: held until changed
    visibility: Visibility  # what it is for the child on the day asked
    is_later_life_letter: bool
    position: int
    photo_ids: tuple[str, ...]
    person_ids: tuple[str, ...]
    place_ids: tuple[str, ...]
    author_id: str | None
    created_at: datetime
    updated_at: datetime
    version: int


@dataclass(frozen=True)
class ChapterStory:
    """A chapter and its entries in the adult's order; `chapter` is None for loose entries."""

    chapter: ChapterView | None
    entries: tuple[EntryView, ...]


@dataclass(frozen=True)
class PhotoDetails:
    id: str
    child_id: str | None
    caption: str
    taken_at: datetime | None
    place_id: str | None
    person_ids: tuple[str, ...]
    version: int


# -- the child's storybook ----------------------------------------------------------------------


@dataclass(frozen=True)
class MemoryView:
    """Something the child added themselves."""

    id: str
    child_id: str
    entry_id: str | None
    text: str
    photo_id: str | None
    created_at: datetime


@dataclass(frozen=True)
class StorybookPage:
    """One page as the child sees it: nothing here is hidden from them."""

    entry_id: str
    index: int  # 0-based among the pages the child may see now
    count: int
    chapter_id: str | None
    chapter_title: str | None
    title: str
    body: str
    date_text: str | None
    photo_ids: tuple[str, ...]
    captions: tuple[str, ...]  # one per photo
    people: tuple[str, ...]  # names
    places: tuple[str, ...]  # names; places marked "do not share location" are left out
    together: bool  # shown because an adult is reading with the child
    is_later_life_letter: bool
    feeling: str | None
    talk_requested: bool  # an open "I'd like to talk about this"
    memories: tuple[MemoryView, ...]
    previous_id: str | None
    next_id: str | None


@dataclass(frozen=True)
class TalkRequestView:
    id: str
    child_id: str
    child_name: str  # preferred name if any: shown in the carer's own view only
    entry_id: str | None
    entry_title: str | None
    requested_at: datetime
    resolved_at: datetime | None
