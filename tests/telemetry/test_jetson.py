from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from edged.telemetry.jetson import (
    IGPUReader,
    PowerMode,
    PowerModeReader,
    find_igpu,
    find_power_monitors,
    is_jetson,
    parse_nvpmodel_conf,
    parse_nvpmodel_query,
    query_nvpmodel,
    read_compatible,
    read_emc,
    read_igpu,
    read_power_mode,
    read_power_rails,
    read_tegra_release,
    total_power,
)
from tests.telemetry import trees

# -- detection ------------------------------------------------------------------------------------


def test_jetson_detected_by_release_file(jetson_root: Path) -> None:
    assert is_jetson(jetson_root)
    assert read_tegra_release(jetson_root).startswith("R36 (release), REVISION: 4.3")  # type: ignore[union-attr]
    assert read_compatible(jetson_root) == [
        "nvidia,p3768-0000+p3767-0005",
        "nvidia,p3767-0005",
        "nvidia,tegra234",
    ]


def test_jetson_detected_by_device_tree_alone(tmp_path: Path) -> None:
    # a Yocto image without L4T's /etc/nv_tegra_release
    trees.write(
        tmp_path,
        "sys/firmware/devicetree/base/compatible",
        b"nvidia,p3737-0000+p3701-0005\0nvidia,tegra234\0",
    )
    assert is_jetson(tmp_path)
    assert read_tegra_release(tmp_path) is None


def test_other_boards_are_not_jetson(x86_root: Path, laptop_root: Path, tmp_path: Path) -> None:
    assert not is_jetson(x86_root)
    assert not is_jetson(laptop_root)
    trees.write(tmp_path / "rpi", "proc/device-tree/compatible", b"raspberrypi,5-model-b\0brcm,bcm2712\0")
    assert not is_jetson(tmp_path / "rpi")


# -- iGPU -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("layout", ["gpu", "ga10b", "gv11b", "gp10b"])
def test_igpu_found_by_device_tree_name(tmp_path: Path, layout: str) -> None:
    device = trees.igpu(tmp_path, layout, load_permille=456)
    trees.other_devfreq(tmp_path)
    paths = find_igpu(tmp_path)
    assert paths is not None
    assert paths.name == trees.GPU_LAYOUTS[layout][2]
    # the status folder is the devfreq node's device, symlinks resolved
    assert paths.device == Path(os.path.realpath(device))
    assert paths.devfreq.name == trees.GPU_LAYOUTS[layout][1]
    reading = read_igpu(paths)
    assert reading.load_pct == 45.6  # per-mille ÷ 10
    assert reading.freq_mhz == 612.0
    assert reading.max_freq_mhz == 1020.0


def test_orin_jetpack6_layout(jetson_root: Path) -> None:
    paths = find_igpu(jetson_root)
    assert paths is not None
    expected = (jetson_root / "sys/devices/platform/bus@0/17000000.gpu").resolve()
    assert paths.device == expected
    assert read_igpu(paths).load_pct == 12.3


def test_no_gpu_devfreq_node(tmp_path: Path) -> None:
    assert find_igpu(tmp_path) is None
    trees.other_devfreq(tmp_path)
    assert find_igpu(tmp_path) is None


def test_igpu_missing_at_boot_is_retried(tmp_path: Path) -> None:
    reader = IGPUReader(tmp_path)
    assert reader.read() is None
    assert reader.read() is None
    trees.igpu(tmp_path, "gpu", load_permille=990)
    reading = reader.read()
    assert reading is not None and reading.load_pct == 99.0


def test_igpu_node_that_goes_away_is_looked_for_again(tmp_path: Path) -> None:
    device = trees.igpu(tmp_path, "ga10b", load_permille=100)
    reader = IGPUReader(tmp_path)
    assert reader.read().load_pct == 10.0  # type: ignore[union-attr]
    (device / "load").unlink()
    reading = reader.read()
    assert reading is not None and reading.load_pct is None
    assert reader.paths is None
    (device / "load").write_text("200\n")
    assert reader.read().load_pct == 20.0  # type: ignore[union-attr]


# -- INA3221 --------------------------------------------------------------------------------------


def test_orin_nano_rails(jetson_root: Path) -> None:
    monitors = find_power_monitors(jetson_root)
    # found through both /sys/bus/i2c/devices and drivers/ina3221, listed once; the EEPROM is not one
    assert [p.name for p in monitors] == ["hwmon3"]
    rails = {r.name: r for r in read_power_rails(jetson_root)}
    assert list(rails) == ["VDD_IN", "VDD_CPU_GPU_CV", "VDD_SOC"]
    assert rails["VDD_IN"].power_mw == pytest.approx(5072 * 1432 / 1000)
    total, source = total_power(list(rails.values()))
    assert source == "VDD_IN"
    assert total == pytest.approx(7263.104)


def test_agx_orin_rails_have_no_input_rail(tmp_path: Path) -> None:
    root = trees.jetson_orin(tmp_path, agx_rails=True)
    rails = read_power_rails(root)
    # NC channels and the "sum of shunt voltages" channel are skipped
    assert [r.name for r in rails] == ["VDD_GPU_SOC", "VDD_CPU_CV", "VIN_SYS_5V0", "VDDQ_VDD2_1V8AO"]
    total, source = total_power(rails)
    assert source == "sum of rails"
    assert total == pytest.approx(6000 + 3000 + 4500 + 1200)


