"""Several inference servers: each request to the healthy one with the fewest requests in flight.

Health comes from /health (or /v1/models) and is rechecked in the background: a server that
failed is looked at again every `recheck_seconds`, the others every few rounds. A server not yet
checked is tried (optimistically) rather than delaying the first request with a round of checks;
one that fails before the first token is marked down and the request goes to the next.

Requests in flight are known per process; what other desktops are doing only the servers know.
So with several servers, just before choosing, each usable one is asked how busy it is (llama-
server's /slots: one short request on an open connection, a few milliseconds) and, among those
with the fewest of our requests, the least busy wins. Remaining ties (servers without /slots,
or all idle) are broken by a rotation that starts at a random server in each process, so a room
full of desktops spreads over the servers instead of all choosing the first.
"""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Sequence

from troly.core.engine.server import ServerDown, ServerEndpoint

log = logging.getLogger(__name__)

RECHECK_SECONDS = 10.0
FULL_CHECK_EVERY = 6  # rounds: healthy servers are rechecked every minute
LOAD_TIMEOUT = 0.2  # seconds to wait for a server's /slots before choosing without it


class EndpointPool:
    def __init__(
        self, endpoints: Sequence[ServerEndpoint], recheck_seconds: float = RECHECK_SECONDS
    ) -> None:
        if not endpoints:
            raise ValueError("a pool needs at least one server")
        self.endpoints = list(endpoints)
        self.recheck_seconds = recheck_seconds
        self._lock = threading.Lock()
        self._turn = random.randrange(len(self.endpoints))
        self._stop = threading.Event()
        self._checker: threading.Thread | None = None

    # -- choosing ---------------------------------------------------------------------------

    def usable(self) -> list[ServerEndpoint]:
        """Servers not known to be down, least busy first."""
        with self._lock:
            return self._ordered(set())

    def _ordered(self, exclude: set[ServerEndpoint]) -> list[ServerEndpoint]:
        n = len(self.endpoints)
        rotation = {ep: (i - self._turn) % n for i, ep in enumerate(self.endpoints)}
        ok = [ep for ep in self.endpoints if ep.state.healthy is not False and ep not in exclude]
        return sorted(ok, key=lambda ep: (ep.state.in_flight, ep.state.busy or 0.0, rotation[ep]))

    def refresh_load(self, exclude: set[ServerEndpoint]) -> None:
        """Ask each usable server how busy it is (in parallel, briefly): several servers only."""
        candidates = [ep for ep in self.usable() if ep not in exclude and ep.state.has_slots]
        if len(self.endpoints) < 2 or len(candidates) < 2:
            return
        threads = [
            threading.Thread(target=_ask_load, args=(ep,), name="troly-load", daemon=True)
            for ep in candidates
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join(LOAD_TIMEOUT * 2)

    def acquire(self, exclude: set[ServerEndpoint]) -> ServerEndpoint | None:
        """The server for the next request (its in-flight count raised), or None."""
        self._ensure_checker()
        self.refresh_load(exclude)
        with self._lock:
            ordered = self._ordered(exclude)
            if not ordered:
                return None
            chosen = ordered[0]
            chosen.state.in_flight += 1
            self._turn = (self.endpoints.index(chosen) + 1) % len(self.endpoints)
            return chosen

    def release(self, endpoint: ServerEndpoint) -> None:
        with self._lock:
            endpoint.state.in_flight = max(0, endpoint.state.in_flight - 1)

    def any_usable(self) -> bool:
        return bool(self.usable())

    # -- health -----------------------------------------------------------------------------

    def check_all(self) -> None:
        """Check every server now, in parallel (troly engine status, start-up)."""
        threads = [
            threading.Thread(target=check, args=(ep,), name="troly-health", daemon=True)
            for ep in self.endpoints
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()

    def start_checks(self) -> None:
        """Start the background health checks (they also start with the first request)."""
        self._ensure_checker()

    def _ensure_checker(self) -> None:
        if self._checker is not None or self._stop.is_set():
            return
        with self._lock:
            if self._checker is None:
                self._checker = threading.Thread(
                    target=self._recheck, name="troly-health-checker", daemon=True
                )
                self._checker.start()

    def _recheck(self) -> None:
        rounds = 0
        while not self._stop.wait(self.recheck_seconds):
            rounds += 1
            for ep in self.endpoints:
                if self._stop.is_set():
                    return
                if ep.state.healthy is False or rounds % FULL_CHECK_EVERY == 0:
                    was = ep.state.healthy
                    now = check(ep)
                    if was is False and now:
                        log.info("Inference server %s is back", ep.label)

    def close(self) -> None:
        self._stop.set()
        checker = self._checker
        if checker is not None and checker is not threading.current_thread():
            checker.join(timeout=5)
        for ep in self.endpoints:
            ep.close()


def check(ep: ServerEndpoint) -> bool:
    """`ep.check()` for a thread of its own: whatever goes wrong marks the server down, is
    logged in one line and ends nothing else (a check runs in threads whose exceptions would
    otherwise print a traceback on stderr and, in the background checker, stop it for good)."""
    try:
        return ep.check()
    except Exception as exc:  # a server's reply must never reach the thread's excepthook
        log.warning("Health check of %s failed: %s: %s", ep.label, type(exc).__name__, exc)
        ep.mark_down(
            ServerDown(
                f"{ep.label} không kiểm tra được tình trạng ({type(exc).__name__})",
                f"{ep.label} could not be checked ({type(exc).__name__})",
            )
        )
        return False


def _ask_load(ep: ServerEndpoint) -> None:
    """`ep.slots()` in a thread of its own (as `check`: no traceback, just no load known)."""
    try:
        ep.slots(LOAD_TIMEOUT)
    except Exception as exc:
        log.warning("Load of %s unknown: %s: %s", ep.label, type(exc).__name__, exc)
        ep.state.busy = None
