"""Legacy Vietnamese 8-bit encodings (TCVN3/ABC and VNI) to Unicode.

Older government files were typed with .VnTime (TCVN3, TCVN 5712:1993 "VN3") or VNI-Times
fonts: the bytes are Windows-1252 letters that only those fonts draw as Vietnamese, so read as
Unicode they look like "§iÒu" (TCVN3) or "Ñieàu" (VNI) for "Điều". Both tables below are
written out from the published charts, one entry per letter, and the encoders are their exact
inverses (the tests round-trip every letter).

TCVN3 (VN3) has no code points for upper-case letters carrying a tone: the ".VnTimeH"-style
fonts draw the lower-case codes as capitals. `tcvn3_to_unicode(upper=True)` applies that
convention for a whole run (DOCX font name ending in "H"); in plain text a word whose ASCII
letters are all capitals ("CéNG HOµ") is taken as capitals. The VN1/VN2 variants, which put
capitals in the C0/C1 control ranges, are not decoded.
"""

from __future__ import annotations

import re
import unicodedata

from troly.core import text as vtext

_TONES = ("grave", "hook", "tilde", "acute", "dot")

# TCVN3: byte (as its Latin-1 character) for each lower-case vowel in the order huyền, hỏi,
# ngã, sắc, nặng.
_TCVN3_TONED = {
    "a": "\xb5\xb6\xb7\xb8\xb9",
    "ă": "\xbb\xbc\xbd\xbe\xc6",
    "â": "\xc7\xc8\xc9\xca\xcb",
    "e": "\xcc\xce\xcf\xd0\xd1",
    "ê": "\xd2\xd3\xd4\xd5\xd6",
    "i": "\xd7\xd8\xdc\xdd\xde",
    "o": "\xdf\xe1\xe2\xe3\xe4",
    "ô": "\xe5\xe6\xe7\xe8\xe9",
    "ơ": "\xea\xeb\xec\xed\xee",
    "u": "\xef\xf1\xf2\xf3\xf4",
    "ư": "\xf5\xf6\xf7\xf8\xf9",
    "y": "\xfa\xfb\xfc\xfd\xfe",
}
_TCVN3_PLAIN = {
    "ă": "\xa8", "â": "\xa9", "ê": "\xaa", "ô": "\xab", "ơ": "\xac", "ư": "\xad", "đ": "\xae",
    "Ă": "\xa1", "Â": "\xa2", "Ê": "\xa3", "Ô": "\xa4", "Ơ": "\xa5", "Ư": "\xa6", "Đ": "\xa7",
}  # fmt: skip

_COMBINE = {"grave": "\u0300", "hook": "\u0309", "tilde": "\u0303", "acute": "\u0301"}
_COMBINE["dot"] = "\u0323"


def _toned(base: str, tone: str) -> str:
    return unicodedata.normalize("NFC", base + _COMBINE[tone])


TCVN3_DECODE: dict[str, str] = {code: letter for letter, code in _TCVN3_PLAIN.items()}
for _base, _codes in _TCVN3_TONED.items():
    for _tone, _code in zip(_TONES, _codes, strict=True):
        TCVN3_DECODE[_code] = _toned(_base, _tone)
TCVN3_ENCODE: dict[str, str] = {letter: code for code, letter in TCVN3_DECODE.items()}
# Capitals with a tone share the lower-case codes (drawn as capitals by the "H" fonts).
for _code, _letter in list(TCVN3_DECODE.items()):
    if _letter.islower() and _letter.upper() not in TCVN3_ENCODE:
        TCVN3_ENCODE[_letter.upper()] = _code

