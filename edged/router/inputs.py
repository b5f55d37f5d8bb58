"""What a routing decision reads and returns: the request, the conditions, the decision. No I/O.

The conditions are made below the router, each where it is produced: the local backend's queue
and the network monitor's reachability (`edged.backends.base`), the ledger's budget
(`edged.store.ledger`), the telemetry monitor's `Headroom`. This module only gathers them.

`route_request` is the one way to turn a parsed request into what `edged.router.policy.decide`
reads: the daemon, `edged route`, `edged eval routing` and the router benchmark all go through
it (and through `request_params`, the daemon's own parsing), so an evaluation or a benchmark
measures exactly what the daemon decides.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from edged._types import RouteName, RoutePolicy
from edged.backends.base import NetworkStatus, QueueStatus
from edged.config import Config
from edged.privacy import PrivacyGuard
from edged.protocol import GenerateParams, SamplingParams, parse_generate
from edged.router.forms import Form
from edged.store.ledger import BudgetStatus
from edged.telemetry.headroom import Headroom

__all__ = [
    "Decision",
    "PrivacyRules",
    "RouteConditions",
    "RouteRequest",
    "conditions_at_rest",
    "request_params",
    "route_request",
    "sampling_defaults",
]


@dataclass(frozen=True)
class RouteRequest:
    """What the router needs to know about one request."""

    messages: tuple[dict[str, str], ...]
    route: RoutePolicy = "auto"  # per-request override
    privacy: str | None = None  # "strict": never the cloud
    max_cost_usd: float | None = None  # per-request spend cap
    max_tokens: int = 256
    session_pinned: bool = False  # an earlier turn of its session was privacy-pinned
    stop: tuple[str, ...] = ()  # sent to the cloud with the messages: scanned like them


@dataclass(frozen=True)
class RouteConditions:
    """The device, network, budget and queue a decision is made under, and the cloud's prices."""

    headroom: Headroom = field(default_factory=Headroom.at_rest)
    network: NetworkStatus = field(default_factory=lambda: NetworkStatus(state="up"))
    budget: BudgetStatus = field(default_factory=lambda: BudgetStatus(0.0, 1.0, 0.0, 20.0))
    queue: QueueStatus = field(default_factory=QueueStatus)
    cloud_configured: bool = True
    price_input_per_1k: float = 0.0
    price_output_per_1k: float = 0.0


@dataclass(frozen=True)
class PrivacyRules:
    """What counts as personal data (the built-in kinds and `[privacy]` terms and patterns),
    and what a request with it does: pinned local, or redacted for the cloud."""

    guard: PrivacyGuard = field(default_factory=PrivacyGuard)
    redact: bool = False

    @classmethod
    def from_config(cls, config: Config) -> PrivacyRules:
        return cls(PrivacyGuard.from_config(config.privacy), config.privacy.action == "redact")


def sampling_defaults(config: Config) -> SamplingParams:
    """What a request that leaves sampling fields out gets: the `[model]` defaults."""
    model = config.model
    return SamplingParams(
        max_tokens=model.default_max_tokens, repetition_penalty=model.default_repetition_penalty
    )


def request_params(body: Mapping[str, Any], config: Config, request_id: str = "-") -> GenerateParams:
    """A generate or route body, validated and completed with the configured defaults."""
    return parse_generate(
        dict(body),
        request_id,
        max_tokens_limit=config.model.max_tokens_limit,
        defaults=sampling_defaults(config),
    )


def route_request(
    params: GenerateParams,
    messages: Sequence[dict[str, str]] | None = None,
    *,
    session_pinned: bool = False,
) -> RouteRequest:
    """The decision's view of a request; `messages` is the whole conversation when it has a session."""
    return RouteRequest(
        messages=tuple(params.messages if messages is None else messages),
        route=params.route,
        privacy=params.privacy,
        max_cost_usd=params.max_cost,
        max_tokens=params.sampling.max_tokens,
        session_pinned=session_pinned,
        stop=params.sampling.stop,
    )


def conditions_at_rest(
    config: Config, *, headroom: Headroom | None = None, cloud_configured: bool = True
) -> RouteConditions:
    """A device at rest with its configured caps and prices: network up, nothing spent, no queue.

    For decisions made away from a running daemon (dry runs, evaluation, benchmarks).
    """
    endpoints = config.cloud_endpoints
    first = endpoints[0] if endpoints else None
    return RouteConditions(
        headroom=headroom or Headroom.at_rest(),
        network=NetworkStatus(state="up"),
        budget=BudgetStatus(0.0, config.budget.daily_usd, 0.0, config.budget.monthly_usd),
        cloud_configured=cloud_configured,
        price_input_per_1k=first.price_input_per_1k if first else 0.0,
        price_output_per_1k=first.price_output_per_1k if first else 0.0,
    )


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
    redact: bool = False  # the cloud may take it, with its personal data replaced by placeholders
    estimated_cost_usd: float = 0.0
    features: dict[str, Any] = field(default_factory=dict)
    decision_us: float = 0.0
    # With a capability profile: the chance the local model answers correctly, the bar it was
    # held to (`[router] local_quality`, shifted), and what the estimate rests on.
    estimate: float | None = None
    local_quality: float | None = None
    competence: dict[str, Any] | None = None
    form: Form | None = None  # the checkable answer shape the request names, if any

    def explain(self) -> str:
        op = "≥" if self.score >= self.threshold else "<"
        last = [f"score {self.score:.2f} {op} threshold {self.threshold:.2f}"]
        typed = self.competence is not None and self.competence.get("task_type") is not None
        if self.estimate is not None and self.local_quality is not None and typed:
            op = "≥" if self.estimate >= self.local_quality else "<"
            last.append(f"estimate {self.estimate:.2f} {op} local_quality {self.local_quality:.2f}")
        return f"{self.route}: " + "; ".join([*self.reasons, *last])

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
            "redact": self.redact,
            "estimated_cost_usd": self.estimated_cost_usd,
            "features": dict(self.features),
            "decision_us": self.decision_us,
            "estimate": self.estimate,
            "local_quality": self.local_quality,
            "competence": self.competence,
            "form": None if self.form is None else {"kind": self.form.kind, "items": list(self.form.items)},
            "explanation": self.explain(),
        }
