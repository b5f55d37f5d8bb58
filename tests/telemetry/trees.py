"""Device fixture trees: the procfs and sysfs files of a Jetson Orin, an x86 box, a laptop.

Each builder writes real files under a root folder, with relative symlinks where real sysfs has
them (class folders pointing into /sys/devices), so realpath() behaves as on a device.
"""

from __future__ import annotations

import os
from pathlib import Path

GiB_KB = 1024 * 1024


def write(root: Path, rel: str, content: str | bytes) -> Path:
    path = root / rel.lstrip("/")
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content)
    return path


def link(root: Path, rel: str, target_rel: str) -> Path:
    """A relative symlink at `rel` pointing to `target_rel` (both inside `root`), as sysfs makes them."""
    path = root / rel.lstrip("/")
    target = root / target_rel.lstrip("/")
    path.parent.mkdir(parents=True, exist_ok=True)
    target.mkdir(parents=True, exist_ok=True)
    os.symlink(os.path.relpath(target, path.parent), path)
    return path


def meminfo(
    total_kb: int, free_kb: int, available_kb: int, *, swap_kb: int = 0, nvmap_kb: int | None = None
) -> str:
    lines = [
        f"MemTotal:       {total_kb} kB",
        f"MemFree:        {free_kb} kB",
        f"MemAvailable:   {available_kb} kB",
        "Buffers:           52384 kB",
        "Cached:          2148512 kB",
        "SwapCached:            0 kB",
        "Active:          1903276 kB",
        "Inactive:        2214432 kB",
        f"SwapTotal:      {swap_kb} kB",
        f"SwapFree:       {swap_kb} kB",
        "Shmem:             40912 kB",
        "SReclaimable:     120380 kB",
        "HugePages_Total:       0",
        "Hugepagesize:       2048 kB",
    ]
    if nvmap_kb is not None:
        lines.insert(11, f"NvMapMemUsed:   {nvmap_kb} kB")
    return "\n".join(lines) + "\n"


def thermal_zone(
    root: Path, n: int, kind: str, milli_c: int | str, trips: list[tuple[str, int]] | None = None
) -> Path:
    """thermal_zone<n> in /sys/devices/virtual/thermal, linked from /sys/class/thermal as the kernel does."""
    base = f"sys/devices/virtual/thermal/thermal_zone{n}"
    write(root, f"{base}/type", f"{kind}\n")
    write(root, f"{base}/temp", f"{milli_c}\n" if milli_c != "" else "")
    for i, (trip_type, trip_temp) in enumerate(trips or []):
        write(root, f"{base}/trip_point_{i}_type", f"{trip_type}\n")
        write(root, f"{base}/trip_point_{i}_temp", f"{trip_temp}\n")
    return link(root, f"sys/class/thermal/thermal_zone{n}", base)


def set_zone_temp(root: Path, n: int, milli_c: int) -> None:
    (root / f"sys/devices/virtual/thermal/thermal_zone{n}/temp").write_text(f"{milli_c}\n")


def hwmon(root: Path, n: int, device: str, name: str, temps: list[tuple[str, int]]) -> None:
    base = f"{device}/hwmon/hwmon{n}"
    write(root, f"{base}/name", f"{name}\n")
    for i, (label, milli_c) in enumerate(temps, start=1):
        write(root, f"{base}/temp{i}_input", f"{milli_c}\n")
        write(root, f"{base}/temp{i}_label", f"{label}\n")
    link(root, f"sys/class/hwmon/hwmon{n}", base)


# -- Jetson ---------------------------------------------------------------------------------------

ORIN_TRIPS = [("active", 46000), ("passive", 99000), ("critical", 104500)]

# (zone type, normal m°C, hot m°C). The PMIC zone reads a constant 100 °C, cv0 is powered off,
# cv1's read fails (empty file, as an unbound sensor gives).
ORIN_ZONES: list[tuple[str, int | str, int | str]] = [
    ("cpu-thermal", 48500, 85100),
    ("gpu-thermal", 47250, 85900),
    ("cv0-thermal", -256000, -256000),
    ("cv1-thermal", "", ""),
    ("soc0-thermal", 46100, 82300),
    ("soc1-thermal", 46700, 83000),
    ("tj-thermal", 48500, 86400),
    ("PMIC-Die", 100000, 100000),
]
TJ_ZONE = 6

GPU_LAYOUTS = {
    # layout: (device folder, devfreq name, of_node name, device-tree node)
    "gpu": ("sys/devices/platform/bus@0/17000000.gpu", "17000000.gpu", "gpu", "bus@0/gpu@17000000"),
    "ga10b": ("sys/devices/17000000.ga10b", "17000000.ga10b", "ga10b", "ga10b@17000000"),
    "gv11b": ("sys/devices/17000000.gv11b", "17000000.gv11b", "gv11b", "gv11b@17000000"),
    "gp10b": ("sys/devices/17000000.gp10b", "17000000.gp10b", "gp10b", "gp10b@17000000"),
}

