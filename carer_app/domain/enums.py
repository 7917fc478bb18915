"""The closed vocabularies of the record, shared by every layer."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    CARER = "carer"
    SOCIAL_WORKER = "social_worker"


class Relationship(StrEnum):
    BIRTH_MOTHER = "birth_mother"
    BIRTH_FATHER = "birth_father"
    SIBLING = "sibling"
    HALF_SIBLING = "half_sibling"
    GRANDPARENT = "grandparent"
    AUNT_UNCLE = "aunt_uncle"
    COUSIN = "cousin"
    OTHER_RELATIVE = "other_relative"
    FOSTER_CARER = "foster_carer"
    FORMER_FOSTER_CARER = "former_foster_carer"
    ADOPTIVE_PARENT = "adoptive_parent"
    SPECIAL_GUARDIAN = "special_guardian"
    TEACHER = "teacher"
    SOCIAL_WORKER = "social_worker"
    FRIEND = "friend"
    OTHER = "other"


class ContactArrangement(StrEnum):
    DIRECT = "direct"
    SUPERVISED = "supervised"
    LETTERBOX = "letterbox"
    NONE = "none"


class PlaceKind(StrEnum):
    HOME = "home"
    SCHOOL = "school"
    BIRTHPLACE = "birthplace"
    FAVOURITE = "favourite"
    OTHER = "other"


class Audience(StrEnum):
    """Who may see a life story entry, and when (DESIGN.md section 7)."""

    CHILD_NOW = "child_now"
    TOGETHER = "together"
    NOT_YET = "not_yet"


class ObservationCategory(StrEnum):
    HEALTH = "health"
    EDUCATION = "education"
    FAMILY_CONTACT = "family_contact"
    BEHAVIOUR = "behaviour"
    ACHIEVEMENT = "achievement"
    WELLBEING = "wellbeing"
    INCIDENT = "incident"
    OTHER = "other"


class EntryBasis(StrEnum):
    """Fostering NMS standard 26: keep fact, opinion and third-party information apart."""

    FACT = "fact"
    OPINION = "opinion"
    THIRD_PARTY = "third_party"


class SessionStatus(StrEnum):
    PLANNED = "planned"
    DONE = "done"
    MISSED = "missed"
    CANCELLED = "cancelled"


class ProgrammeStatus(StrEnum):
    ACTIVE = "active"
    COMPLETED = "completed"
    STOPPED = "stopped"


class TransitionStatus(StrEnum):
    PLANNED = "planned"
    UNDER_WAY = "under_way"
    DONE = "done"


class Feeling(StrEnum):
    """The small set of faces a child can pick for a storybook page."""

    HAPPY = "happy"
    CALM = "calm"
    UNSURE = "unsure"
    SAD = "sad"
    CROSS = "cross"
