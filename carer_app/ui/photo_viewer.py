"""One photo at a time, large: zoom, view-only rotation, next and previous, and its caption."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QImage, QKeySequence, QPixmap, QResizeEvent, QShortcut, QWheelEvent
from PySide6.QtWidgets import (
    QDialog,
    QGraphicsPixmapItem,
    QGraphicsScene,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from carer_app.domain.views import PhotoView
from carer_app.services import photos
from carer_app.services.errors import BlobDamaged, NotFound
from carer_app.ui.app_session import AppSession, SessionLocked
from carer_app.ui.fonts import bigger
from carer_app.ui.messages import describe
from carer_app.ui.photo_list_model import date_words, once
from carer_app.ui.picture_decoding import full_picture
from carer_app.ui.workers import run_in_background

ZOOM_STEP = 1.25
MIN_ZOOM, MAX_ZOOM = 0.05, 8.0


class PhotoViewer(QDialog):
    """Decrypted bytes live only in memory, for the photo shown; rotation never changes the photo."""

    photo_shown = Signal(str)

    def __init__(self, session: AppSession, rows: Sequence[PhotoView], index: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.rows = list(rows)
        self.index = max(0, min(index, len(self.rows) - 1))
        self.rotation = 0
        self.fit = True
        self.error = ""
        self._token = 0
        self.setWindowTitle(self.tr("Photo"))  # never the caption: titles show in task bars
        self.setAccessibleName(self.tr("Photo viewer"))
        self.resize(1000, 720)

        self.scene = QGraphicsScene(self)
        self.item = QGraphicsPixmapItem()
        self.item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self.scene.addItem(self.item)
        self.view = QGraphicsView(self.scene)
        self.view.setAccessibleName(self.tr("The photo"))
        self.view.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.view.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.view.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # arrows mean next/previous here
        self.view.viewport().installEventFilter(self)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setFont(bigger(self.font(), 1.2, bold=False))
        self.pages = QStackedWidget()
        self.pages.addWidget(self.view)
        self.pages.addWidget(self.message)

        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.caption.setFont(bigger(self.font(), 1.2))
        self.caption.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.when = QLabel()
        self.position = QLabel()

        self.buttons: dict[str, QPushButton] = {}
        bar = QHBoxLayout()
        actions: tuple[tuple[str, str, str, list[QKeySequence.StandardKey | str],
                             Callable[[], None]], ...] = (
            ("previous", self.tr("◀ &Previous"), self.tr("Previous photo"), ["Left"], self.previous),
            ("next", self.tr("&Next ▶"), self.tr("Next photo"), ["Right"], self.next),
            ("zoom_out", self.tr("Zoom &out"), self.tr("Zoom out"),
             [QKeySequence.StandardKey.ZoomOut, "Ctrl+-"], self.zoom_out),
            ("zoom_in", self.tr("Zoom &in"), self.tr("Zoom in"),
             [QKeySequence.StandardKey.ZoomIn, "Ctrl+="], self.zoom_in),
            ("fit", self.tr("&Fit"), self.tr("Fit the photo to the window"), ["Ctrl+0"],
             self.zoom_to_fit),
            ("actual", self.tr("&100%"), self.tr("Show at actual size"), ["Ctrl+1"],
             self.zoom_actual),
            ("rotate_left", self.tr("Rotate &left"), self.tr("Rotate left"), ["Ctrl+Shift+R"],
             self.rotate_left),
            ("rotate_right", self.tr("&Rotate right"), self.tr("Rotate right"), ["Ctrl+R"],
             self.rotate_right),
            ("close", self.tr("Close"), self.tr("Close the photo viewer"), [], self.accept),
        )
        for key, text, name, keys, slot in actions:
            button = self._button(text, name, keys, slot)
            self.buttons[key] = button
            if key in ("zoom_out", "close"):
                bar.addStretch(1)
            bar.addWidget(button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.caption)
        info = QHBoxLayout()
        info.addWidget(self.when)
        info.addStretch(1)
        info.addWidget(self.position)
        layout.addLayout(info)
        layout.addLayout(bar)
        self.show_photo(self.index)

    def _button(self, text: str, name: str, keys: list[QKeySequence.StandardKey | str],
                slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(name)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        shown: list[str] = []
        for key in keys:
            text = QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)
            if text and text not in shown:  # one key twice would be ambiguous: neither fires
                QShortcut(QKeySequence(key), self, slot)
                shown.append(text)
        button.setToolTip(f"{name} ({shown[0]})" if shown else name)
        return button

    # -- which photo ----------------------------------------------------------------------------

    @property
    def photo_id(self) -> str | None:
        return self.rows[self.index].id if self.rows else None

    def show_photo(self, index: int) -> None:
        if not self.rows:
            return
        self.index = max(0, min(index, len(self.rows) - 1))
        view = self.rows[self.index]
        self.rotation, self.fit = 0, True
        self.item.setPixmap(QPixmap())
        self.error = ""
        self._show_message(self.tr("Opening the photo…"))
        self.caption.setText(view.caption)
        when = date_words(view.taken_at)
        self.when.setText(self.tr("Taken {date}").format(date=when) if when else "")
        self.position.setText(self.tr("{n} of {total}").format(n=self.index + 1,
                                                               total=len(self.rows)))
        self.buttons["previous"].setEnabled(self.index > 0)
        self.buttons["next"].setEnabled(self.index < len(self.rows) - 1)
        self._token += 1
        token, photo_id = self._token, view.id

        def decode(data: bytes) -> None:
            if token == self._token:
                take = once(data)  # the decrypted bytes live only until they are decoded
                run_in_background(lambda: full_picture(take()),
                                  lambda image: self._decoded(token, image), self._failed_for(token))

        try:
            self.session.run(lambda vault: photos.photo_bytes(vault, photo_id), decode,
                             self._failed_for(token))
        except SessionLocked:
            self.clear()
        self.photo_shown.emit(photo_id)

    def next(self) -> None:
        if self.index < len(self.rows) - 1:
            self.show_photo(self.index + 1)

    def previous(self) -> None:
        if self.index > 0:
            self.show_photo(self.index - 1)

    def _decoded(self, token: int, image: QImage) -> None:
        if token != self._token:
            return
        if image.isNull():
            self._show_error(self._damaged_words())
            return
        self.item.setPixmap(QPixmap.fromImage(image))
        self.item.setTransformOriginPoint(self.item.boundingRect().center())
        self.scene.setSceneRect(self.item.sceneBoundingRect())
        self.pages.setCurrentWidget(self.view)
        self._apply_zoom()

    def _failed_for(self, token: int) -> Callable[[BaseException], None]:
        def failed(error: BaseException) -> None:
            if token != self._token:
                return
            if isinstance(error, BlobDamaged):
                self._show_error(self._damaged_words())
            elif isinstance(error, NotFound):
                self._show_error(self.tr("This photo is no longer in the vault."))
            else:
                self._show_error(describe(error).text)
        return failed

    def _damaged_words(self) -> str:
        return self.tr("This photo is damaged, so it can't be shown. The other photos are not "
                       "affected. If you still have the original, import it again.")

    def _show_error(self, text: str) -> None:
        self.error = text
        self._show_message(text)

    def _show_message(self, text: str) -> None:
        self.message.setText(text)
        self.pages.setCurrentWidget(self.message)

    # -- zoom and rotation (the view only; the photo in the vault never changes) ----------------

    @property
    def zoom(self) -> float:
        return float(self.view.transform().m11())

    def zoom_in(self) -> None:
        self._set_zoom(self.zoom * ZOOM_STEP)

    def zoom_out(self) -> None:
        self._set_zoom(self.zoom / ZOOM_STEP)

    def zoom_actual(self) -> None:
        self._set_zoom(1.0)

    def zoom_to_fit(self) -> None:
        self.fit = True
        self._apply_zoom()

    def _set_zoom(self, factor: float) -> None:
        self.fit = False
        factor = max(MIN_ZOOM, min(MAX_ZOOM, factor))
        self.view.resetTransform()
        self.view.scale(factor, factor)

    def _apply_zoom(self) -> None:
        if self.fit and not self.item.pixmap().isNull():
            self.view.resetTransform()
            self.view.fitInView(self.item, Qt.AspectRatioMode.KeepAspectRatio)

    def rotate_left(self) -> None:
        self._rotate(-90)

    def rotate_right(self) -> None:
        self._rotate(90)

    def _rotate(self, degrees: int) -> None:
        self.rotation = (self.rotation + degrees) % 360
        self.item.setRotation(self.rotation)
        self.scene.setSceneRect(self.item.sceneBoundingRect())
        self._apply_zoom()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view.viewport() and isinstance(event, QWheelEvent):
            step = event.angleDelta().y()
            if step:
                self.zoom_in() if step > 0 else self.zoom_out()
            return True
        return super().eventFilter(watched, event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._apply_zoom()

    # -- locking --------------------------------------------------------------------------------

    def clear(self) -> None:
        """On lock: the picture and its words go, and late results are ignored."""
        self._token += 1
        self.rows = []
        self.item.setPixmap(QPixmap())
        for label in (self.caption, self.when, self.position, self.message):
            label.clear()
        self.reject()
