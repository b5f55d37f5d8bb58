"""A lost ipc:// socket file: the daemon binds it again, or stops feeding the watchdog.

Real daemon processes on ipc:// in a temporary folder. The socket file is deleted, replaced by a
regular file, by another process's live socket, or cannot be bound again (the folder made
immutable with `chattr +i`: the tests run as root, so a chmod would not stop the daemon).
"""

from __future__ import annotations

import shutil
import signal
import socket
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from edged.config import Config
from edged.doctor import run_checks
from edged.protocol import decode_response, encode_request
from tests.support.daemon import REPO, DaemonProcess, daemon_process, raw_dealer, wait_for_ping
from tests.support.notify import NotifyListener
from tests.test_lifecycle import write_config

WATCHDOG_USEC = "1000000"  # a check every 0.5 s


@pytest.fixture
def notify(tmp_path: Path) -> Iterator[NotifyListener]:
    listener = NotifyListener(tmp_path / "notify.sock")
    yield listener
    listener.close()


def _path(endpoint: str) -> Path:
    return Path(endpoint[len("ipc://") :])


def _ask(endpoint: str, operation: str, body: dict[str, Any], timeout: float = 2.0) -> dict[str, Any] | None:
    """One request on a new connection; None when nothing answers within `timeout`."""
    sock = raw_dealer(endpoint)
    try:
        sock.send_multipart(encode_request(operation, "q", body))
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            if not sock.poll(int(left * 1000) + 1):
                return None
            response = decode_response(sock.recv_multipart())
            if response.kind != "chunk":
                return response.body
        return None
    finally:
        sock.close(0)


def _wait_for_log(proc: DaemonProcess, needle: str, timeout: float = 10.0) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if needle in (out := proc.output()):
            return out
        time.sleep(0.1)
    raise AssertionError(f"{needle!r} not in the daemon's output:\n{proc.output()}")


def _errors(proc: DaemonProcess, needle: str) -> int:
    return sum("ERROR" in line and needle in line for line in proc.output().splitlines())


def _pings(messages: list[str]) -> int:
    return sum("WATCHDOG=1" in m for m in messages)


def _stop(proc: DaemonProcess) -> None:
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(30) == 0, proc.output()


def test_a_deleted_socket_file_is_bound_again(tmp_path: Path, tiny_model: Path) -> None:
    config, endpoint = write_config(tmp_path, tiny_model)
    path = _path(endpoint)
    with daemon_process(config, endpoint=endpoint) as proc:
        before = raw_dealer(endpoint)  # a client connected before the file goes
        before.send_multipart(encode_request("ping", "b0", {}))
        assert before.poll(5000)
        before.recv_multipart()
        path.unlink()
        # Within a few checks (one a second) a new client reaches the daemon again.
        assert wait_for_ping(endpoint, proc, timeout=10)["pong"] is True
        assert stat.S_ISSOCK(path.stat().st_mode)
        reply = _ask(
            endpoint, "generate", {"messages": [{"role": "user", "content": "Hi"}], "max_tokens": 2}, 30
        )
        assert reply is not None and "text" in reply, reply
        # The connection made before was not dropped.
        before.send_multipart(encode_request("ping", "b1", {}))
        assert before.poll(5000)
        assert decode_response(before.recv_multipart()).body["pong"] is True
        before.close(0)
        status = _ask(endpoint, "status", {})
        assert status is not None and status["socket"] == {"rebinds": 1, "problem": None}
        out = _wait_for_log(proc, "bound it again")
        assert out.count("bound it again") == 1
        assert "socket file is missing" in out
        _stop(proc)
    assert not path.exists()


def test_a_regular_file_in_its_place_is_replaced(tmp_path: Path, tiny_model: Path) -> None:
    # The endpoint is this daemon's by its lock, so what sits at the path is replaced, as at startup.
    config, endpoint = write_config(tmp_path, tiny_model)
    path = _path(endpoint)
    with daemon_process(config, endpoint=endpoint) as proc:
        path.unlink()
        path.write_text("not a socket")
        assert wait_for_ping(endpoint, proc, timeout=10)["pong"] is True
        assert stat.S_ISSOCK(path.stat().st_mode)
        assert "a regular file is there instead of the socket" in _wait_for_log(proc, "bound it again")
        _stop(proc)


def test_sighup_binds_it_again(tmp_path: Path, tiny_model: Path) -> None:
    # No periodic check: only the reload finds the file gone.
    config, endpoint = write_config(tmp_path, tiny_model, server={"socket_check_s": 0})
    with daemon_process(config, endpoint=endpoint) as proc:
        _path(endpoint).unlink()
        assert _ask(endpoint, "ping", {}, timeout=1.5) is None
        proc.send_signal(signal.SIGHUP)
        assert wait_for_ping(endpoint, proc, timeout=10)["pong"] is True
        _stop(proc)


def test_another_live_socket_is_not_taken(tmp_path: Path, tiny_model: Path, notify: NotifyListener) -> None:
    config, endpoint = write_config(tmp_path, tiny_model)
    path = _path(endpoint)
    env = {"NOTIFY_SOCKET": str(notify.path), "WATCHDOG_USEC": WATCHDOG_USEC}
    with daemon_process(config, env, endpoint=endpoint) as proc:
        notify.wait_for("WATCHDOG=1", timeout=10)
        path.unlink()
        other = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        other.bind(str(path))
        other.listen()
        inode = path.stat().st_ino
        try:
            out = _wait_for_log(proc, "not taking its socket")
            assert "watchdog is no longer fed" in out
            notify.collect(1.0)  # a check already under way may still feed it
            assert _pings(notify.collect(2.0)) == 0
            assert path.stat().st_ino == inode  # still the other process's socket
        finally:
            other.close()
        # Once that process is gone, its dead socket file is replaced and the watchdog fed again.
        assert wait_for_ping(endpoint, proc, timeout=10)["pong"] is True
        notify.wait_for("WATCHDOG=1", timeout=5)
        _stop(proc)
    assert _errors(proc, "not taking its socket") == 1  # logged once, retried quietly


