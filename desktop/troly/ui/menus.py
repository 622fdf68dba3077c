"""The main window's menu bar: File, Tools, Help. Its strings keep the window's translation
context ("MainWindow"), where they have always been translated."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence

if TYPE_CHECKING:
    from troly.ui.main_window import MainWindow


def build_menus(window: MainWindow) -> None:
    """Fill the window's menu bar; the actions the window enables and disables are set on it
    (`new_action`, `model_action`, `quit_action`)."""
    bar = window.menuBar()
    bar.setAccessibleName(QCoreApplication.translate("MainWindow", "Menu bar"))
    file_menu = bar.addMenu(QCoreApplication.translate("MainWindow", "&File"))
    file_menu.setAccessibleName(QCoreApplication.translate("MainWindow", "File"))
    window.new_action = QAction(
        QCoreApplication.translate("MainWindow", "&New conversation"), window
    )
    window.new_action.setShortcut(QKeySequence.StandardKey.New)
    window.new_action.triggered.connect(window.new_conversation)
    window.model_action = QAction(
        QCoreApplication.translate("MainWindow", "&Choose model…"), window
    )
    window.model_action.triggered.connect(window.choose_model)
    window.quit_action = QAction(QCoreApplication.translate("MainWindow", "E&xit"), window)
    window.quit_action.setShortcut(QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_Q))
    window.quit_action.triggered.connect(window.request_quit)
    file_menu.addAction(window.new_action)
    file_menu.addAction(window.model_action)
    file_menu.addSeparator()
    file_menu.addAction(window.quit_action)

    tools_menu = bar.addMenu(QCoreApplication.translate("MainWindow", "&Tools"))
    tools_menu.setAccessibleName(QCoreApplication.translate("MainWindow", "Tools"))
    settings_action = QAction(QCoreApplication.translate("MainWindow", "&Settings…"), window)
    settings_action.triggered.connect(window.open_settings)
    tools_menu.addAction(settings_action)

    help_menu = bar.addMenu(QCoreApplication.translate("MainWindow", "&Help"))
    help_menu.setAccessibleName(QCoreApplication.translate("MainWindow", "Help"))
    welcome_action = QAction(QCoreApplication.translate("MainWindow", "&Getting started"), window)
    welcome_action.triggered.connect(lambda: window.set_mode("welcome"))
    about_action = QAction(QCoreApplication.translate("MainWindow", "&About TroLy"), window)
    about_action.triggered.connect(window.about)
    help_menu.addAction(welcome_action)
    help_menu.addAction(about_action)
