"""Run a real daemon for tests: in a thread of this process, or as a subprocess."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import zmq

from edged.config import Config
from edged.daemon import Daemon
from edged.protocol import decode_response, encode_request

REPO = Path(__file__).resolve().parents[2]


def make_config(tmp: Path, model_path: Path, **sections: dict[str, Any]) -> Config:
    data: dict[str, dict[str, Any]] = {
        "server": {"endpoint": f"ipc://{tmp}/run/edged.sock", "shutdown_timeout_s": 5.0},
        "model": {"path": str(model_path), "context_length": 512},
        "state": {"dir": str(tmp / "state")},
        "telemetry": {"period_s": 0.5},
        "logging": {"level": "info"},
    }
    for name, values in sections.items():
        data.setdefault(name, {}).update(values)
    return Config.load(None, env={}, overrides=data)


class DaemonThread:
    """A Daemon serving on its own event loop in a background thread."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.daemon = Daemon(config, install_signal_handlers=False)
        self.loop: asyncio.AbstractEventLoop | None = None
        self.error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="test-daemon", daemon=True)

    def _run(self) -> None:
        async def main() -> None:
            self.loop = asyncio.get_running_loop()
            await self.daemon.serve()

        try:
            asyncio.run(main())
        except BaseException as exc:  # surfaced by start()/stop()
            self.error = exc

    def start(self, timeout: float = 60.0) -> DaemonThread:
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self.daemon.ready:
            if self.error is not None:
                raise self.error
            if time.monotonic() > deadline:
                raise TimeoutError("the daemon did not become ready")
            time.sleep(0.02)
        return self

    def call_soon(self, fn: Any, *args: Any) -> None:
        assert self.loop is not None
        self.loop.call_soon_threadsafe(fn, *args)

    def stop(self, timeout: float = 30.0) -> None:
        if self.loop is not None and self._thread.is_alive():
            self.call_soon(self.daemon.handle_exit, signal.SIGTERM)
        self._thread.join(timeout)
        if self._thread.is_alive():
            raise TimeoutError("the daemon did not stop")
        if self.error is not None:
            raise self.error

    @property
    def endpoint(self) -> str:
        return self.config.endpoint

    def __enter__(self) -> DaemonThread:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


class DaemonProcess(subprocess.Popen[str]):
    log_path: Path

    def output(self) -> str:
        return self.log_path.read_text(errors="replace")


@contextlib.contextmanager
def daemon_process(
    config_file: Path,
    env: dict[str, str] | None = None,
    *,
    wait_ready: bool = True,
    endpoint: str | None = None,
) -> Iterator[DaemonProcess]:
    """`edged serve --config FILE` as a real process (signals, systemd notify, single instance).

    Its output goes to a file beside the config (a pipe nobody reads would fill and block it).
    """
    full_env = dict(os.environ, PYTHONUNBUFFERED="1")
    full_env.update(env or {})
    log_path = config_file.with_suffix(f".{time.monotonic_ns()}.log")
    with log_path.open("w") as log:
        proc = DaemonProcess(
            [sys.executable, "-m", "edged", "serve", "--config", str(config_file)],
            env=full_env,
            stdout=log,
            stderr=subprocess.STDOUT,
            text=True,
            cwd=REPO,
        )
    proc.log_path = log_path
    try:
        if wait_ready and endpoint:
            wait_for_ping(endpoint, proc)
        yield proc
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(10)


def raw_dealer(endpoint: str) -> zmq.Socket[Any]:
    sock = zmq.Context.instance().socket(zmq.DEALER)
    sock.setsockopt(zmq.LINGER, 0)
    sock.connect(endpoint)
    return sock


def wait_for_ping(endpoint: str, proc: DaemonProcess | None = None, timeout: float = 60.0) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    sock = raw_dealer(endpoint)
    try:
        n = 0
        while time.monotonic() < deadline:
            if proc is not None and proc.poll() is not None:
                log = proc.output() if isinstance(proc, DaemonProcess) else ""
                raise RuntimeError(f"daemon exited with {proc.returncode}: {log}")
            n += 1
            sock.send_multipart(encode_request("ping", f"wait{n}", {}))
            if sock.poll(200):
                reply = decode_response(sock.recv_multipart())
                if reply.body.get("state") == "serving":
                    return reply.body
                time.sleep(0.1)
        raise TimeoutError(f"no serving daemon at {endpoint}")
    finally:
        sock.close(0)
