"""Appendix 6 (mobile version) audit over the mobile gatherer's artifacts."""

from audits.mobile.audit import audit_mobile

__all__ = ["audit_mobile"]
