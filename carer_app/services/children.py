"""The children in the household's care."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from carer_app.domain.views import ChildView
from carer_app.services import audit
from carer_app.services.errors import NotFound
from carer_app.storage.models import Child
from carer_app.storage.vault import Vault


def _view(child: Child) -> ChildView:
    return ChildView(child.id, child.name, child.preferred_name, child.date_of_birth)


def list_children(vault: Vault) -> list[ChildView]:
    with vault.session() as session:
        rows = session.scalars(
            select(Child).where(Child.deleted_at.is_(None)).order_by(Child.created_at, Child.name)
        ).all()
        return [_view(c) for c in rows]


def add_child(
    vault: Vault, name: str, *, preferred_name: str | None = None, date_of_birth: date | None = None
) -> ChildView:
    with vault.session() as session:
        child = Child(
            name=name.strip(), preferred_name=preferred_name, date_of_birth=date_of_birth,
            author_id=vault.user_id,
        )
        session.add(child)
        session.flush()
        audit.record(session, vault.user_id, "add", "child", child.id)
        session.commit()
        return _view(child)


def find_child(vault: Vault, name: str) -> ChildView:
    """By name or preferred name, ignoring case; must match exactly one child."""
    wanted = name.strip().casefold()
    matches = [
        c for c in list_children(vault)
        if wanted in (c.name.casefold(), (c.preferred_name or "").casefold())
    ]
    if len(matches) != 1:
        raise NotFound("child", name)
    return matches[0]
