from __future__ import annotations

import dataclasses
import itertools

import pytest

from edged._types import NetworkState, PressureLevel
from edged.backends.base import NetworkStatus, QueueStatus
from edged.config import RouterConfig
from edged.router.features import extract
from edged.router.inputs import Decision, RouteConditions, RouteRequest
from edged.router.policy import decide, effective_threshold, estimate_cost
from edged.store.ledger import BudgetStatus
from edged.telemetry.headroom import GPU, Battery, Headroom, Memory, Thermal

LOW = "hello"
MID = "What were the main consequences of the industrial revolution for workers and cities?"
HIGH = "Write a Python function to reverse a string."
PII = "Write a Python function to reverse a string. Send it to jane.doe@example.com"
# The table's rows sit at known points of the rules' scale (LOW, MID, HIGH): the learned scorer
# has its own tests (test_learned.py), and these test the policy around whichever score it gets.
CONFIG = RouterConfig(scorer="rules")


def request(text: str, **fields: object) -> RouteRequest:
    return RouteRequest(messages=({"role": "user", "content": text},), **fields)  # type: ignore[arg-type]


def headroom(pressure: PressureLevel = "ok") -> Headroom:
    if pressure == "ok":
        return Headroom.at_rest()
    return Headroom(thermal=Thermal(level=pressure, max_c=86.0 if pressure == "critical" else 78.0))


def state(
    pressure: PressureLevel = "ok",
    network: NetworkState = "up",
    budget: str = "ok",
    **fields: object,
) -> RouteConditions:
    budgets = {
        "ok": BudgetStatus(0.0, 1.0, 0.0, 20.0),
        "low": BudgetStatus(0.9, 1.0, 0.0, 20.0),
        "spent": BudgetStatus(1.0, 1.0, 1.0, 20.0),
    }
    return RouteConditions(
        headroom=headroom(pressure),
        network=NetworkStatus(state=network),
        budget=budgets[budget],
        **fields,  # type: ignore[arg-type]
    )


def test_the_example_prompts_sit_where_the_table_needs_them() -> None:
    # The table below relies on these bands: LOW stays local even under critical pressure, MID
    # crosses only under critical pressure, HIGH clears a threshold raised by a low budget.
    low, mid, high = (extract([{"role": "user", "content": t}]).score for t in (LOW, MID, HIGH))
    assert low < 0.5 - CONFIG.pressure_critical_shift
    assert 0.5 - CONFIG.pressure_critical_shift <= mid < 0.5 - CONFIG.pressure_elevated_shift
    assert high >= 0.5 + CONFIG.budget_shift


TABLE = list(
    itertools.product(
        ("ok", "elevated", "critical"),  # pressure
        ("up", "down"),  # network
        ("ok", "spent"),  # budget
        ("clean", "pii"),  # privacy
        ("low", "mid", "high"),  # score
    )
)


@pytest.mark.parametrize(("pressure", "network", "budget", "privacy", "score"), TABLE)
def test_decision_table(
    pressure: PressureLevel, network: NetworkState, budget: str, privacy: str, score: str
) -> None:
    text = {"low": LOW, "mid": MID, "high": HIGH}[score]
    if privacy == "pii":
        text += " My email is jane.doe@example.com"
    decision = decide(request(text), state(pressure, network, budget), CONFIG)

    expected_threshold = {"ok": 0.5, "elevated": 0.4, "critical": 0.25}[pressure]
    if budget == "spent":
        expected_threshold += CONFIG.budget_shift  # nothing left counts as running low
    assert decision.threshold == pytest.approx(expected_threshold)
    assert decision.base_threshold == 0.5
    wants_cloud = score == "high" or (score == "mid" and pressure == "critical" and budget == "ok")
    if privacy == "pii":
        assert (decision.route, decision.pinned, decision.cloud_allowed) == ("local", True, False)
        assert decision.reasons == ("privacy: email found",)
        assert decision.privacy == ("email",)
    elif wants_cloud and network == "down":
        assert (decision.route, decision.offline) == ("local", True)
        assert "network down: offline" in decision.reasons
    elif wants_cloud and budget == "spent":
        assert (decision.route, decision.cloud_allowed) == ("local", False)
        assert "cloud budget spent" in decision.reasons
    elif wants_cloud:
        assert decision.route == "cloud"
        assert not decision.pinned and not decision.offline
    else:
        assert decision.route == "local"
        assert decision.cloud_allowed and not decision.offline
    if pressure != "ok" and privacy == "clean" and (wants_cloud or network == "up"):
        assert any(r.startswith(f"thermal {pressure}") for r in decision.reasons)


def test_explain_names_the_device_state_and_the_comparison() -> None:
    decision = decide(request(MID), state("critical"), CONFIG)
    assert decision.route == "cloud"
    assert decision.reasons == ("thermal critical (86 °C)",)
    assert (
        decision.explain() == f"cloud: thermal critical (86 °C); score {decision.score:.2f} ≥ threshold 0.25"
    )
    assert decision.to_dict()["explanation"] == decision.explain()


