from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

import edged
from edged.exceptions import ProtocolError, UnknownSession
from edged.store import SESSIONS_FILE, Session, SessionStore, SessionSummary, Turn, check_session_id

REPO = Path(edged.__file__).resolve().parent.parent


class Clock:
    def __init__(self, now: float = 1_700_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "state" / SESSIONS_FILE


@pytest.fixture
def store(path: Path, clock: Clock) -> Iterator[SessionStore]:
    with SessionStore(path, ttl_s=3600, max_turns=50, clock=clock) as s:
        yield s


def exchange(prompt: str, reply: str, backend: str = "local", rid: str = "r") -> list[Turn]:
    return [Turn("user", prompt, request_id=rid), Turn("assistant", reply, backend=backend, request_id=rid)]


def test_file_is_private_and_in_wal_mode(store: SessionStore, path: Path) -> None:
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    finally:
        conn.close()


def test_create_append_and_read_back(store: SessionStore, clock: Clock) -> None:
    assert store.get("chat-1") is None
    created = store.ensure("chat-1")
    assert created == Session(
        id="chat-1", created_at=clock.now, updated_at=clock.now, pinned=False, strict=False
    )
    clock.now += 10
    store.append("chat-1", [Turn("system", "Be brief.")])
    store.append("chat-1", exchange("hi", "hello", rid="r1"))
    clock.now += 5
    store.append("chat-1", exchange("and?", "more", backend="cloud", rid="r2"))

    assert store.messages("chat-1") == [
        {"role": "system", "content": "Be brief."},
        {"role": "user", "content": "hi"},
        {"role": "assistant", "content": "hello"},
        {"role": "user", "content": "and?"},
        {"role": "assistant", "content": "more"},
    ]
    session = store.get("chat-1")
    assert session is not None
    assert session.created_at == created.created_at
    assert session.updated_at == clock.now
    assert session.messages() == store.messages("chat-1")
    assert [t.backend for t in session.turns] == [None, None, "local", None, "cloud"]
    assert [t.request_id for t in session.turns] == [None, "r1", "r1", "r2", "r2"]
    assert session.turns[1].at == clock.now - 5
    assert session.turns[3].at == clock.now


def test_turn_time_can_be_given(store: SessionStore) -> None:
    store.ensure("s")
    store.append("s", [Turn("user", "x", at=123.5)])
    session = store.get("s")
    assert session is not None
    assert session.turns[0].at == 123.5


def test_ensure_on_an_existing_session_keeps_it_and_marks_it_used(store: SessionStore, clock: Clock) -> None:
    store.ensure("s")
    store.append("s", exchange("a", "b"))
    store.pin("s")
    clock.now += 100
    again = store.ensure("s")
    assert again.updated_at == clock.now
    assert again.created_at == clock.now - 100
    assert again.pinned
    assert len(again.turns) == 2


@pytest.mark.parametrize("method", ["append", "pin", "set_strict", "messages"])
def test_unknown_sessions(store: SessionStore, method: str) -> None:
    args: tuple[object, ...] = ("nope", exchange("a", "b")) if method == "append" else ("nope",)
    with pytest.raises(UnknownSession):
        getattr(store, method)(*args)
    assert store.get("nope") is None
    assert store.delete("nope") is False


@pytest.mark.parametrize("good", ["a", "A-Z_0.9:x", "x" * 128, "user:42.chat-7_b"])
def test_valid_ids(store: SessionStore, good: str) -> None:
    assert check_session_id(good) == good
    assert store.ensure(good).id == good


@pytest.mark.parametrize("bad", ["", "x" * 129, "a b", "é", "a/b", "a\n", "a;drop", None, 7, b"abc"])
@pytest.mark.parametrize("method", ["get", "ensure", "delete", "pin", "messages"])
def test_invalid_ids(store: SessionStore, bad: object, method: str) -> None:
    with pytest.raises(ProtocolError, match="session_id"):
        getattr(store, method)(bad)
    assert store.list() == []


def test_pinned_and_strict_are_sticky(store: SessionStore, path: Path, clock: Clock) -> None:
    store.ensure("s")
    store.ensure("other")
    store.pin("s")
    store.append("s", exchange("a", "b"))
    store.ensure("s")
    store.pin("s")  # twice is fine
    session = store.get("s")
    assert session is not None
    assert session.pinned
    assert not session.strict
    store.set_strict("s")
    store.close()
    with SessionStore(path, ttl_s=3600, max_turns=50, clock=clock) as reopened:
        session = reopened.get("s")
        assert session is not None
        assert (session.pinned, session.strict) == (True, True)
        other = reopened.get("other")
        assert other is not None
        assert (other.pinned, other.strict) == (False, False)


def test_failed_append_leaves_no_half_turn(store: SessionStore, path: Path) -> None:
    store.ensure("s")
    store.append("s", exchange("a", "b"))
    # A lone surrogate cannot be encoded as UTF-8: the second insert fails mid-transaction.
    with pytest.raises(UnicodeEncodeError):
        store.append("s", [Turn("user", "question"), Turn("assistant", "bad \ud800 reply")])
    assert store.messages("s") == [{"role": "user", "content": "a"}, {"role": "assistant", "content": "b"}]
    with pytest.raises(TypeError):
        store.append("s", [Turn("user", "q"), {"role": "assistant", "content": "x"}])  # type: ignore[list-item]
    assert len(store.messages("s")) == 2
    store.append("s", exchange("c", "d"))  # the store is still usable
    assert len(store.messages("s")) == 4


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"role": "tool"}, ValueError),
        ({"backend": "gpu"}, ValueError),
        ({"content": None}, TypeError),
    ],
)
def test_turns_are_validated(kwargs: dict[str, object], error: type[Exception]) -> None:
    args: dict[str, object] = {"role": "user", "content": "x", **kwargs}
    with pytest.raises(error):
        Turn(**args)  # type: ignore[arg-type]


