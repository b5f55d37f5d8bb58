"""`edged model profile`: the statistics by hand, the runner on a fake clock, the command on a tiny
model as a real subprocess, and staleness as the daemon's status and `edged doctor` report it."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import edged
import edged.cli
from edged.bench.capability import (
    MAX_TOKENS,
    Outcome,
    interleave,
    probe_shipped_profile,
    profile_model,
    roc_auc,
    run_suite,
    summarize,
    task_body,
    wilson_interval,
)
from edged.doctor import run_checks
from edged.engine import Completion, GenerationStats
from edged.exceptions import ModelError, RequestTimeout
from edged.model.manifest import Manifest, sha256_file
from edged.model.profile import (
    PROBE_LOGPROB_TOLERANCE,
    PROFILE_NAME,
    check_profile,
    files_sha256,
    install_probed_profile,
    install_shipped_profile,
    probe_matches,
    read_profile,
    shipped_profile_to_probe,
    write_profile,
)
from edged.tasks import TASK_TYPES, Task, load_tasks, suite_digest
from tests.support.daemon import REPO, DaemonThread, make_config
from tests.telemetry import trees

# -- statistics --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("right", "n", "low", "high"),
    [
        # p = 0.8, z = 1.96: centre (0.8 + 0.19207) / 1.38415 = 0.71678, half 0.22651
        (8, 10, 0.4902, 0.9433),
        # p = 0: centre = half = 0.19207 / 1.38415 = 0.13877
        (0, 10, 0.0, 0.2775),
        (10, 10, 0.7225, 1.0),
        # p = 0.5, n = 100: centre 0.5, half 1.96 * sqrt(0.0025 + 0.00009604) / 1.0384 = 0.09617
        (50, 100, 0.4038, 0.5962),
    ],
)
def test_wilson_interval_against_hand_computed_values(right: int, n: int, low: float, high: float) -> None:
    got = wilson_interval(right, n)
    assert got == pytest.approx((low, high), abs=1e-4)


def test_wilson_interval_of_nothing_is_everything() -> None:
    assert wilson_interval(0, 0) == (0.0, 1.0)


@pytest.mark.parametrize(
    ("right", "wrong", "auc"),
    [
        # Pairs (right, wrong): 0.9 beats both, 0.8 beats both, 0.3 loses to 0.5 and ties 0.3: 4.5 / 6.
        ([0.9, 0.8, 0.3], [0.5, 0.3], 0.75),
        ([3.0, 4.0], [1.0, 2.0], 1.0),
        ([1.0, 2.0], [3.0, 4.0], 0.0),
        ([1.0, 1.0], [1.0], 0.5),
        # 2 beats 1; 1 ties 1; 2 loses to 3; 1 loses to 3: 1.5 / 4.
        ([2.0, 1.0], [1.0, 3.0], 0.375),
    ],
)
def test_roc_auc_against_hand_computed_values(right: list[float], wrong: list[float], auc: float) -> None:
    assert roc_auc(right, wrong) == pytest.approx(auc)


def test_roc_auc_needs_both_kinds() -> None:
    assert roc_auc([1.0], []) is None
    assert roc_auc([], [1.0]) is None


# -- the runner on a fake clock ----------------------------------------------------------------------


def completion(text: str, logprob: float | None = -1.0, repetition: float = 0.0) -> Completion:
    return Completion(text, "stop", [1, 2, 3], GenerationStats(completion_tokens=3), logprob, repetition)


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def dev_tasks() -> list[Task]:
    return interleave(load_tasks(split="dev"))


def test_interleave_takes_the_types_in_turn() -> None:
    tasks = dev_tasks()
    assert [t.type for t in tasks[: len(TASK_TYPES)]] == list(TASK_TYPES)
    assert sorted(t.id for t in tasks) == sorted(t.id for t in load_tasks(split="dev"))


def test_run_suite_stops_at_the_limit_and_counts_only_finished_tasks() -> None:
    clock = FakeClock()
    tasks = dev_tasks()

    def answer(task: Task, deadline: float) -> Completion:
        clock.now += 1.0
        return completion(task.references[0])

    run = run_suite(tasks, answer, limit_s=3.5, clock=clock)
    # Starts at 0, 1, 2 and 3 s are inside the limit; at 4 s the fifth does not start.
    assert len(run.outcomes) == 4 and run.planned == len(tasks)
    assert run.stopped == "limit"
    assert all(o.ok for o in run.outcomes)


def test_a_task_the_limit_interrupts_is_not_counted() -> None:
    clock = FakeClock()

    def answer(task: Task, deadline: float) -> Completion:
        clock.now += 2.0
        if clock.now > deadline:
            raise RequestTimeout("past the deadline")
        return completion(task.wrong)

    run = run_suite(dev_tasks(), answer, limit_s=5.0, clock=clock)
    assert [o.ok for o in run.outcomes] == [False, False]
    assert run.stopped == "limit"


def test_summarize_rates_and_signal_separation() -> None:
    tasks = dev_tasks()[:5]
    signals = [(-0.2, True), (-0.5, True), (-1.5, False), (-0.4, False), (None, False)]
    outcomes = [
        Outcome(task, ok, "", "stop", 3, 0.1, {"mean_logprob": lp, "repetition_ratio": 0.0})
        for task, (lp, ok) in zip(tasks, signals, strict=True)
    ]
    summary = summarize(outcomes)
    assert summary["overall"]["n"] == 5 and summary["overall"]["right"] == 2
    assert summary["overall"]["ci95"] == pytest.approx(list(wilson_interval(2, 5)), abs=1e-4)
    assert set(summary["per_type"]) == {t.type for t in tasks}
    lp = summary["signals"]["mean_logprob"]
    # A missing signal is left out, not counted as zero.
    assert (lp["n_right"], lp["n_wrong"]) == (2, 2)
    assert lp["mean_right"] == pytest.approx(-0.35) and lp["mean_wrong"] == pytest.approx(-0.95)
    # -0.2 beats both wrong; -0.5 beats -1.5, loses to -0.4: 3 of 4.
    assert lp["auc"] == pytest.approx(0.75)
    assert summary["signals"]["repetition_ratio"]["auc"] == pytest.approx(0.5)


def test_each_task_is_sent_as_the_daemon_would_send_it(tmp_path: Path) -> None:
    from edged.router.inputs import request_params

    config = make_config(tmp_path, tmp_path / "model")
    params = request_params(task_body("What is 2 + 2?"), config)
    assert params.route == "local"
    assert params.sampling.greedy and params.sampling.max_tokens == MAX_TOKENS
    assert params.sampling.repetition_penalty == config.model.default_repetition_penalty


# -- the command on a tiny model ---------------------------------------------------------------------


@pytest.fixture
def model_copy(tmp_path: Path, tiny_model: Path) -> Path:
    """A private copy: a profile written into the session's shared tiny model would leak."""
    folder = tmp_path / "model"
    shutil.copytree(tiny_model, folder)
    (folder / PROFILE_NAME).unlink(missing_ok=True)
    return folder


