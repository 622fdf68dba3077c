"""A small reader of GGUF headers: metadata and tensor layout, without loading any weights.

It reads only what it needs and seeks past the rest (the tokenizer's vocabulary arrays hold
hundreds of thousands of strings), so even a 5 GB file is inspected in milliseconds. It also
computes where the tensor data must end, which tells a truncated file from a whole one without
hashing it.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from troly.core.errors import ModelError

GGUF_MAGIC = b"GGUF"
DEFAULT_ALIGNMENT = 32

# Metadata value types.
_UINT8, _INT8, _UINT16, _INT16, _UINT32, _INT32, _FLOAT32, _BOOL, _STRING, _ARRAY = range(10)
_UINT64, _INT64, _FLOAT64 = 10, 11, 12
_SCALARS: dict[int, str] = {
    _UINT8: "<B",
    _INT8: "<b",
    _UINT16: "<H",
    _INT16: "<h",
    _UINT32: "<I",
    _INT32: "<i",
    _FLOAT32: "<f",
    _BOOL: "<?",
    _UINT64: "<Q",
    _INT64: "<q",
    _FLOAT64: "<d",
}

# ggml tensor types: (bytes per block, elements per block). Unknown types skip the size check.
_GGML_TYPE_SIZES: dict[int, tuple[int, int]] = {
    0: (4, 1),
    1: (2, 1),
    2: (18, 32),
    3: (20, 32),
    6: (22, 32),
    7: (24, 32),
    8: (34, 32),
    9: (36, 32),
    10: (84, 256),
    11: (110, 256),
    12: (144, 256),
    13: (176, 256),
    14: (210, 256),
    15: (292, 256),
    16: (66, 256),
    17: (74, 256),
    18: (98, 256),
    19: (50, 256),
    20: (18, 32),
    21: (110, 256),
    22: (82, 256),
    23: (136, 256),
    24: (1, 1),
    25: (2, 1),
    26: (4, 1),
    27: (8, 1),
    28: (8, 1),
    29: (56, 256),
    30: (2, 1),
    34: (54, 256),
    35: (66, 256),
    39: (17, 32),
}

# llama.cpp's file types (general.file_type) by the names people know them by.
_FILE_TYPES: dict[int, str] = {
    0: "F32",
    1: "F16",
    2: "Q4_0",
    3: "Q4_1",
    7: "Q8_0",
    8: "Q5_0",
    9: "Q5_1",
    10: "Q2_K",
    11: "Q3_K_S",
    12: "Q3_K_M",
    13: "Q3_K_L",
    14: "Q4_K_S",
    15: "Q4_K_M",
    16: "Q5_K_S",
    17: "Q5_K_M",
    18: "Q6_K",
    19: "IQ2_XXS",
    20: "IQ2_XS",
    21: "Q2_K_S",
    22: "IQ3_XS",
    23: "IQ3_XXS",
    24: "IQ1_S",
    25: "IQ4_NL",
    26: "IQ3_S",
    27: "IQ3_M",
    28: "IQ2_S",
    29: "IQ2_M",
    30: "IQ4_XS",
    31: "IQ1_M",
    32: "BF16",
    36: "TQ1_0",
    37: "TQ2_0",
    38: "MXFP4",
}

# Arrays longer than this are skipped, not kept (vocabularies, merges, scores).
_MAX_KEPT_ARRAY = 64
# Bounds no real model comes near (Gemma 3: 262,144 tokens, ~40 keys, a few hundred tensors;
# chat templates of a few KiB). A header past them is refused before any loop over it runs: a
# sparse file declaring 2^32 empty strings would otherwise keep `models verify` busy for hours.
_MAX_ARRAY = 1 << 20
_MAX_ARRAY_ITEMS_TOTAL = 1 << 22
_MAX_STRING = 1 << 20
_MAX_ARRAY_STRING = 1 << 16
_MAX_KV = 1 << 16
_MAX_TENSORS = 1 << 20
_MAX_ALIGNMENT = 1 << 20
# The fewest bytes one entry takes, to check a declared count against what is left of the file.
_MIN_KV_BYTES = 8 + 4 + 1  # key length, value type, the smallest value
_MIN_TENSOR_BYTES = 8 + 4 + 4 + 8  # name length, rank, type, offset
_STRING_LENGTH_BYTES = 8


@dataclass
class GGUFInfo:
    """What a GGUF header says about its model."""

    path: Path
    version: int
    metadata: dict[str, Any]
    tensor_count: int
    expected_size: int | None  # bytes the file must have; None if a tensor type is unknown
    file_size: int
    skipped_arrays: dict[str, int] = field(default_factory=dict)

    @property
    def architecture(self) -> str:
        return str(self.metadata.get("general.architecture", ""))

    @property
    def name(self) -> str:
        return str(self.metadata.get("general.name", self.path.stem))

    def arch_value(self, key: str, default: Any = None) -> Any:
        return self.metadata.get(f"{self.architecture}.{key}", default)

    @property
    def context_length(self) -> int | None:
        return _count(self.arch_value("context_length"))

    @property
    def chat_template(self) -> str | None:
        value = self.metadata.get("tokenizer.chat_template")
        return str(value) if value else None

    @property
    def quantization(self) -> str:
        file_type = _count(self.metadata.get("general.file_type"))
        if file_type is None:
            return "?"
        return _FILE_TYPES.get(file_type, f"type {file_type}")

    @property
    def parameters(self) -> str:
        label = self.metadata.get("general.size_label")
        return str(label) if label else "?"

    def kv_cache_bytes(self, n_ctx: int) -> int:
        """Bytes of an f16 KV cache of n_ctx tokens (an estimate for RAM planning)."""
        layers = _count(self.arch_value("block_count")) or 0
        heads = _count(self.arch_value("attention.head_count")) or 0
        per_layer = self.arch_value("attention.head_count_kv")
        if isinstance(per_layer, list):  # some models list one count per layer
            per_layer = max((c for c in map(_count, per_layer) if c is not None), default=None)
        heads_kv = _count(per_layer) or heads
        embd = _count(self.arch_value("embedding_length")) or 0
        key_len = _count(self.arch_value("attention.key_length")) or 0
        val_len = _count(self.arch_value("attention.value_length")) or 0
        head_dim = embd // heads if heads else 0
        key_len, val_len = key_len or head_dim, val_len or head_dim
        return n_ctx * layers * heads_kv * (key_len + val_len) * 2

    def estimated_ram_bytes(self, n_ctx: int) -> int:
        """Weights (mapped), KV cache and a working margin for compute buffers."""
        margin = 256 * 1024 * 1024
        return self.file_size + self.kv_cache_bytes(n_ctx) + margin


def _count(value: Any) -> int | None:
    """A metadata value that should be a whole number, else None (as if absent): a header
    anyone can edit may put a string, a float or a list where a count belongs."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, float) and value.is_integer() and 0 <= value < 2**63:
        return int(value)
    return None


