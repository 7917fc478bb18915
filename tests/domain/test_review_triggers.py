"""Review triggers: little improvement, declining or dropping out, age, placements, next steps."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from carer_app.domain.enums import ProgrammeStatus, SessionStatus
from carer_app.domain.programme_schedule import SessionRecord
from carer_app.domain.programmes import Pathway, ProgrammeTemplate, load_templates
from carer_app.domain.review_triggers import (
    HOME_VISITING_KEY,
    REF_AFTER_REVIEW,
    REF_PLACEMENT_SUPPORT,
    REF_PROGRESS_TOOLS,
    PlacementFacts,
    ProgrammeRecord,
    ProgressMeasure,
    ProgressRating,
    ReviewTrigger,
    TriggerAction,
    TriggerCode,
    TriggerSettings,
    after_multi_agency_review,
    improvement,
    placement_triggers,
    programme_triggers,
)

START = date(2025, 1, 6)
SENSITIVITY, ATTACHMENT = ProgressMeasure.PARENTAL_SENSITIVITY, ProgressMeasure.CHILD_ATTACHMENT
DONE, MISSED = SessionStatus.DONE, SessionStatus.MISSED


@pytest.fixture(scope="module")
def templates() -> dict[str, ProgrammeTemplate]:
    return load_templates()


def _sessions(*statuses: SessionStatus, first: int = 0) -> tuple[SessionRecord, ...]:
    return tuple(SessionRecord(START + timedelta(days=10 * i), status, i < first)
                 for i, status in enumerate(statuses))


def _ratings(measure: ProgressMeasure, *scores: float,
             scale: tuple[float, float] = (1, 9)) -> tuple[ProgressRating, ...]:
    return tuple(ProgressRating(START + timedelta(days=45 * i), measure, score, *scale)
                 for i, score in enumerate(scores))


TODAY = START + timedelta(days=120)
FLAT = (*_ratings(SENSITIVITY, 3, 3.5, 3.5), *_ratings(ATTACHMENT, 4, 4.2, 4.5))
BETTER = (*_ratings(SENSITIVITY, 3, 4.5, 6), *_ratings(ATTACHMENT, 4, 5, 6))


def test_little_improvement_after_ten_video_feedback_sessions(
    templates: dict[str, ProgrammeTemplate],
) -> None:
    record = ProgrammeRecord(templates["video_feedback_parents"], _sessions(*[DONE] * 10), FLAT)
    [trigger] = programme_triggers(record, today=TODAY)
    assert (trigger.code, trigger.action, trigger.ref) == (
        TriggerCode.LITTLE_IMPROVEMENT, TriggerAction.MULTI_AGENCY_REVIEW, "1.4.3")
    assert trigger.measures == (SENSITIVITY, ATTACHMENT)
    figures = dict(trigger.figures)
    assert figures["gain_parental_sensitivity"] == pytest.approx(0.0625)
    assert figures["threshold"] == 0.10 and figures["sessions_done"] == 10
    carers = ProgrammeRecord(templates["video_feedback_carers"], _sessions(*[DONE] * 10), FLAT)
    assert [t.ref for t in programme_triggers(carers, today=TODAY)] == ["1.5.2"]


def test_no_review_before_ten_sessions_or_when_both_measures_improve(
    templates: dict[str, ProgrammeTemplate],
) -> None:
    video = templates["video_feedback_parents"]
    nine = ProgrammeRecord(video, _sessions(*[DONE] * 9, MISSED), FLAT)
    assert programme_triggers(nine, today=TODAY) == []
    improving = ProgrammeRecord(video, _sessions(*[DONE] * 10), BETTER)
    assert programme_triggers(improving, today=TODAY) == []


def test_either_measure_with_little_improvement_is_enough(
    templates: dict[str, ProgrammeTemplate],
) -> None:
    ratings = (*_ratings(SENSITIVITY, 3, 3, 3.2), *_ratings(ATTACHMENT, 2, 5, 7))
    record = ProgrammeRecord(templates["video_feedback_carers"], _sessions(*[DONE] * 10), ratings)
    [trigger] = programme_triggers(record, today=TODAY)
    assert trigger.measures == (SENSITIVITY,)


def test_unmeasured_progress_asks_for_a_measure(templates: dict[str, ProgrammeTemplate]) -> None:
    video = templates["video_feedback_parents"]
    record = ProgrammeRecord(video, _sessions(*[DONE] * 10))
    assert programme_triggers(record, today=TODAY) == [ReviewTrigger(
        TriggerCode.PROGRESS_NOT_MEASURED, TriggerAction.MEASURE_PROGRESS, REF_PROGRESS_TOOLS,
        video.key, measures=(SENSITIVITY, ATTACHMENT), figures=(("sessions_done", 10.0),))]
    half = ProgrammeRecord(video, _sessions(*[DONE] * 10), _ratings(SENSITIVITY, 2, 6))
    [trigger] = programme_triggers(half, today=TODAY)
    assert trigger.code is TriggerCode.PROGRESS_NOT_MEASURED and trigger.measures == (ATTACHMENT,)


def test_ratings_after_today_are_not_used(templates: dict[str, ProgrammeTemplate]) -> None:
    late = (*_ratings(SENSITIVITY, 3, 3), ProgressRating(TODAY + timedelta(days=1), SENSITIVITY,
                                                         9, 1, 9))
    assert improvement(late, SENSITIVITY, until=TODAY) == 0.0
    assert improvement(late, SENSITIVITY, until=TODAY + timedelta(days=1)) == 0.75
    assert improvement(late, ATTACHMENT, until=TODAY) is None


def test_improvement_compares_positions_on_each_scale() -> None:
    ratings = (ProgressRating(START, SENSITIVITY, 2, 0, 4),
               ProgressRating(TODAY, SENSITIVITY, 8, 0, 10))
    assert improvement(ratings, SENSITIVITY, until=TODAY) == pytest.approx(0.3)
    with pytest.raises(ValueError, match="scale"):
        ProgressRating(START, SENSITIVITY, 11, 0, 10)
    with pytest.raises(ValueError, match="scale"):
        ProgressRating(START, SENSITIVITY, 1, 1, 1)


@pytest.mark.parametrize(("key", "ref", "action", "offer"), [
    ("video_feedback_parents", "1.4.4", TriggerAction.OFFER_ALTERNATIVE, "psbt_parents"),
    ("video_feedback_carers", "1.5.3", TriggerAction.OFFER_ALTERNATIVE, "psbt_parents"),
    ("psbt_parents", "1.4.6", TriggerAction.MULTI_AGENCY_REVIEW, None),
    ("psbt_school_age", "1.4.6", TriggerAction.MULTI_AGENCY_REVIEW, None),
])
def test_declining_follows_the_guideline(
    key: str, ref: str, action: TriggerAction, offer: str | None,
    templates: dict[str, ProgrammeTemplate],
) -> None:
    record = ProgrammeRecord(templates[key], declined=True)
    assert programme_triggers(record, today=TODAY) == [
        ReviewTrigger(TriggerCode.DECLINED, action, ref, key, offer)]
    dropped = ProgrammeRecord(templates[key], _sessions(DONE, DONE, MISSED, MISSED, MISSED))
    [trigger] = programme_triggers(dropped, today=TODAY)
    assert (trigger.code, trigger.action, trigger.ref, trigger.offer) == (
        TriggerCode.NOT_TAKING_PART, action, ref, offer)
    assert dict(trigger.figures) == {"missed_in_a_row": 3.0, "threshold": 3.0}


def test_missed_sessions_count_only_in_an_unbroken_run_up_to_today(
    templates: dict[str, ProgrammeTemplate],
) -> None:
    psbt = templates["psbt_parents"]
    patchy = ProgrammeRecord(psbt, _sessions(MISSED, MISSED, DONE, MISSED, MISSED))
    assert programme_triggers(patchy, today=TODAY) == []
    assert programme_triggers(patchy, today=TODAY, settings=TriggerSettings(missed_in_a_row=2))
    future = ProgrammeRecord(psbt, _sessions(DONE, MISSED, MISSED, MISSED))
    assert programme_triggers(future, today=START + timedelta(days=25)) == []


def test_silence_in_the_guideline_means_no_dropout_trigger(
    templates: dict[str, ProgrammeTemplate],
) -> None:
    therapy = ProgrammeRecord(templates["parent_child_psychotherapy"], _sessions(*[MISSED] * 6),
                              declined=True)
    assert programme_triggers(therapy, today=TODAY) == []


def test_little_improvement_at_the_end_of_training_needs_remaining_concerns(
    templates: dict[str, ProgrammeTemplate],
) -> None:
    psbt = templates["psbt_parents"]
    sessions = _sessions(*[DONE] * 8, first=1)
    done = ProgrammeRecord(psbt, sessions, FLAT, ProgrammeStatus.COMPLETED, concerns_remain=True)
    [trigger] = programme_triggers(done, today=TODAY)
    assert (trigger.code, trigger.action, trigger.ref, dict(trigger.figures)["sessions_done"]) == (
        TriggerCode.LITTLE_IMPROVEMENT_WITH_CONCERNS, TriggerAction.MULTI_AGENCY_REVIEW, "1.4.6",
        7.0)
    no_worries = ProgrammeRecord(psbt, sessions, FLAT, ProgrammeStatus.COMPLETED)
    assert programme_triggers(no_worries, today=TODAY) == []
    running = ProgrammeRecord(psbt, sessions, FLAT, ProgrammeStatus.ACTIVE, concerns_remain=True)
    assert programme_triggers(running, today=TODAY) == []


@pytest.mark.parametrize(("key", "age", "refs"), [
    ("young_peoples_programme", 13, ["1.5.11"]),
    ("young_peoples_programme", 12, []),
    ("psbt_residential", 15, ["1.5.14"]),
    ("video_feedback_parents", 14, []),
    ("home_visiting", 16, []),
])
def test_young_people_prompt_an_adapted_intervention(
    key: str, age: int, refs: list[str], templates: dict[str, ProgrammeTemplate],
) -> None:
    record = ProgrammeRecord(templates[key], child_age_years=age)
    found = programme_triggers(record, today=TODAY)
    assert [t.ref for t in found] == refs
    assert all(t.action is TriggerAction.ADAPT_INTERVENTION for t in found)


def test_placement_support_rules() -> None:
    assert placement_triggers(PlacementFacts()) == []
    found = placement_triggers(PlacementFacts(True, 3, 2))
    assert [t.code for t in found] == [TriggerCode.SERIOUS_PLACEMENT_DIFFICULTIES,
                                       TriggerCode.FREQUENT_PLACEMENT_CHANGES,
                                       TriggerCode.SEVERAL_CHILDREN_WITH_DIFFICULTIES]
    assert {(t.ref, t.action) for t in found} == {
        (REF_PLACEMENT_SUPPORT, TriggerAction.ADDITIONAL_SUPPORT)}
    assert placement_triggers(PlacementFacts(placement_changes_past_year=2)) == []
    assert placement_triggers(PlacementFacts(placement_changes_past_year=2),
                              settings=TriggerSettings(frequent_changes=2))


def test_after_a_review_agrees_more_help_consider_home_visiting(
    templates: dict[str, ProgrammeTemplate],
) -> None:
    [trigger] = after_multi_agency_review(Pathway.EDGE_OF_CARE, True)
    assert (trigger.action, trigger.ref, trigger.offer) == (
        TriggerAction.CONSIDER_PROGRAMME, REF_AFTER_REVIEW, HOME_VISITING_KEY)
    assert REF_AFTER_REVIEW in templates[HOME_VISITING_KEY].refs
    assert after_multi_agency_review(Pathway.EDGE_OF_CARE, False) == []
    assert after_multi_agency_review(Pathway.IN_CARE, True) == []


def test_every_programme_trigger_cites_its_template_or_a_named_rule(
    templates: dict[str, ProgrammeTemplate],
) -> None:
    for template in templates.values():
        for record in (
            ProgrammeRecord(template, _sessions(*[DONE] * 16), FLAT, ProgrammeStatus.COMPLETED,
                            concerns_remain=True, child_age_years=14),
            ProgrammeRecord(template, _sessions(*[MISSED] * 4), declined=True),
        ):
            for trigger in programme_triggers(record, today=TODAY):
                assert trigger.ref in (*template.refs, REF_PROGRESS_TOOLS)
                assert trigger.template_key == template.key
                assert trigger.offer is None or trigger.offer in templates
