from audits.graph import click_path, shortest_depths

EDGES = [
    ("H", "A", "menu", ""), ("A", "B", "content", ""), ("B", "C", "content", ""), ("C", "D", "content", ""),
    ("H", "S", "footer", ""), ("S", "D", "sitemap", ""), ("R", "H", "redirect", ""), ("A", "X", "redirect", ""),
]


def test_shortest_path_not_first_found():
    # D is 4 clicks along the content chain but 2 through the footer site map: the shortest wins.
    depths = shortest_depths(EDGES, "H")
    assert depths["D"] == 2
    assert depths["C"] == 3


def test_redirects_cost_no_click():
    depths = shortest_depths(EDGES, "R")
    assert depths["H"] == 0
    assert depths["X"] == 1  # A is 1 click, its redirect to X costs nothing


def test_kind_filter_limits_edges():
    nav = shortest_depths(EDGES, "H", frozenset({"menu", "sitemap"}))
    assert "S" not in nav and "D" not in nav  # footer link not navigational here
    assert nav["A"] == 1


def test_click_path_is_a_shortest_path():
    assert click_path(EDGES, "H", "D") == ["H", "S", "D"]
    assert click_path(EDGES, "H", "nowhere") == []


def test_trap_guard():
    from crawler.traps import TrapGuard, strip_session

    guard = TrapGuard(year_now=2026)
    assert guard.check("http://s.kz/a/b/a/b/a/b") == "repeating path segments"
    assert guard.check("http://s.kz/events/calendar/1999/01") == "calendar beyond the audit period"
    assert guard.check("http://s.kz/news/2026/05/") is None
    for i in range(60):
        assert guard.check(f"http://s.kz/list?page={i}") is None
    assert guard.check("http://s.kz/list?page=999") == "endless query strings"
    assert guard.report()[0].startswith("crawler trap cut")
    assert strip_session("http://s.kz/p;jsessionid=AB?x=1&PHPSESSID=9") == "http://s.kz/p?x=1"
