"""The cloud-spend ledger: one row per priced cloud call, summed per UTC day and UTC month.

Amounts are whole micro-dollars in INTEGER columns, so sums are exact whatever the number of
rows: the ledger total always equals the sum of what `price()` returned for the same calls.
The rounding happens once, when a call is priced:

* `price()` rounds UP to the next micro-dollar. A budget cap must never be under-counted, and
  the most this over-counts is one micro-dollar per call.
* `Ledger.record()` stores `cost_usd` rounded to the nearest micro-dollar (half up). A value
  from `price()` is already a whole number of micro-dollars and is stored exactly.

Usage::

    with Ledger(config.state_dir / "ledger.sqlite3") as ledger:
        cost = price(usage["prompt_tokens"], usage["completion_tokens"], ep.price_input_per_1k,
                     ep.price_output_per_1k)
        ledger.record(endpoint=ep.name, request_id=rid, prompt_tokens=..., completion_tokens=...,
                      cost_usd=cost)
        budget = ledger.status(config.budget.daily_usd, config.budget.monthly_usd)
"""

from __future__ import annotations

import math
import sqlite3
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta, timezone
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any, Literal

from edged.store._sqlite import Database, StateFile

__all__ = ["BudgetStatus", "Ledger", "Period", "price"]

Period = Literal["day", "month"]

MICROS_PER_USD = 1_000_000
_MICRO = Decimal("0.000001")
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)

_MIGRATIONS = [
    [
        """
        CREATE TABLE spend (
            id INTEGER PRIMARY KEY,
            at_us INTEGER NOT NULL,            -- microseconds since the epoch, UTC
            endpoint TEXT NOT NULL,
            request_id TEXT NOT NULL,
            prompt_tokens INTEGER NOT NULL CHECK (prompt_tokens >= 0),
            completion_tokens INTEGER NOT NULL CHECK (completion_tokens >= 0),
            cost_micros INTEGER NOT NULL CHECK (cost_micros >= 0)
        )
        """,
        "CREATE INDEX spend_at ON spend (at_us)",
    ],
]


@dataclass(frozen=True)
class BudgetStatus:
    """Cloud spend against the caps, as `Ledger.status()` sums it."""

    daily_spent_usd: float = 0.0
    daily_cap_usd: float = 0.0
    monthly_spent_usd: float = 0.0
    monthly_cap_usd: float = 0.0
    # Why new spend cannot be recorded now (the ledger file fails); None while it can. The cap
    # is only a promise while every charge is written down, so the router sends nothing to the
    # cloud while this is set.
    unrecordable: str | None = None

    @property
    def daily_left_usd(self) -> float:
        return max(0.0, self.daily_cap_usd - self.daily_spent_usd)

    @property
    def monthly_left_usd(self) -> float:
        return max(0.0, self.monthly_cap_usd - self.monthly_spent_usd)

    @property
    def left_usd(self) -> float:
        return min(self.daily_left_usd, self.monthly_left_usd)

    @property
    def remaining_fraction(self) -> float:
        """The tighter of the two caps, as the share still unspent (0 when a cap is 0)."""
        fractions = []
        for left, cap in (
            (self.daily_left_usd, self.daily_cap_usd),
            (self.monthly_left_usd, self.monthly_cap_usd),
        ):
            fractions.append(left / cap if cap > 0 else 0.0)
        return min(fractions)

    @property
    def exhausted(self) -> bool:
        return self.left_usd <= 0.0

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out.update(left_usd=round(self.left_usd, 6), remaining_fraction=round(self.remaining_fraction, 4))
        return out


def price(
    prompt_tokens: int, completion_tokens: int, price_input_per_1k: float, price_output_per_1k: float
) -> float:
    """What one call costs in USD, rounded up to a whole micro-dollar.

    The arithmetic is decimal on the prices as written in the configuration (0.00015 is
    0.00015, not the nearest binary float), so equal usage always prices the same.
    """
    return _price_micros(prompt_tokens, completion_tokens, price_input_per_1k, price_output_per_1k) / (
        MICROS_PER_USD
    )


def _price_micros(
    prompt_tokens: int, completion_tokens: int, price_input_per_1k: float, price_output_per_1k: float
) -> int:
    _check_count("prompt_tokens", prompt_tokens)
    _check_count("completion_tokens", completion_tokens)
    usd = (
        prompt_tokens * _decimal("price_input_per_1k", price_input_per_1k)
        + completion_tokens * _decimal("price_output_per_1k", price_output_per_1k)
    ) / 1000
    return int(usd.quantize(_MICRO, rounding=ROUND_CEILING) * MICROS_PER_USD)


def _decimal(name: str, value: float) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"{name} must be a number, not {type(value).__name__}")
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"{name} must be a finite amount ≥ 0, not {value!r}")
    return Decimal(repr(value))  # the shortest form: what was written in the file


