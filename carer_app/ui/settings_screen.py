"""Settings: when to lock, which language, and the crisis card's own lines (kept outside the vault)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QLabel,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from carer_app.ui import settings as declared
from carer_app.ui.fonts import bigger
from carer_app.ui.messages import QT_TRANSLATE_NOOP
from carer_app.ui.screen_registry import ScreenContext

if TYPE_CHECKING:
    from carer_app.services.household import Vault

# Languages with a translation shipped; "" follows the computer's own setting.
LANGUAGES: tuple[tuple[str, str], ...] = (
    ("", QT_TRANSLATE_NOOP("SettingsScreen", "System default")),
    ("en", QT_TRANSLATE_NOOP("SettingsScreen", "English")),
)


def _known_names(vault: Vault) -> tuple[str, ...]:
    from carer_app.services import children, household, people_places

    adults = tuple(a.display_name for a in household.list_adults(vault))
    kids = children.list_children(vault)
    # Significant people too: a birth parent's name must never reach the unencrypted card.
    people = tuple(name for _id, name in people_places.household_people(vault))
    return adults + people + tuple(n for c in kids for n in (c.name, c.preferred_name or "") if n)


class SettingsScreen(QWidget):
    def __init__(self, context: ScreenContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setAccessibleName(self.tr("Settings"))
        self._names: tuple[str, ...] = ()
        heading = QLabel(self.tr("Settings"))
        heading.setFont(bigger(self.font(), 1.4))

        self.auto_lock = QSpinBox()
        self.auto_lock.setRange(declared.AUTO_LOCK_MIN, declared.AUTO_LOCK_MAX)
        self.auto_lock.setSuffix(self.tr(" minutes"))
        self.auto_lock.setValue(context.settings.auto_lock_minutes)
        self.auto_lock.setAccessibleName(self.tr("Lock after this many minutes without use"))
        self.auto_lock.valueChanged.connect(self._auto_lock_changed)
        locking = QGroupBox(self.tr("Locking"))
        locking_form = QFormLayout(locking)
        locking_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        auto_label = QLabel(self.tr("Lock &after:"))
        auto_label.setBuddy(self.auto_lock)
        locking_form.addRow(auto_label, self.auto_lock)
        locking_form.addRow(self._note(self.tr(
            "Carer App also locks at once when you press Ctrl+L. Locking closes the vault and "
            "clears every screen."
        )))

        self.language = QComboBox()
        self.language.setAccessibleName(self.tr("Language"))
        for code, name in LANGUAGES:
            self.language.addItem(self.tr(name), code)
        current = context.settings.get(declared.LANGUAGE)
        self.language.setCurrentIndex(max(0, self.language.findData(current)))
        self.language.currentIndexChanged.connect(self._language_changed)
        language_box = QGroupBox(self.tr("Language"))
        language_form = QFormLayout(language_box)
        language_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        language_label = QLabel(self.tr("&Language:"))
        language_label.setBuddy(self.language)
        language_form.addRow(language_label, self.language)
        language_form.addRow(self._note(self.tr(
            "A new language is used the next time Carer App opens."
        )))

        crisis_box = QGroupBox(self.tr("Crisis card"))
        crisis_layout = QVBoxLayout(crisis_box)
        crisis_layout.addWidget(self._note(self.tr(
            "The crisis card opens with F12 or the red Crisis help button on every screen, the "
            "lock screen included."
        )))
        crisis_layout.addWidget(self._crisis_panel())

        content = QWidget()
        layout = QVBoxLayout(content)
        layout.addWidget(heading)
        layout.addWidget(locking)
        layout.addWidget(language_box)
        layout.addWidget(crisis_box)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        scroll.setAccessibleName(self.tr("Settings"))
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        if context.session.is_unlocked:
            context.session.run(_known_names, self._names_loaded)

    def _note(self, text: str) -> QLabel:
        label = QLabel(text)
        label.setWordWrap(True)
        return label

    def _crisis_panel(self) -> QWidget:
        try:
            from carer_app.ui.crisis_settings import CrisisSettingsPanel
        except ImportError:  # pragma: no cover - only while the panel is being written
            return self._note(self.tr("The crisis card editor is not available in this build."))
        panel = CrisisSettingsPanel(self.context.session.folder, lambda: self._names)
        panel.card_changed.connect(self._card_changed)
        self.crisis_panel = panel
        return panel

    def _names_loaded(self, names: tuple[str, ...]) -> None:
        self._names = names

    def _card_changed(self) -> None:
        dialog = self.context.launcher.dialog
        if dialog is not None and hasattr(dialog, "reload"):
            dialog.reload()

    def _auto_lock_changed(self, minutes: int) -> None:
        self.context.settings.auto_lock_minutes = minutes

    def _language_changed(self, index: int) -> None:
        self.context.settings.set(declared.LANGUAGE, str(self.language.itemData(index) or ""))

    # -- the Screen protocol --------------------------------------------------------------------

    def clear(self) -> None:
        # Names are kept only to refuse them in crisis labels; they go with the vault.
        self._names = ()

    def set_child(self, child_id: str | None) -> None:
        """Settings are the household's."""