def test_list_orders_by_last_use_and_pages(store: SessionStore, clock: Clock) -> None:
    for n, sid in enumerate(["a", "b", "c"]):
        clock.now += 1
        store.ensure(sid)
        store.append(sid, exchange("q", "r", backend="local"))
        if n == 1:
            store.append(sid, exchange("q", "r", backend="cloud"))
    clock.now += 1
    store.ensure("empty")
    clock.now += 1
    store.pin("a")  # "a" is now the most recently used

    summaries = store.list()
    assert [s.id for s in summaries] == ["a", "empty", "c", "b"]
    assert summaries[0] == SessionSummary(
        id="a",
        created_at=clock.now - 4,
        updated_at=clock.now,
        turns=2,
        pinned=True,
        strict=False,
        backends=("local",),
    )
    assert summaries[1].turns == 0
    assert summaries[1].backends == ()
    assert summaries[3].backends == ("cloud", "local")
    assert summaries[3].turns == 4
    assert summaries[3].to_dict()["backends"] == ["cloud", "local"]
    assert [s.id for s in store.list(limit=2)] == ["a", "empty"]
    assert [s.id for s in store.list(limit=2, offset=2)] == ["c", "b"]
    assert store.list(limit=10, offset=10) == []
    with pytest.raises(ValueError):
        store.list(limit=-1)


