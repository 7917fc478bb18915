"""Which window is up: the first-run wizard, the lock screen or the main window, and locking."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QWidget

from carer_app.services.vault_folder import vault_exists
from carer_app.ui import settings as declared
from carer_app.ui import workers
from carer_app.ui.app_session import AppSession
from carer_app.ui.crisis_access import CrisisLauncher
from carer_app.ui.idle_lock import IdleLock
from carer_app.ui.lock_screen import DEFAULT_DELAYS, LockScreen
from carer_app.ui.messages import describe
from carer_app.ui.secret_clipboard import clear_all_secrets, forget_file_dialog_history
from carer_app.ui.settings import UiSettings

if TYPE_CHECKING:  # imported when first needed, after the lock screen is painted
    from carer_app.ui.first_run_wizard import FirstRunWizard
    from carer_app.ui.main_window import MainWindow


# Loaded in the background once the lock screen is up, so unlocking does not wait for them.
PREFETCH_SERVICES = ("carer_app.services.household", "carer_app.services.children")
PREFETCH_UI = ("carer_app.ui.main_window",)


def _import_services() -> None:
    for name in PREFETCH_SERVICES:
        importlib.import_module(name)


class _FirstPaint(QObject):
    """Calls `then()` once, just after `widget` has painted for the first time."""

    def __init__(self, widget: QWidget, then: Callable[[], object]) -> None:
        super().__init__(widget)
        self._then: Callable[[], object] | None = then
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt's name
        if event.type() == QEvent.Type.Paint and self._then is not None:
            then, self._then = self._then, None
            watched.removeEventFilter(self)
            QTimer.singleShot(0, then)  # once this paint has finished
        return False


def after_first_paint(widget: QWidget, then: Callable[[], object]) -> None:
    _FirstPaint(widget, then)


class Shell(QObject):
    prefetched = Signal()

    def __init__(
        self, folder: Path, settings: UiSettings, *, remember_folder: bool = True,
        delays: Sequence[int] = DEFAULT_DELAYS, tick_ms: int = 1000,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.folder = folder
        self.settings = settings
        self._remember_folder = remember_folder
        self._delays, self._tick_ms = delays, tick_ms
        self.session = AppSession(folder, self)
        self.session.locked.connect(self._locked)
        self.launcher = CrisisLauncher(folder, self)
        self.idle = IdleLock(settings.auto_lock_minutes, self)
        self.idle.timed_out.connect(self.lock)
        self.idle.lock_requested.connect(self.lock)
        settings.changed.connect(self._setting_changed)
        self.lock_screen: LockScreen | None = None
        self.wizard: FirstRunWizard | None = None
        self.main_window: MainWindow | None = None
        self._quitting = False

    def prefetch(self) -> None:
        """After the first paint: load SQLAlchemy and the storage layer off the GUI thread, then
        the main window and its screens on it, one module per turn of the event loop."""

        def ui_modules(_none: object) -> None:
            from carer_app.ui.screen_registry import screen_modules

            first = self.settings.get(declared.LAST_SCREEN)
            queue = [*PREFETCH_UI, *screen_modules(first)]

            def next_module() -> None:
                if not queue:
                    self.prefetched.emit()
                    return
                importlib.import_module(queue.pop(0))  # widget classes: on the GUI thread
                QTimer.singleShot(0, next_module)

            next_module()

        workers.run_in_background(_import_services, ui_modules, lambda _error: None)

    def start(self) -> QWidget:
        window = self.show_lock_screen() if vault_exists(self.folder) else self.show_wizard()
        # F12 is caught by a filter on the whole application. PySide wraps every object and
        # event such a filter sees, which costs start-up time: so it goes in once the first
        # window has painted (the button works before that).
        after_first_paint(window, self.launcher.install)
        return window

    # -- the three windows ---------------------------------------------------------------------

    def show_lock_screen(self) -> LockScreen:
        if self.lock_screen is None:
            self.lock_screen = LockScreen(
                self.folder, self.launcher, before_open=self.session.wait_until_closed,
                delays=self._delays, tick_ms=self._tick_ms,
            )
            self.lock_screen.unlocked.connect(self._unlocked)
        self.lock_screen.show()
        self.lock_screen.raise_()
        self.lock_screen.activateWindow()
        self.lock_screen.passphrase.setFocus()
        return self.lock_screen

    def show_wizard(self) -> FirstRunWizard:
        from carer_app.ui.first_run_wizard import FirstRunWizard

        self.wizard = FirstRunWizard(self.folder, self.launcher)
        self.wizard.completed.connect(self._wizard_completed)
        self.wizard.abandoned.connect(self._wizard_abandoned)
        self.wizard.show()
        return self.wizard

    def start_demo(self, build: Callable[[], str]) -> LockScreen:
        """Build the throwaway demo vault in the background; then show its passphrase."""
        screen = self.show_lock_screen()
        after_first_paint(screen, self.launcher.install)
        screen.set_preparing(screen.tr("Preparing the demo household… this takes a few seconds."))

        def built(passphrase: str) -> None:
            screen.set_ready()
            screen.set_demo_passphrase(passphrase)

        def failed(error: BaseException) -> None:
            screen.set_ready()
            screen.show_message(describe(error).text)

        workers.run_in_background(build, built, failed)
        return screen

    def _wizard_completed(self, vault: object) -> None:
        self._drop_wizard()
        self._unlocked(vault)

    def _wizard_abandoned(self, vault: object) -> None:
        self._drop_wizard()
        if vault is None:
            return  # nothing was made; with no window left the app ends
        vault.close()  # type: ignore[attr-defined]
        screen = self.show_lock_screen()
        screen.show_message(screen.tr(
            "Your vault was made. Unlock it with your passphrase. If you did not keep the "
            "recovery key, a forgotten passphrase cannot be reset."
        ))

    def _drop_wizard(self) -> None:
        if self.wizard is not None:
            self.wizard.hide()
            self.wizard.deleteLater()
            self.wizard = None

    def _unlocked(self, vault: object) -> None:
        from carer_app.ui.main_window import MainWindow
        from carer_app.ui.screen_registry import ScreenContext

        self.session.open(vault)  # type: ignore[arg-type]
        window = MainWindow(ScreenContext(self.session, self.settings, self.launcher))
        window.lock_requested.connect(self.lock)
        window.close_requested.connect(self.quit)
        self.main_window = window
        self.launcher.log_call_handler = self.log_call
        window.show()
        window.raise_()
        window.activateWindow()
        if self.lock_screen is not None:
            self.lock_screen.hide()
        self.idle.start()
        if self._remember_folder:
            self.settings.set(declared.LAST_VAULT_FOLDER, str(self.folder))

    # -- locking -------------------------------------------------------------------------------

    def lock(self) -> None:
        self.session.lock()

    def _locked(self) -> None:
        """Clear every view, drop the window, show the lock screen. The session closes the vault."""
        self.idle.stop()
        self.launcher.log_call_handler = None
        clear_all_secrets()
        forget_file_dialog_history()
        if not self._quitting:
            screen = self.show_lock_screen()  # first, so a window is always open
            screen.clear()
        window, self.main_window = self.main_window, None
        if window is not None:
            window.clear()
            window.hide()
            window.deleteLater()

    def log_call(self, contact_key: str) -> None:
        if self.main_window is not None:
            self.main_window.log_call(contact_key)
        elif self.lock_screen is not None:
            self.lock_screen.show_message(self.lock_screen.tr(
                "Carer App locked itself during the call. Unlock to write the call down."
            ))

    def _setting_changed(self, key: str) -> None:
        if key == declared.AUTO_LOCK_MINUTES.key:
            self.idle.set_minutes(self.settings.auto_lock_minutes)

    # -- ending --------------------------------------------------------------------------------

    def quit(self) -> None:
        self._quitting = True
        self.lock()
        QApplication.quit()

    def shutdown(self) -> None:
        """At exit: lock, let running work finish, close the vault, leave nothing on screen."""
        self._quitting = True
        self.session.lock()
        workers.wait_for_all()
        QCoreApplication.sendPostedEvents()  # deliver finished work, so the vault closes
        self.session.force_close()
        self.idle.uninstall()
        self.launcher.close()
        self.launcher.uninstall()
        clear_all_secrets()
        forget_file_dialog_history()
        for widget in (self.lock_screen, self.wizard):
            if widget is not None:
                widget.close()
