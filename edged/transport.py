"""The daemon's ZeroMQ ROUTER socket: bind safely, receive frames, send with backpressure.

Pitfalls handled here (docs/protocol.md, "Transport"):
* a second bind to an ipc:// path silently steals it from the first daemon, so an flock on a
  lock file beside the socket is taken before binding;
* the socket file takes the process umask, so it is created under a tight umask and then set
  to the configured mode (0660);
* without ROUTER_MANDATORY a ROUTER drops messages to a slow or gone peer silently; with it we
  get EAGAIN (slow: wait, bounded) or EHOSTUNREACH (gone: cancel that client's work);
* MAXMSGSIZE drops an oversize peer without any reply, so it sits above the body limit that
  the protocol answers with a typed error;
* LINGER is explicit so closing never hangs;
* deleting the socket file (a tmp cleaner) leaves a bound socket nobody can reach: existing
  connections keep working, new ones get ENOENT. `socket_fault()` notices (the path is missing, is
  not a socket, or is another inode) and `rebind()` binds the path again on the same ROUTER. It
  never unbinds: in libzmq an unbind also drops the connections accepted through that listener,
  so clients mid-stream would lose their replies. And a bind unlinks whatever is at the path, so
  `rebind()` first makes sure the endpoint is still ours (our lock is on the lock file that is
  there now) and that no live process listens on what is there.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import fcntl
import logging
import os
import socket
import stat
from pathlib import Path
from typing import Any

import zmq
import zmq.asyncio

from edged.config import ServerConfig
from edged.exceptions import ConfigError, StartupError

__all__ = ["EndpointLost", "PeerGone", "Transport"]

logger = logging.getLogger(__name__)

SEND_STALL_S = 10.0  # a peer that takes no message for this long is treated as gone


class PeerGone(Exception):
    """The client's connection is gone (EHOSTUNREACH) or stalled past SEND_STALL_S."""


class EndpointLost(Exception):
    """The ipc:// socket file is not ours any more and cannot be bound again (the reason says why)."""


def _describe(st: os.stat_result) -> str:
    if stat.S_ISREG(st.st_mode):
        return "a regular file"
    if stat.S_ISDIR(st.st_mode):
        return "a directory"
    if stat.S_ISLNK(st.st_mode):
        return "a symbolic link"
    if stat.S_ISSOCK(st.st_mode):
        return "another socket"
    return "something else"


