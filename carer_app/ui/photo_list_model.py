"""The gallery's list model: photo rows whose thumbnails load lazily, off the GUI thread, when shown."""

from __future__ import annotations

import dataclasses
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QDate,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QImage, QPixmap

from carer_app.domain.views import PhotoView
from carer_app.services import photos
from carer_app.services.errors import NotFound
from carer_app.ui.app_session import AppSession, SessionLocked
from carer_app.ui.picture_decoding import square_thumbnail
from carer_app.ui.workers import run_in_background

if TYPE_CHECKING:
    from carer_app.services.household import Vault

PhotoIdRole = Qt.ItemDataRole.UserRole + 1
CaptionRole = Qt.ItemDataRole.UserRole + 2
TakenAtRole = Qt.ItemDataRole.UserRole + 3

ICON_SIDE = 160  # logical pixels; thumbnails are centred on a square so every item lines up
# Decoded icons kept, least recently shown going first: 32 MiB, about 330 icons of 160 px (100 KB
# each), several screenfuls even on a large monitor; fewer, larger ones on a high-DPI screen.
CACHE_BYTES = 32 * 1024 * 1024
MIN_CACHED = 120


def cache_limit_for(side_pixels: int) -> int:
    return max(MIN_CACHED, CACHE_BYTES // (4 * side_pixels * side_pixels))


CACHE_LIMIT = cache_limit_for(ICON_SIDE)
BATCH = 48  # thumbnails read in one vault query
WANTED_LIMIT = 4 * BATCH  # rows scrolled past long ago are forgotten, not loaded
FLUSH_MS = 10  # gathers the requests of one paint into one batch

T = TypeVar("T")
ImagesLoaded = Callable[[dict[str, QImage]], None]
Index = QModelIndex | QPersistentModelIndex


class ThumbnailLoader(Protocol):
    """Turns photo ids into decoded, square icons; calls `done` on the GUI thread, exactly once."""

    def load(self, photo_ids: list[str], done: ImagesLoaded) -> None: ...


def once(data: T) -> Callable[[], T]:
    """Hands `data` to background work exactly once, so the finished job no longer holds it.

    Thumbnails and decrypted photos must not outlive their use: a job object can stay alive
    after it has run (PySide keeps a QRunnable's wrapper that was not auto-deleted), and with it
    everything its closure captured.
    """
    box = [data]
    return box.pop


def _fetch(vault: Vault, photo_ids: list[str]) -> dict[str, bytes]:
    batch = getattr(photos, "thumbnails", None)  # one query per page, where the service has it
    if callable(batch):
        found: dict[str, bytes] = batch(vault, photo_ids)
        return found
    out: dict[str, bytes] = {}
    for photo_id in photo_ids:
        try:
            out[photo_id] = photos.thumbnail(vault, photo_id)
        except NotFound:
            continue
    return out


class VaultThumbnailLoader:
    """Reads through the session's one vault thread, decodes on the general pool.

    Thread safety: the vault has a single SQLCipher connection. Every read here goes through
    `AppSession.run`, whose queue runs one job at a time (as every screen's vault work does), so
    it never overlaps other vault access; the GUI thread never touches the vault. Decoding, the
    slow part, runs in parallel on the general pool, with Pillow (see `picture_decoding` for why
    not Qt's decoders there); pixmaps are made on the GUI thread.
    """

    def __init__(self, session: AppSession, side: int = ICON_SIDE) -> None:
        self.session = session
        self.side = side

    def load(self, photo_ids: list[str], done: ImagesLoaded) -> None:
        side = self.side

        def decode(found: dict[str, bytes]) -> None:
            take = once(found)
            run_in_background(lambda: {i: square_thumbnail(d, side) for i, d in take().items()},
                              done, lambda _error: done({}))

        try:
            self.session.run(lambda vault: _fetch(vault, photo_ids), decode,
                             lambda _error: done({}))
        except SessionLocked:
            done({})


def date_words(when: object, short: bool = False) -> str:
    """The day a photo was taken in the carer's language; `short` gives month and year only."""
    if when is None or not hasattr(when, "year"):
        return ""
    day = QDate(when.year, when.month, when.day)  # type: ignore[attr-defined]
    if short:
        return QLocale().toString(day, "MMMM yyyy")
    return QLocale().toString(day, QLocale.FormatType.LongFormat)


class PhotoListModel(QAbstractListModel):
    """One row per photo. DecorationRole is a placeholder until the loader delivers the icon."""

    caption_edited = Signal(str, str)  # photo id, the caption as typed (saving is the panel's job)

    def __init__(self, loader: ThumbnailLoader | None = None, parent: QObject | None = None,
                 cache_limit: int = CACHE_LIMIT) -> None:
        super().__init__(parent)
        self.loader = loader
        self.cache_limit = cache_limit
        self.requested_count = 0  # ids asked of the loader: tests and benchmarks count these
        self.pixel_ratio = 1.0  # the loader's icons are this many device pixels per logical one
        self._rows: list[PhotoView] = []
        self._row_of: dict[str, int] = {}
        self._cache: OrderedDict[str, QPixmap] = OrderedDict()
        self._wanted: OrderedDict[str, None] = OrderedDict()
        self._in_flight: set[str] = set()
        self._failed: set[str] = set()
        self._generation = 0
        self.placeholder = QPixmap()
        self.broken = QPixmap()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(FLUSH_MS)
        self._timer.timeout.connect(self._flush)

    # -- rows ------------------------------------------------------------------------------------

    def set_photos(self, rows: Sequence[PhotoView]) -> None:
        """New rows; icons already loaded for photos still listed are kept.

        The same photos in the same order (a caption changed elsewhere) update in place, so the
        view keeps its scroll position and selection.
        """
        if [view.id for view in rows] == [view.id for view in self._rows]:
            old, self._rows = self._rows, list(rows)
            changed = [row for row, view in enumerate(self._rows) if view != old[row]]
            for first, last in _runs(changed):
                self.dataChanged.emit(self.index(first), self.index(last))
            return
        self.beginResetModel()
        self._rows = list(rows)
        self._row_of = {view.id: row for row, view in enumerate(self._rows)}
        for gone in [i for i in self._cache if i not in self._row_of]:
            del self._cache[gone]
        self._wanted.clear()
        self.endResetModel()

    def clear(self) -> None:
        """On lock: every caption, date and picture goes; work still running is ignored."""
        self._generation += 1
        self._timer.stop()
        self.beginResetModel()
        self._rows, self._row_of = [], {}
        self._cache.clear()
        self._wanted.clear()
        self._in_flight.clear()
        self._failed.clear()
        self.endResetModel()

    def photo(self, row: int) -> PhotoView:
        return self._rows[row]

    def photos(self) -> list[PhotoView]:
        return list(self._rows)

    def row_of(self, photo_id: str) -> int | None:
        return self._row_of.get(photo_id)

    def set_caption(self, photo_id: str, caption: str) -> None:
        row = self._row_of.get(photo_id)
        if row is not None:
            self._rows[row] = dataclasses.replace(self._rows[row], caption=caption)
            index = self.index(row)
            self.dataChanged.emit(index, index)

    @property
    def loading(self) -> bool:
        """Thumbnails asked for and not yet delivered."""
        return bool(self._wanted or self._in_flight)

    def has_thumbnail(self, photo_id: str) -> bool:
        return photo_id in self._cache

    @property
    def cached_count(self) -> int:
        return len(self._cache)

    # -- Qt's model interface --------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled
                | Qt.ItemFlag.ItemIsEditable | Qt.ItemFlag.ItemNeverHasChildren)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        view = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return view.caption or date_words(view.taken_at, short=True)
        if role in (Qt.ItemDataRole.EditRole, CaptionRole):
            return view.caption
        if role == Qt.ItemDataRole.DecorationRole:
            return self._icon(view.id)
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._described(view)
        if role == PhotoIdRole:
            return view.id
        if role == TakenAtRole:
            return view.taken_at
        return None

    def _described(self, view: PhotoView) -> str:
        text = self._caption_and_date(view)
        if view.id in self._failed:
            text += "\n" + self.tr("Its small picture could not be shown. Open the photo to see "
                                   "whether the photo itself is damaged.")
        return text

    def _caption_and_date(self, view: PhotoView) -> str:
        when = date_words(view.taken_at)
        if view.caption and when:
            return self.tr("{caption}, taken {date}").format(caption=view.caption, date=when)
        if when:
            return self.tr("Photo taken {date}").format(date=when)
        return view.caption or self.tr("Photo, date not known")

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or not isinstance(value, str):
            return False
        view = self._rows[index.row()]
        caption = value.strip()
        if caption != view.caption:
            self.set_caption(view.id, caption)
            self.caption_edited.emit(view.id, caption)
        return True

    def roleNames(self) -> dict[int, QByteArray]:
        names = dict(super().roleNames())
        names[PhotoIdRole] = QByteArray(b"photoId")
        names[CaptionRole] = QByteArray(b"caption")
        names[TakenAtRole] = QByteArray(b"takenAt")
        return names

    # -- lazy thumbnails -------------------------------------------------------------------------

    def _icon(self, photo_id: str) -> QPixmap:
        found = self._cache.get(photo_id)
        if found is not None:
            self._cache.move_to_end(photo_id)
            return found
        if photo_id in self._failed:
            return self.broken
        if self.loader is not None and photo_id not in self._in_flight:
            self._wanted[photo_id] = None
            self._wanted.move_to_end(photo_id)  # what is on screen now goes first
            while len(self._wanted) > WANTED_LIMIT:
                self._wanted.popitem(last=False)
            if not self._in_flight and not self._timer.isActive():
                self._timer.start()
        return self.placeholder

    def _flush(self) -> None:
        if self.loader is None or not self._wanted or self._in_flight:
            return
        batch: list[str] = []
        while self._wanted and len(batch) < BATCH:
            batch.append(self._wanted.popitem(last=True)[0])
        self._in_flight.update(batch)
        self.requested_count += len(batch)
        generation = self._generation
        self.loader.load(batch, lambda images: self._loaded(generation, batch, images))

    def _loaded(self, generation: int, batch: list[str], images: dict[str, QImage]) -> None:
        if generation != self._generation:
            return  # cleared (locked) meanwhile: these pictures belong to a closed vault
        self._in_flight.difference_update(batch)
        rows = []
        for photo_id in batch:
            row = self._row_of.get(photo_id)
            image = images.get(photo_id)
            if image is None or image.isNull():
                self._failed.add(photo_id)
            elif row is not None:
                pixmap = QPixmap.fromImage(image)
                pixmap.setDevicePixelRatio(self.pixel_ratio)
                self._cache[photo_id] = pixmap
                self._cache.move_to_end(photo_id)
            if row is not None:
                rows.append(row)
        while len(self._cache) > self.cache_limit:
            self._cache.popitem(last=False)
        for first, last in _runs(sorted(rows)):
            self.dataChanged.emit(self.index(first), self.index(last),
                                  [Qt.ItemDataRole.DecorationRole])
        if self._wanted:
            self._timer.start()


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    """Consecutive rows as (first, last) ranges, so a screenful is one dataChanged, not 48."""
    runs: list[tuple[int, int]] = []
    for row in rows:
        if runs and runs[-1][1] == row - 1:
            runs[-1] = (runs[-1][0], row)
        else:
            runs.append((row, row))
    return runs
