"""The daily observation log: signed and dated entries, amended never overwritten, tombstones, search."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from carer_app.domain.enums import EntryBasis, ObservationCategory
from carer_app.domain.observation_views import (
    MAX_TEXT,
    AuthorView,
    ObservationDraft,
    ObservationHistory,
    ObservationQuery,
    ObservationRow,
    ObservationVersion,
)
from carer_app.services import audit
from carer_app.services.errors import NotAllowed, NotFound, ServiceError
from carer_app.services.people_places import live_child
from carer_app.storage.base import utcnow
from carer_app.storage.models import AuditEvent, Child, Observation, ObservationRevision, Photo, User
from carer_app.storage.vault import Vault

# NotAllowed reasons raised here: "empty_text", "text_too_long", "naive_time", "child_changed",
# "deleted" (a tombstoned entry cannot be edited), "photo_not_found".
RECORD_TYPE = "observation"
UNKNOWN_AUTHOR = ""  # the ui shows its own words for an adult no longer in the vault


class EditConflict(ServiceError):
    """Someone saved this entry after it was opened: reload, then edit again."""

    def __init__(self, observation_id: str, expected: int, found: int) -> None:
        self.observation_id = observation_id
        self.expected = expected
        self.found = found
        super().__init__(f"observation {observation_id} is at version {found}, not {expected}")


def _revision_counts() -> Any:
    return (select(ObservationRevision.observation_id.label("oid"), func.count().label("n"))
            .group_by(ObservationRevision.observation_id).subquery())


def _row_query() -> Select[*tuple[Any, ...]]:
    counts = _revision_counts()
    return (
        select(Observation.id, Observation.child_id, Child.name, Child.preferred_name,
               Observation.occurred_at, Observation.category, Observation.basis, Observation.text,
               Observation.child_words, Observation.photo_id, Observation.author_id,
               User.display_name, Observation.created_at, Observation.updated_at,
               Observation.version, Observation.deleted_at, func.coalesce(counts.c.n, 0))
        .join(Child, Child.id == Observation.child_id)
        .outerjoin(User, User.id == Observation.author_id)
        .outerjoin(counts, counts.c.oid == Observation.id)
    )


def _row(r: Any) -> ObservationRow:
    return ObservationRow(
        id=r[0], child_id=r[1], child_name=r[3] or r[2], occurred_at=r[4],
        category=ObservationCategory(r[5]), basis=EntryBasis(r[6]), text=r[7], child_words=r[8],
        photo_id=r[9], author_id=r[10], author=r[11] or UNKNOWN_AUTHOR, created_at=r[12],
        updated_at=r[13], version=r[14], deleted_at=r[15], earlier_versions=int(r[16]),
    )


def _load_row(session: Session, observation_id: str) -> ObservationRow:
    found = session.execute(_row_query().where(Observation.id == observation_id)).first()
    if found is None:
        raise NotFound(RECORD_TYPE, observation_id)
    return _row(found)


def _check(session: Session, draft: ObservationDraft) -> tuple[str, str]:
    text, words = draft.text.strip(), draft.child_words.strip()
    if not text:
        raise NotAllowed("empty_text")
    if len(text) > MAX_TEXT or len(words) > MAX_TEXT:
        raise NotAllowed("text_too_long")
    if draft.occurred_at.tzinfo is None:
        raise NotAllowed("naive_time")
    live_child(session, draft.child_id)
    if draft.photo_id is not None:
        photo = session.get(Photo, draft.photo_id)
        if photo is None or photo.deleted_at is not None:
            raise NotAllowed("photo_not_found")
    return text, words


def add_observation(vault: Vault, draft: ObservationDraft) -> ObservationRow:
    """A new entry, signed by the adult who unlocked the vault and dated now."""
    with vault.session() as session:
        text, words = _check(session, draft)
        entry = Observation(
            child_id=draft.child_id, occurred_at=draft.occurred_at, category=str(draft.category),
            basis=str(draft.basis), text=text, child_words=words, photo_id=draft.photo_id,
            author_id=vault.user_id,
        )
        session.add(entry)
        session.flush()
        audit.record(session, vault.user_id, "add", RECORD_TYPE, entry.id)
        session.commit()
        return _load_row(session, entry.id)


def _live_entry(session: Session, observation_id: str, expected_version: int | None) -> Observation:
    entry = session.get(Observation, observation_id)
    if entry is None:
        raise NotFound(RECORD_TYPE, observation_id)
    if entry.deleted_at is not None:
        raise NotAllowed("deleted")
    if expected_version is not None and entry.version != expected_version:
        raise EditConflict(observation_id, expected_version, entry.version)
    return entry


def _current_writer(session: Session, entry: Observation) -> tuple[str | None, datetime]:
    """Who wrote the wording the entry holds now, and when: the last edit, or the first author."""
    last_edit = session.execute(
        select(AuditEvent.user_id, AuditEvent.at)
        .where(AuditEvent.record_type == RECORD_TYPE, AuditEvent.record_id == entry.id,
               AuditEvent.action == "edit")
        .order_by(AuditEvent.id.desc()).limit(1)
    ).first()
    if last_edit is None:
        return entry.author_id, entry.created_at
    return last_edit[0], last_edit[1]


def update_observation(vault: Vault, observation_id: str, draft: ObservationDraft, *,
                       expected_version: int) -> ObservationRow:
    """Amend an entry: the wording it had is kept as a revision, signed by whoever wrote it."""
    with vault.session() as session:
        entry = _live_entry(session, observation_id, expected_version)
        if draft.child_id != entry.child_id:
            raise NotAllowed("child_changed")
        text, words = _check(session, draft)
        unchanged = (text, words, str(draft.category), str(draft.basis)) == (
            entry.text, entry.child_words, entry.category, entry.basis)
        if unchanged and (draft.occurred_at, draft.photo_id) == (entry.occurred_at, entry.photo_id):
            return _load_row(session, observation_id)
        if not unchanged:
            writer, written_at = _current_writer(session, entry)
            number = (session.scalar(select(func.max(ObservationRevision.revision))
                                     .where(ObservationRevision.observation_id == entry.id)) or 0)
            session.add(ObservationRevision(
                observation_id=entry.id, revision=number + 1, text=entry.text,
                child_words=entry.child_words, category=entry.category, basis=entry.basis,
                written_by=writer, written_at=written_at,
            ))
        entry.text, entry.child_words = text, words
        entry.category, entry.basis = str(draft.category), str(draft.basis)
        entry.occurred_at, entry.photo_id = draft.occurred_at, draft.photo_id
        audit.record(session, vault.user_id, "edit", RECORD_TYPE, entry.id)
        session.commit()
        return _load_row(session, observation_id)


def delete_observation(vault: Vault, observation_id: str, *,
                       expected_version: int | None = None) -> ObservationRow:
    """Leave a tombstone: the entry disappears from the log but is kept, and exports carry it."""
    with vault.session() as session:
        entry = _live_entry(session, observation_id, expected_version)
        entry.deleted_at = utcnow()
        audit.record(session, vault.user_id, "delete", RECORD_TYPE, entry.id)
        session.commit()
        return _load_row(session, observation_id)


def get_observation(vault: Vault, observation_id: str) -> ObservationRow:
    with vault.session() as session:
        return _load_row(session, observation_id)


def history(vault: Vault, observation_id: str) -> ObservationHistory:
    """Every wording of an entry, oldest first, each signed and dated."""
    with vault.session() as session:
        row = _load_row(session, observation_id)
        entry = session.get(Observation, observation_id)
        assert entry is not None
        names = {user_id: name for user_id, name in session.execute(select(User.id, User.display_name))}
        earlier = session.scalars(
            select(ObservationRevision).where(ObservationRevision.observation_id == observation_id)
            .order_by(ObservationRevision.revision)
        ).all()
        versions = [
            ObservationVersion(r.revision, r.text, r.child_words, ObservationCategory(r.category),
                               EntryBasis(r.basis), names.get(r.written_by or "", UNKNOWN_AUTHOR),
                               r.written_at, current=False)
            for r in earlier
        ]
        writer, written_at = _current_writer(session, entry)
        versions.append(ObservationVersion(
            len(versions) + 1, row.text, row.child_words, row.category, row.basis,
            names.get(writer or "", UNKNOWN_AUTHOR), written_at, current=True))
        return ObservationHistory(row, tuple(versions))


def local_day_start(day: date) -> datetime:
    """Midnight at the start of ``day`` on this computer's clock, as an aware time."""
    return datetime.combine(day, time.min).astimezone().astimezone(UTC)


