"""Run slow work off the GUI thread and hand its result back on the GUI thread (like Anki's ops)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

T = TypeVar("T")

_pools: dict[str, QThreadPool] = {}
_live: set[BackgroundOp[Any]] = set()
_live_guard = threading.Lock()


def pool(name: str = "general") -> QThreadPool:
    """"general" runs side by side; "vault" runs one at a time (the vault has one connection)."""
    found = _pools.get(name)
    if found is None:
        found = _pools[name] = QThreadPool()
        found.setMaxThreadCount(1 if name == VAULT else 4)
    return found


VAULT = "vault"


class _Relay(QObject):
    """Created on the GUI thread. Signals emitted on a worker thread reach its slots queued, on
    the GUI thread (Qt's automatic connection; naming the type would load the costly `Qt`
    namespace before the lock screen paints)."""

    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(self, op: BackgroundOp[Any]) -> None:
        super().__init__()
        self._op = op
        self.succeeded.connect(self._on_succeeded)
        self.failed.connect(self._on_failed)

    @Slot(object)
    def _on_succeeded(self, result: object) -> None:
        self._op._deliver(result, None)

    @Slot(object)
    def _on_failed(self, error: object) -> None:
        assert isinstance(error, BaseException)
        self._op._deliver(None, error)


class _Job(QRunnable):
    def __init__(self, work: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the BackgroundOp owns it until the result is delivered
        self._work = work
        self._relay = relay

    def run(self) -> None:
        relay, work = self._relay, self._work
        # PySide keeps a non-auto-deleted QRunnable alive: let go of the work and whatever it
        # captured (image bytes, personal text) as soon as it has run.
        self._work = _done
        try:
            result = work()
        except BaseException as exc:  # delivered to on_error on the GUI thread
            relay.failed.emit(exc)
        else:
            relay.succeeded.emit(result)


def _done() -> None:
    return None


class BackgroundOp(Generic[T]):
    """One piece of work in flight. `cancel()` drops the callbacks; the work itself finishes."""

    def __init__(
        self,
        work: Callable[[], T],
        on_done: Callable[[T], None] | None,
        on_error: Callable[[BaseException], None] | None,
        on_settled: Callable[[], None] | None = None,
        queue: str = "general",
    ) -> None:
        self._queue = queue
        self._on_done = on_done
        self._on_error = on_error
        self._on_settled = on_settled
        self._cancelled = False
        self.finished = False
        self._relay = _Relay(self)
        self._job = _Job(work, self._relay)

    def start(self) -> BackgroundOp[T]:
        with _live_guard:
            _live.add(self)
        pool(self._queue).start(self._job)
        return self

    def cancel(self) -> None:
        self._cancelled = True

    def _deliver(self, result: Any, error: BaseException | None) -> None:
        self.finished = True
        with _live_guard:
            _live.discard(self)
        try:
            if self._on_settled is not None:
                self._on_settled()
            if self._cancelled:
                return
            if error is None:
                if self._on_done is not None:
                    self._on_done(result)
            elif self._on_error is not None:
                self._on_error(error)
            else:
                raise error
        finally:
            self._relay.deleteLater()


def run_in_background(
    work: Callable[[], T],
    on_done: Callable[[T], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
    on_settled: Callable[[], None] | None = None,
    queue: str = "general",
) -> BackgroundOp[T]:
    """Call `work()` on a worker thread; then `on_done(result)` or `on_error(exc)` on this one.

    `work` must not touch widgets. `on_settled` runs first, on the GUI thread, even after cancel.
    Work on the `VAULT` queue runs one piece at a time, in the order it was asked for.
    """
    return BackgroundOp(work, on_done, on_error, on_settled, queue).start()


def running() -> int:
    with _live_guard:
        return len(_live)


def wait_for_all(timeout_ms: int = 30_000) -> bool:
    """Block until every worker thread is idle (at exit, and in tests). Results stay queued."""
    deadline = timeout_ms
    return all(p.waitForDone(deadline) for p in list(_pools.values()))
