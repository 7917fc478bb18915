"""Review points the guideline calls for now, shown plainly, with the reviews asked for and decided."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from carer_app.domain.programme_views import ReviewView, TriggerState
from carer_app.domain.review_triggers import TriggerAction
from carer_app.ui.fonts import bigger
from carer_app.ui.programme_words import day_text, trigger_words

RECORDABLE = frozenset({TriggerAction.MULTI_AGENCY_REVIEW, TriggerAction.OFFER_ALTERNATIVE})


class ReviewPanel(QWidget):
    """Rebuilt from the plan each time; holds no state of its own beyond what it shows."""

    request_review = Signal(str)  # TriggerCode value
    record_decision = Signal(str)  # review id
    start_alternative = Signal(str)  # template key

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Reviews"))
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.boxes: list[QFrame] = []

    def show_states(self, states: tuple[TriggerState, ...], reviews: tuple[ReviewView, ...],
                    titles: dict[str, str]) -> None:
        self.clear()
        shown = {s.review.id for s in states if s.review is not None}
        for state in states:
            self._add_state(state, titles)
        for review in reviews:
            if review.id not in shown:
                self._add_box(self.tr("An earlier review"), self._review_text(review),
                              [] if review.decision else [self._decision_button(review.id)],
                              urgent=False)
        self.setVisible(bool(self.boxes))

    def _add_state(self, state: TriggerState, titles: dict[str, str]) -> None:
        trigger = state.trigger
        headline, detail = trigger_words(trigger, titles.get(trigger.offer or ""))
        buttons: list[QPushButton] = []
        if trigger.action in RECORDABLE and state.review is None:
            ask = QPushButton(self.tr("Record that a review was &asked for…"))
            ask.setAccessibleName(self.tr("Record that a review was asked for: {what}").format(
                what=headline))
            ask.clicked.connect(lambda _c=False, code=trigger.code.value: self.request_review.emit(code))
            buttons.append(ask)
        if trigger.action is TriggerAction.OFFER_ALTERNATIVE and trigger.offer in titles:
            start = QPushButton(self.tr("Start {programme}…").format(programme=titles[trigger.offer]))
            start.setAccessibleName(start.text().rstrip("…"))
            start.clicked.connect(lambda _c=False, key=trigger.offer: self.start_alternative.emit(key))
            buttons.append(start)
        if state.review is not None:
            detail += "\n" + self._review_text(state.review)
            if not state.review.decision:
                buttons.append(self._decision_button(state.review.id))
        self._add_box(headline, detail, buttons, urgent=state.needs_action
                      and trigger.action in RECORDABLE)

    def _decision_button(self, review_id: str) -> QPushButton:
        button = QPushButton(self.tr("Record what the review &decided…"))
        button.setAccessibleName(self.tr("Record what the review decided"))
        button.clicked.connect(lambda _c=False: self.record_decision.emit(review_id))
        return button

    def _review_text(self, review: ReviewView) -> str:
        asked = self.tr("Review asked for on {day} (noted by {who}).").format(
            day=day_text(review.requested_on), who=review.author or self.tr("a former adult"))
        decided = (self.tr("It decided: {decision}").format(decision=review.decision)
                   if review.decision else self.tr("Its decision is not recorded yet."))
        return f"{asked} {decided}"

    def _add_box(self, headline: str, detail: str, buttons: list[QPushButton],
                 urgent: bool) -> None:
        box = QFrame()
        box.setFrameShape(QFrame.Shape.StyledPanel)
        box.setAutoFillBackground(True)
        if urgent:
            palette = box.palette()
            palette.setColor(QPalette.ColorRole.Window, palette.color(QPalette.ColorRole.AlternateBase))
            box.setPalette(palette)
        title = QLabel(("⚠ " if urgent else "") + headline)
        title.setFont(bigger(self.font(), 1.1))
        title.setWordWrap(True)
        body = QLabel(detail)
        body.setWordWrap(True)
        row = QHBoxLayout()
        for button in buttons:
            row.addWidget(button)
        row.addStretch(1)
        layout = QVBoxLayout(box)
        layout.addWidget(title)
        layout.addWidget(body)
        layout.addLayout(row)
        self._layout.addWidget(box)
        self.boxes.append(box)

    def clear(self) -> None:
        for box in self.boxes:
            for label in box.findChildren(QLabel):
                label.clear()  # gone now, not only when the deferred delete runs
            for button in box.findChildren(QPushButton):
                button.setText("")
                button.setAccessibleName("")
            self._layout.removeWidget(box)
            box.hide()
            box.deleteLater()
        self.boxes = []


class DecisionDialog(QDialog):
    """What the multi-agency review decided, in the carer's words."""

    decided = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("What the review decided"))
        self.setAccessibleName(self.windowTitle())
        prompt = QLabel(self.tr("For example: five more sessions, then meet again; or a home "
                                "visiting programme instead."))
        prompt.setWordWrap(True)
        self.text = QPlainTextEdit()
        self.text.setAccessibleName(self.tr("The decision"))
        self.text.setTabChangesFocus(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        for kind, name in ((QDialogButtonBox.StandardButton.Save, self.tr("Save")),
                           (QDialogButtonBox.StandardButton.Cancel, self.tr("Cancel"))):
            buttons.button(kind).setAccessibleName(name)
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(prompt)
        layout.addWidget(self.text)
        layout.addWidget(buttons)

    def _save(self) -> None:
        if self.text.toPlainText().strip():
            self.decided.emit(self.text.toPlainText())
            self.accept()

    def clear(self) -> None:
        self.text.clear()
