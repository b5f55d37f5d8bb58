from __future__ import annotations

import dataclasses
import json
import logging
import subprocess
import sys
import threading
import time
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from edged.config import TelemetryConfig
from edged.telemetry import Monitor
from edged.telemetry.monitor import THREAD_NAME
from tests.telemetry import trees
from tests.telemetry.fake_pynvml import JETPACK6_UNSUPPORTED

Install = Callable[..., types.ModuleType]


def config(root: Path | str, **kwargs: Any) -> TelemetryConfig:
    kwargs.setdefault("period_s", 0.05)
    return TelemetryConfig(root=str(root), **kwargs)


def wait_for(predicate: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.01)


def telemetry_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == THREAD_NAME]


# -- one sample per device ------------------------------------------------------------------------


def test_jetson_orin_sample(jetson_root: Path) -> None:
    h = Monitor(config(jetson_root)).sample_now()
    assert h.platform == "jetson"
    assert h.levels() == {"memory": "ok", "thermal": "ok", "gpu": "ok", "battery": "ok"}
    # memory: MemAvailable, and NvMapMemUsed as the GPU-shared figure
    assert h.memory.total_mb == pytest.approx(7_812_112 / 1024)
    assert h.memory.available_mb == pytest.approx(4_929_880 / 1024)
    assert h.memory.headroom_mb == h.memory.available_mb
    assert h.memory.gpu_shared_mb == pytest.approx(1_204_224 / 1024)
    assert h.memory.gpu_allocatable_mb is not None
    assert h.memory.swap_used_pct == 0.0
    # iGPU from devfreq, its temperature from gpu-thermal, its free memory the shared headroom
    assert (h.gpu.source, h.gpu.name, h.gpu.util_pct) == ("jetson", "gpu", 12.3)
    assert (h.gpu.freq_mhz, h.gpu.max_freq_mhz, h.gpu.temp_c) == (612.0, 1020.0, 47.25)
    assert h.gpu.mem_used_pct is None
    assert h.gpu.mem_free_mb == pytest.approx(4_929_880 / 1024)
    # thermal: PMIC and offline/unreadable zones do not count
    assert set(h.thermal.zones) == {
        "cpu-thermal",
        "gpu-thermal",
        "soc0-thermal",
        "soc1-thermal",
        "tj-thermal",
    }
    assert (h.thermal.max_c, h.thermal.zone) == (48.5, "cpu-thermal")
    assert h.thermal.trips["tj-thermal"] == 99.0
    # power: VDD_IN is the board's input
    assert h.power_source == "VDD_IN"
    assert h.power_w == pytest.approx(5.072 * 1.432)
    assert h.power_rails["VDD_SOC"] == pytest.approx(5.064 * 0.560)
    assert h.power_mode == "MAXN_SUPER"
    # a devkit: no battery; a fixture root: no psutil CPU figure
    assert (h.battery.source, h.battery.percent, h.battery.level) == ("none", None, "ok")
    assert h.cpu_load_pct is None
    assert h.sample_ms is not None


def test_hot_jetson_is_thermal_critical(hot_jetson_root: Path) -> None:
    h = Monitor(config(hot_jetson_root)).sample_now()
    assert h.thermal.level == "critical"
    assert h.thermal.zone == "tj-thermal"
    assert h.describe("thermal").startswith("thermal critical (86 °C")
    assert h.describe("thermal") == "thermal critical (86 °C tj-thermal)"
    assert h.worst == "critical"
    assert h.levels()["memory"] == "ok"


