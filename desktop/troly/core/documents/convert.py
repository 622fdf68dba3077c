"""Word 97-2003 (.doc), RTF and OpenDocument text (.odt): converted to DOCX by an office suite,
then read by the DOCX reader (with its zip-bomb guard).

One converter interface: LibreOffice in headless mode (Linux, Windows, macOS), and on Windows
Microsoft Word through its COM automation (a PowerShell script) where LibreOffice is absent.
The conversion runs in a child process with a time limit, killed with its whole
process group when it hangs, on a copy in a private temporary folder with a private
LibreOffice profile: the user's file is never opened by the suite, and a running LibreOffice
of the user's is neither used nor disturbed.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from dataclasses import replace
from pathlib import Path
from typing import Protocol

from troly.core.documents.errors import Cancelled, DocumentError, utf8_name
from troly.core.documents.limits import CONVERT_TIMEOUT_SECONDS
from troly.core.documents.model import Document
from troly.core.documents.sheets import Progress

_WINDOWS_SOFFICE = (
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
)
_POLL_SECONDS = 0.25
_NAMES = {"doc": "Word 97-2003 (.doc)", "rtf": "RTF", "odt": "ODT"}
# The import filter is named: left to guess, LibreOffice imports a file it cannot read as
# plain text and "converts" a broken .doc into pages of binary noise.
_IMPORT_FILTERS = {
    "doc": ("MS Word 97", "MS Word 95"),
    "rtf": ("Rich Text Format",),
    "odt": ("writer8",),
}
INSTALL_HINT_VI = (
    "cần LibreOffice để đọc tệp {what}: trên Debian/Ubuntu cài gói libreoffice-writer-nogui "
    "(chạy lại scripts/setup.sh), trên Windows cài LibreOffice; hoặc lưu tệp thành .docx."
)


class ConversionError(Exception):
    """The converter could not make a DOCX (message in English, for the log)."""


class ConversionTimeout(ConversionError):
    pass


class Converter(Protocol):
    name: str

    def available(self) -> bool: ...

    def to_docx(self, source: Path, folder: Path, cancel: threading.Event | None) -> Path:
        """A DOCX converted from `source` (a private copy) inside `folder`."""
        ...


class LibreOffice:
    name = "LibreOffice"

    def __init__(self, binary: str | None = None, timeout: float | None = None) -> None:
        self.binary = binary if binary is not None else _find_soffice()
        self.timeout = timeout if timeout is not None else CONVERT_TIMEOUT_SECONDS

    def available(self) -> bool:
        return bool(self.binary) and Path(self.binary or "").is_file()

    def to_docx(self, source: Path, folder: Path, cancel: threading.Event | None) -> Path:
        kind = source.suffix.lower().lstrip(".")
        filters = _IMPORT_FILTERS.get(kind, ("",))
        for i, name in enumerate(filters):
            try:
                return self.convert(source, folder / "out", "docx", folder, cancel, name)
            except ConversionTimeout:
                raise
            except ConversionError:
                if i == len(filters) - 1:
                    raise
        raise ConversionError("no import filter")  # unreachable: filters is never empty

    def convert(
        self,
        source: Path,
        out: Path,
        target: str,
        work: Path | None = None,
        cancel: threading.Event | None = None,
        import_filter: str = "",
    ) -> Path:
        """`source` converted to format `target` ("docx", "doc", "odt") in folder `out`, with
        a LibreOffice profile of its own in `work` (a temporary folder when None), read by
        `import_filter` (LibreOffice's guess when empty)."""
        if work is None:
            with tempfile.TemporaryDirectory(prefix="troly-convert-") as tmp:
                return self.convert(source, out, target, Path(tmp), cancel, import_filter)
        out.mkdir(exist_ok=True)
        command = [
            str(self.binary),
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--nodefault",
            *([f"--infilter={import_filter}"] if import_filter else []),
            "--convert-to",
            target,
            "--outdir",
            str(out),
            str(source),
        ]
        _run(command, work, self.timeout, cancel)
        result = out / f"{source.stem}.{target}"
        if not result.is_file() or result.stat().st_size == 0:
            raise ConversionError(f"LibreOffice produced no {target}")
        return result


# Word through COM, run by Windows PowerShell: opens the private copy read-only, without
# conversion prompts, with a dummy password so a protected file fails instead of asking, saves
# it as DOCX (16 = wdFormatDocumentDefault) and quits. The paths are parameters, never pasted
# into the script's text.
WORD_SCRIPT = r"""param([string]$Source, [string]$Target)
$ErrorActionPreference = 'Stop'
$word = New-Object -ComObject Word.Application
try {
    $word.Visible = $false
    $word.DisplayAlerts = 0
    $doc = $word.Documents.Open($Source, $false, $true, $false, 'troly-no-password')
    try { $doc.SaveAs2($Target, 16) } finally { $doc.Close($false) }
} finally {
    $word.Quit()
    [void][System.Runtime.InteropServices.Marshal]::ReleaseComObject($word)
}
"""


class WordAutomation:
    """Microsoft Word through its COM automation, for Windows without LibreOffice.

    Word runs as its own COM server, not as a child of the script: past the time limit the
    script is killed and TroLy goes on, but a Word stuck on a file may stay until it is closed
    (Task Manager) or the user logs off."""

    name = "Microsoft Word"

    def __init__(self, powershell: str | None = None, timeout: float | None = None) -> None:
        # A PowerShell named by the caller or TROLY_POWERSHELL is taken as able to run Word.
        self.named = powershell is not None or "TROLY_POWERSHELL" in os.environ
        self.powershell = powershell if powershell is not None else _find_powershell()
        self.timeout = timeout if timeout is not None else CONVERT_TIMEOUT_SECONDS

    def available(self) -> bool:
        if not self.powershell or not Path(self.powershell).is_file():
            return False
        return self.named or _word_registered()

    def to_docx(self, source: Path, folder: Path, cancel: threading.Event | None) -> Path:
        script = folder / "convert.ps1"
        script.write_text(WORD_SCRIPT, encoding="utf-8-sig")  # a BOM: PowerShell 5 reads UTF-8
        target = folder / "out" / f"{source.stem}.docx"
        target.parent.mkdir(exist_ok=True)
        _run(
            word_command(str(self.powershell), script, source, target), folder, self.timeout, cancel
        )
        if not target.is_file() or target.stat().st_size == 0:
            raise ConversionError("Microsoft Word produced no docx")
        return target


def word_command(powershell: str, script: Path, source: Path, target: Path) -> list[str]:
    return [
        powershell,
        "-NoProfile",
        "-NonInteractive",
        "-ExecutionPolicy",
        "Bypass",
        "-File",
        str(script),
        "-Source",
        str(source),
        "-Target",
        str(target),
    ]


def _find_powershell() -> str | None:
    override = os.environ.get("TROLY_POWERSHELL")
    if override is not None:
        return override
    if sys.platform != "win32":
        return None
    root = os.environ.get("SYSTEMROOT", r"C:\Windows")
    path = Path(root) / "System32" / "WindowsPowerShell" / "v1.0" / "powershell.exe"
    return str(path) if path.is_file() else None


def _word_registered() -> bool:
    """Whether Word's automation object is registered (Word installed for this user)."""
    if sys.platform != "win32":
        return False
    import winreg

    try:
        winreg.CloseKey(winreg.OpenKey(winreg.HKEY_CLASSES_ROOT, r"Word.Application\CLSID"))
    except OSError:
        return False
    return True


def find_converter() -> Converter | None:
    for converter in (LibreOffice(), WordAutomation()):
        if converter.available():
            return converter
    return None


def _find_soffice() -> str | None:
    override = os.environ.get("TROLY_SOFFICE")
    if override is not None:
        return override
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None and sys.platform == "win32":
        found = next((p for p in _WINDOWS_SOFFICE if Path(p).is_file()), None)
    return found


def _run(command: list[str], folder: Path, timeout: float, cancel: threading.Event | None) -> None:
    """Run the converter in its own process group; kill the group past `timeout` or on Stop
    (soffice starts a child, soffice.bin, which would otherwise outlive it)."""
    env = dict(os.environ, HOME=str(folder))  # nothing written to the user's home
    options: dict[str, object] = {}
    if sys.platform == "win32":
        options["creationflags"] = subprocess.CREATE_NEW_PROCESS_GROUP  # type: ignore[attr-defined]
    else:
        options["start_new_session"] = True
    process = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
        cwd=folder,
        **options,  # type: ignore[call-overload]
    )
    waited = 0.0
    try:
        while True:
            try:
                process.wait(timeout=_POLL_SECONDS)
                return
            except subprocess.TimeoutExpired:
                waited += _POLL_SECONDS
            if cancel is not None and cancel.is_set():
                raise Cancelled()
            if waited >= timeout:
                raise ConversionTimeout(f"no result after {timeout:g} s")
    finally:
        if process.poll() is None:
            _kill(process)


