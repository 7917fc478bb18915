"""What the programmes screen's buttons do: the dialogs they open and the services they call."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDialog, QMessageBox

from carer_app.domain.enums import ProgrammeStatus
from carer_app.domain.programme_schedule import ScheduleError
from carer_app.domain.programme_views import ProgrammeSummary, SessionReport
from carer_app.services import homework, programmes
from carer_app.services.programmes import OutsideTemplate
from carer_app.ui.messages import describe
from carer_app.ui.programme_start_dialog import StartProgrammeDialog
from carer_app.ui.programme_words import day_text
from carer_app.ui.review_panel import DecisionDialog
from carer_app.ui.session_dialog import DayDialog, SessionDialog

if TYPE_CHECKING:
    from carer_app.ui.programmes_screen import ProgrammesScreen


class ProgrammeActions(QObject):
    """Owns the dialogs it opens, so a lock can close them all."""

    def __init__(self, screen: ProgrammesScreen) -> None:
        super().__init__(screen)
        self.screen = screen
        self.dialogs: list[QDialog] = []

    def _open(self, dialog: QDialog) -> QDialog:
        self.dialogs.append(dialog)
        dialog.finished.connect(lambda _result: self._closed(dialog))
        dialog.open()
        return dialog

    def _closed(self, dialog: QDialog) -> None:
        if dialog in self.dialogs:
            self.dialogs.remove(dialog)
        dialog.deleteLater()

    def close_dialogs(self) -> None:
        for dialog in list(self.dialogs):
            clear = getattr(dialog, "clear", None)
            if callable(clear):
                clear()
            dialog.reject()
        self.dialogs = []

    def outside_words(self, error: OutsideTemplate) -> str:
        if error.reason == "too_many_sessions":
            return self.tr("The guideline describes at most {n} sessions for this programme. "
                           "A missed session can be replaced by a new one.").format(n=error.limit)
        limit = day_text(error.limit) if isinstance(error.limit, date) else str(error.limit)
        if error.reason == "before_start":
            return self.tr("That day is before the programme began ({day}).").format(day=limit)
        return self.tr("That day is after the period the guideline describes ends ({day}).").format(
            day=limit)

    # -- programmes ----------------------------------------------------------------------------

    def start_programme(self, template_key: str | None = None) -> StartProgrammeDialog | None:
        screen = self.screen
        if not screen.session.is_unlocked:
            return None
        dialog = StartProgrammeDialog(screen.kids, screen.child_id, programmes.templates(),
                                      template_key, screen)
        dialog.submitted.connect(lambda: self._start(dialog))
        self._open(dialog)
        return dialog

    def _start(self, dialog: StartProgrammeDialog) -> None:
        form = dialog.form()
        dialog.start_button.setEnabled(False)

        def done(summary: ProgrammeSummary) -> None:
            self.screen.programme_id = summary.id
            dialog.accept()
            self.screen.after_change()

        def failed(error: BaseException) -> None:
            dialog.show_error(self.tr("These choices fall outside what the guideline "
                                      "describes.") if isinstance(error, ScheduleError)
                              else describe(error).text)

        self.screen.session.run(lambda vault: programmes.start_programme(vault, form), done, failed)

    def confirm_stop(self) -> QMessageBox:
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Stop this programme?"),
                          self.tr("The plan is kept, and you can resume it later. If no session "
                                  "has been held yet, the app counts this as not taking part, "
                                  "and shows what the guideline says happens next."),
                          QMessageBox.StandardButton.Cancel, self.screen)
        stop = box.addButton(self.tr("Stop"), QMessageBox.ButtonRole.AcceptRole)
        stop.setAccessibleName(self.tr("Stop"))
        box.button(QMessageBox.StandardButton.Cancel).setAccessibleName(self.tr("Cancel"))
        box.buttonClicked.connect(lambda button: self.set_status(ProgrammeStatus.STOPPED)
                                  if button is stop else None)
        self._open(box)
        return box

    def set_status(self, status: ProgrammeStatus) -> None:
        pid = self.screen.programme_id
        if pid is not None:
            self.screen.run_then_reload(lambda vault: programmes.set_status(vault, pid, status))

    # -- sessions ------------------------------------------------------------------------------

    def record_session(self) -> SessionDialog | None:
        screen = self.screen
        chosen, plan = screen.selected_session(), screen.plan
        if chosen is None or plan is None or not screen.record_button.isEnabled():
            return None
        later = [s.planned_date for s in plan.sessions if s.planned_date and s.number != chosen.number
                 and s.planned_date > (chosen.on or date.today()) and s.held_on is None]
        tasks = [t for t in screen.homework if t.session_id == chosen.id]
        dialog = SessionDialog(chosen, plan.template, tasks, min(later, default=None), screen)
        dialog.submitted.connect(lambda: self._record(dialog))
        self._open(dialog)
        return dialog

    def _record(self, dialog: SessionDialog) -> None:
        report: SessionReport = dialog.report()
        new_tasks, sid = list(dialog.new_tasks), dialog.session.id
        dialog.save_button.setEnabled(False)

        def work(vault: Any) -> None:
            programmes.record_session(vault, sid, report)
            for description, due in new_tasks:
                homework.set_homework(vault, sid, description, due)

        def done(_result: None) -> None:
            dialog.accept()
            self.screen.after_change()
            self.screen.session.notify("homework")

        self.screen.session.run(work, done, lambda error: dialog.show_error(describe(error).text))

    def move_session(self) -> DayDialog | None:
        screen = self.screen
        chosen, plan = screen.selected_session(), screen.plan
        if chosen is None or plan is None:
            return None
        dialog = DayDialog(self.tr("Move session {n}").format(n=chosen.number),
                           self.tr("Move session {n} to which day? If the new day leaves what "
                                   "the guideline describes, the plan will say so.").format(
                               n=chosen.number),
                           chosen.planned_date or date.today(), plan.programme.start_date, None,
                           screen)
        sid = chosen.id
        dialog.chosen.connect(lambda day: screen.run_then_reload(
            lambda vault: programmes.move_session(vault, sid, day)))
        self._open(dialog)
        return dialog

    def mark_missed(self) -> None:
        chosen = self.screen.selected_session()
        if chosen is not None:
            sid = chosen.id
            self.screen.run_then_reload(lambda vault: programmes.mark_missed(vault, sid))

    def add_session(self) -> DayDialog | None:
        screen = self.screen
        plan = screen.plan
        if plan is None:
            return None
        days = sorted(s.on for s in plan.sessions if s.on is not None)
        gap = (days[-1] - days[-2]) if len(days) > 1 else timedelta(days=7)
        suggested = max(days[-1] + gap, date.today()) if days else date.today()
        dialog = DayDialog(self.tr("Add a session"),
                           self.tr("On which day is the extra session?"), suggested,
                           plan.programme.start_date, None, screen)
        pid = plan.programme.id
        dialog.chosen.connect(lambda day: screen.run_then_reload(
            lambda vault: programmes.add_session(vault, pid, day)))
        self._open(dialog)
        return dialog

    # -- reviews -------------------------------------------------------------------------------

    def request_review(self, trigger: str) -> DayDialog | None:
        pid = self.screen.programme_id
        if pid is None:
            return None
        dialog = DayDialog(self.tr("Review asked for"),
                           self.tr("On which day did you ask for the multi-agency review (for "
                                   "example, of the social worker or practitioner)?"),
                           date.today(), None, date.today(), self.screen)
        dialog.chosen.connect(lambda day: self.screen.run_then_reload(
            lambda vault: programmes.request_review(vault, pid, trigger, day)))
        self._open(dialog)
        return dialog

    def record_decision(self, review_id: str) -> DecisionDialog:
        dialog = DecisionDialog(self.screen)
        dialog.decided.connect(lambda text: self.screen.run_then_reload(
            lambda vault: programmes.record_review_decision(vault, review_id, text)))
        self._open(dialog)
        return dialog
