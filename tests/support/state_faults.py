"""Faults in the state store for tests: immutable files for real, a full disk injected."""

from __future__ import annotations

import sqlite3
import subprocess
from pathlib import Path
from typing import Any

import pytest


def chattr(flag: str, *paths: Path) -> None:
    """`chattr +i`/`-i`; skips the test where the flag cannot be set (not root, tmpfs, overlay)."""
    try:
        done = subprocess.run(["chattr", flag, *map(str, paths)], capture_output=True, text=True)
    except FileNotFoundError:
        pytest.skip("no chattr on this machine")
    if done.returncode != 0:
        pytest.skip(f"chattr {flag} is not supported here: {done.stderr.strip()}")


class FailingConnection:
    """A sqlite3.Connection whose writes fail like a full disk's (SQLITE_FULL); reads work."""

    def __init__(self, conn: sqlite3.Connection, message: str = "database or disk is full") -> None:
        self.conn = conn
        self.message = message

    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
        words = sql.split()
        if words[0].upper() in ("INSERT", "UPDATE", "DELETE") or (
            words[0].upper() == "PRAGMA" and "=" in sql
        ):
            raise sqlite3.OperationalError(self.message)
        return self.conn.execute(sql, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.conn, name)
