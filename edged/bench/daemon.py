"""A real edged daemon in a subprocess for the benchmarks, and a loopback stand-in for the cloud.

The daemon runs as `python -m edged serve --config FILE`, exactly as systemd starts it, on an
ipc:// endpoint in a temporary folder, so what is measured is the daemon's own process.
The cloud stand-in answers the network monitor's reachability probe on 127.0.0.1, so the
router sees a usable network and every decision runs the whole policy. `cloud_probe_target`
answers nothing else (those benchmarks only route, or force local generation);
`answering_cloud` also answers `POST /v1/chat/completions`, streamed or not, with the text a
function gives for the request, and keeps the user prompts it received.
"""

from __future__ import annotations

import contextlib
import http.server
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from edged.bench.common import REPO, rss_kib

__all__ = ["AnsweringCloud", "RunningDaemon", "answering_cloud", "cloud_probe_target", "run_daemon"]

# The text of a chat completion for a request body (its messages, max_tokens, ...).
Answer = Callable[[dict[str, Any]], str]


@dataclass
class AnsweringCloud:
    """The stand-in's base URL and the latest user turn of each chat request, in arrival order."""

    base_url: str
    prompts: list[str] = field(default_factory=list)


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    answer: Answer | None = None
    record: AnsweringCloud | None = None
    lock: threading.Lock


class _ProbeHandler(http.server.BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        self._send(
            200, b'{"object":"list","data":[{"id":"bench-model","object":"model"}]}', "application/json"
        )

    def do_POST(self) -> None:
        answer = self.server.answer
        length = int(self.headers.get("Content-Length") or 0)
        try:
            body = json.loads(self.rfile.read(length) or b"null")
        except ValueError:
            body = None
        if answer is None or self.path.rstrip("/") != "/v1/chat/completions" or not isinstance(body, dict):
            self._send(404, b'{"error":{"message":"not here","type":"not_found"}}', "application/json")
            return
        messages = [m for m in body.get("messages") or [] if isinstance(m, dict)]
        prompt = next((str(m.get("content")) for m in reversed(messages) if m.get("role") == "user"), "")
        assert self.server.record is not None
        with self.server.lock:
            self.server.record.prompts.append(prompt)
        text = answer(body)
        # Usage in words: the endpoint has no prices, so it only has to be there.
        usage = {
            "prompt_tokens": sum(len(str(m.get("content", "")).split()) for m in messages),
            "completion_tokens": len(text.split()),
        }
        usage["total_tokens"] = usage["prompt_tokens"] + usage["completion_tokens"]
        head = {"id": "chatcmpl-bench", "created": int(time.time()), "model": str(body.get("model") or "")}
        if not body.get("stream"):
            reply = {
                **head,
                "object": "chat.completion",
                "choices": [
                    {"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}
                ],
                "usage": usage,
            }
            self._send(200, json.dumps(reply).encode(), "application/json")
            return
        chunk = {**head, "object": "chat.completion.chunk"}
        events = [
            {
                **chunk,
                "choices": [
                    {"index": 0, "delta": {"role": "assistant", "content": text}, "finish_reason": None}
                ],
            },
            {**chunk, "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]},
            {**chunk, "choices": [], "usage": usage},
        ]
        data = "".join(f"data: {json.dumps(e)}\n\n" for e in events) + "data: [DONE]\n\n"
        self._send(200, data.encode(), "text/event-stream")

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def _serve(answer: Answer | None) -> Iterator[AnsweringCloud]:
    server = _Server(("127.0.0.1", 0), _ProbeHandler)
    record = AnsweringCloud(f"http://127.0.0.1:{server.server_address[1]}/v1")
    server.answer, server.record, server.lock = answer, record, threading.Lock()
    thread = threading.Thread(target=server.serve_forever, name="bench-cloud", daemon=True)
    thread.start()
    try:
        yield record
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@contextlib.contextmanager
def cloud_probe_target() -> Iterator[str]:
    """An HTTP server on 127.0.0.1 answering `GET /v1/models`; yields its base URL."""
    with _serve(None) as cloud:
        yield cloud.base_url


@contextlib.contextmanager
def answering_cloud(answer: Answer) -> Iterator[AnsweringCloud]:
    """An OpenAI-compatible server on 127.0.0.1 whose every chat completion is `answer(body)`."""
    with _serve(answer) as cloud:
        yield cloud


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
