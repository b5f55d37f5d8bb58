"""The local-task suite: short requests of the kinds edged keeps on the device, each with a checker.

`load_tasks(split=None, types=None)` reads the shipped JSONL files under ``edged/tasks/data/``
(one file per task type) into frozen `Task`s; `check(task, answer)` says whether a model's reply
is right, and `explain(task, answer)` says why. Each prompt is the user message as a person would
type it, and its answer fits in about 64 tokens. The dev/test split is stored with each task, so
a profile (dev) and a benchmark (test) always see the same tasks.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, Literal

from edged.tasks.checks import CHECK_KINDS, normalize, numbers, run_check, unwrap

__all__ = [
    "CHECK_KINDS",
    "SPLITS",
    "SUITE_VERSION",
    "TASK_TYPES",
    "Task",
    "TaskType",
    "Verdict",
    "check",
    "explain",
    "load_tasks",
    "normalize",
    "numbers",
    "suite_digest",
    "unwrap",
]

TaskType = Literal[
    "fact",
    "convert",
    "arithmetic",
    "extract",
    "classify",
    "format_json",
    "format_list",
    "translate",
    "rewrite",
    "summarize",
]
TASK_TYPES: tuple[TaskType, ...] = (
    "fact",
    "convert",
    "arithmetic",
    "extract",
    "classify",
    "format_json",
    "format_list",
    "translate",
    "rewrite",
    "summarize",
)
Split = Literal["dev", "test"]
SPLITS: tuple[Split, ...] = ("dev", "test")
# Part of `suite_digest`: bump it when a checker's verdicts change on the same data, so that
# profiles measured under the old verdicts read as stale.
SUITE_VERSION = 1


@dataclass(frozen=True)
class Task:
    """One request and how to tell a right reply from a wrong one.

    ``checker`` is the JSON check object (see `edged.tasks.checks`); ``references`` are answers
    it accepts and ``wrong`` a plausible answer it rejects, both kept so the suite tests itself.
    """

    id: str
    type: TaskType
    prompt: str
    checker: Mapping[str, Any] = field(hash=False)
    split: Split
    source: str
    references: tuple[str, ...] = ()
    wrong: str = ""


@dataclass(frozen=True)
class Verdict:
    ok: bool
    reason: str

    def __bool__(self) -> bool:
        return self.ok


def explain(task: Task, answer: str) -> Verdict:
    """Whether ``answer`` is right for ``task``, with the reason (for logs and profiles)."""
    ok, reason = run_check(task.checker, answer, task.prompt)
    return Verdict(ok, reason)


def check(task: Task, answer: str) -> bool:
    return explain(task, answer).ok


def _task(row: Mapping[str, Any]) -> Task:
    return Task(
        id=row["id"],
        type=row["type"],
        prompt=row["prompt"],
        checker=row["check"],
        split=row["split"],
        source=row["source"],
        references=tuple(row["references"]),
        wrong=row["wrong"],
    )


def load_tasks(split: str | None = None, types: Iterable[str] | None = None) -> list[Task]:
    """The shipped tasks in file order, optionally only one split and some task types."""
    if split is not None and split not in SPLITS:
        raise ValueError(f"unknown split {split!r}; expected one of {SPLITS}")
    wanted = TASK_TYPES if types is None else tuple(types)
    unknown = [t for t in wanted if t not in TASK_TYPES]
    if unknown:
        raise ValueError(f"unknown task types {unknown}; expected some of {TASK_TYPES}")
    data = resources.files(__package__).joinpath("data")
    tasks: list[Task] = []
    for kind in TASK_TYPES:
        if kind not in wanted:
            continue
        text = data.joinpath(f"{kind}.jsonl").read_text(encoding="utf-8")
        rows = (json.loads(line) for line in text.splitlines() if line.strip())
        tasks += [_task(r) for r in rows if split is None or r["split"] == split]
    return tasks


@functools.cache
def suite_digest(split: str = "dev") -> str:
    """The sha256 of one split's tasks (id, type, prompt, check) and `SUITE_VERSION`.

    A profile records it; when the shipped tasks or their checks change, the digest does too.
    """
    digest = hashlib.sha256(f"edged-tasks {SUITE_VERSION} {split}\n".encode())
    for task in load_tasks(split=split):
        row = {"id": task.id, "type": task.type, "prompt": task.prompt, "check": dict(task.checker)}
        digest.update(json.dumps(row, sort_keys=True, ensure_ascii=False).encode())
        digest.update(b"\n")
    return digest.hexdigest()
