"""Questions about figures over tables, answered by computing on the table's rows.

"Tổng số hồ sơ của các xã", "xã nào có tỷ lệ đúng hạn thấp nhất", "tăng bao nhiêu so với kỳ
trước", "bao nhiêu xã đạt trên 90%": when the question has that form (table_question.py) and
the passages retrieval finds first are rows of a table, the table kept with the file
(IndexStore.tables) is found, the figure computed by code (table_compute.py), and the answer
built: the figure first, then every cell it used with its address and the number of the
passage that holds its row. The model only words the first sentence; a sentence of its that
gives a number other than the computed ones, or leaves out the figure or the row it names, is
replaced by the template's, which is right on its own (a base model such as Gemma 3 270M
cannot follow the instruction). When no table or no clear column is found, None: the question
takes the usual path (ask.py), never a refusal.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from troly.core import audit
from troly.core.documents.tables import TABLE_HEADER, caption
from troly.core.engine.base import ChatMessage, Engine, GenerationParams, GenerationStats
from troly.core.index.store import Hit, IndexStore
from troly.core.numbers import format_number, numbers_in
from troly.core.tasks.ask import Answer, Source
from troly.core.tasks.question import Question
from troly.core.tasks.table_compute import Cell, Result, compute
from troly.core.tasks.table_question import figure_question, folded

# Retrieval's first passages looked at for a table's rows: the best ones, not any table.
TABLE_HITS = 3
MAX_LISTED = 25  # cells listed under the figure; the rest are counted
WORD_WITH_MODEL = True  # let the model word the first sentence (checked, see _worded)
WORDING_TOKENS = 60
WORDING_PROMPT = (
    "Bạn là trợ lý của cơ quan nhà nước Việt Nam. Viết lại kết quả đã tính thành đúng một câu "
    "trả lời ngắn cho câu hỏi, bằng tiếng Việt, giữ nguyên mọi con số và tên, không thêm số nào."
)
_CITATION = re.compile(r"\s*\[\d{1,2}\]")
# A worded sentence that says the opposite of the figure ("tăng" for a fall, "cao nhất" for
# the lowest) cannot stand, whatever its numbers.
_OPPOSITE = {
    "up": re.compile(r"\b(giam|thap hon|it hon)\b"),
    "down": re.compile(r"\b(tang|cao hon|nhieu hon)\b"),
    "max": re.compile(r"\b(thap|it|nho|kem) nhat\b"),
    "min": re.compile(r"\b(cao|nhieu|lon|tot) nhat\b"),
}
_NEVER = re.compile(r"(?!)")


@dataclass
class _Found:
    result: Result
    hit: Hit
    sources: list[Source]
    cites: dict[str, int]  # a row's rendered line -> the number of the passage holding it


def answer_from_tables(
    engine: Engine,
    store: IndexStore,
    q: Question,
    collection: str,
    cancel: threading.Event | None = None,
    top_k: int = 5,
) -> tuple[Answer, Iterator[str]] | None:
    """The answer computed from a table, with its stream; None when the question is not
    about figures of a table that retrieval finds (the usual path answers it then)."""
    if q.kind != "open":
        return None
    fq = figure_question(q.text)
    if fq is None:
        return None
    hits = store.search(q.words, collection, top_k)
    found = _locate(store, collection, hits, lambda table: compute(fq, table))
    if found is None:
        return None
    audit.record(
        audit.QUESTION_ASKED,
        sorted({s.file for s in found.sources}),
        connection=store.db,
        collection=collection,
        found=True,
    )
    template = lead_sentence(found.result) + _cite(found, found.result.picked or found.result.cells)
    details = detail_lines(found)
    answer = Answer(q.text, found.sources, kind="open")
    answer.table = as_json(found)

    def pieces() -> Iterator[str]:
        lead, wording = template, "template"
        if WORD_WITH_MODEL and not (cancel is not None and cancel.is_set()):
            worded, stats, wording = _worded(engine, q.text, found.result, cancel)
            answer.stats = stats
            if worded:
                lead = worded + _cite(found, found.result.picked or found.result.cells)
        answer.table = {**as_json(found), "wording": wording}
        text = "\n".join([lead, *details])
        answer.text = text
        yield text
        answer.finish()

    return answer, pieces()


def _locate(store: IndexStore, collection: str, hits: list[Hit], compute_on: Any) -> _Found | None:
    """The first of the best passages that is rows of a table whose figure can be computed."""
    for hit in hits[:TABLE_HITS]:
        header = next((m for m in map(TABLE_HEADER.match, hit.text.splitlines()) if m), None)
        if header is None:
            continue
        for table in store.tables(collection, hit.file, hit.page):
            line = header.string.rstrip("…")
            rendered = f"{caption(table.name)} — cột: " + " | ".join(table.columns())
            if not rendered.startswith(line):
                continue
            result = compute_on(table)
            if result is not None:
                return _with_sources(store, collection, hit, result)
    return None


def _with_sources(store: IndexStore, collection: str, hit: Hit, result: Result) -> _Found:
    """The passages of the table's page that hold the rows used, numbered in order of use."""
    passages = store.file_passages(collection, hit.file, hit.page) or [hit]
    sources: list[Source] = []
    numbers: dict[int, int] = {}
    cites: dict[str, int] = {}
    holders: dict[str, Hit] = {}
    for passage in passages:
        for line in passage.text.splitlines():
            holders.setdefault(line, passage)
    for cell in [*result.cells, *result.base_cells, *([result.total] if result.total else [])]:
        holder = holders.get(cell.line, hit)
        if holder.chunk_id not in numbers:
            numbers[holder.chunk_id] = len(sources) + 1
            sources.append(
                Source(
                    len(sources) + 1,
                    holder.file,
                    holder.page,
                    holder.heading,
                    holder.text,
                    holder.pages_estimated,
                    holder.text,
                )
            )
        cites[cell.line] = numbers[holder.chunk_id]
    return _Found(result, hit, sources, cites)


