"""edged: an on-device LLM inference daemon for embedded Linux and NVIDIA Jetson.

Apps talk to the daemon with `edged.Client` or `edged.AsyncClient`. Importing edged loads no
inference runtime (onnxruntime, NVML): a device app can depend on the client alone.
"""

from __future__ import annotations

__version__ = "0.1.0"

from edged.client import AsyncClient, Chunk, Client, Reply
from edged.config import Config
from edged.exceptions import (
    BackendError,
    Busy,
    Cancelled,
    CloudBackendError,
    CloudRequired,
    ConfigError,
    ContextOverflow,
    DaemonUnavailable,
    DuplicateRequest,
    EdgedError,
    InternalError,
    Loading,
    LocalBackendError,
    ModelError,
    PayloadTooLarge,
    ProtocolError,
    RequestError,
    RequestTimeout,
    ShuttingDown,
    StartupError,
    ToolsMissing,
    UnknownOperation,
    UnknownSession,
    UnsupportedVersion,
)

__all__ = [
    "AsyncClient",
    "BackendError",
    "Busy",
    "Cancelled",
    "Chunk",
    "Client",
    "CloudBackendError",
    "CloudRequired",
    "Config",
    "ConfigError",
    "ContextOverflow",
    "DaemonUnavailable",
    "DuplicateRequest",
    "EdgedError",
    "InternalError",
    "Loading",
    "LocalBackendError",
    "ModelError",
    "PayloadTooLarge",
    "ProtocolError",
    "Reply",
    "RequestError",
    "RequestTimeout",
    "ShuttingDown",
    "StartupError",
    "ToolsMissing",
    "UnknownOperation",
    "UnknownSession",
    "UnsupportedVersion",
    "__version__",
]
