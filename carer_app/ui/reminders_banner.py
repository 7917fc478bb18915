"""What is coming up or late across the household's programmes, shown as soon as the vault opens."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from carer_app.domain.programme_views import Reminder, ReminderKind
from carer_app.services import reminders
from carer_app.ui.app_session import AppSession
from carer_app.ui.fonts import bigger
from carer_app.ui.programme_words import reminder_words

MOST_SHOWN = 3
URGENT = frozenset({ReminderKind.REVIEW_NEEDED, ReminderKind.SESSION_TO_RECORD,
                    ReminderKind.HOMEWORK_OVERDUE})


class RemindersBanner(QFrame):
    """Refreshes itself on unlock and whenever programmes or homework change."""

    open_programme = Signal(str)

    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.reminders: list[Reminder] = []
        self._token = 0
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(self.tr("Coming up"))
        self.heading = QLabel(self.tr("Coming up in the next 7 days"))
        self.heading.setFont(bigger(self.font(), 1.1))
        self.grid = QGridLayout()
        self.grid.setColumnStretch(0, 1)
        self.rows: list[tuple[QLabel, QPushButton]] = []
        self.more = QLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(self.grid)
        layout.addWidget(self.more)
        session.changed.connect(self._changed)

    def _changed(self, what: str) -> None:
        if what == "homework":  # programme and child changes reach it through the screen
            self.refresh()

    def refresh(self) -> None:
        self._token += 1
        token = self._token
        if not self.session.is_unlocked:
            return
        self.session.run(lambda vault: reminders.reminders(vault),
                   lambda found: self.show_reminders(found) if token == self._token else None,
                   lambda _error: None)

    def show_reminders(self, found: list[Reminder]) -> None:
        self._drop_rows()
        self.reminders = found
        for position, reminder in enumerate(found[:MOST_SHOWN]):
            urgent = reminder.kind in URGENT
            text = QLabel(("⚠ " if urgent else "• ") + reminder_words(reminder))
            text.setWordWrap(True)
            button = QPushButton(self.tr("Open"))
            button.setAccessibleName(self.tr("Open: {what}").format(what=reminder_words(reminder)))
            button.clicked.connect(lambda _c=False, pid=reminder.programme_id:
                                   self.open_programme.emit(pid))
            self.grid.addWidget(text, position, 0)
            self.grid.addWidget(button, position, 1)
            self.rows.append((text, button))
        hidden = len(found) - MOST_SHOWN
        self.more.setText(self.tr("…and {n} more in the programme plans.").format(n=hidden)
                          if hidden > 0 else "")
        self.more.setVisible(hidden > 0)
        if not found:
            self.heading.setText(self.tr("Nothing due in the next 7 days."))
        else:
            self.heading.setText(self.tr("Coming up in the next 7 days"))

    def _drop_rows(self) -> None:
        for text, button in self.rows:
            text.clear()  # gone now, not only when the deferred delete runs
            button.setAccessibleName("")
            for widget in (text, button):
                self.grid.removeWidget(widget)
                widget.hide()
                widget.deleteLater()
        self.rows = []

    def clear(self) -> None:
        self._token += 1
        self._drop_rows()
        self.reminders = []
        self.more.clear()
