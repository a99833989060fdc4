"""axe-core through axe-selenium-python, with the current axe-core shipped in axe-playwright-python.

axe-selenium-python 2.1.6 bundles axe-core 3.1.1 (2018); its `script_url` takes a newer file (design.md §7).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from axe_selenium_python import Axe
from selenium.common.exceptions import JavascriptException

MAX_NODES = 20
# Rules whose violations are evidence for a4.3.1 (text alternatives of meaningful non-text content).
ALT_RULES = ("image-alt", "input-image-alt", "area-alt", "role-img-alt", "svg-img-alt", "object-alt")


@cache
def axe_script() -> str:
    import axe_playwright_python

    path = Path(axe_playwright_python.__file__).with_name("axe.min.js")
    if not path.exists():  # pragma: no cover - a broken install
        raise FileNotFoundError(f"axe.min.js not found next to {axe_playwright_python.__file__}")
    return str(path)


# On very large pages only the rules our a4.3 audits read are run (all rules on 10 000+ elements can take
# longer than a page's whole time budget).
A43_RULES = (*ALT_RULES, "color-contrast", "meta-viewport", "scrollable-region-focusable", "bypass")
FULL_RUN_MAX_ELEMENTS = 6000


@cache
def axe_preload() -> str:
    """axe-core wrapped in a function, for Page.addScriptToEvaluateOnNewDocument (see Browser).

    Sending the 500 kB script with every page costs ~70 ms; defined with each new document it is compiled once
    per renderer and then only called, ~20 ms. Until called, the page sees nothing but window.__gaAxe.
    """
    source = Path(axe_script()).read_text(encoding="utf-8")
    return f"window.__gaAxe = function () {{\n{source}\n}};"


# axe.run, with the result cut down in the page to what summarise() reads: the full result (every node of every
# passed rule) is ~100 kB of JSON per page to serialise, send and parse. Node counts are kept as `count`; all
# passed colour-contrast nodes below 4.5:1 are kept (their ratios are read: large text at 3:1-4.5:1).
RUN_SLIM = """
var done = arguments[arguments.length - 1], max = arguments[1];
function node(n) {
  // axe's own selectors (selectors: false) are computed for every node of every rule; ours only for these.
  var target = n.element && window.__gaChecks ? [window.__gaChecks.selector(n.element)] : n.target;
  return {html: n.html, target: target, any: (n.any || []).filter(function (c) { return c.id === 'color-contrast'; })
    .map(function (c) { return {id: c.id, data: c.data, message: c.message}; })};
}
function rules(list, limit, keep) {
  return (list || []).map(function (r) {
    return {id: r.id, impact: r.impact, help: r.help, tags: r.tags || [], count: r.nodes.length,
            nodes: (keep ? r.nodes.filter(keep) : r.nodes).slice(0, limit).map(node)};
  });
}
// Of the passed colour-contrast nodes only those below 4.5:1 (large text passing at 3:1) are read (summarise).
function below45(n) {
  return (n.any || []).some(function (c) {
    return c.id === 'color-contrast' && c.data && c.data.contrastRatio < 4.5;
  });
}
axe.run(document, arguments[0]).then(function (r) {
  var contrast = (r.passes || []).filter(function (x) { return x.id === 'color-contrast'; });
  var others = (r.passes || []).filter(function (x) { return x.id !== 'color-contrast'; });
  done({testEngine: r.testEngine, violations: rules(r.violations, max), incomplete: rules(r.incomplete, max),
        passes: rules(contrast, max, below45).concat(rules(others, 0)),
        inapplicable: (r.inapplicable || []).map(function (x) { return {id: x.id}; })});
}).catch(function (e) { done({error: String(e && e.message || e)}); });
"""


def run_axe(driver: Any, *, element_count: int = 0) -> dict[str, Any]:
    # The pre-page copy, unless this document never got it (or the page took the name): then send it whole.
    if not driver.execute_script("if (typeof window.__gaAxe !== 'function') return false;"
                                 "if (!window.axe) window.__gaAxe(); return !!(window.axe && window.axe.run);"):
        Axe(driver, script_url=axe_script()).inject()
    # iframes are skipped: cross-origin frames (maps, video players) are not the body's own content.
    options: dict[str, Any] = {"iframes": False, "resultTypes": ["violations", "incomplete", "passes"],
                               "selectors": False, "elementRef": True}
    if element_count > FULL_RUN_MAX_ELEMENTS:
        options["runOnly"] = {"type": "rule", "values": list(A43_RULES)}
    results = driver.execute_async_script(RUN_SLIM, options, MAX_NODES)
    if not isinstance(results, dict) or "error" in results:
        why = results.get("error") if isinstance(results, dict) else repr(results)[:200]
        raise JavascriptException(f"axe-core failed: {why}")
    results["scope"] = "a4.3 rules only" if "runOnly" in options else "all rules"
    return results


def _node(node: dict[str, Any]) -> dict[str, Any]:
    html = " ".join((node.get("html") or "").split())
    out: dict[str, Any] = {"target": " ".join(str(t) for t in node.get("target") or []),
                           "html": html[:240] + ("…" if len(html) > 240 else "")}
    for check in node.get("any") or []:
        data = check.get("data")
        if check.get("id") == "color-contrast" and isinstance(data, dict):
            out["contrast"] = {k: data.get(k) for k in ("contrastRatio", "expectedContrastRatio", "fgColor",
                                                         "bgColor", "fontSize", "fontWeight")}
            out["contrast"]["messageKey"] = check.get("message")
    return out


def summarise(results: dict[str, Any]) -> dict[str, Any]:
    """The part of an axe result an audit needs: violations with their nodes; pass/incomplete rule ids."""
    def rules(kind: str, nodes: bool) -> list[dict[str, Any]]:
        out = []
        for rule in results.get(kind) or []:
            item: dict[str, Any] = {"id": rule["id"], "impact": rule.get("impact"), "help": rule.get("help"),
                                    "count": rule.get("count", len(rule.get("nodes") or []))}
            if nodes:  # violations and incomplete: the annex reads their WCAG tags (wcag111 = SC 1.1.1)
                item["tags"] = [str(t) for t in rule.get("tags") or []]
                item["nodes"] = [_node(n) for n in (rule.get("nodes") or [])[:MAX_NODES]]
            out.append(item)
        return out

    passes = rules("passes", False)
    # Passed colour-contrast nodes keep their measured ratio: large text at 3:1-4.5:1 passes WCAG but not a
    # literal "4.5:1 for all text" reading of a4.3.7.
    contrast_passes = [_node(n) for r in results.get("passes") or [] if r["id"] == "color-contrast"
                       for n in r.get("nodes") or []]
    large_below = [n for n in contrast_passes
                   if n.get("contrast") and (n["contrast"].get("contrastRatio") or 99) < 4.5][:MAX_NODES]
    return {
        "version": (results.get("testEngine") or {}).get("version"),
        "scope": results.get("scope"),
        "violations": rules("violations", True),
        "incomplete": rules("incomplete", True),
        "passes": passes,
        "inapplicable": [r["id"] for r in results.get("inapplicable") or []],
        "contrast_large_text_below_4_5": large_below,
    }
