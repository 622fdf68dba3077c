"""Answers with citations, with the real model over a real indexed PDF."""

from __future__ import annotations

from pathlib import Path

from tests.core.index.conftest import law_pdf

from troly.core.engine.llama import ALIGNED_BATCH
from troly.core.index.store import Hit, IndexStore
from troly.core.index.sync import sync_collection
from troly.core.tasks.ask import (
    NEAREST,
    NO_ANSWER,
    NOT_FOUND,
    PASSAGES_MAX,
    SYSTEM_PROMPT,
    Answer,
    Source,
    ask,
    build_prompt,
    distinct,
)

ARTICLES = [
    (1, "Phạm vi điều chỉnh", "Luật này quy định về quyền và nghĩa vụ của viên chức."),
    (2, "Thời giờ làm việc", "Viên chức làm việc tám giờ mỗi ngày và bốn mươi giờ mỗi tuần."),
    (3, "Nghỉ phép năm", "Viên chức được nghỉ phép năm mười hai ngày làm việc."),
    (4, "Khen thưởng", "Viên chức có thành tích xuất sắc được khen thưởng theo quy định."),
]


def test_answer_streams_with_citations(engine, store: IndexStore, tmp_path: Path) -> None:
    law_pdf(tmp_path / "luat.pdf", ARTICLES)
    sync_collection(store, "luat", [tmp_path / "luat.pdf"])
    answer, pieces = ask(
        engine, store, "Viên chức được nghỉ phép năm bao nhiêu ngày?", "luat", max_tokens=40
    )
    streamed = list(pieces)
    assert answer.found
    # What was streamed is kept as written; the text shown is the checked one.
    assert streamed and answer.raw_text == "".join(streamed).strip()
    assert answer.check is not None and answer.text
    assert answer.stats.prompt_tokens > 0
    top = answer.sources[0]
    assert top.number == 1
    assert Path(top.file).name == "luat.pdf"
    assert top.page == 2  # two articles a page: Điều 3 is on page 2
    assert top.heading.endswith("Điều 3. Nghỉ phép năm")
    assert answer.cited  # the cited sources, or all sources when the model cited none
    data = answer.as_json()
    assert data["citations"][0]["file"] == top.file and data["found"] is True
    assert data["stats"]["prompt_tokens"] == answer.stats.prompt_tokens
    assert data["raw_answer"] == answer.raw_text and isinstance(data["claims"], list)


def test_the_system_prompt_is_served_from_the_cache_on_the_next_question(
    engine, store: IndexStore, tmp_path: Path
) -> None:
    law_pdf(tmp_path / "luat.pdf", ARTICLES)
    sync_collection(store, "luat", [tmp_path / "luat.pdf"])
    engine.reset_cache()
    first, pieces = ask(engine, store, "Viên chức làm việc mấy giờ mỗi ngày?", "luat", max_tokens=8)
    list(pieces)
    second, pieces = ask(
        engine, store, "Viên chức nghỉ phép năm bao nhiêu ngày?", "luat", max_tokens=8
    )
    list(pieces)
    # Answers are greedy, so the engine reuses whole aligned batches of the cached prompt (see
    # troly.core.engine.llama): the system prompt's, up to the last batch boundary in it.
    system = engine.count_tokens(SYSTEM_PROMPT) // ALIGNED_BATCH * ALIGNED_BATCH
    assert system > 0
    assert first.stats.reused_prompt_tokens < system
    assert second.stats.reused_prompt_tokens >= system


def test_an_answer_of_citation_marks_only_is_not_an_answer() -> None:
    sources = [
        Source(n, "/d/luat.pdf", 1, f"Điều {n}.", "Viên chức làm việc tám giờ.", False)
        for n in (1, 2, 3)
    ]
    answer = Answer("Viên chức làm việc mấy giờ?", sources, text="[2] [3]")
    answer.finish()
    assert not answer.answered and answer.text == NO_ANSWER and answer.raw_text == "[2] [3]"
    assert answer.as_json()["answered"] is False
    told = Answer("?", sources, text="Không tìm thấy thông tin này trong tài liệu. [1]")
    told.finish()
    assert not told.found and told.text == NOT_FOUND


