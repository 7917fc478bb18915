"""The unlocked window: navigation to every screen, the child selector, Lock and crisis help."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QByteArray, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QTableWidget,
    QTextEdit,
    QToolBar,
    QTreeWidget,
    QWidget,
)

from carer_app.domain.programme_views import Reminder, ReminderKind
from carer_app.domain.views import ChildView
from carer_app.services import children
from carer_app.services.crisis import load_card
from carer_app.ui import settings as declared
from carer_app.ui.child_selector import ChildSelector
from carer_app.ui.crisis_access import make_crisis_button
from carer_app.ui.messages import describe
from carer_app.ui.screen_registry import SCREENS, ScreenContext, spec_for, title_of


class MainWindow(QMainWindow):
    """Built afresh at every unlock and thrown away at every lock."""

    lock_requested = Signal()
    close_requested = Signal()

    def __init__(self, context: ScreenContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.session = context.session
        # Never a name in the title: it shows in task bars, switchers and shared screens.
        self.setWindowTitle(self.tr("Carer App"))
        self.setAccessibleName(self.tr("Carer App"))
        self.child_id: str | None = None
        self.add_child_dialog: QInputDialog | None = None
        self.last_call_note = ""

        self.selector = ChildSelector()
        self.selector.child_selected.connect(self.set_child)
        self.add_child_button = QPushButton(self.tr("Add a &child…"))
        self.add_child_button.setAccessibleName(self.tr("Add a child"))
        self.add_child_button.clicked.connect(self.open_add_child)
        self.lock_button = QPushButton(self.tr("&Lock (Ctrl+L)"))
        self.lock_button.setAccessibleName(self.tr("Lock"))
        self.lock_button.setToolTip(self.tr("Close the vault and clear the screen (Ctrl+L)"))
        self.lock_button.clicked.connect(self.lock_requested)
        self.crisis_button = make_crisis_button(context.launcher)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        toolbar = QToolBar(self.tr("Main toolbar"))
        toolbar.setObjectName("main_toolbar")
        toolbar.setMovable(False)
        toolbar.setAccessibleName(self.tr("Main toolbar"))
        self.selector_action = toolbar.addWidget(self.selector)
        self.selector_action.setVisible(False)
        for widget in (self.add_child_button, spacer, self.lock_button, self.crisis_button):
            toolbar.addWidget(widget)
        self.addToolBar(toolbar)

        self.nav = QListWidget()
        self.nav.setAccessibleName(self.tr("Sections"))
        self.nav.setSpacing(3)
        self.nav.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Expanding)
        self.stack = QStackedWidget()
        # Made on first visit, so unlocking builds one screen, not all of them.
        self.screens: dict[str, QWidget] = {}
        for spec in SCREENS:
            self.nav.addItem(title_of(spec))
        self.nav.setFixedWidth(self.nav.sizeHintForColumn(0) + 4 * self.nav.frameWidth() + 24)
        self.nav.currentRowChanged.connect(self._row_changed)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        # Reminders show on open whichever screen comes first: a line in the status bar that
        # leads to Homework and sessions, where the full list is.
        self.reminders_button = QPushButton()
        self.reminders_button.setFlat(True)
        self.reminders_button.setAccessibleName(self.tr("Coming up"))
        self.reminders_button.clicked.connect(lambda: self.show_screen("homework"))
        self.reminders_button.hide()
        self.statusBar().addPermanentWidget(self.reminders_button)

        self._restore()
        self.session.changed.connect(self._changed)
        self.load_children()
        self.load_reminders()

    # -- screens -------------------------------------------------------------------------------

    def _restore(self) -> None:
        settings = self.context.settings
        geometry = settings.get(declared.WINDOW_GEOMETRY)
        if not geometry or not self.restoreGeometry(QByteArray(geometry)):
            self.resize(1100, 720)
        last = settings.get(declared.LAST_SCREEN)
        self.show_screen(last if spec_for(last) is not None else SCREENS[0].key)

    def show_screen(self, key: str) -> QWidget:
        row = next(i for i, spec in enumerate(SCREENS) if spec.key == key)
        self.nav.setCurrentRow(row)
        return self.screen_for(key)

    def screen_for(self, key: str) -> QWidget:
        """The screen for `key`, made now if this is its first visit."""
        made = self.screens.get(key)
        if made is None:
            spec = spec_for(key)
            assert spec is not None
            made = self.screens[key] = spec.factory(self.context)
            self.stack.addWidget(made)
            if self.child_id is not None:
                made.set_child(self.child_id)  # type: ignore[attr-defined]
        return made

    @property
    def current_key(self) -> str:
        return SCREENS[self.nav.currentRow()].key

    def _row_changed(self, row: int) -> None:
        if 0 <= row < len(SCREENS):
            self.stack.setCurrentWidget(self.screen_for(SCREENS[row].key))
            self.context.settings.set(declared.LAST_SCREEN, SCREENS[row].key)

    # -- children ------------------------------------------------------------------------------

    def _changed(self, what: str) -> None:
        if what == "children":
            self.load_children()
        if what in ("children", "homework", "programmes"):
            self.load_reminders()

    def load_reminders(self) -> None:
        if self.session.is_unlocked:
            from carer_app.services.reminders import reminders

            self.session.run(reminders, self._reminders_loaded, self._failed)

    def _reminders_loaded(self, found: list[Reminder]) -> None:
        if not found:
            self.reminders_button.hide()
            return
        reviews = sum(r.kind == ReminderKind.REVIEW_NEEDED for r in found)
        late = sum(r.kind in (ReminderKind.SESSION_TO_RECORD, ReminderKind.HOMEWORK_OVERDUE)
                   for r in found)
        parts = [self.tr("Sessions and homework coming up: {count}").format(count=len(found))]
        if late:
            parts.append(self.tr("to catch up on: {count}").format(count=late))
        if reviews:
            parts.append(self.tr("reviews due: {count}").format(count=reviews))
        self.reminders_button.setText(" · ".join(parts) + self.tr(" — open Homework and sessions"))
        self.reminders_button.setAccessibleDescription(self.reminders_button.text())
        self.reminders_button.show()

    def load_children(self) -> None:
        if self.session.is_unlocked:
            self.session.run(children.list_children, self._children_loaded, self._failed)

    def _children_loaded(self, kids: list[ChildView]) -> None:
        current = self.child_id if any(c.id == self.child_id for c in kids) else None
        self.selector.set_children(kids, current)
        self.selector_action.setVisible(self.selector.has_choice)
        self.set_child(self.selector.current_id)

    def set_child(self, child_id: str | None) -> None:
        self.child_id = child_id
        for screen in self.screens.values():
            screen.set_child(child_id)  # type: ignore[attr-defined]

    def open_add_child(self) -> QInputDialog:
        dialog = QInputDialog(self)
        dialog.setWindowTitle(self.tr("Add a child"))
        dialog.setLabelText(self.tr("The child's name (you can add a preferred name later):"))
        dialog.setTextEchoMode(QLineEdit.EchoMode.Normal)
        dialog.setOkButtonText(self.tr("Add"))
        for edit in dialog.findChildren(QLineEdit):
            edit.setAccessibleName(self.tr("The child's name"))
        dialog.textValueSelected.connect(self._add_child)
        dialog.finished.connect(dialog.deleteLater)
        self.add_child_dialog = dialog
        dialog.open()
        for button in dialog.findChildren(QPushButton):  # made when the dialog is first shown
            button.setAccessibleName(button.text().replace("&", ""))
        return dialog

    def _add_child(self, name: str) -> None:
        self.add_child_dialog = None
        if name.strip() and self.session.is_unlocked:
            self.session.run(lambda vault: children.add_child(vault, name),
                             lambda child: self._child_added(child.id), self._failed)

    def _child_added(self, child_id: str) -> None:
        self.child_id = child_id
        self.session.notify("children")

    def _failed(self, error: BaseException) -> None:
        self.statusBar().showMessage(describe(error).text)

    # -- crisis calls --------------------------------------------------------------------------

    def log_call(self, contact_key: str) -> None:
        """After a call from the crisis card: open Observations with the call noted."""
        if not self.isVisible():
            return  # hidden behind the child's storybook: adults' records stay out of reach
        contact = next((c for c in load_card(self.session.folder).contacts
                        if c.key == contact_key), None)
        what = f"{contact.label} ({contact.number})" if contact else contact_key
        note = self.tr("Phoned {what} at {time}.").format(
            what=what, time=datetime.now().strftime("%H:%M"))
        screen = self.show_screen("observations")
        self.last_call_note = note
        prefill = getattr(screen, "prefill_observation", None)
        if callable(prefill):
            prefill(note)
        else:
            self.statusBar().showMessage(self.tr(
                "{note} Writing it as an observation comes with the Observations screen."
            ).format(note=note))
        self.raise_()
        self.activateWindow()

    # -- locking -------------------------------------------------------------------------------

    def save_state(self) -> None:
        self.context.settings.set(declared.WINDOW_GEOMETRY, bytes(self.saveGeometry().data()))

    def clear(self) -> None:
        """On lock: every screen drops what it shows before the window goes."""
        self.save_state()
        if self.add_child_dialog is not None:
            self.add_child_dialog.reject()
            self.add_child_dialog = None
        for screen in self.screens.values():
            screen.clear()  # type: ignore[attr-defined]
        self.selector.clear()
        self.statusBar().clearMessage()
        self.reminders_button.setText("")
        self.reminders_button.hide()
        self.last_call_note = ""
        wipe_texts(self)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.session.is_unlocked:
            # Closing the window by hand means: lock, then quit. The shell does both.
            event.ignore()
            self.close_requested.emit()
            return
        event.accept()


WIPED = (QLineEdit, QTextEdit, QPlainTextEdit, QLabel, QComboBox, QListWidget, QTreeWidget,
         QTableWidget)


def wipe_texts(root: QWidget) -> None:
    """The safety net under every screen's `clear()`: this window is being thrown away, so
    blank every text field, label and list in it (dialogs included) before it waits for deletion."""
    for widget in [root, *root.findChildren(QWidget)]:
        if isinstance(widget, WIPED):
            widget.clear()
        elif isinstance(widget, QAbstractItemView):
            widget.setModel(None)
