"""The daemon as a real process: systemd notify, SIGTERM drain, SIGHUP reload, single instance."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from edged.config import Config, render_toml
from edged.protocol import decode_response, encode_request
from tests.support.daemon import REPO, daemon_process, raw_dealer, wait_for_ping
from tests.support.fake_openai import FakeOpenAI
from tests.support.notify import NotifyListener

STORY = [{"role": "user", "content": "Write a long story about a lighthouse keeper and the sea."}]


def write_config(tmp: Path, model: Path, **sections: dict[str, object]) -> tuple[Path, str]:
    endpoint = f"ipc://{tmp}/run/edged.sock"
    data: dict[str, dict[str, object]] = {
        "server": {"endpoint": endpoint, "shutdown_timeout_s": 10.0},
        "model": {"path": str(model), "context_length": 1024},
        "state": {"dir": str(tmp / "state")},
        "telemetry": {"period_s": 0.5},
    }
    for name, values in sections.items():
        data.setdefault(name, {}).update(values)
    file = tmp / "edged.toml"
    file.write_text(render_toml(data, comments=False))
    Config.load(file, env={})  # the file must be valid
    return file, endpoint


@pytest.fixture
def notify(tmp_path: Path) -> Iterator[NotifyListener]:
    listener = NotifyListener(tmp_path / "notify.sock")
    yield listener
    listener.close()


def test_systemd_notify_protocol_and_reload(tmp_path: Path, tiny_model: Path, notify: NotifyListener) -> None:
    config, endpoint = write_config(tmp_path, tiny_model)
    env = {"NOTIFY_SOCKET": str(notify.path), "WATCHDOG_USEC": "400000"}
    with daemon_process(config, env, wait_ready=False) as proc:
        notify.wait_for("STATUS=loading")
        ready = notify.wait_for("READY=1")
        assert "STATUS=serving" in ready
        notify.wait_for("WATCHDOG=1", timeout=5)
        notify.wait_for("WATCHDOG=1", timeout=5)
        # SIGHUP: reload the config file; the new threshold shows in a dry-run route.
        config.write_text(config.read_text().replace("threshold = 0.5", "threshold = 0.07"))
        proc.send_signal(signal.SIGHUP)
        reloading = notify.wait_for("RELOADING=1")
        assert "MONOTONIC_USEC=" in reloading
        notify.wait_for("READY=1")
        sock = raw_dealer(endpoint)
        sock.send_multipart(encode_request("route", "r", {"messages": [{"role": "user", "content": "hi"}]}))
        assert sock.poll(10000)
        assert decode_response(sock.recv_multipart()).body["decision"]["base_threshold"] == pytest.approx(
            0.07
        )
        sock.close(0)
        proc.send_signal(signal.SIGTERM)
        notify.wait_for("STOPPING=1")
        assert proc.wait(30) == 0


def test_a_broken_config_on_reload_keeps_the_running_one(
    tmp_path: Path, tiny_model: Path, notify: NotifyListener
) -> None:
    config, endpoint = write_config(tmp_path, tiny_model)
    with daemon_process(config, {"NOTIFY_SOCKET": str(notify.path)}, wait_ready=False) as proc:
        notify.wait_for("READY=1")
        config.write_text("[router]\nthreshold = 'very high'\n")
        proc.send_signal(signal.SIGHUP)
        assert "reload failed" in notify.wait_for("READY=1")
        assert wait_for_ping(endpoint, proc)["pong"] is True
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(30) == 0


def test_second_instance_refuses_the_endpoint(tmp_path: Path, tiny_model: Path) -> None:
    config, endpoint = write_config(tmp_path, tiny_model)
    with daemon_process(config, endpoint=endpoint) as first:
        second = subprocess.run(
            [sys.executable, "-m", "edged", "serve", "--config", str(config)],
            capture_output=True, text=True, timeout=60, cwd=REPO,
        )  # fmt: skip
        assert second.returncode == 3
        assert "another edged already serves" in second.stderr
        assert wait_for_ping(endpoint, first)["pong"] is True  # the first still owns it
        first.send_signal(signal.SIGTERM)
        assert first.wait(30) == 0


def test_stale_socket_file_is_replaced(tmp_path: Path, tiny_model: Path) -> None:
    config, endpoint = write_config(tmp_path, tiny_model)
    path = Path(endpoint[len("ipc://") :])
    path.parent.mkdir(parents=True)
    path.write_text("left by a crashed daemon")
    with daemon_process(config, endpoint=endpoint) as proc:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(30) == 0
    assert not path.exists()


def _generate(sock: object, rid: str, max_tokens: int) -> None:
    sock.send_multipart(encode_request("generate", rid, {"messages": STORY, "max_tokens": max_tokens}))  # type: ignore[attr-defined]


def _finals(sock: object, rids: set[str], timeout: float = 180.0) -> dict[str, tuple[str, dict[str, object]]]:
    """The final response of each request in `rids` (chunks skipped)."""
    deadline = time.monotonic() + timeout
    out: dict[str, tuple[str, dict[str, object]]] = {}
    while rids - set(out):
        assert time.monotonic() < deadline, f"no final response for {rids - set(out)}"
        if not sock.poll(500):  # type: ignore[attr-defined]
            continue
        response = decode_response(sock.recv_multipart())  # type: ignore[attr-defined]
        if response.kind != "chunk" and response.request_id in rids:
            out[response.request_id] = (response.kind, response.body)
    return out


def _final(sock: object, rid: str, timeout: float = 180.0) -> tuple[str, dict[str, object], int]:
    deadline = time.monotonic() + timeout
    chunks = 0
    while time.monotonic() < deadline:
        if not sock.poll(500):  # type: ignore[attr-defined]
            continue
        response = decode_response(sock.recv_multipart())  # type: ignore[attr-defined]
        if response.request_id != rid:
            continue
        if response.kind == "chunk":
            chunks += 1
            continue
        return response.kind, response.body, chunks
    raise AssertionError(f"no final response for {rid}")


@pytest.mark.model
def test_sigterm_drains_in_flight_work_and_refuses_new(tmp_path: Path, default_model: Path) -> None:
    # A generous drain deadline: the machine may be busy, and the point is that it is honoured.
    config, endpoint = write_config(tmp_path, default_model, server={"shutdown_timeout_s": 120.0})
    with daemon_process(config, endpoint=endpoint) as proc:
        sock = raw_dealer(endpoint)
        # Long enough to be still running when "late" comes in, on a fast machine too.
        _generate(sock, "long", 400)
        assert sock.poll(30000)  # the first chunk: it is running
        proc.send_signal(signal.SIGTERM)
        time.sleep(0.3)
        _generate(sock, "late", 5)
        finals = _finals(sock, {"late", "long"})
        assert finals["late"][0] == "error" and finals["late"][1]["code"] == "shutting_down"
        assert finals["long"][0] == "reply", finals["long"]
        assert proc.wait(30) == 0
        sock.close(0)


def test_a_request_right_after_sigterm_is_refused_at_once(tmp_path: Path, tiny_model: Path) -> None:
    config, endpoint = write_config(tmp_path, tiny_model)
    with daemon_process(config, endpoint=endpoint) as proc:
        sock = raw_dealer(endpoint)
        _generate(sock, "long", 500)
        assert sock.poll(30000)  # the first chunk: it is running, so the daemon drains
        proc.send_signal(signal.SIGTERM)
        time.sleep(0.02)  # the signal is in; the daemon's next 0.1 s tick is not (yet)
        sent = time.monotonic()
        _generate(sock, "late", 500)
        sock.send_multipart(encode_request("ping", "state", {}))
        finals = _finals(sock, {"late", "state"}, timeout=30)
        assert time.monotonic() - sent < 2.0
        assert finals["late"][0] == "error" and finals["late"][1]["code"] == "shutting_down", finals["late"]
        assert finals["state"][1]["state"] == "draining"
        assert proc.wait(30) == 0
        sock.close(0)


@pytest.mark.model
def test_sigterm_deadline_ends_the_rest_with_errors(tmp_path: Path, default_model: Path) -> None:
    config, endpoint = write_config(tmp_path, default_model, server={"shutdown_timeout_s": 0.5})
    with daemon_process(config, endpoint=endpoint) as proc:
        sock = raw_dealer(endpoint)
        _generate(sock, "long", 1000)
        assert sock.poll(30000)
        proc.send_signal(signal.SIGTERM)
        kind, body, _ = _final(sock, "long")
        assert (kind, body["code"]) == ("error", "shutting_down")
        assert proc.wait(30) == 0
        sock.close(0)


@pytest.mark.model
def test_sighup_does_not_drop_in_flight_requests(tmp_path: Path, default_model: Path) -> None:
    config, endpoint = write_config(tmp_path, default_model)
    with daemon_process(config, endpoint=endpoint) as proc:
        sock = raw_dealer(endpoint)
        _generate(sock, "during-reload", 60)
        assert sock.poll(30000)
        proc.send_signal(signal.SIGHUP)
        kind, body, chunks = _final(sock, "during-reload")
        assert kind == "reply" and chunks > 10, body
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(30) == 0
        sock.close(0)


def test_journald_priority_prefixes_under_systemd(tmp_path: Path, tiny_model: Path) -> None:
    config, endpoint = write_config(tmp_path, tiny_model)
    with daemon_process(config, {"INVOCATION_ID": "0" * 32}, endpoint=endpoint) as proc:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(30) == 0
        out = proc.output()
    lines = [line for line in out.splitlines() if line]
    assert lines and all(line.startswith("<") and line[2] == ">" for line in lines), lines[:5]
    assert any(line.startswith("<6>edged.daemon: ready") for line in lines)


def test_a_local_request_past_its_time_limit_ends_in_timeout(tmp_path: Path, tiny_model: Path) -> None:
    # A cloud that would answer: the local timeout must not turn into a fallback that has no
    # time left and then reports the cloud's failure.
    with FakeOpenAI() as cloud:
        config, endpoint = write_config(
            tmp_path, tiny_model, cloud={"base_url": cloud.base_url, "model": "fake-model"}
        )
        with daemon_process(config, endpoint=endpoint) as proc:
            sock = raw_dealer(endpoint)
            # A short prompt routes local; the tiny model writes its 400 tokens (blank lines) at
            # thousands a second, so 10 ms is a limit it overruns.
            body = {"messages": [{"role": "user", "content": "Hi"}], "max_tokens": 400, "timeout_s": 0.01}
            sock.send_multipart(encode_request("generate", "slow", body))
            kind, reply, _ = _final(sock, "slow", timeout=30)
            assert (kind, reply.get("code")) == ("error", "timeout"), (
                reply.get("route"),
                reply.get("fallback"),
                reply.get("fallback_reason"),
                reply.get("timings"),
            )
            assert not cloud.chat_requests
            proc.send_signal(signal.SIGTERM)
            assert proc.wait(30) == 0
            sock.close(0)
