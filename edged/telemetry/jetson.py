"""NVIDIA Jetson readers: Tegra detection, iGPU load, INA3221 power rails, nvpmodel, EMC.

Every reader takes the filesystem root it starts from, so each board is a fixture tree in tests.
Nothing here needs root privileges except the optional EMC figures in debugfs, which are reported
as unavailable when they cannot be read. Nothing here changes the board: the power mode is read
from nvpmodel's own files, and `nvpmodel -m` / `jetson_clocks` are never run.

NVML is not used for any of this: before JetPack 6 there is no libnvidia-ml on Tegra, and on
JetPack 6 every query but the name raises NVMLError_NotSupported.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from edged.telemetry.sysfs import read_int, read_text, under

__all__ = [
    "KNOWN_GPU_NODE_NAMES",
    "NVPMODEL_TIMEOUT_S",
    "EMCReading",
    "IGPUPaths",
    "IGPUReader",
    "IGPUReading",
    "PowerMode",
    "PowerModeReader",
    "PowerRail",
    "PowerRailsReader",
    "find_igpu",
    "find_power_monitors",
    "is_jetson",
    "parse_nvpmodel_conf",
    "parse_nvpmodel_query",
    "query_nvpmodel",
    "read_compatible",
    "read_emc",
    "read_igpu",
    "read_power_mode",
    "read_power_rails",
    "read_tegra_release",
    "total_power",
]

TEGRA_RELEASE = "/etc/nv_tegra_release"
DT_COMPATIBLE = ("/proc/device-tree/compatible", "/sys/firmware/devicetree/base/compatible")
# Device-tree node names of Tegra iGPUs: Xavier, TX2, Orin (JetPack 5), Thor/Blackwell, and the
# generic "gpu" JetPack 6 uses on Orin.
KNOWN_GPU_NODE_NAMES = frozenset({"gv11b", "gp10b", "ga10b", "gb10b", "gpu"})
# Rails that are the whole module's input; the sum of the other rails misses the carrier board.
TOTAL_RAILS = ("VDD_IN", "POM_5V_IN")
SUM_OF_RAILS = "sum of rails"
NVPMODEL_TIMEOUT_S = 4.0
NVPMODEL_STATUS = "/var/lib/nvpmodel/status"
NVPMODEL_CONF = "/etc/nvpmodel.conf"


def _realpath_under(path: Path, root: str | os.PathLike[str]) -> Path | None:
    """`path` with its symlinks resolved; None if they lead out of `root` (a broken fixture tree)."""
    real = Path(os.path.realpath(path))
    base = Path(os.path.realpath(root))
    if base != Path("/") and not real.is_relative_to(base):
        return None
    return real


# -- detection ------------------------------------------------------------------------------------


def read_tegra_release(root: str | os.PathLike[str]) -> str | None:
    """The first line of /etc/nv_tegra_release, e.g. "# R36 (release), REVISION: 4.3, ..."."""
    text = read_text(under(root, TEGRA_RELEASE))
    return text.splitlines()[0].lstrip("# ").strip() if text else None


def read_compatible(root: str | os.PathLike[str]) -> list[str]:
    """The device tree's root `compatible` strings (NUL-separated in the file)."""
    for path in DT_COMPATIBLE:
        try:
            raw = under(root, path).read_bytes()
        except OSError:
            continue
        return [s.decode("ascii", "replace") for s in raw.split(b"\0") if s.strip()]
    return []


def is_jetson(root: str | os.PathLike[str]) -> bool:
    """A Tegra board: /etc/nv_tegra_release exists or the device tree says nvidia,tegra*."""
    if under(root, TEGRA_RELEASE).is_file():
        return True
    return any("nvidia,tegra" in s for s in read_compatible(root))


# -- iGPU load and frequency ----------------------------------------------------------------------


