import pytest

from core.errors import InputError
from core.targets import load_targets, parse_targets

GOOD = {
    "bodies": {
        "minfin": {"names": {"ru": "Минфин", "kk": "Қаржы министрлігі"}, "type": "central",
                   "sites": ["https://www.gov.kz/memleket/entities/minfin"], "platform": "govkz",
                   "portal_ids": {"legalacts": 867}},
        "krem": {"names": {"ru": "КРЕМ"}, "type": "committee", "parent": "minfin", "committee_form": "subdomain",
                 "sites": ["https://krem.gov.kz/"]},
    }
}


def test_valid_targets_parse():
    t = parse_targets(GOOD)
    assert [b.key for b in t.bodies] == ["minfin", "krem"]
    assert t.body("krem").committee_form == "subdomain"


def test_every_problem_is_named_with_its_location():
    bad = {"bodies": {"x": {"names": {}, "type": "ministry", "sites": ["ftp://a"], "colour": 1},
                      "c": {"names": {"ru": "К"}, "type": "committee", "parent": "nope"}}}
    with pytest.raises(InputError) as exc:
        parse_targets(bad)
    text = str(exc.value)
    for where in ("bodies.x.names", "bodies.x.type", "bodies.x.sites[0]", "bodies.x.colour",
                  "bodies.c.committee_form", "bodies.c.parent"):
        assert where in text


def test_file_errors(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        load_targets(tmp_path / "missing.yaml")
    broken = tmp_path / "t.yaml"
    broken.write_text("bodies: [unclosed", encoding="utf-8")
    with pytest.raises(InputError, match="not valid"):
        load_targets(broken)
    toml = tmp_path / "t.toml"
    toml.write_text('[bodies.a]\nnames = {ru = "А"}\ntype = "local"\nsites = ["http://127.0.0.1:1/"]\n')
    assert load_targets(toml).bodies[0].type == "local"


def test_readings_split_among_groups_without_name_clashes():
    from dataclasses import fields

    from audits.readings import Readings, _classes, known_names

    assert len(known_names()) == sum(len(fields(cls)) for cls in _classes())  # no name owned twice
    readings = Readings({"nav_depth_limit": "5", "section_credit": "strict"})
    assert readings.nav_depth_limit == 5 and readings.section_credit == "strict"
    assert readings.to_dict()["sitemap_deduction_cap"] == 0.2
    with pytest.raises(InputError, match="unknown audit setting"):
        Readings({"no_such_reading": 1})


def test_busy_fixture_port_is_a_clear_error():
    import socket

    from core.errors import GovauditError
    from fixtures.registry import build_sites
    from fixtures.server import FixtureServers

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(GovauditError, match=f"127.0.0.1:{port}"):
            FixtureServers(build_sites(["legacy"]), {"legacy": port}).start()
