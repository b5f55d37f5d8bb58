"""A circuit breaker per cloud endpoint: stop calling an endpoint that keeps failing.

closed ──(`failures` consecutive failures, or `hangs` hangs)──▶ open ──(`cooldown_s` passes)──▶ half_open
half_open lets exactly one probe call through: its success closes the breaker, its failure
opens it again for another cooldown.

A hang (`record_hang`: the endpoint took the request and sent no first token in time) counts
as a failure and also on its own, lower, threshold: each one has cost a request the whole
wait before its local answer, while a quick error costs almost nothing, so a hung endpoint is
taken out of the way sooner. The network probe cannot see a hang (the endpoint still answers
`/models`), so only a call that gets a token, through half_open, closes the breaker again.

Usage::

    breaker = CircuitBreaker(failures=5, cooldown_s=30.0)
    if breaker.allow():
        try:
            call()
        except Exception:
            breaker.record_failure()
        else:
            breaker.record_success()
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, Literal

__all__ = ["BreakerState", "CircuitBreaker"]

BreakerState = Literal["closed", "open", "half_open"]


class CircuitBreaker:
    """Counts consecutive failures of one endpoint and gates calls to it.

    **Parameters:**

    * **failures** - consecutive failures that open the breaker (≥ 1).
    * **cooldown_s** - how long an open breaker rejects calls before one probe may go.
    * **clock** - a monotonic clock in seconds; tests pass their own.
    * **hangs** - consecutive hangs (first-token timeouts) that open the breaker (≥ 1); None:
      only `failures` counts them.

    All methods are synchronous and cheap; the breaker lives on the event loop that owns the
    cloud backend, so there is no locking.
    """

    def __init__(
        self,
        failures: int,
        cooldown_s: float,
        clock: Callable[[], float] = time.monotonic,
        *,
        hangs: int | None = None,
    ) -> None:
        if failures < 1:
            raise ValueError("failures must be ≥ 1")
        if cooldown_s < 0:
            raise ValueError("cooldown_s must be ≥ 0")
        if hangs is not None and hangs < 1:
            raise ValueError("hangs must be ≥ 1")
        self.failures = failures
        self.cooldown_s = cooldown_s
        self.hangs = hangs
        self._clock = clock
        self._state: BreakerState = "closed"
        self._consecutive = 0
        self._hangs = 0  # hangs since the last success
        self.opened_by = ""  # why it last opened, for status
        self._opened_at: float | None = None
        self._probe_started: float | None = None
        self.opened_count = 0  # times the breaker has opened, for status

    @property
    def state(self) -> BreakerState:
        if self._state == "open" and self._cooled_down():
            return "half_open"  # the next allow() lets a probe through
        return self._state

    @property
    def consecutive_failures(self) -> int:
        return self._consecutive

    def allow(self) -> bool:
        """May a call go to this endpoint now? In half_open, True for exactly one caller."""
        if self._state == "closed":
            return True
        now = self._clock()
        if self._state == "open":
            if not self._cooled_down():
                return False
            self._state = "half_open"
            self._probe_started = now
            return True
        # half_open with a probe out: a probe that never reported back (its caller was
        # cancelled) must not wedge the breaker, so after another cooldown a new probe may go.
        if self._probe_started is not None and now - self._probe_started >= max(self.cooldown_s, 0.0):
            self._probe_started = now
            return True
        return False

    @property
    def consecutive_hangs(self) -> int:
        return self._hangs

    def record_success(self) -> None:
        self._state = "closed"
        self._consecutive = 0
        self._hangs = 0
        self._opened_at = None
        self._probe_started = None

    def record_failure(self) -> None:
        self._consecutive += 1
        if self._state == "half_open":
            self._open("the half-open call failed")
        elif self._consecutive >= self.failures:
            self._open(f"{self._consecutive} failures in a row")

    def record_hang(self) -> None:
        """A call that got no first token in time: a failure that also counts toward `hangs`."""
        self._consecutive += 1
        self._hangs += 1
        what = "first-token timeout" if self._hangs == 1 else "first-token timeouts in a row"
        if self._state == "half_open":
            self._open(f"the half-open call hung ({self._hangs} {what})")
        elif self.hangs is not None and self._hangs >= self.hangs:
            self._open(f"{self._hangs} {what}")
        elif self._consecutive >= self.failures:
            self._open(f"{self._consecutive} failures in a row")

    def _open(self, why: str) -> None:
        if self._state == "open":
            return  # a call that started before the breaker opened: keep the cooldown as is
        self.opened_count += 1
        self.opened_by = why
        self._state = "open"
        self._opened_at = self._clock()
        self._probe_started = None

    def retry_in_s(self) -> float:
        """Seconds until an open breaker lets a probe through; 0 when calls may go now."""
        if self._state != "open" or self._opened_at is None:
            return 0.0
        return max(0.0, self._opened_at + self.cooldown_s - self._clock())

    def _cooled_down(self) -> bool:
        return self._opened_at is None or self._clock() - self._opened_at >= self.cooldown_s

    def to_dict(self) -> dict[str, Any]:
        return {
            "state": self.state,
            "consecutive_failures": self._consecutive,
            "failures_to_open": self.failures,
            "consecutive_hangs": self._hangs,
            "hangs_to_open": self.hangs,
            "opened_by": self.opened_by,
            "cooldown_s": self.cooldown_s,
            "retry_in_s": round(self.retry_in_s(), 3),
            "opened_count": self.opened_count,
        }

    def __repr__(self) -> str:
        return f"CircuitBreaker(state={self.state!r}, consecutive_failures={self._consecutive})"
