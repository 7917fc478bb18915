"""The child's storybook: only what is released to them now, their memories and feelings, the exit PIN."""

from __future__ import annotations

import base64
import hashlib
import hmac
import itertools
import re
import secrets
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from carer_app.domain.audience import Visibility, shown_to_child
from carer_app.domain.enums import Feeling
from carer_app.domain.life_story_views import MemoryView, StorybookPage, TalkRequestView
from carer_app.services import audit, photos
from carer_app.services.errors import NotAllowed, NotFound, WrongPassphrase
from carer_app.services.life_story import load_story
from carer_app.services.people_places import live_child
from carer_app.services.photo_processing import process_photo
from carer_app.storage.base import utcnow
from carer_app.storage.models import (
    Child,
    ChildMemory,
    Person,
    Photo,
    Place,
    StorybookProgress,
    StoryEntry,
    StoryReaction,
    User,
)
from carer_app.storage.vault import Vault

# Everything the child can reach goes through _visible_pages: there is no other way in.
# NotAllowed reasons raised here: "invalid_pin", "weak_pin", "empty_memory", "invalid_language".

# -- pages ------------------------------------------------------------------------------------


def _memory_view(m: ChildMemory) -> MemoryView:
    return MemoryView(m.id, m.child_id, m.entry_id, m.text, m.photo_id, m.created_at)


def _names(session: Session, model: type[Person] | type[Place], ids: set[str]) -> dict[str, str]:
    query = select(model.id, model.name).where(model.id.in_(ids))
    if model is Place:
        query = query.where(Place.do_not_share_location.is_(False))
    return {str(i): str(n) for i, n in session.execute(query)}


def _visible_pages(
    session: Session, child_id: str, today: date, together_unlocked: bool
) -> list[StorybookPage]:
    chosen = [
        (chapter.chapter, entry)
        for chapter in load_story(session, child_id, today)
        for entry in chapter.entries
        if shown_to_child(entry.visibility, together_unlocked)
    ]
    ids = [e.id for _, e in chosen]
    photo_ids = {p for _, e in chosen for p in e.photo_ids}
    captions = {
        str(i): str(c)
        for i, c in session.execute(select(Photo.id, Photo.caption).where(Photo.id.in_(photo_ids)))
    }
    people = _names(session, Person, {p for _, e in chosen for p in e.person_ids})
    places = _names(session, Place, {p for _, e in chosen for p in e.place_ids})
    feelings: dict[str | None, str | None] = {}
    talking: set[str | None] = set()
    for r in session.scalars(select(StoryReaction).where(
        StoryReaction.child_id == child_id, StoryReaction.deleted_at.is_(None)
    )):
        if r.talk_requested and r.talk_resolved_at is None:
            talking.add(r.entry_id)
        elif not r.talk_requested:
            feelings[r.entry_id] = r.feeling
    memories: dict[str | None, list[MemoryView]] = defaultdict(list)
    for m in _memories_shown(session, child_id, set(ids)):
        memories[m.entry_id].append(m)
    return [
        StorybookPage(
            entry_id=e.id, index=i, count=len(chosen),
            chapter_id=chapter.id if chapter else None, chapter_title=chapter.title if chapter else None,
            title=e.title, body=e.body, date_text=e.date_text, photo_ids=e.photo_ids,
            captions=tuple(captions.get(p, "") for p in e.photo_ids),
            people=tuple(people[p] for p in e.person_ids if p in people),
            places=tuple(places[p] for p in e.place_ids if p in places),
            together=e.visibility is not Visibility.OPEN,
            is_later_life_letter=e.is_later_life_letter, feeling=feelings.get(e.id),
            talk_requested=e.id in talking, memories=tuple(memories[e.id]),
            previous_id=ids[i - 1] if i > 0 else None,
            next_id=ids[i + 1] if i + 1 < len(ids) else None,
        )
        for i, (chapter, e) in enumerate(chosen)
    ]


