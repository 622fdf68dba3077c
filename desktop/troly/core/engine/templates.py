"""Chat templates: the GGUF's own (Jinja, in a sandbox bounded in time, steps and size; a
template that fails it is not used), else one known for the architecture, else the one the
manifest names. There is deliberately no generic fallback: a wrong template makes a model
babble, and llama-2's is wrong for nearly every model people deploy today."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from jinja2 import TemplateError

from troly.core.engine.base import ChatMessage
from troly.core.engine.template_sandbox import (
    TemplateTooCostly,
    compile_template,
    describe_failure,
    render_bounded,
)
from troly.core.errors import ModelError

log = logging.getLogger(__name__)


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
    """A template shipped in the GGUF metadata (`tokenizer.chat_template`), run in a sandbox
    bounded in time, steps and size (template_sandbox). Should a render ever exceed those bounds
    (a template that behaved on the probe but not on a real conversation), the known template
    for the model, when there is one, is used from then on."""

    name = "gguf"

    def __init__(
        self,
        source: str,
        bos_token: str,
        eos_token: str,
        fallback: ChatTemplate | None = None,
    ) -> None:
        self._template = compile_template(source)
        self._bos = bos_token
        self._eos = eos_token
        self._fallback = fallback
        self._failed = False

    def render(self, messages: Sequence[ChatMessage]) -> str:
        if self._failed and self._fallback is not None:
            return self._fallback.render(messages)
        try:
            return self.render_checked(messages)
        except Exception as exc:  # an untrusted template: whatever it raises, it is not used
            if self._fallback is None:
                raise ModelError(
                    "Mẫu hội thoại trong tệp mô hình không dựng được lời nhắc trong giới hạn an "
                    f"toàn ({describe_failure(exc)}) và không có mẫu nào thay thế. Hãy dùng mô "
                    "hình khác.",
                    "The model file's chat template could not build the prompt within safe "
                    f"limits ({describe_failure(exc)}) and there is no other template. Use "
                    "another model.",
                ) from None
            log.warning(
                "The model's chat template failed (%s): using %s from now on",
                describe_failure(exc),
                self._fallback.name,
            )
            self._failed = True
            return self._fallback.render(messages)

    def render_checked(self, messages: Sequence[ChatMessage]) -> str:
        """The rendered prompt, or the template's error (TemplateTooCostly when over bounds)."""
        try:
            return self._render(messages)
        except TemplateTooCostly:
            raise
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
        return render_bounded(self._template, context)


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
    """Pick the chat template by the documented order of preference. The GGUF's own is used
    only if it renders a probe conversation within the sandbox's bounds."""
    known = ARCHITECTURE_TEMPLATES.get(architecture)
    fallback: ChatTemplate | None = None
    if known:
        fallback = BUILTIN_TEMPLATES[known]
    elif manifest_template and manifest_template in BUILTIN_TEMPLATES:
        fallback = BUILTIN_TEMPLATES[manifest_template]
    rejected = ""
    if gguf_template:
        try:
            jinja = JinjaTemplate(gguf_template, bos_token, eos_token, fallback)
            jinja.render_checked(_PROBE)
            return jinja
        except Exception as exc:  # an untrusted template: whatever it raises, it is not used
            rejected = describe_failure(exc)
            log.warning(
                "The model's chat template is not used (%s); using %s instead",
                rejected,
                fallback.name if fallback else "nothing",
            )
    if fallback is not None:
        return fallback
    if rejected:
        raise ModelError(
            f"Mẫu hội thoại trong tệp mô hình (kiến trúc '{architecture}') không dùng được "
            f"({rejected}) và danh mục không ghi mẫu nào thay thế. Hãy dùng mô hình khác.",
            f"The model file's chat template (architecture '{architecture}') cannot be used "
            f"({rejected}) and the manifest names no other. Use another model.",
        )
    raise ModelError(
        f"Không xác định được mẫu hội thoại cho mô hình kiến trúc '{architecture}': tệp không "
        "có mẫu và danh mục không ghi mẫu nào. Hãy dùng mô hình khác hoặc bổ sung danh mục.",
        f"No chat template for a model of architecture '{architecture}': the file has none and "
        "the manifest names none. Use another model or add it to the manifest.",
    )
