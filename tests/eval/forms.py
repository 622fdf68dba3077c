"""Three forms of a question, the ways people type it (generated here, deterministic):

- "written": as written;
- "plain": without diacritics, as typed on a keyboard with no Vietnamese input method (the
  letters of `troly.core.text.fold`, but case and punctuation kept: "Đ" -> "D");
- "spoken": as said to a colleague: an opening ("Cho mình hỏi, ") and a closing ("... vậy ạ?")
  around the question, and exactly one syllable of the question with a wrong tone mark, the
  slip of a quick typist or of speech-to-text ("hỏi" -> "hỗi").

The choices made for the spoken form (opening, syllable, tone) come from a random.Random
seeded with a stable hash of the question's id (zlib.crc32), so every run asks the same text.
"""

from __future__ import annotations

import random
import re
import unicodedata
import zlib

FORMS = ("written", "plain", "spoken")
OPENINGS = ("Cho mình hỏi, ", "Cho em hỏi, ", "Anh chị cho hỏi, ")
CLOSING = " vậy ạ?"
# The five tone marks, as NFD combining characters: grave, acute, hook above, tilde, dot below.
TONES = ("\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
_ACUTE, _DOT = "\u0301", "\u0323"
# A syllable closed by a stop (-c, -ch, -p, -t) takes only the acute or the dot below: "một"
# may become "mốt", never "mỗt".
_STOP_FINAL = re.compile(r"(?:c|ch|p|t)$", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+")
_TRAILING = re.compile(r"[\s?.!…:;,]+$")


def plain(text: str) -> str:
    """The text without diacritics, case and punctuation kept: "Điều 5." -> "Dieu 5."."""
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", stripped.replace("đ", "d").replace("Đ", "D"))


def tone_of(syllable: str) -> str | None:
    """The tone mark (one of TONES) a syllable carries, or None (level tone)."""
    return next((c for c in unicodedata.normalize("NFD", syllable) if c in TONES), None)


def with_tone(syllable: str, tone: str) -> str:
    """The syllable with its tone mark replaced by `tone` (on the same vowel), NFC, as a
    keyboard writes it: "ộ" with a hook is "ổ". The new mark goes after the vowel's other marks,
    not in the old one's place: NFD puts a dot below before a circumflex or a breve, and a hook
    put there would stay a loose mark ("ỏ̂") that no keyboard types."""
    decomposed = unicodedata.normalize("NFD", syllable)
    at = next(i for i, c in enumerate(decomposed) if c in TONES)
    rest = decomposed[:at] + decomposed[at + 1 :]
    end = at
    while end < len(rest) and unicodedata.combining(rest[end]):
        end += 1
    return unicodedata.normalize("NFC", rest[:end] + tone + rest[end:])


def _other_tones(syllable: str) -> list[str]:
    current = tone_of(syllable)
    if _STOP_FINAL.search(plain(syllable)):
        return [t for t in (_ACUTE, _DOT) if t != current]
    return [t for t in TONES if t != current]


def _seed(seed_key: str) -> random.Random:
    return random.Random(zlib.crc32(seed_key.encode("utf-8")))


def spoken(text: str, seed_key: str) -> str:
    """The question as said aloud: an opening, the question with its first letter lower-cased
    (unless its second letter is upper case: "ĐIỀU", "TP."), "?" at the end replaced by
    " vậy ạ?" (added when missing), and one toned syllable's tone changed."""
    rng = _seed(seed_key)
    opening = rng.choice(OPENINGS)
    body = unicodedata.normalize("NFC", text.strip())
    body = _TRAILING.sub("", body)
    if len(body) >= 2 and body[1].islower():
        body = body[0].lower() + body[1:]
    toned = [m for m in _WORD.finditer(body) if tone_of(m.group()) is not None]
    if toned:
        m = rng.choice(toned)
        word = m.group()
        changed = with_tone(word, rng.choice(_other_tones(word)))
        body = body[: m.start()] + changed + body[m.end() :]
    return opening + body + CLOSING


def forms(text: str, seed_key: str) -> dict[str, str]:
    """{"written", "plain", "spoken"} -> the question in that form."""
    written = unicodedata.normalize("NFC", text)
    return {"written": written, "plain": plain(written), "spoken": spoken(written, seed_key)}
