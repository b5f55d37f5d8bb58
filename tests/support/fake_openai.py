"""A real OpenAI-compatible HTTP server on 127.0.0.1 for tests, with faults on demand.

It listens on an ephemeral loopback port, serves each connection on its own thread (so
concurrent requests, streaming and abrupt closes are real), and speaks just enough of the
OpenAI API for edged: `POST /v1/chat/completions` (streaming SSE or one JSON reply) and
`GET /v1/models`.

Usage::

    from tests.support.fake_openai import FakeOpenAI, closed_base_url

    with FakeOpenAI(api_key="sk-test") as server:
        server.base_url                      # "http://127.0.0.1:PORT/v1"
        server.fail_next("status", status=503)          # next chat request: HTTP 503
        server.fail_next("rate_limit", retry_after=0.2)  # then a 429 with Retry-After: 0.2
        ...                                  # point a CloudBackend at server.base_url
        server.requests                      # every request so far, oldest first
        server.chat_requests                 # only POST /v1/chat/completions

**Constructor** `FakeOpenAI(*, reply=None, model="fake-model", api_key=None, basic_auth=None, port=0,
chunk_delay_s=0.0, usage=True)`:

- `reply`: the answer text, or a callable `reply(body: dict) -> str`, or None for the
  default echo: `"cloud answer: <first six words of the last user message>"`. The text is
  streamed one word per chunk (`"cloud"`, `" answer:"`, ...). Each word counts as one
  token: `max_tokens` (or `max_completion_tokens`) truncates the reply and gives
  finish_reason "length". Usage: `prompt_tokens` = words in all message contents + 3 per
  message; `completion_tokens` = words sent. Attribute `server.reply` may be changed live.
- `api_key`: when set, chat requests without `Authorization: Bearer <api_key>` get a 401
  (`/v1/models` answers regardless, like a reachability probe target should).
- `basic_auth`: a `(user, password)` pair; chat requests without that HTTP basic auth get a 401
  (a proxy that takes the credentials written into the URL).
- `port`: 0 picks a free port; `start()` after `stop()` binds the same port again, so a
  test can take "the cloud" away and bring it back.
- `chunk_delay_s`: sleep between streamed content chunks (to cancel a stream mid-way).
- `usage`: False makes the server never report usage (clients must estimate).

**Recorded requests** (`server.requests`, a copy of a list guarded by a lock): one
`RecordedRequest` per request, in arrival order, with `method`, `path`, `headers` (names
lower-case; an `authorization` value is reduced to its scheme, e.g. `"Bearer <redacted>"`,
so a key never lands in a test log), `body` (the parsed JSON, or None), `raw_body_size`,
`auth_ok` (None when the server has neither api_key nor basic_auth), `fault` (the fault it got, or None) and
`received_at` (`time.monotonic()` on arrival), `client_port` (the same port on two
requests means the client reused its connection) and `wire` (the request line, headers and raw
body bytes). `server.wire()` joins the `wire` of every request: what a logging cloud keeps.
`server.wait_for_requests(n, timeout=5.0)` blocks until n requests have arrived;
`server.clear()` forgets them and any queued faults.

**Faults**: `server.fail_next(kind, count=1, *, route="chat", **params)` queues `count`
faults for the next requests on `route` ("chat", "models" or "any"); each request takes at
most one, in order. Kinds and their parameters:

- `"status"`: an error reply; `status=500`, `message=...`, `retry_after=None` (seconds
  or an HTTP-date string; sent as the `Retry-After` header).
- `"rate_limit"`: a 429 with `retry_after="1"` unless given.
- `"slow"`: wait `delay=0.5` s before the first byte, then answer normally
  (optionally `chunk_delay=...` s between chunks).
- `"hang"`: never answer (`after=None`) or stall after `after=k` content chunks, until
  the client closes the connection or the server stops; with `keepalive=s` a stalled
  stream sends an SSE comment (`: keep-alive`) every s seconds, so bytes flow but no text.
- `"cut"`: stream `after=1` content chunks, then close the socket mid-body (the client
  sees an incomplete chunked body); with `clean=True` the body ends properly but without a
  finish_reason or `[DONE]`. A non-streaming request gets half a JSON body, then the close.
- `"invalid_json"`: a 200 whose JSON is broken (streaming: a `data:` line that is not JSON
  after `after=0` good chunks, then a proper end).
- `"reset"`: read the request, then close with a TCP RST and no reply at all.

`server.random_faults(rate, *, seed=0, kinds=RANDOM_FAULT_KINDS)` gives each chat request
that has no queued fault a fault with probability `rate`, drawn from a `random.Random(seed)`
(parameters are drawn too: 500/502/503, a cut after 1-3 chunks, a 0-0.1 s slow start, a
429 with Retry-After 0); `rate=0` turns it off. `"hang"` is left out by default: it costs a
full client timeout.

**Connection refused**: `closed_port()` returns a 127.0.0.1 port nothing listens on and
`closed_base_url()` the matching `http://127.0.0.1:PORT/v1`.
"""

