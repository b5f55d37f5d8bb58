"""The SQLite plumbing the ledger and the session store share: open, migrate, transact.

Both files are written by the daemon while other processes (tests, an operator's `sqlite3`) may
read them. Writes take the write lock up front (`BEGIN IMMEDIATE`): a deferred transaction that
reads first and then writes can fail with SQLITE_BUSY without the busy handler ever being
called, when another process committed in between.

**No memory-mapped I/O, so no SIGBUS.** The files run with a rollback journal
(`journal_mode = DELETE`), not WAL, and with `mmap_size = 0`. WAL keeps its index in a `-shm`
file that every connection maps shared and writes into, even to read; when that file turns
immutable (`chattr +i`), or its filesystem goes read-only or runs out of blocks, the write
through the mapping is a SIGBUS that kills the daemon outright, with no Python frame to catch
it. WAL's exclusive locking mode would keep the index on the heap but lock every other process
out. A rollback journal reads and writes through plain file calls only: the same faults come
back as SQLite errors, which `Database` turns into `StateUnavailable`. What WAL bought here
(readers never wait for the writer) matters little: every statement takes microseconds and the
busy timeout covers the rest. `synchronous = FULL` is the rollback journal's setting that
survives a power cut as well as a killed process.

**Faults are a state, not a crash.** Any SQLite error but a bug (a constraint or misuse) is
raised as `StateUnavailable` and marks the file faulted (`fault` says why, logged once at
error level). A later successful write, or `probe()`, clears it (logged once more). A file that
is corrupt when opened is moved aside to `<name>.corrupt-<UTC time>` and a fresh one is made:
never overwritten in place, never silently.

Each store holds ONE connection behind a lock rather than one per thread. SQLite serialises
writers anyway; the statements here take microseconds; and a single connection makes `close()`
exact, with no connection left behind in some worker thread's locals.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from edged.exceptions import StartupError, StateUnavailable

__all__ = ["Database", "StateFile"]

logger = logging.getLogger(__name__)

# sqlite3.Error.sqlite_errorcode & 0xFF: the file is not (or no longer) a database.
_SQLITE_CORRUPT = 11
_SQLITE_NOTADB = 26
# Files SQLite keeps beside a database: moved aside with it, or a stale journal would be
# played back into the fresh file.
_COMPANIONS = ("-journal", "-wal", "-shm")

# Each entry brings the schema from version i to i + 1; PRAGMA user_version holds the version.
Migrations = Sequence[Sequence[str]]


class Database:
    """One SQLite file with a rollback journal, its schema migrated to the newest version on open.

    **Parameters:**

    * `path`: the file; it and its parent folder are created when missing (the folder 0700,
      the file with `mode`). An existing file keeps the mode it has.
    * `migrations`: one list of statements per schema version, applied in order in one
      transaction.
    * `mode`: the new file's permissions; SQLite gives its -journal file the same.
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
        self.fault: str | None = None  # why the file cannot be used now; None while it works
        self.fault_since: float | None = None  # time.time() of the first failure
        self._busy_timeout_s = busy_timeout_s
        try:
            _create_private(self.path, mode)
        except OSError as exc:
            raise StartupError(f"{self.path}: cannot create: {exc}") from exc
        try:
            self.conn = self._open(migrations)
        except _Corrupt as corrupt:
            moved = _move_aside(self.path)
            logger.error(
                "%s is corrupt (%s); moved it aside to %s and started a fresh one",
                self.path,
                corrupt,
                moved.name,
            )
            try:
                _create_private(self.path, mode)
            except OSError as exc:
                raise StartupError(f"{self.path}: cannot create: {exc}") from exc
            try:
                self.conn = self._open(migrations)
            except _Corrupt as again:
                raise StartupError(f"{self.path}: a fresh file is corrupt too: {again}") from None

    def _open(self, migrations: Migrations) -> sqlite3.Connection:
        busy_timeout_s = self._busy_timeout_s
        try:
            conn = sqlite3.connect(
                str(self.path),
                timeout=busy_timeout_s,
                isolation_level=None,  # transactions are explicit: BEGIN IMMEDIATE / COMMIT
                check_same_thread=False,  # the lock above serialises every use
            )
        except sqlite3.Error as exc:
            raise StartupError(f"{self.path}: cannot open: {exc}") from exc
        self.conn = conn
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_s * 1000)}")
            conn.execute("PRAGMA mmap_size = 0")  # see the module docstring: no mapped pages
            journal = conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
            if str(journal).lower() != "delete":
                raise StartupError(
                    f"{self.path}: SQLite kept journal_mode={journal} (another process holds the file open)"
                )
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA foreign_keys = ON")
            # Catch a damaged file now, while it can be moved aside, not mid-request.
            check = conn.execute("PRAGMA quick_check").fetchall()
            if [tuple(row) for row in check] != [("ok",)]:
                raise _Corrupt("; ".join(str(row[0]) for row in check[:3]))
            self._migrate(migrations)
        except _Corrupt:
            conn.close()
            raise
        except (sqlite3.Error, StateUnavailable) as exc:
            conn.close()
            cause = exc.__cause__ if isinstance(exc, StateUnavailable) else exc
            if isinstance(cause, sqlite3.Error) and _is_corrupt(cause):
                raise _Corrupt(str(cause)) from None
            raise StartupError(f"{self.path}: not a usable SQLite database: {cause}") from exc
        except BaseException:
            conn.close()
            raise
        return conn

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
        with self.lock, self._faults():
            return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    @contextlib.contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One short write transaction; rolled back whole if anything inside raises."""
        with self.lock, self._faults():
            self._check_open()
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                # Some errors (SQLITE_FULL, SQLITE_IOERR) have already rolled back on their own.
                if self.conn.in_transaction:
                    with contextlib.suppress(sqlite3.Error):
                        self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")
            self._recovered()

    @contextlib.contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """A read transaction: every statement inside sees the same snapshot."""
        with self.lock, self._faults():
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
        starts a read transaction, so unlike SELECT 1 it reaches the file.
        """
        with self.lock, self._faults():
            self._check_open()
            self.conn.execute("PRAGMA user_version").fetchone()

    def probe(self) -> str | None:
        """Whether the file takes a write now: None when it does (a fault clears), else why not.

        Rewrites the schema version with its own value: a real journalled write of one page,
        which fails on a read-only or immutable file and on a disk with no block left for the
        journal, and changes nothing.
        """
        try:
            with self.write() as conn:
                version = int(conn.execute("PRAGMA user_version").fetchone()[0])
                conn.execute(f"PRAGMA user_version = {version}")
        except StateUnavailable as exc:
            return exc.message
        return None

    @contextlib.contextmanager
    def _faults(self) -> Iterator[None]:
        """SQLite errors out of the file become StateUnavailable; a bug stays what it is."""
        try:
            yield
        except (sqlite3.IntegrityError, sqlite3.ProgrammingError, sqlite3.InterfaceError):
            raise
        except sqlite3.Error as exc:
            why = f"{self.path}: {exc}"
            if self.fault is None:
                self.fault_since = time.time()
                logger.error(
                    "state file %s cannot be used: %s; serving without it until it can", self.path, exc
                )
            self.fault = why
            raise StateUnavailable(why) from exc

    def _recovered(self) -> None:
        if self.fault is not None:
            since = self.fault_since or time.time()
            logger.warning(
                "state file %s is writable again after %.0f s (it failed with: %s)",
                self.path,
                time.time() - since,
                self.fault,
            )
            self.fault = None
            self.fault_since = None

    def close(self) -> None:
        with self.lock:
            if not self.is_closed:
                self.is_closed = True
                self.conn.close()

    def _check_open(self) -> None:
        if self.is_closed:
            raise RuntimeError(f"{self.path} is closed")


