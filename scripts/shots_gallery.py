"""Screenshots of the gallery, the photo viewer and an import's per-file report, on the demo vault.

Run under a real X server (xshot): the demo vault is built in a temp dir, one photo is tagged,
then each widget is grabbed into docs/screenshots/. `--dark` grabs a dark-palette gallery as well.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QTimer
from PySide6.QtWidgets import QApplication, QWidget

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
sys.path.insert(0, str(ROOT / "tests" / "support"))


def main() -> int:
    os.environ.setdefault("CARER_APP_KDF_TARGET_MS", "0")
    from carer_app.services import children, demo, life_story, people_places, photos
    from carer_app.ui import workers
    from carer_app.ui.app_session import AppSession
    from carer_app.ui.gallery_panel import GalleryPanel

    app = QApplication(sys.argv)
    app.setStyle("Fusion")
    if "--dark" in sys.argv:
        from shot_crisis_card import dark_palette  # type: ignore[import-not-found]

        app.setPalette(dark_palette())
    tmp = Path(tempfile.mkdtemp(prefix="gallery-shot-"))
    folder = tmp / "vault"
    vault = demo.build_demo(folder)
    child = max(children.list_children(vault), key=lambda c: len(photos.list_photos(vault, c.id)))
    shown = photos.list_photos(vault, child.id)
    people = people_places.list_people(vault, child.id)
    places = people_places.list_places(vault, child.id)
    chosen = shown[4].id
    life_story.set_photo_people(vault, chosen, [p.id for p in people[:2]])
    if places:
        life_story.set_photo_place(vault, chosen, places[0].id)
    session = AppSession(folder)
    session.open(vault)
    OUT.mkdir(parents=True, exist_ok=True)
    suffix = "_dark" if "--dark" in sys.argv else ""

    panel = GalleryPanel(session)
    panel.resize(1180, 760)
    panel.move(20, 20)
    panel.show()
    panel.set_child(child.id)

    def grab(widget: QWidget, name: str) -> None:
        widget.grab().save(str(OUT / f"{name}{suffix}.png"))
        print("saved", OUT / f"{name}{suffix}.png")

    def select() -> None:
        panel.view.setCurrentIndex(panel.model.index(4))
        panel.view.setFocus()

    def viewer() -> None:
        opened = panel.open_photo(4)
        opened.resize(1000, 740)
        opened.move(60, 30)

    def import_report() -> None:
        panel.viewer.accept() if panel.viewer is not None else None
        files = tmp / "from the phone"
        files.mkdir()
        import photo_corpus  # type: ignore[import-not-found]

        fresh = photo_corpus.iter_demo_photos(2, seed=7)
        (files / "IMG_2041.jpg").write_bytes(next(fresh))
        (files / "IMG_2042.jpg").write_bytes(next(fresh))
        cases = {c.name: c for c in photo_corpus.build_corpus()}
        (files / "IMG_2043.jpg").write_bytes(cases["truncated_jpeg"].data)
        (files / "shopping list.jpg").write_bytes(cases["text_as_jpeg"].data)
        (files / "scan.bmp").write_bytes(cases["bmp"].data)
        shutil.copy(files / "IMG_2041.jpg", files / "IMG_2041 copy.jpg")
        dialog = panel.import_paths([files])
        if dialog is not None:
            dialog.resize(760, 420)
            dialog.move(120, 80)

    steps: list[tuple[int, Callable[[], None]]] = [
        (1500, select),
        (2500, lambda: grab(panel, "gallery")),
    ]
    if not suffix:
        steps += [
            (3000, viewer),
            (4500, lambda: grab(panel.viewer, "photo_viewer") if panel.viewer else None),
            (5000, import_report),
            (9000, lambda: grab(panel.import_dialog, "photo_import")
             if panel.import_dialog else None),
        ]
    for delay, step in steps:
        QTimer.singleShot(delay, step)
    QTimer.singleShot(steps[-1][0] + 500, app.quit)
    code = app.exec()
    panel.clear()
    workers.wait_for_all()  # no decode may still be running while Python shuts down
    app.processEvents()
    session.lock()
    shutil.rmtree(tmp, ignore_errors=True)
    panel.close()
    panel.deleteLater()
    app.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # widgets go before the application
    return code


if __name__ == "__main__":
    sys.exit(main())
