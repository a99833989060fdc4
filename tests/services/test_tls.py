"""The TLS check against real handshakes on loopback with test-only certificates made here."""

from __future__ import annotations

import datetime as dt
import socket
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from fixtures.egov_services.certs import self_signed, server_context
from services.tls import EXPIRED, MISMATCH, SELF_SIGNED, UNREACHABLE, VALID, check_host


@contextmanager
def tls_server(names: list[str], **kw: int) -> Iterator[tuple[int, str]]:
    cert, key = self_signed(names, **kw)
    context, cafile = server_context(cert, key)
    sock = socket.socket()
    sock.bind(("127.0.0.3", 0))
    sock.listen(8)
    stop = threading.Event()

    def serve() -> None:
        sock.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = sock.accept()
            except OSError:
                continue
            try:
                with context.wrap_socket(conn, server_side=True) as tls:
                    tls.recv(1)
            except (OSError, ssl.SSLError):
                pass

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield sock.getsockname()[1], str(cafile)
    finally:
        stop.set()
        thread.join(2)
        sock.close()


def test_self_signed_expired_mismatch_and_valid() -> None:
    with tls_server(["127.0.0.3"]) as (port, cafile):
        info = check_host("127.0.0.3", port)
        assert info["state"] == SELF_SIGNED and info["problems"] == [SELF_SIGNED]
        assert info["protocol"].startswith("TLS") and "127.0.0.3" in info["names"]
        assert check_host("127.0.0.3", port, cafile=cafile)["state"] == VALID  # trusted: nothing to warn about
    with tls_server(["127.0.0.3"], days_valid=10, days_ago=40) as (port, cafile):
        info = check_host("127.0.0.3", port, cafile=cafile)
        assert info["state"] == EXPIRED and EXPIRED in info["problems"]
        assert dt.datetime.fromisoformat(info["not_after"]) < dt.datetime.now(dt.UTC)
    with tls_server(["other.example.kz"]) as (port, cafile):
        info = check_host("127.0.0.3", port, cafile=cafile)
        assert info["state"] == MISMATCH and info["problems"] == [MISMATCH]


def test_a_closed_port_is_unreachable() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.3", 0))
        port = s.getsockname()[1]
    assert check_host("127.0.0.3", port, timeout_s=2)["state"] == UNREACHABLE