NVPMODEL_CONF = """\
# nvpmodel configuration for Jetson Orin Nano (excerpt)
< PARAM TYPE=FILE NAME=CPU_ONLINE >
CORE_0 /sys/devices/system/cpu/cpu0/online
# < POWER_MODEL ID=9 NAME=COMMENTED_OUT >
< POWER_MODEL ID=0 NAME=15W >
CPU_ONLINE CORE_0 1
< POWER_MODEL ID=1 NAME=7W >
CPU_ONLINE CORE_0 1
< POWER_MODEL ID=2 NAME=MAXN_SUPER >
CPU_ONLINE CORE_0 1
< PM_CONFIG DEFAULT=2 >
"""


def igpu(root: Path, layout: str = "gpu", *, load_permille: int = 123) -> Path:
    """A Tegra iGPU's device folder, its devfreq node and device-tree node, linked as on a board."""
    device, devfreq_name, node_name, dt_node = GPU_LAYOUTS[layout]
    write(root, f"{device}/load", f"{load_permille}\n")
    write(root, f"{device}/railgate_enable", "1\n")
    devfreq = f"{device}/devfreq/{devfreq_name}"
    write(root, f"{devfreq}/cur_freq", "612000000\n")
    write(root, f"{devfreq}/max_freq", "1020000000\n")
    write(root, f"{devfreq}/min_freq", "306000000\n")
    write(root, f"{devfreq}/governor", "nvhost_podgov\n")
    link(root, f"{devfreq}/device", device)
    dt = f"sys/firmware/devicetree/base/{dt_node}"
    write(root, f"{dt}/name", node_name.encode() + b"\0")
    link(root, f"{device}/of_node", dt)
    link(root, f"sys/class/devfreq/{devfreq_name}", devfreq)
    return root / device


def other_devfreq(root: Path) -> None:
    """A devfreq node that is not the GPU (the video image compositor), as Orin has several."""
    device = "sys/devices/platform/bus@0/15340000.vic"
    devfreq = f"{device}/devfreq/15340000.vic"
    write(root, f"{devfreq}/cur_freq", "115200000\n")
    link(root, f"{devfreq}/device", device)
    dt = "sys/firmware/devicetree/base/bus@0/vic@15340000"
    write(root, f"{dt}/name", b"vic\0")
    link(root, f"{device}/of_node", dt)
    link(root, "sys/class/devfreq/15340000.vic", devfreq)


def ina3221(root: Path, address: str, hwmon_n: int, channels: list[tuple[str, int, int]]) -> None:
    """An INA3221 at 1-<address>: channels are (label, mV, mA); the summation channel is in7."""
    device = f"sys/devices/platform/bus@0/c240000.i2c/i2c-1/1-{address}"
    write(root, f"{device}/name", "ina3221\n")
    base = f"{device}/hwmon/hwmon{hwmon_n}"
    write(root, f"{base}/name", "ina3221\n")
    for k, (label, mv, ma) in enumerate(channels, start=1):
        write(root, f"{base}/in{k}_label", f"{label}\n")
        write(root, f"{base}/in{k}_input", f"{mv}\n")
        write(root, f"{base}/curr{k}_input", f"{ma}\n")
        write(root, f"{base}/curr{k}_max", "32760\n")
    write(root, f"{base}/in7_label", "sum of shunt voltages\n")
    write(root, f"{base}/in7_input", "88\n")
    write(root, f"{base}/curr4_input", "2400\n")
    link(root, f"sys/bus/i2c/devices/1-{address}", device)
    link(root, f"sys/bus/i2c/drivers/ina3221/1-{address}", device)
    link(root, f"sys/class/hwmon/hwmon{hwmon_n}", base)


ORIN_NANO_RAILS = [("VDD_IN", 5072, 1432), ("VDD_CPU_GPU_CV", 5064, 408), ("VDD_SOC", 5064, 560)]


