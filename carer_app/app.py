"""Starts the desktop app: the lock screen first; everything heavy loads after it is painted."""

from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from carer_app.services.vault_folder import default_data_dir, vault_exists
from carer_app.ui import language, workers
from carer_app.ui import settings as declared
from carer_app.ui.settings import UiSettings
from carer_app.ui.shell import Shell, after_first_paint


def parse_args(argv: Sequence[str]) -> tuple[argparse.Namespace, list[str]]:
    parser = argparse.ArgumentParser(
        prog="carer-app-gui", description="Carer App: an encrypted record for foster, kinship "
        "and adoptive families.")
    parser.add_argument("--data-dir", metavar="DIR", help="the folder holding the vault")
    parser.add_argument("--demo", action="store_true",
                        help="try the app on a throwaway copy of an invented household")
    parser.add_argument("--lang", metavar="CODE",
                        help="language, e.g. en; 'pseudo' stretches every string")
    parser.add_argument("--benchmark-startup", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--benchmark-unlock", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_known_args(list(argv))


def _report(**figures: float) -> None:
    import json

    print(json.dumps(figures), flush=True)


def _benchmark_unlock(shell: Shell) -> None:
    """Type the passphrase from CARER_APP_PASSPHRASE, unlock, and time until the window is usable."""
    screen = shell.lock_screen
    assert screen is not None
    screen.passphrase.setText(os.environ.get("CARER_APP_PASSPHRASE", ""))
    clicked = time.perf_counter()

    def opened(_vault: object) -> None:
        built_at = time.perf_counter()  # the shell's slot ran first: the window is built
        window = shell.main_window
        assert window is not None

        def painted() -> None:
            painted_at = time.perf_counter()

            def settled() -> None:
                if workers.running():
                    QTimer.singleShot(1, settled)
                    return
                _report(unlock_to_window_built_ms=(built_at - clicked) * 1000,
                        unlock_to_paint_ms=(painted_at - clicked) * 1000,
                        unlock_to_settled_ms=(time.perf_counter() - clicked) * 1000)
                QApplication.quit()

            settled()

        after_first_paint(window, painted)

    screen.unlocked.connect(opened)
    screen.unlock()


def _make_demo_root() -> Path:
    import tempfile

    return Path(tempfile.mkdtemp(prefix="carer-app-demo-"))


def _choose_folder(args: argparse.Namespace, settings: UiSettings) -> Path:
    if args.data_dir:
        return Path(args.data_dir).expanduser()
    last = settings.get(declared.LAST_VAULT_FOLDER)
    if last and vault_exists(Path(last)):
        return Path(last)
    return default_data_dir()


def main(argv: Sequence[str] | None = None) -> int:
    started = time.perf_counter()
    args, qt_args = parse_args(sys.argv[1:] if argv is None else argv)
    app = QApplication([sys.argv[0], *qt_args])
    app.setOrganizationName(declared.ORGANISATION)
    app.setApplicationName(declared.APPLICATION)
    app.setDesktopFileName("carer-app")
    settings = UiSettings()
    translators = language.install(args.lang if args.lang is not None
                                   else settings.get(declared.LANGUAGE))
    demo_root = _make_demo_root() if args.demo else None
    folder = demo_root / "vault" if demo_root else _choose_folder(args, settings)
    benchmarking = args.benchmark_startup or args.benchmark_unlock
    shell = Shell(folder, settings, remember_folder=not (args.demo or benchmarking))
    app.aboutToQuit.connect(shell.shutdown)

    if demo_root is not None:
        def build_demo_vault() -> str:
            from carer_app.services.demo import DEMO_PASSPHRASE, build_demo

            build_demo(folder).close()
            return DEMO_PASSPHRASE

        window: QWidget = shell.start_demo(build_demo_vault)
    else:
        window = shell.start()

    if args.benchmark_startup:
        def painted() -> None:
            _report(painted_at=time.time(), in_process_ms=(time.perf_counter() - started) * 1000)
            QApplication.quit()

        after_first_paint(window, painted)
    else:
        after_first_paint(window, shell.prefetch)
    if args.benchmark_unlock:
        # As a person would: the passphrase is typed while the app finishes loading.
        shell.prefetched.connect(lambda shell=shell: _benchmark_unlock(shell))

    # Ctrl+C in a terminal, or a polite kill, ends the app cleanly: vault closed, demo deleted.
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: QApplication.quit())
    wake = QTimer()
    wake.start(500)
    wake.timeout.connect(lambda: None)
    try:
        return app.exec()
    finally:
        # Widgets go before the application object; left to Python's exit they can crash it.
        for widget in QApplication.topLevelWidgets():
            widget.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        del translators, window, shell
        app.shutdown()
        if demo_root is not None:
            import shutil

            shutil.rmtree(demo_root, ignore_errors=True)
