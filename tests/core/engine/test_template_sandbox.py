"""Chat templates from a model file that try to hang or exhaust the machine: each is refused
within the sandbox's bounds and the known template for the model is used instead; a real
template still renders exactly as Jinja renders it."""

from __future__ import annotations

import logging
import os
import struct
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from jinja2.sandbox import ImmutableSandboxedEnvironment

from troly.core.engine.base import ChatMessage
from troly.core.engine.templates import JinjaTemplate, choose_template
from troly.core.errors import ModelError

MESSAGES = [
    ChatMessage("system", "Bạn là trợ lý."),
    ChatMessage("user", "Xin chào"),
    ChatMessage("assistant", "Chào anh."),
    ChatMessage("user", "Soạn công văn"),
]

# The shape of the templates real models ship (Qwen 2.5's, shortened): loops, namespace,
# tojson, string methods, slicing, raise_exception.
REAL_TEMPLATE = """\
{%- if messages[0]['role'] == 'system' %}
    {{- '<|im_start|>system\\n' + messages[0]['content'] + '<|im_end|>\\n' }}
{%- else %}
    {{- '<|im_start|>system\\nYou are a helpful assistant.<|im_end|>\\n' }}
{%- endif %}
{%- set ns = namespace(count=0) %}
{%- for message in messages %}
    {%- if message.role not in ['system', 'user', 'assistant'] %}
        {{- raise_exception('bad role ' ~ message.role) }}
    {%- endif %}
    {%- set ns.count = ns.count + 1 %}
    {%- if loop.index == messages | length and messages[-1].role != 'user' %}
        {{- raise_exception("the last turn must be a user turn") }}
    {%- endif %}
    {%- if message.role != 'system' %}
        {{- '<|im_start|>' + message.role + '\\n' + message.content | trim + '<|im_end|>' + '\\n' }}
    {%- endif %}
{%- endfor %}
{{- '<!-- ' ~ ns.count ~ ' ' ~ (messages | map(attribute='role') | list | tojson) ~ ' -->' }}
{{- ('%s:%d' % ('n', ns.count)) ~ '{0}'.format(loop is defined) ~ messages[-1].content[:3] }}
{%- if add_generation_prompt %}
    {{- '<|im_start|>assistant\\n' }}
{%- endif %}
"""


def test_a_real_template_renders_as_plain_jinja_renders_it() -> None:
    template = choose_template(REAL_TEMPLATE, "qwen2", None)
    assert template.name == "gguf"
    env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True)
    expected = env.from_string(REAL_TEMPLATE).render(
        messages=[{"role": m.role, "content": m.content} for m in MESSAGES],
        add_generation_prompt=True,
        bos_token="",
        eos_token="",
    )
    assert template.render(MESSAGES) == expected
    assert expected.endswith("<|im_start|>assistant\n")


def test_a_long_real_conversation_is_not_mistaken_for_an_attack() -> None:
    """A 200-turn chat with a 600,000-character document stays within every bound."""
    template = choose_template(REAL_TEMPLATE, "qwen2", None)
    long = [ChatMessage("user", "văn bản " * 75_000)] + MESSAGES * 50
    assert len(template.render(long)) > 600_000
    assert template.name == "gguf"


@pytest.mark.parametrize(
    ("source", "why"),
    [
        (
            "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}",
            "steps",
        ),
        (
            "{% set s = 'x' * 100000 %}{% for a in s %}{% for b in s %}{% endfor %}{% endfor %}",
            "steps",
        ),
        ("{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}", "recursion"),
        ("{% macro f(n) %}{{ f(n) }}{{ f(n) }}{% endmacro %}{{ f(1) }}", "recursion"),
        ("{% include 'x' %}", "include"),
        ("{% import 'x' as y %}", "import"),
        ("{% extends 'x' %}", "extends"),
        ("{{ lipsum(100000) }}", "lipsum"),
    ],
)
def test_hostile_templates_fall_back_to_the_known_one(
    source: str, why: str, caplog: pytest.LogCaptureFixture
) -> None:
    start = time.monotonic()
    with caplog.at_level(logging.WARNING):
        template = choose_template(source, "gemma3", None)
    assert time.monotonic() - start < 30  # the nested loops ran > 120 s before (a 2 s deadline)
    assert template.name == "gemma"
    warning = caplog.records[-1].getMessage()
    assert "chat template is not used" in warning and why in warning


# Each would build gigabytes (the first 3 GB while merely compiling: Jinja folds constants).
MEMORY_BOMBS = [
    "{{ 'x' * 3000000000 }}",
    "{{ ['x'] * 3000000000 }}",
    "{{ 2 ** 10000000000 }}",
    "{{ 'x'|center(3000000000) }}",
    "{{ 'x'.ljust(3000000000) }}",
    "{{ 'a\\nb'|indent(3000000000) }}",
    "{{ '%0999999999d' % 1 }}",
    "{{ '%0999999999d'|format(1) }}",
    "{{ '{:>999999999}'.format(1) }}",
    "{{ ('\\t' * 1000).expandtabs(1000000) }}",
    "{% set ns = namespace(s='x') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}"
    "{% endfor %}{{ ns.s }}",
    "{% set ns = namespace(s='x') %}{% for i in range(40) %}{% set ns.s = ns.s + ns.s %}"
    "{% endfor %}{{ ns.s }}",
    "{{ 'x'" + "|replace('', 'xxxxxxxxxx')" * 10 + " }}",
    "{% set s = 'x' * 1000000 %}{{ ([s] * 100000)|join }}",
    "{% set s = 'x' * 1000000 %}{{ [s] * 100000 }}",
    "{% set s = 'x' * 4000000 %}{{ [s, s]|tojson }}",
]


