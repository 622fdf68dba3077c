"""GGUF headers that lie: counts no model has, lengths past the end of the file, alignments that
are not numbers. Each is refused quickly with one clear Vietnamese line, never with a loop that
runs for hours or an "unexpected error"."""

from __future__ import annotations

import os
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from troly.core.errors import ModelError
from troly.core.models.gguf import read_gguf_info

_STRING, _ARRAY, _UINT32, _FLOAT32, _UINT64 = 8, 9, 4, 6, 10


def _str(text: str) -> bytes:
    data = text.encode()
    return struct.pack("<Q", len(data)) + data


def _kv_string(key: str, value: str) -> bytes:
    return _str(key) + struct.pack("<I", _STRING) + _str(value)


def _kv(key: str, value_type: int, payload: bytes) -> bytes:
    return _str(key) + struct.pack("<I", value_type) + payload


def _gguf(*kvs: bytes, tensors: int = 0, kv_count: int | None = None) -> bytes:
    count = len(kvs) if kv_count is None else kv_count
    return b"GGUF" + struct.pack("<IQQ", 3, tensors, count) + b"".join(kvs)


def _refused(path: Path) -> str:
    with pytest.raises(ModelError) as err:
        read_gguf_info(path)
    assert path.name in err.value.message_vi
    assert "Traceback" not in err.value.message_vi
    return err.value.message_vi


def _string_array(count: int) -> bytes:
    return _kv("tokenizer.ggml.tokens", _ARRAY, struct.pack("<IQ", _STRING, count))


def test_huge_string_array_in_a_sparse_file_is_refused_at_once(tmp_path: Path) -> None:
    """2^32 empty strings fit in a 32 GiB sparse file (no disk used): the old reader looped over
    all of them, and `troly models verify` ran for hours. Now the count alone refuses it, in a
    real `troly` process."""
    path = tmp_path / "vocab.gguf"
    with path.open("wb") as handle:
        handle.write(_gguf(_kv_string("general.architecture", "gemma3"), _string_array(1 << 32)))
        handle.truncate(handle.tell() + (1 << 32) * 8 + 64)
    result = subprocess.run(
        [sys.executable, "-m", "troly", "models", "verify", str(path)],
        capture_output=True,
        text=True,
        timeout=60,  # was ≥ 120 s (stopped there); now well under a second
        env=os.environ.copy(),
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert "vocab.gguf không hợp lệ" in lines[0]
    assert "4,294,967,296 phần tử" in lines[0]


def test_array_declaring_more_than_the_file_holds_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "short.gguf"  # 500,000 strings (under the cap) in a file of a few bytes
    path.write_bytes(_gguf(_string_array(500_000)) + b"\x00" * 64)
    assert "cắt cụt hoặc hỏng" in _refused(path)


@pytest.mark.parametrize(
    ("header", "words"),
    [
        (_gguf(tensors=1 << 40), "không hợp lệ (bị hỏng hoặc bị sửa): khai báo"),
        (_gguf(kv_count=1 << 40), "mục siêu dữ liệu, vượt giới hạn"),
        (_gguf(kv_count=1000), "cắt cụt hoặc hỏng"),
        (
            _gguf(_str("k") + struct.pack("<I", _STRING) + struct.pack("<Q", 1 << 31)),
            "vượt giới hạn",
        ),
        (_gguf(_kv("a", _ARRAY, struct.pack("<IQ", _UINT64, 1 << 30))), "phần tử trong mảng 'a'"),
    ],
)
def test_implausible_counts_are_refused(tmp_path: Path, header: bytes, words: str) -> None:
    path = tmp_path / "counts.gguf"
    path.write_bytes(header + b"\x00" * 256)
    assert words in _refused(path)


@pytest.mark.parametrize(
    ("value_type", "payload", "shown"),
    [
        (_FLOAT32, struct.pack("<f", float("inf")), "inf"),
        (_FLOAT32, struct.pack("<f", float("nan")), "nan"),
        (_UINT32, struct.pack("<I", 0), "= 0"),
        (_UINT32, struct.pack("<I", 48), "= 48"),  # not a power of two
        (_UINT64, struct.pack("<Q", 1 << 62), "= 4611686018427387904"),
    ],
)
def test_bad_alignment_is_a_clear_error(
    tmp_path: Path, value_type: int, payload: bytes, shown: str
) -> None:
    path = tmp_path / "align.gguf"
    path.write_bytes(_gguf(_kv("general.alignment", value_type, payload)))
    message = _refused(path)
    assert "general.alignment" in message
    assert shown in message
    assert "luỹ thừa của 2" in message


def test_real_model_is_within_every_bound(default_model) -> None:
    """The bounds leave room: the test model (262,144 tokens) reads as before."""
    info = read_gguf_info(default_model.path)
    assert info.skipped_arrays["tokenizer.ggml.tokens"] == 262_144
    assert info.expected_size is not None


def test_counts_of_the_wrong_type_are_read_as_absent(tmp_path: Path) -> None:
    """A string, a negative number or a float where a count belongs: the header is still read,
    and the figures that use those counts (context, quantization, memory) take no value from
    them rather than failing with an unexpected error."""
    path = tmp_path / "odd-types.gguf"
    header = _gguf(
        _kv_string("general.architecture", "llama"),
        _kv_string("llama.context_length", "lots"),
        _kv_string("general.file_type", "Q4"),
        _kv("llama.block_count", _FLOAT32, struct.pack("<f", 2.5)),
        _kv("llama.attention.head_count", _UINT32, struct.pack("<I", 8)),
        _kv("llama.embedding_length", _FLOAT32, struct.pack("<f", float("inf"))),
    )
    path.write_bytes(header + bytes(-len(header) % 32))  # the data section starts aligned
    info = read_gguf_info(path)
    assert info.context_length is None
    assert info.quantization == "?"
    assert info.kv_cache_bytes(4096) == 0  # no layer count: nothing to estimate from
