"""The TLS state of an https host: certificate validity dates, chain, host name, negotiated protocol.

Two handshakes per check (stdlib ssl; the certificate is parsed with `cryptography`):
1. verified, host-name check off: does the chain lead to a trusted root (the system roots, plus `ca_file` — a test
   CA is trusted by this checker only, never installed system-wide)? OpenSSL's verdict (code and message) is kept.
2. unverified, every protocol version the local OpenSSL can speak allowed: the certificate itself (even a
   rejected one), the negotiated protocol version and cipher.
The host name is matched here against the certificate's subjectAltName (RFC 6125: DNS names, one leading `*`
label; IP addresses), as browsers do — the subject CN is not used.

Problems (codes): expired, not_yet_valid, expires_soon (< tls_warn_days), untrusted_chain, hostname_mismatch,
old_protocol (below TLS 1.2), handshake_failed, plain_http (an http:// host: nothing is encrypted).
An expired or not-yet-valid certificate also fails OpenSSL's chain check with codes 10/9: that is reported as
`expired`/`not_yet_valid` only, not as an untrusted chain too (the chain itself was built to a trusted root).
"""

from __future__ import annotations

import hashlib
import ipaddress
import socket
import ssl
from datetime import UTC, datetime
from typing import Any

from cryptography import x509
from cryptography.x509.oid import NameOID

from monitoring.text import clean

OLD_PROTOCOLS = ("SSLv2", "SSLv3", "TLSv1", "TLSv1.1")
X509_CERT_NOT_YET_VALID, X509_CERT_HAS_EXPIRED = 9, 10
MESSAGES = {
    "expired": "the certificate has expired",
    "not_yet_valid": "the certificate is not valid yet",
    "expires_soon": "the certificate expires soon",
    "untrusted_chain": "the certificate chain does not lead to a trusted root",
    "hostname_mismatch": "the certificate is not issued for this host name",
    "old_protocol": "the negotiated protocol is older than TLS 1.2",
    "handshake_failed": "no TLS handshake",
    "plain_http": "served over plain http: nothing is encrypted",
}


def hostname_matches(hostname: str, dns_names: list[str], ip_addresses: list[str]) -> bool:
    host = hostname.rstrip(".").lower()
    try:
        ip = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        ip = None
    if ip is not None:
        return any(ipaddress.ip_address(a) == ip for a in ip_addresses)
    for name in dns_names:
        name = name.rstrip(".").lower()
        if name == host:
            return True
        if name.startswith("*.") and "." in host:
            first, rest = host.split(".", 1)
            if first and rest == name[2:] and "." in rest:  # a wildcard covers one label, never a bare TLD
                return True
    return False


def cert_facts(der: bytes) -> dict[str, Any]:
    cert = x509.load_der_x509_certificate(der)
    try:
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        dns_names = [str(n) for n in san.get_values_for_type(x509.DNSName)]
        ips = [str(a) for a in san.get_values_for_type(x509.IPAddress)]
    except x509.ExtensionNotFound:
        dns_names, ips = [], []

    def cn(name: x509.Name) -> str | None:
        attrs = name.get_attributes_for_oid(NameOID.COMMON_NAME)
        return str(attrs[0].value) if attrs else None

    return {"subject_cn": clean(cn(cert.subject)), "issuer_cn": clean(cn(cert.issuer)),
            "dns_names": [clean(n, 255) for n in dns_names], "ip_addresses": ips,
            "not_before": cert.not_valid_before_utc.isoformat(),
            "not_after": cert.not_valid_after_utc.isoformat(), "serial": format(cert.serial_number, "x"),
            "sha256": hashlib.sha256(der).hexdigest()}


