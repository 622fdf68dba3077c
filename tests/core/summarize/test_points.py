"""The summary's structure and checks, without a model: the outline found by code, every part
covered, citations re-pointed or dropped, cut and fragment points, the estimate's rates.

The documents are real files written here, split by the real splitter; only the token count
is a word count, so that the sections do not depend on a model's tokenizer."""

from __future__ import annotations

from pathlib import Path

import pytest

from troly.core.documents import read_document
from troly.core.summarize.model import Point, Section, Stats
from troly.core.summarize.outline import build_outline, parts
from troly.core.summarize.points import (
    Passages,
    check_citations,
    covered_parts,
    ensure_coverage,
    extract_point,
    is_fragment,
    source_ref,
    stops_mid_phrase,
    supported,
    trim_cut,
    whole_points,
)
from troly.core.summarize.rates import Rates
from troly.core.summarize.sections import split_sections

CHAPTERS = {
    "I": ("NHỮNG QUY ĐỊNH CHUNG", ["Phạm vi điều chỉnh", "Đối tượng áp dụng"]),
    "II": ("TUYỂN DỤNG VIÊN CHỨC", ["Căn cứ tuyển dụng", "Phương thức tuyển dụng"]),
    "III": ("KHEN THƯỞNG VÀ XỬ LÝ VI PHẠM", ["Hình thức kỷ luật", "Thời hiệu xử lý kỷ luật"]),
}
BODIES = {
    "Phạm vi điều chỉnh": "Luật này quy định về viên chức, quyền và nghĩa vụ của viên chức.",
    "Đối tượng áp dụng": "Luật này áp dụng đối với viên chức làm việc tại đơn vị sự nghiệp.",
    "Căn cứ tuyển dụng": "Việc tuyển dụng viên chức phải căn cứ vào vị trí việc làm còn trống.",
    "Phương thức tuyển dụng": "Tuyển dụng viên chức được thực hiện thông qua thi tuyển hoặc "
    "xét tuyển theo nhu cầu của đơn vị.",
    "Hình thức kỷ luật": "Viên chức vi phạm thì bị khiển trách, cảnh cáo hoặc buộc thôi việc.",
    "Thời hiệu xử lý kỷ luật": "Thời hiệu xử lý kỷ luật là 24 tháng kể từ thời điểm vi phạm.",
}


def count(text: str) -> int:
    return len(text.split())


def law_text(chapters: bool = True) -> str:
    lines = ["LUẬT VIÊN CHỨC"]
    number = 1
    for roman, (name, titles) in CHAPTERS.items():
        if chapters:
            lines += [f"Chương {roman}", name]
        for title in titles:
            body = BODIES[title]
            lines += [f"Điều {number}. {title}", f"1. {body}", f"2. {body} " * 2]
            number += 1
    return "\n".join(lines) + "\n"


@pytest.fixture
def law(tmp_path: Path) -> list[Section]:
    path = tmp_path / "luat-vien-chuc.txt"
    path.write_text(law_text(), encoding="utf-8")
    return split_sections([read_document(path)], count, 400)


def test_the_outline_lists_chapters_with_their_names_and_articles_below(
    law: list[Section],
) -> None:
    outline = build_outline(law)
    tops = [i.text for i in outline if i.level == 0][1:]  # after the preamble (the title)
    assert tops == [
        "Chương I. Những quy định chung",
        "Chương II. Tuyển dụng viên chức",
        "Chương III. Khen thưởng và xử lý vi phạm",
    ]
    articles = [i.text for i in outline if i.level == 1]
    assert articles[0] == "Điều 1. Phạm vi điều chỉnh" and len(articles) == 6
    assert all(i.page == 1 and i.tag.startswith("S") for i in outline)
    required = [p for p in parts(law) if p.required]
    assert [p.title for p in required] == tops  # the preamble needs no point of its own


def test_without_chapters_each_section_is_a_part_named_by_its_articles(tmp_path: Path) -> None:
    path = tmp_path / "luat.txt"
    path.write_text(law_text(chapters=False), encoding="utf-8")
    sections = split_sections([read_document(path)], count, 130)
    found = parts(sections)
    assert len(found) == len(sections) >= 2
    assert found[0].title.startswith("Điều 1 – Điều ")
    assert all(p.required for p in found)


def point_in(law: list[Section], text: str, article: str) -> Point:
    for section in law:
        for passage in section.passages:
            if article in passage.heading:
                return Point(text, (source_ref(section, passage),))
    raise AssertionError(article)


