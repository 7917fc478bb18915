"""The life story as adults write it: chapters, entries on a timeline, photo captions and tags, prompts."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from carer_app.domain.audience import (
    MAX_RELEASE_AGE,
    parse_date_text,
    release_date,
    timeline_key,
    visibility,
)
from carer_app.domain.enums import Audience
from carer_app.domain.life_story_views import (
    ChapterStory,
    ChapterView,
    EntryDraft,
    EntryView,
    PhotoDetails,
)
from carer_app.domain.story_prompts import PromptTheme, StoryPrompt, suggest
from carer_app.domain.story_prompts import prompts as all_prompts
from carer_app.services import audit
from carer_app.services.errors import NotAllowed, NotFound
from carer_app.services.people_places import live_child, live_photo, live_place
from carer_app.storage.base import utcnow
from carer_app.storage.models import (
    Child,
    ChildPerson,
    Person,
    Photo,
    PhotoPerson,
    Place,
    StoryChapter,
    StoryEntry,
    StoryEntryPerson,
    StoryEntryPhoto,
    StoryEntryPlace,
)
from carer_app.storage.vault import Vault

# NotAllowed reasons raised here: "empty_title", "invalid_audience", "invalid_release_age",
# "not_a_permutation" (a reorder must list exactly the current items), "person_not_linked".

# -- reading ----------------------------------------------------------------------------------


def _chapter_view(chapter: StoryChapter) -> ChapterView:
    return ChapterView(chapter.id, chapter.child_id, chapter.title, chapter.position)


def _links(session: Session, entry_ids: list[str]) -> dict[str, dict[str, list[str]]]:
    found: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    if not entry_ids:
        return found
    queries = {
        "photos": select(StoryEntryPhoto.entry_id, StoryEntryPhoto.photo_id)
        .join(Photo, Photo.id == StoryEntryPhoto.photo_id)
        .where(StoryEntryPhoto.entry_id.in_(entry_ids), Photo.deleted_at.is_(None))
        .order_by(StoryEntryPhoto.position),
        "people": select(StoryEntryPerson.entry_id, StoryEntryPerson.person_id)
        .join(Person, Person.id == StoryEntryPerson.person_id)
        .where(StoryEntryPerson.entry_id.in_(entry_ids), Person.deleted_at.is_(None))
        .order_by(Person.name),
        "places": select(StoryEntryPlace.entry_id, StoryEntryPlace.place_id)
        .join(Place, Place.id == StoryEntryPlace.place_id)
        .where(StoryEntryPlace.entry_id.in_(entry_ids), Place.deleted_at.is_(None))
        .order_by(Place.name),
    }
    for kind, query in queries.items():
        for entry_id, other_id in session.execute(query):
            found[entry_id][kind].append(other_id)
    return found


def _entry_views(
    session: Session, child: Child, entries: Sequence[StoryEntry], today: date
) -> list[EntryView]:
    links = _links(session, [e.id for e in entries])
    views = []
    for e in entries:
        # Re-placed on every read, so a date of birth added later still places "aged 3".
        approx = parse_date_text(e.date_text, child.date_of_birth)
        views.append(EntryView(
            id=e.id, child_id=e.child_id, chapter_id=e.chapter_id, title=e.title, body=e.body,
            date_text=e.date_text, sort_date=approx.sort_date or e.sort_date,
            date_precision=approx.precision, audience=Audience(e.audience),
            release_on=e.release_on, release_at_age=e.release_at_age,
            release_date=release_date(e.release_on, e.release_at_age, child.date_of_birth)
            if e.audience == Audience.NOT_YET else None,
            visibility=visibility(
                e.audience, release_on=e.release_on, release_at_age=e.release_at_age,
                date_of_birth=child.date_of_birth, today=today,
            ),
            is_later_life_letter=e.is_later_life_letter, position=e.position,
            photo_ids=tuple(links[e.id]["photos"]), person_ids=tuple(links[e.id]["people"]),
            place_ids=tuple(links[e.id]["places"]), author_id=e.author_id,
            created_at=e.created_at, updated_at=e.updated_at, version=e.version,
        ))
    return views


def load_story(session: Session, child_id: str, today: date) -> list[ChapterStory]:
    """Chapters in order with their entries in order; loose entries (no chapter) come last."""
    child = live_child(session, child_id)
    chapters = session.scalars(
        select(StoryChapter)
        .where(StoryChapter.child_id == child_id, StoryChapter.deleted_at.is_(None))
        .order_by(StoryChapter.position, StoryChapter.created_at)
    ).all()
    live_chapters = {c.id for c in chapters}
    entries = session.scalars(
        select(StoryEntry)
        .where(StoryEntry.child_id == child_id, StoryEntry.deleted_at.is_(None))
        .order_by(StoryEntry.position, StoryEntry.created_at)
    ).all()
    by_chapter: dict[str | None, list[EntryView]] = defaultdict(list)
    for view in _entry_views(session, child, entries, today):
        by_chapter[view.chapter_id if view.chapter_id in live_chapters else None].append(view)
    story = [ChapterStory(_chapter_view(c), tuple(by_chapter[c.id])) for c in chapters]
    if by_chapter[None]:
        story.append(ChapterStory(None, tuple(by_chapter[None])))
    return story


def story(vault: Vault, child_id: str, today: date | None = None) -> list[ChapterStory]:
    with vault.session() as session:
        return load_story(session, child_id, today or date.today())


def timeline(vault: Vault, child_id: str, today: date | None = None) -> list[EntryView]:
    """Every entry for the adult, by date (approximate dates placed), then the adult's order."""
    entries = [e for chapter in story(vault, child_id, today) for e in chapter.entries]
    return sorted(entries, key=lambda e: timeline_key(e.sort_date, e.position))