def test_a_verdict_alone_does_not_answer_an_open_question() -> None:
    # Seen with the 1.5B model on the bundled samples: "… bao nhiêu hồ sơ?" → "Đúng. [1], [2]".
    sources = [
        Source(n, "/d/bao-cao.docx", 1, "Kết quả", "Tiếp nhận 12.460 hồ sơ.", False)
        for n in (1, 2, 3)
    ]
    open_answer = Answer("Đã tiếp nhận bao nhiêu hồ sơ?", sources, text="Đúng. [1], [2], [3]")
    open_answer.finish()
    assert not open_answer.answered and open_answer.text == NO_ANSWER
    verdict = Answer("Tiếp nhận 12.460 hồ sơ, đúng hay sai?", sources, kind="true_false")
    verdict.text = "Đúng. [1]"
    verdict.finish()
    assert verdict.answered and verdict.text.startswith("Đúng.")


def test_only_a_question_that_needs_a_verdict_is_told_to_give_one(engine) -> None:
    text = "Điều 3. Giờ làm việc\nTám giờ một ngày."
    hits = [Hit("/d/luat.pdf", 1, 1, "Điều 3.", text, 1.0, 1, False)]
    open_q, _ = build_prompt(engine, "Viên chức làm việc mấy giờ mỗi ngày?", hits)
    judged, _ = build_prompt(engine, "Viên chức làm việc tám giờ mỗi ngày, đúng hay sai?", hits)
    assert "“Đúng.”" not in open_q[0].content + open_q[1].content
    assert "“Đúng.”" in judged[1].content


def test_nothing_relevant_says_so_without_the_model(
    engine, store: IndexStore, tmp_path: Path
) -> None:
    law_pdf(tmp_path / "luat.pdf", ARTICLES)
    sync_collection(store, "luat", [tmp_path / "luat.pdf"])
    answer, pieces = ask(engine, store, "Giá vàng hôm nay ở Hà Nội là bao nhiêu?", "luat")
    assert list(pieces) == [NOT_FOUND]
    assert not answer.found and answer.text == NOT_FOUND and answer.as_json()["citations"] == []


def test_a_clause_deep_in_a_long_article_answers(engine, store: IndexStore, tmp_path: Path) -> None:
    # A passage's own vector is of its heading and first words; the clause that answers is
    # often the fourth. Judged by the passage's vector, this question was "not found".
    law = tmp_path / "luat.txt"
    law.write_text(
        "Điều 11. Quyền của viên chức về hoạt động nghề nghiệp\n"
        "1. Được pháp luật bảo vệ trong hoạt động nghề nghiệp.\n"
        "2. Được đào tạo, bồi dưỡng nâng cao trình độ chính trị, chuyên môn, nghiệp vụ.\n"
        "Điều 12. Quyền của viên chức về tiền lương và các chế độ liên quan\n"
        "1. Được trả lương tương xứng với vị trí việc làm, chức danh nghề nghiệp, chức vụ quản lý "
        "và kết quả thực hiện công việc hoặc nhiệm vụ được giao; được hưởng phụ cấp và chính "
        "sách ưu đãi trong trường hợp làm việc ở miền núi, biên giới, hải đảo.\n"
        "2. Được hưởng tiền làm thêm giờ, tiền làm đêm, công tác phí và chế độ khác theo quy "
        "định của pháp luật và quy chế của đơn vị sự nghiệp công lập.\n"
        "3. Được hưởng tiền thưởng, được xét nâng lương theo quy định của pháp luật và quy chế "
        "của đơn vị sự nghiệp công lập.\n"
        "4. Viên chức bị kỷ luật khiển trách hoặc cảnh cáo thì bị kéo dài thời hạn nâng lương "
        "thêm 06 tháng kể từ ngày quyết định kỷ luật có hiệu lực.\n"
        "Điều 13. Quyền của viên chức về nghỉ ngơi\n"
        "1. Được nghỉ hằng năm, nghỉ lễ, nghỉ việc riêng theo quy định của pháp luật.\n",
        encoding="utf-8",
    )
    sync_collection(store, "luat", [law])
    answer, pieces = ask(
        engine, store, "Bị kỷ luật cảnh cáo thì lùi nâng lương mấy tháng?", "luat", max_tokens=4
    )
    list(pieces)
    assert answer.found, answer.text
    assert "Điều 12" in answer.sources[0].heading
    assert "06 tháng" in answer.sources[0].text


