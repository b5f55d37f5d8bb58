"""Execution-provider choice and options, as pure functions (unit-tested without a GPU).

ONNX Runtime falls back between providers silently (onnxruntime#17801, #17394, #27006), so the
engine compares `session.get_providers()` with what it asked for after every load.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from edged.exceptions import StartupError

__all__ = [
    "CPU",
    "CUDA",
    "DEFAULT_ORDER",
    "TENSORRT",
    "ProviderPlan",
    "check_providers",
    "plan_providers",
    "trt_cache_key",
]

TENSORRT = "TensorrtExecutionProvider"
CUDA = "CUDAExecutionProvider"
CPU = "CPUExecutionProvider"
DEFAULT_ORDER = (TENSORRT, CUDA, CPU)
_SHORT = {"tensorrt": TENSORRT, "trt": TENSORRT, "cuda": CUDA, "cpu": CPU}


@dataclass(frozen=True)
class ProviderPlan:
    requested: tuple[str, ...]  # what the config asked for, normalised
    providers: list[tuple[str, dict[str, Any]]]  # what goes to InferenceSession, available ones only
    unavailable: tuple[str, ...]  # asked for but not in this onnxruntime build

    @property
    def primary(self) -> str:
        return self.requested[0]

    @property
    def names(self) -> list[str]:
        return [name for name, _ in self.providers]


def normalise(name: str) -> str:
    return _SHORT.get(name.lower(), name)


def plan_providers(
    requested: Sequence[str],
    available: Sequence[str],
    *,
    io_dtype: str = "float32",
    device_id: int = 0,
    trt_cache: Path | None = None,
    trt_fp16: bool = True,
    trt_workspace_mb: int = 1024,
    trt_optimization_level: int = 3,
    cuda_mem_limit_mb: int = 0,
) -> ProviderPlan:
    """Which providers to ask ONNX Runtime for, in order, with their options.

    An empty request means TensorRT, CUDA, CPU — those this build has. CPU always closes the
    list so ops the GPU providers cannot place still run.
    """
    if requested:
        order = tuple(dict.fromkeys(normalise(r) for r in requested))
    else:
        order = tuple(p for p in DEFAULT_ORDER if p in available) or (CPU,)
    unavailable = tuple(p for p in order if p not in available)
    providers: list[tuple[str, dict[str, Any]]] = []
    for name in order:
        if name not in available:
            continue
        if name == TENSORRT:
            providers.append(
                (
                    name,
                    tensorrt_options(
                        device_id, trt_cache, trt_fp16, trt_workspace_mb, trt_optimization_level
                    ),
                )
            )
        elif name == CUDA:
            providers.append((name, cuda_options(device_id, cuda_mem_limit_mb)))
        else:
            providers.append((name, {}))
    if CPU not in [n for n, _ in providers] and CPU in available:
        providers.append((CPU, {}))
    return ProviderPlan(order, providers, unavailable)


def tensorrt_options(
    device_id: int, cache: Path | None, fp16: bool, workspace_mb: int, optimization_level: int
) -> dict[str, Any]:
    options: dict[str, Any] = {
        "device_id": device_id,
        "trt_fp16_enable": fp16,
        # A ceiling for tactic selection, not a preallocation; ORT 1.18 rejected > 1 GiB (#21001).
        "trt_max_workspace_size": workspace_mb * 1024 * 1024,
        "trt_builder_optimization_level": optimization_level,
    }
    if cache is not None:
        options.update(
            trt_engine_cache_enable=True,
            trt_engine_cache_path=str(cache),
            trt_timing_cache_enable=True,
            trt_timing_cache_path=str(cache),
        )
    return options


def cuda_options(device_id: int, mem_limit_mb: int) -> dict[str, Any]:
    options: dict[str, Any] = {
        "device_id": device_id,
        "arena_extend_strategy": "kSameAsRequested",  # no power-of-two overshoot (#11627)
        "cudnn_conv_algo_search": "HEURISTIC",  # faster start-up on small boards
    }
    if mem_limit_mb:
        options["gpu_mem_limit"] = mem_limit_mb * 1024 * 1024
    return options


def trt_cache_key(model_sha256: str, ort_version: str, precision: str, root: Path = Path("/")) -> str:
    """TensorRT engines are not portable: key the cache by everything that invalidates them."""
    parts = [model_sha256, ort_version, precision, _tensorrt_version(), _l4t_release(root)]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def _tensorrt_version() -> str:
    try:
        import tensorrt  # type: ignore[import-not-found]
    except ImportError:
        return "trt-unknown"
    return str(getattr(tensorrt, "__version__", "trt-unknown"))


def _l4t_release(root: Path) -> str:
    try:
        return (root / "etc/nv_tegra_release").read_text().splitlines()[0].strip()
    except (OSError, IndexError):
        return "no-l4t"


def check_providers(plan: ProviderPlan, actual: Sequence[str], mismatch: str) -> str | None:
    """Compare what the session runs on with what was asked for.

    Returns None when the primary provider is in use; otherwise a description of the fallback
    (mismatch == "fallback") or raises StartupError (mismatch == "error").
    """
    if actual and actual[0] == plan.primary:
        return None
    running = actual[0] if actual else "nothing"
    why = f"asked for {plan.primary}, the session runs on {running}"
    if plan.unavailable:
        why += f" ({', '.join(plan.unavailable)} not in this onnxruntime build)"
    if mismatch == "error":
        raise StartupError(
            f"execution provider mismatch: {why}. Install the matching onnxruntime build, or set "
            '[model] provider_mismatch = "fallback" to run anyway.'
        )
    return why
