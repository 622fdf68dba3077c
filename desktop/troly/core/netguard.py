"""No network: an in-process guard that refuses every outbound connection and DNS look-up.

Installed once per process (the session does it at start). It wraps the Python socket layer:
`socket.connect`/`connect_ex`, `sendto`/`sendmsg` with an address, `create_connection` (through
`connect` and `getaddrinfo`), and the resolver functions. A refused call raises `NetworkBlocked`
(an OSError, so libraries fail the way they fail offline) before any system call is made, so no
packet leaves. It is logged and audited, and counted.

Allowed: Unix-domain sockets (D-Bus, which the keyring's Secret Service uses), the loopback
socket pair Python builds for `socket.socketpair()` where the OS has no AF_UNIX pairs (Windows),
and exactly the host:port of each inference server the policy names (`engine_endpoints`, and the
older `allowed_engine_url`), loopback included (a server may run on this PC). Another port of an
allowed host is refused; loopback is otherwise refused like any host.

What this does not cover: native code that opens sockets itself (llama.cpp, Qt) bypasses
Python. TroLy's native parts open none, and a test runs the app in a network namespace with no
interfaces (`unshare -n`) to prove it works there.

`TROLY_NETGUARD_REPORT=FILE`: at exit, append one JSON line with this process's counts (tests).
"""

from __future__ import annotations

import atexit
import errno
import ipaddress
import json
import logging
import os
import socket
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger(__name__)

ENV_REPORT = "TROLY_NETGUARD_REPORT"
_GUARDED_FAMILIES = {socket.AF_INET, socket.AF_INET6}


class NetworkBlocked(PermissionError):
    """A connection or look-up the policy does not allow (no packet was sent)."""

    def __init__(self, target: str) -> None:
        self.target = target
        self.message_vi = (
            f"TroLy không kết nối mạng: đã chặn kết nối tới {target}. Mọi dữ liệu ở lại trên máy; "
            "chỉ máy chủ mô hình nội bộ do quản trị viên cho phép mới được kết nối."
        )
        self.message_en = (
            f"TroLy does not use the network: the connection to {target} was blocked. Only the "
            "on-prem engine server your administrator allows may be reached."
        )
        super().__init__(errno.EACCES, self.message_vi)


class DnsBlocked(NetworkBlocked, socket.gaierror):
    """A name look-up the policy does not allow (raised where getaddrinfo would fail)."""


@dataclass
class Attempt:
    kind: str  # "connect", "sendto", "dns"
    target: str
    allowed: bool

    def as_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "target": self.target, "allowed": self.allowed}


@dataclass
class _State:
    installed: bool = False
    allowed_hosts: set[str] = field(default_factory=set)  # names and addresses: DNS allowed
    # (host or address, port) pairs a connection may go to
    allowed_targets: set[tuple[str, int]] = field(default_factory=set)
    attempts: list[Attempt] = field(default_factory=list)
    originals: dict[str, Any] = field(default_factory=dict)
    report_registered: bool = False


_state = _State()
_lock = threading.Lock()
_local = threading.local()


# -- counting ---------------------------------------------------------------------------------


def attempts() -> list[Attempt]:
    """Every outbound attempt seen since install (or the last reset), allowed or not."""
    with _lock:
        return list(_state.attempts)


def attempt_count() -> int:
    return len(attempts())


def refused_count() -> int:
    return sum(1 for a in attempts() if not a.allowed)


def reset_counts() -> None:
    with _lock:
        _state.attempts.clear()


def is_installed() -> bool:
    return _state.installed


# -- the decision -----------------------------------------------------------------------------


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return False
    return True


def _target(address: Any) -> tuple[str, int | None]:
    if isinstance(address, tuple) and address:
        host = address[0]
        host = host.decode("ascii", "replace") if isinstance(host, bytes) else str(host)
        port = address[1] if len(address) > 1 and isinstance(address[1], int) else None
        return host, port
    return str(address), None


def _host_allowed(host: str) -> bool:
    return host in _state.allowed_hosts


def _target_allowed(host: str, port: int | None) -> bool:
    if port is None:
        return _host_allowed(host)
    return (host, port) in _state.allowed_targets


def _check(kind: str, host: str, port: int | None) -> None:
    if getattr(_local, "socketpair", False):
        return  # Python's own loopback pair (Windows), never a connection out
    if kind == "dns":
        allowed = host in ("", "None") or _is_ip(host) or _host_allowed(host)
    else:
        allowed = _target_allowed(host, port)
    target = f"{host}:{port}" if port is not None else host
    with _lock:
        _state.attempts.append(Attempt(kind, target, allowed))
    if allowed:
        return
    log.warning("Blocked a network %s to %s (TroLy does not use the network)", kind, target)
    from troly.core import audit

    audit.record(audit.NETWORK_REFUSED, kind=kind, target=target)
    raise (DnsBlocked if kind == "dns" else NetworkBlocked)(target)


def _check_socket(sock: Any, kind: str, address: Any) -> None:
    if sock.family not in _GUARDED_FAMILIES:
        return  # AF_UNIX (D-Bus, keyring), netlink...: not the network
    host, port = _target(address)
    _check(kind, host, port)


# -- the wrappers -----------------------------------------------------------------------------


