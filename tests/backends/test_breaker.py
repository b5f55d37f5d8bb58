from __future__ import annotations

import pytest

from edged.backends.breaker import CircuitBreaker


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_opens_after_consecutive_failures() -> None:
    clock = Clock()
    breaker = CircuitBreaker(failures=3, cooldown_s=10.0, clock=clock)
    for _ in range(2):
        assert breaker.allow()
        breaker.record_failure()
    assert breaker.state == "closed"
    breaker.record_failure()
    assert breaker.state == "open"
    assert not breaker.allow()
    assert breaker.retry_in_s() == pytest.approx(10.0)


def test_a_success_resets_the_count() -> None:
    breaker = CircuitBreaker(failures=2, cooldown_s=10.0, clock=Clock())
    breaker.record_failure()
    breaker.record_success()
    breaker.record_failure()
    assert breaker.state == "closed"
    assert breaker.consecutive_failures == 1


def test_half_open_lets_exactly_one_probe_through_and_success_closes() -> None:
    clock = Clock()
    breaker = CircuitBreaker(failures=1, cooldown_s=5.0, clock=clock)
    breaker.record_failure()
    clock.now += 4.9
    assert not breaker.allow()
    clock.now += 0.1
    assert breaker.state == "half_open"
    assert breaker.allow()  # the probe
    assert not breaker.allow()  # everyone else waits for it
    assert breaker.state == "half_open"
    breaker.record_success()
    assert breaker.state == "closed"
    assert breaker.allow()
    assert breaker.allow()


def test_failed_probe_opens_again_for_a_full_cooldown() -> None:
    clock = Clock()
    breaker = CircuitBreaker(failures=3, cooldown_s=5.0, clock=clock)
    for _ in range(3):
        breaker.record_failure()
    clock.now += 5.0
    assert breaker.allow()
    breaker.record_failure()  # one failure is enough in half_open
    assert breaker.state == "open"
    clock.now += 4.0
    assert not breaker.allow()
    clock.now += 1.0
    assert breaker.allow()
    assert breaker.opened_count == 2


def test_a_probe_that_never_reports_does_not_wedge_the_breaker() -> None:
    clock = Clock()
    breaker = CircuitBreaker(failures=1, cooldown_s=5.0, clock=clock)
    breaker.record_failure()
    clock.now += 5.0
    assert breaker.allow()  # its caller is cancelled and never records anything
    clock.now += 4.0
    assert not breaker.allow()
    clock.now += 1.0
    assert breaker.allow()


def test_late_failure_while_open_keeps_the_cooldown() -> None:
    clock = Clock()
    breaker = CircuitBreaker(failures=1, cooldown_s=5.0, clock=clock)
    breaker.record_failure()
    clock.now += 4.0
    breaker.record_failure()  # a call that started before the breaker opened
    clock.now += 1.0
    assert breaker.allow()


def test_to_dict() -> None:
    clock = Clock()
    breaker = CircuitBreaker(failures=2, cooldown_s=30.0, clock=clock)
    assert breaker.to_dict() == {
        "state": "closed",
        "consecutive_failures": 0,
        "failures_to_open": 2,
        "consecutive_hangs": 0,
        "hangs_to_open": None,
        "opened_by": "",
        "cooldown_s": 30.0,
        "retry_in_s": 0.0,
        "opened_count": 0,
    }
    breaker.record_failure()
    breaker.record_failure()
    clock.now += 10.0
    out = breaker.to_dict()
    assert out["state"] == "open"
    assert out["retry_in_s"] == pytest.approx(20.0)
    assert out["opened_count"] == 1
    assert out["opened_by"] == "2 failures in a row"
    assert "open" in repr(breaker)


def test_hangs_open_the_breaker_on_their_own_threshold() -> None:
    # A hung endpoint cost the request the whole first-token wait: it opens sooner than errors do.
    clock = Clock()
    breaker = CircuitBreaker(failures=5, cooldown_s=10.0, clock=clock, hangs=2)
    breaker.record_hang()
    assert breaker.state == "closed" and breaker.consecutive_hangs == 1
    breaker.record_failure()  # an error in between does not forget the hang
    breaker.record_hang()
    assert breaker.state == "open"
    assert breaker.to_dict()["opened_by"] == "2 first-token timeouts in a row"
    assert breaker.consecutive_failures == 3


def test_a_half_open_call_that_hangs_opens_again_and_one_with_a_token_closes() -> None:
    clock = Clock()
    breaker = CircuitBreaker(failures=5, cooldown_s=10.0, clock=clock, hangs=1)
    breaker.record_hang()
    assert breaker.state == "open" and breaker.opened_by == "1 first-token timeout"
    clock.now += 10.0
    assert breaker.state == "half_open"
    assert breaker.allow()
    breaker.record_hang()
    assert breaker.state == "open" and breaker.opened_count == 2
    assert "half-open call hung" in breaker.opened_by
    clock.now += 10.0
    assert breaker.allow()
    breaker.record_success()
    assert breaker.state == "closed" and breaker.consecutive_hangs == 0


def test_without_a_hang_threshold_hangs_count_as_failures() -> None:
    breaker = CircuitBreaker(failures=2, cooldown_s=10.0, clock=Clock())
    breaker.record_hang()
    assert breaker.state == "closed"
    breaker.record_hang()
    assert breaker.state == "open" and breaker.opened_by == "2 failures in a row"


def test_rejects_bad_settings() -> None:
    with pytest.raises(ValueError):
        CircuitBreaker(failures=0, cooldown_s=1.0)
    with pytest.raises(ValueError):
        CircuitBreaker(failures=1, cooldown_s=-1.0)
    with pytest.raises(ValueError):
        CircuitBreaker(failures=1, cooldown_s=1.0, hangs=0)
