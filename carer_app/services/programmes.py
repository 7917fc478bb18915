"""Intervention programmes for a child: started from a template, the session plan, reviews."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from carer_app.domain.enums import ProgrammeStatus, SessionStatus
from carer_app.domain.programme_schedule import (
    SessionRecord,
    add_months,
    check_plan,
    plan_programme,
)
from carer_app.domain.programme_views import (
    RATING_MAX,
    RATING_MIN,
    ProgrammePlanView,
    ProgrammeStart,
    ProgrammeSummary,
    ReviewView,
    SessionReport,
    SessionView,
    TriggerState,
    school_year_end,
)
from carer_app.domain.programmes import ProgrammeTemplate, shipped_templates
from carer_app.domain.review_triggers import (
    REVIEWED_MEASURES,
    ProgrammeRecord,
    ProgressRating,
    TriggerCode,
    programme_triggers,
)
from carer_app.services import audit
from carer_app.services.errors import NotAllowed, NotFound, ServiceError
from carer_app.services.people_places import live_child
from carer_app.storage.models import Child, Programme, ProgrammeReview, ProgrammeSession, User
from carer_app.storage.vault import Vault

# NotAllowed reasons raised here: "unknown_template", "not_active", "session_done" (a held
# session is corrected by recording it again, not moved), "invalid_rating", "invalid_length",
# "empty_decision", "unknown_trigger".
MAX_SESSION_MINUTES = 8 * 60


class OutsideTemplate(ServiceError):
    """A session that would take the plan outside the range the guideline describes."""

    def __init__(self, reason: str, limit: int | date) -> None:
        self.reason = reason  # "too_many_sessions", "before_start" or "after_span"
        self.limit = limit
        super().__init__(f"{reason} ({limit})")


def templates() -> list[ProgrammeTemplate]:
    """The programmes a carer may start, by title."""
    return sorted(shipped_templates().values(), key=lambda t: t.title.casefold())


def template_of(key: str) -> ProgrammeTemplate:
    try:
        return shipped_templates()[key]
    except KeyError:
        raise NotAllowed("unknown_template") from None


def first_count(template: ProgrammeTemplate) -> int:
    return template.first_sessions.count if template.first_sessions else 0


def _names(session: Session) -> dict[str, str]:
    return {user_id: name for user_id, name in session.execute(select(User.id, User.display_name))}


def live_programme(session: Session, programme_id: str) -> Programme:
    programme = session.get(Programme, programme_id)
    if programme is None or programme.deleted_at is not None:
        raise NotFound("programme", programme_id)
    return programme


def _sessions_of(session: Session, programme_id: str) -> list[ProgrammeSession]:
    found = session.scalars(
        select(ProgrammeSession)
        .where(ProgrammeSession.programme_id == programme_id, ProgrammeSession.deleted_at.is_(None))
    ).all()
    return sorted(found, key=lambda s: (s.held_on or s.planned_date or date.max, s.number))


def _session_view(s: ProgrammeSession, firsts: int, names: dict[str, str]) -> SessionView:
    return SessionView(
        s.id, s.programme_id, s.number, s.planned_date, s.held_on, s.length_minutes, s.attended,
        SessionStatus(s.status), s.worked_on, s.practitioner_notes, s.progress_rating,
        s.number <= firsts, names.get(s.author_id or "", ""), s.updated_at, s.version,
    )


def _summary(programme: Programme, sessions: Sequence[ProgrammeSession],
             today: date) -> ProgrammeSummary:
    template = template_of(programme.template_key)
    live = [s for s in sessions if s.status in (SessionStatus.DONE, SessionStatus.PLANNED)]
    upcoming = sorted(s.planned_date for s in live
                      if s.status == SessionStatus.PLANNED and s.planned_date and s.planned_date >= today)
    return ProgrammeSummary(
        programme.id, programme.child_id, programme.template_key, template.title,
        programme.start_date, programme.practitioner, programme.location,
        ProgrammeStatus(programme.status), sum(s.status == SessionStatus.DONE for s in sessions),
        len(live), upcoming[0] if upcoming else None, programme.version,
    )


def start_programme(vault: Vault, form: ProgrammeStart, *, today: date | None = None) -> ProgrammeSummary:
    """Lay the sessions out from the template; ``ScheduleError`` says which choice it refuses."""
    template = template_of(form.template_key)
    until = school_year_end(form.start) if template.runs_until is not None else None
    laid_out = plan_programme(template, form.start, frequency=form.frequency,
                              sessions=form.sessions, span_months=form.span_months, until=until)
    with vault.session() as session:
        live_child(session, form.child_id)
        programme = Programme(
            child_id=form.child_id, template_key=template.key, start_date=form.start,
            practitioner=form.practitioner.strip(), location=form.location.strip(),
            status=str(ProgrammeStatus.ACTIVE), author_id=vault.user_id,
        )
        session.add(programme)
        session.flush()
        sessions = [ProgrammeSession(programme_id=programme.id, number=p.number, planned_date=p.on,
                                     status=str(SessionStatus.PLANNED), author_id=vault.user_id)
                    for p in laid_out.sessions]
        session.add_all(sessions)
        audit.record(session, vault.user_id, "start", "programme", programme.id)
        session.commit()
        return _summary(programme, sessions, today or date.today())


def list_programmes(vault: Vault, child_id: str | None, *,
                    today: date | None = None) -> list[ProgrammeSummary]:
    """A child's programmes (every child's when ``child_id`` is None), active ones first."""
    with vault.session() as session:
        query = select(Programme).where(Programme.deleted_at.is_(None))
        if child_id is not None:
            query = query.where(Programme.child_id == child_id)
        found = [_summary(p, _sessions_of(session, p.id), today or date.today())
                 for p in session.scalars(query)]
    order = {ProgrammeStatus.ACTIVE: 0, ProgrammeStatus.COMPLETED: 1, ProgrammeStatus.STOPPED: 2}
    return sorted(found, key=lambda p: (order[p.status], -p.start_date.toordinal()))


def _age(child: Child, today: date) -> int | None:
    born = child.date_of_birth
    if born is None:
        return None
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def programme_record(programme: Programme, sessions: Sequence[ProgrammeSession], child: Child,
                     today: date) -> ProgrammeRecord:
    """The facts the review rules read. A session's progress rating (1 to 5) is the
    practitioner's view of sensitivity and attachment together, so it counts for both."""
    template = template_of(programme.template_key)
    firsts = first_count(template)
    records = tuple(SessionRecord(day, SessionStatus(s.status), s.number <= firsts)
                    for s in sessions if (day := s.held_on or s.planned_date) is not None)
    ratings = tuple(ProgressRating(s.held_on, measure, s.progress_rating, RATING_MIN, RATING_MAX)
                    for s in sessions if s.status == SessionStatus.DONE and s.held_on
                    and s.progress_rating is not None for measure in REVIEWED_MEASURES)
    status = ProgrammeStatus(programme.status)
    declined = status is ProgrammeStatus.STOPPED and not any(
        s.status == SessionStatus.DONE for s in sessions)
    # The app cannot know whether worries remain, so it asks for the review and lets it decide.
    return ProgrammeRecord(template, records, ratings, status, declined=declined,
                           concerns_remain=True, child_age_years=_age(child, today),
                           started=programme.start_date)


