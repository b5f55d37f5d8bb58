"""Clients for apps on the device: `Client` (blocking) and `AsyncClient` (asyncio).

Both speak the protocol in docs/protocol.md over one ZeroMQ DEALER socket, so many requests
can share one connection; replies are matched by request id. Errors from the daemon come back
as the same exception classes (`edged.exceptions`), looked up by their wire code.

Usage::

    import edged

    with edged.Client() as client:                      # default endpoint, or Client("ipc:///run/edged/edged.sock")
        for chunk in client.generate("Summarise: ...", max_tokens=128):
            print(chunk.text, end="", flush=True)
        reply = client.last_reply                       # text, backend, route, usage, timings

    async with edged.AsyncClient() as client:
        stream = await client.generate([{"role": "user", "content": "Hi"}], session_id="kitchen-display")
        async for chunk in stream:
            print(chunk.text, end="")
        print(stream.reply.route["explanation"])

**Parameters** (both classes):
* `endpoint` – `ipc://…` or `tcp://…`; default: $EDGED_ENDPOINT, else the system daemon's socket
  (ipc:///run/edged/edged.sock) when it exists, else where `edged serve` run by this user binds.
  The client reads no configuration file: an app that wants `[server] endpoint` from
  /etc/edged/edged.toml passes it (the `edged` command does, see README "Using it").
* `timeout` – seconds to wait for each message from the daemon (the first chunk, then each
  next one); a request that times out is cancelled on the daemon.
* `curve_server_key` / `curve_secret_key_file` – for tcp:// endpoints: the daemon's CURVE public
  key file and this client's secret key file.

Before its first request a client connects a plain socket to the endpoint once: a crashed
daemon (a stale socket file, a closed port) raises `DaemonUnavailable` ("no edged daemon at …")
within about a second instead of waiting out `timeout`.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import os
import socket
import sys
import threading
import time
import uuid
from collections import deque
from collections.abc import AsyncIterator, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import zmq
import zmq.asyncio

from edged._defaults import ENDPOINT_ENV, client_fallback_endpoint
from edged.exceptions import DaemonUnavailable, ProtocolError, RequestTimeout, error_from_wire
from edged.protocol import Response, decode_response, encode_request

if sys.version_info >= (3, 11):
    from typing import Self
else:  # pragma: no cover
    from typing_extensions import Self

__all__ = ["AsyncClient", "Chunk", "Client", "Reply", "default_client_endpoint"]

Prompt = str | Sequence[dict[str, str]]

CANCEL_SEND_S = 1.0  # a best-effort cancel of an abandoned stream waits this long to be sent
LIVENESS_TIMEOUT_S = 1.0  # a daemon whose socket takes no connection within this is taken as gone


@dataclass(frozen=True)
class Chunk:
    """A piece of streamed text. `event` is set on marker chunks (e.g. "fallback"), whose
    `body` says what happened; with mode "restart" the text received so far is to be discarded."""

    text: str
    backend: str | None = None
    event: str | None = None
    body: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Reply:
    """The final reply to a generate request."""

    text: str
    backend: str
    finish_reason: str
    route: dict[str, Any]
    fallback: str | None
    fallback_reason: str | None
    degraded: bool
    offline: bool
    usage: dict[str, Any]
    timings: dict[str, Any]
    session_id: str | None
    raw: dict[str, Any]

    @classmethod
    def from_body(cls, body: dict[str, Any]) -> Reply:
        return cls(
            text=body.get("text", ""),
            backend=body.get("backend", ""),
            finish_reason=body.get("finish_reason", ""),
            route=body.get("route", {}),
            fallback=body.get("fallback"),
            fallback_reason=body.get("fallback_reason"),
            degraded=bool(body.get("degraded")),
            offline=bool(body.get("offline")),
            usage=body.get("usage", {}),
            timings=body.get("timings", {}),
            session_id=body.get("session_id"),
            raw=body,
        )


def default_client_endpoint() -> str:
    """$EDGED_ENDPOINT, else the built-in default. Reads no configuration file."""
    return os.environ.get(ENDPOINT_ENV) or client_fallback_endpoint()


def _messages(prompt: Prompt) -> list[dict[str, str]]:
    if isinstance(prompt, str):
        return [{"role": "user", "content": prompt}]
    return [dict(m) for m in prompt]


def _generate_body(prompt: Prompt, options: dict[str, Any]) -> dict[str, Any]:
    body: dict[str, Any] = {"messages": _messages(prompt)}
    for key, value in options.items():
        if value is not None:
            body[key] = list(value) if key == "stop" and not isinstance(value, str) else value
    return body


def _probe_address(endpoint: str) -> str | tuple[str, int] | None:
    """Where a plain socket can try the daemon's endpoint: a unix path or (host, port)."""
    if endpoint.startswith("ipc://"):
        path = endpoint[len("ipc://") :]
        return "\0" + path[1:] if path.startswith("@") else path  # zmq's "@" is the abstract namespace
    if endpoint.startswith("tcp://"):
        host, sep, port = endpoint[len("tcp://") :].rpartition(":")
        if sep and port.isdigit() and host not in ("", "*") and ";" not in host:
            return host.strip("[]"), int(port)
    return None


