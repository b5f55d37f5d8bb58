"""`edged doctor`: check this device and say what to fix.

Each check has a name, a status and a one-line detail; a check that is not ok also has a
one-line remedy. Statuses:

* ok: as configured, nothing to do.
* warning: edged runs, but not as configured or not as well as it could (a GPU it does not use,
  a daemon that is not running, an unreachable cloud while requests can still be answered
  locally, no unit file installed).
* failure: edged will not start, or a part it was configured to use cannot work (a missing
  execution provider with `provider_mismatch = "error"`, a model folder that does not match its
  manifest, a state directory it cannot write, an unreadable API key file).

The checks, in order: config, onnxruntime, providers, providers in use (only when a daemon
answers), gpu, telemetry, socket, state directory, tensorrt cache (only when TensorRT is asked
for), model, profile (only when the model folder exists), cloud, cloud credential (only when a
cloud endpoint is configured), systemd unit, daemon.

Choices worth knowing:

* An unreachable cloud endpoint is a warning: edged answers locally while the network is down
  (`[router] offline = "best_effort"`). Under `offline = "strict"` it is a failure when no
  endpoint answers, since requests that need the cloud then get `cloud_required` errors.
* No API key at all is a warning (local proxies need none, and the unit starts without one);
  an API key file that is configured but cannot be read is a failure (the daemon refuses to
  start). The key itself is never printed, only where it was found.
* No daemon answering is a warning, not a failure: doctor is often run before the first start.
  When a daemon holds the endpoint's lock but its ipc:// socket file is missing or replaced (a tmp
  cleaner), the socket check says so: the daemon binds it again at its next socket check, and if
  it cannot, it stops feeding the watchdog and systemd restarts it.
* A missing or stale model profile (profile.json, `edged model profile`) is a warning: edged
  serves without one, but cannot say which kinds of task the model gets right.

Paths: sysfs and procfs are read under `[telemetry] root`; the unit files and /dev nodes under
the `root` given to `run_checks` (by default the same root), so each device is a fixture tree
in tests. The state, cache and model paths are the configured ones; the socket and daemon
checks use the endpoint every other command would (edged/endpoint.py: --endpoint, else
$EDGED_ENDPOINT, else the configuration, else the built-in default).

Usage::

    checks = run_checks(Config.load())
    print(format_checks(checks))
    summarize(checks)   # {"checks": [...], "ok": bool, "failures": n, "warnings": n}
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import re
import stat
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from edged._urls import without_userinfo
from edged.config import CREDENTIAL_NAME, Config, ServerConfig
from edged.endpoint import resolve_endpoint
from edged.exceptions import ConfigError, EdgedError, ModelError
from edged.telemetry.jetson import find_igpu, is_jetson, read_igpu

__all__ = ["Check", "format_checks", "load_config", "run_checks", "run_doctor", "summarize"]

CheckStatus = Literal["ok", "warning", "failure"]

TENSORRT = "TensorrtExecutionProvider"
CUDA = "CUDAExecutionProvider"
CPU = "CPUExecutionProvider"
GPU_PROVIDERS = (TENSORRT, CUDA)

UNIT_NAME = "edged.service"
# Where systemd looks for units, in its order of precedence (the first found wins).
UNIT_DIRS = ("/etc/systemd/system", "/usr/lib/systemd/system", "/lib/systemd/system")
UNIT_WANTS = "/etc/systemd/system/multi-user.target.wants/" + UNIT_NAME
UNIT_CREDENTIAL_FILE = "/etc/edged/cloud-api-key"  # the unit's LoadCredential= source
MAX_SOCKET_PATH = 107  # sun_path less its NUL

JETSON_ORT = "install onnxruntime-gpu from NVIDIA's Jetson wheels, not PyPI (docs/jetson.md)"
DGPU_ORT = "replace onnxruntime with onnxruntime-gpu: pip uninstall onnxruntime && pip install 'edged[gpu]'"
INSTALL_UNIT = (
    "sudo install -m 0644 deploy/systemd/edged.service /etc/systemd/system/ && "
    "sudo systemctl daemon-reload && sudo systemctl enable --now edged (deploy/systemd/README.md)"
)
START_DAEMON = "start it: sudo systemctl start edged (or `edged serve` in a terminal)"


@dataclass(frozen=True)
class Check:
    """One check's outcome: `remedy` is empty when the status is ok."""

    name: str
    status: CheckStatus
    detail: str
    remedy: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "status": self.status,
            "detail": self.detail,
            "remedy": self.remedy or None,
        }


def _ok(name: str, detail: str) -> Check:
    return Check(name, "ok", detail)


