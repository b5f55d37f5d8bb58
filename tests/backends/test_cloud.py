"""CloudBackend against a real HTTP server on 127.0.0.1 (tests/support/fake_openai.py)."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging
import time
from collections.abc import Iterator
from email.utils import formatdate
from pathlib import Path
from typing import Any

import pytest

from edged.backends.base import BackendRequest, BackendResult
from edged.backends.cloud import CloudBackend, CloudStream, _retry_after, resolve_api_key
from edged.config import CloudConfig, CloudEndpoint, Config
from edged.exceptions import CloudBackendError, StartupError, StreamCut
from edged.protocol import SamplingParams
from tests.support.fake_openai import FakeOpenAI, closed_base_url

FAST = CloudConfig(
    connect_timeout_s=1.0,
    first_token_timeout_s=2.0,
    total_timeout_s=5.0,
    max_retries=2,
    backoff_base_s=0.01,
    backoff_max_s=0.05,
    breaker_failures=5,
    breaker_cooldown_s=30.0,
)
QUESTION = "What is the tallest mountain in the Alps"
EXPECTED = "cloud answer: What is the tallest mountain in"  # the fake's echo: six words


@pytest.fixture
def server() -> Iterator[FakeOpenAI]:
    with FakeOpenAI() as fake:
        yield fake


def endpoint(url: str, name: str = "primary", **kw: Any) -> CloudEndpoint:
    return CloudEndpoint(name=name, base_url=url, model="fake-model", **kw)


def ask(text: str = QUESTION, **kw: Any) -> BackendRequest:
    return BackendRequest(messages=({"role": "user", "content": text},), **kw)


def run_one(
    endpoints: list[CloudEndpoint], request: BackendRequest | None = None, **kw: Any
) -> tuple[list[str], BackendResult]:
    config = kw.pop("config", FAST)

    async def main() -> tuple[list[str], BackendResult]:
        async with CloudBackend(endpoints, config, **kw) as backend:
            stream = backend.generate(request or ask())
            chunks = [c.text async for c in stream]
            assert stream.result is not None
            return chunks, stream.result

    return asyncio.run(main())


def fails(
    endpoints: list[CloudEndpoint], request: BackendRequest | None = None, **kw: Any
) -> CloudBackendError:
    with pytest.raises(CloudBackendError) as info:
        run_one(endpoints, request, **kw)
    return info.value


# -- happy paths -----------------------------------------------------------------------------------


def test_streaming_reply_arrives_in_chunks(server: FakeOpenAI) -> None:
    chunks, result = run_one([endpoint(server.base_url)])
    assert len(chunks) > 3
    assert "".join(chunks) == EXPECTED == result.text
    assert result.finish_reason == "stop"
    assert result.backend == "cloud"
    assert result.endpoint == "primary"
    assert result.attempts == 1
    assert result.usage_estimated is False
    assert result.completion_tokens == len(chunks)
    (recorded,) = server.chat_requests
    assert recorded.body["stream"] is True
    assert recorded.body["stream_options"] == {"include_usage": True}
    assert recorded.headers["accept"] == "text/event-stream"


def test_non_streaming_reply(server: FakeOpenAI) -> None:
    config = dataclasses.replace(FAST, stream=False)
    chunks, result = run_one([endpoint(server.base_url)], config=config)
    assert chunks == [EXPECTED]
    assert result.text == EXPECTED
    assert result.finish_reason == "stop"
    assert result.usage_estimated is False
    (recorded,) = server.chat_requests
    assert recorded.body["stream"] is False
    assert "stream_options" not in recorded.body


def test_request_parameters_and_whole_conversation_are_sent(server: FakeOpenAI) -> None:
    conversation = (
        {"role": "system", "content": "You are terse."},
        {"role": "user", "content": "Name a colour."},
        {"role": "assistant", "content": "Blue."},
        {"role": "user", "content": QUESTION},
    )
    request = BackendRequest(
        messages=conversation,
        sampling=SamplingParams(max_tokens=64, temperature=0.7, top_p=0.9, seed=42, stop=("\n\n", "END")),
    )
    _, result = run_one([endpoint(server.base_url)], request)
    assert result.text == EXPECTED
    body = server.chat_requests[0].body
    assert body["messages"] == [dict(m) for m in conversation]
    assert body["model"] == "fake-model"
    assert body["max_tokens"] == 64
    assert body["temperature"] == 0.7
    assert body["top_p"] == 0.9
    assert body["seed"] == 42
    assert body["stop"] == ["\n\n", "END"]


def test_continue_from_is_sent_as_a_partial_assistant_message(server: FakeOpenAI) -> None:
    request = ask(continue_from="The tallest is Mont")
    run_one([endpoint(server.base_url)], request)
    messages = server.chat_requests[0].body["messages"]
    assert messages[0] == {"role": "user", "content": QUESTION}
    assert messages[-1] == {"role": "assistant", "content": "The tallest is Mont"}


def test_max_tokens_gives_finish_reason_length(server: FakeOpenAI) -> None:
    chunks, result = run_one([endpoint(server.base_url)], ask(sampling=SamplingParams(max_tokens=3)))
    assert chunks == ["cloud", " answer:", " What"]
    assert result.finish_reason == "length"


def test_usage_and_cost_from_the_endpoint(server: FakeOpenAI) -> None:
    ep = endpoint(server.base_url, price_input_per_1k=0.5, price_output_per_1k=1.5)
    _, result = run_one([ep])
    prompt = len(QUESTION.split()) + 3  # how the fake counts
    completion = len(EXPECTED.split())
    assert (result.prompt_tokens, result.completion_tokens) == (prompt, completion)
    assert result.cost_usd == pytest.approx(prompt / 1000 * 0.5 + completion / 1000 * 1.5)
    assert result.usage()["cost_usd"] == round(result.cost_usd, 8)


@pytest.mark.parametrize("stream", [True, False])
def test_usage_is_estimated_when_the_endpoint_reports_none(stream: bool) -> None:
    with FakeOpenAI(usage=False) as fake:
        ep = endpoint(fake.base_url, price_input_per_1k=1.0, price_output_per_1k=2.0)
        config = dataclasses.replace(FAST, stream=stream)
        _, result = run_one([ep], config=config, count_tokens=lambda text: len(text.split()))
    assert result.usage_estimated is True
    assert result.completion_tokens == len(EXPECTED.split())
    assert result.prompt_tokens == len(QUESTION.split()) + 4  # words + chat-template overhead
    assert result.cost_usd == pytest.approx(result.prompt_tokens / 1000 + result.completion_tokens / 1000 * 2)


def test_usage_estimate_without_a_token_counter() -> None:
    with FakeOpenAI(usage=False) as fake:
        _, result = run_one([endpoint(fake.base_url)])
    assert result.usage_estimated is True
    assert result.completion_tokens == -(-len(EXPECTED) // 4)  # ceil(characters / 4)


def test_concurrent_streams(server: FakeOpenAI) -> None:
    async def main() -> list[str]:
        async with CloudBackend([endpoint(server.base_url)], FAST) as backend:

            async def one(i: int) -> str:
                stream = backend.generate(ask(f"question number {i}"))
                return "".join([c.text async for c in stream])

            return list(await asyncio.gather(*(one(i) for i in range(6))))

    answers = asyncio.run(main())
    assert answers == [f"cloud answer: question number {i}" for i in range(6)]
    assert len(server.chat_requests) == 6


# -- retries ---------------------------------------------------------------------------------------


def test_500_then_success_is_retried(server: FakeOpenAI) -> None:
    server.fail_next("status", status=500)
    _, result = run_one([endpoint(server.base_url)])
    assert result.text == EXPECTED
    assert result.attempts == 2
    assert [r.fault for r in server.chat_requests] == ["status", None]


def test_5xx_until_retries_run_out(server: FakeOpenAI) -> None:
    server.fail_next("status", count=3, status=503)
    error = fails([endpoint(server.base_url)])
    assert error.status == 503
    assert error.retryable is True
    assert "HTTP 503" in error.message and "3 tries" in error.message
    assert len(server.chat_requests) == 3  # max_retries=2: three tries in all


def test_429_retry_after_is_honoured(server: FakeOpenAI) -> None:
    server.fail_next("rate_limit", retry_after="0.3")
    config = dataclasses.replace(FAST, backoff_base_s=0.001, backoff_max_s=1.0)
    _, result = run_one([endpoint(server.base_url)], config=config)
    assert result.attempts == 2
    first, second = server.chat_requests
    # Without Retry-After the jittered backoff would be under 1 ms.
    assert second.received_at - first.received_at >= 0.29


def test_429_retry_after_as_http_date(server: FakeOpenAI) -> None:
    server.fail_next("rate_limit", retry_after=formatdate(time.time() + 0.5, usegmt=True))
    config = dataclasses.replace(FAST, backoff_max_s=2.0)
    _, result = run_one([endpoint(server.base_url)], config=config)
    assert result.attempts == 2


def test_retry_after_is_capped_by_backoff_max(server: FakeOpenAI) -> None:
    server.fail_next("rate_limit", retry_after="3600")
    _, result = run_one([endpoint(server.base_url)])  # backoff_max_s=0.05, total 5 s
    assert result.attempts == 2


def test_retry_after_beyond_the_deadline_is_not_waited_for(server: FakeOpenAI) -> None:
    server.fail_next("rate_limit", retry_after="30")
    config = dataclasses.replace(FAST, backoff_max_s=60.0, total_timeout_s=1.0)
    error = fails([endpoint(server.base_url)], config=config)
    assert error.status == 429
    assert error.retryable is True
    assert error.retry_after == pytest.approx(30.0)
    assert "no time left to retry" in error.message
    assert len(server.chat_requests) == 1


def test_retry_after_parsing() -> None:
    assert _retry_after("2") == 2.0
    assert _retry_after(" 0.5 ") == 0.5
    assert _retry_after(None) is None
    assert _retry_after("soon") is None
    assert _retry_after("-3") == 0.0
    assert _retry_after(formatdate(time.time() - 60, usegmt=True)) == 0.0
    later = _retry_after(formatdate(time.time() + 120, usegmt=True))
    assert later is not None and 100 < later <= 121


@pytest.mark.parametrize("status", [400, 401, 404, 422])
def test_client_errors_are_not_retried(server: FakeOpenAI, status: int) -> None:
    server.fail_next("status", status=status, message="no such thing")
    error = fails([endpoint(server.base_url)])
    assert error.status == status
    assert error.retryable is False
    assert "no such thing" in error.message
    assert len(server.chat_requests) == 1


def test_408_is_retried(server: FakeOpenAI) -> None:
    server.fail_next("status", status=408)
    _, result = run_one([endpoint(server.base_url)])
    assert result.attempts == 2


def test_connection_reset_before_any_reply_is_retried(server: FakeOpenAI) -> None:
    server.fail_next("reset")
    _, result = run_one([endpoint(server.base_url)])
    assert result.text == EXPECTED
    assert result.attempts == 2


# -- timeouts --------------------------------------------------------------------------------------


def test_a_first_token_timeout_is_not_retried_on_the_same_endpoint(server: FakeOpenAI) -> None:
    # It took the request and sent nothing: another try would most likely cost the wait again.
    server.fail_next("slow", count=2, delay=2.0)
    config = dataclasses.replace(FAST, first_token_timeout_s=0.2, max_retries=2, breaker_hangs=2)
    error = fails([endpoint(server.base_url)], config=config)
    assert "no first token within 0.2 s (1 try)" in error.message
    assert error.retryable is True
    assert len(server.chat_requests) == 1


def test_slow_first_byte_moves_on_to_the_next_endpoint(server: FakeOpenAI) -> None:
    server.fail_next("slow", delay=2.0)
    config = dataclasses.replace(FAST, first_token_timeout_s=0.2)
    endpoints = [endpoint(server.base_url), endpoint(server.base_url, name="backup")]
    _, result = run_one(endpoints, config=config)
    assert result.text == EXPECTED
    assert result.endpoint == "backup" and result.attempts == 2


def test_the_requests_first_token_wait_bounds_every_try(server: FakeOpenAI) -> None:
    server.fail_next("hang", count=5)
    hangs: list[tuple[str, str]] = []
    outcomes: list[tuple[Any, ...]] = []
    config = dataclasses.replace(FAST, first_token_timeout_s=30.0, total_timeout_s=60.0)
    endpoints = [endpoint(server.base_url), endpoint(server.base_url, name="backup")]

    async def main() -> tuple[CloudBackendError, CloudBackend]:
        backend = CloudBackend(
            endpoints, config, on_hang=lambda *a: hangs.append(a), on_outcome=lambda *a: outcomes.append(a)
        )
        async with backend:
            stream = backend.generate(ask(first_token_deadline=time.monotonic() + 0.4))
            with pytest.raises(CloudBackendError) as info:
                async for _ in stream:
                    pass
            return info.value, backend

    start = time.monotonic()
    error, backend = asyncio.run(main())
    assert time.monotonic() - start < 1.5  # not first_token_timeout_s, nor a retry
    assert (
        "primary: no first token within 0.4 s (the request's wait for one ran out) (1 try)" in error.message
    )
    assert "backup: no time left to wait for a first token" in error.message
    assert len(server.chat_requests) == 1
    # A hang is reported as one (not as a call without a reply, which a probe would refute) and
    # opens the endpoint's breaker (breaker_hangs = 1 by default): the backend says it is blocked.
    assert [name for name, _ in hangs] == ["primary"] and outcomes == []
    breaker = backend.breaker("primary")
    assert breaker.state == "open" and breaker.opened_by == "1 first-token timeout"
    assert backend.blocked() == ""  # the backup's breaker is still closed
    backend.breaker("backup").record_hang()
    assert "primary: circuit open (1 first-token timeout), checked again in 30 s" in backend.blocked()


def test_the_first_token_wait_does_not_cut_a_stream_under_way(server: FakeOpenAI) -> None:
    server.fail_next("slow", delay=0.0, chunk_delay=0.15)
    _, result = run_one([endpoint(server.base_url)], ask(first_token_deadline=time.monotonic() + 0.3))
    assert result.text == EXPECTED and result.attempts == 1


@pytest.mark.parametrize("stream", [True, False])
def test_hang_runs_into_the_total_timeout(server: FakeOpenAI, stream: bool) -> None:
    server.fail_next("hang", count=5)
    config = dataclasses.replace(FAST, stream=stream, total_timeout_s=0.4, first_token_timeout_s=10.0)
    error = fails([endpoint(server.base_url)], config=config)
    assert "timed out" in error.message
    assert error.retryable is True


def test_bytes_without_text_still_hit_the_first_token_timeout(server: FakeOpenAI) -> None:
    # Keep-alive comments reset httpx's read timeout; the stream's own timer must still fire.
    server.fail_next("hang", after=0, keepalive=0.05)
    config = dataclasses.replace(FAST, first_token_timeout_s=0.2, max_retries=1)
    endpoints = [endpoint(server.base_url), endpoint(server.base_url, name="backup")]
    _, result = run_one(endpoints, config=config)
    assert result.text == EXPECTED
    assert result.endpoint == "backup" and result.attempts == 2
    # The aborted call gave its connection up (closed, not reused) and the retry got a new one.
    first, second = server.chat_requests
    assert first.client_port != second.client_port


def test_request_deadline_bounds_the_call(server: FakeOpenAI) -> None:
    server.fail_next("hang", count=5)
    config = dataclasses.replace(FAST, total_timeout_s=60.0, first_token_timeout_s=60.0)
    error = fails([endpoint(server.base_url)], ask(deadline=time.monotonic() + 0.3), config=config)
    assert "timed out" in error.message


def test_unreachable_port_then_next_endpoint_is_out_of_time() -> None:
    # A deadline already passed: nothing is tried at all.
    error = fails([endpoint(closed_base_url())], ask(deadline=time.monotonic() - 1))
    assert "out of time" in error.message
    assert error.retryable is True


# -- cut streams -----------------------------------------------------------------------------------


def collect_until_cut(endpoints: list[CloudEndpoint], **kw: Any) -> tuple[list[str], StreamCut]:
    config = kw.pop("config", FAST)
    seen: list[str] = []

    async def main() -> None:
        async with CloudBackend(endpoints, config, **kw) as backend:
            async for chunk in backend.generate(ask()):
                seen.append(chunk.text)

    with pytest.raises(StreamCut) as info:
        asyncio.run(main())
    return seen, info.value


def test_stream_cut_mid_way_is_not_retried(server: FakeOpenAI) -> None:
    server.fail_next("cut", after=3)
    seen, cut = collect_until_cut([endpoint(server.base_url, price_output_per_1k=1.0)])
    assert seen == ["cloud", " answer:", " What"]
    assert cut.partial_text == "cloud answer: What"
    assert cut.endpoint == "primary"
    assert cut.retryable is False
    assert cut.completion_tokens > 0 and cut.cost_usd > 0
    assert len(server.chat_requests) == 1  # text went out: no silent retry


def test_stream_that_ends_without_finish_or_done_is_a_cut(server: FakeOpenAI) -> None:
    server.fail_next("cut", after=2, clean=True)
    seen, cut = collect_until_cut([endpoint(server.base_url)])
    assert cut.partial_text == "".join(seen) == "cloud answer:"
    assert "without a finish_reason" in cut.message


def test_stream_stalling_after_text_is_a_cut(server: FakeOpenAI) -> None:
    server.fail_next("hang", after=2)
    config = dataclasses.replace(FAST, first_token_timeout_s=0.3)
    _, cut = collect_until_cut([endpoint(server.base_url)], config=config)
    assert cut.partial_text == "cloud answer:"
    assert "stalled" in cut.message


def test_invalid_json_after_text_is_a_cut(server: FakeOpenAI) -> None:
    server.fail_next("invalid_json", after=2)
    _, cut = collect_until_cut([endpoint(server.base_url)])
    assert cut.partial_text == "cloud answer:"
    assert "invalid JSON" in cut.message


def test_cut_before_the_first_chunk_is_retried(server: FakeOpenAI) -> None:
    server.fail_next("cut", after=0)
    chunks, result = run_one([endpoint(server.base_url)])
    assert "".join(chunks) == EXPECTED
    assert result.attempts == 2


@pytest.mark.parametrize("stream", [True, False])
def test_invalid_json_is_an_error_not_a_crash(server: FakeOpenAI, stream: bool) -> None:
    server.fail_next("invalid_json", count=3, after=0)
    config = dataclasses.replace(FAST, stream=stream)
    error = fails([endpoint(server.base_url)], config=config)
    assert type(error) is CloudBackendError
    assert "invalid JSON" in error.message
    assert len(server.chat_requests) == 3


def test_half_a_json_reply_is_an_error(server: FakeOpenAI) -> None:
    server.fail_next("cut", count=3)
    config = dataclasses.replace(FAST, stream=False)
    error = fails([endpoint(server.base_url)], config=config)
    assert type(error) is CloudBackendError
    assert error.retryable is True


# -- failover and breakers -------------------------------------------------------------------------


def test_connection_refused_fails_over_to_the_next_endpoint(server: FakeOpenAI) -> None:
    outcomes: list[tuple[str, bool, float | None, str]] = []
    endpoints = [endpoint(closed_base_url()), endpoint(server.base_url, name="backup")]

    async def main() -> tuple[BackendResult, dict[str, Any]]:
        on_outcome = lambda *args: outcomes.append(args)  # noqa: E731
        async with CloudBackend(endpoints, FAST, on_outcome=on_outcome) as backend:
            stream = backend.generate(ask())
            async for _ in stream:
                pass
            assert stream.result is not None
            return stream.result, backend.status()

    result, status = asyncio.run(main())
    assert result.text == EXPECTED
    assert result.endpoint == "backup"
    assert result.attempts == 4  # three on the refused port, one on the backup
    assert [(name, ok) for name, ok, _, _ in outcomes] == [("primary", False)] * 3 + [("backup", True)]
    assert all(rtt is None for _, _, rtt, _ in outcomes[:3])
    assert outcomes[3][2] is not None
    primary = status["endpoints"][0]
    assert "connection failed" in primary["last_error"]
    assert primary["failures"] == 3


def test_a_401_fails_over_without_retrying_the_same_endpoint() -> None:
    with FakeOpenAI(api_key="sk-primary") as primary, FakeOpenAI(reply="from the backup") as backup:
        endpoints = [endpoint(primary.base_url), endpoint(backup.base_url, name="backup")]
        _, result = run_one(endpoints, api_keys={"primary": "sk-revoked"})
        assert result.endpoint == "backup"
        assert result.attempts == 2
        assert len(primary.chat_requests) == 1


def test_5xx_fails_over_to_a_second_server(server: FakeOpenAI) -> None:
    with FakeOpenAI(reply="from the backup") as backup:
        server.fail_next("status", count=3, status=502)
        _, result = run_one([endpoint(server.base_url), endpoint(backup.base_url, name="backup")])
        assert result.text == "from the backup"
        assert result.endpoint == "backup"
        assert len(backup.chat_requests) == 1


def test_every_endpoint_failing_is_one_error_naming_them_all() -> None:
    endpoints = [endpoint(closed_base_url()), endpoint(closed_base_url(), name="backup")]
    error = fails(endpoints, config=dataclasses.replace(FAST, max_retries=0))
    assert error.retryable is True
    assert error.status is None
    assert "primary: connection failed" in error.message
    assert "backup: connection failed" in error.message


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_breaker_opens_skips_the_endpoint_and_half_opens_after_cooldown(server: FakeOpenAI) -> None:
    clock = Clock()
    config = dataclasses.replace(FAST, max_retries=0, breaker_failures=2, breaker_cooldown_s=30.0)
    with FakeOpenAI(reply="from the backup") as backup:
        endpoints = [endpoint(server.base_url), endpoint(backup.base_url, name="backup")]
        server.fail_next("status", count=2, status=500)

        async def main() -> list[str]:
            async with CloudBackend(endpoints, config, clock=clock) as backend:

                async def once() -> str:
                    stream = backend.generate(ask())
                    async for _ in stream:
                        pass
                    assert stream.result is not None
                    return stream.result.endpoint

                served = [await once(), await once()]  # two failures on primary: open
                assert backend.breaker("primary").state == "open"
                assert backend.status()["endpoints"][0]["breaker"]["state"] == "open"
                served.append(await once())  # primary skipped without a request
                assert len(server.chat_requests) == 2
                clock.now += 30.0
                assert backend.breaker("primary").state == "half_open"
                served.append(await once())  # the probe goes to primary and succeeds
                assert backend.breaker("primary").state == "closed"
                return served

        served = asyncio.run(main())
    assert served == ["backup", "backup", "backup", "primary"]
    assert len(server.chat_requests) == 3


def test_a_failed_half_open_probe_opens_the_breaker_again(server: FakeOpenAI) -> None:
    clock = Clock()
    config = dataclasses.replace(FAST, max_retries=3, breaker_failures=1, breaker_cooldown_s=10.0)
    server.fail_next("status", count=2, status=500)

    async def main() -> None:
        async with CloudBackend([endpoint(server.base_url)], config, clock=clock) as backend:
            with pytest.raises(CloudBackendError) as info:
                async for _ in backend.generate(ask()):
                    pass
            assert "circuit open" in info.value.message  # retries stop once the breaker opens
            clock.now += 10.0
            with pytest.raises(CloudBackendError):
                async for _ in backend.generate(ask()):
                    pass
            assert backend.breaker("primary").state == "open"
            assert backend.breaker("primary").opened_count == 2

    asyncio.run(main())
    assert len(server.chat_requests) == 2


def test_client_errors_do_not_open_the_breaker(server: FakeOpenAI) -> None:
    config = dataclasses.replace(FAST, breaker_failures=1)
    server.fail_next("status", count=3, status=400)

    async def main() -> str:
        async with CloudBackend([endpoint(server.base_url)], config) as backend:
            for _ in range(3):
                with pytest.raises(CloudBackendError):
                    async for _ in backend.generate(ask()):
                        pass
            return backend.breaker("primary").state

    assert asyncio.run(main()) == "closed"


# -- cancellation ----------------------------------------------------------------------------------


def test_cancel_mid_stream_stops_reading() -> None:
    long_reply = " ".join(f"word{i}" for i in range(40))
    with FakeOpenAI(reply=long_reply, chunk_delay_s=0.05) as fake:

        async def main() -> tuple[list[str], CloudStream]:
            async with CloudBackend([endpoint(fake.base_url)], FAST) as backend:
                stream = backend.generate(ask())
                seen = []
                async for chunk in stream:
                    seen.append(chunk.text)
                    if len(seen) == 3:
                        stream.cancel()
                return seen, stream

        seen, stream = asyncio.run(main())
        assert seen == ["word0", " word1", " word2"]
        assert stream.result is not None
        assert stream.result.finish_reason == "cancelled"
        assert stream.result.text == "word0 word1 word2"
        assert stream.result.usage_estimated is True
        # The server is still healthy after the hang-up.
        _, result = run_one([endpoint(fake.base_url)], ask(sampling=SamplingParams(max_tokens=2)))
        assert result.text == "word0 word1"


def test_cancel_while_waiting_for_the_first_byte(server: FakeOpenAI) -> None:
    server.fail_next("hang")

    async def main() -> BackendResult:
        config = dataclasses.replace(FAST, first_token_timeout_s=30.0, total_timeout_s=30.0)
        async with CloudBackend([endpoint(server.base_url)], config) as backend:
            stream = backend.generate(ask())
            task = asyncio.ensure_future(_drain(stream))
            await asyncio.to_thread(server.wait_for_requests, 1)
            stream.cancel()
            await asyncio.wait_for(task, timeout=5)
            assert stream.result is not None
            return stream.result

    result = asyncio.run(main())
    assert result.finish_reason == "cancelled"
    assert result.text == ""


def test_cancel_during_retry_backoff(server: FakeOpenAI) -> None:
    server.fail_next("rate_limit", retry_after="20")
    config = dataclasses.replace(FAST, backoff_max_s=30.0, total_timeout_s=60.0)

    async def main() -> BackendResult:
        async with CloudBackend([endpoint(server.base_url)], config) as backend:
            stream = backend.generate(ask())
            task = asyncio.ensure_future(_drain(stream))
            await asyncio.to_thread(server.wait_for_requests, 1)
            await asyncio.sleep(0.05)
            stream.cancel()
            await asyncio.wait_for(task, timeout=5)
            assert stream.result is not None
            return stream.result

    assert asyncio.run(main()).finish_reason == "cancelled"
    assert len(server.chat_requests) == 1


def test_closing_the_stream_early_closes_the_response() -> None:
    with FakeOpenAI(reply=" ".join(["w"] * 50), chunk_delay_s=0.02) as fake:

        async def main() -> None:
            async with CloudBackend([endpoint(fake.base_url)], FAST) as backend:
                stream = backend.generate(ask())
                async for _ in stream:
                    break
                await stream.aclose()
                assert stream.result is None

        asyncio.run(main())


def test_connections_are_reused_between_calls(server: FakeOpenAI) -> None:
    async def main() -> None:
        async with CloudBackend([endpoint(server.base_url)], FAST) as backend:
            for stream in (True, False, True):
                backend.config = dataclasses.replace(FAST, stream=stream)
                async for _ in backend.generate(ask()):
                    pass

    asyncio.run(main())
    assert len({r.client_port for r in server.chat_requests}) == 1


def test_aborted_calls_do_not_use_up_connections() -> None:
    """Every way a call can be abandoned must give its connection back to the pool.

    More aborted calls than the pool has connections, then a normal one: a leaked slot per
    abort would leave none for it (httpcore loses a slot when a read or close is cancelled).
    """
    config = dataclasses.replace(FAST, total_timeout_s=3.0, first_token_timeout_s=3.0)
    with FakeOpenAI(reply=" ".join(["w"] * 30), chunk_delay_s=0.005) as fake:

        async def main() -> str:
            async with CloudBackend([endpoint(fake.base_url)], config) as backend:
                for i in range(20):
                    stream = backend.generate(ask())
                    if i % 4 == 0:  # cancel mid-stream
                        async for _ in stream:
                            stream.cancel()
                    elif i % 4 == 1:  # the consumer walks away
                        async for _ in stream:
                            break
                        await stream.aclose()
                    elif i % 4 == 2:  # cancel before the first byte
                        fake.fail_next("hang")
                        task = asyncio.ensure_future(_drain(stream))
                        await asyncio.to_thread(fake.wait_for_requests, i + 1)
                        stream.cancel()
                        await task
                    else:  # the consumer's task is cancelled
                        task = asyncio.ensure_future(_drain(stream))
                        await asyncio.to_thread(fake.wait_for_requests, i + 1)
                        task.cancel()
                        await asyncio.wait({task})
                stream = backend.generate(ask(sampling=SamplingParams(max_tokens=3)))
                return "".join([c.text async for c in stream])

        assert asyncio.run(main()) == "w w w"


async def _drain(stream: CloudStream) -> None:
    async for _ in stream:
        pass


# -- API keys --------------------------------------------------------------------------------------

KEY = "sk-live-5f3a9c1e7b2d4680"


def test_api_key_is_sent_as_bearer_and_never_shown(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    key_file = tmp_path / "key"
    key_file.write_text(KEY + "\n")
    key_file.chmod(0o600)
    caplog.set_level(logging.DEBUG)
    with FakeOpenAI(api_key=KEY) as fake:
        fake.fail_next("status", status=500, message=f"upstream rejected key {KEY}")
        fake.fail_next("status", count=2, status=500)
        ep = endpoint(fake.base_url, api_key_file=str(key_file))

        async def main() -> tuple[str, str]:
            async with CloudBackend([ep], dataclasses.replace(FAST, max_retries=1)) as backend:
                with pytest.raises(CloudBackendError) as info:
                    async for _ in backend.generate(ask()):
                        pass
                assert KEY not in info.value.message
                stream = backend.generate(ask())
                async for _ in stream:
                    pass
                assert stream.result is not None and stream.result.text == EXPECTED
                return json.dumps(backend.status()), repr(backend)

        status, text = asyncio.run(main())
        records = fake.requests
    assert all(r.auth_ok for r in records)  # the server saw exactly "Bearer <KEY>"
    assert records[0].headers["authorization"] == "Bearer <redacted>"
    assert '"api_key": "api_key_file"' in status
    assert "upstream rejected key ***" in caplog.text  # scrubbed from what the server echoed
    for shown in (status, text, caplog.text):
        assert KEY not in shown


def test_wrong_key_is_a_401_that_is_not_retried() -> None:
    with FakeOpenAI(api_key=KEY) as fake:
        error = fails([endpoint(fake.base_url)], api_keys={"primary": "sk-wrong"})
        assert error.status == 401
        assert error.retryable is False
        assert len(fake.chat_requests) == 1
        assert fake.chat_requests[0].auth_ok is False


def test_no_key_means_no_authorization_header(server: FakeOpenAI) -> None:
    run_one([endpoint(server.base_url)])
    assert "authorization" not in server.chat_requests[0].headers


def test_key_from_the_environment_and_systemd_credentials(
    server: FakeOpenAI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "cloud-api-key").write_text("sk-from-credential\n")
    monkeypatch.setenv("CREDENTIALS_DIRECTORY", str(tmp_path))
    monkeypatch.setenv("BACKUP_KEY", "sk-backup")
    with FakeOpenAI(api_key="sk-backup") as backup:
        config = Config(
            cloud=dataclasses.replace(
                FAST,
                base_url=server.base_url,
                model="fake-model",
                endpoints=[
                    CloudEndpoint(
                        name="backup", base_url=backup.base_url, model="m", api_key_env="BACKUP_KEY"
                    )
                ],
            )
        )

        async def main() -> dict[str, Any]:
            backend = CloudBackend.from_config(config)
            async with backend:
                return backend.status()

        status = asyncio.run(main())
    assert [e["api_key"] for e in status["endpoints"]] == ["credential", "$BACKUP_KEY"]


def test_resolve_api_key_order(tmp_path: Path) -> None:
    ep = CloudEndpoint(name="a", base_url="http://127.0.0.1:9/v1", model="m", api_key_env="A_KEY")
    env = {"A_KEY": "sk-env", "EDGED_CLOUD_API_KEY": "sk-edged", "CREDENTIALS_DIRECTORY": str(tmp_path)}
    assert resolve_api_key(ep, preferred=True, env=env) == ("sk-env", "$A_KEY")
    assert resolve_api_key(ep, preferred=True, env={"EDGED_CLOUD_API_KEY": "sk-edged"}) == (
        "sk-edged",
        "$EDGED_CLOUD_API_KEY",
    )
    # Only the preferred endpoint reads the daemon-wide key.
    assert resolve_api_key(ep, preferred=False, env={"EDGED_CLOUD_API_KEY": "sk-edged"}) == (None, "none")
    (tmp_path / "cloud-api-key").write_text("sk-cred\n")
    assert resolve_api_key(ep, preferred=True, env={**env, "A_KEY": ""})[1] == "credential"
    file = tmp_path / "key"
    file.write_text("  sk-file  \nignored\n")
    with_file = dataclasses.replace(ep, api_key_file=str(file))
    assert resolve_api_key(with_file, preferred=False, env=env) == ("sk-file", "api_key_file")


def test_unreadable_key_file_is_a_startup_error(tmp_path: Path) -> None:
    ep = endpoint("http://127.0.0.1:9/v1", api_key_file=str(tmp_path / "missing"))

    async def main() -> None:
        await CloudBackend([ep], FAST).load()

    with pytest.raises(StartupError, match="api_key_file"):
        asyncio.run(main())


# -- misuse ----------------------------------------------------------------------------------------


def test_no_endpoint_configured() -> None:
    error = fails([])
    assert error.retryable is False
    assert "no cloud endpoint configured" in error.message


def test_generate_before_load(server: FakeOpenAI) -> None:
    async def main() -> None:
        backend = CloudBackend([endpoint(server.base_url)], FAST)
        with pytest.raises(CloudBackendError, match="not loaded"):
            async for _ in backend.generate(ask()):
                pass

    asyncio.run(main())


def test_status_before_load_and_names(server: FakeOpenAI) -> None:
    backend = CloudBackend([endpoint("https://user:secret@example.invalid/v1")], FAST)
    status = backend.status()
    assert status["loaded"] is False
    assert status["endpoints"][0]["base_url"] == "https://example.invalid/v1"
    assert status["endpoints"][0]["breaker"]["state"] == "closed"
    assert backend.name == "cloud"
    assert backend.endpoints == ["primary"]


# -- the fake server itself ------------------------------------------------------------------------


def test_random_faults_are_survived() -> None:
    """A small soak: seeded random faults; every request ends in an answer or a typed error."""
    with FakeOpenAI() as fake:
        fake.random_faults(0.4, seed=7)
        config = dataclasses.replace(FAST, max_retries=3, backoff_max_s=0.01, breaker_failures=100)

        async def main() -> dict[str, int]:
            tally = {"ok": 0, "cut": 0, "error": 0}
            async with CloudBackend([endpoint(fake.base_url)], config) as backend:
                for i in range(25):
                    stream = backend.generate(ask(f"soak question {i}"))
                    try:
                        text = "".join([c.text async for c in stream])
                    except StreamCut as cut:
                        assert f"soak question {i}".startswith(cut.partial_text[len("cloud answer: ") :])
                        tally["cut"] += 1
                    except CloudBackendError:
                        tally["error"] += 1
                    else:
                        assert text == f"cloud answer: soak question {i}"
                        tally["ok"] += 1
            return tally

        tally = asyncio.run(main())
        faults = [r.fault for r in fake.chat_requests if r.fault]
    assert sum(tally.values()) == 25
    assert tally["ok"] > 0
    assert len(faults) > 5


def test_fake_server_serves_requests_concurrently() -> None:
    import httpx

    with FakeOpenAI() as fake:
        fake.fail_next("hang", count=2)

        async def main() -> int:
            async with httpx.AsyncClient(timeout=5) as client:
                body = {"model": "m", "messages": [{"role": "user", "content": "hi"}]}
                hung = [
                    asyncio.ensure_future(client.post(fake.base_url + "/chat/completions", json=body))
                    for _ in range(2)
                ]
                await asyncio.to_thread(fake.wait_for_requests, 2)
                reply = await client.post(fake.base_url + "/chat/completions", json=body)
                for task in hung:
                    task.cancel()
                await asyncio.wait(hung)
                models = await client.get(fake.base_url + "/models")
                assert models.json()["data"][0]["id"] == "fake-model"
                return reply.status_code

        assert asyncio.run(main()) == 200
