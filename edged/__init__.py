"""edged: an on-device LLM inference daemon for embedded Linux and NVIDIA Jetson.

Apps talk to the daemon with `edged.Client` or `edged.AsyncClient`. Importing edged loads the
client and its protocol only: no inference runtime (onnxruntime, NVML), no HTTP stack, no
configuration code. `edged.Config` is imported on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from edged._version import __version__
from edged.client import AsyncClient, Chunk, Client, Reply
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
    InsufficientResources,
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
    StateUnavailable,
    StreamCut,
    ToolsMissing,
    UnknownOperation,
    UnknownSession,
    UnsupportedVersion,
)

if TYPE_CHECKING:
    from edged.config import Config

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
    "InsufficientResources",
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
    "StateUnavailable",
    "StreamCut",
    "ToolsMissing",
    "UnknownOperation",
    "UnknownSession",
    "UnsupportedVersion",
    "__version__",
]


def __getattr__(name: str) -> Any:
    # PEP 562: the config module (and the TOML reader) loads only for apps that ask for it.
    if name == "Config":
        from edged.config import Config

        globals()["Config"] = Config
        return Config
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