@dataclass(frozen=True)
class IGPUPaths:
    devfreq: Path  # /sys/class/devfreq/<node>: cur_freq, max_freq, governor
    device: Path  # realpath(<devfreq>/device): load, railgate_enable
    name: str  # the device-tree node name: ga10b, gv11b, gpu, ...


@dataclass(frozen=True)
class IGPUReading:
    name: str
    load_pct: float | None
    freq_mhz: float | None
    max_freq_mhz: float | None


def find_igpu(root: str | os.PathLike[str]) -> IGPUPaths | None:
    """The iGPU's devfreq node: the one whose device-tree node name is a known Tegra GPU.

    Found by scanning, not from a fixed path: the path differs by module and JetPack
    (/sys/devices/gpu.0, /sys/devices/17000000.ga10b, /sys/devices/platform/bus@0/17000000.gpu).
    None early at boot, before the GPU driver has probed: try again later.
    """
    base = under(root, "/sys/class/devfreq")
    try:
        nodes = sorted(base.iterdir())
    except OSError:
        return None
    for node in nodes:
        name = read_text(node / "device" / "of_node" / "name")
        if name is None or name not in KNOWN_GPU_NODE_NAMES:
            continue
        device = _realpath_under(node / "device", root)
        if device is None or not (device / "load").exists():
            continue
        return IGPUPaths(devfreq=node, device=device, name=name)
    return None


def read_igpu(paths: IGPUPaths) -> IGPUReading:
    """Load (the driver's per-mille figure ÷ 10) and devfreq clocks (Hz → MHz)."""
    load = read_int(paths.device / "load")
    cur = read_int(paths.devfreq / "cur_freq")
    top = read_int(paths.devfreq / "max_freq")
    return IGPUReading(
        name=paths.name,
        load_pct=min(100.0, load / 10.0) if load is not None else None,
        freq_mhz=cur / 1e6 if cur is not None else None,
        max_freq_mhz=top / 1e6 if top is not None else None,
    )


