from __future__ import annotations

import json
import struct

import pytest

from edged.exceptions import PayloadTooLarge, ProtocolError, UnknownOperation, UnsupportedVersion
from edged.protocol import (
    PROTOCOL,
    SamplingParams,
    decode_request,
    decode_response,
    encode_request,
    encode_response,
    parse_cancel,
    parse_generate,
    parse_session,
)

LIMIT = 1024


def frames(op: bytes = b"ping", rid: bytes = b"r1", body: bytes = b"{}") -> list[bytes]:
    return [PROTOCOL, op, rid, body]


def test_round_trip_request() -> None:
    request = decode_request(encode_request("generate", "abc", {"messages": []}), LIMIT)
    assert (request.operation, request.request_id, request.body) == ("generate", "abc", {"messages": []})


def test_round_trip_response() -> None:
    raw = encode_response("chunk", "abc", 7, {"text": "é🙂"})
    assert raw[3] == struct.pack(">I", 7)
    response = decode_response(raw)
    assert (response.kind, response.request_id, response.seq, response.body) == (
        "chunk",
        "abc",
        7,
        {"text": "é🙂"},
    )


def test_empty_body_is_an_empty_object() -> None:
    assert decode_request(frames(body=b""), LIMIT).body == {}


@pytest.mark.parametrize(
    ("raw", "error", "rid"),
    [
        ([], ProtocolError, None),
        ([b"HELLO", b"ping", b"r1", b"{}"], ProtocolError, "r1"),
        ([b"EDGED/2", b"ping", b"r1", b"{}"], UnsupportedVersion, "r1"),
        ([PROTOCOL, b"ping", b"r1"], ProtocolError, "r1"),
        ([PROTOCOL, b"ping", b"r1", b"{}", b"extra"], ProtocolError, "r1"),
        (frames(op=b"explode"), UnknownOperation, "r1"),
        (frames(op=b"\xff\xfe"), UnknownOperation, "r1"),
        (frames(rid=b""), ProtocolError, None),
        (frames(rid=b"has space"), ProtocolError, None),
        (frames(rid=b"x" * 65), ProtocolError, None),
        (frames(body=b"{not json"), ProtocolError, "r1"),
        (frames(body=b"[1, 2]"), ProtocolError, "r1"),
        (frames(body=b"\xff\xfe"), ProtocolError, "r1"),
        (frames(body=b'{"x": NaN}'), ProtocolError, "r1"),
        (frames(body=b"[" * 100000), ProtocolError, "r1"),
        (frames(body=b"{" + b'"a":1,' * 400 + b'"b":2}'), PayloadTooLarge, "r1"),
    ],
)
def test_malformed_requests_raise_typed_errors(
    raw: list[bytes], error: type[Exception], rid: str | None
) -> None:
    with pytest.raises(error) as info:
        decode_request(raw, LIMIT)
    assert getattr(info.value, "request_id", None) == rid


def msg(**body: object) -> dict[str, object]:
    return {"messages": [{"role": "user", "content": "hi"}], **body}


def test_generate_defaults() -> None:
    params = parse_generate(msg(), "r", max_tokens_limit=100)
    assert params.route == "auto" and params.stream and params.sampling == SamplingParams()
    assert params.messages == ({"role": "user", "content": "hi"},)


def test_fields_left_out_take_the_given_defaults() -> None:
    defaults = SamplingParams(max_tokens=77, repetition_penalty=1.1)
    params = parse_generate(msg(), "r", max_tokens_limit=100, defaults=defaults)
    assert params.sampling == defaults
    given = parse_generate(
        msg(max_tokens=5, repetition_penalty=1.3), "r", max_tokens_limit=100, defaults=defaults
    )
    assert given.sampling.max_tokens == 5 and given.sampling.repetition_penalty == 1.3


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ({}, "messages"),
        ({"messages": []}, "messages"),
        ({"messages": "hi"}, "messages"),
        ({"messages": [{"role": "robot", "content": "x"}]}, "role"),
        ({"messages": [{"role": "user", "content": 5}]}, "content"),
        ({"messages": [{"role": "user", "content": "\ud800"}]}, "surrogate"),
        ({"messages": [{"role": "assistant", "content": "x"}]}, "last message"),
        (msg(max_tokens=0), "max_tokens"),
        (msg(max_tokens=101), "max_tokens"),
        (msg(max_tokens="10"), "max_tokens"),
        (msg(max_tokens=True), "max_tokens"),
        (msg(temperature=-1), "temperature"),
        (msg(temperature="hot"), "temperature"),
        (msg(top_p=0), "top_p"),
        (msg(seed=-1), "seed"),
        (msg(stop=[1]), "stop"),
        (msg(stop=["x"] * 9), "stop"),
        (msg(route="moon"), "route"),
        (msg(privacy="lax"), "privacy"),
        (msg(stream="yes"), "stream"),
        (msg(session_id=7), "session_id"),
        (msg(timeout_s=0), "timeout_s"),
    ],
)
def test_generate_rejects_bad_fields_naming_them(body: dict[str, object], fragment: str) -> None:
    with pytest.raises(ProtocolError, match=fragment) as info:
        parse_generate(body, "r9", max_tokens_limit=100)
    assert info.value.request_id == "r9"
    assert info.value.code == "bad_request"


def test_generate_accepts_a_full_body() -> None:
    params = parse_generate(
        msg(max_tokens=5, temperature=0.7, top_p=0.9, top_k=40, seed=3, stop="END", session_id="s-1",
            route="cloud", privacy="strict", max_cost=0.01, stream=False, timeout_s=2.5, future_field=1),
        "r",
        max_tokens_limit=100,
    )  # fmt: skip
    assert params.sampling == SamplingParams(
        max_tokens=5, temperature=0.7, top_p=0.9, top_k=40, seed=3, stop=("END",)
    )
    assert params.route == "cloud" and params.privacy == "strict" and params.extra == {"future_field": 1}


def test_cancel_and_session_bodies() -> None:
    assert parse_cancel({"target": "abc"}, "r") == "abc"
    with pytest.raises(ProtocolError):
        parse_cancel({}, "r")
    assert parse_session({"action": "list"}, "r") == ("list", None, 50, 0)
    with pytest.raises(ProtocolError):
        parse_session({"action": "show"}, "r")
    with pytest.raises(ProtocolError):
        parse_session({"action": "drop", "session_id": "x"}, "r")


def test_responses_are_compact_utf8_json() -> None:
    raw = encode_response("reply", "r", 0, {"text": "日本"})
    assert json.loads(raw[4].decode("utf-8")) == {"text": "日本"}
    assert "日本".encode() in raw[4]