def _warning(name: str, detail: str, remedy: str) -> Check:
    return Check(name, "warning", detail, remedy)


def _failure(name: str, detail: str, remedy: str) -> Check:
    return Check(name, "failure", detail, remedy)


def _short(provider: str) -> str:
    return provider.removesuffix("ExecutionProvider")


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


# -- what is found once and shared by several checks ------------------------------------------------


@dataclass
class _Daemon:
    answered: bool = False
    ping: dict[str, Any] = field(default_factory=dict)
    status: dict[str, Any] | None = None
    problem: str = ""


@dataclass
class _Runtime:
    ort_version: str | None = None
    ort_error: str = ""
    available: list[str] = field(default_factory=list)


class _Device:
    """The facts several checks need, each found once."""

    def __init__(
        self, config: Config, root: Path, endpoint: str, env: Mapping[str, str], daemon_timeout_s: float
    ) -> None:
        self.config = config
        self.root = root
        self.endpoint = endpoint
        self.env = env
        self.daemon_timeout_s = daemon_timeout_s
        self.jetson = _safe(lambda: is_jetson(root), False)
        self.runtime = _find_runtime()
        self.requested = _requested(config)
        self.daemon = _ask_daemon(config, endpoint, daemon_timeout_s)
        self.dev_nodes = sorted(
            str(Path("/dev") / p.name) for p in (root / "dev").glob("nvidia[0-9]*") if p.name[6:].isdigit()
        )
        self.nvml_ok = False
        self.nvml_detail = "disabled by [telemetry] nvml"
        if config.telemetry.nvml and not self.jetson:
            self.nvml_ok, self.nvml_detail = _open_nvml(config.model.device_id)

    @property
    def wants_gpu(self) -> bool:
        """The configuration names CUDA or TensorRT (an empty list takes whatever is available)."""
        return any(p in GPU_PROVIDERS for p in self.requested)

    @property
    def wants_tensorrt(self) -> bool:
        if self.config.model.providers:
            return TENSORRT in self.requested
        return TENSORRT in self.runtime.available

    @property
    def gpu_ort_remedy(self) -> str:
        return JETSON_ORT if self.jetson else DGPU_ORT


def _safe(fn: Callable[[], Any], default: Any) -> Any:
    try:
        return fn()
    except Exception:
        return default


def _requested(config: Config) -> tuple[str, ...]:
    from edged.engine.providers import normalise

    return tuple(dict.fromkeys(normalise(p) for p in config.model.providers))


def _find_runtime() -> _Runtime:
    try:
        import onnxruntime as ort
    except Exception as exc:  # ImportError, or a GPU build whose shared libraries are missing
        return _Runtime(ort_error=_one_line(f"{type(exc).__name__}: {exc}"))
    return _Runtime(ort_version=str(ort.__version__), available=list(ort.get_available_providers()))


def _open_nvml(index: int) -> tuple[bool, str]:
    from edged.telemetry.nvidia import NvmlSampler

    sampler = NvmlSampler(index)
    try:
        return sampler.open(), sampler.detail
    finally:
        sampler.close()


def _ask_daemon(config: Config, endpoint: str, timeout: float) -> _Daemon:
    from edged.client import Client

    found = _Daemon()
    curve = {
        "curve_server_key": config.server.curve_server_key_file or None,
        "curve_secret_key_file": config.server.curve_client_key_file or None,
    }
    try:
        with Client(endpoint, timeout=timeout, **curve) as client:
            found.ping = client.ping(timeout=timeout)
            found.answered = True
            found.status = client.status(timeout=max(timeout, 5.0))
    except EdgedError as exc:
        found.problem = _one_line(str(exc) or exc.code)
    except Exception as exc:  # a malformed endpoint or key file: zmq raises its own errors
        found.problem = _one_line(f"{type(exc).__name__}: {exc}")
    return found


# -- the checks -----------------------------------------------------------------------------------


def _check_onnxruntime(d: _Device) -> Check:
    name = "onnxruntime"
    rt = d.runtime
    if rt.ort_version is None:
        remedy = JETSON_ORT if d.jetson else "pip install 'edged[cpu]' (or 'edged[gpu]' with an NVIDIA GPU)"
        return _failure(name, f"cannot import onnxruntime: {rt.ort_error}", remedy)
    return _ok(name, f"onnxruntime {rt.ort_version}; available: {', '.join(map(_short, rt.available))}")


