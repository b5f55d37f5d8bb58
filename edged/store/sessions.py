"""Conversation sessions in `<state dir>/sessions.sqlite3`, and the context-window policy.

A session is keyed by an id the client chooses and holds its turns in order, plus two sticky
privacy flags: `pinned` (a turn carried personal or secret data, so the rest of the session
stays local) and `strict` (the client asked for strict privacy for the whole session). Neither
is ever cleared while the session lives.

The daemon appends a request's user turn and its assistant turn together, in one transaction,
only once the request has ended with a reply: a failed request leaves no half turn behind.

Usage::

    store = SessionStore(config.state_dir / "sessions.sqlite3",
                         ttl_s=config.state.session_ttl_s, max_turns=config.state.session_max_turns)
    store.ensure(session_id)
    history = store.messages(session_id)
    ...
    store.append(session_id, [Turn("user", prompt), Turn("assistant", text, backend="local",
                                                         request_id=rid)])
"""

from __future__ import annotations

import builtins
import re
import sqlite3
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from edged.exceptions import ProtocolError, UnknownSession
from edged.store._sqlite import Database, StateFile

__all__ = [
    "Session",
    "SessionStore",
    "SessionSummary",
    "Turn",
    "check_session_id",
    "count_message_tokens",
    "trim_to_context",
]

ROLES = ("system", "user", "assistant")
BACKENDS = ("local", "cloud")
_SESSION_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")

_MIGRATIONS = [
    [
        """
        CREATE TABLE sessions (
            id TEXT PRIMARY KEY,
            created_at REAL NOT NULL,          -- seconds since the epoch
            updated_at REAL NOT NULL,
            pinned INTEGER NOT NULL DEFAULT 0,
            strict INTEGER NOT NULL DEFAULT 0
        )
        """,
        "CREATE INDEX sessions_updated ON sessions (updated_at)",
        """
        CREATE TABLE turns (
            session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('system', 'user', 'assistant')),
            content TEXT NOT NULL,
            backend TEXT CHECK (backend IS NULL OR backend IN ('local', 'cloud')),
            request_id TEXT,
            at REAL NOT NULL,
            PRIMARY KEY (session_id, seq)
        )
        """,
    ],
]


def check_session_id(session_id: object) -> str:
    """The id itself if it is 1-128 characters of [A-Za-z0-9._:-]; else ProtocolError."""
    if not isinstance(session_id, str) or not _SESSION_ID.fullmatch(session_id):
        shown = repr(session_id)[:40]
        raise ProtocolError(f"session_id must be 1-128 characters of A-Z a-z 0-9 . _ : -, got {shown}")
    return session_id


@dataclass(frozen=True)
class Turn:
    """One message of a conversation.

    `backend` says which side wrote an assistant turn ("local" or "cloud"); None for user and
    system turns. `at` is seconds since the epoch; None lets the store stamp it on append.
    """

    role: str
    content: str
    backend: str | None = None
    request_id: str | None = None
    at: float | None = None

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise ValueError(f"role must be one of {ROLES}, not {self.role!r}")
        if not isinstance(self.content, str):
            raise TypeError(f"content must be a str, not {type(self.content).__name__}")
        if self.backend is not None and self.backend not in BACKENDS:
            raise ValueError(f"backend must be one of {BACKENDS} or None, not {self.backend!r}")

    def message(self) -> dict[str, str]:
        return {"role": self.role, "content": self.content}

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Session:
    id: str
    created_at: float
    updated_at: float
    pinned: bool
    strict: bool
    turns: tuple[Turn, ...] = ()

    def messages(self) -> list[dict[str, str]]:
        return [turn.message() for turn in self.turns]

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["turns"] = [turn.to_dict() for turn in self.turns]
        return out


@dataclass(frozen=True)
class SessionSummary:
    id: str
    created_at: float
    updated_at: float
    turns: int
    pinned: bool
    strict: bool
    backends: tuple[str, ...]  # the backends that wrote its assistant turns, sorted

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["backends"] = list(self.backends)
        return out


