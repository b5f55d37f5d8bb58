"""A real daemon on ipc:// in a temp dir, driven through edged.Client / AsyncClient."""

from __future__ import annotations

import asyncio
import os
import random
import re
import socket
import stat
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import zmq

import edged
from edged.exceptions import Busy, Cancelled, DuplicateRequest, UnknownSession
from edged.protocol import PROTOCOL, decode_response, encode_request
from tests.support.daemon import DaemonThread, make_config, raw_dealer
from tests.support.fake_openai import closed_port

HI = [{"role": "user", "content": "Hello there"}]


@pytest.fixture
def daemon(tmp_path: Path, tiny_model: Path) -> Iterator[DaemonThread]:
    with DaemonThread(make_config(tmp_path, tiny_model)) as d:
        yield d


def test_ping_and_status(daemon: DaemonThread) -> None:
    with edged.Client(daemon.endpoint, timeout=10) as client:
        assert client.ping()["state"] == "serving"
        status = client.status()
    assert status["state"] == "serving"
    assert status["model"]["providers"][0] == "CPUExecutionProvider"
    assert status["model"]["state"] == "ready"
    for key in ("queue", "hardware", "network", "budget", "routes", "privacy", "uptime_s", "in_flight"):
        assert key in status
    assert status["network"]["state"] == "down"  # no cloud configured
    assert status["hardware"]["memory"]["level"] in ("ok", "elevated", "critical")
    assert status["profile"]["state"] == "missing"  # tests/test_profile.py covers ok and stale


def test_socket_file_mode(daemon: DaemonThread) -> None:
    path = Path(daemon.endpoint[len("ipc://") :])
    assert stat.S_IMODE(path.stat().st_mode) == 0o660


def test_generate_streams_then_replies(daemon: DaemonThread) -> None:
    with edged.Client(daemon.endpoint, timeout=30) as client:
        stream = client.generate(HI, max_tokens=16)
        chunks = list(stream)
        reply = stream.reply
    assert reply is not None
    assert "".join(c.text for c in chunks) == reply.text
    assert reply.backend == "local" and reply.fallback is None
    assert reply.route["route"] == "local" and "explanation" in reply.route
    assert reply.usage["completion_tokens"] <= 16
    assert set(reply.timings) >= {"ttft_ms", "total_ms", "tokens_per_s", "queue_ms"}


def test_non_streaming_reply_has_no_chunks(daemon: DaemonThread) -> None:
    sock = raw_dealer(daemon.endpoint)
    sock.send_multipart(encode_request("generate", "ns", {"messages": HI, "max_tokens": 8, "stream": False}))
    assert sock.poll(30000)
    response = decode_response(sock.recv_multipart())
    assert response.kind == "reply" and response.seq == 0
    sock.close(0)


def test_many_concurrent_requests_share_one_connection(daemon: DaemonThread) -> None:
    async def main() -> list[edged.Reply]:
        async with edged.AsyncClient(daemon.endpoint, timeout=60) as client:

            async def one(i: int) -> edged.Reply:
                stream = await client.generate(
                    [{"role": "user", "content": f"Question {i}"}], max_tokens=8 + i
                )
                text = "".join([c.text async for c in stream])
                assert stream.reply is not None and text == stream.reply.text
                return stream.reply

            return await asyncio.gather(*(one(i) for i in range(6)))

    replies = asyncio.run(main())
    assert len(replies) == 6 and all(r.backend == "local" for r in replies)


def test_sequence_numbers_have_no_gaps(daemon: DaemonThread) -> None:
    sock = raw_dealer(daemon.endpoint)
    for rid in ("a", "b"):
        sock.send_multipart(encode_request("generate", rid, {"messages": HI, "max_tokens": 12}))
    seen: dict[str, list[int]] = {"a": [], "b": []}
    finals = 0
    while finals < 2:
        assert sock.poll(30000)
        response = decode_response(sock.recv_multipart())
        seen[response.request_id].append(response.seq)
        finals += response.kind in ("reply", "error")
    for seqs in seen.values():
        assert seqs == list(range(len(seqs)))
    sock.close(0)


