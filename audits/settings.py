"""Navigation and furniture readings (ict-methodology.md A-6 … A-9) as a typed view of the readings registry.

Names, defaults, allowed values and descriptions live in core/readings.yaml (one registry for audits, scoring,
the command line and the report); this dataclass only gives the audits typed attributes. Every finding records
the reading it was judged by. Override with `audit.settings` in the targets file or `--setting NAME=VALUE`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

from core.readings import default, for_fields


@dataclass(frozen=True)
class AuditSettings:
    nav_depth_limit: int = default("nav_depth_limit")  # 3 (indicator text) or 5 (rule cell)
    nav_links: str = default("nav_links")  # all links (Xenu) or navigational only
    nav_material_share: float = default("nav_material_share")
    furniture_rule: str = default("furniture_rule")
    breadcrumbs_min_share: float = default("breadcrumbs_min_share")
    sitemap_deduction_cap: float = default("sitemap_deduction_cap")

    @classmethod
    def from_mapping(cls, values: dict[str, Any] | None) -> AuditSettings:
        return cls(**for_fields((f.name for f in fields(cls)), values, group="audit"))

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