class SessionStore(StateFile):
    """Sessions in one SQLite file; survives restarts.

    Safe to share between threads (one connection behind a lock), and other processes (the
    `edged session` commands) may read and delete in the same file while the daemon writes.

    **Parameters:**

    * `path`: the SQLite file; it and its folder are created when missing (file mode `mode`).
    * `ttl_s`: `expire()` deletes sessions idle longer than this.
    * `max_turns`: past this many turns the oldest non-system turns are dropped.
    * `clock`: seconds since the epoch; tests pass their own.
    """

    def __init__(
        self,
        path: Path,
        *,
        ttl_s: float,
        max_turns: int,
        mode: int = 0o600,
        busy_timeout_s: float = 10.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if ttl_s <= 0:
            raise ValueError(f"ttl_s must be > 0, not {ttl_s}")
        if max_turns < 2:
            raise ValueError(f"max_turns must be ≥ 2, not {max_turns}")
        self.path = Path(path)
        self.ttl_s = float(ttl_s)
        self.max_turns = int(max_turns)
        self.clock = clock
        self._db = Database(self.path, migrations=_MIGRATIONS, mode=mode, busy_timeout_s=busy_timeout_s)

    @property
    def is_closed(self) -> bool:
        return self._db.is_closed

    def get(self, session_id: str) -> Session | None:
        check_session_id(session_id)
        with self._db.read() as conn:
            row = conn.execute(
                "SELECT created_at, updated_at, pinned, strict FROM sessions WHERE id = ?", (session_id,)
            ).fetchone()
            if row is None:
                return None
            turns = conn.execute(
                "SELECT role, content, backend, request_id, at FROM turns WHERE session_id = ? ORDER BY seq",
                (session_id,),
            ).fetchall()
        return Session(
            id=session_id,
            created_at=row[0],
            updated_at=row[1],
            pinned=bool(row[2]),
            strict=bool(row[3]),
            turns=tuple(Turn(*t) for t in turns),
        )

    def ensure(self, session_id: str) -> Session:
        """The session, created when new; either way it counts as used now (idle time resets)."""
        check_session_id(session_id)
        now = self.clock()
        with self._db.write() as conn:
            conn.execute(
                "INSERT INTO sessions (id, created_at, updated_at) VALUES (?, ?, ?)"
                " ON CONFLICT (id) DO UPDATE SET updated_at = MAX(updated_at, excluded.updated_at)",
                (session_id, now, now),
            )
        session = self.get(session_id)
        if session is None:  # deleted by another process in between
            raise UnknownSession(f"session {session_id!r} was deleted while in use")
        return session

    def append(self, session_id: str, turns: Sequence[Turn]) -> None:
        """Add turns in one transaction: all of them or, on any error, none.

        Raises UnknownSession when the session does not exist (never created, deleted or
        expired): call `ensure()` first.
        """
        check_session_id(session_id)
        turns = list(turns)
        for turn in turns:
            if not isinstance(turn, Turn):
                raise TypeError(f"turns must be Turn objects, not {type(turn).__name__}")
        now = self.clock()
        with self._db.write() as conn:
            self._touch(conn, session_id, now)
            (seq,) = conn.execute(
                "SELECT COALESCE(MAX(seq), -1) + 1 FROM turns WHERE session_id = ?", (session_id,)
            ).fetchone()
            for offset, turn in enumerate(turns):
                conn.execute(
                    "INSERT INTO turns (session_id, seq, role, content, backend, request_id, at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        session_id,
                        seq + offset,
                        turn.role,
                        turn.content,
                        turn.backend,
                        turn.request_id,
                        turn.at if turn.at is not None else now,
                    ),
                )
            self._trim(conn, session_id)

    def _trim(self, conn: sqlite3.Connection, session_id: str) -> None:
        (count,) = conn.execute("SELECT COUNT(*) FROM turns WHERE session_id = ?", (session_id,)).fetchone()
        if count <= self.max_turns:
            return
        # Oldest non-system turns go first; the system prompt stays however old it is.
        conn.execute(
            "DELETE FROM turns WHERE session_id = ? AND seq IN (SELECT seq FROM turns"
            " WHERE session_id = ? AND role != 'system' ORDER BY seq LIMIT ?)",
            (session_id, session_id, count - self.max_turns),
        )
        # A history must not open on an assistant turn whose question is gone: drop it too.
        first = conn.execute(
            "SELECT seq, role FROM turns WHERE session_id = ? AND role != 'system' ORDER BY seq LIMIT 1",
            (session_id,),
        ).fetchone()
        if first is not None and first[1] == "assistant":
            conn.execute("DELETE FROM turns WHERE session_id = ? AND seq = ?", (session_id, first[0]))

    def pin(self, session_id: str) -> None:
        """Mark the session privacy-pinned: local only, for the rest of its life."""
        self._set_flag(session_id, "pinned")

    def set_strict(self, session_id: str) -> None:
        """Mark the session strict-privacy: every later request is pinned local."""
        self._set_flag(session_id, "strict")

    def _set_flag(self, session_id: str, column: str) -> None:
        check_session_id(session_id)
        now = self.clock()
        with self._db.write() as conn:
            self._touch(conn, session_id, now)
            # `column` is one of two literals above, never caller input.
            conn.execute(f"UPDATE sessions SET {column} = 1 WHERE id = ?", (session_id,))

    @staticmethod
    def _touch(conn: sqlite3.Connection, session_id: str, now: float) -> None:
        cursor = conn.execute(
            "UPDATE sessions SET updated_at = MAX(updated_at, ?) WHERE id = ?", (now, session_id)
        )
        if cursor.rowcount == 0:
            raise UnknownSession(f"no session {session_id!r}")

    def messages(self, session_id: str) -> builtins.list[dict[str, str]]:
        """The session's turns as role/content dicts, oldest first, for the backends."""
        check_session_id(session_id)
        with self._db.read() as conn:
            if conn.execute("SELECT 1 FROM sessions WHERE id = ?", (session_id,)).fetchone() is None:
                raise UnknownSession(f"no session {session_id!r}")
            rows = conn.execute(
                "SELECT role, content FROM turns WHERE session_id = ? ORDER BY seq", (session_id,)
            ).fetchall()
        return [{"role": role, "content": content} for role, content in rows]

    def list(self, limit: int = 100, offset: int = 0) -> builtins.list[SessionSummary]:
        """Sessions, most recently used first."""
        if limit < 0 or offset < 0:
            raise ValueError("limit and offset must be ≥ 0")
        with self._db.read() as conn:
            rows = conn.execute(
                """
                SELECT s.id, s.created_at, s.updated_at, s.pinned, s.strict,
                       (SELECT COUNT(*) FROM turns t WHERE t.session_id = s.id),
                       (SELECT GROUP_CONCAT(DISTINCT t.backend) FROM turns t
                         WHERE t.session_id = s.id AND t.backend IS NOT NULL)
                FROM sessions s ORDER BY s.updated_at DESC, s.id LIMIT ? OFFSET ?
                """,
                (limit, offset),
            ).fetchall()
        return [
            SessionSummary(
                id=sid,
                created_at=created,
                updated_at=updated,
                turns=count,
                pinned=bool(pinned),
                strict=bool(strict),
                backends=tuple(sorted(backends.split(","))) if backends else (),
            )
            for sid, created, updated, pinned, strict, count, backends in rows
        ]

    def delete(self, session_id: str) -> bool:
        """Delete the session and its turns; False if there was none."""
        check_session_id(session_id)
        with self._db.write() as conn:
            conn.execute("DELETE FROM turns WHERE session_id = ?", (session_id,))
            return bool(conn.execute("DELETE FROM sessions WHERE id = ?", (session_id,)).rowcount)

    def expire(self, now: float | None = None) -> int:
        """Delete sessions idle for more than `ttl_s` at `now` (default the clock); how many."""
        cutoff = (self.clock() if now is None else now) - self.ttl_s
        with self._db.write() as conn:
            conn.execute(
                "DELETE FROM turns WHERE session_id IN (SELECT id FROM sessions WHERE updated_at < ?)",
                (cutoff,),
            )
            return int(conn.execute("DELETE FROM sessions WHERE updated_at < ?", (cutoff,)).rowcount)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> SessionStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def count_message_tokens(
    messages: Sequence[dict[str, str]], count_tokens: Callable[[str], int], *, per_message_tokens: int = 4
) -> int:
    """Tokens `messages` take in the prompt: their content plus `per_message_tokens` each for
    the chat template's role markers."""
    return sum(count_tokens(m["content"]) + per_message_tokens for m in messages)


