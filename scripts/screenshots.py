"""Screenshots of the app shell, taken in a real X server: wizard, lock screen, crisis card, main window.

Run it inside Xvfb (not the offscreen platform, which has no real window system):

    /work/shared/tools/xshot docs/screenshots/_xvfb.png 60 1280x800 -- python scripts/screenshots.py
    xvfb-run -a -s "-screen 0 1280x800x24" python scripts/screenshots.py

Every name on screen comes from the invented demo household. Open each PNG and look at it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("CARER_APP_KDF_TARGET_MS", "0")  # pictures, not security: keep it quick
os.environ.pop("QT_QPA_PLATFORM", None)
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QCoreApplication, QEvent, QSettings
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory, QWidget, QWizard

from carer_app.ui import settings as declared
from carer_app.ui import workers
from carer_app.ui.settings import UiSettings
from carer_app.ui.shell import Shell

DEMO_PASSPHRASE = "paper lantern over the quiet harbour"


def settle(condition: Callable[[], bool] = lambda: True, timeout: float = 30.0) -> None:
    """Run the event loop until `condition()` and a short pause for painting."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the app did not reach the state to photograph")
        QCoreApplication.processEvents()
        time.sleep(0.01)
    end = time.monotonic() + 0.4
    while time.monotonic() < end:
        QCoreApplication.processEvents()
        time.sleep(0.01)


def shoot(widget: QWidget, path: Path) -> None:
    widget.raise_()
    widget.activateWindow()
    settle()
    widget.grab().save(str(path))
    print(f"saved {path} ({widget.width()}x{widget.height()})")


def close_all(shell: Shell) -> None:
    shell.shutdown()
    for widget in QApplication.topLevelWidgets():
        widget.close()
        widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def dark_palette() -> QPalette:
    """A dark scheme, as a carer's desktop might have, to check contrast."""
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: "#2b2b2b", QPalette.ColorRole.WindowText: "#e8e8e8",
        QPalette.ColorRole.Base: "#1e1e1e", QPalette.ColorRole.AlternateBase: "#2f2f2f",
        QPalette.ColorRole.Text: "#e8e8e8", QPalette.ColorRole.Button: "#3a3a3a",
        QPalette.ColorRole.ButtonText: "#e8e8e8", QPalette.ColorRole.Highlight: "#4a90d9",
        QPalette.ColorRole.HighlightedText: "#ffffff", QPalette.ColorRole.ToolTipBase: "#3a3a3a",
        QPalette.ColorRole.ToolTipText: "#e8e8e8", QPalette.ColorRole.PlaceholderText: "#9a9a9a",
    }
    for role, colour in roles.items():
        palette.setColor(role, QColor(colour))
    return palette


def wizard_shots(work: Path, settings: UiSettings, out: Path) -> None:
    shell = Shell(work / "new-vault", settings, remember_folder=False)
    wizard = shell.start()
    assert isinstance(wizard, QWizard)
    wizard.about.name.setText("Sam Example")  # type: ignore[attr-defined]
    settle()
    shoot(wizard, out / "wizard_welcome.png")
    wizard.next()
    fields = wizard.passphrase_page.fields  # type: ignore[attr-defined]
    fields.passphrase.setText("copper meadow lantern quietly")
    fields.confirm.setText("copper meadow lantern quietly")
    shoot(wizard, out / "wizard.png")
    fields.passphrase.setText("password1")
    shoot(wizard, out / "wizard_refused.png")
    fields.passphrase.setText("copper meadow lantern quietly")
    wizard.button(QWizard.WizardButton.CommitButton).click()
    settle(lambda: wizard.currentPage() is wizard.key_page)  # type: ignore[attr-defined]
    shoot(wizard, out / "wizard_recovery_key.png")
    close_all(shell)


def demo_shots(work: Path, settings: UiSettings, out: Path) -> None:
    folder = work / "demo" / "vault"

    def build() -> str:
        from carer_app.services.demo import build_demo

        build_demo(folder, photos=12).close()
        return DEMO_PASSPHRASE

    shell = Shell(folder, settings, remember_folder=False)
    screen = shell.start_demo(build)
    settle(lambda: screen.demo_hint.isVisible() and workers.running() == 0, timeout=120)
    shoot(screen, out / "lock_screen.png")

    card = shell.launcher.open(screen)
    shoot(card, out / "crisis_card.png")
    card.close()

    screen.passphrase.setText("a wrong guess")
    screen.unlock()
    settle(lambda: "not right" in screen.message.text())
    shoot(screen, out / "lock_screen_wrong.png")
    settle(lambda: screen.unlock_button.isEnabled())

    screen.passphrase.setText(DEMO_PASSPHRASE)
    screen.unlock()
    settle(lambda: shell.main_window is not None and workers.running() == 0, timeout=60)
    window = shell.main_window
    assert window is not None
    window.resize(1180, 760)
    window.show_screen("life_story")
    settle(lambda: workers.running() == 0)
    shoot(window, out / "main_window.png")
    for key in ("adults", "settings", "transitions"):
        window.show_screen(key)
        settle(lambda: workers.running() == 0)
        shoot(window, out / f"main_window_{key}.png")

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    shell.lock()
    app.setStyle(QStyleFactory.create("Fusion"))
    app.setPalette(dark_palette())
    shoot(screen, out / "lock_screen_dark.png")
    card = shell.launcher.open(screen)
    shoot(card, out / "crisis_card_dark.png")
    close_all(shell)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(Path(__file__).resolve().parents[1] / "docs"
                                              / "screenshots"))
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="carer-app-shots-"))
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(work))
    app = QApplication([sys.argv[0]])
    app.setOrganizationName(declared.ORGANISATION)
    app.setApplicationName(declared.APPLICATION)
    if QGuiApplication.platformName() != "xcb":
        print(f"warning: platform is {QGuiApplication.platformName()!r}, not a real X server")
    settings = UiSettings(str(work / "ui.ini"))
    try:
        wizard_shots(work, settings, out)
        demo_shots(work, settings, out)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    app.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
