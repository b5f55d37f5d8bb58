"""The model folder's manifest: what it was built from, how, and the sha256 of every file.

Runtime code reads and verifies it; it needs only the standard library.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from edged.exceptions import ModelError

__all__ = ["MANIFEST_NAME", "MANIFEST_VERSION", "Manifest", "sha256_file", "verify_folder"]

MANIFEST_NAME = "manifest.json"
MANIFEST_VERSION = 1
_CHUNK = 1 << 20


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass
class Manifest:
    """Everything a runtime needs to trust and run a model folder.

    `files` maps each file name (relative to the folder, manifest excluded) to
    `{"sha256": ..., "bytes": ...}`.
    """

    name: str
    source: dict[str, Any]
    precision: str
    target: str
    opset: int
    onnxruntime_version: str
    builder: dict[str, str]
    context_length: int
    eos_token_ids: list[int]
    bos_token_id: int | None
    vocab_size: int
    num_layers: int
    num_kv_heads: int
    head_dim: int
    io_dtype: str
    files: dict[str, dict[str, Any]]
    build_key: str
    created_at: str
    edged_version: str
    format_version: int = MANIFEST_VERSION
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def read(cls, folder: Path) -> Manifest:
        path = folder / MANIFEST_NAME
        if not folder.is_dir():
            raise ModelError(f"{folder}: no such model folder (build one with `edged model build`)")
        if not path.is_file():
            raise ModelError(f"{folder}: no {MANIFEST_NAME}; not a folder built by `edged model build`")
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ModelError(f"{path}: unreadable manifest: {exc}") from exc
        if not isinstance(data, dict):
            raise ModelError(f"{path}: the manifest is not a JSON object")
        version = data.get("format_version")
        if version != MANIFEST_VERSION:
            raise ModelError(f"{path}: manifest format {version!r}, this edged reads {MANIFEST_VERSION}")
        known = set(cls.__dataclass_fields__)
        missing = [k for k in known if k not in data and k != "extra"]
        if missing:
            raise ModelError(f"{path}: manifest lacks {', '.join(sorted(missing))}")
        return cls(**{k: v for k, v in data.items() if k in known})

    def write(self, folder: Path) -> None:
        path = folder / MANIFEST_NAME
        tmp = path.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(asdict(self), indent=2, sort_keys=True) + "\n", encoding="utf-8")
        os.replace(tmp, path)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def verify_folder(folder: Path, manifest: Manifest, mode: str = "hash") -> None:
    """Raise ModelError naming every file that is missing, resized or altered."""
    if mode == "off":
        return
    problems: list[str] = []
    for name, meta in sorted(manifest.files.items()):
        path = folder / name
        if not path.is_file():
            problems.append(f"{name}: missing")
            continue
        size = path.stat().st_size
        if size != meta.get("bytes"):
            problems.append(f"{name}: {size} bytes, the manifest says {meta.get('bytes')}")
            continue
        if mode == "hash" and sha256_file(path) != meta.get("sha256"):
            problems.append(f"{name}: sha256 does not match the manifest (corrupt or altered)")
    if problems:
        raise ModelError(f"{folder}: model files do not match manifest.json: " + "; ".join(problems))
