"""Intervention programme templates (NG26 sections 1.4 and 1.5): dataclasses, loader, checks."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from enum import StrEnum
from importlib.resources.abc import Traversable
from types import MappingProxyType
from typing import NoReturn, TypeVar

from carer_app.domain.resources import resources_root

PROGRAMMES_FOLDER = "programmes"
SCHEMA_FILE = "schema.json"
REF_PATTERN = re.compile(r"^1\.[1-5]\.[1-9][0-9]?$")
KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]{2,63}$")

_T = TypeVar("_T")
_E = TypeVar("_E", bound=StrEnum)


class Pathway(StrEnum):
    """Which part of NG26 a programme belongs to."""

    EDGE_OF_CARE = "edge_of_care"  # 1.4
    IN_CARE = "in_care"  # 1.5: foster, kinship, special guardianship, adoption
    RESIDENTIAL = "residential"  # 1.5, children's homes


class ChildAge(StrEnum):
    ANY = "any"
    PRESCHOOL = "preschool"
    SCHOOL_AGE = "school_age"
    PRIMARY_SCHOOL = "primary_school"
    LATE_PRIMARY_EARLY_SECONDARY = "late_primary_early_secondary"


class Setting(StrEnum):
    HOME = "home"
    GROUP = "group"
    ONE_TO_ONE = "one_to_one"
    TELEPHONE = "telephone"


class FrequencyLabel(StrEnum):
    WEEKLY = "weekly"
    FORTNIGHTLY = "fortnightly"
    MONTHLY = "monthly"
    TWICE_WEEKLY = "twice_weekly"


class RunsUntil(StrEnum):
    END_OF_SCHOOL_YEAR = "end_of_school_year"


class ReviewCondition(StrEnum):
    LITTLE_IMPROVEMENT = "little_improvement"
    LITTLE_IMPROVEMENT_WITH_CONCERNS = "little_improvement_with_concerns"
    DECLINED = "declined"


class ReviewAction(StrEnum):
    MULTI_AGENCY_REVIEW = "multi_agency_review"
    OFFER_ALTERNATIVE = "offer_alternative"


# label -> (interval_days, interval_months, sessions_per_interval); the JSON must agree.
LABEL_SHAPES: Mapping[FrequencyLabel, tuple[int | None, int | None, int]] = {
    FrequencyLabel.WEEKLY: (7, None, 1),
    FrequencyLabel.FORTNIGHTLY: (14, None, 1),
    FrequencyLabel.MONTHLY: (None, 1, 1),
    FrequencyLabel.TWICE_WEEKLY: (7, None, 2),
}
class TemplateError(ValueError):
    """A programme template file is missing, unreadable or says something impossible."""

    def __init__(self, source: str, path: str, problem: str) -> None:
        super().__init__(f"{source}: {path or '<root>'}: {problem}")
        self.source = source
        self.path = path
        self.problem = problem


@dataclass(frozen=True)
class Figure:
    """A figure the guideline gives: min to max (max None means 'at least min')."""

    min: int
    max: int | None
    ref: str


@dataclass(frozen=True)
class FirstSessions:
    count: int
    what: str
    ref: str


@dataclass(frozen=True)
class FrequencyPhase:
    label: FrequencyLabel
    interval_days: int | None
    interval_months: int | None
    sessions_per_interval: int
    interval_count: int | None  # None: this rhythm runs to the end

    @property
    def longest_gap_days(self) -> int:
        if self.interval_days is None:
            return 31 * (self.interval_months or 1)
        return -(-self.interval_days // self.sessions_per_interval)


@dataclass(frozen=True)
class FrequencyOption:
    phases: tuple[FrequencyPhase, ...]

    @property
    def key(self) -> str:
        return "_then_".join(phase.label.value for phase in self.phases)


@dataclass(frozen=True)
class Frequency:
    options: tuple[FrequencyOption, ...]
    ref: str

    def option(self, key: str | None) -> FrequencyOption | None:
        if key is None:
            return self.options[0]
        return next((option for option in self.options if option.key == key), None)

    @property
    def longest_gap_days(self) -> int:
        return max(p.longest_gap_days for option in self.options for p in option.phases)


@dataclass(frozen=True)
class UntilRule:
    until: RunsUntil
    ref: str


@dataclass(frozen=True)
class ReviewPoint:
    condition: ReviewCondition
    action: ReviewAction
    what: str
    ref: str
    after_session: int | None = None
    after_months: int | None = None
    at_end: bool = False
    offer: str | None = None


@dataclass(frozen=True)
class Note:
    what: str
    ref: str


@dataclass(frozen=True)
class ProgrammeTemplate:
    """One programme as NG26 describes it; field names are the JSON keys (see schema.json).

    ``sessions`` counts the repeated sessions; ``first_sessions`` come before them (NG26's
    "a single session ... followed by at least 5 (and up to 15)"). A figure the guideline does
    not give is None.
    """

    key: str
    title: str
    refs: tuple[str, ...]
    pathways: tuple[Pathway, ...]
    audience: str
    child_age: ChildAge
    aims: tuple[str, ...]
    first_sessions: FirstSessions | None
    sessions: Figure | None  # the repeated sessions, after any first sessions
    session_length_minutes: Figure | None
    frequency: Frequency | None
    span_months: Figure | None
    runs_until: UntilRule | None
    delivered_in: tuple[Setting, ...]
    delivered_by: str | None
    delivery_ref: str | None
    session_includes: tuple[str, ...]
    sets_homework: bool
    homework_ref: str | None
    homework_examples: tuple[str, ...]
    review_points: tuple[ReviewPoint, ...]
    conditions: tuple[Note, ...]
    adaptations: tuple[Note, ...]
    ongoing_support: tuple[Note, ...]
    runs_alongside: str | None

    def cited_refs(self) -> tuple[str, ...]:
        """Every ref used by a figure or item: each must also be in ``refs``."""
        found = [self.delivery_ref, self.homework_ref]
        for figure in (self.sessions, self.session_length_minutes, self.span_months):
            found.append(figure.ref if figure else None)
        found.append(self.first_sessions.ref if self.first_sessions else None)
        found.append(self.frequency.ref if self.frequency else None)
        found.append(self.runs_until.ref if self.runs_until else None)
        found += [p.ref for p in self.review_points]
        found += [n.ref for n in (*self.conditions, *self.adaptations, *self.ongoing_support)]
        return tuple(ref for ref in found if ref is not None)


TEMPLATE_KEYS = frozenset(f.name for f in fields(ProgrammeTemplate))
OPTIONAL_TEMPLATE_KEYS = frozenset({"$schema"})
REVIEW_POINT_KEYS = frozenset(f.name for f in fields(ReviewPoint))
PHASE_KEYS = frozenset(f.name for f in fields(FrequencyPhase))


class _Reader:
    """Typed access to parsed JSON that names the failing path."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, path: str, problem: str) -> NoReturn:
        raise TemplateError(self.source, path, problem)

    def obj(self, value: object, path: str, keys: frozenset[str],
            optional: frozenset[str] = frozenset()) -> dict[str, object]:
        if not isinstance(value, dict):
            self.fail(path, "expected an object")
        if missing := sorted(keys - value.keys()):
            self.fail(path, f"missing keys {missing}")
        if extra := sorted(value.keys() - keys - optional):
            self.fail(path, f"unknown keys {extra}")
        return value

    def text(self, value: object, path: str) -> str:
        if not isinstance(value, str) or not value.strip():
            self.fail(path, "expected a non-empty string")
        return value

    def integer(self, value: object, path: str, minimum: int = 0) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            self.fail(path, f"expected an integer >= {minimum}")
        return value

    def positive(self, value: object, path: str) -> int:
        return self.integer(value, path, 1)

    def flag(self, value: object, path: str) -> bool:
        if not isinstance(value, bool):
            self.fail(path, "expected true or false")
        return value

    def ref(self, value: object, path: str) -> str:
        if not isinstance(value, str) or not REF_PATTERN.match(value):
            self.fail(path, "expected a recommendation number such as 1.4.2")
        return value

    def key(self, value: object, path: str) -> str:
        if not isinstance(value, str) or not KEY_PATTERN.match(value):
            self.fail(path, "expected a lower-case slug")
        return value

    def choice(self, kind: type[_E], value: object, path: str) -> _E:
        if not isinstance(value, str) or value not in kind.__members__.values():
            self.fail(path, f"expected one of {[m.value for m in kind]}")
        return kind(value)

    def maybe(self, value: object, path: str, read: Callable[[object, str], _T]) -> _T | None:
        return None if value is None else read(value, path)

    def many(self, value: object, path: str, read: Callable[[object, str], _T]) -> tuple[_T, ...]:
        if not isinstance(value, list):
            self.fail(path, "expected a list")
        return tuple(read(item, f"{path}[{i}]") for i, item in enumerate(value))

    def figure(self, value: object, path: str, open_max: bool = False) -> Figure:
        data = self.obj(value, path, frozenset({"min", "max", "ref"}))
        low = self.integer(data["min"], f"{path}.min", 1)
        high = self.maybe(data["max"], f"{path}.max", self.integer)
        if high is None and not open_max:
            self.fail(f"{path}.max", "expected an integer")
        if high is not None and high < low:
            self.fail(path, "max is below min")
        return Figure(low, high, self.ref(data["ref"], f"{path}.ref"))

    def note(self, value: object, path: str) -> Note:
        data = self.obj(value, path, frozenset({"what", "ref"}))
        return Note(self.text(data["what"], f"{path}.what"), self.ref(data["ref"], f"{path}.ref"))


