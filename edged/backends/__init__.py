"""Backends: the local ONNX engine and the cloud OpenAI-compatible endpoint, one interface."""

from __future__ import annotations

from edged.backends.base import BackendRequest, BackendResult, BackendStream, BaseBackend, Chunk

__all__ = ["BackendRequest", "BackendResult", "BackendStream", "BaseBackend", "Chunk"]
