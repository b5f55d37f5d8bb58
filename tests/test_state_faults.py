"""The daemon with a state store that fails: it keeps serving, says so, and recovers by itself.

What a user sees is in docs/operations.md ("State store faults"): session requests answer
`state_unavailable`, requests without a session are served, cloud routing is off while spend
cannot be recorded (a call already made is kept in memory and written later), `edged status`
shows a `store` entry and `edged doctor` a failing "state store" check.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import edged
from edged.doctor import run_checks
from edged.exceptions import StateUnavailable
from edged.store import LEDGER_FILE, SESSIONS_FILE
from tests.support.daemon import daemon_process
from tests.support.fake_openai import FakeOpenAI
from tests.support.state_faults import FailingConnection, chattr
from tests.test_fallback import HARD, start
from tests.test_lifecycle import write_config


def wait_for(predicate: Any, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_a_full_disk_keeps_the_daemon_serving_without_sessions_or_cloud_and_it_recovers(
    tmp_path: Path, tiny_model: Path
) -> None:
    with FakeOpenAI() as cloud, start(tmp_path, tiny_model, cloud.base_url) as d:
        daemon = d.daemon
        assert daemon.ledger is not None and daemon.sessions is not None
        ledger_conn, sessions_conn = daemon.ledger._db.conn, daemon.sessions._db.conn
        with edged.Client(d.endpoint, timeout=30) as client:
            client.complete("hello", session_id="s", route="local", max_tokens=4)
            daemon.ledger._db.conn = FailingConnection(ledger_conn)  # type: ignore[assignment]
            daemon.sessions._db.conn = FailingConnection(sessions_conn)  # type: ignore[assignment]

            # A cloud call whose spend cannot be written: the answer stands (the call was paid
            # for; an error would make the client pay again), the charge is held in memory.
            paid = client.complete(HARD, max_tokens=16)
            assert paid.backend == "cloud" and paid.usage["cost_usd"] > 0
            store = client.status()["store"]
            assert store["ok"] is False and store["unrecorded_charges"] == 1
            assert "database or disk is full" in store["ledger"]["fault"]
            budget = client.status()["budget"]
            assert budget["daily_spent_usd"] == pytest.approx(paid.usage["cost_usd"], abs=2e-6)
            assert "disk is full" in budget["unrecordable"]

            # From now on the cloud is off, with the reason in the route.
            local = client.complete(HARD, max_tokens=4)
            assert local.backend == "local"
            assert "spend cannot be recorded" in local.route["explanation"]
            calls = len(cloud.chat_requests)

            # Sessions: a typed error; a request without one is served.
            with pytest.raises(StateUnavailable):
                client.complete("hi", session_id="s", route="local", max_tokens=4)
            assert client.complete("hi", route="local", max_tokens=4).text is not None

            checks = {c.name: c for c in run_checks(d.config, endpoint=d.endpoint)}
            assert checks["state store"].status == "failure"
            assert "disk is full" in checks["state store"].detail

            # The disk has room again: the tick's re-check notices, writes the held charge.
            daemon.ledger._db.conn = ledger_conn
            daemon.sessions._db.conn = sessions_conn
            wait_for(lambda: client.status()["store"]["ok"])
            (entry,) = daemon.ledger.entries()  # the held charge, written once
            assert entry["cost_usd"] == pytest.approx(paid.usage["cost_usd"], abs=2e-6)
            assert client.complete(HARD, max_tokens=4).backend == "cloud"
            assert len(cloud.chat_requests) == calls + 1
            client.complete("again", session_id="s", route="local", max_tokens=4)
            turns = client.session("s")["turns"]
            assert [t["role"] for t in turns] == ["user", "assistant", "user", "assistant"]


def test_immutable_state_files_under_a_real_daemon_process(tmp_path: Path, tiny_model: Path) -> None:
    state = tmp_path / "state"
    state.mkdir()
    chattr("-i", state)  # skips where the flag is not available
    # A corrupt sessions file from before: moved aside at start, never overwritten.
    (state / SESSIONS_FILE).write_bytes(b"not a database at all" * 200)
    with FakeOpenAI() as cloud:
        config, endpoint = write_config(
            tmp_path,
            tiny_model,
            cloud={"base_url": cloud.base_url, "model": "fake-model", "price_input_per_1k": 0.5},
        )
        files: list[Path] = []
        try:
            with daemon_process(config, endpoint=endpoint) as proc:
                assert list(state.glob(f"{SESSIONS_FILE}.corrupt-*"))
                with edged.Client(endpoint, timeout=30) as client:
                    client.complete("hello", session_id="s", route="local", max_tokens=4)
                    files = [state, *state.iterdir()]
                    chattr("+i", *files)
                    # Used to be a SIGBUS in the session lookup, the daemon gone without a word.
                    with pytest.raises(StateUnavailable):
                        client.complete("hi", session_id="s", route="local", max_tokens=4)
                    with pytest.raises(StateUnavailable):
                        client.complete("hi", session_id="s", route="local", max_tokens=4)
                    assert client.complete("hi", route="local", max_tokens=4).backend == "local"
                    assert proc.poll() is None
                    assert client.status()["store"]["sessions"]["ok"] is False
                    chattr("-i", *files)
                    files = []
                    wait_for(lambda: client.status()["store"]["ok"])
                    client.complete("again", session_id="s", route="local", max_tokens=4)
                    assert len(client.session("s")["turns"]) == 4
                # A crash on a signal is never silent: faulthandler writes the stacks to stderr.
                os.kill(proc.pid, signal.SIGBUS)
                proc.wait(10)
                output = proc.output()
            assert "is corrupt" in output and "moved it aside" in output
            assert output.count("cannot be used") == 1  # logged once, not once per request
            assert "writable again" in output
            assert "Fatal Python error: Bus error" in output
        finally:
            if files:
                chattr("-i", *files)
    assert (state / LEDGER_FILE).exists()


@contextlib.contextmanager
def small_filesystem(where: Path, size: str = "4m") -> Iterator[None]:
    """A tmpfs of `size` mounted at `where` for the test; skips where mounting is not allowed."""
    where.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a filesystem here: {done.stderr.decode().strip()}")
    try:
        yield
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True)


@contextlib.contextmanager
def read_only(where: Path) -> Iterator[None]:
    """`where` read-only from now on: a read-only bind mount over it. (Remounting the filesystem
    itself read-only is refused while the daemon holds files open for writing.)"""
    subprocess.run(["mount", "--bind", str(where), str(where)], check=True, capture_output=True)
    try:
        subprocess.run(["mount", "-o", "remount,bind,ro", str(where)], check=True, capture_output=True)
        yield
    finally:
        subprocess.run(["umount", str(where)], check=True, capture_output=True)


def test_a_read_only_and_then_full_filesystem_under_a_real_daemon_process(
    tmp_path: Path, tiny_model: Path
) -> None:
    state = tmp_path / "state"
    with small_filesystem(state), FakeOpenAI() as cloud:
        config, endpoint = write_config(
            tmp_path,
            tiny_model,
            cloud={"base_url": cloud.base_url, "model": "fake-model", "price_input_per_1k": 0.5},
        )
        with daemon_process(config, endpoint=endpoint) as proc, edged.Client(endpoint, timeout=30) as client:
            client.complete("hello", session_id="s", route="local", max_tokens=4)

            # The filesystem turns read-only (a remount after an I/O error does this).
            with read_only(state):
                with pytest.raises(StateUnavailable):
                    client.complete("hi", session_id="s", route="local", max_tokens=4)
                assert client.complete("hi", route="local", max_tokens=4).backend == "local"
                # The ledger is found read-only at its first write: that call's charge is held,
                # and the cloud is off from then on.
                client.complete(HARD, max_tokens=4)
                assert "spend cannot be recorded" in client.complete(HARD, max_tokens=4).route["explanation"]
                store = client.status()["store"]
                assert store["ok"] is False and store["unrecorded_charges"] <= 1 and proc.poll() is None
            wait_for(lambda: client.status()["store"]["ok"], timeout=15)

            # The disk fills up: a filler file takes every free block.
            filler = state / "filler"
            with open(filler, "wb") as out, contextlib.suppress(OSError):
                while True:
                    out.write(b"\0" * 65536)
                    out.flush()
            with pytest.raises(StateUnavailable, match="full"):
                client.complete("a longer turn " * 20, session_id="s", route="local", max_tokens=4)
            assert client.complete("hi", route="local", max_tokens=4).backend == "local"
            filler.unlink()
            wait_for(lambda: client.status()["store"]["ok"], timeout=15)
            client.complete("again", session_id="s", route="local", max_tokens=4)
            roles = [t["role"] for t in client.session("s")["turns"]]
            assert roles == ["user", "assistant", "user", "assistant"]  # whole turns only
            assert proc.poll() is None
