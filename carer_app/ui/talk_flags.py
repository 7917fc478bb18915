"""The flag a child raises with "I'd like to talk about this": what about, when, and "We talked"."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QCoreApplication, QDateTime, QLocale, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from carer_app.domain.life_story_views import TalkRequestView
from carer_app.ui.badge_delegate import ToneFrame
from carer_app.ui.fonts import bigger


def _t(text: str) -> str:
    return QCoreApplication.translate("TalkFlagArea", text)


def asked_words(when: datetime, now: datetime | None = None) -> str:
    """"today at 16:05", "yesterday at 09:10" or "3 March 2025 at 16:05", in local time."""
    local = (when if when.tzinfo else when.replace(tzinfo=UTC)).astimezone()
    now = (now or datetime.now(UTC)).astimezone()
    stamp = QDateTime(local.year, local.month, local.day, local.hour, local.minute, 0)
    time = QLocale().toString(stamp.time(), QLocale.FormatType.ShortFormat)
    if local.date() == now.date():
        return _t("today at {time}").format(time=time)
    if local.date() == now.date() - timedelta(days=1):
        return _t("yesterday at {time}").format(time=time)
    return _t("{date} at {time}").format(
        date=QLocale().toString(stamp.date(), "d MMMM yyyy"), time=time)


class TalkFlagArea(ToneFrame):
    """Hidden while nothing is asked; else a tinted panel, one row per request."""

    resolve_requested = Signal(str)  # request id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("amber", parent)
        self.setAccessibleName(self.tr("The child would like to talk"))
        self.heading = QLabel()
        self.heading.setFont(bigger(self.font(), 1.15))
        self.heading.setWordWrap(True)
        self.note = QLabel(self.tr(
            "They pressed \u201cI'd like to talk about this\u201d in their storybook. Find a calm "
            "moment, then press \u201cWe talked\u201d."))
        self.note.setWordWrap(True)
        self.rows = QGridLayout()
        self.rows.setColumnStretch(0, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.addWidget(self.heading)
        layout.addWidget(self.note)
        layout.addLayout(self.rows)
        self.buttons: dict[str, QPushButton] = {}
        self.requests: list[TalkRequestView] = []
        self.setVisible(False)

    def set_requests(self, requests: list[TalkRequestView]) -> None:
        self.clear()
        self.requests = list(requests)
        if not requests:
            return
        names = list(dict.fromkeys(r.child_name for r in requests))
        if len(names) == 1:
            self.heading.setText(self.tr("{name} would like to talk").format(name=names[0]))
        else:
            self.heading.setText(self.tr("{names} would like to talk").format(names=", ".join(names)))
        for row, request in enumerate(requests):
            about = (self.tr("About \u201c{title}\u201d").format(title=request.entry_title)
                     if request.entry_title else self.tr("About something in general"))
            if len(names) > 1:  # a flag raised by another child still shows, with their name
                about = self.tr("{name}: {about}").format(name=request.child_name, about=about)
            label = QLabel(self.tr("{about}, asked {when}").format(
                about=about, when=asked_words(request.requested_at)))
            label.setWordWrap(True)
            button = QPushButton(self.tr("We talked"))
            button.setAccessibleName(self.tr("We talked: {about}").format(about=about))
            button.clicked.connect(lambda _c=False, rid=request.id: self.resolve_requested.emit(rid))
            self.rows.addWidget(label, row, 0)
            self.rows.addWidget(button, row, 1)
            self.buttons[request.id] = button
        self.setVisible(True)

    def clear(self) -> None:
        while self.rows.count():
            item = self.rows.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.setParent(None)
                widget.deleteLater()
        self.buttons.clear()
        self.requests = []
        self.heading.clear()
        self.setVisible(False)
