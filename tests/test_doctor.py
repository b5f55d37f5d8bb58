"""`edged doctor` on fixture devices, a real daemon, a real HTTP server and a corrupt model folder."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import socket
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import edged
from edged.cli import main
from edged.config import Config
from edged.doctor import Check, format_checks, run_checks, summarize
from tests.support.daemon import REPO, DaemonThread, make_config
from tests.support.fake_openai import FakeOpenAI, closed_base_url
from tests.telemetry import trees
from tests.telemetry.fake_pynvml import make_pynvml

CUDA = "CUDAExecutionProvider"
TRT = "TensorrtExecutionProvider"
CPU = "CPUExecutionProvider"
SECRET = "sk-doctor-secret-7f3a"


def available_providers() -> list[str]:
    import onnxruntime as ort

    return list(ort.get_available_providers())


cpu_only_runtime = pytest.mark.skipif(
    CUDA in available_providers(), reason="this onnxruntime has CUDA: the CPU-only outcome cannot happen"
)


@pytest.fixture(autouse=True)
def host_gpu_hidden(monkeypatch: pytest.MonkeyPatch) -> None:
    """The host's NVIDIA GPU (if any) must not decide these results: NVML is absent unless a test installs it."""
    monkeypatch.setitem(sys.modules, "pynvml", make_pynvml(init_error="LibraryNotFound"))


def by_name(checks: list[Check]) -> dict[str, Check]:
    names = [c.name for c in checks]
    assert len(names) == len(set(names)), names
    return {c.name: c for c in checks}


def doctor(
    tmp: Path,
    model_dir: Path,
    root: Path,
    /,
    *,
    env: dict[str, str] | None = None,
    **sections: dict[str, Any],
) -> dict[str, Check]:
    sections.setdefault("telemetry", {})["root"] = str(root)
    config = make_config(tmp, model_dir, **sections)
    return by_name(run_checks(config, env=env or {}))


def install_unit(root: Path, *, enabled: bool = True, binary: bool = True) -> None:
    unit = (REPO / "deploy/systemd/edged.service").read_text()
    trees.write(root, "etc/systemd/system/edged.service", unit)
    if enabled:
        trees.write(root, "etc/systemd/system/multi-user.target.wants/edged.service", unit)
    if binary:
        trees.write(root, "usr/bin/edged", "#!/bin/sh\n")


# -- devices ---------------------------------------------------------------------------------------


def test_jetson_orin(tmp_path: Path, tiny_model: Path) -> None:
    root = trees.jetson_orin(tmp_path / "orin")
    install_unit(root)
    checks = doctor(tmp_path, tiny_model, root)

    gpu = checks["gpu"]
    assert gpu.status == "ok"
    assert gpu.detail == "Jetson iGPU gpu via devfreq /sys/class/devfreq/17000000.gpu, 612/1020 MHz"

    telemetry = checks["telemetry"]
    assert telemetry.status == "ok", telemetry
    assert telemetry.detail.startswith("jetson: ")
    for part in ("thermal 5 sensor(s)", "power rails 3", "nvpmodel MAXN_SUPER", "battery none", "NVML n/a"):
        assert part in telemetry.detail

    assert checks["systemd unit"] == Check("systemd unit", "ok", "/etc/systemd/system/edged.service, enabled")
    assert checks["model"].status == "ok"
    assert checks["state directory"].status == "ok"
    assert checks["socket"].status == "ok"
    assert checks["daemon"].status == "warning"
    assert "providers in use" not in checks  # no daemon to ask


@cpu_only_runtime
def test_jetson_with_a_cpu_only_onnxruntime_points_at_nvidias_wheels(
    tmp_path: Path, tiny_model: Path
) -> None:
    root = trees.jetson_orin(tmp_path / "orin")
    checks = doctor(tmp_path, tiny_model, root)
    providers = checks["providers"]
    assert providers.status == "warning"
    assert "a GPU is here but this onnxruntime has only" in providers.detail
    assert "Jetson wheels" in providers.remedy and "docs/jetson.md" in providers.remedy

    # Asked for CUDA outright: the daemon would refuse to start.
    checks = doctor(tmp_path, tiny_model, root, model={"providers": [CUDA, CPU]})
    assert checks["providers"].status == "failure"
    assert "refuses to start" in checks["providers"].detail
    assert "docs/jetson.md" in checks["providers"].remedy
    assert checks["gpu"].status == "ok"  # the iGPU is there; onnxruntime is what lacks


