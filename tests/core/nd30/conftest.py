"""Fields and bodies for a draft of each of the eight laid-out types."""

from __future__ import annotations

from pathlib import Path

import pytest

from troly.core.nd30 import DraftFields, get_type, write_docx
from troly.core.policy import Policy

TYPES = [
    "cong-van",
    "quyet-dinh",
    "to-trinh",
    "bao-cao",
    "thong-bao",
    "ke-hoach",
    "giay-moi",
    "bien-ban",
]

COMMON = {
    "co_quan_chu_quan": "UBND TỈNH BẮC NINH",
    "co_quan": "Sở Thông tin và Truyền thông",
    "so": "5",
    "ky_hieu": "STTTT",
    "dia_danh": "Bắc Ninh",
    "ngay": "2026-03-05",
    "trich_yeu": "Về việc triển khai chuyển đổi số năm 2026",
    "quyen_han": "KT.",
    "chuc_vu": "Phó Giám đốc",
    "nguoi_ky": "Nguyễn Văn An",
    "noi_nhan": "Sở Nội vụ; Lưu: VT, VP",
    "nguoi_soan": "NVA(05)",
}

PER_TYPE: dict[str, dict[str, str]] = {
    "cong-van": {
        "ky_hieu": "STTTT-VP",
        "trich_yeu": "phối hợp triển khai chuyển đổi số năm 2026",
        "kinh_gui": "Sở Nội vụ; Sở Tài chính",
    },
    "quyet-dinh": {
        "trich_yeu": "Về việc thành lập Tổ công tác chuyển đổi số",
        "can_cu": "Quyết định số 20/2025/QĐ-UBND ngày 01 tháng 02 năm 2025 của Ủy ban nhân dân "
        "tỉnh; Theo đề nghị của Chánh Văn phòng Sở",
    },
    "to-trinh": {"kinh_gui": "Ủy ban nhân dân tỉnh Bắc Ninh"},
    "bien-ban": {
        "trich_yeu": "Họp giao ban tháng 3 năm 2026",
        "thu_ky": "Trần Thị Bình",
        "chuc_vu": "Chủ tọa",
        "quyen_han": "",
    },
    "giay-moi": {"do_khan": "Thượng khẩn"},
}

BODY = (
    "Thực hiện Kế hoạch số 12/KH-UBND ngày 10 tháng 02 năm 2026 của Ủy ban nhân dân tỉnh về "
    "chuyển đổi số, Sở Thông tin và Truyền thông triển khai một số nội dung sau.\n"
    "1. Rà soát danh mục thủ tục hành chính đủ điều kiện cung cấp dịch vụ công trực tuyến.\n"
    "2. Cử cán bộ đầu mối tham gia tập huấn về kỹ năng số trước ngày 20 tháng 3 năm 2026.\n"
) * 4 + "Đề nghị các cơ quan, đơn vị quan tâm phối hợp thực hiện."

QD_BODY = (
    "Điều 1. Thành lập Tổ công tác chuyển đổi số của Sở Thông tin và Truyền thông.\n"
    "Điều 2. Tổ công tác có nhiệm vụ tham mưu cho Giám đốc Sở triển khai chuyển đổi số.\n"
    "Điều 3. Quyết định này có hiệu lực kể từ ngày ký."
)


def values_for(slug: str) -> dict[str, str]:
    return {**COMMON, **PER_TYPE.get(slug, {})}


def body_for(slug: str) -> str:
    return QD_BODY if slug == "quyet-dinh" else BODY


def write(slug: str, folder: Path, **overrides: str) -> Path:
    fields = DraftFields.from_mapping({**values_for(slug), **overrides})
    out = folder / f"{slug}.docx"
    return write_docx(get_type(slug), fields, body_for(slug), out, policy=Policy())


@pytest.fixture(scope="module")
def drafts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One document of each type, written once for the module."""
    folder = tmp_path_factory.mktemp("nd30")
    return {slug: write(slug, folder) for slug in TYPES}