def test_every_chapter_gets_a_point_from_its_own_text_when_the_model_gave_none(
    law: list[Section],
) -> None:
    passages = Passages(law)
    found = [p for p in parts(law) if p.required]
    only_first = [point_in(law, "Luật này quy định về viên chức, quyền và nghĩa vụ.", "Điều 1")]
    assert len(covered_parts(only_first, found, passages)) == 1
    stats = Stats()
    points = ensure_coverage(only_first, found, passages, {}, stats)
    assert covered_parts(points, found, passages) == {p.key for p in found}
    assert stats.fallback_points == 2
    extra = points[1:]
    assert "Căn cứ tuyển dụng" in extra[0].text and "vị trí việc làm" in extra[0].text
    assert "Hình thức kỷ luật" in extra[1].text
    assert all(supported(p, passages) for p in points)  # an extract is its passage's words


def test_a_chapters_own_point_is_preferred_to_an_extract(law: list[Section]) -> None:
    passages = Passages(law)
    found = [p for p in parts(law) if p.required]
    own = point_in(law, "Viên chức được tuyển dụng qua thi tuyển hoặc xét tuyển.", "Điều 4")
    second = next(p for p in found if p.title.startswith("Chương II"))
    points = ensure_coverage([], found, passages, {second.key: [own]}, Stats())
    assert own in points and len(points) == 3


def test_a_wrong_citation_is_re_pointed_and_an_unsupported_one_dropped(
    law: list[Section],
) -> None:
    passages = Passages(law)
    wrong = point_in(law, "Thời hiệu xử lý kỷ luật là 24 tháng kể từ khi vi phạm.", "Điều 1")
    unsupported = point_in(law, "Bộ Tài chính cấp kinh phí mua sắm trang thiết bị.", "Điều 2")
    right = point_in(law, "Việc tuyển dụng căn cứ vào vị trí việc làm còn trống.", "Điều 3")
    stats = Stats()
    checked = check_citations([wrong, unsupported, right], passages, stats)
    assert checked[0].sources[0].headings[0].endswith("Điều 6. Thời hiệu xử lý kỷ luật")
    assert checked[1].sources == ()
    assert checked[2].sources == right.sources
    assert (stats.citations_kept, stats.citations_repointed, stats.citations_dropped) == (1, 1, 1)
    assert not supported(wrong, passages) and supported(checked[0], passages)


def test_a_figure_the_passage_does_not_give_is_no_support(law: list[Section]) -> None:
    passages = Passages(law)
    point = point_in(law, "Thời hiệu xử lý kỷ luật là 36 tháng kể từ khi vi phạm.", "Điều 6")
    assert check_citations([point], passages, Stats())[0].sources == ()


def test_cut_and_fragment_points_are_trimmed_or_dropped(law: list[Section]) -> None:
    headings = [i.text for i in build_outline(law)]
    assert is_fragment("Đơn vị sự nghiệp", headings)
    assert is_fragment("Điều 4. Phương thức tuyển dụng 1.", headings)
    assert is_fragment("TUYỂN DỤNG VIÊN CHỨC VÀ HỢP ĐỒNG LÀM VIỆC", headings)
    # A heading inside a longer one does not hide the longer one.
    nested = ["Điều 7. Vị trí việc làm", "Điều 32. Thay đổi vị trí việc làm"]
    assert is_fragment("Điều 32. Thay đổi vị trí việc làm 1.", nested)
    assert not is_fragment("Viên chức được thay đổi vị trí việc làm khi đơn vị cần.", nested)
    assert not is_fragment("Viên chức được tuyển dụng qua thi tuyển hoặc xét tuyển.", headings)
    assert trim_cut("Viên chức được đào tạo, bồi dưỡng. Không phân biệt dân tộc, nam") == (
        "Viên chức được đào tạo, bồi dưỡng."
    )
    assert trim_cut("không phân biệt dân tộc, nam") == ""
    points = [
        Point("Viên chức được tuyển dụng qua thi tuyển hoặc xét tuyển.", ()),
        Point("Đơn vị sự nghiệp", ()),
        Point("Luật áp dụng với viên chức tại đơn vị sự nghiệp:", ()),
        Point("Thời hiệu xử lý kỷ luật là 24 tháng. Viên chức vi phạm thì bị khiển", ()),
    ]
    stats = Stats()
    kept = whole_points(points, True, headings, stats)
    assert [p.text for p in kept] == [
        "Viên chức được tuyển dụng qua thi tuyển hoặc xét tuyển.",
        "Thời hiệu xử lý kỷ luật là 24 tháng.",
    ]
    assert stats.points_dropped == 2