def test_every_pressured_resource_is_named_worst_first() -> None:
    hw = Headroom(
        memory=Memory(level="elevated", total_mb=8000.0, available_mb=960.0),
        gpu=GPU(level="critical", util_pct=99.0, mem_used_pct=97.0),
    )
    threshold, reasons = effective_threshold(RouteConditions(headroom=hw), CONFIG)
    assert threshold == pytest.approx(0.25)
    assert reasons == ("gpu critical (99% busy, 97% memory)", "memory elevated (12% free)")


@pytest.mark.parametrize(
    ("battery", "network", "shifted"),
    [
        (Battery(percent=20.0, plugged=False), "up", True),
        (Battery(percent=20.0, plugged=False), "down", False),  # no point escalating offline
        (Battery(percent=20.0, plugged=True), "up", False),  # charging
        (Battery(percent=80.0, plugged=False), "up", False),
        (Battery(percent=None, plugged=None), "up", False),  # no battery
    ],
)
def test_low_battery_escalates_only_while_discharging_and_online(
    battery: Battery, network: NetworkState, shifted: bool
) -> None:
    st = RouteConditions(headroom=Headroom(battery=battery), network=NetworkStatus(state=network))
    threshold, reasons = effective_threshold(st, CONFIG)
    assert threshold == pytest.approx(0.5 - CONFIG.battery_shift if shifted else 0.5)
    assert (reasons == ("battery low (20% discharging)",)) is shifted


def test_battery_reason_uses_the_monitor_level_when_it_has_one() -> None:
    hw = Headroom(battery=Battery(level="critical", percent=8.0, plugged=False))
    _, reasons = effective_threshold(RouteConditions(headroom=hw), CONFIG)
    assert reasons == ("battery critical (8% discharging)",)


def test_a_slow_local_queue_escalates() -> None:
    slow = RouteConditions(queue=QueueStatus(depth=4, capacity=8, expected_wait_s=6.0))
    idle = RouteConditions(queue=QueueStatus(depth=0, capacity=8, expected_wait_s=0.0))
    assert effective_threshold(slow, CONFIG) == (
        pytest.approx(0.4),
        ("local queue slow (6.0 s wait, 4 queued)",),
    )
    assert effective_threshold(idle, CONFIG) == (0.5, ())
    always = dataclasses.replace(CONFIG, queue_latency_s=0.0)
    assert effective_threshold(idle, always) == (0.5, ())  # an idle queue is never slow


def test_a_low_budget_escalates_less() -> None:
    decision = decide(request(MID), state("critical", budget="low"), CONFIG)
    assert decision.threshold == pytest.approx(0.45)
    assert decision.route == "local"
    assert decision.reasons == ("thermal critical (86 °C)", "cloud budget low (10% left)")
    assert decide(request(HIGH), state(budget="low"), CONFIG).route == "cloud"


def test_threshold_is_clamped() -> None:
    low_base = dataclasses.replace(CONFIG, threshold=0.3)
    st = RouteConditions(
        headroom=Headroom(
            thermal=Thermal(level="critical", max_c=90.0), battery=Battery(percent=5.0, plugged=False)
        ),
        queue=QueueStatus(depth=8, expected_wait_s=30.0),
    )
    threshold, reasons = effective_threshold(st, low_base)
    assert threshold == 0.0
    assert len(reasons) == 3
    high_base = dataclasses.replace(CONFIG, threshold=0.95)
    assert effective_threshold(state(budget="low"), high_base)[0] == 1.0


@pytest.mark.parametrize(
    ("req", "cfg", "reason"),
    [
        (request(HIGH, privacy="strict"), CONFIG, "privacy: strict"),
        (request(HIGH), dataclasses.replace(CONFIG, privacy="strict"), "privacy: strict"),
        (request(HIGH, session_pinned=True), CONFIG, "privacy: session pinned"),
        (request(PII), CONFIG, "privacy: email found"),
    ],
)
def test_privacy_pins_local(req: RouteRequest, cfg: RouterConfig, reason: str) -> None:
    decision = decide(req, state(), cfg)
    assert (decision.route, decision.pinned, decision.cloud_allowed) == ("local", True, False)
    assert decision.reasons == (reason,)


def test_a_pinned_request_asking_for_the_cloud_stays_local() -> None:
    decision = decide(request(PII, route="cloud"), state(), CONFIG)
    assert decision.route == "local" and decision.pinned
    assert decision.reasons == ("privacy: email found", "cloud requested but privacy-pinned")


def test_privacy_reason_names_kinds_never_values() -> None:
    text = "key AKIAIOSFODNN7EXAMPLE and mail bob@corp.example, write a Python script"
    decision = decide(request(text), state(), CONFIG)
    assert decision.reasons == ("privacy: api_key, email found",)
    rendered = repr(decision.to_dict())
    assert "AKIAIOSFODNN7EXAMPLE" not in rendered and "bob@corp.example" not in rendered


