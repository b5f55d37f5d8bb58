"""Hardware headroom: psutil, NVML (discrete GPUs) and Jetson sysfs, sampled off the loop.

Importing this package imports neither psutil nor pynvml: each reader imports its library when
it first runs.
"""

from __future__ import annotations

from edged.telemetry.headroom import GPU, Battery, Headroom, Memory, Thermal, worst_level
from edged.telemetry.monitor import Monitor
from edged.telemetry.pressure import PressureGauge
from edged.telemetry.sysfs import MemoryBudget, memory_headroom

__all__ = [
    "GPU",
    "Battery",
    "Headroom",
    "Memory",
    "MemoryBudget",
    "Monitor",
    "PressureGauge",
    "Thermal",
    "memory_headroom",
    "worst_level",
]
