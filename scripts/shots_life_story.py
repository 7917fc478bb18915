"""Screenshots of the life story authoring screens and a book page, on the demo vault (xshot runs this)."""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from carer_app.domain.life_story_views import PersonDetails
from carer_app.services import children, life_story, people_places, photos, storybook
from carer_app.services.demo import build_demo
from carer_app.services.life_story_book import PaperSize, make_book
from carer_app.ui import workers
from carer_app.ui.app_session import AppSession
from carer_app.ui.life_story_screen import LifeStoryScreen
from carer_app.ui.people_places_screen import PeoplePlacesScreen
from carer_app.ui.screen_registry import ScreenContext
from carer_app.ui.settings import UiSettings

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
EXTRA = Path(tempfile.gettempdir()) / "life-story-shots"  # for looking at, not for the docs


def dark_palette() -> QPalette:
    """A complete dark palette (alternate rows included), as a dark desktop theme gives."""
    palette = QPalette()
    for role, colour in (
        (QPalette.ColorRole.Window, "#202124"), (QPalette.ColorRole.WindowText, "#E8EAED"),
        (QPalette.ColorRole.Base, "#2B2C2F"), (QPalette.ColorRole.AlternateBase, "#323336"),
        (QPalette.ColorRole.Text, "#E8EAED"), (QPalette.ColorRole.Button, "#3C4043"),
        (QPalette.ColorRole.ButtonText, "#E8EAED"), (QPalette.ColorRole.Highlight, "#8AB4F8"),
        (QPalette.ColorRole.HighlightedText, "#202124"), (QPalette.ColorRole.ToolTipBase, "#3C4043"),
        (QPalette.ColorRole.ToolTipText, "#E8EAED"), (QPalette.ColorRole.PlaceholderText, "#9AA0A6"),
    ):
        palette.setColor(role, QColor(colour))
    return palette


def settle(app: QApplication, seconds: float = 0.6) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end or workers.running():
        app.processEvents()
        time.sleep(0.02)


def shoot(app: QApplication, widget: QWidget, path: Path) -> None:
    settle(app)
    widget.grab().save(str(path))
    print("wrote", path)


def main() -> int:
    app = QApplication(sys.argv)
    dark = "--dark" in sys.argv
    if dark:
        app.setStyle("Fusion")
        app.setPalette(dark_palette())
    OUT.mkdir(parents=True, exist_ok=True)
    EXTRA.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="life-story-shot-")) / "vault"
    vault = build_demo(folder)
    maisie = children.find_child(vault, "Maisie").id
    born = next(e.id for e in life_story.timeline(vault, maisie) if e.title == "Where I was born")
    storybook.request_talk(vault, maisie, born)  # as if Maisie pressed the button
    # A page with everything on it: dates known and photos from contact visits.
    dawn = next(p for p in people_places.list_people(vault, maisie) if p.relationship == "birth_mother")
    people_places.update_person(vault, maisie, dawn.id, PersonDetails(
        dawn.name, dawn.relationship, dawn.contact_arrangement, "Once a month, with Harriet.",
        dawn.notes, "all your life", dawn.do_not_share_location))
    people_places.set_person_photos(vault, maisie, dawn.id,
                                    [p.id for p in photos.list_photos(vault, maisie)[:4]])
    session = AppSession(folder)
    session.open(vault)
    context = ScreenContext(session, UiSettings(str(EXTRA / "settings.ini")), None)  # type: ignore[arg-type]
    suffix = "_dark" if dark else ""
    target = EXTRA if dark else OUT

    people = PeoplePlacesScreen(context)
    people.resize(1100, 640)
    people.show()
    people.set_child(maisie)
    settle(app)
    people.people.select(dawn.id)
    shoot(app, people, target / f"person_page{suffix}.png")
    people.tabs.setCurrentWidget(people.places)
    shoot(app, people, EXTRA / f"places{suffix}.png")
    editor = people.edit(people.people)
    if editor is not None:
        shoot(app, editor, EXTRA / f"person_editor{suffix}.png")
        editor.reject()

    screen = LifeStoryScreen(context)
    screen.resize(1100, 640)
    screen.show()
    screen.set_child(maisie)
    settle(app)
    letter = next(e.id for e in life_story.timeline(vault, maisie) if e.is_later_life_letter)
    screen.timeline.select("entry", letter)
    shoot(app, screen, target / f"story_timeline{suffix}.png")
    entry_editor = screen.timeline.edit_selected()
    if entry_editor is not None:
        shoot(app, entry_editor, EXTRA / f"entry_editor{suffix}.png")
        entry_editor.close()
    book_dialog = screen.open_book_dialog()
    if book_dialog is not None:
        shoot(app, book_dialog, EXTRA / f"book_dialog{suffix}.png")
        book_dialog.reject()

    if not dark:
        pdf = EXTRA / "book.pdf"
        pdf.write_bytes(make_book(vault, maisie, paper=PaperSize.A5))
        for page in (1, 2):
            stem = EXTRA / f"book-page-{page}"
            subprocess.run(["pdftoppm", "-png", "-r", "72", "-f", str(page), "-l", str(page),
                            "-singlefile", str(pdf), str(stem)], check=True)
        (EXTRA / "book-page-2.png").replace(OUT / "life_story_book_page.png")
        print("wrote", OUT / "life_story_book_page.png")
    settle(app)
    session.lock()
    return 0


if __name__ == "__main__":
    sys.exit(main())
