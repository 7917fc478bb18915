"""A carer's journey through programmes, homework, the chart and observations; reviews and reminders."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from carer_app.domain.enums import SessionStatus
from carer_app.domain.programme_views import ProgrammeStart, SessionReport
from carer_app.services import children, programmes
from carer_app.ui import workers
from carer_app.ui.app_session import AppSession
from carer_app.ui.observation_table_model import Column
from carer_app.ui.observations_screen import ObservationsScreen
from carer_app.ui.programme_plan_model import PlanColumn
from carer_app.ui.programmes_screen import ProgrammesScreen
from carer_app.ui.session_dialog import qdate


@pytest.fixture()
def session(vault: Any, vault_dir: Path) -> Iterator[AppSession]:
    app_session = AppSession(vault_dir)
    app_session.open(vault)
    yield app_session
    app_session.lock()  # results still on their way are dropped; no new work starts
    workers.wait_for_all()
    QCoreApplication.sendPostedEvents()  # the last job settles and the vault closes


def show(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.addWidget(widget)
    widget.resize(1100, 760)
    widget.show()
    qtbot.waitExposed(widget)


@pytest.fixture()
def screen(qtbot: QtBot, session: AppSession, vault: Any,
           wait_idle: Callable[[], None]) -> ProgrammesScreen:
    kid = children.list_children(vault)[0].id  # before the screen starts its own jobs
    widget = ProgrammesScreen(session)
    show(qtbot, widget)
    widget.set_child(kid)
    wait_idle()
    return widget


def labels(widget: QWidget) -> str:
    return "\n".join(label.text() for label in widget.findChildren(QLabel) if label.isVisible())


def test_carer_journey(qtbot: QtBot, qtmodeltester: Any, session: AppSession, vault: Any,
                       screen: ProgrammesScreen, wait_idle: Callable[[], None],
                       unnamed_focusable: Callable[[QWidget], list[str]],
                       personal_text_anywhere: Callable[[tuple[str, ...]], list[str]]) -> None:
    assert "No programme yet" in screen.empty.text()
    assert unnamed_focusable(screen) == []

    # Start a programme: parental sensitivity and behaviour training, which sets homework.
    start = date.today() - timedelta(days=14)
    dialog = screen.ops.start_programme()
    assert dialog is not None and unnamed_focusable(dialog) == []
    dialog.programme.setCurrentIndex(dialog.programme.findData("psbt_parents"))
    dialog.start.setDate(qdate(start))
    dialog.sessions.setValue(8)
    dialog.practitioner.setText("Family practitioner")
    assert dialog.preview.text().startswith("9 sessions, from ")
    assert "Sets homework to practise" in dialog.about.text()
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    wait_idle()
    qtbot.waitUntil(lambda: screen.plan is not None)
    wait_idle()
    assert screen.list.count() == 1
    assert screen.plan_model.rowCount() == 9
    assert screen.plan_model.index(0, PlanColumn.NUMBER).data() == "1 (opening)"
    assert "within what the guideline describes" in screen.deviations.text()
    qtmodeltester.check(screen.plan_model)

    # Record session 1, setting homework at it.
    screen.table.selectRow(0)
    record = screen.ops.record_session()
    assert record is not None and unnamed_focusable(record) == []
    record.held_on.setDate(qdate(start))
    record.worked_on.setPlainText("Naming feelings; calm limits")
    record.rating.setCurrentIndex(record.rating.findData(2))
    record.task.setEditText("Practise naming feelings at bedtime")
    qtbot.mouseClick(record.add_task_button, Qt.MouseButton.LeftButton)
    assert record.new_tasks[0][0] == "Practise naming feelings at bedtime"
    qtbot.mouseClick(record.save_button, Qt.MouseButton.LeftButton)
    wait_idle()
    qtbot.waitUntil(lambda: screen.plan_model.index(0, PlanColumn.STATUS).data() == "Held")
    wait_idle()
    assert screen.plan_model.index(0, PlanColumn.RATING).data() == "2 of 5"

    # Before any practice the chart has the session rating and no practice.
    screen.tabs.setCurrentWidget(screen.progress)
    before = screen.progress.chart.series
    assert before is not None and before.confidence == () and len(before.ratings) == 1
    assert sum(w.count for w in before.weeks) == 0
    assert "0 practices" in screen.progress.summary.text()

    # Log two practices of the homework.
    panel = screen.homework_panel
    screen.tabs.setCurrentWidget(panel)
    qtbot.waitUntil(lambda: panel.task_list.count() == 1)
    assert "Practise naming feelings at bedtime" in panel.task_list.item(0).text()
    for tried, response, confidence in (("Named 'tired' in the story", "Pointed at a face", 2),
                                        ("Named 'cross' after tea", "Said 'me cross'", 4)):
        panel.tried.setPlainText(tried)
        panel.response.setPlainText(response)
        panel.confidence.button(confidence).setChecked(True)
        qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
        wait_idle()
        qtbot.waitUntil(lambda: panel.status.text() == "Practice logged.")
        panel.status.clear()
    wait_idle()
    qtbot.waitUntil(lambda: panel.log.topLevelItemCount() == 2)
    assert "practised 2 times" in panel.task_list.item(0).text()
    assert unnamed_focusable(screen) == []

    # The chart follows: two practices this week, confidence 2 then 4.
    screen.tabs.setCurrentWidget(screen.progress)
    wait_idle()
    qtbot.waitUntil(lambda: screen.progress.chart.series is not None
                    and len(screen.progress.chart.series.confidence) == 2)
    series = screen.progress.chart.series
    assert sum(w.count for w in series.weeks) == 2 and series.weeks[-1].count == 2
    assert [p.confidence for p in series.confidence] == [2, 4]
    described = screen.progress.chart.accessibleDescription()
    assert "Practices per week" in described and "Confidence, 1 to 5" in described
    assert "latest confidence 4 of 5" in screen.progress.summary.text()
    qtmodeltester.check(screen.progress.model)
    qtbot.mouseClick(screen.progress.toggle, Qt.MouseButton.LeftButton)
    assert screen.progress.showing_table and screen.progress.model.rowCount() == len(series.weeks)
    last = screen.progress.model.rowCount() - 1
    assert screen.progress.model.index(last, 1).data() == "2"
    assert screen.progress.model.index(last, 2).data() == "3.0"

    # Write three observations, then amend one and see its history.
    log = ObservationsScreen(session)
    show(qtbot, log)
    wait_idle()  # the screens' own jobs first: the test then reads the vault directly
    kid = children.list_children(vault)[0].id
    log.set_child(kid)
    wait_idle()
    for text in ("Bedtime went calmly", "Quiet after contact", "Shared the paints at nursery"):
        editor = log.new_entry()
        assert editor is not None
        editor.text.setPlainText(text)
        editor.submit()
        wait_idle()
        qtbot.waitUntil(lambda: log.editor is None)
    wait_idle()
    qtbot.waitUntil(lambda: log.model.rowCount() == 3)
    qtbot.waitUntil(lambda: all(log.model.row_at(r) for r in range(3)))
    texts = [log.model.index(r, Column.ENTRY).data() for r in range(3)]
    position = texts.index("Quiet after contact")
    log.table.selectRow(position)
    editor = log.edit_selected()
    assert editor is not None
    editor.text.setPlainText("Quiet after contact; wanted a cuddle")
    editor.submit()
    wait_idle()
    wait_idle()
    qtbot.waitUntil(lambda: "amended" in log.model.index(position, Column.SIGNED).data())
    assert log.model.index(position, Column.ENTRY).data() == "Quiet after contact; wanted a cuddle"
    history = log.show_history()
    wait_idle()
    assert history is not None
    qtbot.waitUntil(lambda: "Version 1" in history.browser.toPlainText())
    assert "Quiet after contact; wanted a cuddle" in history.browser.toPlainText()

    # Lock: both screens drop everything personal.
    screen.clear()
    log.clear()
    assert personal_text_anywhere(("Naming feelings", "Practise naming", "Named 'cross'",
                                   "Quiet after contact", "Test Child", "Family practitioner")) == []


def _video_feedback(vault: Any, started: date) -> str:
    kid = children.list_children(vault)[0].id
    return programmes.start_programme(vault, ProgrammeStart(kid, "video_feedback_carers",
                                                            started)).id


def test_a_review_is_shown_plainly_and_recorded(
    qtbot: QtBot, vault: Any, screen: ProgrammesScreen, wait_idle: Callable[[], None],
) -> None:
    pid = _video_feedback(vault, date.today() - timedelta(days=150))
    for s in programmes.plan(vault, pid).sessions:
        assert s.planned_date is not None
        programmes.record_session(vault, s.id, SessionReport(s.planned_date, True, 60, "", "", 2))
    screen.refresh()
    wait_idle()
    qtbot.waitUntil(lambda: bool(screen.reviews.boxes))
    wait_idle()
    # New widgets become visible one event-loop turn later: wait for the words, not a turn.
    qtbot.waitUntil(
        lambda: "Little improvement after 10 sessions: a review is due" in labels(screen.reviews)
    )
    text = labels(screen.reviews)
    assert "arrange a multi-agency review" in text and "NG26 recommendation 1.5.2" in text
    assert "Coming up" in screen.banner.accessibleName()
    assert any("calls for a review" in t.text() for t, _b in screen.banner.rows)
    day = screen.ops.request_review("little_improvement")
    assert day is not None
    day.day.setDate(qdate(date.today() - timedelta(days=1)))
    day._choose()
    wait_idle()
    qtbot.waitUntil(lambda: "Review asked for on" in labels(screen.reviews))
    wait_idle()
    assert not any("calls for a review" in t.text() for t, _b in screen.banner.rows)
    review_id = screen.plan.reviews[0].id if screen.plan else ""
    decision = screen.ops.record_decision(review_id)
    decision.text.setPlainText("Five more sessions, then meet again")
    decision._save()
    wait_idle()
    qtbot.waitUntil(lambda: "It decided: Five more sessions" in labels(screen.reviews))


def test_moving_a_session_outside_the_guideline_is_said_in_words(
    qtbot: QtBot, vault: Any, screen: ProgrammesScreen, wait_idle: Callable[[], None],
) -> None:
    pid = _video_feedback(vault, date.today())
    screen.refresh()
    wait_idle()
    qtbot.waitUntil(lambda: screen.plan is not None)
    assert not screen.add_button.isEnabled()  # ten of ten: no room for an eleventh
    screen.table.selectRow(9)
    move = screen.ops.move_session()
    assert move is not None
    move.day.setDate(qdate(date.today() + timedelta(days=200)))
    move._choose()
    wait_idle()
    qtbot.waitUntil(lambda: "goes outside" in screen.deviations.text())
    assert "the guideline describes at most" in screen.deviations.text()
    row = screen.plan_model.row_of(programmes.plan(vault, pid).sessions[-1].id)
    assert row == 9
    assert "outside the guideline" in screen.plan_model.index(row, PlanColumn.DATE).data()
    screen.table.selectRow(2)
    qtbot.mouseClick(screen.miss_button, Qt.MouseButton.LeftButton)
    wait_idle()
    qtbot.waitUntil(lambda: screen.plan_model.index(2, PlanColumn.STATUS).data() == "Missed")
    wait_idle()
    assert screen.add_button.isEnabled()
    assert programmes.plan(vault, pid).sessions[2].status is SessionStatus.MISSED


def test_reminders_open_the_programme(
    qtbot: QtBot, vault: Any, screen: ProgrammesScreen, wait_idle: Callable[[], None],
) -> None:
    assert "Nothing due" in screen.banner.heading.text()
    pid = _video_feedback(vault, date.today() - timedelta(days=3))
    screen.refresh()
    wait_idle()
    qtbot.waitUntil(lambda: bool(screen.banner.rows))
    first, button = screen.banner.rows[0]
    assert "Record how it went" in first.text() and "Test Child" in first.text()
    assert button.accessibleName().startswith("Open: ")
    screen.programme_id = None
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    wait_idle()
    assert screen.programme_id == pid
