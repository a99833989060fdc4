"""What one body's ICT scoring needs (methodology, settings, its input, the portal metrics)."""

from __future__ import annotations

from typing import Any

from scoring.common import get
from scoring.nodes import Node, not_assessed


class Ctx:
    """What one body's ICT scoring needs: the methodology, settings, its input and the portal metrics."""

    def __init__(
        self,
        meth: dict[str, Any],
        settings: dict[str, Any],
        body: dict[str, Any],
        body_input: dict[str, Any],
        metrics: dict[str, Any],
    ) -> None:
        self.meth, self.settings, self.body, self.inp, self.metrics = (
            meth,
            settings,
            body,
            body_input,
            metrics,
        )
        self.table = meth["body_tables"][body["type"]]
        self.c = meth["constants"]

    def v(self, path: str) -> Any:
        return get(self.inp, "ict." + path)

    def title(self, ind: str) -> str:
        spec = self.meth["indicators"].get(ind) or self.meth["criteria"].get(ind) or {}
        return spec.get("title", "")

    def top(self, ind: str) -> float:
        spec = self.meth["indicators"].get(ind) or self.meth["criteria"][ind]
        m = spec["max"]
        return float(m[self.table] if isinstance(m, dict) else m)


def missing_input(ctx: Ctx, ind: str, paths: list[str], why: str = "") -> Node | None:
    absent = [p for p in paths if ctx.v(p) is None]
    if absent:
        return not_assessed(
            ind,
            ctx.top(ind),
            (why or "agency input missing: ") + ", ".join("ict." + p for p in absent),
            title=ctx.title(ind),
            missing=[ind],
        )
    return None