from __future__ import annotations

import base64
import json
import random
import select
import socket
import struct
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any

__all__ = [
    "FAULT_KINDS",
    "RANDOM_FAULT_KINDS",
    "FakeOpenAI",
    "Fault",
    "RecordedRequest",
    "closed_base_url",
    "closed_port",
]

FAULT_KINDS = ("status", "rate_limit", "slow", "hang", "cut", "invalid_json", "reset")
RANDOM_FAULT_KINDS = ("status", "rate_limit", "slow", "cut", "invalid_json", "reset")
ROUTES = ("chat", "models", "any")

ReplySource = str | Callable[[dict[str, Any]], str] | None


@dataclass(frozen=True)
class Fault:
    kind: str
    params: dict[str, Any] = field(default_factory=dict)
    route: str = "chat"


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: Any
    raw_body_size: int
    auth_ok: bool | None
    fault: str | None
    received_at: float  # time.monotonic() when the request was read
    client_port: int  # the client's side of the connection: equal ports, a reused connection
    wire: bytes = b""  # the request as it arrived: request line, headers (no key), raw body


def closed_port() -> int:
    """A loopback port with no listener: connecting to it is refused."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def closed_base_url() -> str:
    return f"http://127.0.0.1:{closed_port()}/v1"


class FakeOpenAI:
    """See the module docstring."""

    def __init__(
        self,
        *,
        reply: ReplySource = None,
        model: str = "fake-model",
        api_key: str | None = None,
        basic_auth: tuple[str, str] | None = None,
        port: int = 0,
        chunk_delay_s: float = 0.0,
        usage: bool = True,
    ) -> None:
        self.reply = reply
        self.model = model
        self.chunk_delay_s = chunk_delay_s
        self.usage = usage
        self._api_key = api_key
        self._basic_auth = basic_auth
        self._port = port
        self._lock = threading.Lock()
        self._arrived = threading.Condition(self._lock)
        self._requests: list[RecordedRequest] = []
        self._faults: list[Fault] = []
        self._random_rate = 0.0
        self._random_kinds: tuple[str, ...] = RANDOM_FAULT_KINDS
        self._rng = random.Random(0)
        self._closing = threading.Event()
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle -------------------------------------------------------------------------------

    def start(self) -> FakeOpenAI:
        if self._httpd is not None:
            raise RuntimeError("FakeOpenAI is already running")
        self._closing.clear()
        httpd = _Server(("127.0.0.1", self._port), _Handler)
        httpd.fake = self
        self._port = httpd.server_address[1]
        self._httpd = httpd
        self._thread = threading.Thread(
            target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, name="fake-openai", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop listening and drop every open connection (hung replies included)."""
        httpd, thread = self._httpd, self._thread
        if httpd is None or thread is None:
            return
        self._closing.set()
        httpd.shutdown()
        thread.join(timeout=5)
        httpd.server_close()
        httpd.drop_connections()
        self._httpd = self._thread = None

    def __enter__(self) -> FakeOpenAI:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    @property
    def running(self) -> bool:
        return self._httpd is not None

    @property
    def port(self) -> int:
        return self._port

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._port}/v1"

    # -- faults ----------------------------------------------------------------------------------

    def fail_next(self, kind: str, count: int = 1, *, route: str = "chat", **params: Any) -> None:
        if kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {kind!r}; one of {', '.join(FAULT_KINDS)}")
        if route not in ROUTES:
            raise ValueError(f"unknown route {route!r}; one of {', '.join(ROUTES)}")
        with self._lock:
            self._faults.extend(Fault(kind, dict(params), route) for _ in range(count))

    def random_faults(
        self, rate: float, *, seed: int = 0, kinds: tuple[str, ...] = RANDOM_FAULT_KINDS
    ) -> None:
        unknown = [k for k in kinds if k not in FAULT_KINDS]
        if unknown:
            raise ValueError(f"unknown fault kinds {unknown}")
        with self._lock:
            self._random_rate = rate
            self._random_kinds = tuple(kinds)
            self._rng = random.Random(seed)

    @property
    def pending_faults(self) -> int:
        with self._lock:
            return len(self._faults)

    def _take_fault(self, route: str) -> Fault | None:
        with self._lock:
            for i, fault in enumerate(self._faults):
                if fault.route in (route, "any"):
                    return self._faults.pop(i)
            if route == "chat" and self._random_rate > 0 and self._rng.random() < self._random_rate:
                return self._random_fault()
        return None

    def _random_fault(self) -> Fault:
        rng = self._rng
        kind = rng.choice(self._random_kinds)
        params: dict[str, Any] = {}
        if kind == "status":
            params["status"] = rng.choice((500, 502, 503))
        elif kind == "rate_limit":
            params["retry_after"] = "0"
        elif kind == "slow":
            params["delay"] = round(rng.uniform(0.0, 0.1), 3)
        elif kind == "cut":
            params["after"] = rng.randint(1, 3)
        elif kind == "invalid_json":
            params["after"] = rng.randint(0, 2)
        elif kind == "hang":
            params["after"] = None
        return Fault(kind, params)

    # -- records ---------------------------------------------------------------------------------

    @property
    def requests(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._requests)

    @property
    def chat_requests(self) -> list[RecordedRequest]:
        return [r for r in self.requests if r.path.endswith("/chat/completions")]

    def wait_for_requests(self, count: int, timeout: float = 5.0) -> list[RecordedRequest]:
        with self._arrived:
            if not self._arrived.wait_for(lambda: len(self._requests) >= count, timeout):
                raise TimeoutError(f"{len(self._requests)} of {count} requests arrived in {timeout} s")
            return list(self._requests)

    def clear(self) -> None:
        with self._lock:
            self._requests.clear()
            self._faults.clear()

    def wire(self) -> bytes:
        """Every byte of every request so far (the Authorization value aside): what a
        logging cloud would have kept. Tests grep it for values that must never arrive."""
        return b"\n".join(r.wire for r in self.requests)

    def _record(self, request: RecordedRequest) -> None:
        with self._arrived:
            self._requests.append(request)
            self._arrived.notify_all()

    def _check_auth(self, header: str | None) -> bool | None:
        if self._basic_auth is not None:
            user, password = self._basic_auth
            token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
            return header == f"Basic {token}"
        if self._api_key is None:
            return None
        return header == f"Bearer {self._api_key}"

    # -- replies ---------------------------------------------------------------------------------

    def reply_words(self, body: dict[str, Any]) -> list[str]:
        """The reply for `body` as the chunks the server streams (one word each)."""
        source = self.reply
        if callable(source):
            text = source(body)
        elif source is not None:
            text = source
        else:
            text = "cloud answer: " + " ".join(_last_user_text(body).split()[:6])
        words = text.split(" ")
        return [words[0]] + [" " + w for w in words[1:]] if words else []


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128
    fake: FakeOpenAI

    def __init__(self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler]) -> None:
        self.live: dict[threading.Thread, socket.socket] = {}
        self.live_lock = threading.Lock()
        super().__init__(address, handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        # Track every connection thread so stop() can close the sockets and join the threads:
        # an idle keep-alive connection left open would keep "the cloud" answering after stop().
        thread = threading.Thread(
            target=self._serve_connection, args=(request, client_address), name="fake-openai-conn"
        )
        thread.daemon = True
        with self.live_lock:
            self.live[thread] = request
        thread.start()

    def _serve_connection(self, request: Any, client_address: Any) -> None:
        try:
            self.finish_request(request, client_address)
        except Exception:
            self.handle_error(request, client_address)
        finally:
            self.shutdown_request(request)
            with self.live_lock:
                self.live.pop(threading.current_thread(), None)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Clients hanging up mid-reply is the point of half these tests; stay quiet about it.
        return None

    def drop_connections(self) -> None:
        with self.live_lock:
            live = dict(self.live)
        for sock in live.values():
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        for thread in live:
            thread.join(timeout=5)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 30  # an idle keep-alive connection ends on its own
    server: _Server

    def setup(self) -> None:
        super().setup()
        # Like real servers: no Nagle delay between the small writes of a stream.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format: str, *args: Any) -> None:
        return None

    @property
    def fake(self) -> FakeOpenAI:
        return self.server.fake

    # -- routing ---------------------------------------------------------------------------------

    def do_GET(self) -> None:
        if self.path.rstrip("/") == "/v1/models":
            fault = self.fake._take_fault("models")
            self._record(None, 0, None, fault)
            if fault is not None and self._apply_plain_fault(fault):
                return
            self._send_json(200, {"object": "list", "data": [_model_entry(self.fake.model)]})
            return
        self._record(None, 0, None, None)
        self._send_json(404, _error_body(f"no route for GET {self.path}", "not_found"))

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body: Any = json.loads(raw) if raw else None
        except ValueError:
            body = None
        if self.path.rstrip("/") != "/v1/chat/completions":
            self._record(body, len(raw), None, None, raw)
            self._send_json(404, _error_body(f"no route for POST {self.path}", "not_found"))
            return
        auth_ok = self.fake._check_auth(self.headers.get("Authorization"))
        fault = self.fake._take_fault("chat") if auth_ok is not False else None
        self._record(body, len(raw), auth_ok, fault, raw)
        if auth_ok is False:
            self._send_json(401, _error_body("Incorrect API key provided", "invalid_api_key"))
            return
        if not isinstance(body, dict) or not isinstance(body.get("messages"), list):
            self._send_json(400, _error_body("body must be a JSON object with messages", "invalid_request"))
            return
        if fault is not None and self._apply_plain_fault(fault):
            return
        self._chat(body, fault)

    def _record(
        self, body: Any, size: int, auth_ok: bool | None, fault: Fault | None, raw: bytes = b""
    ) -> None:
        headers = {}
        for name, value in self.headers.items():
            if name.lower() == "authorization":
                value = value.split(" ", 1)[0] + " <redacted>"
            headers[name.lower()] = value
        head = f"{self.command} {self.path}\n" + "".join(f"{k}: {v}\n" for k, v in headers.items())
        self.fake._record(
            RecordedRequest(
                method=self.command,
                path=self.path,
                headers=headers,
                body=body,
                raw_body_size=size,
                auth_ok=auth_ok,
                fault=fault.kind if fault else None,
                received_at=time.monotonic(),
                client_port=int(self.client_address[1]),
                wire=head.encode("utf-8", "replace") + b"\n" + raw,
            )
        )

    # -- faults that replace the reply -----------------------------------------------------------

    def _apply_plain_fault(self, fault: Fault) -> bool:
        """Apply a fault that needs no reply text; True when the request is fully handled."""
        p = fault.params
        if fault.kind == "status":
            status = int(p.get("status", 500))
            self._send_error_status(status, str(p.get("message", f"injected HTTP {status}")), p)
            return True
        if fault.kind == "rate_limit":
            params = {"retry_after": "1", **p}
            self._send_error_status(429, str(p.get("message", "rate limit reached")), params)
            return True
        if fault.kind == "reset":
            self._abort(reset=True)
            return True
        if fault.kind == "hang" and p.get("after") is None:
            self._hang()
            return True
        if fault.kind == "slow":
            self._pause(float(p.get("delay", 0.5)))
            return False
        return False

    def _send_error_status(self, status: int, message: str, params: dict[str, Any]) -> None:
        headers = {}
        if params.get("retry_after") is not None:
            headers["Retry-After"] = str(params["retry_after"])
        kind = "rate_limit_exceeded" if status == 429 else "server_error" if status >= 500 else "error"
        self._send_json(status, _error_body(message, kind), headers)

    def _hang(self, keepalive: float | None = None) -> None:
        # Wait until the client gives up (closes) or the server stops, never answering.
        conn = self.connection
        next_ping = time.monotonic() + keepalive if keepalive else None
        while not self.fake._closing.is_set():
            try:
                readable, _, _ = select.select([conn], [], [], 0.02)
                if readable and conn.recv(1, socket.MSG_PEEK) == b"":
                    break
                if next_ping is not None and keepalive and time.monotonic() >= next_ping:
                    self._write_chunk(b": keep-alive\n\n")
                    next_ping += keepalive
            except (OSError, ValueError):
                break
        self.close_connection = True

    def _pause(self, seconds: float) -> None:
        self.fake._closing.wait(seconds)

    def _abort(self, *, reset: bool) -> None:
        self.close_connection = True
        try:
            if reset:
                # SO_LINGER 0: close() sends RST instead of FIN.
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                self.connection.close()
            else:
                self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    # -- the reply -------------------------------------------------------------------------------

    def _chat(self, body: dict[str, Any], fault: Fault | None) -> None:
        fake = self.fake
        words = fake.reply_words(body)
        limit = body.get("max_completion_tokens", body.get("max_tokens"))
        finish = "stop"
        if isinstance(limit, int) and 0 <= limit < len(words):
            words, finish = words[:limit], "length"
        prompt_tokens = sum(
            len(str(m.get("content", "")).split()) + 3 for m in body["messages"] if isinstance(m, dict)
        )
        usage = {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": len(words),
            "total_tokens": prompt_tokens + len(words),
        }
        model = str(body.get("model") or fake.model)
        ident = "chatcmpl-" + uuid.uuid4().hex[:12]
        if body.get("stream"):
            options = body.get("stream_options") or {}
            with_usage = fake.usage and isinstance(options, dict) and bool(options.get("include_usage"))
            self._stream(ident, model, words, finish, usage if with_usage else None, fault)
            return
        if fault is not None and fault.kind == "invalid_json":
            self._send_raw(
                200, b'{"id": "' + ident.encode() + b'", "choices": [{"message": ', "application/json"
            )
            return
        reply = {
            "id": ident,
            "object": "chat.completion",
            "created": int(time.time()),
            "model": model,
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": "".join(words)},
                    "finish_reason": finish,
                }
            ],
        }
        if fake.usage:
            reply["usage"] = usage
        if fault is not None and fault.kind == "cut":
            data = json.dumps(reply).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data[: len(data) // 2])
            self._abort(reset=False)
            return
        if fault is not None and fault.kind == "hang":
            self._hang()
            return
        self._send_json(200, reply)

    def _stream(
        self,
        ident: str,
        model: str,
        words: list[str],
        finish: str,
        usage: dict[str, int] | None,
        fault: Fault | None,
    ) -> None:
        kind = fault.kind if fault else None
        params = fault.params if fault else {}
        delay = self.fake.chunk_delay_s
        if kind == "slow":
            delay = float(params.get("chunk_delay", delay))
        created = int(time.time())

        def event(delta: dict[str, Any], finish_reason: str | None = None) -> dict[str, Any]:
            return {
                "id": ident,
                "object": "chat.completion.chunk",
                "created": created,
                "model": model,
                "choices": [{"index": 0, "delta": delta, "finish_reason": finish_reason}],
            }

        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        self._send_event(event({"role": "assistant", "content": ""}))
        for sent, word in enumerate(words):
            if kind == "cut" and sent >= int(params.get("after", 1)):
                self._cut(clean=bool(params.get("clean", False)))
                return
            if kind == "hang" and sent >= int(params["after"]):
                keepalive = params.get("keepalive")
                self._hang(float(keepalive) if keepalive else None)
                return
            if kind == "invalid_json" and sent >= int(params.get("after", 0)):
                self._write_chunk(b'data: {"choices": [{"delta": {"content": tru\n\n')
                self._write_chunk(b"data: [DONE]\n\n")
                self._write_chunk(b"")
                return
            if sent and delay:
                self._pause(delay)
            self._send_event(event({"content": word}))
        if kind == "cut":
            self._cut(clean=bool(params.get("clean", False)))
            return
        self._send_event(event({}, finish))
        if usage is not None:
            self._send_event(
                {
                    "id": ident,
                    "object": "chat.completion.chunk",
                    "created": created,
                    "model": model,
                    "choices": [],
                    "usage": usage,
                }
            )
        self._write_chunk(b"data: [DONE]\n\n")
        self._write_chunk(b"")

    def _cut(self, *, clean: bool) -> None:
        if clean:
            self._write_chunk(b"")  # a proper end of body, just no finish_reason and no [DONE]
            return
        self._abort(reset=False)

    def _send_event(self, payload: dict[str, Any]) -> None:
        self._write_chunk(b"data: " + json.dumps(payload).encode() + b"\n\n")

    def _write_chunk(self, data: bytes) -> None:
        # HTTP/1.1 chunked framing by hand: an empty chunk ends the body.
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))

    def _send_json(self, status: int, payload: dict[str, Any], headers: dict[str, str] | None = None) -> None:
        self._send_raw(status, json.dumps(payload).encode(), "application/json", headers)

    def _send_raw(
        self, status: int, data: bytes, content_type: str, headers: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)


def _last_user_text(body: dict[str, Any]) -> str:
    for message in reversed(body.get("messages") or []):
        if isinstance(message, dict) and message.get("role") == "user":
            return str(message.get("content", ""))
    return "nothing asked"


def _model_entry(model: str) -> dict[str, Any]:
    return {"id": model, "object": "model", "created": 0, "owned_by": "edged-tests"}


def _error_body(message: str, kind: str) -> dict[str, Any]:
    return {"error": {"message": message, "type": kind, "code": kind}}
