from __future__ import annotations

import logging
import math
import os
import random
import sqlite3
import stat
import subprocess
import sys
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

import edged
from edged.exceptions import StartupError
from edged.store import LEDGER_FILE, Ledger, price
from edged.store.ledger import BudgetStatus

UTC = timezone.utc
REPO = Path(edged.__file__).resolve().parent.parent


def at(
    year: int,
    month: int,
    day: int,
    hour: int = 0,
    minute: int = 0,
    second: int = 0,
    us: int = 0,
    *,
    tz: timezone = UTC,
) -> datetime:
    return datetime(year, month, day, hour, minute, second, us, tzinfo=tz)


def rec(ledger: Ledger, cost: float, when: datetime | None = None, rid: str = "r") -> None:
    ledger.record(
        endpoint="nim", request_id=rid, prompt_tokens=10, completion_tokens=5, cost_usd=cost, at=when
    )


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "state" / LEDGER_FILE


def test_creates_parent_dir_private_file_journal_and_schema_version(path: Path) -> None:
    with Ledger(path):
        pass
    assert path.parent.is_dir()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    finally:
        conn.close()


def test_group_readable_mode_when_asked(path: Path) -> None:
    Ledger(path, mode=0o640).close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_totals_survive_a_restart(path: Path) -> None:
    ledger = Ledger(path)
    rec(ledger, 0.25, at(2024, 5, 1, 12), rid="a")
    rec(ledger, 0.125, at(2024, 5, 2, 12), rid="b")
    ledger.close()
    assert ledger.is_closed

    with Ledger(path) as again:
        assert again.total() == 0.375
        assert again.spent("month", at(2024, 5, 20)) == 0.375
        assert [e["request_id"] for e in again.entries()] == ["a", "b"]
        rec(again, 0.5, at(2024, 5, 3))
        assert again.total() == 0.875
    assert again.is_closed


def test_closed_ledger_refuses_work(path: Path) -> None:
    ledger = Ledger(path)
    ledger.close()
    ledger.close()  # idempotent
    with pytest.raises(RuntimeError):
        ledger.total()
    with pytest.raises(RuntimeError):
        rec(ledger, 0.1)


@pytest.mark.parametrize(
    ("when", "day", "month"),
    [
        # recorded: Jan 31 23:59:59.999999, Feb 1 00:00, Feb 29 23:59 (leap), Mar 1 00:00 (all UTC)
        (at(2024, 1, 31, 12), 1, 1),
        (at(2024, 2, 1, 0, 0, 0), 2, 2 + 4),
        (at(2024, 2, 15), 0, 2 + 4),
        (at(2024, 2, 29, 23, 59, 59), 4, 2 + 4),
        (at(2024, 3, 1, 0, 0, 0), 8, 8),
        # 01:30 at UTC+2 is 23:30 UTC the day before
        (at(2024, 2, 1, 1, 30, tz=timezone(timedelta(hours=2))), 1, 1),
    ],
)
def test_day_and_month_are_utc_periods(path: Path, when: datetime, day: float, month: float) -> None:
    with Ledger(path) as ledger:
        rec(ledger, 1, at(2024, 1, 31, 23, 59, 59, 999_999))
        rec(ledger, 2, at(2024, 2, 1, 0, 0, 0))
        rec(ledger, 4, at(2024, 2, 29, 23, 59, 0))
        rec(ledger, 8, at(2024, 3, 1, 0, 0, 0))
        assert ledger.spent("day", when) == day
        assert ledger.spent("month", when) == month
        assert ledger.total() == 15


def test_december_rolls_into_january(path: Path) -> None:
    with Ledger(path) as ledger:
        rec(ledger, 3, at(2023, 12, 31, 23, 59, 59))
        rec(ledger, 5, at(2024, 1, 1, 0, 0, 0))
        assert ledger.spent("month", at(2023, 12, 1)) == 3
        assert ledger.spent("month", at(2024, 1, 31, 23)) == 5
        assert ledger.spent("day", at(2024, 1, 1, 10)) == 5


def test_default_at_is_now(path: Path) -> None:
    with Ledger(path) as ledger:
        rec(ledger, 0.5)
        assert ledger.spent("day") == 0.5
        assert ledger.spent("month") == 0.5
        entry = ledger.entries()[0]
        stamped = datetime.fromisoformat(entry["at"])
        assert abs(stamped - datetime.now(UTC)) < timedelta(minutes=5)