def pages(vault: Vault, child_id: str, today: date, together_unlocked: bool) -> list[StorybookPage]:
    """The pages the child may see now, in story order, each knowing its neighbours."""
    with vault.session() as session:
        return _visible_pages(session, child_id, today, together_unlocked)


def page(
    vault: Vault, child_id: str, entry_id: str, today: date, together_unlocked: bool
) -> StorybookPage:
    """One page; NotFound for anything the child may not see now, exactly as for a wrong id."""
    for found in pages(vault, child_id, today, together_unlocked):
        if found.entry_id == entry_id:
            return found
    raise NotFound("page", entry_id)


def search(
    vault: Vault, child_id: str, text: str, today: date, together_unlocked: bool
) -> list[StorybookPage]:
    """Visible pages whose words, captions, people, places or memories contain `text`."""
    wanted = text.casefold().strip()
    if not wanted:
        return []

    def words(p: StorybookPage) -> str:
        parts = [p.title, p.body, p.date_text or "", *p.captions, *p.people, *p.places]
        return "\n".join(parts + [m.text for m in p.memories]).casefold()

    return [p for p in pages(vault, child_id, today, together_unlocked) if wanted in words(p)]


def save_progress(vault: Vault, child_id: str, entry_id: str | None) -> None:
    """Remember the page the child is on; resume() checks it is still theirs to see."""
    with vault.session() as session:
        live_child(session, child_id)
        if entry_id is not None:
            _child_entry(session, child_id, entry_id)
        progress = session.get(StorybookProgress, child_id)
        if progress is None:
            session.add(StorybookProgress(child_id=child_id, entry_id=entry_id))
        else:
            progress.entry_id = entry_id
            progress.updated_at = utcnow()
        session.commit()


def resume(vault: Vault, child_id: str, today: date, together_unlocked: bool) -> StorybookPage | None:
    """Where the child left off, if that page is still visible; else the first page; None if empty."""
    with vault.session() as session:
        visible = _visible_pages(session, child_id, today, together_unlocked)
        progress = session.get(StorybookProgress, child_id)
    saved = progress.entry_id if progress is not None else None
    return next((p for p in visible if p.entry_id == saved), visible[0] if visible else None)


def _allowed_photos(session: Session, child_id: str, today: date, together_unlocked: bool) -> set[str]:
    visible = _visible_pages(session, child_id, today, together_unlocked)
    allowed = {p for page_ in visible for p in page_.photo_ids}
    shown = {page_.entry_id for page_ in visible}
    return allowed | {m.photo_id for m in _memories_shown(session, child_id, shown) if m.photo_id}


def photo(vault: Vault, child_id: str, photo_id: str, today: date, together_unlocked: bool) -> bytes:
    """A photo on a visible page or in the child's own memories; NotFound otherwise."""
    with vault.session() as session:
        if photo_id not in _allowed_photos(session, child_id, today, together_unlocked):
            raise NotFound("photo", photo_id)
    return photos.photo_bytes(vault, photo_id)


def thumbnail(
    vault: Vault, child_id: str, photo_id: str, today: date, together_unlocked: bool
) -> bytes:
    with vault.session() as session:
        if photo_id not in _allowed_photos(session, child_id, today, together_unlocked):
            raise NotFound("photo", photo_id)
    return photos.thumbnail(vault, photo_id)


_LANGUAGE = re.compile(r"[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8}){0,3}")


def storybook_language(vault: Vault, child_id: str) -> str | None:
    """The storybook's interface language for this child (a BCP 47 tag); None: the carer's."""
    with vault.session() as session:
        return live_child(session, child_id).storybook_language


def set_storybook_language(vault: Vault, child_id: str, language: str | None) -> None:
    if language is not None and (len(language) > 16 or not _LANGUAGE.fullmatch(language)):
        raise NotAllowed("invalid_language")
    with vault.session() as session:
        live_child(session, child_id).storybook_language = language
        audit.record(session, vault.user_id, "update", "child", child_id)
        session.commit()


