"""Who may read an entry, and from when: open, together, held, released."""

from __future__ import annotations

from datetime import date

import pytest

from carer_app.domain.audience import (
    Visibility,
    add_years,
    is_visible_to_child,
    release_date,
    shown_to_child,
    visibility,
)
from carer_app.domain.enums import Audience

DOB = date(2015, 6, 10)


def seen(audience: Audience, today: date, *, on: date | None = None, age: int | None = None,
         dob: date | None = DOB) -> Visibility:
    return visibility(audience, release_on=on, release_at_age=age, date_of_birth=dob, today=today)


def test_child_now_is_open_and_together_needs_an_adult() -> None:
    assert seen(Audience.CHILD_NOW, date(2020, 1, 1)) is Visibility.OPEN
    assert seen(Audience.TOGETHER, date(2020, 1, 1)) is Visibility.TOGETHER
    assert shown_to_child(Visibility.OPEN, together_unlocked=False)
    assert not shown_to_child(Visibility.TOGETHER, together_unlocked=False)
    assert shown_to_child(Visibility.TOGETHER, together_unlocked=True)
    assert not shown_to_child(Visibility.HELD, together_unlocked=True)


def test_not_yet_with_a_date_opens_on_that_day_as_together() -> None:
    on = date(2030, 3, 1)
    assert seen(Audience.NOT_YET, date(2030, 2, 28), on=on) is Visibility.HELD
    assert seen(Audience.NOT_YET, on, on=on) is Visibility.TOGETHER
    assert seen(Audience.NOT_YET, date(2031, 1, 1), on=on) is Visibility.TOGETHER


def test_not_yet_with_an_age_opens_on_that_birthday() -> None:
    assert seen(Audience.NOT_YET, date(2031, 6, 9), age=16) is Visibility.HELD
    assert seen(Audience.NOT_YET, date(2031, 6, 10), age=16) is Visibility.TOGETHER


def test_not_yet_without_a_condition_or_without_a_birth_date_stays_held() -> None:
    far = date(2100, 1, 1)
    assert seen(Audience.NOT_YET, far) is Visibility.HELD
    assert seen(Audience.NOT_YET, far, age=16, dob=None) is Visibility.HELD
    assert release_date(None, 16, None) is None


def test_date_and_age_together_wait_for_the_later() -> None:
    assert release_date(date(2030, 1, 1), 16, DOB) == date(2031, 6, 10)
    assert release_date(date(2032, 1, 1), 16, DOB) == date(2032, 1, 1)


def test_leap_day_birthdays_fall_on_first_of_march() -> None:
    assert add_years(date(2016, 2, 29), 1) == date(2017, 3, 1)
    assert add_years(date(2016, 2, 29), 4) == date(2020, 2, 29)


@pytest.mark.parametrize("unlocked", [False, True])
def test_held_entries_are_never_visible(unlocked: bool) -> None:
    assert not is_visible_to_child(
        Audience.NOT_YET, release_on=date(2099, 1, 1), release_at_age=None, date_of_birth=DOB,
        today=date(2025, 1, 1), together_unlocked=unlocked,
    )


def test_unknown_audience_is_an_error() -> None:
    with pytest.raises(ValueError):
        seen("everyone", date(2020, 1, 1))  # type: ignore[arg-type]