def test_a_point_that_starts_mid_sentence_loses_that_tail(law: list[Section]) -> None:
    # The model began a sentence in one point and went on in the next: "đơn khởi kiện." is
    # the tail of it; what follows is whole.
    headings = [i.text for i in build_outline(law)]
    points = [
        Point("đơn khởi kiện. Tòa án yêu cầu người khởi kiện lựa chọn cơ quan giải quyết.", ()),
        Point("quy định về tuyển dụng viên chức qua thi tuyển hoặc xét tuyển.", ()),
        Point("tuyển dụng. Viên chức", ()),
    ]
    kept = whole_points(points, False, headings, Stats())
    assert [p.text for p in kept] == [
        "Tòa án yêu cầu người khởi kiện lựa chọn cơ quan giải quyết.",
        # One sentence in lower case is the model's style, kept whole.
        "quy định về tuyển dụng viên chức qua thi tuyển hoặc xét tuyển.",
    ]


def test_a_point_that_stops_where_its_page_line_did_is_cut(law: list[Section]) -> None:
    passages = Passages(law)
    # The source goes on: "… thi tuyển hoặc xét tuyển theo nhu cầu của đơn vị."
    assert stops_mid_phrase(
        "Tuyển dụng viên chức được thực hiện thông qua thi tuyển", passages.flat
    )
    assert not stops_mid_phrase(
        "Tuyển dụng được thực hiện thông qua thi tuyển hoặc xét tuyển theo nhu cầu của đơn vị",
        passages.flat,
    )
    assert not stops_mid_phrase("Một câu không có trong văn bản nào cả", passages.flat)


def test_the_estimate_prices_prompt_and_reply_tokens_at_their_measured_rates() -> None:
    rates = Rates()
    rates.add(prompt=1000, generated=40, seconds=12.0, prefill=8.0, max_tokens=48)
    rates.add(prompt=500, generated=20, seconds=6.0, prefill=4.0, max_tokens=48)
    assert rates.per_prompt_token() == pytest.approx(0.008)
    assert rates.per_generated_token() == pytest.approx(0.1)
    assert rates.reply_share() == pytest.approx(60 / 96)
    # A long section costs more than a short one: the estimate is per token, not per call.
    assert rates.seconds(2000, 40) == pytest.approx(20.0)
    assert rates.seconds(250, 40) == pytest.approx(6.0)
    # An engine that does not time its first token: the split is inferred, the sum kept.
    blind = Rates()
    blind.add(prompt=800, generated=25, seconds=10.0, prefill=0.0, max_tokens=32)
    assert blind.seconds(800, 25) == pytest.approx(10.0)


def test_a_citation_names_its_own_passage_of_an_article_cut_in_two() -> None:
    # A long article is cut into passages that share its page and heading; a citation checked
    # against the second one must be found there again, not at the first.
    from troly.core.summarize.model import Passage

    heading = "Điều 9. Quyền của viên chức"
    first = Passage(3, 3, heading, "1. Viên chức được hưởng lương theo vị trí việc làm.")
    second = Passage(3, 3, heading, "2. Viên chức được nghỉ phép hằng năm theo quy định.")
    section = Section("S1", "/tmp/luat.pdf", "h", (first, second), first.text + second.text)
    passages = Passages([section])
    point = Point("Viên chức được nghỉ phép hằng năm theo quy định.", ())
    checked = check_citations([point], passages, Stats())
    assert checked[0].sources[0].passage.startswith("2.")
    assert passages.index_of(checked[0].sources[0]) == 1
    assert supported(checked[0], passages)


def test_an_article_too_long_to_quote_is_named_by_its_title_and_still_supported(
    tmp_path: Path,
) -> None:
    # Sections without chapters are parts named by their span ("Điều 1 – Điều 2"); an
    # article whose opening sentence is too long to quote is named by its title, and the
    # point passes the citation check (the span's numbers are in no passage).
    long_sentence = " ".join(["Đơn vị sự nghiệp công lập tự chủ tài chính và nhân sự"] * 6)
    text = (
        "Điều 1. Đơn vị sự nghiệp công lập\n" + long_sentence + ".\n"
        "Điều 2. Tuyển dụng viên chức\nViệc tuyển dụng căn cứ vào vị trí việc làm còn trống.\n"
    )
    path = tmp_path / "luat.txt"
    path.write_text(text, encoding="utf-8")
    sections = split_sections([read_document(path)], count, 400)
    passages = Passages(sections)
    first = next(p for p in parts(sections) if p.required)
    point = extract_point(first, passages)
    assert point is not None
    assert point.text == "Quy định về đơn vị sự nghiệp công lập."
    assert supported(point, passages)