def assess(*, hostname: str, facts: dict[str, Any] | None, protocol: str | None, verify_code: int | None,
           verify_message: str | None, now: datetime, warn_days: int, handshake_error: str | None = None
           ) -> dict[str, Any]:
    """The TLS state from the two handshakes' results (pure: unit-tested on its own)."""
    problems: list[dict[str, str]] = []

    def problem(code: str, detail: str = "") -> None:
        problems.append({"code": code, "message": clean(MESSAGES[code] + (f": {detail}" if detail else ""))})

    out: dict[str, Any] = {"protocol": protocol, "certificate": facts, "chain_verified": verify_code is None
                           and facts is not None, "verify_error": clean(verify_message), "days_left": None}
    if facts is None:
        problem("handshake_failed", handshake_error or "")
    else:
        not_after = datetime.fromisoformat(facts["not_after"])
        not_before = datetime.fromisoformat(facts["not_before"])
        days_left = (not_after - now).total_seconds() / 86400
        out["days_left"] = int(days_left)  # whole days, toward zero: "expired 10 days ago" is -10
        out["expired"] = now > not_after
        if now > not_after:
            problem("expired", f"on {not_after.date().isoformat()} ({-out['days_left']} day(s) ago)")
        elif now < not_before:
            problem("not_yet_valid", f"from {not_before.date().isoformat()}")
        elif days_left < warn_days:
            problem("expires_soon", f"in {out['days_left']} day(s), on {not_after.date().isoformat()}")
        if verify_code is not None and verify_code not in (X509_CERT_HAS_EXPIRED, X509_CERT_NOT_YET_VALID):
            problem("untrusted_chain", verify_message or f"OpenSSL code {verify_code}")
        out["hostname_ok"] = hostname_matches(hostname, facts["dns_names"], facts["ip_addresses"])
        if not out["hostname_ok"]:
            names = ", ".join(facts["dns_names"] + facts["ip_addresses"]) or "none"
            problem("hostname_mismatch", f"{hostname} is not among {names}")
    if protocol in OLD_PROTOCOLS:
        problem("old_protocol", protocol)
    out["problems"] = problems
    serious = [p for p in problems if p["code"] != "expires_soon"]
    out["state"] = "problem" if serious else "warning" if problems else "ok"
    return out


def plain_http_state() -> dict[str, Any]:
    return {"protocol": None, "certificate": None, "chain_verified": False, "verify_error": None, "days_left": None,
            "problems": [{"code": "plain_http", "message": MESSAGES["plain_http"]}], "state": "problem"}


def check_tls(hostname: str, port: int, *, ca_file: str | None = None, timeout_s: float = 10.0,
              warn_days: int = 30, now: datetime | None = None) -> dict[str, Any]:
    """Both handshakes against hostname:port, then `assess`."""
    now = now or datetime.now(UTC)
    verify_code = verify_message = None
    verified = ssl.create_default_context()
    verified.check_hostname = False  # the host name is judged separately (hostname_matches)
    if ca_file:
        verified.load_verify_locations(cafile=ca_file)
    try:
        _handshake(hostname, port, verified, timeout_s)
    except ssl.SSLCertVerificationError as exc:
        verify_code, verify_message = exc.verify_code, exc.verify_message or str(exc)
    except (OSError, ssl.SSLError):
        pass  # judged by the second handshake below
    probe = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    probe.check_hostname, probe.verify_mode = False, ssl.CERT_NONE
    try:  # let an old server show its old protocol instead of failing the handshake
        probe.minimum_version = ssl.TLSVersion.MINIMUM_SUPPORTED
        probe.set_ciphers("ALL:@SECLEVEL=0")
    except (ValueError, ssl.SSLError):
        pass
    try:
        der, protocol, cipher = _handshake(hostname, port, probe, timeout_s)
    except (OSError, ssl.SSLError) as exc:
        return assess(hostname=hostname, facts=None, protocol=None, verify_code=None, verify_message=None, now=now,
                      warn_days=warn_days, handshake_error=f"{type(exc).__name__}: {exc}"[:300])
    facts = cert_facts(der) if der else None
    state = assess(hostname=hostname, facts=facts, protocol=protocol, verify_code=verify_code,
                   verify_message=verify_message, now=now, warn_days=warn_days,
                   handshake_error=None if der else "the server sent no certificate")
    state["cipher"] = cipher
    return state


def _handshake(hostname: str, port: int, ctx: ssl.SSLContext, timeout_s: float) -> tuple[bytes | None, str | None,
                                                                                         str | None]:
    sni = None if _is_ip(hostname) else hostname
    with socket.create_connection((hostname, port), timeout=timeout_s) as raw:
        with ctx.wrap_socket(raw, server_hostname=sni) as tls:
            cipher = tls.cipher()
            return tls.getpeercert(binary_form=True), tls.version(), cipher[0] if cipher else None


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
        return True
    except ValueError:
        return False
