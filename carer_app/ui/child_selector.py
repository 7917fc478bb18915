"""Which child the screens show, offered only when the household has more than one."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from carer_app.domain.views import ChildView


class ChildSelector(QWidget):
    """Emits `child_selected(child id)`. `has_choice` says whether to show it (two children or more);
    in a toolbar, show or hide it through the toolbar's action, not the widget itself."""

    child_selected = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.combo = QComboBox()
        self.combo.setAccessibleName(self.tr("Child shown"))
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        label = QLabel(self.tr("&Child:"))
        label.setBuddy(self.combo)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(label)
        layout.addWidget(self.combo)
        self.combo.currentIndexChanged.connect(self._chosen)
        self._ids: list[str] = []

    def set_children(self, children: list[ChildView], current: str | None = None) -> None:
        self.combo.blockSignals(True)
        self.combo.clear()
        self._ids = [child.id for child in children]
        for child in children:
            self.combo.addItem(child.shown_name)
        index = self._ids.index(current) if current in self._ids else 0
        if children:
            self.combo.setCurrentIndex(index)
        self.combo.blockSignals(False)

    @property
    def has_choice(self) -> bool:
        return len(self._ids) > 1

    @property
    def current_id(self) -> str | None:
        index = self.combo.currentIndex()
        return self._ids[index] if 0 <= index < len(self._ids) else None

    def clear(self) -> None:
        self.set_children([])

    def _chosen(self, index: int) -> None:
        if 0 <= index < len(self._ids):
            self.child_selected.emit(self._ids[index])