def _cite(found: _Found, cells: list[Cell]) -> str:
    numbers = sorted({found.cites[c.line] for c in cells if c.line in found.cites})
    return "".join(f" [{n}]" if i == 0 else f"[{n}]" for i, n in enumerate(numbers)) + "."


def _figure(value: Decimal, percent: bool) -> str:
    return format_number(value, percent)


def lead_sentence(result: Result) -> str:
    """The figure first, in a sentence that is right without the model (no final stop)."""
    figure = _figure(result.value, result.rate)
    column, unit, n = f"“{result.column}”", result.unit, len(result.cells)
    names = ", ".join(c.row for c in result.picked)
    if result.operation == "sum":
        if n == 1:
            return f"{column} của {result.cells[0].row} là {figure}"
        return f"Tổng {column} của {n} {unit} là {figure}"
    if result.operation == "average":
        return f"Trung bình {column} của {n} {unit} là {figure}"
    if result.operation in ("max", "min"):
        extreme = "cao nhất" if result.operation == "max" else "thấp nhất"
        return f"{names} có {column} {extreme}: {figure}"
    if result.operation == "count":
        assert result.threshold is not None
        condition = result.threshold.shown(
            _figure(result.threshold.value, result.threshold.percent)
        )
        if not result.picked:
            return f"Không có {unit} nào trong {n} {unit} có {column} {condition}"
        return f"Có {len(result.picked)}/{n} {unit} có {column} {condition}: {names}"
    return _difference_sentence(result)


def _difference_sentence(result: Result) -> str:
    change = result.value
    points = " điểm phần trăm" if result.percent else ""
    moved = "tăng" if change > 0 else "giảm"
    amount = format_number(abs(change)) + points
    relative = ""
    if not result.percent and result.base and change:
        rate = abs(change) / abs(result.base) * 100
        relative = f", tức {moved} {format_number(rate, True)}"
    current = _figure(result.current, result.percent)
    base = _figure(result.base, result.percent)
    who = result.cells[0].row if len(result.cells) == 1 else f"{len(result.cells)} {result.unit}"
    said = f"“{result.column}” của {who} là {current}"
    if len(result.cells) > 1:
        said = "Tổng " + said
    if change == 0:
        return f"{said}, không đổi so với “{result.base_column}” ({base})"
    return f"{said}, {moved} {amount} so với “{result.base_column}” ({base}){relative}"


def detail_lines(found: _Found) -> list[str]:
    """Which cells the figure comes from, each with its address and passage number."""
    result = found.result
    lines = [f"Số liệu từ bảng “{result.table.name}” ({Path(found.hit.file).name}):"]
    cells = result.cells
    if result.operation in ("max", "min"):
        cells = sorted(cells, key=lambda c: c.value, reverse=result.operation == "max")
    shown = cells[:MAX_LISTED]
    base = dict(zip([c.line for c in result.cells], result.base_cells, strict=False))
    for cell in shown:
        line = f"- {cell.row}: {cell.text} (ô {cell.address})"
        if cell.line in base:
            line += f" so với {base[cell.line].text} (ô {base[cell.line].address})"
        if result.operation == "count":
            line += " — đạt" if cell in result.picked else " — không đạt"
        lines.append(line + _cite(found, [cell])[:-1])
    if len(cells) > len(shown):
        lines.append(f"- … và {len(cells) - len(shown)} {result.unit} khác trong cùng bảng.")
    if result.total is not None:
        lines.append(_total_line(found, result.total))
    return lines


