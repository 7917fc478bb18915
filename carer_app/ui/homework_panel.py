"""Homework of one programme: the tasks, each one's practice log, and a quick form to log a practice."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QDateTime, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDateTimeEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from carer_app.domain.programme_views import (
    CONFIDENCE_MAX,
    CONFIDENCE_MIN,
    HomeworkView,
    PracticeEntry,
    PracticeView,
)
from carer_app.services import homework
from carer_app.ui.app_session import AppSession
from carer_app.ui.messages import describe
from carer_app.ui.observation_table_model import DATETIME_EDIT_FORMAT, when_text
from carer_app.ui.programme_words import day_text

TASK_ROLE = Qt.ItemDataRole.UserRole + 1


class HomeworkPanel(QWidget):
    """Emits ``practice_logged`` after a save, so the chart and reminders can follow."""

    practice_logged = Signal()

    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.programme_id: str | None = None
        self.tasks: list[HomeworkView] = []
        self.logs: list[PracticeView] = []
        self._token = 0

        self.task_list = QListWidget()
        self.task_list.setAccessibleName(self.tr("Homework tasks"))
        self.task_list.setWordWrap(True)
        self.task_list.currentRowChanged.connect(lambda _row: self._show_logs())
        self.task_list.itemChanged.connect(self._done_toggled)
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel(self.tr("Tasks (tick when finished)")))
        left_layout.addWidget(self.task_list, 1)
        left_layout.addWidget(self.empty)

        self.log = QTreeWidget()
        self.log.setAccessibleName(self.tr("Practice log of the chosen task"))
        self.log.setHeaderLabels([self.tr("When"), self.tr("What I tried"),
                                  self.tr("How the child responded"), self.tr("Confidence")])
        self.log.setRootIsDecorated(False)
        self.log.setUniformRowHeights(True)
        header = self.log.header()
        header.setStretchLastSection(False)
        for column, mode in ((0, QHeaderView.ResizeMode.ResizeToContents),
                             (1, QHeaderView.ResizeMode.Stretch),
                             (2, QHeaderView.ResizeMode.Stretch),
                             (3, QHeaderView.ResizeMode.ResizeToContents)):
            header.setSectionResizeMode(column, mode)

        self.when = QDateTimeEdit(QDateTime.currentDateTime())
        self.when.setCalendarPopup(True)
        self.when.setDisplayFormat(DATETIME_EDIT_FORMAT)
        self.when.setAccessibleName(self.tr("When I practised"))
        self.tried = QPlainTextEdit()
        self.tried.setAccessibleName(self.tr("What I tried"))
        self.tried.setTabChangesFocus(True)
        self.tried.setFixedHeight(54)
        self.response = QPlainTextEdit()
        self.response.setAccessibleName(self.tr("How the child responded"))
        self.response.setTabChangesFocus(True)
        self.response.setFixedHeight(54)
        self.confidence = QButtonGroup(self)
        scale = QHBoxLayout()
        scale.addWidget(QLabel(self.tr("not at all")))
        for value in range(CONFIDENCE_MIN, CONFIDENCE_MAX + 1):
            button = QRadioButton(str(value))
            button.setAccessibleName(self.tr("Confidence {n} of {most}").format(
                n=value, most=CONFIDENCE_MAX))
            self.confidence.addButton(button, value)
            scale.addWidget(button)
        scale.addWidget(QLabel(self.tr("very")))
        scale.addStretch(1)
        self.save_button = QPushButton(self.tr("&Log this practice"))
        self.save_button.setAccessibleName(self.tr("Log this practice"))
        self.save_button.clicked.connect(self.save_practice)
        self.status = QLabel()
        self.status.setWordWrap(True)
        form_box = QGroupBox(self.tr("Log a practice"))
        form = QFormLayout(form_box)
        for text, field in ((self.tr("W&hen:"), self.when), (self.tr("What I t&ried:"), self.tried),
                            (self.tr("How the child &responded:"), self.response)):
            label = QLabel(text)
            label.setBuddy(field)
            form.addRow(label, field)
        form.addRow(self.tr("How confident I felt:"), scale)
        actions = QHBoxLayout()
        actions.addWidget(self.status, 1)
        actions.addWidget(self.save_button)
        form.addRow(actions)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.log, 1)
        right_layout.addWidget(form_box)

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([280, 620])
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self._enable_form()

    # -- loading -------------------------------------------------------------------------------

    def set_programme(self, programme_id: str | None) -> None:
        self.programme_id = programme_id
        self.refresh()

    def refresh(self) -> None:
        self._token += 1
        token, pid = self._token, self.programme_id
        if pid is None or not self.session.is_unlocked:
            self._show([], [])
            return
        self.session.run(lambda vault: (homework.list_homework(vault, pid),
                                  homework.list_practice(vault, programme_id=pid)),
                   lambda found: self._show(*found) if token == self._token else None,
                   self._failed)

    def _show(self, tasks: list[HomeworkView], logs: list[PracticeView]) -> None:
        chosen = self.current_task()
        self.tasks, self.logs = tasks, logs
        self.task_list.blockSignals(True)
        self.task_list.clear()
        for task in tasks:
            parts = [self.tr("due {day}").format(day=day_text(task.due_on))] if task.due_on else []
            count = task.practice_count
            parts.append(self.tr("practised once") if count == 1 else
                         self.tr("practised {n} times").format(n=count))
            item = QListWidgetItem(f"{task.description}\n" + " · ".join(parts))
            item.setData(TASK_ROLE, task.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if task.done else Qt.CheckState.Unchecked)
            self.task_list.addItem(item)
        ids = [t.id for t in tasks]
        self.task_list.setCurrentRow(ids.index(chosen.id) if chosen and chosen.id in ids
                                     else (0 if tasks else -1))
        self.task_list.blockSignals(False)
        self.empty.setText("" if tasks else self.tr(
            "No homework yet. When a practitioner sets a task at a session, add it as you "
            "record the session; it will show here for you to log each practice."))
        self.empty.setVisible(not tasks)
        self._show_logs()

    def _failed(self, error: BaseException) -> None:
        self.status.setText(describe(error).text)

    def current_task(self) -> HomeworkView | None:
        row = self.task_list.currentRow()
        return self.tasks[row] if 0 <= row < len(self.tasks) else None

    def _show_logs(self) -> None:
        self.log.clear()
        task = self.current_task()
        for entry in (e for e in self.logs if task is not None and e.task_id == task.id):
            item = QTreeWidgetItem([when_text(entry.practised_at), entry.what_i_tried,
                                    entry.child_response,
                                    self.tr("{n} of {most}").format(n=entry.confidence,
                                                                    most=CONFIDENCE_MAX)])
            for column in range(3):
                item.setToolTip(column, item.text(column))
            self.log.addTopLevelItem(item)
        self._enable_form()

    def _enable_form(self) -> None:
        self.save_button.setEnabled(self.current_task() is not None)

    # -- writing -------------------------------------------------------------------------------

    def _done_toggled(self, item: QListWidgetItem) -> None:
        task_id, done = str(item.data(TASK_ROLE)), item.checkState() == Qt.CheckState.Checked
        self.session.run(lambda vault: homework.update_homework(vault, task_id, done=done),
                   lambda _task: self._after_change(), self._failed)

    def save_practice(self) -> None:
        task = self.current_task()
        if task is None:
            return
        if self.confidence.checkedId() < CONFIDENCE_MIN:
            self.status.setText(self.tr("Choose how confident you felt, from 1 to 5."))
            return
        if not (self.tried.toPlainText().strip() or self.response.toPlainText().strip()):
            self.status.setText(self.tr("Write what you tried or how the child responded."))
            return
        moment = self.when.dateTime().toPython()
        assert isinstance(moment, datetime)
        entry = PracticeEntry(moment.astimezone().astimezone(UTC), self.tried.toPlainText(),
                              self.response.toPlainText(), self.confidence.checkedId())
        self.save_button.setEnabled(False)
        self.session.run(lambda vault: homework.log_practice(vault, task.id, entry),
                   lambda _log: self._saved(), self._failed)

    def _saved(self) -> None:
        self.status.setText(self.tr("Practice logged."))
        self.tried.clear()
        self.response.clear()
        self.confidence.setExclusive(False)
        for button in self.confidence.buttons():
            button.setChecked(False)
        self.confidence.setExclusive(True)
        self.when.setDateTime(QDateTime.currentDateTime())
        self._after_change()
        self.practice_logged.emit()

    def _after_change(self) -> None:
        self.refresh()
        self.session.notify("homework")

    def clear(self) -> None:
        self._token += 1
        self.programme_id = None
        self.tasks, self.logs = [], []
        self.task_list.clear()
        self.log.clear()
        for edit in (self.tried, self.response):
            edit.clear()
        self.status.clear()
        self.empty.clear()