class _Invalid(Exception):
    """A header that declares more than any real model has: refused, with the reason."""

    def __init__(self, reason_vi: str, reason_en: str) -> None:
        super().__init__(reason_en)
        self.reason_vi = reason_vi
        self.reason_en = reason_en


def _too_many(what_vi: str, what_en: str, count: int, limit: int) -> _Invalid:
    return _Invalid(
        f"khai báo {count:,} {what_vi}, vượt giới hạn {limit:,}",
        f"it declares {count:,} {what_en}, over the limit of {limit:,}",
    )


class _TruncatedData(Exception):
    def __init__(self, expected_size: int) -> None:
        super().__init__(expected_size)
        self.expected_size = expected_size


class _Reader:
    def __init__(self, handle: BinaryIO, size: int) -> None:
        self.handle = handle
        self.size = size
        self.array_items = 0  # entries of every array so far, against _MAX_ARRAY_ITEMS_TOTAL

    @property
    def remaining(self) -> int:
        return self.size - self.handle.tell()

    def read(self, n: int) -> bytes:
        data = self.handle.read(n)
        if len(data) != n:
            raise EOFError
        return data

    def scalar(self, fmt: str) -> Any:
        return struct.unpack(fmt, self.read(struct.calcsize(fmt)))[0]

    def count(self, what_vi: str, what_en: str, limit: int, min_bytes: int) -> int:
        """A declared number of entries, refused when over `limit` or when that many entries
        of at least `min_bytes` each cannot fit in what is left of the file."""
        value = int(self.scalar("<Q"))
        if value > limit:
            raise _too_many(what_vi, what_en, value, limit)
        if value * min_bytes > self.remaining:
            raise EOFError  # more than the rest of the file holds: a cut or corrupt header
        return value

    def string(self, limit: int = _MAX_STRING) -> str:
        length = self._string_length(limit)
        return self.read(length).decode("utf-8", errors="replace")

    def skip_string(self, limit: int = _MAX_STRING) -> None:
        self.skip(self._string_length(limit))

    def _string_length(self, limit: int) -> int:
        length = int(self.scalar("<Q"))
        if length > limit:
            raise _Invalid(
                f"có một chuỗi dài {length:,} byte, vượt giới hạn {limit:,} byte",
                f"it holds a string of {length:,} bytes, over the limit of {limit:,}",
            )
        if length > self.remaining:
            raise EOFError
        return length

    def skip(self, n: int) -> None:
        target = self.handle.tell() + n
        if target > self.size:
            raise EOFError
        self.handle.seek(target)

    def value(self, value_type: int, string_limit: int = _MAX_STRING) -> Any:
        if value_type in _SCALARS:
            return self.scalar(_SCALARS[value_type])
        if value_type == _STRING:
            return self.string(string_limit)
        raise ValueError(f"unknown metadata type {value_type}")


