"""One storybook page: photos, words, people and places, the child's memories, feelings and talk."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QEvent, QRect, QSize, Qt, Signal, SignalInstance
from PySide6.QtGui import QIcon, QImage, QPainter, QPaintEvent, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from carer_app.domain.life_story_views import StorybookPage
from carer_app.ui.fonts import bigger
from carer_app.ui.storybook_faces import FeelingsRow

BODY_SCALE, TITLE_SCALE, BUTTON_SCALE = 2.0, 2.4, 1.4
PHOTO_MIN = QSize(240, 180)


@dataclass(frozen=True)
class PageContent:
    """A page and its pictures, decoded in memory only (never cached beyond the page shown)."""

    page: StorybookPage
    images: tuple[QImage, ...] = ()
    memory_images: dict[str, QImage] = field(default_factory=dict)


def _label(scale: float, bold: bool = False) -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setFont(bigger(label.font(), scale, bold=bold))
    label.setTextFormat(Qt.TextFormat.PlainText)  # the adults' words are never markup
    return label


class PhotoView(QWidget):
    """A photo scaled smoothly to fit, keeping its shape, with its caption just beneath it."""

    GAP = 8

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._image = QImage()
        self._scaled = QPixmap()
        self._target = QRect()
        self.caption = _label(1.3)
        self.caption.setParent(self)
        self.caption.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.setMinimumSize(PHOTO_MIN)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_image(self, image: QImage, caption: str = "") -> None:
        self._image = image
        self._scaled = QPixmap()
        self.caption.setText(caption)
        self.caption.setVisible(bool(caption))
        self._place()
        self.update()

    def has_image(self) -> bool:
        return not self._image.isNull()

    def sizeHint(self) -> QSize:
        return QSize(640, 520)

    def _place(self) -> None:
        """The picture and its caption as one group, centred in the space there is."""
        if self._image.isNull():
            self._target = QRect()
            return
        words = self.caption.heightForWidth(self.width()) if self.caption.text() else 0
        room = QSize(self.width(), max(1, self.height() - words - (self.GAP if words else 0)))
        shown = self._image.size().scaled(room, Qt.AspectRatioMode.KeepAspectRatio)
        top = (self.height() - shown.height() - words - (self.GAP if words else 0)) // 2
        self._target = QRect((self.width() - shown.width()) // 2, max(0, top), shown.width(),
                             shown.height())
        self.caption.setGeometry(0, self._target.bottom() + 1 + self.GAP, self.width(), words)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._place()
        super().resizeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._image.isNull() or self._target.isEmpty():
            return
        ratio = self.devicePixelRatioF()
        wanted = self._target.size() * ratio
        if self._scaled.size() != wanted:
            self._scaled = QPixmap.fromImage(self._image.scaled(
                wanted, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation))
            self._scaled.setDevicePixelRatio(ratio)
        QPainter(self).drawPixmap(self._target.topLeft(), self._scaled)


class StorybookPageView(QWidget):
    """Shows one page; asks the window (by signal) to save feelings, talk flags and memories."""

    feeling_chosen = Signal(object)  # Feeling or None
    talk_requested = Signal()
    memory_requested = Signal()
    photo_shown = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.content: PageContent | None = None
        self.style_sheet = ""
        self.photo = PhotoView()
        self.narrow_photo_height = 360  # the window sets it from the screen
        self.strip = QHBoxLayout()
        self.strip_buttons: list[QToolButton] = []
        photos = QVBoxLayout()
        photos.setContentsMargins(0, 0, 0, 0)
        photos.addWidget(self.photo, 1)
        photos.addLayout(self.strip)
        self.photo_panel = QWidget()
        self.photo_panel.setLayout(photos)

        self.title = _label(TITLE_SCALE, bold=True)
        self.when = _label(1.3)
        self.note = _label(1.2, bold=True)
        self.body = _label(BODY_SCALE)
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.people = _label(1.3)
        self.places = _label(1.3)
        self.memories_heading = _label(1.4, bold=True)
        self.memories = QVBoxLayout()
        self.feelings_prompt = _label(1.4, bold=True)
        self.feelings = FeelingsRow()
        self.feelings.feeling_chosen.connect(self.feeling_chosen)
        self.talk_button = self._big_button("talk_button", self.talk_requested)
        self.talk_thanks = _label(1.4)
        self.talk_thanks.setObjectName("card")
        self.talk_thanks.setMargin(12)
        self.memory_button = self._big_button("memory_button", self.memory_requested)
        self.problem = _label(1.3)
        self.problem.setVisible(False)

        text = QVBoxLayout()
        for widget in (self.title, self.when, self.note, self.body, self.people, self.places,
                       self.memories_heading):
            text.addWidget(widget)
        text.addLayout(self.memories)
        text.addSpacing(16)
        text.addWidget(self.feelings_prompt)
        text.addWidget(self.feelings)
        text.addSpacing(8)
        for control in (self.talk_button, self.talk_thanks, self.memory_button, self.problem):
            text.addWidget(control)
        text.addStretch(1)
        self.text_panel = QWidget()
        self.text_panel.setLayout(text)
        self.columns = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.columns.addWidget(self.photo_panel, 5)
        self.columns.addWidget(self.text_panel, 4)
        self.retranslate()
        self.clear()

    def _big_button(self, name: str, signal: SignalInstance) -> QPushButton:
        button = QPushButton()
        button.setObjectName(name)
        button.setFont(bigger(button.font(), BUTTON_SCALE))
        button.setMinimumHeight(button.fontMetrics().height() * 2 + 8)
        button.setAutoDefault(True)  # Enter presses it, as Space does
        button.clicked.connect(signal)
        return button

    def set_style(self, style: str) -> None:
        """The window's colours for the faces and cards (set on each, never on a parent)."""
        self.style_sheet = style
        self.talk_thanks.setStyleSheet(style)
        for button in self.feelings.buttons.values():
            button.setStyleSheet(style)

    def retranslate(self) -> None:
        self.feelings_prompt.setText(self.tr("How do you feel about this page?"))
        self.talk_button.setText(self.tr("I'd like to talk about this"))
        self.talk_button.setAccessibleName(self.tr("I'd like to talk about this"))
        self.memory_button.setText(self.tr("Add my memory"))
        self.memory_button.setAccessibleName(self.tr("Add my memory"))
        self.memories_heading.setText(self.tr("My memories"))
        if self.content is not None:
            self._show_words(self.content.page)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- showing a page ------------------------------------------------------------------------

    def show_content(self, content: PageContent) -> None:
        self.clear()
        self.content = content
        page = content.page
        self.title.setText(page.title)
        self.body.setText(page.body)
        self.feelings.set_feeling(page.feeling)
        self._show_words(page)
        self._show_photos(content)
        self._show_memories(content)
        for widget in (self.feelings_prompt, self.feelings, self.talk_button, self.memory_button,
                       self.title):
            widget.setVisible(True)
        self.talk_thanks.setVisible(page.talk_requested)

    def _show_words(self, page: StorybookPage) -> None:
        self.when.setText(page.date_text or "")
        self.when.setVisible(bool(page.date_text))
        note = ""
        if page.is_later_life_letter:
            note = self.tr("A letter for you, to read with your grown-up")
        elif page.together:
            note = self.tr("A page to read together")
        self.note.setText(note)
        self.note.setVisible(bool(note))
        self.people.setText(self.tr("People on this page: {names}").format(names=", ".join(page.people)))
        self.people.setVisible(bool(page.people))
        self.places.setText(self.tr("Places on this page: {names}").format(names=", ".join(page.places)))
        self.places.setVisible(bool(page.places))
        if self.talk_thanks.isVisible() or page.talk_requested:
            self.show_talk_thanks()

    def _show_photos(self, content: PageContent) -> None:
        self.photo_panel.setVisible(bool(content.images))
        if not content.images:
            return
        self.show_photo(0)
        if len(content.images) > 1:
            for index, image in enumerate(content.images):
                button = QToolButton()
                button.setIcon(QIcon(QPixmap.fromImage(image.scaled(
                    96, 96, Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation))))
                button.setIconSize(QSize(96, 96))
                button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
                caption = content.page.captions[index] if index < len(content.page.captions) else ""
                button.setAccessibleName(self.tr("Picture {number}").format(number=index + 1)
                                         + (f": {caption}" if caption else ""))
                button.clicked.connect(lambda _c=False, i=index: self.show_photo(i))
                self.strip.addWidget(button)
                self.strip_buttons.append(button)
            self.strip.addStretch(1)

    def show_photo(self, index: int) -> None:
        if self.content is None or not 0 <= index < len(self.content.images):
            return
        captions = self.content.page.captions
        caption = captions[index] if index < len(captions) else ""
        self.photo.set_image(self.content.images[index], caption)
        self.photo.setAccessibleName(caption or self.tr("A picture"))
        self.photo_shown.emit(index)

    def _show_memories(self, content: PageContent) -> None:
        mine = content.page.memories
        self.memories_heading.setVisible(bool(mine))
        for memory in mine:
            card = QFrame()
            card.setObjectName("card")
            card.setStyleSheet(self.style_sheet)
            row = QHBoxLayout(card)
            image = content.memory_images.get(memory.photo_id or "")
            if image is not None and not image.isNull():
                picture = QLabel()
                picture.setPixmap(QPixmap.fromImage(image.scaled(
                    160, 160, Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation)))
                row.addWidget(picture)
            words = _label(1.4)
            words.setText(memory.text)
            row.addWidget(words, 1)
            self.memories.addWidget(card)

    # -- after the child acts ------------------------------------------------------------------

    def set_feeling(self, feeling: str | None) -> None:
        self.feelings.set_feeling(feeling)

    def show_talk_thanks(self) -> None:
        self.talk_thanks.setText(self.tr(
            "Thank you for telling us. Your grown-up will find a good time to talk with you."))
        self.talk_thanks.setVisible(True)

    def show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(bool(text))

    def show_empty(self) -> None:
        """No page to show yet: a kind word, and nothing to press but the grown-ups' button."""
        self.clear()
        self.title.setText(self.tr("Your storybook is waiting for its first page."))
        self.title.setVisible(True)

    def clear(self) -> None:
        """Drop the page and its pictures (on every page change and when the storybook closes)."""
        self.content = None
        self.photo.set_image(QImage())
        for text in (self.title, self.when, self.note, self.body, self.people, self.places):
            text.clear()
        for button in self.strip_buttons:
            button.deleteLater()
        self.strip_buttons.clear()
        while (item := self.strip.takeAt(0)) is not None:
            del item
        while (item := self.memories.takeAt(0)) is not None:
            if (widget := item.widget()) is not None:
                widget.deleteLater()
        for widget in (self.photo_panel, self.feelings_prompt, self.feelings, self.talk_button,
                       self.talk_thanks, self.memory_button, self.memories_heading, self.when,
                       self.note, self.people, self.places, self.problem):
            widget.setVisible(False)

    def resizeEvent(self, event: QResizeEvent) -> None:
        # Side by side when both fit; the photo above the words on narrow screens.
        need = PHOTO_MIN.width() + self.text_panel.minimumSizeHint().width() + 48
        wide = event.size().width() >= max(need, 900)
        wanted = QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        if self.columns.direction() != wanted:
            self.columns.setDirection(wanted)
        self.photo.setMinimumHeight(PHOTO_MIN.height() if wide else self.narrow_photo_height)
        super().resizeEvent(event)
