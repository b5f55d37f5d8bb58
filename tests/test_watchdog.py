"""The systemd watchdog is fed only while the loop, the generation thread and the stores answer.

A real daemon (in a thread of this process, so a test can wedge its parts) sends to a real
AF_UNIX datagram socket named by $NOTIFY_SOCKET, with WatchdogSec=1 s: a check every 0.5 s, each
part bounded by 0.25 s, the generation thread allowed 1 s without progress.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from edged.health import ThreadProbe, Watchdog
from edged.protocol import decode_response, encode_request
from tests.support.daemon import DaemonThread, make_config, raw_dealer
from tests.support.notify import NotifyListener

WATCHDOG_S = 1.0
STORY = [{"role": "user", "content": "Write a long story about a lighthouse keeper and the sea."}]


class Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@pytest.fixture
def notify(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[NotifyListener]:
    listener = NotifyListener(tmp_path / "notify.sock")
    monkeypatch.setenv("NOTIFY_SOCKET", str(listener.path))
    monkeypatch.setenv("WATCHDOG_USEC", str(int(WATCHDOG_S * 1_000_000)))
    yield listener
    listener.close()


@pytest.fixture
def warnings() -> Iterator[Records]:
    handler = Records()
    logger = logging.getLogger("edged.health")
    logger.addHandler(handler)
    yield handler
    logger.removeHandler(handler)


def _pings(messages: list[str]) -> int:
    return sum("WATCHDOG=1" in m for m in messages)


def _ping_ms(endpoint: str) -> float:
    """One protocol ping's round trip: the loop must keep serving while a part is wedged."""
    sock = raw_dealer(endpoint)
    try:
        started = time.monotonic()
        sock.send_multipart(encode_request("ping", "p", {}))
        assert sock.poll(5000), "the daemon did not answer a ping"
        assert decode_response(sock.recv_multipart()).body["pong"] is True
        return (time.monotonic() - started) * 1000
    finally:
        sock.close(0)


def _assert_starved_then_fed(notify: NotifyListener, endpoint: str, release: threading.Event) -> None:
    # Up to WatchdogSec (plus a check) for the wedge to be noticed, then no ping at all.
    notify.collect(WATCHDOG_S * 2)
    assert _pings(notify.collect(WATCHDOG_S * 2)) == 0
    assert _ping_ms(endpoint) < 1000
    release.set()
    notify.wait_for("WATCHDOG=1", timeout=5)


def test_fed_while_healthy(tmp_path: Path, tiny_model: Path, notify: NotifyListener) -> None:
    with DaemonThread(make_config(tmp_path, tiny_model)) as d:
        assert "READY=1" in notify.wait_for("READY=1")
        assert _pings(notify.collect(WATCHDOG_S * 2.5)) >= 2
        assert d.daemon._watchdog is not None and d.daemon._watchdog.fed >= 2


def test_not_fed_while_the_generation_thread_is_wedged(
    tmp_path: Path, tiny_model: Path, notify: NotifyListener, warnings: Records
) -> None:
    with DaemonThread(make_config(tmp_path, tiny_model)) as d:
        notify.wait_for("WATCHDOG=1", timeout=5)
        release = threading.Event()
        # A job that holds the edged-ort thread and shows no progress: a hung ORT call.
        d.daemon.local.executor.submit(release.wait, 30)
        _assert_starved_then_fed(notify, d.endpoint, release)
    failing = [m for m in warnings.messages if "watchdog not fed" in m]
    assert len(failing) == 1 and "generation thread" in failing[0], warnings.messages


def test_not_fed_while_a_store_is_wedged(
    tmp_path: Path, tiny_model: Path, notify: NotifyListener, warnings: Records
) -> None:
    with DaemonThread(make_config(tmp_path, tiny_model)) as d:
        notify.wait_for("WATCHDOG=1", timeout=5)
        release = threading.Event()
        # Another thread stuck inside a statement holds the store's connection lock.
        lock = d.daemon.sessions._db.lock
        holder = threading.Thread(target=lambda: (lock.acquire(), release.wait(30), lock.release()))
        holder.start()
        try:
            _assert_starved_then_fed(notify, d.endpoint, release)
        finally:
            release.set()
            holder.join()
    failing = [m for m in warnings.messages if "watchdog not fed" in m]
    assert len(failing) == 1 and "session store" in failing[0], warnings.messages


def test_not_fed_once_a_store_is_closed(
    tmp_path: Path, tiny_model: Path, notify: NotifyListener, warnings: Records
) -> None:
    with DaemonThread(make_config(tmp_path, tiny_model)) as d:
        notify.wait_for("WATCHDOG=1", timeout=5)
        d.daemon.ledger.close()
        notify.collect(WATCHDOG_S * 0.6)
        assert _pings(notify.collect(WATCHDOG_S * 2)) == 0
    failing = [m for m in warnings.messages if "watchdog not fed" in m]
    assert len(failing) == 1 and "ledger" in failing[0] and "closed" in failing[0], warnings.messages


@pytest.mark.model
def test_fed_during_a_long_generation(tmp_path: Path, default_model: Path, notify: NotifyListener) -> None:
    # Busy is not stuck: every token counts as progress, so a generation longer than
    # WatchdogSec keeps the watchdog fed.
    with DaemonThread(make_config(tmp_path, default_model)) as d:
        notify.wait_for("WATCHDOG=1", timeout=5)
        sock = raw_dealer(d.endpoint)
        try:
            sock.send_multipart(encode_request("generate", "g", {"messages": STORY, "max_tokens": 400}))
            started = time.monotonic()
            pings, final = 0, None
            while final is None:
                assert time.monotonic() - started < 120
                pings += _pings(notify.collect(0.1))
                while sock.poll(0):
                    response = decode_response(sock.recv_multipart())
                    if response.kind != "chunk":
                        final = response
            elapsed = time.monotonic() - started
        finally:
            sock.close(0)
    assert final.kind == "reply", final.body
    if elapsed < 2 * WATCHDOG_S:
        pytest.skip(f"the generation took only {elapsed:.1f} s: too fast to show anything")
    assert pings >= int(elapsed / WATCHDOG_S) - 1, (pings, elapsed)


def test_a_stuck_probe_never_blocks_a_tick_nor_stacks_threads() -> None:
    release = threading.Event()
    probe = ThreadProbe("stuck", lambda: release.wait(30))

    async def main() -> tuple[float, dict[str, str]]:
        # Checks due every 1 s, retried every 0.2 s, each waiting 0.5 s for the probe: a tick
        # that waited for one would take that long.
        watchdog = Watchdog(2.0, {"stuck part": probe})
        slowest = 0.0
        deadline = time.monotonic() + 2.5
        while time.monotonic() < deadline:
            started = time.monotonic()
            watchdog.tick(started)
            slowest = max(slowest, time.monotonic() - started)
            await asyncio.sleep(0.01)
        failing = await watchdog.check()
        watchdog.cancel()
        return slowest, failing

    try:
        slowest, failing = asyncio.run(main())
        stuck = [t for t in threading.enumerate() if t.name == "edged-health-stuck"]
        assert slowest < 0.25
        assert "no answer" in failing["stuck part"]
        assert len(stuck) == 1  # many failed checks, one thread: the stuck check is waited on again
    finally:
        release.set()
