"""The systemd watchdog, fed only while the daemon's parts answer.

Every WatchdogSec/2 a check runs as a task on the event loop, all probes at once, each bounded by
WatchdogSec/4 so a ping still lands in time. WATCHDOG=1 goes out only when every probe answered:

* the event loop: the check itself runs on it, and a yield to it comes back within the bound;
* the generation thread (`edged-ort`): it runs a no-op within the bound, or the job it is
  inside started or produced a token within WatchdogSec (a long generation is busy, not stuck);
* each state store: a read on its SQLite connection, made on a thread of its own.

A failed check sends nothing, logs each failing part once per episode at warning level, and is
retried every WatchdogSec/10, so a part that recovers in time saves the daemon; one that stays
wedged lets WatchdogSec lapse and systemd kills and restarts the daemon. Nothing here blocks the
loop: blocking probes run on threads, and one still stuck is waited on again, never stacked.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import threading
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Protocol

from edged import systemd

__all__ = ["GenerationThread", "Probe", "Store", "ThreadProbe", "Watchdog", "loop_answers", "probes"]

logger = logging.getLogger(__name__)

# timeout_s -> None when the part answered in time, else why not
Probe = Callable[[float], Awaitable[str | None]]


class GenerationThread(Protocol):
    async def health(self, timeout_s: float, stall_s: float) -> str | None: ...


class Store(Protocol):
    def ping(self) -> None: ...


async def loop_answers(timeout_s: float) -> str | None:
    started = time.monotonic()
    await asyncio.sleep(0)
    lag = time.monotonic() - started
    return None if lag <= timeout_s else f"a yield to the loop took {lag:.2f} s"


class ThreadProbe:
    """A blocking check run on a daemon thread, so a wedged one never holds up the loop or exit."""

    def __init__(self, name: str, check: Callable[[], object]) -> None:
        self.name = name
        self.check = check
        self._pending: concurrent.futures.Future[str | None] | None = None

    async def __call__(self, timeout_s: float) -> str | None:
        if self._pending is None or self._pending.done():
            self._pending = concurrent.futures.Future()
            thread = threading.Thread(
                target=self._run, args=(self._pending,), name=f"edged-health-{self.name}", daemon=True
            )
            thread.start()
        pending = self._pending
        await asyncio.wait({asyncio.wrap_future(pending)}, timeout=timeout_s)
        if not pending.done():
            return f"no answer within {timeout_s:.2g} s"
        return pending.result()

    def _run(self, future: concurrent.futures.Future[str | None]) -> None:
        # A result, never an exception: a wrapper nobody awaits any more would log it as lost.
        try:
            self.check()
        except Exception as exc:
            future.set_result(f"{type(exc).__name__}: {exc}")
        else:
            future.set_result(None)


def probes(
    stall_s: float, local: GenerationThread | None, stores: Mapping[str, Store | None]
) -> dict[str, Probe]:
    """The daemon's parts as probes; a part that is not there (None) is not checked."""
    out: dict[str, Probe] = {"event loop": loop_answers}
    if local is not None:
        generation = local

        async def generation_thread(timeout_s: float) -> str | None:
            return await generation.health(timeout_s, stall_s)

        out["generation thread"] = generation_thread
    for name, store in stores.items():
        if store is not None:
            out[name] = ThreadProbe(name, store.ping)
    return out


class Watchdog:
    """Sends WATCHDOG=1 every `interval_s`/2 while every probe answers; `tick()` from the loop."""

    def __init__(self, interval_s: float, parts: Mapping[str, Probe]) -> None:
        self.interval_s = interval_s
        self.timeout_s = interval_s / 4
        self.parts = dict(parts)
        self.fed = 0  # WATCHDOG=1 sent
        self._next = time.monotonic() + interval_s / 2
        self._task: asyncio.Task[None] | None = None
        self._reported: set[str] = set()  # parts warned about in the current episode
        self._failing_since: float | None = None

    def tick(self, now: float) -> None:
        """Start a check when one is due. Never waits: the check is a task of its own."""
        if now < self._next or (self._task is not None and not self._task.done()):
            return
        self._task = asyncio.create_task(self._check(), name="edged-watchdog")

    def cancel(self) -> None:
        if self._task is not None:
            self._task.cancel()

    async def check(self) -> dict[str, str]:
        """{part: why} for each part that did not answer; empty when all did."""
        names = list(self.parts)
        answers = await asyncio.gather(*(self._ask(name) for name in names))
        return {name: why for name, why in zip(names, answers, strict=True) if why is not None}

    async def _ask(self, name: str) -> str | None:
        try:
            # The probes bound themselves; this is for one that does not.
            return await asyncio.wait_for(self.parts[name](self.timeout_s), 2 * self.timeout_s)
        except asyncio.TimeoutError:
            return f"no answer within {2 * self.timeout_s:.2g} s"
        except Exception as exc:
            return f"{type(exc).__name__}: {exc}"

    async def _check(self) -> None:
        failing = await self.check()
        now = time.monotonic()
        if not failing:
            systemd.notify("WATCHDOG=1")
            self.fed += 1
            if self._failing_since is not None:
                logger.info(
                    "watchdog: every part answers again after %.1f s; feeding it again",
                    now - self._failing_since,
                )
            self._reported.clear()
            self._failing_since = None
            self._next = now + self.interval_s / 2
            return
        if self._failing_since is None:
            self._failing_since = now
        for name in sorted(failing.keys() - self._reported):
            logger.warning(
                "watchdog not fed: the %s does not answer (%s); systemd restarts the daemon once "
                "WatchdogSec (%g s) passes without a ping",
                name,
                failing[name],
                self.interval_s,
            )
        self._reported.update(failing)
        self._next = now + self.interval_s / 10
