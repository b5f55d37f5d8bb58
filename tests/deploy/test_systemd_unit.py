"""deploy/systemd/edged.service: systemd's own offline checks, plus what the daemon relies on.

`systemd-analyze verify` exits 0 on unknown keys and unparsable values (it only prints them),
so a clean run means exit 0 *and* empty stderr. `systemd-analyze security --threshold` is on
the 0-100 scale: exposure 1.5 is 15.
"""

from __future__ import annotations

import codecs
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from edged.config import CREDENTIAL_NAME, DEFAULT_CONFIG_FILE, ServerConfig

REPO = Path(__file__).resolve().parents[2]
SYSTEMD_DIR = REPO / "deploy" / "systemd"
UNIT = SYSTEMD_DIR / "edged.service"
OFFLINE_DROPIN = SYSTEMD_DIR / "offline.conf"
SYSUSERS = SYSTEMD_DIR / "edged.sysusers.conf"

MAX_EXPOSURE = 1.5
MAX_EXPOSURE_OFFLINE = 1.0

# Unit settings that systemd 250-252 added (systemd NEWS). `verify` on this machine's 252 accepts
# them without a word, but JetPack 6's systemd 249 would ignore them. 253+ keys need no list:
# verify on 252 reports them as unknown, which the empty-stderr check catches.
KEYS_NEWER_THAN_249 = {
    "ExecSearchPath": 250,
    "ExitType": 250,
    "LoadCredentialEncrypted": 250,
    "SetCredentialEncrypted": 250,
    "RestrictFileSystems": 250,
    "RestrictNetworkInterfaces": 250,
    "RuntimeRandomizedExtraSec": 250,
    "StartupAllowedCPUs": 250,
    "StartupAllowedMemoryNodes": 250,
    "TTYRows": 250,
    "TTYColumns": 250,
    "ConditionCPUPressure": 250,
    "ConditionIOPressure": 250,
    "ConditionMemoryPressure": 250,
    "ExtensionDirectories": 251,
    "ConditionCredential": 252,
    "AssertCredential": 252,
}


def parse_unit(text: str) -> dict[str, dict[str, list[str]]]:
    """{section: {key: [values in order]}}; continuation lines joined, comments dropped."""
    sections: dict[str, dict[str, list[str]]] = {}
    current: dict[str, list[str]] | None = None
    pending = ""
    for raw in text.splitlines():
        line = pending + raw.strip()
        pending = ""
        if line.endswith("\\"):
            pending = line[:-1] + " "
            continue
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], {})
            continue
        assert current is not None, f"setting outside a section: {line!r}"
        key, _, value = line.partition("=")
        current.setdefault(key.strip(), []).append(value.strip())
    return sections


def seconds(value: str) -> float:
    """A systemd time span ("30s", "15min", "1h 30min", "90") in seconds."""
    units = {"": 1, "s": 1, "sec": 1, "min": 60, "m": 60, "h": 3600, "hr": 3600, "ms": 0.001}
    total = 0.0
    for number, unit in re.findall(r"(\d+(?:\.\d+)?)\s*([a-z]*)", value):
        total += float(number) * units[unit]
    return total


@pytest.fixture(scope="module")
def unit() -> dict[str, dict[str, list[str]]]:
    return parse_unit(UNIT.read_text(encoding="utf-8"))


def service(unit: dict[str, dict[str, list[str]]], key: str) -> str:
    """The effective (last) value of a [Service] setting."""
    values = unit["Service"].get(key)
    assert values, f"{UNIT.name}: [Service] {key}= is not set"
    return values[-1]


# -- systemd-analyze -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def systemd_analyze() -> str:
    tool = shutil.which("systemd-analyze")
    if tool is None:
        pytest.skip("systemd-analyze is not installed (Debian/Ubuntu: apt-get install systemd)")
    return tool


def stage_root(root: Path, dropins: tuple[Path, ...] = ()) -> Path:
    """A root tree with the unit in etc/systemd/system and an executable at each Exec*= path."""
    unit_dir = root / "etc" / "systemd" / "system"
    unit_dir.mkdir(parents=True)
    shutil.copy(UNIT, unit_dir / UNIT.name)
    if dropins:
        dropin_dir = unit_dir / f"{UNIT.name}.d"
        dropin_dir.mkdir()
        for dropin in dropins:
            shutil.copy(dropin, dropin_dir / dropin.name)
    for key, values in parse_unit(UNIT.read_text(encoding="utf-8"))["Service"].items():
        if not key.startswith("Exec"):
            continue
        for value in values:
            program = value.split()[0].lstrip("-@:+!")
            target = root / program.lstrip("/")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text("#!/bin/sh\nexit 0\n")
            target.chmod(0o755)
    return root


