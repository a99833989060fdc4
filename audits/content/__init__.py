"""Appendix 5 (completeness and relevance) audit; the item dictionaries are crawler/content/dictionaries/*.yaml."""

from audits.content.audit import audit_content
from audits.content.settings import ContentSettings

__all__ = ["ContentSettings", "audit_content"]
