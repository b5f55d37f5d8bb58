"""The store: what edged keeps in its state directory, the cloud-spend ledger and the sessions.

Both are SQLite files with a rollback journal (`ledger.sqlite3`, `sessions.sqlite3`), standard library only,
called from worker threads: nothing here is async.
"""

from __future__ import annotations

from edged.store.ledger import Ledger, price
from edged.store.sessions import (
    Session,
    SessionStore,
    SessionSummary,
    Turn,
    check_session_id,
    count_message_tokens,
    trim_to_context,
)

__all__ = [
    "LEDGER_FILE",
    "SESSIONS_FILE",
    "Ledger",
    "Session",
    "SessionStore",
    "SessionSummary",
    "Turn",
    "check_session_id",
    "count_message_tokens",
    "price",
    "trim_to_context",
]

LEDGER_FILE = "ledger.sqlite3"  # both under Config.state_dir
SESSIONS_FILE = "sessions.sqlite3"