def run(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, capture_output=True, text=True, timeout=60, check=False)


@pytest.mark.parametrize("dropins", [(), (OFFLINE_DROPIN,)], ids=["unit", "unit+offline.conf"])
def test_verify_is_clean(systemd_analyze: str, tmp_path: Path, dropins: tuple[Path, ...]) -> None:
    root = stage_root(tmp_path / "root", dropins)
    done = run(systemd_analyze, "verify", "--recursive-errors=no", "--man=no", f"--root={root}", UNIT.name)
    assert done.returncode == 0 and done.stderr == "", (
        f"systemd-analyze verify exited {done.returncode}:\n{done.stderr}{done.stdout}"
    )


def test_verify_catches_what_it_should(systemd_analyze: str, tmp_path: Path) -> None:
    # The staged root is what makes verify meaningful: without the ExecStart binary it fails,
    # and an unknown key shows on stderr even though the exit code alone would not tell.
    root = stage_root(tmp_path / "root")
    (root / service(parse_unit(UNIT.read_text()), "ExecStart").split()[0].lstrip("/")).unlink()
    done = run(systemd_analyze, "verify", "--recursive-errors=no", "--man=no", f"--root={root}", UNIT.name)
    assert done.returncode != 0 and "not executable" in done.stderr

    root = stage_root(tmp_path / "root2")
    unit_file = root / "etc" / "systemd" / "system" / UNIT.name
    unit_file.write_text(unit_file.read_text().replace("[Service]\n", "[Service]\nNoSuchSetting=1\n", 1))
    done = run(systemd_analyze, "verify", "--recursive-errors=no", "--man=no", f"--root={root}", UNIT.name)
    assert "Unknown key 'NoSuchSetting'" in done.stderr


def exposure(systemd_analyze: str, root: Path) -> float:
    done = run(systemd_analyze, "security", "--offline=true", f"--root={root}", "--no-pager", UNIT.name)
    m = re.search(r"Overall exposure level for \S+: (\d+(?:\.\d+)?)", done.stdout)
    assert m, f"no exposure line in:\n{done.stdout}\n{done.stderr}"
    return float(m.group(1))