def _phase(r: _Reader, value: object, path: str) -> FrequencyPhase:
    data = r.obj(value, path, PHASE_KEYS)
    label = r.choice(FrequencyLabel, data["label"], f"{path}.label")
    phase = FrequencyPhase(
        label,
        r.maybe(data["interval_days"], f"{path}.interval_days", r.positive),
        r.maybe(data["interval_months"], f"{path}.interval_months", r.positive),
        r.integer(data["sessions_per_interval"], f"{path}.sessions_per_interval", 1),
        r.maybe(data["interval_count"], f"{path}.interval_count", r.positive),
    )
    shape = (phase.interval_days, phase.interval_months, phase.sessions_per_interval)
    if shape != LABEL_SHAPES[label]:
        r.fail(path, f"{label.value} means interval/sessions {LABEL_SHAPES[label]}")
    return phase


def _first_sessions(r: _Reader, value: object, path: str) -> FirstSessions:
    data = r.obj(value, path, frozenset({"count", "what", "ref"}))
    return FirstSessions(r.integer(data["count"], f"{path}.count", 1),
                         r.text(data["what"], f"{path}.what"), r.ref(data["ref"], f"{path}.ref"))


def _until(r: _Reader, value: object, path: str) -> UntilRule:
    data = r.obj(value, path, frozenset({"until", "ref"}))
    return UntilRule(r.choice(RunsUntil, data["until"], f"{path}.until"),
                     r.ref(data["ref"], f"{path}.ref"))


