"""A model folder's capability profile, profile.json: reading it and telling whether it still holds.

`edged model profile` (edged.bench.capability) measures and writes it; the daemon's status and
`edged doctor` read it here, with the standard library only. A profile is keyed to the folder's
model's files (`files_sha256`: a digest of the sha256 of every file the manifest lists, so a
rebuild that produces the same bytes keeps its profile, and any other build does not) and to the
task suite it was measured on (a digest the caller passes in, `edged.tasks.suite_digest()`: this
layer does not know the suite). Either one changing makes the profile stale.

Catalogued models ship the profile of their reference build (edged/model/profiles/); a build
whose files come out byte-identical gets it installed (`install_shipped_profile`), so serving a
freshly built default model does not first run the suite. A build of the same sources with the same
builder (the same build key) can still differ in its bytes from one machine to another; such a
build gets the shipped profile only once it has answered the first tasks of the profile exactly as
the reference build did (`shipped_profile_to_probe`, `probe_matches`, `install_probed_profile`;
`edged model build` runs that probe, edged.bench.capability.probe_shipped_profile).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from edged.exceptions import ModelError
from edged.model.manifest import MANIFEST_NAME, Manifest, sha256_file

__all__ = [
    "PROFILE_NAME",
    "PROFILE_VERSION",
    "ProfileState",
    "ProfileStatus",
    "check_profile",
    "files_sha256",
    "install_probed_profile",
    "install_shipped_profile",
    "manifest_sha256",
    "probe_matches",
    "read_profile",
    "shipped_profile_path",
    "shipped_profile_to_probe",
    "write_profile",
]

PROFILE_NAME = "profile.json"
PROFILE_VERSION = 2  # 2: keyed to the model's files, not to the manifest's bytes
SHIPPED_DIR = Path(__file__).parent / "profiles"
RUN_PROFILE = "run `edged model profile`"
# How far a probed task's mean log-probability may lie from the reference build's: the profile
# keeps 4 decimals, and another CPU's kernels may sum in another order. Anything that changes an
# answer moves it far more, and changes the token count or the verdict too.
PROBE_LOGPROB_TOLERANCE = 0.002

ProfileState = Literal["ok", "stale", "missing"]


def manifest_sha256(folder: Path) -> str:
    try:
        return sha256_file(Path(folder) / MANIFEST_NAME)
    except OSError as exc:
        raise ModelError(f"{folder}: cannot read {MANIFEST_NAME}: {exc.strerror or exc}") from exc


def files_sha256(manifest: Manifest) -> str:
    """One digest of every file the manifest lists (name and sha256): what the model answers with."""
    listing = {name: entry["sha256"] for name, entry in sorted(manifest.files.items())}
    return hashlib.sha256(json.dumps(listing, sort_keys=True).encode()).hexdigest()


def _folder_files_sha256(folder: Path) -> str:
    return files_sha256(Manifest.read(Path(folder)))


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
        current = _folder_files_sha256(folder)
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
    if model.get("files_sha256") != current:
        return ProfileStatus(
            "stale",
            f"the model's files are not the ones that were profiled (rebuilt?); {RUN_PROFILE} again",
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


def shipped_profile_path(manifest: Manifest) -> Path:
    """Where edged keeps the profile of a catalogued model's reference build (may not exist)."""
    return SHIPPED_DIR / f"{manifest.name}.json"


