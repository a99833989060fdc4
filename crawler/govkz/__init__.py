"""www.gov.kz collector: content-manager API counts (ticket flow) and rendered SPA pages."""

from crawler.govkz.collect import collect_govkz

__all__ = ["collect_govkz"]