def _frequency(r: _Reader, value: object, path: str) -> Frequency:
    data = r.obj(value, path, frozenset({"options", "ref"}))
    options: list[FrequencyOption] = []
    for i, raw in enumerate(r.many(data["options"], f"{path}.options", lambda v, p: v)):
        where = f"{path}.options[{i}]"
        phases = r.many(r.obj(raw, where, frozenset({"phases"}))["phases"], f"{where}.phases",
                        lambda v, p: _phase(r, v, p))
        if not phases or any(p.interval_count is None for p in phases[:-1]):
            r.fail(where, "needs phases, and only the last may run to the end")
        if phases[-1].interval_count is not None:
            r.fail(where, "the last phase must run to the end (interval_count null)")
        options.append(FrequencyOption(phases))
    if not options or len({o.key for o in options}) != len(options):
        r.fail(f"{path}.options", "needs at least one option, each different")
    return Frequency(tuple(options), r.ref(data["ref"], f"{path}.ref"))


def _review_point(r: _Reader, value: object, path: str) -> ReviewPoint:
    data = r.obj(value, path, REVIEW_POINT_KEYS)
    point = ReviewPoint(
        r.choice(ReviewCondition, data["condition"], f"{path}.condition"),
        r.choice(ReviewAction, data["action"], f"{path}.action"),
        r.text(data["what"], f"{path}.what"),
        r.ref(data["ref"], f"{path}.ref"),
        r.maybe(data["after_session"], f"{path}.after_session", r.integer),
        r.maybe(data["after_months"], f"{path}.after_months", r.integer),
        r.flag(data["at_end"], f"{path}.at_end"),
        r.maybe(data["offer"], f"{path}.offer", r.key),
    )
    timings = [point.after_session is not None, point.after_months is not None, point.at_end]
    if sum(timings) > 1:
        r.fail(path, "give at most one of after_session, after_months, at_end")
    if (point.action is ReviewAction.OFFER_ALTERNATIVE) != (point.offer is not None):
        r.fail(path, "offer names the template, and only for offer_alternative")
    return point