def _check_providers(d: _Device) -> Check | None:
    from edged.engine.providers import plan_providers

    name = "providers"
    rt = d.runtime
    if rt.ort_version is None:
        return None  # the onnxruntime check already says why
    plan = plan_providers(d.config.model.providers, rt.available)
    asked = ", ".join(map(_short, plan.requested)) if d.config.model.providers else "auto"
    runs_on = _short(plan.names[0]) if plan.names else "nothing"
    if plan.unavailable:
        missing = ", ".join(map(_short, plan.unavailable))
        if any(p in GPU_PROVIDERS for p in plan.unavailable):
            remedy = d.gpu_ort_remedy
        else:
            remedy = f"remove {missing} from [model] providers"
        if d.config.model.provider_mismatch == "error":
            return _failure(
                name,
                f"[model] providers asks for {asked}; this onnxruntime has no {missing}: "
                'the daemon refuses to start (provider_mismatch = "error")',
                remedy,
            )
        return _warning(
            name,
            f"[model] providers asks for {asked}; this onnxruntime has no {missing}: "
            f"the model runs on {runs_on}",
            remedy,
        )
    has_gpu = bool(_igpu(d) if d.jetson else (d.nvml_ok or d.dev_nodes))
    if not d.config.model.providers and has_gpu and not any(p in rt.available for p in GPU_PROVIDERS):
        return _warning(
            name,
            f"a GPU is here but this onnxruntime has only {', '.join(map(_short, rt.available))}: "
            "the model runs on the CPU",
            d.gpu_ort_remedy,
        )
    rest = [_short(p) for p in plan.names[1:]]
    return _ok(
        name,
        f"asked for {asked}; the model runs on {runs_on}" + (f" (then {', '.join(rest)})" if rest else ""),
    )


def _check_providers_in_use(d: _Device) -> Check | None:
    name = "providers in use"
    status = d.daemon.status
    if not d.daemon.answered or status is None:
        return None
    model = status.get("model")
    if not isinstance(model, dict):
        return _ok(name, "the daemon runs no local model")
    state = model.get("state")
    if state == "failed":
        return _failure(
            name,
            f"the daemon's local model failed to load: {_one_line(model.get('error') or 'no reason given')}",
            "fix the cause above, then: sudo systemctl restart edged (journalctl -u edged has the details)",
        )
    providers = [str(p) for p in model.get("providers") or []]
    if not providers:
        return _ok(name, f"the daemon's local model is {state}; no providers yet")
    fallback = model.get("provider_fallback")
    if fallback:
        return _warning(
            name,
            f"the daemon runs on {', '.join(map(_short, providers))}, not as asked: {_one_line(fallback)}",
            d.gpu_ort_remedy,
        )
    return _ok(name, f"the daemon runs the model on {', '.join(map(_short, providers))}")


def _igpu(d: _Device) -> Any:
    return _safe(lambda: find_igpu(d.root), None)


def _check_gpu(d: _Device) -> Check:
    name = "gpu"
    wanted = ", ".join(_short(p) for p in d.requested if p in GPU_PROVIDERS)
    if d.jetson:
        paths = _igpu(d)
        if paths is None:
            return _warning(
                name,
                "a Jetson without an iGPU in /sys/class/devfreq: the GPU driver has not probed",
                "check `dmesg | grep -i nvgpu`; early at boot, run edged doctor again",
            )
        reading = _safe(lambda: read_igpu(paths), None)
        clocks = ""
        if reading is not None and reading.freq_mhz is not None and reading.max_freq_mhz is not None:
            clocks = f", {reading.freq_mhz:.0f}/{reading.max_freq_mhz:.0f} MHz"
        devfreq = "/" + str(paths.devfreq.relative_to(d.root)) if paths.devfreq.is_relative_to(d.root) else ""
        return _ok(name, f"Jetson iGPU {paths.name} via devfreq {devfreq or paths.devfreq}{clocks}")
    nodes = ", ".join(d.dev_nodes)
    if d.nvml_ok:
        return _ok(name, f"NVML {d.nvml_detail}" + (f"; {nodes}" if nodes else ""))
    if d.dev_nodes:
        if not d.config.telemetry.nvml:
            return _ok(name, f"{nodes} (NVML disabled by [telemetry] nvml)")
        return _warning(
            name,
            f"{nodes} present, but NVML: {d.nvml_detail}",
            "pip install 'edged[nvidia]' (nvidia-ml-py) for GPU telemetry; check the driver with nvidia-smi",
        )
    if d.wants_gpu:
        return _warning(
            name,
            f"no GPU visible (no Jetson iGPU, no /dev/nvidia*), but [model] providers asks for {wanted}",
            'set [model] providers = ["CPUExecutionProvider"], or install the NVIDIA driver',
        )
    return _ok(name, "no GPU; none needed: the model runs on the CPU")