def test_how_a_person_asks_is_no_word_the_documents_lack(
    engine, store: IndexStore, tmp_path: Path
) -> None:
    law_pdf(tmp_path / "luat.pdf", ARTICLES)
    sync_collection(store, "luat", [tmp_path / "luat.pdf"])
    # "tôi muốn", "muốn hỏi", "bạn ơi" are in no law; they once made half the question unknown.
    for question in (
        "Tôi muốn hỏi viên chức nghỉ phép năm thế nào?",
        "Bạn ơi, viên chức nghỉ phép năm thế nào?",
    ):
        answer, pieces = ask(engine, store, question, "luat", max_tokens=4)
        list(pieces)
        assert answer.found, question


def test_a_law_the_documents_lack_is_said_beside_the_answer(
    engine, store: IndexStore, tmp_path: Path
) -> None:
    articles = [
        (1, "Phạm vi điều chỉnh", "Luật Viên chức quy định về quyền của viên chức."),
        ARTICLES[1],
        (3, "Nghỉ phép năm", "Viên chức được nghỉ phép năm mười hai ngày, để du lịch, nghỉ ngơi."),
        ARTICLES[3],
    ]
    law_pdf(tmp_path / "luat.pdf", articles)
    sync_collection(store, "luat", [tmp_path / "luat.pdf"])
    held, pieces = ask(
        engine,
        store,
        "Theo Luật Viên chức, viên chức được nghỉ phép năm bao nhiêu ngày để du lịch?",
        "luat",
        max_tokens=4,
    )
    list(pieces)
    assert held.found and held.sources[0].heading.endswith("Điều 3. Nghỉ phép năm")
    assert held.missing_laws == [] and held.notes == []
    # The same question citing a law the folder lacks: the passage on leave still answers it
    # as far as the documents go, and the answer says which law they lack (not a refusal).
    lacking, pieces = ask(
        engine,
        store,
        "Theo Luật Du lịch, viên chức được nghỉ phép năm bao nhiêu ngày để du lịch?",
        "luat",
        max_tokens=4,
    )
    list(pieces)
    assert lacking.found and lacking.sources[0].heading.endswith("Điều 3. Nghỉ phép năm")
    assert lacking.missing_laws == ["Luật Du lịch"]
    assert lacking.notes == ["Các tài liệu đã chọn không có Luật Du lịch."]
    assert lacking.as_json()["notes"] == lacking.notes


def test_a_word_no_document_holds_is_a_note_not_a_refusal(
    engine, store: IndexStore, tmp_path: Path
) -> None:
    law_pdf(tmp_path / "luat.pdf", ARTICLES)
    sync_collection(store, "luat", [tmp_path / "luat.pdf"])
    # "phép năm" typed without accents, with "bao lâu" as "bao lau": "lau" asks, it is no word.
    answer, pieces = ask(
        engine, store, "vien chuc duoc nghi phep nam bao lau?", "luat", max_tokens=4
    )
    list(pieces)
    assert answer.found and answer.absent_words == []
    answer, pieces = ask(
        engine, store, "Viên chức được nghỉ phép năm để đi xem phim mấy ngày?", "luat", max_tokens=4
    )
    list(pieces)
    # The tiny law holds neither "đi", "xem" nor "phim": said beside the answer, not refused.
    assert answer.found and answer.absent_words == ["đi", "xem", "phim"]
    assert "“phim”" in answer.notes[0]