def test_jetson_missing_sensors_are_warnings(tmp_path: Path, tiny_model: Path) -> None:
    root = trees.jetson_orin(tmp_path / "orin", gpu_layout=None, nvpmodel=False)
    shutil.rmtree(root / "sys/class/thermal")
    checks = doctor(tmp_path, tiny_model, root)
    assert checks["gpu"].status == "warning"
    assert "without an iGPU" in checks["gpu"].detail
    telemetry = checks["telemetry"]
    assert telemetry.status == "warning"
    assert telemetry.detail.endswith("missing: thermal zones, nvpmodel")
    assert "/var/lib/nvpmodel/status" in telemetry.remedy


def test_x86_with_a_discrete_gpu(tmp_path: Path, tiny_model: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pynvml", make_pynvml())
    root = trees.x86_dgpu(tmp_path / "x86")
    trees.write(root, "dev/nvidia0", "")
    trees.write(root, "dev/nvidiactl", "")
    trees.write(root, "dev/nvidia-uvm", "")
    checks = doctor(tmp_path, tiny_model, root)

    assert checks["gpu"] == Check("gpu", "ok", "NVML device 0: NVIDIA RTX A2000 12GB; /dev/nvidia0")
    telemetry = checks["telemetry"]
    assert telemetry.status == "ok"
    assert telemetry.detail.startswith("x86-dgpu: ") and "NVML yes" in telemetry.detail
    assert "power rails" not in telemetry.detail  # not expected off a Jetson
    if CUDA not in available_providers():
        assert checks["providers"].status == "warning"
        assert "onnxruntime-gpu" in checks["providers"].remedy
        assert "Jetson" not in checks["providers"].remedy


def test_x86_gpu_nodes_without_nvml(tmp_path: Path, tiny_model: Path) -> None:
    root = trees.x86_dgpu(tmp_path / "x86")
    trees.write(root, "dev/nvidia0", "")
    gpu = doctor(tmp_path, tiny_model, root)["gpu"]
    assert gpu.status == "warning"
    assert gpu.detail.startswith("/dev/nvidia0 present, but NVML: nvmlInit failed")
    assert "edged[nvidia]" in gpu.remedy


def test_laptop_without_a_gpu_running_on_the_cpu(tmp_path: Path, tiny_model: Path) -> None:
    root = trees.laptop(tmp_path / "laptop")
    checks = doctor(tmp_path, tiny_model, root, model={"providers": [CPU]})
    assert checks["gpu"] == Check("gpu", "ok", "no GPU; none needed: the model runs on the CPU")
    assert checks["providers"].status == "ok"
    assert checks["providers"].detail == "asked for CPU; the model runs on CPU"
    assert checks["telemetry"].status == "ok"
    assert "battery 18% (sysfs:BAT0)" in checks["telemetry"].detail
    assert "tensorrt cache" not in checks
    assert "cloud credential" not in checks
    assert checks["cloud"] == Check("cloud", "ok", "no cloud endpoint configured: local only")
    unit = checks["systemd unit"]
    assert unit.status == "warning" and unit.detail == "edged.service is not installed"
    assert "deploy/systemd/edged.service" in unit.remedy


@cpu_only_runtime
def test_no_gpu_but_the_config_asks_for_cuda(tmp_path: Path, tiny_model: Path) -> None:
    root = trees.laptop(tmp_path / "laptop")
    checks = doctor(tmp_path, tiny_model, root, model={"providers": [CUDA, CPU]})
    assert checks["gpu"].status == "warning"
    assert "asks for CUDA" in checks["gpu"].detail
    assert checks["providers"].status == "failure"
    assert summarize(list(checks.values()))["ok"] is False

    checks = doctor(
        tmp_path, tiny_model, root, model={"providers": [CUDA, CPU], "provider_mismatch": "fallback"}
    )
    assert checks["providers"].status == "warning"
    assert checks["providers"].detail.endswith("the model runs on CPU")


# -- directories -----------------------------------------------------------------------------------


def test_tensorrt_cache_checked_only_when_asked_for(tmp_path: Path, tiny_model: Path) -> None:
    root = trees.laptop(tmp_path / "laptop")
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder\n")
    model = {"providers": [TRT, CPU], "provider_mismatch": "fallback"}

    checks = doctor(tmp_path, tiny_model, root, model={**model, "trt_cache_dir": str(blocker / "trt")})
    cache = checks["tensorrt cache"]
    assert cache.status == "failure"
    assert f"{blocker} is not a folder" in cache.detail
    assert "trt_cache_dir" in cache.remedy

    checks = doctor(tmp_path, tiny_model, root, model={**model, "trt_cache_dir": str(tmp_path / "cache/trt")})
    assert checks["tensorrt cache"].status == "ok"
    assert not (tmp_path / "cache").exists()  # looked at, not created


def test_state_and_socket_directories_that_cannot_be_created(tmp_path: Path, tiny_model: Path) -> None:
    root = trees.laptop(tmp_path / "laptop")
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    checks = doctor(
        tmp_path,
        tiny_model,
        root,
        state={"dir": str(blocker / "state")},
        server={"endpoint": f"ipc://{blocker}/run/edged.sock"},
    )
    assert checks["state directory"].status == "failure"
    assert "[state] dir" in checks["state directory"].remedy
    assert checks["socket"].status == "failure"
    assert checks["socket"].detail.startswith(f"cannot create {blocker}/run/edged.sock")

    (tmp_path / "state").mkdir()
    checks = doctor(tmp_path, tiny_model, root)
    assert checks["state directory"] == Check("state directory", "ok", f"{tmp_path / 'state'} is writable")
    assert list((tmp_path / "state").iterdir()) == []  # the write probe cleans up after itself


@contextlib.contextmanager
def _held_lock(tmp_path: Path, pid: int = 4242) -> Iterator[None]:
    (tmp_path / "run").mkdir(exist_ok=True)
    fd = os.open(tmp_path / "run/edged.sock.lock", os.O_RDWR | os.O_CREAT, 0o640)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        os.write(fd, f"{pid}\n".encode())
        yield
    finally:
        os.close(fd)


def test_socket_held_by_a_daemon_that_does_not_answer(tmp_path: Path, tiny_model: Path) -> None:
    root = trees.laptop(tmp_path / "laptop")
    (tmp_path / "run").mkdir()
    with socket.socket(socket.AF_UNIX) as dead:  # a socket file nobody answers on
        dead.bind(str(tmp_path / "run/edged.sock"))
    with _held_lock(tmp_path):
        checks = doctor(tmp_path, tiny_model, root)
    assert checks["socket"].status == "warning"
    assert "held by a daemon (pid 4242)" in checks["socket"].detail
    assert checks["daemon"].status == "warning"

    checks = doctor(tmp_path, tiny_model, root)  # the lock is free again: a stale file is fine
    assert checks["socket"].status == "ok"


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (lambda path: None, "is missing"),
        (lambda path: path.write_text("x"), "is a regular file, not a socket"),
    ],
    ids=["missing", "regular-file"],
)
def test_socket_file_lost_under_a_held_lock(
    tmp_path: Path, tiny_model: Path, make: Callable[[Path], object], says: str
) -> None:
    # A daemon holds the endpoint but its socket file is gone: it binds it again at its next check.
    root = trees.laptop(tmp_path / "laptop")
    (tmp_path / "run").mkdir()
    make(tmp_path / "run/edged.sock")
    with _held_lock(tmp_path):
        check = doctor(tmp_path, tiny_model, root)["socket"]
    assert check.status == "warning"
    assert says in check.detail and "(pid 4242) binds it again" in check.detail
    assert "journalctl -u edged" in check.remedy