# -- what the child adds ----------------------------------------------------------------------


def _child_entry(session: Session, child_id: str, entry_id: str) -> StoryEntry:
    entry = session.get(StoryEntry, entry_id)
    if entry is None or entry.deleted_at is not None or entry.child_id != child_id:
        raise NotFound("page", entry_id)
    return entry


def _visible_entry(
    session: Session, child_id: str, entry_id: str, today: date | None, together_unlocked: bool
) -> None:
    """The child may act only on a page they can see now: the same NotFound as a wrong id."""
    visible = _visible_pages(session, child_id, today or date.today(), together_unlocked)
    if entry_id not in {p.entry_id for p in visible}:
        raise NotFound("page", entry_id)


def _memories_shown(session: Session, child_id: str, shown: set[str]) -> list[MemoryView]:
    """The child's memories on pages shown now, and loose ones; a deleted page's become loose."""
    live = set(session.scalars(select(StoryEntry.id).where(
        StoryEntry.child_id == child_id, StoryEntry.deleted_at.is_(None)
    )))
    kept = []
    for m in _memories(session, child_id):
        if m.entry_id is not None and m.entry_id not in live:
            kept.append(replace(m, entry_id=None))
        elif m.entry_id is None or m.entry_id in shown:
            kept.append(m)
    return kept


def _memories(session: Session, child_id: str) -> list[MemoryView]:
    rows = session.scalars(
        select(ChildMemory)
        .where(ChildMemory.child_id == child_id, ChildMemory.deleted_at.is_(None))
        .order_by(ChildMemory.created_at)
    ).all()
    return [_memory_view(m) for m in rows]


def add_memory(
    vault: Vault, child_id: str, text: str, photo_bytes: bytes | None = None, *,
    entry_id: str | None = None, today: date | None = None, together_unlocked: bool = False,
) -> MemoryView:
    """The child's own words and picture, on a visible page or on its own. May raise PhotoRejected."""
    if not text.strip() and photo_bytes is None:
        raise NotAllowed("empty_memory")
    with vault.session() as session:
        live_child(session, child_id)
        if entry_id is not None:
            _visible_entry(session, child_id, entry_id, today, together_unlocked)
    photo_id = None
    if photo_bytes is not None:
        # Same intake as any photo: metadata stripped, orientation applied, re-encoded.
        photo_id = photos.store_processed(vault, child_id, process_photo(photo_bytes, filename="memory"))
    with vault.session() as session:
        memory = ChildMemory(
            child_id=child_id, entry_id=entry_id, text=text.strip(), photo_id=photo_id,
            author_id=vault.user_id,
        )
        session.add(memory)
        session.flush()
        audit.record(session, vault.user_id, "child_add", "child_memory", memory.id)
        session.commit()
        return _memory_view(memory)


def child_memories(
    vault: Vault, child_id: str, today: date, together_unlocked: bool
) -> list[MemoryView]:
    """The child's memories they may see now: their own pages, and those on visible pages."""
    with vault.session() as session:
        shown = {p.entry_id for p in _visible_pages(session, child_id, today, together_unlocked)}
        return _memories_shown(session, child_id, shown)


def memories_for_carer(vault: Vault, child_id: str) -> list[MemoryView]:
    with vault.session() as session:
        live_child(session, child_id)
        return _memories(session, child_id)


