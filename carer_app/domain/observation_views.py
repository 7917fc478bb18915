"""Plain views, forms and queries for the daily observation log (signed, dated, amended not overwritten)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from carer_app.domain.enums import EntryBasis, ObservationCategory

MAX_TEXT = 20_000  # characters; a long day, not a pasted document


@dataclass(frozen=True)
class ObservationDraft:
    """What an adult writes: the time it happened, what kind of entry, and the words."""

    child_id: str
    occurred_at: datetime  # aware
    category: ObservationCategory
    basis: EntryBasis
    text: str
    child_words: str = ""  # the child's own words, if they want to add them
    photo_id: str | None = None


@dataclass(frozen=True)
class ObservationRow:
    """One entry as a list shows it: signed (author and time) and dated."""

    id: str
    child_id: str
    child_name: str
    occurred_at: datetime
    category: ObservationCategory
    basis: EntryBasis
    text: str
    child_words: str
    photo_id: str | None
    author_id: str | None
    author: str  # the adult who first wrote it
    created_at: datetime
    updated_at: datetime
    version: int  # the optimistic-lock counter: pass it back when editing
    deleted_at: datetime | None  # a tombstone: kept, and carried by exports
    earlier_versions: int  # wordings kept from before edits; 0 = never edited

    @property
    def edited(self) -> bool:
        return self.earlier_versions > 0


@dataclass(frozen=True)
class ObservationVersion:
    """One wording of an entry: the earlier ones are kept on every edit."""

    revision: int  # 1 = as first written
    text: str
    child_words: str
    category: ObservationCategory
    basis: EntryBasis
    written_by: str
    written_at: datetime
    current: bool


@dataclass(frozen=True)
class ObservationHistory:
    entry: ObservationRow
    versions: tuple[ObservationVersion, ...]  # oldest first; the last is the current wording


@dataclass(frozen=True)
class ObservationQuery:
    """A search: every given part must match. Dates are inclusive, in the carer's local days."""

    text: str = ""  # every word must appear in the entry or the child's words, any case
    categories: frozenset[ObservationCategory] = frozenset()  # empty: all
    child_id: str | None = None
    author_id: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    include_deleted: bool = False
    newest_first: bool = True


@dataclass(frozen=True)
class AuthorView:
    id: str
    name: str
