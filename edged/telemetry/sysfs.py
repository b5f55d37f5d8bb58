"""Linux procfs and sysfs readers: thermal zones, hwmon temperatures, power_supply batteries, meminfo.

Every reader takes the filesystem root it starts from ("/" on a device, a fixture tree in tests).
Reads are tolerant: a file that is missing, unreadable, empty or garbled gives None for that
value, never an exception. sysfs attributes fail in odd ways (EIO from a sleeping sensor,
ENODATA from a zone whose driver is not bound, EAGAIN), and they are all OSError.

The thermal zones are read here rather than through psutil on purpose: psutil reads
/sys/class/thermal only when no hwmon temperature exists at all, so one NVMe drive or a
Jetson's thermal-fan-est estimator hides every SoC zone (psutil#1873).
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "HwmonReader",
    "MemoryBudget",
    "SupplyBattery",
    "ThermalReader",
    "ThermalZone",
    "counts_for_headroom",
    "find_battery_supply",
    "memory_headroom",
    "read_hwmon_temps",
    "read_meminfo",
    "read_supply_battery",
    "read_thermal_zones",
    "under",
]

# A zone reading at or under this is a sensor that is powered off or not wired; Jetson reports
# -256 °C for the CV and SOC zones of an idle engine.
OFFLINE_BELOW_C = -100.0
# Zones whose figure is not a temperature of the SoC: a PMIC die zone on Jetson reports a constant
# 100 °C. Matched case-insensitively as a substring of the zone type.
SKIPPED_ZONE_TYPES = ("pmic",)
# Trip types that mean the kernel throttles or shuts down; "active" trips only start fans.
THROTTLE_TRIP_TYPES = frozenset({"passive", "hot", "critical"})
# hwmon chips whose heat says nothing about compute headroom: storage, network, memory modules,
# batteries, USB-C controllers. Their temperatures are reported but not counted; every other chip
# (coretemp, k10temp, amdgpu, a Jetson's thermal-fan-est) counts with the thermal zones.
REPORTED_ONLY_HWMON_PREFIXES = (
    "nvme",
    "drivetemp",
    "iwlwifi",
    "ath",
    "mt7",
    "rtw",
    "r8169",
    "enp",
    "wl",
    "jc42",
    "spd5118",
    "bat",
    "ucsi",
)


def counts_for_headroom(chip: str) -> bool:
    """Whether a hwmon chip's temperature is a compute temperature (see REPORTED_ONLY_HWMON_PREFIXES)."""
    return not chip.lower().startswith(REPORTED_ONLY_HWMON_PREFIXES)


def under(root: str | os.PathLike[str], absolute: str) -> Path:
    """`absolute` (e.g. "/sys/class/thermal") inside `root`."""
    return Path(root) / absolute.lstrip("/")


def read_text(path: str | os.PathLike[str]) -> str | None:
    """A sysfs attribute's text, stripped; None when missing, unreadable or empty."""
    try:
        with open(path, "rb") as f:
            raw = f.read(65536)
    except OSError:
        return None
    # Device-tree strings end in NUL; sysfs attributes end in a newline.
    text = raw.replace(b"\0", b" ").decode("utf-8", "replace").strip()
    return text or None


def read_int(path: str | os.PathLike[str]) -> int | None:
    text = read_text(path)
    if text is None:
        return None
    try:
        return int(text.split()[0])
    except ValueError:
        return None


def _zone_number(path: Path) -> int:
    m = re.search(r"(\d+)$", path.name)
    return int(m.group(1)) if m else -1


# -- thermal zones --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ThermalZone:
    name: str  # the zone type, made unique ("acpitz", "acpitz#1")
    path: Path
    temp_c: float | None  # None: unreadable or offline
    trips: tuple[tuple[str, float], ...] = ()  # (type, °C), as the kernel lists them
    skipped: bool = False  # a zone type that is not a SoC temperature (PMIC)

    @property
    def throttle_c(self) -> float | None:
        """The lowest trip at which the kernel throttles (passive, hot or critical)."""
        # A trip at 0 °C or below is unset: x86_pkg_temp lists a passive trip at 0.
        temps = [t for kind, t in self.trips if kind in THROTTLE_TRIP_TYPES and t > 0]
        return min(temps) if temps else None


@dataclass(frozen=True)
class _ZoneInfo:
    name: str
    path: Path
    trips: tuple[tuple[str, float], ...]
    skipped: bool


