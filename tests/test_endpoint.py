"""One rule finds the daemon for every command: --endpoint, then $EDGED_ENDPOINT, then the
configuration, then the built-in default (edged/endpoint.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import zmq

import edged
import edged._defaults
import edged.config
from edged.cli import main
from edged.config import Config, ServerConfig
from edged.endpoint import DaemonEndpoint, resolve_endpoint
from tests.support.daemon import REPO, DaemonThread, daemon_process, make_config
from tests.test_tcp_curve import free_port, keys


def config_file(folder: Path, endpoint: str, extra: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "edged.toml"
    path.write_text(f'[server]\nendpoint = "{endpoint}"\n{extra}')
    return path


def no_config() -> Config:
    raise AssertionError("the configuration was read")


@pytest.fixture(autouse=True)
def no_machine_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # This machine's own /etc/edged/edged.toml must not answer for the configuration step.
    monkeypatch.setattr(edged.config, "DEFAULT_CONFIG_FILE", tmp_path / "absent" / "edged.toml")


# -- the rule ---------------------------------------------------------------------------------------


def test_each_step_wins_over_the_next(tmp_path: Path) -> None:
    file = config_file(tmp_path, "ipc:///config.sock")
    env = {"EDGED_ENDPOINT": "ipc:///env.sock"}

    def load() -> Config:
        return Config.load(file, env={})

    assert resolve_endpoint("ipc:///flag.sock", no_config, env=env) == DaemonEndpoint(
        "ipc:///flag.sock", "--endpoint"
    )
    assert resolve_endpoint(None, no_config, env=env) == DaemonEndpoint("ipc:///env.sock", "$EDGED_ENDPOINT")
    assert resolve_endpoint(None, load, env={}) == DaemonEndpoint("ipc:///config.sock", "configuration")
    assert resolve_endpoint(None, Config(), env={}, default=lambda: "ipc:///d.sock") == DaemonEndpoint(
        "ipc:///d.sock", "default"
    )
    # $EDGED_SERVER_ENDPOINT is part of the configuration: over the file, under $EDGED_ENDPOINT.
    over = Config.load(file, env={"EDGED_SERVER_ENDPOINT": "ipc:///server-env.sock"})
    assert resolve_endpoint(None, over, env={}).url == "ipc:///server-env.sock"
    assert resolve_endpoint(None, over, env=env).url == "ipc:///env.sock"


def test_the_built_in_default_prefers_the_system_daemons_socket(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    system = tmp_path / "run" / "edged.sock"
    monkeypatch.setattr(edged._defaults, "SYSTEM_ENDPOINT", f"ipc://{system}")
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    monkeypatch.delenv("RUNTIME_DIRECTORY", raising=False)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path / "xdg"))
    user = f"ipc://{tmp_path}/xdg/edged/edged.sock"
    assert resolve_endpoint(None, Config(), env={}) == DaemonEndpoint(user, "default")
    assert Config().endpoint == user  # where `edged serve` binds, run by this user
    system.parent.mkdir()
    system.touch()
    assert resolve_endpoint(None, Config(), env={}) == DaemonEndpoint(f"ipc://{system}", "default")
    assert Config().endpoint == user


def test_curve_keys_come_from_the_configuration_whichever_step_names_a_tcp_endpoint() -> None:
    config = Config().replace(
        server=ServerConfig(
            endpoint="tcp://10.0.0.2:5555", curve_server_key_file="server.key", curve_client_key_file="me.key"
        )
    )
    keyed = {"curve_server_key": "server.key", "curve_secret_key_file": "me.key"}
    for flag, env in ((None, {}), ("tcp://10.0.0.3:5555", {}), (None, {"EDGED_ENDPOINT": "tcp://h:1"})):
        assert resolve_endpoint(flag, lambda: config, env=env).client_options() == keyed
    # An ipc:// endpoint named on the command line needs no configuration at all.
    plain = resolve_endpoint("ipc:///x.sock", no_config, env={})
    assert plain.client_options() == {"curve_server_key": None, "curve_secret_key_file": None}


def test_the_client_reads_no_configuration(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EDGED_CONFIG", str(config_file(tmp_path, "ipc:///config.sock")))
    monkeypatch.setenv("EDGED_SERVER_ENDPOINT", "ipc:///server-env.sock")
    with edged.Client() as client:
        assert client.endpoint == edged._defaults.client_fallback_endpoint()
    monkeypatch.setenv("EDGED_ENDPOINT", "ipc:///env.sock")
    with edged.Client() as client:
        assert client.endpoint == "ipc:///env.sock"


# -- every command, against a real daemon -----------------------------------------------------------


@pytest.fixture(scope="module")
def daemon(tiny_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[DaemonThread]:
    with DaemonThread(make_config(tmp_path_factory.mktemp("endpoint"), tiny_model)) as d:
        yield d


def ping(capsys: pytest.CaptureFixture[str], *args: str) -> int:
    capsys.readouterr()
    code = main(["ping", *args])
    out = capsys.readouterr()
    assert (code == 0) == out.out.startswith("pong from edged"), out
    return code


def test_ping_follows_the_rule(
    daemon: DaemonThread, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    up = daemon.endpoint
    down = f"ipc://{tmp_path}/nobody.sock"
    up_file = str(config_file(tmp_path / "up", up))
    down_file = str(config_file(tmp_path / "down", down))

    # 1. --endpoint over $EDGED_ENDPOINT
    monkeypatch.setenv("EDGED_ENDPOINT", down)
    assert ping(capsys, "--endpoint", up, "--config", down_file) == 0
    monkeypatch.setenv("EDGED_ENDPOINT", up)
    assert ping(capsys, "--endpoint", down, "--config", up_file) == 4
    # 2. $EDGED_ENDPOINT over the configuration
    assert ping(capsys, "--config", down_file) == 0
    monkeypatch.setenv("EDGED_ENDPOINT", down)
    assert ping(capsys, "--config", up_file) == 4
    monkeypatch.delenv("EDGED_ENDPOINT")
    # 3. the configuration: --config, $EDGED_CONFIG, /etc/edged/edged.toml; $EDGED_SERVER_ENDPOINT over each
    assert ping(capsys, "--config", up_file) == 0
    monkeypatch.setenv("EDGED_CONFIG", up_file)
    assert ping(capsys) == 0
    monkeypatch.delenv("EDGED_CONFIG")
    monkeypatch.setattr(edged.config, "DEFAULT_CONFIG_FILE", Path(up_file))
    assert ping(capsys) == 0
    monkeypatch.setenv("EDGED_SERVER_ENDPOINT", down)
    assert ping(capsys) == 4
    monkeypatch.setattr(edged.config, "DEFAULT_CONFIG_FILE", Path(down_file))
    monkeypatch.setenv("EDGED_SERVER_ENDPOINT", up)
    assert ping(capsys) == 0
    monkeypatch.delenv("EDGED_SERVER_ENDPOINT")
    # 4. the built-in default, when no step above names an endpoint: the system daemon's socket
    monkeypatch.setattr(edged.config, "DEFAULT_CONFIG_FILE", tmp_path / "absent.toml")
    monkeypatch.setattr(edged._defaults, "SYSTEM_ENDPOINT", up)
    assert ping(capsys) == 0
    monkeypatch.setattr(edged._defaults, "SYSTEM_ENDPOINT", down)
    monkeypatch.setenv("RUNTIME_DIRECTORY", str(tmp_path))  # the user default: nobody there either
    assert ping(capsys) == 4


def test_every_daemon_command_follows_the_rule(
    daemon: DaemonThread, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Found through /etc/edged/edged.toml with no --config: `_client` used to read it only with one.
    monkeypatch.setattr(edged.config, "DEFAULT_CONFIG_FILE", config_file(tmp_path, daemon.endpoint))
    for argv in (["status", "--json"], ["route", "--json", "hello"], ["session", "list", "--json"]):
        assert main(argv) == 0, argv
        assert json.loads(capsys.readouterr().out) is not None
    assert main(["ask", "--max-tokens", "2", "Hi"]) == 0


def test_doctor_follows_the_rule(
    daemon: DaemonThread, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    down = f"ipc://{tmp_path}/nobody.sock"
    down_file = str(config_file(tmp_path / "down", down))

    def daemon_check(*args: str) -> dict[str, str]:
        capsys.readouterr()
        main(["doctor", "--json", *args])
        checks = {c["name"]: c for c in json.loads(capsys.readouterr().out)["checks"]}
        assert checks["config"]["status"] == "ok", checks["config"]
        return dict(checks["daemon"])

    monkeypatch.setenv("EDGED_ENDPOINT", daemon.endpoint)  # over the configuration
    found = daemon_check("--config", down_file)
    assert found["status"] == "ok" and found["detail"].split(" (pid")[0].endswith(f"on {daemon.endpoint}")
    missing = daemon_check("--config", down_file, "--endpoint", down)  # --endpoint over $EDGED_ENDPOINT
    assert missing["status"] == "warning" and down in missing["detail"]
    monkeypatch.delenv("EDGED_ENDPOINT")
    monkeypatch.setattr(edged.config, "DEFAULT_CONFIG_FILE", config_file(tmp_path / "up", daemon.endpoint))
    assert daemon_check()["status"] == "ok"


@pytest.mark.skipif(not zmq.has("curve"), reason="libzmq without CURVE")
def test_tcp_endpoint_and_curve_keys_from_the_configuration(
    tmp_path: Path, tiny_model: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    k = keys(tmp_path)
    endpoint = f"tcp://127.0.0.1:{free_port()}"
    server = {
        "endpoint": endpoint,
        "curve_secret_key_file": str(k["server_secret"]),
        "curve_authorized_keys_dir": str(k["authorized"]),
    }
    file = config_file(
        tmp_path / "client",
        endpoint,
        "".join(f'{key} = "{value}"\n' for key, value in server.items() if key != "endpoint")
        + f'curve_server_key_file = "{k["server"]}"\ncurve_client_key_file = "{k["client_secret"]}"\n',
    )
    with DaemonThread(make_config(tmp_path, tiny_model, server=server)):
        assert ping(capsys, "--config", str(file)) == 0


# -- the command line as a user runs it -------------------------------------------------------------


def test_serve_binds_where_edged_endpoint_points_and_ping_finds_it(tmp_path: Path, tiny_model: Path) -> None:
    file = config_file(
        tmp_path,
        f"ipc://{tmp_path}/config.sock",
        f'[model]\npath = "{tiny_model}"\ncontext_length = 512\n[state]\ndir = "{tmp_path}/state"\n',
    )
    named = f"ipc://{tmp_path}/named.sock"
    env = {k: v for k, v in os.environ.items() if not k.startswith("EDGED_")}

    def edged_cli(*args: str, **extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "edged", *args],
            capture_output=True,
            text=True,
            timeout=60,
            cwd=REPO,
            env=dict(env, **extra),
        )

    with daemon_process(file, {"EDGED_ENDPOINT": named}, endpoint=named):
        pong = edged_cli("ping", EDGED_ENDPOINT=named)
        assert pong.returncode == 0 and pong.stdout.startswith("pong from edged"), pong
        nobody = edged_cli("ping", "--config", str(file))  # the file's endpoint: nobody bound it
        assert nobody.returncode == 4 and "config.sock" in nobody.stderr, nobody
