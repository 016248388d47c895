"""The result of one doctor check, the report of a run, and its table rendering."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

OK, WARN, FAIL = "ok", "warn", "fail"
STATUSES = (OK, WARN, FAIL)


@dataclass(frozen=True)
class Check:
    """One check's outcome. `detail` is a short, non-personal fact (counts, versions, a reader name)."""

    name: str
    status: str
    detail: str = ""
    message_ja: str = ""
    message_en: str = ""
    data: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"unknown check status {self.status!r}")

    @classmethod
    def ok(cls, name: str, detail: str = "", **data: Any) -> "Check":
        return cls(name, OK, detail, data=data)

    @classmethod
    def problem(cls, name: str, status: str, ja: str, en: str, detail: str = "",
                **data: Any) -> "Check":
        return cls(name, status, detail, ja, en, data=data)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "status": self.status}
        if self.detail:
            out["detail"] = self.detail
        if self.status != OK:
            out["message_ja"], out["message_en"] = self.message_ja, self.message_en
        out.update(self.data)
        return out


def report(checks: list[Check]) -> dict[str, Any]:
    return {"ok": all(c.status != FAIL for c in checks), "checks": [c.to_dict() for c in checks]}


def render_table(result: dict[str, Any]) -> str:
    """A plain-text table: one line per check, then the Japanese and English advice of each problem."""
    checks = result["checks"]
    width = max([len(c["name"]) for c in checks] + [5])
    lines = [f"{'CHECK':<{width}}  STATUS  DETAIL"]
    for c in checks:
        lines.append(f"{c['name']:<{width}}  {c['status'].upper():<6}  {c.get('detail', '')}".rstrip())
        if c["status"] != OK:
            lines.append(f"{'':<{width}}    ja: {c['message_ja']}")
            lines.append(f"{'':<{width}}    en: {c['message_en']}")
    failed = sum(c["status"] == FAIL for c in checks)
    warned = sum(c["status"] == WARN for c in checks)
    lines.append(f"\n{len(checks)} checks: {failed} failed, {warned} warning(s)")
    return "\n".join(lines)