# -- unit file -------------------------------------------------------------------------------------


def test_unit_exec_start_and_enablement(tmp_path: Path, tiny_model: Path) -> None:
    root = trees.laptop(tmp_path / "laptop")
    install_unit(root, enabled=False, binary=False)
    unit = doctor(tmp_path, tiny_model, root)["systemd unit"]
    assert unit.status == "warning"
    assert "ExecStart runs /usr/bin/edged, which does not exist" in unit.detail
    assert "systemctl edit edged" in unit.remedy

    # The drop-in README.md describes for a venv install.
    trees.write(
        root,
        "etc/systemd/system/edged.service.d/override.conf",
        "[Service]\nExecStart=\nExecStart=/opt/edged/bin/edged serve --config /etc/edged/edged.toml\n",
    )
    trees.write(root, "opt/edged/bin/edged", "")
    unit = doctor(tmp_path, tiny_model, root)["systemd unit"]
    assert unit.status == "warning" and "not enabled" in unit.detail
    assert unit.remedy == "sudo systemctl enable --now edged"

    trees.write(root, "etc/systemd/system/multi-user.target.wants/edged.service", "")
    assert doctor(tmp_path, tiny_model, root)["systemd unit"].status == "ok"


def test_unit_from_the_package_location(tmp_path: Path, tiny_model: Path) -> None:
    root = trees.laptop(tmp_path / "laptop")
    trees.write(
        root, "usr/lib/systemd/system/edged.service", (REPO / "deploy/systemd/edged.service").read_text()
    )
    trees.write(root, "usr/bin/edged", "")
    trees.write(root, "etc/systemd/system/multi-user.target.wants/edged.service", "")
    unit = doctor(tmp_path, tiny_model, root)["systemd unit"]
    assert unit == Check("systemd unit", "ok", "/usr/lib/systemd/system/edged.service, enabled")