def _live_entry(session: Session, entry_id: str) -> StoryEntry:
    entry = session.get(StoryEntry, entry_id)
    if entry is None or entry.deleted_at is not None:
        raise NotFound("entry", entry_id)
    return entry


def _one_view(session: Session, entry: StoryEntry, today: date) -> EntryView:
    child = live_child(session, entry.child_id)
    return _entry_views(session, child, [entry], today)[0]


def get_entry(vault: Vault, entry_id: str, today: date | None = None) -> EntryView:
    with vault.session() as session:
        return _one_view(session, _live_entry(session, entry_id), today or date.today())


# -- chapters ---------------------------------------------------------------------------------


def _clean_title(title: str) -> str:
    cleaned = " ".join(title.split())
    if not cleaned:
        raise NotAllowed("empty_title")
    return cleaned


def _live_chapter(session: Session, chapter_id: str, child_id: str | None = None) -> StoryChapter:
    chapter = session.get(StoryChapter, chapter_id)
    if chapter is None or chapter.deleted_at is not None or child_id not in (None, chapter.child_id):
        raise NotFound("chapter", chapter_id)
    return chapter


def list_chapters(vault: Vault, child_id: str) -> list[ChapterView]:
    with vault.session() as session:
        live_child(session, child_id)
        rows = session.scalars(
            select(StoryChapter)
            .where(StoryChapter.child_id == child_id, StoryChapter.deleted_at.is_(None))
            .order_by(StoryChapter.position, StoryChapter.created_at)
        ).all()
        return [_chapter_view(c) for c in rows]


def add_chapter(vault: Vault, child_id: str, title: str) -> ChapterView:
    """A new chapter at the end."""
    with vault.session() as session:
        live_child(session, child_id)
        last = session.scalar(
            select(func.max(StoryChapter.position)).where(
                StoryChapter.child_id == child_id, StoryChapter.deleted_at.is_(None)
            )
        )
        chapter = StoryChapter(
            child_id=child_id, title=_clean_title(title), position=0 if last is None else last + 1,
            author_id=vault.user_id,
        )
        session.add(chapter)
        session.flush()
        audit.record(session, vault.user_id, "add", "story_chapter", chapter.id)
        session.commit()
        return _chapter_view(chapter)


def rename_chapter(vault: Vault, chapter_id: str, title: str) -> ChapterView:
    with vault.session() as session:
        chapter = _live_chapter(session, chapter_id)
        chapter.title = _clean_title(title)
        audit.record(session, vault.user_id, "update", "story_chapter", chapter_id)
        session.commit()
        return _chapter_view(chapter)


def _check_permutation(wanted: Sequence[str], current: Iterable[str]) -> None:
    if len(set(wanted)) != len(wanted) or set(wanted) != set(current):
        raise NotAllowed("not_a_permutation")


def reorder_chapters(vault: Vault, child_id: str, chapter_ids: Sequence[str]) -> list[ChapterView]:
    with vault.session() as session:
        live_child(session, child_id)
        chapters = {c.id: c for c in session.scalars(
            select(StoryChapter).where(
                StoryChapter.child_id == child_id, StoryChapter.deleted_at.is_(None)
            )
        )}
        _check_permutation(chapter_ids, chapters)
        for position, chapter_id in enumerate(chapter_ids):
            if chapters[chapter_id].position != position:
                chapters[chapter_id].position = position
        audit.record(session, vault.user_id, "reorder", "story_chapter", None)
        session.commit()
        return [_chapter_view(chapters[c]) for c in chapter_ids]


