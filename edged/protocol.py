"""The edged wire protocol, sans I/O: frames in, typed messages out. No sockets here.

Specified in docs/protocol.md. In short, over a ZeroMQ DEALER (client) ↔ ROUTER (daemon) pair:

request   [b"EDGED/1", operation, request_id, body]
response  [b"EDGED/1", kind, request_id, seq, body]

* operation: generate | status | route | cancel | ping | session
* kind: chunk (zero or more, generate only) then exactly one reply or error
* request_id: 1–64 printable ASCII bytes chosen by the client, unique among its requests in flight
* seq: 4-byte big-endian unsigned counter per request, from 0
* body: a UTF-8 JSON object
"""

from __future__ import annotations

import json
import math
import struct
from dataclasses import dataclass, field
from typing import Any

from edged._types import RoutePolicy
from edged.exceptions import PayloadTooLarge, ProtocolError, UnknownOperation, UnsupportedVersion

__all__ = [
    "MAX_REQUEST_ID",
    "OPERATIONS",
    "PROTOCOL",
    "PROTOCOL_VERSION",
    "GenerateParams",
    "Request",
    "Response",
    "SamplingParams",
    "decode_request",
    "decode_response",
    "encode_request",
    "encode_response",
    "parse_generate",
    "parse_route",
]

PROTOCOL_VERSION = 1
PROTOCOL = b"EDGED/1"
_PREFIX = b"EDGED/"
OPERATIONS = ("generate", "status", "route", "cancel", "ping", "session")
KINDS = ("chunk", "reply", "error")
MAX_REQUEST_ID = 64
ROLES = ("system", "user", "assistant")
MAX_STOP = 8
MAX_STOP_LEN = 64
_SEQ = struct.Struct(">I")


@dataclass(frozen=True)
class Request:
    operation: str
    request_id: str
    body: dict[str, Any]


@dataclass(frozen=True)
class Response:
    kind: str
    request_id: str
    seq: int
    body: dict[str, Any]


def _json_bytes(body: dict[str, Any]) -> bytes:
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")


def _valid_request_id(raw: bytes) -> str | None:
    if not 1 <= len(raw) <= MAX_REQUEST_ID:
        return None
    if any(b < 0x21 or b > 0x7E for b in raw):
        return None
    return raw.decode("ascii")


def encode_request(operation: str, request_id: str, body: dict[str, Any] | None = None) -> list[bytes]:
    return [PROTOCOL, operation.encode("ascii"), request_id.encode("ascii"), _json_bytes(body or {})]


def encode_response(kind: str, request_id: str, seq: int, body: dict[str, Any]) -> list[bytes]:
    return [PROTOCOL, kind.encode("ascii"), request_id.encode("ascii"), _SEQ.pack(seq), _json_bytes(body)]


def request_id_of(frames: list[bytes]) -> str:
    """Best-effort request id of a (possibly malformed) request, for its error reply."""
    if len(frames) >= 3:
        return _valid_request_id(frames[2]) or ""
    return ""


def decode_request(frames: list[bytes], max_body_bytes: int) -> Request:
    """Validate and decode one request (routing identity already stripped).

    Raises ProtocolError (or a subclass) with `request_id` set when one could be read.
    """
    rid = request_id_of(frames)
    if not frames or not frames[0].startswith(_PREFIX):
        raise ProtocolError(
            "not an edged request: the first frame must be b'EDGED/1'", request_id=rid or None
        )
    if frames[0] != PROTOCOL:
        version = frames[0][len(_PREFIX) :].decode("ascii", "replace")
        raise UnsupportedVersion(
            f"protocol version {version!r} is not supported; this daemon speaks EDGED/{PROTOCOL_VERSION}",
            request_id=rid or None,
        )
    if len(frames) != 4:
        raise ProtocolError(f"a request has 4 frames, got {len(frames)}", request_id=rid or None)
    if not rid:
        raise ProtocolError("the request id must be 1–64 printable ASCII bytes")
    try:
        operation = frames[1].decode("ascii")
    except UnicodeDecodeError:
        operation = ""
    if operation not in OPERATIONS:
        raise UnknownOperation(
            f"unknown operation {frames[1][:32]!r}; known: {', '.join(OPERATIONS)}", request_id=rid
        )
    if len(frames[3]) > max_body_bytes:
        raise PayloadTooLarge(
            f"the body is {len(frames[3])} bytes; the limit is {max_body_bytes}", request_id=rid
        )
    body = _decode_body(frames[3], rid)
    return Request(operation, rid, body)


