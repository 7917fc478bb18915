"""Plain views and forms for programmes, sessions, homework, reviews, progress and reminders."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from carer_app.domain.enums import ProgrammeStatus, SessionStatus
from carer_app.domain.programme_schedule import PlanDeviation
from carer_app.domain.programmes import ProgrammeTemplate
from carer_app.domain.review_triggers import ReviewTrigger

CONFIDENCE_MIN, CONFIDENCE_MAX = 1, 5
RATING_MIN, RATING_MAX = 1, 5
# Schools in England and Wales break up for the summer around 20 to 24 July.
SCHOOL_YEAR_END = (7, 22)


def school_year_end(start: date) -> date:
    """The last day of the school year a programme starting on ``start`` runs to."""
    end = date(start.year, *SCHOOL_YEAR_END)
    return end if start <= end else date(start.year + 1, *SCHOOL_YEAR_END)


def week_start(day: date) -> date:
    """The Monday of the week ``day`` falls in."""
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True)
class ProgrammeStart:
    """What a carer fills in to start a programme; unset choices take the guideline's default."""

    child_id: str
    template_key: str
    start: date
    practitioner: str = ""
    location: str = ""
    frequency: str | None = None  # a FrequencyOption.key of the template
    sessions: int | None = None  # repeated sessions, within the template's range
    span_months: int | None = None  # for programmes that run for a period, within its range


@dataclass(frozen=True)
class ProgrammeSummary:
    id: str
    child_id: str
    template_key: str
    title: str
    start_date: date
    practitioner: str
    location: str
    status: ProgrammeStatus
    sessions_done: int
    sessions_live: int  # done and planned: the sessions the plan counts
    next_session: date | None
    version: int


@dataclass(frozen=True)
class SessionView:
    id: str
    programme_id: str
    number: int
    planned_date: date | None
    held_on: date | None
    length_minutes: int | None
    attended: bool | None
    status: SessionStatus
    worked_on: str
    practitioner_notes: str
    progress_rating: int | None
    first_session: bool  # the template's opening session(s), e.g. PSBT's session with the parents
    author: str
    updated_at: datetime
    version: int

    @property
    def on(self) -> date | None:
        return self.held_on or self.planned_date


@dataclass(frozen=True)
class SessionReport:
    """What happened at a session, as the carer records it."""

    held_on: date
    attended: bool
    length_minutes: int | None = None
    worked_on: str = ""
    practitioner_notes: str = ""
    progress_rating: int | None = None  # RATING_MIN..RATING_MAX, the practitioner's view


@dataclass(frozen=True)
class ReviewView:
    id: str
    programme_id: str
    trigger: str  # a TriggerCode value
    requested_on: date | None
    decision: str
    author: str
    updated_at: datetime
    version: int


@dataclass(frozen=True)
class TriggerState:
    """A review point that applies now, and the review recorded for it, if any."""

    trigger: ReviewTrigger
    review: ReviewView | None

    @property
    def needs_action(self) -> bool:
        return self.review is None


@dataclass(frozen=True)
class ProgrammePlanView:
    programme: ProgrammeSummary
    template: ProgrammeTemplate
    sessions: tuple[SessionView, ...]  # in date order; sessions without a date last
    deviations: tuple[PlanDeviation, ...]
    triggers: tuple[TriggerState, ...]
    reviews: tuple[ReviewView, ...]
    can_add_session: bool


@dataclass(frozen=True)
class HomeworkView:
    id: str
    programme_id: str
    session_id: str | None
    session_number: int | None
    description: str
    due_on: date | None
    done: bool
    practice_count: int
    last_practised: datetime | None
    created_at: datetime
    version: int


@dataclass(frozen=True)
class PracticeEntry:
    """One go at a homework task: when, what I tried, how the child responded, how I felt."""

    practised_at: datetime
    what_i_tried: str
    child_response: str
    confidence: int  # CONFIDENCE_MIN..CONFIDENCE_MAX


@dataclass(frozen=True)
class PracticeView:
    id: str
    task_id: str
    practised_at: datetime
    what_i_tried: str
    child_response: str
    confidence: int
    author: str
    version: int


@dataclass(frozen=True)
class WeekCount:
    week_start: date
    count: int


@dataclass(frozen=True)
class ConfidencePoint:
    at: datetime
    confidence: int


@dataclass(frozen=True)
class RatingPoint:
    on: date
    rating: int
    session_number: int


@dataclass(frozen=True)
class ProgressSeries:
    """What the progress chart draws for one programme."""

    programme_id: str
    weeks: tuple[WeekCount, ...]
    confidence: tuple[ConfidencePoint, ...]
    ratings: tuple[RatingPoint, ...]

    @property
    def is_empty(self) -> bool:
        return not self.confidence and not self.ratings and not any(w.count for w in self.weeks)


def weekly_counts(times: Iterable[datetime], first: date, last: date) -> tuple[WeekCount, ...]:
    """Practices per week (Monday to Sunday) from ``first``'s week to ``last``'s, zeros kept."""
    counts: dict[date, int] = {}
    for moment in times:
        key = week_start(moment.date())
        counts[key] = counts.get(key, 0) + 1
    if counts:
        first, last = min(first, min(counts)), max(last, max(counts))
    weeks: list[WeekCount] = []
    day = week_start(first)
    while day <= last:
        weeks.append(WeekCount(day, counts.get(day, 0)))
        day += timedelta(days=7)
    return tuple(weeks)


class ReminderKind(StrEnum):
    SESSION_SOON = "session_soon"
    SESSION_TO_RECORD = "session_to_record"  # its date has passed and nothing is recorded
    HOMEWORK_DUE = "homework_due"
    HOMEWORK_OVERDUE = "homework_overdue"
    REVIEW_NEEDED = "review_needed"


@dataclass(frozen=True)
class Reminder:
    kind: ReminderKind
    on: date | None
    programme_id: str
    child_id: str
    child_name: str
    programme_title: str
    detail: str  # the homework task; empty for sessions and reviews
    session_number: int | None = None
    trigger: str | None = None  # TriggerCode value, for REVIEW_NEEDED
