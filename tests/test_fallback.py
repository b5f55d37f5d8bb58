"""Cloud escalation and fallback both ways, through a real daemon and a real HTTP "cloud".

The cloud is tests.support.fake_openai.FakeOpenAI on 127.0.0.1 with injected faults; the local
model is the tiny random model (it loops on newlines: a degenerate answer, which is useful).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import edged
from edged.exceptions import CloudRequired
from tests.support.daemon import DaemonThread, make_config
from tests.support.fake_openai import FakeOpenAI, closed_base_url

HARD = "Write a Python function that parses ISO-8601 durations, with unit tests, and explain the edge cases step by step."
EASY = "Hi"
EMAIL = "jane.doe@example.org"


def cloud_section(base_url: str, **extra: Any) -> dict[str, Any]:
    section = {
        "base_url": base_url,
        "model": "fake-model",
        "max_retries": 1,
        "backoff_base_s": 0.01,
        "backoff_max_s": 0.05,
        "connect_timeout_s": 1.0,
        "first_token_timeout_s": 2.0,
        "total_timeout_s": 10.0,
        "probe_interval_s": 0.2,
        "probe_max_interval_s": 0.5,
        "breaker_failures": 50,
        "price_input_per_1k": 0.5,
        "price_output_per_1k": 1.5,
    }
    section.update(extra)
    return section


@pytest.fixture
def cloud() -> Iterator[FakeOpenAI]:
    with FakeOpenAI() as server:
        yield server


def start(tmp_path: Path, model: Path, base_url: str, **sections: dict[str, Any]) -> DaemonThread:
    cloud_extra = sections.pop("cloud", {})
    config = make_config(tmp_path, model, cloud=cloud_section(base_url, **cloud_extra), **sections)
    return DaemonThread(config)


def stream(client: edged.Client, prompt: Any, **options: Any) -> tuple[list[edged.Chunk], edged.Reply]:
    s = client.generate(prompt, **options)
    chunks = list(s)
    assert s.reply is not None
    return chunks, s.reply


def visible_text(chunks: list[edged.Chunk]) -> str:
    """What a client following docs/protocol.md shows: text after the last restart marker."""
    text = ""
    for chunk in chunks:
        if chunk.event == "fallback" and chunk.body.get("mode") == "restart":
            text = ""
        text += chunk.text
    return text


def bodies(server: FakeOpenAI) -> str:
    return "\n".join(json.dumps(r.body) for r in server.chat_requests)


def wait_network(client: edged.Client, state: str, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while client.status()["network"]["state"] != state:
        assert time.monotonic() < deadline, f"network never became {state}"
        time.sleep(0.05)


def first_token_after(client: edged.Client, prompt: Any, **options: Any) -> tuple[float, edged.Reply]:
    """Seconds from sending the request to its first streamed text, and the reply."""
    sent = time.monotonic()
    first: float | None = None
    s = client.generate(prompt, **options)
    for chunk in s:
        if chunk.text and first is None:
            first = time.monotonic() - sent
    assert s.reply is not None and first is not None
    return first, s.reply


def test_a_hanging_cloud_costs_one_first_token_wait_then_goes_local_at_once(
    tmp_path: Path, tiny_model: Path, cloud: FakeOpenAI
) -> None:
    # The endpoint takes the connection and never sends a byte for chat completions, while its
    # /models (the reachability probe) answers fine. The per-try first-token timeout, the
    # retries and the total are all long: only fallback.max_first_token_wait_s bounds the wait.
    wait = 1.5
    slow = {
        "first_token_timeout_s": 30.0,
        "total_timeout_s": 90.0,
        "max_retries": 2,
        "breaker_cooldown_s": 5.0,
    }
    d = start(tmp_path, tiny_model, cloud.base_url, cloud=slow, fallback={"max_first_token_wait_s": wait})
    cloud.fail_next("hang", count=10)
    with d, edged.Client(d.endpoint, timeout=60) as client:
        wait_network(client, "up")
        first, reply = first_token_after(client, HARD, max_tokens=16)
        assert reply.backend == "local" and reply.fallback == "cloud→local"
        assert "no first token from the cloud within 1.5 s" in (reply.fallback_reason or "")
        assert first < wait + 1.0
        assert len(cloud.chat_requests) == 1  # a first-token timeout is not retried

        # The endpoint is marked: status says so, though its probe still gets through.
        time.sleep(0.5)  # a probe period or two
        status = client.status()
        network = status["network"]
        assert network["state"] == "degraded" and "primary" not in network["blocked"]  # named by host
        assert "circuit open (1 first-token timeout)" in network["blocked"]
        assert "hung" in network["detail"]
        (endpoint,) = status["cloud"]["endpoints"]
        assert endpoint["breaker"]["state"] == "open" and endpoint["breaker"]["consecutive_hangs"] == 1

        # The next request goes local at once: no wait on the cloud at all.
        first, second = first_token_after(client, HARD, max_tokens=16)
        assert second.backend == "local" and second.fallback is None and second.offline
        assert "cloud not answering" in second.route["explanation"]
        assert first < wait / 2
        assert len(cloud.chat_requests) == 1

        # After the cooldown the breaker lets one call check the endpoint; it answers again.
        cloud.clear()
        deadline = time.monotonic() + 10
        while client.status()["network"]["blocked"]:
            assert time.monotonic() < deadline, "the breaker never let a check through"
            time.sleep(0.1)
        _, third = stream(client, HARD, max_tokens=16)
        assert third.backend == "cloud" and third.fallback is None
        network = client.status()["network"]
        assert network["blocked"] == "" and "hung" not in network["detail"]


def test_hard_work_goes_to_the_cloud_and_is_charged(
    tmp_path: Path, tiny_model: Path, cloud: FakeOpenAI
) -> None:
    with start(tmp_path, tiny_model, cloud.base_url) as d, edged.Client(d.endpoint, timeout=30) as client:
        chunks, reply = stream(client, HARD, max_tokens=64)
        assert reply.backend == "cloud" and reply.route["route"] == "cloud"
        assert reply.text.startswith("cloud answer:") and visible_text(chunks) == reply.text
        assert reply.usage["cost_usd"] > 0
        budget = client.status()["budget"]
        assert budget["daily_spent_usd"] == pytest.approx(reply.usage["cost_usd"], abs=2e-6)
        assert cloud.chat_requests[-1].body["messages"][-1]["content"] == HARD


def test_cloud_5xx_falls_back_to_local(tmp_path: Path, tiny_model: Path, cloud: FakeOpenAI) -> None:
    with start(tmp_path, tiny_model, cloud.base_url) as d, edged.Client(d.endpoint, timeout=30) as client:
        cloud.fail_next("status", count=2, status=503)
        _, reply = stream(client, HARD, max_tokens=16)
        assert reply.backend == "local" and reply.fallback == "cloud→local"
        assert "503" in (reply.fallback_reason or "")
        assert len(cloud.chat_requests) == 2  # one try and one retry, then local


def test_429_retry_after_is_honoured(tmp_path: Path, tiny_model: Path, cloud: FakeOpenAI) -> None:
    d = start(tmp_path, tiny_model, cloud.base_url, cloud={"backoff_max_s": 2.0})
    with d, edged.Client(d.endpoint, timeout=30) as client:
        cloud.fail_next("rate_limit", retry_after="0.3")
        _, reply = stream(client, HARD, max_tokens=16)
        assert reply.backend == "cloud" and reply.fallback is None
        first, second = cloud.chat_requests[-2:]
        assert second.received_at - first.received_at >= 0.25


@pytest.mark.parametrize("mode", ["continue", "restart"])
def test_stream_cut_mid_way_marks_then_local_takes_over(
    tmp_path: Path, tiny_model: Path, cloud: FakeOpenAI, mode: str
) -> None:
    with start(tmp_path, tiny_model, cloud.base_url, fallback={"stream_cut": mode}) as d:
        with edged.Client(d.endpoint, timeout=30) as client:
            cloud.fail_next("cut", after=2)
            chunks, reply = stream(client, HARD, max_tokens=16)
    markers = [c for c in chunks if c.event]
    assert len(markers) == 1 and markers[0].body["mode"] == mode
    assert markers[0].body["from"] == "cloud" and markers[0].body["to"] == "local"
    before = chunks[: chunks.index(markers[0])]
    assert [c.backend for c in before] == ["cloud", "cloud"]
    partial = "".join(c.text for c in before)
    assert reply.backend == "local" and reply.fallback == "cloud→local"
    assert visible_text(chunks) == reply.text
    if mode == "continue":
        assert reply.text.startswith(partial)
    assert reply.usage["cost_usd"] > 0  # the cut stream was charged


def _fill(engine: Any, head: str, history: list[dict[str, str]], tokens: int) -> str:
    """`head` padded with words until the local prompt (after `history`) is `tokens` long."""
    text = head
    while len(engine.prompt_ids([*history, {"role": "user", "content": text}])) < tokens:
        text += " lorem"
    return text


CUT_REPLY = " ".join(f"word{i}" for i in range(60))


def test_a_cut_stream_continues_locally_with_room_made_for_its_partial_answer(
    tmp_path: Path, tiny_model: Path, cloud: FakeOpenAI
) -> None:
    """The partial answer is part of the local prompt: older turns make room for it."""
    with start(tmp_path, tiny_model, cloud.base_url) as d, edged.Client(d.endpoint, timeout=30) as client:
        engine = d.daemon.local.engine
        first = _fill(engine, "Keep these notes for later:", [], 200)
        _, earlier = stream(client, first, route="cloud", session_id="long", max_tokens=16)
        history = [{"role": "user", "content": first}, {"role": "assistant", "content": earlier.text}]
        # The whole conversation fills the window but for max_tokens; its latest turn alone, plus
        # the cut answer, fits.
        prompt = _fill(engine, HARD, history, 500)
        assert len(engine.prompt_ids([*history, {"role": "user", "content": prompt}])) <= 512 - 8
        cloud.reply = CUT_REPLY
        cloud.fail_next("cut", after=6)
        chunks, reply = stream(client, prompt, session_id="long", max_tokens=8)
    markers = [c for c in chunks if c.event]
    assert reply.route["route"] == "cloud"
    assert len(markers) == 1 and markers[0].body["mode"] == "continue"
    partial = "".join(c.text for c in chunks[: chunks.index(markers[0])])
    assert partial == "word0 word1 word2 word3 word4 word5"
    # Without dropping the older turn, the prompt and the partial answer would overflow the window.
    assert len(engine.prompt_ids([*history, {"role": "user", "content": prompt}], partial)) > 511
    assert reply.backend == "local" and reply.fallback == "cloud→local"
    assert reply.text.startswith(partial) and visible_text(chunks) == reply.text


def test_a_cut_stream_with_no_room_left_restarts_locally(
    tmp_path: Path, tiny_model: Path, cloud: FakeOpenAI
) -> None:
    """A latest turn that leaves no room for the partial answer: the local model answers afresh."""
    with start(tmp_path, tiny_model, cloud.base_url) as d, edged.Client(d.endpoint, timeout=30) as client:
        engine = d.daemon.local.engine
        prompt = _fill(engine, HARD, [], 500)
        assert len(engine.prompt_ids([{"role": "user", "content": prompt}])) <= 512 - 8
        cloud.reply = CUT_REPLY
        cloud.fail_next("cut", after=6)
        chunks, reply = stream(client, prompt, max_tokens=8)
        assert client.status()["in_flight"] == 0
    markers = [c for c in chunks if c.event]
    assert reply.route["route"] == "cloud"
    assert len(markers) == 1 and markers[0].body["mode"] == "restart"
    partial = "".join(c.text for c in chunks[: chunks.index(markers[0])])
    assert partial == "word0 word1 word2 word3 word4 word5"
    assert len(engine.prompt_ids([{"role": "user", "content": prompt}], partial)) > 511
    assert reply.backend == "local" and reply.fallback == "cloud→local"
    assert "word0" not in reply.text and visible_text(chunks) == reply.text


def test_connection_refused_answers_locally(tmp_path: Path, tiny_model: Path) -> None:
    with start(tmp_path, tiny_model, closed_base_url()) as d, edged.Client(d.endpoint, timeout=30) as client:
        _, reply = stream(client, HARD, max_tokens=8, route="cloud")
        assert reply.backend == "local"
        assert reply.fallback == "cloud→local" or reply.offline


def test_degenerate_local_answer_escalates_to_the_cloud(
    tmp_path: Path, tiny_model: Path, cloud: FakeOpenAI
) -> None:
    with start(tmp_path, tiny_model, cloud.base_url) as d, edged.Client(d.endpoint, timeout=30) as client:
        chunks, reply = stream(client, EASY, max_tokens=24, route="auto")
    assert reply.route["route"] == "local"
    assert reply.backend == "cloud" and reply.fallback == "local→cloud"
    assert "degenerate" in (reply.fallback_reason or "") or "confidence" in (reply.fallback_reason or "")
    restart = [c for c in chunks if c.event == "fallback"]
    assert restart and restart[0].body["mode"] == "restart"
    assert visible_text(chunks) == reply.text
    assert cloud.chat_requests[-1].body["messages"][-1]["content"] == EASY


def test_private_data_never_reaches_the_cloud(tmp_path: Path, tiny_model: Path, cloud: FakeOpenAI) -> None:
    with start(tmp_path, tiny_model, cloud.base_url) as d, edged.Client(d.endpoint, timeout=30) as client:
        prompt = f"{HARD} Send the result to {EMAIL}."
        _, reply = stream(client, prompt, max_tokens=24, route="cloud", session_id="private")
        assert reply.backend == "local" and reply.route["pinned"] is True
        assert "email" in reply.route["privacy"]
        # The local answer is degenerate, but the fallback must not take it to the cloud either.
        assert reply.degraded and reply.fallback is None
        # Later turns of the session stay local even without personal data in them.
        _, later = stream(client, HARD, max_tokens=8, route="cloud", session_id="private")
        assert later.backend == "local" and later.route["pinned"] is True
        # privacy: strict pins a request with no personal data too.
        _, strict = stream(client, HARD, max_tokens=8, privacy="strict")
        assert strict.backend == "local" and strict.route["pinned"] is True
        assert client.status()["privacy"]["pinned_requests"] == 3
    assert EMAIL not in bodies(cloud)
    assert not cloud.chat_requests


def test_sessions_carry_context_across_backends(tmp_path: Path, tiny_model: Path, cloud: FakeOpenAI) -> None:
    with start(tmp_path, tiny_model, cloud.base_url) as d, edged.Client(d.endpoint, timeout=30) as client:
        _, first = stream(client, "Remember the word pelican.", route="cloud", session_id="s", max_tokens=16)
        _, second = stream(client, "And the word walrus.", route="local", session_id="s", max_tokens=4)
        _, third = stream(client, "Which words did I ask you to remember?", route="cloud", session_id="s")
        assert (first.backend, second.backend, third.backend) == ("cloud", "local", "cloud")
        sent = cloud.chat_requests[-1].body["messages"]
        assert [m["content"] for m in sent if m["role"] == "user"] == [
            "Remember the word pelican.",
            "And the word walrus.",
            "Which words did I ask you to remember?",
        ]
        assert sent[1] == {"role": "assistant", "content": first.text}
        assert sent[3]["content"] == second.text
        turns = client.session("s")["turns"]
        assert [t["backend"] for t in turns if t["role"] == "assistant"] == ["cloud", "local", "cloud"]


def test_offline_mode_and_recovery(tmp_path: Path, tiny_model: Path) -> None:
    server = FakeOpenAI()
    server.start()
    base_url = server.base_url
    try:
        with start(tmp_path, tiny_model, base_url) as d, edged.Client(d.endpoint, timeout=30) as client:
            wait_network(client, "up")
            server.stop()
            wait_network(client, "down")
            _, reply = stream(client, HARD, max_tokens=8)
            assert reply.backend == "local" and reply.offline is True
            assert reply.route["offline"] is True and "network down" in reply.route["explanation"]
            server.start()  # the same port again: the network is back
            wait_network(client, "up")
            _, back = stream(client, HARD, max_tokens=8)
            assert back.backend == "cloud" and not back.offline
    finally:
        server.stop()


def test_strict_offline_policy_is_a_typed_error(tmp_path: Path, tiny_model: Path) -> None:
    with start(tmp_path, tiny_model, closed_base_url(), router={"offline": "strict"}) as d:
        with edged.Client(d.endpoint, timeout=30) as client:
            wait_network(client, "down")
            with pytest.raises(CloudRequired):
                client.complete(HARD, max_tokens=8)
            assert client.complete(EASY, max_tokens=4).backend == "local"


def test_spent_budget_keeps_work_local(tmp_path: Path, tiny_model: Path, cloud: FakeOpenAI) -> None:
    from edged.store.ledger import Ledger

    with start(tmp_path, tiny_model, cloud.base_url, budget={"daily_usd": 1.0}) as d:
        with edged.Client(d.endpoint, timeout=30) as client:
            _, first = stream(client, HARD, max_tokens=64)
            assert first.backend == "cloud", first.raw
            # Another process spends the rest of today's budget (the ledger is shared, WAL).
            with Ledger(tmp_path / "state" / "ledger.sqlite3") as ledger:
                ledger.record(
                    endpoint="other", request_id="x", prompt_tokens=1, completion_tokens=1, cost_usd=1.0
                )
            _, second = stream(client, HARD, max_tokens=64)
            assert second.backend == "local"
            assert "budget" in second.route["explanation"]
            assert client.status()["budget"]["left_usd"] == 0


def test_logs_hold_no_prompt_text_unless_asked(
    tmp_path: Path, tiny_model: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    secret_prompt = "Tell me about the zebra-crossing-7731 project"
    with DaemonThread(make_config(tmp_path, tiny_model, logging={"level": "debug"})) as d:
        with edged.Client(d.endpoint, timeout=30) as client:
            client.complete(secret_prompt, max_tokens=4)
    logs = capfd.readouterr().err
    assert "op=generate" in logs  # the access log line is there...
    assert "zebra-crossing-7731" not in logs  # ...without the prompt
    config = make_config(tmp_path / "b", tiny_model, logging={"level": "debug", "log_prompts": True})
    with DaemonThread(config) as d, edged.Client(d.endpoint, timeout=30) as client:
        client.complete(secret_prompt, max_tokens=4)
    assert "zebra-crossing-7731" in capfd.readouterr().err