def _check_telemetry(d: _Device) -> Check:
    from edged.telemetry.monitor import Monitor

    name = "telemetry"
    telemetry_root = d.config.telemetry.root or "/"
    monitor = Monitor(d.config.telemetry, gpu_index=d.config.model.device_id)
    try:
        headroom = monitor.sample_now()
        sources = monitor.sources()
    except Exception as exc:
        return _warning(
            name,
            _one_line(f"reading the sensors failed: {type(exc).__name__}: {exc}"),
            "report this with the output of `edged doctor --json`",
        )
    finally:
        monitor.stop()
    jetson = bool(sources.get("jetson", {}).get("detected"))
    parts: list[str] = []
    missing: list[str] = []
    remedies: list[str] = []

    mem = headroom.memory
    if mem.total_mb:
        parts.append(f"memory {mem.available_mb or 0:.0f}/{mem.total_mb:.0f} MiB available")
    else:
        parts.append("memory unreadable")
        missing.append("memory")
        remedies.append(
            f"/proc/meminfo must be readable under {telemetry_root} (the unit keeps ProcSubset=all)"
        )

    zones = len(headroom.thermal.zones) + len(headroom.thermal.sensors)
    if zones:
        hottest = (
            f", hottest {headroom.thermal.zone} {headroom.thermal.max_c:.0f} °C"
            if headroom.thermal.max_c is not None
            else ""
        )
        parts.append(f"thermal {zones} sensor(s){hottest}")
    else:
        parts.append("thermal none")
        if jetson:
            missing.append("thermal zones")
            remedies.append("check /sys/class/thermal (the Tegra thermal driver)")

    battery = headroom.battery
    if battery.source != "none":
        pct = f" {battery.percent:.0f}%" if battery.percent is not None else ""
        parts.append(f"battery{pct} ({battery.source})")
    else:
        parts.append("battery none")

    if headroom.power_rails:
        parts.append(f"power rails {len(headroom.power_rails)}")
    elif jetson:
        parts.append("power rails none")
        missing.append("power rails")
        remedies.append("check the INA3221 driver (/sys/bus/i2c/drivers/ina3221)")

    if jetson:
        if headroom.power_mode:
            parts.append(f"nvpmodel {headroom.power_mode}")
        else:
            parts.append("nvpmodel unknown")
            missing.append("nvpmodel")
            remedies.append("check /var/lib/nvpmodel/status and /etc/nvpmodel.conf (nvpmodel.service)")

    nvml = sources.get("nvml", {})
    parts.append("NVML yes" if nvml.get("available") else "NVML n/a")

    detail = f"{sources.get('platform', 'generic')}: " + ", ".join(parts)
    if missing:
        return _warning(name, f"{detail}; missing: {', '.join(missing)}", "; ".join(remedies))
    return _ok(name, detail)


def _check_socket(d: _Device) -> Check:
    name = "socket"
    endpoint = d.endpoint
    if d.daemon.answered:
        rebinds = ((d.daemon.status or {}).get("socket") or {}).get("rebinds") or 0
        again = f" (it bound the socket file again {rebinds} time(s) after it was lost; see the journal)"
        return _ok(name, f"{endpoint}: a daemon answers on it" + (again if rebinds else ""))
    server = d.config.server
    if endpoint.startswith("tcp://"):
        secret = Path(server.curve_secret_key_file) if server.curve_secret_key_file else None
        keys = Path(server.curve_authorized_keys_dir) if server.curve_authorized_keys_dir else None
        if secret is None or keys is None or not secret.is_file() or not keys.is_dir():
            return _failure(
                name,
                f"{endpoint} needs [server] curve_secret_key_file and curve_authorized_keys_dir",
                "create keys with zmq.auth.create_certificates and set both keys in [server]",
            )
        return _ok(name, f"{endpoint}: CURVE keys in place")
    if not endpoint.startswith("ipc://"):
        return _failure(name, f"{endpoint}: not an ipc:// or tcp:// endpoint", "fix [server] endpoint")
    path = Path(endpoint[len("ipc://") :])
    if len(str(path).encode()) > MAX_SOCKET_PATH:
        return _failure(name, f"{path}: too long for a unix socket path", "set a shorter [server] endpoint")
    holder = _lock_holder(path.with_name(path.name + ".lock"))
    if holder is not None:
        daemon = f"the daemon holding its lock (pid {holder or '?'})"
        lost = _not_a_socket(path)
        if path.is_dir():
            return _warning(
                name,
                f"{path} {lost}; {daemon} does not remove a directory, so no client can connect",
                f"remove it (rmdir {path}); the daemon binds its socket again at its next check",
            )
        if lost:
            # The daemon checks its socket file every [server] socket_check_s and binds it again.
            return _warning(
                name,
                f"{path} {lost}; {daemon} binds it again at its next socket check "
                f"(every {server.socket_check_s:g} s; 0: only on reload), and until then no client can connect",
                "if this stays, the daemon cannot bind it again (journalctl -u edged says why): "
                "sudo systemctl reload edged, else sudo systemctl restart edged",
            )
        return _warning(
            name,
            f"{path} is held by a daemon (pid {holder or '?'}) that did not answer",
            "if it stays so: sudo systemctl restart edged",
        )
    ok, why = _writable_dir(path.parent)
    if not ok:
        return _failure(
            name,
            f"cannot create {path}: {why}",
            f"run edged as a user that can write {path.parent}, or set [server] endpoint",
        )
    stale = " (a stale socket file is there; the next start replaces it)" if path.exists() else ""
    return _ok(name, f"{endpoint}: {path.parent} {why}{stale}")


