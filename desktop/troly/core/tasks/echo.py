"""What a small model writes back of its own prompt before or instead of answering: the label
"Câu hỏi:", the question restated ("Con trai bao nhiêu tuổi thì được lấy vợ? Con trai …"),
or the prompt's instruction copied ("Nêu con số, thời hạn, điều kiện … chép đúng từ nguồn").
Seen with the 1.5B default model in about one open answer in ten. The user asked the question
and never saw the instruction: neither is part of the answer, and the sentence check would
otherwise weigh them as claims."""

from __future__ import annotations

import re

from troly.core.tasks.question import OPEN_ANSWER_SHAPE
from troly.core.words import content_terms

# A label the model puts before the question it restates or before its answer.
_LABEL = re.compile(
    r"^\s*(?:câu hỏi|câu trả lời|trả lời|đáp án|answer|question)\s*:\s*", re.IGNORECASE
)
# A sentence with its citation marks: up to its end mark and the marks after it.
_SENTENCE = re.compile(r".+?(?:[.!?](?:\s*,?\s*\[\d{1,2}\])*(?=\s|$)|$)", re.DOTALL)
_MARKS = re.compile(r"\[\d{1,2}\]")
# Share of a sentence's content terms found in the question (or the instruction) for it to
# count as a copy of it: a real answer repeats the question's subject, but adds the figure,
# the condition or the body asked for, which the question lacks.
ECHOED = 0.75


def _share_in(sentence: set[str], source: set[str]) -> float:
    return len(sentence & source) / len(sentence) if sentence else 0.0


def _sentences(text: str) -> list[str]:
    return [m.group(0) for m in _SENTENCE.finditer(text) if m.group(0).strip()]


def without_echo(answer: str, question: str) -> str:
    """The answer without a leading label, a leading restatement of the question (a sentence
    ending in "?" made of the question's words) and any sentence copying the instruction.
    Unchanged when nothing was echoed; "" when the answer was nothing but echo."""
    instruction = content_terms(OPEN_ANSWER_SHAPE)
    asked = content_terms(question)
    text = answer.strip()
    unlabelled = _LABEL.sub("", text, count=1)
    sentences = _sentences(unlabelled)
    kept: list[str] = []
    for sentence in sentences:
        plain = re.sub(r"(?:\s*,?\s*\[\d{1,2}\])+\s*$", "", sentence.strip())
        # Compared without its citation marks: "[1], [2], [3]" are no words of the question.
        terms = content_terms(_MARKS.sub(" ", sentence))
        if not kept and plain.endswith("?") and _share_in(terms, asked) >= ECHOED:
            continue  # the question restated before the answer
        if _share_in(terms, instruction) >= ECHOED:
            continue  # the prompt's own instruction
        kept.append(sentence)
    if kept == sentences and unlabelled == text:
        return text
    return _LABEL.sub("", "".join(kept).strip(), count=1)
