"""A new passphrase typed twice, with a strength meter that refuses the weakest and says why."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QProgressBar, QWidget

from carer_app.domain.passphrase_policy import Strength, assess
from carer_app.ui.messages import strength_words, weakness_words


class PassphraseMeter(QWidget):
    """A bar from 0 to 4 and the words for it; the reason is shown beside the fields."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bar = QProgressBar()
        self.bar.setRange(0, 4)
        self.bar.setTextVisible(False)
        self.bar.setAccessibleName(self.tr("Passphrase strength"))
        self.words = QLabel()
        layout = QFormLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addRow(self.words, self.bar)
        self.show_strength(None)

    def show_strength(self, strength: Strength | None) -> None:
        score = strength.score if strength is not None else 0
        self.bar.setValue(score)
        label = strength_words(score) if strength is not None else self.tr("Not typed yet")
        self.words.setText(self.tr("Strength: {words}").format(words=label))
        self.bar.setAccessibleDescription(label)


class NewPassphraseFields(QWidget):
    """`acceptable` is True only for a strong enough passphrase typed the same twice."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._names: tuple[str, ...] = ()
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName(self.tr("New passphrase"))
        self.confirm = QLineEdit()
        self.confirm.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm.setAccessibleName(self.tr("New passphrase, typed again"))
        self.meter = PassphraseMeter()
        self.reason = QLabel()
        self.reason.setWordWrap(True)
        self.reason.setAccessibleName(self.tr("Why the passphrase cannot be used yet"))
        layout = QFormLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addRow(self.tr("&Passphrase:"), self.passphrase)
        layout.addRow(self.tr("&Type it again:"), self.confirm)
        layout.addRow(self.meter)
        layout.addRow(self.reason)
        self.passphrase.textChanged.connect(self._update)
        self.confirm.textChanged.connect(self._update)
        self._acceptable = False
        self._update()

    def set_names(self, names: tuple[str, ...]) -> None:
        """Names the passphrase must not contain (the adult's own)."""
        self._names = names
        self._update()

    @property
    def acceptable(self) -> bool:
        return self._acceptable

    @property
    def text(self) -> str:
        return self.passphrase.text()

    def reason_text(self) -> str:
        return self.reason.text()

    def clear(self) -> None:
        self.passphrase.clear()
        self.confirm.clear()

    def _update(self) -> None:
        typed = self.passphrase.text()
        strength = assess(typed, self._names) if typed else None
        self.meter.show_strength(strength)
        if strength is None:
            reason = self.tr("Choose a passphrase of a few unusual words that only you know.")
        elif not strength.acceptable:
            reason = " ".join(weakness_words(str(w)) for w in strength.weaknesses) or (
                self.tr("Choose something harder to guess.")
            )
        elif self.confirm.text() != typed:
            reason = self.tr("Type the same passphrase again in the second box.")
        else:
            reason = ""
        self._acceptable = strength is not None and strength.acceptable and reason == ""
        self.reason.setText(reason)
        self.reason.setVisible(bool(reason))
        self.edited.emit()
