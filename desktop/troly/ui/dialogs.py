"""The questions TroLy asks the user, written once: confirm, ask for a text, pick an item, warn,
and the file pickers.

Every button is named by us through `tr()`, never one of Qt's standard buttons whose text
depends on Qt's own translation. The file pickers are Qt's widget dialogs, not the desktop's:
their strings come from resources/i18n/qtbase_vi.ts (Qt ships no Vietnamese) and they look the
same on every PC an administrator supports.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QLineEdit, QMessageBox, QWidget

from troly.core.documents.kinds import SUPPORTED
from troly.ui.screen import fit_to_screen

# Every kind TroLy reads, the common ones first (the dialog shows the first few).
_FIRST = (".pdf", ".docx", ".doc", ".xlsx", ".xls")
DOCUMENT_PATTERNS = " ".join(f"*{s}" for s in [*_FIRST, *sorted(SUPPORTED - set(_FIRST))])


# lupdate reads only literal calls: each button's text is its own small function.
def _cancel() -> str:
    return QCoreApplication.translate("Dialogs", "Cancel")


def _ok() -> str:
    return QCoreApplication.translate("Dialogs", "OK")


def _choose() -> str:
    return QCoreApplication.translate("Dialogs", "Choose")


def _open() -> str:
    return QCoreApplication.translate("Dialogs", "Open")


def confirm(
    parent: QWidget | None,
    title: str,
    text: str,
    yes: str,
    no: str | None = None,
    destructive: bool = False,
) -> bool:
    """A yes/no question; "no" is the default, so Enter never deletes by accident."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning if destructive else QMessageBox.Icon.Question)
    box.setWindowTitle(title)
    box.setAccessibleName(title)
    box.setText(text)
    role = QMessageBox.ButtonRole.DestructiveRole if destructive else QMessageBox.ButtonRole.YesRole
    accept = box.addButton(yes, role)
    keep = box.addButton(no or _cancel(), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)
    box.exec()
    return box.clickedButton() is accept


def confirm_quit(parent: QWidget | None, running: list[str]) -> bool:
    """Whether to stop the `running` work (its names, from MainWindow.running_work) and quit;
    "keep working" is the default, so Enter never throws the work away."""
    work = running[0]
    if len(running) > 1:
        work = QCoreApplication.translate("Dialogs", "{first} and {last}").format(
            first=", ".join(running[:-1]), last=running[-1]
        )
    return confirm(
        parent,
        QCoreApplication.translate("Dialogs", "Quit TroLy"),
        QCoreApplication.translate("Dialogs", "Still {work}. Stop and quit?").format(work=work),
        yes=QCoreApplication.translate("Dialogs", "Stop and quit"),
        no=QCoreApplication.translate("Dialogs", "Keep working"),
    )


def ask_text(
    parent: QWidget | None, title: str, label: str, value: str = "", ok: str | None = None
) -> str | None:
    """One line of text, or None when the user cancels."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setAccessibleName(title)
    dialog.setLabelText(label)
    dialog.setTextEchoMode(QLineEdit.EchoMode.Normal)
    dialog.setTextValue(value)
    dialog.setOkButtonText(ok or _ok())
    dialog.setCancelButtonText(_cancel())
    dialog.resize(max(dialog.sizeHint().width(), 420), dialog.sizeHint().height())
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    return dialog.textValue() if accepted else None


def choose_item(parent: QWidget | None, title: str, label: str, items: list[str]) -> int | None:
    """The index of the item the user picks, or None."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setAccessibleName(title)
    dialog.setLabelText(label)
    dialog.setComboBoxItems(items)
    dialog.setComboBoxEditable(False)
    dialog.setOkButtonText(_choose())
    dialog.setCancelButtonText(_cancel())
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    chosen = dialog.textValue()
    return items.index(chosen) if chosen in items else None


