"""Crash consistency: SIGKILL the daemon at random points of a stream of session and cloud
requests, again and again, and check the state files after each kill.

After every kill: both files pass `PRAGMA integrity_check`; every session holds whole turns
only (a user turn and its assistant turn, written by one request, never one without the other);
the ledger's total is the sum of its rows; and no request id is charged twice. A kill between a
cloud call and its ledger row loses that row (the provider billed a call the ledger never saw);
it never writes one twice.
"""

from __future__ import annotations

import random
import sqlite3
import time
from pathlib import Path

from edged.protocol import encode_request
from edged.store import LEDGER_FILE, SESSIONS_FILE
from tests.support.daemon import daemon_process, raw_dealer
from tests.support.fake_openai import FakeOpenAI
from tests.test_lifecycle import write_config

KILLS = 50


def check_state(state: Path, sent: set[str]) -> tuple[int, int]:
    """Assert the invariants on the files as a crash left them; (turn pairs, ledger rows)."""
    for name in (SESSIONS_FILE, LEDGER_FILE):
        conn = sqlite3.connect(state / name)  # plays back (rolls back) a hot journal first
        try:
            assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)], name
        finally:
            conn.close()
    conn = sqlite3.connect(state / SESSIONS_FILE)
    try:
        pairs = 0
        for (sid,) in conn.execute("SELECT id FROM sessions").fetchall():
            turns = conn.execute(
                "SELECT role, request_id FROM turns WHERE session_id = ? ORDER BY seq", (sid,)
            ).fetchall()
            assert len(turns) % 2 == 0, (sid, turns)
            for (role_u, rid_u), (role_a, rid_a) in zip(turns[::2], turns[1::2], strict=True):
                assert (role_u, role_a) == ("user", "assistant"), (sid, turns)
                assert rid_u == rid_a and rid_u in sent, (sid, turns)
                pairs += 1
    finally:
        conn.close()
    conn = sqlite3.connect(state / LEDGER_FILE)
    try:
        rows = conn.execute("SELECT request_id, cost_micros FROM spend").fetchall()
        (total,) = conn.execute("SELECT COALESCE(SUM(cost_micros), 0) FROM spend").fetchone()
    finally:
        conn.close()
    rids = [rid for rid, _ in rows]
    assert len(rids) == len(set(rids)), "a request was charged twice"
    assert set(rids) <= sent
    assert total == sum(micros for _, micros in rows)
    return pairs, len(rows)


def test_sigkill_at_random_points_never_leaves_half_turns_or_double_charges(
    tmp_path: Path, tiny_model: Path
) -> None:
    rng = random.Random(16)
    with FakeOpenAI(chunk_delay_s=0.005) as cloud:
        config, endpoint = write_config(
            tmp_path,
            tiny_model,
            cloud={
                "base_url": cloud.base_url,
                "model": "fake-model",
                "max_retries": 0,
                "price_input_per_1k": 0.5,
                "price_output_per_1k": 1.5,
            },
            budget={"daily_usd": 1000.0, "monthly_usd": 10000.0},
        )
        state = tmp_path / "state"
        sent: set[str] = set()
        pairs = charged = 0
        started = time.monotonic()
        for kill in range(KILLS):
            with daemon_process(config, endpoint=endpoint) as proc:
                sock = raw_dealer(endpoint)
                try:
                    for n in range(6):
                        rid = f"k{kill}-{n}"
                        body: dict[str, object] = {
                            "messages": [{"role": "user", "content": f"question {n} of round {kill}"}],
                            "max_tokens": 12,
                            "route": "cloud" if n % 2 else "local",
                        }
                        if n % 3 != 2:
                            body["session_id"] = f"s{rng.randrange(4)}"
                        sock.send_multipart(encode_request("generate", rid, body))
                        sent.add(rid)
                    time.sleep(rng.uniform(0.0, 0.4))
                    proc.kill()  # SIGKILL: no drain, no handler, mid-whatever
                    proc.wait(10)
                finally:
                    sock.close(0)
            p, c = check_state(state, sent)
            pairs, charged = max(pairs, p), max(charged, c)
        elapsed = time.monotonic() - started
    # The kills landed in the middle of work, not only before or after it.
    assert pairs > 0 and charged > 0, (pairs, charged)
    assert len(cloud.chat_requests) >= charged
    assert elapsed < 150, f"{KILLS} kills took {elapsed:.0f} s"
