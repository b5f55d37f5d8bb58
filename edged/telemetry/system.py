"""psutil readers for the live system: memory, swap, CPU load, battery, temperatures.

psutil is imported inside each function so `import edged.telemetry` stays light. Each reader
tolerates failure per field: under systemd's ProcSubset=pid, /proc/meminfo is hidden and
psutil.virtual_memory() raises FileNotFoundError; that gives an empty memory figure, never a crash.

psutil reads the machine it runs on only (its sysfs paths are fixed), so the monitor uses these
readers when its root is "/" and the root-relative readers in `sysfs` and `jetson` otherwise.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from edged.telemetry._once import LogOnce

__all__ = ["CpuLoad", "PsutilBattery", "psutil_version", "read_battery", "read_memory", "read_temperatures"]

logger = logging.getLogger(__name__)
_failed = LogOnce(logger, logging.INFO)


def psutil_version() -> str | None:
    try:
        import psutil
    except ImportError:
        return None
    return str(psutil.__version__)


def read_memory() -> dict[str, int]:
    """Memory and swap in /proc/meminfo's shape ({field: kB}), so one headroom function serves both.

    A part psutil cannot read is left out: {} when neither works.
    """
    out: dict[str, int] = {}
    try:
        import psutil

        vm = psutil.virtual_memory()
        out.update(MemTotal=vm.total // 1024, MemAvailable=vm.available // 1024, MemFree=vm.free // 1024)
    except Exception as exc:  # psutil raises OSError, psutil.Error or RuntimeError depending on the platform
        _failed("psutil.virtual_memory", exc)
    try:
        import psutil

        sw = psutil.swap_memory()
        out.update(SwapTotal=sw.total // 1024, SwapFree=sw.free // 1024)
    except Exception as exc:
        _failed("psutil.swap_memory", exc)
    return out


class CpuLoad:
    """System-wide CPU busy %, over the time since the previous read (psutil.cpu_percent)."""

    def __init__(self) -> None:
        self._primed = False

    def read(self) -> float | None:
        try:
            import psutil

            value = float(psutil.cpu_percent(interval=None))
        except Exception as exc:
            _failed("psutil.cpu_percent", exc)
            return None
        if not self._primed:
            # The first call has no previous sample to compare with and always says 0.0.
            self._primed = True
            return None
        return value


@dataclass(frozen=True)
class PsutilBattery:
    percent: float | None
    plugged: bool | None  # None: psutil cannot tell
    secs_left: float | None  # None: unknown or plugged in


def read_battery() -> PsutilBattery | None:
    """psutil.sensors_battery(); None means no battery found: mains or unknown, not an error."""
    try:
        import psutil

        sensors_battery: Any = getattr(psutil, "sensors_battery", None)
        if sensors_battery is None:
            return None
        battery = sensors_battery()
    except Exception as exc:
        _failed("psutil.sensors_battery", exc)
        return None
    if battery is None:
        return None
    secs = battery.secsleft
    secs_left = float(secs) if isinstance(secs, int | float) and secs >= 0 else None
    percent = float(battery.percent) if battery.percent is not None else None
    plugged = bool(battery.power_plugged) if battery.power_plugged is not None else None
    return PsutilBattery(percent, plugged, secs_left)


def read_temperatures() -> dict[str, float]:
    """psutil.sensors_temperatures() as {"chip/label": °C}.

    On Linux this misses every thermal zone as soon as one hwmon temperature exists (psutil#1873);
    `sysfs.ThermalReader` is the primary source and this is the fallback for other platforms.
    """
    try:
        import psutil

        sensors: Any = getattr(psutil, "sensors_temperatures", None)
        if sensors is None:
            return {}
        found = sensors()
    except Exception as exc:
        _failed("psutil.sensors_temperatures", exc)
        return {}
    out: dict[str, float] = {}
    for chip, entries in found.items():
        for i, entry in enumerate(entries):
            if entry.current is None:
                continue
            name = f"{chip}/{entry.label or f'temp{i + 1}'}"
            out[name if name not in out else f"{name}#{i}"] = float(entry.current)
    return out
