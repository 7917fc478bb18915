"""Feeling faces and page arrows drawn with QPainter (no emoji font needed), and the row of faces."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QToolButton, QWidget

from carer_app.domain.enums import Feeling
from carer_app.ui.fonts import bigger

# Soft fills with a dark ink outline: the faces read the same on light and dark backgrounds.
FILL = {
    Feeling.HAPPY: "#FFD54F", Feeling.CALM: "#A5D6A7", Feeling.UNSURE: "#D1C4E9",
    Feeling.SAD: "#90CAF9", Feeling.CROSS: "#FFAB91",
}
INK = "#3E2723"
ORDER = (Feeling.HAPPY, Feeling.CALM, Feeling.UNSURE, Feeling.SAD, Feeling.CROSS)


def _mouth(path: QPainterPath, feeling: Feeling, s: float) -> None:
    left, right, y = 0.32 * s, 0.68 * s, 0.66 * s
    path.moveTo(left, y)
    match feeling:
        case Feeling.HAPPY:
            path.cubicTo(left + 0.04 * s, y + 0.14 * s, right - 0.04 * s, y + 0.14 * s, right, y)
        case Feeling.CALM:
            path.quadTo(0.5 * s, y + 0.07 * s, right, y)
        case Feeling.UNSURE:
            path.cubicTo(0.42 * s, y - 0.06 * s, 0.58 * s, y + 0.06 * s, right, y)
        case Feeling.SAD:
            path.moveTo(left, y + 0.07 * s)
            path.cubicTo(left + 0.06 * s, y - 0.06 * s, right - 0.06 * s, y - 0.06 * s,
                         right, y + 0.07 * s)
        case Feeling.CROSS:
            path.moveTo(left + 0.02 * s, y + 0.05 * s)
            path.quadTo(0.5 * s, y - 0.03 * s, right - 0.02 * s, y + 0.05 * s)


def face_pixmap(feeling: Feeling, size: int, ratio: float = 1.0) -> QPixmap:
    """A round face for `feeling`, `size` logical pixels across."""
    pixmap = QPixmap(round(size * ratio), round(size * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    s = float(size)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    ink = QPen(QColor(INK), max(1.5, s / 22), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
    painter.setPen(ink)
    painter.setBrush(QColor(FILL[feeling]))
    painter.drawEllipse(QRectF(0.05 * s, 0.05 * s, 0.9 * s, 0.9 * s))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    eyes = (QPointF(0.36 * s, 0.42 * s), QPointF(0.64 * s, 0.42 * s))
    if feeling is Feeling.CALM:  # closed, resting eyes
        for eye in eyes:
            painter.drawArc(QRectF(eye.x() - 0.07 * s, eye.y() - 0.05 * s, 0.14 * s, 0.1 * s),
                            200 * 16, 140 * 16)
    else:
        painter.setBrush(QColor(INK))
        for eye in eyes:
            painter.drawEllipse(eye, 0.05 * s, 0.06 * s)
        painter.setBrush(Qt.BrushStyle.NoBrush)
    if feeling is Feeling.CROSS:  # eyebrows down towards the middle
        painter.drawLine(QPointF(0.26 * s, 0.28 * s), QPointF(0.43 * s, 0.34 * s))
        painter.drawLine(QPointF(0.74 * s, 0.28 * s), QPointF(0.57 * s, 0.34 * s))
    elif feeling is Feeling.UNSURE:  # one eyebrow up
        painter.drawLine(QPointF(0.56 * s, 0.27 * s), QPointF(0.72 * s, 0.24 * s))
    elif feeling is Feeling.SAD:  # eyebrows up in the middle
        painter.drawLine(QPointF(0.27 * s, 0.32 * s), QPointF(0.42 * s, 0.28 * s))
        painter.drawLine(QPointF(0.73 * s, 0.32 * s), QPointF(0.58 * s, 0.28 * s))
    mouth = QPainterPath()
    _mouth(mouth, feeling, s)
    painter.drawPath(mouth)
    painter.end()
    return pixmap


def arrow_icon(points_right: bool, colour: QColor, faded: QColor, size: int = 36) -> QIcon:
    """A rounded arrow in the text colour (the style's own arrows stay black on a dark theme)."""
    icon = QIcon()
    for mode, ink in ((QIcon.Mode.Normal, colour), (QIcon.Mode.Disabled, faded)):
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(ink, size / 7, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                   Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        s = float(size)
        tip, tail = (0.8 * s, 0.2 * s) if points_right else (0.2 * s, 0.8 * s)
        head = 0.5 * s
        painter.drawLine(QPointF(tail, 0.5 * s), QPointF(tip, 0.5 * s))
        painter.drawLine(QPointF(tip, 0.5 * s), QPointF(head, 0.2 * s))
        painter.drawLine(QPointF(tip, 0.5 * s), QPointF(head, 0.8 * s))
        painter.end()
        icon.addPixmap(pixmap, mode)
    return icon


class FeelingsRow(QWidget):
    """Five big face buttons; picking the chosen one again clears it. Emits Feeling or None."""

    feeling_chosen = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.group = QButtonGroup(self)
        self.group.setExclusive(False)  # so the chosen face can be un-chosen
        self.buttons: dict[Feeling, QToolButton] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addStretch(1)
        for feeling in ORDER:
            button = QToolButton()
            button.setObjectName(f"feeling_{feeling.value}")
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
            button.setIconSize(QSize(64, 64))
            button.setFont(bigger(self.font(), 1.3, bold=False))
            button.setProperty("feeling", True)  # styled by the storybook window
            button.setIcon(QIcon(face_pixmap(feeling, 64, self.devicePixelRatioF())))
            button.clicked.connect(lambda _checked=False, f=feeling: self._clicked(f))
            self.group.addButton(button)
            self.buttons[feeling] = button
            layout.addWidget(button)
        layout.addStretch(1)
        self.retranslate()

    def words(self, feeling: Feeling) -> str:
        match feeling:
            case Feeling.HAPPY:
                return self.tr("Happy")
            case Feeling.CALM:
                return self.tr("Calm")
            case Feeling.UNSURE:
                return self.tr("Not sure")
            case Feeling.SAD:
                return self.tr("Sad")
        return self.tr("Cross")

    def retranslate(self) -> None:
        for feeling, button in self.buttons.items():
            button.setText(self.words(feeling))
            button.setAccessibleName(self.words(feeling))
            button.setAccessibleDescription(self.tr("How I feel about this page"))

    def set_feeling(self, feeling: str | None) -> None:
        for each, button in self.buttons.items():
            button.setChecked(each.value == feeling)

    @property
    def chosen(self) -> Feeling | None:
        return next((f for f, b in self.buttons.items() if b.isChecked()), None)

    def _clicked(self, feeling: Feeling) -> None:
        now = self.buttons[feeling].isChecked()
        for each, button in self.buttons.items():
            if each is not feeling:
                button.setChecked(False)
        self.feeling_chosen.emit(feeling if now else None)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
