"""`edged model profile`: the local-task suite's dev split on one model folder, kept as profile.json.

Each task goes to the model the way the daemon sends a local request: the body
`{"messages": [user prompt], "max_tokens": 96, "temperature": 0, "route": "local"}` is parsed by
`request_params` with the configured defaults (so the configured repetition penalty applies),
then `Engine.generate` runs it on an engine with the daemon's own options, as LocalBackend
does. `edged.tasks.explain` says whether the reply is right.

The profile holds, per task type and overall, the success rate with a 95 % Wilson interval, and
for each quality signal the engine reports with a completion (`Completion.quality`: the mean
log-probability of the chosen tokens, the share of repeated 4-grams) its mean over right and
over wrong answers and its ROC AUC: the probability that a right answer scores higher than a
wrong one. 0.5 means the signal does not separate them; below 0.5 it separates them the other
way round (a lower value is better, as expected for repetition).

Tasks run interleaved across the types, so a run that `--limit-s` stops still covers each type.
"""

from __future__ import annotations

import math
import sys
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, TextIO

from edged._version import __version__
from edged.backends.local import engine_options
from edged.config import Config
from edged.engine import Completion, Engine
from edged.exceptions import ConfigError, ModelError, RequestTimeout
from edged.model.manifest import Manifest
from edged.model.profile import (
    PROFILE_VERSION,
    files_sha256,
    install_probed_profile,
    manifest_sha256,
    probe_matches,
    shipped_profile_to_probe,
    write_profile,
)
from edged.router.inputs import request_params
from edged.tasks import SUITE_VERSION, TASK_TYPES, Task, explain, load_tasks, suite_digest

__all__ = [
    "DEFAULT_LIMIT_S",
    "MAX_TOKENS",
    "Outcome",
    "SuiteRun",
    "interleave",
    "probe_shipped_profile",
    "profile_model",
    "roc_auc",
    "run_suite",
    "summarize",
    "task_body",
    "wilson_interval",
]

MAX_TOKENS = 96  # every task's answer fits in about 64 tokens
DEFAULT_LIMIT_S = 1200.0
SPLIT = "dev"  # the test split is kept for `edged bench`
PROBE_TASKS = 10  # the first task of each type, in the profile's own order
Z95 = 1.959963984540054  # the standard normal's 97.5th percentile

# Answers one task by a monotonic deadline; raises RequestTimeout when the deadline passes.
Answerer = Callable[[Task, float], Completion]


def wilson_interval(right: int, n: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval for `right` successes in `n` trials (95 % by default).

    Unlike the normal approximation it stays inside [0, 1] and is not empty at 0 or n of n,
    which small per-type counts hit often.
    """
    if n <= 0:
        return (0.0, 1.0)
    p = right / n
    z2 = z * z
    denominator = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator
    return (max(0.0, centre - half), min(1.0, centre + half))


def roc_auc(right: Sequence[float], wrong: Sequence[float]) -> float | None:
    """P(a right answer's score > a wrong one's), ties counting half; None without both kinds.

    The Mann-Whitney U statistic over the pooled ranks (ties share their mean rank).
    """
    if not right or not wrong:
        return None
    pooled = sorted([(value, True) for value in right] + [(value, False) for value in wrong])
    rank_sum = 0.0
    i = 0
    while i < len(pooled):
        j = i
        while j + 1 < len(pooled) and pooled[j + 1][0] == pooled[i][0]:
            j += 1
        mean_rank = (i + j) / 2 + 1  # ranks are 1-based
        rank_sum += mean_rank * sum(1 for k in range(i, j + 1) if pooled[k][1])
        i = j + 1
    n, m = len(right), len(wrong)
    return (rank_sum - n * (n + 1) / 2) / (n * m)


@dataclass(frozen=True)
class Outcome:
    """One task's answer, judged."""

    task: Task
    ok: bool
    reason: str
    finish_reason: str
    completion_tokens: int
    seconds: float
    signals: Mapping[str, float | None] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.task.id,
            "type": self.task.type,
            "ok": self.ok,
            "reason": self.reason,
            "finish_reason": self.finish_reason,
            "completion_tokens": self.completion_tokens,
            "seconds": round(self.seconds, 3),
            **self.signals,
        }


@dataclass
class SuiteRun:
    outcomes: list[Outcome]
    planned: int
    elapsed_s: float
    stopped: str | None  # "limit" when the time limit ended the run early


def interleave(tasks: Iterable[Task]) -> list[Task]:
    """Round-robin over the task types (in TASK_TYPES order), each type in its file order."""
    queues: dict[str, list[Task]] = {kind: [] for kind in TASK_TYPES}
    for task in tasks:
        queues[task.type].append(task)
    out: list[Task] = []
    for i in range(max((len(q) for q in queues.values()), default=0)):
        out += [q[i] for q in queues.values() if i < len(q)]
    return out


