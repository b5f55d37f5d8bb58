"""CloudBackend: OpenAI-compatible `/chat/completions` endpoints over one `httpx.AsyncClient`.

Endpoints are tried in order of preference. Each has its own circuit breaker (an open one is
skipped) and gets up to `max_retries` retries, with exponential backoff and full jitter, on
connection errors, 408, 429 (Retry-After honoured) and 5xx; then the next endpoint is tried.
A first-token timeout is not retried on the same endpoint: an endpoint that took the request
and sent nothing back would most likely do it again, and each try costs the whole wait. It is
a hang: it counts toward the breaker's `breaker_hangs` and is reported through `on_hang`. Other 4xx are not retried on the same endpoint, but the next
endpoint still gets a try (a 401 or 404 is usually one endpoint's key or model name); 400, 413
and 422 blame the request, not the endpoint, so they do not count against its breaker.

Once text has gone out, nothing is retried behind the caller's back: a stream that breaks
after its first chunk (connection lost, bad data, a stall, no finish_reason and no `[DONE]`)
raises `StreamCut` carrying the text so far, and the router decides what to do with it.

Continuing a cut stream: when `BackendRequest.continue_from` is set, it is sent as a final,
partial assistant message after the conversation. Servers that support assistant prefill
(vLLM, llama.cpp's server, Mistral, DeepSeek, most LiteLLM routes) continue that message,
and the text streamed back is the continuation only.

Timeouts: `connect_timeout_s` is httpx's connect timeout; `first_token_timeout_s` bounds the
wait from sending a streamed request to its first text, and also any later stall in the
stream; `total_timeout_s` (and `BackendRequest.deadline`, whichever is sooner) bounds the
whole call, retries and failover included. `BackendRequest.first_token_deadline` (the router's
`[fallback] max_first_token_wait_s`) bounds the wait for the first text across all tries and
endpoints. A non-streamed call is bounded by the total only: the server computes the whole
reply before it sends a byte.

Usage::

    backend = CloudBackend(config.cloud_endpoints, config.cloud, on_outcome=monitor.record)
    async with backend:
        stream = backend.generate(BackendRequest(messages=({"role": "user", "content": "Hi"},)))
        async for chunk in stream:
            print(chunk.text, end="")
        print(stream.result.cost_usd)

API keys are read at `load()` and never logged or reported (see `resolve_api_key`). Credentials
written into a base_url (`https://user:password@host/v1`) go out as HTTP basic auth when the
endpoint has no API key (with one, its Bearer header wins: there is one Authorization header),
and are stripped from every URL shown, logged or named (edged/_urls.py).
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
import os
import random
import socket
import time
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Iterator, Mapping
from contextlib import aclosing, contextmanager
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any, NoReturn

import httpx

from edged._urls import basic_authorization, url_credentials, without_userinfo
from edged._version import __version__
from edged.backends.base import BackendRequest, BackendResult, BackendStream, BaseBackend, Chunk
from edged.backends.breaker import CircuitBreaker
from edged.config import CREDENTIAL_NAME, CloudConfig, CloudEndpoint, Config
from edged.exceptions import CloudBackendError, StartupError, StreamCut

__all__ = ["CloudBackend", "CloudStream", "map_httpx_exceptions", "resolve_api_key"]

logger = logging.getLogger(__name__)

OutcomeCallback = Callable[[str, bool, float | None, str], None]
HangCallback = Callable[[str, str], None]

# The request is at fault, not the endpoint: no retry, and the breaker counts it as a sign
# of life (a 400 for an over-long prompt says nothing about the endpoint's health).
_REQUEST_FAULTS = frozenset({400, 413, 422})
_ERROR_BODY_LIMIT = 4096
_BACKSTOP_S = 0.5  # the stream's own timers fire this long after httpx's timeouts, as a backstop
_DRAIN_S = 1.0  # how long a finished or aborted response may take to let go of its connection
_MESSAGE_OVERHEAD_TOKENS = 4  # chat-template tokens per message, for estimates


@contextmanager
def map_httpx_exceptions() -> Iterator[None]:
    """Translate httpx's transport errors into a retryable `CloudBackendError`."""
    try:
        yield
    except httpx.TimeoutException as exc:
        kind = {
            httpx.ConnectTimeout: "connect timeout",
            httpx.ReadTimeout: "read timeout",
            httpx.WriteTimeout: "write timeout",
            httpx.PoolTimeout: "connection pool timeout",
        }.get(type(exc), "timeout")
        raise CloudBackendError(kind, retryable=True) from exc
    except httpx.ConnectError as exc:
        raise CloudBackendError(f"connection failed: {exc}", retryable=True) from exc
    except httpx.RemoteProtocolError as exc:
        raise CloudBackendError(f"protocol error: {exc}", retryable=True) from exc
    except (httpx.ReadError, httpx.WriteError, httpx.CloseError) as exc:
        raise CloudBackendError(f"connection lost: {str(exc) or type(exc).__name__}", retryable=True) from exc
    except httpx.HTTPError as exc:
        raise CloudBackendError(f"{type(exc).__name__}: {exc}", retryable=True) from exc


