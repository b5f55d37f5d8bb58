"""The `edged` command line against a real daemon."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from edged.config import Config
from tests.support.daemon import REPO, DaemonThread, make_config


def edged_cli(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("EDGED_")}
    return subprocess.run(
        [sys.executable, "-m", "edged", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=REPO,
        env=env,
    )


@pytest.fixture(scope="module")
def daemon(tiny_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[DaemonThread]:
    with DaemonThread(make_config(tmp_path_factory.mktemp("cli"), tiny_model)) as d:
        yield d


def test_ask_streams_and_json(daemon: DaemonThread) -> None:
    streamed = edged_cli("ask", "--endpoint", daemon.endpoint, "--max-tokens", "6", "Hello", "there")
    assert streamed.returncode == 0, streamed.stderr
    as_json = edged_cli("ask", "--endpoint", daemon.endpoint, "--max-tokens", "6", "--json", "Hello there")
    reply = json.loads(as_json.stdout)
    assert reply["backend"] == "local" and "route" in reply and "usage" in reply
    assert streamed.stdout.rstrip("\n") == reply["text"].rstrip("\n") or reply["text"] in streamed.stdout


def test_status_text_and_json(daemon: DaemonThread) -> None:
    text = edged_cli("status", "--endpoint", daemon.endpoint)
    assert text.returncode == 0
    for label in ("state", "model", "queue", "hardware", "network", "budget", "routes", "privacy"):
        assert label in text.stdout
    status = json.loads(edged_cli("status", "--endpoint", daemon.endpoint, "--json").stdout)
    assert status["state"] == "serving" and status["model"]["providers"]


def test_route_dry_run(daemon: DaemonThread) -> None:
    out = edged_cli("route", "--endpoint", daemon.endpoint, "Classify the sentiment: great phone")
    assert out.returncode == 0 and out.stdout.startswith("local:")
    decision = json.loads(
        edged_cli("route", "--endpoint", daemon.endpoint, "--json", "my card is 4111 1111 1111 1111").stdout
    )
    assert decision["pinned"] and "payment_card" in " ".join(decision["privacy"])


def test_sessions(daemon: DaemonThread) -> None:
    assert (
        edged_cli(
            "ask", "--endpoint", daemon.endpoint, "--session", "cli-s", "--max-tokens", "3", "Hi"
        ).returncode
        == 0
    )
    listing = json.loads(edged_cli("session", "list", "--endpoint", daemon.endpoint, "--json").stdout)
    assert any(row["session_id"] == "cli-s" for row in listing)
    shown = edged_cli("session", "show", "cli-s", "--endpoint", daemon.endpoint)
    assert shown.stdout.startswith("user: Hi")
    assert edged_cli("session", "delete", "cli-s", "--endpoint", daemon.endpoint).returncode == 0
    missing = edged_cli("session", "show", "cli-s", "--endpoint", daemon.endpoint)
    assert missing.returncode == 1 and "unknown_session" in missing.stderr


def test_no_daemon_is_exit_4(tmp_path: Path) -> None:
    out = edged_cli("ping", "--endpoint", f"ipc://{tmp_path}/nothing.sock")
    assert out.returncode == 4 and "no edged daemon" in out.stderr


def test_ask_a_crashed_daemon_fails_fast(tmp_path: Path) -> None:
    # A socket file left by a daemon that is gone: `ask` (timeout 300 s) must not wait it out.
    path = tmp_path / "crashed.sock"
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as gone:
        gone.bind(str(path))
    out = edged_cli("ask", "--endpoint", f"ipc://{path}", "Hi", timeout=30)
    assert out.returncode == 4, out.stderr
    assert f"no edged daemon at ipc://{path}" in out.stderr


def test_config_check_reports_every_problem_with_its_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(
        '[server]\nqueue_size = "eight"\n\n[router]\ntreshold = 0.4\nthreshold = 7\n\n[nope]\nx = 1\n'
    )
    out = edged_cli("config", "check", str(bad))
    assert out.returncode == 2
    lines = out.stderr.splitlines()
    assert any(f"{bad}:2: [server] queue_size" in line for line in lines)
    assert any(f"{bad}:5: [router] treshold" in line and "did you mean 'threshold'" in line for line in lines)
    assert any(f"{bad}:6: [router] threshold" in line for line in lines)
    assert any(f"{bad}:8: [nope]" in line for line in lines)
    good = tmp_path / "good.toml"
    good.write_text("[router]\nthreshold = 0.4\n")
    assert edged_cli("config", "check", str(good)).returncode == 0
    broken = tmp_path / "broken.toml"
    broken.write_text("[router\n")
    out = edged_cli("config", "check", str(broken))
    assert out.returncode == 2 and "not valid TOML" in out.stderr


def test_config_show_and_example(tmp_path: Path) -> None:
    file = tmp_path / "c.toml"
    file.write_text("[router]\nthreshold = 0.33\n")
    shown = edged_cli("config", "show", "--config", str(file))
    assert "threshold = 0.33" in shown.stdout
    example = tmp_path / "example.toml"
    example.write_text(edged_cli("config", "example").stdout)
    assert Config.load(example, env={}).router.threshold == Config().router.threshold


def test_environment_overrides(tmp_path: Path) -> None:
    env = dict(os.environ, EDGED_ROUTER_THRESHOLD="0.25", EDGED_MODEL_PROVIDERS="cuda,cpu")
    shown = subprocess.run(
        [sys.executable, "-m", "edged", "config", "show"], capture_output=True, text=True, env=env, cwd=REPO
    )
    assert "threshold = 0.25" in shown.stdout and 'providers = ["cuda", "cpu"]' in shown.stdout
    env["EDGED_ROUTER_THRESHOLD"] = "high"
    bad = subprocess.run(
        [sys.executable, "-m", "edged", "config", "check"], capture_output=True, text=True, env=env
    )
    assert bad.returncode == 2 and "$EDGED_ROUTER_THRESHOLD" in bad.stderr


def test_serve_with_a_missing_model_is_a_startup_failure(tmp_path: Path) -> None:
    file = tmp_path / "c.toml"
    file.write_text(
        f'[server]\nendpoint = "ipc://{tmp_path}/s.sock"\n[model]\npath = "{tmp_path}/none"\n[state]\ndir = "{tmp_path}/st"\n'
    )
    out = edged_cli("serve", "--config", str(file), timeout=60)
    assert out.returncode == 3 and "no such model folder" in out.stderr