def _review_view(review: ProgrammeReview, names: dict[str, str]) -> ReviewView:
    return ReviewView(review.id, review.programme_id, review.trigger, review.requested_on,
                      review.decision, names.get(review.author_id or "", ""), review.updated_at,
                      review.version)


def _reviews(session: Session, programme_id: str, names: dict[str, str]) -> list[ReviewView]:
    found = session.scalars(
        select(ProgrammeReview)
        .where(ProgrammeReview.programme_id == programme_id, ProgrammeReview.deleted_at.is_(None))
        .order_by(ProgrammeReview.created_at)
    ).all()
    return [_review_view(r, names) for r in found]


def trigger_states(programme: Programme, sessions: Sequence[ProgrammeSession], child: Child,
                   reviews: Sequence[ReviewView], today: date) -> tuple[TriggerState, ...]:
    latest = {r.trigger: r for r in reviews}
    found = programme_triggers(programme_record(programme, sessions, child, today), today=today)
    return tuple(TriggerState(t, latest.get(t.code.value)) for t in found)


def _latest_day(programme: Programme, template: ProgrammeTemplate) -> date | None:
    if template.runs_until is not None:
        return school_year_end(programme.start_date)
    if template.span_months is not None:
        return add_months(programme.start_date, template.span_months.max or template.span_months.min)
    return None