def test_pom_5v_in_is_the_total() -> None:
    from edged.telemetry.jetson import PowerRail

    rails = [PowerRail("POM_5V_GPU", 5000, 100), PowerRail("POM_5V_IN", 5000, 1000)]
    assert total_power(rails) == (5000.0, "POM_5V_IN")
    assert total_power([]) == (None, None)


def test_no_power_monitor(x86_root: Path) -> None:
    assert find_power_monitors(x86_root) == []
    assert read_power_rails(x86_root) == []


# -- nvpmodel -------------------------------------------------------------------------------------


def test_power_mode_from_files(jetson_root: Path) -> None:
    assert read_power_mode(jetson_root) == PowerMode(2, "MAXN_SUPER", "files")


def test_power_mode_without_conf(jetson_root: Path) -> None:
    (jetson_root / "etc/nvpmodel.conf").unlink()
    mode = read_power_mode(jetson_root)
    assert mode == PowerMode(2, None, "files")
    assert mode is not None and mode.label == "mode 2"


def test_parse_nvpmodel_conf() -> None:
    assert parse_nvpmodel_conf(trees.NVPMODEL_CONF) == {0: "15W", 1: "7W", 2: "MAXN_SUPER"}
    assert parse_nvpmodel_conf("") == {}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("NV Power Mode: 15W\n0\n", PowerMode(0, "15W", "nvpmodel -q")),
        ("NVPM WARN: fan mode is not set!\nNV Power Mode: MAXN\n0\n", PowerMode(0, "MAXN", "nvpmodel -q")),
        ("NV Power Mode: 7W\n", PowerMode(None, "7W", "nvpmodel -q")),
        ("nvpmodel: command failed\n", None),
    ],
)
def test_parse_nvpmodel_query(text: str, expected: PowerMode | None) -> None:
    assert parse_nvpmodel_query(text) == expected


def script(folder: Path, name: str, body: str) -> Path:
    path = folder / name
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\n" + body)
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def test_query_nvpmodel_runs_the_read_only_query(tmp_path: Path) -> None:
    args = tmp_path / "args"
    tool = script(tmp_path / "bin", "nvpmodel", f'echo "$@" > {args}\necho "NV Power Mode: 15W"\necho 0\n')
    assert query_nvpmodel((str(tool), "-q")) == PowerMode(0, "15W", "nvpmodel -q")
    assert args.read_text().strip() == "-q"


def test_query_nvpmodel_failures(tmp_path: Path) -> None:
    failing = script(tmp_path / "bin", "failing", "echo 'NVPM ERROR' >&2\nexit 1\n")
    hanging = script(tmp_path / "bin", "hanging", "exec sleep 30\n")
    assert query_nvpmodel((str(failing), "-q")) is None
    assert query_nvpmodel((str(hanging), "-q"), timeout=0.2) is None
    assert query_nvpmodel((str(tmp_path / "bin" / "missing"), "-q")) is None


def test_power_mode_reader_falls_back_to_the_command_only_when_allowed(tmp_path: Path) -> None:
    root = trees.jetson_orin(tmp_path / "orin", nvpmodel=False)
    marker = tmp_path / "ran"
    tool = script(tmp_path / "bin", "nvpmodel", f"touch {marker}\necho 'NV Power Mode: 7W'\necho 1\n")
    assert PowerModeReader(root, allow_command=False, command=(str(tool), "-q")).read() is None
    assert not marker.exists()
    reader = PowerModeReader(root, allow_command=True, command=(str(tool), "-q"))
    assert reader.read() == PowerMode(1, "7W", "nvpmodel -q")
    marker.unlink()
    assert reader.read() == PowerMode(1, "7W", "nvpmodel -q")  # cached, not asked again
    assert not marker.exists()
    # once the files exist they win
    trees.write(root, "var/lib/nvpmodel/status", "pmode:0000\n")
    trees.write(root, "etc/nvpmodel.conf", trees.NVPMODEL_CONF)
    assert reader.read() == PowerMode(0, "15W", "files")


def test_power_mode_reader_rereads_a_changed_conf(jetson_root: Path) -> None:
    reader = PowerModeReader(jetson_root)
    assert reader.read() == PowerMode(2, "MAXN_SUPER", "files")
    conf = jetson_root / "etc/nvpmodel.conf"
    conf.write_text(trees.NVPMODEL_CONF.replace("MAXN_SUPER", "MAXN") + "\n")
    assert reader.read() == PowerMode(2, "MAXN", "files")
    (jetson_root / "var/lib/nvpmodel/status").write_text("pmode:0001\n")
    assert reader.read() == PowerMode(1, "7W", "files")


# -- EMC ------------------------------------------------------------------------------------------


def test_emc_unavailable_without_debugfs(jetson_root: Path) -> None:
    assert read_emc(jetson_root) is None


def test_emc_unreadable_debugfs(jetson_root: Path) -> None:
    (jetson_root / "sys/kernel/debug/bpmp/debug/clk/emc/rate").mkdir(parents=True)  # read fails: EISDIR
    assert read_emc(jetson_root) is None


def test_emc_from_debugfs(jetson_root: Path) -> None:
    trees.write(jetson_root, "sys/kernel/debug/bpmp/debug/clk/emc/rate", "2133000000\n")
    trees.write(jetson_root, "sys/kernel/debug/bpmp/debug/clk/emc/max_rate", "3199000000\n")
    emc = read_emc(jetson_root)
    assert emc is not None
    assert (emc.freq_mhz, emc.max_freq_mhz) == (2133.0, 3199.0)