def test_queue_full_is_busy_and_every_request_ends_once(tmp_path: Path, tiny_model: Path) -> None:
    config = make_config(tmp_path, tiny_model, server={"queue_size": 1})
    with DaemonThread(config) as d:
        sock = raw_dealer(d.endpoint)
        n = 12
        for i in range(n):
            sock.send_multipart(encode_request("generate", f"q{i}", {"messages": HI, "max_tokens": 400}))
        finals: dict[str, str] = {}
        while len(finals) < n:
            assert sock.poll(60000)
            response = decode_response(sock.recv_multipart())
            if response.kind != "chunk":
                assert response.request_id not in finals, "two final responses for one request"
                finals[response.request_id] = (
                    response.kind if response.kind == "reply" else response.body["code"]
                )
        assert set(finals.values()) <= {"reply", "busy"}
        assert "busy" in finals.values() and "reply" in finals.values()
        sock.close(0)
        with edged.Client(d.endpoint) as client:
            assert client.status()["queue"]["depth"] == 0


def test_cancel_ends_with_cancelled_and_frees_the_model(daemon: DaemonThread) -> None:
    with edged.Client(daemon.endpoint, timeout=30) as client:
        stream = client.generate(HI, max_tokens=500, temperature=1.0, seed=3)
        iterator = iter(stream)
        next(iterator)
        assert client.cancel(stream.request_id) is True
        with pytest.raises(Cancelled):
            for _ in iterator:
                pass
        assert client.cancel("never-seen") is False
        assert client.complete(HI, max_tokens=4).backend == "local"
        assert client.status()["queue"]["depth"] == 0


def test_vanished_client_frees_its_slot(daemon: DaemonThread) -> None:
    sock = raw_dealer(daemon.endpoint)
    sock.send_multipart(encode_request("generate", "gone", {"messages": HI, "max_tokens": 500}))
    assert sock.poll(30000)
    sock.close(0)
    with edged.Client(daemon.endpoint, timeout=30) as client:
        deadline = time.monotonic() + 20
        while client.status()["in_flight"] > 0:
            assert time.monotonic() < deadline, "the vanished client's request never ended"
            time.sleep(0.05)
        assert client.complete(HI, max_tokens=4).text is not None


def test_duplicate_request_id(daemon: DaemonThread) -> None:
    sock = raw_dealer(daemon.endpoint)
    body = {"messages": HI, "max_tokens": 300}
    sock.send_multipart(encode_request("generate", "dup", body))
    sock.send_multipart(encode_request("generate", "dup", body))
    codes = []
    while True:
        assert sock.poll(30000)
        response = decode_response(sock.recv_multipart())
        if response.kind == "error":
            codes.append(response.body["code"])
            # Under the empty id: the running request's stream stays its own.
            assert (response.request_id, response.body["request_id"]) == ("", "dup")
        if response.kind == "reply":
            break
    assert codes == ["duplicate_request"]
    sock.close(0)
    assert DuplicateRequest.code == "duplicate_request"


def test_oversize_payloads(tmp_path: Path, tiny_model: Path) -> None:
    config = make_config(tmp_path, tiny_model, server={"max_request_bytes": 4096, "max_message_bytes": 65536})
    with DaemonThread(config) as d:
        sock = raw_dealer(d.endpoint)
        big = {"messages": [{"role": "user", "content": "x" * 10000}]}
        sock.send_multipart(encode_request("generate", "big", big))
        assert sock.poll(10000)
        response = decode_response(sock.recv_multipart())
        assert response.kind == "error" and response.body["code"] == "payload_too_large"
        # Over MAXMSGSIZE libzmq drops the connection without a reply; the daemon serves on.
        sock.send_multipart(
            encode_request("generate", "huge", {"messages": [{"role": "user", "content": "x" * 200000}]})
        )
        assert not sock.poll(1000)
        sock.close(0)
        with edged.Client(d.endpoint, timeout=10) as client:
            assert client.ping()["pong"] is True