def _read_array(reader: _Reader, key: str) -> tuple[list[Any] | None, int]:
    item_type = int(reader.scalar("<I"))
    if item_type == _ARRAY:
        raise ValueError("nested arrays are not expected in GGUF metadata")
    if item_type in _SCALARS:
        item_bytes = struct.calcsize(_SCALARS[item_type])
    elif item_type == _STRING:
        item_bytes = _STRING_LENGTH_BYTES
    else:
        raise ValueError(f"unknown metadata type {item_type}")
    name = key[:80]
    count = reader.count(
        f"phần tử trong mảng '{name}'", f"items in array '{name}'", _MAX_ARRAY, item_bytes
    )
    reader.array_items += count
    if reader.array_items > _MAX_ARRAY_ITEMS_TOTAL:
        raise _too_many(
            "phần tử trong các mảng siêu dữ liệu",
            "items in metadata arrays",
            reader.array_items,
            _MAX_ARRAY_ITEMS_TOTAL,
        )
    if count > _MAX_KEPT_ARRAY:
        if item_type == _STRING:
            for _ in range(count):
                reader.skip_string(_MAX_ARRAY_STRING)
        else:
            reader.skip(count * item_bytes)
        return None, count
    return [reader.value(item_type, _MAX_ARRAY_STRING) for _ in range(count)], count


def read_gguf_info(path: str | Path) -> GGUFInfo:
    """Read a GGUF file's header. Raises ModelError for anything that is not a whole GGUF file."""
    path = Path(path)
    name = path.name
    try:
        size = path.stat().st_size
        handle = path.open("rb")
    except FileNotFoundError:
        raise ModelError(
            f"Không tìm thấy tệp mô hình: {path}", f"Model file not found: {path}"
        ) from None
    except OSError as exc:
        raise ModelError(
            f"Không đọc được tệp mô hình {name}: {exc.strerror}",
            f"Cannot read model file {name}: {exc.strerror}",
        ) from exc
    with handle:
        if size == 0:
            raise ModelError(f"Tệp mô hình {name} rỗng (0 byte).", f"Model file {name} is empty.")
        if handle.read(4) != GGUF_MAGIC:
            raise ModelError(
                f"Tệp {name} không phải mô hình GGUF (llama.cpp chỉ dùng được tệp .gguf).",
                f"{name} is not a GGUF model file.",
            )
        try:
            return _read_after_magic(_Reader(handle, size), path, size)
        except _TruncatedData as exc:
            raise ModelError(
                f"Tệp mô hình {name} bị cắt cụt: có {size:,} byte, cần {exc.expected_size:,} byte. "
                "Hãy sao chép lại tệp từ nguồn gốc.",
                f"Model file {name} is truncated: {size:,} bytes of {exc.expected_size:,}. "
                "Copy it again from its source.",
            ) from None
        except EOFError:
            raise ModelError(
                f"Tệp mô hình {name} bị cắt cụt hoặc hỏng: phần đầu tệp không đầy đủ.",
                f"Model file {name} is truncated or corrupt: its header is incomplete.",
            ) from None
        except _Invalid as exc:
            raise ModelError(
                f"Tệp mô hình {name} không hợp lệ (bị hỏng hoặc bị sửa): {exc.reason_vi}. "
                "Không nạp tệp này.",
                f"Model file {name} is invalid (corrupt or altered): {exc.reason_en}. "
                "It is not loaded.",
            ) from None
        except (ValueError, struct.error, UnicodeDecodeError) as exc:
            raise ModelError(
                f"Tệp mô hình {name} bị hỏng: phần đầu tệp không hợp lệ ({exc}).",
                f"Model file {name} is corrupt: invalid header ({exc}).",
            ) from None


