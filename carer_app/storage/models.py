"""The vault's tables: people, children, life story, programmes, observations, transitions, export."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from carer_app.storage.base import Base, Record, UtcDateTime, new_id, utcnow


class Meta(Base):
    """Key/value facts about the vault itself (vault id, device id). No personal data."""

    __tablename__ = "meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class User(Record):
    """An adult with a key slot: a carer or a social worker."""

    __tablename__ = "users"
    display_name: Mapped[str] = mapped_column(Text)
    role: Mapped[str] = mapped_column(String(32))
    storybook_pin_hash: Mapped[str | None] = mapped_column(Text, default=None)


class Child(Record):
    __tablename__ = "children"
    name: Mapped[str] = mapped_column(Text)
    preferred_name: Mapped[str | None] = mapped_column(Text, default=None)
    date_of_birth: Mapped[date | None] = mapped_column(Date, default=None)
    storybook_language: Mapped[str | None] = mapped_column(String(16), default=None)
    notes: Mapped[str] = mapped_column(Text, default="")


class Person(Record):
    """A significant person in one or more children's lives."""

    __tablename__ = "people"
    name: Mapped[str] = mapped_column(Text)
    notes: Mapped[str] = mapped_column(Text, default="")
    do_not_share_location: Mapped[bool] = mapped_column(Boolean, default=False)
    portrait_photo_id: Mapped[str | None] = mapped_column(ForeignKey("photos.id"), default=None)


class ChildPerson(Record):
    """How a person relates to a child, and the contact arrangements."""

    __tablename__ = "child_people"
    child_id: Mapped[str] = mapped_column(ForeignKey("children.id"), index=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id"), index=True)
    relationship: Mapped[str] = mapped_column(String(32))
    contact_arrangement: Mapped[str] = mapped_column(String(16), default="none")
    contact_notes: Mapped[str] = mapped_column(Text, default="")
    known_since: Mapped[str | None] = mapped_column(Text, default=None)


class Place(Record):
    __tablename__ = "places"
    child_id: Mapped[str | None] = mapped_column(ForeignKey("children.id"), index=True)
    name: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16))
    description: Mapped[str] = mapped_column(Text, default="")
    from_text: Mapped[str | None] = mapped_column(Text, default=None)
    to_text: Mapped[str | None] = mapped_column(Text, default=None)
    do_not_share_location: Mapped[bool] = mapped_column(Boolean, default=False)


class Blob(Base):
    """An encrypted file in blobs/: its random name and its own key live only in here."""

    __tablename__ = "blobs"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    file_name: Mapped[str] = mapped_column(String(64), unique=True)
    key: Mapped[bytes] = mapped_column(LargeBinary)
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    content_type: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class Photo(Record):
    __tablename__ = "photos"
    child_id: Mapped[str | None] = mapped_column(ForeignKey("children.id"), index=True)
    blob_id: Mapped[str] = mapped_column(ForeignKey("blobs.id"))
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    taken_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    caption: Mapped[str] = mapped_column(Text, default="")
    place_id: Mapped[str | None] = mapped_column(ForeignKey("places.id"), default=None)
    source_sha256: Mapped[str] = mapped_column(String(64), index=True)
    pixel_hash: Mapped[str] = mapped_column(String(32), default="")


class PhotoThumbnail(Base):
    """A photo's small thumbnail, kept in the encrypted database (added by migration 0003).

    Apart from `photos` so that listing 5,000 photos reads small rows, not every thumbnail.
    """

    __tablename__ = "photo_thumbnails"
    photo_id: Mapped[str] = mapped_column(ForeignKey("photos.id"), primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class PhotoPerson(Base):
    __tablename__ = "photo_people"
    photo_id: Mapped[str] = mapped_column(ForeignKey("photos.id"), primary_key=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id"), primary_key=True)


class StoryChapter(Record):
    __tablename__ = "story_chapters"
    child_id: Mapped[str] = mapped_column(ForeignKey("children.id"), index=True)
    title: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer, default=0)


class StoryEntry(Record):
    """One page of the life story; `audience` says who may read it, and from when."""

    __tablename__ = "story_entries"
    child_id: Mapped[str] = mapped_column(ForeignKey("children.id"), index=True)
    chapter_id: Mapped[str | None] = mapped_column(ForeignKey("story_chapters.id"), default=None)
    title: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text, default="")
    date_text: Mapped[str | None] = mapped_column(Text, default=None)  # "spring 2019"
    sort_date: Mapped[date | None] = mapped_column(Date, default=None)
    audience: Mapped[str] = mapped_column(String(16), default="together")
    release_on: Mapped[date | None] = mapped_column(Date, default=None)
    release_at_age: Mapped[int | None] = mapped_column(Integer, default=None)
    is_later_life_letter: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer, default=0)


