"""The network guard: nothing leaves the process unless the policy allows that one host."""

from __future__ import annotations

import errno
import json
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from troly.core import audit, netguard
from troly.core.netguard import DnsBlocked, NetworkBlocked


@pytest.fixture(autouse=True)
def guard() -> Iterator[None]:
    netguard.uninstall()
    netguard.install()
    netguard.reset_counts()
    yield
    netguard.uninstall()
    audit.configure(None)


def test_tcp_connect_blocked_before_the_syscall() -> None:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    with pytest.raises(NetworkBlocked) as err:
        sock.connect(("93.184.216.34", 80))
    assert isinstance(err.value, OSError) and err.value.errno == errno.EACCES
    assert "93.184.216.34:80" in err.value.message_vi and "chặn" in str(err.value)
    # Had connect(2) run, the socket would be connecting or connected; it never left the start.
    with pytest.raises(OSError) as not_connected:
        sock.getpeername()
    assert not_connected.value.errno == errno.ENOTCONN
    sock.close()
    assert netguard.refused_count() == 1


def test_dns_blocked() -> None:
    with pytest.raises(socket.gaierror):
        socket.getaddrinfo("example.org", 80)
    with pytest.raises(DnsBlocked):
        socket.gethostbyname("example.org")
    with pytest.raises(OSError):
        socket.create_connection(("example.org", 443), timeout=1)
    with pytest.raises(NetworkBlocked):
        socket.gethostbyaddr("93.184.216.34")
    assert netguard.refused_count() == 4
    assert {a.kind for a in netguard.attempts()} == {"dns"}


def test_udp_and_connect_ex_blocked() -> None:
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    with udp, pytest.raises(NetworkBlocked):
        udp.sendto(b"\x00", ("8.8.8.8", 53))
    six = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
    with six, pytest.raises(NetworkBlocked):
        six.connect_ex(("2606:4700:4700::1111", 443))
    assert netguard.refused_count() == 2


def test_loopback_refused_unless_it_is_the_allowed_engine() -> None:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    port = server.getsockname()[1]
    with server:
        with pytest.raises(NetworkBlocked):
            socket.create_connection(("127.0.0.1", port), timeout=2)
        netguard.install(f"http://127.0.0.1:{port}/v1")  # an on-prem engine on this PC
        with socket.create_connection(("127.0.0.1", port), timeout=2):
            pass
        with pytest.raises(NetworkBlocked):  # the same host, another port
            socket.create_connection(("127.0.0.1", port + 1 if port < 65535 else 1), timeout=2)
    assert [a.allowed for a in netguard.attempts() if a.kind == "connect"] == [False, True, False]


def test_unix_sockets_and_socketpair_stay_allowed(tmp_path: Path) -> None:
    path = str(tmp_path / "s")
    server = socket.socket(socket.AF_UNIX)
    server.bind(path)
    server.listen()
    client = socket.socket(socket.AF_UNIX)
    client.connect(path)  # D-Bus and the keyring's Secret Service talk like this
    a, b = socket.socketpair()
    for s in (server, client, a, b):
        s.close()
    assert netguard.attempt_count() == 0


def test_refusal_is_audited(troly_home: Path) -> None:
    from troly.core.config import Paths
    from troly.core.vault import forget_database_key, open_encrypted_database

    db = Paths.resolve(troly_home).ensure().database_file
    audit.configure(db)
    with pytest.raises(OSError):
        socket.getaddrinfo("telemetry.example.com", 443)
    audit.configure(None)
    log = audit.AuditLog(open_encrypted_database(db))
    entries = list(log.entries())
    assert entries[-1].action == "network_refused"
    assert entries[-1].details == {"kind": "dns", "target": "telemetry.example.com"}
    log.db.close()
    forget_database_key(db)


def test_guard_works_from_threads() -> None:
    errors: list[BaseException] = []

    def attempt() -> None:
        try:
            socket.create_connection(("10.1.2.3", 80), timeout=1)
        except OSError as exc:
            errors.append(exc)

    threads = [threading.Thread(target=attempt) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(errors) == 4 and all(isinstance(e, NetworkBlocked) for e in errors)


def test_uninstall_restores_the_socket_module() -> None:
    netguard.uninstall()
    assert socket.socket.connect is socket.SocketType.connect
    assert "connect" not in socket.socket.__dict__
    assert socket.getaddrinfo.__module__ == "socket"


def test_report_file_at_exit(tmp_path: Path) -> None:
    report = tmp_path / "net.jsonl"
    code = (
        "import socket\n"
        "from troly.core import netguard\n"
        "netguard.install()\n"
        "try:\n"
        "    socket.getaddrinfo('example.org', 80)\n"
        "except OSError:\n"
        "    pass\n"
    )
    env = dict(os.environ, TROLY_NETGUARD_REPORT=str(report))
    subprocess.run([sys.executable, "-c", code], env=env, check=True, timeout=60)
    line = json.loads(report.read_text(encoding="utf-8"))
    assert line["installed"] and line["attempts"] == 1 and line["refused"] == 1
    assert line["events"] == [{"kind": "dns", "target": "example.org", "allowed": False}]


def test_every_policy_endpoint_and_nothing_else() -> None:
    servers = [socket.socket() for _ in range(3)]
    for s in servers:
        s.bind(("127.0.0.1", 0))
        s.listen()
    a, b, c = (s.getsockname()[1] for s in servers)
    try:
        netguard.install([f"http://127.0.0.1:{a}/v1", f"http://localhost:{b}"])
        netguard.reset_counts()
        with socket.create_connection(("127.0.0.1", a), timeout=2):
            pass
        with socket.create_connection(("localhost", b), timeout=2):  # a name, resolved once
            pass
        with pytest.raises(NetworkBlocked):  # listening, but not in the policy
            socket.create_connection(("127.0.0.1", c), timeout=2)
        with pytest.raises(OSError):  # another name is not looked up
            socket.getaddrinfo("llm.example.org", a)
        events = [(e.kind, e.target, e.allowed) for e in netguard.attempts()]
        assert ("connect", f"127.0.0.1:{a}", True) in events
        assert ("connect", f"127.0.0.1:{c}", False) in events
        assert ("dns", "llm.example.org", False) in events
        netguard.install(None)  # a new policy without servers: back to nothing
        with pytest.raises(NetworkBlocked):
            socket.create_connection(("127.0.0.1", a), timeout=2)
    finally:
        for s in servers:
            s.close()
