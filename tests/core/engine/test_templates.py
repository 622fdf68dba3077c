from __future__ import annotations

import pytest

from troly.core.engine.base import ChatMessage
from troly.core.engine.templates import choose_template
from troly.core.errors import ModelError

MESSAGES = [
    ChatMessage("system", "S"),
    ChatMessage("user", "U"),
    ChatMessage("assistant", "A"),
    ChatMessage("user", "V"),
]


def test_gemma_by_architecture() -> None:
    template = choose_template(None, "gemma3", None)
    assert template.render(MESSAGES) == (
        "<bos><start_of_turn>user\nS\n\nU<end_of_turn>\n<start_of_turn>model\nA<end_of_turn>\n"
        "<start_of_turn>user\nV<end_of_turn>\n<start_of_turn>model\n"
    )


def test_qwen_uses_chatml() -> None:
    text = choose_template(None, "qwen2", None).render(MESSAGES)
    assert text.startswith("<|im_start|>system\nS<|im_end|>\n")
    assert text.endswith("<|im_start|>assistant\n")


def test_metadata_template_wins_and_runs_sandboxed() -> None:
    source = (
        "{{ bos_token }}{% for m in messages %}[{{ m.role }}]{{ m.content }}{% endfor %}"
        "{% if add_generation_prompt %}[assistant]{% endif %}"
    )
    template = choose_template(source, "gemma3", "gemma", bos_token="<s>")
    assert template.name == "gguf"
    assert template.render(MESSAGES) == "<s>[system]S[user]U[assistant]A[user]V[assistant]"


def test_template_refusing_system_gets_it_folded_in() -> None:
    source = (
        "{% for m in messages %}{% if m.role == 'system' %}"
        "{{ raise_exception('no system role') }}{% endif %}<{{ m.role }}>{{ m.content }}"
        "{% endfor %}"
    )
    template = choose_template(source, "llama", None)
    assert template.render(MESSAGES).startswith("<user>S\n\nU")


def test_broken_metadata_template_falls_back_to_architecture() -> None:
    template = choose_template("{% for %}", "gemma3", None)
    assert template.name == "gemma"


def test_manifest_names_the_template_for_ambiguous_architectures() -> None:
    assert choose_template(None, "llama", "llama3").name == "llama3"
    assert choose_template(None, "llama", "mistral").name == "mistral"


def test_no_silent_llama2_fallback() -> None:
    with pytest.raises(ModelError) as err:
        choose_template(None, "llama", None)
    assert "mẫu hội thoại" in err.value.message_vi