def _not_a_socket(path: Path) -> str:
    """What is wrong with the socket file at `path` ("is missing", "is a regular file, not a
    socket"); empty when a socket is there."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return "is missing"
    except OSError as exc:
        return f"cannot be checked ({exc.strerror})"
    if stat.S_ISSOCK(st.st_mode):
        return ""
    if stat.S_ISREG(st.st_mode):
        return "is a regular file, not a socket"
    if stat.S_ISDIR(st.st_mode):
        return "is a directory, not a socket"
    return "is not a socket"


def _lock_holder(lock: Path) -> str | None:
    """The pid in the endpoint's lock file while a process holds it; None when nobody does."""
    try:
        fd = os.open(lock, os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except OSError:
            return os.pread(fd, 32, 0).decode(errors="replace").strip()
        fcntl.flock(fd, fcntl.LOCK_UN)
        return None
    finally:
        os.close(fd)


def _writable_dir(path: Path) -> tuple[bool, str]:
    """Can this user write `path` (or create it, with its missing parents)? And a word on why."""
    if path.exists():
        if not path.is_dir():
            return False, f"{path} is not a folder"
        try:
            fd, probe = tempfile.mkstemp(prefix=".edged-doctor-", dir=path)
        except OSError as exc:
            return False, f"{path} is not writable ({exc.strerror or exc})"
        os.close(fd)
        os.unlink(probe)
        return True, "is writable"
    parent = path.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if not parent.is_dir():
        return False, f"{parent} is not a folder"
    if not os.access(parent, os.W_OK | os.X_OK):
        return False, f"{path} does not exist and {parent} is not writable"
    return True, f"will be created (under {parent})"


def _check_state_dir(d: _Device) -> Check:
    name = "state directory"
    path = d.config.state_dir
    ok, why = _writable_dir(path)
    if not ok:
        return _failure(
            name,
            f"{path}: {why}",
            "set [state] dir to a writable folder, or chown it to the user edged runs as",
        )
    return _ok(name, f"{path} {why}")


def _check_state_store(d: _Device) -> Check | None:
    """The running daemon's own view of its state files: they can fail while the folder looks fine
    (an immutable file, a full disk, a filesystem turned read-only)."""
    name = "state store"
    store = (d.daemon.status or {}).get("store")
    if not isinstance(store, dict):
        return None  # no daemon, or one too old to say
    if store.get("ok"):
        return _ok(name, f"the daemon reads and writes its state files in {store.get('dir', '?')}")
    faults = [
        f"{part}: {info.get('fault')}"
        for part, info in store.items()
        if isinstance(info, dict) and info.get("fault")
    ]
    detail = "; ".join(faults) or "the daemon cannot write its state files"
    if store.get("unrecorded_charges"):
        detail += f"; {store['unrecorded_charges']} cloud charge(s) held in memory until the ledger works"
    return _failure(
        name,
        _one_line(f"{detail} (sessions refused, cloud routing off)"),
        f"make {store.get('dir', 'the state directory')} writable again (free space, remount read-write, "
        "chattr -i); the daemon notices within seconds, no restart needed",
    )


def _check_trt_cache(d: _Device) -> Check | None:
    name = "tensorrt cache"
    if not d.wants_tensorrt:
        return None
    path = d.config.trt_cache_dir
    ok, why = _writable_dir(path)
    if not ok:
        return _failure(
            name,
            f"{path}: {why}; TensorRT cannot keep its engines",
            "set [model] trt_cache_dir to a writable folder on persistent storage",
        )
    return _ok(name, f"{path} {why}")


def _check_model(d: _Device) -> Check:
    from edged.model.manifest import Manifest, verify_folder

    name = "model"
    path = d.config.model_path
    rebuild = f"rebuild: edged model build --output {path}"
    try:
        manifest = Manifest.read(path)
    except ModelError as exc:
        return _failure(name, _one_line(str(exc)), rebuild)
    catalogued = manifest.source.get("catalogue")
    if isinstance(catalogued, str) and catalogued != "smollm2-135m":
        # Without --source the command would build the default model into this folder.
        rebuild += f" --source {catalogued}"
    if manifest.precision != "int4":
        rebuild += f" --precision {manifest.precision}"
    if manifest.target != "cpu":
        rebuild += f" --target {manifest.target}"
    try:
        verify_folder(path, manifest, "hash")
    except ModelError as exc:
        return _failure(name, _one_line(str(exc)), rebuild)
    size_mb = sum(int(f.get("bytes", 0)) for f in manifest.files.values()) / 1e6
    detail = (
        f"{manifest.name} [{manifest.precision}, {manifest.target}] at {path}: "
        f"{len(manifest.files)} files ({size_mb:.1f} MB) match manifest.json"
    )
    have = d.runtime.ort_version
    built = manifest.onnxruntime_version
    if have and built and _version(have) < _version(built):
        return _warning(
            name,
            f"{detail}; built for onnxruntime {built}, this one is {have}",
            f"upgrade onnxruntime to {built} or newer, or {rebuild}",
        )
    return _ok(name, detail)


def _check_profile(d: _Device) -> Check | None:
    from edged.model.profile import check_profile
    from edged.tasks import suite_digest

    name = "profile"
    path = d.config.model_path
    if not path.is_dir():
        return None  # the model check already says so
    status = check_profile(path, suite_digest())
    if status.state == "ok":
        return _ok(name, status.detail)
    # Without a profile edged still serves; it only cannot say what this model gets right.
    return _warning(
        name,
        _one_line(status.detail),
        f"run: edged model profile --model {path} (the suite's dev split, a few minutes)",
    )


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", text)[:3])


def _check_cloud(d: _Device) -> Check:
    import httpx

    name = "cloud"
    endpoints = d.config.cloud_endpoints
    if not endpoints:
        return _ok(name, "no cloud endpoint configured: local only")
    timeout = d.config.cloud.probe_timeout_s
    reached: list[str] = []
    failed: list[str] = []
    with httpx.Client(timeout=httpx.Timeout(timeout), follow_redirects=False) as client:
        for ep in endpoints:
            # Without credentials, as the daemon's own probe: any reply shows the way is open.
            url = without_userinfo(ep.base_url).rstrip("/") + "/models"
            started = time.monotonic()
            try:
                response = client.get(url)
            except httpx.TimeoutException:
                failed.append(f"{ep.name} unreachable (no answer in {timeout:g} s)")
                continue
            except httpx.HTTPError as exc:
                failed.append(_one_line(f"{ep.name} unreachable ({type(exc).__name__}: {exc})"))
                continue
            rtt_ms = (time.monotonic() - started) * 1000
            reached.append(f"{ep.name} reachable (HTTP {response.status_code}, {rtt_ms:.0f} ms)")
    detail = "; ".join(reached + failed)
    if not failed:
        return _ok(name, detail)
    urls = ", ".join(without_userinfo(ep.base_url) for ep in endpoints)
    remedy = f"check the network and [cloud] base_url ({urls})"
    if not reached and d.config.router.offline == "strict":
        return _failure(
            name, detail, remedy + '; with [router] offline = "strict" cloud requests fail meanwhile'
        )
    return _warning(name, detail, remedy + "; edged answers locally meanwhile")


def _check_credential(d: _Device) -> Check | None:
    from edged.backends.cloud import resolve_api_key

    name = "cloud credential"
    endpoints = d.config.cloud_endpoints
    if not endpoints:
        return None
    found: list[str] = []
    problems: list[tuple[CheckStatus, str, str]] = []
    for i, ep in enumerate(endpoints):
        try:
            key, source = resolve_api_key(ep, preferred=i == 0, env=d.env)
        except EdgedError as exc:  # a configured key file that cannot be read
            problems.append(
                ("failure", _one_line(str(exc)), "make the key file readable by the user edged runs as")
            )
            continue
        if key is not None:
            del key  # only where it came from is reported
            where = _key_location(ep.api_key_file, source, d.env)
            found.append(f"{ep.name}: key from {where}")
            if source == "api_key_file":
                path = Path(ep.api_key_file).expanduser()
                if path.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO):
                    problems.append(
                        ("warning", f"{ep.name}: {path} is readable by group or others", f"chmod 600 {path}")
                    )
            continue
        if i == 0:
            unit_key = _unit_credential(d.root)
            if unit_key:
                found.append(f"{ep.name}: {unit_key}")
                continue
        problems.append(
            (
                "warning",
                f"{ep.name}: no API key found; requests go without Authorization",
                f"put the key in {UNIT_CREDENTIAL_FILE} (mode 0600; the unit loads it as a credential), "
                "or set [cloud] api_key_file or EDGED_CLOUD_API_KEY",
            )
        )
    detail = "; ".join(found + [p[1] for p in problems])
    if any(p[0] == "failure" for p in problems):
        return _failure(name, detail, "; ".join(p[2] for p in problems if p[0] == "failure"))
    if problems:
        return _warning(name, detail, "; ".join(p[2] for p in problems))
    return _ok(name, detail)


