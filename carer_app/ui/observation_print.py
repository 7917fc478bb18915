"""Print observations for a date range, or save them as a PDF, signed and dated as in the app."""

from __future__ import annotations

from datetime import date
from html import escape
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDate, QMarginsF, Signal
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from carer_app.domain.observation_views import ObservationRow
from carer_app.domain.views import ChildView
from carer_app.ui.observation_table_model import basis_words, category_words, when_text
from carer_app.ui.programme_words import DATE_EDIT_FORMAT


def _t(text: str) -> str:
    return QCoreApplication.translate("observation_print", text)


def observations_html(rows: list[ObservationRow], who: str, first: date, last: date) -> str:
    """The printable record: a heading, then one block per entry with its signature."""
    period = _t("{first} to {last}").format(first=first.isoformat(), last=last.isoformat())
    parts = [f"<h1>{escape(_t('Observations'))}</h1>",
             f"<p><b>{escape(who)}</b> · {escape(period)} · "
             f"{escape(_t('{n} entries').format(n=len(rows)))}</p>"]
    if not rows:
        parts.append(f"<p>{escape(_t('No entries in these dates.'))}</p>")
    for row in rows:
        head = " · ".join((when_text(row.occurred_at), row.child_name,
                           category_words(row.category), basis_words(row.basis)))
        signed = _t("Signed: {author}, {when}").format(author=row.author or _t("a former adult"),
                                                       when=when_text(row.created_at))
        if row.edited:
            signed += " · " + _t("amended; earlier wording kept in the vault")
        parts.append(f"<h3>{escape(head)}</h3>")
        parts.append("<p>" + escape(row.text).replace("\n", "<br/>") + "</p>")
        if row.child_words:
            words = _t("In their own words: “{words}”").format(words=row.child_words)
            parts.append(f"<p>{escape(words)}</p>")
        parts.append(f"<p><i>{escape(signed)}</i></p>")
    return "\n".join(parts)


def write_pdf(html: str, path: Path) -> None:
    """A4 with 15 mm margins; the text is laid out by Qt, nothing else is written."""
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(QMarginsF(15, 15, 15, 15), QPageLayout.Unit.Millimeter)
    writer.setTitle(_t("Observations"))
    document = QTextDocument()
    document.setHtml(html)
    document.print_(writer)


class ObservationPrintDialog(QDialog):
    """Choose dates and a child; ``wanted`` asks the screen for the rows (it owns the vault)."""

    wanted = Signal(str)  # "pdf" or "print"

    def __init__(self, kids: list[ChildView], child_id: str | None, first: date, last: date,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Print or save observations"))
        self.setAccessibleName(self.windowTitle())
        self.first = QDateEdit(QDate(first.year, first.month, first.day))
        self.last = QDateEdit(QDate(last.year, last.month, last.day))
        for edit, name in ((self.first, self.tr("From")), (self.last, self.tr("To"))):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat(DATE_EDIT_FORMAT)
            edit.setAccessibleName(name)
        self.child = QComboBox()
        self.child.setAccessibleName(self.tr("Child"))
        self.child.addItem(self.tr("All children"), None)
        for kid in kids:
            self.child.addItem(kid.shown_name, kid.id)
        self.child.setCurrentIndex(max(0, self.child.findData(child_id)))
        form = QFormLayout()
        form.addRow(self.tr("&From:"), self.first)
        form.addRow(self.tr("&To:"), self.last)
        form.addRow(self.tr("&Child:"), self.child)
        note = QLabel(self.tr("Deleted entries are left out. Each entry is printed with its "
                              "category, whether it is fact, opinion or third party, and who "
                              "wrote it when."))
        note.setWordWrap(True)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.pdf_button = QPushButton(self.tr("Save as &PDF…"))
        self.print_button = QPushButton(self.tr("P&rint…"))
        close = QPushButton(self.tr("Close"))
        for button, name in ((self.pdf_button, self.tr("Save as PDF")),
                             (self.print_button, self.tr("Print")), (close, self.tr("Close"))):
            button.setAccessibleName(name)
        self.pdf_button.clicked.connect(lambda: self.wanted.emit("pdf"))
        self.print_button.clicked.connect(lambda: self.wanted.emit("print"))
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.pdf_button)
        buttons.addWidget(self.print_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.status)
        layout.addLayout(buttons)

    def clear(self) -> None:
        self.child.clear()
        self.status.clear()

    @property
    def period(self) -> tuple[date, date]:
        first, last = self.first.date().toPython(), self.last.date().toPython()
        assert isinstance(first, date) and isinstance(last, date)
        return (first, last) if first <= last else (last, first)

    @property
    def child_id(self) -> str | None:
        value = self.child.currentData()
        return str(value) if value else None

    def ask_pdf_path(self) -> Path | None:
        first, last = self.period
        suggested = f"observations-{first.isoformat()}-to-{last.isoformat()}.pdf"
        path, _filter = QFileDialog.getSaveFileName(self, self.tr("Save as PDF"), suggested,
                                                    self.tr("PDF files (*.pdf)"))
        return Path(path) if path else None

    def print_html(self, html: str) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        chooser = QPrintDialog(printer, self)
        if chooser.exec() == QDialog.DialogCode.Accepted:
            document = QTextDocument()
            document.setHtml(html)
            document.print_(printer)
