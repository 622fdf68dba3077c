from __future__ import annotations

import unicodedata

import pytest

from troly.core.documents import legacy

_TONES = ("\u0300", "\u0309", "\u0303", "\u0301", "\u0323")


def _accented_letters() -> list[str]:
    """All 67 lower-case Vietnamese letters that carry a diacritic, then their capitals."""
    lower = ["đ"]
    for base in "aăâeêioôơuưy":
        if base not in "aeiouy":
            lower.append(base)
        lower += [unicodedata.normalize("NFC", base + tone) for tone in _TONES]
    return lower + [c.upper() for c in lower]


def test_there_are_134_accented_letters() -> None:
    letters = _accented_letters()
    assert len(letters) == len(set(letters)) == 134


def test_vni_round_trip_every_letter() -> None:
    for letter in _accented_letters():
        encoded = legacy.unicode_to_vni(letter)
        assert encoded != letter or letter in "ìÌíÍ", letter
        assert legacy.vni_to_unicode(encoded) == letter, (letter, encoded)
    text = "".join(_accented_letters())
    assert legacy.vni_to_unicode(legacy.unicode_to_vni(text)) == text


def test_tcvn3_round_trip_every_letter() -> None:
    letters = _accented_letters()
    lower = [c for c in letters if c.islower()]
    for letter in [*lower, "Ă", "Â", "Ê", "Ô", "Ơ", "Ư", "Đ"]:
        assert legacy.tcvn3_to_unicode(legacy.unicode_to_tcvn3(letter)) == letter, letter
    # Toned capitals exist only through the ".VnTimeH" convention: lower-case codes, caps font.
    capitals = "".join(c for c in letters if c.isupper())
    assert legacy.tcvn3_to_unicode(legacy.unicode_to_tcvn3(capitals), upper=True) == capitals
    assert len({legacy.unicode_to_tcvn3(c) for c in lower}) == 67


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Céng hoµ x· héi chñ nghÜa ViÖt Nam", "Cộng hoà xã hội chủ nghĩa Việt Nam"),
        ("§éc lËp - Tù do - H¹nh phóc", "Độc lập - Tự do - Hạnh phúc"),
        ("§iÒu 5. Qu¶n lý nhµ n­íc", "Điều 5. Quản lý nhà nước"),
        ("QuyÕt ®Þnh cña Uû ban nh©n d©n tØnh", "Quyết định của Uỷ ban nhân dân tỉnh"),
        ("CéNG HOµ X· HéI", "CỘNG HOÀ XÃ HỘI"),
    ],
)
def test_tcvn3_samples(typed: str, expected: str) -> None:
    assert legacy.tcvn3_to_unicode(typed) == expected
    assert legacy.detect(typed + " " + typed) == "tcvn3"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
        ("Ñoäc laäp - Töï do - Haïnh phuùc", "Độc lập - Tự do - Hạnh phúc"),
        ("Ñieàu 1. Phaïm vi ñieàu chænh", "Điều 1. Phạm vi điều chỉnh"),
        ("Thuû töôùng Chính phuû quyeát ñònh", "Thủ tướng Chính phủ quyết định"),
        ("COÄNG HOØA XAÕ HOÄI", "CỘNG HÒA XÃ HỘI"),
    ],
)
def test_vni_samples(typed: str, expected: str) -> None:
    assert legacy.vni_to_unicode(typed) == expected
    assert legacy.detect(typed + " " + typed) == "vni"


@pytest.mark.parametrize(
    "text",
    [
        "Điều 1. Phạm vi điều chỉnh của Luật này",
        "Le café est très bon à Paris, où il fait beau.",
        "Müller, Straße, Größe und Übung",
        "plain ASCII only",
    ],
)
def test_unicode_and_western_text_left_alone(text: str) -> None:
    assert legacy.detect(text) is None
