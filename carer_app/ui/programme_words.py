"""Plain words for programme plans: deviations, review points, statuses, template figures, reminders."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication, QDate, QLocale

from carer_app.domain.enums import ProgrammeStatus, SessionStatus
from carer_app.domain.programme_schedule import DeviationCode, PlanDeviation
from carer_app.domain.programme_views import Reminder, ReminderKind
from carer_app.domain.programmes import Figure, FrequencyLabel, ProgrammeTemplate, Setting
from carer_app.domain.review_triggers import ReviewTrigger, TriggerAction, TriggerCode


def _t(text: str) -> str:
    return QCoreApplication.translate("programmes", text)


DATE_EDIT_FORMAT = "ddd d MMM yyyy"


def short_title(title: str) -> str:
    """"Video feedback programme" for "Video feedback programme for foster carers, ..."."""
    return title.split(" for ")[0]


def day_text(day: date | None, long: bool = False) -> str:
    """"Sun 25 Oct 2026", or "Sunday 25 October 2026", with the locale's own names."""
    if day is None:
        return _t("no date")
    return QLocale().toString(QDate(day.year, day.month, day.day),
                              "dddd d MMMM yyyy" if long else "ddd d MMM yyyy")


def span_text(days: int) -> str:
    if days < 7 * 10:
        weeks = round(days / 7)
        return _t("1 week") if weeks == 1 else _t("{n} weeks").format(n=weeks)
    return _t("about {n} months").format(n=round(days / 30.44))


def session_status_words(status: SessionStatus) -> str:
    return {SessionStatus.PLANNED: _t("Planned"), SessionStatus.DONE: _t("Held"),
            SessionStatus.MISSED: _t("Missed"), SessionStatus.CANCELLED: _t("Cancelled")}[status]


def programme_status_words(status: ProgrammeStatus) -> str:
    return {ProgrammeStatus.ACTIVE: _t("Under way"), ProgrammeStatus.COMPLETED: _t("Finished"),
            ProgrammeStatus.STOPPED: _t("Stopped")}[status]


def deviation_words(d: PlanDeviation) -> str:
    """One sentence a carer can act on, naming what the guideline describes."""
    match d.code:
        case DeviationCode.TOO_FEW_SESSIONS:
            return _t("The plan has {actual} sessions; the guideline describes at least {limit}. "
                      "Add a session to make up for a missed one.").format(
                actual=d.actual, limit=d.limit)
        case DeviationCode.TOO_MANY_SESSIONS:
            return _t("The plan has {actual} sessions; the guideline describes at most {limit}. "
                      "Sessions from {day} go beyond it.").format(
                actual=d.actual, limit=d.limit, day=day_text(d.on))
        case DeviationCode.WRONG_FIRST_SESSIONS:
            return _t("The guideline begins with {limit} opening session(s) with the adults "
                      "alone; the plan has {actual}.").format(actual=d.actual, limit=d.limit)
        case DeviationCode.FIRST_SESSION_NOT_FIRST:
            return _t("The opening session comes after the regular sessions have begun; the "
                      "guideline puts it first.")
        case DeviationCode.SPAN_TOO_LONG:
            return _t("The sessions run over {actual}; the guideline describes at most {limit}.").format(
                actual=span_text(d.actual), limit=span_text(d.limit))
        case DeviationCode.SPAN_TOO_SHORT:
            return _t("The sessions end after {actual}; the guideline spreads them over {limit}. "
                      "Move the later ones to spread them out.").format(
                actual=span_text(d.actual), limit=span_text(d.limit))
        case DeviationCode.GAP_TOO_LONG:
            return _t("{actual} days pass after the session on {day}; the guideline's rhythm "
                      "leaves at most {limit} days between sessions.").format(
                actual=d.actual, limit=d.limit, day=day_text(d.on))
    return _t("The plan differs from what the guideline describes.")


def _figure(figures: tuple[tuple[str, float], ...], name: str) -> float | None:
    return next((value for key, value in figures if key == name), None)


def action_words(trigger: ReviewTrigger, offer_title: str | None) -> str:
    match trigger.action:
        case TriggerAction.MULTI_AGENCY_REVIEW:
            return _t("The guideline says: arrange a multi-agency review before more sessions "
                      "or another intervention. Ask the practitioner or social worker for it.")
        case TriggerAction.OFFER_ALTERNATIVE:
            return _t("The guideline says: you should be offered {programme} instead.").format(
                programme=offer_title or trigger.offer or "")
        case TriggerAction.MEASURE_PROGRESS:
            return _t("Record the practitioner's progress rating (1 to 5) with each session, "
                      "so the app can tell when a review is due.")
        case TriggerAction.ADAPT_INTERVENTION:
            return _t("Talk with the practitioner about adapting the sessions to the young "
                      "person's age.")
    return ""


