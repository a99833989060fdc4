"""The sampler and the TLS checker against real loopback servers: real HTTP, real TLS with test-only certificates
(fixtures/monitor_hosts), every fetch through the gate."""

from __future__ import annotations

import socket

import pytest

from crawler.gate import Gate
from fixtures.monitor_hosts.serve import ADDRESSES, HOSTILE_CN, MonitorHosts
from monitoring.config import MonitorConfig
from monitoring.hosts import MonitoredHost
from monitoring.sampler import Contexts, sample_host
from monitoring.tls import check_tls

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def hosts(tmp_path_factory):
    with MonitorHosts(tmp_path_factory.mktemp("monitor"), with_probe=True) as h:
        yield h


def cfg(hosts: MonitorHosts, **kw) -> MonitorConfig:
    # time-outs generous enough for a loaded machine; /hang and /trickle take longer than the read time-out
    base = {"interval_s": 1.0, "connect_timeout_s": 3.0, "read_timeout_s": 3.0, "slow_s": 1.0,
            "ca_file": str(hosts.ca_file)}
    return MonitorConfig(**{**base, **kw})


def sample(hosts: MonitorHosts, role: str, path: str = "", **kw):
    url = hosts.urls[role] + path.lstrip("/")
    c = cfg(hosts, **kw)
    host = MonitoredHost(host=hosts.urls[role].rstrip("/"), url=url, role="site")
    return sample_host(host, Gate(url, robots_policy=c.robots_policy), c, Contexts.for_config(c))


@pytest.mark.parametrize(("path", "state", "reason"), [
    ("/ok", "up", "HTTP 200"),
    ("/here", "up", "HTTP 200"),  # an in-scope redirect is followed
    ("/empty", "down", "empty response body"),
    ("/tech-kk", "down", "error page: «Техникалық қате»"),
    ("/long-news", "up", "HTTP 200"),
    ("/500", "down", "HTTP 500"),
    ("/missing", "down", "HTTP 404"),
    ("/slowish", "degraded", "slow: 1."),  # 1.3 s, a little more on a loaded machine
    ("/hang", "down", "no answer within the read time-out (3 s)"),
    ("/trickle", "down", "the answer was not complete within the read time-out (3 s)"),
])
def test_sample_states(hosts, path, state, reason):
    s = sample(hosts, "probe", path)
    assert s.state == state and (s.reason == reason or (path == "/slowish" and s.reason.startswith(reason)))
    assert s.data["get"]["url"].endswith(path if path != "/here" else "/ok")


def test_head_then_get_and_head_fallback(hosts):
    before = dict(hosts.hits["probe"])
    s = sample(hosts, "probe", "/no-head", probe="head")
    assert s.state == "up"  # HEAD 405, then the GET fallback answered
    assert s.data["head"]["status"] == 405 and s.data["get"]["status"] == 200
    hits = hosts.hits["probe"]
    assert hits["/no-head"] - before.get("/no-head", 0) == 2
    only_head = sample(hosts, "probe", "/ok", probe="head")
    assert "get" not in only_head.data and only_head.state == "up"


def test_robots_disallowed_url_is_never_requested(hosts):
    s = sample(hosts, "probe", "/private")
    assert s.state == "unknown" and "robots.txt disallows it" in s.reason
    assert hosts.hits["probe"]["/private"] == 0
    audited = sample(hosts, "probe", "/private", robots_policy="audit_override")
    assert audited.state == "up" and hosts.hits["probe"]["/private"] == 2  # HEAD + GET, an explicit policy
    assert audited.data["get"]["read_against_robots"] == [hosts.urls["probe"] + "private"]


def test_off_scope_redirect_is_not_followed(hosts):
    s = sample(hosts, "probe", "/away")
    assert s.state == "up" and "not followed (off scope)" in s.reason
    assert s.data["get"]["refusal"] == "off scope"


def test_connection_refused(hosts):
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}/"
    c = cfg(hosts)
    s = sample_host(MonitoredHost(host=url.rstrip("/"), url=url, role="site"), Gate(url), c, Contexts.for_config(c))
    assert (s.state, s.reason) == ("down", "connection refused")


def test_a_rejected_certificate_in_front_of_a_working_server(hosts):
    s = sample(hosts, "expired")
    assert s.state == "degraded" and "certificate has expired" in s.reason
    down = sample(hosts, "expired", tls_error_counts_as="down")
    assert down.state == "down" and "certificate has expired" in down.reason
    assert sample(hosts, "healthy").state == "up"


def test_the_test_ca_is_trusted_by_the_checker_only(hosts):
    # without the CA file the healthy host's certificate is not trusted: nothing on the machine knows the test CA
    s = sample(hosts, "healthy", ca_file=None)
    assert s.state == "degraded" and "certificate" in s.reason


def tls(hosts: MonitorHosts, role: str, **kw) -> dict:
    return check_tls(ADDRESSES[role], int(hosts.urls[role].rsplit(":", 1)[1].strip("/")),
                     ca_file=str(hosts.ca_file), timeout_s=5.0, **kw)


def codes(state: dict) -> list[str]:
    return [p["code"] for p in state["problems"]]


def test_tls_healthy(hosts):
    state = tls(hosts, "healthy")
    assert state["state"] == "ok" and codes(state) == [] and state["chain_verified"] and state["hostname_ok"]
    assert state["protocol"] in ("TLSv1.2", "TLSv1.3")
    assert 88 <= state["days_left"] <= 90


def test_tls_expired(hosts):
    state = tls(hosts, "expired")
    assert codes(state) == ["expired"] and state["expired"] and state["days_left"] == -10


def test_tls_hostname_mismatch(hosts):
    state = tls(hosts, "mismatch")
    assert codes(state) == ["hostname_mismatch"] and state["chain_verified"]
    assert state["certificate"]["subject_cn"] == HOSTILE_CN  # kept as sent; encoded by every output


def test_tls_untrusted_chain(hosts):
    state = tls(hosts, "selfsigned")
    assert codes(state) == ["untrusted_chain"] and "self-signed" in state["verify_error"]


def test_tls_expires_soon_is_a_warning(hosts):
    state = tls(hosts, "healthy", warn_days=120)
    assert codes(state) == ["expires_soon"] and state["state"] == "warning"
