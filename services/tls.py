"""The TLS state of a host as a browser would judge it: valid, expired, self-signed, name mismatch or untrusted.

One verified handshake (the system's trust store, host-name check) says whether a browser would warn; if it
would, a second, unverified handshake reads the certificate so that the reason is told from the certificate
itself (dates, issuer = subject, the names it covers), whatever order OpenSSL reports its errors in.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import socket
import ssl
from typing import Any

from cryptography import x509
from cryptography.x509.oid import ExtensionOID

VALID, EXPIRED, SELF_SIGNED, MISMATCH, UNTRUSTED = "valid", "expired", "self-signed", "mismatch", "untrusted"
NOT_HTTPS, UNREACHABLE = "not-https", "unreachable"
WARNS = frozenset({EXPIRED, SELF_SIGNED, MISMATCH, UNTRUSTED})  # a browser shows a security warning


def check_host(host: str, port: int = 443, *, timeout_s: float = 5.0, cafile: str | None = None,
               now: dt.datetime | None = None) -> dict[str, Any]:
    """{state, problems, protocol, subject, issuer, not_after, names, detail} for host:port."""
    out: dict[str, Any] = {"host": host, "port": port, "state": None, "problems": [], "protocol": None,
                           "subject": None, "issuer": None, "not_after": None, "names": [], "detail": None}
    verified = ssl.create_default_context(cafile=cafile)
    try:
        der, out["protocol"] = _handshake(host, port, verified, timeout_s)
        _describe(out, der)
        out["state"] = VALID
        return out
    except ssl.SSLCertVerificationError as exc:
        out["detail"] = (exc.verify_message or str(exc))[:200]
    except (OSError, ssl.SSLError) as exc:
        out.update(state=UNREACHABLE, detail=f"{type(exc).__name__}: {exc}"[:200])
        return out
    loose = ssl.create_default_context()
    loose.check_hostname, loose.verify_mode = False, ssl.CERT_NONE
    try:
        der, out["protocol"] = _handshake(host, port, loose, timeout_s)
    except (OSError, ssl.SSLError) as exc:
        out.update(state=UNREACHABLE, detail=f"{type(exc).__name__}: {exc}"[:200])
        return out
    cert = _describe(out, der)
    out["problems"] = problems(cert, host, now or dt.datetime.now(dt.UTC), trusted=_chain_trusted(
        host, port, cafile, timeout_s))
    # the most telling reason first: a citizen's browser names expiry and a wrong name before the issuer
    out["state"] = next((p for p in (EXPIRED, MISMATCH, SELF_SIGNED) if p in out["problems"]), UNTRUSTED)
    return out


def problems(cert: x509.Certificate, host: str, now: dt.datetime, *, trusted: bool = False) -> list[str]:
    """What a browser would object to; a self-signed certificate the trust store holds is no objection."""
    found = []
    if not (cert.not_valid_before_utc <= now <= cert.not_valid_after_utc):
        found.append(EXPIRED)
    if not covers(cert, host):
        found.append(MISMATCH)
    if cert.issuer == cert.subject and not trusted:
        found.append(SELF_SIGNED)
    return found


def _chain_trusted(host: str, port: int, cafile: str | None, timeout_s: float) -> bool:
    """Whether the chain verifies when the host name is not checked (expired chains do not)."""
    context = ssl.create_default_context(cafile=cafile)
    context.check_hostname = False
    try:
        _handshake(host, port, context, timeout_s)
        return True
    except (OSError, ssl.SSLError):
        return False


def covers(cert: x509.Certificate, host: str) -> bool:
    """Whether the certificate's subjectAltName names `host` (a DNS name, one-label wildcard, or IP address)."""
    try:
        san = cert.extensions.get_extension_for_oid(ExtensionOID.SUBJECT_ALTERNATIVE_NAME).value
    except x509.ExtensionNotFound:
        return False
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        ip = None
    if ip is not None:
        return ip in san.get_values_for_type(x509.IPAddress)
    host = host.lower().rstrip(".")
    for name in san.get_values_for_type(x509.DNSName):
        name = name.lower().rstrip(".")
        if name == host or (name.startswith("*.") and host.count(".") == name.count(".")
                            and host.endswith(name[1:])):
            return True
    return False


def _handshake(host: str, port: int, context: ssl.SSLContext, timeout_s: float) -> tuple[bytes, str | None]:
    with socket.create_connection((host, port), timeout=timeout_s) as sock:
        with context.wrap_socket(sock, server_hostname=host) as tls:
            return tls.getpeercert(binary_form=True) or b"", tls.version()


def _describe(out: dict[str, Any], der: bytes) -> x509.Certificate:
    cert = x509.load_der_x509_certificate(der)
    out["subject"] = cert.subject.rfc4514_string()[:200]
    out["issuer"] = cert.issuer.rfc4514_string()[:200]
    out["not_after"] = cert.not_valid_after_utc.isoformat()
    try:
        san = cert.extensions.get_extension_for_oid(ExtensionOID.SUBJECT_ALTERNATIVE_NAME).value
        out["names"] = [str(v) for v in san.get_values_for_type(x509.DNSName)] + \
                       [str(v) for v in san.get_values_for_type(x509.IPAddress)]
    except x509.ExtensionNotFound:
        out["names"] = []
    return cert
