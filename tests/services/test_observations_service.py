"""Observations: signed and dated, edits keep earlier wording, tombstones, search and filters."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from carer_app.domain.enums import EntryBasis, ObservationCategory, Role
from carer_app.domain.observation_views import ObservationDraft, ObservationQuery
from carer_app.services import children, household, observations
from carer_app.services.errors import NotAllowed, NotFound
from carer_app.services.observations import EditConflict
from carer_app.storage.models import Observation, ObservationRevision

WHEN = datetime(2025, 3, 4, 9, 30, tzinfo=UTC)
HEALTH, SCHOOL = ObservationCategory.HEALTH, ObservationCategory.EDUCATION


def draft(vault: Any, text: str, *, category: ObservationCategory = HEALTH,
          basis: EntryBasis = EntryBasis.FACT, when: datetime = WHEN, words: str = "",
          child: str | None = None) -> ObservationDraft:
    kid = child or children.list_children(vault)[0].id
    return ObservationDraft(kid, when, category, basis, text, words)


def test_an_entry_is_signed_and_dated(vault: Any) -> None:
    row = observations.add_observation(vault, draft(vault, "  Slept through the night ",
                                                    words="I had a big sleep!"))
    assert (row.text, row.child_words, row.author, row.child_name) == (
        "Slept through the night", "I had a big sleep!", "Test Carer", "Test Child")
    assert row.occurred_at == WHEN and row.created_at.tzinfo is not None
    assert (row.version, row.earlier_versions, row.edited, row.deleted_at) == (1, 0, False, None)
    for bad in (draft(vault, "   "), draft(vault, "x", when=datetime(2025, 3, 4)),
                draft(vault, "x", child="nobody")):
        with pytest.raises((NotAllowed, NotFound)):
            observations.add_observation(vault, bad)


def test_editing_keeps_every_earlier_wording_signed(vault: Any, tmp_path: Any) -> None:
    row = observations.add_observation(vault, draft(vault, "Quiet after contact"))
    first = observations.update_observation(
        vault, row.id, draft(vault, "Quiet after contact; wanted a cuddle",
                             basis=EntryBasis.OPINION), expected_version=row.version)
    other = household.add_adult(vault, name="Second Carer", role=Role.CARER,
                                passphrase="copper lanterns drift over night meadows")
    vault.user_id = other.id
    second = observations.update_observation(
        vault, row.id, draft(vault, "Quiet after contact; wanted a cuddle and a story",
                             category=ObservationCategory.FAMILY_CONTACT),
        expected_version=first.version)
    assert second.author == "Test Carer"  # the signature of the entry stays its first author
    assert second.earlier_versions == 2 and second.edited
    story = observations.history(vault, row.id)
    assert [(v.revision, v.text, v.written_by, v.current) for v in story.versions] == [
        (1, "Quiet after contact", "Test Carer", False),
        (2, "Quiet after contact; wanted a cuddle", "Test Carer", False),
        (3, "Quiet after contact; wanted a cuddle and a story", "Second Carer", True),
    ]
    assert story.versions[1].basis is EntryBasis.OPINION
    assert story.versions[0].written_at == row.created_at
    assert story.versions[0].written_at <= story.versions[1].written_at <= story.versions[2].written_at
    with pytest.raises(EditConflict):
        observations.update_observation(vault, row.id, draft(vault, "stale"),
                                        expected_version=first.version)
    with vault.session() as s:
        kept = s.scalars(select(ObservationRevision.text)
                         .where(ObservationRevision.observation_id == row.id)
                         .order_by(ObservationRevision.revision)).all()
    assert kept == ["Quiet after contact", "Quiet after contact; wanted a cuddle"]


def test_saving_the_same_words_adds_no_revision(vault: Any) -> None:
    row = observations.add_observation(vault, draft(vault, "Dentist: all fine"))
    same = observations.update_observation(vault, row.id, draft(vault, "Dentist: all fine "),
                                           expected_version=row.version)
    assert same.version == row.version and same.earlier_versions == 0


def test_deleting_leaves_a_tombstone(vault: Any) -> None:
    row = observations.add_observation(vault, draft(vault, "Written for the wrong day"))
    gone = observations.delete_observation(vault, row.id, expected_version=row.version)
    assert gone.deleted_at is not None and gone.text == "Written for the wrong day"
    assert observations.search(vault, ObservationQuery()) == []
    assert [r.id for r in observations.search(vault, ObservationQuery(include_deleted=True))] == [row.id]
    with vault.session() as s:
        assert s.get(Observation, row.id) is not None  # still there for the export
    with pytest.raises(NotAllowed):
        observations.update_observation(vault, row.id, draft(vault, "x"), expected_version=gone.version)
    with pytest.raises(NotAllowed):
        observations.delete_observation(vault, row.id)


def test_search_and_filters(vault: Any) -> None:
    other_child = children.add_child(vault, "Second Child").id
    texts = [
        ("Nursery said she shared the paints", SCHOOL, 0, None),
        ("Dentist check-up, no treatment needed", HEALTH, 1, None),
        ("Zoë came to play; lots of laughing", ObservationCategory.WELLBEING, 2, None),
        ("Swimming badge 10% faster_than before", ObservationCategory.ACHIEVEMENT, 3, other_child),
    ]
    for text, category, days, child in texts:
        observations.add_observation(vault, draft(vault, text, category=category,
                                                  when=WHEN + timedelta(days=days), child=child))
    def found(**query: Any) -> list[str]:
        return [r.text.split()[0] for r in observations.search(vault, ObservationQuery(**query))]

    assert found() == ["Swimming", "Zoë", "Dentist", "Nursery"]  # newest first
    assert found(newest_first=False)[0] == "Nursery"
    assert found(text="DENTIST needed") == ["Dentist"]
    assert found(text="zoë LAUGHING") == ["Zoë"]
    assert found(text="ZOË") == ["Zoë"]  # case folding beyond ASCII
    assert found(text="10%") == ["Swimming"] and found(text="%") == ["Swimming"]
    assert found(text="faster_than") == ["Swimming"] and found(text="badge_10") == []
    assert found(categories=frozenset({SCHOOL, HEALTH})) == ["Dentist", "Nursery"]
    assert found(child_id=other_child) == ["Swimming"]
    day = (WHEN + timedelta(days=1)).astimezone().date()
    assert found(date_from=day, date_to=day) == ["Dentist"]
    assert found(date_from=day + timedelta(days=1)) == ["Swimming", "Zoë"]
    assert found(author_id=vault.user_id, text="paints") == ["Nursery"]
    assert found(author_id="someone-else") == []
    ids = observations.search_ids(vault, ObservationQuery())
    assert [r.id for r in observations.rows(vault, [ids[2], "missing", ids[0]])] == [ids[2], ids[0]]
    assert [a.name for a in observations.authors(vault)] == ["Test Carer"]


def test_local_day_start_is_midnight_here() -> None:
    start = observations.local_day_start(date(2025, 6, 1))
    assert start.tzinfo is UTC
    local = start.astimezone()
    assert (local.date(), local.hour, local.minute) == (date(2025, 6, 1), 0, 0)


def test_letters_beyond_ascii_match_in_any_case(vault: Any) -> None:
    for text in ("Zoë came round", "ZOË again", "Straße fest", "Ärger im Bus"):
        observations.add_observation(vault, draft(vault, text))

    def found(text: str) -> set[str]:
        return {r.text for r in observations.search(vault, ObservationQuery(text=text))}

    assert found("zoë") == found("ZOË") == {"Zoë came round", "ZOË again"}
    assert found("STRAßE") == found("straße") == {"Straße fest"}
    assert found("ärger") == {"Ärger im Bus"}