def test_typed_errors_for_bad_input(daemon: DaemonThread) -> None:
    sock = raw_dealer(daemon.endpoint)
    cases = {
        "v": [b"EDGED/9", b"ping", b"v", b"{}"],
        "op": [PROTOCOL, b"dance", b"op", b"{}"],
        "json": [PROTOCOL, b"generate", b"json", b"{oops"],
        "type": [
            PROTOCOL,
            b"generate",
            b"type",
            b'{"messages": [{"role": "user", "content": "x"}], "max_tokens": "9"}',
        ],
        "frames": [PROTOCOL, b"ping", b"frames"],
    }
    expected = {
        "v": "unsupported_version",
        "op": "unknown_operation",
        "json": "bad_request",
        "type": "bad_request",
        "frames": "bad_request",
    }
    for frames in cases.values():
        sock.send_multipart(frames)
    got = {}
    for _ in cases:
        assert sock.poll(10000)
        response = decode_response(sock.recv_multipart())
        assert response.kind == "error"
        got[response.request_id] = response.body["code"]
    assert got == expected
    sock.close(0)


def test_fuzz_ten_thousand_frames_then_a_valid_request(daemon: DaemonThread) -> None:
    rng = random.Random(20261129)
    valid = encode_request("generate", "ok", {"messages": HI, "max_tokens": 4})
    sock = raw_dealer(daemon.endpoint)
    sock.setsockopt(zmq.SNDHWM, 0)
    for i in range(10_000):
        kind = rng.random()
        if kind < 0.3:  # random frames
            frames = [rng.randbytes(rng.randint(0, 40)) for _ in range(rng.randint(1, 7))]
        elif kind < 0.7:  # a valid request with one frame mutated
            frames = list(valid)
            j = rng.randrange(len(frames))
            raw = bytearray(frames[j])
            for _ in range(rng.randint(1, 4)):
                if raw and rng.random() < 0.7:
                    raw[rng.randrange(len(raw))] = rng.randrange(256)
                else:
                    raw.insert(rng.randint(0, len(raw)), rng.randrange(256))
            frames[j] = bytes(raw)
            frames[2] = f"f{i}".encode()  # keep ids distinct so none is a duplicate
        else:  # valid envelope, hostile body
            body = rng.choice([b"null", b"[]", b'{"messages": 1}', b'{"messages": [{}]}', b'"str"', b"{" * 50,
                               b'{"messages":[{"role":"user","content":"x"}],"temperature":1e999}',
                               b'{"messages":[{"role":"user","content":"x"}],"stop":[[]]}'])  # fmt: skip
            frames = [
                PROTOCOL,
                rng.choice([b"generate", b"route", b"cancel", b"session"]),
                f"h{i}".encode(),
                body,
            ]
        sock.send_multipart(frames)
    # Drain what came back (mutations that stayed valid are real requests, some of them busy),
    # then the daemon must still answer a valid request.
    answered = 0
    while sock.poll(3000):
        sock.recv_multipart()
        answered += 1
    assert answered > 5000
    sock.send_multipart(valid)
    deadline = time.monotonic() + 120
    while True:
        assert time.monotonic() < deadline, "no reply to the valid request after the fuzz"
        if not sock.poll(5000):
            continue
        response = decode_response(sock.recv_multipart())
        if response.request_id == "ok" and response.kind in ("reply", "error"):
            assert response.kind == "reply", response.body
            break
    sock.close(0)
    with edged.Client(daemon.endpoint, timeout=10) as client:
        status = client.status()
    assert status["state"] == "serving" and status["requests"]["frames"] >= 10_001


def test_sessions_keep_history_and_unknown_sessions_are_typed(daemon: DaemonThread) -> None:
    with edged.Client(daemon.endpoint, timeout=30) as client:
        first = client.complete("My name is Ada.", session_id="s1", max_tokens=6)
        client.complete("What is my name?", session_id="s1", max_tokens=6)
        session = client.session("s1")
        assert [t["role"] for t in session["turns"]] == ["user", "assistant", "user", "assistant"]
        assert session["turns"][1]["backend"] == first.backend == "local"
        assert any(row["session_id"] == "s1" for row in client.sessions())
        with pytest.raises(UnknownSession):
            client.complete("hi", session_id="nope", create_session=False)
        client.delete_session("s1")
        with pytest.raises(UnknownSession):
            client.session("s1")


