"""Plain read-only views the services hand to the ui (never ORM objects)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class AdultView:
    id: str
    display_name: str
    role: str
    created_at: datetime
    has_passphrase: bool


@dataclass(frozen=True)
class ChildView:
    id: str
    name: str
    preferred_name: str | None
    date_of_birth: date | None

    @property
    def shown_name(self) -> str:
        return self.preferred_name or self.name


@dataclass(frozen=True)
class Signature:
    """Who wrote a record and when: shown beside every record (NMS standard 26)."""

    author: str
    written_at: datetime
    version: int


@dataclass(frozen=True)
class PhotoView:
    id: str
    child_id: str | None
    caption: str
    width: int
    height: int
    taken_at: datetime | None
    created_at: datetime
