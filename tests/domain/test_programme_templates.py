"""Programme templates: loading, validation, the schema, and every figure against NG26's text."""

from __future__ import annotations

import copy
import dataclasses
import json
import re
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from carer_app.domain import review_triggers
from carer_app.domain.programmes import (
    OPTIONAL_TEMPLATE_KEYS,
    TEMPLATE_KEYS,
    ChildAge,
    Figure,
    Frequency,
    FrequencyLabel,
    FrequencyOption,
    FrequencyPhase,
    Pathway,
    ProgrammeTemplate,
    ReviewAction,
    ReviewCondition,
    Setting,
    TemplateError,
    load_template,
    load_templates,
    parse_template,
    shipped_templates,
)
from carer_app.domain.resources import resources_root

REPO = Path(__file__).resolve().parents[2]
GUIDELINE = REPO.parent / "shared" / "reference" / "ng26-recommendations.txt"
PROGRAMMES = REPO / "resources" / "programmes"

# The reference text has lost its numbers. Each recommendation is found by how its paragraph
# opens; the numbering is checked below against the cross-references inside the text itself.
# None marks an unnumbered paragraph (a section introduction, the glossary) that ends the one
# before it.
ANCHORS: list[tuple[str | None, str]] = [
    ("1.1.14", "Offer additional support and resources"),
    ("1.1.15", "When adoption is considered"),
    ("1.1.19", "Consider using a parental sensitivity tool"),
    ("1.1.20", "Do not treat attachment difficulties"),
    ("1.3.4", "Consider using the following assessment tools"),
    ("1.3.5", "Health and social care provider organisations should ensure that health"),
    (None, "This section covers children and young people with attachment difficulties (or at "
           "risk of attachment difficulties) who currently live"),
    ("1.4.1", "Health and social care professionals should offer a video feedback programme to "
              "the parents"),
    ("1.4.2", "Ensure video feedback programmes are delivered"),
    ("1.4.3", "If there is little improvement to parental sensitivity or the child's attachment "
              "after 10 sessions of a video feedback programme for parents"),
    ("1.4.4", "If parents do not want to take part in a video feedback programme, offer"),
    ("1.4.5", "Ensure parental sensitivity and behaviour training:"),
    ("1.4.6", "If parents do not want to take part in a video feedback programme or"),
    ("1.4.7", "If the multi-agency review concludes"),
    ("1.4.8", "Ensure home visiting programmes:"),
    ("1.4.9", "Consider parent–child psychotherapy"),
    ("1.4.10", "Ensure parent–child psychotherapy"),
    ("1.4.11", "Consider parental sensitivity and behaviour training for parents of primary"),
    ("1.4.12", "For children and young people who have been maltreated"),
    ("1.4.13", "Consider parental sensitivity and behaviour training (as described in "
               "recommendation 1.4.5) for parents at risk"),
    (None, "This section covers children and young people with attachment difficulties (or at "
           "risk of attachment difficulties) who are in the care system"),
    ("1.5.1", "Health and social care professionals should offer a video feedback programme to "
              "foster carers"),
    ("1.5.2", "If there is little improvement"),
    ("1.5.3", "If foster carers, special guardians or adoptive parents do not want"),
    ("1.5.4", "Consider intensive training and support"),
    ("1.5.5", "Ensure intensive training for"),
    ("1.5.6", "Ensure intensive support for"),
    ("1.5.7", "Ensure group therapeutic play sessions"),
    ("1.5.8", "Consider a group-based training and education programme"),
    ("1.5.9", "Ensure group-based training and education programmes for foster carers"),
    ("1.5.10", "Ensure training and education programmes for late primary"),
    ("1.5.11", "Modify interventions for young people in the care system"),
    ("1.5.12", "Professionals with expertise in attachment difficulties should:"),
    ("1.5.13", "Ensure parental sensitivity and behaviour training for professional carers:"),
    ("1.5.14", "Modify interventions for young people in residential care"),
    (None, "A foster carer, professional carer in residential care"),
]
REQUIRED_PROGRAMMES = {
    "video_feedback_parents", "video_feedback_carers", "psbt_parents", "psbt_school_age",
    "psbt_residential", "home_visiting", "parent_child_psychotherapy", "intensive_carer_support",
    "group_therapeutic_play", "group_training_carers", "young_peoples_programme",
}


def _normalise(text: str) -> str:
    return text.replace("\u2011", "-").replace("\u00a0", " ")


