"""Warm, plain, non-stigmatising words for life story enums, badges, prompts and errors."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication, QDate, QLocale

from carer_app.domain.audience import ApproximateDate, DatePrecision, Visibility
from carer_app.domain.enums import Audience, ContactArrangement, PlaceKind, Relationship
from carer_app.domain.life_story_views import EntryView
from carer_app.domain.story_prompts import PromptTheme, StoryPrompt
from carer_app.services import errors
from carer_app.ui.messages import QT_TRANSLATE_NOOP, describe

CONTEXT = "life_story_words"


def _t(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


RELATIONSHIPS: dict[Relationship, str] = {
    Relationship.BIRTH_MOTHER: QT_TRANSLATE_NOOP(CONTEXT, "Birth mother"),
    Relationship.BIRTH_FATHER: QT_TRANSLATE_NOOP(CONTEXT, "Birth father"),
    Relationship.SIBLING: QT_TRANSLATE_NOOP(CONTEXT, "Brother or sister"),
    Relationship.HALF_SIBLING: QT_TRANSLATE_NOOP(CONTEXT, "Half-brother or half-sister"),
    Relationship.GRANDPARENT: QT_TRANSLATE_NOOP(CONTEXT, "Grandparent"),
    Relationship.AUNT_UNCLE: QT_TRANSLATE_NOOP(CONTEXT, "Aunt or uncle"),
    Relationship.COUSIN: QT_TRANSLATE_NOOP(CONTEXT, "Cousin"),
    Relationship.OTHER_RELATIVE: QT_TRANSLATE_NOOP(CONTEXT, "Other family"),
    Relationship.FOSTER_CARER: QT_TRANSLATE_NOOP(CONTEXT, "Foster carer"),
    Relationship.FORMER_FOSTER_CARER: QT_TRANSLATE_NOOP(CONTEXT, "Former foster carer"),
    Relationship.ADOPTIVE_PARENT: QT_TRANSLATE_NOOP(CONTEXT, "Adoptive parent"),
    Relationship.SPECIAL_GUARDIAN: QT_TRANSLATE_NOOP(CONTEXT, "Special guardian"),
    Relationship.TEACHER: QT_TRANSLATE_NOOP(CONTEXT, "Teacher"),
    Relationship.SOCIAL_WORKER: QT_TRANSLATE_NOOP(CONTEXT, "Social worker"),
    Relationship.FRIEND: QT_TRANSLATE_NOOP(CONTEXT, "Friend"),
    Relationship.OTHER: QT_TRANSLATE_NOOP(CONTEXT, "Someone else important"),
}
CONTACTS: dict[ContactArrangement, str] = {
    ContactArrangement.DIRECT: QT_TRANSLATE_NOOP(CONTEXT, "Direct contact"),
    ContactArrangement.SUPERVISED: QT_TRANSLATE_NOOP(CONTEXT, "Supervised contact"),
    ContactArrangement.LETTERBOX: QT_TRANSLATE_NOOP(CONTEXT, "Letterbox contact"),
    ContactArrangement.NONE: QT_TRANSLATE_NOOP(CONTEXT, "No contact at present"),
}
CONTACT_HINTS: dict[ContactArrangement, str] = {
    ContactArrangement.DIRECT: QT_TRANSLATE_NOOP(CONTEXT, "They see or talk to each other."),
    ContactArrangement.SUPERVISED: QT_TRANSLATE_NOOP(
        CONTEXT, "They meet with a worker or another adult there to support the visit."),
    ContactArrangement.LETTERBOX: QT_TRANSLATE_NOOP(
        CONTEXT, "Letters, cards or photos, passed on through the agency."),
    ContactArrangement.NONE: QT_TRANSLATE_NOOP(CONTEXT, "No contact is arranged at the moment."),
}
PLACE_KINDS: dict[PlaceKind, str] = {
    PlaceKind.HOME: QT_TRANSLATE_NOOP(CONTEXT, "A home lived in"),
    PlaceKind.SCHOOL: QT_TRANSLATE_NOOP(CONTEXT, "School or nursery"),
    PlaceKind.BIRTHPLACE: QT_TRANSLATE_NOOP(CONTEXT, "Where the child was born"),
    PlaceKind.FAVOURITE: QT_TRANSLATE_NOOP(CONTEXT, "A favourite place"),
    PlaceKind.OTHER: QT_TRANSLATE_NOOP(CONTEXT, "Another important place"),
}
AUDIENCES: dict[Audience, str] = {
    Audience.CHILD_NOW: QT_TRANSLATE_NOOP(CONTEXT, "For the child now"),
    Audience.TOGETHER: QT_TRANSLATE_NOOP(CONTEXT, "Together with an adult"),
    Audience.NOT_YET: QT_TRANSLATE_NOOP(CONTEXT, "Not yet"),
}
THEMES: dict[PromptTheme, str] = {
    PromptTheme.NOW: QT_TRANSLATE_NOOP(CONTEXT, "The present first"),
    PromptTheme.EVERYDAY: QT_TRANSLATE_NOOP(CONTEXT, "Everyday life"),
    PromptTheme.CHOICES: QT_TRANSLATE_NOOP(CONTEXT, "The child's choices"),
    PromptTheme.PEOPLE: QT_TRANSLATE_NOOP(CONTEXT, "People"),
    PromptTheme.PLACES: QT_TRANSLATE_NOOP(CONTEXT, "Places"),
    PromptTheme.EARLIER: QT_TRANSLATE_NOOP(CONTEXT, "Earlier on"),
}
SEASONS = {
    3: QT_TRANSLATE_NOOP(CONTEXT, "spring {year}"), 6: QT_TRANSLATE_NOOP(CONTEXT, "summer {year}"),
    9: QT_TRANSLATE_NOOP(CONTEXT, "autumn {year}"), 12: QT_TRANSLATE_NOOP(CONTEXT, "winter {year}"),
}


def relationship_words(value: Relationship | str) -> str:
    return _t(RELATIONSHIPS[Relationship(value)])


def contact_words(value: ContactArrangement | str) -> str:
    return _t(CONTACTS[ContactArrangement(value)])


def contact_hint(value: ContactArrangement | str) -> str:
    return _t(CONTACT_HINTS[ContactArrangement(value)])


def place_kind_words(value: PlaceKind | str) -> str:
    return _t(PLACE_KINDS[PlaceKind(value)])


def audience_words(value: Audience | str) -> str:
    return _t(AUDIENCES[Audience(value)])


def theme_words(value: PromptTheme) -> str:
    return _t(THEMES[value])


def prompt_words(item: StoryPrompt) -> str:
    # Prompts are data in the domain; their English text is the source string (context
    # "story_prompts"), so a translator finds each one once.
    return QCoreApplication.translate("story_prompts", item.text)


def long_date(day: date) -> str:
    return QLocale().toString(QDate(day.year, day.month, day.day), "d MMMM yyyy")


def month_year(day: date) -> str:
    return QLocale().toString(QDate(day.year, day.month, day.day), "MMMM yyyy")


def audience_badge(entry: EntryView) -> str:
    """The badge on the timeline: who can read the entry, and until when it is held."""
    if entry.audience is not Audience.NOT_YET:
        return audience_words(entry.audience)
    if entry.visibility is Visibility.TOGETHER:
        return _t("Released: read together with an adult")
    return not_yet_words(entry.release_at_age, entry.release_on)


def not_yet_words(age: int | None, on: date | None) -> str:
    if age is not None and on is not None:
        return _t("Not yet — until age {age} and {date}").format(age=age, date=long_date(on))
    if age is not None:
        return _t("Not yet — until age {age}").format(age=age)
    if on is not None:
        return _t("Not yet — until {date}").format(date=long_date(on))
    return _t("Not yet — until an adult decides")


def sorted_as(placed: ApproximateDate, has_birth_date: bool) -> str:
    """Live feedback beside the date words: where the entry will sit on the timeline."""
    day = placed.sort_date
    if not placed.text:
        return _t("No date: listed after the dated entries.")
    if day is None:
        if not has_birth_date:
            return _t("Kept as written, listed after dated entries. Ages like \u201cwhen you "
                      "were 3\u201d are placed once the child's date of birth is known.")
        return _t("Kept as written, listed after the dated entries.")
    match placed.precision:
        case DatePrecision.DAY:
            when = long_date(day)
        case DatePrecision.SEASON if day.month in SEASONS:
            when = _t(SEASONS[day.month]).format(year=day.year)
        case DatePrecision.YEAR if day.month == 1:
            when = str(day.year)
        case DatePrecision.AGE:
            when = _t("about {when}").format(when=month_year(day))
        case _:
            when = month_year(day)
    return _t("Sorted as {when}").format(when=when)


ERRORS: dict[str, str] = {
    "empty_name": QT_TRANSLATE_NOOP(CONTEXT, "Please give a name."),
    "empty_title": QT_TRANSLATE_NOOP(CONTEXT, "Please give a title."),
    "invalid_release_age": QT_TRANSLATE_NOOP(CONTEXT, "Choose an age between 0 and 25."),
    "person_not_linked": QT_TRANSLATE_NOOP(
        CONTEXT, "One of the people chosen is no longer linked to this child."),
    "photo_of_other_child": QT_TRANSLATE_NOOP(
        CONTEXT, "One of the photos belongs to another child's story."),
    "invalid_pin": QT_TRANSLATE_NOOP(CONTEXT, "A PIN is 4 to 8 digits."),
    "weak_pin": QT_TRANSLATE_NOOP(
        CONTEXT, "That PIN is easy to guess. Avoid the same digit again and again, or a run like 1234."),
    "already_linked": QT_TRANSLATE_NOOP(CONTEXT, "This person is already in the child's list."),
}


def error_words(error: BaseException) -> str:
    """A sentence for a failed life story action; anything else as the shell says it."""
    if isinstance(error, errors.NotAllowed) and error.reason in ERRORS:
        return _t(ERRORS[error.reason])
    if isinstance(error, errors.NotFound):
        return _t("This was removed or changed elsewhere. The list has been refreshed.")
    return describe(error).text


# The prompts' English text, marked here so lupdate extracts it (context "story_prompts");
# a test keeps this list equal to the domain's.
PROMPT_SOURCES: dict[str, str] = {
    "now_bedroom": QT_TRANSLATE_NOOP("story_prompts", (
        "Take a photo of the child's room today and ask what they would like to say about"
        " it.")),
    "now_favourites": QT_TRANSLATE_NOOP(
        "story_prompts", "Make a page of favourite things right now: food, song, game, colour, programme."),
    "now_good_at": QT_TRANSLATE_NOOP("story_prompts", (
        "Write down something the child is good at or proud of this week, in their words "
        "if they like.")),
    "now_who_lives_here": QT_TRANSLATE_NOOP("story_prompts", (
        "Who lives in this home at the moment, pets included? Add a photo if the child "
        "wants one.")),
    "everyday_ordinary_day": QT_TRANSLATE_NOOP("story_prompts", (
        "Describe an ordinary day: breakfast, school or nursery, what happens after, "
        "bedtime.")),
    "everyday_small_moment": QT_TRANSLATE_NOOP("story_prompts", (
        "Note a small good moment from today, such as a joke, a walk or a meal you made "
        "together.")),
    "everyday_firsts": QT_TRANSLATE_NOOP("story_prompts", (
        "Record a first: a lost tooth, a swim without armbands, a new friend, a school "
        "trip.")),
    "everyday_celebrations": QT_TRANSLATE_NOOP("story_prompts", (
        "Keep the birthday, festival or celebration: who was there, what you ate, a "
        "photo.")),
    "choices_pick_photo": QT_TRANSLATE_NOOP(
        "story_prompts", "Let the child choose which photos go in their story, and which stay out."),
    "choices_title": QT_TRANSLATE_NOOP(
        "story_prompts", "Ask the child what this chapter should be called."),
    "choices_not_now": QT_TRANSLATE_NOOP("story_prompts", (
        "Check whether the child wants to look at this now, later, or with someone in "
        "particular.")),
    "people_important": QT_TRANSLATE_NOOP(
        "story_prompts", "Who matters to the child? Add them with a photo and how they are connected."),
    "people_brothers_sisters": QT_TRANSLATE_NOOP(
        "story_prompts", "Brothers and sisters, wherever they live: names, birthdays, something you share."),
    "places_lived": QT_TRANSLATE_NOOP("story_prompts", (
        "The homes, schools and favourite places so far, with what the child remembers of"
        " each.")),
    "places_keepsakes": QT_TRANSLATE_NOOP(
        "story_prompts", "Photograph keepsakes and drawings before a move, so nothing is lost on the way."),
    "earlier_born": QT_TRANSLATE_NOOP(
        "story_prompts", "Where and when the child was born, and the story of their name, if it is known."),
    "earlier_why_care": QT_TRANSLATE_NOOP("story_prompts", (
        "Explain honestly, at the child's level, why they do not live with their birth "
        "family. Make clear it was not their fault. Share this together.")),
}
