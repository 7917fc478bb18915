"""Every wording an observation has had, oldest first, each signed and dated."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTextBrowser, QVBoxLayout, QWidget

from carer_app.domain.observation_views import ObservationHistory, ObservationVersion
from carer_app.ui.fonts import bigger
from carer_app.ui.observation_table_model import basis_words, category_words, when_text


class ObservationHistoryDialog(QDialog):
    """Read-only. Earlier wording is never lost: this is where a carer or reviewer sees it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("History of an observation"))
        self.setAccessibleName(self.windowTitle())
        self.resize(620, 520)
        heading = QLabel(self.windowTitle())
        heading.setFont(bigger(self.font(), 1.25))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.browser = QTextBrowser()
        self.browser.setAccessibleName(self.tr("Every wording, oldest first"))
        self.browser.setOpenLinks(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setAccessibleName(self.tr("Close"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.summary)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)

    def show_history(self, history: ObservationHistory) -> None:
        entry = history.entry
        earlier = len(history.versions) - 1
        if entry.deleted_at is not None:
            state = self.tr("This entry was deleted on {when}; it is kept so the record stays "
                            "complete.").format(when=when_text(entry.deleted_at))
        elif earlier:
            state = (self.tr("Amended once. The earlier wording is kept below.") if earlier == 1 else
                     self.tr("Amended {n} times. Every earlier wording is kept below.").format(
                         n=earlier))
        else:
            state = self.tr("Never amended: this is the wording as first written.")
        self.summary.setText(self.tr("About {child}, {when}. {state}").format(
            child=entry.child_name, when=when_text(entry.occurred_at), state=state))
        blocks = [self._block(v) for v in reversed(history.versions)]
        self.browser.setHtml("<hr/>".join(blocks))

    def _block(self, version: ObservationVersion) -> str:
        title = (self.tr("Current wording (version {n})") if version.current
                 else self.tr("Version {n}")).format(n=version.revision)
        signed = self.tr("Written by {author} on {when} · {category} · {basis}").format(
            author=version.written_by or self.tr("a former adult"),
            when=when_text(version.written_at), category=category_words(version.category),
            basis=basis_words(version.basis))
        parts = [f"<h3>{escape(title)}</h3>", f"<p><i>{escape(signed)}</i></p>",
                 "<p>" + escape(version.text).replace("\n", "<br/>") + "</p>"]
        if version.child_words:
            words = self.tr("In their own words: “{words}”").format(words=version.child_words)
            parts.append(f"<p>{escape(words)}</p>")
        return "".join(parts)

    def clear(self) -> None:
        self.summary.clear()
        self.browser.clear()