@pytest.fixture(scope="module")
def guideline() -> dict[str, str]:
    """Recommendation number -> its text (hyphens normalised)."""
    if not GUIDELINE.is_file():
        pytest.skip(f"guideline text not found at {GUIDELINE}")
    lines = GUIDELINE.read_text(encoding="utf-8").splitlines()
    starts: list[tuple[int, str | None]] = []
    for number, opening in ANCHORS:
        # The first match after the previous anchor: 1.5.2 opens like 1.4.3, for one.
        after = starts[-1][0] if starts else -1
        hits = [i for i, line in enumerate(lines) if i > after and line.startswith(opening)]
        assert hits, f"no paragraph opens with {opening!r} after line {after}"
        starts.append((hits[0], number))
    texts: dict[str, str] = {}
    for (begin, number), (end, _) in pairwise(starts):
        if number is not None:
            texts[number] = _normalise("\n".join(lines[begin:end]))
    return texts


@pytest.fixture(scope="module")
def templates() -> dict[str, ProgrammeTemplate]:
    return load_templates()


def _raw(key: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((PROGRAMMES / f"{key}.json").read_text(encoding="utf-8"))
    return data


# --- the numbering of the reference text --------------------------------------------------


def test_numbering_runs_without_gaps_within_sections_1_4_and_1_5() -> None:
    for section, last in (("1.4", 13), ("1.5", 14)):
        numbers = [n for n, _ in ANCHORS if n and n.startswith(section + ".")]
        assert numbers == [f"{section}.{i}" for i in range(1, last + 1)]


@pytest.mark.parametrize(("citing", "cited", "phrase"), [
    ("1.3.5", "1.3.4", "assessment tools"),
    ("1.4.11", "1.4.5", "parental sensitivity and behaviour training"),
    ("1.4.13", "1.4.5", "parental sensitivity and behaviour training"),
    ("1.5.1", "1.4.2", "video feedback"),
    ("1.5.3", "1.4.5", "parental sensitivity and behaviour training"),
    ("1.5.4", "1.5.5", "intensive training"),
    ("1.5.4", "1.5.6", "intensive support"),
    ("1.5.4", "1.5.7", "group therapeutic play"),
    ("1.5.8", "1.5.9", "group-based training and education programmes for foster carers"),
    ("1.5.8", "1.5.10", "late primary and early secondary"),
])
def test_numbering_agrees_with_the_guidelines_own_cross_references(
    guideline: dict[str, str], citing: str, cited: str, phrase: str
) -> None:
    assert f"recommendation {cited}" in guideline[citing] or cited in guideline[citing]
    assert phrase in guideline[cited].lower()


# --- figures against the text ---------------------------------------------------------------


def _count_ok(text: str, figure: Figure) -> bool:
    low, high = figure.min, figure.max
    if low == high:
        return re.search(rf"\b{low} (?:[a-z-]+ ){{0,3}}sessions\b", text) is not None
    return re.search(rf"at least {low} \(and up to {high}\)|\b{low} to {high} sessions", text) \
        is not None


def _length_ok(text: str, figure: Figure) -> bool:
    low, high = figure.min, figure.max
    if high is None:
        return f"at least {low} minutes" in text
    if low == high:
        return f"lasting {low} minutes" in text
    return f"lasting {low} to {high} minutes" in text


def _months_ok(text: str, figure: Figure) -> bool:
    low, high = figure.min, figure.max
    if low != high:
        return re.search(rf"\b{low}-? to {high}[- ]months?\b", text) is not None
    years = rf"|\b{low // 12} years?\b" if low % 12 == 0 else ""
    return re.search(rf"\b{low}[- ]months?\b{years}", text) is not None


LABEL_WORDS = {
    FrequencyLabel.WEEKLY: r"(?<!twice-)(?<!twice )\bweekly\b",
    FrequencyLabel.FORTNIGHTLY: r"\bfortnightly\b",
    FrequencyLabel.MONTHLY: r"\bmonthly\b",
    FrequencyLabel.TWICE_WEEKLY: r"\btwice[- ]weekly\b",
}
SETTING_WORDS = {Setting.HOME: "home", Setting.GROUP: "group",
                 Setting.ONE_TO_ONE: "individual", Setting.TELEPHONE: "telephone"}
AGE_WORDS = {ChildAge.PRESCHOOL: "preschool", ChildAge.SCHOOL_AGE: "school-age",
             ChildAge.PRIMARY_SCHOOL: "primary school",
             ChildAge.LATE_PRIMARY_EARLY_SECONDARY: "late primary and early secondary"}


def figure_problems(t: ProgrammeTemplate, g: dict[str, str],
                    everything: dict[str, ProgrammeTemplate]) -> list[str]:
    """Every figure or claim in ``t`` that the recommendation it cites does not bear out."""
    bad: list[str] = []

    def need(ok: bool, what: str) -> None:
        if not ok:
            bad.append(what)

    if t.sessions:
        need(_count_ok(g[t.sessions.ref], t.sessions), f"sessions {t.sessions}")
    if t.first_sessions:
        n = t.first_sessions.count
        need(("single session" if n == 1 else f"{n} sessions") in g[t.first_sessions.ref],
             "first_sessions")
    if t.session_length_minutes:
        need(_length_ok(g[t.session_length_minutes.ref], t.session_length_minutes), "length")
    if t.span_months:
        need(_months_ok(g[t.span_months.ref], t.span_months), f"span {t.span_months}")
    if t.runs_until:
        need("remaining school year" in g[t.runs_until.ref], "runs_until")
    if t.frequency:
        text = g[t.frequency.ref]
        for option in t.frequency.options:
            for phase in option.phases:
                need(re.search(LABEL_WORDS[phase.label], text) is not None, phase.label.value)
                if phase.interval_count is not None:
                    need(f"first {phase.interval_count} weeks" in text, "interval_count")
    for setting in t.delivered_in:
        word = rf"\b{SETTING_WORDS[setting]}\b"
        need(re.search(word, g[t.delivery_ref or ""].lower()) is not None, setting.value)
    if t.sets_homework:
        need("homework" in g[t.homework_ref or ""], "homework")
    for p in t.review_points:
        text = g[p.ref]
        need("little improvement" in text or p.condition is ReviewCondition.DECLINED, "little")
        if p.condition is ReviewCondition.LITTLE_IMPROVEMENT_WITH_CONCERNS:
            need("concerns" in text, "concerns")
        if p.condition is ReviewCondition.DECLINED:
            need("do not want to take part" in text, "declined")
        if p.action is ReviewAction.MULTI_AGENCY_REVIEW:
            need("multi-agency review" in text, "review")
        if p.offer is not None:
            need(f"offer {everything[p.offer].title.lower()}" in text, f"offer {p.offer}")
        if p.after_session is not None:
            need(f"after {p.after_session} sessions" in text, f"after {p.after_session}")
        if p.after_months is not None:
            need(f"after {p.after_months} months" in text, f"after {p.after_months} months")
    cited = " ".join(g[r] for r in t.refs)
    if t.child_age in AGE_WORDS:
        need(AGE_WORDS[t.child_age] in cited, t.child_age.value)
    sections = {Pathway.EDGE_OF_CARE: range(1, 14), Pathway.IN_CARE: range(1, 12),
                Pathway.RESIDENTIAL: range(12, 15)}
    for pathway in t.pathways:
        prefix = "1.4." if pathway is Pathway.EDGE_OF_CARE else "1.5."
        need(any(r == f"{prefix}{i}" for r in t.refs for i in sections[pathway]), pathway.value)
    numbers_in_text = set(re.findall(r"\d+", cited))
    for item in _strings(t):
        for number in re.findall(r"\d+", _normalise(item)):
            need(number in numbers_in_text, f"{number!r} in {item!r}")
    return bad


def _strings(t: ProgrammeTemplate) -> list[str]:
    found = [t.title, t.audience, *t.aims, *t.session_includes, *t.homework_examples]
    found += [t.delivered_by] if t.delivered_by else []
    found += [t.first_sessions.what] if t.first_sessions else []
    found += [p.what for p in t.review_points]
    return found + [n.what for n in (*t.conditions, *t.adaptations, *t.ongoing_support)]


def test_all_required_programmes_load(templates: dict[str, ProgrammeTemplate]) -> None:
    assert set(templates) == REQUIRED_PROGRAMMES
    assert load_template("home_visiting") == templates["home_visiting"]
    assert shipped_templates() is shipped_templates()
    assert dict(shipped_templates()) == templates
    with pytest.raises(TypeError):
        shipped_templates()["extra"] = templates["home_visiting"]  # type: ignore[index]


@pytest.mark.parametrize("key", sorted(REQUIRED_PROGRAMMES))
def test_every_figure_is_borne_out_by_the_recommendation_it_cites(
    key: str, guideline: dict[str, str], templates: dict[str, ProgrammeTemplate]
) -> None:
    template = templates[key]
    assert set(template.refs) <= set(guideline), "cites a recommendation outside 1.1 to 1.5"
    assert figure_problems(template, guideline, templates) == []


@pytest.mark.parametrize(("key", "change"), [
    ("video_feedback_parents", {"sessions": Figure(12, 12, "1.4.2")}),
    ("video_feedback_carers", {"span_months": Figure(3, 6, "1.4.2")}),
    ("video_feedback_parents", {"session_length_minutes": Figure(45, None, "1.4.2")}),
    ("psbt_parents", {"sessions": Figure(5, 16, "1.4.5")}),
    ("psbt_residential", {"span_months": Figure(9, 9, "1.5.13")}),
    ("home_visiting", {"session_length_minutes": Figure(30, 60, "1.4.8")}),
    ("home_visiting", {"sessions": Figure(10, 10, "1.4.8")}),
    ("parent_child_psychotherapy", {"span_months": Figure(24, 24, "1.4.10")}),
    ("group_therapeutic_play", {"span_months": Figure(6, 12, "1.5.7")}),
    ("intensive_carer_support", {"span_months": Figure(9, 12, "1.5.6")}),
    ("psbt_parents", {"title": "Parenting course lasting 7 weeks"}),
    ("psbt_parents", {"delivered_in": (Setting.HOME,)}),
    ("psbt_school_age", {"child_age": ChildAge.PRESCHOOL}),
])
def test_the_cross_check_catches_a_changed_figure(
    key: str, change: dict[str, Any], guideline: dict[str, str],
    templates: dict[str, ProgrammeTemplate],
) -> None:
    changed = dataclasses.replace(templates[key], **change)
    assert figure_problems(changed, guideline, templates) != []


def test_the_cross_check_catches_changed_rhythms_and_review_points(
    guideline: dict[str, str], templates: dict[str, ProgrammeTemplate]
) -> None:
    carers = templates["group_training_carers"]
    assert carers.frequency is not None
    option = carers.frequency.options[0]
    four_weeks = dataclasses.replace(option.phases[0], interval_count=4)
    frequency = dataclasses.replace(
        carers.frequency, options=(dataclasses.replace(option, phases=(four_weeks,
                                                                        *option.phases[1:])),))
    assert figure_problems(dataclasses.replace(carers, frequency=frequency), guideline, templates)
    video = templates["video_feedback_parents"]
    point = dataclasses.replace(video.review_points[0], after_session=8)
    assert figure_problems(dataclasses.replace(video, review_points=(point,)), guideline,
                           templates)
    monthly = FrequencyPhase(FrequencyLabel.MONTHLY, None, 1, 1, None)
    frequency = Frequency((FrequencyOption((monthly,)),), "1.4.5")
    psbt = dataclasses.replace(templates["psbt_parents"], frequency=frequency)
    assert figure_problems(psbt, guideline, templates)


def test_templates_are_in_the_projects_own_words(
    guideline: dict[str, str], templates: dict[str, ProgrammeTemplate]
) -> None:
    def grams(text: str, n: int = 8) -> set[tuple[str, ...]]:
        words = re.findall(r"[a-z0-9]+", _normalise(text).lower())
        return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}

    source = set().union(*(grams(text) for text in guideline.values()))
    copied = [(t.key, s) for t in templates.values() for s in _strings(t) if grams(s) & source]
    assert copied == []


