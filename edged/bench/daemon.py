"""A real edged daemon in a subprocess for the benchmarks, and a loopback stand-in for the cloud.

The daemon runs as `python -m edged serve --config FILE`, exactly as systemd starts it, on an
ipc:// endpoint in a temporary folder, so what is measured is the daemon's own process.
The cloud stand-in answers the network monitor's reachability probe on 127.0.0.1, so the
router sees a usable network and every decision runs the whole policy; nothing is ever sent
to it for generation (the benchmarks only route, or force local generation).
"""

from __future__ import annotations

import contextlib
import http.server
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from edged.bench.common import REPO, rss_kib

__all__ = ["RunningDaemon", "cloud_probe_target", "run_daemon"]


class _ProbeHandler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = b'{"object":"list","data":[{"id":"bench-model","object":"model"}]}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def cloud_probe_target() -> Iterator[str]:
    """An HTTP server on 127.0.0.1 answering `GET /v1/models`; yields its base URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _ProbeHandler)
    thread = threading.Thread(target=server.serve_forever, name="bench-cloud-probe", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@dataclass
class RunningDaemon:
    proc: subprocess.Popen[bytes]
    endpoint: str
    log_path: Path

    @property
    def pid(self) -> int:
        return self.proc.pid

    def rss_kib(self) -> int | None:
        return rss_kib(self.proc.pid)

    def log_tail(self, lines: int = 15) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_config(folder: Path, sections: dict[str, dict[str, Any]]) -> Path:
    lines: list[str] = []
    for name, values in sections.items():
        lines.append(f"[{name}]")
        lines.extend(f"{key} = {_toml_value(value)}" for key, value in values.items())
        lines.append("")
    path = folder / "edged.toml"
    path.write_text("\n".join(lines))
    return path


def _wait_serving(daemon: RunningDaemon, timeout: float) -> None:
    import zmq

    from edged.protocol import decode_response, encode_request

    sock: Any = zmq.Context.instance().socket(zmq.DEALER)
    sock.setsockopt(zmq.LINGER, 0)
    sock.connect(daemon.endpoint)
    deadline = time.monotonic() + timeout
    try:
        n = 0
        while time.monotonic() < deadline:
            if daemon.proc.poll() is not None:
                raise RuntimeError(f"the daemon exited with {daemon.proc.returncode}: {daemon.log_tail()}")
            n += 1
            sock.send_multipart(encode_request("ping", f"ready{n}", {}))
            if sock.poll(250):
                body = decode_response(sock.recv_multipart()).body
                if body.get("state") == "serving":
                    return
                time.sleep(0.1)
        raise TimeoutError(f"the daemon did not serve on {daemon.endpoint} within {timeout:.0f} s")
    finally:
        sock.close(0)


@contextlib.contextmanager
def run_daemon(
    folder: Path, model: Path, *, sections: dict[str, dict[str, Any]] | None = None, timeout: float = 120.0
) -> Iterator[RunningDaemon]:
    """Start `edged serve` on `ipc://<folder>/edged.sock` with `model`; stop it with SIGTERM."""
    folder.mkdir(parents=True, exist_ok=True)
    endpoint = f"ipc://{folder}/edged.sock"
    config: dict[str, dict[str, Any]] = {
        "server": {"endpoint": endpoint},
        "model": {"path": str(model)},
        "state": {"dir": str(folder / "state")},
        "logging": {"level": "warning"},
    }
    for name, values in (sections or {}).items():
        config.setdefault(name, {}).update(values)
    path = write_config(folder, config)
    env = {k: v for k, v in os.environ.items() if not k.startswith("EDGED_") and k != "NOTIFY_SOCKET"}
    env["PYTHONUNBUFFERED"] = "1"
    log_path = folder / "daemon.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "edged", "serve", "--config", str(path)],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=REPO,
        )
    daemon = RunningDaemon(proc, endpoint, log_path)
    try:
        _wait_serving(daemon, timeout)
        yield daemon
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(10)
