"""Pressure levels with hysteresis: one small state machine per resource.

A level is entered as soon as the reading crosses its threshold and left only once the reading
is `hysteresis` (a fraction of the threshold) back past it, so a reading that wobbles around a
threshold does not flip the router's decision every period. With the default 0.1 and a critical
temperature of 85 °C, critical is entered at 85 °C and left under 76.5 °C.

Battery levels are edged's own, not config keys (the router has its own `battery_low_pct`):
discharging at or under 25 % is elevated, at or under 10 % is critical. On mains, or with no
battery, the battery level is ok.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from edged._types import PressureLevel
from edged.config import TelemetryConfig
from edged.exceptions import ConfigError
from edged.telemetry.headroom import LEVEL_ORDER

__all__ = [
    "BATTERY_CRITICAL_PCT",
    "BATTERY_ELEVATED_PCT",
    "PressureGauge",
    "PressureGauges",
    "classify",
]

BATTERY_ELEVATED_PCT = 25.0
BATTERY_CRITICAL_PCT = 10.0

WorseWhen = Literal["above", "below"]

_BY_ORDER: tuple[PressureLevel, ...] = ("ok", "elevated", "critical")


def _crosses(reading: float, threshold: float, worse_when: WorseWhen, inclusive: bool) -> bool:
    if worse_when == "above":
        return reading >= threshold if inclusive else reading > threshold
    return reading <= threshold if inclusive else reading < threshold


def classify(
    reading: float | None,
    elevated: float,
    critical: float,
    *,
    worse_when: WorseWhen = "above",
    inclusive: bool = True,
) -> PressureLevel:
    """The level a reading has on its own, without hysteresis. No reading: ok."""
    if reading is None:
        return "ok"
    if _crosses(reading, critical, worse_when, inclusive):
        return "critical"
    if _crosses(reading, elevated, worse_when, inclusive):
        return "elevated"
    return "ok"


class PressureGauge:
    """The level of one resource, entered at its threshold and left `hysteresis` past it.

    `worse_when="above"` for temperatures and utilisation, `"below"` for free memory and battery.
    `inclusive` says whether a reading equal to the threshold crosses it.
    """

    def __init__(
        self,
        elevated: float,
        critical: float,
        *,
        hysteresis: float,
        worse_when: WorseWhen = "above",
        inclusive: bool = True,
    ) -> None:
        if not 0.0 <= hysteresis <= 1.0:
            raise ConfigError(f"hysteresis must be in [0, 1], got {hysteresis!r}")
        if (worse_when == "above" and critical < elevated) or (worse_when == "below" and critical > elevated):
            raise ConfigError(
                f"critical threshold {critical!r} is less severe than elevated {elevated!r} "
                f"(worse {worse_when})"
            )
        self.elevated = elevated
        self.critical = critical
        self.hysteresis = hysteresis
        self.worse_when: WorseWhen = worse_when
        self.inclusive = inclusive
        self.level: PressureLevel = "ok"

    def _release(self, threshold: float) -> float:
        """The reading past which a level entered at `threshold` is left."""
        if self.worse_when == "above":
            return threshold * (1.0 - self.hysteresis)
        return threshold * (1.0 + self.hysteresis)

    def _held(self, reading: float) -> PressureLevel:
        """The highest level the reading has not yet moved far enough away from to leave."""
        for level, threshold in (("critical", self.critical), ("elevated", self.elevated)):
            if _crosses(reading, self._release(threshold), self.worse_when, inclusive=True):
                return level  # type: ignore[return-value]
        return "ok"

    def update(self, reading: float | None) -> PressureLevel:
        """Feed one reading; returns the new level. None (no reading) claims no pressure."""
        if reading is None:
            self.level = "ok"
            return self.level
        entered = classify(
            reading, self.elevated, self.critical, worse_when=self.worse_when, inclusive=self.inclusive
        )
        held = _BY_ORDER[min(LEVEL_ORDER[self.level], LEVEL_ORDER[self._held(reading)])]
        self.level = _BY_ORDER[max(LEVEL_ORDER[entered], LEVEL_ORDER[held])]
        return self.level

    def reset(self) -> None:
        self.level = "ok"

    def __repr__(self) -> str:
        return (
            f"PressureGauge(elevated={self.elevated!r}, critical={self.critical!r}, "
            f"hysteresis={self.hysteresis!r}, worse_when={self.worse_when!r}, level={self.level!r})"
        )


@dataclass
class PressureGauges:
    """One gauge per resource the `Headroom` reports a level for."""

    memory: PressureGauge
    thermal: PressureGauge
    gpu: PressureGauge
    battery: PressureGauge

    @classmethod
    def from_config(cls, config: TelemetryConfig) -> PressureGauges:
        h = config.hysteresis
        return cls(
            # The config says "under this %": equal to the threshold is not yet pressure.
            memory=PressureGauge(
                config.mem_elevated_pct,
                config.mem_critical_pct,
                hysteresis=h,
                worse_when="below",
                inclusive=False,
            ),
            thermal=PressureGauge(config.temp_elevated_c, config.temp_critical_c, hysteresis=h),
            gpu=PressureGauge(config.gpu_elevated_pct, config.gpu_critical_pct, hysteresis=h),
            battery=PressureGauge(
                BATTERY_ELEVATED_PCT, BATTERY_CRITICAL_PCT, hysteresis=h, worse_when="below"
            ),
        )
