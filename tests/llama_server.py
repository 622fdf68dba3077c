"""llama.cpp's own llama-server for the tests: compiled by set-up (installer/llama_server.sh) from
the llama.cpp that the pinned llama-cpp-python vendors, started on 127.0.0.1 with the default
model on a free port, and always killed.

Readiness is read from the server's log ("listening on" comes after the model is loaded), not
polled over HTTP: the test process may have the network guard installed, and a poll from here
would be one more connection attempt in the counts the tests make.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from collections.abc import Sequence
from functools import cache
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
MODEL_ALIAS = "gemma-3-270m-q4_k_m"


@cache
def server_binary() -> Path:
    """The llama-server binary (compiled on first use if set-up has not done it yet)."""
    override = os.environ.get("TROLY_LLAMA_SERVER")
    if override:
        return Path(override)
    out = subprocess.run(
        ["bash", str(REPO / "installer" / "llama_server.sh")],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=3600,
    )
    if out.returncode != 0:
        raise RuntimeError(f"llama-server could not be built:\n{out.stderr[-3000:]}")
    return Path(out.stdout.strip().splitlines()[-1])


def free_port() -> int:
    with socket.socket() as s:  # bind is not an outbound connection: the guard lets it be
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LlamaServer:
    """One llama-server process; `url` is its base URL."""

    def __init__(
        self,
        model: Path,
        log_dir: Path,
        parallel: int = 1,
        ctx: int = 2048,
        threads: int = 1,
        api_key: str | None = None,
        cpus: Sequence[int] | None = None,
        extra: Sequence[str] = (),
        chat_template: str = "gemma",
        alias: str = MODEL_ALIAS,
    ) -> None:
        self.model = model
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log_dir / f"llama-server-{self.port}.log"
        self.parallel = parallel
        command = [
            str(server_binary()),
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "-m",
            str(model),
            "-c",
            str(ctx * parallel),  # the window is shared by the slots: each gets `ctx`
            "--parallel",
            str(parallel),
            "-t",
            str(threads),
            "-tb",
            str(threads),
            "--no-webui",
            # The test model's GGUF has no chat template: llama-server would fall back to
            # ChatML, TroLy's engine picks Gemma's by architecture. An administrator passes it
            # the same way (--no-jinja: a built-in template's name, not Jinja source).
            "--no-jinja",
            "--chat-template",
            chat_template,
            "--alias",
            alias,
            *extra,
        ]
        if api_key:
            command += ["--api-key", api_key]
        if cpus is not None:
            command = ["taskset", "-c", ",".join(map(str, cpus)), *command]
        self.command = command
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 120.0) -> LlamaServer:
        handle = self.log.open("wb")
        self.proc = subprocess.Popen(
            self.command, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True
        )
        handle.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = self.log.read_text(errors="replace")
            if "listening on" in text:
                return self
            if self.proc.poll() is not None:
                raise RuntimeError(f"llama-server exited:\n{text[-3000:]}")
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"llama-server did not start in {timeout:.0f} s")

    def kill(self) -> None:
        """SIGKILL: the server dies as a crashed or unplugged one would."""
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=30)

    def stop(self) -> None:
        if self.proc is None:
            return
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()
        self.proc = None

    def __enter__(self) -> LlamaServer:
        return self.start() if self.proc is None else self

    def __exit__(self, *exc: object) -> None:
        self.stop()
