"""The story as adults write it: chapters, entries, links, the timeline, photo captions and tags."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from carer_app.domain.audience import DatePrecision, Visibility
from carer_app.domain.enums import Audience, PlaceKind, Relationship
from carer_app.domain.life_story_views import EntryDraft, PersonDetails, PlaceDetails
from carer_app.domain.story_prompts import PromptTheme
from carer_app.services import children, household, life_story, people_places
from carer_app.services.demo_photos import jpeg_with_metadata
from carer_app.services.errors import NotAllowed, NotFound
from carer_app.services.photo_processing import process_photo
from carer_app.services.photos import store_processed
from carer_app.storage.models import Child, StoryEntry
from carer_app.storage.vault import Vault

DEMO_PASSPHRASE = "paper lantern over the quiet harbour"


def _child(vault: Vault) -> str:
    return children.list_children(vault)[0].id


def _photo(vault: Vault, child_id: str | None, seed: int = 1) -> str:
    data = jpeg_with_metadata(seed, datetime(2022, 5, 1, 10, 0))
    return store_processed(vault, child_id, process_photo(data, filename="p.jpg"))


def test_chapters_add_rename_reorder_delete(vault: Vault) -> None:
    child_id = _child(vault)
    first = life_story.add_chapter(vault, child_id, "  Before   I came ")
    second = life_story.add_chapter(vault, child_id, "Now")
    assert (first.title, first.position, second.position) == ("Before I came", 0, 1)
    assert life_story.rename_chapter(vault, second.id, "Today").title == "Today"
    life_story.reorder_chapters(vault, child_id, [second.id, first.id])
    assert [c.id for c in life_story.list_chapters(vault, child_id)] == [second.id, first.id]
    with pytest.raises(NotAllowed):
        life_story.reorder_chapters(vault, child_id, [second.id])
    with pytest.raises(NotAllowed):
        life_story.add_chapter(vault, child_id, "   ")
    kept = life_story.add_entry(vault, child_id, EntryDraft("Inside", chapter_id=first.id))
    life_story.delete_chapter(vault, first.id)
    assert [c.id for c in life_story.list_chapters(vault, child_id)] == [second.id]
    story = life_story.story(vault, child_id)
    assert story[-1].chapter is None  # loose entries, kept
    assert [e.id for e in story[-1].entries] == [kept.id]
    with pytest.raises(NotFound):
        life_story.rename_chapter(vault, first.id, "again")


def test_entry_with_links_and_update_replacing_them(vault: Vault) -> None:
    child_id = _child(vault)
    chapter = life_story.add_chapter(vault, child_id, "Now")
    gran = people_places.add_person(vault, child_id, PersonDetails("Gran", Relationship.GRANDPARENT))
    park = people_places.add_place(vault, child_id, PlaceDetails("The park", PlaceKind.FAVOURITE))
    one, two = _photo(vault, child_id, 1), _photo(vault, None, 2)
    entry = life_story.add_entry(vault, child_id, EntryDraft(
        "Ducks", "We fed the ducks.", chapter.id, "spring 2024", Audience.CHILD_NOW,
        photo_ids=(two, one), person_ids=(gran.id,), place_ids=(park.id,),
    ))
    assert entry.photo_ids == (two, one)
    assert (entry.person_ids, entry.place_ids) == ((gran.id,), (park.id,))
    assert entry.sort_date == date(2024, 3, 1)
    assert entry.date_precision is DatePrecision.SEASON
    assert entry.visibility is Visibility.OPEN
    assert entry.author_id == vault.user_id
    updated = life_story.update_entry(vault, entry.id, EntryDraft(
        "Ducks again", chapter_id=chapter.id, audience=Audience.TOGETHER, photo_ids=(one,),
    ))
    assert (updated.title, updated.photo_ids, updated.person_ids, updated.place_ids) == (
        "Ducks again", (one,), (), ())
    assert updated.version == entry.version + 1
    assert life_story.get_entry(vault, entry.id) == updated


def test_release_conditions_only_on_held_entries(vault: Vault) -> None:
    child_id = _child(vault)
    letter = life_story.add_entry(vault, child_id, EntryDraft(
        "A letter", audience=Audience.NOT_YET, release_on=date(2040, 1, 1),
        is_later_life_letter=True,
    ))
    assert (letter.visibility, letter.release_date) == (Visibility.HELD, date(2040, 1, 1))
    opened = life_story.update_entry(vault, letter.id, EntryDraft(
        "A letter", audience=Audience.CHILD_NOW, release_on=date(2040, 1, 1), release_at_age=16,
    ))
    assert (opened.release_on, opened.release_at_age, opened.release_date) == (None, None, None)
    with pytest.raises(NotAllowed) as caught:
        life_story.add_entry(vault, child_id, EntryDraft("x", audience=Audience.NOT_YET,
                                                         release_at_age=-1))
    assert caught.value.reason == "invalid_release_age"


def test_links_must_belong_to_the_child(vault: Vault) -> None:
    child_id = _child(vault)
    other = children.add_child(vault, "Other Child").id
    stranger = people_places.add_person(vault, other, PersonDetails("Stranger", Relationship.FRIEND))
    elsewhere = people_places.add_place(vault, other, PlaceDetails("Elsewhere", PlaceKind.HOME))
    their_chapter = life_story.add_chapter(vault, other, "Theirs")
    cases: list[tuple[EntryDraft, type[Exception]]] = [
        (EntryDraft("x", person_ids=(stranger.id,)), NotAllowed),
        (EntryDraft("x", photo_ids=(_photo(vault, other),)), NotAllowed),
        (EntryDraft("x", place_ids=(elsewhere.id,)), NotFound),
        (EntryDraft("x", chapter_id=their_chapter.id), NotFound),
        (EntryDraft("x", audience="everyone"), NotAllowed),  # type: ignore[arg-type]
        (EntryDraft(" "), NotAllowed),
    ]
    for draft, error in cases:
        with pytest.raises(error):
            life_story.add_entry(vault, child_id, draft)
    with vault.session() as s:
        assert s.scalars(select(StoryEntry)).all() == []


def test_timeline_sorts_approximate_dates_and_keeps_order_on_ties(vault: Vault) -> None:
    child_id = _child(vault)
    titles = [("Undated", "most Saturdays"), ("Third", "summer 2023"), ("First", "12 March 2020"),
              ("Aged three", "when you were about 3"), ("Second", "2023-06"), ("Tie", "summer 2023")]
    for title, when in titles:
        life_story.add_entry(vault, child_id, EntryDraft(title, date_text=when))
    order = [e.title for e in life_story.timeline(vault, child_id)]
    assert order == ["First", "Third", "Second", "Tie", "Undated", "Aged three"]
    with vault.session() as s:  # a date of birth learned later places the age on the timeline
        child = s.get(Child, child_id)
        assert child is not None
        child.date_of_birth = date(2016, 1, 10)
        s.commit()
    order = [e.title for e in life_story.timeline(vault, child_id)]
    assert order == ["Aged three", "First", "Third", "Second", "Tie", "Undated"]


def test_reorder_and_move_entries(vault: Vault) -> None:
    child_id = _child(vault)
    chapter = life_story.add_chapter(vault, child_id, "One")
    later = life_story.add_chapter(vault, child_id, "Two")
    a, b, c = (life_story.add_entry(vault, child_id, EntryDraft(t, chapter_id=chapter.id))
               for t in "abc")
    assert (a.position, b.position, c.position) == (0, 1, 2)
    life_story.reorder_entries(vault, child_id, chapter.id, [c.id, a.id, b.id])
    story = life_story.story(vault, child_id)
    assert [e.title for e in story[0].entries] == ["c", "a", "b"]
    with pytest.raises(NotAllowed):
        life_story.reorder_entries(vault, child_id, chapter.id, [c.id, a.id, a.id])
    moved = life_story.update_entry(vault, a.id, EntryDraft("a", chapter_id=later.id))
    assert (moved.chapter_id, moved.position) == (later.id, 0)


def test_delete_is_a_tombstone(vault: Vault) -> None:
    child_id = _child(vault)
    entry = life_story.add_entry(vault, child_id, EntryDraft("Gone"))
    life_story.delete_entry(vault, entry.id)
    assert life_story.timeline(vault, child_id) == []
    with pytest.raises(NotFound):
        life_story.get_entry(vault, entry.id)
    with pytest.raises(NotFound):
        life_story.delete_entry(vault, entry.id)
    with vault.session() as s:
        row = s.get(StoryEntry, entry.id)
        assert row is not None and row.deleted_at is not None and row.title == "Gone"


def test_photo_caption_people_and_place(vault: Vault) -> None:
    child_id = _child(vault)
    other = children.add_child(vault, "Other Child").id
    gran = people_places.add_person(vault, child_id, PersonDetails("Gran", Relationship.GRANDPARENT))
    stranger = people_places.add_person(vault, other, PersonDetails("Stranger", Relationship.FRIEND))
    park = people_places.add_place(vault, child_id, PlaceDetails("Park", PlaceKind.FAVOURITE))
    photo = _photo(vault, child_id)
    assert life_story.set_caption(vault, photo, "  At the park ").caption == "At the park"
    assert life_story.set_photo_people(vault, photo, [gran.id, gran.id]).person_ids == (gran.id,)
    with pytest.raises(NotAllowed):
        life_story.set_photo_people(vault, photo, [stranger.id])
    details = life_story.set_photo_place(vault, photo, park.id)
    assert (details.place_id, details.person_ids, details.caption) == (park.id, (gran.id,), "At the park")
    assert life_story.set_photo_place(vault, photo, None).place_id is None
    with pytest.raises(NotFound):
        life_story.set_caption(vault, "no-such-photo", "x")


def test_prompts_start_with_the_present(vault: Vault) -> None:
    child_id = _child(vault)
    first = life_story.suggested_prompts(vault, child_id)
    assert first and {p.theme for p in first} <= {PromptTheme.NOW, PromptTheme.EVERYDAY}
    assert life_story.prompts()[0].theme is PromptTheme.NOW
    assert all(p.theme is PromptTheme.CHOICES for p in life_story.prompts(PromptTheme.CHOICES))


def test_demo_story_reads_back(demo_copy: Path) -> None:
    vault = household.unlock(demo_copy, DEMO_PASSPHRASE)
    try:
        maisie = children.find_child(vault, "Maisie")
        story = life_story.story(vault, maisie.id)
        entries = [e for chapter in story for e in chapter.entries]
        assert len(entries) == 6
        letter = next(e for e in entries if e.is_later_life_letter)
        assert letter.visibility is Visibility.HELD
        assert letter.release_date is not None and letter.release_date > date.today()
        from carer_app.services.demo import STORY_PHOTOS

        illustrated = {e.title for e in entries if e.photo_ids}
        assert illustrated == set(STORY_PHOTOS)
    finally:
        vault.close()