def set_feeling(
    vault: Vault, child_id: str, entry_id: str, feeling: Feeling | None, *,
    today: date | None = None, together_unlocked: bool = False,
) -> None:
    """The face the child picked for a visible page (None clears it)."""
    value = None if feeling is None else str(Feeling(feeling))
    with vault.session() as session:
        _visible_entry(session, child_id, entry_id, today, together_unlocked)
        row = session.scalar(select(StoryReaction).where(
            StoryReaction.child_id == child_id, StoryReaction.entry_id == entry_id,
            StoryReaction.talk_requested.is_(False), StoryReaction.deleted_at.is_(None),
        ))
        if row is None:
            row = StoryReaction(child_id=child_id, entry_id=entry_id, author_id=vault.user_id)
            session.add(row)
        row.feeling = value
        session.flush()
        audit.record(session, vault.user_id, "child_feeling", "story_reaction", row.id)
        session.commit()


# -- "I'd like to talk about this" ------------------------------------------------------------


def _talk_view(session: Session, r: StoryReaction) -> TalkRequestView:
    child = session.get(Child, r.child_id)
    assert child is not None
    title = session.scalar(select(StoryEntry.title).where(StoryEntry.id == r.entry_id))
    return TalkRequestView(
        r.id, r.child_id, child.preferred_name or child.name, r.entry_id, title, r.created_at,
        r.talk_resolved_at,
    )


def request_talk(
    vault: Vault, child_id: str, entry_id: str | None, *,
    today: date | None = None, together_unlocked: bool = False,
) -> TalkRequestView:
    """Raise the flag for the carer (about a visible page, or in general); again changes nothing."""
    with vault.session() as session:
        live_child(session, child_id)
        if entry_id is not None:
            _visible_entry(session, child_id, entry_id, today, together_unlocked)
        row = session.scalar(select(StoryReaction).where(
            StoryReaction.child_id == child_id, StoryReaction.talk_requested.is_(True),
            StoryReaction.entry_id.is_(None) if entry_id is None
            else StoryReaction.entry_id == entry_id,
            StoryReaction.talk_resolved_at.is_(None), StoryReaction.deleted_at.is_(None),
        ))
        if row is None:
            row = StoryReaction(
                child_id=child_id, entry_id=entry_id, talk_requested=True, author_id=vault.user_id
            )
            session.add(row)
            session.flush()
            audit.record(session, vault.user_id, "child_talk", "story_reaction", row.id)
            session.commit()
        return _talk_view(session, row)


def open_talk_requests(vault: Vault, child_id: str | None = None) -> list[TalkRequestView]:
    """For the carer: open requests, oldest first, for one child or every child."""
    with vault.session() as session:
        query = (
            select(StoryReaction)
            .join(Child, Child.id == StoryReaction.child_id)
            .where(
                StoryReaction.talk_requested.is_(True), StoryReaction.talk_resolved_at.is_(None),
                StoryReaction.deleted_at.is_(None), Child.deleted_at.is_(None),
            )
            .order_by(StoryReaction.created_at)
        )
        if child_id is not None:
            query = query.where(StoryReaction.child_id == child_id)
        return [_talk_view(session, r) for r in session.scalars(query)]


def resolve_talk_request(vault: Vault, request_id: str) -> TalkRequestView:
    """The carer has talked with the child: the flag goes down (kept, with when)."""
    with vault.session() as session:
        row = session.get(StoryReaction, request_id)
        if row is None or not row.talk_requested or row.deleted_at is not None:
            raise NotFound("talk_request", request_id)
        if row.talk_resolved_at is None:
            row.talk_resolved_at = utcnow()
            audit.record(session, vault.user_id, "resolve", "story_reaction", request_id)
            session.commit()
        return _talk_view(session, row)


# -- leaving storybook mode -------------------------------------------------------------------

_PIN = re.compile(r"[0-9]{4,8}")
_SCRYPT_LOG_N, _SCRYPT_R, _SCRYPT_P = 15, 8, 1  # 32 MiB, about 0.1 s


def _scrypt(pin: str, salt: bytes, log_n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        pin.encode(), salt=salt, n=2**log_n, r=r, p=p, maxmem=256 * 1024 * 1024, dklen=32
    )


def _is_weak(pin: str) -> bool:
    steps = {int(b) - int(a) for a, b in itertools.pairwise(pin)}
    return len(set(pin)) == 1 or steps in ({1}, {-1})


