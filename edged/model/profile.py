"""A model folder's capability profile, profile.json: reading it and telling whether it still holds.

`edged model profile` (edged.bench.capability) measures and writes it; the daemon's status and
`edged doctor` read it here, with the standard library only. A profile is keyed to the folder's
manifest.json (its sha256: a rebuilt model has a new manifest) and to the task suite it was
measured on (a digest the caller passes in, `edged.tasks.suite_digest()`: this layer does not
know the suite). Either one changing makes the profile stale.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from edged.exceptions import ModelError
from edged.model.manifest import MANIFEST_NAME, sha256_file

__all__ = [
    "PROFILE_NAME",
    "PROFILE_VERSION",
    "ProfileState",
    "ProfileStatus",
    "check_profile",
    "manifest_sha256",
    "read_profile",
    "write_profile",
]

PROFILE_NAME = "profile.json"
PROFILE_VERSION = 1
RUN_PROFILE = "run `edged model profile`"

ProfileState = Literal["ok", "stale", "missing"]


def manifest_sha256(folder: Path) -> str:
    try:
        return sha256_file(Path(folder) / MANIFEST_NAME)
    except OSError as exc:
        raise ModelError(f"{folder}: cannot read {MANIFEST_NAME}: {exc.strerror or exc}") from exc


@dataclass(frozen=True)
class ProfileStatus:
    """Whether a folder's profile holds; the measured rates when it does."""

    state: ProfileState
    detail: str
    overall: float | None = None
    per_type: dict[str, float | None] = field(default_factory=dict)
    tasks_run: int = 0
    complete: bool = False

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"state": self.state, "detail": self.detail}
        if self.state == "ok":
            out.update(
                overall=self.overall,
                per_type=dict(self.per_type),
                tasks_run=self.tasks_run,
                complete=self.complete,
            )
        return out


def read_profile(folder: Path) -> dict[str, Any] | None:
    """The folder's profile.json, or None when it has none; ModelError when it cannot be read."""
    path = Path(folder) / PROFILE_NAME
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise ModelError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ModelError(f"{path}: not JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise ModelError(f"{path}: not a JSON object")
    return data


def check_profile(folder: Path, suite_digest: str) -> ProfileStatus:
    """Whether `folder`'s profile was measured on this build of the model and this task suite."""
    folder = Path(folder)
    if not (folder / MANIFEST_NAME).is_file():
        return ProfileStatus("missing", f"{folder}: no model folder with a {MANIFEST_NAME}")
    try:
        profile = read_profile(folder)
        if profile is None:
            return ProfileStatus("missing", f"{folder}: no {PROFILE_NAME}; {RUN_PROFILE}")
        current = manifest_sha256(folder)
    except ModelError as exc:
        return ProfileStatus("stale", f"{exc}; {RUN_PROFILE} again")
    version = profile.get("format_version")
    if version != PROFILE_VERSION:
        return ProfileStatus(
            "stale",
            f"{PROFILE_NAME} format {version!r}, this edged reads {PROFILE_VERSION}; {RUN_PROFILE} again",
        )
    model = profile.get("model") or {}
    suite = profile.get("suite") or {}
    if model.get("manifest_sha256") != current:
        return ProfileStatus(
            "stale",
            f"the model was rebuilt since it was profiled ({MANIFEST_NAME} changed); {RUN_PROFILE} again",
        )
    if suite.get("digest") != suite_digest:
        return ProfileStatus(
            "stale", f"the task suite changed since the model was profiled; {RUN_PROFILE} again"
        )
    try:
        per_type = {name: row["rate"] for name, row in profile["per_type"].items()}
        overall = profile["overall"]["rate"]
        run = profile["run"]
        tasks_run, complete = int(run["tasks_run"]), bool(run["complete"])
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        return ProfileStatus("stale", f"{PROFILE_NAME} lacks {exc}; {RUN_PROFILE} again")
    share = "" if complete else f", {tasks_run} of {run.get('tasks_planned')} tasks"
    rate = "-" if overall is None else f"{overall:.0%}"
    return ProfileStatus(
        "ok",
        f"{rate} of the suite's {suite.get('split', 'dev')} tasks right{share}",
        overall=overall,
        per_type=per_type,
        tasks_run=tasks_run,
        complete=complete,
    )


def write_profile(folder: Path, profile: Mapping[str, Any]) -> Path:
    """Write profile.json atomically: a reader sees the old profile or the new one, never half."""
    folder = Path(folder)
    path = folder / PROFILE_NAME
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{PROFILE_NAME}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(profile, fh, indent=2, ensure_ascii=False)
            fh.write("\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)  # mkstemp makes it 0600; the daemon's user must read it
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return path
