"""The three forms of an evaluation question (tests/eval/forms.py)."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
from tests.eval.forms import CLOSING, OPENINGS, TONES, forms, tone_of, with_tone

from troly.core.text import fold

QUESTIONS = json.loads((Path(__file__).parent / "everyday.json").read_text(encoding="utf-8"))
SAMPLES = [(q["id"], q["text"]) for q in QUESTIONS] + [
    ("DS-1", "Theo Luật Du Lịch, hợp đồng lữ hành không cần phải được lập thành văn bản."),
    ("X-1", "ĐIỀU KIỆN kết hôn là gì"),
    ("X-2", "Đăng ký tạm trú ở đâu?"),
]


def _strip_spoken(spoken: str) -> str:
    opening = next(o for o in OPENINGS if spoken.startswith(o))
    assert spoken.endswith(CLOSING)
    return spoken[len(opening) : -len(CLOSING)]


def _expected_body(written: str) -> str:
    body = written.strip().rstrip("?.").rstrip()
    return body[0].lower() + body[1:] if body[1].islower() else body


@pytest.mark.parametrize(("key", "text"), SAMPLES)
def test_plain_has_no_diacritics_and_folds_like_written(key: str, text: str) -> None:
    f = forms(text, key)
    assert f["written"] == text
    assert not any(unicodedata.combining(c) for c in unicodedata.normalize("NFD", f["plain"]))
    assert "đ" not in f["plain"].lower()
    assert fold(f["plain"]) == fold(f["written"])
    # Case and punctuation are kept.
    assert [c.isupper() for c in f["plain"]] == [c.isupper() for c in f["written"]]
    assert [c for c in f["plain"] if not c.isalnum()] == [
        c for c in f["written"] if not c.isalnum()
    ]


@pytest.mark.parametrize(("key", "text"), SAMPLES)
def test_spoken_changes_exactly_one_tone(key: str, text: str) -> None:
    spoken = forms(text, key)["spoken"]
    assert spoken == unicodedata.normalize("NFC", spoken)
    body = _strip_spoken(spoken)
    expected = _expected_body(text)
    assert fold(body) == fold(expected)  # the same letters: only a tone differs
    said, written = body.split(), expected.split()
    assert len(said) == len(written)
    changed = [(a, b) for a, b in zip(said, written, strict=True) if a != b]
    assert len(changed) == 1
    a, b = changed[0]
    assert tone_of(a) in TONES and tone_of(b) in TONES and tone_of(a) != tone_of(b)


def test_a_changed_tone_is_one_letter_as_a_keyboard_types_it() -> None:
    # NFD puts the dot below before the circumflex or breve: the new tone must not take its
    # place there, or "ruộng" would become "ruỏ̂ng" (a loose hook) instead of "ruổng".
    hook, grave, dot = "\u0309", "\u0300", "\u0323"
    assert with_tone("ruộng", hook) == "ruổng"
    assert with_tone("mặt", grave) == "mằt"
    assert with_tone("được", hook) == "đưởc"
    assert with_tone("số", dot) == "sộ"
    for word in ("ruổng", "mằt", "đưởc", "sộ"):
        assert len(unicodedata.normalize("NFC", word)) == len(fold(word))


def test_spoken_adds_the_closing_when_the_question_mark_is_missing() -> None:
    spoken = forms("Điều kiện kết hôn là gì", "X-3")["spoken"]
    assert spoken.endswith(CLOSING)
    assert spoken.count("?") == 1
    assert forms("ĐIỀU KIỆN kết hôn?", "X-4")["spoken"].split(", ", 1)[1].startswith("Đ")


def test_forms_are_deterministic_and_vary_with_the_key() -> None:
    text = QUESTIONS[0]["text"]
    assert forms(text, "ED-01") == forms(text, "ED-01")
    spoken = {forms(q["text"], q["id"])["spoken"] for q in QUESTIONS}
    assert len(spoken) == len(QUESTIONS)
    openings = {
        next(o for o in OPENINGS if forms(q["text"], q["id"])["spoken"].startswith(o))
        for q in QUESTIONS
    }
    assert openings == set(OPENINGS)
