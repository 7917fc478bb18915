"""The open vault, held in one place: who may use it, and what locking it means."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, Signal

from carer_app.ui.workers import VAULT, BackgroundOp, run_in_background

if TYPE_CHECKING:  # the real import loads SQLAlchemy, which start-up must not wait for
    from carer_app.services.household import Vault

T = TypeVar("T")


class SessionLocked(RuntimeError):
    """Something asked for the vault after it was locked."""


class AppSession(QObject):
    """Holds the open vault. Screens ask it for work to run; they never keep the vault."""

    unlocked = Signal()
    locked = Signal()
    changed = Signal(str)  # what changed: "children", "adults", "crisis", ...

    def __init__(self, folder: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.folder = folder
        self._vault: Vault | None = None
        self._closing: Vault | None = None
        self._ops: set[BackgroundOp[Any]] = set()
        self._closed = threading.Event()
        self._closed.set()

    @property
    def is_unlocked(self) -> bool:
        return self._vault is not None

    @property
    def vault(self) -> Vault:
        if self._vault is None:
            raise SessionLocked()
        return self._vault

    @property
    def user_id(self) -> str | None:
        return self._vault.user_id if self._vault is not None else None

    def open(self, vault: Vault) -> None:
        if self._vault is not None:
            raise RuntimeError("a vault is already open")
        self._vault = vault
        self._closed.clear()
        self.unlocked.emit()

    def lock(self) -> None:
        """Views clear first (on `locked`); the vault closes now, or when running work ends."""
        if self._vault is None:
            return
        vault, self._vault = self._vault, None
        self._closing = vault
        for op in self._ops:
            op.cancel()  # their results belong to the vault just locked
        self.locked.emit()
        if not self._ops:
            self._close_now()

    def wait_until_closed(self, timeout: float = 30.0) -> bool:
        """For a worker about to open the vault again: the old handle must have let go first."""
        return self._closed.wait(timeout)

    def notify(self, what: str) -> None:
        self.changed.emit(what)

    def run(
        self,
        work: Callable[[Vault], T],
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> BackgroundOp[T]:
        """Run `work(vault)` off the GUI thread; results of work begun before a lock are dropped."""
        vault = self.vault
        ops = self._ops

        def settled() -> None:
            ops.discard(op)
            if not ops and self._closing is not None:
                self._close_now()

        op = run_in_background(
            lambda: work(vault), on_done, on_error, on_settled=settled, queue=VAULT
        )
        ops.add(op)
        return op

    def _close_now(self) -> None:
        vault, self._closing = self._closing, None
        if vault is not None:
            vault.close()
        self._closed.set()

    def force_close(self) -> None:
        """At exit only: close even if a worker's result was never delivered."""
        self._ops.clear()
        self._close_now()
