"""Ideas to start a story entry: the present first, everyday life, the child's choices, then the rest."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from carer_app.domain.story_prompts import StoryPrompt, prompts
from carer_app.ui.fonts import bigger
from carer_app.ui.life_story_words import prompt_words, theme_words

KEY_ROLE = Qt.ItemDataRole.UserRole + 1


class _WrappingDelegate(QStyledItemDelegate):
    """Heights from the list's own width, so long prompts wrap in full instead of ending in "…"."""

    def __init__(self, view: QListWidget) -> None:
        super().__init__(view)
        self.view = view

    def sizeHint(self, option: QStyleOptionViewItem,
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        width = max(80, self.view.viewport().width() - 16)
        font = index.data(Qt.ItemDataRole.FontRole)
        metrics = QFontMetrics(font if isinstance(font, QFont) else option.font)
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        box = metrics.boundingRect(QRect(0, 0, width, 100_000), Qt.TextFlag.TextWordWrap, text)
        return QSize(width, box.height() + 8)


class StoryPromptsPanel(QWidget):
    """Emits `prompt_chosen(text)` with the translated prompt when the adult picks one."""

    prompt_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Ideas to start with"))
        heading = QLabel(self.tr("Ideas to start with"))
        heading.setFont(bigger(self.font(), 1.15))
        intro = QLabel(self.tr(
            "Start with today and ordinary days, and keep asking the child what they would "
            "like. A prompt goes into the words as a starting point: write over it."
        ))
        intro.setWordWrap(True)
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Prompts"))
        self.list.setWordWrap(True)
        self.list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.list.setUniformItemSizes(False)
        self.list.setItemDelegate(_WrappingDelegate(self.list))
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)  # re-wrap when the width changes
        theme = None
        for item in prompts():
            if item.theme != theme:
                theme = item.theme
                self.list.addItem(self._heading(theme_words(item.theme)))
            self.list.addItem(self._prompt_item(item))
        self.use_button = QPushButton(self.tr("&Use this idea"))
        self.use_button.setAccessibleName(self.tr("Use this idea"))
        self.use_button.setEnabled(False)
        self.use_button.clicked.connect(self.use_current)
        self.list.currentItemChanged.connect(lambda *_: self._update())
        self.list.activated.connect(lambda _index: self.use_current())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.use_button)

    @staticmethod
    def _heading(text: str) -> QListWidgetItem:
        item = QListWidgetItem(text)
        font = QFont()
        font.setBold(True)
        item.setFont(font)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)  # not selectable: a heading
        return item

    def _prompt_item(self, prompt: StoryPrompt) -> QListWidgetItem:
        item = QListWidgetItem(prompt_words(prompt))
        item.setData(KEY_ROLE, prompt.key)
        if not prompt.with_child:
            item.setToolTip(self.tr("One for the adults to prepare first, then share together."))
        return item

    def current_text(self) -> str | None:
        item = self.list.currentItem()
        if item is None or item.data(KEY_ROLE) is None:
            return None
        return item.text()

    def select_key(self, key: str) -> None:
        for row in range(self.list.count()):
            if self.list.item(row).data(KEY_ROLE) == key:
                self.list.setCurrentRow(row)
                return

    def use_current(self, _index: QModelIndex | None = None) -> None:
        text = self.current_text()
        if text:
            self.prompt_chosen.emit(text)

    def _update(self) -> None:
        self.use_button.setEnabled(self.current_text() is not None)