def _turn_rows(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT COUNT(*) FROM turns").fetchone()[0])
    finally:
        conn.close()


def test_delete(store: SessionStore, path: Path) -> None:
    store.ensure("s")
    store.append("s", exchange("a", "b"))
    store.ensure("keep")
    store.append("keep", exchange("c", "d"))
    assert store.delete("s") is True
    assert store.get("s") is None
    assert store.delete("s") is False
    assert _turn_rows(path) == 2  # only "keep"'s turns are left
    assert [s.id for s in store.list()] == ["keep"]


def test_expire_idle_sessions(store: SessionStore, clock: Clock, path: Path) -> None:
    start = clock.now
    store.ensure("old")
    store.append("old", exchange("a", "b"))
    clock.now = start + 1800
    store.ensure("young")
    store.append("young", exchange("c", "d"))

    assert store.expire(now=start + 3600) == 0  # idle exactly ttl: kept
    assert store.expire(now=start + 3601) == 1
    assert store.get("old") is None
    assert store.get("young") is not None
    assert _turn_rows(path) == 2
    clock.now = start + 1800 + 3600 + 1
    assert store.expire() == 1  # default: the store's clock
    assert store.list() == []
    assert _turn_rows(path) == 0


def test_use_keeps_a_session_alive(store: SessionStore, clock: Clock) -> None:
    start = clock.now
    store.ensure("s")
    clock.now = start + 3000
    store.append("s", exchange("a", "b"))
    assert store.expire(now=start + 3601) == 0
    assert store.expire(now=start + 3000 + 3601) == 1


def test_max_turns_drops_oldest_but_keeps_the_system_turn(path: Path, clock: Clock) -> None:
    with SessionStore(path, ttl_s=3600, max_turns=5, clock=clock) as store:
        store.ensure("s")
        store.append("s", [Turn("system", "sys")])
        store.append("s", exchange("u1", "a1"))
        store.append("s", exchange("u2", "a2"))
        assert len(store.messages("s")) == 5
        store.append("s", exchange("u3", "a3"))
        assert [m["content"] for m in store.messages("s")] == ["sys", "u2", "a2", "u3", "a3"]
        # One turn over: dropping the oldest user turn would orphan its reply, so both go.
        store.append("s", [Turn("user", "u4")])
        assert [m["content"] for m in store.messages("s")] == ["sys", "u3", "a3", "u4"]
        store.append("s", [Turn("assistant", "a4", backend="cloud")])
        assert [m["content"] for m in store.messages("s")] == ["sys", "u3", "a3", "u4", "a4"]


def test_max_turns_without_a_system_turn(path: Path, clock: Clock) -> None:
    with SessionStore(path, ttl_s=3600, max_turns=4, clock=clock) as store:
        store.ensure("s")
        for n in range(10):
            store.append("s", exchange(f"u{n}", f"a{n}"))
        assert [m["content"] for m in store.messages("s")] == ["u8", "a8", "u9", "a9"]


def test_sessions_survive_a_restart(path: Path, clock: Clock) -> None:
    first = SessionStore(path, ttl_s=3600, max_turns=50, clock=clock)
    first.ensure("s")
    first.append("s", [Turn("system", "sys"), *exchange("a", "b", backend="cloud", rid="r9")])
    before = first.get("s")
    first.close()
    assert first.is_closed
    with pytest.raises(RuntimeError):
        first.get("s")

    with SessionStore(path, ttl_s=3600, max_turns=50, clock=clock) as second:
        assert second.get("s") == before
        assert [s.id for s in second.list()] == ["s"]


def test_to_dict_is_plain(store: SessionStore) -> None:
    store.ensure("s")
    store.append("s", exchange("a", "b"))
    session = store.get("s")
    assert session is not None
    out = session.to_dict()
    assert out["id"] == "s"
    assert out["turns"][1] == {
        "role": "assistant",
        "content": "b",
        "backend": "local",
        "request_id": "r",
        "at": session.turns[1].at,
    }


def test_constructor_checks(path: Path) -> None:
    with pytest.raises(ValueError):
        SessionStore(path, ttl_s=0, max_turns=10)
    with pytest.raises(ValueError):
        SessionStore(path, ttl_s=10, max_turns=1)


def test_threads_appending_to_one_session_keep_each_exchange_together(path: Path) -> None:
    threads, per_thread = 8, 25
    with SessionStore(path, ttl_s=3600, max_turns=10_000) as store:
        store.ensure("shared")
        barrier = threading.Barrier(threads)
        errors: list[BaseException] = []

        def worker(n: int) -> None:
            try:
                barrier.wait()
                for i in range(per_thread):
                    store.append("shared", exchange(f"q{n}-{i}", f"a{n}-{i}", rid=f"{n}-{i}"))
                    store.messages("shared")
            except BaseException as exc:  # pragma: no cover - reported below
                errors.append(exc)

        workers = [threading.Thread(target=worker, args=(n,)) for n in range(threads)]
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        assert errors == []
        session = store.get("shared")
        assert session is not None
        assert len(session.turns) == 2 * threads * per_thread
        for user, assistant in zip(session.turns[::2], session.turns[1::2], strict=True):
            assert (user.role, assistant.role) == ("user", "assistant")
            assert user.request_id == assistant.request_id
            assert assistant.content == "a" + user.content[1:]


_CLI = """
import sys
from pathlib import Path
from edged.store import SessionStore

with SessionStore(Path(sys.argv[1]), ttl_s=3600, max_turns=50) as store:
    print(",".join(f"{s.id}:{s.turns}" for s in store.list()))
    print(store.delete(sys.argv[2]))
"""


def test_another_process_reads_and_deletes_while_the_daemon_holds_the_file(
    store: SessionStore, path: Path
) -> None:
    store.ensure("a")
    store.append("a", exchange("q", "r"))
    store.ensure("b")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-c", _CLI, str(path), "a"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    listed, deleted = done.stdout.split()
    assert set(listed.split(",")) == {"a:2", "b:0"}
    assert deleted == "True"
    # The daemon's open store sees the other process's delete at once.
    assert store.get("a") is None
    with pytest.raises(UnknownSession):
        store.append("a", exchange("late", "reply"))
    store.append("b", exchange("q", "r"))
    assert len(store.messages("b")) == 2