def _like(word: str) -> str:
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


MAX_CASE_VARIANTS = 16


def _case_variants(word: str) -> list[str] | None:
    """Spellings that, with SQLite's ASCII-only case folding, find ``word`` in any case.

    None when a letter changes length between cases (ß, İ...): Python compares those.
    """
    options: list[tuple[str, ...]] = []
    for char in word:
        if char.isascii():
            options.append((char,))
            continue
        lower, upper = char.lower(), char.upper()
        if len(lower) != 1 or len(upper) != 1 or char.casefold() != lower:
            return None
        options.append(tuple(dict.fromkeys((lower, upper))))
    variants = [""]
    for choice in options:
        variants = [v + c for v in variants for c in choice]
        if len(variants) > MAX_CASE_VARIANTS:
            return None
    return variants


def _text_words(query: ObservationQuery) -> tuple[list[list[str]], list[str]]:
    """(spellings per word for SQL, words left for Python to compare by casefold)."""
    in_sql: list[list[str]] = []
    in_python: list[str] = []
    for word in query.text.split():
        variants = _case_variants(word.lower())
        if variants is None:
            in_python.append(word.casefold())
        else:
            in_sql.append(variants)
    return in_sql, in_python


def _filtered(query: ObservationQuery, *columns: Any) -> Select[*tuple[Any, ...]]:
    stmt = select(*columns).select_from(Observation)
    if not query.include_deleted:
        stmt = stmt.where(Observation.deleted_at.is_(None))
    if query.child_id is not None:
        stmt = stmt.where(Observation.child_id == query.child_id)
    if query.author_id is not None:
        stmt = stmt.where(Observation.author_id == query.author_id)
    if query.categories:
        stmt = stmt.where(Observation.category.in_(sorted(str(c) for c in query.categories)))
    if query.date_from is not None:
        stmt = stmt.where(Observation.occurred_at >= local_day_start(query.date_from))
    if query.date_to is not None:
        stmt = stmt.where(
            Observation.occurred_at < local_day_start(query.date_to + timedelta(days=1)))
    # SQLite's LIKE ignores case for ASCII only: other letters are tried in both cases.
    for variants in _text_words(query)[0]:
        stmt = stmt.where(or_(*(column.like(_like(v), escape="\\") for v in variants
                                for column in (Observation.text, Observation.child_words))))
    order = Observation.occurred_at.desc() if query.newest_first else Observation.occurred_at.asc()
    return stmt.order_by(order, Observation.created_at.desc(), Observation.id)


