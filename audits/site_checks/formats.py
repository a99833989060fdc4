"""a4.2.7 accessibility of information formats: four sub-requirements, each one "fact" of -0.25 (A-10)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from audits.page_features import describe
from audits.site_checks.common import links, same_host, score_facts
from core.artifacts import PageArtifact, SiteArtifacts
from core.findings import Evidence, Finding, evidence
from core.site_check_settings import SiteCheckSettings
from core.site_pages import resolve, text_of

DOC_EXT = ("pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "rtf", "txt", "odt", "ods", "odp", "csv", "xml",
           "zip", "rar", "7z", "tar", "gz", "tgz", "bz2", "arj", "djvu", "tif", "tiff")
NON_ZIP_ARCHIVES = ("rar", "7z", "tar", "gz", "tgz", "bz2", "arj")
ARCHIVE_TYPES = re.compile(r"x-rar|vnd\.rar|x-7z|x-tar|gzip|x-bzip|x-arj", re.I)
DOC_TYPES = re.compile(r"application/(pdf|msword|vnd\.|rtf|zip|x-rar|x-7z|octet-stream)|text/(plain|csv|rtf)", re.I)
SIZE = re.compile(r"\d+(?:[.,]\d+)?\s*(?:[кkмmгg][бb](?:айт)?|kib|mib|bytes?|байт|б\b|b\b)", re.I)
PLUGIN_URL = re.compile(r"\.(swf|xap|jar|class|dcr|unity3d)(\?|$)", re.I)
PLUGIN_TYPE = re.compile(r"x-shockwave-flash|x-silverlight|java-applet|x-java|x-director|futuresplash", re.I)
LOGIN_URL = re.compile(r"(^|/)(login|signin|sign-in|auth|account/login|user/login|kiru|vhod)(/|$|\.)", re.I)


TYPE_EXT = (("wordprocessingml", "docx"), ("msword", "doc"), ("spreadsheetml", "xlsx"), ("ms-excel", "xls"),
            ("presentationml", "pptx"), ("ms-powerpoint", "ppt"), ("pdf", "pdf"), ("rtf", "rtf"), ("zip", "zip"),
            ("rar", "rar"), ("7z", "7z"), ("text/plain", "txt"), ("text/csv", "csv"))


def ext_of(url: str, content_type: str | None = None) -> str:
    """The file format: the URL's extension, else (download scripts like /file?id=5) the one its type implies."""
    path = urlsplit(url).path.lower()
    name = path.rsplit("/", 1)[-1]
    if "." in name:
        return name.rsplit(".", 1)[-1]
    ctype = (content_type or "").lower()
    return next((ext for key, ext in TYPE_EXT if key in ctype), "")


def _ext(site: SiteArtifacts, url: str) -> str:
    target = resolve(site, url)
    return ext_of(url, target.content_type if target is not None and not target.is_html else None)


def charset_of(page: PageArtifact) -> str | None:
    """The declared encoding: the HTTP header's charset, else the page's <meta> charset, else the crawler's guess."""
    m = re.search(r"charset=([\w-]+)", page.content_type or "", re.I)
    if m:
        return m.group(1).lower()
    doc = page.doc
    if doc is not None:
        for meta in doc.iter("meta"):
            if meta.get("charset"):
                return meta.get("charset").strip().lower()
            m = re.search(r"charset=([\w-]+)", meta.get("content") or "", re.I)
            if (meta.get("http-equiv") or "").lower() == "content-type" and m:
                return m.group(1).lower()
    enc = page.info.get("encoding")
    return enc.lower() if enc else None


def _context(a) -> str:
    """What a reader sees next to a link: its text and title, and the text of its list item / cell / paragraph."""
    parts = [text_of(a), a.get("title") or ""]
    for anc in a.iterancestors():
        if anc.tag in ("li", "td", "tr", "p", "dd", "div", "span"):
            block = text_of(anc)
            if len(block) <= 400:
                parts.append(block)
            if anc.tag in ("li", "td", "tr", "p", "dd"):
                break
    return " ".join(parts)


def document_links(site: SiteArtifacts) -> list[tuple[PageArtifact, object, str]]:
    out = []
    seen = set()
    for page in site.html_pages():
        if page.doc is None:
            continue
        for a, url in links(page.doc, page.url):
            if not same_host(site, url) and ext_of(url) not in DOC_EXT:
                continue
            target = resolve(site, url)
            is_doc = ext_of(url) in DOC_EXT or (target is not None and not target.is_html and target.content_type
                                                 and DOC_TYPES.search(target.content_type))
            if is_doc and _ext(site, url) != "xml" and (page.url, url) not in seen:
                seen.add((page.url, url))
                out.append((page, a, url))
    return out