def test_prompt_fits_the_context_however_many_passages(engine) -> None:
    from troly.core.index.store import Hit

    long_text = "Điều 9. Quy định chi tiết về hồ sơ. " + "hồ sơ lưu trữ " * 800
    hits = [
        Hit(f"/d/{i}.pdf", i + 1, i + 1, f"Điều {i}.", long_text, 1.0, i, False) for i in range(10)
    ]
    messages, sources = build_prompt(engine, "hồ sơ lưu trữ là gì?", hits, max_answer=256)
    prompt_tokens = engine.count_tokens(engine.render(messages))
    assert prompt_tokens + 256 <= engine.n_ctx
    assert sources and [s.number for s in sources] == list(range(1, len(sources) + 1))
    # Long passages are cut to a few hundred tokens: a small model reads the prompt fast.
    assert len(sources) == PASSAGES_MAX and prompt_tokens <= 700
    assert messages[0].content == SYSTEM_PROMPT  # the stable part first
    assert all(s.passage == long_text and len(s.text) < len(long_text) for s in sources)


def test_closed_questions_open_with_the_verdict_or_the_letter(
    engine, store: IndexStore, tmp_path: Path
) -> None:
    law_pdf(tmp_path / "luat.pdf", ARTICLES)
    sync_collection(store, "luat", [tmp_path / "luat.pdf"])
    statement = "Viên chức được nghỉ phép năm mười hai ngày làm việc, đúng hay sai?"
    answer, pieces = ask(engine, store, statement, "luat", max_tokens=24)
    streamed = "".join(pieces)
    assert answer.kind == "true_false" and answer.verdict in ("Đúng", "Sai")
    assert streamed.startswith(f"{answer.verdict}.") and answer.text.startswith(answer.verdict)
    assert answer.stats.prompt_tokens > 0 and answer.stats.generated_tokens >= 1
    choices = {"A": "mười hai ngày", "B": "ba mươi ngày"}
    answer, pieces = ask(
        engine,
        store,
        "Viên chức nghỉ phép năm bao nhiêu ngày?",
        "luat",
        max_tokens=24,
        choices=choices,
    )
    list(pieces)
    assert answer.kind == "choice" and answer.choice in choices
    assert answer.text.startswith(f"{answer.choice}.")
    assert answer.as_json()["choice"] == answer.choice


def test_first_token_scores_reuse_the_cached_prompt(engine) -> None:
    from troly.core.engine.base import ChatMessage

    messages = [ChatMessage("system", SYSTEM_PROMPT), ChatMessage("user", "Đúng hay sai?")]
    engine.reset_cache()
    first, stats = engine.first_token_logprobs(messages, ["Đúng", "Sai"])
    again, stats_again = engine.first_token_logprobs(messages, ["Đúng", "Sai"])
    assert all(lp <= 0 for lp in first) and first != [first[0], first[0]]
    # Exactly the same scores: the cached prompt is reused in whole aligned batches, so the
    # verdict never depends on what the cache held.
    assert again == first
    assert stats.reused_prompt_tokens == 0
    aligned = (stats_again.prompt_tokens - 1) // ALIGNED_BATCH * ALIGNED_BATCH
    assert aligned > 0 and stats_again.reused_prompt_tokens == aligned


def test_the_same_text_twice_is_one_passage() -> None:
    # The bundled samples keep each document as PDF and DOCX: one copy is enough.
    text = "Điều 3. Giờ làm việc\nViên chức làm việc tám giờ một ngày, bốn mươi giờ một tuần."
    pdf = Hit("/d/luat.pdf", 1, 1, "Điều 3.", text, 1.0, 1, False)
    docx = Hit("/d/luat.docx", 2, 1, "Điều 3.", text.replace("\n", " "), 0.9, 1, True)
    other = Hit("/d/luat.pdf", 3, 2, "Điều 4.", "Điều 4. Nghỉ phép\nMười hai ngày.", 0.8, 2, False)
    assert distinct([pdf, docx, other]) == [pdf, other]


def test_a_closed_answer_is_the_models_choice_grounded_in_a_quoted_clause(
    engine, store: IndexStore, tmp_path: Path
) -> None:
    # The letter and the verdict are the model's scores, calibrated: whatever they choose, the
    # grounds quote the clause of a source, numbered.
    law_pdf(tmp_path / "luat.pdf", ARTICLES)
    sync_collection(store, "luat", [tmp_path / "luat.pdf"])
    choices = {"A": "ba mươi ngày", "B": "mười hai ngày"}
    answer, pieces = ask(
        engine,
        store,
        "Viên chức nghỉ phép năm bao nhiêu ngày?",
        "luat",
        max_tokens=16,
        choices=choices,
    )
    streamed = "".join(pieces)
    assert answer.choice in choices
    assert streamed.startswith(f"{answer.choice}. Theo nguồn [")
    said = "Viên chức không được nghỉ phép năm mười hai ngày làm việc, đúng hay sai?"
    answer, pieces = ask(engine, store, said, "luat", max_tokens=16)
    streamed = "".join(pieces)
    assert answer.verdict in ("Đúng", "Sai")
    assert streamed.startswith(f"{answer.verdict}. Theo nguồn [1]: “Viên chức")


