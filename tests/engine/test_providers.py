from __future__ import annotations

from pathlib import Path

import pytest

from edged.engine.providers import (
    CPU,
    CUDA,
    TENSORRT,
    check_providers,
    plan_providers,
    trt_cache_key,
)
from edged.exceptions import StartupError


def test_default_order_is_trt_cuda_cpu_of_those_available() -> None:
    plan = plan_providers([], [TENSORRT, CUDA, CPU], trt_cache=Path("/cache/trt"))
    assert plan.names == [TENSORRT, CUDA, CPU]
    trt = dict(plan.providers)[TENSORRT]
    assert trt["trt_engine_cache_enable"] and trt["trt_engine_cache_path"] == "/cache/trt"
    assert trt["trt_max_workspace_size"] == 1024 * 1024 * 1024
    cuda = dict(plan.providers)[CUDA]
    assert cuda["arena_extend_strategy"] == "kSameAsRequested" and "gpu_mem_limit" not in cuda
    assert plan_providers([], [CPU]).names == [CPU]


def test_short_names_and_cpu_always_last() -> None:
    plan = plan_providers(["cuda"], [CUDA, CPU], cuda_mem_limit_mb=512)
    assert plan.names == [CUDA, CPU] and plan.primary == CUDA
    assert dict(plan.providers)[CUDA]["gpu_mem_limit"] == 512 * 1024 * 1024


def test_unavailable_providers_are_recorded() -> None:
    plan = plan_providers(["tensorrt", "cpu"], [CPU])
    assert plan.unavailable == (TENSORRT,) and plan.names == [CPU]


def test_silent_fallback_is_caught() -> None:
    plan = plan_providers(["cuda"], [CUDA, CPU])
    assert check_providers(plan, [CUDA, CPU], "error") is None
    with pytest.raises(StartupError, match="runs on CPUExecutionProvider"):
        check_providers(plan, [CPU], "error")
    reason = check_providers(plan, [CPU], "fallback")
    assert reason is not None and "CUDAExecutionProvider" in reason


def test_trt_cache_key_changes_with_its_inputs(tmp_path: Path) -> None:
    a = trt_cache_key("aa", "1.22", "int4", tmp_path)
    assert a == trt_cache_key("aa", "1.22", "int4", tmp_path)
    assert a != trt_cache_key("bb", "1.22", "int4", tmp_path)
    assert a != trt_cache_key("aa", "1.23", "int4", tmp_path)
    (tmp_path / "etc").mkdir()
    (tmp_path / "etc/nv_tegra_release").write_text("# R36 (release), REVISION: 4.3\n")
    assert a != trt_cache_key("aa", "1.22", "int4", tmp_path)