def _unreachable(endpoint: str, exc: BaseException, timeout: float) -> DaemonUnavailable:
    if isinstance(exc, PermissionError):
        return DaemonUnavailable(
            f"cannot connect to {endpoint}: permission denied (is this user in the daemon's group?)"
        )
    if isinstance(exc, FileNotFoundError):
        why = "no socket file"
    elif isinstance(exc, (TimeoutError, asyncio.TimeoutError)):
        why = f"no connection within {timeout:g} s"
    elif isinstance(exc, ConnectionRefusedError):
        why = "connection refused" + (
            ": the socket file is stale, left by a daemon that is gone"
            if endpoint.startswith("ipc://")
            else ""
        )
    else:
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    return DaemonUnavailable(f"no edged daemon at {endpoint} ({why}); is it running?")


def _check_alive(endpoint: str, timeout: float) -> None:
    """Connect a plain socket to the endpoint once, before a connection's first request.

    ZeroMQ connects in the background and retries for ever, so a request to a crashed daemon
    (a stale socket file, a closed port) would wait out its whole timeout; the kernel answers
    this connect at once. One connect per client connection, no request and no round trip
    through the daemon's loop: a busy daemon passes as quickly as an idle one.
    """
    address = _probe_address(endpoint)
    if address is None:
        return
    try:
        if isinstance(address, str):
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
                probe.settimeout(timeout)
                probe.connect(address)
        else:
            socket.create_connection(address, timeout=timeout).close()
    except OSError as exc:
        raise _unreachable(endpoint, exc, timeout) from None


async def _acheck_alive(endpoint: str, timeout: float) -> None:
    """`_check_alive` without blocking the event loop."""
    address = _probe_address(endpoint)
    if address is None:
        return
    try:
        opening = (
            asyncio.open_unix_connection(address)
            if isinstance(address, str)
            else asyncio.open_connection(*address)
        )
        _, writer = await asyncio.wait_for(opening, timeout)
    except (OSError, asyncio.TimeoutError) as exc:
        raise _unreachable(endpoint, exc, timeout) from None
    writer.close()
    with contextlib.suppress(OSError):
        await writer.wait_closed()


def _chunk(body: dict[str, Any]) -> Chunk:
    return Chunk(text=body.get("text", ""), backend=body.get("backend"), event=body.get("event"), body=body)


_ids = itertools.count(1)


def _unsent(endpoint: str, timeout: float, rid: str) -> RequestTimeout:
    return RequestTimeout(
        f"could not send to {endpoint} within {timeout:g} s: the daemon is not taking requests",
        request_id=rid,
    )


def _new_request_id() -> str:
    return f"{os.getpid():x}-{next(_ids):x}-{uuid.uuid4().hex[:8]}"


def _configure(sock: zmq.Socket[Any], endpoint: str, server_key: str | None, secret_file: str | None) -> None:
    sock.setsockopt(zmq.LINGER, 0)
    sock.setsockopt(zmq.SNDHWM, 10_000)
    sock.setsockopt(zmq.RCVHWM, 100_000)
    if endpoint.startswith("tcp://"):
        from zmq import auth as zmq_auth

        if not server_key or not secret_file:
            raise DaemonUnavailable("tcp:// endpoints need curve_server_key and curve_secret_key_file")
        server_public, _ = zmq_auth.load_certificate(server_key)
        public, secret = zmq_auth.load_certificate(secret_file)
        if secret is None:
            raise DaemonUnavailable(f"{secret_file}: no secret key in it")
        sock.curve_serverkey = server_public
        sock.curve_publickey = public
        sock.curve_secretkey = secret
    sock.connect(endpoint)


