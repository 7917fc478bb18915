"""First run: who you are, a strong passphrase, and the recovery key shown once and asked back."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QFontDatabase, QTextDocument
from PySide6.QtWidgets import (
    QButtonGroup,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from carer_app.domain.enums import Role
from carer_app.services.recovery_check import recovery_key_typo, same_recovery_key
from carer_app.ui.crisis_access import CrisisLauncher, make_crisis_button
from carer_app.ui.fonts import bigger
from carer_app.ui.messages import describe
from carer_app.ui.passphrase_fields import NewPassphraseFields
from carer_app.ui.secret_clipboard import CLEAR_AFTER_MS, copy_secret
from carer_app.ui.workers import run_in_background


def _wrapped(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


class AboutYouPage(QWizardPage):
    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.setTitle(self.tr("Welcome to Carer App"))
        self.setSubTitle(self.tr(
            "Carer App keeps the record of a child in your care in an encrypted vault on this "
            "computer. Nothing is sent anywhere unless you export it."
        ))
        self.name = QLineEdit()
        self.name.setAccessibleName(self.tr("Your name"))
        self.carer = QRadioButton(self.tr("&Carer (foster, kinship, special guardian or adoptive)"))
        self.carer.setAccessibleName(self.tr("I am a carer"))
        self.carer.setChecked(True)
        self.social_worker = QRadioButton(self.tr("&Social worker"))
        self.social_worker.setAccessibleName(self.tr("I am a social worker"))
        self.roles = QButtonGroup(self)
        self.roles.addButton(self.carer)
        self.roles.addButton(self.social_worker)
        name_label = QLabel(self.tr("Your &name:"))
        name_label.setBuddy(self.name)
        form = QFormLayout()
        form.addRow(name_label, self.name)
        form.addRow(self.tr("You are a:"), self.carer)
        form.addRow("", self.social_worker)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(_wrapped(self.tr(
            "Your name is kept inside the vault and shown beside what you write. "
            "It never appears in window titles."
        )))
        layout.addStretch(1)
        layout.addWidget(_wrapped(self.tr("The vault will be kept in: {folder}").format(
            folder=folder
        )))
        self.registerField("name*", self.name)

    @property
    def role(self) -> Role:
        return Role.SOCIAL_WORKER if self.social_worker.isChecked() else Role.CARER


class PassphrasePage(QWizardPage):
    """The commit page: Next makes the vault, off the GUI thread, then moves on by itself."""

    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self._busy = False
        self.setTitle(self.tr("Choose a passphrase"))
        self.setSubTitle(self.tr(
            "Three or four unusual words are easier to remember than a short password, "
            "and harder to guess."
        ))
        self.fields = NewPassphraseFields()
        self.fields.edited.connect(self.completeChanged)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setAccessibleName(self.tr("Making the vault"))
        self.busy.setVisible(False)
        self.message = _wrapped("")
        layout = QVBoxLayout(self)
        layout.addWidget(self.fields)
        layout.addSpacing(12)
        layout.addWidget(_wrapped(self.tr(
            "Nobody can look your passphrase up or reset it for you. If it is forgotten, the "
            "recovery key on the next page is the only way back in."
        )))
        layout.addStretch(1)
        layout.addWidget(self.message)
        layout.addWidget(self.busy)
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("&Make the vault"))

    def initializePage(self) -> None:
        self.fields.set_names((self.field("name"),))

    def isComplete(self) -> bool:
        return self.fields.acceptable and not self._busy

    def validatePage(self) -> bool:
        if self._wizard.vault is not None:
            return True
        if not self._busy:
            self._create()
        return False

    def _create(self) -> None:
        folder, passphrase = self._wizard.folder, self.fields.text
        name, role = str(self.field("name")).strip(), self._wizard.about.role

        def work() -> tuple[object, str]:
            from carer_app.services import household

            return household.create_household(folder, name=name, role=role, passphrase=passphrase)

        self._set_busy(True)
        self.message.setText(self.tr("Making your vault… this takes a few seconds."))
        run_in_background(work, self._created, self._failed)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.busy.setVisible(busy)
        self.fields.setEnabled(not busy)
        self.completeChanged.emit()

    def _created(self, result: tuple[object, str]) -> None:
        vault, recovery = result
        if self._wizard.closed:  # the wizard was cancelled while the vault was being made
            vault.close()  # type: ignore[attr-defined]
            return
        self._set_busy(False)
        self.fields.clear()
        self._wizard.vault, self._wizard.recovery_key = vault, recovery
        self.message.setText("")
        self._wizard.next()

    def _failed(self, error: BaseException) -> None:
        self._set_busy(False)
        self.message.setText(describe(error).text)


class RecoveryKeyPage(QWizardPage):
    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle(self.tr("Your recovery key"))
        self.setSubTitle(self.tr(
            "If every passphrase is forgotten, this key is the only way back in. It is shown "
            "only now: print it or write it down, and keep it away from this computer."
        ))
        self.key = QLabel()
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self.key.setFont(bigger(font, 1.5))
        self.key.setWordWrap(True)
        self.key.setFrameShape(QFrame.Shape.StyledPanel)
        self.key.setMargin(12)
        self.key.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.key.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.key.setAccessibleName(self.tr("Recovery key"))
        self.print_button = QPushButton(self.tr("&Print…"))
        self.print_button.setAccessibleName(self.tr("Print the recovery key"))
        self.print_button.clicked.connect(self.print_key)
        self.pdf_button = QPushButton(self.tr("Save as P&DF…"))
        self.pdf_button.setAccessibleName(self.tr("Save the recovery key as a PDF"))
        self.pdf_button.clicked.connect(self.save_pdf)
        self.copy_button = QPushButton(self.tr("&Copy"))
        self.copy_button.setAccessibleName(self.tr("Copy the recovery key"))
        self.copy_button.clicked.connect(self.copy_key)
        self.note = _wrapped("")
        self.note.setVisible(False)
        buttons = QHBoxLayout()
        for button in (self.print_button, self.pdf_button, self.copy_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.key)
        layout.addLayout(buttons)
        layout.addWidget(self.note)
        layout.addSpacing(12)
        layout.addWidget(_wrapped(self.tr(
            "On the next page you type it back, to be sure it was written down correctly."
        )))
        layout.addStretch(1)
        self._printer: object = None

    def initializePage(self) -> None:
        self.key.setText(self._wizard.recovery_key)

    def copy_key(self) -> None:
        copy_secret(self._wizard.recovery_key, self._wizard.clipboard_clear_ms)
        self.note.setVisible(True)
        self.note.setText(self.tr(
            "Copied. The clipboard is emptied again in {seconds} seconds."
        ).format(seconds=self._wizard.clipboard_clear_ms // 1000))

    def _document(self) -> QTextDocument:
        document = QTextDocument()
        document.setHtml(self.tr(
            "<h1>Carer App recovery key</h1><p>Made on {date}.</p>"
            "<p style='font-family: monospace; font-size: 20pt'>{key}</p>"
            "<p>If every passphrase is forgotten, this key opens the vault and sets a new "
            "passphrase. Anyone holding it and the computer can read the record: keep this "
            "sheet locked away, apart from the computer.</p>"
        ).format(date=QDate.currentDate().toString("d MMMM yyyy"), key=self._wizard.recovery_key))
        return document

    def print_key(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        self._printer = printer
        dialog = QPrintDialog(printer, self)
        dialog.accepted.connect(lambda: self._document().print_(printer))
        dialog.setModal(True)
        dialog.show()

    def save_pdf(self) -> None:
        from PySide6.QtGui import QPdfWriter

        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the recovery key"), "carer-app-recovery-key.pdf",
            self.tr("PDF files (*.pdf)"),
        )
        if path:
            self._document().print_(QPdfWriter(path))
            self.note.setVisible(True)
            self.note.setText(self.tr(
                "Saved. Print it, then delete the file: it opens the vault."
            ))


class ConfirmKeyPage(QWizardPage):
    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle(self.tr("Type the recovery key back"))
        self.setSubTitle(self.tr(
            "To be sure it was written down correctly, type it from your printout or note."
        ))
        self.typed = QLineEdit()
        self.typed.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.typed.setAccessibleName(self.tr("Recovery key, typed back"))
        self.typed.textChanged.connect(self._check)
        self.hint = _wrapped("")
        layout = QVBoxLayout(self)
        layout.addWidget(self.typed)
        layout.addWidget(self.hint)
        layout.addStretch(1)

    def isComplete(self) -> bool:
        return same_recovery_key(self._wizard.recovery_key, self.typed.text())

    def _check(self, text: str) -> None:
        if self.isComplete():
            self.hint.setText(self.tr("That matches."))
        elif len([c for c in text if c.isalnum()]) >= 40:
            typo = recovery_key_typo(text)
            self.hint.setText(
                describe(typo).headline if typo is not None
                else self.tr("That is not the key on the previous page. Check each group.")
            )
        else:
            self.hint.setText("")
        self.completeChanged.emit()


class FirstRunWizard(QWizard):
    """Emits `completed(vault)` once the key was typed back, or `abandoned(vault or None)`."""

    completed = Signal(object)
    abandoned = Signal(object)

    def __init__(self, folder: Path, launcher: CrisisLauncher, parent: QWidget | None = None):
        super().__init__(parent)
        self.folder = folder
        self.vault: object = None
        self.recovery_key = ""
        self.closed = False
        self.clipboard_clear_ms = CLEAR_AFTER_MS
        self.setWindowTitle(self.tr("Carer App"))
        self.setAccessibleName(self.tr("Setting up Carer App"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.about = AboutYouPage(folder)
        self.passphrase_page = PassphrasePage(self)
        self.key_page = RecoveryKeyPage(self)
        self.confirm_page = ConfirmKeyPage(self)
        for page in (self.about, self.passphrase_page, self.key_page, self.confirm_page):
            self.addPage(page)
        self.setOption(QWizard.WizardOption.HaveCustomButton1, True)
        self.crisis_button = make_crisis_button(launcher)
        self.setButton(QWizard.WizardButton.CustomButton1, self.crisis_button)
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("&Open the vault"))
        W = QWizard.WizardButton
        self.setButtonLayout([W.CustomButton1, W.Stretch, W.BackButton, W.NextButton,
                              W.CommitButton, W.FinishButton, W.CancelButton])
        names = {W.BackButton: self.tr("Back"), W.NextButton: self.tr("Next"),
                 W.CommitButton: self.tr("Make the vault"), W.FinishButton: self.tr("Open the vault"),
                 W.CancelButton: self.tr("Cancel setting up")}
        for which, name in names.items():
            self.button(which).setAccessibleName(name)
        self.resize(720, 560)

    def done(self, result: int) -> None:
        if self.closed:
            return
        self.closed = True
        vault, self.vault = self.vault, None
        self.recovery_key = ""
        self.key_page.key.clear()
        self.confirm_page.typed.clear()
        self.about.name.clear()
        super().done(result)
        if result == QWizard.DialogCode.Accepted and vault is not None:
            self.completed.emit(vault)
        else:
            self.abandoned.emit(vault)
