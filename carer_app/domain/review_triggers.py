"""Pure NG26 rules for when a programme or placement calls for a review or another step."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from carer_app.domain.enums import ProgrammeStatus, SessionStatus
from carer_app.domain.programme_schedule import SessionRecord, add_months
from carer_app.domain.programmes import (
    Pathway,
    ProgrammeTemplate,
    ReviewAction,
    ReviewCondition,
    ReviewPoint,
)

# Recommendations cited by rules that do not come from a template's review points.
REF_PROGRESS_TOOLS = "1.1.19"  # use sensitivity and parenting quality tools to monitor progress
REF_PLACEMENT_SUPPORT = "1.1.14"  # extra support on serious difficulty, frequent moves, 2+ children
REF_AFTER_REVIEW = "1.4.7"  # review agrees further help: consider a home visiting programme
HOME_VISITING_KEY = "home_visiting"
# NG26 glossary: a "young person" is aged 13 to 17; 1.5.11 and 1.5.14 adapt interventions for them.
YOUNG_PERSON_AGE = 13


class ProgressMeasure(StrEnum):
    PARENTAL_SENSITIVITY = "parental_sensitivity"
    CHILD_ATTACHMENT = "child_attachment"
    PARENTING_QUALITY = "parenting_quality"


# 1.4.3, 1.4.6 and 1.5.2 ask about "parental sensitivity or the child's attachment".
REVIEWED_MEASURES = (ProgressMeasure.PARENTAL_SENSITIVITY, ProgressMeasure.CHILD_ATTACHMENT)


class TriggerCode(StrEnum):
    LITTLE_IMPROVEMENT = "little_improvement"
    LITTLE_IMPROVEMENT_WITH_CONCERNS = "little_improvement_with_concerns"
    PROGRESS_NOT_MEASURED = "progress_not_measured"
    DECLINED = "declined"
    NOT_TAKING_PART = "not_taking_part"
    ADAPT_FOR_YOUNG_PERSON = "adapt_for_young_person"
    SERIOUS_PLACEMENT_DIFFICULTIES = "serious_placement_difficulties"
    FREQUENT_PLACEMENT_CHANGES = "frequent_placement_changes"
    SEVERAL_CHILDREN_WITH_DIFFICULTIES = "several_children_with_difficulties"
    FURTHER_INTERVENTION_AGREED = "further_intervention_agreed"


class TriggerAction(StrEnum):
    MULTI_AGENCY_REVIEW = "multi_agency_review"
    OFFER_ALTERNATIVE = "offer_alternative"
    MEASURE_PROGRESS = "measure_progress"
    ADAPT_INTERVENTION = "adapt_intervention"
    ADDITIONAL_SUPPORT = "additional_support"
    CONSIDER_PROGRAMME = "consider_programme"


_ACTIONS = {
    ReviewAction.MULTI_AGENCY_REVIEW: TriggerAction.MULTI_AGENCY_REVIEW,
    ReviewAction.OFFER_ALTERNATIVE: TriggerAction.OFFER_ALTERNATIVE,
}
_IMPROVEMENT_CODES = {
    ReviewCondition.LITTLE_IMPROVEMENT: TriggerCode.LITTLE_IMPROVEMENT,
    ReviewCondition.LITTLE_IMPROVEMENT_WITH_CONCERNS: TriggerCode.LITTLE_IMPROVEMENT_WITH_CONCERNS,
}


@dataclass(frozen=True)
class ProgressRating:
    """A score from a sensitivity, attachment or parenting quality tool (1.1.19)."""

    on: date
    measure: ProgressMeasure
    score: float
    scale_min: float
    scale_max: float

    def __post_init__(self) -> None:
        if not self.scale_min <= self.score <= self.scale_max or self.scale_max <= self.scale_min:
            raise ValueError("score must lie on a scale with max above min")

    @property
    def position(self) -> float:
        """Where the score sits on its scale, from 0 to 1."""
        return (self.score - self.scale_min) / (self.scale_max - self.scale_min)


@dataclass(frozen=True)
class ProgrammeRecord:
    """What the record knows about one programme for one child."""

    template: ProgrammeTemplate
    sessions: tuple[SessionRecord, ...] = ()
    ratings: tuple[ProgressRating, ...] = ()
    status: ProgrammeStatus = ProgrammeStatus.ACTIVE
    declined: bool = False  # the parents or carers said they do not want to take part
    concerns_remain: bool = False  # 1.4.6: "and there are still concerns"
    child_age_years: int | None = None
    started: date | None = None


@dataclass(frozen=True)
class PlacementFacts:
    serious_difficulties: bool = False
    placement_changes_past_year: int = 0
    children_with_attachment_difficulties: int = 1


@dataclass(frozen=True)
class TriggerSettings:
    """Thresholds the guideline leaves to judgement: project defaults, not NG26 figures."""

    min_gain: float = 0.10  # less than this share of the scale counts as "little improvement"
    missed_in_a_row: int = 3  # this many missed sessions in a row counts as not taking part
    frequent_changes: int = 3  # this many placement changes in a year counts as "frequent"


DEFAULT_SETTINGS = TriggerSettings()


@dataclass(frozen=True)
class ReviewTrigger:
    code: TriggerCode
    action: TriggerAction
    ref: str
    template_key: str | None = None
    offer: str | None = None  # the template to offer or consider
    measures: tuple[ProgressMeasure, ...] = ()
    figures: tuple[tuple[str, float], ...] = ()


def improvement(ratings: Iterable[ProgressRating], measure: ProgressMeasure, *,
                until: date) -> float | None:
    """Change from the first to the latest rating up to ``until``, as a share of the scale."""
    rated = sorted((r for r in ratings if r.measure is measure and r.on <= until),
                   key=lambda r: r.on)
    if len(rated) < 2:
        return None
    return rated[-1].position - rated[0].position


def programme_triggers(record: ProgrammeRecord, *, today: date,
                       settings: TriggerSettings = DEFAULT_SETTINGS) -> list[ReviewTrigger]:
    """The review points of ``record.template`` that apply today, plus age adaptations."""
    template = record.template
    found: list[ReviewTrigger] = []
    for point in template.review_points:
        if point.condition is ReviewCondition.DECLINED:
            found += _declined(record, point, today, settings)
        elif _reached(record, point, today) and (
            point.condition is ReviewCondition.LITTLE_IMPROVEMENT or record.concerns_remain
        ):
            found += _progress(record, point, today, settings)
    young = record.child_age_years is not None and record.child_age_years >= YOUNG_PERSON_AGE
    if young and {Pathway.IN_CARE, Pathway.RESIDENTIAL} & set(template.pathways):
        refs = dict.fromkeys(note.ref for note in template.adaptations)
        found += [ReviewTrigger(TriggerCode.ADAPT_FOR_YOUNG_PERSON,
                                TriggerAction.ADAPT_INTERVENTION, ref, template.key)
                  for ref in refs]
    return found


def _done(record: ProgrammeRecord, today: date) -> int:
    return sum(1 for s in record.sessions
               if s.status is SessionStatus.DONE and not s.first_session and s.on <= today)


def _reached(record: ProgrammeRecord, point: ReviewPoint, today: date) -> bool:
    if point.after_session is not None:
        return _done(record, today) >= point.after_session
    if point.after_months is not None:
        begun = record.started or min((s.on for s in record.sessions), default=None)
        return begun is not None and today >= add_months(begun, point.after_months)
    if point.at_end:
        return record.status in (ProgrammeStatus.COMPLETED, ProgrammeStatus.STOPPED)
    return True


def _progress(record: ProgrammeRecord, point: ReviewPoint, today: date,
              settings: TriggerSettings) -> list[ReviewTrigger]:
    key = record.template.key
    done = float(_done(record, today))
    gains = {m: improvement(record.ratings, m, until=today) for m in REVIEWED_MEASURES}
    found: list[ReviewTrigger] = []
    if missing := tuple(m for m, g in gains.items() if g is None):
        found.append(ReviewTrigger(TriggerCode.PROGRESS_NOT_MEASURED,
                                   TriggerAction.MEASURE_PROGRESS, REF_PROGRESS_TOOLS, key,
                                   measures=missing, figures=(("sessions_done", done),)))
    little = tuple(m for m, g in gains.items() if g is not None and g < settings.min_gain)
    if little:
        figures = (*((f"gain_{m.value}", gains[m] or 0.0) for m in little),
                   ("threshold", settings.min_gain), ("sessions_done", done))
        found.append(ReviewTrigger(_IMPROVEMENT_CODES[point.condition], _ACTIONS[point.action],
                                   point.ref, key, point.offer, little, figures))
    return found


def _declined(record: ProgrammeRecord, point: ReviewPoint, today: date,
              settings: TriggerSettings) -> list[ReviewTrigger]:
    key = record.template.key
    action = _ACTIONS[point.action]
    if record.declined:
        return [ReviewTrigger(TriggerCode.DECLINED, action, point.ref, key, point.offer)]
    attended = sorted((s for s in record.sessions if s.on <= today
                       and s.status in (SessionStatus.DONE, SessionStatus.MISSED)),
                      key=lambda s: s.on)
    run = 0
    for session in reversed(attended):
        if session.status is not SessionStatus.MISSED:
            break
        run += 1
    if run < settings.missed_in_a_row:
        return []
    figures = (("missed_in_a_row", float(run)), ("threshold", float(settings.missed_in_a_row)))
    return [ReviewTrigger(TriggerCode.NOT_TAKING_PART, action, point.ref, key, point.offer,
                          figures=figures)]


def placement_triggers(facts: PlacementFacts, *,
                       settings: TriggerSettings = DEFAULT_SETTINGS) -> list[ReviewTrigger]:
    """1.1.14: when the child and carers should be offered extra support and resources."""
    support = TriggerAction.ADDITIONAL_SUPPORT
    found: list[ReviewTrigger] = []
    if facts.serious_difficulties:
        found.append(ReviewTrigger(TriggerCode.SERIOUS_PLACEMENT_DIFFICULTIES, support,
                                   REF_PLACEMENT_SUPPORT))
    if facts.placement_changes_past_year >= settings.frequent_changes:
        found.append(ReviewTrigger(
            TriggerCode.FREQUENT_PLACEMENT_CHANGES, support, REF_PLACEMENT_SUPPORT,
            figures=(("changes_past_year", float(facts.placement_changes_past_year)),
                     ("threshold", float(settings.frequent_changes)))))
    if facts.children_with_attachment_difficulties > 1:
        found.append(ReviewTrigger(
            TriggerCode.SEVERAL_CHILDREN_WITH_DIFFICULTIES, support, REF_PLACEMENT_SUPPORT,
            figures=(("children", float(facts.children_with_attachment_difficulties)),)))
    return found


def after_multi_agency_review(pathway: Pathway,
                              further_intervention_agreed: bool) -> list[ReviewTrigger]:
    """1.4.7: on the edge of care, a review that agrees on more help points to home visiting."""
    if pathway is not Pathway.EDGE_OF_CARE or not further_intervention_agreed:
        return []
    return [ReviewTrigger(TriggerCode.FURTHER_INTERVENTION_AGREED,
                          TriggerAction.CONSIDER_PROGRAMME, REF_AFTER_REVIEW,
                          offer=HOME_VISITING_KEY)]
