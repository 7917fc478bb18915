"""The daily log: quick entry (Ctrl+N, type, Ctrl+Enter), search and filters, history, print."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from html import escape

from PySide6.QtCore import QItemSelectionModel, QLocale, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from carer_app.domain.enums import EntryBasis, ObservationCategory
from carer_app.domain.observation_views import AuthorView, ObservationQuery, ObservationRow
from carer_app.domain.views import AdultView, ChildView
from carer_app.services import children, household, observations
from carer_app.services.observations import EditConflict
from carer_app.ui.app_session import AppSession
from carer_app.ui.fonts import bigger
from carer_app.ui.messages import describe
from carer_app.ui.observation_editor import ObservationEditor
from carer_app.ui.observation_filters import ObservationFilters
from carer_app.ui.observation_history_dialog import ObservationHistoryDialog
from carer_app.ui.observation_print import ObservationPrintDialog, observations_html, write_pdf
from carer_app.ui.observation_table_model import (
    Column,
    ObservationTableModel,
    basis_words,
    category_words,
    signature_text,
    signature_text_sample,
    when_text,
)

SEARCH_DELAY_MS = 250


class ObservationsScreen(QWidget):
    """Lists entries newest first; every row shows who wrote it and when."""

    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setAccessibleName(self.tr("Observations"))
        self.kids: list[ChildView] = []
        self.me: AdultView | None = None
        self.child_id: str | None = None
        self.editor: ObservationEditor | None = None
        self.history_dialog: ObservationHistoryDialog | None = None
        self.print_dialog: ObservationPrintDialog | None = None
        self.last_category = ObservationCategory.OTHER
        self._search_token = 0
        self._select_after: str | None = None
        # A hidden screen reads nothing: it catches up when shown (fewer jobs at unlock).
        self._needs_reload = True
        self._needs_refresh = False
        self._context_ready = False

        heading = QLabel(self.tr("Observations"))
        heading.setFont(bigger(self.font(), 1.4))
        self.new_button = QPushButton(self.tr("&New entry (Ctrl+N)"))
        self.new_button.setAccessibleName(self.tr("New entry"))
        self.new_button.clicked.connect(lambda: self.new_entry())
        self.print_button = QPushButton(self.tr("&Print or PDF…"))
        self.print_button.setAccessibleName(self.tr("Print or save as PDF"))
        self.print_button.clicked.connect(self.open_print)
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addStretch(1)
        top.addWidget(self.print_button)
        top.addWidget(self.new_button)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.refresh)
        self.filters = ObservationFilters()
        self.filters.changed.connect(self.refresh)
        self.filters.text_edited.connect(self._search_timer.start)

        self.model = ObservationTableModel(self._fetch_rows, self)
        self.table = QTableView()
        self.table.setAccessibleName(self.tr("Entries, newest first"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(Column.ENTRY, QHeaderView.ResizeMode.Stretch)
        self._size_columns([])
        self.table.activated.connect(lambda _index: self.edit_selected())
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_selected())
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setAccessibleName(self.tr("No entries"))
        self.pages = QStackedWidget()
        self.pages.addWidget(self.table)
        self.pages.addWidget(self.empty)

        self.detail = QTextBrowser()
        self.detail.setAccessibleName(self.tr("The chosen entry in full"))
        self.edit_button = QPushButton(self.tr("&Amend…"))
        self.history_button = QPushButton(self.tr("&History…"))
        self.delete_button = QPushButton(self.tr("&Delete…"))
        for button, name, slot in (
            (self.edit_button, self.tr("Amend the chosen entry"), self.edit_selected),
            (self.history_button, self.tr("History of the chosen entry"), self.show_history),
            (self.delete_button, self.tr("Delete the chosen entry"), self.delete_selected),
        ):
            button.setAccessibleName(name)
            button.clicked.connect(slot)
        actions = QHBoxLayout()
        for button in (self.edit_button, self.history_button, self.delete_button):
            actions.addWidget(button)
        actions.addStretch(1)
        self.count = QLabel()
        self.count.setAccessibleName(self.tr("How many entries are shown"))
        actions.addWidget(self.count)
        detail_box = QWidget()
        detail_layout = QVBoxLayout(detail_box)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addLayout(actions)
        detail_layout.addWidget(self.detail)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.pages)
        splitter.addWidget(detail_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.filters)
        layout.addWidget(splitter, 1)

        keys: list[tuple[QKeySequence.StandardKey, Callable[[], object]]] = [
            (QKeySequence.StandardKey.New, self.new_entry),
            (QKeySequence.StandardKey.Find, self.filters.focus_search),
            (QKeySequence.StandardKey.Print, self.open_print),
        ]
        for key, action in keys:
            QShortcut(QKeySequence(key), self, action)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.table, self.delete_selected,
                  Qt.ShortcutContext.WidgetShortcut)
        session.changed.connect(self._changed)
        session.unlocked.connect(self.reload)
        self._update_buttons()
        if session.is_unlocked:
            self.reload()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._needs_reload:
            self.reload()
        elif self._needs_refresh:
            self.refresh()

    # -- loading -------------------------------------------------------------------------------

    def set_child(self, child_id: str | None) -> None:
        self.child_id = child_id
        self.filters.choose_child(child_id)
        self.refresh()

    def _changed(self, what: str) -> None:
        if what in ("children", "adults"):
            self.reload()
        elif what == "observations":
            self.refresh()

    def reload(self) -> None:
        """Children, the signed-in adult and the authors for the filters, then the entries."""
        if not self.session.is_unlocked:
            return
        if not self.isVisible():
            self._needs_reload = True
            return
        self._needs_reload = False

        def work(vault: household.Vault) -> tuple[list[ChildView], AdultView | None, list[AuthorView]]:
            return (children.list_children(vault), household.current_adult(vault),
                    observations.authors(vault))

        self.session.run(work, self._context_loaded, self._failed)

    def _context_loaded(self, loaded: tuple[list[ChildView], AdultView | None, list[AuthorView]]) -> None:
        self.kids, self.me, authors = loaded
        self._context_ready = True
        self.filters.set_choices(self.kids, authors, self.child_id)
        self._size_columns([a.name for a in authors] + [self._author()]
                           + [k.shown_name for k in self.kids])
        self.refresh()
        if self.editor is not None:
            self.editor.set_context(self.kids, self.child_id, self._author())

    def _size_columns(self, names: list[str]) -> None:
        """Widths from the words they will hold, so no row is measured (rows load lazily)."""
        metrics = self.table.fontMetrics()
        longest = max(names, key=metrics.horizontalAdvance, default="Sam Smith")
        sample = when_text(datetime(2026, 9, 30, 23, 59, tzinfo=UTC))
        samples = {
            Column.WHEN: [sample],
            Column.CHILD: [longest],
            Column.CATEGORY: [category_words(c) for c in ObservationCategory],
            Column.BASIS: [basis_words(b) for b in EntryBasis],
            Column.SIGNED: [signature_text_sample(longest, sample)],
        }
        for column, texts in samples.items():
            header = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            width = max(metrics.horizontalAdvance(t) for t in [*texts, header]) + 24
            self.table.setColumnWidth(column, width)

    def query(self) -> ObservationQuery:
        return self.filters.query()

    def refresh(self) -> None:
        self._search_timer.stop()
        if not self.session.is_unlocked:
            return
        if not self.isVisible():
            self._needs_refresh = True
            return
        self._needs_refresh = False
        self._search_token += 1
        token, query = self._search_token, self.query()
        self.session.run(lambda vault: observations.search_ids(vault, query),
                   lambda ids: self._found(token, query, ids), self._failed)

    def _found(self, token: int, query: ObservationQuery, ids: list[str]) -> None:
        if token != self._search_token:
            return
        keep = self._select_after or self._selected_id()
        self._select_after = None
        self.model.set_ids(ids)
        position = self.model.position_of(keep) if keep else None
        self.model.prefetch(position or 0)
        self.table.setColumnHidden(Column.CHILD, query.child_id is not None)
        filtered = query != ObservationQuery(child_id=query.child_id)
        if ids:
            self.count.setText(self.tr("1 entry") if len(ids) == 1 else
                               self.tr("{n} entries").format(n=QLocale().toString(len(ids))))
            self.pages.setCurrentWidget(self.table)
        else:
            self.count.setText("")
            self.empty.setText(
                self.tr("No entries match these filters. Clear the search or choose "
                        "“Any time” to see more.") if filtered else
                self.tr("No observations yet.\n\nPress Ctrl+N to write the first one: what "
                        "happened, whether it is fact, opinion or something someone else "
                        "told you, and the child's own words if they want to add them."))
            self.pages.setCurrentWidget(self.empty)
        if position is None and ids:
            position = 0
        if position is not None:
            self.table.selectionModel().setCurrentIndex(
                self.model.index(position, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)
        self._show_selected()

    def _fetch_rows(self, ids: list[str], done: object) -> None:
        if self.session.is_unlocked:
            self.session.run(lambda vault: observations.rows(vault, ids),
                       lambda rows: self._rows_loaded(rows, done), self._failed)

    def _rows_loaded(self, rows: list[ObservationRow], done: object) -> None:
        assert callable(done)
        done(rows)
        self._show_selected()

    def _failed(self, error: BaseException) -> None:
        self.count.setText(describe(error).headline)

    # -- the chosen entry ----------------------------------------------------------------------

    def _selected_id(self) -> str | None:
        index = self.table.currentIndex()
        return self.model.ids[index.row()] if index.isValid() else None

    def selected_row(self) -> ObservationRow | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def _update_buttons(self) -> None:
        row = self.selected_row()
        live = row is not None and row.deleted_at is None
        self.edit_button.setEnabled(live)
        self.delete_button.setEnabled(live)
        self.history_button.setEnabled(row is not None)

    def _show_selected(self) -> None:
        self._update_buttons()
        row = self.selected_row()
        if row is None:
            self.detail.clear()
            return
        head = " · ".join((when_text(row.occurred_at), row.child_name,
                           category_words(row.category), basis_words(row.basis)))
        parts = [f"<p><b>{escape(head)}</b></p>",
                 "<p>" + escape(row.text).replace("\n", "<br/>") + "</p>"]
        if row.child_words:
            words = self.tr("In their own words: “{words}”").format(words=row.child_words)
            parts.append(f"<p>{escape(words)}</p>")
        if row.photo_id:
            parts.append(f"<p>{escape(self.tr('A photo is attached (open Amend to see it).'))}</p>")
        signed = self.tr("Signed: {signature}").format(signature=signature_text(row))
        if row.edited:
            signed += " " + (self.tr("(the earlier wording is kept: see History)")
                             if row.earlier_versions == 1 else
                             self.tr("({n} earlier wordings kept: see History)").format(
                                 n=row.earlier_versions))
        parts.append(f"<p><i>{escape(signed)}</i></p>")
        self.detail.setHtml("".join(parts))

    # -- writing -------------------------------------------------------------------------------

    def _author(self) -> str:
        return self.me.display_name if self.me else ""

    def new_entry(self, text: str = "",
                  category: ObservationCategory | None = None) -> ObservationEditor | None:
        if not self.session.is_unlocked:
            return None
        if not self._context_ready:  # the children and signature follow once loaded
            self.reload()
        editor = ObservationEditor(self.session, self.kids, self.child_id, self._author(),
                                   text=text, category=category or self.last_category, parent=self)
        editor.submitted.connect(lambda: self._save(editor))
        return self._open_editor(editor)

    def prefill_observation(self, note: str) -> None:
        """From the crisis card's "Log this call": a new entry with the call already noted."""
        self.new_entry(note, ObservationCategory.OTHER)

    def edit_selected(self) -> ObservationEditor | None:
        row = self.selected_row()
        if row is None or row.deleted_at is not None or not self.session.is_unlocked:
            return None
        editor = ObservationEditor(self.session, self.kids, self.child_id, self._author(), row,
                                   parent=self)
        editor.submitted.connect(lambda: self._save(editor))
        return self._open_editor(editor)

    def _open_editor(self, editor: ObservationEditor) -> ObservationEditor:
        if self.editor is not None:
            self.editor.close()
        self.editor = editor
        editor.finished.connect(lambda _result: self._editor_closed(editor))
        editor.open()
        return editor

    def _editor_closed(self, editor: ObservationEditor) -> None:
        if self.editor is editor:
            self.editor = None
        editor.deleteLater()

    def _save(self, editor: ObservationEditor) -> None:
        draft, row = editor.draft(), editor.row
        editor.set_busy(True)
        if row is None:
            def work(vault: household.Vault) -> ObservationRow:
                return observations.add_observation(vault, draft)
        else:
            version = row.version

            def work(vault: household.Vault) -> ObservationRow:
                return observations.update_observation(vault, row.id, draft,
                                                       expected_version=version)

        self.session.run(work, lambda saved: self._saved(editor, saved),
                   lambda error: self._save_failed(editor, error))

    def _saved(self, editor: ObservationEditor, saved: ObservationRow) -> None:
        self.last_category = saved.category
        self.model.put_rows([saved])
        self._select_after = saved.id
        editor.accept()
        self.session.notify("observations")

    def _save_failed(self, editor: ObservationEditor, error: BaseException) -> None:
        if isinstance(error, EditConflict):
            editor.show_error(self.tr("Someone saved this entry after you opened it. Copy your "
                                      "words, close this window and open the entry again."))
        else:
            editor.show_error(describe(error).text)

    def delete_selected(self) -> QMessageBox | None:
        row = self.selected_row()
        if row is None or row.deleted_at is not None:
            return None
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Delete this entry?"),
                          self.tr("The entry leaves the log. It is kept as a deleted entry, so "
                                  "the record stays complete and exports carry the deletion."),
                          QMessageBox.StandardButton.Cancel, self)
        delete = box.addButton(self.tr("Delete"), QMessageBox.ButtonRole.DestructiveRole)
        delete.setAccessibleName(self.tr("Delete"))
        box.button(QMessageBox.StandardButton.Cancel).setAccessibleName(self.tr("Cancel"))
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        oid, version = row.id, row.version
        box.buttonClicked.connect(lambda button: self._delete(oid, version)
                                  if button is delete else None)
        box.finished.connect(box.deleteLater)
        box.open()
        return box

    def _delete(self, oid: str, version: int) -> None:
        self.session.run(lambda vault: observations.delete_observation(vault, oid, expected_version=version),
                   lambda _row: self.session.notify("observations"), self._failed)

    def show_history(self) -> ObservationHistoryDialog | None:
        oid = self._selected_id()
        if oid is None:
            return None
        if self.history_dialog is None:
            self.history_dialog = ObservationHistoryDialog(self)
        dialog = self.history_dialog
        self.session.run(lambda vault: observations.history(vault, oid), dialog.show_history,
                   self._failed)
        dialog.open()
        return dialog

    # -- printing ------------------------------------------------------------------------------

    def open_print(self) -> ObservationPrintDialog | None:
        if not self.session.is_unlocked:
            return None
        first, last = self.filters.period_or(date.today() - timedelta(days=30), date.today())
        dialog = ObservationPrintDialog(self.kids, self.filters.child_id(), first, last, self)
        dialog.wanted.connect(lambda kind: self._print(dialog, kind))
        dialog.finished.connect(lambda _r: setattr(self, "print_dialog", None))
        self.print_dialog = dialog
        dialog.open()
        return dialog

    def _print(self, dialog: ObservationPrintDialog, kind: str) -> None:
        path = dialog.ask_pdf_path() if kind == "pdf" else None
        if kind == "pdf" and path is None:
            return
        (first, last), child_id = dialog.period, dialog.child_id
        who = next((k.shown_name for k in self.kids if k.id == child_id), self.tr("All children"))
        query = ObservationQuery(child_id=child_id, date_from=first, date_to=last,
                                 newest_first=False)

        def done(rows: list[ObservationRow]) -> None:
            html = observations_html(rows, who, first, last)
            if path is not None:
                write_pdf(html, path)
                dialog.status.setText(self.tr("Saved {n} entries as {file}.").format(
                    n=len(rows), file=path.name))
            else:
                dialog.print_html(html)

        self.session.run(lambda vault: observations.search(vault, query), done, self._failed)

    # -- locking -------------------------------------------------------------------------------

    def clear(self) -> None:
        """On lock: drop every entry, name and word shown here, and close the dialogs."""
        self._search_token += 1
        self._search_timer.stop()
        for dialog in (self.editor, self.history_dialog, self.print_dialog):
            if dialog is not None:
                dialog.clear()
                dialog.reject()
        self.editor = self.print_dialog = None
        self.model.clear()
        self.detail.clear()
        self.count.clear()
        self.empty.clear()
        self.kids, self.me = [], None
        self._context_ready = False
        self._needs_reload = True
        self.filters.clear()
        self._update_buttons()