def _read_shipped(manifest: Manifest) -> dict[str, Any] | None:
    """The shipped profile of `manifest`'s model, None when there is none; ModelError when broken."""
    shipped = shipped_profile_path(manifest)
    if not shipped.is_file():
        return None
    try:
        profile = json.loads(shipped.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ModelError(f"{shipped}: the shipped profile does not load: {exc}") from exc
    if not isinstance(profile, dict):
        raise ModelError(f"{shipped}: the shipped profile does not load: not a JSON object")
    return profile


def install_shipped_profile(folder: Path) -> bool:
    """Copy the shipped profile into `folder` when it was measured on byte-identical files.

    False (and nothing written) when there is no shipped profile for this model, or when this
    build's files differ from the reference build's: other versions of the builder or of
    transformers can change the weights' bytes, and a profile is only true of the bytes it ran.
    A profile already in the folder is replaced only when it does not hold for these files.
    """
    folder = Path(folder)
    manifest = Manifest.read(folder)
    profile = _read_shipped(manifest)
    if profile is None:
        return False
    digest = files_sha256(manifest)
    if (
        profile.get("format_version") != PROFILE_VERSION
        or profile.get("model", {}).get("files_sha256") != digest
    ):
        return False
    existing = read_profile(folder)
    if existing is not None and (existing.get("model") or {}).get("files_sha256") == digest:
        return False  # this build's own profile (maybe newer, maybe on another suite): keep it
    profile["model"] = dict(profile["model"], manifest_sha256=manifest_sha256(folder), shipped=True)
    write_profile(folder, profile)
    return True


def shipped_profile_to_probe(folder: Path) -> dict[str, Any] | None:
    """The shipped profile of `folder`'s model when only a probe can tell whether it applies.

    That is: the folder has no profile that holds, the shipped one is of this format and was
    measured on a build with the same build key (same source, builder versions and options) but
    other bytes. None in every other case (byte-identical builds get it from
    `install_shipped_profile`; another build key is another model).
    """
    folder = Path(folder)
    manifest = Manifest.read(folder)
    profile = _read_shipped(manifest)
    if profile is None:
        return None
    model = profile.get("model") or {}
    if (
        profile.get("format_version") != PROFILE_VERSION
        or model.get("build_key") != manifest.build_key
        or model.get("files_sha256") == files_sha256(manifest)
        or not isinstance(profile.get("tasks"), list)
    ):
        return None
    existing = read_profile(folder)
    if existing is not None and (existing.get("model") or {}).get("files_sha256") == files_sha256(manifest):
        return None  # this build has its own profile
    return profile


def probe_matches(reference: Mapping[str, Any], probed: Mapping[str, Any]) -> str | None:
    """None when a probed task was answered as the reference build answered it, else how not."""
    for key in ("ok", "finish_reason", "completion_tokens"):
        if reference.get(key) != probed.get(key):
            return f"{key} {probed.get(key)!r}, reference {reference.get(key)!r}"
    ref, got = reference.get("mean_logprob"), probed.get("mean_logprob")
    if (ref is None) != (got is None):
        return f"mean_logprob {got!r}, reference {ref!r}"
    if ref is not None and got is not None and abs(float(ref) - float(got)) > PROBE_LOGPROB_TOLERANCE:
        return f"mean_logprob {got:.4f}, reference {ref:.4f}"
    return None


def install_probed_profile(
    folder: Path, profile: Mapping[str, Any], probed: Sequence[Mapping[str, Any]]
) -> Path:
    """Install a shipped `profile` for `folder`'s build, which answered every one of `probed` (the
    probe's outcomes) as the reference build did. The profile then holds for this build's files;
    it records the reference's digest and the probe, so `edged model list` and a reader can tell a
    probed profile from a measured one. ModelError when a probed task does not match."""
    folder = Path(folder)
    reference = {t.get("id"): t for t in profile.get("tasks", []) if isinstance(t, Mapping)}
    if not probed:
        raise ModelError("no probed task: the shipped profile cannot be matched to this build")
    for task in probed:
        ref = reference.get(task.get("id"))
        problem = "not in the reference profile" if ref is None else probe_matches(ref, task)
        if problem is not None:
            raise ModelError(f"task {task.get('id')}: {problem}")
    manifest = Manifest.read(folder)
    model = dict(profile.get("model") or {})
    out = dict(profile)
    out["model"] = dict(
        model,
        files_sha256=files_sha256(manifest),
        manifest_sha256=manifest_sha256(folder),
        shipped=True,
        probed={
            "reference_files_sha256": model.get("files_sha256"),
            "tasks": [str(t.get("id")) for t in probed],
            "logprob_tolerance": PROBE_LOGPROB_TOLERANCE,
        },
    )
    return write_profile(folder, out)
