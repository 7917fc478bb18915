"""The child's storybook: full screen, one released page at a time, left only with a grown-up's PIN."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QKeyEvent,
    QKeySequence,
    QPalette,
    QResizeEvent,
    QShortcut,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from carer_app.domain.enums import Feeling
from carer_app.services import storybook
from carer_app.services.photo_processing import PhotoRejected
from carer_app.ui import crisis_access
from carer_app.ui.fonts import bigger
from carer_app.ui.storybook_exit_dialog import ExitGate, StorybookExitDialog
from carer_app.ui.storybook_faces import arrow_icon
from carer_app.ui.storybook_i18n import StorybookLanguage
from carer_app.ui.storybook_look import storybook_style, warm_palette
from carer_app.ui.storybook_memory_dialog import StorybookMemoryDialog
from carer_app.ui.storybook_page_view import PageContent, StorybookPageView
from carer_app.ui.storybook_reader import StorybookReader


def _open(dialog: QDialog | None) -> bool:
    return dialog is not None and isValid(dialog) and dialog.isVisible()


def _crisis_key() -> Qt.Key:
    name = getattr(crisis_access, "CRISIS_KEY_NAME", None)
    key: Qt.Key = getattr(Qt.Key, name) if name else getattr(crisis_access, "CRISIS_KEY")  # noqa: B009
    return key


class _CrisisKeyGuard(QObject):
    """The adult crisis card has adult content: F12 does nothing while the storybook is open."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.key = _crisis_key()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kinds = (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride, QEvent.Type.KeyRelease)
        return event.type() in kinds and isinstance(event, QKeyEvent) and event.key() == self.key


