from __future__ import annotations

from pathlib import Path

import pytest

from edged.telemetry.sysfs import (
    HwmonReader,
    ThermalReader,
    counts_for_headroom,
    find_battery_supply,
    memory_headroom,
    read_hwmon_temps,
    read_meminfo,
    read_supply_battery,
    read_thermal_zones,
)
from tests.telemetry import trees

# -- thermal zones --------------------------------------------------------------------------------


def test_jetson_thermal_zones(jetson_root: Path) -> None:
    zones = {z.name: z for z in read_thermal_zones(jetson_root)}
    assert list(zones) == [kind for kind, _, _ in trees.ORIN_ZONES]
    assert zones["cpu-thermal"].temp_c == 48.5
    assert zones["gpu-thermal"].temp_c == 47.25
    assert zones["tj-thermal"].trips == (("active", 46.0), ("passive", 99.0), ("critical", 104.5))
    # the lowest throttling trip; the fan's "active" trip does not throttle
    assert zones["tj-thermal"].throttle_c == 99.0
    assert zones["cv0-thermal"].temp_c is None  # -256 °C: powered off
    assert zones["cv1-thermal"].temp_c is None  # empty read
    assert zones["PMIC-Die"].skipped and not zones["cpu-thermal"].skipped
    assert zones["cpu-thermal"].path.name == "thermal_zone0"


def test_zone_that_fails_to_read_is_tolerated(tmp_path: Path) -> None:
    trees.thermal_zone(tmp_path, 0, "cpu-thermal", 50000)
    trees.thermal_zone(tmp_path, 1, "gpu-thermal", 51000)
    # a temp attribute that raises on read (EISDIR here; EIO or ENODATA on a board)
    temp = tmp_path / "sys/devices/virtual/thermal/thermal_zone1/temp"
    temp.unlink()
    temp.mkdir()
    trees.write(tmp_path, "sys/devices/virtual/thermal/thermal_zone2/type", "garbled\n")
    trees.write(tmp_path, "sys/devices/virtual/thermal/thermal_zone2/temp", "n/a\n")
    trees.link(tmp_path, "sys/class/thermal/thermal_zone2", "sys/devices/virtual/thermal/thermal_zone2")
    zones = {z.name: z.temp_c for z in read_thermal_zones(tmp_path)}
    assert zones == {"cpu-thermal": 50.0, "gpu-thermal": None, "garbled": None}


def test_zones_are_reported_when_a_hwmon_sensor_exists(x86_root: Path) -> None:
    # psutil.sensors_temperatures() would show only the hwmon chips here (psutil#1873)
    assert read_hwmon_temps(x86_root)["nvme/Composite"] == ("nvme", 38.85)
    zones = {z.name: z for z in read_thermal_zones(x86_root)}
    assert {n: z.temp_c for n, z in zones.items()} == {"acpitz": 27.8, "x86_pkg_temp": 52.0}
    assert zones["x86_pkg_temp"].throttle_c is None  # its passive trip at 0 °C is unset
    assert zones["acpitz"].throttle_c == 119.0


def test_duplicate_zone_types_get_distinct_names(tmp_path: Path) -> None:
    trees.thermal_zone(tmp_path, 0, "acpitz", 30000)
    trees.thermal_zone(tmp_path, 1, "acpitz", 31000)
    assert [(z.name, z.temp_c) for z in read_thermal_zones(tmp_path)] == [
        ("acpitz", 30.0),
        ("acpitz#1", 31.0),
    ]


def test_no_thermal_folder(tmp_path: Path) -> None:
    assert read_thermal_zones(tmp_path) == []
    assert read_hwmon_temps(tmp_path) == {}


def test_thermal_reader_finds_a_zone_that_appears_late(tmp_path: Path) -> None:
    reader = ThermalReader(tmp_path)
    assert reader.read() == []
    trees.thermal_zone(tmp_path, 0, "cpu-thermal", 50000)
    assert [(z.name, z.temp_c) for z in reader.read()] == [("cpu-thermal", 50.0)]
    trees.set_zone_temp(tmp_path, 0, 61500)
    assert reader.read()[0].temp_c == 61.5


def test_hwmon_reader(x86_root: Path) -> None:
    temps = HwmonReader(x86_root).read()
    assert temps == {
        "nvme/Composite": ("nvme", 38.85),
        "nvme/Sensor 1": ("nvme", 38.85),
        "coretemp/Package id 0": ("coretemp", 53.0),
        "coretemp/Core 0": ("coretemp", 49.0),
    }