def _decode_body(raw: bytes, rid: str | None) -> dict[str, Any]:
    if not raw:
        return {}
    try:
        body = json.loads(raw.decode("utf-8"), parse_constant=_reject_constant)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError, ValueError) as exc:
        raise ProtocolError(f"the body is not valid UTF-8 JSON: {exc}", request_id=rid or None) from None
    if not isinstance(body, dict):
        raise ProtocolError("the body must be a JSON object", request_id=rid or None)
    return body


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def decode_response(frames: list[bytes]) -> Response:
    if len(frames) != 5 or frames[0] != PROTOCOL:
        raise ProtocolError(f"not an EDGED/1 response ({len(frames)} frames)")
    kind = frames[1].decode("ascii", "replace")
    if kind not in KINDS:
        raise ProtocolError(f"unknown response kind {kind!r}")
    if len(frames[3]) != 4:
        raise ProtocolError("the seq frame must be 4 bytes")
    rid = frames[2].decode("ascii", "replace")
    return Response(kind, rid, _SEQ.unpack(frames[3])[0], _decode_body(frames[4], rid))


# -- operation bodies ----------------------------------------------------------------------------


@dataclass(frozen=True)
class SamplingParams:
    """How tokens are chosen and when generation stops.

    The one definition of these fields: a parsed request carries it, the backends pass it on,
    and the local engine samples with it.
    """

    max_tokens: int = 256
    temperature: float = 0.0  # 0: greedy
    top_p: float = 1.0
    top_k: int = 0  # 0: no top-k cut
    repetition_penalty: float = 1.0
    seed: int | None = None
    stop: tuple[str, ...] = ()

    @property
    def greedy(self) -> bool:
        return self.temperature <= 0.0 or self.top_k == 1


@dataclass(frozen=True)
class GenerateParams:
    messages: tuple[dict[str, str], ...]
    sampling: SamplingParams = field(default_factory=SamplingParams)
    session_id: str | None = None
    create_session: bool = True
    route: RoutePolicy = "auto"
    privacy: str | None = None
    max_cost: float | None = None
    stream: bool = True
    timeout_s: float | None = None
    extra: dict[str, Any] = field(default_factory=dict)


_GENERATE_KEYS = {
    "messages", "max_tokens", "temperature", "top_p", "top_k", "repetition_penalty", "seed", "stop",
    "session_id", "create_session", "route", "privacy", "max_cost", "stream", "timeout_s",
}  # fmt: skip


class _Body:
    """Typed field access with errors that name the field."""

    def __init__(self, body: dict[str, Any], rid: str) -> None:
        self.body = body
        self.rid = rid

    def fail(self, message: str) -> ProtocolError:
        return ProtocolError(message, request_id=self.rid)

    def number(
        self, key: str, default: float | None, lo: float, hi: float, *, lo_open: bool = False
    ) -> float | None:
        value = self.body.get(key, default)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise self.fail(f"{key} must be a number, got {value!r}")
        if value < lo or value > hi or (lo_open and value == lo):
            bound = f"({lo}, {hi}]" if lo_open else f"[{lo}, {hi}]"
            raise self.fail(f"{key} must be in {bound}, got {value!r}")
        return float(value)

    def integer(self, key: str, default: int | None, lo: int, hi: int) -> int | None:
        value = self.body.get(key, default)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(f"{key} must be an integer, got {value!r}")
        if value < lo or value > hi:
            raise self.fail(f"{key} must be in [{lo}, {hi}], got {value!r}")
        return value

    def string(
        self, key: str, default: str | None, choices: tuple[str, ...] = (), max_len: int = 256
    ) -> str | None:
        value = self.body.get(key, default)
        if value is None:
            return default
        if not isinstance(value, str):
            raise self.fail(f"{key} must be a string, got {type(value).__name__}")
        if choices and value not in choices:
            raise self.fail(f"{key} must be one of {', '.join(choices)}, got {value[:40]!r}")
        if len(value) > max_len:
            raise self.fail(f"{key} is longer than {max_len} characters")
        return value

    def boolean(self, key: str, default: bool) -> bool:
        value = self.body.get(key, default)
        if not isinstance(value, bool):
            raise self.fail(f"{key} must be true or false, got {value!r}")
        return value


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def parse_messages(body: _Body, *, required: bool = True) -> tuple[dict[str, str], ...]:
    raw = body.body.get("messages")
    if raw is None and not required:
        return ()
    if not isinstance(raw, list) or not raw:
        raise body.fail("messages must be a non-empty list of {role, content} objects")
    out = []
    for i, message in enumerate(raw):
        if not isinstance(message, dict):
            raise body.fail(f"messages[{i}] must be an object")
        role, content = message.get("role"), message.get("content")
        if role not in ROLES:
            raise body.fail(f"messages[{i}].role must be one of {', '.join(ROLES)}, got {role!r}")
        if not isinstance(content, str):
            raise body.fail(f"messages[{i}].content must be a string")
        if not _encodable(content):
            raise body.fail(f"messages[{i}].content holds an unpaired surrogate (not valid Unicode text)")
        out.append({"role": role, "content": content})
    if out[-1]["role"] != "user":
        raise body.fail("the last message must have role 'user'")
    return tuple(out)


