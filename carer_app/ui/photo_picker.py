"""Pick some of the child's photos by ticking thumbnails; thumbnails load lazily in the background."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QListView, QWidget

from carer_app.domain.views import PhotoView
from carer_app.services import photos
from carer_app.ui.app_session import AppSession
from carer_app.ui.life_story_words import long_date
from carer_app.ui.owned_work import run_for

if TYPE_CHECKING:
    from carer_app.services.household import Vault

ID_ROLE = Qt.ItemDataRole.UserRole + 1
BATCH = 48
ICON = 96  # pixels, the longer side of a thumbnail here
_Index = QModelIndex | QPersistentModelIndex


def _t(text: str) -> str:
    return QCoreApplication.translate("PhotoPicker", text)


def decoded_thumbnails(vault: Vault, photo_ids: Sequence[str]) -> dict[str, QImage]:
    """Worker side: read, decode and scale thumbnails (QImage is safe off the GUI thread)."""
    return {
        pid: QImage.fromData(data).scaled(ICON, ICON, Qt.AspectRatioMode.KeepAspectRatio,
                                          Qt.TransformationMode.SmoothTransformation)
        for pid, data in photos.thumbnails(vault, photo_ids).items()
    }


class PhotoPickerModel(QAbstractListModel):
    """Photos with a tick each; asks `loader` for the thumbnails of rows the view shows."""

    def __init__(self, parent: Any = None, checkable: bool = True) -> None:
        super().__init__(parent)
        self.checkable = checkable
        self._photos: list[PhotoView] = []
        self._checked: set[str] = set()
        self._thumbs: dict[str, QPixmap] = {}
        self._pending: set[str] = set()
        self._asked: set[str] = set()
        self.loader: Callable[[list[str]], None] | None = None
        self._blank: QPixmap | None = None

    def set_photos(self, found: list[PhotoView], checked: Sequence[str]) -> None:
        """The photos, those already chosen first (in their order), so the adult sees them."""
        self.beginResetModel()
        by_id = {p.id: p for p in found}
        first = [by_id[p] for p in dict.fromkeys(checked) if p in by_id]
        self._photos = first + [p for p in found if p.id not in set(checked)]
        self._checked = set(checked)
        self._thumbs.clear()
        self._pending.clear()
        self._asked.clear()
        self.endResetModel()

    def clear(self) -> None:
        self.set_photos([], ())

    def checked_ids(self) -> list[str]:
        return [p.id for p in self._photos if p.id in self._checked]

    def set_checked(self, photo_id: str, checked: bool) -> None:
        for row, photo in enumerate(self._photos):
            if photo.id == photo_id:
                self.setData(self.index(row), Qt.CheckState.Checked if checked
                             else Qt.CheckState.Unchecked, Qt.ItemDataRole.CheckStateRole)

    def set_thumbnails(self, images: dict[str, QImage]) -> None:
        for photo_id, image in images.items():
            self._thumbs[photo_id] = QPixmap.fromImage(image)
        rows = [r for r, p in enumerate(self._photos) if p.id in images]
        if rows:
            self.dataChanged.emit(self.index(min(rows)), self.index(max(rows)),
                                  [Qt.ItemDataRole.DecorationRole])

    def _want(self, photo_id: str) -> None:
        if self.loader is None or photo_id in self._asked:
            return
        if not self._pending:
            QTimer.singleShot(0, self, self._flush)
        self._pending.add(photo_id)

    def _flush(self) -> None:
        batch = [p for p in self._pending if p not in self._asked][:BATCH]
        self._pending.difference_update(batch)
        self._asked.update(batch)
        if batch and self.loader is not None:
            self.loader(batch)
        if self._pending:
            QTimer.singleShot(0, self, self._flush)

    # -- QAbstractListModel --------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._photos)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return flags | Qt.ItemFlag.ItemIsUserCheckable if self.checkable else flags

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._photos):
            return None
        photo = self._photos[index.row()]
        match role:
            case Qt.ItemDataRole.DisplayRole | Qt.ItemDataRole.ToolTipRole:
                return self._label(photo)
            case Qt.ItemDataRole.AccessibleTextRole if not self.checkable:
                return self._label(photo)
            case Qt.ItemDataRole.AccessibleTextRole:
                chosen = _t("chosen") if photo.id in self._checked else _t("not chosen")
                return f"{self._label(photo)}, {chosen}"
            case Qt.ItemDataRole.DecorationRole:
                found = self._thumbs.get(photo.id)
                if found is None:
                    self._want(photo.id)
                    return self._placeholder()
                return found
            case Qt.ItemDataRole.CheckStateRole if self.checkable:
                return Qt.CheckState.Checked if photo.id in self._checked else Qt.CheckState.Unchecked
            case _ if role == ID_ROLE:
                return photo.id
        return None

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.CheckStateRole or not self.checkable:
            return False
        photo_id = self._photos[index.row()].id
        state = value if isinstance(value, Qt.CheckState) else Qt.CheckState(value)
        if state == Qt.CheckState.Checked:
            self._checked.add(photo_id)
        else:
            self._checked.discard(photo_id)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        return True

    def _placeholder(self) -> QPixmap:
        """Until the thumbnail comes: an empty square, so the grid does not jump."""
        if self._blank is None:
            self._blank = QPixmap(ICON, ICON)
            self._blank.fill(Qt.GlobalColor.transparent)
        return self._blank

    @staticmethod
    def _label(photo: PhotoView) -> str:
        if photo.caption:
            return photo.caption
        if photo.taken_at is not None:
            return _t("Taken {date}").format(date=long_date(photo.taken_at.date()))
        return _t("Photo without a caption")


class PhotoPicker(QListView):
    """Thumbnails with ticks; `load(child_id, chosen)` fills it with the child's and household photos."""

    loaded = Signal()

    def __init__(self, session: AppSession, accessible_name: str, parent: QWidget | None = None,
                 *, checkable: bool = True) -> None:
        super().__init__(parent)
        self.session = session
        self.photo_model = PhotoPickerModel(self, checkable=checkable)
        self.photo_model.loader = self._load_thumbnails
        self.setModel(self.photo_model)
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setIconSize(QSize(ICON, ICON))
        self.setGridSize(QSize(ICON + 36, ICON + 58))
        self.setSpacing(4)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Static)
        self.setWordWrap(True)
        self.setUniformItemSizes(True)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setAccessibleName(accessible_name)
        self.setMinimumHeight(160)
        self.is_loaded = False

    def load(self, child_id: str, chosen: Sequence[str], only: Sequence[str] | None = None) -> None:
        """The child's and household photos, `chosen` ticked; with `only`, just those, in order."""

        def work(vault: Vault) -> list[PhotoView]:
            found = photos.list_photos(vault, child_id) + photos.list_photos(vault, None)
            if only is None:
                return found
            by_id = {p.id: p for p in found}
            return [by_id[p] for p in only if p in by_id]

        def done(found: list[PhotoView]) -> None:
            self.photo_model.set_photos(found, chosen)
            self.is_loaded = True
            self.loaded.emit()

        if self.session.is_unlocked:
            run_for(self, self.session, work, done, lambda _error: None)

    def _load_thumbnails(self, photo_ids: list[str]) -> None:
        if self.session.is_unlocked:
            run_for(self, self.session, lambda vault: decoded_thumbnails(vault, photo_ids),
                             self.photo_model.set_thumbnails, lambda _error: None)

    def chosen_ids(self, keep_order: Sequence[str] = ()) -> list[str]:
        """Ticked photos: those already in `keep_order` first, in that order, then the rest."""
        if not self.is_loaded:
            return list(keep_order)  # not shown yet: nothing was changed by the adult
        ticked = self.photo_model.checked_ids()
        kept = [p for p in keep_order if p in ticked]
        return kept + [p for p in ticked if p not in kept]

    def clear(self) -> None:
        self.is_loaded = False
        self.photo_model.clear()
