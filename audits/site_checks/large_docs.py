"""a4.2.8 navigation within large documents: (1) meaningful blocks, (2) anchors in NPA texts; -0.2 per fact."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from audits.artifacts import SiteArtifacts
from audits.site_checks.common import main_element, score_facts, text_of, visible_text
from audits.site_checks.settings import SiteCheckSettings
from govaudit.findings import Finding, evidence, finding

NPA_WORDS = re.compile(r"приказ|постановлени|закон|кодекс|правил|положени|регламент|указ|решени|бұйрық|қаулы|заң|"
                       r"кодекс|қағида|ереже|шешім|жарлық|order|resolution|\blaw\b|rules|regulation|decree|code\b",
                       re.I)


def in_page_anchors(main, doc) -> int:
    ids = {el.get("id") for el in doc.iter() if isinstance(el.tag, str) and el.get("id")}
    ids |= {a.get("name") for a in doc.iter("a") if a.get("name")}
    hrefs = {(a.get("href") or "")[1:] for a in doc.iter("a") if (a.get("href") or "").startswith("#")}
    return len({h for h in hrefs if h and h in ids})


def audit_large_documents(site: SiteArtifacts, settings: object, features: object = None) -> Finding:
    cfg = SiteCheckSettings.resolve(settings)
    reading = (f"A-8/2.8: a large document is a page whose main text has ≥ {cfg.large_doc_chars} characters; "
               "(1) it is split into blocks (≥ 2 sub-headings h2-h6 in the main content), (2) an NPA text among "
               "them has ≥ 2 in-page links (anchors) to its parts; each unmet requirement is one fact of -0.2")
    large = []
    for page in site.html_pages():
        doc = page.doc
        if doc is None:
            continue
        main = main_element(doc)
        length = len(visible_text(main))
        if length < cfg.large_doc_chars:
            continue
        headings = [h for h in main.iter("h2", "h3", "h4", "h5", "h6") if text_of(h)]
        heading = " ".join(filter(None, (page.title, text_of(doc.find(".//h1")), urlsplit(page.url).path)))
        large.append({"url": page.url, "chars": length, "headings": len(headings),
                      "anchors": in_page_anchors(main, doc), "npa": bool(NPA_WORDS.search(heading))})
    if not large:
        return finding(body=site.body, site=site.site, lang=None, indicator="a4.2.8", verdict="not_applicable",
                       points=None, max_points=0.4, reading=reading,
                       note=f"no page with ≥ {cfg.large_doc_chars} characters of main text",
                       evidence_items=[evidence(site.home, snippet="no large documents found")])
    no_blocks = [d for d in large if d["headings"] < 2]
    npa = [d for d in large if d["npa"]]
    no_anchors = [d for d in npa if d["anchors"] < 2]
    items = [evidence(d["url"], selector="main", snippet=f"{d['chars']} characters, {d['headings']} sub-headings, "
                      f"{d['anchors']} in-page anchors{' (NPA text)' if d['npa'] else ''}", measured=d)
             for d in sorted(large, key=lambda d: (d in no_blocks or d in no_anchors, d["url"]), reverse=True)[:10]]
    facts = {"blocks": not no_blocks, "anchors": not no_anchors}
    note = (f"{len(large)} large documents ({len(npa)} NPA texts); {len(no_blocks)} without blocks, "
            f"{len(no_anchors)} NPA texts without anchors")
    return score_facts(site=site, indicator="a4.2.8", max_points=0.4, unit=0.2, facts=facts, reading=reading,
                       counts={"blocks": len(no_blocks), "anchors": len(no_anchors)}, facts_per=cfg.facts_per,
                       evidence_items=items, note=note)
