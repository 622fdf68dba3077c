# ruff: noqa: E501 - the sample documents are prose, one paragraph per line
"""Write the bundled sample documents (resources/samples/) as PDF and DOCX.

Three short administrative documents of a fictional agency, the Trung tâm Phục vụ hành chính
công of the fictional tỉnh Bình Sơn: a công văn, a báo cáo and a kế hoạch. The demo and the
summarizing tests use them; the công văn quotes preliminary figures that the báo cáo later
corrects, so summarizing several files has a disagreement to show.

Run from the checkout: .venv/bin/python scripts/make_samples.py
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pymupdf
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "resources" / "samples"
FONTS = Path("/usr/share/fonts/truetype/liberation2")
REGULAR = FONTS / "LiberationSerif-Regular.ttf"
BOLD = FONTS / "LiberationSerif-Bold.ttf"

HEADER = [
    "ỦY BAN NHÂN DÂN TỈNH BÌNH SƠN",
    "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
]

# Lines starting with "#" are headings (bold); the others are paragraphs.
CONG_VAN = """Số: 215/TTPVHCC-NV
Bình Sơn, ngày 08 tháng 10 năm 2025
# V/v báo cáo nhanh kết quả giải quyết thủ tục hành chính quý III năm 2025 và đề nghị bổ sung nhân lực
Kính gửi: Ủy ban nhân dân tỉnh Bình Sơn.
Thực hiện chỉ đạo của Ủy ban nhân dân tỉnh tại Công văn số 1820/UBND-KSTT ngày 25/9/2025 về việc báo cáo tình hình giải quyết thủ tục hành chính, Trung tâm Phục vụ hành chính công tỉnh Bình Sơn báo cáo nhanh kết quả quý III năm 2025 và kiến nghị một số nội dung như sau:
# 1. Kết quả tiếp nhận và giải quyết hồ sơ (số liệu sơ bộ)
Trong quý III năm 2025, tổng số hồ sơ tiếp nhận: 12.380 hồ sơ, tăng 9% so với cùng kỳ năm 2024. Trong đó, số hồ sơ tiếp nhận trực tuyến là 7.020 hồ sơ; số hồ sơ tiếp nhận trực tiếp tại Trung tâm là 5.360 hồ sơ.
Số hồ sơ đã giải quyết là 11.940 hồ sơ; tỷ lệ hồ sơ giải quyết đúng hạn đạt 94,8%. Số hồ sơ quá hạn tập trung ở lĩnh vực đất đai, xây dựng và đầu tư, chủ yếu do phải lấy ý kiến nhiều cơ quan và xác minh thực địa.
Mức độ hài lòng của người dân, doanh nghiệp qua hệ thống đánh giá điện tử đạt 97,2%. Trung tâm không nhận được phản ánh, kiến nghị nào về thái độ phục vụ của công chức tiếp nhận hồ sơ.
# 2. Khó khăn, vướng mắc
Số lượng hồ sơ tăng mạnh vào các tháng cuối quý, trong khi Trung tâm hiện chỉ có 46 công chức, viên chức làm việc tại 38 quầy tiếp nhận. Một số sở, ngành cử công chức làm việc tại Trung tâm chưa ổn định, thường xuyên luân chuyển nên ảnh hưởng đến chất lượng hướng dẫn.
Hệ thống thông tin giải quyết thủ tục hành chính của tỉnh chưa kết nối đầy đủ với cơ sở dữ liệu đất đai, dẫn đến người dân vẫn phải nộp bản sao giấy tờ đã có trong cơ sở dữ liệu. Đường truyền tại Trung tâm bị gián đoạn 3 lần trong quý, mỗi lần từ 2 đến 4 giờ.
# 3. Đề nghị
Đề nghị Ủy ban nhân dân tỉnh xem xét, chỉ đạo Sở Nội vụ bổ sung 6 biên chế công chức cho Trung tâm trong năm 2026 để bố trí tại các quầy lĩnh vực đất đai, tư pháp và lao động.
Đề nghị Sở Tài nguyên và Môi trường phối hợp với Sở Khoa học và Công nghệ hoàn thành việc kết nối cơ sở dữ liệu đất đai với Hệ thống thông tin giải quyết thủ tục hành chính trước ngày 31/12/2025.
Đề nghị các sở, ngành giữ ổn định công chức được cử đến làm việc tại Trung tâm tối thiểu 12 tháng và có ý kiến về dự thảo Quy chế phối hợp trước ngày 20/10/2025.
Báo cáo chính thức kèm số liệu chi tiết sẽ được gửi trước ngày 15/10/2025.
Trung tâm Phục vụ hành chính công tỉnh kính báo cáo Ủy ban nhân dân tỉnh xem xét, chỉ đạo./.
Nơi nhận: Như trên; Văn phòng UBND tỉnh; Sở Nội vụ; Lưu: VT, NV.
GIÁM ĐỐC
Nguyễn Văn Hòa
"""

BAO_CAO = """Số: 87/BC-TTPVHCC
Bình Sơn, ngày 14 tháng 10 năm 2025
# BÁO CÁO
# Kết quả thực hiện nhiệm vụ quý III và phương hướng nhiệm vụ quý IV năm 2025
Thực hiện Quyết định số 45/QĐ-UBND ngày 10/01/2025 của Ủy ban nhân dân tỉnh về việc ban hành Chương trình công tác năm 2025, Trung tâm Phục vụ hành chính công tỉnh Bình Sơn báo cáo kết quả quý III năm 2025 như sau:
# I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ QUÝ III
# 1. Công tác tiếp nhận và trả kết quả
Trong quý III năm 2025, tổng số hồ sơ tiếp nhận: 12.460 hồ sơ, tăng 9,7% so với cùng kỳ năm 2024. Trong đó, hồ sơ tiếp nhận trực tuyến là 7.150 hồ sơ, chiếm 57,4%; hồ sơ tiếp nhận trực tiếp là 5.310 hồ sơ.
Số hồ sơ đã giải quyết là 12.020 hồ sơ; tỷ lệ hồ sơ giải quyết đúng hạn đạt 96,5%. Số hồ sơ đang giải quyết trong hạn là 398 hồ sơ. Số hồ sơ quá hạn là 42 hồ sơ, giảm 31 hồ sơ so với quý II.
Trung tâm đã gửi thư xin lỗi đối với toàn bộ 42 hồ sơ quá hạn theo đúng quy định, nêu rõ lý do và thời hạn trả kết quả mới.
# 2. Công tác chuyển đổi số
Tỷ lệ hồ sơ được số hóa kết quả giải quyết đạt 88%. Trung tâm đã triển khai ki-ốt tra cứu tại 4 điểm và thí điểm thanh toán trực tuyến phí, lệ phí tại 12 quầy; số tiền thanh toán trực tuyến trong quý đạt 1,86 tỷ đồng.
Hệ thống tổng đài hỗ trợ đã tiếp nhận 3.240 cuộc gọi, trong đó 96% cuộc gọi được trả lời ngay trong ngày.
# 3. Đánh giá sự hài lòng
Mức độ hài lòng của người dân, doanh nghiệp đạt 97,2%. Các ý kiến chưa hài lòng chủ yếu liên quan đến thời gian chờ tại quầy đất đai vào giờ cao điểm.
# II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN
Số hồ sơ quá hạn vẫn tập trung ở lĩnh vực đất đai và xây dựng. Nguyên nhân chủ yếu là quy trình liên thông giữa nhiều cơ quan, thời gian xác minh thực địa kéo dài và hệ thống chưa kết nối đầy đủ với cơ sở dữ liệu đất đai.
Trung tâm hiện có 46 công chức, viên chức; số lượng này chưa đáp ứng yêu cầu khi số hồ sơ tăng nhanh vào cuối quý. Một số công chức được cử đến Trung tâm thay đổi thường xuyên.
# III. PHƯƠNG HƯỚNG, NHIỆM VỤ QUÝ IV NĂM 2025
1. Phấn đấu tỷ lệ hồ sơ giải quyết đúng hạn đạt trên 98% và giảm số hồ sơ quá hạn ở lĩnh vực đất đai.
2. Hoàn thành việc số hóa kết quả giải quyết của 100% hồ sơ tiếp nhận trong quý IV.
3. Phối hợp với Sở Khoa học và Công nghệ hoàn thành kết nối cơ sở dữ liệu đất đai trước ngày 31/12/2025.
4. Tổ chức tập huấn kỹ năng giao tiếp và sử dụng phần mềm cho công chức tiếp nhận hồ sơ, hoàn thành trước ngày 30/11/2025.
# IV. KIẾN NGHỊ, ĐỀ XUẤT
Đề nghị Ủy ban nhân dân tỉnh bổ sung 6 biên chế công chức cho Trung tâm trong năm 2026 và bố trí kinh phí 450 triệu đồng để nâng cấp đường truyền, thiết bị tại các quầy tiếp nhận.
Trên đây là báo cáo kết quả thực hiện nhiệm vụ quý III và phương hướng nhiệm vụ quý IV năm 2025 của Trung tâm Phục vụ hành chính công tỉnh Bình Sơn./.
Nơi nhận: UBND tỉnh; Văn phòng UBND tỉnh; Lưu: VT, NV.
GIÁM ĐỐC
Nguyễn Văn Hòa
"""

KE_HOACH = """Số: 52/KH-TTPVHCC
Bình Sơn, ngày 20 tháng 10 năm 2025
# KẾ HOẠCH
# Đẩy mạnh chuyển đổi số trong tiếp nhận và giải quyết thủ tục hành chính năm 2026
# I. MỤC ĐÍCH, YÊU CẦU
# 1. Mục đích
Nâng cao chất lượng phục vụ người dân, doanh nghiệp; giảm thời gian đi lại, chi phí tuân thủ thủ tục hành chính; bảo đảm công khai, minh bạch trong tiếp nhận và giải quyết hồ sơ.
Phấn đấu đến hết năm 2026, tỷ lệ hồ sơ tiếp nhận trực tuyến đạt 70% và tỷ lệ hồ sơ giải quyết đúng hạn đạt 98%.
# 2. Yêu cầu
Các nhiệm vụ phải cụ thể, có thời hạn hoàn thành và đơn vị chịu trách nhiệm rõ ràng. Việc triển khai phải bảo đảm an toàn thông tin và bảo vệ dữ liệu cá nhân của người dân.
# II. NHIỆM VỤ VÀ GIẢI PHÁP
# 1. Hoàn thiện hạ tầng và nền tảng số
Nâng cấp đường truyền cáp quang tại Trung tâm lên 300 Mbps và bổ sung đường truyền dự phòng, hoàn thành trong quý I năm 2026.
Trang bị 20 máy quét tài liệu tốc độ cao và 10 ki-ốt tra cứu, hướng dẫn thủ tục hành chính tại Trung tâm và bộ phận một cửa cấp huyện.
# 2. Số hóa hồ sơ và kết nối cơ sở dữ liệu
Số hóa 100% kết quả giải quyết thủ tục hành chính còn hiệu lực; hoàn thành kết nối với cơ sở dữ liệu đất đai và cơ sở dữ liệu quốc gia về dân cư trước ngày 30/6/2026.
# 3. Hỗ trợ người dân, doanh nghiệp
Thành lập Tổ hỗ trợ dịch vụ công trực tuyến gồm 8 thành viên; mở rộng thanh toán trực tuyến phí, lệ phí tại tất cả các quầy tiếp nhận.
# 4. Bồi dưỡng, nâng cao năng lực
Tổ chức 4 lớp tập huấn kỹ năng số cho công chức tiếp nhận hồ sơ, mỗi lớp khoảng 50 học viên.
# III. KINH PHÍ THỰC HIỆN
Tổng kinh phí dự kiến là 2,35 tỷ đồng từ nguồn ngân sách tỉnh năm 2026, trong đó kinh phí mua sắm thiết bị là 1,6 tỷ đồng, kinh phí nâng cấp đường truyền là 450 triệu đồng và kinh phí tập huấn là 300 triệu đồng.
# IV. TỔ CHỨC THỰC HIỆN
1. Phòng Nghiệp vụ chủ trì, theo dõi, đôn đốc việc thực hiện Kế hoạch; tổng hợp, báo cáo kết quả hằng quý trước ngày 20 của tháng cuối quý.
2. Phòng Hành chính - Tổng hợp lập dự toán kinh phí, gửi Sở Tài chính trước ngày 15/11/2025.
3. Các sở, ngành có thủ tục hành chính tiếp nhận tại Trung tâm phối hợp thực hiện; trong quá trình thực hiện nếu có vướng mắc, phản ánh về Trung tâm để tổng hợp, báo cáo Ủy ban nhân dân tỉnh.
Nơi nhận: UBND tỉnh; Sở Tài chính; Sở Khoa học và Công nghệ; Lưu: VT, NV.
GIÁM ĐỐC
Nguyễn Văn Hòa
"""

DOCUMENTS = {
    "cong-van-215-bao-cao-nhanh-quy-3": CONG_VAN,
    "bao-cao-87-ket-qua-quy-3": BAO_CAO,
    "ke-hoach-52-chuyen-doi-so-2026": KE_HOACH,
}

PAGE_W, PAGE_H = 595, 842  # A4 in points
LEFT, RIGHT, TOP, BOTTOM = 85, 57, 57, 57  # 30 mm left, 20 mm sides as Decree 30 asks
SIZE = 13
FIXED_DATE = dt.datetime(2025, 10, 20, 8, 0, 0)
LEADING = SIZE * 1.6


def _lines(text: str) -> list[tuple[str, bool]]:
    out = [(h, True) for h in HEADER]
    for raw in text.strip().splitlines():
        bold = raw.startswith("# ")
        out.append((raw[2:] if bold else raw, bold))
    return out


def _wrap(text: str, font: pymupdf.Font, width: float) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split():
        trial = f"{current} {word}".strip()
        if font.text_length(trial, fontsize=SIZE) > width and current:
            lines.append(current)
            current = word
        else:
            current = trial
    if current:
        lines.append(current)
    return lines


def write_pdf(text: str, path: Path) -> None:
    regular, bold = pymupdf.Font(fontfile=str(REGULAR)), pymupdf.Font(fontfile=str(BOLD))
    doc = pymupdf.open()
    page = None
    y = 0.0
    width = PAGE_W - LEFT - RIGHT
    for paragraph, is_bold in _lines(text):
        font = bold if is_bold else regular
        for line in _wrap(paragraph, font, width):
            if page is None or y > PAGE_H - BOTTOM:
                page = doc.new_page(width=PAGE_W, height=PAGE_H)
                page.insert_font(fontname="reg", fontfile=str(REGULAR))
                page.insert_font(fontname="bold", fontfile=str(BOLD))
                y = TOP + SIZE
            page.insert_text((LEFT, y), line, fontname="bold" if is_bold else "reg", fontsize=SIZE)
            y += LEADING
        y += SIZE * 0.5
    doc.set_metadata({"title": _title(text), "producer": "TroLy make_samples.py"})
    doc.save(path, garbage=4, deflate=True, no_new_id=True)
    doc.close()


def _title(text: str) -> str:
    headings = [line[2:] for line in text.strip().splitlines() if line.startswith("# ")]
    return " ".join(headings[:2]) if headings[0].isupper() else headings[0]


def write_docx(text: str, path: Path) -> None:
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), "Times New Roman")
    for paragraph, is_bold in _lines(text):
        run = doc.add_paragraph().add_run(paragraph)
        run.bold = is_bold
    props = doc.core_properties
    props.title = _title(text)
    props.author = props.last_modified_by = "Trung tâm Phục vụ hành chính công tỉnh Bình Sơn"
    props.created = props.modified = FIXED_DATE
    props.revision = 1
    doc.save(str(path))
    _fix_zip_times(path)


def _fix_zip_times(path: Path) -> None:
    """Rewrite the DOCX with fixed entry times, so the script's output is byte-reproducible."""
    with zipfile.ZipFile(path) as source:
        entries = [(info.filename, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=FIXED_DATE.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, data)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for stem, text in DOCUMENTS.items():
        write_pdf(text, OUT / f"{stem}.pdf")
        write_docx(text, OUT / f"{stem}.docx")
        print(f"wrote {stem}.pdf, {stem}.docx")


if __name__ == "__main__":
    main()
