"""NetworkMonitor against a real server on 127.0.0.1 and a real closed port."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Callable, Iterator

import pytest

from edged.backends.base import BackendRequest
from edged.backends.cloud import CloudBackend
from edged.backends.network import CALLS_BEFORE_DOWN, NetworkMonitor
from edged.config import CloudConfig, CloudEndpoint
from edged.exceptions import CloudBackendError
from tests.support.fake_openai import FakeOpenAI, closed_base_url

FAST = CloudConfig(
    probe_interval_s=0.1,
    probe_max_interval_s=0.35,
    probe_timeout_s=1.0,
    probe_slow_ms=1500.0,
    connect_timeout_s=1.0,
    backoff_base_s=0.01,
    backoff_max_s=0.02,
)


class Clock:
    def __init__(self) -> None:
        self.now = 500.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def server() -> Iterator[FakeOpenAI]:
    with FakeOpenAI(api_key="sk-probe-never-sends-this") as fake:
        yield fake


def endpoint(url: str, name: str = "primary") -> CloudEndpoint:
    return CloudEndpoint(name=name, base_url=url, model="fake-model")


async def eventually(predicate: Callable[[], bool], timeout: float = 5.0) -> None:
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while not predicate():
        if loop.time() > end:
            raise AssertionError("condition not reached in time")
        await asyncio.sleep(0.01)


def test_probe_against_a_live_server_is_up(server: FakeOpenAI) -> None:
    async def main() -> None:
        monitor = NetworkMonitor(FAST, [endpoint(server.base_url)])
        assert monitor.status.state == "unknown"
        status = await monitor.probe_now()
        await monitor.stop()
        assert status.state == "up"
        assert status.endpoint == "primary"
        assert status.rtt_ms is not None and status.rtt_ms > 0
        assert status.checked_at is not None
        assert status.usable

    asyncio.run(main())
    (probe,) = server.requests
    assert (probe.method, probe.path) == ("GET", "/v1/models")
    assert "authorization" not in probe.headers


def test_any_http_reply_counts_as_reachable(server: FakeOpenAI) -> None:
    server.fail_next("status", status=503, route="models")

    async def main() -> str:
        monitor = NetworkMonitor(FAST, [endpoint(server.base_url)])
        try:
            return (await monitor.probe_now()).state
        finally:
            await monitor.stop()

    assert asyncio.run(main()) == "up"


def test_closed_port_is_down_and_the_probe_backs_off() -> None:
    async def main() -> list[float]:
        monitor = NetworkMonitor(FAST, [endpoint(closed_base_url())])
        intervals = [monitor.interval_s]
        for _ in range(4):
            status = await monitor.probe_now()
            assert status.state == "down"
            assert "connection failed" in status.detail
            assert not status.usable
            intervals.append(monitor.interval_s)
        await monitor.stop()
        return intervals

    assert asyncio.run(main()) == pytest.approx([0.1, 0.1, 0.2, 0.35, 0.35])


def test_probe_tries_the_next_endpoint(server: FakeOpenAI) -> None:
    async def main() -> None:
        monitor = NetworkMonitor(FAST, [endpoint(closed_base_url()), endpoint(server.base_url, "backup")])
        status = await monitor.probe_now()
        await monitor.stop()
        assert status.state == "up"
        assert status.endpoint == "backup"

    asyncio.run(main())


def test_a_hung_probe_times_out_as_down(server: FakeOpenAI) -> None:
    server.fail_next("hang", route="models")
    config = dataclasses.replace(FAST, probe_timeout_s=0.2)

    async def main() -> None:
        monitor = NetworkMonitor(config, [endpoint(server.base_url)])
        status = await monitor.probe_now()
        await monitor.stop()
        assert status.state == "down"
        assert "timed out" in status.detail

    asyncio.run(main())


def test_a_slow_probe_is_degraded(server: FakeOpenAI) -> None:
    server.fail_next("slow", delay=0.05, route="models")
    config = dataclasses.replace(FAST, probe_slow_ms=1.0)

    async def main() -> None:
        monitor = NetworkMonitor(config, [endpoint(server.base_url)])
        status = await monitor.probe_now()
        await monitor.stop()
        assert status.state == "degraded"
        assert "slow" in status.detail
        assert status.usable

    asyncio.run(main())


def test_back_to_up_when_the_server_returns(server: FakeOpenAI) -> None:
    async def main() -> None:
        monitor = NetworkMonitor(FAST, [endpoint(server.base_url)])
        assert (await monitor.probe_now()).state == "up"
        server.stop()
        assert (await monitor.probe_now()).state == "down"
        assert (await monitor.probe_now()).state == "down"
        assert monitor.interval_s == pytest.approx(0.2)
        server.start()  # the same port again
        assert (await monitor.probe_now()).state == "up"
        assert monitor.interval_s == pytest.approx(0.1)
        await monitor.stop()

    asyncio.run(main())


def test_the_periodic_probe_follows_the_network_by_itself(server: FakeOpenAI) -> None:
    async def main() -> None:
        monitor = NetworkMonitor(FAST, [endpoint(server.base_url)])
        monitor.start()
        assert monitor.started
        await eventually(lambda: monitor.status.state == "up")
        server.stop()
        await eventually(lambda: monitor.status.state == "down")
        server.start()
        await eventually(lambda: monitor.status.state == "up")
        await monitor.stop()
        assert not monitor.started

    asyncio.run(main())


def test_no_endpoint_configured_is_down() -> None:
    async def main() -> None:
        monitor = NetworkMonitor(FAST, [])
        monitor.start()  # nothing to probe: no task
        assert not monitor.started
        status = await monitor.probe_now()
        await monitor.stop()
        assert status.state == "down"
        assert status.detail == "no cloud endpoint configured"

    asyncio.run(main())


# -- real call outcomes ----------------------------------------------------------------------------


def test_record_call_outcomes() -> None:
    clock = Clock()
    monitor = NetworkMonitor(FAST, [endpoint("http://127.0.0.1:9/v1")], clock=clock)
    assert monitor.status.state == "unknown"
    monitor.record("primary", True, 120.0, "ok")
    assert monitor.status.state == "up"
    monitor.record("primary", False, 80.0, "HTTP 503")  # it answered, with an error
    status = monitor.status
    assert status.state == "degraded"
    assert "1 of the last 2 calls failed" in status.detail
    clock.now += 61.0  # the failure ages out
    assert monitor.status.state == "up"
    for _ in range(CALLS_BEFORE_DOWN - 1):
        monitor.record("primary", False, None, "connection failed")
    assert monitor.status.state == "degraded"
    monitor.record("primary", False, None, "connection failed")
    status = monitor.status
    assert status.state == "down"
    assert "got no reply" in status.detail
    monitor.record("primary", True, 90.0, "ok")  # a reply: the link is back
    assert monitor.status.state == "up"


def test_cloud_backend_outcomes_feed_the_monitor(server: FakeOpenAI) -> None:
    config = dataclasses.replace(FAST, max_retries=CALLS_BEFORE_DOWN - 1)
    request = BackendRequest(messages=({"role": "user", "content": "hello there"},))

    async def main() -> None:
        refused = NetworkMonitor(config, [endpoint(closed_base_url())])
        backend = CloudBackend(refused.endpoints, config, on_outcome=refused.record)
        async with backend:
            with pytest.raises(CloudBackendError):
                async for _ in backend.generate(request):
                    pass
        assert refused.status.state == "down"

        monitor = NetworkMonitor(config, [endpoint(server.base_url)])
        server.fail_next("status", status=500)
        backend = CloudBackend(
            monitor.endpoints,
            config,
            on_outcome=monitor.record,
            api_keys={"primary": "sk-probe-never-sends-this"},
        )
        async with backend:
            async for _ in backend.generate(request):
                pass
        status = monitor.status
        assert status.state == "degraded"  # one 500, then an answer
        assert status.endpoint == "primary"

    asyncio.run(main())


def test_a_call_without_reply_asks_for_an_early_probe(server: FakeOpenAI) -> None:
    clock = Clock()
    config = dataclasses.replace(FAST, probe_interval_s=60.0)

    async def main() -> None:
        monitor = NetworkMonitor(config, [endpoint(server.base_url)], clock=clock)
        monitor.start()
        await eventually(lambda: monitor.probes == 1)
        clock.now += 2.0
        monitor.record("primary", False, None, "connection failed")
        await eventually(lambda: monitor.probes == 2)  # long before the 60 s period
        assert monitor.status.state == "up"  # the probe got through: that call was a fluke
        await monitor.stop()

    asyncio.run(main())
    assert [r.path for r in server.requests] == ["/v1/models", "/v1/models"]


def test_a_hang_keeps_the_state_degraded_through_successful_probes(server: FakeOpenAI) -> None:
    # The probe only proves reachability; a hung endpoint still answers it.
    clock = Clock()

    async def main() -> None:
        monitor = NetworkMonitor(FAST, [endpoint(server.base_url)], clock=clock)
        assert (await monitor.probe_now()).state == "up"
        monitor.record_hang("primary", "no first token within 5.0 s")
        for _ in range(CALLS_BEFORE_DOWN + 1):
            status = await monitor.probe_now()
            assert status.state == "degraded"
        assert "primary hung: no first token within 5.0 s" in status.detail
        clock.now += 3600.0  # the failed call ages out; the hang stays until a call answers
        assert monitor.status.state == "degraded"
        monitor.record("primary", False, 40.0, "HTTP 503")  # an answer, but not a token
        assert "primary hung" in monitor.status.detail
        monitor.record("primary", True, 40.0, "ok")
        assert "hung" not in monitor.status.detail
        clock.now += 3600.0  # and the 503 ages out
        assert monitor.status.state == "up"
        await monitor.stop()

    asyncio.run(main())


def test_a_hung_cloud_call_reaches_the_monitor_as_a_hang(server: FakeOpenAI) -> None:
    config = dataclasses.replace(FAST, first_token_timeout_s=0.2, total_timeout_s=5.0)
    request = BackendRequest(messages=({"role": "user", "content": "hello there"},))

    async def main() -> None:
        monitor = NetworkMonitor(config, [endpoint(server.base_url)])
        backend = CloudBackend(
            monitor.endpoints,
            config,
            on_outcome=monitor.record,
            on_hang=monitor.record_hang,
            api_keys={"primary": "sk-probe-never-sends-this"},
        )
        server.fail_next("hang")
        async with backend:
            with pytest.raises(CloudBackendError):
                async for _ in backend.generate(request):
                    pass
        assert (await monitor.probe_now()).state == "degraded"
        await monitor.stop()

    asyncio.run(main())
