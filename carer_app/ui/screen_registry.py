"""The main window's screens, in order: a feature plugs its screen in by editing one line here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from carer_app.ui.app_session import AppSession
from carer_app.ui.crisis_access import CrisisLauncher
from carer_app.ui.empty_state import EmptyStateScreen
from carer_app.ui.messages import QT_TRANSLATE_NOOP
from carer_app.ui.settings import UiSettings


@dataclass(frozen=True)
class ScreenContext:
    """What a screen may use. It asks `session` for work; it never keeps the vault itself."""

    session: AppSession
    settings: UiSettings
    launcher: CrisisLauncher


class Screen(Protocol):
    """Every screen can drop what it shows (on lock) and follow the chosen child."""

    def clear(self) -> None: ...

    def set_child(self, child_id: str | None) -> None: ...


@dataclass(frozen=True)
class ScreenSpec:
    key: str  # stable: remembered in settings as the last screen
    title: str  # source text, marked for lupdate; shown through `title_of`
    factory: Callable[[ScreenContext], QWidget]


def _t(text: str) -> str:
    return QCoreApplication.translate("screens", text)


def title_of(spec: ScreenSpec) -> str:
    return _t(spec.title)


def _empty(title: str, body: str) -> Callable[[ScreenContext], QWidget]:
    return lambda _context: EmptyStateScreen(_t(title), _t(body))


def _adults(context: ScreenContext) -> QWidget:
    from carer_app.ui.users_panel import UsersPanel

    return UsersPanel(context.session)


def _programmes(context: ScreenContext) -> QWidget:
    from carer_app.ui.programmes_screen import ProgrammesScreen

    return ProgrammesScreen(context.session)


def _observations(context: ScreenContext) -> QWidget:
    from carer_app.ui.observations_screen import ObservationsScreen

    return ObservationsScreen(context.session)


def _life_story(context: ScreenContext) -> QWidget:
    from carer_app.ui.life_story_screen import LifeStoryScreen

    return LifeStoryScreen(context)


def _people_places(context: ScreenContext) -> QWidget:
    from carer_app.ui.people_places_screen import PeoplePlacesScreen

    return PeoplePlacesScreen(context)


def _settings(context: ScreenContext) -> QWidget:
    from carer_app.ui.settings_screen import SettingsScreen

    return SettingsScreen(context)


_LIFE_STORY = QT_TRANSLATE_NOOP("screens", "Life story")
_PEOPLE = QT_TRANSLATE_NOOP("screens", "People and places")
_HOMEWORK = QT_TRANSLATE_NOOP("screens", "Homework and sessions")
_OBSERVATIONS = QT_TRANSLATE_NOOP("screens", "Observations")
_TRANSITIONS = QT_TRANSLATE_NOOP("screens", "Transitions")
_EXPORT = QT_TRANSLATE_NOOP("screens", "Export and backup")
_ADULTS = QT_TRANSLATE_NOOP("screens", "Adults")
_SETTINGS = QT_TRANSLATE_NOOP("screens", "Settings")

# One line per screen. A feature replaces its `_empty(...)` with its own factory.
SCREENS: tuple[ScreenSpec, ...] = (
    ScreenSpec("life_story", _LIFE_STORY, _life_story),
    ScreenSpec("people_places", _PEOPLE, _people_places),
    ScreenSpec("homework", _HOMEWORK, _programmes),
    ScreenSpec("observations", _OBSERVATIONS, _observations),
    ScreenSpec("transitions", _TRANSITIONS, _empty(_TRANSITIONS, QT_TRANSLATE_NOOP(
        "screens", "Checklists for moves and changes of school, so that visits, questions, "
        "relationships and school places are not missed."))),
    ScreenSpec("export_backup", _EXPORT, _empty(_EXPORT, QT_TRANSLATE_NOOP(
        "screens", "Encrypted exports for the local authority, and backups of the whole vault "
        "to a USB stick or another folder."))),
    ScreenSpec("adults", _ADULTS, _adults),
    ScreenSpec("settings", _SETTINGS, _settings),
)
DEFAULT_SCREEN = SCREENS[0].key


def spec_for(key: str) -> ScreenSpec | None:
    return next((spec for spec in SCREENS if spec.key == key), None)


def screen_modules(first: str) -> list[str]:
    """The ui modules the screens' factories import, `first`'s own first: loaded ahead of time
    after the lock screen paints, so unlocking does not wait for them. Read from each factory's
    compiled `from ... import`, so a new screen needs no extra line here."""
    ordered = sorted(SCREENS, key=lambda spec: spec.key != first)
    found: list[str] = []
    for spec in ordered:
        code = getattr(spec.factory, "__code__", None)
        for name in code.co_names if code is not None else ():
            if name.startswith("carer_app.ui.") and name not in found:
                found.append(name)
    return found
