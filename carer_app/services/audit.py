"""The audit trail: ids and actions only, never names or text."""

from __future__ import annotations

from sqlalchemy.orm import Session

from carer_app.storage.models import AuditEvent


def record(
    session: Session, user_id: str | None, action: str, record_type: str, record_id: str | None
) -> None:
    session.add(
        AuditEvent(user_id=user_id, action=action, record_type=record_type, record_id=record_id)
    )