class IGPUReader:
    """The iGPU found once and read each time; looked for again while missing or once it stops reading."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = root
        self.paths: IGPUPaths | None = None

    def read(self) -> IGPUReading | None:
        if self.paths is None:
            self.paths = find_igpu(self.root)
            if self.paths is None:
                return None
        reading = read_igpu(self.paths)
        if reading.load_pct is None:
            self.paths = None  # the node went away (driver reload): look again next time
        return reading


# -- INA3221 power rails --------------------------------------------------------------------------


@dataclass(frozen=True)
class PowerRail:
    name: str
    voltage_mv: float
    current_ma: float

    @property
    def power_mw(self) -> float:
        return self.voltage_mv * self.current_ma / 1000.0


@dataclass(frozen=True)
class _Channel:
    name: str
    voltage: Path
    current: Path


def find_power_monitors(root: str | os.PathLike[str]) -> list[Path]:
    """The hwmon folders of every INA3221 on the I2C buses under `root`."""
    candidates: list[Path] = []
    for pattern_base in ("/sys/bus/i2c/devices", "/sys/bus/i2c/drivers/ina3221"):
        try:
            candidates.extend(sorted(under(root, pattern_base).iterdir()))
        except OSError:
            continue
    found: list[Path] = []
    seen: set[Path] = set()
    for dev in candidates:
        if "ina3221" not in (read_text(dev / "name") or "").lower():
            continue
        real = _realpath_under(dev, root)
        if real is None or real in seen:
            continue
        seen.add(real)
        try:
            found.extend(sorted((dev / "hwmon").glob("hwmon*")))
        except OSError:
            continue
    return found


def _find_channels(root: str | os.PathLike[str]) -> list[_Channel]:
    channels: list[_Channel] = []
    names: set[str] = set()
    for hwmon in find_power_monitors(root):
        try:
            labels = sorted(hwmon.glob("in*_label"), key=lambda p: int(re.sub(r"\D", "", p.name) or 0))
        except OSError:
            continue
        for label_path in labels:
            label = read_text(label_path)
            k = re.sub(r"\D", "", label_path.name)
            if not label or label.upper() == "NC" or "sum of shunt" in label.lower():
                continue
            current = hwmon / f"curr{k}_input"
            if not current.exists():
                continue
            name = label if label not in names else f"{label}@{hwmon.parent.parent.name}"
            names.add(name)
            channels.append(_Channel(name, hwmon / f"in{k}_input", current))
    return channels


def _read_channels(channels: Sequence[_Channel]) -> list[PowerRail]:
    rails = []
    for ch in channels:
        mv, ma = read_int(ch.voltage), read_int(ch.current)
        if mv is not None and ma is not None:
            rails.append(PowerRail(ch.name, float(mv), float(ma)))
    return rails


def read_power_rails(root: str | os.PathLike[str]) -> list[PowerRail]:
    """Every labelled INA3221 channel (mV, mA), skipping "NC" and the "sum of shunt voltages" channel."""
    return _read_channels(_find_channels(root))


def total_power(rails: Sequence[PowerRail]) -> tuple[float | None, str | None]:
    """(mW, source): the module's input rail (VDD_IN, POM_5V_IN) if there is one, else the sum.

    The sum of the monitored rails excludes the carrier board and whatever the monitors do not
    see; AGX Orin has no VDD_IN, so its figure is the sum and reads low.
    """
    by_name = {r.name: r for r in rails}
    for name in TOTAL_RAILS:
        if name in by_name:
            return by_name[name].power_mw, name
    if not rails:
        return None, None
    return sum(r.power_mw for r in rails), SUM_OF_RAILS


class PowerRailsReader:
    """INA3221 channels found once (labels are static) and read each time."""

    def __init__(self, root: str | os.PathLike[str], *, rediscover_s: float = 60.0) -> None:
        self.root = root
        self.rediscover_s = rediscover_s
        self._channels: list[_Channel] = []
        self._found_at: float | None = None

    @property
    def channels(self) -> list[str]:
        return [c.name for c in self._channels]

    def read(self) -> list[PowerRail]:
        now = time.monotonic()
        if self._found_at is None or (not self._channels and now - self._found_at > self.rediscover_s):
            self._channels = _find_channels(self.root)
            self._found_at = now
        rails = _read_channels(self._channels)
        if self._channels and not rails:
            self._found_at = None  # every channel stopped reading: look again next time
        return rails


# -- nvpmodel -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PowerMode:
    id: int | None
    name: str | None
    source: str  # "files" or "nvpmodel -q"

    @property
    def label(self) -> str:
        if self.name:
            return self.name
        return f"mode {self.id}" if self.id is not None else "unknown"


_POWER_MODEL = re.compile(r"<\s*POWER_MODEL\s+ID\s*=\s*(\d+)\s+NAME\s*=\s*([^\s>]+)")
_PMODE = re.compile(r"pmode\s*:\s*(\d+)")


def parse_nvpmodel_conf(text: str) -> dict[int, str]:
    """{mode id: name} from /etc/nvpmodel.conf's `< POWER_MODEL ID=2 NAME=MAXN_SUPER >` lines."""
    modes: dict[int, str] = {}
    for line in text.splitlines():
        if line.lstrip().startswith("#"):
            continue
        m = _POWER_MODEL.search(line)
        if m:
            modes.setdefault(int(m.group(1)), m.group(2))
    return modes


def parse_nvpmodel_query(text: str) -> PowerMode | None:
    """`nvpmodel -q` output: "NV Power Mode: 15W" then the mode id on the next line."""
    m = re.search(r"NV Power Mode\s*:\s*(\S+)(?:\s*\n\s*(\d+))?", text)
    if not m:
        return None
    return PowerMode(int(m.group(2)) if m.group(2) else None, m.group(1), "nvpmodel -q")


