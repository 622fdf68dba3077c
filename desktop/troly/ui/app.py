"""Starting the desktop app: QApplication, translations, the main window.

Start-up is kept light: Qt and the core's small modules only. llama.cpp is imported by the
model loader's thread after the window is on screen.

TROLY_DEMO_QUESTION (undocumented for users, for screenshots and demos): when set, that question
is sent once, as soon as the model is ready.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Qt is imported when the app starts, not with this module
    from PySide6.QtCore import QCoreApplication, QTranslator

log = logging.getLogger(__name__)

_IMPORTED_AT = time.time()


def seconds_since_process_start() -> float:
    """Wall time since this process was created (falls back to since this module's import)."""
    try:
        import psutil

        started = psutil.Process().create_time()
    except Exception:  # psutil missing or /proc unreadable: a slight underestimate will do
        started = _IMPORTED_AT
    return time.time() - started


def install_translators(
    app: QCoreApplication,
    language: str,
    qm_file: Path | None = None,
    qt_qm_file: Path | None = None,
) -> list[QTranslator]:
    """Install TroLy's Vietnamese translation and Qt's own unless the language is English, and
    make Vietnamese the default locale (numbers as "32.768", dates as "02/12/2025").

    Qt ships no qtbase_vi (neither PySide6's wheel nor Debian's qt6-translations-l10n): when
    the Qt folder has none, ours (resources/i18n/qtbase_vi.ts, the strings of Qt's file,
    message and input dialogs and of the text boxes' menus) is used.

    Returns the translators, which must stay referenced while installed.
    """
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    from troly.core.resources import resource_path

    if language == "en":
        return []
    QLocale.setDefault(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam))
    installed: list[QTranslator] = []
    qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qt_translator = QTranslator(app)
    qt_own = qt_translator.load(QLocale(QLocale.Language.Vietnamese), "qtbase", "_", qt_folder)
    if not qt_own:
        qt_qm = qt_qm_file or resource_path("i18n", "qtbase_vi.qm")
        if not qt_translator.load(str(qt_qm)):
            log.warning("Qt's Vietnamese translation %s is missing; run scripts/setup.sh", qt_qm)
    if not qt_translator.isEmpty():
        app.installTranslator(qt_translator)
        installed.append(qt_translator)
    ours = QTranslator(app)
    qm = qm_file or resource_path("i18n", "troly_vi.qm")
    if ours.load(str(qm)):
        app.installTranslator(ours)
        installed.append(ours)
    else:
        log.warning("Vietnamese translation %s is missing; run scripts/setup.sh", qm)
    return installed


def remove_translators(app: QCoreApplication, translators: list[QTranslator]) -> None:
    """Undo install_translators (tests switch languages in one process)."""
    from PySide6.QtCore import QLocale

    for translator in translators:
        app.removeTranslator(translator)
    QLocale.setDefault(QLocale.system())


def run_app(
    data_dir: str | Path | None,
    model_path: str | Path | None,
    exit_after_shown: bool = False,
) -> int:
    """Run TroLy's window until it closes; returns the exit code."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from troly.core.errors import TrolyError
    from troly.core.session import Session, setup_logging

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("TroLy")
    app.setOrganizationName("TroLy")
    app.setApplicationDisplayName("TroLy")

    try:
        session = Session(data_dir, model_path)
    except TrolyError as exc:
        # No settings to read the language from: Vietnamese, the default.
        translators = install_translators(app, "vi")
        from troly.ui import dialogs

        dialogs.warn(None, "TroLy", exc.message_vi, block=True)
        del translators
        return 1
    setup_logging(session.paths)
    translators = install_translators(app, session.settings.language)

    from troly.ui import theme
    from troly.ui.main_window import MainWindow, app_icon

    theme.follow_system(app, session.settings.theme, session.settings.font_size)

    app.setWindowIcon(app_icon())
    window = MainWindow(session)
    window.show()
    # Background work starts once the window is on screen, from the event loop.
    QTimer.singleShot(0, window.start)
    if exit_after_shown:

        def report_and_quit() -> None:
            print(f"shown_after_seconds={seconds_since_process_start():.3f}", flush=True)
            window.close()
            app.quit()

        QTimer.singleShot(0, report_and_quit)
    demo = os.environ.get("TROLY_DEMO_QUESTION", "").strip()
    if demo:
        # For screenshots and demos: send this question once the model is ready.
        def send_demo(_engine: object) -> None:
            window.model_ready.disconnect(send_demo)
            window.send(demo)

        window.model_ready.connect(send_demo)
    code = app.exec()
    window.shutdown()
    del translators
    return int(code)
