"""Every user-visible string has a Vietnamese translation, and the app shows it."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from troly.core.resources import project_root, resource_path
from troly.ui.app import install_translators, remove_translators

TS_FILE = resource_path("i18n", "troly_vi.ts")
UI_SOURCES = sorted((project_root() / "desktop" / "troly" / "ui").rglob("*.py"))
# Strings that read the same in Vietnamese.
SAME_IN_VIETNAMESE = {"TroLy", "Top-p", "Top-p:", " pt"}


def tool(name: str) -> str:
    return str(Path(sys.executable).with_name(name))


def messages(ts: Path) -> dict[tuple[str, str], ET.Element]:
    found = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            found[(name, message.findtext("source", ""))] = message.find("translation")
    return found


def test_every_source_string_has_a_vietnamese_translation(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.ts"
    subprocess.run(
        [tool("pyside6-lupdate"), "-locations", "none", *map(str, UI_SOURCES), "-ts", str(fresh)],
        check=True,
        capture_output=True,
    )
    sources = messages(fresh)
    assert len(sources) > 50  # lupdate did find the strings
    ours = messages(TS_FILE)
    problems = []
    for context, source in sorted(sources):
        translation = ours.get((context, source))
        if translation is None:
            problems.append(f"{context}: {source!r} is not in troly_vi.ts")
        elif not (translation.text or "").strip():
            problems.append(f"{context}: {source!r} has an empty translation")
        elif translation.get("type") in ("unfinished", "vanished", "obsolete"):
            problems.append(f"{context}: {source!r} is {translation.get('type')}")
        elif translation.text == source and source not in SAME_IN_VIETNAMESE:
            problems.append(f"{context}: {source!r} is left in English")
        elif source.count("{") != (translation.text or "").count("{"):
            problems.append(f"{context}: {source!r} lost a {{placeholder}}")
    assert not problems, "Untranslated strings:\n" + "\n".join(problems)


def test_one_spelling_throughout() -> None:
    """ "Xóa", "Hủy", "hóa", "khóa": the tone mark where Decree 30's documents and TroLy's own
    text normalization put it (troly.core.text), never "Xoá" on one button and "Xóa" on the
    next."""
    import re

    other_style = re.compile(r"\w*(?:oá|oà|oả|oã|oạ|uỷ|uý|uỳ|uỹ|uỵ)(?!\w)", re.IGNORECASE)
    found = set()
    for ts in (TS_FILE, resource_path("i18n", "qtbase_vi.ts")):
        for translation in messages(ts).values():
            found |= set(
                other_style.findall((translation.text or "") if translation is not None else "")
            )
    assert not found, sorted(found)


def test_no_translated_string_hides_where_lupdate_cannot_see_it() -> None:
    """lupdate reads tr("literal") calls; one inside an f-string is skipped, and its string
    then shows in English whatever the .ts says (the Summarize page's "(source: …)")."""
    import ast

    hidden = []
    for path in UI_SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.JoinedStr):
                continue
            for inner in ast.walk(node):
                if (
                    isinstance(inner, ast.Call)
                    and isinstance(inner.func, ast.Attribute)
                    and inner.func.attr in ("tr", "translate")
                ):
                    hidden.append(f"{path.name}:{inner.lineno}")
    assert not hidden, hidden


def test_the_window_speaks_vietnamese_with_the_translator(
    qtbot: Any, qapp: Any, tmp_path: Path
) -> None:
    qm = tmp_path / "troly_vi.qm"
    subprocess.run(
        [tool("pyside6-lrelease"), str(TS_FILE), "-qm", str(qm)], check=True, capture_output=True
    )
    translators = install_translators(qapp, "vi", qm)
    try:
        assert translators
        from troly.ui.chat_view import ChatView
        from troly.ui.status_bar import StatusBar

        view = ChatView()
        qtbot.addWidget(view)
        assert view.stop_button.text() == "Dừng"
        assert view.send_button.text() == "Gửi"
        status = StatusBar()
        qtbot.addWidget(status)
        status.set_speed(6.12)  # pieces of words a second: about 5.1 words
        assert status.speed_label.text() == "Tốc độ viết: khoảng 5,1 chữ/giây"  # decimal comma
        status.set_loading("load", -1)
        assert status.model_label.text() == "Đang nạp mô hình…"
    finally:
        remove_translators(qapp, translators)


def test_english_installs_no_translator(qapp: Any) -> None:
    assert install_translators(qapp, "en") == []