def search_ids(vault: Vault, query: ObservationQuery) -> list[str]:
    """The ids of entries matching every part of ``query``, in date order: fast on big logs.

    Fetch what a view shows with ``rows``, a page at a time.
    """
    others = _text_words(query)[1]
    with vault.session() as session:
        connection = session.connection()
        if not others:
            return list(connection.execute(_filtered(query, Observation.id)).scalars())
        found = connection.execute(
            _filtered(query, Observation.id, Observation.text, Observation.child_words))
        return [oid for oid, text, words in found
                if all(w in text.casefold() or w in words.casefold() for w in others)]


ROWS_PER_QUERY = 500


def rows(vault: Vault, ids: Sequence[str]) -> list[ObservationRow]:
    """The entries with these ids, in the order given; ids no longer in the vault are left out."""
    found: dict[str, ObservationRow] = {}
    with vault.session() as session:
        for begin in range(0, len(ids), ROWS_PER_QUERY):
            chunk = list(ids[begin:begin + ROWS_PER_QUERY])
            for r in session.execute(_row_query().where(Observation.id.in_(chunk))):
                found[r[0]] = _row(r)
    return [found[i] for i in ids if i in found]


def search(vault: Vault, query: ObservationQuery, *, limit: int | None = None) -> list[ObservationRow]:
    """Entries matching every part of ``query``, in date order (for printing and exports)."""
    ids = search_ids(vault, query)
    return rows(vault, ids[:limit] if limit is not None else ids)


def authors(vault: Vault) -> list[AuthorView]:
    """The adults who have written entries, for the author filter (removed adults included)."""
    with vault.session() as session:
        found = session.execute(
            select(User.id, User.display_name)
            .where(User.id.in_(select(Observation.author_id).distinct()))
            .order_by(User.display_name)
        ).all()
        return [AuthorView(i, n) for i, n in found]