_ROUTE_POLICIES: tuple[RoutePolicy, ...] = ("auto", "local", "cloud")


def parse_generate(
    raw: dict[str, Any],
    request_id: str,
    *,
    max_tokens_limit: int,
    defaults: SamplingParams | None = None,
) -> GenerateParams:
    """Validate a generate (or route) body; fields the client left out take `defaults`."""
    body = _Body(raw, request_id)
    base = defaults or SamplingParams()
    messages = parse_messages(body)
    stop_raw = raw.get("stop", [])
    if isinstance(stop_raw, str):
        stop_raw = [stop_raw]
    if not isinstance(stop_raw, list) or len(stop_raw) > MAX_STOP:
        raise body.fail(f"stop must be a string or a list of at most {MAX_STOP} strings")
    for s in stop_raw:
        if not isinstance(s, str) or not 0 < len(s) <= MAX_STOP_LEN:
            raise body.fail(f"each stop string must be 1–{MAX_STOP_LEN} characters")
    session_id = body.string("session_id", None, max_len=128)
    seed = raw.get("seed")
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed < 2**63):
        raise body.fail(f"seed must be a non-negative integer, got {seed!r}")
    privacy = body.string("privacy", None, choices=("auto", "strict"))
    route = body.string("route", "auto", choices=_ROUTE_POLICIES)
    sampling = SamplingParams(
        max_tokens=body.integer("max_tokens", None, 1, max_tokens_limit) or base.max_tokens,
        temperature=body.number("temperature", 0.0, 0.0, 2.0) or 0.0,
        top_p=body.number("top_p", 1.0, 0.0, 1.0, lo_open=True) or 1.0,
        top_k=body.integer("top_k", 0, 0, 1_000_000) or 0,
        repetition_penalty=(
            body.number("repetition_penalty", None, 0.0, 10.0, lo_open=True) or base.repetition_penalty
        ),
        seed=seed,
        stop=tuple(stop_raw),
    )
    return GenerateParams(
        messages=messages,
        sampling=sampling,
        session_id=session_id,
        create_session=body.boolean("create_session", True),
        route=_route_policy(route),
        privacy=None if privacy in (None, "auto") else privacy,
        max_cost=body.number("max_cost", None, 0.0, 1e6),
        stream=body.boolean("stream", True),
        timeout_s=body.number("timeout_s", None, 0.0, 86400.0, lo_open=True),
        extra={k: v for k, v in raw.items() if k not in _GENERATE_KEYS},
    )


def _route_policy(value: str | None) -> RoutePolicy:
    for policy in _ROUTE_POLICIES:  # narrows the checked string to the literal type
        if value == policy:
            return policy
    return "auto"


def parse_route(
    raw: dict[str, Any],
    request_id: str,
    *,
    max_tokens_limit: int,
    defaults: SamplingParams | None = None,
) -> GenerateParams:
    """A `route` dry-run takes the same fields as `generate` and runs nothing."""
    return parse_generate(raw, request_id, max_tokens_limit=max_tokens_limit, defaults=defaults)


def parse_cancel(raw: dict[str, Any], request_id: str) -> str:
    target = _Body(raw, request_id).string("target", None, max_len=MAX_REQUEST_ID)
    if not target:
        raise ProtocolError("cancel needs target: the request id to cancel", request_id=request_id)
    return target


def parse_session(raw: dict[str, Any], request_id: str) -> tuple[str, str | None, int, int]:
    body = _Body(raw, request_id)
    action = body.string("action", None, choices=("list", "show", "delete"))
    if action is None:
        raise ProtocolError("session needs action: list, show or delete", request_id=request_id)
    session_id = body.string("session_id", None, max_len=128)
    if action != "list" and not session_id:
        raise ProtocolError(f"session {action} needs session_id", request_id=request_id)
    limit = body.integer("limit", 50, 1, 1000) or 50
    offset = body.integer("offset", 0, 0, 10**9) or 0
    return action, session_id, limit, offset
