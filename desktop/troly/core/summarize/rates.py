"""What a model call costs on this machine, measured as the run goes.

A call's time is reading the prompt (until the first token) plus writing the reply: seconds per
prompt token and seconds per generated token, from the calls of this run only (a cached call
costs nothing and teaches nothing). The estimate of the time left then prices each remaining
call by its own prompt, which a mean per call cannot do: the sections differ in length and the
final merge writes a longer reply than a partial summary.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Rates:
    calls: int = 0
    prompt_tokens: int = 0
    generated_tokens: int = 0
    prefill_seconds: float = 0.0
    decode_seconds: float = 0.0
    reply_room: int = 0  # the max_tokens the calls were given

    def add(
        self, prompt: int, generated: int, seconds: float, prefill: float, max_tokens: int
    ) -> None:
        self.calls += 1
        self.prompt_tokens += max(0, prompt)
        self.generated_tokens += generated
        if prefill <= 0:  # an engine that does not say when its first token came
            prefill = seconds * prompt / max(1, prompt + 8 * generated)
        self.prefill_seconds += prefill
        self.decode_seconds += max(0.0, seconds - prefill)
        self.reply_room += max_tokens

    def per_prompt_token(self) -> float:
        return self.prefill_seconds / max(1, self.prompt_tokens)

    def per_generated_token(self) -> float:
        return self.decode_seconds / max(1, self.generated_tokens)

    def reply_share(self) -> float:
        """How much of its room a reply fills (a small model often writes to the limit)."""
        return min(1.0, self.generated_tokens / max(1, self.reply_room)) or 1.0

    def seconds(self, prompt_tokens: float, generated_tokens: float) -> float:
        return (
            prompt_tokens * self.per_prompt_token() + generated_tokens * self.per_generated_token()
        )