def delete_chapter(vault: Vault, chapter_id: str) -> None:
    """Tombstones the chapter; its entries are kept, moved to the loose entries at the end."""
    with vault.session() as session:
        chapter = _live_chapter(session, chapter_id)
        start = _next_position(session, chapter.child_id, None)
        entries = session.scalars(
            select(StoryEntry)
            .where(StoryEntry.chapter_id == chapter_id, StoryEntry.deleted_at.is_(None))
            .order_by(StoryEntry.position, StoryEntry.created_at)
        ).all()
        for offset, entry in enumerate(entries):
            entry.chapter_id = None
            entry.position = start + offset
        chapter.deleted_at = utcnow()
        audit.record(session, vault.user_id, "delete", "story_chapter", chapter_id)
        session.commit()


# -- entries ----------------------------------------------------------------------------------


def _next_position(session: Session, child_id: str, chapter_id: str | None) -> int:
    last = session.scalar(
        select(func.max(StoryEntry.position)).where(
            StoryEntry.child_id == child_id, StoryEntry.deleted_at.is_(None),
            StoryEntry.chapter_id.is_(None) if chapter_id is None
            else StoryEntry.chapter_id == chapter_id,
        )
    )
    return 0 if last is None else last + 1


def _apply_draft(session: Session, entry: StoryEntry, child: Child, draft: EntryDraft) -> None:
    try:
        audience = Audience(draft.audience)
    except ValueError:
        raise NotAllowed("invalid_audience") from None
    age = draft.release_at_age
    if age is not None and not 0 <= age <= MAX_RELEASE_AGE:
        raise NotAllowed("invalid_release_age")
    if draft.chapter_id is not None:
        _live_chapter(session, draft.chapter_id, child.id)
    for photo_id in draft.photo_ids:
        live_photo(session, photo_id, child.id)
    for place_id in draft.place_ids:
        live_place(session, place_id, child.id)
    linked = set(session.scalars(
        select(ChildPerson.person_id).where(
            ChildPerson.child_id == child.id, ChildPerson.deleted_at.is_(None)
        )
    ))
    if not set(draft.person_ids) <= linked:
        raise NotAllowed("person_not_linked")
    held = audience is Audience.NOT_YET
    entry.title = _clean_title(draft.title)
    entry.body = draft.body
    entry.date_text = (draft.date_text or "").strip() or None
    entry.sort_date = parse_date_text(entry.date_text, child.date_of_birth).sort_date
    entry.audience = str(audience)
    # Release conditions mean something only while an entry is held; drop them otherwise so
    # an old date can never quietly come back into force.
    entry.release_on = draft.release_on if held else None
    entry.release_at_age = age if held else None
    entry.is_later_life_letter = draft.is_later_life_letter


def _replace_links(session: Session, entry_id: str, draft: EntryDraft) -> None:
    for table in (StoryEntryPhoto, StoryEntryPerson, StoryEntryPlace):
        for row in session.scalars(select(table).where(table.entry_id == entry_id)):
            session.delete(row)
    session.flush()
    session.add_all(
        StoryEntryPhoto(entry_id=entry_id, photo_id=p, position=i)
        for i, p in enumerate(dict.fromkeys(draft.photo_ids))
    )
    session.add_all(StoryEntryPerson(entry_id=entry_id, person_id=p)
                    for p in dict.fromkeys(draft.person_ids))
    session.add_all(StoryEntryPlace(entry_id=entry_id, place_id=p)
                    for p in dict.fromkeys(draft.place_ids))


def add_entry(vault: Vault, child_id: str, draft: EntryDraft) -> EntryView:
    """A new entry at the end of its chapter (or of the loose entries)."""
    with vault.session() as session:
        child = live_child(session, child_id)
        entry = StoryEntry(child_id=child_id, author_id=vault.user_id)
        _apply_draft(session, entry, child, draft)
        entry.chapter_id = draft.chapter_id
        entry.position = _next_position(session, child_id, draft.chapter_id)
        session.add(entry)
        session.flush()
        _replace_links(session, entry.id, draft)
        audit.record(session, vault.user_id, "add", "story_entry", entry.id)
        session.commit()
        return _one_view(session, entry, date.today())


def update_entry(vault: Vault, entry_id: str, draft: EntryDraft) -> EntryView:
    """Replaces every field and link; moving to another chapter puts it at that chapter's end."""
    with vault.session() as session:
        entry = _live_entry(session, entry_id)
        child = live_child(session, entry.child_id)
        _apply_draft(session, entry, child, draft)
        if draft.chapter_id != entry.chapter_id:
            entry.position = _next_position(session, child.id, draft.chapter_id)
            entry.chapter_id = draft.chapter_id
        _replace_links(session, entry_id, draft)
        audit.record(session, vault.user_id, "update", "story_entry", entry_id)
        session.commit()
        return _one_view(session, entry, date.today())


