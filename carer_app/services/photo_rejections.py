"""Why a photo was refused: a code the ui turns into words, and the error that carries it."""

from __future__ import annotations

from enum import StrEnum


class RejectReason(StrEnum):
    UNSUPPORTED_FORMAT = "unsupported_format"
    BROKEN = "broken"
    TRUNCATED = "truncated"
    TOO_LARGE = "too_large"
    EMPTY = "empty"
    NOT_AN_IMAGE = "not_an_image"


class PhotoRejected(Exception):
    """A file that will not be imported; ``reason`` is a code the UI turns into words."""

    def __init__(self, reason: RejectReason, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else str(reason))
        self.reason = reason
        self.detail = detail

    def __reduce__(self) -> tuple[type[PhotoRejected], tuple[RejectReason, str]]:
        # Survives the trip back from a worker process with its reason intact.
        return (PhotoRejected, (self.reason, self.detail))
