"""TCP only with CURVE: an authorised key is served, a rogue key and a plain client are not."""

from __future__ import annotations

import contextlib
import os
import socket
from pathlib import Path

import pytest
import zmq
import zmq.auth

import edged
from edged.exceptions import RequestTimeout, StartupError
from edged.transport import Transport
from tests.support.daemon import DaemonThread, make_config


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def keys(tmp: Path) -> dict[str, Path]:
    out = {}
    for name in ("server", "client", "rogue"):
        folder = tmp / name
        folder.mkdir()
        public, secret = zmq.auth.create_certificates(str(folder), name)
        os.chmod(secret, 0o600)  # create_certificates honours the umask: 0644 here
        out[name], out[f"{name}_secret"] = Path(public), Path(secret)
    authorized = tmp / "authorized"
    authorized.mkdir()
    (authorized / "client.key").write_bytes(out["client"].read_bytes())
    out["authorized"] = authorized
    return out


@pytest.mark.skipif(not zmq.has("curve"), reason="libzmq without CURVE")
def test_curve_over_tcp(tmp_path: Path, tiny_model: Path) -> None:
    k = keys(tmp_path)
    endpoint = f"tcp://127.0.0.1:{free_port()}"
    server = {
        "endpoint": endpoint,
        "curve_secret_key_file": str(k["server_secret"]),
        "curve_authorized_keys_dir": str(k["authorized"]),
    }
    with DaemonThread(make_config(tmp_path, tiny_model, server=server)) as d:
        with edged.Client(
            d.endpoint, curve_server_key=str(k["server"]), curve_secret_key_file=str(k["client_secret"])
        ) as ok:
            assert ok.ping()["pong"] is True
            assert ok.complete("Hi", max_tokens=3).backend == "local"
        with edged.Client(
            d.endpoint, curve_server_key=str(k["server"]), curve_secret_key_file=str(k["rogue_secret"])
        ) as rogue:
            with pytest.raises(RequestTimeout):
                rogue.ping(timeout=1.5)
        plain = zmq.Context.instance().socket(zmq.DEALER)
        plain.setsockopt(zmq.LINGER, 0)
        plain.connect(endpoint)
        # Once the server drops the failed handshake there is no pipe left to queue on, and a
        # blocking send would wait for ever.
        with contextlib.suppress(zmq.Again):
            plain.send_multipart([b"EDGED/1", b"ping", b"x", b"{}"], flags=zmq.NOBLOCK)
        assert not plain.poll(1500)
        plain.close(0)


def test_tcp_refuses_a_readable_secret_key_and_plain_config(tmp_path: Path) -> None:
    k = keys(tmp_path)
    os.chmod(k["server_secret"], 0o644)
    config = make_config(
        tmp_path,
        tmp_path,
        server={
            "endpoint": f"tcp://127.0.0.1:{free_port()}",
            "curve_secret_key_file": str(k["server_secret"]),
            "curve_authorized_keys_dir": str(k["authorized"]),
        },
    )
    transport = Transport(config.endpoint, config.server)
    with pytest.raises(StartupError, match="must not be readable"):
        transport.bind()
    transport.close()
    with pytest.raises(edged.ConfigError, match="needs curve_secret_key_file"):
        make_config(tmp_path, tmp_path, server={"endpoint": "tcp://127.0.0.1:5555"})
