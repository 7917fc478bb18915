"""Record a programme session (and the homework set at it); choose a day to move or add one."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from carer_app.domain.programme_views import (
    RATING_MAX,
    RATING_MIN,
    HomeworkView,
    SessionReport,
    SessionView,
)
from carer_app.domain.programmes import ProgrammeTemplate
from carer_app.ui.editor_dialog import accept_cancel_buttons
from carer_app.ui.fonts import bigger
from carer_app.ui.programme_words import DATE_EDIT_FORMAT, day_text


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def date_edit(day: date, name: str) -> QDateEdit:
    """A day picker with a calendar, showing "Sun 22 Nov 2026" in the carer's language."""
    edit = QDateEdit(qdate(day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(DATE_EDIT_FORMAT)
    edit.setAccessibleName(name)
    return edit


def pydate(value: QDate) -> date:
    day = value.toPython()
    assert isinstance(day, date)
    return day


class SessionDialog(QDialog):
    """Emits ``submitted``; the screen saves ``report()`` and ``new_tasks`` and closes it."""

    submitted = Signal()

    def __init__(self, session: SessionView, template: ProgrammeTemplate,
                 homework: list[HomeworkView], next_session: date | None,
                 parent: QWidget | None = None, today: date | None = None) -> None:
        super().__init__(parent)
        today = today or date.today()
        self.session = session
        self.new_tasks: list[tuple[str, date | None]] = []
        self.setWindowTitle(self.tr("Record session {n}").format(n=session.number))
        self.setAccessibleName(self.windowTitle())
        self.setMinimumWidth(600)
        heading = QLabel(self.windowTitle())
        heading.setFont(bigger(self.font(), 1.25))
        planned = QLabel(self.tr("Planned for {day}. {what}").format(
            day=day_text(session.planned_date, long=True),
            what=self.tr("This is the opening session with the adults.")
            if session.first_session else ""))
        planned.setWordWrap(True)

        default_day = session.held_on or min(session.planned_date or today, today)
        self.held_on = date_edit(default_day, self.tr("Date held"))
        self.took_part = QRadioButton(self.tr("We &took part"))
        self.took_part.setAccessibleName(self.tr("We took part"))
        self.missed = QRadioButton(self.tr("It did not &happen (missed)"))
        self.missed.setAccessibleName(self.tr("It did not happen"))
        (self.missed if session.attended is False else self.took_part).setChecked(True)
        attended = QHBoxLayout()
        attended.addWidget(self.took_part)
        attended.addWidget(self.missed)
        attended.addStretch(1)
        self.length = QSpinBox()
        self.length.setRange(0, 480)
        self.length.setSingleStep(15)
        self.length.setSuffix(self.tr(" minutes"))
        self.length.setSpecialValueText(self.tr("not noted"))
        usual = template.session_length_minutes.min if template.session_length_minutes else 60
        self.length.setValue(session.length_minutes or usual)
        self.length.setAccessibleName(self.tr("Length in minutes"))
        self.worked_on = QPlainTextEdit(session.worked_on)
        self.worked_on.setAccessibleName(self.tr("What was worked on"))
        self.worked_on.setPlaceholderText("; ".join(template.session_includes[:2]))
        self.worked_on.setTabChangesFocus(True)
        self.worked_on.setFixedHeight(70)
        self.notes = QPlainTextEdit(session.practitioner_notes)
        self.notes.setAccessibleName(self.tr("The practitioner's notes"))
        self.notes.setPlaceholderText(self.tr("What the practitioner said or wrote"))
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(70)
        self.rating = QComboBox()
        self.rating.setAccessibleName(self.tr("Progress rating"))
        self.rating.addItem(self.tr("Not rated"), None)
        for value, words in zip(range(RATING_MIN, RATING_MAX + 1), (
                self.tr("serious worries"), self.tr("some worries"), self.tr("mixed"),
                self.tr("mostly going well"), self.tr("going well")), strict=True):
            self.rating.addItem(self.tr("{n} – {words}").format(n=value, words=words), value)
        self.rating.setCurrentIndex(max(0, self.rating.findData(session.progress_rating)))
        self.rating.setToolTip(self.tr("The practitioner's view today of the adult's "
                                       "sensitivity and the child's attachment. The app uses it "
                                       "to tell when the guideline calls for a review."))

        form = QFormLayout()
        form.addRow(self.tr("&Date held:"), self.held_on)
        form.addRow(self.tr("Attended:"), attended)
        form.addRow(self.tr("&Length:"), self.length)
        form.addRow(self.tr("&Worked on:"), self.worked_on)
        form.addRow(self.tr("Practitioner's &notes:"), self.notes)
        form.addRow(self.tr("&Progress rating:"), self.rating)
        self._buddies(form)

        self.homework_box = self._homework_box(template, homework, next_session or
                                               default_day + timedelta(days=7))
        buttons, self.save_button = accept_cancel_buttons(self, self.tr("Save"), self.submitted)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(planned)
        layout.addLayout(form)
        layout.addWidget(self.homework_box)
        layout.addWidget(self.status)
        layout.addWidget(buttons)

    @staticmethod
    def _buddies(form: QFormLayout) -> None:
        for row in range(form.rowCount()):
            label = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            field = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            caption = label.widget() if label is not None else None
            buddy = field.widget() if field is not None else None
            if isinstance(caption, QLabel) and buddy is not None:
                caption.setBuddy(buddy)

    def _homework_box(self, template: ProgrammeTemplate, homework: list[HomeworkView],
                      due: date) -> QWidget:
        box = QWidget()
        title = QLabel(self.tr("Homework set at this session"))
        title.setFont(bigger(self.font(), 1.05))
        hint = QLabel(self.tr("This programme sets homework to practise between sessions.")
                      if template.sets_homework else
                      self.tr("The guideline sets no homework for this programme, but you can "
                              "note any the practitioner suggested."))
        hint.setWordWrap(True)
        self.task_list = QListWidget()
        self.task_list.setAccessibleName(self.tr("Homework set at this session"))
        self.task_list.setFixedHeight(72)
        for task in homework:
            self.task_list.addItem(self.tr("{task} (due {day})").format(
                task=task.description, day=day_text(task.due_on)))
        self.task = QComboBox()
        self.task.setEditable(True)
        self.task.setAccessibleName(self.tr("New homework task"))
        self.task.addItem("")
        self.task.addItems(list(template.homework_examples))
        line = self.task.lineEdit()
        if line is not None:
            line.setPlaceholderText(self.tr("For example: practise naming feelings at bedtime"))
        self.due = date_edit(due, self.tr("Homework due"))
        self.add_task_button = QPushButton(self.tr("&Add task"))
        self.add_task_button.setAccessibleName(self.tr("Add task"))
        self.add_task_button.clicked.connect(self.add_task)
        row = QHBoxLayout()
        row.addWidget(self.task, 1)
        row.addWidget(QLabel(self.tr("due")))
        row.addWidget(self.due)
        row.addWidget(self.add_task_button)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(title)
        layout.addWidget(hint)
        layout.addWidget(self.task_list)
        layout.addLayout(row)
        return box

    def add_task(self) -> None:
        text = " ".join(self.task.currentText().split())
        if not text:
            return
        due = pydate(self.due.date())
        self.new_tasks.append((text, due))
        self.task_list.addItem(self.tr("{task} (due {day}) – new").format(task=text,
                                                                          day=day_text(due)))
        self.task.setCurrentIndex(0)
        self.task.setEditText("")

    def report(self) -> SessionReport:
        if self.task.currentText().strip():
            self.add_task()  # typed but not added: keep it rather than lose it
        rating = self.rating.currentData()
        return SessionReport(
            held_on=pydate(self.held_on.date()), attended=self.took_part.isChecked(),
            length_minutes=self.length.value() or None, worked_on=self.worked_on.toPlainText(),
            practitioner_notes=self.notes.toPlainText(),
            progress_rating=int(rating) if rating is not None else None,
        )

    def show_error(self, text: str) -> None:
        self.save_button.setEnabled(True)
        self.status.setText(text)

    def clear(self) -> None:
        for edit in (self.worked_on, self.notes):
            edit.clear()
        self.task_list.clear()
        self.task.clear()
        self.new_tasks = []


class DayDialog(QDialog):
    """Pick one day (to move a session, or to add one); ``chosen`` carries it."""

    chosen = Signal(object)

    def __init__(self, title: str, prompt: str, initial: date, first: date | None,
                 last: date | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        label = QLabel(prompt)
        label.setWordWrap(True)
        self.day = date_edit(initial, self.tr("Day"))
        if first is not None:
            self.day.setMinimumDate(qdate(first))
        if last is not None:
            self.day.setMaximumDate(qdate(last))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        for kind, name in ((QDialogButtonBox.StandardButton.Ok, self.tr("OK")),
                           (QDialogButtonBox.StandardButton.Cancel, self.tr("Cancel"))):
            buttons.button(kind).setAccessibleName(name)
        buttons.accepted.connect(self._choose)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.day)
        layout.addWidget(buttons)

    def _choose(self) -> None:
        self.chosen.emit(pydate(self.day.date()))
        self.accept()
