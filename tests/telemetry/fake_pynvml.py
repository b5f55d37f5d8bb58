"""A stand-in `pynvml` module for machines without an NVIDIA GPU.

It follows nvidia-ml-py's shape: `NVMLError` subclasses per error code (NVMLError_NotSupported,
NVMLError_LibraryNotFound, ...), module-level functions taking a device handle, and memory and
utilisation structs with the same attribute names. Installed with
`monkeypatch.setitem(sys.modules, "pynvml", make_pynvml(...))`.
"""

from __future__ import annotations

import types
from collections import Counter
from dataclasses import dataclass
from typing import Any

NVML_TEMPERATURE_GPU = 0
MiB = 1024 * 1024

ERROR_CODES = {
    "NotSupported": 3,
    "DriverNotLoaded": 9,
    "LibraryNotFound": 12,
    "GpuIsLost": 15,
}


class NVMLError(Exception):
    value = 999

    def __str__(self) -> str:
        return {
            3: "Not Supported",
            9: "Driver Not Loaded",
            12: "NVML Shared Library Not Found",
            15: "GPU is lost",
        }.get(self.value, f"NVML Error with code {self.value}")


def _error_class(name: str) -> type[NVMLError]:
    return type(f"NVMLError_{name}", (NVMLError,), {"value": ERROR_CODES[name]})


ERRORS = {name: _error_class(name) for name in ERROR_CODES}


@dataclass
class Memory:
    total: int
    free: int
    used: int


@dataclass
class Utilization:
    gpu: int
    memory: int


def make_pynvml(
    *,
    init_error: str | None = None,
    count: int = 1,
    name: str | bytes = "NVIDIA RTX A2000 12GB",
    util: int = 37,
    mem_total: int = 12 * 1024 * MiB,
    mem_used: int = 3 * 1024 * MiB,
    temp: int = 61,
    power_mw: int = 48_250,
    unsupported: frozenset[str] = frozenset(),
    errors: dict[str, BaseException] | None = None,
) -> types.ModuleType:
    """A pynvml module. `unsupported` names queries that raise NVMLError_NotSupported
    ("name", "utilization", "memory", "temperature", "power"); `errors` maps a query to any
    exception it raises instead; `init_error` names the NVMLError nvmlInit raises."""
    mod = types.ModuleType("pynvml")
    calls: Counter[str] = Counter()
    errors = errors or {}
    mod.calls = calls  # type: ignore[attr-defined]
    mod.NVMLError = NVMLError  # type: ignore[attr-defined]
    mod.NVML_TEMPERATURE_GPU = NVML_TEMPERATURE_GPU  # type: ignore[attr-defined]
    for err_name, cls in ERRORS.items():
        setattr(mod, f"NVMLError_{err_name}", cls)

    def query(what: str, value: Any) -> Any:
        calls[what] += 1
        if what in errors:
            raise errors[what]
        if what in unsupported:
            raise ERRORS["NotSupported"]()
        return value

    def nvmlInit() -> None:
        calls["init"] += 1
        if init_error:
            raise ERRORS[init_error]()

    def nvmlShutdown() -> None:
        calls["shutdown"] += 1

    def nvmlDeviceGetCount() -> int:
        return count

    def nvmlDeviceGetHandleByIndex(index: int) -> object:
        if index >= count:
            raise NVMLError()
        return ("handle", index)

    mod.nvmlInit = nvmlInit  # type: ignore[attr-defined]
    mod.nvmlShutdown = nvmlShutdown  # type: ignore[attr-defined]
    mod.nvmlDeviceGetCount = nvmlDeviceGetCount  # type: ignore[attr-defined]
    mod.nvmlDeviceGetHandleByIndex = nvmlDeviceGetHandleByIndex  # type: ignore[attr-defined]
    mod.nvmlDeviceGetName = lambda h: query("name", name)  # type: ignore[attr-defined]
    mod.nvmlDeviceGetUtilizationRates = lambda h: query("utilization", Utilization(util, 20))  # type: ignore[attr-defined]
    mod.nvmlDeviceGetMemoryInfo = lambda h: query(  # type: ignore[attr-defined]
        "memory", Memory(total=mem_total, free=mem_total - mem_used, used=mem_used)
    )
    mod.nvmlDeviceGetTemperature = lambda h, sensor: query("temperature", temp)  # type: ignore[attr-defined]
    mod.nvmlDeviceGetPowerUsage = lambda h: query("power", power_mw)  # type: ignore[attr-defined]
    return mod


# JetPack 6 on Orin: NVML starts and names the GPU, and every other query is NotSupported.
JETPACK6_UNSUPPORTED = frozenset({"utilization", "memory", "temperature", "power"})
