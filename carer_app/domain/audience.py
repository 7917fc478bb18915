"""Who may read a life story entry and from when, and approximate dates ("spring 2019") for the timeline."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Final

from carer_app.domain.calendar_math import add_months as add_months
from carer_app.domain.enums import Audience

# Rules (DESIGN.md section 7; reference/uk-practice.md, later-life letters):
# - "child_now" entries are open to the child alone.
# - "together" entries show only while an adult has unlocked together mode in person.
# - "not_yet" entries are held. With a release date and/or age they are released on that day
#   (both given: the later of the two, so every condition the adult set is met). With neither,
#   or with an age but no known date of birth, they stay held until an adult changes them.
# - A released "not_yet" entry (a later-life letter) is read *together* with an adult: such
#   letters often say hard things, so the first reading should not happen alone. Once it has
#   been read, the adult may change its audience to "child_now". The rule needs no record of a
#   "first reading", so it can never be bypassed by a missing or lost record.
MAX_RELEASE_AGE: Final = 25


class Visibility(StrEnum):
    """What an entry is for the child today."""

    OPEN = "open"  # the child may read it alone
    TOGETHER = "together"  # only with an adult beside them (together mode unlocked)
    HELD = "held"  # not yet: never shown


def add_years(day: date, years: int) -> date:
    """`day` moved by whole years; 29 February becomes 1 March (the legal birthday in England)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 3, 1)


def release_date(
    release_on: date | None, release_at_age: int | None, date_of_birth: date | None
) -> date | None:
    """The day a held entry is released, or None when it is held until an adult decides."""
    candidates: list[date] = []
    if release_at_age is not None:
        if date_of_birth is None:
            return None  # an age we cannot place in time: keep holding
        candidates.append(add_years(date_of_birth, release_at_age))
    if release_on is not None:
        candidates.append(release_on)
    return max(candidates) if candidates else None


def visibility(
    audience: Audience | str,
    *,
    release_on: date | None,
    release_at_age: int | None,
    date_of_birth: date | None,
    today: date,
) -> Visibility:
    audience = Audience(audience)
    if audience is Audience.CHILD_NOW:
        return Visibility.OPEN
    if audience is Audience.TOGETHER:
        return Visibility.TOGETHER
    released = release_date(release_on, release_at_age, date_of_birth)
    if released is not None and today >= released:
        return Visibility.TOGETHER
    return Visibility.HELD


def shown_to_child(seen: Visibility, together_unlocked: bool) -> bool:
    """Whether the child may see an entry of this visibility right now."""
    if seen is Visibility.OPEN:
        return True
    return seen is Visibility.TOGETHER and together_unlocked


def is_visible_to_child(
    audience: Audience | str,
    *,
    release_on: date | None,
    release_at_age: int | None,
    date_of_birth: date | None,
    today: date,
    together_unlocked: bool,
) -> bool:
    seen = visibility(
        audience, release_on=release_on, release_at_age=release_at_age,
        date_of_birth=date_of_birth, today=today,
    )
    return shown_to_child(seen, together_unlocked)


# -- approximate dates ------------------------------------------------------------------------


class DatePrecision(StrEnum):
    DAY = "day"
    MONTH = "month"
    SEASON = "season"
    YEAR = "year"
    AGE = "age"  # placed from the child's date of birth
    NONE = "none"  # kept as text only ("most Saturdays")


@dataclass(frozen=True)
class ApproximateDate:
    """The words the adult wrote, and the day used to place them on the timeline."""

    text: str
    sort_date: date | None
    precision: DatePrecision


_MONTHS: Final = {
    name: number
    for number, names in enumerate(
        (("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
         ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
         ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
         ("december", "dec")),
        start=1,
    )
    for name in names
}
# Meteorological seasons as used in the UK; each placed at its first day.
_SEASONS: Final = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}
_PART_OF_YEAR: Final = {
    "early": 1, "start of": 1, "beginning of": 1, "mid": 6, "middle of": 6, "late": 10,
    "end of": 10,
}
_NUMBER_WORDS: Final = {
    word: n for n, word in enumerate(
        ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
         "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen")
    )
}
_NUMBER: Final = r"(\d{1,2}|" + "|".join(_NUMBER_WORDS) + r")"
_MONTH: Final = "(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_ORD: Final = r"(?:st|nd|rd|th)?"
_HEDGE: Final = re.compile(r"^(?:in |on |around |about |circa |c\. ?|roughly |approx\.? )+")


