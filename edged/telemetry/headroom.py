"""The hardware headroom snapshot the router reads: one pressure level per resource.

A `Headroom` is immutable; the monitor publishes a new one each period and the router reads
the latest without blocking. Fields are None when a source does not exist on this device
(no battery, no GPU, NVML NotSupported on Jetson): "n/a", never 0.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from typing import Any

from edged._types import PressureLevel

__all__ = ["GPU", "LEVEL_ORDER", "Battery", "Headroom", "Memory", "Thermal", "worst_level"]

LEVEL_ORDER: dict[PressureLevel, int] = {"ok": 0, "elevated": 1, "critical": 2}


def worst_level(*levels: PressureLevel) -> PressureLevel:
    worst: PressureLevel = "ok"
    for level in levels:
        if LEVEL_ORDER[level] > LEVEL_ORDER[worst]:
            worst = level
    return worst


@dataclass(frozen=True)
class Memory:
    level: PressureLevel = "ok"
    total_mb: float | None = None
    available_mb: float | None = None
    swap_used_pct: float | None = None
    gpu_shared_mb: float | None = None  # Jetson NvMapMemUsed: memory the iGPU holds
    swap_free_mb: float | None = None
    headroom_mb: float | None = None  # MemAvailable less the reserve: what a new allocation may take
    # Integrated GPU only: the CUDA-for-Tegra estimate of what the GPU could still allocate. An upper
    # bound (it counts swap the GPU cannot use directly), never the figure to plan with.
    gpu_allocatable_mb: float | None = None

    @property
    def available_pct(self) -> float | None:
        if self.total_mb and self.available_mb is not None:
            return 100.0 * self.available_mb / self.total_mb
        return None


@dataclass(frozen=True)
class Thermal:
    level: PressureLevel = "ok"
    max_c: float | None = None  # hottest zone
    zone: str | None = None  # its name
    zones: dict[str, float] = field(default_factory=dict)
    trips: dict[str, float] = field(default_factory=dict)  # zone -> lowest passive/hot/critical trip, °C
    # Reported but not counted in max_c: storage, network and other hwmon sensors whose heat says
    # nothing about the SoC's headroom (an NVMe drive at 70 °C is normal).
    sensors: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class GPU:
    level: PressureLevel = "ok"
    source: str = "none"  # "nvml", "jetson" or "none"
    name: str | None = None
    util_pct: float | None = None
    mem_used_pct: float | None = None
    mem_free_mb: float | None = None
    temp_c: float | None = None
    power_w: float | None = None
    freq_mhz: float | None = None
    max_freq_mhz: float | None = None


@dataclass(frozen=True)
class Battery:
    level: PressureLevel = "ok"
    percent: float | None = None
    plugged: bool | None = None  # None: mains or unknown
    source: str = "none"
    status: str | None = None  # power_supply status: Charging, Discharging, Full, Not charging


@dataclass(frozen=True)
class Headroom:
    """One sample of the device's state, with a pressure level per resource."""

    memory: Memory = field(default_factory=Memory)
    thermal: Thermal = field(default_factory=Thermal)
    gpu: GPU = field(default_factory=GPU)
    battery: Battery = field(default_factory=Battery)
    cpu_load_pct: float | None = None
    power_w: float | None = None  # board input power (INA3221 VDD_IN, else the sum of rails)
    power_rails: dict[str, float] = field(default_factory=dict)  # rail -> W
    power_mode: str | None = None  # Jetson nvpmodel mode name
    platform: str = "generic"  # "jetson", "x86-dgpu", "generic"
    sampled_at: float = field(default_factory=time.time)
    power_source: str | None = None  # the rail power_w is, or "sum of rails" (no carrier board)
    sample_ms: float | None = None  # how long taking this sample took

    @classmethod
    def at_rest(cls) -> Headroom:
        """A device with room to spare: what evaluation and dry-runs assume."""
        return cls()

    def levels(self) -> dict[str, PressureLevel]:
        return {
            "memory": self.memory.level,
            "thermal": self.thermal.level,
            "gpu": self.gpu.level,
            "battery": self.battery.level,
        }

    @property
    def worst(self) -> PressureLevel:
        return worst_level(*self.levels().values())

    def describe(self, resource: str) -> str:
        """A short human reason, e.g. 'thermal critical (86 °C)' or 'memory elevated (12% free)'."""
        level = self.levels()[resource]
        detail = ""
        if resource == "memory" and self.memory.available_pct is not None:
            detail = f"{self.memory.available_pct:.0f}% free"
        elif resource == "thermal" and self.thermal.max_c is not None:
            detail = f"{self.thermal.max_c:.0f} °C" + (f" {self.thermal.zone}" if self.thermal.zone else "")
        elif resource == "gpu":
            parts = []
            if self.gpu.util_pct is not None:
                parts.append(f"{self.gpu.util_pct:.0f}% busy")
            if self.gpu.mem_used_pct is not None:
                parts.append(f"{self.gpu.mem_used_pct:.0f}% memory")
            detail = ", ".join(parts)
        elif resource == "battery" and self.battery.percent is not None:
            state = "charging" if self.battery.plugged else "discharging"
            detail = f"{self.battery.percent:.0f}% {state}"
        return f"{resource} {level}" + (f" ({detail})" if detail else "")

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["memory"]["available_pct"] = self.memory.available_pct
        out["worst"] = self.worst
        return out
