"""LocalBackend: the ONNX engine on one worker thread, behind a bounded queue.

One model means one generation at a time: requests wait in a bounded queue (a full queue is a
typed `busy` error), run on the single `edged-ort` thread, and stream tokens back to the loop
with `call_soon_threadsafe`. ORT releases the GIL while it runs, so the loop keeps serving.
A cancelled or vanished client frees its slot: a queued job is dropped before it starts, a
running one stops at the next token.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import time
from collections import deque
from collections.abc import AsyncIterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from edged.backends.base import BackendRequest, BackendResult, BackendStream, BaseBackend, Chunk, QueueStatus
from edged.config import Config
from edged.engine.engine import Completion, Engine, EngineOptions
from edged.exceptions import Busy, Cancelled, Loading, LocalBackendError

__all__ = ["LocalBackend", "engine_options"]

logger = logging.getLogger(__name__)

_EMA = 0.2  # weight of the newest service time in the running mean


def engine_options(config: Config) -> EngineOptions:
    """The engine options of the configured `[model]`: the daemon's, and any tool that must
    measure the model as the daemon runs it."""
    m = config.model
    return EngineOptions(
        providers=tuple(m.providers),
        provider_mismatch=m.provider_mismatch,
        threads=m.threads,
        spin=m.spin,
        huge_pages=m.huge_pages,
        context_length=m.context_length,
        verify=m.verify,
        device_id=m.device_id,
        trt_cache_dir=config.trt_cache_dir,
        trt_fp16=m.trt_fp16,
        trt_workspace_mb=m.trt_workspace_mb,
        trt_optimization_level=m.trt_optimization_level,
        cuda_mem_limit_mb=m.cuda_mem_limit_mb,
    )


class LocalBackend(BaseBackend):
    name = "local"

    def __init__(self, path: Path, options: EngineOptions, *, queue_size: int = 8) -> None:
        self.engine = Engine(path, options)
        self.queue_size = queue_size
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="edged-ort")
        self.pending = 0  # queued + running, counted on the loop thread only
        self.state = "unloaded"  # unloaded | loading | ready | failed
        self.load_error: str | None = None
        self.mean_service_s = 0.0
        self.completed = 0
        self.beat = time.monotonic()  # last sign of life of the edged-ort thread (health)
        self._probe: Future[None] | None = None

    @classmethod
    def from_config(cls, config: Config) -> LocalBackend:
        return cls(config.model_path, engine_options(config), queue_size=config.server.queue_size)

    async def load(self) -> None:
        self.state = "loading"
        loop = asyncio.get_running_loop()
        try:
            await loop.run_in_executor(self.executor, self.engine.load)
        except BaseException as exc:
            self.state = "failed"
            self.load_error = str(exc)
            raise
        self.state = "ready"

    @property
    def ready(self) -> bool:
        return self.state == "ready"

    def count_tokens(self, text: str) -> int:
        return self.engine.count_tokens(text)

    @property
    def tokenizer_ready(self) -> bool:
        return hasattr(self.engine, "tokenizer")

    @property
    def context_length(self) -> int:
        return self.engine.context_length

    def prompt_ids(self, messages: Sequence[dict[str, str]], continue_from: str = "") -> list[int]:
        return self.engine.prompt_ids(messages, continue_from)

    def queue_status(self) -> QueueStatus:
        return QueueStatus(
            depth=self.pending, capacity=self.queue_size, expected_wait_s=self.pending * self.mean_service_s
        )

    def generate(self, request: BackendRequest) -> BackendStream:
        return _LocalStream(self, request)

    async def aclose(self) -> None:
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(None, self.executor.shutdown, True)
        self.engine.close()
        self.state = "unloaded"

    async def health(self, timeout_s: float, stall_s: float) -> str | None:
        """None while the edged-ort thread is alive: it runs a no-op within `timeout_s`, or the job
        it is inside started or produced a token within `stall_s`. Else why not."""
        if self._probe is None or self._probe.done():
            try:
                self._probe = self.executor.submit(self._beat)
            except RuntimeError:
                return "the edged-ort executor is shut down"
        probe = self._probe
        # Not wait_for: a timeout must not cancel the no-op, the next check waits on it again.
        await asyncio.wait({asyncio.wrap_future(probe)}, timeout=timeout_s)
        idle_s = time.monotonic() - self.beat
        if probe.done() or idle_s <= stall_s:
            return None
        return f"the edged-ort thread has shown no progress for {idle_s:.1f} s"

    def _beat(self) -> None:
        self.beat = time.monotonic()

    def status(self) -> dict[str, Any]:
        engine = self.engine
        manifest = engine.manifest
        return {
            "state": self.state,
            "error": self.load_error,
            "model": manifest.name if manifest else None,
            "path": str(engine.path),
            "precision": manifest.precision if manifest else None,
            "providers": engine.providers_in_use,
            "provider_fallback": engine.provider_fallback,
            "context_length": engine.context_length,
            "load_s": round(engine.load_s, 3),
            "huge_pages": engine.huge_pages.to_dict() if engine.huge_pages else None,
            "queue": self.queue_status().to_dict(),
            "completed": self.completed,
            "mean_service_s": round(self.mean_service_s, 4),
        }

    def _finished(self, service_s: float | None) -> None:
        self.pending -= 1
        if service_s is not None:
            self.completed += 1
            self.mean_service_s = (
                service_s if self.completed == 1 else (1 - _EMA) * self.mean_service_s + _EMA * service_s
            )


class _LocalStream(BackendStream):
    def __init__(self, backend: LocalBackend, request: BackendRequest) -> None:
        super().__init__()
        self.backend = backend
        self.request = request
        self._stop = threading.Event()

    def cancel(self) -> None:
        super().cancel()
        self._stop.set()

    async def _produce(self) -> AsyncIterator[Chunk]:  # type: ignore[override]
        backend = self.backend
        if not backend.ready:
            raise (
                Loading("the model is still loading")
                if backend.state == "loading"
                else LocalBackendError(
                    f"the local model is not available: {backend.load_error or backend.state}"
                )
            )
        if backend.pending >= backend.queue_size:
            raise Busy(f"the local queue is full ({backend.queue_size} waiting or running)")
        backend.pending += 1
        loop = asyncio.get_running_loop()
        # The worker appends to the deque (thread-safe) and wakes the loop only when it was
        # idle; the loop then takes everything queued at once, so tokens that arrive while it
        # is busy go out as one chunk: fewer loop wake-ups and socket messages competing with
        # the model for the CPU.
        inbox: deque[tuple[str, Any]] = deque()
        ready = asyncio.Event()
        waiting = [False]  # the loop is parked on `ready`: only then is a wake-up needed
        submitted = time.perf_counter()
        started: list[float] = []
        request = self.request
        stop = self._stop

        def post(kind: str, value: Any) -> None:
            backend._beat()  # every token is progress for the watchdog
            inbox.append((kind, value))
            if waiting[0] or kind != "text":
                with contextlib.suppress(RuntimeError):  # the loop is gone: nobody is listening
                    loop.call_soon_threadsafe(ready.set)

        def work() -> None:
            started.append(time.perf_counter())
            backend._beat()
            service_s = None
            try:
                if stop.is_set():
                    post("error", Cancelled("cancelled before it started"))
                    return
                generation = _start(backend.engine, request, stop)
                for piece in generation:
                    post("text", piece)
                service_s = time.perf_counter() - started[0]
                post("done", generation.result)
            except BaseException as exc:
                post("error", exc)
            finally:
                post("finished", service_s)

        future = loop.run_in_executor(backend.executor, work)
        released = False
        try:
            while True:
                while not inbox:
                    ready.clear()
                    # Announce the wait before the last look, so an append after the look
                    # always sees it and wakes us (the GIL orders the two threads' steps).
                    # A wake-up queued earlier can arrive late and find nothing: look again.
                    waiting[0] = True
                    if not inbox:
                        await ready.wait()
                    waiting[0] = False
                kind, value = inbox.popleft()
                if kind == "text":
                    while inbox and inbox[0][0] == "text":
                        value += inbox.popleft()[1]
                    yield Chunk(value)
                elif kind == "done":
                    self.result = _result(value, backend, (started[0] - submitted) * 1000 if started else 0.0)
                elif kind == "error":
                    raise value
                elif kind == "finished":
                    released = True
                    backend._finished(value)
                    return
        finally:
            if not released:
                stop.set()
                if future.cancel():  # never started: free the slot now
                    backend._finished(None)
                else:
                    # Running: it stops at the next token; free the slot when it does.
                    future.add_done_callback(lambda _f: backend._finished(None))


def _start(engine: Engine, request: BackendRequest, stop: threading.Event) -> Any:
    params = request.sampling
    deadline = request.deadline
    if request.continue_from:
        # Carry on from text another backend already sent: the partial answer is the start of
        # the assistant turn, and the model continues it.
        ids = engine.prompt_ids(request.messages, request.continue_from)
        return engine.generate_ids(ids, params, cancel=stop, deadline=deadline)
    return engine.generate(request.messages, params, cancel=stop, deadline=deadline)


def _result(completion: Completion, backend: LocalBackend, queue_ms: float) -> BackendResult:
    stats = completion.stats
    manifest = backend.engine.manifest
    return BackendResult(
        text=completion.text,
        finish_reason=completion.finish_reason,
        backend="local",
        endpoint=manifest.name if manifest else "local",
        prompt_tokens=stats.prompt_tokens,
        completion_tokens=stats.completion_tokens,
        cost_usd=0.0,
        ttft_ms=stats.ttft_ms + queue_ms,
        total_ms=stats.total_ms + queue_ms,
        tokens_per_s=stats.tokens_per_s,
        quality=completion.quality,
        queue_ms=queue_ms,
    )
