"""`troly index` on a folder with slides TroLy cannot read yet: each named with what to do,
and counted in the summary line (issue 24)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.core.index.test_unsupported_files import first_users_folder


def troly(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "troly", *args], capture_output=True, text=True, timeout=300
    )


def test_the_cli_counts_and_names_them(tmp_path: Path) -> None:
    folder = first_users_folder(tmp_path)
    result = troly("index", str(folder), "--collection", "vb")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "Bộ “vb”: 2 tệp mới lập chỉ mục, 0 không đổi, 0 lỗi, 2 chưa đọc được, 0 đã gỡ."
    )
    assert (
        "chưa đọc được trinh-chieu.pptx: TroLy chưa đọc được tệp .pptx; hãy lưu thành PDF để "
        "lập chỉ mục." in result.stderr
    )
    assert "chưa đọc được bai-giang-cu.ppt: " in result.stderr
    assert "setup.exe" not in result.stderr + result.stdout

    again = troly("index", "--collection", "vb", "--json")
    assert again.returncode == 0, again.stderr
    files = {Path(f["file"]).name: f for f in json.loads(again.stdout)["files"]}
    assert {name: f["status"] for name, f in files.items()} == {
        "luat.pdf": "unchanged",
        "ghi-chu.txt": "unchanged",
        "trinh-chieu.pptx": "unsupported",
        "bai-giang-cu.ppt": "unsupported",
    }
    assert files["trinh-chieu.pptx"]["error"].startswith("TroLy chưa đọc được tệp .pptx")