class StorybookWindow(QWidget):
    """Its own top-level window; the opener hides its window and shows it again on `exited`.

    `session` is the app session (or a bare vault, in scripts); `clock` gives today's date.
    """

    exited = Signal()
    page_shown = Signal(str)  # the entry now on screen; "" for an empty storybook

    def __init__(
        self, session: Any, child_id: str, parent: QWidget | None = None, *,
        clock: Callable[[], date] = date.today, tick_ms: int = 1000,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.reader = StorybookReader(session, child_id, clock, self)
        self.child_id = child_id
        self.gate = ExitGate(tick_ms, self)
        self.language = StorybookLanguage(self)
        self.saved_language: str | None = None
        self.grown_ups: StorybookExitDialog | None = None
        self.memory_dialog: StorybookMemoryDialog | None = None
        self._ended = False
        self._focused_once = False
        self._guard = _CrisisKeyGuard(self)
        self.setPalette(warm_palette(self.palette()))
        self.setAutoFillBackground(True)
        self._build()
        style = storybook_style(self.palette())
        self.badge.setStyleSheet(style)
        self.page_view.set_style(style)
        self._shortcuts()
        self.reader.shown.connect(self._show)
        self.reader.empty.connect(self._show_empty)
        self.reader.nothing_found.connect(
            lambda: self.find_message.setText(self.tr("No page has those words.")))
        self.reader.failed.connect(self._failed)
        self.reader.feeling_saved.connect(self.page_view.set_feeling)
        self.reader.talk_saved.connect(self.page_view.show_talk_thanks)
        locked = getattr(session, "locked", None)
        if locked is not None:
            locked.connect(self.end_session)
        self.retranslate()
        self.reader.run(lambda vault: storybook.storybook_language(vault, child_id),
                        self._language_loaded, lambda _error: None)
        self.reader.go_resume()

    @property
    def together(self) -> bool:
        return self.reader.together

    @property
    def current(self) -> Any:
        return self.reader.current

    def _build(self) -> None:
        small = bigger(self.font(), 1.15, bold=False)
        self.chapter = QLabel()
        self.chapter.setFont(bigger(self.font(), 1.3))
        self.find_field = QLineEdit()
        self.find_field.setFont(small)
        self.find_field.setClearButtonEnabled(True)
        self.find_field.returnPressed.connect(lambda: self.find_page(self.find_field.text()))
        self.find_message = QLabel()
        self.find_message.setFont(small)
        self.grown_ups_button = QPushButton()
        self.grown_ups_button.setFlat(True)
        self.grown_ups_button.setFont(small)
        self.grown_ups_button.clicked.connect(self.open_grown_ups)
        top = QHBoxLayout()
        top.addWidget(self.chapter, 1)
        for widget in (self.find_message, self.find_field, self.grown_ups_button):
            top.addWidget(widget)
        self.badge = QLabel()
        self.badge.setObjectName("badge")
        self.badge.setFont(bigger(self.font(), 1.3))
        self.stop_together_button = QPushButton()
        self.stop_together_button.setFont(small)
        self.stop_together_button.clicked.connect(lambda: self.set_together(False))
        together = QHBoxLayout()
        together.setContentsMargins(0, 0, 0, 0)
        together.addWidget(self.badge)
        together.addWidget(self.stop_together_button)
        together.addStretch(1)
        self.together_bar = QWidget()
        self.together_bar.setLayout(together)
        self.together_bar.setVisible(False)

        self.page_view = StorybookPageView()
        self.page_view.feeling_chosen.connect(self.choose_feeling)
        self.page_view.talk_requested.connect(self.reader.ask_to_talk)
        self.page_view.memory_requested.connect(self.open_memory)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Up and Down scroll it
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area.setWidget(self.page_view)

        self.back_button = QPushButton()
        self.next_button = QPushButton()
        for button, step in ((self.back_button, self.reader.go_back),
                             (self.next_button, self.reader.go_next)):
            button.setFont(bigger(self.font(), 1.8))
            button.setIconSize(QSize(36, 36))
            button.setMinimumHeight(button.fontMetrics().height() * 2 + 16)
            button.setMinimumWidth(button.fontMetrics().horizontalAdvance("M") * 6)
            button.setAutoDefault(True)  # Enter turns the page, as Space does
            button.clicked.connect(step)
        self._arrows()
        self.counter = QLabel()
        self.counter.setFont(bigger(self.font(), 1.5, bold=False))
        self.counter.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.counter.setWordWrap(True)
        nav = QHBoxLayout()
        nav.addWidget(self.back_button)
        nav.addWidget(self.counter, 1)
        nav.addWidget(self.next_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 12, 24, 16)
        layout.addLayout(top)
        layout.addWidget(self.together_bar)
        layout.addWidget(self.scroll_area, 1)
        layout.addLayout(nav)

    def _shortcuts(self) -> None:
        keys: list[tuple[Qt.Key, Callable[[], object]]] = [
            (Qt.Key.Key_Right, lambda: self._arrow(forward=self.isLeftToRight())),
            (Qt.Key.Key_Left, lambda: self._arrow(forward=not self.isLeftToRight())),
            (Qt.Key.Key_PageDown, self.reader.go_next), (Qt.Key.Key_PageUp, self.reader.go_back),
            (Qt.Key.Key_Home, self.reader.go_first), (Qt.Key.Key_End, self.reader.go_last),
            (Qt.Key.Key_Escape, self.open_grown_ups),
            (Qt.Key.Key_Down, lambda: self._scroll(1)), (Qt.Key.Key_Up, lambda: self._scroll(-1)),
        ]
        self.shortcuts = []
        for key, action in keys:
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.activated.connect(action)
            self.shortcuts.append(shortcut)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Storybook"))  # never a name: it shows in task switchers
        self.setAccessibleName(self.tr("Storybook"))
        self.find_field.setPlaceholderText(self.tr("Find a page"))
        self.find_field.setAccessibleName(self.tr("Find a page"))
        self.grown_ups_button.setText(self.tr("Grown-ups"))
        self.grown_ups_button.setAccessibleName(self.tr("For grown-ups"))
        self.grown_ups_button.setToolTip(self.tr(
            "Read together, change the language or close the storybook (needs a grown-up's PIN)"))
        self.badge.setText(self.tr("Reading together"))
        self.stop_together_button.setText(self.tr("Stop reading together"))
        self.stop_together_button.setAccessibleName(self.tr("Stop reading together"))
        self.back_button.setText(self.tr("Back"))
        self.back_button.setAccessibleName(self.tr("Back"))
        self.next_button.setText(self.tr("Next"))
        self.next_button.setAccessibleName(self.tr("Next"))
        self._show_counter()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        elif event.type() == QEvent.Type.LayoutDirectionChange:
            self._arrows()
        super().changeEvent(event)

    def _arrows(self) -> None:
        """Back points the way the words came from (to the right, in a right-to-left language)."""
        ink = self.palette().color(QPalette.ColorRole.ButtonText)
        faded = self.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText)
        ltr = self.isLeftToRight()
        self.back_button.setIcon(arrow_icon(not ltr, ink, faded))
        self.next_button.setIcon(arrow_icon(ltr, ink, faded))
        # Next's arrow after its word: the button lays itself out the other way round.
        self.next_button.setLayoutDirection(
            Qt.LayoutDirection.RightToLeft if ltr else Qt.LayoutDirection.LeftToRight)

    # -- pages ---------------------------------------------------------------------------------

    def find_page(self, text: str) -> None:
        self.find_message.clear()
        if text.strip():
            self.reader.find(text)

    def _arrow(self, *, forward: bool) -> None:
        (self.reader.go_next if forward else self.reader.go_back)()

    def _scroll(self, steps: int) -> None:
        bar = self.scroll_area.verticalScrollBar()
        bar.setValue(bar.value() + steps * bar.singleStep() * 4)

    def _show(self, content: PageContent) -> None:
        page = content.page
        self.page_view.show_content(content)
        self.scroll_area.verticalScrollBar().setValue(0)
        self.chapter.setText(page.chapter_title or "")
        self._show_counter()
        if not self._focused_once:  # the first page: Next takes the keyboard
            self._focused_once = True
            self._focus_next()
        self.page_shown.emit(page.entry_id)

    def _show_empty(self) -> None:
        self.page_view.show_empty()
        self.chapter.clear()
        self._show_counter()
        self.page_shown.emit("")

    def _show_counter(self) -> None:
        page = self.reader.current
        self.back_button.setEnabled(page is not None and page.previous_id is not None)
        self.next_button.setEnabled(page is not None and page.next_id is not None)
        if page is None:
            self.counter.clear()
        elif page.next_id is None:
            self.counter.setText(self.tr("Page {number} of {count}. The end, for now.").format(
                number=page.index + 1, count=page.count))
        else:
            self.counter.setText(self.tr("Page {number} of {count}").format(
                number=page.index + 1, count=page.count))

    def _failed(self, error: BaseException) -> None:
        self.page_view.show_problem(self.tr(
            "Something didn't work just then. Please ask your grown-up to help."))

    def choose_feeling(self, feeling: Feeling | None) -> None:
        self.reader.choose_feeling(feeling)

    def open_memory(self) -> StorybookMemoryDialog | None:
        if self.reader.current is None:
            return None
        dialog = StorybookMemoryDialog(self)
        dialog.setPalette(self.palette())
        dialog.setLayoutDirection(self.layoutDirection())

        def failed(error: BaseException) -> None:
            (dialog.photo_problem if isinstance(error, PhotoRejected) else dialog.failed)()

        dialog.submitted.connect(lambda text, data: self.reader.add_memory(text, data, dialog.saved, failed))
        dialog.finished.connect(dialog.deleteLater)
        dialog.finished.connect(self._back_from_dialog)
        self.memory_dialog = dialog
        dialog.open()
        return dialog

    # -- grown-ups -----------------------------------------------------------------------------

    def open_grown_ups(self) -> StorybookExitDialog:
        if self.grown_ups is not None and _open(self.grown_ups):
            self.grown_ups.raise_()
            return self.grown_ups
        dialog = StorybookExitDialog(self.reader.run, self.gate, together=self.together,
                                     language=self.saved_language, parent=self)
        dialog.leave_chosen.connect(self.leave)
        dialog.together_chosen.connect(self.set_together)
        dialog.language_chosen.connect(self.set_language)
        dialog.finished.connect(dialog.deleteLater)
        dialog.finished.connect(self._back_from_dialog)
        self.grown_ups = dialog
        dialog.open()
        return dialog

    def _back_from_dialog(self, _result: int = 0) -> None:
        """The keyboard comes back to the page, so the arrows turn pages again."""
        if not self._ended:
            self.activateWindow()
            self._focus_next()

    def set_together(self, on: bool) -> None:
        """Only the grown-ups' dialog turns it on; anyone may turn it off."""
        self.together_bar.setVisible(on)
        self.reader.set_together(on)

    def set_language(self, tag: str | None) -> None:
        child = self.child_id
        self.reader.run(lambda v: storybook.set_storybook_language(v, child, tag),
                        lambda _none: self._language_loaded(tag), self._failed)

    def _language_loaded(self, tag: str | None) -> None:
        if not self._ended:
            self.saved_language = tag
            self.apply_language(tag)

    def apply_language(self, tag: str | None) -> None:
        """Also takes the pseudo-locales (qps-ploc, qps-plocm), to check layouts."""
        self.language.apply(tag)
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)

    # -- showing and leaving -------------------------------------------------------------------

    def show_full_screen(self) -> None:
        """Full screen; the geometry too, for X servers without a window manager to honour it."""
        screen = self.screen()
        if screen is not None:
            self.setGeometry(screen.geometry())
        self.showFullScreen()
        self.raise_()
        self.activateWindow()

    def showEvent(self, event: QShowEvent) -> None:
        # Installed after the crisis launcher's filter, so this one sees F12 first.
        app = QCoreApplication.instance()
        if app is not None and not self._ended:
            app.removeEventFilter(self._guard)
            app.installEventFilter(self._guard)
        super().showEvent(event)
        QTimer.singleShot(0, self._focus_next)

    def _focus_next(self) -> None:
        """Next (arrows and Enter turn pages, nothing is typed by accident), else what is there."""
        if self._ended:
            return
        for candidate in (self.next_button, self.page_view.talk_button, self.grown_ups_button):
            if candidate.isEnabled() and candidate.isVisibleTo(self):
                candidate.setFocus()
                return

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # On a narrow screen the photo sits above the words: half the height, then they scroll.
        self.page_view.narrow_photo_height = max(180, self.scroll_area.viewport().height() // 2)

    def leave(self) -> None:
        """A grown-up said so: close, and tell the opener to show its window again."""
        if not self._ended:
            self.end_session()
            self.exited.emit()

    def end_session(self) -> None:
        """Close at once with nothing left on screen (the vault is locking, or the app ends)."""
        if self._ended:
            return
        self._ended = True
        self.reader.stop()
        for dialog in (self.grown_ups, self.memory_dialog):
            if dialog is not None and _open(dialog):
                dialog.reject()
        self.page_view.clear()
        self.language.remove()
        app = QCoreApplication.instance()
        if app is not None:
            app.removeEventFilter(self._guard)
        self.close()
        self.deleteLater()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._ended:
            event.accept()
            return
        event.ignore()  # Alt+F4, the window manager's close: only a grown-up may leave
        self.open_grown_ups()


def open_storybook(session: Any, child_id: str, opener: QWidget) -> StorybookWindow:
    """Hide the carer's window, open the storybook full screen, show the carer's window on exit."""
    window = StorybookWindow(session, child_id)
    carer_window = opener.window()

    def back() -> None:
        carer_window.show()
        carer_window.raise_()
        carer_window.activateWindow()

    window.exited.connect(back)
    # Nothing of the adults' may stay on screen over the storybook: the crisis card (whose
    # "Log this call" opens an observation), editors, any other dialog.
    for widget in QApplication.topLevelWidgets():
        if widget is not window and widget is not carer_window and widget.isVisible():
            widget.close()
    carer_window.hide()
    window.show_full_screen()
    return window