def test_security_exposure(systemd_analyze: str, tmp_path: Path) -> None:
    root = stage_root(tmp_path / "root")
    level = exposure(systemd_analyze, root)
    assert level <= MAX_EXPOSURE, f"exposure {level} > {MAX_EXPOSURE}"
    threshold = str(round(MAX_EXPOSURE * 10))  # --threshold takes exposure x 10
    done = run(
        systemd_analyze, "security", "--offline=true", f"--root={root}", f"--threshold={threshold}", UNIT.name
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr


def test_security_exposure_offline(systemd_analyze: str, tmp_path: Path) -> None:
    root = stage_root(tmp_path / "root", (OFFLINE_DROPIN,))
    level = exposure(systemd_analyze, root)
    assert level <= MAX_EXPOSURE_OFFLINE, f"exposure with offline.conf {level} > {MAX_EXPOSURE_OFFLINE}"


def test_sysusers_file(tmp_path: Path, unit: dict[str, dict[str, list[str]]]) -> None:
    tool = shutil.which("systemd-sysusers")
    if tool is None:
        pytest.skip("systemd-sysusers is not installed (Debian/Ubuntu: apt-get install systemd)")
    (tmp_path / "etc").mkdir()
    done = run(tool, "--dry-run", f"--root={tmp_path}", str(SYSUSERS))
    assert done.returncode == 0, done.stderr
    assert f"Creating user '{service(unit, 'User')}'" in done.stdout + done.stderr
    assert f"Creating group '{service(unit, 'Group')}'" in done.stdout + done.stderr


# -- what the daemon and the platform need from the unit -----------------------------------------


def test_startup_and_supervision(unit: dict[str, dict[str, list[str]]]) -> None:
    assert service(unit, "Type") == "notify"  # notify-reload needs systemd 253; JetPack 6 has 249
    assert service(unit, "NotifyAccess") == "main"
    assert seconds(service(unit, "WatchdogSec")) > 0
    assert service(unit, "Restart") == "on-failure"
    assert seconds(service(unit, "TimeoutStartSec")) >= 10 * 60, "a first TensorRT engine build takes minutes"
    stop = seconds(service(unit, "TimeoutStopSec"))
    assert stop > ServerConfig().shutdown_timeout_s, "the unit kills the daemon before it has drained"
    assert re.fullmatch(r"\S*/kill -HUP \$MAINPID", service(unit, "ExecReload"))


def test_exec_start_reads_the_default_config(unit: dict[str, dict[str, list[str]]]) -> None:
    argv = service(unit, "ExecStart").split()
    assert argv[0].endswith("/edged") and argv[1] == "serve"
    assert argv[argv.index("--config") + 1] == str(DEFAULT_CONFIG_FILE)


def test_directories_and_user(unit: dict[str, dict[str, list[str]]]) -> None:
    for key in ("RuntimeDirectory", "StateDirectory", "CacheDirectory", "ConfigurationDirectory"):
        assert service(unit, key) == "edged"
    assert service(unit, "RuntimeDirectoryMode") == "0750"
    assert service(unit, "User") == "edged" and service(unit, "Group") == "edged"
    assert "video" in service(unit, "SupplementaryGroups").split()
    assert service(unit, "UMask") == "0077"


def test_cloud_key_is_a_credential_that_may_be_missing(unit: dict[str, dict[str, list[str]]]) -> None:
    name, _, path = service(unit, "LoadCredential").partition(":")
    assert name == CREDENTIAL_NAME and path.startswith("/")
    # A SetCredential= of the same name is the fallback when the file is missing; its value
    # (C-escaped) must read as no key at all.
    fallback = [v for v in unit["Service"].get("SetCredential", []) if v.startswith(f"{name}:")]
    assert fallback, "without SetCredential= a missing key file fails the start"
    value = codecs.decode(fallback[-1].partition(":")[2], "unicode_escape")
    assert value.strip() == ""
    for value in unit["Service"].get("Environment", []):
        assert "API_KEY" not in value.upper(), "secrets never go in Environment="


def test_sandbox_keeps_gpu_and_telemetry_working(unit: dict[str, dict[str, list[str]]]) -> None:
    assert service(unit, "ProcSubset") == "all", "ProcSubset=pid hides /proc/meminfo from psutil"
    assert unit["Service"].get("PrivateDevices", ["no"])[-1] == "no", "PrivateDevices hides the GPU"
    assert service(unit, "MemoryDenyWriteExecute") == "no", "not before a device test"
    assert service(unit, "PrivateUsers") == "no", "video would map to nobody"
    assert service(unit, "DevicePolicy") == "closed"
    allowed = {v.split()[0] for v in unit["Service"]["DeviceAllow"]}
    jetson = {
        "/dev/nvmap",
        "/dev/host1x-fence",
        "/dev/nvhost-ctrl-gpu",
        "/dev/nvhost-gpu",
        "/dev/nvhost-as-gpu",
    }
    discrete = {"/dev/nvidiactl", "/dev/nvidia0", "/dev/nvidia-uvm"}
    assert jetson <= allowed and discrete <= allowed
    assert all(v.split()[1] == "rw" for v in unit["Service"]["DeviceAllow"])
    families = service(unit, "RestrictAddressFamilies").split()
    assert {"AF_UNIX", "AF_INET", "AF_INET6"} <= set(families), "the cloud endpoint needs IP"
    assert service(unit, "ProtectSystem") == "strict"
    assert service(unit, "NoNewPrivileges") == "yes"
    assert service(unit, "CapabilityBoundingSet") == ""


def test_offline_dropin_cuts_the_network() -> None:
    dropin = parse_unit(OFFLINE_DROPIN.read_text(encoding="utf-8"))["Service"]
    assert dropin["PrivateNetwork"][-1] == "yes"
    assert dropin["RestrictAddressFamilies"] == ["", "AF_UNIX"]  # reset, then local sockets only
    assert "EDGED_CLOUD_BASE_URL=" in dropin["Environment"]


@pytest.mark.parametrize("path", [UNIT, OFFLINE_DROPIN], ids=lambda p: p.name)
def test_no_settings_newer_than_systemd_249(path: Path) -> None:
    used = {key for section in parse_unit(path.read_text(encoding="utf-8")).values() for key in section}
    too_new = {key: KEYS_NEWER_THAN_249[key] for key in used & KEYS_NEWER_THAN_249.keys()}
    assert not too_new, f"{path.name}: systemd 249 (JetPack 6) does not know {too_new}"