def warn(parent: QWidget | None, title: str, message: str, block: bool = False) -> QMessageBox:
    """A warning. By default it does not block the caller: the event loop (and any reply)
    keeps running; `block` waits for the user (before the app quits, say)."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, message, parent=parent)
    box.addButton(_ok(), QMessageBox.ButtonRole.AcceptRole)
    box.setAccessibleName(title)
    if block:
        box.exec()
        return box
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def inform(parent: QWidget, title: str, text: str) -> None:
    """A message to read (the About box); rich text allowed."""
    box = QMessageBox(QMessageBox.Icon.Information, title, text, parent=parent)
    box.setTextFormat(Qt.TextFormat.RichText)
    box.addButton(QCoreApplication.translate("Dialogs", "Close"), QMessageBox.ButtonRole.AcceptRole)
    box.setAccessibleName(title)
    box.exec()


# -- files ------------------------------------------------------------------------------------


def _file_dialog(parent: QWidget | None, caption: str, folder: str, patterns: str) -> QFileDialog:
    dialog = QFileDialog(parent, caption, folder, patterns)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setAccessibleName(caption)
    # Named here too, so they read right even where Qt's own translation is not installed.
    dialog.setLabelText(
        QFileDialog.DialogLabel.LookIn, QCoreApplication.translate("Dialogs", "Look in:")
    )
    dialog.setLabelText(
        QFileDialog.DialogLabel.FileName, QCoreApplication.translate("Dialogs", "File name:")
    )
    dialog.setLabelText(
        QFileDialog.DialogLabel.FileType, QCoreApplication.translate("Dialogs", "Files of type:")
    )
    dialog.setLabelText(QFileDialog.DialogLabel.Reject, _cancel())
    fit_to_screen(dialog, 860, 560)
    _widen_columns(dialog)
    return dialog


def _widen_columns(dialog: QFileDialog) -> None:
    """Room for the names: Qt's dialog opens with narrow columns and a narrow side bar, which
    cut Vietnamese words ("Máy tính", "Dung lượng") to a few letters."""
    from PySide6.QtWidgets import QHeaderView, QSplitter, QTreeView

    tree = dialog.findChild(QTreeView, "treeView")
    if tree is not None:
        header = tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # Set widths, not "to contents": a folder of thousands of files must open at once.
        metrics = tree.fontMetrics()
        for column, sample in ((1, "1.234,5 KiB"), (2, "Tài liệu PDF"), (3, "02/12/2026 04:27")):
            if column < header.count():
                header.resizeSection(column, metrics.horizontalAdvance(sample) + 24)
    splitter = dialog.findChild(QSplitter, "splitter")
    if splitter is not None and splitter.count() == 2:
        splitter.setSizes([170, max(300, dialog.width() - 190)])


def documents_filter() -> str:
    """The kinds TroLy reads first, then every file: a user sees what else a folder holds (a
    .pptx added from there is reported as not readable yet, with what to do)."""
    documents = QCoreApplication.translate("Dialogs", "Documents ({patterns})").format(
        patterns=DOCUMENT_PATTERNS
    )
    every_file = QCoreApplication.translate("Dialogs", "All files (*)")
    return f"{documents};;{every_file}"


def open_files(
    parent: QWidget | None, caption: str, folder: str = "", patterns: str | None = None
) -> list[str]:
    """Existing files the user picks (several allowed)."""
    dialog = _file_dialog(
        parent, caption, folder or str(Path.home()), patterns or documents_filter()
    )
    dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    dialog.setLabelText(QFileDialog.DialogLabel.Accept, _open())
    return list(dialog.selectedFiles()) if dialog.exec() else []


def open_file(parent: QWidget | None, caption: str, folder: str, patterns: str) -> str | None:
    """One existing file, or None."""
    dialog = _file_dialog(parent, caption, folder, patterns)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    dialog.setLabelText(QFileDialog.DialogLabel.Accept, _open())
    files = dialog.selectedFiles() if dialog.exec() else []
    return files[0] if files else None


def pick_folder(parent: QWidget | None, caption: str, folder: str = "") -> str | None:
    dialog = _file_dialog(parent, caption, folder or str(Path.home()), "")
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    dialog.setLabelText(QFileDialog.DialogLabel.Accept, _choose())
    files = dialog.selectedFiles() if dialog.exec() else []
    return files[0] if files else None


def save_file(parent: QWidget | None, caption: str, suggested: Path, patterns: str) -> str | None:
    """Where to save, with the suffix of `suggested` added when the user leaves it out."""
    dialog = _file_dialog(parent, caption, str(suggested), patterns)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    dialog.setDefaultSuffix(suggested.suffix.lstrip("."))
    dialog.selectFile(suggested.name)
    dialog.setLabelText(
        QFileDialog.DialogLabel.Accept, QCoreApplication.translate("Dialogs", "Save")
    )
    files = dialog.selectedFiles() if dialog.exec() else []
    if not files:
        return None
    path = files[0]
    if suggested.suffix and not path.lower().endswith(suggested.suffix.lower()):
        path += suggested.suffix
    return path


def open_original(parent: QWidget, path: str) -> bool:
    """Open a file in the application the desktop uses for it (the original of a source)."""
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices

    if not Path(path).is_file():
        warn(
            parent,
            QCoreApplication.translate("Dialogs", "Open the original file"),
            QCoreApplication.translate(
                "Dialogs", "The file {path} no longer exists or has been moved."
            ).format(path=path),
        )
        return False
    if not QDesktopServices.openUrl(QUrl.fromLocalFile(path)):
        warn(
            parent,
            QCoreApplication.translate("Dialogs", "Open the original file"),
            QCoreApplication.translate(
                "Dialogs", "No application on this computer opens {name}."
            ).format(name=Path(path).name),
        )
        return False
    return True
