"""Phụ lục I of Decree 30/2020/NĐ-CP as data: page, margins, and each element's type.

The writer takes the `size` of each element; the checker accepts the whole `sizes` range the
decree allows. Where the decree gives a range we use the value of its own example column
(Phụ lục I, Mục V, "Ví dụ minh hoạ"), so our output looks like the decree's samples.
"""

from __future__ import annotations

from dataclasses import dataclass

FONT = "Times New Roman"

TWIPS_PER_MM = 1440 / 25.4


def mm(value: float) -> int:
    """Millimetres to twips (1/1440 inch), the unit of page sizes, margins and indents."""
    return round(value * TWIPS_PER_MM)


# Phụ lục I, Mục I.1-3: A4, portrait, margins in millimetres.
PAGE_WIDTH_MM = 210
PAGE_HEIGHT_MM = 297
MARGIN_RANGES_MM = {"top": (20, 25), "bottom": (20, 25), "left": (30, 35), "right": (15, 20)}
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
HEADER_DISTANCE_MM = 10  # the page number sits inside the 20 mm top margin
TEXT_WIDTH_MM = PAGE_WIDTH_MM - MARGINS_MM["left"] - MARGINS_MM["right"]

# The header table: the agency block on the left, the national motto block on the right. The
# right column is wide enough for the Quốc hiệu in bold 12 pt (88.3 mm) on one line.
HEADER_LEFT_MM = 70
HEADER_RIGHT_MM = TEXT_WIDTH_MM - HEADER_LEFT_MM
# The "Nơi nhận" block on the left, the signature on the right.
SIGNATURE_LEFT_MM = 75
SIGNATURE_RIGHT_MM = TEXT_WIDTH_MM - SIGNATURE_LEFT_MM

# Body text (Phụ lục I, Mục II.6.e): first-line indent 1 cm or 1.27 cm, paragraphs at least 6 pt
# apart, line spacing from single to 1.5 lines.
FIRST_LINE_INDENT_MM = 12.7
FIRST_LINE_INDENT_RANGE_MM = (10.0, 12.7)
PARAGRAPH_SPACING_PT = 6
MIN_PARAGRAPH_SPACING_PT = 6
LINE_SPACING = 1.15  # a multiple of single spacing; the decree allows 1 to 1.5
LINE_SPACING_RANGE = (1.0, 1.5)

# Rule lengths: the agency rule and the title rule are 1/3 to 1/2 of their line of text.
AGENCY_RULE_FRACTION = 0.4
RULE_FRACTION_RANGE = (1 / 3, 1 / 2)
RULE_WIDTH_EIGHTHS = 6  # 0.75 pt: a thin solid line, as the decree's samples draw it

SIGNATURE_SPACE_LINES = 4  # room for the signature and the seal between title and name

QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"

DO_KHAN = ("KHẨN", "THƯỢNG KHẨN", "HỎA TỐC")
# Phụ lục I, Mục III.2.b: the urgency stamps are 20, 40 and 30 mm wide, 8 mm high.
DO_KHAN_WIDTH_MM = {"KHẨN": 20, "THƯỢNG KHẨN": 40, "HỎA TỐC": 30}

QUYEN_HAN = ("TM.", "KT.", "Q.", "TL.", "TUQ.")


@dataclass(frozen=True)
class ElementSpec:
    """How Phụ lục I sets one element: case, size (range), weight and slant, and where."""

    key: str
    name_vi: str
    size: float
    sizes: tuple[float, float]
    upper: bool | None  # True: in hoa, False: in thường, None: mixed by nature
    bold: bool
    italic: bool
    rule: str  # the Phụ lục I item, quoted or cited, shown with each finding

    def accepts(self, size: float) -> bool:
        """Whether a size in points is inside the range the decree allows."""
        return self.sizes[0] - 0.01 <= size <= self.sizes[1] + 0.01


def _spec(
    key: str,
    name_vi: str,
    size: float,
    sizes: tuple[float, float],
    upper: bool | None,
    bold: bool,
    italic: bool,
    rule: str,
) -> ElementSpec:
    return ElementSpec(key, name_vi, size, sizes, upper, bold, italic, rule)


