"""A page's photos, fetched through the storybook service and decoded in memory off the GUI thread."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from carer_app.services import storybook
from carer_app.services.errors import BlobDamaged, NotFound
from carer_app.ui.storybook_page_view import PageContent

if TYPE_CHECKING:
    from carer_app.domain.life_story_views import StorybookPage
    from carer_app.services.household import Vault

LONGEST_SIDE = 1920  # enough for a full-screen photo; keeps a 12 MP picture's memory small


def decode(data: bytes) -> QImage:
    """QImage is safe off the GUI thread (QPixmap is not); nothing is written anywhere."""
    image = QImage.fromData(data)
    if image.isNull() or max(image.width(), image.height()) <= LONGEST_SIDE:
        return image
    return image.scaled(LONGEST_SIDE, LONGEST_SIDE, Qt.AspectRatioMode.KeepAspectRatio,
                        Qt.TransformationMode.SmoothTransformation)


def page_content(
    vault: Vault, child_id: str, page: StorybookPage, today: date, together: bool
) -> PageContent:
    """Runs in a worker. Every photo goes through the service's own check of what the child may see."""
    images: list[QImage] = []
    for photo_id in page.photo_ids:
        try:
            image = decode(storybook.photo(vault, child_id, photo_id, today, together))
        except (NotFound, BlobDamaged):
            continue  # a missing or damaged photo leaves the page readable
        if not image.isNull():
            images.append(image)
    memory_images: dict[str, QImage] = {}
    for memory in page.memories:
        if memory.photo_id is None:
            continue
        try:
            memory_images[memory.photo_id] = decode(
                storybook.photo(vault, child_id, memory.photo_id, today, together))
        except (NotFound, BlobDamaged):
            continue
    return PageContent(page, tuple(images), memory_images)