def _room_for_more(template: ProgrammeTemplate, sessions: Sequence[ProgrammeSession]) -> int | None:
    """How many more repeated sessions the guideline's range allows (None: no count given)."""
    if template.sessions is None:
        return None
    firsts = first_count(template)
    live = sum(1 for s in sessions if s.number > firsts
               and s.status in (SessionStatus.DONE, SessionStatus.PLANNED))
    return (template.sessions.max or template.sessions.min) - live


def plan(vault: Vault, programme_id: str, *, today: date | None = None) -> ProgrammePlanView:
    """The programme, its sessions in date order, where it leaves the guideline, and reviews."""
    today = today or date.today()
    with vault.session() as session:
        programme = live_programme(session, programme_id)
        child = live_child(session, programme.child_id)
        template = template_of(programme.template_key)
        sessions = _sessions_of(session, programme_id)
        names = _names(session)
        reviews = _reviews(session, programme_id, names)
        firsts = first_count(template)
        records = [SessionRecord(day, SessionStatus(s.status), s.number <= firsts)
                   for s in sessions if (day := s.held_on or s.planned_date) is not None]
        until = school_year_end(programme.start_date) if template.runs_until else None
        room = _room_for_more(template, sessions)
        return ProgrammePlanView(
            _summary(programme, sessions, today), template,
            tuple(_session_view(s, firsts, names) for s in sessions),
            tuple(check_plan(template, records, until=until)),
            trigger_states(programme, sessions, child, reviews, today), tuple(reviews),
            programme.status == ProgrammeStatus.ACTIVE and (room is None or room > 0),
        )



# -- changing the plan and recording sessions -------------------------------------------------


def _editable(session: Session, session_id: str) -> tuple[ProgrammeSession, Programme]:
    found = session.get(ProgrammeSession, session_id)
    if found is None or found.deleted_at is not None:
        raise NotFound("session", session_id)
    programme = live_programme(session, found.programme_id)
    if programme.status != ProgrammeStatus.ACTIVE:
        raise NotAllowed("not_active")
    return found, programme


def _one_session(session: Session, found: ProgrammeSession, programme: Programme) -> SessionView:
    return _session_view(found, first_count(template_of(programme.template_key)), _names(session))


def _check_day(programme: Programme, template: ProgrammeTemplate, on: date) -> None:
    if on < programme.start_date:
        raise OutsideTemplate("before_start", programme.start_date)
    latest = _latest_day(programme, template)
    if latest is not None and on > latest:
        raise OutsideTemplate("after_span", latest)


def move_session(vault: Vault, session_id: str, to: date) -> SessionView:
    """Plan a session for another day; a missed session moved this way is planned again."""
    with vault.session() as session:
        found, programme = _editable(session, session_id)
        if found.status == SessionStatus.DONE:
            raise NotAllowed("session_done")
        found.planned_date, found.held_on = to, None
        found.status, found.attended = str(SessionStatus.PLANNED), None
        audit.record(session, vault.user_id, "move", "programme_session", found.id)
        session.commit()
        return _one_session(session, found, programme)


