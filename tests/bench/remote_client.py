"""One client of the scale benchmark: `troly generate --json` in its own process, started
after a barrier so that every client's Python start-up is over before the clock runs.

    python -m tests.bench.remote_client BARRIER_FILE DELAY PROMPT MAX_TOKENS

DELAY: seconds after the barrier before this client asks (desktops do not all press Enter in
the same millisecond).

Prints one JSON line: troly generate's own JSON plus `go` (when the barrier opened) and `end`
(when the command returned), both time.time().
"""

from __future__ import annotations

import contextlib
import io
import json
import sys
import time
from pathlib import Path


def main() -> int:
    barrier, delay = Path(sys.argv[1]), float(sys.argv[2])
    prompt, max_tokens = sys.argv[3], sys.argv[4]
    from troly.cli import main as troly_main  # imported before the barrier: start-up is done

    while not barrier.exists():
        time.sleep(0.005)
    time.sleep(delay)
    go = time.time()
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = troly_main(["generate", prompt, "--max-tokens", max_tokens, "--json"])
    end = time.time()
    result = json.loads(out.getvalue()) if code == 0 else {}
    print(json.dumps({"code": code, "go": go, "end": end, **result}))
    return code


if __name__ == "__main__":
    raise SystemExit(main())
