"""Homework and sessions: a child's programmes, the plan against the guideline, reviews, progress."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from carer_app.domain.enums import ProgrammeStatus, SessionStatus
from carer_app.domain.programme_views import (
    HomeworkView,
    ProgrammePlanView,
    ProgrammeSummary,
    ProgressSeries,
    SessionView,
)
from carer_app.domain.views import ChildView
from carer_app.services import children, homework, programmes
from carer_app.services.programmes import OutsideTemplate
from carer_app.ui.app_session import AppSession
from carer_app.ui.fonts import bigger
from carer_app.ui.homework_panel import HomeworkPanel
from carer_app.ui.messages import describe
from carer_app.ui.programme_actions import ProgrammeActions
from carer_app.ui.programme_plan_model import PlanColumn, ProgrammePlanModel
from carer_app.ui.programme_words import day_text, deviation_words, programme_status_words
from carer_app.ui.progress_chart import ProgressView
from carer_app.ui.reminders_banner import RemindersBanner
from carer_app.ui.review_panel import ReviewPanel

PID_ROLE = Qt.ItemDataRole.UserRole + 1
Loaded = tuple[ProgrammePlanView, list[HomeworkView], ProgressSeries]


class ProgrammesScreen(QWidget):
    """Everything is loaded off the GUI thread; every change reloads the plan it touched."""

    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setAccessibleName(self.tr("Homework and sessions"))
        self.child_id: str | None = None
        self.kids: list[ChildView] = []
        self.summaries: list[ProgrammeSummary] = []
        self.plan: ProgrammePlanView | None = None
        self.homework: list[HomeworkView] = []
        self.programme_id: str | None = None
        self._token = 0
        self._stale = True  # a hidden screen reads nothing: it catches up when shown
        self.ops = ProgrammeActions(self)

        heading = QLabel(self.tr("Homework and sessions"))
        heading.setFont(bigger(self.font(), 1.4))
        self.start_button = QPushButton(self.tr("&Start a programme…"))
        self.start_button.setAccessibleName(self.tr("Start a programme"))
        self.start_button.clicked.connect(lambda: self.ops.start_programme())
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addStretch(1)
        top.addWidget(self.start_button)
        self.banner = RemindersBanner(session)
        self.banner.open_programme.connect(self.open_programme)

        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Programmes"))
        self.list.setWordWrap(True)
        self.list.currentItemChanged.connect(lambda item, _old: self._chosen(item))
        self.title = QLabel()
        self.title.setFont(bigger(self.font(), 1.2))
        self.title.setWordWrap(True)
        self.info = QLabel()
        self.info.setWordWrap(True)
        self.finish_button = QPushButton(self.tr("Mark &finished"))
        self.finish_button.setAccessibleName(self.tr("Mark the programme finished"))
        self.finish_button.clicked.connect(lambda: self.ops.set_status(ProgrammeStatus.COMPLETED))
        self.stop_button = QPushButton(self.tr("S&top…"))
        self.stop_button.setAccessibleName(self.tr("Stop the programme"))
        self.stop_button.clicked.connect(self.ops.confirm_stop)
        self.resume_button = QPushButton(self.tr("&Resume"))
        self.resume_button.setAccessibleName(self.tr("Resume the programme"))
        self.resume_button.clicked.connect(lambda: self.ops.set_status(ProgrammeStatus.ACTIVE))
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        for button in (self.finish_button, self.stop_button, self.resume_button):
            head.addWidget(button)

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(self.tr("Plan, homework and progress"))
        self.tabs.tabBar().setAccessibleName(self.tr("Plan, homework and progress"))
        self.tabs.addTab(self._plan_tab(), self.tr("&Plan"))
        self.homework_panel = HomeworkPanel(session)
        self.homework_panel.practice_logged.connect(self._reload_current)
        self.tabs.addTab(self.homework_panel, self.tr("Home&work"))
        self.progress = ProgressView()
        self.tabs.addTab(self.progress, self.tr("Pro&gress"))
        self.detail = detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addLayout(head)
        detail_layout.addWidget(self.info)
        detail_layout.addWidget(self.tabs, 1)

        self.empty = QLabel()
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.pages = QStackedWidget()
        self.pages.addWidget(detail)
        self.pages.addWidget(self.empty)
        splitter = QSplitter()
        splitter.addWidget(self.list)
        splitter.addWidget(self.pages)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([240, 760])
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addWidget(splitter, 1)
        session.changed.connect(self._changed)
        session.unlocked.connect(self.refresh)
        self._show_empty()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def _plan_tab(self) -> QWidget:
        tab = QWidget()
        self.deviations = QLabel()
        self.deviations.setWordWrap(True)
        self.deviations.setAccessibleName(self.tr("How the plan compares with the guideline"))
        self.reviews = ReviewPanel()
        self.reviews.request_review.connect(self.ops.request_review)
        self.reviews.record_decision.connect(self.ops.record_decision)
        self.reviews.start_alternative.connect(lambda key: self.ops.start_programme(key))
        self.plan_model = ProgrammePlanModel(self)
        self.table = QTableView()
        self.table.setModel(self.plan_model)
        self.table.setAccessibleName(self.tr("Sessions"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(PlanColumn.WORKED_ON, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(lambda _index: self.ops.record_session())
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        self.record_button = QPushButton(self.tr("&Record session…"))
        self.move_button = QPushButton(self.tr("&Move…"))
        self.miss_button = QPushButton(self.tr("Mar&k missed"))
        self.add_button = QPushButton(self.tr("&Add a session…"))
        buttons = QHBoxLayout()
        for button, name, slot in (
            (self.record_button, self.tr("Record the chosen session"), self.ops.record_session),
            (self.move_button, self.tr("Move the chosen session"), self.ops.move_session),
            (self.miss_button, self.tr("Mark the chosen session missed"), self.ops.mark_missed),
            (self.add_button, self.tr("Add a session"), self.ops.add_session),
        ):
            button.setAccessibleName(name)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setVisible(False)
        layout = QVBoxLayout(tab)
        layout.addWidget(self.deviations)
        layout.addWidget(self.reviews)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        return tab

    # -- loading -------------------------------------------------------------------------------

    def set_child(self, child_id: str | None) -> None:
        if child_id != self.child_id:
            self.programme_id = None
        self.child_id = child_id
        self.refresh()

    def _changed(self, what: str) -> None:
        if what in ("children", "programmes"):
            self.refresh()

    def refresh(self) -> None:
        """The child's programmes, then the chosen one's plan."""
        if not self.session.is_unlocked:
            return
        if not self.isVisible():
            self._stale = True
            return
        self._stale = False
        child = self.child_id

        def work(vault: Any) -> tuple[list[ChildView], list[ProgrammeSummary]]:
            return children.list_children(vault), programmes.list_programmes(vault, child)

        self.session.run(work, self._listed, self.failed)
        self.banner.refresh()

    def _listed(self, loaded: tuple[list[ChildView], list[ProgrammeSummary]]) -> None:
        self.kids, self.summaries = loaded
        self.list.blockSignals(True)
        self.list.clear()
        for summary in self.summaries:
            item = QListWidgetItem(self.tr("{title}\n{status} · {held} of {planned} held").format(
                title=summary.title, status=programme_status_words(summary.status),
                held=summary.sessions_done, planned=summary.sessions_live))
            item.setData(PID_ROLE, summary.id)
            self.list.addItem(item)
        self.list.blockSignals(False)
        ids = [s.id for s in self.summaries]
        wanted = self.programme_id if self.programme_id in ids else (ids[0] if ids else None)
        if wanted is None:
            self.programme_id = None
            self._show_empty()
            return
        self.list.setCurrentRow(ids.index(wanted))  # loads it through _chosen

    def _chosen(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self.open_programme(str(item.data(PID_ROLE)))

    def open_programme(self, programme_id: str) -> None:
        self.programme_id = programme_id
        self._reload_current()

    def _reload_current(self) -> None:
        pid = self.programme_id
        if pid is None or not self.session.is_unlocked:
            return
        self._token += 1
        token = self._token

        def work(vault: Any) -> Loaded:
            return (programmes.plan(vault, pid), homework.list_homework(vault, pid),
                    homework.progress(vault, pid))

        self.session.run(work, lambda loaded: self._show(loaded) if token == self._token else None,
                   self.failed)
        self.homework_panel.set_programme(pid)

    def after_change(self) -> None:
        """A plan changed: reload it, the list's counts and the reminders."""
        self.session.notify("programmes")

    def failed(self, error: BaseException) -> None:
        outside = isinstance(error, OutsideTemplate)
        self.message.setText(self.ops.outside_words(error) if isinstance(error, OutsideTemplate)
                             else describe(error).text)
        self.message.setVisible(True)
        if not outside:
            self.tabs.setCurrentIndex(0)

    # -- showing -------------------------------------------------------------------------------

    def _show_empty(self) -> None:
        self.plan = None
        self.plan_model.clear()
        self.progress.clear()
        self.homework_panel.set_programme(None)
        self.empty.setText(self.tr(
            "No programme yet.\n\nWhen a practitioner offers an intervention (video feedback, "
            "parental sensitivity and behaviour training, a home visiting programme and the "
            "others in NICE guideline NG26), press “Start a programme”. The app lays out the "
            "sessions the guideline describes, reminds you of sessions and homework, and shows "
            "plainly when the guideline calls for a review."))
        self.pages.setCurrentWidget(self.empty)

    def _show(self, loaded: Loaded) -> None:
        plan, tasks, series = loaded
        self.plan, self.homework = plan, tasks
        self.message.clear()
        self.message.setVisible(False)
        summary = plan.programme
        self.pages.setCurrentWidget(self.detail)
        self.title.setText(summary.title)
        parts = [self.tr("Started {day}").format(day=day_text(summary.start_date, long=True))]
        parts += [p for p in (summary.practitioner, summary.location) if p]
        parts.append(programme_status_words(summary.status))
        parts.append(self.tr("{held} of {planned} sessions held").format(
            held=summary.sessions_done, planned=summary.sessions_live))
        if summary.next_session:
            parts.append(self.tr("next {day}").format(day=day_text(summary.next_session)))
        self.info.setText(" · ".join(parts))
        if plan.deviations:
            self.deviations.setText(self.tr("⚠ The plan goes outside what the guideline "
                                            "describes:") + "\n" +
                                    "\n".join("• " + deviation_words(d) for d in plan.deviations))
        else:
            self.deviations.setText(self.tr("✓ The plan is within what the guideline describes."))
        titles = {t.key: t.title for t in programmes.templates()}
        self.reviews.show_states(plan.triggers, plan.reviews, titles)
        chosen = self.selected_session()
        self.plan_model.set_plan(plan.sessions, plan.deviations)
        row = self.plan_model.row_of(chosen.id) if chosen else self._next_row(plan.sessions)
        if row is not None:
            self.table.selectRow(row)
        self.progress.set_series(series)
        active = summary.status is ProgrammeStatus.ACTIVE
        self.finish_button.setVisible(active)
        self.stop_button.setVisible(active)
        self.resume_button.setVisible(not active)
        self._update_buttons()

    @staticmethod
    def _next_row(sessions: tuple[SessionView, ...]) -> int | None:
        planned = [i for i, s in enumerate(sessions) if s.status is SessionStatus.PLANNED]
        return planned[0] if planned else (len(sessions) - 1 if sessions else None)

    def selected_session(self) -> SessionView | None:
        index = self.table.currentIndex()
        return self.plan_model.session_at(index.row()) if index.isValid() else None

    def _update_buttons(self) -> None:
        s = self.selected_session()
        active = self.plan is not None and self.plan.programme.status is ProgrammeStatus.ACTIVE
        self.record_button.setEnabled(active and s is not None)
        self.move_button.setEnabled(active and s is not None and s.status is not SessionStatus.DONE)
        self.miss_button.setEnabled(active and s is not None and s.status is SessionStatus.PLANNED)
        self.add_button.setEnabled(active and self.plan is not None and self.plan.can_add_session)
        self.add_button.setToolTip("" if self.add_button.isEnabled() else self.tr(
            "The plan already has as many sessions as the guideline describes."))

    def run_then_reload(self, work: Callable[[Any], object]) -> None:
        self.session.run(work, lambda _result: self.after_change(), self.failed)

    # -- locking -------------------------------------------------------------------------------

    def clear(self) -> None:
        """On lock: every title, name, note and figure goes, with any open dialog."""
        self._token += 1
        self.ops.close_dialogs()
        self.kids, self.summaries, self.homework = [], [], []
        self.plan = None
        self.programme_id = None
        self.list.clear()
        self.plan_model.clear()
        self.reviews.clear()
        self.homework_panel.clear()
        self.progress.clear()
        self.banner.clear()
        for label in (self.title, self.info, self.deviations):
            label.clear()
        self._show_empty()
        self.homework_panel.clear()
        self._stale = True
