"""A client written from docs/protocol.md alone: plain pyzmq, nothing imported from edged.

The daemon runs as its own process (`python -m edged serve`) on ipc:// in a temp dir.
"""

from __future__ import annotations

import json
import signal
import struct
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import zmq

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def endpoint(tiny_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("raw")
    endpoint = f"ipc://{tmp}/edged.sock"
    (tmp / "edged.toml").write_text(
        f'[server]\nendpoint = "{endpoint}"\n[model]\npath = "{tiny_model}"\n[state]\ndir = "{tmp}/state"\n'
    )
    with (tmp / "log").open("w") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "edged", "serve", "--config", str(tmp / "edged.toml")],
            cwd=REPO,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        sock = dealer(endpoint)
        deadline = time.monotonic() + 60
        while True:
            assert time.monotonic() < deadline, (tmp / "log").read_text()
            send(sock, "ping", "wait", {})
            if sock.poll(300):
                frames = sock.recv_multipart()
                if json.loads(frames[4])["state"] == "serving":
                    break
            time.sleep(0.1)
        sock.close(0)
        yield endpoint
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(30) == 0


def dealer(endpoint: str) -> zmq.Socket[Any]:
    sock = zmq.Context.instance().socket(zmq.DEALER)
    sock.setsockopt(zmq.LINGER, 0)
    sock.connect(endpoint)
    return sock


def send(sock: zmq.Socket[Any], op: str, rid: str, body: dict[str, Any]) -> None:
    sock.send_multipart([b"EDGED/1", op.encode(), rid.encode(), json.dumps(body).encode()])


def recv(sock: zmq.Socket[Any]) -> tuple[str, str, int, dict[str, Any]]:
    assert sock.poll(30000), "no response"
    frames = sock.recv_multipart()
    assert len(frames) == 5 and frames[0] == b"EDGED/1"
    (seq,) = struct.unpack(">I", frames[3])
    return frames[1].decode(), frames[2].decode(), seq, json.loads(frames[4].decode("utf-8"))


def test_ping(endpoint: str) -> None:
    sock = dealer(endpoint)
    send(sock, "ping", "p1", {})
    kind, rid, seq, body = recv(sock)
    assert (kind, rid, seq, body["pong"], body["protocol"]) == ("reply", "p1", 0, True, 1)
    sock.close(0)


def test_generate_stream(endpoint: str) -> None:
    sock = dealer(endpoint)
    send(sock, "generate", "g1", {"messages": [{"role": "user", "content": "Hello"}], "max_tokens": 10})
    text, expected_seq = "", 0
    while True:
        kind, rid, seq, body = recv(sock)
        assert rid == "g1" and seq == expected_seq
        expected_seq += 1
        if kind == "chunk":
            text += body["text"]
            continue
        assert kind == "reply"
        break
    assert body["text"] == text
    assert body["backend"] == "local" and body["route"]["explanation"].startswith("local")
    assert set(body["usage"]) >= {"prompt_tokens", "completion_tokens", "cost_usd"}
    assert set(body["timings"]) >= {"ttft_ms", "total_ms", "tokens_per_s"}
    sock.close(0)


def test_errors_are_typed_and_echo_the_request_id(endpoint: str) -> None:
    sock = dealer(endpoint)
    sock.send_multipart([b"EDGED/7", b"ping", b"e1", b"{}"])
    kind, rid, seq, body = recv(sock)
    assert (kind, rid, seq, body["code"], body["request_id"]) == (
        "error",
        "e1",
        0,
        "unsupported_version",
        "e1",
    )
    send(sock, "generate", "e2", {"messages": [{"role": "user", "content": "x"}], "temperature": "warm"})
    kind, rid, seq, body = recv(sock)
    assert (kind, rid, seq, body["code"]) == ("error", "e2", 0, "bad_request")
    assert "temperature" in body["message"]
    sock.send_multipart([b"garbage"])
    kind, rid, _, body = recv(sock)
    assert (kind, rid, body["code"]) == ("error", "", "bad_request")
    sock.close(0)


def test_cancel(endpoint: str) -> None:
    sock = dealer(endpoint)
    send(
        sock,
        "generate",
        "c1",
        {"messages": [{"role": "user", "content": "Tell me a story"}], "max_tokens": 500},
    )
    assert recv(sock)[0] == "chunk"
    send(sock, "cancel", "c2", {"target": "c1"})
    finals = {}
    while len(finals) < 2:
        kind, rid, _, body = recv(sock)
        if kind != "chunk":
            finals[rid] = (kind, body)
    assert finals["c2"] == ("reply", {"cancelled": True, "target": "c1"})
    assert finals["c1"][0] == "error" and finals["c1"][1]["code"] == "cancelled"
    sock.close(0)


def test_a_duplicate_id_is_refused_outside_the_running_stream(endpoint: str) -> None:
    sock = dealer(endpoint)
    story = {"messages": [{"role": "user", "content": "Tell me a story"}], "max_tokens": 500}
    send(sock, "generate", "d1", story)
    assert recv(sock)[:3] == ("chunk", "d1", 0)  # running
    send(sock, "generate", "d1", story)
    send(sock, "ping", "d1", {})
    refused: list[dict[str, Any]] = []
    seqs = [0]
    final: tuple[str, dict[str, Any]] | None = None
    while final is None or len(refused) < 2:
        kind, rid, seq, body = recv(sock)
        if rid == "":
            refused.append(body)
            continue
        assert rid == "d1" and final is None, (kind, seq, body)  # nothing follows the final response
        seqs.append(seq)
        if kind != "chunk":
            final = (kind, body)
    assert [(b["code"], b["request_id"]) for b in refused] == [("duplicate_request", "d1")] * 2
    assert seqs == list(range(len(seqs)))  # no gaps, no second seq 0
    assert final[0] == "reply"
    assert not sock.poll(300)
    send(sock, "ping", "d1", {})  # done: the id is free again
    assert recv(sock)[:3] == ("reply", "d1", 0)
    sock.close(0)
