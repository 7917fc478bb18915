"""The "Life story" screen: the story, the photos, the storybook, the book, and the child's talk flags."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from carer_app.domain.life_story_views import TalkRequestView
from carer_app.domain.views import ChildView
from carer_app.services import children, storybook
from carer_app.ui.fonts import bigger
from carer_app.ui.life_story_words import error_words
from carer_app.ui.owned_work import run_for
from carer_app.ui.screen_registry import ScreenContext
from carer_app.ui.story_timeline import StoryTimeline
from carer_app.ui.talk_flags import TalkFlagArea

if TYPE_CHECKING:
    from carer_app.ui.life_story_book_dialog import LifeStoryBookDialog
    from carer_app.ui.storybook_pin_dialog import StorybookPinDialog

WATCHED = ("children", "life_story", "talk_requests", "photos")


class LifeStoryScreen(QWidget):
    def __init__(self, context: ScreenContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.session = context.session
        self.child: ChildView | None = None
        self.child_id: str | None = None
        self.setAccessibleName(self.tr("Life story"))
        heading = QLabel(self.tr("Life story"))
        heading.setFont(bigger(self.font(), 1.4))
        self.flags = TalkFlagArea()
        self.flags.resolve_requested.connect(self.resolve_talk)
        self.storybook_button = QPushButton(self.tr("Open the storybook"))
        self.storybook_button.setAccessibleName(self.tr("Open the storybook"))
        self.storybook_button.setToolTip(self.tr(
            "Full screen, for the child: only what they may see now. Leaving it needs an adult."))
        self.storybook_button.clicked.connect(self.open_storybook)
        self.book_button = QPushButton(self.tr("&Make a life story book…"))
        self.book_button.setAccessibleName(self.tr("Make a life story book"))
        self.book_button.clicked.connect(self.open_book_dialog)
        actions = QHBoxLayout()
        actions.addWidget(heading)
        actions.addStretch(1)
        actions.addWidget(self.storybook_button)
        actions.addWidget(self.book_button)

        self.timeline = StoryTimeline(self.session)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(self.tr("Story and photos"))
        self.tabs.addTab(self.timeline, self.tr("Story"))
        self.photos_tab = QWidget()
        self.photos_tab.setAccessibleName(self.tr("Photos"))
        self.photos_layout = QVBoxLayout(self.photos_tab)
        self.photos_layout.setContentsMargins(0, 0, 0, 0)
        self.tabs.addTab(self.photos_tab, self.tr("Photos"))
        self.tabs.currentChanged.connect(self._tab_changed)
        self.gallery: Any = None  # made when the Photos tab is first shown
        self.gallery_missing = False
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.no_child = QLabel(self.tr("Add a child first: their life story starts here."))
        self.no_child.setAlignment(Qt.AlignmentFlag.AlignCenter)

        layout = QVBoxLayout(self)
        layout.addLayout(actions)
        layout.addWidget(self.flags)
        layout.addWidget(self.no_child)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.status)
        self.book_dialog: LifeStoryBookDialog | None = None
        self.pin_dialog: StorybookPinDialog | None = None
        self.storybook_window: QWidget | None = None
        self.session.changed.connect(self._session_changed)
        self._show_child()

    # -- the Screen protocol --------------------------------------------------------------------

    def set_child(self, child_id: str | None) -> None:
        if child_id != self.child_id:
            self.child = None
        self.child_id = child_id
        self._load_child()

    def clear(self) -> None:
        for dialog in (self.book_dialog, self.pin_dialog):
            if dialog is not None:
                dialog.reject()
        self.book_dialog = self.pin_dialog = None
        if self.storybook_window is not None:
            # The vault is closing: the storybook ends at once, with nothing left on screen.
            end = getattr(self.storybook_window, "end_session", None)
            try:
                if callable(end):
                    end()
            except RuntimeError:  # it had already gone on the session's own `locked`
                pass
            self.storybook_window = None
        self.child = None
        self.child_id = None
        self.timeline.clear()
        if self.gallery is not None:
            self.gallery.clear()
        self.flags.clear()
        self.status.clear()
        self._show_child()

    # -- loading -------------------------------------------------------------------------------

    def _load_child(self) -> None:
        child_id = self.child_id
        if child_id is None or not self.session.is_unlocked:
            self.timeline.set_child(None)
            self._show_child()
            return

        def found(kids: list[ChildView]) -> None:
            if child_id == self.child_id:
                self.child = next((c for c in kids if c.id == child_id), None)
                self._show_child()
                self.timeline.set_child(child_id, self.child.date_of_birth if self.child else None)
                if self.gallery is not None:
                    self.gallery.set_child(child_id)
                self.refresh_talk_requests()

        run_for(self, self.session, children.list_children, found, self._failed)

    def _show_child(self) -> None:
        has_child = self.child is not None
        self.no_child.setVisible(self.child_id is None)
        self.tabs.setVisible(self.child_id is not None)
        self.storybook_button.setEnabled(has_child)
        self.book_button.setEnabled(has_child)
        if self.child is not None:
            text = self.tr("Open the &storybook for {name}").format(name=self.child.shown_name)
        else:
            text = self.tr("Open the &storybook")
        self.storybook_button.setText(text)
        self.storybook_button.setAccessibleName(text.replace("&", ""))

    def refresh_talk_requests(self) -> None:
        """Every child's open flags: one raised by a child not shown now must not wait unseen."""
        if not self.session.is_unlocked:
            return

        def found(requests: list[TalkRequestView]) -> None:
            if self.session.is_unlocked:
                self.flags.set_requests(requests)

        run_for(self, self.session, storybook.open_talk_requests, found, self._failed)

    def resolve_talk(self, request_id: str) -> None:
        if self.session.is_unlocked:
            run_for(self, self.session, lambda vault: storybook.resolve_talk_request(vault, request_id),
                             lambda _view: self.refresh_talk_requests(), self._failed)

    def _session_changed(self, what: str) -> None:
        if what in WATCHED and self.child_id is not None:
            self._load_child()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh_talk_requests()  # the child may have raised a flag since

    def _failed(self, error: BaseException) -> None:
        self.status.setText(error_words(error))

    # -- photos --------------------------------------------------------------------------------

    def _tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.photos_tab and self.gallery is None \
                and not self.gallery_missing:
            self._make_gallery()

    def _make_gallery(self) -> None:
        layout = self.photos_layout
        try:
            from carer_app.ui.gallery_panel import GalleryPanel
        except ImportError:
            missing = QLabel(self.tr("The photo gallery comes in a later version."))
            missing.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(missing)
            self.gallery_missing = True
            return
        # The gallery opens its own viewer and announces caption and tag changes through the
        # session ("photos"), which reloads the story here: nothing else to wire.
        self.gallery = GalleryPanel(self.session)
        layout.addWidget(self.gallery)
        if self.child_id is not None:
            self.gallery.set_child(self.child_id)

    # -- storybook and book ---------------------------------------------------------------------

    def open_storybook(self) -> None:
        if self.child is None or not self.session.is_unlocked:
            return

        def checked(has_pin: bool) -> None:
            if has_pin:
                self.launch_storybook()
                return
            from carer_app.ui.storybook_pin_dialog import StorybookPinDialog

            dialog = StorybookPinDialog(self.session, self)
            dialog.ready.connect(self.launch_storybook)
            dialog.finished.connect(lambda _r: setattr(self, "pin_dialog", None))
            self.pin_dialog = dialog
            dialog.open()

        run_for(self, self.session, storybook.has_storybook_pin, checked, self._failed)

    def launch_storybook(self) -> QWidget | None:
        child_id = self.child_id
        if child_id is None or not self.session.is_unlocked:
            return None
        try:
            from carer_app.ui.storybook_window import open_storybook
        except ImportError:
            self.status.setText(self.tr("The storybook comes in a later version."))
            return None
        # It hides this window, fills the screen, and shows this window again on `exited`.
        window = open_storybook(self.session, child_id, self)
        window.exited.connect(self._storybook_closed)
        self.storybook_window = window
        return window

    def _storybook_closed(self, *_args: object) -> None:
        self.storybook_window = None
        self.refresh_talk_requests()
        self.timeline.refresh()  # the child may have added memories

    def open_book_dialog(self) -> LifeStoryBookDialog | None:
        if self.child_id is None or not self.session.is_unlocked:
            return None
        from carer_app.ui.life_story_book_dialog import LifeStoryBookDialog

        dialog = LifeStoryBookDialog(self.session, self.child_id, self)
        dialog.saved.connect(lambda _path: self.status.setText(self.tr(
            "The book is saved. Remember: the PDF file is not encrypted.")))
        dialog.finished.connect(lambda _r: setattr(self, "book_dialog", None))
        self.book_dialog = dialog
        dialog.open()
        return dialog
