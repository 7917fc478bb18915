"""Vault work from the programme and observation screens, one job at a time."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

from carer_app.ui.app_session import AppSession
from carer_app.ui.workers import BackgroundOp

T = TypeVar("T")

# The vault has a single SQLCipher connection (StaticPool) and `AppSession.run` uses a pool of
# worker threads, so two jobs at once interleave on that connection ("another row available",
# "no transaction is active"). Until the vault serialises its own sessions, these screens take
# this lock around every job they start.
VAULT_LOCK = threading.RLock()


def run_serial(session: AppSession, work: Callable[[Any], T],
               on_done: Callable[[T], None] | None = None,
               on_error: Callable[[BaseException], None] | None = None) -> BackgroundOp[T]:
    """`session.run(work, ...)`, with `work` holding the shared lock while it runs."""

    def serial(vault: Any) -> T:
        with VAULT_LOCK:
            return work(vault)

    return session.run(serial, on_done, on_error)
