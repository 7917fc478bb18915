"""Homework set at sessions, the practice log, and the progress series the chart draws."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from carer_app.domain.programme_views import (
    PracticeEntry,
    ProgrammeStart,
    SessionReport,
    WeekCount,
    weekly_counts,
)
from carer_app.services import children, homework, programmes
from carer_app.services.errors import NotAllowed, NotFound

START = date(2025, 1, 6)  # a Monday


def at(day: date, hour: int = 19) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


@pytest.fixture()
def programme(vault: Any) -> tuple[str, str]:
    """A PSBT programme with its first session held; returns (programme id, session id)."""
    kid = children.list_children(vault)[0].id
    pid = programmes.start_programme(
        vault, ProgrammeStart(kid, "psbt_parents", START, sessions=5), today=START).id
    first = programmes.plan(vault, pid, today=START).sessions[0]
    programmes.record_session(vault, first.id, SessionReport(START, True, 60, "Limit setting"))
    return pid, first.id


def test_homework_is_set_at_a_session(vault: Any, programme: tuple[str, str]) -> None:
    pid, sid = programme
    task = homework.set_homework(vault, sid, "  Practise naming feelings\nat bedtime ", START + timedelta(7))
    assert task.description == "Practise naming feelings at bedtime"
    assert (task.programme_id, task.session_id, task.session_number) == (pid, sid, 1)
    assert (task.due_on, task.done, task.practice_count, task.last_practised) == (
        START + timedelta(7), False, 0, None)
    done = homework.update_homework(vault, task.id, done=True)
    assert done.done and done.version == task.version + 1
    other = homework.set_homework(vault, sid, "One calm limit a day")
    assert [t.id for t in homework.list_homework(vault, pid)] == [other.id, task.id]  # open first
    with pytest.raises(NotAllowed):
        homework.set_homework(vault, sid, "   ")
    with pytest.raises(NotFound):
        homework.set_homework(vault, "no-such-session", "Anything")


def test_practice_logs_record_when_what_response_and_confidence(
    vault: Any, programme: tuple[str, str]
) -> None:
    pid, sid = programme
    task = homework.set_homework(vault, sid, "Name feelings at bedtime")
    first = homework.log_practice(vault, task.id, PracticeEntry(
        at(START + timedelta(1)), "Named 'tired' during the story", "Pointed at the sad face", 2))
    second = homework.log_practice(vault, task.id, PracticeEntry(
        at(START + timedelta(3)), "Named 'cross' after tea", "Said 'me cross' back", 4))
    assert (first.confidence, first.author, first.child_response) == (
        2, "Test Carer", "Pointed at the sad face")
    logs = homework.list_practice(vault, task_id=task.id)
    assert [log.id for log in logs] == [second.id, first.id]  # newest first
    assert homework.list_practice(vault, programme_id=pid) == logs
    view = homework.list_homework(vault, pid)[0]
    assert view.practice_count == 2 and view.last_practised == at(START + timedelta(3))
    for bad in (0, 6):
        with pytest.raises(NotAllowed):
            homework.log_practice(vault, task.id, PracticeEntry(at(START), "x", "y", bad))
    with pytest.raises(NotAllowed):
        homework.log_practice(vault, task.id, PracticeEntry(datetime(2025, 1, 7), "x", "y", 3))
    with pytest.raises(NotAllowed):
        homework.log_practice(vault, task.id, PracticeEntry(at(START), " ", "", 3))


def test_progress_counts_practice_per_week_and_follows_confidence(
    vault: Any, programme: tuple[str, str]
) -> None:
    pid, sid = programme
    task = homework.set_homework(vault, sid, "Name feelings at bedtime")
    for day, confidence in ((1, 2), (2, 3), (9, 3), (10, 4), (23, 5)):
        homework.log_practice(vault, task.id, PracticeEntry(
            at(START + timedelta(day), 12), "Tried it", "Smiled", confidence))
    second = programmes.plan(vault, pid, today=START).sessions[1]
    programmes.record_session(vault, second.id, SessionReport(START + timedelta(7), True, 60,
                                                              progress_rating=3))
    series = homework.progress(vault, pid, today=START + timedelta(days=27))
    assert [w.count for w in series.weeks] == [2, 2, 0, 1]
    assert series.weeks[0].week_start == START
    assert [p.confidence for p in series.confidence] == [2, 3, 3, 4, 5]
    assert [(r.on, r.rating, r.session_number) for r in series.ratings] == [
        (START + timedelta(7), 3, 2)]
    assert not series.is_empty


def test_progress_of_a_new_programme_is_empty(vault: Any, programme: tuple[str, str]) -> None:
    pid, _ = programme
    series = homework.progress(vault, pid, today=START)
    assert series.is_empty and [w.count for w in series.weeks] == [0]


def test_weekly_counts_keep_empty_weeks_and_reach_outside_the_range() -> None:
    monday = date(2025, 3, 3)
    times = [at(monday - timedelta(days=3)), at(monday + timedelta(days=15))]
    assert weekly_counts(times, monday, monday + timedelta(days=7)) == (
        WeekCount(monday - timedelta(days=7), 1), WeekCount(monday, 0),
        WeekCount(monday + timedelta(days=7), 0), WeekCount(monday + timedelta(days=14), 1))
