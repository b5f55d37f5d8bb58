"""The SQLite plumbing the ledger and the session store share: open, migrate, transact.

Both files are written by the daemon while `edged` CLI commands in other processes read (and
sometimes delete from) them, so every file runs in WAL mode: readers never block the writer and
the writer never blocks readers. Writes take the write lock up front (`BEGIN IMMEDIATE`): a
deferred transaction that reads first and then writes can fail with SQLITE_BUSY without the busy
handler ever being called, when another process committed in between.

Each store holds ONE connection behind a lock rather than one per thread. SQLite serialises
writers anyway; the statements here take microseconds; and a single connection makes `close()`
exact, with no connection left behind in some worker thread's locals holding the WAL open.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path

from edged.exceptions import StartupError

__all__ = ["Database"]

# Each entry brings the schema from version i to i + 1; PRAGMA user_version holds the version.
Migrations = Sequence[Sequence[str]]


class Database:
    """One SQLite file in WAL mode, its schema migrated to the newest version on open.

    **Parameters:**

    * `path`: the file; it and its parent folder are created when missing (the folder 0700,
      the file with `mode`). An existing file keeps the mode it has.
    * `migrations`: one list of statements per schema version, applied in order in one
      transaction.
    * `mode`: the new file's permissions; SQLite gives its -wal and -shm files the same.
    * `busy_timeout_s`: how long a statement waits for another process's lock.
    """

    def __init__(
        self,
        path: Path,
        *,
        migrations: Migrations,
        mode: int = 0o600,
        busy_timeout_s: float = 10.0,
    ) -> None:
        self.path = Path(path)
        self.lock = threading.RLock()
        self.is_closed = False
        try:
            _create_private(self.path, mode)
        except OSError as exc:
            raise StartupError(f"{self.path}: cannot create: {exc}") from exc
        try:
            self.conn = sqlite3.connect(
                str(self.path),
                timeout=busy_timeout_s,
                isolation_level=None,  # transactions are explicit: BEGIN IMMEDIATE / COMMIT
                check_same_thread=False,  # the lock above serialises every use
            )
        except sqlite3.Error as exc:
            raise StartupError(f"{self.path}: cannot open: {exc}") from exc
        try:
            self.conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_s * 1000)}")
            journal = self.conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(journal).lower() != "wal":
                raise StartupError(f"{self.path}: SQLite refused WAL mode (journal_mode={journal})")
            # NORMAL in WAL mode: a power cut may lose the last transactions, never corrupts.
            self.conn.execute("PRAGMA synchronous = NORMAL")
            self.conn.execute("PRAGMA foreign_keys = ON")
            self._migrate(migrations)
        except sqlite3.Error as exc:
            self.conn.close()
            raise StartupError(f"{self.path}: not a usable SQLite database: {exc}") from exc
        except BaseException:
            self.conn.close()
            raise

    def _migrate(self, migrations: Migrations) -> None:
        target = len(migrations)
        if self.user_version() == target:
            return
        with self.write() as conn:
            # Read again under the write lock: another process may have migrated meanwhile.
            version = self.user_version()
            if version > target:
                raise StartupError(
                    f"{self.path}: schema version {version} is newer than this edged knows ({target})"
                )
            for statements in migrations[version:]:
                for statement in statements:
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {target}")

    def user_version(self) -> int:
        with self.lock:
            return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    @contextlib.contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One short write transaction; rolled back whole if anything inside raises."""
        with self.lock:
            self._check_open()
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                # Some errors (SQLITE_FULL, SQLITE_IOERR) have already rolled back on their own.
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")

    @contextlib.contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """A read transaction: every statement inside sees the same snapshot."""
        with self.lock:
            self._check_open()
            self.conn.execute("BEGIN")
            try:
                yield self.conn
            finally:
                if self.conn.in_transaction:
                    self.conn.execute("COMMIT")

    def ping(self) -> None:
        """A cheap read for health checks; raises if the store is closed or unreadable.

        Waits while another thread is inside a statement: the caller bounds the wait. The pragma
        starts a read transaction, so unlike SELECT 1 it reaches the file and the WAL index.
        """
        with self.lock:
            self._check_open()
            self.conn.execute("PRAGMA user_version").fetchone()

    def close(self) -> None:
        with self.lock:
            if not self.is_closed:
                self.is_closed = True
                self.conn.close()

    def _check_open(self) -> None:
        if self.is_closed:
            raise RuntimeError(f"{self.path} is closed")


def _create_private(path: Path, mode: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, mode)
    except FileExistsError:
        return
    try:
        os.fchmod(fd, mode)  # os.open's mode passes through the umask; set it exactly
    finally:
        os.close(fd)