def _number(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBER_WORDS[word]


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _calendar(text: str) -> tuple[date | None, DatePrecision] | None:
    y, m, d = r"(?P<y>\d{4})", r"(?P<m>\d{1,2})", r"(?P<d>\d{1,2})"
    name = _MONTH.replace("(", "(?P<mn>", 1)
    patterns: list[tuple[str, DatePrecision]] = [
        (rf"{y}-{m}-{d}", DatePrecision.DAY),
        (rf"{y}-{m}", DatePrecision.MONTH),
        (rf"{d}[/.]{m}[/.]{y}", DatePrecision.DAY),  # UK order: day first
        (rf"{m}[/.]{y}", DatePrecision.MONTH),
        (rf"{d}{_ORD} (?:of )?{name},? {y}", DatePrecision.DAY),
        (rf"{name} {d}{_ORD},? {y}", DatePrecision.DAY),
        (rf"{name},? {y}", DatePrecision.MONTH),
        (y, DatePrecision.YEAR),
    ]
    for pattern, precision in patterns:
        match = re.fullmatch(pattern, text)
        if match is None:
            continue
        found = match.groupdict()
        month = _MONTHS[found["mn"]] if found.get("mn") else int(found.get("m") or 1)
        return _safe_date(int(found["y"]), month, int(found.get("d") or 1)), precision
    return None


def _season_or_part(text: str) -> date | None:
    match = re.fullmatch(r"(spring|summer|autumn|fall|winter|christmas) (?:of )?(\d{4})", text)
    if match:
        year = int(match.group(2))
        return date(year, 12, 25) if match.group(1) == "christmas" else date(
            year, _SEASONS[match.group(1)], 1
        )
    parts = "|".join(_PART_OF_YEAR)
    match = re.fullmatch(rf"({parts}) (\d{{4}})", text)
    if match:
        return date(int(match.group(2)), _PART_OF_YEAR[match.group(1)], 1)
    return None


def _from_birth(text: str, dob: date) -> tuple[date, DatePrecision] | None:
    text, said_when = re.subn(
        r"^(?:when|from when|since|for when) (?:you were|i was|you are|you're|i'm) ", "", text
    )
    text = re.sub(r"^(?:for |on )?(?:your|my) ", "your ", text)
    if text in ("born", "the day you were born", "when you were born", "birth"):
        return dob, DatePrecision.DAY
    if text in ("a baby", "a tiny baby", "little", "a newborn"):
        return dob, DatePrecision.AGE
    if text == "a toddler":
        return add_years(dob, 2), DatePrecision.AGE
    match = re.fullmatch(rf"your (\d{{1,2}}){_ORD} birthday", text)
    if match:
        return add_years(dob, int(match.group(1))), DatePrecision.DAY
    match = re.fullmatch(rf"(?:about |around |nearly |almost )?{_NUMBER} months? old", text)
    if match:
        return add_months(dob, _number(match.group(1))), DatePrecision.AGE
    match = re.fullmatch(
        rf"(?:(?:at )?(?:the )?age(?:d)?(?: of)? )?(about |around |nearly |almost |just )?{_NUMBER}"
        r"( years? old| yrs?)?",
        text,
    )
    # A bare number is not an age: it needs "when you were", "aged", "about" or "years old".
    cue = match is not None and (
        bool(said_when) or match.group(3) is not None or match.group(0) != match.group(2)
    )
    if match and cue:
        years = _number(match.group(2))
        when = add_years(dob, years)
        if (match.group(1) or "").strip() in ("nearly", "almost"):
            when -= timedelta(days=90)
        return when, DatePrecision.AGE
    return None


def parse_date_text(text: str | None, date_of_birth: date | None = None) -> ApproximateDate:
    """Place exact or approximate words on the timeline; the words themselves are kept as given."""
    original = (text or "").strip()
    norm = " ".join(original.casefold().replace(",", ", ").split()).replace(" ,", ",")
    norm = _HEDGE.sub("", norm).strip()
    calendar = _calendar(norm)
    if calendar is not None:
        return ApproximateDate(original, calendar[0], calendar[1] if calendar[0] else DatePrecision.NONE)
    seasonal = _season_or_part(norm)
    if seasonal is not None:
        precision = DatePrecision.DAY if norm.startswith("christmas") else (
            DatePrecision.SEASON if norm.split()[0] in _SEASONS else DatePrecision.YEAR
        )
        return ApproximateDate(original, seasonal, precision)
    if date_of_birth is not None and norm:
        placed = _from_birth(norm, date_of_birth)
        if placed is not None:
            return ApproximateDate(original, placed[0], placed[1])
    return ApproximateDate(original, None, DatePrecision.NONE)


def timeline_key(sort_date: date | None, position: int) -> tuple[bool, date, int]:
    """Dated entries in date order, then undated ones; ties keep the adult's order."""
    return (sort_date is None, sort_date or date.max, position)