def audit_formats(site: SiteArtifacts, settings: object, features: object = None) -> Finding:
    cfg = SiteCheckSettings.resolve(settings)
    items: list[Evidence] = []
    pages = site.html_pages()
    # (1) UTF-8 text; open text formats; archives in zip
    bad_charset = [(p.url, cs) for p in pages if (cs := charset_of(p)) and cs.replace("_", "-") not in ("utf-8",
                                                                                                   "utf8")]
    docs = document_links(site)
    archives = [(p.url, url) for p, a, url in docs if ext_of(url) in NON_ZIP_ARCHIVES or (
        (t := resolve(site, url)) is not None and t.content_type and ARCHIVE_TYPES.search(t.content_type))]
    for url, cs in bad_charset[:5]:
        items.append(evidence(url, snippet=f"encoding {cs}, not UTF-8", measured={"requirement": 1, "charset": cs}))
    for src, url in archives[:5]:
        items.append(evidence(src, selector=f"a[href='{url}']", snippet=f"archive not in zip: {url}",
                              measured={"requirement": 1, "format": ext_of(url)}))
    formats = sorted({_ext(site, u) for _, _, u in docs if _ext(site, u)})
    pdf_only = bool(formats) and set(formats) <= {"pdf"}
    # (2) format and size next to download links
    unlabeled = []
    for page, a, url in docs:
        ctx = _context(a)
        ext = _ext(site, url)
        has_format = bool(ext) and re.search(rf"(?<![\w]){re.escape(ext)}(?![\w])", ctx, re.I) is not None
        has_size = SIZE.search(ctx) is not None
        ok = (has_format and has_size) if cfg.formats_require_size else (has_format or has_size)
        if not ok:
            unlabeled.append((page.url, url, has_format, has_size))
    for src, url, has_format, has_size in unlabeled[:20]:
        items.append(evidence(src, selector=f"a[href$='{urlsplit(url).path}']",
                              snippet=f"download link without {'format' if not has_format else ''}"
                                      f"{' and ' if not has_format and not has_size else ''}"
                                      f"{'size' if not has_size else ''}: {url}",
                              measured={"requirement": 2, "target": url, "format_shown": has_format,
                                        "size_shown": has_size}))
    # (3) no special software (plugins)
    plugins = []
    for page in pages:
        doc = page.doc
        if doc is None:
            continue
        for el in doc.iter("object", "embed", "applet", "param"):
            blob = " ".join(filter(None, (el.get("type"), el.get("data"), el.get("src"), el.get("value"),
                                          el.get("classid"), el.get("code"))))
            if el.tag == "applet" or PLUGIN_TYPE.search(blob) or PLUGIN_URL.search(blob) or \
                    (el.get("classid") or "").lower().startswith("clsid:"):
                plugins.append((page.url, describe(el), blob[:120]))
                break
    for url, sel, blob in plugins[:5]:
        items.append(evidence(url, selector=sel, snippet=f"plugin content: {blob}", measured={"requirement": 3}))
    # (4) no authorisation
    walls = []
    for page in pages:
        if page.doc is None:
            continue
        for _a, url in links(page.doc, page.url):
            if not same_host(site, url):
                continue
            target = resolve(site, url)
            if target is None:
                continue
            if target.status in (401, 403) or (target.url != url and LOGIN_URL.search(urlsplit(target.url).path)):
                walls.append((page.url, url, target.status))
    walls = sorted(set(walls))
    for src, url, status in walls[:5]:
        items.append(evidence(src, selector=f"a[href$='{urlsplit(url).path}']",
                              snippet=f"content behind authorisation: {url} (HTTP {status})",
                              measured={"requirement": 4, "status": status}))
    facts = {"utf8_open_formats": not bad_charset and not archives, "format_size_shown": not unlabeled,
             "no_special_software": not plugins, "no_authorisation": not walls}
    warning = " Warning (A-10, not deducted): documents are published only as PDF." if pdf_only else ""
    summary = (f"{len(docs)} download links, formats {', '.join(formats) or 'none'}; {len(unlabeled)} without "
               f"format/size; {len(archives)} non-zip archives; {len(bad_charset)} non-UTF-8 pages; "
               f"{len(plugins)} pages with plugins; {len(walls)} links behind authorisation.{warning}")
    items.insert(0, evidence(site.home, snippet=summary, measured={"download_links": len(docs), "formats": formats,
                                                                   "pdf_only": pdf_only}))
    counts = {"utf8_open_formats": len(bad_charset) + len(archives), "format_size_shown": len(unlabeled),
              "no_special_software": len(plugins), "no_authorisation": len(walls)}
    return score_facts(site=site, indicator="a4.2.7", max_points=1, unit=0.25, facts=facts, evidence_items=items,
                       counts=counts, facts_per=cfg.facts_per,
                       reading="A-10: each of the four sub-requirements is one fact of -0.25: (1) UTF-8 pages and "
                               "zip archives, (2) format " + ("and" if cfg.formats_require_size else "or")
                               + " size next to every download link, (3) no plugin content (Flash, Silverlight, "
                               "Java), (4) no content behind 401/403 or a login redirect; PDF-only is a warning",
                       note=summary)