def _find_zones(root: str | os.PathLike[str]) -> list[_ZoneInfo]:
    base = under(root, "/sys/class/thermal")
    try:
        paths = sorted((p for p in base.glob("thermal_zone*")), key=_zone_number)
    except OSError:
        return []
    zones: list[_ZoneInfo] = []
    seen: set[str] = set()
    for path in paths:
        kind = read_text(path / "type") or path.name
        name = kind if kind not in seen else f"{kind}#{_zone_number(path)}"
        seen.add(name)
        trips: list[tuple[str, float]] = []
        for n in range(64):
            trip_type = read_text(path / f"trip_point_{n}_type")
            if trip_type is None:
                break
            trip_temp = read_int(path / f"trip_point_{n}_temp")
            if trip_temp is not None:
                trips.append((trip_type, trip_temp / 1000.0))
        skipped = any(s in kind.lower() for s in SKIPPED_ZONE_TYPES)
        zones.append(_ZoneInfo(name, path, tuple(trips), skipped))
    return zones


def _read_zone_temp(path: Path) -> float | None:
    milli = read_int(path / "temp")
    if milli is None:
        return None
    temp = milli / 1000.0
    return None if temp <= OFFLINE_BELOW_C else temp


def read_thermal_zones(root: str | os.PathLike[str]) -> list[ThermalZone]:
    """Every /sys/class/thermal/thermal_zone* under `root`, with its temperature and trip points."""
    return [
        ThermalZone(z.name, z.path, _read_zone_temp(z.path), z.trips, z.skipped) for z in _find_zones(root)
    ]


class ThermalReader:
    """Thermal zones with their names and trip points cached; only `temp` is read each time.

    Zones are looked for again every `rediscover_s` seconds, and at once when there were none
    (a thermal driver that binds late at boot).
    """

    def __init__(self, root: str | os.PathLike[str], *, rediscover_s: float = 60.0) -> None:
        self.root = root
        self.rediscover_s = rediscover_s
        self._zones: list[_ZoneInfo] = []
        self._found_at: float | None = None

    def read(self) -> list[ThermalZone]:
        now = time.monotonic()
        if not self._zones or self._found_at is None or now - self._found_at > self.rediscover_s:
            self._zones = _find_zones(self.root)
            self._found_at = now
        return [ThermalZone(z.name, z.path, _read_zone_temp(z.path), z.trips, z.skipped) for z in self._zones]


# -- hwmon temperatures ---------------------------------------------------------------------------


def _find_hwmon_temps(root: str | os.PathLike[str]) -> list[tuple[str, str, Path]]:
    """(chip, display name, temp*_input path) for every hwmon temperature under `root`."""
    base = under(root, "/sys/class/hwmon")
    found: list[tuple[str, str, Path]] = []
    try:
        chips = sorted(base.glob("hwmon*"), key=_zone_number)
    except OSError:
        return found
    for chip_dir in chips:
        chip = read_text(chip_dir / "name") or chip_dir.name
        try:
            inputs = sorted(chip_dir.glob("temp*_input"), key=lambda p: int(re.sub(r"\D", "", p.name) or 0))
        except OSError:
            continue
        for inp in inputs:
            label = read_text(inp.with_name(inp.name.replace("_input", "_label"))) or inp.name.split("_")[0]
            found.append((chip, f"{chip}/{label}", inp))
    return found


def read_hwmon_temps(root: str | os.PathLike[str]) -> dict[str, tuple[str, float]]:
    """ "chip/label" -> (chip, °C) for every readable /sys/class/hwmon/hwmon*/temp*_input under `root`."""
    out: dict[str, tuple[str, float]] = {}
    for chip, name, path in _find_hwmon_temps(root):
        milli = read_int(path)
        if milli is None or milli / 1000.0 <= OFFLINE_BELOW_C:
            continue
        out[name if name not in out else f"{name}#{len(out)}"] = (chip, milli / 1000.0)
    return out


class HwmonReader:
    """hwmon temperatures with the chip list cached, looked for again every `rediscover_s`."""

    def __init__(self, root: str | os.PathLike[str], *, rediscover_s: float = 60.0) -> None:
        self.root = root
        self.rediscover_s = rediscover_s
        self._inputs: list[tuple[str, str, Path]] = []
        self._found_at: float | None = None

    def read(self) -> dict[str, tuple[str, float]]:
        now = time.monotonic()
        if self._found_at is None or now - self._found_at > self.rediscover_s:
            self._inputs = _find_hwmon_temps(self.root)
            self._found_at = now
        out: dict[str, tuple[str, float]] = {}
        for chip, name, path in self._inputs:
            milli = read_int(path)
            if milli is not None and milli / 1000.0 > OFFLINE_BELOW_C:
                out[name if name not in out else f"{name}#{len(out)}"] = (chip, milli / 1000.0)
        return out