def add_session(vault: Vault, programme_id: str, on: date) -> SessionView:
    """One more session, if the guideline's range and period leave room for it."""
    with vault.session() as session:
        programme = live_programme(session, programme_id)
        if programme.status != ProgrammeStatus.ACTIVE:
            raise NotAllowed("not_active")
        template = template_of(programme.template_key)
        sessions = _sessions_of(session, programme_id)
        room = _room_for_more(template, sessions)
        if room is not None and room <= 0:
            limit = (template.sessions.max or template.sessions.min) if template.sessions else 0
            raise OutsideTemplate("too_many_sessions", limit)
        _check_day(programme, template, on)
        added = ProgrammeSession(
            programme_id=programme_id, number=max((s.number for s in sessions), default=0) + 1,
            planned_date=on, status=str(SessionStatus.PLANNED), author_id=vault.user_id,
        )
        session.add(added)
        session.flush()
        audit.record(session, vault.user_id, "add", "programme_session", added.id)
        session.commit()
        return _one_session(session, added, programme)


def mark_missed(vault: Vault, session_id: str) -> SessionView:
    with vault.session() as session:
        found, programme = _editable(session, session_id)
        found.status, found.attended = str(SessionStatus.MISSED), False
        audit.record(session, vault.user_id, "miss", "programme_session", found.id)
        session.commit()
        return _one_session(session, found, programme)


def record_session(vault: Vault, session_id: str, report: SessionReport) -> SessionView:
    """What happened: attended sessions are done, the others missed. Recording again corrects it."""
    if report.progress_rating is not None and not RATING_MIN <= report.progress_rating <= RATING_MAX:
        raise NotAllowed("invalid_rating")
    if report.length_minutes is not None and not 0 < report.length_minutes <= MAX_SESSION_MINUTES:
        raise NotAllowed("invalid_length")
    with vault.session() as session:
        found, programme = _editable(session, session_id)
        found.held_on, found.attended = report.held_on, report.attended
        found.status = str(SessionStatus.DONE if report.attended else SessionStatus.MISSED)
        found.length_minutes = report.length_minutes
        found.worked_on = report.worked_on.strip()
        found.practitioner_notes = report.practitioner_notes.strip()
        found.progress_rating = report.progress_rating
        if found.planned_date is None:
            found.planned_date = report.held_on
        audit.record(session, vault.user_id, "record", "programme_session", found.id)
        session.commit()
        return _one_session(session, found, programme)


def update_programme(vault: Vault, programme_id: str, *, practitioner: str,
                     location: str) -> ProgrammeSummary:
    with vault.session() as session:
        programme = live_programme(session, programme_id)
        programme.practitioner, programme.location = practitioner.strip(), location.strip()
        audit.record(session, vault.user_id, "edit", "programme", programme.id)
        session.commit()
        return _summary(programme, _sessions_of(session, programme_id), date.today())


def set_status(vault: Vault, programme_id: str, status: ProgrammeStatus) -> ProgrammeSummary:
    """Finish, stop or resume. Stopping before any session is held counts as declining it."""
    with vault.session() as session:
        programme = live_programme(session, programme_id)
        programme.status = str(status)
        audit.record(session, vault.user_id, f"status_{status.value}", "programme", programme.id)
        session.commit()
        return _summary(programme, _sessions_of(session, programme_id), date.today())


# -- multi-agency reviews --------------------------------------------------------------------


def request_review(vault: Vault, programme_id: str, trigger: str, requested_on: date) -> ReviewView:
    """Record that the review the guideline calls for was asked for."""
    if trigger not in {code.value for code in TriggerCode}:
        raise NotAllowed("unknown_trigger")
    with vault.session() as session:
        live_programme(session, programme_id)
        review = ProgrammeReview(programme_id=programme_id, trigger=trigger,
                                 requested_on=requested_on, author_id=vault.user_id)
        session.add(review)
        session.flush()
        audit.record(session, vault.user_id, "request", "programme_review", review.id)
        session.commit()
        return _review_view(review, _names(session))


def record_review_decision(vault: Vault, review_id: str, decision: str) -> ReviewView:
    if not decision.strip():
        raise NotAllowed("empty_decision")
    with vault.session() as session:
        review = session.get(ProgrammeReview, review_id)
        if review is None or review.deleted_at is not None:
            raise NotFound("programme_review", review_id)
        review.decision = decision.strip()
        audit.record(session, vault.user_id, "decide", "programme_review", review.id)
        session.commit()
        return _review_view(review, _names(session))