def jetson_orin(
    root: Path,
    *,
    hot: bool = False,
    nvmap: bool = True,
    gpu_layout: str | None = "gpu",
    available_kb: int = 4_929_880,
    agx_rails: bool = False,
    nvpmodel: bool = True,
) -> Path:
    """A Jetson Orin Nano on JetPack 6 (L4T 36.4)."""
    write(
        root,
        "etc/nv_tegra_release",
        "# R36 (release), REVISION: 4.3, GCID: 38968081, BOARD: generic, EABI: aarch64, "
        "DATE: Wed Jan  8 01:49:37 UTC 2025\n# KERNEL_VARIANT: oot\nTARGET_USERSPACE_LIB_DIR=nvidia\n",
    )
    write(
        root,
        "sys/firmware/devicetree/base/compatible",
        b"nvidia,p3768-0000+p3767-0005\0nvidia,p3767-0005\0nvidia,tegra234\0",
    )
    link(root, "proc/device-tree", "sys/firmware/devicetree/base")
    write(
        root,
        "proc/meminfo",
        meminfo(7_812_112, 2_334_156, available_kb, swap_kb=3_906_048, nvmap_kb=1_204_224 if nvmap else None),
    )
    for n, (kind, normal, hot_temp) in enumerate(ORIN_ZONES):
        trips = ORIN_TRIPS if kind.endswith("-thermal") and not kind.startswith("cv") else []
        thermal_zone(root, n, kind, hot_temp if hot else normal, trips)
    if gpu_layout is not None:
        igpu(root, gpu_layout)
    other_devfreq(root)
    if agx_rails:
        ina3221(
            root,
            "0040",
            1,
            [("VDD_GPU_SOC", 5000, 1200), ("VDD_CPU_CV", 5000, 600), ("VIN_SYS_5V0", 5000, 900)],
        )
        ina3221(root, "0041", 2, [("NC", 0, 0), ("VDDQ_VDD2_1V8AO", 5000, 240), ("NC", 0, 0)])
    else:
        ina3221(root, "0040", 3, ORIN_NANO_RAILS)
    # An EEPROM on the same bus: not a power monitor.
    write(root, "sys/devices/platform/bus@0/c240000.i2c/i2c-1/1-0050/name", "24c02\n")
    link(root, "sys/bus/i2c/devices/1-0050", "sys/devices/platform/bus@0/c240000.i2c/i2c-1/1-0050")
    if nvpmodel:
        write(root, "var/lib/nvpmodel/status", "pmode:0002 fmode:quiet\n")
        write(root, "etc/nvpmodel.conf", NVPMODEL_CONF)
    return root


# -- x86 with a discrete GPU ----------------------------------------------------------------------


def x86_dgpu(root: Path) -> Path:
    """A desktop: ACPI and package thermal zones, coretemp, an NVMe drive with its own hwmon sensor."""
    write(root, "proc/meminfo", meminfo(32 * GiB_KB, 8 * GiB_KB, 20 * GiB_KB, swap_kb=2 * GiB_KB))
    thermal_zone(root, 0, "acpitz", 27800, [("critical", 119000)])
    # x86_pkg_temp lists a passive trip at 0 °C: unset, not a throttle point.
    thermal_zone(root, 1, "x86_pkg_temp", 52000, [("passive", 0)])
    hwmon(
        root,
        0,
        "sys/devices/pci0000:00/0000:00:1d.0/0000:3d:00.0/nvme/nvme0",
        "nvme",
        [("Composite", 38850), ("Sensor 1", 38850)],
    )
    hwmon(
        root, 1, "sys/devices/platform/coretemp.0", "coretemp", [("Package id 0", 53000), ("Core 0", 49000)]
    )
    return root


# -- laptop on battery ----------------------------------------------------------------------------


def laptop(root: Path, *, capacity: int = 18, status: str = "Discharging", ac_online: int = 0) -> Path:
    write(root, "proc/meminfo", meminfo(16 * GiB_KB, 3 * GiB_KB, 9 * GiB_KB, swap_kb=GiB_KB))
    thermal_zone(root, 0, "acpitz", 55000, [("critical", 103000)])
    thermal_zone(root, 1, "x86_pkg_temp", 61000, [("passive", 0)])
    bat = "sys/devices/LNXSYSTM:00/LNXSYBUS:00/PNP0C0A:00/power_supply/BAT0"
    write(root, f"{bat}/type", "Battery\n")
    write(root, f"{bat}/present", "1\n")
    write(root, f"{bat}/status", f"{status}\n")
    write(root, f"{bat}/capacity", f"{capacity}\n")
    write(root, f"{bat}/energy_now", f"{capacity * 500000}\n")
    write(root, f"{bat}/energy_full", "50000000\n")
    link(root, "sys/class/power_supply/BAT0", bat)
    ac = "sys/devices/LNXSYSTM:00/LNXSYBUS:00/ACPI0003:00/power_supply/AC0"
    write(root, f"{ac}/type", "Mains\n")
    write(root, f"{ac}/online", f"{ac_online}\n")
    link(root, "sys/class/power_supply/AC0", ac)
    return root