def _total_line(found: _Found, total: Cell) -> str:
    result = found.result
    agrees = total.value == result.value
    verdict = (
        "khớp với tổng tính được"
        if agrees
        else f"khác tổng tính được ({_figure(result.value, result.percent)})"
    )
    return (
        f"Dòng “{total.row}” của bảng ghi {total.text} (ô {total.address})"
        f"{_cite(found, [total])[:-1]}: {verdict}."
    )


def _worded(
    engine: Engine, question: str, result: Result, cancel: threading.Event | None
) -> tuple[str, GenerationStats, str]:
    """The model's wording of the result in one sentence, when it keeps the figure, the rows
    it names and no number of its own; else "" (the template stands) and why."""
    fact = lead_sentence(result)
    messages = [
        ChatMessage("system", WORDING_PROMPT),
        ChatMessage("user", f"Câu hỏi: {question}\nKết quả đã tính: {fact}.\nCâu trả lời:"),
    ]
    stop = threading.Event()
    stream = engine.stream_chat(messages, GenerationParams.greedy(WORDING_TOKENS), stop)
    text = ""
    for piece in stream:
        text += piece
        if "\n" in text.strip() or (cancel is not None and cancel.is_set()):
            stop.set()
    if cancel is not None and cancel.is_set():
        return "", stream.stats, "template: stopped"  # the computed answer stands whole
    # Stopped by us after its sentence: the answer is complete, not cut short by the user.
    stream.stats.finish_reason = "stop"
    sentence = _CITATION.sub("", text.strip().split("\n")[0]).strip().rstrip(".")
    verdict = check_wording(sentence, result)
    return (sentence if verdict == "model" else ""), stream.stats, verdict


def check_wording(sentence: str, result: Result) -> str:
    """ "model" when the sentence can stand for the template; else why it cannot."""
    if len(sentence) < 10 or len(sentence) > 300:
        return "template: no sentence"
    allowed = {v.quantize(Decimal("0.01")) for v in _allowed_numbers(result)}
    said = [v.quantize(Decimal("0.01")) for v in numbers_in(sentence)]
    # A change is written as its size after "giảm"/"tăng": -5 is said "giảm 5".
    figure = abs(result.value) if result.operation == "difference" else result.value
    if figure.quantize(Decimal("0.01")) not in said:
        return "template: figure missing"
    if any(v not in allowed for v in said):
        return "template: numbers not computed"
    if any(folded(c.row) not in folded(sentence) for c in result.picked[:5]):
        return "template: rows missing"
    if _OPPOSITE.get(_direction(result), _NEVER).search(folded(sentence)):
        return "template: direction"
    return "model"


def _direction(result: Result) -> str:
    if result.operation == "difference":
        return "up" if result.value > 0 else "down" if result.value < 0 else ""
    return result.operation


def _allowed_numbers(result: Result) -> list[Decimal]:
    values = [result.value, result.current, result.base, Decimal(len(result.cells))]
    values += [c.value for c in (*result.cells, *result.base_cells)]
    values += [Decimal(len(result.picked))]
    if result.threshold is not None:
        values.append(result.threshold.value)
    if result.operation == "difference":
        values.append(abs(result.value))
        if result.base:
            values.append(abs(result.value) / abs(result.base) * 100)
    return values


def as_json(found: _Found) -> dict[str, Any]:
    """The computation as the CLI's --json and history keep it."""
    result = found.result

    def cell(c: Cell) -> dict[str, Any]:
        return {
            "row": c.row,
            "text": c.text,
            "address": c.address,
            "source": found.cites.get(c.line),
        }

    return {
        "operation": result.operation,
        "table": result.table.name,
        "file": found.hit.file,
        "page": found.hit.page,
        "column": result.column,
        "value": format_number(result.value, result.rate),
        "cells": [cell(c) for c in result.cells],
        "picked": [cell(c) for c in result.picked],
        "base_column": result.base_column,
        "base_cells": [cell(c) for c in result.base_cells],
        "total": cell(result.total) if result.total else None,
    }