def read_power_mode(root: str | os.PathLike[str], *, modes: dict[int, str] | None = None) -> PowerMode | None:
    """The current mode from /var/lib/nvpmodel/status and its name from /etc/nvpmodel.conf, no root needed."""
    status = read_text(under(root, NVPMODEL_STATUS))
    m = _PMODE.search(status or "")
    if not m:
        return None
    mode_id = int(m.group(1))
    if modes is None:
        conf = _read_file(under(root, NVPMODEL_CONF))
        modes = parse_nvpmodel_conf(conf) if conf else {}
    return PowerMode(mode_id, modes.get(mode_id), "files")


def _read_file(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None


def query_nvpmodel(
    command: Sequence[str] = ("nvpmodel", "-q"), *, timeout: float = NVPMODEL_TIMEOUT_S
) -> PowerMode | None:
    """Ask `nvpmodel -q` (read-only) for the mode; None if it is missing, fails or hangs past `timeout`."""
    exe = shutil.which(command[0])
    if exe is None:
        return None
    try:
        done = subprocess.run(
            [exe, *command[1:]],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            env={**os.environ, "LC_ALL": "C"},
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return None
    return parse_nvpmodel_query(done.stdout)


class PowerModeReader:
    """nvpmodel's mode, from its files each time; `nvpmodel -q` only where they are missing.

    The conf file is parsed again only when it changes. The command (allowed only on the live
    system, never for a fixture root) is asked at most once per `command_ttl_s`.
    """

    def __init__(
        self,
        root: str | os.PathLike[str],
        *,
        allow_command: bool = False,
        command: Sequence[str] = ("nvpmodel", "-q"),
        command_ttl_s: float = 300.0,
    ) -> None:
        self.root = root
        self.allow_command = allow_command
        self.command = tuple(command)
        self.command_ttl_s = command_ttl_s
        self._conf_key: tuple[int, int] | None = None
        self._modes: dict[int, str] = {}
        self._queried: tuple[float, PowerMode | None] | None = None

    def _conf_modes(self) -> dict[int, str]:
        path = under(self.root, NVPMODEL_CONF)
        try:
            st = path.stat()
        except OSError:
            self._conf_key, self._modes = None, {}
            return self._modes
        key = (st.st_mtime_ns, st.st_size)
        if key != self._conf_key:
            text = _read_file(path)
            self._modes = parse_nvpmodel_conf(text) if text else {}
            self._conf_key = key
        return self._modes

    def read(self) -> PowerMode | None:
        mode = read_power_mode(self.root, modes=self._conf_modes())
        if mode is not None or not self.allow_command:
            return mode
        now = time.monotonic()
        if self._queried is None or now - self._queried[0] > self.command_ttl_s:
            self._queried = (now, query_nvpmodel(self.command))
        return self._queried[1]


# -- EMC (external memory controller) -------------------------------------------------------------


@dataclass(frozen=True)
class EMCReading:
    freq_mhz: float | None
    max_freq_mhz: float | None
    source: Path


_EMC_SOURCES = (
    # debugfs: readable by root only, so a sandboxed daemon normally gets None here.
    ("/sys/kernel/debug/bpmp/debug/clk/emc/rate", "/sys/kernel/debug/bpmp/debug/clk/emc/max_rate"),
    # Thor's bandwidth manager exposes the EMC clock through devfreq.
    ("/sys/class/devfreq/bwmgr/cur_freq", "/sys/class/devfreq/bwmgr/max_freq"),
)


def read_emc(root: str | os.PathLike[str]) -> EMCReading | None:
    """The EMC clock, where readable; None ("unavailable") is the normal answer without root."""
    for rate_path, max_path in _EMC_SOURCES:
        rate = read_int(under(root, rate_path))
        if rate is None:
            continue
        top = read_int(under(root, max_path))
        return EMCReading(rate / 1e6, top / 1e6 if top is not None else None, under(root, rate_path))
    return None
