"""NetworkMonitor: can the cloud be reached right now, and how well?

Two sources feed it. A cheap periodic probe, `GET {base_url}/models` without credentials (not
even those written into the URL): any HTTP reply (401 included) means reachable, and its round
trip is the RTT; a connection error or a timeout means unreachable. And the outcomes of real
cloud calls, through `record()` and `record_hang()` (pass them as `CloudBackend(on_outcome=...,
on_hang=...)`).

A hang (a call the endpoint took and sent no first token for) is the one thing the probe cannot
see: the endpoint still answers `/models`. So a hung endpoint keeps the state "degraded" until a
real call to it gets an answer; a probe that gets through does not clear it.

States, as `NetworkStatus.state`:

* "unknown": nothing probed or recorded yet (the router still tries the cloud).
* "up": reachable, recent calls fine, probe RTT under `probe_slow_ms`.
* "degraded": reachable, but a recent call failed, an endpoint hung on its last call, or the
  probe is slow.
* "down": the last probe reached no endpoint, or several calls in a row got no reply at
  all; also whenever no cloud endpoint is configured.

The probe runs every `probe_interval_s` while the network is reachable and backs off while
it is down (doubling up to `probe_max_interval_s`), so a box in a dead zone does not keep
its radio busy. A probe that gets through brings the state back to "up" by itself.

Usage::

    monitor = NetworkMonitor(config.cloud, config.cloud_endpoints)
    monitor.start()                       # on the running loop
    ...
    monitor.status                        # NetworkStatus, never blocks
    await monitor.stop()
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import httpx

from edged._types import NetworkState
from edged._urls import without_userinfo
from edged.backends.base import NetworkStatus
from edged.config import CloudConfig, CloudEndpoint

__all__ = ["NetworkMonitor"]

logger = logging.getLogger(__name__)

CALLS_BEFORE_DOWN = 3  # real calls in a row without any reply before the network counts as down
OUTCOME_WINDOW = 5  # recent call outcomes kept for "degraded"
MIN_OUTCOME_AGE_S = 60.0  # a failed call older than this (or two probe periods) is forgotten
MIN_WAKE_GAP_S = 1.0  # an unreachable call asks for an early probe at most this often


@dataclass(frozen=True)
class _Outcome:
    at: float
    ok: bool
    replied: bool  # an HTTP reply came back, whatever its status


class NetworkMonitor:
    """Tracks reachability of the cloud endpoints; see the module docstring.

    **Parameters:**

    * **config** - the `[cloud]` section: probe period, timeout, backoff ceiling, slow RTT.
    * **endpoints** - the endpoints in order of preference; a probe stops at the first that
      answers.
    * **transport** - an httpx transport to use instead of the network one.
    * **clock** - monotonic seconds, for probe timing and how long outcomes count.
    """

    def __init__(
        self,
        config: CloudConfig,
        endpoints: Sequence[CloudEndpoint],
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.config = config
        self.endpoints = list(endpoints)
        self._transport = transport
        self._clock = clock
        self._client: httpx.AsyncClient | None = None
        self._task: asyncio.Task[None] | None = None
        self._wake: asyncio.Event | None = None
        self._lock: asyncio.Lock | None = None
        self._reachable: bool | None = None
        self._probe_failures = 0
        self._probe_rtt_ms: float | None = None
        self._last_probe_at: float | None = None
        self._last_reply_at: float | None = None  # the last real call that got a reply
        self._endpoint: str | None = None
        self._detail = ""
        self._checked_at: float | None = None  # wall clock, for status
        self._unreplied_calls = 0
        self._outcomes: deque[_Outcome] = deque(maxlen=OUTCOME_WINDOW)
        self._hung: dict[str, str] = {}  # endpoint -> what its last call did, until one answers
        self.interval_s = config.probe_interval_s  # the wait before the next periodic probe
        self.probes = 0

    # -- lifecycle -------------------------------------------------------------------------------

    @property
    def started(self) -> bool:
        return self._task is not None and not self._task.done()

    def start(self) -> None:
        """Start probing on the running event loop (a no-op without endpoints or if started)."""
        if self.started or not self.endpoints:
            return
        loop = asyncio.get_running_loop()
        self._wake = asyncio.Event()
        self._lock = asyncio.Lock()
        self._task = loop.create_task(self._run(), name="edged-network-probe")

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None and not task.done():
            task.cancel()
            await asyncio.wait({task})
        await self._replace_client()
        self._wake = self._lock = None

    async def _run(self) -> None:
        while True:
            try:
                # A real call that got a reply since the last period says as much as a probe
                # would; probing anyway only adds load (and some servers, llama-cpp-python's
                # among them, cut a running stream when another request arrives).
                fresh = self._last_reply_at is not None and (
                    self._clock() - self._last_reply_at < self.config.probe_interval_s
                )
                if not fresh:
                    await self.probe_now()
            except Exception:  # a bug in a probe must not end monitoring for good
                logger.exception("network probe failed unexpectedly")
            wake = self._wake
            if wake is None:
                return
            try:
                await asyncio.wait_for(wake.wait(), timeout=self.interval_s)
            except asyncio.TimeoutError:
                pass
            wake.clear()

    # -- evidence --------------------------------------------------------------------------------

    async def probe_now(self) -> NetworkStatus:
        """Probe the endpoints in order until one replies; returns the new status."""
        if not self.endpoints:
            return self.status
        if self._lock is None:
            self._lock = asyncio.Lock()
        async with self._lock:
            client = self._ensure_client()
            problems = []
            for ep in self.endpoints:
                url = without_userinfo(ep.base_url).rstrip("/") + "/models"
                start = time.monotonic()
                try:
                    # httpx's own timeouts end a slow probe; wait_for is only a backstop, since
                    # cancelling httpx mid-read can leave a pool slot taken (encode/httpcore#1115).
                    rtt_ms = await asyncio.wait_for(
                        self._probe_one(client, url, start), timeout=2 * self.config.probe_timeout_s + 1
                    )
                except asyncio.TimeoutError:
                    problems.append(f"{ep.name}: probe timed out")
                    await self._replace_client()
                    client = self._ensure_client()
                    continue
                except httpx.HTTPError as exc:
                    problems.append(f"{ep.name}: {_describe(exc)}")
                    continue
                self._probe_succeeded(ep.name, rtt_ms)
                break
            else:
                self._probe_failed("; ".join(problems))
        return self.status

    async def _probe_one(self, client: httpx.AsyncClient, url: str, start: float) -> float:
        async with client.stream("GET", url) as response:
            rtt_ms = (time.monotonic() - start) * 1000  # to the status line: any reply counts
            await response.aread()  # read so the connection can be reused by the next probe
        return rtt_ms

    def _probe_succeeded(self, endpoint: str, rtt_ms: float) -> None:
        was_down = self._reachable is False
        self.probes += 1
        self._reachable = True
        self._probe_failures = 0
        self._probe_rtt_ms = rtt_ms
        self._endpoint = endpoint
        self._last_probe_at = self._clock()
        self._checked_at = time.time()
        self._unreplied_calls = 0
        self._forget_unreplied()
        self._detail = ""
        self.interval_s = self.config.probe_interval_s
        if was_down:
            logger.info("network: cloud reachable again via %s (%.0f ms)", endpoint, rtt_ms)

    def _probe_failed(self, detail: str) -> None:
        was_reachable = self._reachable is not False
        self.probes += 1
        self._reachable = False
        self._probe_failures += 1
        self._probe_rtt_ms = None
        self._last_probe_at = self._clock()
        self._checked_at = time.time()
        self._detail = detail
        c = self.config
        self.interval_s = min(c.probe_max_interval_s, c.probe_interval_s * 2 ** (self._probe_failures - 1))
        if was_reachable:
            logger.warning("network: cloud unreachable: %s", detail)

    def record(self, endpoint: str, ok: bool, rtt_ms: float | None, detail: str) -> None:
        """The outcome of one real cloud call (CloudBackend's on_outcome)."""
        now = self._clock()
        replied = ok or rtt_ms is not None
        self._outcomes.append(_Outcome(now, ok, replied))
        self._checked_at = time.time()
        if ok:
            self._hung.pop(endpoint, None)
        if replied:
            self._last_reply_at = now
            self._unreplied_calls = 0
            self._forget_unreplied()
            if self._reachable is False:
                logger.info("network: cloud reachable again via %s (a call got a reply)", endpoint)
            self._reachable = True
            self._probe_failures = 0
            self.interval_s = self.config.probe_interval_s
            self._endpoint = endpoint
            if not ok:
                self._detail = f"call to {endpoint} failed: {detail}"
            return
        self._unreplied_calls += 1
        self._detail = f"call to {endpoint} got no reply: {detail}"
        if self._unreplied_calls >= CALLS_BEFORE_DOWN and self._reachable is not False:
            self._reachable = False
            logger.warning("network: %d cloud calls in a row got no reply", self._unreplied_calls)
        elif self._reachable is not False:
            self._ask_for_probe(now)

    def record_hang(self, endpoint: str, detail: str) -> None:
        """A real call that `endpoint` took and sent no first token for (CloudBackend's on_hang).

        The link works (the connection was taken), so this neither counts toward "down" nor asks
        for a probe, which would only say "up" again; the endpoint stays marked hung until a call
        to it gets an answer.
        """
        self._outcomes.append(_Outcome(self._clock(), False, True))
        self._checked_at = time.time()
        if endpoint not in self._hung:
            logger.warning(
                "network: cloud endpoint %s took a call and sent nothing back: %s", endpoint, detail
            )
        self._hung[endpoint] = detail
        self._detail = f"{endpoint} hung: {detail}"

    def _forget_unreplied(self) -> None:
        # Calls that got no reply at all are refuted by anything that got one: the link is back.
        kept = [o for o in self._outcomes if o.replied]
        self._outcomes.clear()
        self._outcomes.extend(kept)

    def _ask_for_probe(self, now: float) -> None:
        # A call that got no reply while we think the network is fine: check now rather than
        # at the next period, so the router stops sending work into a dead link sooner.
        if self._wake is None:
            return
        if self._last_probe_at is not None and now - self._last_probe_at < MIN_WAKE_GAP_S:
            return
        self._wake.set()

    # -- the answer ------------------------------------------------------------------------------

    @property
    def status(self) -> NetworkStatus:
        if not self.endpoints:
            return NetworkStatus(state="down", detail="no cloud endpoint configured")
        if self._reachable is False:
            return self._status("down", self._detail)
        if self._reachable is None and not self._outcomes:
            return self._status("unknown", "not probed yet")
        recent = self._recent_failures()
        slow = self._probe_rtt_ms is not None and self._probe_rtt_ms > self.config.probe_slow_ms
        if recent or slow or self._hung:
            reasons = [f"{name} hung: {detail}" for name, detail in self._hung.items()]
            if recent:
                reasons.append(f"{recent} of the last {len(self._outcomes)} calls failed")
            if slow:
                reasons.append(f"slow: probe took {self._probe_rtt_ms:.0f} ms")
            return self._status("degraded", "; ".join(reasons))
        if self._probe_rtt_ms is not None:
            return self._status("up", f"probe ok ({self._probe_rtt_ms:.0f} ms)")
        return self._status("up", "recent calls ok")

    def _status(self, state: NetworkState, detail: str) -> NetworkStatus:
        rtt = round(self._probe_rtt_ms, 2) if self._probe_rtt_ms is not None else None
        return NetworkStatus(
            state=state, rtt_ms=rtt, endpoint=self._endpoint, detail=detail, checked_at=self._checked_at
        )

    def _recent_failures(self) -> int:
        horizon = self._clock() - max(MIN_OUTCOME_AGE_S, 2 * self.config.probe_interval_s)
        return sum(1 for o in self._outcomes if not o.ok and o.at >= horizon)

    async def _replace_client(self) -> None:
        client, self._client = self._client, None
        if client is not None:
            await client.aclose()

    def _ensure_client(self) -> httpx.AsyncClient:
        if self._client is None:
            timeout = self.config.probe_timeout_s
            self._client = httpx.AsyncClient(
                transport=self._transport,
                timeout=httpx.Timeout(timeout),
                limits=httpx.Limits(max_connections=2, max_keepalive_connections=1),
                follow_redirects=False,
            )
        return self._client

    def __repr__(self) -> str:
        return f"NetworkMonitor(state={self.status.state!r}, endpoints={[e.name for e in self.endpoints]!r})"


def _describe(exc: httpx.HTTPError) -> str:
    if isinstance(exc, httpx.TimeoutException):
        return "probe timed out"
    if isinstance(exc, httpx.ConnectError):
        return f"connection failed: {exc}"
    return f"{type(exc).__name__}: {exc}"