def test_memory_bombs_are_refused_before_they_allocate() -> None:
    """In a process whose address space is capped at 1.5 GB: the old code died there of
    MemoryError (5.7 GB peak uncapped for the first bomb); now every bomb is refused."""
    script = textwrap.dedent(
        """
        import json, resource, sys
        resource.setrlimit(resource.RLIMIT_AS, (1536 << 20, 1536 << 20))
        from troly.core.engine.templates import choose_template
        names = [choose_template(s, "gemma3", None).name for s in json.load(sys.stdin)]
        print(json.dumps(names))
        """
    )
    import json

    result = subprocess.run(
        [sys.executable, "-c", script],
        input=json.dumps(MEMORY_BOMBS),
        capture_output=True,
        text=True,
        timeout=120,
        env=os.environ.copy(),
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == ["gemma"] * len(MEMORY_BOMBS)


def test_a_template_that_explodes_later_switches_to_the_known_one(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """It behaves on the 4-message probe, then loops without end on a longer chat."""
    source = (
        "{% if messages|length > 4 %}{% for a in range(100000) %}{% for b in range(100000) %}"
        "{% endfor %}{% endfor %}{% endif %}{% for m in messages %}{{ m.content }}{% endfor %}"
    )
    template = choose_template(source, "gemma3", None)
    assert template.name == "gguf"
    with caplog.at_level(logging.WARNING):
        text = template.render(MESSAGES + MESSAGES)
    assert text.startswith("<bos><start_of_turn>user\n")  # Gemma's, from then on
    assert "chat template failed" in caplog.records[-1].getMessage()
    assert template.render(MESSAGES[:1]).startswith("<bos><start_of_turn>user\n")


def test_without_a_known_template_the_failure_is_a_clear_model_error() -> None:
    with pytest.raises(ModelError) as err:
        choose_template("{% include 'x' %}", "llama", None)
    assert "không dùng được" in err.value.message_vi
    explodes = JinjaTemplate("{{ messages * 100000000 }}", "", "")
    with pytest.raises(ModelError) as err:
        explodes.render(MESSAGES)
    assert "giới hạn an toàn" in err.value.message_vi


# -- the engine: llama-cpp-python never sees the file's template --------------------------------


def _with_chat_template(source: Path, target: Path, template: str) -> None:
    """A copy of a GGUF file with `tokenizer.chat_template` added to its metadata: the KV is
    appended after the others and the tensor data re-aligned (its offsets are relative)."""
    data = source.read_bytes()
    _, _, tensors, kvs = struct.unpack_from("<4sIQQ", data, 0)
    pos = 24

    def string_end(at: int) -> int:
        return at + 8 + struct.unpack_from("<Q", data, at)[0]

    sizes = {0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8}
    alignment = 32
    for _ in range(kvs):
        key = data[pos + 8 : string_end(pos)].decode()
        pos = string_end(pos)
        value_type = struct.unpack_from("<I", data, pos)[0]
        pos += 4
        if key == "general.alignment":
            alignment = struct.unpack_from("<I", data, pos)[0]
        if value_type == 8:
            pos = string_end(pos)
        elif value_type == 9:
            item_type, count = struct.unpack_from("<IQ", data, pos)
            pos += 12
            for _ in range(count):
                pos = string_end(pos) if item_type == 8 else pos + sizes[item_type]
        else:
            pos += sizes[value_type]
    kv_end = pos
    for _ in range(tensors):
        pos = string_end(pos)
        n_dims = struct.unpack_from("<I", data, pos)[0]
        pos += 4 + 8 * n_dims + 4 + 8
    data_start = -(-pos // alignment) * alignment
    encoded = template.encode()
    extra = (
        struct.pack("<Q", 23)
        + b"tokenizer.chat_template"
        + struct.pack("<IQ", 8, len(encoded))
        + encoded
    )
    head = struct.pack("<4sIQQ", b"GGUF", 3, tensors, kvs + 1)
    header = head + data[24:kv_end] + extra + data[kv_end:pos]
    padding = b"\x00" * (-len(header) % alignment)
    target.write_bytes(header + padding + data[data_start:])


@pytest.mark.parametrize(
    "hostile_template",
    ["{{ 'x' * 3000000000 }}", "{% for %}"],
    ids=["memory-bomb", "syntax-error"],
)
def test_the_engine_loads_a_model_whose_template_is_hostile(
    default_model, tmp_path: Path, hostile_template: str
) -> None:
    """llama-cpp-python compiles every template in the metadata while loading: the bomb took
    it 50 s and 9.1 GB (then a SyntaxError), the broken one a TemplateSyntaxError, and the model
    did not load. The engine hides them from it and uses Gemma's (address space capped at 3 GB:
    where the cap is hit, Jinja merely skips folding the constant)."""
    hostile = tmp_path / "hostile.gguf"
    _with_chat_template(default_model.path, hostile, hostile_template)
    script = textwrap.dedent(
        """
        import resource, sys
        from pathlib import Path
        resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))
        from troly.core.engine.llama import LlamaEngine
        from troly.core.models.gguf import read_gguf_info
        from troly.core.models.verify import VerifiedModel
        info = read_gguf_info(sys.argv[1])
        assert info.chat_template == sys.argv[2]
        engine = LlamaEngine(VerifiedModel(Path(sys.argv[1]), "0" * 64, info, None), n_ctx=256)
        assert not any(k.startswith("tokenizer.chat_template") for k in engine._llm.metadata)
        print(engine.template.name)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(hostile), hostile_template],
        capture_output=True,
        text=True,
        timeout=120,
        env=os.environ.copy(),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "gemma"
