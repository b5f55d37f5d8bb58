"""Hardware headroom: psutil, NVML (discrete GPUs) and Jetson sysfs, sampled off the loop."""

from __future__ import annotations

from edged.telemetry.headroom import GPU, Battery, Headroom, Memory, Thermal, worst_level

__all__ = ["GPU", "Battery", "Headroom", "Memory", "Thermal", "worst_level"]