def test_an_open_answer_is_followed_by_the_clause_it_rests_on() -> None:
    from troly.core.tasks.ask import _open_grounds

    passage = "Điều 3. Nghỉ phép năm\n1. Viên chức được nghỉ phép năm mười hai ngày làm việc."
    sources = [
        Source(1, "/d/luat.pdf", 1, "Điều 2.", "Viên chức làm việc tám giờ mỗi ngày.", False),
        Source(2, "/d/luat.pdf", 2, "Điều 3.", passage, False, passage),
    ]
    question = "Viên chức nghỉ phép năm bao nhiêu ngày?"
    quoted = _open_grounds("Mười hai ngày làm việc [2].", question, sources)
    assert quoted == "\nTheo nguồn [2]: “Viên chức được nghỉ phép năm mười hai ngày làm việc.”"
    # Citing no number, the answer is grounded in the source that states it best.
    assert _open_grounds("Mười hai ngày làm việc.", question, sources) == quoted
    assert _open_grounds(NOT_FOUND, question, sources) == ""


def test_an_answer_read_back_from_history_reads_as_it_did() -> None:
    import json

    passage = "Điều 3. Nghỉ phép năm\n1. Viên chức được nghỉ phép năm mười hai ngày làm việc."
    sources = [
        Source(1, "/d/luat.pdf", 1, "Điều 2.", "Viên chức làm việc tám giờ mỗi ngày.", False),
        Source(2, "/d/luat.docx", 2, "Điều 3.", passage, True, passage),
    ]
    answer = Answer("Nghỉ phép năm mấy ngày?", sources, text="Mười hai ngày làm việc [2] [7].")
    answer.finish()
    answer.absent_words = ["phép"]
    # Kept as JSON text in the encrypted history, then read back after a restart.
    again = Answer.from_record(json.loads(json.dumps(answer.to_record())))
    assert again.text == answer.text and "[7]" not in again.text
    assert again.sources == sources and again.notes == answer.notes
    assert [s.number for s in again.cited] == [2]
    missed = Answer("Tuổi nghỉ hưu?", [], text=NOT_FOUND, found=False)
    back = Answer.from_record(json.loads(json.dumps(missed.to_record())))
    assert not back.found and back.text == NOT_FOUND


def test_a_question_typed_without_accents_is_shown_to_the_model_with_them(
    engine, store: IndexStore, tmp_path: Path, monkeypatch
) -> None:
    # Read without accents, a small model copies "nghi phep nam" into its answer.
    law_pdf(tmp_path / "luat.pdf", ARTICLES)
    sync_collection(store, "luat", [tmp_path / "luat.pdf"])
    prompts: list[str] = []
    real = engine.stream_chat

    def recording(messages, params, stop=None):  # type: ignore[no-untyped-def]
        prompts.append(messages[-1].content)
        return real(messages, params, stop)

    monkeypatch.setattr(engine, "stream_chat", recording)
    typed = "vien chuc duoc nghi phep nam bao nhieu ngay?"
    answer, pieces = ask(engine, store, typed, "luat", max_tokens=8)
    list(pieces)
    assert "Câu hỏi: viên chức được nghỉ phép năm bao nhiêu ngày?" in prompts[0]
    assert answer.question == typed  # the user's own words are kept as typed