class Client:
    """A blocking client. Not thread-safe: use one per thread (ZeroMQ sockets are single-threaded)."""

    def __init__(
        self,
        endpoint: str | None = None,
        *,
        timeout: float = 120.0,
        curve_server_key: str | None = None,
        curve_secret_key_file: str | None = None,
    ) -> None:
        self.endpoint = endpoint or default_client_endpoint()
        self.timeout = timeout
        self._ctx: zmq.Context[Any] = zmq.Context.instance()
        self._sock: zmq.Socket[Any] | None = None
        self._curve = (curve_server_key, curve_secret_key_file)
        self._inbox: dict[str, deque[Response]] = {}
        self.last_reply: Reply | None = None
        self.is_closed = False

    # -- connection ------------------------------------------------------------------------------

    def _socket(self) -> zmq.Socket[Any]:
        if self.is_closed:
            raise RuntimeError("this client is closed; create a new one")
        if self._sock is None:
            _check_alive(self.endpoint, min(LIVENESS_TIMEOUT_S, self.timeout))
            sock = self._ctx.socket(zmq.DEALER)
            _configure(sock, self.endpoint, *self._curve)
            self._sock = sock
        return self._sock

    def close(self) -> None:
        if self._sock is not None:
            self._sock.close(linger=0)
            self._sock = None
        self.is_closed = True

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- plumbing --------------------------------------------------------------------------------

    def _send(self, operation: str, body: dict[str, Any], timeout: float | None = None) -> str:
        rid = _new_request_id()
        self._inbox[rid] = deque()
        try:
            self._send_frames(
                encode_request(operation, rid, body), self.timeout if timeout is None else timeout, rid
            )
        except BaseException:
            self._inbox.pop(rid, None)
            raise
        return rid

    def _send_frames(self, frames: list[bytes], timeout: float, rid: str) -> None:
        """Send within `timeout`. A DEALER with no usable connection (a CURVE handshake refused,
        a daemon that stopped reading) blocks a plain send for ever; the call's time limit covers
        sending as well as the answer."""
        sock = self._socket()
        deadline = time.monotonic() + timeout
        while True:
            try:
                sock.send_multipart(frames, flags=zmq.NOBLOCK)
                return
            except zmq.Again:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise _unsent(self.endpoint, timeout, rid) from None
                sock.poll(int(left * 1000) + 1, zmq.POLLOUT)

    def _next(self, rid: str, timeout: float | None) -> Response:
        box = self._inbox[rid]
        if box:
            return box.popleft()
        sock = self._socket()
        wait = self.timeout if timeout is None else timeout
        deadline = time.monotonic() + wait
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not sock.poll(int(left * 1000) + 1, zmq.POLLIN):
                if time.monotonic() < deadline:
                    continue
                raise RequestTimeout(f"no answer from {self.endpoint} within {wait:g} s", request_id=rid)
            try:
                response = decode_response(sock.recv_multipart())
            except ProtocolError:
                continue  # not ours to understand; keep waiting for our own reply
            if response.request_id == rid:
                return response
            other = self._inbox.get(response.request_id)
            if other is not None:
                other.append(response)

    def _finish(self, rid: str) -> None:
        self._inbox.pop(rid, None)

    def _call(self, operation: str, body: dict[str, Any], timeout: float | None) -> dict[str, Any]:
        rid = self._send(operation, body, timeout)
        try:
            response = self._next(rid, timeout)
        finally:
            self._finish(rid)
        if response.kind == "error":
            raise error_from_wire(response.body)
        return response.body

    # -- operations ------------------------------------------------------------------------------

    def ping(self, timeout: float = 5.0) -> dict[str, Any]:
        return self._call("ping", {}, timeout)

    def status(self, timeout: float = 10.0) -> dict[str, Any]:
        return self._call("status", {}, timeout)

    def route(self, prompt: Prompt, *, timeout: float = 10.0, **options: Any) -> dict[str, Any]:
        """Dry-run the routing decision: no generation. Returns the decision with its explanation."""
        decision: dict[str, Any] = self._call("route", _generate_body(prompt, options), timeout)["decision"]
        return decision

    def cancel(self, request_id: str, timeout: float = 5.0) -> bool:
        return bool(self._call("cancel", {"target": request_id}, timeout).get("cancelled"))

    def sessions(self, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = self._call(
            "session", {"action": "list", "limit": limit, "offset": offset}, 10.0
        )["sessions"]
        return rows

    def session(self, session_id: str) -> dict[str, Any]:
        session: dict[str, Any] = self._call("session", {"action": "show", "session_id": session_id}, 10.0)[
            "session"
        ]
        return session

    def delete_session(self, session_id: str) -> None:
        self._call("session", {"action": "delete", "session_id": session_id}, 10.0)

    def generate(self, prompt: Prompt, *, timeout: float | None = None, **options: Any) -> GenerateStream:
        """Start a generation; iterate the result for chunks, then read `.reply`.

        Options: max_tokens, temperature, top_p, top_k, repetition_penalty, seed, stop,
        session_id, create_session, route ("auto" | "local" | "cloud"), privacy ("strict"),
        max_cost (USD), timeout_s, stream.
        """
        rid = self._send("generate", _generate_body(prompt, options), timeout)
        return GenerateStream(self, rid, timeout)

    def complete(self, prompt: Prompt, **options: Any) -> Reply:
        """Generate and return only the final reply."""
        stream = self.generate(prompt, **options)
        for _ in stream:
            pass
        assert stream.reply is not None
        return stream.reply


class GenerateStream:
    def __init__(self, client: Client, request_id: str, timeout: float | None) -> None:
        self.client = client
        self.request_id = request_id
        self.timeout = timeout
        self.reply: Reply | None = None
        self._done = False

    def __iter__(self) -> Iterator[Chunk]:
        try:
            while not self._done:
                try:
                    response = self.client._next(self.request_id, self.timeout)
                except RequestTimeout:
                    self._done = True
                    self._cancel_quietly()
                    raise
                if response.kind == "chunk":
                    yield _chunk(response.body)
                elif response.kind == "reply":
                    self._done = True
                    self.reply = Reply.from_body(response.body)
                    self.client.last_reply = self.reply
                else:
                    self._done = True
                    raise error_from_wire(response.body)
        finally:
            if not self._done:
                # Abandoned mid-stream: stop the work on the daemon.
                self._cancel_quietly()
            self.client._finish(self.request_id)

    def _cancel_quietly(self) -> None:
        rid = _new_request_id()
        with contextlib.suppress(Exception):
            frames = encode_request("cancel", rid, {"target": self.request_id})
            self.client._send_frames(frames, CANCEL_SEND_S, rid)

    def cancel(self) -> bool:
        return self.client.cancel(self.request_id)


class AsyncClient:
    """The asyncio twin of `Client`: one DEALER socket, one reader task, many requests at once."""

    def __init__(
        self,
        endpoint: str | None = None,
        *,
        timeout: float = 120.0,
        curve_server_key: str | None = None,
        curve_secret_key_file: str | None = None,
    ) -> None:
        self.endpoint = endpoint or default_client_endpoint()
        self.timeout = timeout
        self._curve = (curve_server_key, curve_secret_key_file)
        self._ctx: zmq.asyncio.Context | None = None
        self._sock: zmq.asyncio.Socket | None = None
        self._queues: dict[str, asyncio.Queue[Response]] = {}
        self._reader: asyncio.Task[None] | None = None
        self._lock = threading.Lock()
        self.is_closed = False

    async def _socket(self) -> zmq.asyncio.Socket:
        if self.is_closed:
            raise RuntimeError("this client is closed; create a new one")
        if self._sock is None:
            await _acheck_alive(self.endpoint, min(LIVENESS_TIMEOUT_S, self.timeout))
            if self._sock is not None:  # another request connected while this one checked
                return self._sock
            self._ctx = zmq.asyncio.Context()
            sock = self._ctx.socket(zmq.DEALER)
            _configure(sock, self.endpoint, *self._curve)
            self._sock = sock
            self._reader = asyncio.create_task(self._read(), name="edged-client-reader")
        return self._sock

    async def _read(self) -> None:
        assert self._sock is not None
        while True:
            frames = await self._sock.recv_multipart()
            try:
                response = decode_response(frames)
            except ProtocolError:
                continue
            queue = self._queues.get(response.request_id)
            if queue is not None:
                queue.put_nowait(response)

    async def aclose(self) -> None:
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._reader
        if self._sock is not None:
            self._sock.close(linger=0)
        if self._ctx is not None:
            self._ctx.term()
        self._sock = None
        self.is_closed = True

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def _send(self, operation: str, body: dict[str, Any], timeout: float | None = None) -> str:
        rid = _new_request_id()
        self._queues[rid] = asyncio.Queue()
        try:
            await self._send_frames(
                encode_request(operation, rid, body), self.timeout if timeout is None else timeout, rid
            )
        except BaseException:
            self._queues.pop(rid, None)
            raise
        return rid

    async def _send_frames(self, frames: list[bytes], timeout: float, rid: str) -> None:
        """Send within `timeout` (see Client._send_frames)."""
        sock = await self._socket()
        sent = asyncio.ensure_future(sock.send_multipart(frames))  # a Future already: no task made
        if sent.done():  # the usual case: sent at once, no timer needed
            sent.result()
            return
        try:
            await asyncio.wait_for(sent, timeout=timeout)
        except asyncio.TimeoutError:
            raise _unsent(self.endpoint, timeout, rid) from None

    async def _next(self, rid: str, timeout: float | None) -> Response:
        wait = self.timeout if timeout is None else timeout
        try:
            return await asyncio.wait_for(self._queues[rid].get(), timeout=wait)
        except asyncio.TimeoutError:
            raise RequestTimeout(
                f"no answer from {self.endpoint} within {wait:g} s", request_id=rid
            ) from None

    async def _call(self, operation: str, body: dict[str, Any], timeout: float | None) -> dict[str, Any]:
        rid = await self._send(operation, body, timeout)
        try:
            response = await self._next(rid, timeout)
        finally:
            self._queues.pop(rid, None)
        if response.kind == "error":
            raise error_from_wire(response.body)
        return response.body

    async def ping(self, timeout: float = 5.0) -> dict[str, Any]:
        return await self._call("ping", {}, timeout)

    async def status(self, timeout: float = 10.0) -> dict[str, Any]:
        return await self._call("status", {}, timeout)

    async def route(self, prompt: Prompt, *, timeout: float = 10.0, **options: Any) -> dict[str, Any]:
        decision: dict[str, Any] = (await self._call("route", _generate_body(prompt, options), timeout))[
            "decision"
        ]
        return decision

    async def cancel(self, request_id: str, timeout: float = 5.0) -> bool:
        return bool((await self._call("cancel", {"target": request_id}, timeout)).get("cancelled"))

    async def generate(
        self, prompt: Prompt, *, timeout: float | None = None, **options: Any
    ) -> AsyncGenerateStream:
        rid = await self._send("generate", _generate_body(prompt, options), timeout)
        return AsyncGenerateStream(self, rid, timeout)

    async def complete(self, prompt: Prompt, **options: Any) -> Reply:
        stream = await self.generate(prompt, **options)
        async for _ in stream:
            pass
        assert stream.reply is not None
        return stream.reply


class AsyncGenerateStream:
    def __init__(self, client: AsyncClient, request_id: str, timeout: float | None) -> None:
        self.client = client
        self.request_id = request_id
        self.timeout = timeout
        self.reply: Reply | None = None
        self._done = False

    def __aiter__(self) -> AsyncIterator[Chunk]:
        return self._iterate()

    async def _iterate(self) -> AsyncIterator[Chunk]:
        try:
            while not self._done:
                try:
                    response = await self.client._next(self.request_id, self.timeout)
                except RequestTimeout:
                    self._done = True
                    await self._cancel_quietly()
                    raise
                if response.kind == "chunk":
                    yield _chunk(response.body)
                elif response.kind == "reply":
                    self._done = True
                    self.reply = Reply.from_body(response.body)
                else:
                    self._done = True
                    raise error_from_wire(response.body)
        finally:
            if not self._done:
                await self._cancel_quietly()
            self.client._queues.pop(self.request_id, None)

    async def _cancel_quietly(self) -> None:
        rid = _new_request_id()
        with contextlib.suppress(Exception):
            frames = encode_request("cancel", rid, {"target": self.request_id})
            await self.client._send_frames(frames, CANCEL_SEND_S, rid)

    async def cancel(self) -> bool:
        return await self.client.cancel(self.request_id)
