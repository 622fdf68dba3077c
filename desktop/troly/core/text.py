"""Vietnamese text normalization, folding for diacritic-insensitive search, and tokens.

Tone-mark placement rule (one form for every spelling of a syllable):

- a vowel carrying a modifier (ă â ê ô ơ ư) takes the tone; in "ươ" the "ơ" does
  ("người", "quyết", "thuở");
- otherwise, in a closed syllable (final consonant c ch m n ng nh p t) the last vowel does
  ("toán", "hoàng", "huỳnh");
- otherwise (open syllable) the middle vowel of three ("ngoài", "khuỷu") and the FIRST of two:
  "hòa", "hóa", "thúy", "khỏe", "múa", "mía", "cái";
- the "u" of "qu" and the "i" of "gi" belong to the consonant ("quả", "quý", "già").

For the two-vowel open syllables oa, oe, uy this is the placement Vietnamese legal texts use
(counted on the ALQAC 2023 law corpus: "hòa" 184 vs "hoà" 30, "hóa" 410 vs "hoá" 21, "ủy" 584
vs "uỷ" 110, "khỏe" 105 vs "khoẻ" 21), so normalizing them changes the fewest words in the
documents our users hold. Every other syllable has one accepted placement; misplaced marks
from old keyboards ("tóan", "ngừơi", "qúa", "gìa") are moved to it.
"""

from __future__ import annotations

import re
import unicodedata

_TONE_MARKS = ("\u0300", "\u0301", "\u0309", "\u0303", "\u0323")  # grave acute hook tilde dot
_BASE_VOWELS = "aăâeêioôơuưy"
_MODIFIED = set("ăâêôơư")
_FINALS = ("ch", "ng", "nh", "c", "m", "n", "p", "t")
_INITIALS = (
    "ngh", "ng", "gh", "ch", "kh", "nh", "ph", "th", "tr",
    "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "q", "r", "s", "t", "v", "x",
)  # fmt: skip

# toned letter -> (base letter, tone index); and back.
_SPLIT: dict[str, tuple[str, int]] = {}
_JOIN: dict[tuple[str, int], str] = {}
for _base in _BASE_VOWELS + _BASE_VOWELS.upper():
    for _i, _mark in enumerate(_TONE_MARKS):
        _toned = unicodedata.normalize("NFC", _base + _mark)
        _SPLIT[_toned] = (_base, _i)
        _JOIN[(_base, _i)] = _toned

_T = "".join(_SPLIT)  # every toned vowel
_TU = "".join(c for c, (b, _) in _SPLIT.items() if b.lower() not in _MODIFIED)
_M = "ăâêôơưĂÂÊÔƠƯ"
_V = _BASE_VOWELS + _BASE_VOWELS.upper()
_L = r"[^\W\d_]"

# Cheap pre-filter: only places where a mark may sit on the wrong vowel reach the slow path.
# Every branch starts on the toned or modified vowel itself (the leading class lets the regex
# engine skip everything else quickly); lookbehinds then check what came before it.
_SUSPECT = re.compile(
    f"[{_T}{_M}](?:(?=[{_V}{_T}])(?:"
    + "|".join(
        (
            f"(?<=[{_T}])[{_M}]",  # tone before a modified vowel: "ngừơi", "tìên"
            f"(?<=[{_M}])[{_TU}]",  # tone after a modified vowel: "ngươì", "mưá"
            f"(?<=[{_TU}])[aeiouyAEIOUY](?={_L})",  # closed, tone too early: "tóan", "húynh"
            "(?<=[qQ][ùúủũụÙÚỦŨỤ])",  # "qúa"
            "(?<=[gG][ìíỉĩịÌÍỈĨỊ])",  # "gìa"
        )
    )
    # open syllable, tone on the last of two vowels: "hoà", "thuý" (but not "quá", "giá")
    + f")|(?!{_L})(?<=[{_TU}])(?<=(?:[aeoyAEOY]|(?<![qQ])[uU]|(?<![gG])[iI]).))"
)
_LETTER = re.compile(_L)
_COMBINING_MARK = re.compile("[\u0300-\u036f\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")

