"""The routing decision: local or cloud for one request, and why.

`decide(request, conditions, config)` is a pure function of its inputs (no I/O, no clock other than
the timing it reports), so it is table-tested and benchmarked as it is.

In order:

1. Privacy. Personal or secret data anywhere the cloud would see it (every turn of the
   conversation, system and earlier turns included, and the stop strings), `privacy="strict"`
   on the request or in the config, or a session pinned by an earlier turn: local, pinned, no
   cloud now or on any fallback. A request that asked for the cloud stays local too. With
   `[privacy] action = "redact"` personal data does not pin: the request is routed as any
   other, and whatever goes to the cloud goes with the data replaced by placeholders.
2. No cloud endpoint configured: local, no cloud fallback.
3. `route="local"` on the request: local, and the request never leaves the device.
4. The threshold: `config.threshold`, lowered (escalate more) under memory, thermal or GPU
   pressure, on a low battery while the network is usable and when the local queue is slow;
   raised (escalate less) when the cloud budget runs low; clamped to [0, 1]. Every shift that
   applies names the device state in the reasons.
5. Cloud if `route="cloud"` was asked for or the request is beyond the local model, and only if
   the cloud is usable: network down, or every endpoint's breaker open (it hung or kept failing),
   means local, flagged offline; a ledger that cannot record the spend, a spent budget, or an
   estimated cost over the request's cap or over what is left, means local with the reason.

The difficulty score is the learned scorer's calibrated chance that the request needs the cloud
(`edged.router.learned`, `[router] scorer = "learned"`), which reads the rules' evidence among its
inputs, or the rules' score alone (`scorer = "rules"`, or no readable shipped model).

"Beyond the local model": the difficulty score reaches the threshold, or, with a usable
capability profile (`competence`) and a request of one of the suite's task types, the estimated
chance that the local model answers correctly (`edged.router.competence`) is under `local_quality`,
moved by the same shifts as the threshold in the other direction (pressure raises the bar,
a low budget lowers it); every decision then names the model's record on the request's task
type and the estimate, pinned and offline ones included. A request of no task type, and any
request without a usable profile (the reasons say which), is judged on difficulty alone.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import replace

from edged._types import RouteName
from edged.config import RouterConfig
from edged.router.competence import Competence, task_type
from edged.router.features import Features, extract
from edged.router.forms import Form, find_form
from edged.router.inputs import Decision, PrivacyRules, RouteConditions, RouteRequest
from edged.router.learned import scorer_for
from edged.telemetry.headroom import LEVEL_ORDER, worst_level

__all__ = ["cloud_text", "decide", "effective_threshold", "estimate_cost"]

_PRESSURE_RESOURCES = ("memory", "thermal", "gpu")
_BUILT_IN = PrivacyRules()


def decide(
    request: RouteRequest,
    conditions: RouteConditions,
    config: RouterConfig,
    *,
    count_tokens: Callable[[str], int] | None = None,
    privacy: PrivacyRules = _BUILT_IN,
    competence: Competence | None = None,
) -> Decision:
    """Route one request. See the module docstring for the rules, in the order they apply.

    `privacy` is what counts as personal data and what it does (`PrivacyRules.from_config`);
    the default is the built-in kinds, pinned. `competence` is the installed model's profile
    (`edged.router.competence.load_competence`); None decides on difficulty alone, silently.
    """
    started = time.perf_counter()
    messages = [
        {"role": str(m.get("role") or "user"), "content": _text_of(m.get("content"))}
        for m in request.messages
    ]
    features = extract(messages, count_tokens=count_tokens, max_tokens=request.max_tokens)
    model = scorer_for(config)
    if model is not None:
        features = replace(
            features, score=model.score(messages, features), rule_score=features.score, scorer="learned"
        )
    findings = privacy.guard.scan(cloud_text(messages, request.stop))
    kinds = tuple(dict.fromkeys(f.kind for f in findings))
    redacts = privacy.redact and bool(kinds) and request.privacy != "strict" and config.privacy != "strict"
    threshold, shifts = effective_threshold(conditions, config)
    cost = estimate_cost(features.tokens, request.max_tokens, conditions)
    chance: float | None = None
    typed = False
    quality: float | None = None
    about: dict[str, object] | None = None
    form: Form | None = None
    tail: list[str] = []  # said last, whatever the route: the model's record, or why there is none
    if competence is not None and competence.usable:
        latest = next((m["content"] for m in reversed(messages) if m["role"] == "user"), "")
        # The profile was calibrated on the rules' score: its estimate reads that one.
        rule_score = features.score if features.rule_score is None else features.rule_score
        estimate = competence.estimate(task_type(latest, features), rule_score)
        chance = estimate.chance
        typed = estimate.task_type is not None
        # The device and budget shifts move the bar the other way: a lower threshold (pressure)
        # escalates more, so the local model must be surer.
        quality = min(1.0, max(0.0, config.local_quality + (config.threshold - threshold)))
        about = {"profile": "ok", "model": competence.model, **estimate.to_dict()}
        form = find_form(latest)
        tail.append(estimate.phrase())
    elif competence is not None:
        about = {"profile": competence.state, "detail": competence.detail}
        tail.append(f"no usable capability profile ({competence.state}): routed on difficulty alone")

    def done(
        route: RouteName,
        reasons: list[str],
        *,
        pinned: bool = False,
        cloud_allowed: bool = True,
        offline: bool = False,
    ) -> Decision:
        if redacts and not pinned and cloud_allowed:
            reasons = [f"privacy: {', '.join(kinds)} redacted for the cloud", *reasons]
        if tail:
            reasons = [*reasons, *tail]
        return Decision(
            route=route,
            score=features.score,
            threshold=threshold,
            base_threshold=config.threshold,
            reasons=tuple(reasons),
            task=features.task,
            privacy=kinds,
            estimated_cost_usd=cost,
            features=_summary(features),
            decision_us=(time.perf_counter() - started) * 1e6,
            pinned=pinned,
            cloud_allowed=cloud_allowed,
            offline=offline,
            redact=redacts and not pinned,
            estimate=chance,
            local_quality=quality,
            competence=about,
            form=form,
        )

    pinned_reason = _pinned_reason(request, config, () if redacts else kinds)
    if pinned_reason is not None:
        reasons = [pinned_reason]
        if request.route == "cloud":
            reasons.append("cloud requested but privacy-pinned")
        return done("local", reasons, pinned=True, cloud_allowed=False)
    if not conditions.cloud_configured:
        return done("local", ["no cloud endpoint configured"], cloud_allowed=False)
    if request.route == "local":
        return done("local", ["local requested"], cloud_allowed=False)

    # Competence only adds escalations: work the difficulty score sends to the cloud still goes,
    # and a request of no suite task type (a chat, an open question) is judged on difficulty
    # alone: the profile measured nothing like it, and its overall rate would send "hi" away.
    beyond_local = features.score >= threshold or (chance is not None and typed and chance < (quality or 0.0))
    if request.route == "cloud":
        reasons = ["cloud requested"]
    elif beyond_local:
        reasons = list(shifts)
    else:
        return done("local", list(shifts))

    if not conditions.network.usable:
        if conditions.network.blocked:
            # Reachable but not taking calls (it hung): as good as offline until it answers again.
            return done(
                "local",
                [*reasons, f"cloud not answering ({conditions.network.blocked}): offline"],
                offline=True,
            )
        return done("local", [*reasons, "network down: offline"], offline=True)
    budget = conditions.budget
    if budget.unrecordable is not None:
        why = f"cloud off: spend cannot be recorded ({budget.unrecordable})"
        return done("local", [*reasons, why], cloud_allowed=False)
    if budget.exhausted:
        return done("local", [*reasons, "cloud budget spent"], cloud_allowed=False)
    if request.max_cost_usd is not None and cost > request.max_cost_usd:
        cap = f"over the request's cost cap (${cost:.4f} > ${request.max_cost_usd:.4f})"
        return done("local", [*reasons, cap], cloud_allowed=False)
    if cost > budget.left_usd:
        spent = f"cloud budget spent (${cost:.4f} needed, ${budget.left_usd:.4f} left)"
        return done("local", [*reasons, spent], cloud_allowed=False)
    return done("cloud", reasons)


def effective_threshold(conditions: RouteConditions, config: RouterConfig) -> tuple[float, tuple[str, ...]]:
    """The base threshold moved by device pressure, battery, queue and budget, with the reasons."""
    threshold = config.threshold
    reasons: list[str] = []
    headroom = conditions.headroom
    levels = headroom.levels()
    worst = worst_level(*(levels[r] for r in _PRESSURE_RESOURCES))
    if worst != "ok":
        threshold -= config.pressure_critical_shift if worst == "critical" else config.pressure_elevated_shift
        pressed = sorted(
            (r for r in _PRESSURE_RESOURCES if levels[r] != "ok"),
            key=lambda r: -LEVEL_ORDER[levels[r]],
        )
        reasons.extend(headroom.describe(r) for r in pressed)
    battery = headroom.battery
    if (
        battery.plugged is False
        and battery.percent is not None
        and battery.percent <= config.battery_low_pct
        and conditions.network.usable
    ):
        threshold -= config.battery_shift
        if battery.level != "ok":
            reasons.append(headroom.describe("battery"))
        else:
            reasons.append(f"battery low ({battery.percent:.0f}% discharging)")
    queue = conditions.queue
    # An idle queue never counts as slow, even with queue_latency_s = 0.
    if queue.expected_wait_s >= config.queue_latency_s and (queue.depth > 0 or queue.expected_wait_s > 0):
        threshold -= config.queue_shift
        reasons.append(f"local queue slow ({queue.expected_wait_s:.1f} s wait, {queue.depth} queued)")
    remaining = conditions.budget.remaining_fraction
    if remaining < config.budget_low_fraction:
        threshold += config.budget_shift
        reasons.append(f"cloud budget low ({remaining * 100:.0f}% left)")
    return min(1.0, max(0.0, threshold)), tuple(reasons)


def estimate_cost(prompt_tokens: int, max_tokens: int, conditions: RouteConditions) -> float:
    """USD for the prompt plus a completion of `max_tokens`, at the endpoint's prices."""
    return (
        prompt_tokens * conditions.price_input_per_1k + max_tokens * conditions.price_output_per_1k
    ) / 1000.0


def _text_of(content: object) -> str:
    """Message content as text: a string, or the text parts of a list of content parts."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "\n".join(str(p.get("text", "")) if isinstance(p, dict) else str(p) for p in content)
    return "" if content is None else str(content)


def cloud_text(messages: Sequence[dict[str, str]], stop: Sequence[str] = ()) -> str:
    """Everything a cloud request carries, as the privacy scan reads it: each turn, then each stop string."""
    return "\n".join([*(m["content"] for m in messages), *stop])


def _pinned_reason(request: RouteRequest, config: RouterConfig, kinds: tuple[str, ...]) -> str | None:
    if kinds:
        return f"privacy: {', '.join(kinds)} found"
    if request.privacy == "strict" or config.privacy == "strict":
        return "privacy: strict"
    if request.session_pinned:
        return "privacy: session pinned"
    return None


def _summary(features: Features) -> dict[str, object]:
    out = features.to_dict()
    del out["score"]  # the Decision carries it
    return out