def test_route_dry_run(daemon: DaemonThread) -> None:
    with edged.Client(daemon.endpoint, timeout=10) as client:
        decision = client.route("Summarize: the cat sat on the mat.")
        assert decision["route"] == "local"
        assert decision["explanation"].startswith("local:")
        pinned = client.route("My SSN is 123-45-6789, write my tax plan", route="cloud")
        assert pinned["pinned"] is True and pinned["route"] == "local"


def test_client_errors_without_a_daemon(tmp_path: Path) -> None:
    with pytest.raises(edged.DaemonUnavailable):
        edged.Client(f"ipc://{tmp_path}/none.sock").ping()


def stale_socket_file(tmp_path: Path) -> str:
    """The socket file a crashed daemon leaves behind: bound once, nobody listening any more."""
    path = tmp_path / "crashed.sock"
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as gone:
        gone.bind(str(path))
        gone.listen()
    assert path.exists()
    return f"ipc://{path}"


@pytest.mark.parametrize("kind", ["stale ipc socket file", "closed tcp port"])
def test_a_crashed_daemon_is_reported_within_a_second(tmp_path: Path, kind: str) -> None:
    curve: dict[str, str] = {}
    if kind.endswith("file"):
        endpoint = stale_socket_file(tmp_path)
    else:
        if not zmq.has("curve"):
            pytest.skip("libzmq without CURVE")
        from zmq import auth as zmq_auth

        _, server_secret = zmq_auth.create_certificates(tmp_path, "server")
        _, client_secret = zmq_auth.create_certificates(tmp_path, "client")
        curve = {"curve_server_key": server_secret, "curve_secret_key_file": client_secret}
        endpoint = f"tcp://127.0.0.1:{closed_port()}"
    expected = f"no edged daemon at {re.escape(endpoint)}"
    started = time.monotonic()
    with pytest.raises(edged.DaemonUnavailable, match=expected):
        edged.Client(endpoint, timeout=30, **curve).complete(HI)

    async def ask() -> None:
        async with edged.AsyncClient(endpoint, timeout=30, **curve) as client:
            await client.ping(timeout=30)

    with pytest.raises(edged.DaemonUnavailable, match=expected):
        asyncio.run(ask())
    assert time.monotonic() - started < 3.0


def test_busy_is_a_typed_exception_in_the_client(tmp_path: Path, tiny_model: Path) -> None:
    config = make_config(tmp_path, tiny_model, server={"queue_size": 1})
    with DaemonThread(config) as d:

        async def main() -> list[BaseException | edged.Reply]:
            async with edged.AsyncClient(d.endpoint, timeout=60) as client:
                return await asyncio.gather(
                    *(client.complete(HI, max_tokens=300) for _ in range(8)), return_exceptions=True
                )

        results = asyncio.run(main())
    assert any(isinstance(r, Busy) for r in results)
    assert all(isinstance(r, (Busy, edged.Reply)) for r in results)
    assert os.path.exists(tmp_path / "state")


def test_sending_to_a_daemon_that_takes_nothing_times_out(tmp_path: Path) -> None:
    """A send the daemon never takes (its pipe full, a refused CURVE handshake) ends in
    RequestTimeout within the call's time limit, in both clients, instead of blocking for ever."""
    endpoint = f"ipc://{tmp_path}/deaf.sock"
    ctx = zmq.Context()
    deaf = ctx.socket(zmq.ROUTER)  # bound, never read: the pipes to it fill and stay full
    deaf.setsockopt(zmq.LINGER, 0)
    deaf.bind(endpoint)
    try:
        with edged.Client(endpoint) as client:
            started = time.monotonic()
            with pytest.raises(edged.RequestTimeout, match="could not send"):
                for _ in range(200_000):
                    client.generate(HI, timeout=0.5)
            assert time.monotonic() - started < 30

        async def fill() -> None:
            async with edged.AsyncClient(endpoint) as client:
                for _ in range(200_000):
                    await client.generate(HI, timeout=0.5)

        with pytest.raises(edged.RequestTimeout, match="could not send"):
            asyncio.run(fill())
    finally:
        deaf.close(0)
        ctx.term()