def _kill(process: subprocess.Popen[bytes]) -> None:
    try:
        if sys.platform == "win32":
            process.kill()
        else:
            os.killpg(process.pid, signal.SIGKILL)
    except OSError:
        pass
    process.wait()


def read_converted(
    path: Path,
    kind: str,
    progress: Progress | None,
    cancel: threading.Event | None,
    converter: Converter | None = None,
) -> Document:
    """A .doc, .rtf or .odt read through a DOCX converted from a private copy of it."""
    from troly.core.documents.docx import read_docx

    what = _NAMES.get(kind, kind.upper())
    converter = converter if converter is not None else find_converter()
    if converter is None or not converter.available():
        raise DocumentError(
            path,
            INSTALL_HINT_VI.format(what=what),
            f"LibreOffice is needed to read {what} files; install it or save as .docx.",
        )
    with tempfile.TemporaryDirectory(prefix="troly-convert-") as tmp:
        folder = Path(tmp)
        copy = folder / f"tep.{kind}"  # an ASCII name: the user's name never reaches soffice
        try:
            shutil.copyfile(path, copy)
            docx = converter.to_docx(copy, folder, cancel)
        except ConversionTimeout:
            raise DocumentError(
                path,
                f"chuyển đổi tệp {what} quá thời gian (tệp có thể bị hỏng), đã dừng.",
                f"converting the {what} file timed out; stopped.",
            ) from None
        except ConversionError:
            raise DocumentError(
                path,
                f"tệp {what} bị hỏng hoặc {converter.name} không mở được.",
                f"the {what} file is corrupt or {converter.name} cannot open it.",
            ) from None
        except OSError as exc:
            raise DocumentError(
                path, f"không chuyển đổi được tệp ({exc.strerror}).", str(exc)
            ) from None
        try:
            document = read_docx(docx, progress=progress, cancel=cancel)
        except DocumentError as exc:
            raise _renamed(exc, docx, path, what) from None
    return replace(document, path=path, kind=kind, title=document.title or path.stem)


def _renamed(error: DocumentError, converted: Path, path: Path, what: str) -> DocumentError:
    """The DOCX reader's error about the converted copy, naming the user's file, and the
    copy for what it is: the user gave a .doc, never a DOCX."""
    copy = DocumentError(path, "", "")
    old, new = f"“{converted.name}”", f"“{utf8_name(path.name)}”"
    copy.message_vi = error.message_vi.replace(old, new).replace(
        "tệp DOCX", f"bản chuyển đổi từ tệp {what}"
    )
    copy.message_en = (
        error.message_en.replace(old, new)
        .replace("the DOCX", f"the copy converted from the {what} file")
        .replace("DOCX", f"copy converted from the {what} file")
    )
    copy.args = (copy.message_en,)
    return copy