def _wrap_methods() -> None:
    cls: Any = socket.socket  # patched in place: typed loosely on purpose
    base: Any = socket.SocketType if socket.SocketType is not cls else cls.__mro__[1]
    originals = _state.originals
    for name in ("connect", "connect_ex", "sendto", "sendmsg"):
        originals[f"socket.{name}"] = cls.__dict__.get(name)

    def connect(self: socket.socket, address: Any) -> None:
        _check_socket(self, "connect", address)
        base.connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> int:
        _check_socket(self, "connect", address)
        return int(base.connect_ex(self, address))

    def sendto(self: socket.socket, data: Any, *args: Any) -> int:
        address = args[-1]  # sendto(data, address) or sendto(data, flags, address)
        _check_socket(self, "sendto", address)
        return int(base.sendto(self, data, *args))

    def sendmsg(self: socket.socket, buffers: Any, *args: Any) -> int:
        if len(args) >= 3 and args[2] is not None:
            _check_socket(self, "sendto", args[2])
        return int(base.sendmsg(self, buffers, *args))

    cls.connect = connect
    cls.connect_ex = connect_ex
    cls.sendto = sendto
    if hasattr(base, "sendmsg"):
        cls.sendmsg = sendmsg


def _wrap_functions() -> None:
    originals = _state.originals
    real_getaddrinfo = socket.getaddrinfo
    real_gethostbyname = socket.gethostbyname
    real_gethostbyname_ex = socket.gethostbyname_ex
    real_gethostbyaddr = socket.gethostbyaddr
    real_getnameinfo = socket.getnameinfo
    real_socketpair = socket.socketpair
    for name in (
        "getaddrinfo",
        "gethostbyname",
        "gethostbyname_ex",
        "gethostbyaddr",
        "getnameinfo",
        "socketpair",
    ):
        originals[name] = getattr(socket, name)

    def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode("idna") if isinstance(host, bytes) else str(host)
        _check("dns", "" if host is None else name, None)
        return real_getaddrinfo(host, port, *args, **kwargs)

    def gethostbyname(host: str) -> str:
        _check("dns", host, None)
        return real_gethostbyname(host)

    def gethostbyname_ex(host: str) -> tuple[str, list[str], list[str]]:
        _check("dns", host, None)
        return real_gethostbyname_ex(host)

    def gethostbyaddr(host: str) -> tuple[str, list[str], list[str]]:
        # A reverse look-up is a DNS query even for an address.
        if not _host_allowed(host):
            _check("dns", f"reverse:{host}", None)
        return real_gethostbyaddr(host)

    def getnameinfo(sockaddr: Any, flags: int) -> tuple[str, str]:
        if not flags & socket.NI_NUMERICHOST:
            host, _port = _target(sockaddr)
            if not _host_allowed(host):
                _check("dns", f"reverse:{host}", None)
        return real_getnameinfo(sockaddr, flags)

    def socketpair(*args: Any, **kwargs: Any) -> tuple[socket.socket, socket.socket]:
        _local.socketpair = True
        try:
            return real_socketpair(*args, **kwargs)
        finally:
            _local.socketpair = False

    socket.getaddrinfo = getaddrinfo
    socket.gethostbyname = gethostbyname
    socket.gethostbyname_ex = gethostbyname_ex
    socket.gethostbyaddr = gethostbyaddr
    socket.getnameinfo = getnameinfo
    socket.socketpair = socketpair


# -- install ----------------------------------------------------------------------------------


def _resolve_allowed(host: str) -> set[str]:
    """The addresses of an allowed host, looked up once with the real resolver."""
    if _is_ip(host):
        return {host}
    resolver = _state.originals.get("getaddrinfo", socket.getaddrinfo)
    try:
        return {info[4][0] for info in resolver(host, None)}
    except OSError as exc:
        log.warning("The allowed engine host %s does not resolve: %s", host, exc)
        return set()


def install(allowed: str | Iterable[str] | None = None) -> None:
    """Guard this process, letting through only the inference servers at these URLs (one URL,
    several, or none). Calling again replaces the allowed servers (the policy may change)."""
    from troly.core.policy import url_target

    urls = [allowed] if isinstance(allowed, str) else list(allowed or ())
    targets = [t for t in (url_target(u) for u in urls) if t is not None]
    with _lock:
        if not _state.installed:
            _wrap_methods()
            _wrap_functions()
            _state.installed = True
            log.info("Network guard installed")
    hosts: set[str] = set()
    pairs: set[tuple[str, int]] = set()
    for host, port in targets:
        for name in {host, *_resolve_allowed(host)}:
            hosts.add(name)
            pairs.add((name, port))
    with _lock:
        _state.allowed_hosts = hosts
        _state.allowed_targets = pairs
    if targets:
        log.info("Network guard allows %s", ", ".join(f"{h}:{p}" for h, p in targets))
    if os.environ.get(ENV_REPORT) and not _state.report_registered:
        _state.report_registered = True
        atexit.register(_write_report, os.environ[ENV_REPORT])


def install_from_policy() -> None:
    """Install with the inference servers the machine policy allows (if any): for a process
    that has no Session (yet), which installs it again from the policy it loads."""
    from troly.core.policy import load_policy

    install(load_policy().engine_urls())


def uninstall() -> None:
    """Put the socket module back as it was (tests only: the app never turns the guard off)."""
    with _lock:
        if not _state.installed:
            return
        for key, value in _state.originals.items():
            if key.startswith("socket."):
                name = key.split(".", 1)[1]
                if value is None:
                    if name in socket.socket.__dict__:
                        delattr(socket.socket, name)
                else:
                    setattr(socket.socket, name, value)
            else:
                setattr(socket, key, value)
        _state.originals.clear()
        _state.installed = False
        _state.allowed_hosts = set()
        _state.allowed_targets = set()


def _write_report(path: str) -> None:
    line = {
        "pid": os.getpid(),
        "installed": _state.installed,
        "attempts": len(_state.attempts),
        "refused": sum(1 for a in _state.attempts if not a.allowed),
        "events": [a.as_json() for a in _state.attempts],
    }
    try:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(line) + "\n")
    except OSError as exc:
        log.warning("Could not write the network guard report %s: %s", path, exc)
