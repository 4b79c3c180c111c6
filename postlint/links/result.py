"""What checking one external URL found."""
from __future__ import annotations

from dataclasses import asdict, dataclass

OK = "ok"  # an accepted status, possibly after redirects
BROKEN = "broken"  # PL404: 4xx/5xx, DNS failure, refused, TLS error, too many redirects
INCONCLUSIVE = "inconclusive"  # PL410: 429 after retries, 403 to bots, timeouts, not requested


@dataclass(frozen=True, slots=True)
class LinkResult:
    url: str
    outcome: str  # OK | BROKEN | INCONCLUSIVE
    detail: str  # for the message: "404 Not Found", "connection refused", ...
    status: int | None = None
    #: the final URL after a permanent redirect (PL409), when the chain had one
    moved_to: str | None = None

    @property
    def ok(self) -> bool:
        return self.outcome == OK

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> "LinkResult":
        return cls(str(data["url"]), str(data["outcome"]), str(data["detail"]),
                   data.get("status"), data.get("moved_to"))