def test_jetson_short_of_memory(tmp_path: Path) -> None:
    root = trees.jetson_orin(tmp_path, available_kb=7_812_112 * 8 // 100)  # 8 % available
    h = Monitor(config(root)).sample_now()
    assert h.memory.level == "critical"
    assert h.describe("memory") == "memory critical (8% free)"


def test_jetson_without_nvmap(tmp_path: Path) -> None:
    h = Monitor(config(trees.jetson_orin(tmp_path, nvmap=False))).sample_now()
    assert h.memory.gpu_shared_mb is None
    assert h.memory.available_mb == pytest.approx(4_929_880 / 1024)


def test_jetson_does_not_use_nvml_when_devfreq_works(jetson_root: Path, install_pynvml: Install) -> None:
    nvml = install_pynvml(name="Orin (nvgpu)", unsupported=JETPACK6_UNSUPPORTED)
    h = Monitor(config(jetson_root)).sample_now()
    assert h.gpu.source == "jetson"
    assert nvml.calls["init"] == 0


def test_jetson_without_devfreq_gpu_falls_back_to_nvml(tmp_path: Path, install_pynvml: Install) -> None:
    # Thor-like: no devfreq node with a known GPU name, NVML partly supported
    install_pynvml(name="NVIDIA Thor", util=55, unsupported=frozenset({"memory", "temperature", "power"}))
    h = Monitor(config(trees.jetson_orin(tmp_path, gpu_layout=None))).sample_now()
    assert (h.platform, h.gpu.source, h.gpu.name, h.gpu.util_pct) == ("jetson", "nvml", "NVIDIA Thor", 55.0)
    assert h.gpu.mem_used_pct is None and h.gpu.temp_c is None


def test_gpu_node_missing_at_boot_then_found(tmp_path: Path) -> None:
    root = trees.jetson_orin(tmp_path, gpu_layout=None)
    monitor = Monitor(config(root, nvml=False))
    assert monitor.sample_now().gpu.source == "none"
    trees.igpu(root, "gpu", load_permille=970)
    h = monitor.sample_now()
    assert (h.gpu.source, h.gpu.util_pct, h.gpu.level) == ("jetson", 97.0, "critical")


def test_agx_power_is_the_sum_of_rails(tmp_path: Path) -> None:
    h = Monitor(config(trees.jetson_orin(tmp_path, agx_rails=True))).sample_now()
    assert h.power_source == "sum of rails"
    assert h.power_w == pytest.approx(6.0 + 3.0 + 4.5 + 1.2)


def test_x86_with_discrete_gpu(x86_root: Path, install_pynvml: Install) -> None:
    install_pynvml(util=37, mem_total=12 * 1024**3, mem_used=3 * 1024**3, temp=61, power_mw=48_250)
    h = Monitor(config(x86_root)).sample_now()
    assert h.platform == "x86-dgpu"
    assert (h.gpu.source, h.gpu.name, h.gpu.util_pct, h.gpu.mem_used_pct) == (
        "nvml",
        "NVIDIA RTX A2000 12GB",
        37.0,
        25.0,
    )
    assert (h.gpu.mem_free_mb, h.gpu.temp_c, h.gpu.power_w) == (9216.0, 61.0, 48.25)
    # thermal zones are there although hwmon temperatures exist; the NVMe drive is reported only
    assert h.thermal.zones == {
        "acpitz": 27.8,
        "x86_pkg_temp": 52.0,
        "coretemp/Package id 0": 53.0,
        "coretemp/Core 0": 49.0,
    }
    assert h.thermal.sensors == {"nvme/Composite": 38.85, "nvme/Sensor 1": 38.85}
    assert (h.thermal.max_c, h.thermal.zone) == (53.0, "coretemp/Package id 0")
    assert h.thermal.trips == {"acpitz": 119.0}
    assert h.memory.gpu_shared_mb is None and h.memory.gpu_allocatable_mb is None
    assert h.memory.available_pct == pytest.approx(62.5)
    assert h.levels() == {"memory": "ok", "thermal": "ok", "gpu": "ok", "battery": "ok"}
    assert h.power_w is None and h.power_mode is None


def test_x86_gpu_pressure_from_memory_or_utilisation(x86_root: Path, install_pynvml: Install) -> None:
    install_pynvml(util=10, mem_total=8 * 1024**3, mem_used=7 * 1024**3)  # 87.5 % memory
    h = Monitor(config(x86_root)).sample_now()
    assert h.gpu.level == "elevated"
    assert h.describe("gpu") == "gpu elevated (10% busy, 88% memory)"
    install_pynvml(util=99)
    assert Monitor(config(x86_root)).sample_now().gpu.level == "critical"


def test_x86_nvml_not_supported_gives_none_fields(x86_root: Path, install_pynvml: Install) -> None:
    install_pynvml(unsupported=frozenset({"utilization", "memory", "temperature", "power"}))
    h = Monitor(config(x86_root)).sample_now()
    assert h.gpu.source == "nvml"
    assert (h.gpu.util_pct, h.gpu.mem_used_pct, h.gpu.mem_free_mb, h.gpu.temp_c, h.gpu.power_w) == (
        None,
        None,
        None,
        None,
        None,
    )
    assert h.gpu.level == "ok"
    assert h.describe("gpu") == "gpu ok"


def test_x86_without_nvml_library(x86_root: Path, install_pynvml: Install) -> None:
    install_pynvml(init_error="LibraryNotFound")
    h = Monitor(config(x86_root)).sample_now()
    assert (h.platform, h.gpu.source, h.gpu.util_pct) == ("generic", "none", None)


def test_nvml_disabled_by_config(x86_root: Path, install_pynvml: Install) -> None:
    nvml = install_pynvml()
    h = Monitor(config(x86_root, nvml=False)).sample_now()
    assert h.gpu.source == "none"
    assert nvml.calls["init"] == 0


def test_laptop_on_battery(laptop_root: Path) -> None:
    h = Monitor(config(laptop_root)).sample_now()
    assert (h.battery.percent, h.battery.plugged, h.battery.status, h.battery.source) == (
        18.0,
        False,
        "Discharging",
        "sysfs:BAT0",
    )
    assert h.battery.level == "elevated"
    assert h.describe("battery") == "battery elevated (18% discharging)"
    assert h.worst == "elevated"


def test_laptop_low_battery_on_mains_is_no_pressure(tmp_path: Path) -> None:
    h = Monitor(config(trees.laptop(tmp_path, capacity=5, status="Charging", ac_online=1))).sample_now()
    assert (h.battery.percent, h.battery.plugged, h.battery.level) == (5.0, True, "ok")


def test_configured_battery_supply(tmp_path: Path) -> None:
    root = trees.jetson_orin(tmp_path)
    base = "sys/devices/platform/bus@0/c240000.i2c/i2c-1/1-0055/power_supply/bq27441-0"
    trees.write(root, f"{base}/type", "Battery\n")
    trees.write(root, f"{base}/status", "Discharging\n")
    trees.write(root, f"{base}/capacity", "9\n")
    trees.link(root, "sys/class/power_supply/bq27441-0", base)
    h = Monitor(config(root, battery_supply="bq27441-0")).sample_now()
    assert (h.battery.source, h.battery.percent, h.battery.level) == ("sysfs:bq27441-0", 9.0, "critical")


def test_empty_root_gives_an_empty_sample(tmp_path: Path) -> None:
    h = Monitor(config(tmp_path)).sample_now()
    assert h.platform == "generic"
    assert h.memory.total_mb is None and h.thermal.max_c is None and h.gpu.source == "none"
    assert h.worst == "ok"
    assert h.describe("memory") == "memory ok"


def test_live_system_sample() -> None:
    monitor = Monitor(TelemetryConfig(nvml=False))
    assert monitor.live
    h = monitor.sample_now()
    assert h.memory.total_mb is not None and h.memory.total_mb > 0
    h = monitor.sample_now()
    assert h.cpu_load_pct is not None
    json.dumps(h.to_dict())


# -- hysteresis through the monitor ---------------------------------------------------------------


def test_levels_do_not_flap_as_the_board_cools(hot_jetson_root: Path) -> None:
    monitor = Monitor(config(hot_jetson_root))
    levels = []
    for tj in (86_400, 80_000, 77_000, 76_000, 70_000, 67_000):
        trees.set_zone_temp(hot_jetson_root, trees.TJ_ZONE, tj)
        for n in (0, 1, 4, 5):  # the other zones cool below 60 °C
            trees.set_zone_temp(hot_jetson_root, n, 60_000)
        levels.append(monitor.sample_now().thermal.level)
    # critical is left under 76.5 °C, elevated under 67.5 °C (hysteresis 0.1)
    assert levels == ["critical", "critical", "critical", "elevated", "elevated", "ok"]


# -- thread ---------------------------------------------------------------------------------------


def test_start_and_stop(hot_jetson_root: Path) -> None:
    monitor = Monitor(config(hot_jetson_root))
    assert monitor.samples == 0 and monitor.latest.sample_ms is None  # at rest until started
    monitor.start()
    try:
        assert monitor.started
        threads = telemetry_threads()
        assert len(threads) == 1 and threads[0].daemon
        wait_for(lambda: monitor.samples >= 3)
        latest = monitor.latest
        assert latest.describe("thermal") == "thermal critical (86 °C tj-thermal)"
        assert latest.platform == "jetson"
        monitor.start()  # already running: no second thread
        assert len(telemetry_threads()) == 1
    finally:
        monitor.stop()
    assert not monitor.started
    assert telemetry_threads() == []
    count = monitor.samples
    time.sleep(0.15)
    assert monitor.samples == count  # no sampling after stop()
    assert monitor.latest.thermal.level == "critical"  # the last sample stays


def test_context_manager_and_restart(jetson_root: Path) -> None:
    monitor = Monitor(config(jetson_root))
    with monitor:
        assert monitor.started
    assert not monitor.started
    with monitor:
        n = monitor.samples
        wait_for(lambda: monitor.samples > n)
    assert telemetry_threads() == []


def test_snapshots_are_immutable(jetson_root: Path) -> None:
    h = Monitor(config(jetson_root)).sample_now()
    with pytest.raises(dataclasses.FrozenInstanceError):
        h.platform = "x"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        h.thermal.max_c = 0.0  # type: ignore[misc]


def test_a_failing_reader_does_not_stop_the_thread(
    x86_root: Path, install_pynvml: Install, caplog: pytest.LogCaptureFixture
) -> None:
    install_pynvml(errors={"utilization": RuntimeError("binding bug")})
    monitor = Monitor(config(x86_root))
    with caplog.at_level(logging.WARNING, logger="edged.telemetry.monitor"), monitor:
        wait_for(lambda: monitor.samples >= 5)
        assert monitor.started
        h = monitor.latest
    # the rest of the sample is there; the GPU part is empty
    assert h.gpu.source == "none"
    assert h.memory.total_mb == 32 * 1024
    assert h.thermal.max_c == 53.0
    failures = [r for r in caplog.records if "binding bug" in r.getMessage()]
    assert len(failures) == 1  # logged once, not every period


# -- sources --------------------------------------------------------------------------------------


def test_sources_on_jetson(jetson_root: Path) -> None:
    report = Monitor(config(jetson_root)).sources()
    json.dumps(report)
    assert report["platform"] == "jetson"
    assert report["live"] is False and report["psutil"]["used"] is False
    assert report["meminfo"] == {
        "path": str(jetson_root / "proc/meminfo"),
        "readable": True,
        "NvMapMemUsed": True,
    }
    j = report["jetson"]
    assert j["detected"] is True
    assert j["release"].startswith("R36")
    assert j["igpu"]["name"] == "gpu"
    assert j["igpu"]["device"].endswith("sys/devices/platform/bus@0/17000000.gpu")
    assert [Path(p).name for p in j["power_monitors"]] == ["hwmon3"]
    assert j["power_mode"] == {"id": 2, "name": "MAXN_SUPER", "source": "files"}
    assert j["emc"] == "unavailable (debugfs needs root)"
    assert report["thermal_zones"]["PMIC-Die"]["counted"] is False
    assert report["thermal_zones"]["tj-thermal"]["throttle_c"] == 99.0
    assert report["battery"]["source"] == "none"
    assert report["nvml"]["available"] is False


def test_sources_on_x86(x86_root: Path, install_pynvml: Install) -> None:
    install_pynvml()
    report = Monitor(config(x86_root)).sources()
    json.dumps(report)
    assert report["platform"] == "x86-dgpu"
    assert report["nvml"] == {"enabled": True, "available": True, "detail": "device 0: NVIDIA RTX A2000 12GB"}
    assert report["jetson"] == {"detected": False}
    assert report["hwmon_temps"] == sorted(
        ["nvme/Composite", "nvme/Sensor 1", "coretemp/Package id 0", "coretemp/Core 0"]
    )


def test_sources_on_laptop(laptop_root: Path) -> None:
    report = Monitor(config(laptop_root, nvml=False)).sources()
    assert report["battery"]["source"] == "sysfs:BAT0"
    assert report["nvml"]["detail"] == "disabled by [telemetry] nvml"


def test_sources_on_the_live_system() -> None:
    report = Monitor(TelemetryConfig()).sources()
    json.dumps(report)
    assert report["live"] is True
    assert report["psutil"]["used"] is True and report["psutil"]["memory"] is True


# -- import weight --------------------------------------------------------------------------------


def test_import_is_light() -> None:
    code = (
        "import sys, edged.telemetry, edged.telemetry.monitor\n"
        "heavy = [m for m in ('psutil', 'pynvml', 'onnxruntime', 'numpy') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