def test_the_clause_quoted_is_from_the_source_the_model_cites() -> None:
    # The answer restates the question's words, which another passage shares more of (the
    # sentence check points the answer there): the clause quoted is still the one of the
    # source the model cited, which states the figure.
    from troly.core.tasks.ask import _open_grounds

    leave = "Điều 115. Nghỉ việc riêng\n1. Kết hôn: nghỉ 03 ngày."
    other = (
        "Điều 20. Hợp đồng lao động\n1. Người lao động đang làm việc theo hợp đồng lao động khi "
        "nghỉ việc riêng, nghỉ không hưởng lương thì báo trước cho người sử dụng lao động 03 "
        "ngày làm việc."
    )
    sources = [
        Source(1, "/d/bo-luat.pdf", 60, "Điều 115.", leave, False, leave),
        Source(2, "/d/bo-luat.pdf", 12, "Điều 20.", other, False, other),
    ]
    answer = (
        "Người lao động đang làm việc theo hợp đồng lao động khi kết hôn được nghỉ 03 ngày [1]."
    )
    question = "Người lao động đang làm việc theo hợp đồng lao động kết hôn được nghỉ mấy ngày?"
    quoted = _open_grounds(answer, question, sources)
    assert quoted.startswith("\nTheo nguồn [1]: “Kết hôn: nghỉ 03 ngày")


def test_a_not_found_over_passages_about_the_question_quotes_the_nearest_clause(
    engine, store: IndexStore, tmp_path: Path, monkeypatch
) -> None:
    # The passages are about the question (their similarity passes the gate), yet a small
    # model says "not found": the user is shown the clause closest to the question, in the
    # law's own words, with its source; "not found" alone is the gate's to say.
    from troly.core.engine.base import TokenStream

    law = tmp_path / "luat.txt"
    law.write_text(
        "Điều 8. Quyền về chỗ ở\n"
        "1. Công dân có quyền có nơi ở hợp pháp và quyền tự do đi lại.\n"
        "2. Việc khám xét chỗ ở do luật định.\n"
        "3. Không ai được tự ý vào chỗ ở của người khác nếu không được người đó đồng ý.\n"
        "Điều 9. Quyền sở hữu\n"
        "1. Mọi người có quyền sở hữu về thu nhập hợp pháp, của cải để dành, nhà ở.\n",
        encoding="utf-8",
    )
    sync_collection(store, "luat", [law])

    def says_not_found(messages, params, stop=None):  # type: ignore[no-untyped-def]
        return TokenStream(iter([NOT_FOUND]))

    monkeypatch.setattr(engine, "stream_chat", says_not_found)
    question = "Người khác có được vào nhà tôi khi tôi không cho phép không?"
    answer, pieces = ask(engine, store, question, "luat")
    streamed = "".join(pieces)
    assert answer.found
    assert streamed.startswith(NOT_FOUND + "\n" + NEAREST + " [1]: “Không ai được tự ý vào")
    # Checked as any answer: the mark after the clause it stands for.
    assert answer.text.startswith(NOT_FOUND + "\n" + NEAREST + ": “Không ai được tự ý vào")
    assert answer.text.endswith("đồng ý.” [1]")
    assert answer.check is not None and not answer.check.unsupported
    assert [s.number for s in answer.cited] == [1] and "Điều 8" in answer.sources[0].heading
    # History reads it back the same.
    import json

    again = Answer.from_record(json.loads(json.dumps(answer.to_record())))
    assert again.found and again.text == answer.text


def test_a_not_found_without_a_similarity_stays_not_found() -> None:
    # Without an embedding model nothing measured the passages: the model's word stands.
    from troly.core.tasks.ask import nearest_clause

    passage = "Điều 3. Nghỉ phép năm\n1. Viên chức được nghỉ phép năm mười hai ngày làm việc."
    sources = [Source(1, "/d/luat.pdf", 1, "Điều 3.", passage, False, passage)]
    question = "Viên chức nghỉ phép năm bao nhiêu ngày?"
    assert nearest_clause(NOT_FOUND, question, sources, None) == ""
    assert nearest_clause("Mười hai ngày [1].", question, sources, 1) == ""
    assert nearest_clause(NOT_FOUND, question, sources, 1) == (
        f"\n{NEAREST} [1]: “Viên chức được nghỉ phép năm mười hai ngày làm việc.”"
    )
    answer = Answer(question, sources, text=NOT_FOUND)
    answer.finish()
    assert not answer.found and answer.text == NOT_FOUND
