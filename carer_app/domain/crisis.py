"""Crisis quick contacts: the England defaults and the lines a carer adds (no personal names)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class CrisisContact:
    """One line to call. `label` names a service or role, never a person."""

    key: str
    label: str
    number: str
    hours: str = "24 hours"
    note: str = ""
    built_in: bool = False

    @property
    def tel_uri(self) -> str:
        return "tel:" + re.sub(r"[^0-9+]", "", self.number)


ENGLAND_DEFAULTS: tuple[CrisisContact, ...] = (
    CrisisContact("emergency", "Emergency services", "999", note="Danger to life", built_in=True),
    CrisisContact(
        "nhs111", "NHS 111 (choose the mental health option)", "111", built_in=True,
        note="Urgent mental health help for any age",
    ),
    CrisisContact("childline", "Childline", "0800 1111", built_in=True, note="For children and young people"),
    CrisisContact("samaritans", "Samaritans", "116 123", built_in=True, note="For anyone struggling"),
    CrisisContact(
        "nspcc", "NSPCC helpline", "0808 800 5000", hours="Monday to Friday 8am to 10pm, weekends 9am to 6pm",
        built_in=True, note="Worried about a child",
    ),
)

# Lines the carer fills in; labels are roles, so nothing here names anyone.
CARER_SLOTS: tuple[tuple[str, str], ...] = (
    ("fostering_24h", "Fostering service 24-hour line"),
    ("emergency_duty_team", "Emergency duty team"),
    ("supervising_social_worker", "Supervising social worker"),
)

_NUMBER = re.compile(r"^\+?[0-9][0-9 ()-]{1,24}$")


def valid_number(number: str) -> bool:
    return bool(_NUMBER.match(number.strip()))


@dataclass
class CrisisCard:
    contacts: list[CrisisContact] = field(default_factory=lambda: list(ENGLAND_DEFAULTS))

    def upsert(self, contact: CrisisContact) -> None:
        self.contacts = [c for c in self.contacts if c.key != contact.key] + [contact]

    def remove(self, key: str) -> None:
        self.contacts = [c for c in self.contacts if c.key != key or c.built_in]

    def ordered(self) -> list[CrisisContact]:
        order = [c.key for c in ENGLAND_DEFAULTS] + [k for k, _ in CARER_SLOTS]
        return sorted(
            self.contacts,
            key=lambda c: order.index(c.key) if c.key in order else len(order),
        )
