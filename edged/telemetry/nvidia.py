"""Discrete-GPU figures through NVML (nvidia-ml-py, imported as `pynvml`).

`pynvml` is imported on first use, never at import time. Every failure to get NVML going
(the module is missing, libnvidia-ml is missing as on JetPack 4/5, no driver, no device) makes
the source "none". Each query is asked on its own: NVMLError_NotSupported, as on JetPack 6 where
everything but the name is unsupported, gives None for that figure ("n/a"), never 0.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Any, TypeVar

from edged.telemetry._once import LogOnce

__all__ = ["NvmlReading", "NvmlSampler"]

logger = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True)
class NvmlReading:
    index: int
    name: str | None
    util_pct: float | None
    mem_used_pct: float | None
    mem_free_mb: float | None
    mem_total_mb: float | None
    temp_c: float | None
    power_w: float | None


class NvmlSampler:
    """One NVML device, by index. `open()` once, `read()` each period, `close()` at the end."""

    def __init__(self, index: int = 0) -> None:
        self.index = index
        self.detail = "not opened"
        self._nvml: ModuleType | None = None
        self._handle: Any = None
        self._name: str | None = None
        self._opened = False
        self._lock = threading.Lock()
        self._failed = LogOnce(logger, logging.INFO)

    @property
    def available(self) -> bool:
        return self._handle is not None

    @property
    def source(self) -> str:
        return "nvml" if self.available else "none"

    def open(self) -> bool:
        """Start NVML and find the device; False (source "none") when that cannot be done. Asked once."""
        with self._lock:
            if self._opened:
                return self.available
            self._opened = True
            try:
                import pynvml
            except ImportError as exc:
                self.detail = f"nvidia-ml-py is not installed ({exc})"
                return False
            try:
                pynvml.nvmlInit()
            except Exception as exc:  # NVMLError_LibraryNotFound, _DriverNotLoaded, OSError from ctypes
                self.detail = f"nvmlInit failed: {type(exc).__name__}: {exc}"
                return False
            self._nvml = pynvml
            try:
                count = int(pynvml.nvmlDeviceGetCount())
                if self.index >= count:
                    self.detail = f"no NVML device {self.index} ({count} found)"
                    self._shutdown()
                    return False
                self._handle = pynvml.nvmlDeviceGetHandleByIndex(self.index)
            except Exception as exc:
                self.detail = f"no NVML device {self.index}: {type(exc).__name__}: {exc}"
                self._shutdown()
                return False
            name = self._query("name", pynvml.nvmlDeviceGetName, self._handle)
            self._name = (
                name.decode() if isinstance(name, bytes) else (str(name) if name is not None else None)
            )
            self.detail = f"device {self.index}: {self._name or 'unnamed'}"
            return True

    def _query(self, what: str, fn: Callable[..., T], *args: Any) -> T | None:
        """One NVML query: its value, or None when NVML says it is unsupported or fails."""
        nvml = self._nvml
        assert nvml is not None
        not_supported = getattr(nvml, "NVMLError_NotSupported", None)
        try:
            return fn(*args)
        except Exception as exc:
            if not_supported is not None and isinstance(exc, not_supported):
                return None
            if isinstance(exc, nvml.NVMLError):
                self._failed(f"NVML {what}", exc)
                return None
            raise  # not NVML's: a bug or a broken binding, for the monitor to log

    def read(self) -> NvmlReading | None:
        """The device's figures now; None when NVML is not available."""
        if not self.open():
            return None
        nvml = self._nvml
        assert nvml is not None
        h = self._handle
        util = self._query("utilization", nvml.nvmlDeviceGetUtilizationRates, h)
        mem = self._query("memory", nvml.nvmlDeviceGetMemoryInfo, h)
        temp = self._query("temperature", nvml.nvmlDeviceGetTemperature, h, nvml.NVML_TEMPERATURE_GPU)
        power = self._query("power", nvml.nvmlDeviceGetPowerUsage, h)
        mem_used_pct = mem_free = mem_total = None
        if mem is not None and mem.total:
            mem_used_pct = 100.0 * mem.used / mem.total
            mem_free = mem.free / 1048576.0
            mem_total = mem.total / 1048576.0
        return NvmlReading(
            index=self.index,
            name=self._name,
            util_pct=float(util.gpu) if util is not None else None,
            mem_used_pct=mem_used_pct,
            mem_free_mb=mem_free,
            mem_total_mb=mem_total,
            temp_c=float(temp) if temp is not None else None,
            power_w=power / 1000.0 if power is not None else None,  # NVML reports mW
        )

    def _shutdown(self) -> None:
        nvml, self._nvml, self._handle = self._nvml, None, None
        if nvml is not None:
            try:
                nvml.nvmlShutdown()
            except Exception as exc:
                self._failed("nvmlShutdown", exc)

    def close(self) -> None:
        """Shut NVML down; a later `read()` opens it again."""
        with self._lock:
            self._shutdown()
            self._opened = False
            self.detail = "closed"
