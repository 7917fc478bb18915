"""The storybook's warm look: a paper-coloured palette for light and dark mode, and its few style rules."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette

MUTED = {"light": "#8F8474", "dark": "#9A8E7E"}  # disabled text: clearly faded, still legible
LIGHT = {"Window": "#FFF8EE", "WindowText": "#2D2A26", "Base": "#FFFFFF", "Text": "#2D2A26",
         "Button": "#FBE7C6", "ButtonText": "#2D2A26", "Highlight": "#2E6F62",
         "HighlightedText": "#FFFFFF", "Mid": "#CDB793", "PlaceholderText": "#7A6F60"}
DARK = {"Window": "#26221E", "WindowText": "#F3ECE2", "Base": "#1E1B18", "Text": "#F3ECE2",
        "Button": "#43392E", "ButtonText": "#F3ECE2", "Highlight": "#8FD3C1",
        "HighlightedText": "#1A1A1A", "Mid": "#7A6A55", "PlaceholderText": "#B3A794"}


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def warm_palette(base: QPalette) -> QPalette:
    """Paper colours that follow the person's light or dark mode; text and ground set as pairs."""
    dark = is_dark(base)
    palette = QPalette(base)
    for name, colour in (DARK if dark else LIGHT).items():
        role: QPalette.ColorRole = getattr(QPalette.ColorRole, name)
        palette.setColor(role, QColor(colour))
    faded = QColor(MUTED["dark" if dark else "light"])
    for role in (QPalette.ColorRole.ButtonText, QPalette.ColorRole.WindowText, QPalette.ColorRole.Text):
        palette.setColor(QPalette.ColorGroup.Disabled, role, faded)
    return palette


def storybook_style(palette: QPalette) -> str:
    """Literal colours for the face buttons, the badge and the cards.

    Set on those widgets only: a style sheet on the window would stop its palette reaching them.
    """
    colour = {name: palette.color(getattr(QPalette.ColorRole, name)).name()
              for name in ("Highlight", "HighlightedText", "Mid", "Text")}
    return f"""
    QToolButton[feeling="true"] {{ border: 3px solid transparent; border-radius: 16px; padding: 6px; }}
    QToolButton[feeling="true"]:hover {{ border-color: {colour["Mid"]}; }}
    QToolButton[feeling="true"]:checked {{ background-color: {colour["Highlight"]};
        color: {colour["HighlightedText"]}; border-color: {colour["Highlight"]}; }}
    QToolButton[feeling="true"]:focus {{ border-color: {colour["Text"]}; }}
    QLabel#badge {{ background-color: {colour["Highlight"]}; color: {colour["HighlightedText"]};
        border-radius: 10px; padding: 6px 14px; }}
    QLabel#card, QFrame#card {{ border: 2px solid {colour["Mid"]}; border-radius: 14px; }}
    """
