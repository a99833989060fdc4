"""Words of a site's search: what names an advanced search (a link or a form), read by the `search_check` gatherer
(crawler/browser/search_check.py) in the browser and by the a4.2.6 audit (audits/site_checks/search.py) in the
stored HTML."""

from __future__ import annotations

import re

ADVANCED = re.compile(r"расширенн\w*\s+поиск|кеңейтілген\s+іздеу|advanced\s+search|детальн\w+\s+поиск|"
                      r"search/advanced|advanced[-_]?search|extended[-_]?search|poisk[-_]?rasshiren", re.I)
