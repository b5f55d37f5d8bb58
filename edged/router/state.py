"""Value objects the routing decision reads and returns. No I/O here.

Producers: the network monitor makes `NetworkStatus`, the ledger makes `BudgetStatus`, the
daemon's local queue makes `QueueStatus`, the telemetry monitor makes `Headroom`.
The consumer is `edged.router.policy.decide`, a pure function of them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from edged._types import NetworkState, RouteName, RoutePolicy
from edged.telemetry.headroom import Headroom

__all__ = ["BudgetStatus", "Decision", "NetworkStatus", "QueueStatus", "RouteRequest", "RouterState"]


@dataclass(frozen=True)
class NetworkStatus:
    state: NetworkState = "unknown"
    rtt_ms: float | None = None
    endpoint: str | None = None
    detail: str = ""
    checked_at: float | None = None

    @property
    def usable(self) -> bool:
        """Up or degraded: worth trying. Unknown counts as usable until a probe says otherwise."""
        return self.state in ("up", "degraded", "unknown")

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class BudgetStatus:
    daily_spent_usd: float = 0.0
    daily_cap_usd: float = 0.0
    monthly_spent_usd: float = 0.0
    monthly_cap_usd: float = 0.0

    @property
    def daily_left_usd(self) -> float:
        return max(0.0, self.daily_cap_usd - self.daily_spent_usd)

    @property
    def monthly_left_usd(self) -> float:
        return max(0.0, self.monthly_cap_usd - self.monthly_spent_usd)

    @property
    def left_usd(self) -> float:
        return min(self.daily_left_usd, self.monthly_left_usd)

    @property
    def remaining_fraction(self) -> float:
        """The tighter of the two caps, as the share still unspent (0 when a cap is 0)."""
        fractions = []
        for left, cap in (
            (self.daily_left_usd, self.daily_cap_usd),
            (self.monthly_left_usd, self.monthly_cap_usd),
        ):
            fractions.append(left / cap if cap > 0 else 0.0)
        return min(fractions)

    @property
    def exhausted(self) -> bool:
        return self.left_usd <= 0.0

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out.update(left_usd=round(self.left_usd, 6), remaining_fraction=round(self.remaining_fraction, 4))
        return out


@dataclass(frozen=True)
class QueueStatus:
    depth: int = 0  # local generations waiting or running
    capacity: int = 8
    expected_wait_s: float = 0.0  # depth × recent mean local service time

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class RouteRequest:
    """What the router needs to know about one request."""

    messages: tuple[dict[str, str], ...]
    route: RoutePolicy = "auto"  # per-request override
    privacy: str | None = None  # "strict": never the cloud
    max_cost_usd: float | None = None  # per-request spend cap
    max_tokens: int = 256
    session_pinned: bool = False  # an earlier turn of its session was privacy-pinned


@dataclass(frozen=True)
class RouterState:
    headroom: Headroom = field(default_factory=Headroom.at_rest)
    network: NetworkStatus = field(default_factory=lambda: NetworkStatus(state="up"))
    budget: BudgetStatus = field(default_factory=lambda: BudgetStatus(0.0, 1.0, 0.0, 20.0))
    queue: QueueStatus = field(default_factory=QueueStatus)
    cloud_configured: bool = True
    price_input_per_1k: float = 0.0
    price_output_per_1k: float = 0.0


@dataclass(frozen=True)
class Decision:
    """A routing decision with everything needed to explain it.

    `reasons` are short phrases naming what moved the decision, device state included, e.g.
    ("thermal critical (86 °C)",). `explain()` renders the one-line form
    `cloud: thermal critical (86 °C); score 0.41 ≥ threshold 0.30`.
    """

    route: RouteName
    score: float
    threshold: float  # effective threshold after device, battery, budget and queue shifts
    base_threshold: float
    reasons: tuple[str, ...]
    task: str
    pinned: bool = False  # privacy-pinned local: no cloud now, nor on any fallback
    privacy: tuple[str, ...] = ()  # kinds of personal or secret data found; never the values
    cloud_allowed: bool = True  # may a local failure fall back to the cloud?
    offline: bool = False  # the policy wanted the cloud but the network is down
    estimated_cost_usd: float = 0.0
    features: dict[str, Any] = field(default_factory=dict)
    decision_us: float = 0.0

    def explain(self) -> str:
        op = "≥" if self.score >= self.threshold else "<"
        parts = [*self.reasons, f"score {self.score:.2f} {op} threshold {self.threshold:.2f}"]
        return f"{self.route}: " + "; ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        # By hand rather than dataclasses.asdict: this runs for every request and dry-run.
        return {
            "route": self.route,
            "score": self.score,
            "threshold": self.threshold,
            "base_threshold": self.base_threshold,
            "reasons": list(self.reasons),
            "task": self.task,
            "pinned": self.pinned,
            "privacy": list(self.privacy),
            "cloud_allowed": self.cloud_allowed,
            "offline": self.offline,
            "estimated_cost_usd": self.estimated_cost_usd,
            "features": dict(self.features),
            "decision_us": self.decision_us,
            "explanation": self.explain(),
        }