# VNI: a base ASCII letter followed by one mark character; a few letters are one character.
# Marks: tone alone, circumflex+tone (a e o), breve+tone (a), each in a lower and upper form
# (the mark's case follows the Shift key, the letter's case decides the result).
_VNI_TONE = {
    "grave": ("ø", "Ø"),
    "hook": ("û", "Û"),
    "tilde": ("õ", "Õ"),
    "acute": ("ù", "Ù"),
    "dot": ("ï", "Ï"),
}
_VNI_CIRC_TONE = {
    "grave": ("à", "À"),
    "hook": ("å", "Å"),
    "tilde": ("ã", "Ã"),
    "acute": ("á", "Á"),
    "dot": ("ä", "Ä"),
}
_VNI_BREVE_TONE = {
    "grave": ("è", "È"),
    "hook": ("ú", "Ú"),
    "tilde": ("ü", "Ü"),
    "acute": ("é", "É"),
    "dot": ("ë", "Ë"),
}
_VNI_CIRC = "âÂ"
_VNI_BREVE = "êÊ"
_VNI_SINGLE = {
    "đ": "ñ", "Đ": "Ñ", "ơ": "ô", "Ơ": "Ô", "ư": "ö", "Ư": "Ö", "ỵ": "î", "Ỵ": "Î",
    "ì": "ì", "Ì": "Ì", "ỉ": "æ", "Ỉ": "Æ", "ĩ": "ó", "Ĩ": "Ó", "í": "í", "Í": "Í",
    "ị": "ò", "Ị": "Ò",
}  # fmt: skip

VNI_DECODE: dict[str, str] = {}
VNI_ENCODE: dict[str, str] = {}


def _vni_add(letter: str, lower_seq: str, upper_seq: str | None = None) -> None:
    """Register `letter` (lower case) and its capital; the encoder writes the form typed
    without Shift for the mark, which is what VNI keyboards produce for lower case."""
    capital = letter.upper()
    for seq in (lower_seq, upper_seq or lower_seq):
        VNI_DECODE.setdefault(seq, letter)
    VNI_ENCODE[letter] = lower_seq
    cap_seq = lower_seq[0].upper() + (upper_seq or lower_seq)[1:]
    VNI_ENCODE[capital] = cap_seq
    VNI_DECODE.setdefault(cap_seq, capital)
    VNI_DECODE.setdefault(lower_seq[0].upper() + lower_seq[1:], capital)


def _build_vni() -> None:
    for single_letter, code in _VNI_SINGLE.items():
        VNI_DECODE[code] = single_letter
        VNI_ENCODE[single_letter] = code
    for base in "aeouy":
        for tone, (low, up) in _VNI_TONE.items():
            if base == "y" and tone == "dot":
                continue  # "ỵ" is the single character "î"
            _vni_add(_toned(base, tone), base + low, base + up)
    for base, cap_base in (("ơ", "ô"), ("ư", "ö")):
        for tone, (low, up) in _VNI_TONE.items():
            letter = _toned(base, tone)
            VNI_DECODE[cap_base + low] = letter
            VNI_DECODE[cap_base + up] = letter
            VNI_ENCODE[letter] = cap_base + low
            capital = letter.upper()
            cap_code = _VNI_SINGLE[base.upper()]
            VNI_DECODE[cap_code + up] = capital
            VNI_DECODE[cap_code + low] = capital
            VNI_ENCODE[capital] = cap_code + up
    for base, modified in (("a", "â"), ("e", "ê"), ("o", "ô")):
        _vni_add(modified, base + _VNI_CIRC[0], base + _VNI_CIRC[1])
        for tone, (low, up) in _VNI_CIRC_TONE.items():
            _vni_add(_toned(modified, tone), base + low, base + up)
    _vni_add("ă", "a" + _VNI_BREVE[0], "a" + _VNI_BREVE[1])
    for tone, (low, up) in _VNI_BREVE_TONE.items():
        _vni_add(_toned("ă", tone), "a" + low, "a" + up)
    VNI_DECODE.setdefault("yï", "ỵ")  # some files type the dot below on "y" like on vowels
    VNI_DECODE.setdefault("YÏ", "Ỵ")


_build_vni()

# Encoded capitals use the upper-case mark ("AÙ"); for their lower-case letter and for
# mixed forms ("Aù", typed with Shift on the letter only) both cases of the mark decode.
for _seq, _letter in list(VNI_DECODE.items()):
    if len(_seq) == 2 and _seq[0].isupper():
        VNI_DECODE.setdefault(_seq[0] + _seq[1].lower(), _letter)
        VNI_DECODE.setdefault(_seq[0] + _seq[1].upper(), _letter)