# -- power_supply batteries -----------------------------------------------------------------------


@dataclass(frozen=True)
class SupplyBattery:
    name: str  # the power_supply name, e.g. BAT0 or bq27441-0
    percent: float | None
    plugged: bool | None  # None: cannot tell
    status: str | None


# Supply types that feed the board; one of them online means "plugged in".
_EXTERNAL_TYPES = frozenset(
    {"mains", "usb", "usb_c", "usb_pd", "usb_pd_drp", "usb_dcp", "usb_cdp", "usb_aca"}
)
_PLUGGED_STATUSES = frozenset({"charging", "full", "not charging"})


def find_battery_supply(root: str | os.PathLike[str], name: str = "") -> Path | None:
    """The battery's /sys/class/power_supply folder: `name` if given, else the first of type Battery.

    The scan takes every supply of type Battery, not only psutil's BAT*/"battery" names, so a
    carrier-board fuel gauge such as bq27441-0 is found. Batteries with scope Device (a wireless
    mouse) are not the system's.
    """
    base = under(root, "/sys/class/power_supply")
    if name:
        path = base / name
        return path if path.is_dir() else None
    try:
        entries = sorted(base.iterdir())
    except OSError:
        return None
    for path in entries:
        if (read_text(path / "type") or "").lower() != "battery":
            continue
        if (read_text(path / "scope") or "").lower() == "device":
            continue
        if (read_text(path / "present") or "1") == "0":
            continue
        return path
    return None


def _external_online(root: str | os.PathLike[str]) -> bool | None:
    base = under(root, "/sys/class/power_supply")
    try:
        entries = sorted(base.iterdir())
    except OSError:
        return None
    seen = False
    for path in entries:
        if (read_text(path / "type") or "").lower() not in _EXTERNAL_TYPES:
            continue
        online = read_int(path / "online")
        if online is None:
            continue
        seen = True
        if online:
            return True
    return False if seen else None


def read_supply_battery(root: str | os.PathLike[str], name: str = "") -> SupplyBattery | None:
    """A battery from /sys/class/power_supply under `root`; None when there is none."""
    path = find_battery_supply(root, name)
    if path is None:
        return None
    percent: float | None = None
    capacity = read_int(path / "capacity")
    if capacity is not None:
        percent = float(capacity)
    else:
        for now_name, full_name in (("energy_now", "energy_full"), ("charge_now", "charge_full")):
            now, full = read_int(path / now_name), read_int(path / full_name)
            if now is not None and full:
                percent = 100.0 * now / full
                break
    if percent is not None:
        percent = max(0.0, min(100.0, percent))
    status = read_text(path / "status")
    plugged = _external_online(root)
    if plugged is None and status is not None:
        if status.lower() in _PLUGGED_STATUSES:
            plugged = True
        elif status.lower() == "discharging":
            plugged = False
    return SupplyBattery(path.name, percent, plugged, status)


# -- memory ---------------------------------------------------------------------------------------


def read_meminfo(root: str | os.PathLike[str]) -> dict[str, int]:
    """/proc/meminfo under `root` as {field: kB}; empty when hidden (ProcSubset=pid) or unreadable."""
    try:
        text = under(root, "/proc/meminfo").read_text(encoding="ascii", errors="replace")
    except OSError:
        return {}
    out: dict[str, int] = {}
    for line in text.splitlines():
        key, sep, rest = line.partition(":")
        if not sep:
            continue
        parts = rest.split()
        if not parts:
            continue
        try:
            value = int(parts[0])
        except ValueError:
            continue
        # Every size field is in kB; the HugePages_* counts carry no unit and are not used here.
        out[key.strip()] = value
    return out


