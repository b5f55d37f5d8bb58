from __future__ import annotations

import pytest

from edged.config import TelemetryConfig
from edged.exceptions import ConfigError
from edged.telemetry.pressure import (
    BATTERY_CRITICAL_PCT,
    BATTERY_ELEVATED_PCT,
    PressureGauge,
    PressureGauges,
    classify,
)


@pytest.mark.parametrize(
    ("reading", "worse_when", "inclusive", "expected"),
    [
        (None, "above", True, "ok"),
        (74.9, "above", True, "ok"),
        (75.0, "above", True, "elevated"),
        (75.0, "above", False, "ok"),
        (84.9, "above", True, "elevated"),
        (85.0, "above", True, "critical"),
        (120.0, "above", True, "critical"),
    ],
)
def test_classify_above(reading: float | None, worse_when: str, inclusive: bool, expected: str) -> None:
    assert classify(reading, 75.0, 85.0, worse_when=worse_when, inclusive=inclusive) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("reading", "inclusive", "expected"),
    [
        (50.0, False, "ok"),
        (20.0, False, "ok"),
        (20.0, True, "elevated"),
        (19.9, False, "elevated"),
        (10.0, False, "elevated"),
        (10.0, True, "critical"),
        (2.0, False, "critical"),
    ],
)
def test_classify_below(reading: float, inclusive: bool, expected: str) -> None:
    assert classify(reading, 20.0, 10.0, worse_when="below", inclusive=inclusive) == expected


def run(gauge: PressureGauge, readings: list[float | None]) -> list[str]:
    return [gauge.update(r) for r in readings]


def test_temperature_levels_enter_at_threshold_and_leave_past_the_band() -> None:
    gauge = PressureGauge(75.0, 85.0, hysteresis=0.1)
    # critical is left under 85 × 0.9 = 76.5; elevated under 75 × 0.9 = 67.5
    readings: list[float | None] = [70, 75, 80, 85, 84, 77, 76.5, 76.4, 70, 68, 67.5, 67.4, 86, 40]
    expected = [
        "ok",
        "elevated",
        "elevated",
        "critical",
        "critical",
        "critical",
        "critical",
        "elevated",
        "elevated",
        "elevated",
        "elevated",
        "ok",
        "critical",
        "ok",
    ]
    assert run(gauge, readings) == expected


def test_free_memory_levels_with_hysteresis() -> None:
    gauge = PressureGauge(20.0, 10.0, hysteresis=0.1, worse_when="below", inclusive=False)
    # elevated is left over 22 %, critical over 11 %
    readings: list[float | None] = [30, 20, 19.9, 21.9, 22.0, 22.1, 9.0, 10.9, 11.0, 11.1, 25]
    expected = [
        "ok",
        "ok",
        "elevated",
        "elevated",
        "elevated",
        "ok",
        "critical",
        "critical",
        "critical",
        "elevated",
        "ok",
    ]
    assert run(gauge, readings) == expected


def test_a_reading_wobbling_on_the_threshold_does_not_flap() -> None:
    gauge = PressureGauge(75.0, 85.0, hysteresis=0.1)
    levels = run(gauge, [84.9, 85.1] * 10)
    assert levels[0] == "elevated"
    assert set(levels[1:]) == {"critical"}
    # Without hysteresis the same readings flip every sample.
    flappy = PressureGauge(75.0, 85.0, hysteresis=0.0)
    assert run(flappy, [84.9, 85.1] * 3) == ["elevated", "critical"] * 3


def test_no_reading_claims_no_pressure() -> None:
    gauge = PressureGauge(75.0, 85.0, hysteresis=0.1)
    assert gauge.update(90.0) == "critical"
    assert gauge.update(None) == "ok"
    assert gauge.level == "ok"


def test_reset() -> None:
    gauge = PressureGauge(75.0, 85.0, hysteresis=0.1)
    gauge.update(99.0)
    gauge.reset()
    assert gauge.update(80.0) == "elevated"


@pytest.mark.parametrize(
    ("elevated", "critical", "worse_when", "hysteresis"),
    [
        (85.0, 75.0, "above", 0.1),
        (10.0, 20.0, "below", 0.1),
        (75.0, 85.0, "above", 1.5),
        (75.0, 85.0, "above", -0.1),
    ],
)
def test_inconsistent_thresholds_are_refused(
    elevated: float, critical: float, worse_when: str, hysteresis: float
) -> None:
    with pytest.raises(ConfigError):
        PressureGauge(elevated, critical, hysteresis=hysteresis, worse_when=worse_when)  # type: ignore[arg-type]


def test_gauges_from_config() -> None:
    config = TelemetryConfig(
        mem_elevated_pct=30.0,
        mem_critical_pct=15.0,
        temp_elevated_c=70.0,
        temp_critical_c=80.0,
        gpu_elevated_pct=60.0,
        gpu_critical_pct=90.0,
        hysteresis=0.05,
    )
    gauges = PressureGauges.from_config(config)
    assert (gauges.memory.elevated, gauges.memory.critical, gauges.memory.worse_when) == (30.0, 15.0, "below")
    assert (gauges.thermal.elevated, gauges.thermal.critical) == (70.0, 80.0)
    assert (gauges.gpu.elevated, gauges.gpu.critical) == (60.0, 90.0)
    assert (gauges.battery.elevated, gauges.battery.critical) == (BATTERY_ELEVATED_PCT, BATTERY_CRITICAL_PCT)
    assert {g.hysteresis for g in (gauges.memory, gauges.thermal, gauges.gpu, gauges.battery)} == {0.05}
    # memory: "under this %" — the threshold itself is not yet pressure
    assert gauges.memory.update(30.0) == "ok"
    assert gauges.memory.update(29.0) == "elevated"
    # battery: at or under 25 % elevated, at or under 10 % critical
    assert [gauges.battery.update(p) for p in (60.0, 25.0, 18.0, 10.0, 10.4, 11.0)] == [
        "ok",
        "elevated",
        "elevated",
        "critical",
        "critical",
        "elevated",
    ]