ELEMENTS: dict[str, ElementSpec] = {
    e.key: e
    for e in (
        _spec(
            "quoc_hieu",
            "Quốc hiệu",
            12,
            (12, 13),
            True,
            True,
            False,
            "Phụ lục I, Mục II.1.a: Quốc hiệu in hoa, cỡ chữ từ 12 đến 13, kiểu chữ đứng, đậm",
        ),
        _spec(
            "tieu_ngu",
            "Tiêu ngữ",
            13,
            (13, 14),
            False,
            True,
            False,
            "Phụ lục I, Mục II.1.b: Tiêu ngữ in thường, cỡ chữ từ 13 đến 14, kiểu chữ đứng, "
            "đậm; giữa các cụm từ có gạch nối (-), có cách chữ",
        ),
        _spec(
            "co_quan_chu_quan",
            "Tên cơ quan chủ quản",
            12,
            (12, 13),
            True,
            False,
            False,
            "Phụ lục I, Mục II.2.b: tên cơ quan, tổ chức chủ quản trực tiếp in hoa, cỡ chữ từ "
            "12 đến 13, kiểu chữ đứng",
        ),
        _spec(
            "co_quan",
            "Tên cơ quan ban hành",
            12,
            (12, 13),
            True,
            True,
            False,
            "Phụ lục I, Mục II.2.b: tên cơ quan, tổ chức ban hành in hoa, cỡ chữ từ 12 đến 13, "
            "kiểu chữ đứng, đậm",
        ),
        _spec(
            "so_ky_hieu",
            "Số, ký hiệu",
            13,
            (13, 13),
            None,
            False,
            False,
            "Phụ lục I, Mục II.3.c: từ “Số” in thường, cỡ chữ 13, kiểu chữ đứng; sau từ “Số” có "
            "dấu hai chấm; số nhỏ hơn 10 phải ghi thêm số 0 phía trước; ký hiệu in hoa, cỡ chữ "
            "13; giữa số và ký hiệu có dấu gạch chéo (/), giữa các nhóm chữ viết tắt có dấu "
            "gạch nối (-), không cách chữ",
        ),
        _spec(
            "dia_danh_ngay",
            "Địa danh và thời gian ban hành",
            13,
            (13, 14),
            None,
            False,
            True,
            "Phụ lục I, Mục II.4: chữ in thường, cỡ chữ từ 13 đến 14, kiểu chữ nghiêng; ngày "
            "nhỏ hơn 10 và tháng 1, 2 phải ghi thêm số 0 phía trước",
        ),
        _spec(
            "ten_loai",
            "Tên loại văn bản",
            14,
            (13, 14),
            True,
            True,
            False,
            "Phụ lục I, Mục II.5.b: tên loại văn bản in hoa, cỡ chữ từ 13 đến 14, kiểu chữ "
            "đứng, đậm, canh giữa",
        ),
        _spec(
            "trich_yeu",
            "Trích yếu nội dung",
            14,
            (13, 14),
            False,
            True,
            False,
            "Phụ lục I, Mục II.5.b: trích yếu in thường, cỡ chữ từ 13 đến 14, kiểu chữ đứng, "
            "đậm; bên dưới có đường kẻ ngang dài từ 1/3 đến 1/2 dòng chữ",
        ),
        _spec(
            "trich_yeu_cv",
            "Trích yếu công văn (V/v)",
            12,
            (12, 13),
            False,
            False,
            False,
            "Phụ lục I, Mục II.5.b: công văn, trích yếu sau chữ “V/v” in thường, cỡ chữ từ 12 "
            "đến 13, kiểu chữ đứng, canh giữa dưới số và ký hiệu, cách 6pt",
        ),
        _spec(
            "can_cu",
            "Căn cứ ban hành",
            14,
            (13, 14),
            False,
            False,
            True,
            "Phụ lục I, Mục II.6.a: căn cứ in thường, kiểu chữ nghiêng, cỡ chữ từ 13 đến 14; "
            "cuối mỗi căn cứ có dấu chấm phẩy (;), căn cứ cuối kết thúc bằng dấu chấm (.)",
        ),
        _spec(
            "noi_dung",
            "Nội dung văn bản",
            14,
            (13, 14),
            None,
            False,
            False,
            "Phụ lục I, Mục II.6.e: nội dung in thường, canh đều hai lề, kiểu chữ đứng, cỡ chữ "
            "từ 13 đến 14; lùi đầu dòng 1 cm hoặc 1,27 cm; cách đoạn tối thiểu 6pt; cách dòng "
            "từ dòng đơn đến 1,5 lines",
        ),
        _spec(
            "kinh_gui",
            "Kính gửi",
            14,
            (13, 14),
            None,
            False,
            False,
            "Phụ lục I, Mục II.9.b: “Kính gửi” và tên nơi nhận in thường, cỡ chữ từ 13 đến 14, "
            "kiểu chữ đứng; sau “Kính gửi” có dấu hai chấm",
        ),
        _spec(
            "quyen_han",
            "Quyền hạn, chức vụ người ký",
            14,
            (13, 14),
            True,
            True,
            False,
            "Phụ lục I, Mục II.7.đ: quyền hạn (TM., Q., KT., TL., TUQ.) và chức vụ của người ký "
            "in hoa, cỡ chữ từ 13 đến 14, kiểu chữ đứng, đậm",
        ),
        _spec(
            "nguoi_ky",
            "Họ tên người ký",
            14,
            (13, 14),
            False,
            True,
            False,
            "Phụ lục I, Mục II.7.đ: họ và tên người ký in thường, cỡ chữ từ 13 đến 14, kiểu "
            "chữ đứng, đậm, canh giữa quyền hạn, chức vụ",
        ),
        _spec(
            "noi_nhan_label",
            "Từ “Nơi nhận”",
            12,
            (12, 12),
            False,
            True,
            True,
            "Phụ lục I, Mục II.9.b: từ “Nơi nhận” trên một dòng riêng, sau có dấu hai chấm, "
            "in thường, cỡ chữ 12, kiểu chữ nghiêng, đậm",
        ),
        _spec(
            "noi_nhan",
            "Danh sách nơi nhận",
            11,
            (11, 11),
            None,
            False,
            False,
            "Phụ lục I, Mục II.9.b: nơi nhận in thường, cỡ chữ 11, kiểu chữ đứng; mỗi nơi một "
            "dòng, đầu dòng có gạch đầu dòng (-), cuối dòng có dấu chấm phẩy (;); dòng cuối "
            "“- Lưu: VT, ...” kết thúc bằng dấu chấm (.)",
        ),
        _spec(
            "do_khan",
            "Mức độ khẩn",
            13,
            (13, 14),
            True,
            True,
            False,
            "Phụ lục I, Mục III.2.b: “HỎA TỐC”, “THƯỢNG KHẨN”, “KHẨN” in hoa, cỡ chữ từ 13 đến "
            "14, kiểu chữ đứng, đậm, trong khung hình chữ nhật viền đơn",
        ),
        _spec(
            "nguoi_soan",
            "Ký hiệu người soạn thảo, số bản",
            11,
            (11, 11),
            None,
            False,
            False,
            "Phụ lục I, Mục III.3: ký hiệu người soạn thảo in hoa, số lượng bản bằng chữ số Ả "
            "Rập, cỡ chữ 11, kiểu chữ đứng",
        ),
        _spec(
            "so_trang",
            "Số trang",
            14,
            (13, 14),
            None,
            False,
            False,
            "Phụ lục I, Mục I.7: số trang bằng chữ số Ả Rập, cỡ chữ 13 đến 14, kiểu chữ đứng, "
            "canh giữa trong lề trên, không hiển thị số trang thứ nhất",
        ),
    )
}

