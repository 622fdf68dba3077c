"""Chat templates: the GGUF's own (Jinja, sandboxed), else one known for the architecture, else
the one the manifest names. There is deliberately no generic fallback: a wrong template makes a
model babble, and llama-2's is wrong for nearly every model people deploy today."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from jinja2 import TemplateError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from troly.core.engine.base import ChatMessage
from troly.core.errors import ModelError


class ChatTemplate(Protocol):
    @property
    def name(self) -> str: ...

    def render(self, messages: Sequence[ChatMessage]) -> str:
        """The prompt text for these messages, ending where the assistant's reply begins."""
        ...


def _merge_system(messages: Sequence[ChatMessage]) -> list[ChatMessage]:
    """For templates without a system role: the system text opens the first user turn."""
    system = "\n\n".join(m.content for m in messages if m.role == "system")
    turns = [m for m in messages if m.role != "system"]
    if system and turns and turns[0].role == "user":
        turns[0] = ChatMessage("user", f"{system}\n\n{turns[0].content}")
    elif system:
        turns.insert(0, ChatMessage("user", system))
    return turns


@dataclass(frozen=True)
class GemmaTemplate:
    name: str = "gemma"

    def render(self, messages: Sequence[ChatMessage]) -> str:
        parts = ["<bos>"]
        for m in _merge_system(messages):
            role = "model" if m.role == "assistant" else "user"
            parts.append(f"<start_of_turn>{role}\n{m.content.strip()}<end_of_turn>\n")
        parts.append("<start_of_turn>model\n")
        return "".join(parts)


@dataclass(frozen=True)
class ChatMLTemplate:
    name: str = "chatml"

    def render(self, messages: Sequence[ChatMessage]) -> str:
        parts = [f"<|im_start|>{m.role}\n{m.content.strip()}<|im_end|>\n" for m in messages]
        parts.append("<|im_start|>assistant\n")
        return "".join(parts)


@dataclass(frozen=True)
class Llama3Template:
    name: str = "llama3"

    def render(self, messages: Sequence[ChatMessage]) -> str:
        parts = ["<|begin_of_text|>"]
        for m in messages:
            parts.append(
                f"<|start_header_id|>{m.role}<|end_header_id|>\n\n{m.content.strip()}<|eot_id|>"
            )
        parts.append("<|start_header_id|>assistant<|end_header_id|>\n\n")
        return "".join(parts)


@dataclass(frozen=True)
class MistralTemplate:
    name: str = "mistral"

    def render(self, messages: Sequence[ChatMessage]) -> str:
        parts = ["<s>"]
        for m in _merge_system(messages):
            if m.role == "user":
                parts.append(f"[INST] {m.content.strip()} [/INST]")
            else:
                parts.append(f" {m.content.strip()}</s>")
        return "".join(parts)


class JinjaTemplate:
    """A template shipped in the GGUF metadata (`tokenizer.chat_template`), run in a sandbox."""

    name = "gguf"

    def __init__(self, source: str, bos_token: str, eos_token: str) -> None:
        env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True)
        env.globals["raise_exception"] = _raise_template_exception
        self._template = env.from_string(source)
        self._bos = bos_token
        self._eos = eos_token

    def render(self, messages: Sequence[ChatMessage]) -> str:
        try:
            return self._render(messages)
        except TemplateError:
            # Some templates refuse a system turn: fold it into the first user turn.
            return self._render(_merge_system(messages))

    def _render(self, messages: Sequence[ChatMessage]) -> str:
        context: dict[str, Any] = {
            "messages": [{"role": m.role, "content": m.content} for m in messages],
            "add_generation_prompt": True,
            "bos_token": self._bos,
            "eos_token": self._eos,
        }
        return self._template.render(**context)


def _raise_template_exception(message: str) -> None:
    raise TemplateError(message)


BUILTIN_TEMPLATES: dict[str, ChatTemplate] = {
    "gemma": GemmaTemplate(),
    "chatml": ChatMLTemplate(),
    "llama3": Llama3Template(),
    "mistral": MistralTemplate(),
}

# Architectures whose chat format is unambiguous. "llama" is not here: Llama 2, Llama 3,
# Mistral-derived models (Vistral) and others share it with different formats.
ARCHITECTURE_TEMPLATES: dict[str, str] = {
    "gemma": "gemma",
    "gemma2": "gemma",
    "gemma3": "gemma",
    "gemma3n": "gemma",
    "qwen2": "chatml",
    "qwen2moe": "chatml",
    "qwen3": "chatml",
    "qwen3moe": "chatml",
}

_PROBE = [
    ChatMessage("system", "s"),
    ChatMessage("user", "u"),
    ChatMessage("assistant", "a"),
    ChatMessage("user", "u"),
]


def choose_template(
    gguf_template: str | None,
    architecture: str,
    manifest_template: str | None,
    bos_token: str = "",
    eos_token: str = "",
) -> ChatTemplate:
    """Pick the chat template by the documented order of preference."""
    if gguf_template:
        try:
            jinja = JinjaTemplate(gguf_template, bos_token, eos_token)
            jinja.render(_PROBE)
            return jinja
        except TemplateError:
            pass  # a template we cannot run: fall through to the known ones
    known = ARCHITECTURE_TEMPLATES.get(architecture)
    if known:
        return BUILTIN_TEMPLATES[known]
    if manifest_template and manifest_template in BUILTIN_TEMPLATES:
        return BUILTIN_TEMPLATES[manifest_template]
    raise ModelError(
        f"Không xác định được mẫu hội thoại cho mô hình kiến trúc '{architecture}': tệp không "
        "có mẫu và danh mục không ghi mẫu nào. Hãy dùng mô hình khác hoặc bổ sung danh mục.",
        f"No chat template for a model of architecture '{architecture}': the file has none and "
        "the manifest names none. Use another model or add it to the manifest.",
    )