def trigger_words(trigger: ReviewTrigger, offer_title: str | None = None) -> tuple[str, str]:
    """(headline, detail) for a review point that applies now."""
    sessions = int(_figure(trigger.figures, "sessions_done") or 0)
    ref = _t("NG26 recommendation {ref}.").format(ref=trigger.ref)
    match trigger.code:
        case TriggerCode.LITTLE_IMPROVEMENT | TriggerCode.LITTLE_IMPROVEMENT_WITH_CONCERNS:
            gains = [v for k, v in trigger.figures if k.startswith("gain_")]
            threshold = _figure(trigger.figures, "threshold") or 0.0
            headline = _t("Little improvement after {n} sessions: a review is due").format(n=sessions)
            detail = _t("The progress ratings moved {gain}% of the scale; the app counts less "
                        "than {threshold}% as little improvement.").format(
                gain=round(100 * min(gains, default=0.0)), threshold=round(100 * threshold))
            if trigger.code is TriggerCode.LITTLE_IMPROVEMENT_WITH_CONCERNS:
                detail += " " + _t("This applies if there are still concerns.")
        case TriggerCode.PROGRESS_NOT_MEASURED:
            headline = _t("Progress has not been rated yet")
            detail = _t("After {n} sessions the guideline asks whether sensitivity or the "
                        "child's attachment has improved.").format(n=sessions)
        case TriggerCode.DECLINED:
            headline = _t("The programme was stopped before any session was held")
            detail = _t("Stopping before the first session counts as not taking part.")
        case TriggerCode.NOT_TAKING_PART:
            missed = int(_figure(trigger.figures, "missed_in_a_row") or 0)
            headline = _t("{n} sessions missed in a row").format(n=missed)
            detail = _t("The app counts this as not taking part in the programme.")
        case TriggerCode.ADAPT_FOR_YOUNG_PERSON:
            headline = _t("Adapting the programme for a young person")
            detail = _t("From 13, the guideline asks for interventions to allow for physical "
                        "and sexual development, the move to adolescence, and feelings about "
                        "the birth family coming back.")
        case _:
            headline, detail = _t("The guideline calls for a step here"), ""
    return headline, " ".join(w for w in (detail, action_words(trigger, offer_title), ref) if w)


def _range(figure: Figure | None) -> str:
    if figure is None:
        return ""
    if figure.max is None:
        return _t("at least {min}").format(min=figure.min)
    if figure.max == figure.min:
        return str(figure.min)
    return _t("{min} to {max}").format(min=figure.min, max=figure.max)


def frequency_words(key: str) -> str:
    words = {FrequencyLabel.WEEKLY.value: _t("weekly"),
             FrequencyLabel.FORTNIGHTLY.value: _t("fortnightly"),
             FrequencyLabel.MONTHLY.value: _t("monthly"),
             FrequencyLabel.TWICE_WEEKLY.value: _t("twice a week")}
    return _t(", then ").join(words.get(part, part) for part in key.split("_then_"))


def setting_words(setting: Setting) -> str:
    return {Setting.HOME: _t("at home"), Setting.GROUP: _t("in a group"),
            Setting.ONE_TO_ONE: _t("one to one"), Setting.TELEPHONE: _t("by telephone")}[setting]


def template_lines(t: ProgrammeTemplate) -> list[str]:
    """What the guideline describes, one short line each, for the start dialog."""
    lines: list[str] = []
    count = _range(t.sessions)
    if t.first_sessions is not None and count:
        lines.append(_t("Sessions: {first} opening, then {count}").format(
            first=t.first_sessions.count, count=count))
    elif count:
        lines.append(_t("Sessions: {count}").format(count=count))
    if t.session_length_minutes is not None:
        lines.append(_t("Each lasting {minutes} minutes").format(
            minutes=_range(t.session_length_minutes)))
    if t.frequency is not None:
        lines.append(_t("How often: {options}").format(
            options=_t(" or ").join(frequency_words(o.key) for o in t.frequency.options)))
    if t.span_months is not None:
        lines.append(_t("Over {months} months").format(months=_range(t.span_months)))
    if t.runs_until is not None:
        lines.append(_t("Until the end of the school year"))
    if t.delivered_in:
        lines.append(_t("Where: {where}").format(
            where=", ".join(setting_words(s) for s in t.delivered_in)))
    if t.delivered_by:
        lines.append(_t("By: {who}").format(who=t.delivered_by))
    lines.append(_t("Sets homework to practise") if t.sets_homework else _t("No homework set"))
    lines.append(_t("NG26: {refs}").format(refs=", ".join(t.refs)))
    return lines


def reminder_words(r: Reminder) -> str:
    match r.kind:
        case ReminderKind.SESSION_SOON:
            return _t("{child}: session {n} of {programme} on {day}").format(
                child=r.child_name, n=r.session_number, programme=short_title(r.programme_title),
                day=day_text(r.on))
        case ReminderKind.SESSION_TO_RECORD:
            return _t("{child}: session {n} of {programme} was planned for {day}. Record how "
                      "it went, or mark it missed.").format(
                child=r.child_name, n=r.session_number, programme=short_title(r.programme_title),
                day=day_text(r.on))
        case ReminderKind.HOMEWORK_DUE:
            return _t("{child}: homework “{task}” due {day}").format(
                child=r.child_name, task=r.detail, day=day_text(r.on))
        case ReminderKind.HOMEWORK_OVERDUE:
            return _t("{child}: homework “{task}” was due {day}").format(
                child=r.child_name, task=r.detail, day=day_text(r.on))
    return _t("{child}: {programme} calls for a review. Open it to see why.").format(
        child=r.child_name, programme=short_title(r.programme_title))
