from __future__ import annotations

import logging
import sys
import types
from collections.abc import Callable

import pytest

from edged.telemetry.nvidia import NvmlSampler
from tests.telemetry.fake_pynvml import ERRORS, JETPACK6_UNSUPPORTED

Install = Callable[..., types.ModuleType]


def test_reads_a_discrete_gpu(install_pynvml: Install) -> None:
    nvml = install_pynvml(util=37, mem_total=12 * 1024**3, mem_used=3 * 1024**3, temp=61, power_mw=48_250)
    sampler = NvmlSampler()
    reading = sampler.read()
    assert reading is not None
    assert sampler.source == "nvml"
    assert reading.name == "NVIDIA RTX A2000 12GB"
    assert reading.util_pct == 37.0
    assert reading.mem_used_pct == 25.0
    assert reading.mem_free_mb == 9 * 1024.0
    assert reading.mem_total_mb == 12 * 1024.0
    assert reading.temp_c == 61.0
    assert reading.power_w == 48.25
    sampler.read()
    assert nvml.calls["init"] == 1  # started once, not every sample
    sampler.close()
    assert nvml.calls["shutdown"] == 1


def test_not_supported_queries_are_none_not_zero(install_pynvml: Install) -> None:
    # JetPack 6 on Orin: NVML starts and names the GPU; everything else is NotSupported
    install_pynvml(name=b"Orin (nvgpu)", unsupported=JETPACK6_UNSUPPORTED)
    sampler = NvmlSampler()
    reading = sampler.read()
    assert reading is not None
    assert sampler.source == "nvml"
    assert reading.name == "Orin (nvgpu)"  # bytes from old bindings, decoded
    assert (reading.util_pct, reading.mem_used_pct, reading.mem_free_mb, reading.temp_c, reading.power_w) == (
        None,
        None,
        None,
        None,
        None,
    )


@pytest.mark.parametrize("query", ["utilization", "memory", "temperature", "power"])
def test_each_query_fails_on_its_own(install_pynvml: Install, query: str) -> None:
    install_pynvml(unsupported=frozenset({query}))
    reading = NvmlSampler().read()
    assert reading is not None
    fields = {
        "utilization": ("util_pct",),
        "memory": ("mem_used_pct", "mem_free_mb", "mem_total_mb"),
        "temperature": ("temp_c",),
        "power": ("power_w",),
    }
    for name, values in fields.items():
        for field in values:
            value = getattr(reading, field)
            assert (value is None) is (name == query), field


def test_library_not_found_at_init(install_pynvml: Install) -> None:
    install_pynvml(init_error="LibraryNotFound")
    sampler = NvmlSampler()
    assert sampler.read() is None
    assert sampler.source == "none"
    assert not sampler.available
    assert "NVMLError_LibraryNotFound" in sampler.detail


def test_driver_not_loaded(install_pynvml: Install) -> None:
    install_pynvml(init_error="DriverNotLoaded")
    assert NvmlSampler().read() is None


def test_module_not_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pynvml", None)  # import pynvml raises ImportError
    sampler = NvmlSampler()
    assert sampler.read() is None
    assert "not installed" in sampler.detail


def test_no_such_device(install_pynvml: Install) -> None:
    nvml = install_pynvml(count=1)
    sampler = NvmlSampler(index=1)
    assert sampler.read() is None
    assert "no NVML device 1" in sampler.detail
    assert nvml.calls["shutdown"] == 1  # NVML not left initialised for nothing
    install_pynvml(count=0)
    assert NvmlSampler().read() is None


def test_other_nvml_errors_are_none_and_logged_once(
    install_pynvml: Install, caplog: pytest.LogCaptureFixture
) -> None:
    install_pynvml(errors={"power": ERRORS["GpuIsLost"]()})
    sampler = NvmlSampler()
    with caplog.at_level(logging.INFO, logger="edged.telemetry.nvidia"):
        for _ in range(3):
            reading = sampler.read()
            assert reading is not None and reading.power_w is None and reading.util_pct == 37.0
    assert [r.getMessage() for r in caplog.records].count(
        "telemetry: NVML power failed: NVMLError_GpuIsLost: GPU is lost"
    ) == 1


def test_a_non_nvml_error_propagates(install_pynvml: Install) -> None:
    install_pynvml(errors={"utilization": RuntimeError("binding bug")})
    with pytest.raises(RuntimeError, match="binding bug"):
        NvmlSampler().read()


def test_real_nvml_binding_without_a_gpu(monkeypatch: pytest.MonkeyPatch) -> None:
    """nvidia-ml-py itself, on a machine without libnvidia-ml: LibraryNotFound at init, source none."""
    monkeypatch.delitem(sys.modules, "pynvml")
    pynvml = pytest.importorskip("pynvml")
    try:
        pynvml.nvmlInit()
    except pynvml.NVMLError:
        pass
    else:
        pynvml.nvmlShutdown()
        pytest.skip("this machine has a working NVML")
    sampler = NvmlSampler()
    assert sampler.read() is None
    assert sampler.source == "none"
    assert sampler.detail.startswith("nvmlInit failed")