@dataclass(frozen=True)
class MemoryBudget:
    """Memory headroom from /proc/meminfo figures. Every figure in MiB; None when unknown."""

    total_mb: float | None = None
    available_mb: float | None = None  # MemAvailable (what psutil calls `available`)
    headroom_mb: float | None = None  # MemAvailable less the reserve, never below 0
    swap_total_mb: float | None = None
    swap_free_mb: float | None = None
    gpu_shared_mb: float | None = None  # iGPU: NvMapMemUsed; None where the kernel lacks it (Thor)
    # iGPU: the CUDA-for-Tegra upper bound on what the GPU could allocate. dGPU: NVML's free memory.
    gpu_allocatable_mb: float | None = None
    # What the GPU can use now: iGPU, the host headroom capped by the upper bound (one pool);
    # dGPU, its own free memory (a second budget).
    gpu_headroom_mb: float | None = None
    is_igpu: bool = False
    notes: tuple[str, ...] = field(default=())

    @property
    def available_pct(self) -> float | None:
        if self.total_mb and self.available_mb is not None:
            return 100.0 * self.available_mb / self.total_mb
        return None

    @property
    def swap_used_pct(self) -> float | None:
        if self.swap_total_mb and self.swap_free_mb is not None:
            return 100.0 * (self.swap_total_mb - self.swap_free_mb) / self.swap_total_mb
        return None


def memory_headroom(
    meminfo: Mapping[str, int],
    swap_free_kb: int | None = None,
    *,
    is_igpu: bool,
    reserve_mb: float = 0.0,
    gpu_free_mb: float | None = None,
) -> MemoryBudget:
    """Memory headroom from /proc/meminfo fields (kB), a pure function.

    Host headroom is MemAvailable less `reserve_mb`, on any device: MemAvailable is the kernel's
    own estimate of what can be allocated without swapping, and on a Jetson it is also the best
    estimate of what the GPU can take (unified memory; cudaMemGetInfo ignores swap and reclaimable
    cache, ollama PR #2279).

    On an integrated GPU (`is_igpu`) the NVIDIA "CUDA for Tegra" estimate is computed as an upper
    bound only:
        host_alloc = (MemTotal - MemFree) - NvMapMemUsed
        allocatable = MemTotal - NvMapMemUsed                   if host_alloc < SwapFree
                      MemTotal - (host_alloc - SwapFree)        otherwise
    Without NvMapMemUsed (Thor, or not a Tegra kernel) it is taken as 0: the bound stays an upper
    bound, only a looser one.

    On a discrete GPU the GPU has its own budget, `gpu_free_mb` (NVML), beside the host's.

    `swap_free_kb` defaults to meminfo's SwapFree.
    """
    notes: list[str] = []

    def mb(key: str) -> float | None:
        value = meminfo.get(key)
        return value / 1024.0 if value is not None else None

    total = mb("MemTotal")
    available = mb("MemAvailable")
    if available is None and "MemFree" in meminfo:
        # Kernels before 3.14 have no MemAvailable: free plus page cache is the old approximation.
        available = sum(meminfo.get(k, 0) for k in ("MemFree", "Buffers", "Cached", "SReclaimable")) / 1024.0
        notes.append("no MemAvailable: estimated from MemFree + Buffers + Cached + SReclaimable")
    if swap_free_kb is None:
        swap_free_kb = meminfo.get("SwapFree")
    swap_free = swap_free_kb / 1024.0 if swap_free_kb is not None else None
    headroom = max(0.0, available - reserve_mb) if available is not None else None

    nvmap = mb("NvMapMemUsed") if is_igpu else None
    allocatable: float | None = None
    gpu_headroom: float | None = None
    if is_igpu:
        if nvmap is None:
            notes.append("no NvMapMemUsed: GPU-shared memory unknown")
        free = mb("MemFree")
        if total is not None and free is not None:
            used_by_gpu = nvmap or 0.0
            host_alloc = (total - free) - used_by_gpu
            swap = swap_free or 0.0
            if host_alloc < swap:
                allocatable = total - used_by_gpu
            else:
                allocatable = total - (host_alloc - swap)
            allocatable = max(0.0, allocatable)
        if headroom is not None:
            gpu_headroom = min(headroom, allocatable) if allocatable is not None else headroom
    else:
        allocatable = gpu_free_mb
        gpu_headroom = gpu_free_mb

    return MemoryBudget(
        total_mb=total,
        available_mb=available,
        headroom_mb=headroom,
        swap_total_mb=mb("SwapTotal"),
        swap_free_mb=swap_free,
        gpu_shared_mb=nvmap,
        gpu_allocatable_mb=allocatable,
        gpu_headroom_mb=gpu_headroom,
        is_igpu=is_igpu,
        notes=tuple(notes),
    )