RULE_PAPER = "Phụ lục I, Mục I.1: khổ giấy A4 (210 mm x 297 mm)"
RULE_ORIENTATION = "Phụ lục I, Mục I.2: trình bày theo chiều dài của khổ A4"
RULE_MARGINS = (
    "Phụ lục I, Mục I.3: cách mép trên và mép dưới 20 - 25 mm, cách mép trái 30 - 35 mm, "
    "cách mép phải 15 - 20 mm"
)
RULE_FONT = (
    "Phụ lục I, Mục I.4: phông chữ tiếng Việt Times New Roman, bộ mã Unicode (TCVN 6909:2001), "
    "màu đen"
)
RULE_MOTTO_RULE = (
    "Phụ lục I, Mục II.1.b: dưới Tiêu ngữ có đường kẻ ngang, nét liền, có độ dài bằng độ dài "
    "của dòng chữ"
)
RULE_AGENCY_RULE = (
    "Phụ lục I, Mục II.2.b: dưới tên cơ quan ban hành có đường kẻ ngang, nét liền, có độ dài "
    "bằng từ 1/3 đến 1/2 độ dài của dòng chữ và đặt cân đối so với dòng chữ"
)
RULE_POSITIONS = "Phụ lục I, Mục IV: vị trí các thành phần thể thức (ô số 1 đến 14)"
