"""Exact and approximate dates placed on the timeline, the words kept as written."""

from __future__ import annotations

from datetime import date

import pytest

from carer_app.domain.audience import DatePrecision, parse_date_text, timeline_key
from carer_app.domain.story_prompts import PromptTheme, prompt, prompts, suggest

DOB = date(2016, 2, 29)


@pytest.mark.parametrize(
    ("text", "expected", "precision"),
    [
        ("spring 2019", date(2019, 3, 1), DatePrecision.SEASON),
        ("Summer 2023", date(2023, 6, 1), DatePrecision.SEASON),
        ("autumn of 2021", date(2021, 9, 1), DatePrecision.SEASON),
        ("winter 2020", date(2020, 12, 1), DatePrecision.SEASON),
        ("Christmas 2020", date(2020, 12, 25), DatePrecision.DAY),
        ("2019-04", date(2019, 4, 1), DatePrecision.MONTH),
        ("2019-04-07", date(2019, 4, 7), DatePrecision.DAY),
        ("12 March 2020", date(2020, 3, 12), DatePrecision.DAY),
        ("12th of March, 2020", date(2020, 3, 12), DatePrecision.DAY),
        ("March 12, 2020", date(2020, 3, 12), DatePrecision.DAY),
        ("12/03/2020", date(2020, 3, 12), DatePrecision.DAY),  # UK: day first
        ("Sept 2020", date(2020, 9, 1), DatePrecision.MONTH),
        ("in 2019", date(2019, 1, 1), DatePrecision.YEAR),
        ("late 2019", date(2019, 10, 1), DatePrecision.YEAR),
        ("around early 2018", date(2018, 1, 1), DatePrecision.YEAR),
        ("when you were about 3", date(2019, 3, 1), DatePrecision.AGE),
        ("when you were three", date(2019, 3, 1), DatePrecision.AGE),
        ("aged 5", date(2021, 3, 1), DatePrecision.AGE),
        ("4 years old", date(2020, 2, 29), DatePrecision.AGE),
        ("18 months old", date(2017, 8, 29), DatePrecision.AGE),
        ("when you were a baby", DOB, DatePrecision.AGE),
        ("when you were born", DOB, DatePrecision.DAY),
        ("For your 16th birthday", date(2032, 2, 29), DatePrecision.DAY),
    ],
)
def test_places_words_on_the_timeline(text: str, expected: date, precision: DatePrecision) -> None:
    parsed = parse_date_text(text, DOB)
    assert parsed.text == text
    assert parsed.sort_date == expected
    assert parsed.precision is precision


@pytest.mark.parametrize("text", ["Most Saturdays", "", "about 3", "31/02/2020", "13-2019", "soon"])
def test_unplaceable_words_are_kept_as_text_only(text: str) -> None:
    parsed = parse_date_text(text, DOB)
    assert parsed.sort_date is None
    assert parsed.precision is DatePrecision.NONE
    assert parsed.text == text


def test_ages_need_a_date_of_birth() -> None:
    assert parse_date_text("when you were about 3").sort_date is None
    assert parse_date_text("spring 2019").sort_date == date(2019, 3, 1)
    assert parse_date_text(None).text == ""


def test_timeline_key_puts_undated_last_and_keeps_order_on_ties() -> None:
    items = [(None, 0), (date(2020, 1, 1), 2), (date(2019, 1, 1), 5), (date(2020, 1, 1), 1)]
    ordered = sorted(items, key=lambda i: timeline_key(*i))
    assert ordered == [(date(2019, 1, 1), 5), (date(2020, 1, 1), 1), (date(2020, 1, 1), 2), (None, 0)]


def test_prompts_start_with_the_present_and_have_unique_keys() -> None:
    all_prompts = prompts()
    assert all_prompts[0].theme is PromptTheme.NOW
    assert len({p.key for p in all_prompts}) == len(all_prompts)
    assert all(p.text.strip() for p in all_prompts)
    assert prompt("choices_title").theme is PromptTheme.CHOICES
    assert {p.theme for p in suggest(0)} <= {PromptTheme.NOW, PromptTheme.EVERYDAY}
    assert len(suggest(10, limit=4)) == 4
    everything = frozenset(p.key for p in all_prompts)
    assert suggest(5, used_keys=everything) == ()