def test_history_is_scanned_too() -> None:
    messages = (
        {"role": "user", "content": "My card is 4111 1111 1111 1111."},
        {"role": "assistant", "content": "Noted."},
        {"role": "user", "content": HIGH},
    )
    decision = decide(RouteRequest(messages=messages), state(), CONFIG)
    assert decision.pinned and decision.privacy == ("payment_card",)


def test_per_request_route_overrides_the_score() -> None:
    local = decide(request(HIGH, route="local"), state(), CONFIG)
    assert (local.route, local.cloud_allowed, local.reasons) == ("local", False, ("local requested",))
    cloud = decide(request(LOW, route="cloud"), state(), CONFIG)
    assert (cloud.route, cloud.reasons) == ("cloud", ("cloud requested",))


@pytest.mark.parametrize(
    ("st", "reason", "offline"),
    [
        (state(network="down"), "network down: offline", True),
        (state(budget="spent"), "cloud budget spent", False),
    ],
)
def test_requested_cloud_falls_back_to_local_when_unusable(
    st: RouteConditions, reason: str, offline: bool
) -> None:
    decision = decide(request(LOW, route="cloud"), st, CONFIG)
    assert decision.route == "local"
    assert decision.reasons == ("cloud requested", reason)
    assert decision.offline is offline


def test_no_cloud_configured_keeps_everything_local() -> None:
    decision = decide(request(HIGH, route="cloud"), state(cloud_configured=False), CONFIG)
    assert (decision.route, decision.cloud_allowed) == ("local", False)
    assert decision.reasons == ("no cloud endpoint configured",)


def test_degraded_and_unknown_networks_are_usable() -> None:
    assert decide(request(HIGH), state(network="degraded"), CONFIG).route == "cloud"
    assert decide(request(HIGH), state(network="unknown"), CONFIG).route == "cloud"


def test_estimated_cost_against_request_cap_and_budget() -> None:
    priced = state(price_input_per_1k=0.01, price_output_per_1k=0.03)
    req = request(HIGH, max_tokens=1000)
    decision = decide(req, priced, CONFIG)
    expected = estimate_cost(decision.features["tokens"], 1000, priced)
    assert decision.estimated_cost_usd == pytest.approx(expected)
    assert expected == pytest.approx((decision.features["tokens"] * 0.01 + 1000 * 0.03) / 1000)
    assert decision.route == "cloud"

    capped = decide(request(HIGH, max_tokens=1000, max_cost_usd=0.01), priced, CONFIG)
    assert capped.route == "local" and not capped.cloud_allowed
    assert capped.reasons[-1].startswith("over the request's cost cap ($0.03")

    nearly_spent = dataclasses.replace(priced, budget=BudgetStatus(0.99, 1.0, 0.0, 20.0))
    short = decide(req, nearly_spent, CONFIG)
    assert short.route == "local"
    assert short.reasons[-1].startswith("cloud budget spent (")


def test_light_request_at_rest_has_no_reasons() -> None:
    decision = decide(request(LOW), state(), CONFIG)
    assert (decision.route, decision.reasons) == ("local", ())
    assert decision.explain() == f"local: score {decision.score:.2f} < threshold 0.50"


def test_decision_carries_features_and_timing() -> None:
    decision = decide(request(HIGH), state(), CONFIG)
    assert isinstance(decision, Decision)
    assert decision.task == "code"
    assert decision.features["code"] is True
    assert decision.features["task"] == "code"
    assert isinstance(decision.features["tokens"], int)
    assert isinstance(decision.decision_us, float)


def test_tokenizer_is_used_for_cost() -> None:
    priced = state(price_input_per_1k=1.0, price_output_per_1k=0.0)
    mid = "Summarize the minutes of the meeting held last week in the main hall. " * 40
    decision = decide(request(mid), priced, CONFIG, count_tokens=lambda text: 500)
    assert decision.features["tokens"] == 500 and decision.features["tokens_exact"]
    assert decision.estimated_cost_usd == pytest.approx(0.5)


def test_decide_is_pure() -> None:
    req, st = request(MID), state("critical")
    first, second = decide(req, st, CONFIG), decide(req, st, CONFIG)
    assert dataclasses.replace(first, decision_us=0.0) == dataclasses.replace(second, decision_us=0.0)


def test_a_degraded_network_whose_endpoints_are_all_blocked_is_not_usable() -> None:
    # Reachable (its probe answers) but every breaker is open, e.g. after it hung: go local now.
    blocked = "cloud.example: circuit open (1 first-token timeout), checked again in 30 s"
    st = dataclasses.replace(state(), network=NetworkStatus(state="degraded", blocked=blocked))
    decision = decide(request(HIGH), st, CONFIG)
    assert decision.route == "local" and decision.offline is True
    assert decision.reasons[-1] == f"cloud not answering ({blocked}): offline"