def touch_manifest(folder: Path) -> None:
    """What a rebuild does to the manifest: same model name, new build time and date."""
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["created_at"] = "2099-01-01T00:00:00+00:00"
    manifest["extra"]["build_s"] = 12345.6
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")


def rebuild_with_other_bytes(folder: Path) -> None:
    """What a rebuild by other tool versions does: a file comes out different, and the manifest says so."""
    touch_manifest(folder)
    changed = folder / "tokenizer_config.json"
    changed.write_text(changed.read_text().rstrip() + " \n")
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["files"][changed.name] = {"sha256": sha256_file(changed), "bytes": changed.stat().st_size}
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")


def edged_cli(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    return subprocess.run(
        [sys.executable, "-m", "edged", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        cwd=REPO,
    )


def test_profile_command_writes_a_valid_profile(model_copy: Path) -> None:
    config = model_copy.parent / "edged.toml"
    config.write_text(f'[model]\npath = "{model_copy}"\nthreads = 1\n')
    done = edged_cli(
        "model", "profile", "--config", str(config),
        "--types", "fact", "arithmetic", "--max-tasks", "4", "--limit-s", "240", "--json",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    printed = json.loads(done.stdout)
    assert read_profile(model_copy) == printed
    assert not list(model_copy.glob(f".{PROFILE_NAME}.*"))  # no temporary file left behind
    # stderr is a pipe here: plain progress lines, no carriage returns.
    assert "\r" not in done.stderr and "profile: 4/4 tasks" in done.stderr

    assert printed["model"]["manifest_sha256"] == sha256_file(model_copy / "manifest.json")
    assert printed["model"]["files_sha256"] == files_sha256(Manifest.read(model_copy))
    assert printed["suite"]["digest"] == suite_digest() and printed["suite"]["split"] == "dev"
    run = printed["run"]
    assert (run["tasks_planned"], run["tasks_run"], run["complete"], run["stopped"]) == (4, 4, True, None)
    assert run["sampling"]["max_tokens"] == MAX_TOKENS and run["sampling"]["temperature"] == 0.0
    assert set(printed["per_type"]) == {"fact", "arithmetic"}
    assert sum(row["n"] for row in printed["per_type"].values()) == printed["overall"]["n"] == 4
    for row in [printed["overall"], *printed["per_type"].values()]:
        low, high = row["ci95"]
        assert 0.0 <= low <= row["rate"] <= high <= 1.0
    assert {"mean_logprob", "repetition_ratio"} <= set(printed["signals"])
    assert len(printed["tasks"]) == 4
    assert all(t["mean_logprob"] is None or t["mean_logprob"] <= 0 for t in printed["tasks"])

    assert check_profile(model_copy, suite_digest()).state == "ok"
    # A rebuild that makes the same bytes keeps its profile: only the manifest's dates changed.
    touch_manifest(model_copy)
    assert check_profile(model_copy, suite_digest()).state == "ok"
    rebuild_with_other_bytes(model_copy)
    stale = check_profile(model_copy, suite_digest())
    assert stale.state == "stale" and "rebuilt" in stale.detail


def test_profile_command_that_runs_out_of_time_writes_nothing(model_copy: Path) -> None:
    done = edged_cli("model", "profile", "--model", str(model_copy), "--types", "fact", "--limit-s", "1e-9")
    assert done.returncode == 3, done.stderr
    assert "no task finished within --limit-s" in done.stderr
    assert not (model_copy / PROFILE_NAME).exists()


def test_unknown_task_type_is_a_usage_error(model_copy: Path) -> None:
    assert edged.cli.main(["model", "profile", "--model", str(model_copy), "--types", "poetry"]) == 2


# -- staleness: the profile module, the daemon's status, doctor --------------------------------------


@pytest.fixture
def profiled(model_copy: Path) -> Path:
    config = make_config(model_copy.parent, model_copy, model={"threads": 1})
    profile_model(model_copy, config, types=["classify"], max_tasks=2, limit_s=120, stream=io.StringIO())
    return model_copy


def test_stale_when_the_suite_changes_or_the_file_is_damaged(profiled: Path) -> None:
    assert check_profile(profiled, suite_digest()).state == "ok"
    assert check_profile(profiled, "0" * 64).state == "stale"
    profile = read_profile(profiled)
    assert profile is not None
    write_profile(profiled, dict(profile, format_version=99))
    assert "format 99" in check_profile(profiled, suite_digest()).detail
    (profiled / PROFILE_NAME).write_text("{not json")
    assert check_profile(profiled, suite_digest()).state == "stale"
    (profiled / PROFILE_NAME).unlink()
    assert check_profile(profiled, suite_digest()).state == "missing"


@pytest.fixture
def daemon(model_copy: Path) -> Iterator[DaemonThread]:
    with DaemonThread(make_config(model_copy.parent, model_copy)) as d:
        yield d


def test_status_reports_missing_then_ok_then_stale(daemon: DaemonThread, model_copy: Path) -> None:
    with edged.Client(daemon.endpoint, timeout=10) as client:
        missing = client.status()["profile"]
        assert missing["state"] == "missing" and "edged model profile" in missing["detail"]
        assert "per_type" not in missing

        profile_model(
            model_copy, daemon.config, types=["fact"], max_tasks=1, limit_s=120, stream=io.StringIO()
        )
        ok = client.status()["profile"]
        assert ok["state"] == "ok"
        assert set(ok["per_type"]) == {"fact"} and ok["per_type"]["fact"] in (0.0, 1.0)
        assert ok["tasks_run"] == 1 and ok["complete"] is True

        rebuild_with_other_bytes(model_copy)
        assert client.status()["profile"]["state"] == "stale"


def doctor_profile(tmp: Path, model: Path) -> tuple[str, str, str]:
    root = tmp / "laptop"
    if not root.exists():
        trees.laptop(root)
    checks = {c.name: c for c in run_checks(make_config(tmp, model, telemetry={"root": str(root)}), env={})}
    check = checks["profile"]
    return check.status, check.detail, check.remedy


def test_doctor_reports_a_missing_or_stale_profile(tmp_path: Path, model_copy: Path) -> None:
    status, detail, remedy = doctor_profile(tmp_path, model_copy)
    assert status == "warning" and "no profile.json" in detail
    assert remedy.startswith(f"run: edged model profile --model {model_copy}")

    profile_model(
        model_copy,
        make_config(tmp_path, model_copy, model={"threads": 1}),
        types=["convert"],
        max_tasks=1,
        limit_s=120,
        stream=io.StringIO(),
    )
    status, detail, _ = doctor_profile(tmp_path, model_copy)
    assert status == "ok" and "of the suite's dev tasks right" in detail

    rebuild_with_other_bytes(model_copy)
    status, detail, remedy = doctor_profile(tmp_path, model_copy)
    assert status == "warning" and "rebuilt" in detail and "edged model profile" in remedy


def test_doctor_leaves_the_profile_to_the_model_check_without_a_folder(tmp_path: Path) -> None:
    root = trees.laptop(tmp_path / "laptop")
    checks = run_checks(make_config(tmp_path, tmp_path / "nowhere", telemetry={"root": str(root)}), env={})
    assert "profile" not in {c.name for c in checks}


# -- shipped profiles: installed only into a build with the profiled bytes ----------------------------


@pytest.fixture
def shipped_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "shipped"
    folder.mkdir()
    monkeypatch.setattr("edged.model.profile.SHIPPED_DIR", folder)
    return folder


def test_a_shipped_profile_installs_into_an_identical_build_only(profiled: Path, shipped_dir: Path) -> None:
    reference = read_profile(profiled)
    assert reference is not None
    name = Manifest.read(profiled).name
    (shipped_dir / f"{name}.json").write_text(json.dumps(reference))
    (profiled / PROFILE_NAME).unlink()

    # A fresh build of the same bytes: new manifest (dates, build time), same files.
    touch_manifest(profiled)
    assert install_shipped_profile(profiled) is True
    installed = read_profile(profiled)
    assert installed is not None and installed["model"]["shipped"] is True
    assert installed["model"]["manifest_sha256"] == sha256_file(profiled / "manifest.json")
    assert installed["per_type"] == reference["per_type"]
    assert check_profile(profiled, suite_digest()).state == "ok"
    # Installed once; a second call leaves the folder's own profile alone.
    assert install_shipped_profile(profiled) is False

    # A build whose bytes differ gets nothing: the shipped numbers are not true of it.
    (profiled / PROFILE_NAME).unlink()
    rebuild_with_other_bytes(profiled)
    assert install_shipped_profile(profiled) is False
    assert not (profiled / PROFILE_NAME).exists()


def test_no_shipped_profile_or_a_broken_one(profiled: Path, shipped_dir: Path) -> None:
    (profiled / PROFILE_NAME).unlink()
    assert install_shipped_profile(profiled) is False
    (shipped_dir / f"{Manifest.read(profiled).name}.json").write_text("{broken")
    with pytest.raises(ModelError, match="shipped profile does not load"):
        install_shipped_profile(profiled)
    assert not (profiled / PROFILE_NAME).exists()


# -- a build with other bytes but the same build key: the probe decides -----------------------------


def ship_and_rebuild(profiled: Path, shipped_dir: Path, edit: Any = None) -> dict[str, Any]:
    """Ship `profiled`'s own profile (edited by `edit`), then rebuild it with other bytes."""
    reference = read_profile(profiled)
    assert reference is not None
    if edit is not None:
        edit(reference)
    (shipped_dir / f"{Manifest.read(profiled).name}.json").write_text(json.dumps(reference))
    (profiled / PROFILE_NAME).unlink()
    rebuild_with_other_bytes(profiled)  # same build key, one file's bytes differ
    assert install_shipped_profile(profiled) is False
    return reference


def test_a_build_that_answers_as_the_reference_did_gets_the_shipped_profile(
    profiled: Path, shipped_dir: Path
) -> None:
    reference = ship_and_rebuild(profiled, shipped_dir)
    config = make_config(profiled.parent, profiled, model={"threads": 1})
    log = io.StringIO()
    result = probe_shipped_profile(profiled, config, stream=log)
    assert result is not None and result["installed"] is True, result
    assert [t["id"] for t in result["tasks"]] == [t["id"] for t in reference["tasks"]]
    assert "differ from the reference build's" in log.getvalue()

    installed = read_profile(profiled)
    assert installed is not None
    assert installed["per_type"] == reference["per_type"] and installed["tasks"] == reference["tasks"]
    assert installed["model"]["files_sha256"] == files_sha256(Manifest.read(profiled))
    probed = installed["model"]["probed"]
    assert (
        probed["reference_files_sha256"]
        == reference["model"]["files_sha256"]
        != installed["model"]["files_sha256"]
    )
    assert probed["tasks"] == [t["id"] for t in reference["tasks"]]
    assert check_profile(profiled, suite_digest()).state == "ok"
    # Installed: nothing is left to probe.
    assert probe_shipped_profile(profiled, config, stream=io.StringIO()) is None


def _off_by(delta: float) -> Any:
    def edit(profile: dict[str, Any]) -> None:
        task = profile["tasks"][-1]
        task["mean_logprob"] = (task["mean_logprob"] or 0.0) - delta

    return edit


def test_a_build_that_answers_otherwise_gets_no_profile(profiled: Path, shipped_dir: Path) -> None:
    # The last task's log-probability was some other model's: the probe stops there.
    ship_and_rebuild(profiled, shipped_dir, _off_by(0.05))
    config = make_config(profiled.parent, profiled, model={"threads": 1})
    result = probe_shipped_profile(profiled, config, stream=io.StringIO())
    assert result is not None and result["installed"] is False
    assert "mean_logprob" in result["detail"]
    assert not (profiled / PROFILE_NAME).exists()
    assert check_profile(profiled, suite_digest()).state == "missing"


def test_rounding_within_the_tolerance_still_matches() -> None:
    reference = {"ok": True, "finish_reason": "stop", "completion_tokens": 7, "mean_logprob": -0.5}
    assert probe_matches(reference, dict(reference, mean_logprob=-0.5 + PROBE_LOGPROB_TOLERANCE / 2)) is None
    assert "mean_logprob" in (probe_matches(reference, dict(reference, mean_logprob=-0.51)) or "")
    assert "completion_tokens" in (probe_matches(reference, dict(reference, completion_tokens=8)) or "")
    assert "ok" in (probe_matches(reference, dict(reference, ok=False)) or "")
    assert "mean_logprob" in (probe_matches(reference, dict(reference, mean_logprob=None)) or "")


def test_nothing_to_probe_for_another_build_key_or_identical_bytes(profiled: Path, shipped_dir: Path) -> None:
    other_key = ship_and_rebuild(profiled, shipped_dir, lambda p: p["model"].update(build_key="0" * 64))
    assert other_key["model"]["build_key"] == "0" * 64
    assert shipped_profile_to_probe(profiled) is None  # another build key: another model
    with pytest.raises(ModelError, match="no probed task"):
        install_probed_profile(profiled, other_key, [])
    assert (
        probe_shipped_profile(profiled, make_config(profiled.parent, profiled), stream=io.StringIO()) is None
    )
    with pytest.raises(ModelError, match="not in the reference profile"):
        install_probed_profile(profiled, other_key, [{"id": "nope-001"}])


def test_model_build_reports_the_probe(
    profiled: Path, shipped_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # What `edged model build` does after a fresh build, with the config's engine settings.
    ship_and_rebuild(profiled, shipped_dir, _off_by(0.05))
    config = profiled.parent / "edged.toml"
    config.write_text(f'[model]\npath = "{profiled}"\nthreads = 1\n')
    args = edged.cli.build_parser().parse_args(["model", "--config", str(config), "build"])
    edged.cli._probe_profile(args, profiled)
    err = capsys.readouterr().err
    assert "the shipped one does not apply" in err and "difficulty alone" in err
    assert not (profiled / PROFILE_NAME).exists()

    # The true reference: the same build now matches.
    true = json.loads((shipped_dir / f"{Manifest.read(profiled).name}.json").read_text())
    true["tasks"][-1]["mean_logprob"] += 0.05  # undo the edit
    (shipped_dir / f"{Manifest.read(profiled).name}.json").write_text(json.dumps(true))
    edged.cli._probe_profile(args, profiled)
    assert "answers match the reference build's" in capsys.readouterr().out
    assert check_profile(profiled, suite_digest()).state == "ok"
