"""What kind of question the user asked, so the answer can take the shape the question needs.

A true/false question ("…, đúng hay sai?") is answered "Đúng." or "Sai." first; a multiple
choice question (options A-D given apart or written in the question) with the letter first;
anything else directly. A small model follows a shape it is told at the end of the prompt far
better than a general rule, and a fixed first word can be graded and shown as a verdict.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

from troly.core.text import fold, normalize
from troly.core.words import Query, analyse, has_diacritics

Kind = Literal["true_false", "choice", "open"]

# Phrasings of a true/false question, as typed with accents: "đúng không" is not the "dụng
# không" of "còn được sử dụng không?", which asks an open question.
_TRUE_FALSE = re.compile(
    r"\b(đúng hay sai|đúng hoặc sai|đúng không|có đúng không|phải không|sai không)\b", re.I
)
# Typed without accents, "dung khong" may be either: only a tag after a comma or after "có" or
# "là" ("…, dung khong?", "… co dung khong?") asks whether a statement is true.
_TRUE_FALSE_FOLDED = re.compile(
    r"\b(dung hay sai|dung hoac sai|phai khong)\b|(?:,|\bco|\bla)\s*(dung|sai) khong\b", re.I
)
# "…, đúng hay sai?" and "… là đúng hay sai?" ending a true/false statement.
_TRAILING_TRUE_FALSE = re.compile(
    r"(?:[,;.]|\s+là)?\s*"
    r"(đúng hay sai|đúng hoặc sai|có đúng không|đúng không|phải không)\s*\??\s*$",
    re.I,
)
# An option written inside the question: "A. …", "B) …" at a line start or after a separator.
_INLINE_CHOICE = re.compile(r"(?:^|\n|\s)([A-H])[.)]\s+(.+?)(?=(?:\n|\s)[A-H][.)]\s|\Z)", re.S)
_LETTER = re.compile(r"^\W*(?:phương án|đáp án|chọn)?\s*\(?([A-H])\)?(?:[.):,\s]|$)", re.I)
_VERDICT = re.compile(r"^\W*(đúng|sai)\b", re.I)

VERDICTS = ("Đúng", "Sai")


# What an open question's answer must look like, said at the end of the prompt. Said plainly,
# or a small model answers "Đúng." or a bare number, or restates the sources one by one
# ("Tổng hợp các thông tin từ các nguồn…").
OPEN_ANSWER_SHAPE = (
    "Trả lời thẳng vào câu hỏi ngay câu đầu: nêu con số, thời hạn, điều kiện hoặc "
    "cơ quan mà câu hỏi cần, chép đúng từ nguồn, có số nguồn. Nhiều nhất hai câu, "
    "không nhắc lại từng nguồn."
)


@dataclass(frozen=True)
class Question:
    """A question with its kind and, for multiple choice, its options by letter."""

    text: str
    kind: Kind = "open"
    choices: dict[str, str] = field(default_factory=dict)

    @cached_property
    def words(self) -> Query:
        """The question's words, analysed once (words.py): what it is searched with."""
        return analyse(self.text)

    @cached_property
    def match_words(self) -> Query:
        """The words a passage's clauses are matched with: the question and every option."""
        return analyse(" ".join([self.text, *self.choices.values()]))

    def statement(self) -> str:
        """A true/false question's statement, without its "…, đúng hay sai?"."""
        return _TRAILING_TRUE_FALSE.sub("", self.text).rstrip(" ,;.")

    def prompt_block(self) -> str:
        """The question as the prompt shows it, ending with the shape the answer must take.
        A statement to judge is called one, and the model is told to compare its details with
        the sources: a small model otherwise tends to agree with whatever it is shown."""
        if self.kind == "true_false":
            return (
                f"Nhận định: {self.statement()}.\n"
                "Đối chiếu từng chi tiết của nhận định (ai, việc gì, con số, thời hạn, điều kiện) "
                "với nguồn: chỉ một chi tiết khác nguồn là sai. Trả lời bắt đầu bằng “Đúng.” "
                "hoặc “Sai.”, rồi một câu nêu căn cứ, có số nguồn."
            )
        lines = [f"Câu hỏi: {self.text}"]
        if self.kind == "choice":
            lines += [f"{letter}. {text}" for letter, text in self.choices.items()]
            letters = ", ".join(self.choices)
            lines.append(
                "Xét từng phương án với nguồn. Trả lời bắt đầu bằng chữ cái của phương án đúng "
                f"({letters}) và dấu chấm, rồi một câu nêu căn cứ, có số nguồn."
            )
        else:
            lines.append(OPEN_ANSWER_SHAPE)
        return "\n".join(lines)

    def option_block(self, option: str) -> str:
        """One option of a multiple choice question (its text) put to the model as an answer
        to judge, ending as a true/false judgment does: each option is scored "Đúng"/"Sai" by
        itself (ask._choose). Asked for a letter among four, the 1.5B model chose the right one
        in 8 of 34 ALQAC questions (chance); judging each option, in 22."""
        return (
            f"Câu hỏi: {self.text}\n"
            f"Đáp án cần xét: {option}\n"
            "Đối chiếu từng chi tiết của đáp án này (ai, việc gì, con số, thời hạn, điều kiện) "
            "với nguồn: đáp án đúng khi nguồn cho thấy nó trả lời đúng câu hỏi. Trả lời bắt đầu "
            "bằng “Đúng.” hoặc “Sai.”, rồi một câu nêu căn cứ, có số nguồn."
        )


def parse_question(
    text: str, choices: dict[str, str] | None = None, kind: Kind | None = None
) -> Question:
    """The kind of a question; options given apart win over options written in the text. A
    kind the caller knows (a form's "true/false" box, a question bank's label) wins: a
    statement to be judged true or false need not say "đúng hay sai"."""
    text = normalize(text).strip()
    if kind == "true_false" or (kind == "open" and not choices):
        return Question(text, kind)
    if choices:
        options = {k.strip().upper(): normalize(v).strip() for k, v in choices.items()}
        return Question(text, "choice", options)
    inline = _inline_choices(text)
    if inline:
        stem, options = inline
        return Question(stem, "choice", options)
    tag = _TRUE_FALSE.search(text) if has_diacritics(text) else _TRUE_FALSE_FOLDED.search(text)
    if tag:
        return Question(text, "true_false")
    return Question(text, "open")


def _inline_choices(text: str) -> tuple[str, dict[str, str]] | None:
    matches = list(_INLINE_CHOICE.finditer(text))
    letters = [m.group(1) for m in matches]
    # Only a real list of options: at least two, lettered A, B, C … in order.
    if len(matches) < 2 or letters != [chr(ord("A") + i) for i in range(len(letters))]:
        return None
    stem = text[: matches[0].start()].strip()
    if not stem:
        return None
    return stem, {m.group(1): " ".join(m.group(2).split()) for m in matches}


def answer_choice(answer: str, question: Question) -> str | None:
    """The letter an answer gives first, for a multiple choice question (None: none given)."""
    if question.kind != "choice":
        return None
    match = _LETTER.match(answer.strip())
    if match and match.group(1).upper() in question.choices:
        return match.group(1).upper()
    return None


def answer_verdict(answer: str) -> str | None:
    """ "Đúng" or "Sai" when the answer opens with one of them, else None."""
    match = _VERDICT.match(answer.strip())
    if not match:
        return None
    return "Đúng" if fold(match.group(1)) == "dung" else "Sai"
