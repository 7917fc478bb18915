"""Planned session dates for a programme template, and checks of a real plan against it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from itertools import pairwise

from carer_app.domain.calendar_math import add_months as add_months
from carer_app.domain.enums import SessionStatus
from carer_app.domain.programmes import (
    Figure,
    FrequencyLabel,
    FrequencyOption,
    FrequencyPhase,
    ProgrammeTemplate,
)

LIVE_STATUSES = frozenset({SessionStatus.DONE, SessionStatus.PLANNED})


class ScheduleProblem(StrEnum):
    SESSION_COUNT_OUT_OF_RANGE = "session_count_out_of_range"
    SESSION_COUNT_NOT_GIVEN = "session_count_not_given"  # the guideline gives no count to choose
    SPAN_OUT_OF_RANGE = "span_out_of_range"
    SPAN_NOT_GIVEN = "span_not_given"
    UNKNOWN_FREQUENCY = "unknown_frequency"
    NEEDS_END_DATE = "needs_end_date"
    END_DATE_NOT_USED = "end_date_not_used"
    END_BEFORE_START = "end_before_start"


class ScheduleError(ValueError):
    """The choices asked of ``plan_programme`` fall outside what the template allows."""

    def __init__(self, problem: ScheduleProblem, template_key: str) -> None:
        super().__init__(f"{template_key}: {problem.value}")
        self.problem = problem
        self.template_key = template_key


class DeviationCode(StrEnum):
    TOO_FEW_SESSIONS = "too_few_sessions"
    TOO_MANY_SESSIONS = "too_many_sessions"
    WRONG_FIRST_SESSIONS = "wrong_first_sessions"
    FIRST_SESSION_NOT_FIRST = "first_session_not_first"
    SPAN_TOO_LONG = "span_too_long"
    SPAN_TOO_SHORT = "span_too_short"
    GAP_TOO_LONG = "gap_too_long"


class DeviationUnit(StrEnum):
    SESSIONS = "sessions"
    DAYS = "days"


@dataclass(frozen=True)
class SessionRecord:
    """One session of a real plan, as the carer's record holds it."""

    on: date
    status: SessionStatus
    first_session: bool = False


@dataclass(frozen=True)
class PlannedSession:
    number: int  # 1-based, first sessions included
    on: date
    first_session: bool
    phase: FrequencyLabel | None  # None for first sessions and evenly spread plans


@dataclass(frozen=True)
class ProgrammePlan:
    template_key: str
    start: date
    frequency: str | None  # the chosen FrequencyOption.key
    sessions: tuple[PlannedSession, ...]
    expected_end: date  # end of the guideline's period, or the last session when it gives none

    @property
    def last_session(self) -> date:
        return self.sessions[-1].on

    def as_records(self) -> tuple[SessionRecord, ...]:
        return tuple(SessionRecord(s.on, SessionStatus.PLANNED, s.first_session)
                     for s in self.sessions)


@dataclass(frozen=True)
class PlanDeviation:
    """Where a plan leaves what the guideline describes: ``actual`` against ``limit``."""

    code: DeviationCode
    actual: int
    limit: int
    unit: DeviationUnit
    on: date | None = None  # the session where it shows, when there is one


def plan_programme(template: ProgrammeTemplate, start: date, *, frequency: str | None = None,
                   sessions: int | None = None, span_months: int | None = None,
                   until: date | None = None) -> ProgrammePlan:
    """Session dates for ``template`` from ``start``.

    ``sessions`` counts the repeated sessions (after any first sessions) and defaults to the
    guideline's minimum; ``span_months`` defaults to its shortest span; ``frequency`` is a
    ``FrequencyOption.key`` and defaults to the first option. ``until`` is the last day of a
    programme that runs to the end of the school year, and is required for those. A fixed
    count is always planned in full, even past the span: ``check_plan`` then reports it.
    """
    key = template.key
    count = _choose(template.sessions, sessions, ScheduleProblem.SESSION_COUNT_OUT_OF_RANGE,
                    ScheduleProblem.SESSION_COUNT_NOT_GIVEN, key)
    span = _choose(template.span_months, span_months, ScheduleProblem.SPAN_OUT_OF_RANGE,
                   ScheduleProblem.SPAN_NOT_GIVEN, key)
    if template.runs_until is not None:
        if until is None:
            raise ScheduleError(ScheduleProblem.NEEDS_END_DATE, key)
        if until < start:
            raise ScheduleError(ScheduleProblem.END_BEFORE_START, key)
        end: date | None = until
    elif until is not None:
        raise ScheduleError(ScheduleProblem.END_DATE_NOT_USED, key)
    else:
        end = add_months(start, span) if span is not None else None
    option = template.frequency.option(frequency) if template.frequency else None
    if option is None and (frequency is not None or template.frequency is not None):
        raise ScheduleError(ScheduleProblem.UNKNOWN_FREQUENCY, key)
    first = template.first_sessions.count if template.first_sessions else 0
    if option is None:
        if count is None or end is None:  # the loader's checks rule this out
            raise ScheduleError(ScheduleProblem.NEEDS_END_DATE, key)
        dated: list[tuple[date, FrequencyLabel | None]] = [
            (d, None) for d in _spread(start, end, first + count)
        ]
    else:
        dated = _by_rhythm(start, option, first, count, end, key)
    planned = tuple(PlannedSession(i + 1, day, i < first, None if i < first else label)
                    for i, (day, label) in enumerate(dated))
    return ProgrammePlan(key, start, option.key if option else None, planned,
                         end if end is not None else planned[-1].on)


