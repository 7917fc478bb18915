"""Prompts that help adults start life story work: the present first, everyday life, the child's choices."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class PromptTheme(StrEnum):
    """In the order adults are encouraged to work: today before the past."""

    NOW = "now"
    EVERYDAY = "everyday"
    CHOICES = "choices"
    PEOPLE = "people"
    PLACES = "places"
    EARLIER = "earlier"


THEME_ORDER: tuple[PromptTheme, ...] = tuple(PromptTheme)


@dataclass(frozen=True)
class StoryPrompt:
    """A starting point for an entry. `text` is the English source; the ui translates it by key."""

    key: str
    theme: PromptTheme
    text: str
    with_child: bool = True  # best done with the child, not only about them


# Written for this project from the practice points in reference/uk-practice.md (start early
# and in the present, record everyday life, keep offering the child choices).
PROMPTS: tuple[StoryPrompt, ...] = (
    StoryPrompt("now_bedroom", PromptTheme.NOW,
                "Take a photo of the child's room today and ask what they would like to say about it."),
    StoryPrompt("now_favourites", PromptTheme.NOW,
                "Make a page of favourite things right now: food, song, game, colour, programme."),
    StoryPrompt("now_good_at", PromptTheme.NOW,
                "Write down something the child is good at or proud of this week, "
                "in their words if they like."),
    StoryPrompt("now_who_lives_here", PromptTheme.NOW,
                "Who lives in this home at the moment, pets included? "
                "Add a photo if the child wants one."),
    StoryPrompt("everyday_ordinary_day", PromptTheme.EVERYDAY,
                "Describe an ordinary day: breakfast, school or nursery, what happens after, bedtime."),
    StoryPrompt("everyday_small_moment", PromptTheme.EVERYDAY,
                "Note a small good moment from today, such as a joke, a walk or a meal you made together."),
    StoryPrompt("everyday_firsts", PromptTheme.EVERYDAY,
                "Record a first: a lost tooth, a swim without armbands, a new friend, a school trip."),
    StoryPrompt("everyday_celebrations", PromptTheme.EVERYDAY,
                "Keep the birthday, festival or celebration: who was there, what you ate, a photo."),
    StoryPrompt("choices_pick_photo", PromptTheme.CHOICES,
                "Let the child choose which photos go in their story, and which stay out."),
    StoryPrompt("choices_title", PromptTheme.CHOICES,
                "Ask the child what this chapter should be called."),
    StoryPrompt("choices_not_now", PromptTheme.CHOICES,
                "Check whether the child wants to look at this now, later, or with someone in particular."),
    StoryPrompt("people_important", PromptTheme.PEOPLE,
                "Who matters to the child? Add them with a photo and how they are connected."),
    StoryPrompt("people_brothers_sisters", PromptTheme.PEOPLE,
                "Brothers and sisters, wherever they live: names, birthdays, something you share."),
    StoryPrompt("places_lived", PromptTheme.PLACES,
                "The homes, schools and favourite places so far, with what the child remembers of each."),
    StoryPrompt("places_keepsakes", PromptTheme.PLACES,
                "Photograph keepsakes and drawings before a move, so nothing is lost on the way."),
    StoryPrompt("earlier_born", PromptTheme.EARLIER,
                "Where and when the child was born, and the story of their name, if it is known.",
                with_child=False),
    StoryPrompt("earlier_why_care", PromptTheme.EARLIER,
                "Explain honestly, at the child's level, why they do not live with their birth family. "
                "Make clear it was not their fault. Share this together.",
                with_child=False),
)


def prompts(theme: PromptTheme | None = None) -> tuple[StoryPrompt, ...]:
    """All prompts in the recommended order, or those of one theme."""
    ordered = sorted(PROMPTS, key=lambda p: THEME_ORDER.index(p.theme))
    return tuple(p for p in ordered if theme is None or p.theme is theme)


def prompt(key: str) -> StoryPrompt:
    for item in PROMPTS:
        if item.key == key:
            return item
    raise KeyError(key)


def suggest(
    entry_count: int, used_keys: frozenset[str] = frozenset(), limit: int = 3
) -> tuple[StoryPrompt, ...]:
    """A few prompts to show next: the present while the story is young, then the rest in turn."""
    pool = [p for p in prompts() if p.key not in used_keys]
    if entry_count < 3:
        pool = [p for p in pool if p.theme in (PromptTheme.NOW, PromptTheme.EVERYDAY)] or pool
    if not pool:
        return ()
    start = (entry_count * limit) % len(pool)
    rotated = pool[start:] + pool[:start]
    return tuple(rotated[:limit])
