"""Planned session dates for each programme template, and the checks on real plans."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

import pytest

from carer_app.domain.enums import SessionStatus
from carer_app.domain.programme_schedule import (
    DeviationCode,
    DeviationUnit,
    PlanDeviation,
    ScheduleError,
    ScheduleProblem,
    SessionRecord,
    add_months,
    check_plan,
    plan_programme,
)
from carer_app.domain.programmes import FrequencyLabel, ProgrammeTemplate, load_templates

MONDAY = date(2025, 1, 6)
TERM_START = date(2025, 9, 1)  # a Monday
TERM_END = date(2026, 7, 17)
DONE, PLANNED, MISSED, CANCELLED = (SessionStatus.DONE, SessionStatus.PLANNED,
                                    SessionStatus.MISSED, SessionStatus.CANCELLED)

# key -> (sessions in the default plan, last session, expected end), worked out by hand from
# the guideline's figures: 10 over 3 months; 1 + 5 weekly within 6 months; 12 weekly within
# 18 months; weekly for 1 year; weekly for 9 months; twice weekly for 3 weeks, then weekly to
# the end of the school year.
EXPECTED = {
    "video_feedback_parents": (10, date(2025, 4, 6), date(2025, 4, 6)),
    "video_feedback_carers": (10, date(2025, 4, 6), date(2025, 4, 6)),
    "psbt_parents": (6, date(2025, 2, 10), date(2025, 7, 6)),
    "psbt_school_age": (6, date(2025, 2, 10), date(2025, 7, 6)),
    "psbt_residential": (6, date(2025, 2, 10), date(2025, 7, 6)),
    "home_visiting": (12, date(2025, 3, 24), date(2026, 7, 6)),
    "parent_child_psychotherapy": (53, date(2026, 1, 5), date(2026, 1, 6)),
    "intensive_carer_support": (40, date(2025, 10, 6), date(2025, 10, 6)),
    "group_therapeutic_play": (40, date(2025, 10, 6), date(2025, 10, 6)),
    "group_training_carers": (49, date(2026, 7, 13), TERM_END),
    "young_peoples_programme": (49, date(2026, 7, 13), TERM_END),
}


@pytest.fixture(scope="module")
def templates() -> dict[str, ProgrammeTemplate]:
    return load_templates()


def _records(days: list[date], status: SessionStatus = DONE,
             first: int = 0) -> list[SessionRecord]:
    return [SessionRecord(day, status, i < first) for i, day in enumerate(days)]


def _codes(found: list[PlanDeviation]) -> set[DeviationCode]:
    return {d.code for d in found}


def test_every_template_has_an_expected_schedule(templates: dict[str, ProgrammeTemplate]) -> None:
    assert set(EXPECTED) == set(templates)


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_default_plan_matches_the_guideline(
    key: str, templates: dict[str, ProgrammeTemplate]
) -> None:
    template = templates[key]
    school = template.runs_until is not None
    start = TERM_START if school else MONDAY
    plan = plan_programme(template, start, until=TERM_END if school else None)
    count, last, end = EXPECTED[key]
    assert (len(plan.sessions), plan.last_session, plan.expected_end) == (count, last, end)
    days = [s.on for s in plan.sessions]
    assert days[0] == start and days == sorted(set(days))
    assert [s.number for s in plan.sessions] == list(range(1, count + 1))
    assert all(start <= day <= plan.expected_end for day in days)
    mains = [s for s in plan.sessions if not s.first_session]
    if template.sessions is not None:
        assert template.sessions.min <= len(mains) <= (template.sessions.max or len(mains))
    if template.span_months is not None:
        assert plan.expected_end == add_months(start, template.span_months.min)
    if template.frequency is not None:
        longest = template.frequency.longest_gap_days
        assert all((b - a).days <= longest for a, b in pairwise(days))
    assert check_plan(template, plan.as_records(), until=TERM_END if school else None) == []


def test_video_feedback_spreads_ten_sessions_over_the_span(
    templates: dict[str, ProgrammeTemplate],
) -> None:
    plan = plan_programme(templates["video_feedback_parents"], MONDAY)
    assert [s.on for s in plan.sessions][:3] == [MONDAY, date(2025, 1, 16), date(2025, 1, 26)]
    assert plan.frequency is None and all(s.phase is None for s in plan.sessions)
    longer = plan_programme(templates["video_feedback_parents"], MONDAY, span_months=4)
    assert longer.last_session == longer.expected_end == date(2025, 5, 6)
    gaps = {(b.on - a.on).days for a, b in pairwise(longer.sessions)}
    assert gaps <= {13, 14}


def test_psbt_starts_with_the_parents_alone_then_follows_the_chosen_rhythm(
    templates: dict[str, ProgrammeTemplate],
) -> None:
    template = templates["psbt_parents"]
    plan = plan_programme(template, MONDAY, frequency="fortnightly", sessions=12)
    first, second = plan.sessions[:2]
    assert first.first_session and first.phase is None
    assert not second.first_session and second.phase is FrequencyLabel.FORTNIGHTLY
    assert second.on - first.on == timedelta(days=14)
    assert len(plan.sessions) == 13 and plan.last_session == MONDAY + timedelta(days=12 * 14)
    assert check_plan(template, plan.as_records()) == []
    weekly = plan_programme(template, MONDAY, frequency="weekly", sessions=15)
    assert check_plan(template, weekly.as_records()) == []


def test_fifteen_fortnightly_sessions_overrun_six_months(
    templates: dict[str, ProgrammeTemplate],
) -> None:
    template = templates["psbt_parents"]
    plan = plan_programme(template, MONDAY, frequency="fortnightly", sessions=15)
    assert plan.last_session == date(2025, 8, 4)
    assert check_plan(template, plan.as_records()) == [PlanDeviation(
        DeviationCode.SPAN_TOO_LONG, 210, 181, DeviationUnit.DAYS, date(2025, 8, 4))]


def test_home_visiting_monthly_keeps_within_eighteen_months(
    templates: dict[str, ProgrammeTemplate],
) -> None:
    plan = plan_programme(templates["home_visiting"], date(2025, 1, 31), frequency="monthly")
    assert [s.on for s in plan.sessions][:3] == [date(2025, 1, 31), date(2025, 2, 28),
                                                 date(2025, 3, 31)]
    assert plan.last_session == date(2025, 12, 31) and plan.expected_end == date(2026, 7, 31)
    assert check_plan(templates["home_visiting"], plan.as_records()) == []


def test_group_programmes_run_twice_weekly_for_three_weeks_then_weekly(
    templates: dict[str, ProgrammeTemplate],
) -> None:
    plan = plan_programme(templates["young_peoples_programme"], TERM_START, until=TERM_END)
    assert plan.frequency == "twice_weekly_then_weekly"
    assert [s.on.day for s in plan.sessions[:8]] == [1, 4, 8, 11, 15, 18, 22, 29]
    assert [s.phase for s in plan.sessions[5:7]] == [FrequencyLabel.TWICE_WEEKLY,
                                                     FrequencyLabel.WEEKLY]


@pytest.mark.parametrize(("key", "choices", "problem"), [
    ("psbt_parents", {"sessions": 4}, ScheduleProblem.SESSION_COUNT_OUT_OF_RANGE),
    ("psbt_parents", {"sessions": 16}, ScheduleProblem.SESSION_COUNT_OUT_OF_RANGE),
    ("parent_child_psychotherapy", {"sessions": 40}, ScheduleProblem.SESSION_COUNT_NOT_GIVEN),
    ("video_feedback_parents", {"span_months": 5}, ScheduleProblem.SPAN_OUT_OF_RANGE),
    ("group_training_carers", {"span_months": 9, "until": TERM_END},
     ScheduleProblem.SPAN_NOT_GIVEN),
    ("psbt_parents", {"frequency": "daily"}, ScheduleProblem.UNKNOWN_FREQUENCY),
    ("video_feedback_parents", {"frequency": "weekly"}, ScheduleProblem.UNKNOWN_FREQUENCY),
    ("group_training_carers", {}, ScheduleProblem.NEEDS_END_DATE),
    ("group_training_carers", {"until": date(2024, 7, 1)}, ScheduleProblem.END_BEFORE_START),
    ("video_feedback_parents", {"until": TERM_END}, ScheduleProblem.END_DATE_NOT_USED),
])
def test_choices_outside_the_template_are_refused(
    key: str, choices: dict[str, object], problem: ScheduleProblem,
    templates: dict[str, ProgrammeTemplate],
) -> None:
    with pytest.raises(ScheduleError) as caught:
        plan_programme(templates[key], MONDAY, **choices)  # type: ignore[arg-type]
    assert caught.value.problem is problem and caught.value.template_key == key


@pytest.mark.parametrize(("day", "months", "expected"), [
    (date(2025, 1, 31), 1, date(2025, 2, 28)),
    (date(2024, 1, 31), 1, date(2024, 2, 29)),
    (date(2025, 12, 15), 1, date(2026, 1, 15)),
    (date(2025, 1, 6), 18, date(2026, 7, 6)),
    (date(2025, 3, 31), -1, date(2025, 2, 28)),
])
def test_add_months(day: date, months: int, expected: date) -> None:
    assert add_months(day, months) == expected


# --- checking real plans --------------------------------------------------------------------


def _every(days: int, n: int, start: date = MONDAY) -> list[date]:
    return [start + timedelta(days=days * i) for i in range(n)]


def test_video_feedback_counts_and_span(templates: dict[str, ProgrammeTemplate]) -> None:
    video = templates["video_feedback_parents"]
    eleven = check_plan(video, _records(_every(10, 11)))
    assert PlanDeviation(DeviationCode.TOO_MANY_SESSIONS, 11, 10, DeviationUnit.SESSIONS,
                         MONDAY + timedelta(days=100)) in eleven
    assert _codes(check_plan(video, _records(_every(12, 9)))) == {DeviationCode.TOO_FEW_SESSIONS}
    assert _codes(check_plan(video, _records(_every(5, 10)))) == {DeviationCode.SPAN_TOO_SHORT}
    assert _codes(check_plan(video, _records(_every(16, 10)))) == {DeviationCode.SPAN_TOO_LONG}
    assert check_plan(video, []) == [PlanDeviation(DeviationCode.TOO_FEW_SESSIONS, 0, 10,
                                                   DeviationUnit.SESSIONS)]


def test_no_gap_rule_where_the_guideline_gives_no_rhythm(
    templates: dict[str, ProgrammeTemplate],
) -> None:
    days = [*_every(7, 5), *_every(7, 5, MONDAY + timedelta(days=70))]  # a 42-day gap
    assert DeviationCode.GAP_TOO_LONG not in _codes(
        check_plan(templates["video_feedback_parents"], _records(days)))


def test_psbt_first_session_and_gaps(templates: dict[str, ProgrammeTemplate]) -> None:
    psbt = templates["psbt_parents"]
    weekly = _every(7, 8)
    assert check_plan(psbt, _records(weekly, first=1)) == []
    assert _codes(check_plan(psbt, _records(weekly))) == {DeviationCode.WRONG_FIRST_SESSIONS}
    late_first = [SessionRecord(weekly[1], DONE, True), SessionRecord(weekly[0], DONE),
                  *_records(weekly[2:])]
    assert _codes(check_plan(psbt, late_first)) == {DeviationCode.FIRST_SESSION_NOT_FIRST}
    one_missed = _records(weekly, first=1)
    one_missed[3] = SessionRecord(weekly[3], MISSED)
    assert check_plan(psbt, one_missed) == []  # a 14-day gap is still fortnightly
    two_missed = list(one_missed)
    two_missed[4] = SessionRecord(weekly[4], MISSED)
    assert check_plan(psbt, two_missed) == [PlanDeviation(
        DeviationCode.GAP_TOO_LONG, 21, 14, DeviationUnit.DAYS, weekly[2])]
    assert check_plan(psbt, two_missed, slack_days=7) == []


def test_cancelled_and_missed_sessions_do_not_count(
    templates: dict[str, ProgrammeTemplate],
) -> None:
    psbt = templates["psbt_parents"]
    days = _every(7, 6)
    records = [*_records(days[:5], first=1), SessionRecord(days[5], PLANNED),
               SessionRecord(MONDAY + timedelta(days=42), CANCELLED)]
    assert check_plan(psbt, records) == []
    records[2] = SessionRecord(days[2], MISSED)
    assert _codes(check_plan(psbt, records)) == {DeviationCode.TOO_FEW_SESSIONS}


def test_open_ended_programmes_must_run_their_span(
    templates: dict[str, ProgrammeTemplate],
) -> None:
    therapy = templates["parent_child_psychotherapy"]
    half_year = check_plan(therapy, _records(_every(7, 26)))
    assert _codes(half_year) == {DeviationCode.SPAN_TOO_SHORT}
    assert (half_year[0].actual, half_year[0].limit) == (175, 365)
    assert check_plan(therapy, _records(_every(7, 52))) == []
    assert _codes(check_plan(therapy, _records(_every(7, 51)))) == {DeviationCode.SPAN_TOO_SHORT}
    assert _codes(check_plan(therapy, _records(_every(7, 54)))) == {DeviationCode.SPAN_TOO_LONG}


def test_school_year_programmes_check_against_the_given_end(
    templates: dict[str, ProgrammeTemplate],
) -> None:
    carers = templates["group_training_carers"]
    plan = plan_programme(carers, TERM_START, until=TERM_END)
    records = list(plan.as_records())
    extra = SessionRecord(TERM_END + timedelta(days=3), PLANNED)
    assert _codes(check_plan(carers, [*records, extra], until=TERM_END)) == {
        DeviationCode.SPAN_TOO_LONG}
    assert _codes(check_plan(carers, records[:20], until=TERM_END)) == {
        DeviationCode.SPAN_TOO_SHORT}
    assert check_plan(carers, records[:20]) == []  # without the end date nothing to say
