"""How each gallery cell looks: one fixed size for all, and placeholders drawn from the palette."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget


class FixedSizeDelegate(QStyledItemDelegate):
    """Every cell the same size, without reading a row: Qt measures uniform items on the last
    row, which would otherwise load a thumbnail nobody is looking at."""

    def __init__(self, size: QSize, parent: QWidget) -> None:
        super().__init__(parent)
        self.size = size

    def sizeHint(self, option: QStyleOptionViewItem,
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        return QSize(self.size)


def placeholder_pixmaps(widget: QWidget, side: int) -> tuple[QPixmap, QPixmap]:
    """(waiting, broken): a quiet 4:3 frame where a thumbnail will stand, from the widget's base
    and text colours so it suits light and dark themes; the broken one carries a warning sign."""
    ratio = widget.devicePixelRatioF()
    palette = widget.palette()
    base = palette.color(QPalette.ColorRole.Base)
    text = palette.color(QPalette.ColorRole.Text)
    frames = []
    for icon in (None, QStyle.StandardPixmap.SP_MessageBoxWarning):
        pixmap = QPixmap(round(side * ratio), round(side * ratio))
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(mix(base, text, 0.25))
        painter.setBrush(mix(base, text, 0.07))
        height = side * 3 / 4  # thumbnails stand on the bottom edge, as these frames do
        painter.drawRoundedRect(QRectF(8.5, side - height + 0.5, side - 17, height - 2), 6, 6)
        if icon is not None:
            mark = widget.style().standardIcon(icon).pixmap(32, 32)
            painter.drawPixmap((side - 32) // 2, round(side - height / 2 - 16), mark)
        painter.end()
        frames.append(pixmap)
    return frames[0], frames[1]


def mix(base: QColor, other: QColor, amount: float) -> QColor:
    def channel(a: float, b: float) -> float:
        return a + (b - a) * amount

    return QColor.fromRgbF(channel(base.redF(), other.redF()),
                           channel(base.greenF(), other.greenF()),
                           channel(base.blueF(), other.blueF()))
