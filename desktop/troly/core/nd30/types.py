"""The 29 types of administrative documents (Điều 7) and their abbreviations (Phụ lục III).

Eight types have a full layout in the writer; the others are known by name and abbreviation,
which the checker and the numbering use.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from troly.core.errors import TrolyError


@dataclass(frozen=True)
class DocType:
    """One type of administrative document."""

    slug: str  # the CLI name, ASCII: "cong-van", "quyet-dinh" ...
    name: str  # as Điều 7 writes it: "Quyết định (cá biệt)"
    title: str  # the title printed on the document ("QUYẾT ĐỊNH"), empty for a công văn
    abbreviation: str  # Phụ lục III: "QĐ"; empty for công văn and thư công
    layout: str  # "cong-van", "ten-loai", "quyet-dinh", "bien-ban" or "" (no full layout)
    guidance: str = ""  # what the body holds, for the model's prompt

    @property
    def has_layout(self) -> bool:
        return bool(self.layout)


def _t(slug: str, name: str, abbreviation: str, layout: str = "", guidance: str = "") -> DocType:
    title = name.split(" (")[0].upper() if slug not in ("cong-van", "thu-cong") else ""
    return DocType(slug, name, title, abbreviation, layout, guidance)


ALL_TYPES: tuple[DocType, ...] = (
    _t("nghi-quyet", "Nghị quyết (cá biệt)", "NQ"),
    _t(
        "quyet-dinh",
        "Quyết định (cá biệt)",
        "QĐ",
        "quyet-dinh",
        "Viết các điều của quyết định, mỗi điều một đoạn bắt đầu bằng “Điều 1.”, “Điều 2.”...: "
        "điều 1 nêu nội dung quyết định, điều cuối nêu hiệu lực và trách nhiệm thi hành.",
    ),
    _t("chi-thi", "Chỉ thị", "CT"),
    _t("quy-che", "Quy chế", "QC"),
    _t("quy-dinh", "Quy định", "QyĐ"),
    _t("thong-cao", "Thông cáo", "TC"),
    _t(
        "thong-bao",
        "Thông báo",
        "TB",
        "ten-loai",
        "Nêu ngắn gọn sự việc cần thông báo, nội dung cụ thể và yêu cầu thực hiện (nếu có).",
    ),
    _t("huong-dan", "Hướng dẫn", "HD"),
    _t("chuong-trinh", "Chương trình", "CTr"),
    _t(
        "ke-hoach",
        "Kế hoạch",
        "KH",
        "ten-loai",
        "Gồm các phần: I. MỤC ĐÍCH, YÊU CẦU; II. NỘI DUNG, NHIỆM VỤ; III. TỔ CHỨC THỰC HIỆN.",
    ),
    _t("phuong-an", "Phương án", "PA"),
    _t("de-an", "Đề án", "ĐA"),
    _t("du-an", "Dự án", "DA"),
    _t(
        "bao-cao",
        "Báo cáo",
        "BC",
        "ten-loai",
        "Gồm: I. TÌNH HÌNH, KẾT QUẢ THỰC HIỆN; II. TỒN TẠI, HẠN CHẾ; III. PHƯƠNG HƯỚNG, KIẾN NGHỊ.",
    ),
    _t(
        "bien-ban",
        "Biên bản",
        "BB",
        "bien-ban",
        "Ghi thời gian bắt đầu, địa điểm, thành phần tham dự, chủ trì, thư ký, nội dung theo "
        "diễn biến cuộc họp và thời gian kết thúc.",
    ),
    _t(
        "to-trinh",
        "Tờ trình",
        "TTr",
        "ten-loai",
        "Nêu sự cần thiết, căn cứ, nội dung đề nghị và kiến nghị cấp trên xem xét, quyết định.",
    ),
    _t("hop-dong", "Hợp đồng", "HĐ"),
    _t(
        "cong-van",
        "Công văn",
        "",
        "cong-van",
        "Viết nội dung công văn bằng lời của {co_quan} (“{co_quan} đề nghị …”): nêu lý do, "
        "nội dung đề nghị hoặc trả lời, và yêu cầu cụ thể.",
    ),
    _t("cong-dien", "Công điện", "CĐ"),
    _t("ban-ghi-nho", "Bản ghi nhớ", "BGN"),
    _t("ban-thoa-thuan", "Bản thỏa thuận", "BTT"),
    _t("giay-uy-quyen", "Giấy ủy quyền", "GUQ"),
    _t(
        "giay-moi",
        "Giấy mời",
        "GM",
        "ten-loai",
        "Viết lời mời: “... trân trọng kính mời: ...”, tới dự (tên cuộc họp), chủ trì, thời "
        "gian, địa điểm và các vấn đề cần lưu ý.",
    ),
    _t("giay-gioi-thieu", "Giấy giới thiệu", "GGT"),
    _t("giay-nghi-phep", "Giấy nghỉ phép", "GNP"),
    _t("phieu-gui", "Phiếu gửi", "PG"),
    _t("phieu-chuyen", "Phiếu chuyển", "PC"),
    _t("phieu-bao", "Phiếu báo", "PB"),
    _t("thu-cong", "Thư công", ""),
)

BY_SLUG: dict[str, DocType] = {t.slug: t for t in ALL_TYPES}
DRAFTABLE: tuple[DocType, ...] = tuple(t for t in ALL_TYPES if t.has_layout)

# Phụ lục III, Mục I also abbreviates the kinds of copies.
COPY_ABBREVIATIONS = {"Bản sao y": "SY", "Bản trích sao": "TrS", "Bản sao lục": "SL"}


def get_type(slug: str) -> DocType:
    """The type for a CLI name such as "cong-van"; a TrolyError naming the choices otherwise."""
    doc_type = BY_SLUG.get(slug.strip().lower())
    if doc_type is None or not doc_type.has_layout:
        choices = ", ".join(t.slug for t in DRAFTABLE)
        raise TrolyError(
            f"Loại văn bản “{slug}” chưa được hỗ trợ. Chọn một trong: {choices}.",
            f"Unsupported document type “{slug}”. Choose one of: {choices}.",
        )
    return doc_type


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", " ".join(text.split())).upper().replace("HOÀ", "HÒA")


_BY_TITLE = {_fold(t.title): t for t in ALL_TYPES if t.title}


def type_by_title(text: str) -> DocType | None:
    """The type a printed title names ("QUYẾT ĐỊNH", "Tờ trình"), or None."""
    return _BY_TITLE.get(_fold(text).replace("UỶ", "ỦY"))
