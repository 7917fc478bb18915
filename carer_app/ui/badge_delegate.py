"""Draws a cell's text as a rounded badge, tinted by a tone, readable in light and dark palettes."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QLabel,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

TONE_ROLE = Qt.ItemDataRole.UserRole + 40  # a tone name below, or None for plain text

# Hues only: lightness is chosen from the palette so the badge works on light and dark windows.
TONES: dict[str, int] = {"green": 140, "blue": 210, "amber": 38, "red": 2, "purple": 275, "grey": -1}


def tone_colours(tone: str, palette: QPalette) -> tuple[QColor, QColor]:
    """(fill, border) for a tone against this palette's base colour."""
    dark = palette.color(QPalette.ColorRole.Base).lightness() < 128
    hue = TONES.get(tone, -1)
    saturation = 0 if hue < 0 else (150 if dark else 170)
    fill = QColor.fromHsl(max(hue, 0), saturation, 70 if dark else 228)
    border = QColor.fromHsl(max(hue, 0), saturation, 150 if dark else 110)
    return fill, border


class BadgeDelegate(QStyledItemDelegate):
    """Cells with a TONE_ROLE value are drawn as a badge; the text stays the cell's own text."""

    def __init__(self, parent: Any = None, bold_tones: tuple[str, ...] = ("red",)) -> None:
        super().__init__(parent)
        self.bold_tones = bold_tones

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        tone = index.data(TONE_ROLE)
        text = index.data(Qt.ItemDataRole.DisplayRole)
        if not tone or not text:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        font = QFont(opt.font)
        font.setBold(tone in self.bold_tones)
        metrics = QFontMetrics(font)
        pad_x, pad_y = 8, 2
        # A pixel or two of slack: elidedText measures in fractions, horizontalAdvance rounds.
        needed = metrics.horizontalAdvance(str(text)) + 3
        width = min(needed + 2 * pad_x, opt.rect.width() - 4)
        height = min(metrics.height() + 2 * pad_y, opt.rect.height() - 2)
        rect = QRectF(opt.rect.x() + 2, opt.rect.center().y() - height / 2 + 1, width, height)
        fill, border = tone_colours(str(tone), opt.palette)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(border)
        painter.setBrush(fill)
        painter.drawRoundedRect(rect, height / 2, height / 2)
        painter.setFont(font)
        painter.setPen(opt.palette.color(QPalette.ColorRole.Text))
        shown = metrics.elidedText(str(text), Qt.TextElideMode.ElideRight, int(width - 2 * pad_x))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, shown)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem,
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        size = super().sizeHint(option, index)
        if index.data(TONE_ROLE):
            font = QFont(option.font)
            font.setBold(True)
            metrics = QFontMetrics(font)
            text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
            size.setWidth(max(size.width(), metrics.horizontalAdvance(text) + 28))
            size.setHeight(max(size.height(), metrics.height() + 8))
        return size


class ToneFrame(QFrame):
    """A panel tinted by a tone (a warning banner, a flag area), redrawn from the live palette."""

    def __init__(self, tone: str, parent: QWidget | None = None, radius: float = 8) -> None:
        super().__init__(parent)
        self.tone = tone
        self.radius = radius

    def paintEvent(self, event: QPaintEvent) -> None:
        fill, border = tone_colours(self.tone, self.palette())
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(border)
        painter.setBrush(fill)
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(1, 1, -1, -1), self.radius, self.radius)
        painter.end()
        super().paintEvent(event)


class BadgeLabel(QLabel):
    """A short label drawn as a badge (contact arrangement, location flag) on the pages."""

    def __init__(self, text: str = "", tone: str = "grey", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.tone = tone
        self.setContentsMargins(10, 2, 10, 2)
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)

    def set_badge(self, text: str, tone: str) -> None:
        self.tone = tone
        self.setText(text)
        self.setVisible(bool(text))
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        fill, border = tone_colours(self.tone, self.palette())
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(border)
        painter.setBrush(fill)
        rect = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        painter.drawRoundedRect(rect, rect.height() / 2, rect.height() / 2)
        painter.end()
        super().paintEvent(event)
