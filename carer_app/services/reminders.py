"""What needs doing soon across active programmes: sessions, homework due, reviews to ask for."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from carer_app.domain.enums import ProgrammeStatus, SessionStatus
from carer_app.domain.programme_views import Reminder, ReminderKind
from carer_app.domain.review_triggers import TriggerAction
from carer_app.services.programmes import template_of, trigger_states
from carer_app.storage.models import (
    Child,
    HomeworkTask,
    Programme,
    ProgrammeReview,
    ProgrammeSession,
)
from carer_app.storage.vault import Vault

DEFAULT_HORIZON_DAYS = 7
# Sessions whose day passed this long ago without a record stop nagging (the plan still shows them).
RECORD_LOOKBACK_DAYS = 28
REVIEW_ACTIONS = frozenset({TriggerAction.MULTI_AGENCY_REVIEW, TriggerAction.OFFER_ALTERNATIVE})
_ORDER = {
    ReminderKind.REVIEW_NEEDED: 0,
    ReminderKind.SESSION_TO_RECORD: 1,
    ReminderKind.HOMEWORK_OVERDUE: 2,
    ReminderKind.SESSION_SOON: 3,
    ReminderKind.HOMEWORK_DUE: 3,
}


def reminders(vault: Vault, *, today: date | None = None, child_id: str | None = None,
              horizon_days: int = DEFAULT_HORIZON_DAYS) -> list[Reminder]:
    """Reviews first, then what is late, then what comes up within ``horizon_days``."""
    today = today or date.today()
    horizon = today + timedelta(days=horizon_days)
    found: list[Reminder] = []
    with vault.session() as session:
        query = select(Programme, Child).join(Child, Child.id == Programme.child_id).where(
            Programme.deleted_at.is_(None), Child.deleted_at.is_(None),
            Programme.status == str(ProgrammeStatus.ACTIVE))
        if child_id is not None:
            query = query.where(Programme.child_id == child_id)
        for programme, child in session.execute(query):
            about = (programme.id, child.id, child.preferred_name or child.name,
                     template_of(programme.template_key).title)
            sessions = session.scalars(select(ProgrammeSession).where(
                ProgrammeSession.programme_id == programme.id,
                ProgrammeSession.deleted_at.is_(None))).all()
            for s in sessions:
                if s.status != SessionStatus.PLANNED or s.planned_date is None:
                    continue
                if today <= s.planned_date <= horizon:
                    found.append(Reminder(ReminderKind.SESSION_SOON, s.planned_date, *about, "", s.number))
                elif today - timedelta(days=RECORD_LOOKBACK_DAYS) <= s.planned_date < today:
                    found.append(Reminder(ReminderKind.SESSION_TO_RECORD, s.planned_date, *about, "",
                                          s.number))
            tasks = session.scalars(select(HomeworkTask).where(
                HomeworkTask.programme_id == programme.id, HomeworkTask.deleted_at.is_(None),
                HomeworkTask.done.is_(False), HomeworkTask.due_on.is_not(None),
                HomeworkTask.due_on <= horizon)).all()
            for task in tasks:
                assert task.due_on is not None
                kind = ReminderKind.HOMEWORK_OVERDUE if task.due_on < today else ReminderKind.HOMEWORK_DUE
                found.append(Reminder(kind, task.due_on, *about, task.description))
            asked = {r for r in session.scalars(select(ProgrammeReview.trigger).where(
                ProgrammeReview.programme_id == programme.id, ProgrammeReview.deleted_at.is_(None)))}
            for state in trigger_states(programme, sessions, child, (), today):
                if state.trigger.action in REVIEW_ACTIONS and state.trigger.code.value not in asked:
                    found.append(Reminder(ReminderKind.REVIEW_NEEDED, None, *about, "",
                                          trigger=state.trigger.code.value))
    return sorted(found, key=lambda r: (_ORDER[r.kind], r.on or today, r.child_name,
                                        r.session_number or 0))
