from __future__ import annotations

from pathlib import Path

import psutil
import pytest

from edged.telemetry import system


def test_read_memory_on_this_machine() -> None:
    info = system.read_memory()
    assert info["MemTotal"] > 0
    assert 0 < info["MemAvailable"] <= info["MemTotal"]
    assert info["SwapTotal"] >= 0


def test_read_memory_with_meminfo_hidden(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # ProcSubset=pid: /proc has no meminfo and psutil raises FileNotFoundError
    monkeypatch.setattr(psutil, "PROCFS_PATH", str(tmp_path))
    with pytest.raises(FileNotFoundError):
        psutil.virtual_memory()
    assert system.read_memory() == {}


def test_cpu_load() -> None:
    load = system.CpuLoad()
    assert load.read() is None  # the first call has nothing to compare with
    second = load.read()
    assert second is not None and 0.0 <= second <= 100.0


def test_cpu_load_with_proc_hidden(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    load = system.CpuLoad()
    monkeypatch.setattr(psutil, "PROCFS_PATH", str(tmp_path))
    assert load.read() is None


def test_battery_none_is_not_an_error() -> None:
    battery = system.read_battery()
    if psutil.sensors_battery() is None:
        assert battery is None
    else:
        assert battery is not None and battery.percent is not None


def test_temperatures_is_a_flat_mapping() -> None:
    temps = system.read_temperatures()
    assert all(isinstance(k, str) and "/" in k and isinstance(v, float) for k, v in temps.items())


def test_psutil_version() -> None:
    assert system.psutil_version() == psutil.__version__