def parse_template(data: object, *, source: str = "<template>") -> ProgrammeTemplate:
    """Build a template from parsed JSON, raising ``TemplateError`` on the first problem."""
    r = _Reader(source)
    d = r.obj(data, "", TEMPLATE_KEYS, OPTIONAL_TEMPLATE_KEYS)
    if not isinstance(d.get("$schema", ""), str):
        r.fail("$schema", "expected a string")
    texts = _many_of(r, r.text)
    notes = _many_of(r, r.note)
    template = ProgrammeTemplate(
        key=r.key(d["key"], "key"),
        title=r.text(d["title"], "title"),
        refs=r.many(d["refs"], "refs", r.ref),
        pathways=r.many(d["pathways"], "pathways", lambda v, p: r.choice(Pathway, v, p)),
        audience=r.text(d["audience"], "audience"),
        child_age=r.choice(ChildAge, d["child_age"], "child_age"),
        aims=texts(d["aims"], "aims"),
        first_sessions=r.maybe(d["first_sessions"], "first_sessions",
                               lambda v, p: _first_sessions(r, v, p)),
        sessions=r.maybe(d["sessions"], "sessions", r.figure),
        session_length_minutes=r.maybe(d["session_length_minutes"], "session_length_minutes",
                                       lambda v, p: r.figure(v, p, open_max=True)),
        frequency=r.maybe(d["frequency"], "frequency", lambda v, p: _frequency(r, v, p)),
        span_months=r.maybe(d["span_months"], "span_months", r.figure),
        runs_until=r.maybe(d["runs_until"], "runs_until", lambda v, p: _until(r, v, p)),
        delivered_in=r.many(d["delivered_in"], "delivered_in",
                            lambda v, p: r.choice(Setting, v, p)),
        delivered_by=r.maybe(d["delivered_by"], "delivered_by", r.text),
        delivery_ref=r.maybe(d["delivery_ref"], "delivery_ref", r.ref),
        session_includes=texts(d["session_includes"], "session_includes"),
        sets_homework=r.flag(d["sets_homework"], "sets_homework"),
        homework_ref=r.maybe(d["homework_ref"], "homework_ref", r.ref),
        homework_examples=texts(d["homework_examples"], "homework_examples"),
        review_points=r.many(d["review_points"], "review_points",
                             lambda v, p: _review_point(r, v, p)),
        conditions=notes(d["conditions"], "conditions"),
        adaptations=notes(d["adaptations"], "adaptations"),
        ongoing_support=notes(d["ongoing_support"], "ongoing_support"),
        runs_alongside=r.maybe(d["runs_alongside"], "runs_alongside", r.key),
    )
    _check_meaning(r, template)
    return template