# -- model folder ----------------------------------------------------------------------------------


@pytest.fixture
def corrupt_model(tmp_path: Path, tiny_model: Path) -> Path:
    folder = tmp_path / "model"
    shutil.copytree(tiny_model, folder)
    manifest = json.loads((folder / "manifest.json").read_text())
    name = max(manifest["files"], key=lambda n: manifest["files"][n]["bytes"])
    data = bytearray((folder / name).read_bytes())
    data[len(data) // 2] ^= 0xFF  # same size, different sha256
    (folder / name).write_bytes(bytes(data))
    return folder


def write_config(tmp: Path, model: Path, root: Path, extra: str = "") -> Path:
    path = tmp / "edged.toml"
    path.write_text(
        f'[server]\nendpoint = "ipc://{tmp}/run/edged.sock"\n'
        f'[model]\npath = "{model}"\nproviders = ["CPUExecutionProvider"]\n'
        f'[state]\ndir = "{tmp}/state"\n'
        f'[telemetry]\nroot = "{root}"\n' + extra
    )
    return path


def test_corrupt_model_fails_with_a_rebuild_remedy(
    tmp_path: Path, corrupt_model: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = trees.laptop(tmp_path / "laptop")
    model = doctor(tmp_path, corrupt_model, root)["model"]
    assert model.status == "failure"
    assert "sha256 does not match the manifest" in model.detail
    assert model.remedy == f"rebuild: edged model build --output {corrupt_model}"

    assert main(["doctor", "--config", str(write_config(tmp_path, corrupt_model, root))]) == 1
    out = capsys.readouterr().out
    assert f"✗ model            {corrupt_model}: model files do not match manifest.json" in out
    assert f"    → rebuild: edged model build --output {corrupt_model}" in out
    # The unit is not installed, the model has no profile, no daemon answers.
    assert out.rstrip().endswith("1 failure(s), 3 warning(s)")


def test_the_rebuild_remedy_names_the_catalogued_source(tmp_path: Path, corrupt_model: Path) -> None:
    manifest = json.loads((corrupt_model / "manifest.json").read_text())
    manifest["source"] = {"kind": "pypi", "catalogue": "qwen2.5-coder-1.5b"}
    (corrupt_model / "manifest.json").write_text(json.dumps(manifest))
    model = doctor(tmp_path, corrupt_model, trees.laptop(tmp_path / "laptop"))["model"]
    assert model.remedy == f"rebuild: edged model build --output {corrupt_model} --source qwen2.5-coder-1.5b"


def test_missing_model_folder(tmp_path: Path) -> None:
    root = trees.laptop(tmp_path / "laptop")
    model = doctor(tmp_path, tmp_path / "nowhere", root)["model"]
    assert model.status == "failure"
    assert "no such model folder" in model.detail
    assert model.remedy.startswith("rebuild: edged model build")


# -- the command -----------------------------------------------------------------------------------


def test_json_shape_and_exit_status(
    tmp_path: Path, tiny_model: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = trees.laptop(tmp_path / "laptop")
    install_unit(root)
    assert main(["doctor", "--json", "--config", str(write_config(tmp_path, tiny_model, root))]) == 0
    report = json.loads(capsys.readouterr().out)
    assert set(report) == {"checks", "ok", "failures", "warnings"}
    assert report["ok"] is True and report["failures"] == 0
    names = [c["name"] for c in report["checks"]]
    assert names == [
        "config",
        "onnxruntime",
        "providers",
        "gpu",
        "telemetry",
        "socket",
        "state directory",
        "model",
        "profile",
        "cloud",
        "systemd unit",
        "daemon",
    ]
    for check in report["checks"]:
        assert set(check) == {"name", "status", "detail", "remedy"}
        assert check["status"] in ("ok", "warning", "failure")
        assert isinstance(check["detail"], str) and "\n" not in check["detail"]
        assert (check["remedy"] is None) == (check["status"] == "ok")
    assert report["warnings"] == 2  # only: the model has no profile, no daemon
    assert report["checks"][-1]["status"] == "warning"


def test_bad_config_is_a_failure_and_the_rest_still_runs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "edged.toml"
    bad.write_text('[router]\nthreshold = 7\n[model]\nverify = "maybe"\n')
    assert main(["doctor", "--json", "--config", str(bad), "--endpoint", f"ipc://{tmp_path}/edged.sock"]) == 1
    report = json.loads(capsys.readouterr().out)
    config = report["checks"][0]
    assert config["name"] == "config" and config["status"] == "failure"
    assert "(+1 more)" in config["detail"]
    assert "threshold" in config["detail"] or "verify" in config["detail"]
    assert config["remedy"] == f"edged config check {bad} lists every problem"
    assert "daemon" in [c["name"] for c in report["checks"]]


def test_plain_output_marks() -> None:
    checks = [
        Check("a", "ok", "fine"),
        Check("bb", "warning", "meh", "do this"),
        Check("c", "failure", "broken", "fix that"),
    ]
    assert format_checks(checks).splitlines() == [
        "✓ a   fine",
        "! bb  meh",
        "    → do this",
        "✗ c   broken",
        "    → fix that",
        "1 failure(s), 1 warning(s)",
    ]
    assert format_checks(checks, encoding="ascii").splitlines()[3:5] == ["x c   broken", "    -> fix that"]
    assert format_checks(checks[:1]).splitlines()[-1] == "all checks passed"


# -- a real daemon ---------------------------------------------------------------------------------


@pytest.fixture
def daemon(tmp_path: Path, tiny_model: Path) -> Iterator[DaemonThread]:
    with DaemonThread(make_config(tmp_path, tiny_model)) as d:
        yield d


def test_real_daemon_providers_in_use(daemon: DaemonThread, tmp_path: Path) -> None:
    checks = by_name(run_checks(daemon.config, root=trees.laptop(tmp_path / "laptop"), env={}))
    in_use = checks["providers in use"]
    assert in_use == Check("providers in use", "ok", "the daemon runs the model on CPU")
    assert checks["daemon"].status == "ok"
    assert checks["daemon"].detail.startswith(f"edged {edged.__version__} serving on {daemon.endpoint}")
    assert f"pid {os.getpid()}" in checks["daemon"].detail
    assert checks["socket"] == Check("socket", "ok", f"{daemon.endpoint}: a daemon answers on it")
    assert summarize(list(checks.values()))["failures"] == 0


@cpu_only_runtime
def test_real_daemon_on_a_fallback_provider(tmp_path: Path, tiny_model: Path) -> None:
    config = make_config(
        tmp_path, tiny_model, model={"providers": [CUDA, CPU], "provider_mismatch": "fallback"}
    )
    with DaemonThread(config):
        checks = by_name(run_checks(config, root=trees.laptop(tmp_path / "laptop"), env={}))
    in_use = checks["providers in use"]
    assert in_use.status == "warning"
    assert in_use.detail.startswith("the daemon runs on CPU, not as asked: asked for CUDAExecutionProvider")
    assert "onnxruntime-gpu" in in_use.remedy
    assert checks["providers"].status == "warning"
    assert checks["daemon"].status == "ok"


# -- cloud -----------------------------------------------------------------------------------------


def test_cloud_reachable_with_a_key_file(
    tmp_path: Path, tiny_model: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = trees.laptop(tmp_path / "laptop")
    key_file = tmp_path / "cloud-api-key"
    key_file.write_text(SECRET + "\n")
    key_file.chmod(0o600)
    with FakeOpenAI(api_key=SECRET) as server:
        config = make_config(
            tmp_path,
            tiny_model,
            telemetry={"root": str(root)},
            cloud={"base_url": server.base_url, "model": "fake-model", "api_key_file": str(key_file)},
        )
        checks = run_checks(config, env={})
        probes = [r for r in server.requests if r.path == "/v1/models"]
    named = by_name(checks)
    cloud = named["cloud"]
    assert cloud.status == "ok"
    assert cloud.detail.startswith("127.0.0.1:") and "reachable (HTTP 200," in cloud.detail
    assert len(probes) == 1 and probes[0].method == "GET"
    assert "authorization" not in probes[0].headers  # the probe carries no key
    credential = named["cloud credential"]
    assert credential.status == "ok"
    assert credential.detail.endswith(f"key from api_key_file {key_file}")
    rendered = format_checks(checks) + json.dumps(summarize(checks))
    assert SECRET not in rendered

    key_file.chmod(0o644)
    credential = by_name(run_checks(config, env={}))["cloud credential"]
    assert credential.status == "warning"
    assert credential.remedy == f"chmod 600 {key_file}"


def test_cloud_unreachable(tmp_path: Path, tiny_model: Path) -> None:
    root = trees.laptop(tmp_path / "laptop")
    url = closed_base_url()
    cloud = doctor(tmp_path, tiny_model, root, cloud={"base_url": url, "model": "m"})["cloud"]
    assert cloud.status == "warning"  # edged answers locally meanwhile
    assert "unreachable (ConnectError" in cloud.detail
    assert url in cloud.remedy and "answers locally" in cloud.remedy

    strict = doctor(
        tmp_path, tiny_model, root, cloud={"base_url": url, "model": "m"}, router={"offline": "strict"}
    )["cloud"]
    assert strict.status == "failure"


def test_cloud_one_endpoint_of_two_reachable(tmp_path: Path, tiny_model: Path) -> None:
    root = trees.laptop(tmp_path / "laptop")
    with FakeOpenAI() as server:
        checks = doctor(
            tmp_path,
            tiny_model,
            root,
            cloud={
                "base_url": closed_base_url(),
                "model": "m",
                "endpoints": [{"name": "backup", "base_url": server.base_url, "model": "m"}],
            },
            router={"offline": "strict"},
        )
    assert checks["cloud"].status == "warning"
    assert "backup reachable (HTTP 200" in checks["cloud"].detail


def test_where_cloud_keys_are_found(tmp_path: Path, tiny_model: Path) -> None:
    root = trees.laptop(tmp_path / "laptop")
    cloud = {"base_url": closed_base_url(), "model": "m"}

    def credential(env: dict[str, str] | None = None, **extra: Any) -> Check:
        return doctor(tmp_path, tiny_model, root, env=env, cloud={**cloud, **extra})["cloud credential"]

    none = credential()
    assert none.status == "warning" and "no API key found" in none.detail
    assert "/etc/edged/cloud-api-key" in none.remedy

    assert credential({"EDGED_CLOUD_API_KEY": SECRET}).detail.endswith("key from $EDGED_CLOUD_API_KEY")

    creds = tmp_path / "creds"
    trees.write(creds, "cloud-api-key", SECRET + "\n")
    found = credential({"CREDENTIALS_DIRECTORY": str(creds)})
    assert found.status == "ok"
    assert found.detail.endswith(f"key from systemd credential {creds}/cloud-api-key")

    # Run outside the unit: the file the unit loads counts.
    trees.write(root, "etc/edged/cloud-api-key", SECRET + "\n")
    unit_file = credential()
    assert unit_file.status == "ok" and "key in /etc/edged/cloud-api-key" in unit_file.detail

    unreadable = credential(api_key_file=str(tmp_path))  # a folder: reading it fails
    assert unreadable.status == "failure"
    assert "cannot read api_key_file" in unreadable.detail

    for check in (none, found, unit_file, unreadable):
        assert SECRET not in check.detail + check.remedy


def test_defaults_are_the_live_root(tmp_path: Path, tiny_model: Path) -> None:
    config = Config.load(
        None,
        env={},
        overrides={
            "server": {"endpoint": f"ipc://{tmp_path}/edged.sock"},
            "model": {"path": str(tiny_model)},
            "state": {"dir": str(tmp_path / "state")},
        },
    )
    checks = by_name(run_checks(config, env={}))
    assert checks["telemetry"].detail.split(":")[0] in ("generic", "x86-dgpu", "jetson")
    assert checks["model"].status == "ok"