def reorder_entries(
    vault: Vault, child_id: str, chapter_id: str | None, entry_ids: Sequence[str]
) -> None:
    """`entry_ids` must be exactly the chapter's entries (or the loose ones), in the new order."""
    with vault.session() as session:
        live_child(session, child_id)
        if chapter_id is not None:
            _live_chapter(session, chapter_id, child_id)
        entries = {e.id: e for e in session.scalars(
            select(StoryEntry).where(
                StoryEntry.child_id == child_id, StoryEntry.deleted_at.is_(None),
                StoryEntry.chapter_id.is_(None) if chapter_id is None
                else StoryEntry.chapter_id == chapter_id,
            )
        )}
        _check_permutation(entry_ids, entries)
        for position, entry_id in enumerate(entry_ids):
            if entries[entry_id].position != position:
                entries[entry_id].position = position
        audit.record(session, vault.user_id, "reorder", "story_entry", chapter_id)
        session.commit()


def delete_entry(vault: Vault, entry_id: str) -> None:
    with vault.session() as session:
        entry = _live_entry(session, entry_id)
        entry.deleted_at = utcnow()
        audit.record(session, vault.user_id, "delete", "story_entry", entry_id)
        session.commit()


# -- photos: caption, who, where --------------------------------------------------------------


def _photo_details(session: Session, photo: Photo) -> PhotoDetails:
    people = session.scalars(
        select(PhotoPerson.person_id)
        .join(Person, Person.id == PhotoPerson.person_id)
        .where(PhotoPerson.photo_id == photo.id, Person.deleted_at.is_(None))
        .order_by(Person.name)
    ).all()
    place = photo.place_id
    if place is not None and session.scalar(
        select(Place.deleted_at.is_(None)).where(Place.id == place)
    ) is not True:
        place = None
    return PhotoDetails(
        photo.id, photo.child_id, photo.caption, photo.taken_at, place, tuple(people), photo.version
    )


def _any_live_photo(session: Session, photo_id: str) -> Photo:
    photo = session.get(Photo, photo_id)
    if photo is None or photo.deleted_at is not None:
        raise NotFound("photo", photo_id)
    return photo


def photo_details(vault: Vault, photo_id: str) -> PhotoDetails:
    with vault.session() as session:
        return _photo_details(session, _any_live_photo(session, photo_id))


def set_caption(vault: Vault, photo_id: str, caption: str) -> PhotoDetails:
    with vault.session() as session:
        photo = _any_live_photo(session, photo_id)
        photo.caption = caption.strip()
        audit.record(session, vault.user_id, "update", "photo", photo_id)
        session.commit()
        return _photo_details(session, photo)


def set_photo_people(vault: Vault, photo_id: str, person_ids: Iterable[str]) -> PhotoDetails:
    """Who is in the photo becomes exactly these people (linked to the photo's child, if any)."""
    wanted = list(dict.fromkeys(person_ids))
    with vault.session() as session:
        photo = _any_live_photo(session, photo_id)
        query = select(Person.id).where(Person.deleted_at.is_(None))
        if photo.child_id is not None:
            query = query.join(ChildPerson, ChildPerson.person_id == Person.id).where(
                ChildPerson.child_id == photo.child_id, ChildPerson.deleted_at.is_(None)
            )
        if not set(wanted) <= set(session.scalars(query)):
            raise NotAllowed("person_not_linked")
        for row in session.scalars(select(PhotoPerson).where(PhotoPerson.photo_id == photo_id)):
            session.delete(row)
        session.flush()
        session.add_all(PhotoPerson(photo_id=photo_id, person_id=p) for p in wanted)
        audit.record(session, vault.user_id, "tag", "photo", photo_id)
        session.commit()
        return _photo_details(session, photo)


def set_photo_place(vault: Vault, photo_id: str, place_id: str | None) -> PhotoDetails:
    with vault.session() as session:
        photo = _any_live_photo(session, photo_id)
        if place_id is not None:
            live_place(session, place_id, photo.child_id)
        photo.place_id = place_id
        audit.record(session, vault.user_id, "update", "photo", photo_id)
        session.commit()
        return _photo_details(session, photo)


# -- prompts ----------------------------------------------------------------------------------


def prompts(theme: PromptTheme | None = None) -> tuple[StoryPrompt, ...]:
    return all_prompts(theme)


def suggested_prompts(
    vault: Vault, child_id: str, used_keys: frozenset[str] = frozenset(), limit: int = 3
) -> tuple[StoryPrompt, ...]:
    """A few prompts for this child's story: the present first while the story is young."""
    with vault.session() as session:
        live_child(session, child_id)
        count = session.scalar(
            select(func.count(StoryEntry.id)).where(
                StoryEntry.child_id == child_id, StoryEntry.deleted_at.is_(None)
            )
        ) or 0
    return suggest(count, used_keys, limit)
