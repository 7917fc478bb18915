"""Show the crisis card dialog on a throwaway folder for the docs screenshot (xshot runs this)."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from carer_app.domain.crisis import CrisisContact
from carer_app.services.crisis import save_contact
from carer_app.ui.crisis_card import CrisisCardDialog


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, colour in (
        (QPalette.ColorRole.Window, "#202124"), (QPalette.ColorRole.WindowText, "#E8EAED"),
        (QPalette.ColorRole.Base, "#2B2C2F"), (QPalette.ColorRole.Text, "#E8EAED"),
        (QPalette.ColorRole.Button, "#3C4043"), (QPalette.ColorRole.ButtonText, "#E8EAED"),
        (QPalette.ColorRole.Highlight, "#8AB4F8"), (QPalette.ColorRole.HighlightedText, "#202124"),
    ):
        palette.setColor(role, QColor(colour))
    return palette


def main() -> int:
    app = QApplication(sys.argv)
    app.setStyle("Fusion")
    if "--dark" in sys.argv:
        app.setPalette(dark_palette())
    folder = Path(tempfile.mkdtemp(prefix="crisis-shot-"))
    save_contact(folder, CrisisContact(
        "fostering_24h", "Fostering service 24-hour line", "0300 123 4567", hours="24 hours",
        note="Out of hours, ask for the duty worker",
    ))
    save_contact(folder, CrisisContact(
        "emergency_duty_team", "Emergency duty team", "0300 765 4321",
        hours="Evenings, weekends and bank holidays",
    ))
    dialog = CrisisCardDialog(folder, on_log_call=lambda key: None)
    dialog.move(40, 20)
    dialog.show()
    # Press Copy on Childline so the shot shows what follows an action ("Log this call").
    QTimer.singleShot(300, dialog.row_for("childline").copy_button.click)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
