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
