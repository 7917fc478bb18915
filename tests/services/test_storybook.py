"""The child's storybook: only released pages by every route, memories, feelings, talk flag, exit PIN."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest
from PIL import Image
from sqlalchemy import select

from carer_app.domain.enums import Audience, Feeling, Role
from carer_app.domain.life_story_views import EntryDraft, StorybookPage
from carer_app.services import children, household, life_story, storybook
from carer_app.services.demo_photos import jpeg_with_metadata
from carer_app.services.errors import NotAllowed, NotFound
from carer_app.services.photo_processing import process_photo
from carer_app.services.photos import photo_bytes, store_processed
from carer_app.storage.models import User
from carer_app.storage.vault import Vault

PASSPHRASE = "violet kettle under seven bridges"
DOB = date(2014, 5, 20)
BEFORE, RELEASE_DAY = date(2030, 5, 19), date(2030, 5, 20)  # the 16th birthday
OUTSIDE = (Audience.TOGETHER, Audience.NOT_YET)


def _photo(vault: Vault, child_id: str, seed: int) -> str:
    data = jpeg_with_metadata(seed, datetime(2022, 5, 1, 10, 0))
    return store_processed(vault, child_id, process_photo(data, filename="p.jpg"))


@pytest.fixture()
def story(vault: Vault) -> dict[str, str]:
    """A child with an open page, a together page, a letter held until 16, and one held for ever."""
    child = children.add_child(vault, "Samira Storybook", preferred_name="Sam", date_of_birth=DOB)
    chapter = life_story.add_chapter(vault, child.id, "My story")
    ids = {"child": child.id}
    for key, audience, extra in [
        ("open", Audience.CHILD_NOW, {}),
        ("together", Audience.TOGETHER, {}),
        ("letter", Audience.NOT_YET, {"release_at_age": 16, "is_later_life_letter": True}),
        ("held", Audience.NOT_YET, {}),
        ("last", Audience.CHILD_NOW, {}),
    ]:
        photo = _photo(vault, child.id, len(ids))
        ids[key + "_photo"] = photo
        ids[key] = life_story.add_entry(vault, child.id, EntryDraft(
            f"Title {key}", f"Body about {key} zebra", chapter.id, audience=audience,
            photo_ids=(photo,), **extra,  # type: ignore[arg-type]
        )).id
    return ids


def _titles(pages: list[StorybookPage]) -> list[str]:
    return [p.title for p in pages]


def test_child_now_pages_only_without_an_adult(vault: Vault, story: dict[str, str]) -> None:
    pages = storybook.pages(vault, story["child"], BEFORE, False)
    assert _titles(pages) == ["Title open", "Title last"]
    assert (pages[0].index, pages[0].count, pages[0].previous_id) == (0, 2, None)
    assert pages[0].next_id == story["last"] and pages[1].previous_id == story["open"]
    assert pages[1].next_id is None
    assert not pages[0].together and pages[0].chapter_title == "My story"


def test_together_pages_need_the_adult(vault: Vault, story: dict[str, str]) -> None:
    child = story["child"]
    with pytest.raises(NotFound):
        storybook.page(vault, child, story["together"], BEFORE, False)
    shown = storybook.page(vault, child, story["together"], BEFORE, True)
    assert shown.together
    assert _titles(storybook.pages(vault, child, BEFORE, True)) == [
        "Title open", "Title together", "Title last"]


@pytest.mark.parametrize("unlocked", [False, True])
def test_not_yet_never_appears_before_its_day_by_any_route(
    vault: Vault, story: dict[str, str], unlocked: bool
) -> None:
    child = story["child"]
    for day in (date(2020, 1, 1), BEFORE):
        pages = storybook.pages(vault, child, day, unlocked)
        assert "Title letter" not in _titles(pages) and "Title held" not in _titles(pages)
        for hidden in ("letter", "held"):
            with pytest.raises(NotFound):
                storybook.page(vault, child, story[hidden], day, unlocked)
            with pytest.raises(NotFound):
                storybook.photo(vault, child, story[hidden + "_photo"], day, unlocked)
            with pytest.raises(NotFound):
                storybook.thumbnail(vault, child, story[hidden + "_photo"], day, unlocked)
        neighbours = {p.previous_id for p in pages} | {p.next_id for p in pages}
        assert story["letter"] not in neighbours and story["held"] not in neighbours
        assert storybook.search(vault, child, "Title letter", day, unlocked) == []
        assert storybook.search(vault, child, "about held", day, unlocked) == []
        assert "Title letter" not in _titles(storybook.search(vault, child, "zebra", day, unlocked))
        # Even a saved place on a hidden page does not open it.
        storybook.save_progress(vault, child, story["letter"])
        resumed = storybook.resume(vault, child, day, unlocked)
        assert resumed is not None and resumed.title == "Title open"


def test_released_letter_appears_from_its_day_read_together(
    vault: Vault, story: dict[str, str]
) -> None:
    child = story["child"]
    assert "Title letter" not in _titles(storybook.pages(vault, child, RELEASE_DAY, False))
    released = storybook.pages(vault, child, RELEASE_DAY, True)
    assert _titles(released) == ["Title open", "Title together", "Title letter", "Title last"]
    letter = storybook.page(vault, child, story["letter"], RELEASE_DAY, True)
    assert letter.together and letter.is_later_life_letter
    assert letter.previous_id == story["together"] and letter.next_id == story["last"]
    assert _titles(storybook.search(vault, child, "about letter", RELEASE_DAY, True)) == ["Title letter"]
    assert storybook.photo(vault, child, story["letter_photo"], RELEASE_DAY, True)
    # The one held without a date stays held however far ahead we look.
    assert "Title held" not in _titles(storybook.pages(vault, child, date(2099, 1, 1), True))


def test_pages_of_other_children_and_deleted_pages_are_not_found(
    vault: Vault, story: dict[str, str]
) -> None:
    other = children.list_children(vault)[0].id
    with pytest.raises(NotFound):
        storybook.page(vault, other, story["open"], BEFORE, True)
    with pytest.raises(NotFound):
        storybook.photo(vault, other, story["open_photo"], BEFORE, True)
    life_story.delete_entry(vault, story["open"])
    with pytest.raises(NotFound):
        storybook.page(vault, story["child"], story["open"], BEFORE, True)


def test_resume_where_the_child_left_off(vault: Vault, story: dict[str, str]) -> None:
    child = story["child"]
    first = storybook.resume(vault, child, BEFORE, False)
    assert first is not None and first.entry_id == story["open"]
    storybook.save_progress(vault, child, story["last"])
    again = storybook.resume(vault, child, BEFORE, False)
    assert again is not None and again.entry_id == story["last"]
    empty = children.list_children(vault)[0].id
    assert storybook.resume(vault, empty, BEFORE, False) is None


def test_memories_feelings_and_photos(vault: Vault, story: dict[str, str]) -> None:
    child = story["child"]
    picture = jpeg_with_metadata(9, datetime(2024, 1, 2, 3, 4))
    assert b"GPS" in picture or Image.open(io.BytesIO(picture)).getexif().get_ifd(0x8825)
    memory = storybook.add_memory(vault, child, " I liked the ducks ", picture, entry_id=story["open"])
    loose = storybook.add_memory(vault, child, "My own page")
    on_together = storybook.add_memory(
        vault, child, "Said together", entry_id=story["together"], together_unlocked=True
    )
    assert memory.text == "I liked the ducks" and memory.photo_id is not None
    stored = Image.open(io.BytesIO(photo_bytes(vault, memory.photo_id)))
    assert not stored.getexif().get_ifd(0x8825)
    page = storybook.page(vault, child, story["open"], BEFORE, False)
    assert [m.id for m in page.memories] == [memory.id]
    assert storybook.photo(vault, child, memory.photo_id, BEFORE, False)
    assert [m.id for m in storybook.child_memories(vault, child, BEFORE, False)] == [memory.id, loose.id]
    assert on_together.id in [m.id for m in storybook.memories_for_carer(vault, child)]
    assert _titles(storybook.search(vault, child, "ducks", BEFORE, False)) == ["Title open"]
    with pytest.raises(NotAllowed):
        storybook.add_memory(vault, child, "   ")
    storybook.set_feeling(vault, child, story["open"], Feeling.HAPPY)
    storybook.set_feeling(vault, child, story["open"], Feeling.CALM)
    assert storybook.page(vault, child, story["open"], BEFORE, False).feeling == "calm"
    storybook.set_feeling(vault, child, story["open"], None)
    assert storybook.page(vault, child, story["open"], BEFORE, False).feeling is None
    storybook.set_feeling(vault, child, story["together"], Feeling.SAD, together_unlocked=True)
    assert storybook.page(vault, child, story["together"], BEFORE, True).feeling == "sad"


def test_child_actions_on_pages_they_cannot_see_are_not_found(
    vault: Vault, story: dict[str, str]
) -> None:
    child = story["child"]
    for hidden, unlocked in [("letter", True), ("held", True), ("together", False)]:
        with pytest.raises(NotFound):
            storybook.request_talk(vault, child, story[hidden], together_unlocked=unlocked)
        with pytest.raises(NotFound):
            storybook.set_feeling(vault, child, story[hidden], Feeling.HAPPY,
                                  together_unlocked=unlocked)
        with pytest.raises(NotFound):
            storybook.add_memory(vault, child, "x", entry_id=story[hidden],
                                 together_unlocked=unlocked)
    assert storybook.open_talk_requests(vault) == []
    assert storybook.memories_for_carer(vault, child) == []


def test_memory_on_a_deleted_page_stays_with_the_child(vault: Vault, story: dict[str, str]) -> None:
    child = story["child"]
    memory = storybook.add_memory(vault, child, "Still mine", entry_id=story["last"])
    life_story.delete_entry(vault, story["last"])
    kept = storybook.child_memories(vault, child, BEFORE, False)
    assert [(m.id, m.entry_id) for m in kept] == [(memory.id, None)]


def test_talk_flag_reaches_the_carer(vault: Vault, story: dict[str, str]) -> None:
    child = story["child"]
    assert storybook.open_talk_requests(vault) == []
    raised = storybook.request_talk(vault, child, story["open"])
    assert storybook.request_talk(vault, child, story["open"]).id == raised.id  # pressed twice
    general = storybook.request_talk(vault, child, None)
    waiting = storybook.open_talk_requests(vault, child)
    assert [(r.id, r.entry_title, r.child_name) for r in waiting] == [
        (raised.id, "Title open", "Sam"), (general.id, None, "Sam")]
    assert [r.id for r in storybook.open_talk_requests(vault)] == [raised.id, general.id]
    other = children.list_children(vault)[0].id
    assert storybook.open_talk_requests(vault, other) == []
    assert storybook.page(vault, child, story["open"], BEFORE, False).talk_requested
    done = storybook.resolve_talk_request(vault, raised.id)
    assert done.resolved_at is not None
    assert [r.id for r in storybook.open_talk_requests(vault)] == [general.id]
    assert not storybook.page(vault, child, story["open"], BEFORE, False).talk_requested
    again = storybook.request_talk(vault, child, story["open"])
    assert again.id != raised.id
    with pytest.raises(NotFound):
        storybook.resolve_talk_request(vault, "no-such-request")


def test_exit_needs_a_carers_pin_or_passphrase(vault: Vault) -> None:
    carer = vault.user_id
    assert carer is not None
    assert not storybook.has_storybook_pin(vault)
    assert not storybook.check_exit(vault, "2580")
    for bad, reason in [("12a4", "invalid_pin"), ("123", "invalid_pin"), ("123456789", "invalid_pin"),
                        ("1111", "weak_pin"), ("1234", "weak_pin"), ("9876", "weak_pin")]:
        with pytest.raises(NotAllowed) as caught:
            storybook.set_storybook_pin(vault, carer, bad)
        assert caught.value.reason == reason
    storybook.set_storybook_pin(vault, carer, "2580")
    assert storybook.has_storybook_pin(vault)
    with vault.session() as s:
        stored = s.scalar(select(User.storybook_pin_hash).where(User.id == carer))
    assert stored is not None and stored.startswith("scrypt$") and "2580" not in stored
    assert storybook.check_exit(vault, "2580")
    assert not storybook.check_exit(vault, "2581")
    assert not storybook.check_exit(vault, "")
    assert storybook.check_exit(vault, PASSPHRASE)
    assert not storybook.check_exit(vault, PASSPHRASE + "x")
    second = household.add_adult(
        vault, name="Second Carer", role=Role.CARER, passphrase="amber otter beyond nine hills"
    )
    storybook.set_storybook_pin(vault, second.id, "73915")
    assert storybook.check_exit(vault, "73915") and storybook.check_exit(vault, "2580")
    storybook.clear_storybook_pin(vault, carer)
    assert not storybook.check_exit(vault, "2580")
    with pytest.raises(NotFound):
        storybook.set_storybook_pin(vault, "no-such-adult", "2580")


def test_wrong_tries_slow_the_next_one() -> None:
    attempts = storybook.ExitAttempts()
    waits = []
    for _ in range(8):
        attempts = attempts.after(False)
        waits.append(attempts.wait_seconds)
    assert waits[:2] == [0, 0] and waits[2] > 0 and waits == sorted(waits) and waits[-1] <= 60
    assert attempts.after(True).wait_seconds == 0


def test_storybook_language_per_child(vault: Vault, story: dict[str, str]) -> None:
    child = story["child"]
    assert storybook.storybook_language(vault, child) is None
    storybook.set_storybook_language(vault, child, "pa-Guru")
    assert storybook.storybook_language(vault, child) == "pa-Guru"
    storybook.set_storybook_language(vault, child, None)
    assert storybook.storybook_language(vault, child) is None
    with pytest.raises(NotAllowed):
        storybook.set_storybook_language(vault, child, "../../etc")
