"""Homework set at programme sessions, the carer's practice log, and the progress it adds up to."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from carer_app.domain.enums import SessionStatus
from carer_app.domain.programme_views import (
    CONFIDENCE_MAX,
    CONFIDENCE_MIN,
    ConfidencePoint,
    HomeworkView,
    PracticeEntry,
    PracticeView,
    ProgressSeries,
    RatingPoint,
    weekly_counts,
)
from carer_app.services import audit
from carer_app.services.errors import NotAllowed, NotFound
from carer_app.services.programmes import live_programme
from carer_app.storage.models import HomeworkTask, PracticeLog, ProgrammeSession, User
from carer_app.storage.vault import Vault

# NotAllowed reasons raised here: "empty_task", "invalid_confidence", "naive_time",
# "empty_practice" (a practice needs at least what was tried or how the child responded).


def _task_view(session: Session, task: HomeworkTask) -> HomeworkView:
    count, last = session.execute(
        select(func.count(PracticeLog.id), func.max(PracticeLog.practised_at))
        .where(PracticeLog.task_id == task.id, PracticeLog.deleted_at.is_(None))
    ).one()
    number = None
    if task.session_id is not None:
        number = session.scalar(select(ProgrammeSession.number)
                                .where(ProgrammeSession.id == task.session_id))
    return HomeworkView(task.id, task.programme_id, task.session_id, number, task.description,
                        task.due_on, task.done, int(count or 0), last, task.created_at, task.version)


def _live_task(session: Session, task_id: str) -> HomeworkTask:
    task = session.get(HomeworkTask, task_id)
    if task is None or task.deleted_at is not None:
        raise NotFound("homework", task_id)
    return task


def _clean(description: str) -> str:
    cleaned = " ".join(description.split())
    if not cleaned:
        raise NotAllowed("empty_task")
    return cleaned


def set_homework(vault: Vault, session_id: str, description: str,
                 due_on: date | None = None) -> HomeworkView:
    """A task the practitioner set at a session, to practise before ``due_on``."""
    with vault.session() as session:
        found = session.get(ProgrammeSession, session_id)
        if found is None or found.deleted_at is not None:
            raise NotFound("session", session_id)
        live_programme(session, found.programme_id)
        task = HomeworkTask(programme_id=found.programme_id, session_id=found.id,
                            description=_clean(description), due_on=due_on,
                            author_id=vault.user_id)
        session.add(task)
        session.flush()
        audit.record(session, vault.user_id, "add", "homework", task.id)
        session.commit()
        return _task_view(session, task)


def update_homework(vault: Vault, task_id: str, *, description: str | None = None,
                    due_on: date | None = None, done: bool | None = None) -> HomeworkView:
    with vault.session() as session:
        task = _live_task(session, task_id)
        if description is not None:
            task.description = _clean(description)
        if due_on is not None:
            task.due_on = due_on
        if done is not None:
            task.done = done
        audit.record(session, vault.user_id, "edit", "homework", task.id)
        session.commit()
        return _task_view(session, task)


def list_homework(vault: Vault, programme_id: str) -> list[HomeworkView]:
    """A programme's tasks: open ones first, then by when they were set."""
    with vault.session() as session:
        tasks = session.scalars(
            select(HomeworkTask)
            .where(HomeworkTask.programme_id == programme_id, HomeworkTask.deleted_at.is_(None))
            .order_by(HomeworkTask.done, HomeworkTask.created_at)
        ).all()
        return [_task_view(session, t) for t in tasks]


def _practice_view(log: PracticeLog, names: dict[str, str]) -> PracticeView:
    return PracticeView(log.id, log.task_id, log.practised_at, log.what_i_tried,
                        log.child_response, log.confidence, names.get(log.author_id or "", ""),
                        log.version)


def _names(session: Session) -> dict[str, str]:
    return {user_id: name for user_id, name in session.execute(select(User.id, User.display_name))}


def log_practice(vault: Vault, task_id: str, entry: PracticeEntry) -> PracticeView:
    """One go at the homework: when, what I tried, how the child responded, how confident I felt."""
    if not CONFIDENCE_MIN <= entry.confidence <= CONFIDENCE_MAX:
        raise NotAllowed("invalid_confidence")
    if entry.practised_at.tzinfo is None:
        raise NotAllowed("naive_time")
    if not entry.what_i_tried.strip() and not entry.child_response.strip():
        raise NotAllowed("empty_practice")
    with vault.session() as session:
        task = _live_task(session, task_id)
        log = PracticeLog(task_id=task.id, practised_at=entry.practised_at,
                          what_i_tried=entry.what_i_tried.strip(),
                          child_response=entry.child_response.strip(),
                          confidence=entry.confidence, author_id=vault.user_id)
        session.add(log)
        session.flush()
        audit.record(session, vault.user_id, "add", "practice_log", log.id)
        session.commit()
        return _practice_view(log, _names(session))


def list_practice(vault: Vault, *, task_id: str | None = None,
                  programme_id: str | None = None) -> list[PracticeView]:
    """Practices of one task, or of every task in a programme, newest first."""
    with vault.session() as session:
        query = select(PracticeLog).where(PracticeLog.deleted_at.is_(None))
        if task_id is not None:
            query = query.where(PracticeLog.task_id == task_id)
        if programme_id is not None:
            query = query.join(HomeworkTask, HomeworkTask.id == PracticeLog.task_id).where(
                HomeworkTask.programme_id == programme_id, HomeworkTask.deleted_at.is_(None))
        logs = session.scalars(query.order_by(PracticeLog.practised_at.desc())).all()
        names = _names(session)
        return [_practice_view(log, names) for log in logs]


def progress(vault: Vault, programme_id: str, *, today: date | None = None) -> ProgressSeries:
    """Practices per week since the programme began, confidence over time, session ratings."""
    today = today or date.today()
    with vault.session() as session:
        programme = live_programme(session, programme_id)
        start = programme.start_date
        logs = session.execute(
            select(PracticeLog.practised_at, PracticeLog.confidence)
            .join(HomeworkTask, HomeworkTask.id == PracticeLog.task_id)
            .where(HomeworkTask.programme_id == programme_id, HomeworkTask.deleted_at.is_(None),
                   PracticeLog.deleted_at.is_(None))
            .order_by(PracticeLog.practised_at)
        ).all()
        rated = session.execute(
            select(ProgrammeSession.held_on, ProgrammeSession.progress_rating,
                   ProgrammeSession.number)
            .where(ProgrammeSession.programme_id == programme_id,
                   ProgrammeSession.deleted_at.is_(None),
                   ProgrammeSession.status == str(SessionStatus.DONE),
                   ProgrammeSession.progress_rating.is_not(None))
            .order_by(ProgrammeSession.held_on)
        ).all()
    local = [(at.astimezone(), confidence) for at, confidence in logs]
    return ProgressSeries(
        programme_id,
        weekly_counts((at for at, _ in local), start, max(today, start)),
        tuple(ConfidencePoint(at, c) for at, c in local),
        tuple(RatingPoint(day, rating, number) for day, rating, number in rated
              if day is not None and rating is not None),
    )