class Progress:
    """Tasks done, on a stream: one redrawn bar on a terminal; elsewhere (a log, a pipe) a plain
    line every 10 tasks or 30 s, whichever comes first."""

    WIDTH = 24
    EVERY_S = 30.0

    def __init__(self, total: int, limit_s: float, stream: TextIO) -> None:
        self.total = total
        self.limit_s = limit_s
        self.stream = stream
        self.tty = stream.isatty()
        self.last_line_s = 0.0

    def update(self, done: int, right: int, kind: str, elapsed_s: float) -> None:
        share = f"{done}/{self.total} tasks, {right} right, {elapsed_s:.0f} s of {self.limit_s:.0f} s"
        if self.tty:
            filled = self.WIDTH * done // max(self.total, 1)
            bar = "#" * filled + "-" * (self.WIDTH - filled)
            self.stream.write(f"\rprofile [{bar}] {share}  {kind:<12}")
            self.stream.flush()
        elif done % 10 == 0 or done == self.total or elapsed_s - self.last_line_s >= self.EVERY_S:
            self.last_line_s = elapsed_s
            self.stream.write(f"profile: {share}\n")
            self.stream.flush()

    def close(self) -> None:
        if self.tty:
            self.stream.write("\n")
            self.stream.flush()


def run_suite(
    tasks: Sequence[Task],
    answer: Answerer,
    *,
    limit_s: float,
    progress: Progress | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> SuiteRun:
    """Answer and judge `tasks` in order until they are done or `limit_s` has passed.

    A task the limit interrupts is not counted: the run stops before it, cleanly.
    """
    started = clock()
    end = started + limit_s
    outcomes: list[Outcome] = []
    right = 0
    stopped = None
    for task in tasks:
        if clock() >= end:
            stopped = "limit"
            break
        begun = clock()
        try:
            completion = answer(task, end)
        except RequestTimeout:
            if clock() >= end:
                stopped = "limit"
                break
            # The engine's own per-request timeout, not the run's limit: a wrong answer.
            outcomes.append(Outcome(task, False, "timed out", "timeout", 0, clock() - begun))
        else:
            verdict = explain(task, completion.text)
            outcomes.append(
                Outcome(
                    task,
                    verdict.ok,
                    verdict.reason,
                    completion.finish_reason,
                    completion.stats.completion_tokens,
                    clock() - begun,
                    completion.quality,
                )
            )
        right += outcomes[-1].ok
        if progress is not None:
            progress.update(len(outcomes), right, task.type, clock() - started)
    if progress is not None:
        progress.close()
    return SuiteRun(outcomes, len(tasks), clock() - started, stopped)


def _rate(outcomes: Sequence[Outcome]) -> dict[str, Any]:
    n = len(outcomes)
    right = sum(o.ok for o in outcomes)
    low, high = wilson_interval(right, n)
    return {
        "n": n,
        "right": right,
        "rate": round(right / n, 4) if n else None,
        "ci95": [round(low, 4), round(high, 4)],
    }


def _mean(values: Sequence[float]) -> float | None:
    return round(sum(values) / len(values), 4) if values else None


def summarize(outcomes: Sequence[Outcome]) -> dict[str, Any]:
    """Success overall and per task type, and how each quality signal separates right from wrong."""
    per_type = {
        kind: _rate([o for o in outcomes if o.task.type == kind])
        for kind in TASK_TYPES
        if any(o.task.type == kind for o in outcomes)
    }
    names = sorted({name for o in outcomes for name in o.signals})
    signals: dict[str, Any] = {}
    for name in names:
        right = [float(v) for o in outcomes if o.ok and (v := o.signals.get(name)) is not None]
        wrong = [float(v) for o in outcomes if not o.ok and (v := o.signals.get(name)) is not None]
        auc = roc_auc(right, wrong)
        signals[name] = {
            "n_right": len(right),
            "n_wrong": len(wrong),
            "mean_right": _mean(right),
            "mean_wrong": _mean(wrong),
            "auc": None if auc is None else round(auc, 4),
        }
    return {"overall": _rate(outcomes), "per_type": per_type, "signals": signals}


def task_body(prompt: str) -> dict[str, Any]:
    """The generate body a task is: one user message, greedy, routed local."""
    return {
        "messages": [{"role": "user", "content": prompt}],
        "max_tokens": MAX_TOKENS,
        "temperature": 0.0,
        "route": "local",
    }


def engine_answerer(engine: Engine, config: Config) -> Answerer:
    """Answers through `engine` as the daemon answers a local request (see the module docstring)."""
    timeout_s = config.model.generation_timeout_s

    def answer(task: Task, deadline: float) -> Completion:
        params = request_params(task_body(task.prompt), config, request_id=f"profile-{task.id}")
        generation = engine.generate(
            params.messages, params.sampling, deadline=min(deadline, time.monotonic() + timeout_s)
        )
        for _ in generation:
            pass
        assert generation.result is not None  # set once the generation is exhausted
        return generation.result

    return answer


def profile_model(
    folder: Path,
    config: Config,
    *,
    types: Sequence[str] | None = None,
    limit_s: float = DEFAULT_LIMIT_S,
    max_tasks: int | None = None,
    stream: TextIO | None = None,
) -> dict[str, Any]:
    """Run the dev split on `folder`, write its profile.json, and return the profile.

    **Parameters:**
    * **types** - only these task types (default: all).
    * **limit_s** - stop after this many seconds of answering (loading the model not counted).
    * **max_tasks** - at most this many tasks, taken round-robin over the types.
    * **stream** - where progress goes (default: stderr).
    """
    if limit_s <= 0:
        raise ConfigError("--limit-s must be positive")
    if max_tasks is not None and max_tasks < 1:
        raise ConfigError("--max-tasks must be at least 1")
    try:
        tasks = interleave(load_tasks(split=SPLIT, types=types))
    except ValueError as exc:
        raise ConfigError(str(exc)) from exc
    if max_tasks is not None:
        tasks = tasks[:max_tasks]
    folder = Path(folder)
    out = stream if stream is not None else sys.stderr
    manifest = Manifest.read(folder)
    key = manifest_sha256(folder)
    out.write(f"profile: loading {manifest.name} from {folder}\n")
    engine = Engine(folder, engine_options(config))
    engine.load()
    try:
        run = run_suite(
            tasks,
            engine_answerer(engine, config),
            limit_s=limit_s,
            progress=Progress(len(tasks), limit_s, out),
        )
    finally:
        engine.close()
    if not run.outcomes:
        raise ModelError(f"{folder}: no task finished within --limit-s {limit_s:g}; nothing written")
    if manifest_sha256(folder) != key:
        raise ModelError(f"{folder}: {manifest.name}'s manifest changed during the run; nothing written")
    sampling = request_params(task_body("-"), config).sampling
    profile: dict[str, Any] = {
        "format_version": PROFILE_VERSION,
        "model": {
            "name": manifest.name,
            "files_sha256": files_sha256(manifest),
            "manifest_sha256": key,
            "build_key": manifest.build_key,
        },
        "suite": {
            "split": SPLIT,
            "digest": suite_digest(SPLIT),
            "version": SUITE_VERSION,
            "types": sorted({t.type for t in tasks}, key=TASK_TYPES.index),
        },
        "run": {
            "created_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "edged_version": __version__,
            "providers": list(engine.providers_in_use),
            "sampling": {
                "max_tokens": sampling.max_tokens,
                "temperature": sampling.temperature,
                "repetition_penalty": sampling.repetition_penalty,
            },
            "limit_s": limit_s,
            "elapsed_s": round(run.elapsed_s, 2),
            "tasks_planned": run.planned,
            "tasks_run": len(run.outcomes),
            "complete": len(run.outcomes) == run.planned,
            "stopped": run.stopped,
        },
        **summarize(run.outcomes),
        "tasks": [o.to_dict() for o in run.outcomes],
    }
    write_profile(folder, profile)
    return profile


def probe_shipped_profile(
    folder: Path, config: Config, *, tasks: int = PROBE_TASKS, stream: TextIO | None = None
) -> dict[str, Any] | None:
    """Install the shipped profile on a build whose bytes differ from the reference build's, once
    its first `tasks` tasks come out as the reference's did; None when there is nothing to probe.

    A build with the reference's build key but other bytes (another machine's kernels can round
    differently while dequantizing and quantizing) is most often the same model to the last token.
    Greedy answers are a fingerprint: same verdict, same finish, same token count and the same mean
    log-probability within `edged.model.profile.PROBE_LOGPROB_TOLERANCE`. Any task that differs
    stops the probe, and the build keeps no profile (`edged model profile` measures its own).

    Returns {"installed": bool, "tasks": [outcome dicts], "detail": str}.
    """
    folder = Path(folder)
    profile = shipped_profile_to_probe(folder)
    if profile is None:
        return None
    out = stream if stream is not None else sys.stderr
    reference = {t["id"]: t for t in profile["tasks"] if isinstance(t, Mapping) and "id" in t}
    by_id = {t.id: t for t in load_tasks(split=SPLIT)}
    order = [by_id[i] for i in reference if i in by_id][:tasks]
    if not order:
        return {"installed": False, "tasks": [], "detail": "no task of the shipped profile is in this suite"}
    out.write(
        f"profile: {folder.name}'s files differ from the reference build's (same build key); "
        f"checking that its first {len(order)} answers match the reference's\n"
    )
    engine = Engine(folder, engine_options(config))
    engine.load()
    probed: list[dict[str, Any]] = []
    detail = ""
    try:
        answer = engine_answerer(engine, config)
        for task in order:
            run = run_suite([task], answer, limit_s=config.model.generation_timeout_s + 1)
            if not run.outcomes:
                detail = f"task {task.id} did not finish"
                break
            probed.append(run.outcomes[0].to_dict())
            problem = probe_matches(reference[task.id], probed[-1])
            if problem is not None:
                detail = f"task {task.id}: {problem}"
                break
    finally:
        engine.close()
    if detail:
        return {"installed": False, "tasks": probed, "detail": detail}
    install_probed_profile(folder, profile, probed)
    return {
        "installed": True,
        "tasks": probed,
        "detail": f"{len(probed)} answers match the reference build's; its profile is installed",
    }