@pytest.mark.parametrize(
    ("chip", "counts"),
    [
        ("coretemp", True),
        ("k10temp", True),
        ("amdgpu", True),
        ("thermal-fan-est", True),
        ("nvme", False),
        ("drivetemp", False),
        ("iwlwifi_1", False),
    ],
)
def test_which_hwmon_chips_count(chip: str, counts: bool) -> None:
    assert counts_for_headroom(chip) is counts


# -- batteries ------------------------------------------------------------------------------------


def test_laptop_battery_discharging(laptop_root: Path) -> None:
    battery = read_supply_battery(laptop_root)
    assert battery is not None
    assert (battery.name, battery.percent, battery.plugged, battery.status) == (
        "BAT0",
        18.0,
        False,
        "Discharging",
    )


def test_laptop_on_mains(tmp_path: Path) -> None:
    root = trees.laptop(tmp_path, capacity=80, status="Charging", ac_online=1)
    battery = read_supply_battery(root)
    assert battery is not None and battery.plugged is True and battery.percent == 80.0


def test_no_battery(jetson_root: Path, x86_root: Path) -> None:
    assert read_supply_battery(jetson_root) is None
    assert read_supply_battery(x86_root) is None
    assert find_battery_supply(x86_root, "BAT0") is None


def fuel_gauge(root: Path) -> Path:
    """A carrier-board fuel gauge psutil's BAT*/battery name filter misses, plus a mouse's battery."""
    base = "sys/devices/platform/bus@0/c240000.i2c/i2c-1/1-0055/power_supply/bq27441-0"
    trees.write(root, f"{base}/type", "Battery\n")
    trees.write(root, f"{base}/status", "Discharging\n")
    trees.write(root, f"{base}/charge_now", "1610000\n")
    trees.write(root, f"{base}/charge_full", "2300000\n")
    trees.link(root, "sys/class/power_supply/bq27441-0", base)
    mouse = "sys/devices/virtual/misc/uhid/0005:046D:B023.0001/power_supply/a-mouse-battery"
    trees.write(root, f"{mouse}/type", "Battery\n")
    trees.write(root, f"{mouse}/scope", "Device\n")
    trees.write(root, f"{mouse}/capacity", "90\n")
    trees.link(root, "sys/class/power_supply/a-mouse-battery", mouse)
    return root


def test_fuel_gauge_found_by_type_and_by_name(tmp_path: Path) -> None:
    root = fuel_gauge(tmp_path)
    scanned = read_supply_battery(root)
    named = read_supply_battery(root, "bq27441-0")
    assert scanned == named
    assert scanned is not None
    assert scanned.name == "bq27441-0"
    assert scanned.percent == pytest.approx(70.0)  # charge_now / charge_full: no capacity attribute
    assert scanned.plugged is False  # from the status: no mains supply to ask


def test_configured_supply_that_is_missing(tmp_path: Path) -> None:
    assert read_supply_battery(fuel_gauge(tmp_path), "bq27441-1") is None


# -- memory ---------------------------------------------------------------------------------------


def test_read_meminfo(jetson_root: Path) -> None:
    info = read_meminfo(jetson_root)
    assert info["MemTotal"] == 7_812_112
    assert info["MemAvailable"] == 4_929_880
    assert info["NvMapMemUsed"] == 1_204_224
    assert info["HugePages_Total"] == 0


def test_meminfo_hidden_or_unreadable(tmp_path: Path) -> None:
    assert read_meminfo(tmp_path) == {}  # ProcSubset=pid: no /proc/meminfo at all
    (tmp_path / "proc" / "meminfo").mkdir(parents=True)
    assert read_meminfo(tmp_path) == {}
    (tmp_path / "proc" / "meminfo").rmdir()
    trees.write(tmp_path, "proc/meminfo", "MemTotal: lots\ngarbage\nMemFree:  100 kB\n\n")
    assert read_meminfo(tmp_path) == {"MemFree": 100}


GiB = 1024 * 1024  # kB