def trim_to_context(
    messages: Sequence[dict[str, str]],
    count_tokens: Callable[[str], int],
    budget_tokens: int,
    *,
    per_message_tokens: int = 4,
) -> list[dict[str, str]]:
    """The messages to send the local model so that the prompt fits `budget_tokens`.

    The policy, in order:

    1. The system prompt (the leading system messages) is always kept.
    2. The latest user turn and everything after it (an assistant prefix being continued) is
       always kept, whole. When there is no user turn, the last message is kept.
    3. Older turns are added back newest first while they fit; the first that does not fit
       and every turn older than it are dropped. Turns are dropped whole, never split; a
       system message in the middle of the history counts as an ordinary turn.
    4. If anything was dropped, the kept history starts at a user turn: turns before its first
       user turn go too, so a reply never appears without its question.

    Nothing is ever truncated. Cutting the head off a user turn would silently change what
    was asked; so when the system prompt plus the latest user turn alone exceed the budget,
    they are returned anyway and the caller, counting the result with
    `count_message_tokens()`, answers context_overflow.

    `count_tokens` counts one content string; each message costs that plus
    `per_message_tokens` (the template's role markers). The input is not modified; the
    returned list holds the same dict objects.
    """
    msgs = list(messages)

    def cost(message: dict[str, str]) -> int:
        return count_tokens(message["content"]) + per_message_tokens

    n_system = 0
    while n_system < len(msgs) and msgs[n_system].get("role") == "system":
        n_system += 1
    system, rest = msgs[:n_system], msgs[n_system:]
    if not rest:
        return system
    users = [i for i, m in enumerate(rest) if m.get("role") == "user"]
    start_of_tail = users[-1] if users else len(rest) - 1
    history, tail = rest[:start_of_tail], rest[start_of_tail:]

    used = sum(cost(m) for m in system) + sum(cost(m) for m in tail)
    kept_from = len(history)
    for i in range(len(history) - 1, -1, -1):
        needed = cost(history[i])
        if used + needed > budget_tokens:
            break
        used += needed
        kept_from = i
    kept = history[kept_from:]
    if kept_from > 0:
        while kept and kept[0].get("role") != "user":
            kept = kept[1:]
    return system + kept + tail