def resolve_api_key(
    endpoint: CloudEndpoint, *, preferred: bool, env: Mapping[str, str] | None = None
) -> tuple[str | None, str]:
    """The API key for `endpoint` and where it came from (a label, never the key).

    Order: `endpoint.api_key_file`, the variable named by `endpoint.api_key_env`, then, for
    the preferred endpoint only, `$CREDENTIALS_DIRECTORY/cloud-api-key` (systemd
    `LoadCredential=`) and `EDGED_CLOUD_API_KEY`. No key at all is fine (local proxies often
    need none): requests then carry no Authorization header. A configured key file that
    cannot be read is a `StartupError`.
    """
    env = os.environ if env is None else env
    if endpoint.api_key_file:
        path = Path(endpoint.api_key_file).expanduser()
        try:
            key = _first_line(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            raise StartupError(
                f"cloud endpoint {endpoint.name!r}: cannot read api_key_file {path}: {exc.__class__.__name__}"
            ) from None
        if key:
            return key, "api_key_file"
        logger.warning("cloud endpoint %s: api_key_file %s is empty", endpoint.name, path)
    if endpoint.api_key_env and env.get(endpoint.api_key_env, "").strip():
        return env[endpoint.api_key_env].strip(), f"${endpoint.api_key_env}"
    if preferred:
        credentials = env.get("CREDENTIALS_DIRECTORY")
        if credentials:
            path = Path(credentials.split(":")[0]) / CREDENTIAL_NAME
            try:
                key = _first_line(path.read_text(encoding="utf-8"))
            except FileNotFoundError:
                key = ""
            except (OSError, UnicodeDecodeError) as exc:
                raise StartupError(f"cannot read credential {path}: {exc.__class__.__name__}") from None
            if key:
                return key, "credential"
        if env.get("EDGED_CLOUD_API_KEY", "").strip():
            return env["EDGED_CLOUD_API_KEY"].strip(), "$EDGED_CLOUD_API_KEY"
    return None, "none"


def _first_line(text: str) -> str:
    lines = text.strip().splitlines()
    return lines[0].strip() if lines else ""


@dataclass
class _Endpoint:
    config: CloudEndpoint
    breaker: CircuitBreaker
    api_key: str | None = field(default=None, repr=False)
    key_source: str = "none"
    last_error: str = ""
    last_error_at: float | None = None  # wall clock, for status
    last_ok_at: float | None = None
    calls: int = 0
    failures: int = 0

    @property
    def name(self) -> str:
        return self.config.name

    @property
    def url(self) -> str:
        # Without userinfo: httpx would keep it in the URL it logs and puts in errors, and send it
        # as basic auth over the API key's Bearer header. `authorization` says what is sent.
        return without_userinfo(self.config.base_url).rstrip("/") + "/chat/completions"

    @property
    def authorization(self) -> str | None:
        if self.api_key:
            return f"Bearer {self.api_key}"
        credentials = url_credentials(self.config.base_url)
        return basic_authorization(credentials) if credentials else None


class CloudBackend(BaseBackend):
    """Runs requests on the cloud endpoints, in order of preference.

    **Parameters:**

    * **endpoints** - the endpoints in order of preference (`Config.cloud_endpoints`).
    * **config** - the `[cloud]` section: timeouts, retries, backoff, breaker, streaming.
    * **transport** - an httpx transport to use instead of the network one.
    * **on_outcome** - called after every HTTP attempt as `(endpoint, ok, rtt_ms, detail)`:
      `ok` is whether the endpoint behaved healthily, `rtt_ms` the time to the response
      headers (None when no response came back). The network monitor's `record` fits.
    * **on_hang** - called instead of `on_outcome` for an attempt that got no first token in
      time, as `(endpoint, detail)`: the endpoint took the request and sent nothing back, which
      a reachability probe cannot see. The network monitor's `record_hang` fits. Without it,
      a hang goes to `on_outcome` as a failure.
    * **count_tokens** - counts tokens of a text, for usage the endpoint did not report
      (else a 4-characters-per-token estimate).
    * **api_keys** - keys by endpoint name; they win over files and the environment.
    * **clock** - monotonic seconds for the circuit breakers (tests step it by hand).
    """

    name = "cloud"

    def __init__(
        self,
        endpoints: list[CloudEndpoint],
        config: CloudConfig,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        on_outcome: OutcomeCallback | None = None,
        on_hang: HangCallback | None = None,
        count_tokens: Callable[[str], int] | None = None,
        api_keys: dict[str, str] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.config = config
        self.on_outcome = on_outcome
        self.on_hang = on_hang
        self.count_tokens = count_tokens
        self._transport = transport
        self._given_keys = dict(api_keys or {})
        self._endpoints = [
            _Endpoint(
                ep,
                CircuitBreaker(
                    config.breaker_failures, config.breaker_cooldown_s, clock, hangs=config.breaker_hangs
                ),
            )
            for ep in endpoints
        ]
        self._client: httpx.AsyncClient | None = None
        self._rng = random.Random()

    @classmethod
    def from_config(cls, config: Config, **kwargs: Any) -> CloudBackend:
        return cls(config.cloud_endpoints, config.cloud, **kwargs)

    @property
    def endpoints(self) -> list[str]:
        return [ep.name for ep in self._endpoints]

    @property
    def configured(self) -> bool:
        return bool(self._endpoints)

    @property
    def is_loaded(self) -> bool:
        return self._client is not None

    def breaker(self, endpoint: str) -> CircuitBreaker:
        for ep in self._endpoints:
            if ep.name == endpoint:
                return ep.breaker
        raise KeyError(endpoint)

    async def load(self) -> None:
        if self._client is not None:
            return
        for i, ep in enumerate(self._endpoints):
            if ep.name in self._given_keys:
                ep.api_key, ep.key_source = self._given_keys[ep.name] or None, "given"
            else:
                ep.api_key, ep.key_source = resolve_api_key(ep.config, preferred=i == 0)
            if ep.api_key and url_credentials(ep.config.base_url):
                logger.warning(
                    "cloud endpoint %s: its base_url holds credentials and it has an API key (%s);"
                    " the API key is sent, the URL's credentials are not",
                    ep.name,
                    ep.key_source,
                )
        c = self.config
        self._client = httpx.AsyncClient(
            transport=self._transport,
            # Reads are timed by the stream itself (first token, stalls, deadline); httpx's read
            # timeout is only a backstop. pool=None: waiting for a free connection counts
            # against the request's own deadline instead.
            timeout=httpx.Timeout(
                connect=c.connect_timeout_s, read=c.total_timeout_s, write=c.connect_timeout_s, pool=None
            ),
            # An edge box talks to one or two endpoints: a few connections, kept warm briefly.
            limits=httpx.Limits(max_connections=16, max_keepalive_connections=4, keepalive_expiry=30.0),
            headers={"User-Agent": f"edged/{__version__}"},
            follow_redirects=False,
        )

    async def aclose(self) -> None:
        client, self._client = self._client, None
        if client is not None:
            await client.aclose()

    def generate(self, request: BackendRequest) -> CloudStream:
        return CloudStream(self, request)

    def blocked(self) -> str:
        """Why no endpoint takes a call now: every breaker is open and cooling down; else empty.

        A half-open breaker is not blocked: the next call is its check.
        """
        if not self._endpoints or any(ep.breaker.state != "open" for ep in self._endpoints):
            return ""
        return "; ".join(
            f"{ep.name}: circuit open ({ep.breaker.opened_by}), checked again in {ep.breaker.retry_in_s():.0f} s"
            for ep in self._endpoints
        )

    def status(self) -> dict[str, Any]:
        return {
            "backend": self.name,
            "loaded": self.is_loaded,
            "stream": self.config.stream,
            "endpoints": [
                {
                    "name": ep.name,
                    "base_url": without_userinfo(ep.config.base_url),
                    "model": ep.config.model,
                    "api_key": ep.key_source,
                    "breaker": ep.breaker.to_dict(),
                    "calls": ep.calls,
                    "failures": ep.failures,
                    "last_error": ep.last_error,
                    "last_error_at": ep.last_error_at,
                    "last_ok_at": ep.last_ok_at,
                }
                for ep in self._endpoints
            ],
        }

    def __repr__(self) -> str:
        return f"CloudBackend(endpoints={self.endpoints!r}, loaded={self.is_loaded})"

    # -- helpers for the stream ------------------------------------------------------------------

    def _scrub(self, text: str) -> str:
        """Remove any API key or URL password an error message might echo back."""
        for ep in self._endpoints:
            credentials = url_credentials(ep.config.base_url)
            for secret in (ep.api_key, credentials[1] if credentials else None):
                if secret and len(secret) >= 4:
                    text = text.replace(secret, "***")
        return text

    def _report(
        self, ep: _Endpoint, ok: bool, rtt_ms: float | None, detail: str, *, hung: bool = False
    ) -> None:
        ep.calls += 1
        if ok:
            ep.last_ok_at = time.time()
        else:
            ep.failures += 1
            ep.last_error = detail
            ep.last_error_at = time.time()
        if hung and self.on_hang is not None:
            try:
                self.on_hang(ep.name, detail)
            except Exception:
                logger.exception("cloud hang listener failed")
        elif self.on_outcome is not None:
            try:
                self.on_outcome(ep.name, ok, rtt_ms, detail)
            except Exception:
                logger.exception("cloud outcome listener failed")

    def _estimate_tokens(self, text: str) -> int:
        if not text:
            return 0
        if self.count_tokens is not None:
            try:
                return int(self.count_tokens(text))
            except Exception:
                logger.debug("count_tokens failed; estimating from length", exc_info=True)
        return max(1, math.ceil(len(text) / 4))

    def _backoff_s(self, tries: int, retry_after: float | None) -> float:
        c = self.config
        if retry_after is not None:
            return min(max(retry_after, 0.0), c.backoff_max_s)
        ceiling = min(c.backoff_max_s, c.backoff_base_s * (2 ** (tries - 1)))
        return self._rng.uniform(0.0, ceiling)  # "full jitter": spreads retries of many boxes


# Events from the task that talks HTTP to the stream that yields chunks.
@dataclass(frozen=True)
class _Opened:
    rtt_ms: float


@dataclass(frozen=True)
class _Text:
    text: str


@dataclass(frozen=True)
class _Finish:
    reason: str


@dataclass(frozen=True)
class _Usage:
    prompt_tokens: int | None
    completion_tokens: int | None


@dataclass(frozen=True)
class _Done:
    clean: bool  # [DONE] or a complete JSON reply; False: the body just ended


@dataclass(frozen=True)
class _HttpStatus:
    status: int
    message: str
    retry_after: float | None
    rtt_ms: float


@dataclass(frozen=True)
class _Broken:
    message: str
    timeout: bool = False  # a read timed out: no data when some was due (not a connect timeout)


@dataclass
class _Call:
    """What the HTTP task shares with the stream: the open response, so it can be aborted."""

    response: httpx.Response | None = None


_CANCEL = object()
_Event = Any


class _AttemptFailed(Exception):
    def __init__(self, error: CloudBackendError, *, hung: bool = False) -> None:
        super().__init__(error.message)
        self.error = error
        self.hung = hung  # no first token in time: not retried on this endpoint


class CloudStream(BackendStream):
    """One request's run over the endpoints; iterate it for chunks, then read `result`."""

    def __init__(self, backend: CloudBackend, request: BackendRequest) -> None:
        super().__init__()
        self._backend = backend
        self._request = request
        self._queue: asyncio.Queue[_Event] | None = None
        self.endpoint = ""  # the endpoint tried last
        self.attempts = 0

    def cancel(self) -> None:
        super().cancel()
        if self._queue is not None:
            self._queue.put_nowait(_CANCEL)  # wake a reader waiting on the network now

    async def _produce(self) -> AsyncIterator[Chunk]:
        backend, request = self._backend, self._request
        config = backend.config
        rid = request.request_id or None
        if not backend._endpoints:
            raise CloudBackendError("no cloud endpoint configured", request_id=rid, retryable=False)
        client = backend._client
        if client is None:
            raise CloudBackendError("cloud backend is not loaded", request_id=rid, retryable=False)
        started = time.monotonic()
        deadline = started + config.total_timeout_s
        if request.deadline is not None:
            deadline = min(deadline, request.deadline)
        # Until the first text, the request's own wait for it bounds every try; after that the
        # answer is under way and only the deadline counts (a failure then is a StreamCut).
        first_by = deadline
        if config.stream and request.first_token_deadline is not None:
            first_by = min(deadline, request.first_token_deadline)
        problems: list[str] = []
        last: CloudBackendError | None = None
        retryable = False
        for ep in backend._endpoints:
            self.endpoint = ep.name
            tries = 0
            error: CloudBackendError | None = None
            stopped = ""  # why this endpoint was left, beyond its last error
            while True:
                if self.cancelled.is_set():
                    self.result = self._result(ep, "", "cancelled", None, started, None)
                    return
                if time.monotonic() >= first_by:
                    stopped = (
                        "out of time" if first_by >= deadline else "no time left to wait for a first token"
                    )
                    retryable = True
                    break
                if not ep.breaker.allow():
                    stopped = f"circuit open (retry in {ep.breaker.retry_in_s():.0f} s)"
                    retryable = True
                    break
                tries += 1
                self.attempts += 1
                try:
                    async with aclosing(self._attempt(client, ep, deadline, first_by, started)) as chunks:
                        async for chunk in chunks:
                            yield chunk
                except _AttemptFailed as failed:
                    error = last = failed.error
                    retryable = retryable or error.retryable
                    logger.warning(
                        "cloud endpoint %s: %s (try %d of %d)",
                        ep.name,
                        error.message,
                        tries,
                        config.max_retries + 1,
                    )
                    if failed.hung or not error.retryable or tries > config.max_retries:
                        break
                    delay = backend._backoff_s(tries, error.retry_after)
                    if time.monotonic() + delay >= first_by:
                        stopped = "no time left to retry"
                        break
                    if await self._sleep_or_cancel(delay):
                        self.result = self._result(ep, "", "cancelled", None, started, None)
                        return
                    continue
                return  # the attempt finished (or was cancelled) and set self.result
            what = [f"{error.message} ({_tries(tries)})"] if error else []
            problems.append(f"{ep.name}: " + ", then ".join([*what, *([stopped] if stopped else [])]))
        message = "cloud call failed: " + "; ".join(problems)
        raise CloudBackendError(
            backend._scrub(message),
            request_id=rid,
            status=last.status if last else None,
            retryable=retryable,
            retry_after=last.retry_after if last else None,
        )

    async def _sleep_or_cancel(self, delay: float) -> bool:
        """Sleep `delay` seconds; True if the stream was cancelled meanwhile."""
        try:
            await asyncio.wait_for(self.cancelled.wait(), timeout=delay)
        except asyncio.TimeoutError:
            return False
        return True

    async def _attempt(
        self, client: httpx.AsyncClient, ep: _Endpoint, deadline: float, first_by: float, started: float
    ) -> AsyncGenerator[Chunk, None]:
        """One HTTP call to `ep`. Raises `_AttemptFailed` before any text, `StreamCut` after."""
        backend, config, request = self._backend, self._backend.config, self._request
        stream = config.stream
        body = _request_body(ep.config, request, stream)
        headers = {"Accept": "text/event-stream" if stream else "application/json"}
        if ep.authorization:
            headers["Authorization"] = ep.authorization
        queue: asyncio.Queue[_Event] = asyncio.Queue()
        self._queue = queue
        attempt_start = time.monotonic()
        # httpx times the call itself: its timeouts end a read through its own error path, which
        # releases the connection properly (cancelling a read does not always, see _stop_pump).
        remaining = max(0.001, deadline - attempt_start)
        connect = min(config.connect_timeout_s, remaining)
        # The request's wait for a first token is left to the stream's own timer below: as httpx's
        # read timeout it would also cut every later gap in the stream that short.
        read = min(config.first_token_timeout_s, remaining) if stream else remaining
        timeout = httpx.Timeout(connect=connect, read=read, write=connect, pool=remaining)
        call = _Call()
        pump = asyncio.create_task(
            _pump(client, ep.url, body, headers, stream, timeout, queue, call), name=f"edged-cloud-{ep.name}"
        )
        finished = False  # the response ended normally: let the HTTP task finish by itself
        parts: list[str] = []
        rtt_ms: float | None = None
        finish: str | None = None
        usage: _Usage | None = None
        first_at: float | None = None

        def timed_out() -> str:
            now = time.monotonic()
            if now >= deadline - 0.05:
                return "timed out (total time limit)"
            if first_at is None:
                if first_by < attempt_start + config.first_token_timeout_s and now >= first_by - 0.05:
                    return f"no first token within {now - attempt_start:.1f} s (the request's wait for one ran out)"
                return f"no first token within {config.first_token_timeout_s:g} s"
            return f"stream stalled for {config.first_token_timeout_s:g} s"

        def hung() -> bool:
            # Took the request and sent no text in time, with time left on the whole call.
            return stream and first_at is None and time.monotonic() < deadline - 0.05

        def fail(
            message: str, *, status: int | None = None, retry_after: float | None = None, hang: bool = False
        ) -> NoReturn:
            message = backend._scrub(message)
            healthy = status in _REQUEST_FAULTS
            retryable = status is None or status in (408, 429) or status >= 500
            if healthy:
                ep.breaker.record_success()
            elif hang:
                ep.breaker.record_hang()
            else:
                ep.breaker.record_failure()
            backend._report(ep, healthy, rtt_ms, message, hung=hang)
            if parts:
                text = "".join(parts)
                prompt, completion, cost = self._usage(ep, text, None)
                raise StreamCut(
                    f"cloud stream from {ep.name} cut after {len(text)} characters: {message}",
                    partial_text=text,
                    endpoint=ep.name,
                    attempts=self.attempts,
                    prompt_tokens=prompt,
                    completion_tokens=completion,
                    cost_usd=cost,
                    request_id=request.request_id or None,
                )
            raise _AttemptFailed(
                CloudBackendError(
                    f"{message}",
                    request_id=request.request_id or None,
                    status=status,
                    retryable=retryable,
                    retry_after=retry_after,
                ),
                hung=hang,
            )

        try:
            while True:
                now = time.monotonic()
                backstop = _BACKSTOP_S
                if stream and first_at is None:
                    limit = min(attempt_start + config.first_token_timeout_s, first_by)
                    if first_by < min(attempt_start + config.first_token_timeout_s, deadline):
                        backstop = 0.0  # no httpx timeout ends this wait first: this timer is the one
                elif stream:
                    limit = min(now + config.first_token_timeout_s, deadline)  # a stall mid-way
                else:
                    limit = deadline
                if self.cancelled.is_set():
                    event: _Event = _CANCEL
                else:
                    try:
                        wait = max(0.0, limit + backstop - now)
                        event = await asyncio.wait_for(queue.get(), timeout=wait)
                    except asyncio.TimeoutError:
                        # Bytes keep coming but no text (keep-alive comments, empty deltas), or
                        # the deadline passed mid-stream: httpx's per-read timeout cannot see it.
                        fail(timed_out(), hang=hung())
                if event is _CANCEL:
                    if rtt_ms is not None:
                        ep.breaker.record_success()  # it answered; we hung up
                        backend._report(ep, True, rtt_ms, "cancelled")
                    self.result = self._result(ep, "".join(parts), "cancelled", usage, started, first_at)
                    return
                if isinstance(event, _Opened):
                    rtt_ms = event.rtt_ms
                elif isinstance(event, _Text):
                    if first_at is None:
                        first_at = time.monotonic()
                    parts.append(event.text)
                    yield Chunk(event.text)
                elif isinstance(event, _Finish):
                    finish = event.reason
                elif isinstance(event, _Usage):
                    usage = event
                elif isinstance(event, _HttpStatus):
                    rtt_ms = event.rtt_ms
                    detail = f"HTTP {event.status}" + (f": {event.message}" if event.message else "")
                    fail(detail, status=event.status, retry_after=event.retry_after)
                elif isinstance(event, _Broken) and finish is None:
                    fail(timed_out() if event.timeout else event.message, hang=event.timeout and hung())
                elif isinstance(event, _Done) and finish is None:
                    if not stream:
                        finish = "stop"
                    elif event.clean:
                        # [DONE] with no finish_reason: the server gave up on the request (e.g.
                        # llama-cpp-python interrupts a stream when another request arrives).
                        fail("stream ended with [DONE] but no finish_reason")
                    else:
                        fail("stream ended without a finish_reason or [DONE]")
                if isinstance(event, _Done | _Broken):
                    # _Broken after a finish_reason: the text is whole, only usage may be lost.
                    finished = True
                    ep.breaker.record_success()
                    backend._report(ep, True, rtt_ms, "ok")
                    reason = "length" if finish == "length" else "stop"
                    self.result = self._result(ep, "".join(parts), reason, usage, started, first_at)
                    return
        finally:
            self._queue = None
            await _stop_pump(pump, call, graceful=finished)

    def _usage(self, ep: _Endpoint, text: str, usage: _Usage | None) -> tuple[int, int, float]:
        backend, request = self._backend, self._request
        prompt = usage.prompt_tokens if usage else None
        completion = usage.completion_tokens if usage else None
        if prompt is None:
            messages = list(request.messages)
            if request.continue_from:
                messages.append({"role": "assistant", "content": request.continue_from})
            prompt = sum(
                backend._estimate_tokens(str(m.get("content", ""))) + _MESSAGE_OVERHEAD_TOKENS
                for m in messages
            )
        if completion is None:
            completion = backend._estimate_tokens(text)
        cost = (
            prompt / 1000 * ep.config.price_input_per_1k + completion / 1000 * ep.config.price_output_per_1k
        )
        return prompt, completion, cost

    def _result(
        self,
        ep: _Endpoint,
        text: str,
        finish: str,
        usage: _Usage | None,
        started: float,
        first_at: float | None,
    ) -> BackendResult:
        prompt, completion, cost = self._usage(ep, text, usage)
        estimated = usage is None or usage.prompt_tokens is None or usage.completion_tokens is None
        end = time.monotonic()
        ttft_ms = (first_at - started) * 1000 if first_at is not None else 0.0
        # Streamed: tokens over the decode time after the first one; not streamed: over the call.
        decode_s = end - first_at if first_at is not None and self._backend.config.stream else end - started
        return BackendResult(
            text=text,
            finish_reason=finish,
            backend="cloud",
            endpoint=ep.name,
            prompt_tokens=prompt,
            completion_tokens=completion,
            cost_usd=cost,
            ttft_ms=ttft_ms,
            total_ms=(end - started) * 1000,
            tokens_per_s=completion / decode_s if decode_s > 0 and completion > 0 else 0.0,
            attempts=self.attempts,
            usage_estimated=estimated,
        )


def _tries(n: int) -> str:
    return "1 try" if n == 1 else f"{n} tries"


def _request_body(ep: CloudEndpoint, request: BackendRequest, stream: bool) -> dict[str, Any]:
    sampling = request.sampling
    messages = [dict(m) for m in request.messages]
    if request.continue_from:
        messages.append({"role": "assistant", "content": request.continue_from})
    body: dict[str, Any] = {
        "model": ep.model,
        "messages": messages,
        "max_tokens": sampling.max_tokens,
        "temperature": sampling.temperature,
        "top_p": sampling.top_p,
        "stream": stream,
    }
    if sampling.stop:
        body["stop"] = list(sampling.stop[:4])  # the OpenAI API takes at most four
    if sampling.seed is not None:
        body["seed"] = sampling.seed
    if stream:
        body["stream_options"] = {"include_usage": True}
    return body


async def _pump(
    client: httpx.AsyncClient,
    url: str,
    body: dict[str, Any],
    headers: dict[str, str],
    stream: bool,
    timeout: httpx.Timeout,
    queue: asyncio.Queue[_Event],
    call: _Call,
) -> None:
    """Talk HTTP for one attempt and turn what comes back into events on `queue`.

    It runs as its own task so the stream can give up on it at any point (a timeout, a
    cancel) without touching the connection from two places.
    """
    put = queue.put_nowait
    start = time.monotonic()
    try:
        with map_httpx_exceptions():
            request = client.build_request("POST", url, json=body, headers=headers, timeout=timeout)
            response = await client.send(request, stream=True)
            call.response = response
            try:
                rtt_ms = (time.monotonic() - start) * 1000
                if not 200 <= response.status_code < 300:
                    data = await _read_limited(response, _ERROR_BODY_LIMIT)
                    retry_after = _retry_after(response.headers.get("Retry-After"))
                    put(_HttpStatus(response.status_code, _error_message(data), retry_after, rtt_ms))
                    return
                put(_Opened(rtt_ms))
                if stream and "json" not in response.headers.get("Content-Type", ""):
                    await _read_sse(response, put)
                else:
                    # Not streamed (or a server that ignored stream=true and sent one JSON reply).
                    _read_json(await response.aread(), put)
            finally:
                await response.aclose()
    except CloudBackendError as exc:
        put(_Broken(exc.message, timeout=isinstance(exc.__cause__, httpx.ReadTimeout)))
    except Exception as exc:  # a bug here must end the attempt, not hang the stream
        logger.exception("cloud response handling failed")
        put(_Broken(f"unexpected {type(exc).__name__}"))


async def _stop_pump(pump: asyncio.Task[None], call: _Call, *, graceful: bool) -> None:
    """End the HTTP task of an attempt, leaving its pooled connection reusable or closed.

    Cancelling httpx in the middle of a read or a close can leave the connection pool
    counting the connection as busy forever (encode/httpcore#1115), and enough of those
    would starve every later call. So a finished response is left to end by itself, and an
    unfinished one is ended by shutting its socket under the read: httpx then fails the read
    and cleans up along its ordinary error path. Cancellation is only the last resort, for a
    call that has no response yet.
    """
    if pump.done():
        return
    if graceful:
        done, _ = await asyncio.wait({pump}, timeout=_DRAIN_S)
        if done:
            return
    response = call.response
    network = response.extensions.get("network_stream") if response is not None else None
    sock = network.get_extra_info("socket") if network is not None else None
    if sock is not None:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        done, _ = await asyncio.wait({pump}, timeout=_DRAIN_S)
        if done:
            return
    pump.cancel()
    await asyncio.wait({pump})


async def _read_sse(response: httpx.Response, put: Callable[[_Event], None]) -> None:
    data: list[str] = []
    lines = response.aiter_lines()
    async for line in lines:
        if line:
            # Server-sent events: "field: value" lines, an empty line ends an event; only data
            # matters here (event:, id:, retry: and ":" comments are ignored).
            name, _, value = line.partition(":")
            if name == "data":
                data.append(value[1:] if value.startswith(" ") else value)
            continue
        if not data:
            continue
        payload, data = "\n".join(data), []
        ended = _handle_event(payload, put)
        if ended is not None:
            if ended:
                async for _ in lines:
                    pass  # read to the end of the body so the connection can be reused
            return
    if data and _handle_event("\n".join(data), put) is not None:
        return
    put(_Done(clean=False))


def _handle_event(payload: str, put: Callable[[_Event], None]) -> bool | None:
    """Turn one SSE data payload into events: None to go on, True at [DONE], False if broken."""
    if payload.strip() == "[DONE]":
        put(_Done(clean=True))
        return True
    try:
        obj = json.loads(payload)
    except ValueError:
        put(_Broken("invalid JSON in the stream"))
        return False
    if not isinstance(obj, dict):
        put(_Broken("unexpected data in the stream"))
        return False
    if obj.get("error"):
        put(_Broken(f"error in the stream: {_error_message(json.dumps(obj).encode())}"))
        return False
    usage = obj.get("usage")
    if isinstance(usage, dict):
        put(_usage_event(usage))
    choices = obj.get("choices")
    if isinstance(choices, list) and choices and isinstance(choices[0], dict):
        choice = choices[0]
        delta = choice.get("delta")
        content = delta.get("content") if isinstance(delta, dict) else None
        if isinstance(content, str) and content:
            put(_Text(content))
        reason = choice.get("finish_reason")
        if isinstance(reason, str) and reason:
            put(_Finish(reason))
    return None


def _read_json(raw: bytes, put: Callable[[_Event], None]) -> None:
    try:
        obj = json.loads(raw)
    except ValueError:
        put(_Broken("invalid JSON in the reply"))
        return
    choices = obj.get("choices") if isinstance(obj, dict) else None
    if not isinstance(choices, list) or not choices or not isinstance(choices[0], dict):
        put(_Broken("reply without choices"))
        return
    message = choices[0].get("message")
    content = message.get("content") if isinstance(message, dict) else None
    if content is not None and not isinstance(content, str):
        put(_Broken("reply content is not text"))
        return
    if content:
        put(_Text(content))
    reason = choices[0].get("finish_reason")
    put(_Finish(reason if isinstance(reason, str) and reason else "stop"))
    usage = obj.get("usage")
    if isinstance(usage, dict):
        put(_usage_event(usage))
    put(_Done(clean=True))


def _usage_event(usage: dict[str, Any]) -> _Usage:
    def count(key: str) -> int | None:
        value = usage.get(key)
        return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None

    return _Usage(count("prompt_tokens"), count("completion_tokens"))


async def _read_limited(response: httpx.Response, limit: int) -> bytes:
    data = b""
    async for piece in response.aiter_bytes():
        data += piece
        if len(data) >= limit:
            break
    return data[:limit]


def _error_message(data: bytes) -> str:
    """A short, printable reason from an error body (OpenAI's {"error": {"message"}} or text)."""
    message = ""
    try:
        obj = json.loads(data)
    except ValueError:
        obj = None
    if isinstance(obj, dict):
        err = obj.get("error")
        if isinstance(err, dict):
            message = str(err.get("message") or err.get("type") or "")
        elif isinstance(err, str):
            message = err
        elif isinstance(obj.get("message"), str):
            message = obj["message"]
    elif obj is None:
        message = data.decode("utf-8", "replace")
    message = " ".join(message.split())
    return message[:200]


def _retry_after(value: str | None) -> float | None:
    """Retry-After as seconds: a number of seconds or an HTTP-date."""
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        seconds = when.timestamp() - time.time()
    if math.isnan(seconds):
        return None
    return max(0.0, seconds)