def _key_location(key_file: str, source: str, env: Mapping[str, str]) -> str:
    if source == "api_key_file":
        return f"api_key_file {Path(key_file).expanduser()}"
    if source == "credential":
        return (
            f"systemd credential {Path(env.get('CREDENTIALS_DIRECTORY', '').split(':')[0]) / CREDENTIAL_NAME}"
        )
    return source


def _unit_credential(root: Path) -> str:
    """Where the unit's LoadCredential= file holds a key, described; "" when it holds none."""
    path = root / UNIT_CREDENTIAL_FILE.lstrip("/")
    try:
        text = path.read_text(encoding="utf-8")
    except PermissionError:
        return f"{UNIT_CREDENTIAL_FILE} exists (not readable by this user; the unit loads it as a credential)"
    except (OSError, UnicodeDecodeError):
        return ""
    if not text.strip():
        return ""
    return f"key in {UNIT_CREDENTIAL_FILE} (the unit loads it as a credential)"


def _check_unit(d: _Device) -> Check:
    name = "systemd unit"
    root = d.root
    unit = next(
        (root / p.lstrip("/") / UNIT_NAME for p in UNIT_DIRS if (root / p.lstrip("/") / UNIT_NAME).is_file()),
        None,
    )
    if unit is None:
        return _warning(name, f"{UNIT_NAME} is not installed", INSTALL_UNIT)
    shown = "/" + str(unit.relative_to(root)) if unit.is_relative_to(root) else str(unit)
    exec_start = _exec_start(root, unit)
    if exec_start and exec_start.startswith("/") and not (root / exec_start.lstrip("/")).exists():
        return _warning(
            name,
            f"{shown}: ExecStart runs {exec_start}, which does not exist",
            "point ExecStart at the installed edged: sudo systemctl edit edged "
            "(ExecStart= then ExecStart=/opt/edged/bin/edged serve --config /etc/edged/edged.toml)",
        )
    if not (root / UNIT_WANTS.lstrip("/")).exists():
        return _warning(
            name,
            f"{shown} installed but not enabled: edged does not start at boot",
            "sudo systemctl enable --now edged",
        )
    return _ok(name, f"{shown}, enabled")


