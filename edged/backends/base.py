"""The interface both backends share: load, generate → async stream of chunks, aclose.

The fallback logic (local ↔ cloud) sits above the backends, in `edged.router.dispatch`; a
backend only runs what it is given and raises a typed error when it cannot.

Usage::

    async with LocalBackend(config) as backend:
        stream = backend.generate(BackendRequest(messages=[{"role": "user", "content": "Hi"}]))
        async for chunk in stream:
            print(chunk.text, end="")
        print(stream.result.usage)
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

from edged._types import NetworkState
from edged.protocol import SamplingParams

if sys.version_info >= (3, 11):
    from typing import Self
else:  # pragma: no cover
    from typing_extensions import Self

__all__ = [
    "BackendRequest",
    "BackendResult",
    "BackendStream",
    "BaseBackend",
    "Chunk",
    "LocalModel",
    "NetworkStatus",
    "NetworkWatch",
    "QueueStatus",
]


@dataclass(frozen=True)
class QueueStatus:
    """The local backend's queue, as the router sees it."""

    depth: int = 0  # local generations waiting or running
    capacity: int = 8
    expected_wait_s: float = 0.0  # depth × recent mean local service time

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class NetworkStatus:
    """Reachability of the cloud endpoints, made by `edged.backends.network.NetworkMonitor`."""

    state: NetworkState = "unknown"
    rtt_ms: float | None = None
    endpoint: str | None = None
    detail: str = ""
    checked_at: float | None = None
    # Why the cloud takes no calls now although it is reachable (every endpoint's breaker is
    # open, e.g. after it hung); empty when it takes them.
    blocked: str = ""

    @property
    def usable(self) -> bool:
        """Up or degraded and not blocked: worth trying. Unknown counts as usable until a probe says otherwise."""
        return self.state in ("up", "degraded", "unknown") and not self.blocked

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class BackendRequest:
    messages: tuple[dict[str, str], ...]
    sampling: SamplingParams = field(default_factory=SamplingParams)
    request_id: str = ""
    deadline: float | None = None  # time.monotonic() by which the whole request must end
    # time.monotonic() by which a streamed cloud answer must have sent its first text, retries
    # and failover included; past it the backend gives up and the router answers locally.
    first_token_deadline: float | None = None
    # Text already sent to the client by another backend (a cut cloud stream): the backend
    # continues from it instead of starting over.
    continue_from: str = ""


@dataclass(frozen=True)
class Chunk:
    text: str


@dataclass
class BackendResult:
    text: str
    finish_reason: str  # stop | length | cancelled
    backend: str  # "local" or "cloud"
    endpoint: str = ""  # cloud endpoint name, or the model name for local
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float = 0.0
    ttft_ms: float = 0.0
    total_ms: float = 0.0
    tokens_per_s: float = 0.0
    quality: dict[str, Any] = field(default_factory=dict)  # local only: mean_logprob, repetition_ratio
    attempts: int = 1
    queue_ms: float = 0.0  # local only: time waiting for the model
    usage_estimated: bool = False  # token counts estimated, not reported by the backend

    def usage(self) -> dict[str, Any]:
        return {
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": self.completion_tokens,
            "cost_usd": round(self.cost_usd, 8),
        }

    def timings(self) -> dict[str, float]:
        return {
            "queue_ms": round(self.queue_ms, 2),
            "ttft_ms": round(self.ttft_ms, 2),
            "total_ms": round(self.total_ms, 2),
            "tokens_per_s": round(self.tokens_per_s, 2),
        }

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class BackendStream:
    """An async iterator of chunks; `result` is set once it ends without raising.

    Subclasses implement `_produce()`. `cancel()` asks the producer to stop at the next
    token; the stream then ends with finish_reason "cancelled".
    """

    def __init__(self) -> None:
        self.result: BackendResult | None = None
        self.cancelled = asyncio.Event()
        self._gen: AsyncIterator[Chunk] | None = None

    def cancel(self) -> None:
        self.cancelled.set()

    def __aiter__(self) -> AsyncIterator[Chunk]:
        if self._gen is None:
            self._gen = self._produce()
        return self._gen

    def _produce(self) -> AsyncIterator[Chunk]:
        raise NotImplementedError("BackendStream subclasses implement _produce()")

    async def aclose(self) -> None:
        if self._gen is not None:
            await self._gen.aclose()  # type: ignore[attr-defined]


class BaseBackend:
    name = "base"

    async def load(self) -> None:
        return None

    def generate(self, request: BackendRequest) -> BackendStream:
        raise NotImplementedError("Backends must implement generate()")

    async def aclose(self) -> None:
        return None

    def status(self) -> dict[str, Any]:
        return {}

    def blocked(self) -> str:
        """Why this backend takes no calls now although the network is up; empty when it does."""
        return ""

    async def __aenter__(self) -> Self:
        await self.load()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()


class LocalModel(Protocol):
    """What the router needs of the local backend: generation, its queue, its tokenizer and window."""

    def generate(self, request: BackendRequest) -> BackendStream: ...

    def queue_status(self) -> QueueStatus: ...

    @property
    def tokenizer_ready(self) -> bool: ...

    def count_tokens(self, text: str) -> int: ...

    @property
    def context_length(self) -> int:
        """Tokens the model can attend to; 0 while it is not known (not loaded yet)."""
        ...

    def prompt_ids(self, messages: Sequence[dict[str, str]], continue_from: str = "") -> list[int]: ...


class NetworkWatch(Protocol):
    """What the router reads of the network monitor."""

    @property
    def status(self) -> NetworkStatus: ...