def _many_of(
    r: _Reader, read: Callable[[object, str], _T]
) -> Callable[[object, str], tuple[_T, ...]]:
    return lambda value, path: r.many(value, path, read)


def _check_meaning(r: _Reader, t: ProgrammeTemplate) -> None:
    """The rules JSON Schema cannot say: cross-field consistency."""
    if not t.refs or len(set(t.refs)) != len(t.refs):
        r.fail("refs", "needs at least one recommendation, each once")
    if not t.pathways or len(set(t.pathways)) != len(t.pathways):
        r.fail("pathways", "needs at least one pathway, each once")
    if len(set(t.delivered_in)) != len(t.delivered_in):
        r.fail("delivered_in", "each setting once")
    if stray := sorted(set(t.cited_refs()) - set(t.refs)):
        r.fail("refs", f"items cite {stray}, which the template does not list")
    if t.span_months is not None and t.runs_until is not None:
        r.fail("runs_until", "give either span_months or runs_until, not both")
    ends = t.span_months is not None or t.runs_until is not None
    counted = t.sessions is not None and (t.frequency is not None or ends)
    open_ended = t.sessions is None and t.frequency is not None and ends
    if not (counted or open_ended):
        r.fail("sessions", "cannot be scheduled: needs a count with a rhythm or span, "
                           "or a rhythm running to a span or end date")
    if t.first_sessions is not None and t.frequency is None:
        r.fail("first_sessions", "first sessions need a rhythm to follow")
    if t.sets_homework != (t.homework_ref is not None) or (
        not t.sets_homework and t.homework_examples
    ):
        r.fail("sets_homework", "homework needs a ref; no homework means no ref or examples")
    if (t.delivered_in or t.delivered_by) and t.delivery_ref is None:
        r.fail("delivery_ref", "where or by whom needs a ref")
    for i, point in enumerate(t.review_points):
        if t.sessions and point.after_session and point.after_session > (t.sessions.max or 0):
            r.fail(f"review_points[{i}].after_session", "after more sessions than planned")
    if t.runs_alongside == t.key:
        r.fail("runs_alongside", "a template cannot pair with itself")


def load_templates(root: Traversable | None = None) -> dict[str, ProgrammeTemplate]:
    """Every programme template shipped under ``resources/programmes``, by key."""
    folder = (root or resources_root()) / PROGRAMMES_FOLDER
    if not folder.is_dir():
        raise TemplateError(str(folder), "", "programme folder not found")
    templates: dict[str, ProgrammeTemplate] = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".json") or entry.name == SCHEMA_FILE:
            continue
        try:
            data = json.loads(entry.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise TemplateError(entry.name, "", f"unreadable JSON ({exc})") from exc
        template = parse_template(data, source=entry.name)
        if entry.name != f"{template.key}.json":
            raise TemplateError(entry.name, "key", "file name must be <key>.json")
        templates[template.key] = template
    check_links(templates)
    return templates


def check_links(templates: Mapping[str, ProgrammeTemplate]) -> None:
    """Every template a template points at must exist, and pairs must point at each other."""
    for template in templates.values():
        source = f"{template.key}.json"
        partner = template.runs_alongside
        if partner is not None and (
            partner not in templates or templates[partner].runs_alongside != template.key
        ):
            raise TemplateError(source, "runs_alongside", f"{partner!r} does not pair back")
        for i, point in enumerate(template.review_points):
            if point.offer is not None and point.offer not in templates:
                raise TemplateError(source, f"review_points[{i}].offer", "unknown template")


@functools.cache
def shipped_templates() -> Mapping[str, ProgrammeTemplate]:
    """The shipped templates, read and checked once per process."""
    return MappingProxyType(load_templates())


def load_template(key: str, root: Traversable | None = None) -> ProgrammeTemplate:
    templates = load_templates(root)
    if key not in templates:
        raise TemplateError(f"{key}.json", "key", "no such programme template")
    return templates[key]
