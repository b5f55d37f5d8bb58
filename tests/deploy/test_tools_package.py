"""The build-time tools stay out of the runtime: `edged serve` never imports them, and an
installation without them (a device image without edged-tools) still runs, while `edged bench`
and `edged model build` say what to install."""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from edged import cli
from edged.config import Config, render_toml
from edged.exceptions import ToolsMissing
from tests.deploy.test_yocto_layer import (
    BENCH_PEER_MODULES,
    BUILD_ONLY_MODULES,
    in_tools_package,
    is_tools_module,
    module_name,
)
from tests.support.daemon import REPO, wait_for_ping

# Runs the real command line, then writes every module the process imported, at exit.
SERVE_AND_LIST_MODULES = """\
import atexit, sys
from pathlib import Path

out = Path(sys.argv[1])
atexit.register(lambda: out.write_text("\\n".join(sorted(sys.modules)) + "\\n"))
from edged.cli import main

sys.exit(main(sys.argv[2:]))
"""

# edged as an image has it: from the folder given first, only. An editable install of edged
# (`pip install -e`) adds a finder that would find the missing modules in the checkout: it goes.
IMAGE_PYTHON = """\
import sys

sys.meta_path[:] = [f for f in sys.meta_path if not str(getattr(f, "__module__", "")).startswith("__editable__")]
import edged

assert edged.__file__.startswith(sys.argv[1]), edged.__file__
"""
IMAGE_CLI = IMAGE_PYTHON + "from edged.cli import main\n\nsys.exit(main(sys.argv[2:]))\n"
IMAGE_DAEMON = IMAGE_PYTHON + "import edged.daemon\n"


def test_serving_imports_no_build_time_module(tmp_path: Path, tiny_model: Path) -> None:
    endpoint = f"ipc://{tmp_path}/run/edged.sock"
    data: dict[str, dict[str, object]] = {
        "server": {"endpoint": endpoint, "shutdown_timeout_s": 10.0},
        "model": {"path": str(tiny_model), "context_length": 512},
        "state": {"dir": str(tmp_path / "state")},
    }
    config = tmp_path / "edged.toml"
    config.write_text(render_toml(data, comments=False))
    Config.load(config, env={})
    modules = tmp_path / "modules.txt"
    with (tmp_path / "serve.log").open("w") as log:
        proc = subprocess.Popen(
            [sys.executable, "-c", SERVE_AND_LIST_MODULES, str(modules), "serve", "--config", str(config)],
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=REPO,
            env=dict(os.environ, PYTHONUNBUFFERED="1"),
        )
    try:
        wait_for_ping(endpoint, proc)
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(60) == 0, (tmp_path / "serve.log").read_text()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)
    imported = modules.read_text().split()
    # The list is the daemon's: it loaded the model and served.
    assert {"edged.daemon", "edged.engine.engine", "onnxruntime", "zmq"} <= set(imported)
    heavy = BUILD_ONLY_MODULES | BENCH_PEER_MODULES
    wrong = [m for m in imported if is_tools_module(m) or m.split(".")[0] in heavy]
    assert not wrong, f"edged serve imported build-time modules: {wrong}"
    # No cloud endpoint is configured: the HTTP stack and the cloud backend stay unloaded.
    unneeded = [
        m for m in imported if m.split(".")[0] in ("httpx", "httpcore") or m == "edged.backends.cloud"
    ]
    assert not unneeded, f"edged serve without a cloud endpoint imported {unneeded}"


def image_tree(root: Path) -> Path:
    """edged/ as the recipe's ${PN} installs it: every file but those FILES:${PN}-tools takes."""
    site = root / "site-packages"
    shutil.copytree(REPO / "edged", site / "edged", ignore=shutil.ignore_patterns("__pycache__"))
    removed = []
    for path in sorted((site / "edged").rglob("*")):
        if path.is_file() and in_tools_package(str(path.relative_to(site))):
            removed.append(module_name(REPO / path.relative_to(site)))
            path.unlink()
    for folder in sorted((p for p in (site / "edged").rglob("*") if p.is_dir()), reverse=True):
        if not any(folder.iterdir()):
            folder.rmdir()
    assert removed and all(map(is_tools_module, removed)), removed
    return site


def run_image(site: Path, code: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH" and not k.startswith("EDGED_")}
    return subprocess.run(
        [sys.executable, "-c", code, str(site), *args],
        capture_output=True,
        text=True,
        cwd=site,
        env=env,
        timeout=120,
    )


def test_an_image_without_the_tools(tmp_path: Path) -> None:
    site = image_tree(tmp_path)
    assert not (site / "edged" / "bench").exists() and not (site / "edged" / "model" / "build.py").exists()

    build = run_image(site, IMAGE_CLI, "model", "build", "--quiet")
    assert build.returncode == cli.EXIT_CONFIG, build.stderr
    assert build.stderr.startswith("edged: `edged model build` is not part of this installation")
    assert "edged-tools" in build.stderr and "pip install 'edged[build]'" in build.stderr
    bench = run_image(site, IMAGE_CLI, "bench", "local", "--quick")
    assert bench.returncode == cli.EXIT_CONFIG, bench.stderr
    assert bench.stderr.startswith("edged: `edged bench` is not part of this installation")
    assert "edged-tools" in bench.stderr and "make bench" in bench.stderr
    for done in (build, bench):
        assert "Traceback" not in done.stderr and not done.stdout

    # Everything else is there: the daemon imports, and the other commands run.
    daemon = run_image(site, IMAGE_DAEMON)
    assert daemon.returncode == 0, daemon.stderr
    example = run_image(site, IMAGE_CLI, "config", "example")
    assert example.returncode == 0 and "[model]" in example.stdout, example.stderr


def test_the_missing_tools_error_is_typed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "edged.bench", None)  # `import edged.bench` now fails
    with pytest.raises(ToolsMissing, match="edged-tools"):
        cli.cmd_bench(argparse.Namespace())
    monkeypatch.setitem(sys.modules, "edged.model.build", None)
    with pytest.raises(ToolsMissing, match=r"edged\[build\]"):
        cli.cmd_model(argparse.Namespace(model_command="build"))
    # Another module missing is not the tools missing: that error goes up as it is.
    cli._check_tools_missing(ModuleNotFoundError("no torch", name="torch"), "edged model build")
    cli._check_tools_missing(ModuleNotFoundError("no edged.model", name="edged.model"), "edged model build")