class _Corrupt(Exception):
    """The file is not a database, or a damaged one: it is moved aside, not used."""


def _is_corrupt(exc: sqlite3.Error) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF in (_SQLITE_CORRUPT, _SQLITE_NOTADB)
    return isinstance(exc, sqlite3.DatabaseError) and (
        "malformed" in str(exc) or "not a database" in str(exc)
    )


def _move_aside(path: Path) -> Path:
    """Rename the file (and its journal, if any) to `<name>.corrupt-<UTC time>`; the new path."""
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
    for suffix in _COMPANIONS:
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            os.replace(companion, target.with_name(target.name + suffix))
    os.replace(path, target)
    return target


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


class StateFile:
    """What the daemon asks of every state file (`path`, `_db`): health, fault and a probe write."""

    path: Path
    _db: Database

    def ping(self) -> None:
        """Health check (the systemd watchdog): a cheap read; raises if the file cannot be read."""
        self._db.ping()

    @property
    def fault(self) -> str | None:
        """Why the file cannot be used now (StateUnavailable was raised); None while it works."""
        return self._db.fault

    def probe(self) -> str | None:
        """Try a harmless write: None (and the fault cleared) when the file takes it, else why not."""
        return self._db.probe()

    def health(self) -> dict[str, Any]:
        """For `edged status`: the file, whether it works, and since when it does not."""
        return {
            "path": str(self.path),
            "ok": self._db.fault is None,
            "fault": self._db.fault,
            "since": self._db.fault_since,
        }
