"""Ui test set-up: settings in a temp dir, a shell per test, helpers to unlock and to read widgets."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractListModel,
    QAbstractTableModel,
    QCoreApplication,
    QEvent,
    QModelIndex,
    QSettings,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from carer_app.ui import workers
from carer_app.ui.settings import UiSettings
from carer_app.ui.shell import Shell

HERE = Path(__file__).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # The offscreen platform cannot do these and says so for every window: nothing to fix.
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.qt_log_ignore(
                r"^This plugin does not support (propagateSizeHints|raise)\(\)$", extend=True
            ))

TEST_PASSPHRASE = "violet kettle under seven bridges"
DEMO_PASSPHRASE = "paper lantern over the quiet harbour"
# A short wait schedule, so the growing delay after wrong passphrases is testable quickly.
TEST_DELAYS = (0, 0, 1, 2, 4)
TICK_MS = 20


@pytest.fixture(scope="session", autouse=True)
def _settings_in_temp(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Nothing a test does may reach the real ~/.config."""
    folder = str(tmp_path_factory.mktemp("qsettings"))
    for fmt in (QSettings.Format.IniFormat, QSettings.Format.NativeFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, folder)


@pytest.fixture(autouse=True)
def _no_windows_left(qapp: QApplication) -> Iterator[None]:
    yield
    workers.wait_for_all()
    QCoreApplication.sendPostedEvents()
    for widget in QApplication.topLevelWidgets():
        widget.close()
        widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture()
def ui_settings(tmp_path: Path) -> UiSettings:
    return UiSettings(str(tmp_path / "carer-app.ini"))


@pytest.fixture()
def make_shell(ui_settings: UiSettings) -> Iterator[Callable[[Path], Shell]]:
    """A shell over a vault folder, with short delays; shut down (vault closed) afterwards."""
    made: list[Shell] = []

    def make(folder: Path, tick_ms: int = TICK_MS) -> Shell:
        shell = Shell(folder, ui_settings, remember_folder=False, delays=TEST_DELAYS,
                      tick_ms=tick_ms)
        made.append(shell)
        return shell

    yield make
    for shell in made:
        shell.shutdown()
        shell.deleteLater()


def _wait_idle(qtbot: QtBot, timeout: int = 10_000) -> None:
    qtbot.waitUntil(lambda: workers.running() == 0, timeout=timeout)


@pytest.fixture()
def wait_idle(qtbot: QtBot) -> Callable[[], None]:
    """Until every background job has finished and its result was delivered."""
    return lambda: _wait_idle(qtbot)


@pytest.fixture()
def unlock() -> Callable[[QtBot, Shell, str], None]:
    def run(qtbot: QtBot, shell: Shell, passphrase: str) -> None:
        screen = shell.lock_screen
        assert screen is not None and screen.isVisible()
        screen.passphrase.setText(passphrase)
        qtbot.mouseClick(screen.unlock_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: shell.main_window is not None, timeout=15_000)
        _wait_idle(qtbot)

    return run


@pytest.fixture()
def locked_vault(vault: object, vault_dir: Path) -> Path:
    """The fresh test vault, closed, so the app can open it."""
    vault.close()  # type: ignore[attr-defined]
    return vault_dir


@pytest.fixture()
def unlocked_demo(
    qtbot: QtBot, demo_copy: Path, make_shell: Callable[[Path], Shell],
    unlock: Callable[[QtBot, Shell, str], None],
) -> Shell:
    shell = make_shell(demo_copy)
    shell.start()
    unlock(qtbot, shell, DEMO_PASSPHRASE)
    return shell


def _model_texts(model: QAbstractItemModel, parent: QModelIndex | None = None) -> list[str]:
    parent = parent if parent is not None else QModelIndex()
    found: list[str] = []
    # List and table models hide hasChildren (and lists columnCount): they are flat.
    flat = isinstance(model, QAbstractListModel | QAbstractTableModel)
    columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount(parent)
    for row in range(model.rowCount(parent)):
        for column in range(columns):
            index = model.index(row, column, parent)
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                         Qt.ItemDataRole.AccessibleTextRole):
                value = model.data(index, role)
                if value:
                    found.append(str(value))
            if not flat and model.hasChildren(index):
                found.extend(_model_texts(model, index))
    return found


def widget_texts(widget: QWidget) -> list[str]:
    """Every piece of text a widget holds where a person or a screen reader could find it."""
    texts = [widget.windowTitle(), widget.toolTip(), widget.accessibleName(),
             widget.accessibleDescription(), widget.statusTip(), widget.whatsThis()]
    if isinstance(widget, QLabel | QLineEdit | QAbstractButton):
        texts.append(widget.text())
    if isinstance(widget, QLineEdit):
        texts.append(widget.placeholderText())
    if isinstance(widget, QTextEdit | QPlainTextEdit):
        texts.append(widget.toPlainText())
    if isinstance(widget, QComboBox):
        texts.extend(widget.itemText(i) for i in range(widget.count()))
        texts.append(widget.currentText())
    if isinstance(widget, QGroupBox):
        texts.append(widget.title())
    if isinstance(widget, QAbstractItemView) and widget.model() is not None:
        texts.extend(_model_texts(widget.model()))
    return [t for t in texts if t]


def _personal_text_anywhere(needles: tuple[str, ...]) -> list[str]:
    hits = []
    for widget in QApplication.allWidgets():
        for text in widget_texts(widget):
            if any(needle in text for needle in needles):
                hits.append(f"{type(widget).__name__}: {text[:80]}")
    return hits


def _unnamed_focusable(root: QWidget) -> list[str]:
    missing = []
    for widget in [root, *root.findChildren(QWidget)]:
        if widget.focusPolicy() == Qt.FocusPolicy.NoFocus or not widget.isVisible():
            continue
        if widget.accessibleName().strip():
            continue
        # The inner line edit of a spin box or editable combo box: its owner carries the name.
        proxy = widget.focusProxy()
        if proxy is not None and proxy.accessibleName().strip():
            continue
        owner = widget.parentWidget()
        if owner is not None and owner.focusProxy() is widget and owner.accessibleName().strip():
            continue
        label = widget.text() if isinstance(widget, QAbstractButton | QLabel) else ""
        missing.append(f"{type(widget).__name__} {widget.objectName()!r} {label!r}")
    return missing


@pytest.fixture()
def personal_text_anywhere() -> Callable[[tuple[str, ...]], list[str]]:
    """`Type: text` for each live widget (QApplication.allWidgets) holding any of the needles."""
    return _personal_text_anywhere


@pytest.fixture()
def unnamed_focusable() -> Callable[[QWidget], list[str]]:
    """Visible controls under a root that take keyboard focus but have no accessible name."""
    return _unnamed_focusable