def _listening(path: Path) -> bool:
    """Whether a process accepts connections on the unix socket at `path` (a stale one refuses)."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM | socket.SOCK_CLOEXEC) as probe:
        probe.settimeout(0.2)
        try:
            probe.connect(str(path))
        except (ConnectionRefusedError, FileNotFoundError):
            return False
        except OSError:
            return True  # a full backlog or a timeout: someone is there
        return True


class Transport:
    def __init__(self, endpoint: str, config: ServerConfig) -> None:
        self.endpoint = endpoint
        self.config = config
        self.ctx = zmq.asyncio.Context()
        self.sock: zmq.asyncio.Socket | None = None
        self._lock_fd: int | None = None
        self._auth: Any = None
        self._readable: asyncio.Event | None = None
        self.ipc_path: Path | None = None
        self.rebinds = 0  # times the ipc:// path was bound again after it was lost
        self._bound: tuple[int, int] | None = None  # (st_dev, st_ino) of the socket file we bound

    # -- lifecycle -------------------------------------------------------------------------------

    def bind(self) -> None:
        sock = self.ctx.socket(zmq.ROUTER)
        sock.setsockopt(zmq.ROUTER_MANDATORY, 1)
        sock.setsockopt(zmq.SNDHWM, self.config.send_hwm)
        sock.setsockopt(zmq.RCVHWM, self.config.recv_hwm)
        sock.setsockopt(zmq.MAXMSGSIZE, self.config.max_message_bytes)
        sock.setsockopt(zmq.LINGER, 1000)
        try:
            if self.endpoint.startswith("ipc://"):
                self._bind_ipc(sock)
            elif self.endpoint.startswith("tcp://"):
                self._bind_tcp(sock)
            else:
                raise ConfigError(f"unsupported endpoint {self.endpoint!r}: use ipc:// or tcp://")
        except BaseException:
            sock.close(linger=0)
            self._release_lock()
            raise
        self.sock = sock
        # A plain (blocking-API) view of the same socket, used from the loop thread only, with
        # NOBLOCK: receiving and sending without an asyncio future per message is most of the
        # difference between a busy daemon and an echo server.
        self._sync: zmq.Socket[Any] = zmq.Socket.shadow(sock.underlying)
        logger.info("listening on %s", self.endpoint)

    def _watch(self) -> asyncio.Event:
        """Readiness from the socket's FD, which is edge-triggered.

        The FD only says "ZMQ_EVENTS may have changed"; any send or receive can consume that
        signal, so after every operation ZMQ_EVENTS itself is checked (as pyzmq does inside
        zmq.asyncio) — otherwise a request arriving during a send would wait for the next one.
        """
        if self._readable is None:
            self._readable = asyncio.Event()
            asyncio.get_running_loop().add_reader(self._sync.FD, self._check)
        return self._readable

    def _check(self) -> None:
        if self._readable is not None and int(self._sync.get(zmq.EVENTS)) & zmq.POLLIN:
            self._readable.set()

    def _bind_ipc(self, sock: zmq.asyncio.Socket) -> None:
        path = Path(self.endpoint[len("ipc://") :])
        if not path.is_absolute():
            path = path.resolve()
        if len(str(path).encode()) > 107:
            raise StartupError(f"{path}: too long for a unix socket path (107 bytes at most)")
        try:
            path.parent.mkdir(mode=0o750, parents=True, exist_ok=True)
        except OSError as exc:
            raise StartupError(f"cannot create the socket directory {path.parent}: {exc}") from exc
        lock_path = path.with_name(path.name + ".lock")
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o640)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip()
            os.close(fd)
            if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise StartupError(
                    f"another edged already serves {self.endpoint}"
                    + (f" (pid {holder})" if holder else "")
                    + "; refusing to take its endpoint"
                ) from None
            raise StartupError(f"cannot lock {lock_path}: {exc}") from exc
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self._lock_fd = fd
        # We hold the lock, so a socket file left here is stale (a crashed daemon's).
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        try:
            self._bind_path(sock, path)
        except (zmq.ZMQError, OSError) as exc:
            raise StartupError(f"cannot bind {self.endpoint}: {exc}") from exc
        self.ipc_path = path

    def _bind_path(self, sock: zmq.Socket[Any], path: Path) -> None:
        mode = int(self.config.socket_mode, 8)
        old_umask = os.umask(0o777 & ~mode)
        try:
            sock.bind(f"ipc://{path}")
        finally:
            os.umask(old_umask)
        os.chmod(path, mode)
        st = os.stat(path)
        self._bound = (st.st_dev, st.st_ino)

    # -- the ipc:// path after startup -------------------------------------------------------------

    def socket_fault(self) -> str | None:
        """Why the ipc:// path no longer reaches this socket, or None while it does (or for tcp://)."""
        path = self.ipc_path
        if path is None or self.sock is None:
            return None
        try:
            st = os.lstat(path)
        except FileNotFoundError:
            return "the socket file is missing"
        except OSError as exc:
            return f"the socket file cannot be checked ({exc})"
        if not stat.S_ISSOCK(st.st_mode):
            return f"{_describe(st)} is there instead of the socket"
        if (st.st_dev, st.st_ino) != self._bound:
            return "another socket file is there instead of ours"
        return None

    def rebind(self) -> None:
        """Bind the ipc:// path again on the same ROUTER; raise EndpointLost if it is not ours to take.

        Clients connected before keep their connections (nothing is unbound); new ones reach the
        new file, and ZeroMQ clients that were retrying connect by themselves.
        """
        path = self.ipc_path
        if path is None or self.sock is None:
            return
        self.keep_lock()
        try:
            st: os.stat_result | None = os.lstat(path)
        except FileNotFoundError:
            st = None
        except OSError as exc:
            raise EndpointLost(f"cannot check it: {exc}") from exc
        if st is not None:
            if stat.S_ISDIR(st.st_mode):
                raise EndpointLost("a directory is there; not removing it")
            if stat.S_ISSOCK(st.st_mode) and _listening(path):
                raise EndpointLost("another process listens on it; not taking its socket")
            # Ours by the lock: a regular file or a dead socket is replaced, as at startup.
            try:
                path.unlink()
            except FileNotFoundError:
                pass
            except OSError as exc:
                raise EndpointLost(f"cannot remove {_describe(st)} there: {exc}") from exc
        try:
            self._bind_path(self.sock, path)
        except (zmq.ZMQError, OSError) as exc:
            raise EndpointLost(f"cannot bind it: {exc}") from exc
        self.rebinds += 1

    def keep_lock(self) -> None:
        """Make sure the lock file at its path is the one we hold; lock it again if it was removed.

        A tmp cleaner may remove the lock file as well as the socket. Another daemon could then
        lock a new one and take the endpoint; once one has, its socket must not be taken back.
        """
        path = self.ipc_path
        if path is None or self._lock_fd is None:
            return
        lock_path = path.with_name(path.name + ".lock")
        held = os.fstat(self._lock_fd)
        try:
            there = os.stat(lock_path)
            if (there.st_dev, there.st_ino) == (held.st_dev, held.st_ino):
                return
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise EndpointLost(f"cannot check the lock file {lock_path}: {exc}") from exc
        try:
            path.parent.mkdir(mode=0o750, parents=True, exist_ok=True)
            fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o640)
        except OSError as exc:
            raise EndpointLost(
                f"the lock file {lock_path} was removed and cannot be created again: {exc}"
            ) from exc
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip()
            os.close(fd)
            raise EndpointLost(
                f"another edged{f' (pid {holder})' if holder else ''} holds {lock_path} now; "
                "not taking its endpoint"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        os.close(self._lock_fd)
        self._lock_fd = fd
        logger.warning("the lock file %s had been removed; created and locked it again", lock_path)

    def _bind_tcp(self, sock: zmq.asyncio.Socket) -> None:
        from zmq import auth as zmq_auth
        from zmq.auth.asyncio import AsyncioAuthenticator

        if not zmq.has("curve"):
            raise StartupError("tcp:// needs CURVE, and this libzmq was built without it")
        secret_file = Path(self.config.curve_secret_key_file)
        keys_dir = Path(self.config.curve_authorized_keys_dir)
        if not secret_file.is_file() or not keys_dir.is_dir():
            raise StartupError(
                f"tcp:// needs curve_secret_key_file ({secret_file}) and curve_authorized_keys_dir ({keys_dir})"
            )
        if secret_file.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO):
            raise StartupError(f"{secret_file}: the CURVE secret key must not be readable by group or others")
        public, secret = zmq_auth.load_certificate(str(secret_file))
        if secret is None:
            raise StartupError(f"{secret_file}: no secret key in it")
        self._auth = AsyncioAuthenticator(self.ctx)
        self._auth.start()
        self._auth.configure_curve(domain="*", location=str(keys_dir))
        sock.curve_secretkey = secret
        sock.curve_publickey = public
        sock.curve_server = True
        sock.setsockopt(zmq.HEARTBEAT_IVL, 10_000)
        sock.setsockopt(zmq.HEARTBEAT_TIMEOUT, 30_000)
        try:
            sock.bind(self.endpoint)
        except zmq.ZMQError as exc:
            raise StartupError(f"cannot bind {self.endpoint}: {exc}") from exc

    def close(self) -> None:
        if self._readable is not None:
            with contextlib.suppress(Exception):
                asyncio.get_running_loop().remove_reader(self._sync.FD)
            self._readable = None
        # Only our own socket file is removed: what replaced it may be another process's.
        ours = self.ipc_path is not None and self.sock is not None and self.socket_fault() is None
        if self.sock is not None:
            self.sock.close(linger=500)  # let the last error replies of a drain go out
            self.sock = None
        if self._auth is not None:
            self._auth.stop()
            self._auth = None
        if ours and self.ipc_path is not None:
            with contextlib.suppress(FileNotFoundError):
                self.ipc_path.unlink()
        self._release_lock()
        self.ctx.term()

    def _release_lock(self) -> None:
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None

    # -- I/O -------------------------------------------------------------------------------------

    async def recv_batch(self, limit: int = 256) -> list[tuple[bytes, list[bytes]]]:
        """Every message waiting (up to `limit`), as (identity, frames); waits for at least one."""
        readable = self._watch()
        while True:
            batch: list[tuple[bytes, list[bytes]]] = []
            try:
                while len(batch) < limit:
                    frames = self._sync.recv_multipart(zmq.NOBLOCK)
                    batch.append((frames[0], frames[1:]))
            except zmq.Again:
                pass
            if batch:
                return batch
            readable.clear()
            self._check()
            await readable.wait()

    def pending(self) -> bool:
        """Whether a message waits to be received."""
        sync = getattr(self, "_sync", None)  # set by bind()
        return sync is not None and not sync.closed and bool(int(sync.get(zmq.EVENTS)) & zmq.POLLIN)

    def send_now(self, identity: bytes, frames: list[bytes]) -> bool:
        """Send without waiting; False if the client's pipe is full (try `send` then)."""
        try:
            self._sync.send_multipart([identity, *frames], flags=zmq.NOBLOCK)
            return True
        except zmq.Again:
            return False
        except zmq.ZMQError as exc:
            if exc.errno == zmq.EHOSTUNREACH:
                raise PeerGone("client disconnected") from None
            raise
        finally:
            self._check()

    async def send(self, identity: bytes, frames: list[bytes]) -> None:
        """Send one message to one client; raise PeerGone if it left or stalls.

        A full pipe (EAGAIN under ROUTER_MANDATORY) is backpressure: the caller's stream waits
        here, which pauses its generation, until the client reads or SEND_STALL_S passes.
        """
        delay = 0.001
        waited = 0.0
        while not self.send_now(identity, frames):
            if waited >= SEND_STALL_S:
                raise PeerGone("client stopped reading")
            await asyncio.sleep(delay)
            waited += delay
            delay = min(delay * 2, 0.05)
