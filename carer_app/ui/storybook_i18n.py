"""The storybook's own interface language: translators on top while it is open, RTL and pseudo-locales."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QObject, Qt, QTranslator
from PySide6.QtWidgets import QApplication, QWidget

from carer_app.domain.resources import resources_root
from carer_app.ui.language import STRETCH
from carer_app.ui.messages import QT_TRANSLATE_NOOP

# The standard pseudo-locale tags: "ploc" stretches every string, "plocm" also mirrors (RTL).
PSEUDO_STRETCH = "qps-ploc"
PSEUDO_RTL = "qps-plocm"

# Only the child's side of the storybook follows the child's language; the grown-ups' dialog
# (its own context) stays in the carer's language, so the adult can always read it.
CHILD_CONTEXTS = frozenset({
    "StorybookWindow", "StorybookPageView", "StorybookMemoryDialog", "FeelingsRow", "storybook",
})

# The languages most spoken in England and Wales after English, and those of children who
# arrive alone (reference/uk-practice.md). Dari is Persian as written in Afghanistan.
LANGUAGES: tuple[tuple[str, str], ...] = (
    ("en-GB", QT_TRANSLATE_NOOP("storybook_languages", "English")),
    ("cy", QT_TRANSLATE_NOOP("storybook_languages", "Welsh")),
    ("pl", QT_TRANSLATE_NOOP("storybook_languages", "Polish")),
    ("ro", QT_TRANSLATE_NOOP("storybook_languages", "Romanian")),
    ("pa", QT_TRANSLATE_NOOP("storybook_languages", "Panjabi")),
    ("ur", QT_TRANSLATE_NOOP("storybook_languages", "Urdu")),
    ("pt", QT_TRANSLATE_NOOP("storybook_languages", "Portuguese")),
    ("es", QT_TRANSLATE_NOOP("storybook_languages", "Spanish")),
    ("ar", QT_TRANSLATE_NOOP("storybook_languages", "Arabic")),
    ("bn", QT_TRANSLATE_NOOP("storybook_languages", "Bengali")),
    ("gu", QT_TRANSLATE_NOOP("storybook_languages", "Gujarati")),
    ("ps", QT_TRANSLATE_NOOP("storybook_languages", "Pashto")),
    ("fa-AF", QT_TRANSLATE_NOOP("storybook_languages", "Dari")),
    ("fa", QT_TRANSLATE_NOOP("storybook_languages", "Farsi")),
    ("ckb", QT_TRANSLATE_NOOP("storybook_languages", "Kurdish (Sorani)")),
    ("ti", QT_TRANSLATE_NOOP("storybook_languages", "Tigrinya")),
    ("am", QT_TRANSLATE_NOOP("storybook_languages", "Amharic")),
    ("vi", QT_TRANSLATE_NOOP("storybook_languages", "Vietnamese")),
    ("sq", QT_TRANSLATE_NOOP("storybook_languages", "Albanian")),
)


def locale_for(tag: str) -> QLocale:
    return QLocale(tag.replace("-", "_"))


def is_right_to_left(tag: str | None) -> bool:
    if tag is None:
        return QApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft
    if tag in (PSEUDO_STRETCH, PSEUDO_RTL):
        return tag == PSEUDO_RTL
    return locale_for(tag).textDirection() == Qt.LayoutDirection.RightToLeft


def language_label(tag: str) -> str:
    """"Arabic – العربية": the adult's word, then the child's own, so both can find it."""
    english = next((name for t, name in LANGUAGES if t == tag), tag)
    adult = QCoreApplication.translate("storybook_languages", english) or english
    native = locale_for(tag).nativeLanguageName()
    return f"{adult} – {native}" if native and native != adult else adult


class ChildTranslator(QTranslator):
    """A loaded translation that answers only for the child's side of the storybook."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.inner = QTranslator(self)

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        # None (a null string, unlike "") lets the next translator, the carer's, answer.
        if context not in CHILD_CONTEXTS:
            return None
        return self.inner.translate(context, source, disambiguation, n) or None

    def isEmpty(self) -> bool:
        return self.inner.isEmpty()


class StretchTranslator(QTranslator):
    """Vorta's TRANS_SCALE idea for the child's strings: bracketed and 40 % longer."""

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        if context not in CHILD_CONTEXTS or not source:
            return None
        # Padding at the end keeps "{placeholders}" and "&" accelerators intact.
        return f"[{source}{'~' * max(1, round(len(source) * STRETCH))}]"

    def isEmpty(self) -> bool:
        return False


class StorybookLanguage(QObject):
    """Installs the child's translators while the storybook is open; `remove()` puts things back."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window
        self.tag: str | None = None
        self.translated = False  # whether a real translation was found for `tag`
        self._installed: list[QTranslator] = []

    def apply(self, tag: str | None) -> None:
        """`tag` None: the carer's language. Unknown languages keep the carer's words."""
        self.remove()
        self.tag = tag
        app = QCoreApplication.instance()
        if tag is None or app is None:
            return
        if tag in (PSEUDO_STRETCH, PSEUDO_RTL):
            self._install(StretchTranslator(self))
        else:
            self._load(tag)
        direction = (Qt.LayoutDirection.RightToLeft if is_right_to_left(tag)
                     else Qt.LayoutDirection.LeftToRight)
        self.window.setLayoutDirection(direction)
        self.window.setLocale(locale_for(tag))

    def _load(self, tag: str) -> None:
        locale = locale_for(tag)
        ours = ChildTranslator(self)
        if ours.inner.load(locale, "carer_app", "_", str(resources_root().joinpath("i18n"))):
            self._install(ours)
            self.translated = True
        qt_own = QTranslator(self)  # Qt's words in the file picker and text fields
        if qt_own.load(locale, "qtbase", "_",
                       QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            self._install(qt_own)

    def _install(self, translator: QTranslator) -> None:
        QCoreApplication.installTranslator(translator)
        self._installed.append(translator)

    def remove(self) -> None:
        """Back to the carer's language and direction (each removal re-translates open widgets)."""
        for translator in self._installed:
            QCoreApplication.removeTranslator(translator)
            translator.deleteLater()
        self._installed.clear()
        self.translated = False
        self.tag = None
        self.window.setLayoutDirection(QApplication.layoutDirection())
        self.window.unsetLocale()