def _exec_start(root: Path, unit: Path) -> str | None:
    """The program the unit's last ExecStart= runs, drop-ins included."""
    dropins: dict[str, Path] = {}
    for base in reversed(UNIT_DIRS):  # /etc last, so its drop-ins override same-named ones
        folder = root / base.lstrip("/") / (UNIT_NAME + ".d")
        for conf in sorted(folder.glob("*.conf")) if folder.is_dir() else []:
            dropins[conf.name] = conf
    command: str | None = None
    for path in [unit, *(dropins[n] for n in sorted(dropins))]:
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        section = ""
        for raw in text.splitlines():
            line = raw.strip()
            if line.startswith("[") and line.endswith("]"):
                section = line
            elif section == "[Service]" and line.startswith("ExecStart="):
                value = line[len("ExecStart=") :].strip()
                command = value or None
    if not command:
        return None
    return command.split()[0].lstrip("@-:+!")


def _check_daemon(d: _Device) -> Check:
    name = "daemon"
    if not d.daemon.answered:
        return _warning(name, d.daemon.problem or f"no daemon answers on {d.endpoint}", START_DAEMON)
    ping = d.daemon.ping
    status = d.daemon.status or {}
    state = str(ping.get("state") or status.get("state") or "?")
    detail = f"edged {ping.get('version', '?')} {state} on {d.endpoint}"
    if status:
        detail += f" (pid {status.get('pid', '?')}, up {status.get('uptime_s', '?')} s)"
    if state in ("serving", "loading"):
        return _ok(name, detail)
    return _warning(name, detail, "see journalctl -u edged; then sudo systemctl restart edged")


# -- entry points ---------------------------------------------------------------------------------


