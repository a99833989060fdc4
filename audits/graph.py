"""Click depth as the shortest path from the home page over the stored link graph (BFS).

Redirect edges cost no click. Scrapy's `depth` meta is the depth of the first path found, not the shortest
(scrapy/scrapy#1739), which is why depth is computed here, after the crawl, from stored edges.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterable

Edge = tuple[str, str, str, str]
# Discovery edges (XML sitemap entries, feed items, <link rel="next"> hints) and GET filter-form submissions are not
# clicks on links a person makes on the site (the fixtures' manifests count a form submission apart, if at all).
NON_CLICK_KINDS = frozenset({"xml_sitemap", "feed", "form", "pager_hint"})


def _bfs(edges: Iterable[Edge], start: str, kinds: frozenset[str] | None) -> tuple[dict[str, int], dict[str, str]]:
    graph: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for src, dst, kind, _text in edges:
        if kind == "redirect":
            graph[src].append((dst, 0))
        elif (kinds is None and kind not in NON_CLICK_KINDS) or (kinds is not None and kind in kinds):
            graph[src].append((dst, 1))
    depth = {start: 0}
    parent: dict[str, str] = {}
    queue: deque[str] = deque([start])
    # 0-1 BFS: zero-cost redirect edges go to the front of the queue.
    while queue:
        node = queue.popleft()
        for nxt, cost in graph.get(node, ()):
            d = depth[node] + cost
            if d < depth.get(nxt, 1 << 30):
                depth[nxt] = d
                parent[nxt] = node
                (queue.appendleft if cost == 0 else queue.append)(nxt)
    return depth, parent


def shortest_depths(edges: Iterable[Edge], start: str, kinds: frozenset[str] | None = None) -> dict[str, int]:
    """Clicks from `start` to every reachable URL; `kinds` limits which link kinds count (redirects always do)."""
    return _bfs(edges, start, kinds)[0]


def click_path(edges: Iterable[Edge], start: str, target: str, kinds: frozenset[str] | None = None) -> list[str]:
    """One shortest click path start → target (for evidence), or [] if unreachable."""
    depth, parent = _bfs(edges, start, kinds)
    if target not in depth:
        return []
    path = [target]
    while path[-1] != start:
        path.append(parent[path[-1]])
    return path[::-1]
