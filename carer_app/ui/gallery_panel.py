"""The child's photos as a grid: import (button, folder, drag and drop), captions, who and where, viewer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QEvent,
    QItemSelection,
    QLocale,
    QModelIndex,
    QObject,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QStackedWidget,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from carer_app.domain.life_story_views import PhotoDetails
from carer_app.domain.views import PhotoView
from carer_app.services import life_story, people_places, photos
from carer_app.services.photo_processing import SUPPORTED_EXTENSIONS
from carer_app.ui.app_session import AppSession
from carer_app.ui.fonts import bigger
from carer_app.ui.gallery_cells import FixedSizeDelegate, placeholder_pixmaps
from carer_app.ui.messages import describe
from carer_app.ui.photo_import_dialog import PhotoImportDialog
from carer_app.ui.photo_list_model import (
    ICON_SIDE,
    PhotoListModel,
    VaultThumbnailLoader,
    cache_limit_for,
    date_words,
)
from carer_app.ui.photo_tag_dialog import PhotoTagDialog
from carer_app.ui.photo_viewer import PhotoViewer
from carer_app.ui.secret_clipboard import forget_file_dialog_history

if TYPE_CHECKING:
    from carer_app.services.household import Vault


MIN_CELL = ICON_SIDE + 24  # the narrowest grid cell; wider ones share out spare width


@dataclass(frozen=True)
class _Names:
    people: dict[str, str]
    places: dict[str, str]


class GalleryPanel(QWidget):
    """Takes the app's session (it asks it for vault work, never keeps the vault) and one child."""

    photo_opened = Signal(str)

    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.child_id: str | None = None
        self.names = _Names({}, {})
        self.viewer: PhotoViewer | None = None
        self.import_dialog: PhotoImportDialog | None = None
        self.tag_dialog: PhotoTagDialog | None = None
        self.file_dialog: QFileDialog | None = None
        self._loads = 0  # bumps on every child change and clear, so late lists are dropped
        self._listed_child: str | None = None  # whose list is shown or on its way
        self.setAccessibleName(self.tr("Photos"))
        self.setAcceptDrops(True)

        self.model = PhotoListModel(VaultThumbnailLoader(session, self._icon_pixels()), self,
                                    cache_limit_for(self._icon_pixels()))
        self.model.pixel_ratio = self.devicePixelRatioF()
        self.model.caption_edited.connect(self._save_caption)
        self.view = QListView()
        self.view.setAccessibleName(self.tr("Photos"))
        self.view.setViewMode(QListView.ViewMode.IconMode)
        self.view.setMovement(QListView.Movement.Static)  # no moving icons, and no internal drops
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.NoDragDrop)
        self.view.setResizeMode(QListView.ResizeMode.Adjust)
        self.view.setUniformItemSizes(True)
        self.view.setLayoutMode(QListView.LayoutMode.Batched)
        self.view.setBatchSize(250)
        self.view.setIconSize(QSize(ICON_SIDE, ICON_SIDE))
        lines = self.fontMetrics().lineSpacing() * 2
        self.view.setGridSize(QSize(MIN_CELL, ICON_SIDE + lines + 16))
        self.view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)  # steady width
        self.view.viewport().installEventFilter(self)
        self.view.setItemDelegate(FixedSizeDelegate(QSize(ICON_SIDE + 16, ICON_SIDE + lines + 8),
                                                    self.view))
        self.view.setWordWrap(True)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed)
        self.view.setModel(self.model)
        self.view.activated.connect(self._activated)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        self._set_placeholders()

        self.count = QLabel()
        self.count.setFont(bigger(self.font(), 1.2))
        self.import_button = self._button(self.tr("&Import photos…"), self.tr("Import photos"),
                                          self.choose_files)
        self.folder_button = self._button(self.tr("Import a &folder…"),
                                          self.tr("Import a folder of photos"), self.choose_folder)
        top = QHBoxLayout()
        top.addWidget(self.count)
        top.addStretch(1)
        top.addWidget(self.import_button)
        top.addWidget(self.folder_button)

        self.empty = QLabel()
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setFont(bigger(self.font(), 1.1, bold=False))
        self.pages = QStackedWidget()
        self.pages.addWidget(self.view)
        self.pages.addWidget(self.empty)

        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.caption.setFont(bigger(self.font(), 1.1))
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.open_button = self._button(self.tr("&Open"), self.tr("Open the selected photo"),
                                        self.open_selected)
        self.tag_button = self._button(self.tr("Caption, &who and where…"),
                                       self.tr("Edit the caption, who is in it and where"),
                                       self.edit_selected)
        side = QVBoxLayout()
        for part in (self.caption, self.details, self.open_button, self.tag_button):
            side.addWidget(part)
        side.addStretch(1)
        self.side = QWidget()
        self.side.setLayout(side)
        self.side.setFixedWidth(max(240, self.tag_button.sizeHint().width() + 24))
        self.status = QLabel()
        self.status.setWordWrap(True)
        middle = QHBoxLayout()
        middle.addWidget(self.pages, 1)
        middle.addWidget(self.side)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(middle, 1)
        layout.addWidget(self.status)
        self._show_details(None)
        self._show_state()
        session.changed.connect(self._session_changed)

    def _button(self, text: str, name: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(name)
        button.clicked.connect(slot)
        return button

    # -- the child and their photos -------------------------------------------------------------

    def set_child(self, child_id: str | None) -> None:
        """Shows this child's photos. The same child again rereads nothing: changes arrive
        through the session's `changed("photos")`, which this panel follows itself."""
        if child_id == self.child_id and self._listed_child == child_id and child_id is not None:
            return
        if child_id != self.child_id:
            self.model.clear()
            self.names = _Names({}, {})
        self.child_id = child_id
        self.refresh()

    def refresh(self) -> None:
        """Reads the list (no images) on the vault thread; thumbnails follow as rows are shown."""
        self._loads += 1
        child_id, load = self.child_id, self._loads
        self._listed_child = child_id
        if child_id is None or not self.session.is_unlocked:
            self.model.clear()
            self._show_state()
            return

        def work(vault: Vault) -> tuple[list[PhotoView], _Names]:
            people = {p.id: p.name for p in people_places.list_people(vault, child_id)}
            places = {p.id: p.name for p in people_places.list_places(vault, child_id)}
            return photos.list_photos(vault, child_id), _Names(people, places)

        self.session.run(work, lambda found: self._listed(load, *found), self._list_failed)

    def _listed(self, load: int, rows: list[PhotoView], names: _Names) -> None:
        if load != self._loads:
            return
        selected = self.selected_photo()
        self.names = names
        self.model.set_photos(rows)
        self._show_state(loaded=True)
        row = self.model.row_of(selected.id) if selected else None
        if row is not None and self.view.currentIndex().row() != row:
            self.view.setCurrentIndex(self.model.index(row))
            self.view.scrollTo(self.model.index(row))
        self._load_details()

    def _show_state(self, loaded: bool = False) -> None:
        total = self.model.rowCount()
        has_child = self.child_id is not None
        self.import_button.setEnabled(has_child)
        self.folder_button.setEnabled(has_child)
        self.count.setText(self.tr("{n} photos").format(n=QLocale().toString(total))
                           if loaded and total else "")
        if not has_child:
            self.empty.setText(self.tr("Choose a child, or add one, to see their photos here."))
        elif loaded and not total:
            self.empty.setText(self.tr(
                "No photos yet.\n\nImport photos with the button above, or drag photos or a "
                "whole folder here. JPEG, PNG, WebP, HEIC (phone photos) and GIF all work. "
                "Photos are encrypted in the vault, and location and camera details are removed."))
        else:
            self.pages.setCurrentWidget(self.view)
            return
        self.pages.setCurrentWidget(self.empty)
        self._show_details(None)

    def clear(self) -> None:
        """On lock: every picture, caption, name and file list shown here goes now."""
        self._loads += 1
        for dialog in (self.viewer, self.tag_dialog):
            if dialog is not None:
                dialog.clear()
        if self.import_dialog is not None:
            self.import_dialog.abort()
        if self.file_dialog is not None:
            self.file_dialog.reject()
        self.viewer = self.tag_dialog = self.import_dialog = self.file_dialog = None
        self.model.clear()
        self.names = _Names({}, {})
        self.child_id = self._listed_child = None
        self.status.clear()
        self._show_state()

    def _failed(self, error: BaseException) -> None:
        self.status.setText(describe(error).text)

    def _list_failed(self, error: BaseException) -> None:
        self._listed_child = None  # the next set_child tries again
        self._failed(error)

    def _session_changed(self, what: str) -> None:
        """Photos or names changed (here or on another screen): reread; unchanged rows stay put."""
        if what in ("photos", "people_places") and self.child_id is not None:
            self.refresh()

    # -- selection, details, caption ------------------------------------------------------------

    def selected_photo(self) -> PhotoView | None:
        index = self.view.currentIndex()
        selected = self.view.selectionModel().isSelected(index) if index.isValid() else False
        return self.model.photo(index.row()) if selected else None

    def _selection_changed(self, _new: QItemSelection, _old: QItemSelection) -> None:
        self._load_details()

    def _load_details(self) -> None:
        photo = self.selected_photo()
        self._show_details(photo)
        if photo is not None:
            self.session.run(lambda vault: life_story.photo_details(vault, photo.id),
                             self._details_loaded, self._failed)

    def _show_details(self, photo: PhotoView | None) -> None:
        self.open_button.setEnabled(photo is not None)
        self.tag_button.setEnabled(photo is not None)
        self.caption.setVisible(photo is not None)
        if photo is None:
            self.caption.setText("")
            self.details.setText(self.tr(
                "Select a photo to see its caption, who is in it and where it was taken. "
                "Press Enter to open it large, F2 to change its caption."))
            return
        self.caption.setText(photo.caption or self.tr("No caption yet"))
        when = date_words(photo.taken_at)
        self.details.setText(self.tr("Taken {date}").format(date=when) if when
                             else self.tr("Date not known"))

    def _details_loaded(self, details: PhotoDetails) -> None:
        photo = self.selected_photo()
        if photo is None or photo.id != details.id:
            return
        who = [self.names.people[i] for i in details.person_ids if i in self.names.people]
        where = self.names.places.get(details.place_id or "")
        when = date_words(details.taken_at)
        self.details.setText("\n\n".join((
            self.tr("Taken {date}").format(date=when) if when else self.tr("Date not known"),
            self.tr("Who: {names}").format(names=", ".join(who)) if who
            else self.tr("Who: nobody tagged yet"),
            self.tr("Where: {place}").format(place=where) if where
            else self.tr("Where: not recorded"),
        )))

    def _save_caption(self, photo_id: str, caption: str) -> None:
        self.session.run(lambda vault: life_story.set_caption(vault, photo_id, caption),
                         self._details_saved, self._caption_failed)
        selected = self.selected_photo()
        if selected is not None and selected.id == photo_id:
            self.caption.setText(caption or self.tr("No caption yet"))

    def _caption_failed(self, error: BaseException) -> None:
        self._failed(error)
        self.refresh()  # show what the vault holds, not what was typed

    def _details_saved(self, details: PhotoDetails) -> None:
        self.model.set_caption(details.id, details.caption)
        self.status.setText(self.tr("Saved."))
        self._show_details(self.selected_photo())
        self._details_loaded(details)
        self.session.notify("photos")  # the story and the storybook show captions too

    # -- opening and tagging --------------------------------------------------------------------

    def _activated(self, index: QModelIndex) -> None:
        self.open_photo(index.row())

    def open_selected(self) -> None:
        if self.view.currentIndex().isValid():
            self.open_photo(self.view.currentIndex().row())

    def open_photo(self, row: int) -> PhotoViewer:
        viewer = PhotoViewer(self.session, self.model.photos(), row, self)
        viewer.photo_shown.connect(self._follow_viewer)
        self._closes_itself(viewer)
        self.viewer = viewer
        viewer.open()
        self.photo_opened.emit(self.model.photo(row).id)
        return viewer

    def _follow_viewer(self, photo_id: str) -> None:
        row = self.model.row_of(photo_id)
        if row is not None:
            self.view.setCurrentIndex(self.model.index(row))

    def edit_selected(self) -> PhotoTagDialog | None:
        photo = self.selected_photo()
        if photo is None or self.child_id is None:
            return None
        dialog = PhotoTagDialog(self.session, self.child_id, photo.id, self)
        dialog.details_saved.connect(self._details_saved)
        self._closes_itself(dialog)
        self.tag_dialog = dialog
        dialog.open()
        return dialog

    # -- importing ------------------------------------------------------------------------------

    def choose_files(self) -> QFileDialog:
        patterns = " ".join(sorted(f"*{ext}" for ext in SUPPORTED_EXTENSIONS))
        dialog = QFileDialog(self, self.tr("Choose photos to import"))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.setNameFilters([self.tr("Photos ({patterns})").format(patterns=patterns),
                               self.tr("All files (*)")])
        dialog.filesSelected.connect(lambda files: self.import_paths([Path(f) for f in files]))
        return self._open_file_dialog(dialog)

    def choose_folder(self) -> QFileDialog:
        dialog = QFileDialog(self, self.tr("Choose a folder of photos to import"))
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        dialog.fileSelected.connect(lambda folder: self.import_paths([Path(folder)]))
        return self._open_file_dialog(dialog)

    def _open_file_dialog(self, dialog: QFileDialog) -> QFileDialog:
        self._closes_itself(dialog)
        dialog.finished.connect(forget_file_dialog_history)
        self.file_dialog = dialog
        dialog.open()
        return dialog

    def import_paths(self, paths: list[Path]) -> PhotoImportDialog | None:
        """Files and folders (walked for photos); a modal dialog reports each file's outcome."""
        if not paths or self.child_id is None or not self.session.is_unlocked:
            return None
        dialog = PhotoImportDialog(self.session, self.child_id, paths, self)
        dialog.import_finished.connect(self._imported)
        self._closes_itself(dialog)
        self.import_dialog = dialog
        dialog.start()
        return dialog

    def _imported(self, added: int) -> None:
        if added:
            self.session.notify("photos")  # this panel rereads on it, and so do other screens
        elif self.session.is_unlocked:
            self.refresh()

    def _closes_itself(self, dialog: QDialog) -> None:
        """Deleted once closed, and forgotten here first, so `clear()` never reaches a dead one."""

        def forget(_result: int) -> None:
            for name in ("viewer", "tag_dialog", "import_dialog", "file_dialog"):
                if getattr(self, name) is dialog:
                    setattr(self, name, None)
            dialog.deleteLater()

        dialog.finished.connect(forget)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.child_id is not None and _local_paths(event):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = _local_paths(event)
        if self.child_id is not None and paths:
            event.acceptProposedAction()
            self.import_paths(paths)

    # -- look ------------------------------------------------------------------------------------

    def _icon_pixels(self) -> int:
        return round(ICON_SIDE * self.devicePixelRatioF())

    def _set_placeholders(self) -> None:
        self.model.placeholder, self.model.broken = placeholder_pixmaps(self, ICON_SIDE)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view.viewport() and event.type() == QEvent.Type.Resize:
            self._spread_columns()
        return super().eventFilter(watched, event)

    def _spread_columns(self) -> None:
        """Cells share the width evenly, so the grid fills the view instead of leaving a gap."""
        # Qt wraps a row early by about a scroll bar's width (it allows for one appearing).
        slack = (self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
                 + 2 * self.view.frameWidth() + 4)
        width = self.view.viewport().width() - slack
        cell = width // max(1, width // MIN_CELL)
        grid = self.view.gridSize()
        if cell >= MIN_CELL and cell != grid.width():
            self.view.setGridSize(QSize(cell, grid.height()))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._set_placeholders()
            self.view.viewport().update()


def _local_paths(event: QDropEvent | QDragEnterEvent) -> list[Path]:
    mime = event.mimeData()
    if not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]
