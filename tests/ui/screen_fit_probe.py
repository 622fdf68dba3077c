"""Run by test_screen_fit in a child process whose offscreen screen has a given size: opens the
window and every dialog a user can open, and prints where each lands (JSON on stdout)."""

from __future__ import annotations

import json
import sys
from pathlib import Path


def main(data_dir: str, folder: str) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QDialog, QPushButton, QWidget

    from troly.core.session import Session
    from troly.ui import dialogs
    from troly.ui.main_window import MainWindow
    from troly.ui.model_dialog import ModelDialog
    from troly.ui.settings_dialog import SettingsDialog

    app = QApplication(sys.argv[:1])
    area = app.primaryScreen().availableGeometry()
    found: dict[str, object] = {"screen": [area.x(), area.y(), area.width(), area.height()]}

    def place(name: str, widget: QWidget, buttons: list[QPushButton] | None = None) -> None:
        app.processEvents()
        g = widget.frameGeometry()
        entry: dict[str, object] = {"rect": [g.x(), g.y(), g.width(), g.height()]}
        # The buttons must be on screen, not only the window's corner.
        entry["buttons"] = {}
        for button in buttons or widget.findChildren(QPushButton):
            if button.isVisibleTo(widget) and button.text():
                top_left = button.mapToGlobal(button.rect().topLeft())
                bottom_right = button.mapToGlobal(button.rect().bottomRight())
                entry["buttons"][button.text()] = [  # type: ignore[index]
                    top_left.x(),
                    top_left.y(),
                    bottom_right.x(),
                    bottom_right.y(),
                ]
        found[name] = entry

    window = MainWindow(Session(data_dir))
    window.show()
    for mode in window.mode_keys():
        window.set_mode(mode)
        place(f"window: {mode}", window)
    viewer = window.ask_page.viewer()
    viewer.open_page(Path(folder) / "luat-vien-chuc.pdf", 2, "Điều 12")
    viewer.present()
    place("page viewer", viewer)
    viewer.close()
    window.open_settings()
    settings = window.findChild(SettingsDialog)
    place("settings", settings)
    settings.reject()
    window.choose_model()
    model = window.findChild(ModelDialog)
    place("model dialog", model)
    model.reject()

    def modal(name: str) -> None:
        def look() -> None:
            dialog = QApplication.activeModalWidget()
            if not isinstance(dialog, QDialog):
                QTimer.singleShot(20, look)
                return
            place(name, dialog)
            dialog.reject()

        QTimer.singleShot(20, look)

    modal("file dialog")
    dialogs.open_files(window, "Thêm tài liệu", folder)
    modal("save dialog")
    dialogs.save_file(window, "Xuất DOCX", Path(folder) / "a.docx", "Word (*.docx)")
    modal("confirm")
    dialogs.confirm(window, "Xóa", "Xóa bộ tài liệu “Văn bản”?", yes="Xóa", destructive=True)
    modal("rename")
    dialogs.ask_text(window, "Đổi tên", "Tên mới:", "Công văn")
    window.close()
    print(json.dumps(found, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