def test_trigger_rule_refs_cite_matching_text(guideline: dict[str, str]) -> None:
    assert "parental sensitivity tool" in guideline[review_triggers.REF_PROGRESS_TOOLS]
    assert "monitor progress" in guideline[review_triggers.REF_PROGRESS_TOOLS]
    support = guideline[review_triggers.REF_PLACEMENT_SUPPORT]
    for phrase in ("first sign of serious difficulties", "frequent changes of placement",
                   "more than 1 child with attachment difficulties"):
        assert phrase in support
    assert "home visiting programme" in guideline[review_triggers.REF_AFTER_REVIEW]
    assert "multi-agency review concludes" in guideline[review_triggers.REF_AFTER_REVIEW]


# --- the validator and the schema agree -----------------------------------------------------

SCHEMA_WORDS = {"$schema", "$id", "title", "description", "$defs", "type", "properties",
                "required", "additionalProperties", "items", "minItems", "uniqueItems", "enum",
                "pattern", "minLength", "minimum", "oneOf", "$ref"}
TYPES: dict[str, Callable[[object], bool]] = {
    "object": lambda v: isinstance(v, dict), "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str), "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
}


def schema_errors(value: object, schema: dict[str, Any], root: dict[str, Any]) -> list[str]:
    """A small interpreter for exactly the JSON Schema keywords schema.json uses."""
    if "$ref" in schema:
        target: Any = root
        for part in schema["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        return schema_errors(value, target, root)
    if "oneOf" in schema:
        passing = sum(not schema_errors(value, s, root) for s in schema["oneOf"])
        return [] if passing == 1 else [f"oneOf matched {passing}"]
    if "type" in schema and not TYPES[schema["type"]](value):
        return [f"not {schema['type']}: {value!r}"]
    errors = [f"{value!r} not in enum"] if "enum" in schema and value not in schema["enum"] else []
    if isinstance(value, dict):
        errors += [f"missing {k}" for k in schema.get("required", []) if k not in value]
        props = schema.get("properties", {})
        if schema.get("additionalProperties") is False:
            errors += [f"extra {k}" for k in value if k not in props]
        for k, v in value.items():
            errors += schema_errors(v, props[k], root) if k in props else []
    if isinstance(value, list):
        if len(value) < schema.get("minItems", 0):
            errors.append("too few items")
        as_json = [json.dumps(v, sort_keys=True) for v in value]
        if schema.get("uniqueItems") and len(set(as_json)) != len(as_json):
            errors.append("duplicate items")
        for item in value:
            errors += schema_errors(item, schema.get("items", {}), root)
    if isinstance(value, str):
        if len(value) < schema.get("minLength", 0):
            errors.append("too short")
        if "pattern" in schema and not re.search(schema["pattern"], value):
            errors.append(f"{value!r} does not match")
    if isinstance(value, int) and not isinstance(value, bool) and value < schema.get(
            "minimum", value):
        errors.append("below minimum")
    return errors


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((PROGRAMMES / "schema.json").read_text(encoding="utf-8"))
    return loaded


def _keywords(node: object, out: set[str]) -> set[str]:
    if isinstance(node, dict):
        for k, v in node.items():
            out.add(k)
            if k in ("properties", "$defs"):
                for sub in v.values():
                    _keywords(sub, out)
            elif k != "enum":
                _keywords(v, out)
    elif isinstance(node, list):
        for item in node:
            _keywords(item, out)
    return out


def test_schema_uses_only_keywords_the_interpreter_knows(schema: dict[str, Any]) -> None:
    assert _keywords(schema, set()) <= SCHEMA_WORDS


def test_schema_and_python_name_the_same_keys_and_values(schema: dict[str, Any]) -> None:
    assert set(schema["required"]) == TEMPLATE_KEYS
    assert set(schema["properties"]) == TEMPLATE_KEYS | OPTIONAL_TEMPLATE_KEYS
    props, defs = schema["properties"], schema["$defs"]
    assert props["pathways"]["items"]["enum"] == [p.value for p in Pathway]
    assert props["child_age"]["enum"] == [a.value for a in ChildAge]
    assert props["delivered_in"]["items"]["enum"] == [s.value for s in Setting]
    assert defs["phase"]["properties"]["label"]["enum"] == [f.value for f in FrequencyLabel]
    point = defs["review_point"]["properties"]
    assert point["condition"]["enum"] == [c.value for c in ReviewCondition]
    assert point["action"]["enum"] == [a.value for a in ReviewAction]


@pytest.mark.parametrize("key", sorted(REQUIRED_PROGRAMMES))
def test_schema_accepts_every_shipped_template(key: str, schema: dict[str, Any]) -> None:
    assert schema_errors(_raw(key), schema, schema) == []


def _set(path: str, value: object) -> Callable[[dict[str, Any]], None]:
    def apply(data: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target: Any = data
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        if value is _DELETE:
            del target[last]
        else:
            target[int(last) if last.isdigit() else last] = value
    return apply


_DELETE = object()
BOTH_REJECT = [
    *((f"drop {k}", _set(k, _DELETE)) for k in sorted(TEMPLATE_KEYS)),
    *((f"object for {k}", _set(k, {"bogus": 1})) for k in sorted(TEMPLATE_KEYS)),
    ("unknown key", _set("colour", "blue")),
    ("schema not a string", _set("$schema", 5)),
    ("bad ref", _set("refs", ["1.4"])),
    ("duplicate ref", _set("refs", ["1.4.5", "1.4.5"])),
    ("no refs", _set("refs", [])),
    ("bad pathway", _set("pathways", ["nowhere"])),
    ("bad age", _set("child_age", "teen")),
    ("blank title", _set("title", "   ")),
    ("zero sessions", _set("sessions.min", 0)),
    ("bool count", _set("sessions.max", True)),
    ("bad label", _set("frequency.options.0.phases.0.label", "daily")),
    ("zero interval count", _set("frequency.options.0.phases.0.interval_count", 0)),
    ("bad condition", _set("review_points.0.condition", "bored")),
    ("extra in point", _set("review_points.0.colour", "red")),
    ("duplicate setting", _set("delivered_in", ["home", "home"])),
    ("bad setting", _set("delivered_in", ["clinic"])),
    ("bad homework flag", _set("sets_homework", "yes")),
    ("bad key", _set("key", "Has Spaces")),
]
PYTHON_ONLY = [  # what JSON Schema cannot say; the schema's description lists these
    ("min above max", _set("sessions.max", 4)),
    ("stray ref", _set("sessions.ref", "1.4.8")),
    ("label shape", _set("frequency.options.0.phases.0.interval_days", 10)),
    ("both span and until", _set("runs_until", {"until": "end_of_school_year", "ref": "1.4.5"})),
    ("offer without action", _set("review_points.0.offer", "home_visiting")),
    ("homework without ref", _set("homework_ref", None)),
    ("two timings", _set("review_points.1.after_session", 3)),
    ("unschedulable", _set("frequency", None)),
]


@pytest.mark.parametrize(("name", "mutate"), BOTH_REJECT, ids=[n for n, _ in BOTH_REJECT])
def test_schema_and_python_both_reject(
    name: str, mutate: Callable[[dict[str, Any]], None], schema: dict[str, Any]
) -> None:
    data = copy.deepcopy(_raw("psbt_parents"))
    mutate(data)
    assert schema_errors(data, schema, schema) != []
    with pytest.raises(TemplateError):
        parse_template(data, source="psbt_parents.json")


@pytest.mark.parametrize(("name", "mutate"), PYTHON_ONLY, ids=[n for n, _ in PYTHON_ONLY])
def test_python_also_checks_what_the_schema_cannot(
    name: str, mutate: Callable[[dict[str, Any]], None], schema: dict[str, Any]
) -> None:
    data = copy.deepcopy(_raw("psbt_parents"))
    mutate(data)
    assert schema_errors(data, schema, schema) == []
    with pytest.raises(TemplateError) as caught:
        parse_template(data, source="psbt_parents.json")
    assert caught.value.source == "psbt_parents.json"
    assert caught.value.problem


# --- loading from a folder ----------------------------------------------------------------


def _folder(root: Path, *keys: str) -> Path:
    (root / "programmes").mkdir(parents=True)
    for key in keys:
        _folder_add(root, key)
    return root


def test_load_from_a_folder_checks_pairs_and_offers(tmp_path: Path) -> None:
    root = _folder(tmp_path, "intensive_carer_support")
    with pytest.raises(TemplateError, match="runs_alongside"):
        load_templates(root)
    (root / "programmes" / "intensive_carer_support.json").unlink()
    _folder_add(root, "video_feedback_parents")
    with pytest.raises(TemplateError, match="offer"):
        load_templates(root)
    _folder_add(root, "psbt_parents")
    assert set(load_templates(root)) == {"video_feedback_parents", "psbt_parents"}


def _folder_add(root: Path, key: str) -> None:
    (root / "programmes" / f"{key}.json").write_text(json.dumps(_raw(key)), encoding="utf-8")


def test_load_rejects_bad_json_wrong_names_and_missing_folders(tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match="folder"):
        load_templates(tmp_path)
    root = _folder(tmp_path, "home_visiting")
    (root / "programmes" / "home_visiting.json").rename(root / "programmes" / "visits.json")
    with pytest.raises(TemplateError, match="file name"):
        load_templates(root)
    (root / "programmes" / "visits.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(TemplateError, match="unreadable"):
        load_templates(root)
    with pytest.raises(TemplateError, match="no such"):
        load_template("missing", _folder(tmp_path / "other", "home_visiting"))


def test_resources_root_finds_the_shipped_templates() -> None:
    assert (resources_root() / "programmes" / "schema.json").is_file()
