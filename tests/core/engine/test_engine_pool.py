"""Choosing a server: the healthy one with the fewest requests in flight, ties spread by a
rotation. No connection is made here: the servers' states are set as checks would set them."""

from __future__ import annotations

from troly.core.engine.pool import EndpointPool
from troly.core.engine.server import ServerDown, ServerEndpoint


def pool(n: int) -> EndpointPool:
    return EndpointPool([ServerEndpoint(f"http://10.0.0.{i}:8080") for i in range(n)], 3600)


def test_least_in_flight_and_ties_rotate() -> None:
    p = pool(3)
    try:
        chosen = [p.acquire(set()) for _ in range(3)]
        assert len(set(chosen)) == 3  # three at once: one each
        assert all(ep is not None and ep.state.in_flight == 1 for ep in chosen)
        first = chosen[0]
        assert first is not None
        p.release(first)
        assert p.acquire(set()) is first  # the only one with nothing in flight
        for ep in chosen:
            assert ep is not None
            p.release(ep)
        # Idle servers (one question at a time): the rotation spreads requests over all three.
        seen = set()
        for _ in range(3):
            ep = p.acquire(set())
            assert ep is not None
            seen.add(ep)
            p.release(ep)
        assert len(seen) == 3
    finally:
        p.close()


def test_down_servers_and_excluded_ones_are_skipped() -> None:
    p = pool(2)
    try:
        a, b = p.endpoints
        a.mark_down(ServerDown("không kết nối được", "cannot connect"))
        assert p.usable() == [b]
        got = p.acquire(set())
        assert got is b
        p.release(b)
        assert p.acquire({b}) is None  # the request already failed there
        b.mark_down(ServerDown("x", "x"))
        assert not p.any_usable()
        a.mark_up()
        assert p.usable() == [a] and a.state.error_vi == ""
    finally:
        p.close()