def set_storybook_pin(vault: Vault, user_id: str, pin: str) -> None:
    """4 to 8 digits, not all the same nor a run (1234); stored only as a slow salted hash."""
    if not _PIN.fullmatch(pin):
        raise NotAllowed("invalid_pin")
    if _is_weak(pin):
        raise NotAllowed("weak_pin")
    salt = secrets.token_bytes(16)
    digest = _scrypt(pin, salt, _SCRYPT_LOG_N, _SCRYPT_R, _SCRYPT_P)
    encoded = "$".join((
        "scrypt", str(_SCRYPT_LOG_N), str(_SCRYPT_R), str(_SCRYPT_P),
        base64.b64encode(salt).decode(), base64.b64encode(digest).decode(),
    ))
    with vault.session() as session:
        user = session.get(User, user_id)
        if user is None or user.deleted_at is not None:
            raise NotFound("adult", user_id)
        user.storybook_pin_hash = encoded
        audit.record(session, vault.user_id, "set_pin", "user", user_id)
        session.commit()


def clear_storybook_pin(vault: Vault, user_id: str) -> None:
    with vault.session() as session:
        user = session.get(User, user_id)
        if user is None or user.deleted_at is not None:
            raise NotFound("adult", user_id)
        user.storybook_pin_hash = None
        audit.record(session, vault.user_id, "clear_pin", "user", user_id)
        session.commit()


def has_storybook_pin(vault: Vault) -> bool:
    with vault.session() as session:
        return session.scalar(select(User.id).where(
            User.deleted_at.is_(None), User.storybook_pin_hash.is_not(None)
        ).limit(1)) is not None


def _pin_matches(pin: str, stored: str) -> bool:
    try:
        scheme, log_n, r, p, salt, digest = stored.split("$")
        params = int(log_n), int(r), int(p)
        if scheme != "scrypt" or not (10 <= params[0] <= 20 and params[1] <= 16 and params[2] <= 4):
            return False
        actual = _scrypt(pin, base64.b64decode(salt), *params)
    except ValueError:
        return False
    return hmac.compare_digest(actual, base64.b64decode(digest))


def check_pin(vault: Vault, pin: str) -> bool:
    """True when `pin` is the storybook PIN of any current adult."""
    if not _PIN.fullmatch(pin):
        return False
    with vault.session() as session:
        stored = session.scalars(select(User.storybook_pin_hash).where(
            User.deleted_at.is_(None), User.storybook_pin_hash.is_not(None)
        )).all()
    return any(_pin_matches(pin, s) for s in stored if s)


def check_passphrase(vault: Vault, passphrase: str) -> bool:
    """True when `passphrase` opens one of the vault's adult key slots (nothing is changed)."""
    try:
        vault._keyfile.unlock_passphrase(passphrase)
    except WrongPassphrase:
        return False
    return True


def check_exit(vault: Vault, pin_or_passphrase: str) -> bool:
    """May the storybook close? A PIN-shaped secret is checked as a PIN only, else as a passphrase."""
    secret = pin_or_passphrase
    if not secret:
        return False
    allowed = check_pin(vault, secret) if _PIN.fullmatch(secret) else check_passphrase(vault, secret)
    with vault.session() as session:
        audit.record(session, vault.user_id, "exit" if allowed else "exit_refused", "storybook", None)
        session.commit()
    return allowed


@dataclass(frozen=True)
class ExitAttempts:
    """Wrong tries in a row; the ui waits `wait_seconds` before taking the next one."""

    failures: int = 0

    def after(self, allowed: bool) -> ExitAttempts:
        return ExitAttempts(0) if allowed else replace(self, failures=self.failures + 1)

    @property
    def wait_seconds(self) -> int:
        return 0 if self.failures < 3 else min(60, 2 ** (self.failures - 2))
