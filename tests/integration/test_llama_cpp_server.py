"""edged against an independent OpenAI-compatible server: llama-cpp-python's, serving a GGUF as
"the cloud". Needs `make test-integration` (it builds .venv-integration with
llama-cpp-python[server]); `make test` runs it too."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

import edged
from tests.support.daemon import REPO, DaemonThread, make_config

pytestmark = pytest.mark.integration

SERVER_PYTHON = Path(
    os.environ.get("EDGED_LLAMA_SERVER_PYTHON", REPO / ".venv-integration" / "bin" / "python")
)
HARD = "Write a Python function that merges two sorted lists, then explain its complexity step by step."


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class LlamaServer:
    def __init__(self, gguf: Path, log: Path) -> None:
        self.gguf = gguf
        self.port = free_port()
        self.log = log
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def start(self) -> None:
        cmd = [
            str(SERVER_PYTHON), "-m", "llama_cpp.server", "--model", str(self.gguf), "--model_alias", "smollm2",
            "--host", "127.0.0.1", "--port", str(self.port), "--n_ctx", "2048", "--n_threads", "1",
            # By default it cuts a running stream when another request (a probe) arrives.
            "--interrupt_requests", "False",
        ]  # fmt: skip
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, self.log.read_text(errors="replace")[-2000:]
            try:
                if httpx.get(f"{self.base_url}/models", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.3)
        raise TimeoutError("llama-cpp-python's server did not come up")

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(10)


@pytest.fixture(scope="module")
def gguf() -> Path:
    from edged.model.build import fetch_weights
    from edged.model.catalogue import SMALL_MODEL

    return fetch_weights(SMALL_MODEL)


@pytest.fixture
def server(gguf: Path, tmp_path: Path) -> Iterator[LlamaServer]:
    if not SERVER_PYTHON.exists():
        pytest.fail(f"{SERVER_PYTHON} is missing: run `make test-integration`, which builds it")
    srv = LlamaServer(gguf, tmp_path / "llama-server.log")
    srv.start()
    yield srv
    srv.kill()


@pytest.fixture
def local_model(tiny_model: Path) -> Path:
    default = REPO / "models" / "smollm2-135m-instruct-int4"
    return default if (default / "manifest.json").is_file() else tiny_model


def daemon_for(tmp_path: Path, model: Path, server: LlamaServer, **cloud: object) -> DaemonThread:
    section = {
        "base_url": server.base_url,
        "model": "smollm2",
        "first_token_timeout_s": 60.0,
        "total_timeout_s": 120.0,
        "probe_interval_s": 0.5,
        "probe_max_interval_s": 1.0,
        "price_input_per_1k": 0.0005,
        "price_output_per_1k": 0.0015,
        **cloud,
    }
    return DaemonThread(make_config(tmp_path, model, cloud=section, model={"context_length": 2048}))


def test_streams_from_an_independent_server(tmp_path: Path, local_model: Path, server: LlamaServer) -> None:
    with daemon_for(tmp_path, local_model, server) as d, edged.Client(d.endpoint, timeout=120) as client:
        stream = client.generate(HARD, max_tokens=48)
        chunks = list(stream)
        reply = stream.reply
        assert reply is not None and reply.backend == "cloud" and reply.fallback is None, reply and reply.raw
        assert len(chunks) > 3 and "".join(c.text for c in chunks) == reply.text and reply.text.strip()
        assert reply.usage["completion_tokens"] > 0 and reply.usage["cost_usd"] > 0
        assert client.status()["budget"]["daily_spent_usd"] > 0


def test_non_streaming_and_sessions_across_backends(
    tmp_path: Path, local_model: Path, server: LlamaServer
) -> None:
    with (
        daemon_for(tmp_path, local_model, server, stream=False) as d,
        edged.Client(d.endpoint, timeout=120) as client,
    ):
        a = client.complete("What is the capital of France?", route="cloud", session_id="s", max_tokens=24)
        b = client.complete("And of Italy?", route="local", session_id="s", max_tokens=24)
        c = client.complete("And of Spain?", route="cloud", session_id="s", max_tokens=24)
        assert (a.backend, b.backend, c.backend) == ("cloud", "local", "cloud")
        turns = client.session("s")["turns"]
        assert [t["backend"] for t in turns if t["role"] == "assistant"] == ["cloud", "local", "cloud"]


def test_server_killed_mid_stream_then_offline(
    tmp_path: Path, local_model: Path, server: LlamaServer
) -> None:
    with daemon_for(tmp_path, local_model, server) as d, edged.Client(d.endpoint, timeout=120) as client:
        stream = client.generate(
            "Write a long story about a lighthouse keeper.", route="cloud", max_tokens=400
        )
        chunks = []
        for chunk in stream:
            chunks.append(chunk)
            if len(chunks) == 3:
                server.kill()
        reply = stream.reply
        assert reply is not None and reply.backend == "local" and reply.fallback == "cloud→local"
        assert any(c.event == "fallback" for c in chunks)
        deadline = time.monotonic() + 30
        while client.status()["network"]["state"] != "down":
            assert time.monotonic() < deadline
            time.sleep(0.1)
        offline = client.complete(HARD, max_tokens=8)
        assert offline.backend == "local" and offline.offline
    assert sys.platform.startswith("linux")
