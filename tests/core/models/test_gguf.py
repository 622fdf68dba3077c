from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from troly.core.errors import ModelError
from troly.core.models.gguf import read_gguf_info


def test_reads_the_real_model_header(default_model) -> None:
    info = read_gguf_info(default_model.path)
    assert info.architecture == "gemma3"
    assert info.quantization == "Q4_K_M"
    assert info.context_length == 32768
    assert info.chat_template is None  # this file carries none: Gemma's is used
    assert info.tensor_count > 100
    assert info.expected_size is not None
    assert info.expected_size <= info.file_size
    assert info.file_size - info.expected_size < 64  # nothing but alignment padding after it
    # The vocabulary is skipped, not loaded.
    assert info.skipped_arrays["tokenizer.ggml.tokens"] > 100_000
    assert info.estimated_ram_bytes(4096) > info.file_size


def test_truncated_model_is_refused_by_size(default_model, tmp_path: Path) -> None:
    broken = tmp_path / "cut.gguf"
    with default_model.path.open("rb") as src, broken.open("wb") as dst:
        dst.write(src.read(default_model.info.file_size - 4096))
    with pytest.raises(ModelError) as err:
        read_gguf_info(broken)
    assert "cắt cụt" in err.value.message_vi


def test_truncated_header_is_refused(default_model, tmp_path: Path) -> None:
    broken = tmp_path / "head.gguf"
    with default_model.path.open("rb") as src:
        broken.write_bytes(src.read(100_000))
    with pytest.raises(ModelError) as err:
        read_gguf_info(broken)
    assert "cắt cụt" in err.value.message_vi


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "rỗng"),
        (os.urandom(1 << 20), "không phải mô hình GGUF"),
        (b"GGUF\x63\x00\x00\x00" + b"\x00" * 64, "bị hỏng"),  # unknown version
        (b"GGUF\x03\x00\x00\x00" + b"\xff" * 16, "bị hỏng"),  # absurd counts
    ],
)
def test_bad_files_get_a_clear_error(tmp_path: Path, content: bytes, words: str) -> None:
    path = tmp_path / "model.gguf"
    path.write_bytes(content)
    with pytest.raises(ModelError) as err:
        read_gguf_info(path)
    assert words in err.value.message_vi
    assert "model.gguf" in err.value.message_vi


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="Không tìm thấy"):
        read_gguf_info(tmp_path / "nope.gguf")


def test_header_copy_keeps_metadata(default_model, tmp_path: Path) -> None:
    copy = tmp_path / "copy.gguf"
    shutil.copyfile(default_model.path, copy)
    assert read_gguf_info(copy).metadata == default_model.info.metadata
