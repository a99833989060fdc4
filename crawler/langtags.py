"""Is a `lang` value a valid BCP 47 tag with a real primary language subtag? (WCAG 3.1.1, axe html-lang-valid.)

Two-letter primary subtags must be ISO 639-1 codes: "kz" (the country code of Kazakhstan, a frequent mistake for
"kk") or "ua" are not languages. Three-letter subtags are ISO 639-2/3 codes; that list has ~8000 entries, so any
three letters are accepted (an approximation that can only miss a barrier, never invent one).
"""

from __future__ import annotations

import re

# ISO 639-1, plus the deprecated codes the IANA registry still lists (iw, in, ji, jw, mo, sh).
ISO_639_1 = frozenset("""
aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee el en
eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv
ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne
ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st
su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu
iw in ji jw mo sh
""".split())
_SYNTAX = re.compile(r"^[a-z]{2,3}(?:-[a-z0-9]{1,8})*$")
_PRIVATE = re.compile(r"^(?:x|i)(?:-[a-z0-9]{1,8})+$")  # private use (x-…) and grandfathered i-… tags


def lang_problem(value: str) -> str | None:
    """None when `value` is a valid language tag, else what is wrong with it."""
    tag = value.strip().lower()
    if not tag:
        return "empty"
    if len(tag) > 64:
        return "not a language tag"
    if _PRIVATE.match(tag):
        return None
    if not _SYNTAX.match(tag):
        return "not a BCP 47 language tag (subtags are letters/digits joined by '-')"
    primary = tag.split("-", 1)[0]
    if len(primary) == 2 and primary not in ISO_639_1:
        return f"'{primary}' is not an ISO 639-1 language code"
    return None
