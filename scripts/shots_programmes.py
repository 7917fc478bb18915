"""Screenshots of the programme plan, a session, homework, the chart and observations (xshot runs this)."""

from __future__ import annotations

import os
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("CARER_APP_KDF_TARGET_MS", "0")  # a throwaway demo vault: no need to wait

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QWidget

from carer_app.domain.enums import EntryBasis, ObservationCategory
from carer_app.domain.observation_views import ObservationDraft, ObservationQuery
from carer_app.domain.programme_views import PracticeEntry, SessionReport
from carer_app.services import children, homework, observations, programmes
from carer_app.services.demo import build_demo
from carer_app.ui import workers
from carer_app.ui.app_session import AppSession
from carer_app.ui.observations_screen import ObservationsScreen
from carer_app.ui.programmes_screen import ProgrammesScreen

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
SIZE = (1180, 760)


def settle(seconds: float = 0.6) -> None:
    """Let background work finish and its results reach the widgets."""
    end = time.monotonic() + seconds
    while time.monotonic() < end or workers.running():
        QCoreApplication.processEvents()
        time.sleep(0.01)


def enrich(vault: object) -> None:
    """Ratings, more practice and a few more entries, so the shots look like weeks of use."""
    kid = children.list_children(vault)[0].id  # type: ignore[arg-type]
    pid = programmes.list_programmes(vault, kid)[0].id  # type: ignore[arg-type]
    plan = programmes.plan(vault, pid)  # type: ignore[arg-type]
    for rating, s in zip((2, 2, 3, 3), [s for s in plan.sessions if s.held_on], strict=False):
        assert s.held_on is not None
        programmes.record_session(vault, s.id, SessionReport(  # type: ignore[arg-type]
            s.held_on, True, 60, s.worked_on or "Watching a clip of tea time together",
            "Good eye contact; more confident with praise.", rating))
    # The carer moved the last session past the guideline's period: the plan will say so.
    last = plan.sessions[-1]
    programmes.move_session(vault, last.id, plan.programme.start_date + timedelta(days=140))  # type: ignore[arg-type]
    task = homework.list_homework(vault, pid)[0]  # type: ignore[arg-type]
    now = datetime.now(UTC).replace(hour=19, minute=0, second=0, microsecond=0)
    for days, confidence, tried, response in (
        (27, 1, "Named 'sad' when the tower fell", "Turned away"),
        (25, 2, "Named 'happy' at bath time", "Splashed and smiled"),
        (20, 2, "Named 'tired' before bed", "Yawned and said 'tired'"),
        (18, 3, "Named 'cross' after the park", "Stamped, then a cuddle"),
        (13, 3, "Feelings faces book at bedtime", "Pointed at 'scared'"),
    ):
        homework.log_practice(vault, task.id, PracticeEntry(  # type: ignore[arg-type]
            now - timedelta(days=days), tried, response, confidence))
    for days, category, basis, text, words in (
        (0, ObservationCategory.WELLBEING, EntryBasis.FACT,
         "Settled at bedtime after one story; asked for the landing light on.", "Light on please"),
        (4, ObservationCategory.HEALTH, EntryBasis.THIRD_PARTY,
         "Health visitor said weight and height are on track.", ""),
        (9, ObservationCategory.INCIDENT, EntryBasis.FACT,
         "Fell off the scooter at the park; grazed knee, cleaned and plastered.", "It stinged!"),
    ):
        observations.add_observation(vault, ObservationDraft(  # type: ignore[arg-type]
            kid, now - timedelta(days=days, hours=6), category, basis, text, words))
    slept = observations.search(vault, ObservationQuery(child_id=kid, text="slept"))[0]  # type: ignore[arg-type]
    observations.update_observation(vault, slept.id, ObservationDraft(  # type: ignore[arg-type]
        kid, slept.occurred_at, slept.category, slept.basis,
        slept.text + " Woke once at 5am and went back to sleep.", slept.child_words),
        expected_version=slept.version)


def shoot(widget: QWidget, name: str) -> None:
    settle()
    widget.grab().save(str(OUT / name))
    print(f"wrote {OUT / name}")


def main() -> int:
    app = QApplication(sys.argv)
    app.setStyle("Fusion")
    OUT.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="programme-shots-")) / "vault"
    vault = build_demo(folder, photos=4)
    enrich(vault)
    kid = children.list_children(vault)[0].id
    session = AppSession(folder)
    session.open(vault)

    screen = ProgrammesScreen(session)
    screen.resize(*SIZE)
    screen.show()
    screen.set_child(kid)
    settle(1.0)
    shoot(screen, "programme_plan.png")

    chosen = screen.plan_model.row_of(next(s.id for s in screen.plan.sessions  # type: ignore[union-attr]
                                           if s.held_on is None))
    screen.table.selectRow(chosen or 0)
    dialog = screen.ops.record_session()
    assert dialog is not None
    dialog.worked_on.setPlainText("Watched two clips of bath time; noticed her looking to me "
                                  "when the water was too cold.")
    dialog.notes.setPlainText("Lovely warmth. Try naming the feeling before fixing the problem.")
    dialog.rating.setCurrentIndex(4)
    dialog.task.setEditText("Name the feeling first, then help (bath and bedtime)")
    dialog.add_task()
    dialog.adjustSize()
    shoot(dialog, "session.png")
    dialog.reject()

    screen.tabs.setCurrentWidget(screen.homework_panel)
    shoot(screen, "homework.png")
    screen.tabs.setCurrentWidget(screen.progress)
    shoot(screen, "progress_chart.png")
    screen.hide()

    log = ObservationsScreen(session)
    log.resize(*SIZE)
    log.show()
    log.set_child(kid)
    settle(1.0)
    shoot(log, "observations.png")
    session.lock()
    settle()
    return 0


if __name__ == "__main__":
    sys.exit(main())