def _read_after_magic(reader: _Reader, path: Path, size: int) -> GGUFInfo:
    version = int(reader.scalar("<I"))
    if version not in (2, 3):
        raise ValueError(f"unsupported GGUF version {version}")
    tensor_count = reader.count("tensor", "tensors", _MAX_TENSORS, _MIN_TENSOR_BYTES)
    kv_count = reader.count("mục siêu dữ liệu", "metadata keys", _MAX_KV, _MIN_KV_BYTES)
    metadata: dict[str, Any] = {}
    skipped: dict[str, int] = {}
    for _ in range(kv_count):
        key = reader.string(_MAX_ARRAY_STRING)
        value_type = int(reader.scalar("<I"))
        if value_type == _ARRAY:
            items, count = _read_array(reader, key)
            if items is None:
                skipped[key] = count
            else:
                metadata[key] = items
        else:
            metadata[key] = reader.value(value_type)

    expected_end: int | None = 0
    for _ in range(tensor_count):
        reader.skip_string(_MAX_ARRAY_STRING)  # tensor name
        n_dims = int(reader.scalar("<I"))
        if n_dims > 8:
            raise ValueError(f"implausible tensor rank {n_dims}")
        elements = 1
        for _ in range(n_dims):
            elements *= int(reader.scalar("<Q"))
        ggml_type = int(reader.scalar("<I"))
        offset = int(reader.scalar("<Q"))
        block = _GGML_TYPE_SIZES.get(ggml_type)
        if block is None or expected_end is None:
            expected_end = None
            continue
        nbytes = elements // block[1] * block[0]
        expected_end = max(expected_end, offset + nbytes)

    alignment = _alignment(metadata.get("general.alignment", DEFAULT_ALIGNMENT))
    header_end = reader.handle.tell()
    data_start = (header_end + alignment - 1) // alignment * alignment
    expected_size = data_start + expected_end if expected_end is not None else None
    info = GGUFInfo(
        path=path,
        version=version,
        metadata=metadata,
        tensor_count=tensor_count,
        expected_size=expected_size,
        file_size=size,
        skipped_arrays=skipped,
    )
    if expected_size is not None and size < expected_size:
        raise _TruncatedData(expected_size)
    return info


def _alignment(value: Any) -> int:
    """general.alignment: llama.cpp needs a power of two; a float (inf, nan), zero or a huge
    value is refused here rather than failing somewhere in the arithmetic below."""
    valid = (
        isinstance(value, int)
        and not isinstance(value, bool)
        and 0 < value <= _MAX_ALIGNMENT
        and value & (value - 1) == 0
    )
    if not valid:
        shown = repr(value)[:40]
        raise _Invalid(
            f"general.alignment = {shown} (phải là luỹ thừa của 2, từ 1 đến {_MAX_ALIGNMENT:,})",
            f"general.alignment = {shown} (must be a power of two from 1 to {_MAX_ALIGNMENT:,})",
        )
    return int(value)
