"""Installing translations, and a pseudo-language that stretches every string to test layouts."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

PSEUDO = "pseudo"
STRETCH = 0.4  # Vorta's TRANS_SCALE idea: German and Finnish run about 30 to 40 % longer


class PseudoTranslator(QTranslator):
    """Every string in brackets and padded, so clipped or hard-coded text stands out."""

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str:
        if not source:
            return source
        # Padding goes at the end, so "{placeholders}" and "&" accelerators stay intact.
        return f"[{source}{'~' * max(1, round(len(source) * STRETCH))}]"

    def isEmpty(self) -> bool:
        return False


def install(language: str) -> list[QTranslator]:
    """Install translators for `language` ("" for the system's); returns them (keep them alive)."""
    app = QCoreApplication.instance()
    if app is None:
        return []
    if language == PSEUDO:
        translator: QTranslator = PseudoTranslator(app)
        app.installTranslator(translator)
        return [translator]
    locale = QLocale(language) if language else QLocale.system()
    QLocale.setDefault(locale)
    if locale.language() in (QLocale.Language.English, QLocale.Language.C):
        return []  # the source strings are English: nothing to load, start-up stays quick
    from carer_app.domain.resources import resources_root

    installed: list[QTranslator] = []
    qt_translations = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    ours = resources_root().joinpath("i18n")
    for name, folder in (("qtbase", qt_translations), ("carer_app", str(ours))):
        translator = QTranslator(app)
        if translator.load(locale, name, "_", folder):
            app.installTranslator(translator)
            installed.append(translator)
    return installed