_VNI_PATTERN = re.compile(
    "|".join(re.escape(seq) for seq in sorted(VNI_DECODE, key=len, reverse=True))
)
_TCVN3_PATTERN = re.compile("[" + "".join(sorted(TCVN3_DECODE)) + "]")
_WORD = re.compile(r"\S+")
_UNICODE_VIETNAMESE = re.compile("[\u0102\u0103\u0110\u0111\u01a0\u01a1\u01af\u01b0\u1ea0-\u1ef9]")


def tcvn3_to_unicode(text: str, upper: bool = False) -> str:
    """Decode TCVN3 text (bytes read as Latin-1/Windows-1252). `upper`: the run used a
    capitals-only font (".VnTimeH"), so every letter is a capital."""
    decoded = _TCVN3_PATTERN.sub(lambda m: TCVN3_DECODE[m.group()], text)
    if upper:
        return decoded.upper()
    lines = decoded.split("\n")
    return "\n".join(_capitals(line) for line in lines)


def _capitals(line: str) -> str:
    """Words typed in capitals with an "H" font: their ASCII letters are capitals, so their
    toned letters (stored with lower-case codes) were capitals too. A line with no lower-case
    ASCII letter is all capitals ("X· HéI"); otherwise a word needs two capitals and no small
    letter, so "Uû ban" stays "Uỷ ban"."""
    ascii_letters = [c for c in line if c.isascii() and c.isalpha()]
    if len(ascii_letters) >= 4 and all(c.isupper() for c in ascii_letters):
        return line.upper()
    return _WORD.sub(_capital_word, line)


def _capital_word(match: re.Match[str]) -> str:
    word = match.group()
    ascii_letters = [c for c in word if c.isascii() and c.isalpha()]
    if len(ascii_letters) >= 2 and all(c.isupper() for c in ascii_letters):
        return word.upper()
    return word


def unicode_to_tcvn3(text: str) -> str:
    """Encode Unicode Vietnamese as TCVN3 (capitals with a tone get the lower-case code, as
    the "H" fonts expect)."""
    return "".join(TCVN3_ENCODE.get(ch, ch) for ch in text)


def vni_to_unicode(text: str) -> str:
    """Decode VNI text (bytes read as Latin-1/Windows-1252)."""
    return _VNI_PATTERN.sub(lambda m: VNI_DECODE[m.group()], text)


def unicode_to_vni(text: str) -> str:
    """Encode Unicode Vietnamese as VNI."""
    return "".join(VNI_ENCODE.get(ch, ch) for ch in text)


def vietnamese_score(text: str) -> int:
    """How many words of `text` are well-formed Vietnamese syllables with a diacritic: the
    yardstick for choosing between readings of the same bytes."""
    count = 0
    for word in _WORD.findall(unicodedata.normalize("NFC", text[:200_000])):
        word = word.strip(".,;:!?()[]\"'“”-–…/")
        if word and not word.isascii() and vtext.is_syllable(word):
            count += 1
    return count


def detect(text: str) -> str | None:
    """ "tcvn3" or "vni" when `text` reads as Vietnamese only after that conversion, else None.
    A clear margin is required so genuine Unicode (or Western European) text is left alone."""
    sample = text[:200_000]
    if sample.isascii():
        return None
    # Letters only Unicode Vietnamese has (ă đ ơ ư, the toned vowels block): legacy text
    # never contains them, so plenty of them settles it without the costlier scoring.
    if len(_UNICODE_VIETNAMESE.findall(sample)) * 50 > len(sample):
        return None
    scores = {
        None: vietnamese_score(sample),
        "tcvn3": vietnamese_score(tcvn3_to_unicode(sample)),
        "vni": vietnamese_score(vni_to_unicode(sample)),
    }
    best = max(scores, key=lambda k: scores[k])
    if best is None or scores[best] < 3 or scores[best] < 2 * scores[None]:
        return None
    return best


def convert(text: str, encoding: str | None, upper: bool = False) -> str:
    """Apply the named legacy decoding ("tcvn3", "vni") or return the text as it is."""
    if encoding == "tcvn3":
        return tcvn3_to_unicode(text, upper=upper)
    if encoding == "vni":
        return vni_to_unicode(text)
    return text
