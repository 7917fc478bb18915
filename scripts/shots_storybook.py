"""Two storybook pages on the demo vault, saved to docs/screenshots/ (run under xshot, a real X server)."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

os.environ.setdefault("CARER_APP_KDF_TARGET_MS", "0")  # the demo's key setup at its floor: faster

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from carer_app.domain.enums import Feeling
from carer_app.services import children, storybook
from carer_app.services.demo import build_demo
from carer_app.ui.app_session import AppSession
from carer_app.ui.storybook_window import StorybookWindow

OUT = Path(os.environ.get("SHOTS_DIR", Path(__file__).resolve().parents[1] / "docs" / "screenshots"))
SETTLE_MS = 900


def main() -> int:
    app = QApplication(sys.argv)
    app.setStyle("Fusion")
    dark = "--dark" in sys.argv
    if dark:
        from shot_crisis_card import dark_palette

        app.setPalette(dark_palette())
    folder = Path(tempfile.mkdtemp(prefix="storybook-shot-")) / "vault"
    vault = build_demo(folder)
    maisie = next(c for c in children.list_children(vault) if c.preferred_name == "Maisie")
    storybook.set_storybook_pin(vault, vault.user_id or "", "2580")
    pages = storybook.pages(vault, maisie.id, date.today(), True)
    robin = next(p for p in pages if p.title.startswith("Coming to live"))
    storybook.set_feeling(vault, maisie.id, robin.entry_id, Feeling.UNSURE)
    storybook.request_talk(vault, maisie.id, robin.entry_id)
    session = AppSession(folder)
    session.open(vault)
    window = StorybookWindow(session, maisie.id)
    suffix = "_dark" if dark else ""
    # --language qps-plocm: a look at right-to-left and stretched words (after the saved one loads)
    tag = sys.argv[sys.argv.index("--language") + 1] if "--language" in sys.argv else None
    suffix += f"_{tag}" if tag else ""

    def shoot(number: int) -> None:
        path = OUT / f"storybook_page_{number}{suffix}.png"
        app.primaryScreen().grabWindow(0).save(str(path))
        print("saved", path)

    def first_shot() -> None:
        shoot(1)
        window.set_together(True)  # as a grown-up would, with the PIN

    def first_page() -> None:
        if tag:
            window.apply_language(tag)
        QTimer.singleShot(SETTLE_MS, first_shot)

    # One step each time a page has been shown: the first page (a photo page), then a grown-up
    # turns on reading together and the child goes to the page where they chose a face.
    steps: Iterator[Callable[[], None]] = iter([
        first_page,
        lambda: window.reader.go_to(robin.entry_id),
        lambda: QTimer.singleShot(SETTLE_MS, lambda: shoot(2)),
    ])

    def shown(_entry_id: str) -> None:
        step = next(steps, None)
        if step is not None:
            step()

    window.page_shown.connect(shown)
    window.show_full_screen()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
