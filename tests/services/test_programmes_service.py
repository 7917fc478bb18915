"""Programmes: start from a template, move, add and miss sessions, deviations, reviews, reminders."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from carer_app.domain.enums import ProgrammeStatus, SessionStatus
from carer_app.domain.programme_schedule import DeviationCode, ScheduleError
from carer_app.domain.programme_views import ProgrammeStart, ReminderKind, SessionReport
from carer_app.domain.review_triggers import TriggerAction, TriggerCode
from carer_app.services import children, homework, programmes, reminders
from carer_app.services.errors import NotAllowed, NotFound
from carer_app.services.programmes import OutsideTemplate
from carer_app.storage.models import AuditEvent

START = date(2025, 1, 6)  # a Monday


def child_id(vault: Any) -> str:
    return children.list_children(vault)[0].id


def start(vault: Any, key: str = "video_feedback_carers", **choices: Any) -> str:
    form = ProgrammeStart(child_id(vault), key, START, practitioner="Family support worker",
                          location="At home", **choices)
    return programmes.start_programme(vault, form, today=START).id


def attended(on: date, rating: int | None = None) -> SessionReport:
    return SessionReport(on, True, 60, "Watched bath time together", "Lovely eye contact", rating)


def test_start_lays_out_the_plan_from_the_template(vault: Any) -> None:
    pid = start(vault)
    view = programmes.plan(vault, pid, today=START)
    assert view.programme.title.startswith("Video feedback programme")
    assert [s.number for s in view.sessions] == list(range(1, 11))
    assert all(s.status is SessionStatus.PLANNED for s in view.sessions)
    assert view.sessions[0].planned_date == START
    assert view.sessions[-1].planned_date is not None
    assert view.sessions[-1].planned_date <= date(2025, 5, 6)  # within 3 to 4 months
    assert view.deviations == ()
    assert view.can_add_session is False  # exactly 10 sessions: no room for an 11th
    summary = programmes.list_programmes(vault, child_id(vault), today=START)[0]
    assert (summary.sessions_done, summary.sessions_live, summary.next_session) == (0, 10, START)


def test_choices_outside_the_range_are_refused(vault: Any) -> None:
    with pytest.raises(ScheduleError):
        start(vault, "psbt_parents", sessions=16)
    with pytest.raises(NotAllowed):
        start(vault, "no_such_programme")
    pid = start(vault, "psbt_parents", sessions=5, frequency="fortnightly")
    view = programmes.plan(vault, pid, today=START)
    assert len(view.sessions) == 6 and view.sessions[0].first_session
    assert not any(s.first_session for s in view.sessions[1:])
    assert view.can_add_session  # 5 of up to 15


def test_move_and_miss_show_where_the_plan_leaves_the_guideline(vault: Any) -> None:
    pid = start(vault)
    sessions = programmes.plan(vault, pid, today=START).sessions
    programmes.record_session(vault, sessions[0].id, attended(START))
    moved = programmes.move_session(vault, sessions[1].id, START + timedelta(days=150))
    assert moved.planned_date == START + timedelta(days=150)
    view = programmes.plan(vault, pid, today=START)
    assert [d.code for d in view.deviations] == [DeviationCode.SPAN_TOO_LONG]
    assert view.sessions[-1].id == moved.id  # the plan stays in date order
    programmes.move_session(vault, sessions[1].id, START + timedelta(days=7))
    missed = programmes.mark_missed(vault, sessions[2].id)
    assert missed.status is SessionStatus.MISSED and missed.attended is False
    view = programmes.plan(vault, pid, today=START)
    assert [d.code for d in view.deviations][:1] == [DeviationCode.TOO_FEW_SESSIONS]
    assert view.can_add_session  # a missed session leaves room for a replacement
    added = programmes.add_session(vault, pid, START + timedelta(days=100))
    assert added.number == 11 and added.status is SessionStatus.PLANNED
    assert programmes.plan(vault, pid, today=START).deviations == ()
    with pytest.raises(OutsideTemplate) as refused:
        programmes.add_session(vault, pid, START + timedelta(days=101))
    assert refused.value.reason == "too_many_sessions"
    with pytest.raises(NotAllowed):
        programmes.move_session(vault, sessions[0].id, START)  # held sessions are not moved


def test_a_long_gap_in_a_weekly_or_fortnightly_programme_shows(vault: Any) -> None:
    pid = start(vault, "psbt_parents", sessions=5)
    last = programmes.plan(vault, pid, today=START).sessions[-1]  # weekly: day 35
    programmes.move_session(vault, last.id, START + timedelta(days=70))
    gaps = [d for d in programmes.plan(vault, pid, today=START).deviations
            if d.code is DeviationCode.GAP_TOO_LONG]
    assert [(g.actual, g.limit) for g in gaps] == [(42, 14)]


def test_added_sessions_stay_inside_the_period(vault: Any) -> None:
    pid = start(vault, "psbt_parents", sessions=5)
    with pytest.raises(OutsideTemplate) as late:
        programmes.add_session(vault, pid, START + timedelta(days=200))
    assert late.value.reason == "after_span" and late.value.limit == date(2025, 7, 6)
    with pytest.raises(OutsideTemplate) as early:
        programmes.add_session(vault, pid, START - timedelta(days=1))
    assert early.value.reason == "before_start"


def test_record_session_keeps_what_happened(vault: Any) -> None:
    pid = start(vault)
    first = programmes.plan(vault, pid, today=START).sessions[0]
    done = programmes.record_session(vault, first.id, attended(START + timedelta(days=1), 3))
    assert (done.status, done.held_on, done.length_minutes, done.progress_rating) == (
        SessionStatus.DONE, START + timedelta(days=1), 60, 3)
    assert done.worked_on == "Watched bath time together" and done.author == "Test Carer"
    again = programmes.record_session(vault, first.id, SessionReport(START, False))
    assert again.status is SessionStatus.MISSED and again.attended is False
    with pytest.raises(NotAllowed):
        programmes.record_session(vault, first.id, attended(START, rating=6))
    with pytest.raises(NotFound):
        programmes.record_session(vault, "missing", attended(START))
    with vault.session() as s:
        actions = s.scalars(select(AuditEvent.action).where(AuditEvent.record_id == first.id)).all()
    assert actions == ["record", "record"]


def test_little_improvement_after_ten_sessions_calls_for_a_review(vault: Any) -> None:
    pid = start(vault)
    sessions = programmes.plan(vault, pid, today=START).sessions
    for s in sessions:  # rated 2 of 5 throughout: no change
        assert s.planned_date is not None
        programmes.record_session(vault, s.id, attended(s.planned_date, 2))
    today = START + timedelta(days=120)
    triggers = programmes.plan(vault, pid, today=today).triggers
    codes = {t.trigger.code: t for t in triggers}
    assert TriggerCode.LITTLE_IMPROVEMENT in codes
    state = codes[TriggerCode.LITTLE_IMPROVEMENT]
    assert state.trigger.action is TriggerAction.MULTI_AGENCY_REVIEW and state.needs_action
    due = reminders.reminders(vault, today=today)
    assert [r.kind for r in due] == [ReminderKind.REVIEW_NEEDED]
    review = programmes.request_review(vault, pid, TriggerCode.LITTLE_IMPROVEMENT.value, today)
    decided = programmes.record_review_decision(vault, review.id, "Five more sessions, then meet")
    state = next(t for t in programmes.plan(vault, pid, today=today).triggers
                 if t.trigger.code is TriggerCode.LITTLE_IMPROVEMENT)
    assert state.review == decided and not state.needs_action
    assert decided.decision == "Five more sessions, then meet" and decided.requested_on == today
    assert reminders.reminders(vault, today=today) == []
    with pytest.raises(NotAllowed):
        programmes.request_review(vault, pid, "made_up", today)


def test_better_ratings_call_for_no_review(vault: Any) -> None:
    pid = start(vault)
    for rating, s in zip(range(1, 11), programmes.plan(vault, pid, today=START).sessions, strict=True):
        assert s.planned_date is not None
        programmes.record_session(vault, s.id, attended(s.planned_date, min(5, 1 + rating // 2)))
    triggers = programmes.plan(vault, pid, today=START + timedelta(days=120)).triggers
    assert triggers == ()


def test_three_missed_sessions_mean_not_taking_part(vault: Any) -> None:
    pid = start(vault)
    for s in programmes.plan(vault, pid, today=START).sessions[:3]:
        programmes.mark_missed(vault, s.id)
    codes = [t.trigger.code for t in programmes.plan(vault, pid, today=START + timedelta(days=30)).triggers]
    assert codes == [TriggerCode.NOT_TAKING_PART]


def test_stopping_before_any_session_counts_as_declining(vault: Any) -> None:
    pid = start(vault)
    stopped = programmes.set_status(vault, pid, ProgrammeStatus.STOPPED)
    assert stopped.status is ProgrammeStatus.STOPPED
    triggers = programmes.plan(vault, pid, today=START).triggers
    assert [(t.trigger.code, t.trigger.offer) for t in triggers] == [
        (TriggerCode.DECLINED, "psbt_parents")]
    with pytest.raises(NotAllowed):
        programmes.add_session(vault, pid, START + timedelta(days=3))


def test_reminders_show_sessions_soon_late_and_homework(vault: Any) -> None:
    pid = start(vault)
    sessions = programmes.plan(vault, pid, today=START).sessions
    today = START + timedelta(days=8)  # session 2 (day 7 or so) passed unrecorded
    task = homework.set_homework(vault, sessions[0].id, "Name feelings at bedtime",
                                 today + timedelta(days=2))
    late = homework.set_homework(vault, sessions[0].id, "Read together", today - timedelta(days=1))
    found = reminders.reminders(vault, today=today)
    kinds = [(r.kind, r.session_number, r.detail) for r in found]
    assert (ReminderKind.HOMEWORK_OVERDUE, None, "Read together") in kinds
    assert (ReminderKind.HOMEWORK_DUE, None, "Name feelings at bedtime") in kinds
    assert any(k == ReminderKind.SESSION_SOON for k, _, _ in kinds)
    assert [k for k, _, _ in kinds][:1] == [ReminderKind.SESSION_TO_RECORD]
    assert {r.child_name for r in found} == {"Test Child"}
    homework.update_homework(vault, late.id, done=True)
    homework.update_homework(vault, task.id, done=True)
    assert not any(r.kind.name.startswith("HOMEWORK") for r in reminders.reminders(vault, today=today))


def test_programmes_that_run_to_the_end_of_the_school_year(vault: Any) -> None:
    pid = start(vault, "group_training_carers")
    view = programmes.plan(vault, pid, today=START)
    days = [s.planned_date for s in view.sessions]
    assert days[:2] == [START, START + timedelta(days=3)]  # twice weekly first
    assert days[-1] is not None and days[-1] <= date(2025, 7, 22)
    assert view.deviations == ()