def test_naive_datetimes_and_bad_periods_are_refused(path: Path) -> None:
    with Ledger(path) as ledger:
        with pytest.raises(ValueError, match="timezone-aware"):
            rec(ledger, 0.1, datetime(2024, 1, 1))
        with pytest.raises(ValueError, match="period"):
            ledger.spent("week")  # type: ignore[arg-type]
        assert ledger.entries() == []


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"cost_usd": -0.01}, ValueError),
        ({"cost_usd": float("nan")}, ValueError),
        ({"cost_usd": float("inf")}, ValueError),
        ({"cost_usd": "0.1"}, TypeError),
        ({"prompt_tokens": -1}, ValueError),
        ({"completion_tokens": 1.5}, TypeError),
    ],
)
def test_bad_amounts_are_refused(path: Path, kwargs: dict[str, object], error: type[Exception]) -> None:
    args: dict[str, object] = {
        "endpoint": "nim",
        "request_id": "r",
        "prompt_tokens": 1,
        "completion_tokens": 1,
        "cost_usd": 0.1,
        **kwargs,
    }
    with Ledger(path) as ledger:
        with pytest.raises(error):
            ledger.record(**args)  # type: ignore[arg-type]
        assert ledger.total() == 0


def test_entries_since(path: Path) -> None:
    with Ledger(path) as ledger:
        rec(ledger, 1, at(2024, 1, 2), rid="late")
        rec(ledger, 2, at(2024, 1, 1), rid="early")
        assert [e["request_id"] for e in ledger.entries()] == ["early", "late"]
        late = ledger.entries(since=at(2024, 1, 1, 12))
        assert late == [
            {
                "at": "2024-01-02T00:00:00+00:00",
                "endpoint": "nim",
                "request_id": "late",
                "prompt_tokens": 10,
                "completion_tokens": 5,
                "cost_usd": 1.0,
                "cost_micros": 1_000_000,
            }
        ]


def test_status_is_a_budget_status(path: Path) -> None:
    now = at(2024, 6, 15, 12)
    with Ledger(path) as ledger:
        rec(ledger, 0.25, now)
        rec(ledger, 4.0, at(2024, 6, 1))
        rec(ledger, 100.0, at(2024, 5, 31))  # last month: counts nowhere
        status = ledger.status(1.0, 20.0, now)
    assert status == BudgetStatus(
        daily_spent_usd=0.25, daily_cap_usd=1.0, monthly_spent_usd=4.25, monthly_cap_usd=20.0
    )
    assert status.daily_left_usd == 0.75
    assert status.left_usd == 0.75
    assert status.remaining_fraction == 0.75
    assert not status.exhausted


def test_status_exhausted_and_zero_caps(path: Path) -> None:
    now = at(2024, 6, 15, 12)
    with Ledger(path) as ledger:
        rec(ledger, 1.5, now)
        over = ledger.status(1.0, 20.0, now)
        assert over.daily_spent_usd == 1.5
        assert over.exhausted
        assert over.left_usd == 0.0
        assert ledger.status(0.0, 0.0, at(2025, 1, 1)).exhausted  # cap 0: no cloud spend at all


@pytest.mark.parametrize(
    ("prompt", "completion", "price_in", "price_out", "expected"),
    [
        (0, 0, 0.5, 1.5, 0.0),
        (1000, 0, 0.5, 1.5, 0.5),
        (1000, 1000, 0.5, 1.5, 2.0),
        (1234, 567, 0.00015, 0.0006, 0.000526),  # 0.0001851 + 0.0003402 = 0.0005253 → up
        (1, 1, 0.00015, 0.0006, 0.000001),  # under a micro-dollar still costs one
        (3, 0, 0.1, 0.0, 0.0003),  # 0.1 is not a binary float; decimal arithmetic keeps it exact
        (10_000_000, 0, 0.002, 0.0, 20.0),
        (500, 500, 0.0, 0.0, 0.0),
    ],
)
def test_price_rounds_up_to_a_micro_dollar(
    prompt: int, completion: int, price_in: float, price_out: float, expected: float
) -> None:
    assert price(prompt, completion, price_in, price_out) == expected


def test_price_refuses_bad_input() -> None:
    with pytest.raises(ValueError):
        price(1, 1, -0.1, 0.1)
    with pytest.raises(TypeError):
        price(1.0, 1, 0.1, 0.1)  # type: ignore[arg-type]


def test_soak_total_equals_sum_of_priced_usage(path: Path) -> None:
    rng = random.Random(1234)
    prices = [(0.00015, 0.0006), (0.0005, 0.0015), (0.003, 0.015), (0.1, 0.3)]
    costs: list[float] = []
    with Ledger(path) as ledger:
        start = at(2024, 3, 31, 20)
        for i in range(500):
            p_in, p_out = prices[i % len(prices)]
            prompt, completion = rng.randint(0, 8000), rng.randint(0, 2000)
            cost = price(prompt, completion, p_in, p_out)
            costs.append(cost)
            ledger.record(
                endpoint=f"ep{i % 4}",
                request_id=f"r{i}",
                prompt_tokens=prompt,
                completion_tokens=completion,
                cost_usd=cost,
                at=start + timedelta(minutes=i),  # crosses into April
            )
        entries = ledger.entries()
        exact_micros = sum(round(c * 1_000_000) for c in costs)
        assert sum(e["cost_micros"] for e in entries) == exact_micros
        assert [e["cost_usd"] for e in entries] == costs
        assert ledger.total() == exact_micros / 1_000_000 == round(math.fsum(costs), 6)
        march = ledger.spent("month", at(2024, 3, 1))
        april = ledger.spent("month", at(2024, 4, 1))
        assert round(march * 1_000_000) + round(april * 1_000_000) == exact_micros


