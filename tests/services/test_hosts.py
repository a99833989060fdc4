"""Where journeys may go: the host map to loopback and the multi-origin gate, with robots.txt read over real HTTP
and over TLS with a self-signed certificate."""

from __future__ import annotations

from crawler.gate import OFF_SCOPE, ROBOTS_DISALLOWED
from crawler.gated_fetch import check
from fixtures.egov_services.serve import EgovServicesFixture
from services.hosts import HostMap, JourneyGate


def test_host_map_rewrites_and_names_back() -> None:
    hosts = HostMap({"egov.kz": "http://127.0.0.1:8001", "elicense.kz": "https://127.0.0.3:8443/"})
    assert hosts.served("https://egov.kz/cms/ru?x=1#a") == "http://127.0.0.1:8001/cms/ru?x=1#a"
    assert hosts.served("https://other.kz/p") == "https://other.kz/p"
    assert hosts.real_host("https://127.0.0.3:8443/login") == "elicense.kz"
    assert hosts.real_host("https://www.gov.kz/x") == "www.gov.kz"
    assert hosts.base("EGOV.KZ") == "http://127.0.0.1:8001" and hosts.base("a.kz") == "https://a.kz"


def test_gate_spans_the_allowed_origins_and_reads_each_robots() -> None:
    with EgovServicesFixture() as fx:
        portal, handoff = fx.urls["egov_services"], fx.urls["egov_services_handoff"]
        gate = JourneyGate([portal, handoff])
        gate.prime_robots()
        assert gate.refusal(portal + "/cms/ru") is None
        assert gate.refusal(portal + "/cms/private/tools") == ROBOTS_DISALLOWED
        # the hand-off host's robots.txt is read although its certificate is self-signed
        assert gate.refusal(handoff + "/login") is None
        assert gate.refusal(handoff + "/admin/x") == ROBOTS_DISALLOWED
        assert check(gate, "https://oos.ecogeo.gov.kz/order") == OFF_SCOPE
        assert check(gate, fx.urls["egov_services_body"] + "/cms/ru") == OFF_SCOPE  # not listed: another port
        hits = {name: dict(c) for name, c in fx.hits.items()}
    assert hits["egov_services"] == {"/robots.txt": 1} and hits["egov_services_handoff"] == {"/robots.txt": 1}
