"""Fonts derived from the system font, so every size follows the person's own settings."""

from __future__ import annotations

from PySide6.QtGui import QFont


def bigger(font: QFont, factor: float, bold: bool = True) -> QFont:
    """`font` scaled by `factor` (points or pixels, whichever the system font uses)."""
    scaled = QFont(font)
    if scaled.pointSizeF() > 0:
        scaled.setPointSizeF(scaled.pointSizeF() * factor)
    elif scaled.pixelSize() > 0:
        scaled.setPixelSize(round(scaled.pixelSize() * factor))
    scaled.setBold(bold)
    return scaled