def _choose(figure: Figure | None, wanted: int | None, out_of_range: ScheduleProblem,
            not_given: ScheduleProblem, key: str) -> int | None:
    """The caller's choice within the guideline's range, or its lower end."""
    if figure is None:
        if wanted is not None:
            raise ScheduleError(not_given, key)
        return None
    value = figure.min if wanted is None else wanted
    if value < figure.min or (figure.max is not None and value > figure.max):
        raise ScheduleError(out_of_range, key)
    return value


def _spread(start: date, end: date, n: int) -> list[date]:
    """``n`` dates from ``start`` to ``end`` inclusive, as evenly as whole days allow."""
    total = (end - start).days
    if n == 1:
        return [start]
    return [start + timedelta(days=(2 * i * total + n - 1) // (2 * (n - 1))) for i in range(n)]


def _step(origin: date, phase: FrequencyPhase, intervals: int) -> date:
    if phase.interval_months is not None:
        return add_months(origin, intervals * phase.interval_months)
    return origin + timedelta(days=intervals * (phase.interval_days or 0))


def _by_rhythm(start: date, option: FrequencyOption, first: int, count: int | None,
               end: date | None, key: str) -> list[tuple[date, FrequencyLabel | None]]:
    """First sessions one interval apart, then each phase in turn (twice weekly, weekly...)."""
    if count is None and end is None:
        raise ScheduleError(ScheduleProblem.NEEDS_END_DATE, key)
    out: list[tuple[date, FrequencyLabel | None]] = []
    origin = start
    for _ in range(first):
        out.append((origin, None))
        origin = _step(origin, option.phases[0], 1)
    made = 0
    for phase in option.phases:
        interval = 0
        while phase.interval_count is None or interval < phase.interval_count:
            period = _step(origin, phase, interval)
            for j in range(phase.sessions_per_interval):
                day = period + timedelta(
                    days=j * (phase.interval_days or 0) // phase.sessions_per_interval)
                if count is not None and made >= count:
                    return out
                if count is None and end is not None and day > end:
                    return out
                out.append((day, phase.label))
                made += 1
            interval += 1
        origin = _step(origin, phase, interval)
    return out


def check_plan(template: ProgrammeTemplate, records: Iterable[SessionRecord], *,
               until: date | None = None, slack_days: int = 0) -> list[PlanDeviation]:
    """Ways a real plan goes outside what the guideline describes for ``template``.

    Done and planned sessions count; missed and cancelled ones do not (they leave gaps).
    ``until`` is the end of the school year for programmes that run to it. ``slack_days`` is
    a tolerance for spans and gaps; 0 reads the guideline strictly.
    """
    live = sorted((r for r in records if r.status in LIVE_STATUSES), key=lambda r: r.on)
    firsts = [r for r in live if r.first_session]
    mains = [r for r in live if not r.first_session]
    found: list[PlanDeviation] = []
    wanted_first = template.first_sessions.count if template.first_sessions else 0
    if len(firsts) != wanted_first:
        found.append(PlanDeviation(DeviationCode.WRONG_FIRST_SESSIONS, len(firsts), wanted_first,
                                   DeviationUnit.SESSIONS, firsts[0].on if firsts else None))
    elif firsts and mains and firsts[-1].on > mains[0].on:
        found.append(PlanDeviation(DeviationCode.FIRST_SESSION_NOT_FIRST,
                                   (firsts[-1].on - mains[0].on).days, 0, DeviationUnit.DAYS,
                                   firsts[-1].on))
    if template.sessions is not None:
        low, high = template.sessions.min, template.sessions.max or template.sessions.min
        if len(mains) > high:
            found.append(PlanDeviation(DeviationCode.TOO_MANY_SESSIONS, len(mains), high,
                                       DeviationUnit.SESSIONS, mains[high].on))
        elif len(mains) < low:
            found.append(PlanDeviation(DeviationCode.TOO_FEW_SESSIONS, len(mains), low,
                                       DeviationUnit.SESSIONS))
    if not live:
        return found
    begin, last = live[0].on, live[-1].on
    found += _span_deviations(template, begin, last, until, slack_days)
    if template.frequency is not None:
        limit = template.frequency.longest_gap_days
        for before, after in pairwise(live):
            gap = (after.on - before.on).days
            if gap > limit + slack_days:
                found.append(PlanDeviation(DeviationCode.GAP_TOO_LONG, gap, limit,
                                           DeviationUnit.DAYS, before.on))
    return found


def _span_deviations(template: ProgrammeTemplate, begin: date, last: date, until: date | None,
                     slack: int) -> list[PlanDeviation]:
    span = template.span_months
    latest = add_months(begin, span.max or span.min) if span else until
    earliest = add_months(begin, span.min) if span else until
    found: list[PlanDeviation] = []
    actual = (last - begin).days
    if latest is not None and last > latest + timedelta(days=slack):
        found.append(PlanDeviation(DeviationCode.SPAN_TOO_LONG, actual, (latest - begin).days,
                                   DeviationUnit.DAYS, last))
    # Only where the span, not a count at a fixed rhythm, decides how long sessions go on.
    if earliest is not None and (template.sessions is None or template.frequency is None):
        # An open-ended rhythm fills the whole intervals that fit in the period: weekly for a
        # year is 52 sessions, the last one 357 days in, covering 364 of the 365 days.
        open_ended = template.sessions is None and template.frequency is not None
        reach = template.frequency.longest_gap_days if open_ended and template.frequency else 0
        period = (earliest - begin).days
        needed = period - period % reach if reach else period
        if actual + reach + slack < needed:
            found.append(PlanDeviation(DeviationCode.SPAN_TOO_SHORT, actual, period,
                                       DeviationUnit.DAYS, last))
    return found