def _check_count(name: str, value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, not {type(value).__name__}")
    if value < 0:
        raise ValueError(f"{name} must be ≥ 0, not {value}")


def _to_micros(usd: float) -> int:
    return int(_decimal("cost_usd", usd).quantize(_MICRO, rounding=ROUND_HALF_UP) * MICROS_PER_USD)


def _utc(at: datetime | None) -> datetime:
    if at is None:
        return datetime.now(timezone.utc)
    if at.tzinfo is None or at.utcoffset() is None:
        # A naive datetime is local time on some machines and UTC on others: refuse to guess.
        raise ValueError("at must be timezone-aware (e.g. datetime.now(timezone.utc))")
    return at.astimezone(timezone.utc)


def _to_us(at: datetime) -> int:
    return (at - _EPOCH) // timedelta(microseconds=1)


def _from_us(at_us: int) -> datetime:
    return _EPOCH + timedelta(microseconds=at_us)


def _period_bounds(period: str, at: datetime) -> tuple[int, int]:
    """[start, end) of the UTC day or UTC month holding `at`, in epoch microseconds."""
    if period == "day":
        start = at.replace(hour=0, minute=0, second=0, microsecond=0)
        end = start + timedelta(days=1)
    elif period == "month":
        start = at.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
        end = (
            start.replace(year=start.year + 1, month=1)
            if start.month == 12
            else start.replace(month=start.month + 1)
        )
    else:
        raise ValueError(f"period must be 'day' or 'month', not {period!r}")
    return _to_us(start), _to_us(end)


class Ledger(StateFile):
    """Priced cloud usage in `<state dir>/ledger.sqlite3`; survives restarts.

    Safe to share between threads (one connection behind a lock) and between processes (SQLite
    file locks, a rollback journal, a busy timeout). Each `record()` is one short transaction.

    **Parameters:**

    * `path`: the SQLite file; it and its folder are created when missing (file mode `mode`).
    * `busy_timeout_s`: how long a write waits for another process holding the lock.
    """

    def __init__(self, path: Path, *, mode: int = 0o600, busy_timeout_s: float = 10.0) -> None:
        self.path = Path(path)
        self._db = Database(self.path, migrations=_MIGRATIONS, mode=mode, busy_timeout_s=busy_timeout_s)

    @property
    def is_closed(self) -> bool:
        return self._db.is_closed

    def record(
        self,
        *,
        endpoint: str,
        request_id: str,
        prompt_tokens: int,
        completion_tokens: int,
        cost_usd: float,
        at: datetime | None = None,
    ) -> None:
        """Add one cloud call; `at` (timezone-aware, default now) picks its day and month."""
        _check_count("prompt_tokens", prompt_tokens)
        _check_count("completion_tokens", completion_tokens)
        micros = _to_micros(cost_usd)
        at_us = _to_us(_utc(at))
        with self._db.write() as conn:
            conn.execute(
                "INSERT INTO spend (at_us, endpoint, request_id, prompt_tokens, completion_tokens,"
                " cost_micros) VALUES (?, ?, ?, ?, ?, ?)",
                (at_us, str(endpoint), str(request_id), prompt_tokens, completion_tokens, micros),
            )

    def spent(self, period: Period, at: datetime | None = None) -> float:
        """USD spent in the UTC day or UTC month holding `at` (default now)."""
        start, end = _period_bounds(period, _utc(at))
        with self._db.read() as conn:
            return _sum(conn.execute(_SUM_BETWEEN, (start, end))) / MICROS_PER_USD

    def status(
        self, daily_cap_usd: float, monthly_cap_usd: float, at: datetime | None = None
    ) -> BudgetStatus:
        """The budget as the router reads it: both periods summed from one snapshot."""
        when = _utc(at)
        day = _period_bounds("day", when)
        month = _period_bounds("month", when)
        with self._db.read() as conn:
            daily = _sum(conn.execute(_SUM_BETWEEN, day))
            monthly = _sum(conn.execute(_SUM_BETWEEN, month))
        return BudgetStatus(
            daily_spent_usd=daily / MICROS_PER_USD,
            daily_cap_usd=float(daily_cap_usd),
            monthly_spent_usd=monthly / MICROS_PER_USD,
            monthly_cap_usd=float(monthly_cap_usd),
        )

    def total(self) -> float:
        """USD spent over the whole ledger."""
        with self._db.read() as conn:
            return _sum(conn.execute("SELECT SUM(cost_micros) FROM spend")) / MICROS_PER_USD

    def entries(self, since: datetime | None = None) -> list[dict[str, Any]]:
        """Every call from `since` on (default all), oldest first, as JSON-ready dicts.

        `at` is ISO 8601 in UTC; `cost_micros` is the exact stored amount, `cost_usd` the same
        in dollars.
        """
        query = "SELECT at_us, endpoint, request_id, prompt_tokens, completion_tokens, cost_micros FROM spend"
        params: tuple[int, ...] = ()
        if since is not None:
            query += " WHERE at_us >= ?"
            params = (_to_us(_utc(since)),)
        with self._db.read() as conn:
            rows = conn.execute(query + " ORDER BY at_us, id", params).fetchall()
        return [
            {
                "at": _from_us(at_us).isoformat(),
                "endpoint": endpoint,
                "request_id": request_id,
                "prompt_tokens": prompt_tokens,
                "completion_tokens": completion_tokens,
                "cost_usd": micros / MICROS_PER_USD,
                "cost_micros": micros,
            }
            for at_us, endpoint, request_id, prompt_tokens, completion_tokens, micros in rows
        ]

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


_SUM_BETWEEN = "SELECT SUM(cost_micros) FROM spend WHERE at_us >= ? AND at_us < ?"


def _sum(cursor: sqlite3.Cursor) -> int:
    value = cursor.fetchone()[0]
    return int(value) if value is not None else 0
