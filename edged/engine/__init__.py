"""The local engine: a model folder on ONNX Runtime, generating one request at a time."""

from __future__ import annotations

from edged.engine.engine import (
    Completion,
    Engine,
    EngineOptions,
    Generation,
    GenerationStats,
)

__all__ = ["Completion", "Engine", "EngineOptions", "Generation", "GenerationStats"]