def load_config(path: str | None = None, endpoint: str | None = None) -> tuple[Config, Check]:
    """The configuration to check, and the check that says whether it loaded.

    A configuration that does not load is a failure; the other checks then run on the
    embedded defaults (and say so through this check's detail).
    """
    overrides = {"server": {"endpoint": endpoint}} if endpoint else None
    try:
        config = Config.load(path, overrides=overrides)
    except ConfigError as exc:
        first = exc.problems[0] if exc.problems else str(exc)
        more = f" (+{len(exc.problems) - 1} more)" if len(exc.problems) > 1 else ""
        fallback = Config().replace(server=ServerConfig(endpoint=endpoint or ""))
        return fallback, _failure(
            "config",
            _one_line(f"{first}{more}; the other checks use the embedded defaults"),
            f"edged config check {path or ''}".rstrip() + " lists every problem",
        )
    return config, _ok("config", f"loaded from {config.source or 'embedded defaults'} and the environment")


def run_checks(
    config: Config,
    *,
    root: Path | None = None,
    endpoint: str | None = None,
    env: Mapping[str, str] | None = None,
    daemon_timeout_s: float = 2.0,
) -> list[Check]:
    """Run every check against `config`.

    **Parameters:**
    * **root** - the filesystem root for the unit files, /dev and the Jetson iGPU; default
      `[telemetry] root`.
    * **endpoint** - the daemon endpoint to look for; default the configured one.
    * **env** - the environment API keys and credentials are read from; default `os.environ`.
    * **daemon_timeout_s** - how long to wait for a daemon's ping.
    """
    base = root if root is not None else Path(config.telemetry.root or "/")
    d = _Device(
        config,
        base,
        endpoint or config.endpoint,
        os.environ if env is None else env,
        daemon_timeout_s,
    )
    steps: Sequence[Callable[[_Device], Check | None]] = (
        _check_onnxruntime,
        _check_providers,
        _check_providers_in_use,
        _check_gpu,
        _check_telemetry,
        _check_socket,
        _check_state_dir,
        _check_state_store,
        _check_trt_cache,
        _check_model,
        _check_profile,
        _check_cloud,
        _check_credential,
        _check_unit,
        _check_daemon,
    )
    checks: list[Check] = []
    for step in steps:
        try:
            check = step(d)
        except Exception as exc:  # one broken check must not hide the others
            name = step.__name__.removeprefix("_check_").replace("_", " ")
            check = _failure(
                name,
                _one_line(f"the check itself failed: {type(exc).__name__}: {exc}"),
                "report this with the output of `edged doctor --json`",
            )
        if check is not None:
            checks.append(check)
    return checks


def summarize(checks: Sequence[Check]) -> dict[str, Any]:
    """The `--json` document: {"checks": [...], "ok": bool, "failures": n, "warnings": n}."""
    failures = sum(1 for c in checks if c.status == "failure")
    warnings = sum(1 for c in checks if c.status == "warning")
    return {
        "checks": [c.to_dict() for c in checks],
        "ok": failures == 0,
        "failures": failures,
        "warnings": warnings,
    }


def _marks(encoding: str | None) -> dict[str, str]:
    try:
        "✓✗→".encode(encoding or "ascii")
    except (UnicodeEncodeError, LookupError):
        return {"ok": "+", "warning": "!", "failure": "x", "arrow": "->"}
    return {"ok": "✓", "warning": "!", "failure": "✗", "arrow": "→"}


def format_checks(checks: Sequence[Check], *, encoding: str | None = "utf-8") -> str:
    """One line per check with its mark (✓ ! ✗), the remedy indented below, then a summary."""
    marks = _marks(encoding)
    width = max((len(c.name) for c in checks), default=0)
    lines: list[str] = []
    for c in checks:
        lines.append(f"{marks[c.status]} {c.name:<{width}}  {c.detail}")
        if c.remedy:
            lines.append(f"    {marks['arrow']} {c.remedy}")
    summary = summarize(checks)
    if summary["failures"] or summary["warnings"]:
        lines.append(f"{summary['failures']} failure(s), {summary['warnings']} warning(s)")
    else:
        lines.append("all checks passed")
    return "\n".join(lines)


def run_doctor(args: argparse.Namespace) -> int:
    """`edged doctor [--json]`: 0 when no check fails, 1 otherwise."""
    config, config_check = load_config(getattr(args, "config", None))
    # The endpoint every other command would use (edged/endpoint.py); it stays out of the loaded
    # configuration, where a tcp:// one would be checked as this device's own daemon's.
    target = resolve_endpoint(getattr(args, "endpoint", None), config)
    checks = [config_check, *run_checks(config, endpoint=target.url)]
    if getattr(args, "json", False):
        print(json.dumps(summarize(checks), indent=2, ensure_ascii=False))
    else:
        print(format_checks(checks, encoding=sys.stdout.encoding))
    return 1 if any(c.status == "failure" for c in checks) else 0
