"""An honest empty screen: says what will live here, never shows made-up records."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from carer_app.ui.fonts import bigger


class EmptyStateScreen(QWidget):
    """A screen a later feature replaces. Holds no personal text, so `clear()` has nothing to do."""

    def __init__(self, title: str, what_lives_here: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(title)
        heading = QLabel(title)
        heading.setFont(bigger(self.font(), 1.4))
        body = QLabel(what_lives_here)
        body.setWordWrap(True)
        later = QLabel(self.tr(
            "This part of Carer App comes in a later version. Anything already recorded in "
            "the vault is kept safe and will show here then."
        ))
        later.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setAlignment(Qt.AlignmentFlag.AlignTop)
        layout.addWidget(heading)
        layout.addWidget(body)
        layout.addSpacing(12)
        layout.addWidget(later)
        layout.addStretch(1)
        self.body = body

    def clear(self) -> None:
        """Nothing personal is shown here."""

    def set_child(self, child_id: str | None) -> None:
        """The same words for every child."""