def test_a_daemon_that_took_the_endpoint_keeps_it(tmp_path: Path, tiny_model: Path) -> None:
    # A cleaner removed the lock file too, and a second daemon locked a new one and bound: the
    # first must not take the endpoint back (its lock is on a file nobody sees any more).
    config, endpoint = write_config(tmp_path, tiny_model, server={"socket_check_s": 0})
    path = _path(endpoint)
    with daemon_process(config, endpoint=endpoint) as first:
        path.unlink()
        path.with_name(path.name + ".lock").unlink()
        with daemon_process(config, endpoint=endpoint) as second:
            first.send_signal(signal.SIGHUP)
            _wait_for_log(first, "holds")
            status = _ask(endpoint, "status", {})
            assert status is not None and status["pid"] == second.pid
            assert f"another edged (pid {second.pid}) holds" in first.output()
            _stop(first)
            assert _ask(endpoint, "ping", {}) is not None  # the first left the second's socket alone
            _stop(second)


def test_a_removed_lock_file_is_locked_again(tmp_path: Path, tiny_model: Path) -> None:
    # Only the lock file goes: without it a second daemon would lock a new one and take the socket.
    config, endpoint = write_config(tmp_path, tiny_model)
    lock = _path(endpoint).with_name("edged.sock.lock")
    with daemon_process(config, endpoint=endpoint) as proc:
        lock.unlink()
        _wait_for_log(proc, "created and locked it again")
        assert lock.read_text().strip() == str(proc.pid)
        second = subprocess.run(
            [sys.executable, "-m", "edged", "serve", "--config", str(config)],
            capture_output=True, text=True, timeout=60, cwd=REPO,
        )  # fmt: skip
        assert second.returncode == 3 and "another edged already serves" in second.stderr
        assert _ask(endpoint, "ping", {}) is not None
        _stop(proc)


def _chattr(flag: str, path: Path) -> bool:
    tool = shutil.which("chattr")
    if tool is None:
        return False
    return subprocess.run([tool, flag, str(path)], capture_output=True).returncode == 0


def test_a_failed_bind_starves_the_watchdog(tmp_path: Path, tiny_model: Path, notify: NotifyListener) -> None:
    config, endpoint = write_config(tmp_path, tiny_model)
    path = _path(endpoint)
    env = {"NOTIFY_SOCKET": str(notify.path), "WATCHDOG_USEC": WATCHDOG_USEC}
    with daemon_process(config, env, endpoint=endpoint) as proc:
        notify.wait_for("WATCHDOG=1", timeout=10)
        before = raw_dealer(endpoint)  # still connected: it can ask the daemon what it sees
        # Connected for sure before the file goes: an ipc:// connect still under way when the path
        # is unlinked never completes, and its request would wait for a daemon it cannot reach.
        before.send_multipart(encode_request("ping", "b0", {}))
        assert before.poll(5000)
        before.recv_multipart()
        path.unlink()
        if not _chattr("+i", path.parent):
            before.close(0)
            pytest.skip("chattr +i is not supported here")
        try:
            out = _wait_for_log(proc, "cannot be bound again")
            line = next(x for x in out.splitlines() if "cannot be bound again" in x)
            assert "ERROR" in line and "watchdog is no longer fed" in line, line
            notify.collect(1.0)  # a check already under way may still feed it
            assert _pings(notify.collect(2.0)) == 0
            before.send_multipart(encode_request("status", "s", {}))
            assert before.poll(5000)
            problem = decode_response(before.recv_multipart()).body["socket"]["problem"]
            assert "the socket file is missing and cannot be bound again" in problem
        finally:
            _chattr("-i", path.parent)
            before.close(0)
        # Writable again: the next check binds it, and the watchdog is fed again.
        assert wait_for_ping(endpoint, proc, timeout=10)["pong"] is True
        notify.wait_for("WATCHDOG=1", timeout=5)
        _stop(proc)
    assert _errors(proc, "cannot be bound again") == 1  # logged once, retried quietly


def test_doctor_says_the_socket_file_is_missing(tmp_path: Path, tiny_model: Path) -> None:
    config_file, endpoint = write_config(tmp_path, tiny_model, server={"socket_check_s": 0})
    config = Config.load(config_file, env={})
    with daemon_process(config_file, endpoint=endpoint) as proc:
        _path(endpoint).unlink()
        checks = {c.name: c for c in run_checks(config, env={}, daemon_timeout_s=0.5)}
        socket_check = checks["socket"]
        assert socket_check.status == "warning"
        assert "is missing" in socket_check.detail and f"pid {proc.pid}" in socket_check.detail
        assert "binds it again" in socket_check.detail
        assert "systemctl reload edged" in socket_check.remedy
        proc.send_signal(signal.SIGHUP)
        wait_for_ping(endpoint, proc, timeout=10)
        checks = {c.name: c for c in run_checks(config, env={}, daemon_timeout_s=2.0)}
        assert checks["socket"].status == "ok"
        assert "bound the socket file again 1 time(s)" in checks["socket"].detail
        _stop(proc)
