"""State-store faults: a file that cannot be written is a typed error and a fault that clears.

Faults are real where the machine allows (`chattr +i` needs root and a filesystem that has the
flag; the test skips otherwise) and injected at the connection otherwise: the SQLite error a
full disk gives, raised where the store calls SQLite.
"""

from __future__ import annotations

import logging
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from edged.exceptions import StateUnavailable
from edged.store import LEDGER_FILE, SESSIONS_FILE, Ledger, SessionStore, Turn
from tests.support.daemon import REPO
from tests.support.state_faults import FailingConnection, chattr


@pytest.fixture
def immutable(tmp_path: Path) -> Iterator[list[Path]]:
    """Paths to make immutable; at the end everything under tmp_path is made mutable again
    (a child process may have flagged files the test never named), so pytest can delete it."""
    paths: list[Path] = []
    yield paths
    subprocess.run(["chattr", "-R", "-i", str(tmp_path)], capture_output=True)


def sessions(tmp_path: Path) -> SessionStore:
    return SessionStore(tmp_path / "state" / SESSIONS_FILE, ttl_s=3600, max_turns=50)


def test_immutable_state_files_are_a_typed_error_not_a_sigbus(tmp_path: Path, immutable: list[Path]) -> None:
    # A child process: with WAL's shared-memory index, this used to kill the process (SIGBUS).
    state = tmp_path / "state"
    chattr("-i", tmp_path)  # skips early where the flag is not available
    script = textwrap.dedent(
        f"""
        import subprocess, sys
        from pathlib import Path
        from edged.exceptions import StateUnavailable
        from edged.store import SessionStore, Turn
        state = Path({str(state)!r})
        store = SessionStore(state / "sessions.sqlite3", ttl_s=3600, max_turns=50)
        store.ensure("s")
        store.append("s", [Turn("user", "hi"), Turn("assistant", "hello")])
        subprocess.run(["chattr", "+i", str(state), *map(str, state.iterdir())], check=True)
        outcomes = []
        for call in (lambda: store.get("s"), lambda: store.ensure("t"), lambda: store.append("s", [Turn("user", "x")])):
            try:
                call()
                outcomes.append("ok")
            except StateUnavailable as exc:
                outcomes.append("state_unavailable")
        print(outcomes, store.fault is not None, flush=True)
        """
    )
    immutable.extend([state, state / SESSIONS_FILE, state / f"{SESSIONS_FILE}-journal"])
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr[-2000:]
    outcomes = done.stdout.strip()
    # Writes fail typed; the fault is remembered. (Reads may still work, or fail typed too.)
    assert "'state_unavailable', 'state_unavailable']" in outcomes and outcomes.endswith("True"), outcomes


def test_an_immutable_folder_fails_typed_and_a_probe_clears_it_when_writable_again(
    tmp_path: Path, immutable: list[Path], caplog: pytest.LogCaptureFixture
) -> None:
    store = sessions(tmp_path)
    store.ensure("s")
    state = tmp_path / "state"
    immutable.extend([state, *state.iterdir()])
    chattr("+i", *immutable)
    with caplog.at_level(logging.WARNING, logger="edged.store._sqlite"):
        for _ in range(3):
            with pytest.raises(StateUnavailable):
                store.ensure("t")
        assert store.fault is not None and store.probe() is not None
        errors = [r for r in caplog.records if r.levelno == logging.ERROR]
        assert len(errors) == 1 and "cannot be used" in errors[0].getMessage()  # once, not per call
        chattr("-i", *immutable)
        assert store.probe() is None and store.fault is None
        assert "writable again" in caplog.text
    store.ensure("t")
    assert store.get("t") is not None
    assert store.health()["ok"] is True
    store.close()


def test_a_full_disk_is_a_typed_error_the_ledger_keeps_its_rows_and_recovers(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    ledger = Ledger(tmp_path / "state" / LEDGER_FILE)
    ledger.record(endpoint="e", request_id="a", prompt_tokens=1, completion_tokens=1, cost_usd=0.5)
    real = ledger._db.conn
    ledger._db.conn = FailingConnection(real)  # type: ignore[assignment]
    with caplog.at_level(logging.ERROR, logger="edged.store._sqlite"):
        for rid in ("b", "c"):
            with pytest.raises(StateUnavailable, match="database or disk is full"):
                ledger.record(
                    endpoint="e", request_id=rid, prompt_tokens=1, completion_tokens=1, cost_usd=0.5
                )
    assert len(caplog.records) == 1
    assert ledger.health() == {
        "path": str(ledger.path),
        "ok": False,
        "fault": f"{ledger.path}: database or disk is full",
        "since": ledger.health()["since"],
    }
    assert ledger.probe() is not None
    assert ledger.total() == 0.5  # reads still work; nothing half-written
    ledger._db.conn = real
    assert ledger.probe() is None and ledger.fault is None
    ledger.close()


def test_a_corrupt_file_at_start_is_moved_aside_and_a_fresh_one_made(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    store = sessions(tmp_path)
    for n in range(200):
        store.ensure(f"s{n}")
        store.append(f"s{n}", [Turn("user", "x" * 500), Turn("assistant", "y" * 500)])
    store.close()
    path = tmp_path / "state" / SESSIONS_FILE
    data = bytearray(path.read_bytes())
    data[4096 * 3 : 4096 * 6] = b"\xa5" * (4096 * 3)  # garble pages in the middle; the header is fine
    path.write_bytes(bytes(data))
    with caplog.at_level(logging.ERROR):
        fresh = sessions(tmp_path)
    (aside,) = path.parent.glob(f"{SESSIONS_FILE}.corrupt-*")
    assert aside.read_bytes() == bytes(data)  # kept as it was, for whoever wants to look
    assert fresh.list() == []
    assert "is corrupt" in caplog.text and aside.name in caplog.text
    fresh.ensure("new")
    fresh.close()
