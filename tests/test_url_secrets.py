"""Credentials written into a configured URL reach the cloud and nowhere else.

A real `edged serve` process with a loopback cloud whose base_url holds `user:password@`: every
surface a user or an operator sees (replies, status, doctor, config show, the log, the state
database's bytes, the ledger) is searched for the password, while the cloud checks the basic
auth it received.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest

import edged
from edged.backends.base import BackendRequest
from edged.backends.cloud import CloudBackend
from edged.backends.network import NetworkMonitor
from edged.config import Config, ConfigError
from edged.doctor import run_checks
from edged.exceptions import CloudBackendError
from tests.support.daemon import REPO, daemon_process
from tests.support.fake_openai import FakeOpenAI, closed_port

PASSWORD = "S3cretPassw0rd"
HARD = "Write a Python function that parses ISO-8601 durations, with unit tests, and explain the edge cases step by step."


def cli(config_file: Path, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "edged", *args, "--config", str(config_file)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO,
        env={"PATH": "/usr/bin:/bin", "HOME": str(config_file.parent)},
    )
    return done.stdout + done.stderr


def with_credentials(base_url: str, userinfo: str) -> str:
    return base_url.replace("http://", f"http://{userinfo}@", 1)


def test_url_password_is_sent_and_shown_nowhere(tmp_path: Path, tiny_model: Path) -> None:
    with FakeOpenAI(basic_auth=("user", PASSWORD)) as cloud:
        endpoint = f"ipc://{tmp_path}/run/edged.sock"
        # The second endpoint refuses connections: its error messages are a surface too.
        refused = f"http://user:{PASSWORD}@127.0.0.1:{closed_port()}/v1"
        config_file = tmp_path / "edged.toml"
        config_file.write_text(
            f'[server]\nendpoint = "{endpoint}"\n'
            f'[model]\npath = "{tiny_model}"\ncontext_length = 512\n'
            f'[state]\ndir = "{tmp_path}/state"\n'
            '[logging]\nlevel = "debug"\n'
            f'[cloud]\nbase_url = "{with_credentials(cloud.base_url, "user:" + PASSWORD)}"\n'
            'model = "fake-model"\nmax_retries = 1\nbackoff_base_s = 0.01\nbackoff_max_s = 0.05\n'
            "first_token_timeout_s = 2.0\ntotal_timeout_s = 10.0\nprobe_interval_s = 0.2\n"
            "price_input_per_1k = 0.5\nprice_output_per_1k = 1.5\n"
            f'[[cloud.endpoints]]\nbase_url = "{refused}"\nmodel = "fake-model"\n'
        )
        surfaces: dict[str, str] = {}
        with daemon_process(config_file, endpoint=endpoint) as proc:
            with edged.Client(endpoint, timeout=60) as client:
                answered = client.generate(HARD, max_tokens=32, route="cloud")
                chunks = list(answered)
                assert answered.reply is not None and answered.reply.backend == "cloud"
                # Both endpoints fail: the request falls back to the local model.
                cloud.fail_next("status", count=2, status=503)
                failed_over = client.generate(HARD, max_tokens=8)
                chunks += list(failed_over)
                assert failed_over.reply is not None and failed_over.reply.fallback == "cloud→local"
                replies = [answered.reply.raw, failed_over.reply.raw, *(c.body for c in chunks)]
                surfaces["replies"] = json.dumps(replies, ensure_ascii=False)
                surfaces["status"] = json.dumps(client.status(), ensure_ascii=False)
            surfaces["edged status"] = cli(config_file, "status", "--json", "--endpoint", endpoint)
            surfaces["edged doctor"] = cli(config_file, "doctor", "--json")
        surfaces["log"] = proc.output()
    surfaces["edged config show"] = cli(config_file, "config", "show")
    db_files = sorted(p for p in (tmp_path / "state").rglob("*") if p.is_file())
    assert db_files
    surfaces["state files"] = b"".join(p.read_bytes() for p in db_files).decode("latin-1")
    with sqlite3.connect(tmp_path / "state" / "ledger.sqlite3") as db:
        rows = db.execute("SELECT endpoint, request_id FROM spend").fetchall()
    assert rows
    surfaces["ledger"] = json.dumps(rows, ensure_ascii=False)

    assert answered.reply.raw["endpoint"] == cloud.base_url.split("/")[2]  # host:port, nothing before
    assert "cloud→local" in surfaces["replies"] and "127.0.0.1" in surfaces["edged doctor"]
    for name, text in surfaces.items():
        assert PASSWORD not in text, f"the password shows in {name}"
        assert "@127.0.0.1" not in text, f"the URL's userinfo shows in {name}"
    # The credentials went where they belong: to the cloud, as basic auth.
    assert cloud.chat_requests and all(r.auth_ok for r in cloud.chat_requests)


@pytest.mark.parametrize(
    ("user", "password"),
    [("token-only-user", ""), ("us@er", "p:ss/w%rd 1#"), ("ünï", "pässwörd")],
    ids=["user-only", "percent-encoded", "non-ascii"],
)
def test_url_credentials_are_decoded_for_basic_auth(user: str, password: str) -> None:
    userinfo = quote(user, safe="") + (":" + quote(password, safe="") if password else "")
    shown = [user, quote(user, safe="")] + ([password, quote(password, safe="")] if password else [])

    async def main(cloud: FakeOpenAI) -> tuple[str, str, str]:
        config = Config.load(
            None,
            env={},
            overrides={"cloud": {"base_url": with_credentials(cloud.base_url, userinfo), "model": "m"}},
        )
        backend = CloudBackend.from_config(config)
        network = NetworkMonitor(config.cloud, config.cloud_endpoints)
        await backend.load()
        try:
            stream = backend.generate(BackendRequest(messages=({"role": "user", "content": "hi"},)))
            async for _ in stream:
                pass
            probed = await network.probe_now()
            return (
                stream.result.endpoint,
                json.dumps(backend.status(), ensure_ascii=False),
                json.dumps(probed.to_dict(), ensure_ascii=False),
            )
        finally:
            await backend.aclose()
            await network.stop()

    with FakeOpenAI(basic_auth=(user, password)) as cloud:
        endpoint, status, network = asyncio.run(main(cloud))
        assert cloud.chat_requests[-1].auth_ok is True
    assert endpoint == cloud.base_url.split("/")[2]
    for text in (endpoint, status, network):
        for secret in shown:
            assert secret not in text


def test_an_api_key_wins_over_url_credentials() -> None:
    async def main(cloud: FakeOpenAI) -> None:
        config = Config.load(
            None,
            env={},
            overrides={
                "cloud": {"base_url": with_credentials(cloud.base_url, f"user:{PASSWORD}"), "model": "m"}
            },
        )
        name = config.cloud_endpoints[0].name
        async with CloudBackend.from_config(config, api_keys={name: "sk-url-test"}) as backend:
            stream = backend.generate(BackendRequest(messages=({"role": "user", "content": "hi"},)))
            async for _ in stream:
                pass

    # One Authorization header: the key's Bearer, which this cloud checks.
    with FakeOpenAI(api_key="sk-url-test") as cloud:
        asyncio.run(main(cloud))
        assert cloud.chat_requests[-1].auth_ok is True


def test_an_error_echoing_the_url_password_is_scrubbed() -> None:
    async def main(cloud: FakeOpenAI) -> str:
        url = with_credentials(cloud.base_url, f"user:{PASSWORD}")
        config = Config.load(None, env={}, overrides={"cloud": {"base_url": url, "model": "m"}})
        async with CloudBackend.from_config(config) as backend:
            stream = backend.generate(BackendRequest(messages=({"role": "user", "content": "hi"},)))
            with pytest.raises(CloudBackendError) as failed:
                async for _ in stream:
                    pass
        return str(failed.value)

    with FakeOpenAI(basic_auth=("user", PASSWORD)) as cloud:
        cloud.fail_next("status", status=403, message=f"user 'user' with password {PASSWORD} may not")
        message = asyncio.run(main(cloud))
    assert "HTTP 403" in message and "password ***" in message and PASSWORD not in message


def test_config_show_doctor_and_config_errors_hide_url_credentials(tmp_path: Path) -> None:
    url = f"http://user:{PASSWORD}@127.0.0.1:{closed_port()}/v1"
    config = Config.load(None, env={}, overrides={"cloud": {"base_url": url, "model": "m"}})
    assert config.cloud.base_url == url  # kept whole for the requests themselves
    assert PASSWORD not in config.to_toml() and PASSWORD not in json.dumps(
        config.to_dict(), ensure_ascii=False
    )
    assert PASSWORD in json.dumps(config.to_dict(redact=False), ensure_ascii=False)
    checks = run_checks(config, env={})
    cloud = next(c for c in checks if c.name == "cloud")
    assert cloud.status == "warning" and "127.0.0.1" in (cloud.remedy or "")
    assert PASSWORD not in repr(checks)

    with pytest.raises(ConfigError) as refused:
        Config.load(
            None, env={}, overrides={"cloud": {"base_url": f"ftp://user:{PASSWORD}@host/v1", "model": "m"}}
        )
    assert "ftp://host/v1" in str(refused.value) and PASSWORD not in str(refused.value)
