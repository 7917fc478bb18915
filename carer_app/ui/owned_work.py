"""Vault work whose results go to a widget only while that widget still exists."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import shiboken6
from PySide6.QtCore import QObject

from carer_app.ui.app_session import AppSession

if TYPE_CHECKING:
    from carer_app.services.household import Vault

T = TypeVar("T")


def _guarded(owner: QObject, callback: Callable[[Any], None] | None) -> Callable[[Any], None]:
    def call(value: Any) -> None:
        # A dialog closed (and deleted) while its work ran: the result has nowhere to go.
        if callback is not None and shiboken6.isValid(owner):
            callback(value)

    return call


def run_for(
    owner: QObject, session: AppSession, work: Callable[[Vault], T],
    on_done: Callable[[T], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
) -> None:
    """`session.run`, with both callbacks dropped once `owner` is gone."""
    session.run(work, _guarded(owner, on_done), _guarded(owner, on_error))