@pytest.mark.parametrize(
    ("meminfo", "swap_free", "is_igpu", "reserve_mb", "expected"),
    [
        # Orin 8 GB, NvMapMemUsed present, host allocations fit in swap: bound = total - nvmap
        (
            {
                "MemTotal": 8 * GiB,
                "MemFree": 3 * GiB,
                "MemAvailable": 5 * GiB,
                "SwapFree": 4 * GiB,
                "SwapTotal": 4 * GiB,
                "NvMapMemUsed": 2 * GiB,
            },
            None,
            True,
            0.0,
            {
                "available_mb": 5120.0,
                "headroom_mb": 5120.0,
                "gpu_shared_mb": 2048.0,
                "gpu_allocatable_mb": 6144.0,
                "gpu_headroom_mb": 5120.0,
            },
        ),
        # host allocations beyond free swap: bound = total - (host_alloc - swap_free)
        (
            {
                "MemTotal": 8 * GiB,
                "MemFree": 1 * GiB,
                "MemAvailable": 2 * GiB,
                "SwapFree": 1 * GiB,
                "NvMapMemUsed": 1 * GiB,
            },
            None,
            True,
            512.0,
            {
                "available_mb": 2048.0,
                "headroom_mb": 1536.0,
                "gpu_shared_mb": 1024.0,
                # host_alloc = 7 - 1 = 6 GiB ≥ 1 GiB swap: 8 - (6 - 1) = 3 GiB
                "gpu_allocatable_mb": 3072.0,
                "gpu_headroom_mb": 1536.0,
            },
        ),
        # no NvMapMemUsed (Thor, or a kernel without nvmap): shared unknown, bound still computed
        (
            {"MemTotal": 8 * GiB, "MemFree": 6 * GiB, "MemAvailable": 7 * GiB, "SwapFree": 0},
            None,
            True,
            0.0,
            {
                "available_mb": 7168.0,
                "gpu_shared_mb": None,
                # host_alloc = 2 GiB ≥ 0 swap: 8 - 2 = 6 GiB, tighter than MemAvailable
                "gpu_allocatable_mb": 6144.0,
                "gpu_headroom_mb": 6144.0,
            },
        ),
        # swap passed apart from meminfo overrides SwapFree
        (
            {"MemTotal": 8 * GiB, "MemFree": 6 * GiB, "MemAvailable": 7 * GiB, "SwapFree": 0},
            4 * GiB,
            True,
            0.0,
            {"swap_free_mb": 4096.0, "gpu_allocatable_mb": 8192.0, "gpu_headroom_mb": 7168.0},
        ),
        # discrete GPU: NvMapMemUsed means nothing, the GPU's budget is NVML's (none given here)
        (
            {"MemTotal": 32 * GiB, "MemFree": 8 * GiB, "MemAvailable": 20 * GiB, "NvMapMemUsed": GiB},
            None,
            False,
            0.0,
            {
                "available_mb": 20480.0,
                "gpu_shared_mb": None,
                "gpu_allocatable_mb": None,
                "gpu_headroom_mb": None,
            },
        ),
        # reserve larger than what is available: headroom 0, never negative
        (
            {"MemTotal": 4 * GiB, "MemFree": 100 * 1024, "MemAvailable": 200 * 1024},
            None,
            False,
            512.0,
            {"available_mb": 200.0, "headroom_mb": 0.0},
        ),
        # an old kernel without MemAvailable
        (
            {"MemTotal": 4 * GiB, "MemFree": 1 * GiB, "Buffers": 0, "Cached": 1 * GiB, "SReclaimable": 0},
            None,
            False,
            0.0,
            {"available_mb": 2048.0, "headroom_mb": 2048.0},
        ),
        # nothing known (meminfo hidden)
        (
            {},
            None,
            True,
            0.0,
            {"total_mb": None, "available_mb": None, "headroom_mb": None, "gpu_headroom_mb": None},
        ),
    ],
)
def test_memory_headroom(
    meminfo: dict[str, int],
    swap_free: int | None,
    is_igpu: bool,
    reserve_mb: float,
    expected: dict[str, object],
) -> None:
    budget = memory_headroom(meminfo, swap_free, is_igpu=is_igpu, reserve_mb=reserve_mb)
    got = {key: getattr(budget, key) for key in expected}
    assert got == expected


def test_memory_headroom_dgpu_budget() -> None:
    budget = memory_headroom(
        {"MemTotal": 16 * GiB, "MemFree": 2 * GiB, "MemAvailable": 4 * GiB},
        is_igpu=False,
        gpu_free_mb=9000.0,
    )
    assert (budget.headroom_mb, budget.gpu_headroom_mb) == (4096.0, 9000.0)
    assert budget.available_pct == 25.0


def test_memory_headroom_notes() -> None:
    budget = memory_headroom({"MemTotal": GiB, "MemFree": GiB // 2}, is_igpu=True)
    assert any("MemAvailable" in n for n in budget.notes)
    assert any("NvMapMemUsed" in n for n in budget.notes)
