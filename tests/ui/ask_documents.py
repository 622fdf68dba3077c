"""Documents the ask-mode tests index: real PDF and DOCX files written at test time with
Vietnamese legal text, plus a corrupt one. Import the fixtures into a test module to use them."""

from __future__ import annotations

from pathlib import Path

import pytest

FONTS = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf"),
)

LAW_PAGES = [
    [
        "LUẬT VIÊN CHỨC (MẪU THỬ NGHIỆM)",
        "Chương I. QUY ĐỊNH CHUNG",
        "Điều 1. Phạm vi điều chỉnh",
        "Luật này quy định về viên chức; quyền, nghĩa vụ của viên chức",
        "và việc tuyển dụng, sử dụng, quản lý viên chức.",
        "Điều 2. Đối tượng áp dụng",
        "Luật này áp dụng đối với viên chức làm việc",
        "tại đơn vị sự nghiệp công lập.",
    ],
    [
        "Chương II. QUYỀN CỦA VIÊN CHỨC",
        "Điều 12. Quyền của viên chức về nghỉ ngơi",
        "1. Viên chức được nghỉ hằng năm, nghỉ lễ, nghỉ việc riêng",
        "theo quy định của pháp luật về lao động.",
        "2. Viên chức làm việc ở miền núi, biên giới, hải đảo",
        "được gộp số ngày nghỉ phép của hai năm để nghỉ một lần.",
        "Điều 13. Quyền của viên chức về hoạt động kinh doanh",
        "Viên chức được góp vốn nhưng không tham gia quản lý,",
        "điều hành công ty trách nhiệm hữu hạn, công ty cổ phần.",
    ],
    [
        "Chương III. TUYỂN DỤNG",
        "Điều 20. Căn cứ tuyển dụng viên chức",
        "Việc tuyển dụng viên chức phải căn cứ vào nhu cầu công việc,",
        "vị trí việc làm, tiêu chuẩn chức danh nghề nghiệp",
        "và quỹ tiền lương của đơn vị sự nghiệp công lập.",
    ],
]

RULES_PARAGRAPHS = [
    ("QUY CHẾ LÀM VIỆC CỦA SỞ NỘI VỤ", True),
    ("Điều 3. Chế độ họp giao ban", True),
    ("Sở tổ chức họp giao ban mỗi tuần một lần vào sáng thứ Hai để đánh giá công việc.", False),
    ("Điều 4. Tiếp công dân", True),
    ("Lãnh đạo Sở tiếp công dân định kỳ vào ngày mười lăm hằng tháng tại trụ sở.", False),
]

# Answered on page 2 of the PDF (Điều 12).
QUESTION = "Viên chức làm việc ở hải đảo được gộp số ngày nghỉ phép như thế nào?"
NOT_FOUND_QUESTION = "Giá vàng thế giới hôm nay tăng hay giảm?"


@pytest.fixture
def font() -> Path:
    for path in FONTS:
        if path.exists():
            return path
    pytest.skip("no TrueType font with Vietnamese glyphs installed")


def text_pdf(path: Path, pages: list[list[str]], font: Path, size: float = 12) -> Path:
    """A PDF with a real text layer: one list of lines per page."""
    import pymupdf

    doc = pymupdf.open()
    for lines in pages:
        page = doc.new_page()
        page.insert_font(fontname="vn", fontfile=str(font))
        page.insert_text((60, 80), "\n".join(lines), fontname="vn", fontsize=size)
    doc.save(path)
    doc.close()
    return path


def scanned_pdf(path: Path, pages: list[list[str]], font: Path) -> Path:
    """A PDF of page pictures with no text layer, as a scanner makes it."""
    import pymupdf

    source_path = text_pdf(path.with_suffix(".src"), pages, font, size=16)
    source = pymupdf.open(source_path)
    out = pymupdf.open()
    for page in source:
        pixmap = page.get_pixmap(dpi=200)
        new = out.new_page(width=page.rect.width, height=page.rect.height)
        new.insert_image(new.rect, pixmap=pixmap)
    out.save(path)
    out.close()
    source.close()
    source_path.unlink()
    return path


def rules_docx(path: Path) -> Path:
    import docx

    document = docx.Document()
    for text, bold in RULES_PARAGRAPHS:
        document.add_paragraph().add_run(text).bold = bold
    document.save(str(path))
    return path


def long_pdf(path: Path, font: Path, pages: int) -> Path:
    lines = [
        [
            f"Điều {n}. Trách nhiệm của cơ quan thứ {n}",
            f"Cơ quan thứ {n} có trách nhiệm báo cáo định kỳ về công tác cải cách hành chính,",
            "kiểm tra việc thực hiện thủ tục hành chính trên địa bàn.",
        ]
        for n in range(1, pages + 1)
    ]
    return text_pdf(path, lines, font)


@pytest.fixture
def docs_folder(tmp_path: Path, font: Path) -> Path:
    """A text PDF, a DOCX and a corrupt PDF in a folder."""
    folder = tmp_path / "tai-lieu"
    folder.mkdir()
    text_pdf(folder / "luat-vien-chuc.pdf", LAW_PAGES, font)
    rules_docx(folder / "quy-che-lam-viec.docx")
    (folder / "hong.pdf").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 8)
    return folder
