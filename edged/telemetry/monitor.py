"""The hardware monitor: samples every source on its own thread and publishes a `Headroom`.

Usage::

    monitor = Monitor(config.telemetry)
    monitor.start()                 # samples at once, then every period_s, on "edged-telemetry"
    headroom = monitor.latest       # never blocks: a plain attribute holding an immutable snapshot
    monitor.stop()                  # joins the thread

`sample_now()` takes a sample synchronously (tests, `edged doctor`); `sources()` says which
readers work on this device.

Sources by platform:
- every Linux root: /proc/meminfo, thermal zones and hwmon temperatures, power_supply batteries,
  INA3221 rails, all read under `config.root`;
- Jetson (/etc/nv_tegra_release or a nvidia,tegra device tree): iGPU load from devfreq, nvpmodel's
  mode, memory headroom for unified memory; NVML only if no devfreq GPU is found (Thor);
- a discrete GPU: NVML, when `config.nvml`;
- root "/" only: psutil for CPU load and the battery, and as the fallback for memory and
  temperatures. psutil cannot be pointed at another root, so a fixture tree is read without it.

A reader that raises is logged once per distinct failure and its part of the sample is left
empty; the thread keeps sampling.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any, TypeVar

from edged._types import PressureLevel
from edged.config import TelemetryConfig
from edged.telemetry._once import LogOnce
from edged.telemetry.headroom import GPU, Battery, Headroom, Memory, Thermal
from edged.telemetry.jetson import (
    IGPUReader,
    IGPUReading,
    PowerModeReader,
    PowerRailsReader,
    find_igpu,
    find_power_monitors,
    is_jetson,
    read_compatible,
    read_emc,
    read_tegra_release,
    total_power,
)
from edged.telemetry.nvidia import NvmlReading, NvmlSampler
from edged.telemetry.pressure import PressureGauges
from edged.telemetry.sysfs import (
    HwmonReader,
    MemoryBudget,
    SupplyBattery,
    ThermalReader,
    ThermalZone,
    counts_for_headroom,
    memory_headroom,
    read_meminfo,
    read_supply_battery,
    read_thermal_zones,
    under,
)
from edged.telemetry.system import CpuLoad, psutil_version, read_battery, read_memory, read_temperatures

__all__ = ["THREAD_NAME", "Monitor"]

logger = logging.getLogger(__name__)
T = TypeVar("T")

THREAD_NAME = "edged-telemetry"
STOP_TIMEOUT_S = 10.0  # longer than any one reader may block (nvpmodel -q: 4 s)


class Monitor:
    """Samples psutil, NVML and sysfs every `config.period_s` and keeps the latest `Headroom`.

    **Parameters:**
    * **config** - the `[telemetry]` section: period, root, thresholds, hysteresis.
    * **gpu_index** - the NVML device to watch (the one the model runs on).
    * **reserve_mb** - memory kept back for the rest of the system; memory headroom is
      MemAvailable less this.
    """

    def __init__(
        self, config: TelemetryConfig | None = None, *, gpu_index: int = 0, reserve_mb: float = 0.0
    ) -> None:
        self.config = config or TelemetryConfig()
        self.root = self.config.root or "/"
        self.live = os.path.realpath(self.root) == "/"
        self.reserve_mb = reserve_mb
        # Replaced whole, never mutated: a reader on another thread sees the old or the new one.
        self.latest: Headroom = Headroom.at_rest()
        self.samples = 0  # published so far

        self._gauges = PressureGauges.from_config(self.config)
        self._thermal = ThermalReader(self.root)
        self._hwmon = HwmonReader(self.root)
        self._igpu = IGPUReader(self.root)
        self._rails = PowerRailsReader(self.root)
        self._mode: PowerModeReader | None = None
        self._nvml = NvmlSampler(gpu_index)
        self._cpu = CpuLoad() if self.live else None
        self._jetson: bool | None = None

        self._failed = LogOnce(logger)
        self._sample_lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # -- lifecycle --------------------------------------------------------------------------------

    @property
    def started(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        """Sample on the "edged-telemetry" thread: right away, then every period. Does not block.

        The daemon calls this from its event loop, and a first sample can take a while (NVML's
        init, `nvpmodel -q`), so it is taken on the thread; `latest` is at rest until it lands.
        """
        if self.started:
            return
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(self._stop,), name=THREAD_NAME, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop sampling and wait for the thread; `latest` keeps the last sample."""
        self._stop.set()
        thread, self._thread = self._thread, None
        if thread is not None and thread is not threading.current_thread():
            thread.join(STOP_TIMEOUT_S)
            if thread.is_alive():
                logger.warning("telemetry: the sampling thread did not stop within %.0f s", STOP_TIMEOUT_S)
        with self._sample_lock:
            self._nvml.close()

    def __enter__(self) -> Monitor:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def _run(self, stop: threading.Event) -> None:
        period = self.config.period_s
        deadline = time.monotonic()
        while not stop.wait(max(0.0, deadline - time.monotonic())):
            self._sample_guarded()
            # Keep to the period's grid; after a stall, skip the missed periods rather than catch up.
            deadline += period
            now = time.monotonic()
            if deadline < now:
                deadline = now + period

    def _sample_guarded(self) -> None:
        try:
            self.sample_now()
        except Exception as exc:  # a bug in a reader must not end telemetry for the daemon's life
            self._failed("sample", exc, exc_info=True)

    # -- sampling ---------------------------------------------------------------------------------

    def sample_now(self) -> Headroom:
        """Sample every source now, publish the result as `latest` and return it."""
        with self._sample_lock:
            headroom = self._take_sample()
            self.latest = headroom
            self.samples += 1
            return headroom

    def _guard(self, what: str, fn: Callable[[], T]) -> T | None:
        """`fn()`, or None after logging (once) whatever it raised."""
        try:
            return fn()
        except Exception as exc:
            self._failed(what, exc, exc_info=True)
            return None

    def _is_jetson(self) -> bool:
        if self._jetson is None:
            self._jetson = bool(self._guard("Jetson detection", lambda: is_jetson(self.root)))
            self._mode = PowerModeReader(self.root, allow_command=self.live and self._jetson)
        return self._jetson

    def _take_sample(self) -> Headroom:
        started = time.perf_counter()
        jetson = self._is_jetson()

        igpu: IGPUReading | None = None
        if jetson:
            igpu = self._guard("Jetson iGPU", self._igpu.read)
        nvml: NvmlReading | None = None
        # On a Jetson, NVML is asked only when there is no devfreq GPU (Thor): elsewhere on Tegra
        # it is missing (JetPack 4/5) or answers NotSupported to everything (JetPack 6).
        if self.config.nvml and (igpu is None or igpu.load_pct is None):
            nvml = self._guard("NVML", self._nvml.read)

        budget = self._memory(jetson, nvml)
        zones, counted, sensors = self._temperatures()
        hottest = max(counted.items(), key=lambda kv: kv[1]) if counted else None
        gpu = self._gpu(igpu, nvml, budget, zones)
        battery = self._battery()

        rails = self._guard("INA3221 power rails", self._rails.read) or []
        total_mw, power_source = total_power(rails)
        mode = self._guard("nvpmodel", self._mode.read) if jetson and self._mode else None
        cpu = self._guard("CPU load", self._cpu.read) if self._cpu else None

        g = self._gauges
        gpu_reading = max((v for v in (gpu.util_pct, gpu.mem_used_pct) if v is not None), default=None)
        battery_reading = battery.percent if battery.plugged is not True else None
        levels: dict[str, PressureLevel] = {
            "memory": g.memory.update(budget.available_pct),
            "thermal": g.thermal.update(hottest[1] if hottest else None),
            "gpu": g.gpu.update(gpu_reading),
            "battery": g.battery.update(battery_reading),
        }

        if jetson:
            platform = "jetson"
        elif nvml is not None:
            platform = "x86-dgpu"
        else:
            platform = "generic"
        return Headroom(
            memory=Memory(
                level=levels["memory"],
                total_mb=budget.total_mb,
                available_mb=budget.available_mb,
                swap_used_pct=budget.swap_used_pct,
                gpu_shared_mb=budget.gpu_shared_mb,
                swap_free_mb=budget.swap_free_mb,
                headroom_mb=budget.headroom_mb,
                gpu_allocatable_mb=budget.gpu_allocatable_mb if budget.is_igpu else None,
            ),
            thermal=Thermal(
                level=levels["thermal"],
                max_c=hottest[1] if hottest else None,
                zone=hottest[0] if hottest else None,
                zones=counted,
                trips={z.name: z.throttle_c for z in zones if z.throttle_c is not None and not z.skipped},
                sensors=sensors,
            ),
            gpu=replace(gpu, level=levels["gpu"]),
            battery=replace(battery, level=levels["battery"]),
            cpu_load_pct=cpu,
            power_w=total_mw / 1000.0 if total_mw is not None else None,
            power_source=power_source,
            power_rails={r.name: r.power_mw / 1000.0 for r in rails},
            power_mode=mode.label if mode else None,
            platform=platform,
            sampled_at=time.time(),
            sample_ms=(time.perf_counter() - started) * 1000.0,
        )

    def _memory(self, jetson: bool, nvml: NvmlReading | None) -> MemoryBudget:
        meminfo = self._guard("/proc/meminfo", lambda: read_meminfo(self.root)) or {}
        if not meminfo and self.live:
            # psutil reads the same /proc/meminfo on Linux; it is here for platforms without procfs.
            meminfo = self._guard("psutil memory", read_memory) or {}
        return memory_headroom(
            meminfo,
            is_igpu=jetson,
            reserve_mb=self.reserve_mb,
            gpu_free_mb=nvml.mem_free_mb if nvml is not None else None,
        )

    def _temperatures(self) -> tuple[list[ThermalZone], dict[str, float], dict[str, float]]:
        """(zones, counted °C by name, reported-only °C by name)."""
        zones = self._guard("thermal zones", self._thermal.read) or []
        counted = {z.name: z.temp_c for z in zones if z.temp_c is not None and not z.skipped}
        sensors: dict[str, float] = {}
        for name, (chip, temp) in (self._guard("hwmon temperatures", self._hwmon.read) or {}).items():
            (counted if counts_for_headroom(chip) else sensors)[name] = temp
        if not counted and not sensors and self.live:
            counted = self._guard("psutil temperatures", read_temperatures) or {}
        return zones, counted, sensors

    def _gpu(
        self,
        igpu: IGPUReading | None,
        nvml: NvmlReading | None,
        budget: MemoryBudget,
        zones: list[ThermalZone],
    ) -> GPU:
        if igpu is not None and igpu.load_pct is not None:
            gpu_zone = next(
                (z for z in zones if z.temp_c is not None and z.name.lower().startswith("gpu")), None
            )
            return GPU(
                source="jetson",
                name=igpu.name,
                util_pct=igpu.load_pct,
                # Unified memory: the GPU's share of RAM is no separate budget, so no used %; what
                # it can still take is the memory headroom (capped by the CUDA-for-Tegra bound).
                mem_free_mb=budget.gpu_headroom_mb,
                temp_c=gpu_zone.temp_c if gpu_zone else None,
                freq_mhz=igpu.freq_mhz,
                max_freq_mhz=igpu.max_freq_mhz,
            )
        if nvml is not None:
            return GPU(
                source="nvml",
                name=nvml.name,
                util_pct=nvml.util_pct,
                mem_used_pct=nvml.mem_used_pct,
                mem_free_mb=nvml.mem_free_mb,
                temp_c=nvml.temp_c,
                power_w=nvml.power_w,
            )
        return GPU()

    def _battery(self) -> Battery:
        """A configured power_supply first, then psutil (root "/"), then any supply of type Battery."""
        name = self.config.battery_supply
        if name:
            found = self._guard("battery_supply", lambda: read_supply_battery(self.root, name))
            if found is not None:
                return _supply_battery(found)
        if self.live:
            ps = self._guard("psutil battery", read_battery)
            if ps is not None:
                return Battery(percent=ps.percent, plugged=ps.plugged, source="psutil")
        found = self._guard("power_supply battery", lambda: read_supply_battery(self.root))
        return _supply_battery(found) if found is not None else Battery()

    # -- report -----------------------------------------------------------------------------------

    def sources(self) -> dict[str, Any]:
        """Which readers work on this device, for `edged doctor` and status. JSON-serialisable."""
        with self._sample_lock:
            jetson = self._is_jetson()
            root = self.root
            meminfo = read_meminfo(root)
            report: dict[str, Any] = {"root": root, "live": self.live}

            if self.live:
                report["psutil"] = {
                    "used": True,
                    "version": psutil_version(),
                    "memory": "MemTotal" in read_memory(),
                    "battery": "found" if read_battery() is not None else "none (mains or unknown)",
                    "temperatures": len(read_temperatures()),
                }
            else:
                report["psutil"] = {
                    "used": False,
                    "detail": f"root is {root}: psutil reads only the live system",
                }
            report["meminfo"] = {
                "path": str(under(root, "/proc/meminfo")),
                "readable": bool(meminfo),
                "NvMapMemUsed": "NvMapMemUsed" in meminfo,
            }

            nvml_ok = self._nvml.open() if self.config.nvml else False
            report["nvml"] = {
                "enabled": self.config.nvml,
                "available": nvml_ok,
                "detail": self._nvml.detail if self.config.nvml else "disabled by [telemetry] nvml",
            }

            jetson_report: dict[str, Any] = {"detected": jetson}
            if jetson:
                igpu = self._igpu.paths or self._guard("Jetson iGPU", lambda: find_igpu(root))
                monitors = find_power_monitors(root)
                mode = self._mode.read() if self._mode else None
                emc = read_emc(root)
                jetson_report.update(
                    release=read_tegra_release(root),
                    compatible=read_compatible(root),
                    igpu=(
                        {"name": igpu.name, "devfreq": str(igpu.devfreq), "device": str(igpu.device)}
                        if igpu
                        else None
                    ),
                    power_monitors=[str(p) for p in monitors],
                    rails=self._rails.channels,
                    power_mode=({"id": mode.id, "name": mode.name, "source": mode.source} if mode else None),
                    emc=(
                        {
                            "freq_mhz": emc.freq_mhz,
                            "max_freq_mhz": emc.max_freq_mhz,
                            "source": str(emc.source),
                        }
                        if emc
                        else "unavailable (debugfs needs root)"
                    ),
                )
            report["jetson"] = jetson_report
            report["thermal_zones"] = {
                z.name: {"temp_c": z.temp_c, "throttle_c": z.throttle_c, "counted": not z.skipped}
                for z in read_thermal_zones(root)
            }
            report["hwmon_temps"] = sorted(HwmonReader(root).read())
            battery = self._battery()
            report["battery"] = {
                "source": battery.source,
                "configured": self.config.battery_supply or None,
                "percent": battery.percent,
                "plugged": battery.plugged,
            }
            report["platform"] = "jetson" if jetson else ("x86-dgpu" if nvml_ok else "generic")
            return report


def _supply_battery(found: SupplyBattery) -> Battery:
    return Battery(
        percent=found.percent, plugged=found.plugged, source=f"sysfs:{found.name}", status=found.status
    )
