"""Start a programme for a child: which one, from when, by whom and where, with a preview of the plan."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from carer_app.domain.programme_schedule import ScheduleError, plan_programme
from carer_app.domain.programme_views import ProgrammeStart, school_year_end
from carer_app.domain.programmes import ProgrammeTemplate
from carer_app.domain.views import ChildView
from carer_app.ui.editor_dialog import accept_cancel_buttons
from carer_app.ui.fonts import bigger
from carer_app.ui.programme_words import day_text, frequency_words, setting_words, template_lines
from carer_app.ui.session_dialog import date_edit, pydate


class StartProgrammeDialog(QDialog):
    """Emits ``submitted``; the screen starts ``form()`` and closes the dialog."""

    submitted = Signal()

    def __init__(self, kids: list[ChildView], child_id: str | None,
                 templates: list[ProgrammeTemplate], chosen: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.templates = {t.key: t for t in templates}
        self.setWindowTitle(self.tr("Start a programme"))
        self.setAccessibleName(self.windowTitle())
        self.setMinimumWidth(620)
        heading = QLabel(self.windowTitle())
        heading.setFont(bigger(self.font(), 1.25))
        intro = QLabel(self.tr("Choose the programme the practitioner offered. The app lays out "
                               "the sessions the guideline describes; you can move, add or miss "
                               "sessions later."))
        intro.setWordWrap(True)
        self.programme = QComboBox()
        self.programme.setAccessibleName(self.tr("Programme"))
        for template in templates:
            self.programme.addItem(template.title, template.key)
        self.about = QLabel()
        self.about.setWordWrap(True)
        self.about.setAccessibleName(self.tr("What the guideline describes"))
        self.child = QComboBox()
        self.child.setAccessibleName(self.tr("Child"))
        for kid in kids:
            self.child.addItem(kid.shown_name, kid.id)
        self.child.setCurrentIndex(max(0, self.child.findData(child_id)))
        self.start = date_edit(date.today(), self.tr("First session"))
        self.frequency = QComboBox()
        self.frequency.setAccessibleName(self.tr("How often"))
        self.sessions = QSpinBox()
        self.sessions.setAccessibleName(self.tr("Number of regular sessions"))
        self.months = QSpinBox()
        self.months.setAccessibleName(self.tr("Over how many months"))
        self.months.setSuffix(self.tr(" months"))
        self.practitioner = QLineEdit()
        self.practitioner.setAccessibleName(self.tr("Practitioner"))
        self.practitioner.setPlaceholderText(self.tr("Name or role, e.g. family support worker"))
        self.where = QLineEdit()
        self.where.setAccessibleName(self.tr("Where"))
        self.preview = QLabel()
        self.preview.setWordWrap(True)
        self.preview.setAccessibleName(self.tr("The plan"))

        self.form_layout = QFormLayout()
        for text, field in ((self.tr("&Programme:"), self.programme), ("", self.about),
                            (self.tr("C&hild:"), self.child),
                            (self.tr("&First session:"), self.start),
                            (self.tr("How &often:"), self.frequency),
                            (self.tr("&Regular sessions:"), self.sessions),
                            (self.tr("O&ver:"), self.months),
                            (self.tr("Pr&actitioner:"), self.practitioner),
                            (self.tr("&Where:"), self.where), (self.tr("The plan:"), self.preview)):
            label = QLabel(text)
            label.setBuddy(field)
            self.form_layout.addRow(label, field)
        buttons, self.start_button = accept_cancel_buttons(self, self.tr("Start"), self.submitted)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addLayout(self.form_layout)
        layout.addWidget(self.status)
        layout.addWidget(buttons)

        self.programme.currentIndexChanged.connect(lambda _i: self._template_changed())
        for spin in (self.sessions, self.months):
            spin.valueChanged.connect(lambda _v: self._update_preview())
        self.frequency.currentIndexChanged.connect(lambda _i: self._update_preview())
        self.start.dateChanged.connect(lambda _d: self._update_preview())
        if chosen in self.templates:
            self.programme.setCurrentIndex(self.programme.findData(chosen))
        self._template_changed()

    @property
    def template(self) -> ProgrammeTemplate:
        return self.templates[str(self.programme.currentData())]

    def _show_row(self, field: QWidget, shown: bool) -> None:
        self.form_layout.setRowVisible(field, shown)

    def _template_changed(self) -> None:
        t = self.template
        self.about.setText("\n".join(template_lines(t)))
        self.frequency.blockSignals(True)
        self.frequency.clear()
        for option in t.frequency.options if t.frequency else ():
            self.frequency.addItem(frequency_words(option.key), option.key)
        self.frequency.blockSignals(False)
        self._show_row(self.frequency, self.frequency.count() > 1)
        for spin, figure in ((self.sessions, t.sessions), (self.months, t.span_months)):
            spin.blockSignals(True)
            if figure is not None:
                spin.setRange(figure.min, figure.max or figure.min)
                spin.setValue(figure.min)
            spin.blockSignals(False)
            self._show_row(spin, figure is not None and (figure.max or figure.min) > figure.min)
        self.where.setText(", ".join(setting_words(s) for s in t.delivered_in).capitalize())
        self._update_preview()

    def _choices(self) -> tuple[str | None, int | None, int | None]:
        t = self.template
        frequency = self.frequency.currentData() if self.frequency.count() > 1 else None
        sessions = self.sessions.value() if t.sessions is not None else None
        months = self.months.value() if t.span_months is not None else None
        return frequency, sessions, months

    def _update_preview(self) -> None:
        t = self.template
        start = pydate(self.start.date())
        frequency, sessions, months = self._choices()
        until = school_year_end(start) if t.runs_until is not None else None
        try:
            plan = plan_programme(t, start, frequency=frequency, sessions=sessions,
                                  span_months=months, until=until)
        except ScheduleError:
            self.preview.setText(self.tr("These choices fall outside what the guideline "
                                         "describes."))
            self.start_button.setEnabled(False)
            return
        self.start_button.setEnabled(self.child.count() > 0)
        self.preview.setText(self.tr("{n} sessions, from {first} to {last}.").format(
            n=len(plan.sessions),
            first=day_text(plan.sessions[0].on, long=True),
            last=day_text(plan.last_session, long=True)))

    def form(self) -> ProgrammeStart:
        frequency, sessions, months = self._choices()
        return ProgrammeStart(
            child_id=str(self.child.currentData()), template_key=self.template.key,
            start=pydate(self.start.date()), practitioner=self.practitioner.text(),
            location=self.where.text(), frequency=frequency, sessions=sessions,
            span_months=months,
        )

    def show_error(self, text: str) -> None:
        self.start_button.setEnabled(True)
        self.status.setText(text)

    def start_on(self, day: date) -> None:
        self.start.setDate(QDate(day.year, day.month, day.day))

    def clear(self) -> None:
        self.child.clear()
        self.practitioner.clear()
        self.where.clear()