_ODD = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\xa0\u00ad\u1680\u2000-\u200f\u2028\u2029\u202f"
    "\u205f\u2060\u3000\ufeff]"
)
_DROP = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u2060\ufeff]")
_NEWLINES = re.compile("\r\n?|[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_SPACES = re.compile("[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_MULTI_SPACE = re.compile("  +")
_LINE_EDGE_SPACES = re.compile(" +\n *|\n +")
_MANY_NEWLINES = re.compile("\n{3,}")
# A hyphen at a line end between two letters is kept as a compound ("ô-\ndôn" -> "ô-dôn"):
# Vietnamese syllables are short and never split; only plain ASCII words lose the hyphen.
# The pattern starts with a literal so the engine can search for it quickly.
_HYPHEN_BREAK = re.compile(r"-(?<=[^\W\d_]-)\n(?=[^\W\d_])")
_ASCII_BEFORE = re.compile(r"(?<![^\W\d_])[a-zA-Z]{2,}$")
_ASCII_AFTER = re.compile(r"[a-z]{2,}(?![^\W\d_])")


def _join_hyphen(match: re.Match[str]) -> str:
    text = match.string
    start, end = match.start(), match.end()
    if _ASCII_AFTER.match(text, end) and _ASCII_BEFORE.search(text, max(0, start - 40), start):
        return ""
    return "-"


_tone_cache: dict[str, str] = {}


def place_tone(syllable: str) -> str:
    """The syllable with its tone mark on the canonical vowel (see the module docstring).
    Words that are not one Vietnamese syllable come back unchanged."""
    cached = _tone_cache.get(syllable)
    if cached is not None:
        return cached
    result = _place_tone(syllable)
    if len(_tone_cache) < 100_000:
        _tone_cache[syllable] = result
    return result


def _place_tone(word: str) -> str:
    tone = -1
    bases: list[str] = []
    for ch in word:
        split = _SPLIT.get(ch)
        if split is not None:
            if tone >= 0:
                return word  # two tones: not one syllable
            tone = split[1]
            bases.append(split[0])
        else:
            bases.append(ch)
    if tone < 0:
        return word
    low = "".join(bases).lower()
    start = _initial_length(low)
    end = len(low)
    for final in _FINALS:
        if low.endswith(final) and end - len(final) > start:
            end -= len(final)
            break
    vowels = low[start:end]
    if not vowels or len(vowels) > 3 or any(v not in _BASE_VOWELS for v in vowels):
        return word
    modified = [i for i, v in enumerate(vowels) if v in _MODIFIED]
    if modified:
        pos = modified[-1]
    elif end < len(low):
        pos = len(vowels) - 1
    elif len(vowels) == 3:
        pos = 1
    else:
        pos = 0
    pos += start
    bases[pos] = _JOIN[(bases[pos], tone)]
    return "".join(bases)


# Every vowel nucleus Vietnamese spells (without tone marks).
# fmt: off
_NUCLEI = frozenset({
    "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y",
    "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iê", "iu", "oa", "oă", "oe", "oi",
    "ôi", "ơi", "oo", "ua", "uâ", "uê", "ui", "uô", "uơ", "uy", "ưa", "ưi", "ưu", "ươ", "yê",
    "iêu", "yêu", "oai", "oay", "oao", "oeo", "uây", "uôi", "ươi", "ươu", "uya", "uyê", "uyu",
})
# fmt: on


def is_syllable(word: str) -> bool:
    """True when `word` is one well-formed Vietnamese syllable: initial consonant, a vowel
    nucleus Vietnamese has, final consonant, at most one tone (only sắc or nặng before c, ch,
    p, t). The test legacy-encoding detection counts on."""
    tone = -1
    bases: list[str] = []
    for ch in word.lower():
        split = _SPLIT.get(ch)
        if split is not None:
            if tone >= 0:
                return False
            tone = split[1]
            bases.append(split[0])
        else:
            bases.append(ch)
    low = "".join(bases)
    start = _initial_length(low)
    end = len(low)
    final = ""
    for candidate in _FINALS:
        if low.endswith(candidate) and end - len(candidate) > start:
            final = candidate
            end -= len(candidate)
            break
    if final in ("c", "ch", "p", "t") and tone not in (-1, 1, 4):
        return False
    return low[start:end] in _NUCLEI


def _initial_length(low: str) -> int:
    if low.startswith("qu") and len(low) > 2 and low[2] in _BASE_VOWELS:
        return 2
    if low.startswith("gi") and len(low) > 2 and low[2] in _BASE_VOWELS:
        return 2
    for initial in _INITIALS:
        if low.startswith(initial):
            return len(initial)
    return 0


def _fix_tones(text: str) -> str:
    parts: list[str] = []
    last = 0
    for match in _SUSPECT.finditer(text):
        start, end = match.start(), match.end()
        if start < last:
            continue  # inside a word already handled
        while start > 0 and _LETTER.match(text, start - 1):
            start -= 1
        while end < len(text) and _LETTER.match(text, end):
            end += 1
        parts.append(text[last:start])
        parts.append(place_tone(text[start:end]))
        last = end
    if not parts:
        return text
    parts.append(text[last:])
    return "".join(parts)


def normalize(text: str) -> str:
    """Text as every part of TroLy stores and compares it: NFC, one tone-mark placement,
    "\\n" line ends, no control or zero-width characters, single spaces, no spaces at line
    edges, at most one blank line in a row, hyphenated line breaks joined where safe.
    Idempotent: normalize(normalize(t)) == normalize(t). Each step is skipped when a fast
    scan shows it has nothing to do, which keeps clean text well above 20 MB/s."""
    text = _nfc(text)
    if _ODD.search(text):
        text = _NEWLINES.sub("\n", text)
        text = _DROP.sub("", text)
        text = _SPACES.sub(" ", text)
    if "  " in text:
        text = _MULTI_SPACE.sub(" ", text)
    if " \n" in text or "\n " in text:
        text = _LINE_EDGE_SPACES.sub("\n", text)
    if "\n\n\n" in text:
        text = _MANY_NEWLINES.sub("\n\n", text)
    if "-\n" in text:
        text = _HYPHEN_BREAK.sub(_join_hyphen, text)
    text = _fix_tones(text)
    return text.strip()


def _nfc(text: str) -> str:
    """NFC, composing only around combining marks: whitespace never composes with its
    neighbours, so each space-delimited word can be composed on its own."""
    if not _COMBINING_MARK.search(text) and unicodedata.is_normalized("NFC", text):
        return text
    parts: list[str] = []
    last = 0
    for match in _COMBINING_MARK.finditer(text):
        start = match.start()
        if start < last:
            continue
        while start > 0 and not text[start - 1].isspace():
            start -= 1
        end = match.end()
        while end < len(text) and not text[end].isspace():
            end += 1
        parts.append(text[last:start])
        parts.append(unicodedata.normalize("NFC", text[start:end]))
        last = end
    parts.append(text[last:])
    text = "".join(parts)
    if unicodedata.is_normalized("NFC", text):
        return text
    return unicodedata.normalize("NFC", text)


_COMBINING = re.compile("[\u0300-\u036f]")


def fold(text: str) -> str:
    """Lower case without diacritics, "đ" folded to "d": the form diacritic-insensitive search
    compares. fold("Quyết định ĐIỀU") == "quyet dinh dieu"."""
    text = unicodedata.normalize("NFD", text.lower())
    return _COMBINING.sub("", text).replace("đ", "d")


_TOKEN = re.compile(r"[^\W_]+")


def tokens(text: str) -> list[str]:
    """Lower-cased syllables and numbers, punctuation dropped: "Điều 16." -> ["điều", "16"]."""
    return _TOKEN.findall(normalize(text).lower())