def test_concurrent_threads_lose_nothing(path: Path) -> None:
    threads, per_thread = 8, 200
    cost = 0.000123
    with Ledger(path) as ledger:
        barrier = threading.Barrier(threads)
        errors: list[BaseException] = []

        def writer(n: int) -> None:
            try:
                barrier.wait()
                for i in range(per_thread):
                    rec(ledger, cost, rid=f"t{n}-{i}")
                    if i % 50 == 0:
                        ledger.status(1.0, 20.0)  # readers interleave with the writers
            except BaseException as exc:  # pragma: no cover - reported below
                errors.append(exc)

        workers = [threading.Thread(target=writer, args=(n,)) for n in range(threads)]
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        assert errors == []
        assert len(ledger.entries()) == threads * per_thread
        assert ledger.total() == threads * per_thread * 123 / 1_000_000
        assert len({e["request_id"] for e in ledger.entries()}) == threads * per_thread


def test_separate_ledger_objects_in_threads(path: Path) -> None:
    Ledger(path).close()

    def writer(n: int) -> None:
        with Ledger(path) as own:
            for i in range(100):
                rec(own, 0.01, rid=f"{n}-{i}")

    workers = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    with Ledger(path) as ledger:
        assert ledger.total() == 4.0


_CHILD = """
import sys, time
from pathlib import Path
from edged.store import Ledger

path, tag, count, go = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
with Ledger(path) as ledger:
    (go.parent / f"ready-{tag}").touch()
    deadline = time.monotonic() + 60
    while not go.exists():
        if time.monotonic() > deadline:
            sys.exit("no go signal")
        time.sleep(0.002)
    for i in range(count):
        ledger.record(endpoint=tag, request_id=f"{tag}-{i}", prompt_tokens=1, completion_tokens=1,
                      cost_usd=0.000007)
"""


def test_concurrent_processes_lose_nothing(path: Path, tmp_path: Path) -> None:
    count = 200
    go = tmp_path / "go"
    Ledger(path).close()  # create it first so the children race on writes, not on creation
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    children = [
        subprocess.Popen(
            [sys.executable, "-c", _CHILD, str(path), tag, str(count), str(go)], cwd=REPO, env=env
        )
        for tag in ("p1", "p2")
    ]
    try:
        deadline = time.monotonic() + 60
        while not all((tmp_path / f"ready-{tag}").exists() for tag in ("p1", "p2")):
            assert time.monotonic() < deadline, "children did not start"
            assert all(c.poll() is None for c in children), "a child died"
            time.sleep(0.005)
        with Ledger(path) as ledger:
            go.touch()
            for i in range(count):  # this process writes at the same time
                ledger.record(
                    endpoint="parent",
                    request_id=f"p0-{i}",
                    prompt_tokens=1,
                    completion_tokens=1,
                    cost_usd=0.000007,
                )
            for child in children:
                assert child.wait(timeout=60) == 0
            assert ledger.total() == 3 * count * 7 / 1_000_000
            by_endpoint: dict[str, int] = {}
            for entry in ledger.entries():
                by_endpoint[entry["endpoint"]] = by_endpoint.get(entry["endpoint"], 0) + 1
            assert by_endpoint == {"parent": count, "p1": count, "p2": count}
    finally:
        for child in children:
            if child.poll() is None:
                child.kill()
                child.wait()


def test_newer_schema_is_refused(path: Path) -> None:
    Ledger(path).close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()
    with pytest.raises(StartupError, match="newer"):
        Ledger(path)


def test_a_file_that_is_not_a_database_is_moved_aside_not_overwritten(
    path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path.parent.mkdir(parents=True)
    junk = b"this is not sqlite" * 100
    path.write_bytes(junk)
    with caplog.at_level(logging.ERROR), Ledger(path) as ledger:
        assert ledger.total() == 0
    (aside,) = path.parent.glob("ledger.sqlite3.corrupt-*")
    assert aside.read_bytes() == junk
    assert f"moved it aside to {aside.name}" in caplog.text


def test_unwritable_state_dir_is_a_startup_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(StartupError, match="cannot create"):
        Ledger(blocker / "ledger.sqlite3")