class StoryEntryPhoto(Base):
    __tablename__ = "story_entry_photos"
    entry_id: Mapped[str] = mapped_column(ForeignKey("story_entries.id"), primary_key=True)
    photo_id: Mapped[str] = mapped_column(ForeignKey("photos.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


class StoryEntryPerson(Base):
    __tablename__ = "story_entry_people"
    entry_id: Mapped[str] = mapped_column(ForeignKey("story_entries.id"), primary_key=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id"), primary_key=True)


class StoryEntryPlace(Base):
    __tablename__ = "story_entry_places"
    entry_id: Mapped[str] = mapped_column(ForeignKey("story_entries.id"), primary_key=True)
    place_id: Mapped[str] = mapped_column(ForeignKey("places.id"), primary_key=True)


class ChildMemory(Record):
    """Something the child added themselves in storybook mode."""

    __tablename__ = "child_memories"
    child_id: Mapped[str] = mapped_column(ForeignKey("children.id"), index=True)
    entry_id: Mapped[str | None] = mapped_column(ForeignKey("story_entries.id"), default=None)
    text: Mapped[str] = mapped_column(Text, default="")
    photo_id: Mapped[str | None] = mapped_column(ForeignKey("photos.id"), default=None)


class StoryReaction(Record):
    """A feeling picked for a page, and the "I'd like to talk about this" flag."""

    __tablename__ = "story_reactions"
    child_id: Mapped[str] = mapped_column(ForeignKey("children.id"), index=True)
    entry_id: Mapped[str | None] = mapped_column(ForeignKey("story_entries.id"), default=None)
    feeling: Mapped[str | None] = mapped_column(String(16), default=None)
    talk_requested: Mapped[bool] = mapped_column(Boolean, default=False)
    talk_resolved_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)


class Programme(Record):
    """An intervention programme under way for a child, laid out from a template."""

    __tablename__ = "programmes"
    child_id: Mapped[str] = mapped_column(ForeignKey("children.id"), index=True)
    template_key: Mapped[str] = mapped_column(String(64))
    start_date: Mapped[date] = mapped_column(Date)
    practitioner: Mapped[str] = mapped_column(Text, default="")
    location: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="active")


class ProgrammeSession(Record):
    __tablename__ = "programme_sessions"
    programme_id: Mapped[str] = mapped_column(ForeignKey("programmes.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    planned_date: Mapped[date | None] = mapped_column(Date, default=None)
    held_on: Mapped[date | None] = mapped_column(Date, default=None)
    length_minutes: Mapped[int | None] = mapped_column(Integer, default=None)
    attended: Mapped[bool | None] = mapped_column(Boolean, default=None)
    status: Mapped[str] = mapped_column(String(16), default="planned")
    worked_on: Mapped[str] = mapped_column(Text, default="")
    practitioner_notes: Mapped[str] = mapped_column(Text, default="")
    progress_rating: Mapped[int | None] = mapped_column(Integer, default=None)


class HomeworkTask(Record):
    __tablename__ = "homework_tasks"
    programme_id: Mapped[str] = mapped_column(ForeignKey("programmes.id"), index=True)
    session_id: Mapped[str | None] = mapped_column(ForeignKey("programme_sessions.id"))
    description: Mapped[str] = mapped_column(Text)
    due_on: Mapped[date | None] = mapped_column(Date, default=None)
    done: Mapped[bool] = mapped_column(Boolean, default=False)


class PracticeLog(Record):
    __tablename__ = "practice_logs"
    task_id: Mapped[str] = mapped_column(ForeignKey("homework_tasks.id"), index=True)
    practised_at: Mapped[datetime] = mapped_column(UtcDateTime)
    what_i_tried: Mapped[str] = mapped_column(Text, default="")
    child_response: Mapped[str] = mapped_column(Text, default="")
    confidence: Mapped[int] = mapped_column(Integer)


class ProgrammeReview(Record):
    """A multi-agency review the guideline calls for, and what it decided."""

    __tablename__ = "programme_reviews"
    programme_id: Mapped[str] = mapped_column(ForeignKey("programmes.id"), index=True)
    trigger: Mapped[str] = mapped_column(String(64))
    requested_on: Mapped[date | None] = mapped_column(Date, default=None)
    decision: Mapped[str] = mapped_column(Text, default="")


class Observation(Record):
    """A daily log entry: signed, dated, marked fact / opinion / third party."""

    __tablename__ = "observations"
    child_id: Mapped[str] = mapped_column(ForeignKey("children.id"), index=True)
    occurred_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    category: Mapped[str] = mapped_column(String(32), index=True)
    basis: Mapped[str] = mapped_column(String(16), default="fact")
    text: Mapped[str] = mapped_column(Text)
    child_words: Mapped[str] = mapped_column(Text, default="")
    photo_id: Mapped[str | None] = mapped_column(ForeignKey("photos.id"), default=None)


class ObservationRevision(Base):
    """The earlier text of an observation, kept on every edit (amend, never overwrite)."""

    __tablename__ = "observation_revisions"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    observation_id: Mapped[str] = mapped_column(ForeignKey("observations.id"), index=True)
    revision: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    child_words: Mapped[str] = mapped_column(Text, default="")
    category: Mapped[str] = mapped_column(String(32))
    basis: Mapped[str] = mapped_column(String(16))
    written_by: Mapped[str | None] = mapped_column(ForeignKey("users.id"))
    written_at: Mapped[datetime] = mapped_column(UtcDateTime)
    __table_args__ = (UniqueConstraint("observation_id", "revision"),)


class Transition(Record):
    __tablename__ = "transitions"
    child_id: Mapped[str] = mapped_column(ForeignKey("children.id"), index=True)
    title: Mapped[str] = mapped_column(Text)
    template_key: Mapped[str | None] = mapped_column(String(64), default=None)
    planned_on: Mapped[date | None] = mapped_column(Date, default=None)
    status: Mapped[str] = mapped_column(String(16), default="planned")
    notes: Mapped[str] = mapped_column(Text, default="")


class ChecklistItem(Record):
    __tablename__ = "checklist_items"
    transition_id: Mapped[str] = mapped_column(ForeignKey("transitions.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    recommendation: Mapped[str | None] = mapped_column(String(32), default=None)
    position: Mapped[int] = mapped_column(Integer, default=0)
    done_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    done_by: Mapped[str | None] = mapped_column(ForeignKey("users.id"), default=None)
    notes: Mapped[str] = mapped_column(Text, default="")


class ExportRecipient(Record):
    """An age X25519 recipient (local authority or agency) and the fingerprint read by phone."""

    __tablename__ = "export_recipients"
    label: Mapped[str] = mapped_column(Text)
    public_key: Mapped[str] = mapped_column(Text)
    fingerprint: Mapped[str] = mapped_column(String(64))


class ExportRun(Record):
    __tablename__ = "export_runs"
    sequence: Mapped[int] = mapped_column(Integer, unique=True)
    manifest_sha256: Mapped[str] = mapped_column(String(64))
    changed_since: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)


class AuditEvent(Base):
    """Who did what to which record, and when. Ids only: never names or text."""

    __tablename__ = "audit_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)
    user_id: Mapped[str | None] = mapped_column(String(36))
    action: Mapped[str] = mapped_column(String(32))
    record_type: Mapped[str] = mapped_column(String(64))
    record_id: Mapped[str | None] = mapped_column(String(36))


class StorybookProgress(Base):
    """Where a child left off in storybook mode (added by migration 0002)."""

    __tablename__ = "storybook_progress"
    child_id: Mapped[str] = mapped_column(ForeignKey("children.id"), primary_key=True)
    entry_id: Mapped[str | None] = mapped_column(ForeignKey("story_entries.id"), default=None)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)
