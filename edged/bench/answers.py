"""`edged eval answers` (and `edged bench answers`): the test split's answers, end to end.

The local-task suite's test split (`edged.tasks`) goes through a real daemon, as a client sends
it: `python -m edged serve` on an ipc:// socket in a temporary folder, with the installed model
and a loopback OpenAI-compatible cloud on 127.0.0.1 that answers each task with its reference
answer (matched by the prompt). Each task is one user turn, greedy, capped at
`capability.MAX_TOKENS` as in `edged model profile`, routed by the daemon. The final reply says
where the answer came from (`backend`, after any escalation of a local answer) and the task's
checker says whether it is right.

Measured per router:

* `local_share`: the share of tasks answered on the device in the end;
* `local_precision`: of those, the share answered correctly (what an app gets from local work);
* `oracle_local_share` (one for the model): the share of tasks the model answers correctly on
  its own, i.e. what a router that knew the answers in advance would keep local.

Two routers, one daemon each, on the same tasks and model files:

* `shipped`: the default configuration (the learned scorer, competence routing with the model
  folder's profile.json when it has a usable one);
* `today`: the router before competence routing: `[router] scorer = "rules"` and no capability
  profile (the daemon serves a view of the model folder without its profile.json; there is no
  configuration switch that turns competence off, since `local_quality = 0` still leaves the
  checks of a local answer against the profile).

The oracle needs the model's own answer to every task. The daemon answers greedily, so a task
the `today` router answered locally (without escalation) already has it; the others are asked
again with `route = "local"` on the same daemon. The `shipped` run's local answers are compared
with those as a check that local answers repeat (`local_answers_differ`).
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO

from edged.bench.capability import MAX_TOKENS, interleave
from edged.bench.common import context
from edged.bench.daemon import AnsweringCloud, answering_cloud, run_daemon
from edged.tasks import TASK_TYPES, Task, explain, load_tasks

__all__ = [
    "LOCAL_PRECISION",
    "LOCAL_SHARE_VS_ORACLE",
    "QUICK_LIMIT",
    "ROUTERS",
    "run_answers",
    "score_router",
]

SPLIT = "test"
QUICK_LIMIT = 10  # one task of each type
LOCAL_PRECISION = 0.90
LOCAL_SHARE_VS_ORACLE = 0.8
UNKNOWN_PROMPT = "I was not asked that."  # the stand-in's answer to a prompt that is no task's
# The daemon answers each request in a few seconds; a stuck one should fail the task, not the run.
REQUEST_TIMEOUT_S = 180.0

# name -> (label, [router] settings, keep the model's profile)
ROUTERS: dict[str, tuple[str, dict[str, Any], bool]] = {
    "shipped": ("the default configuration: learned scorer, competence routing with the model's profile", {}, True),
    "today": ("before competence routing: scorer = \"rules\", no capability profile", {"scorer": "rules"}, False),
}  # fmt: skip


def _cloud_sections(base_url: str) -> dict[str, dict[str, Any]]:
    # No prices: the budget never runs low. A fast probe, so the network is up within a second.
    return {
        "cloud": {
            "base_url": base_url,
            "model": "reference",
            "max_retries": 0,
            "probe_interval_s": 1.0,
            "probe_max_interval_s": 2.0,
        },
        "telemetry": {"period_s": 1.0},
    }


def _view_without_profile(model: Path, folder: Path) -> Path:
    """A folder of links to `model`'s files, profile.json left out: the same build, no profile."""
    folder.mkdir(parents=True)
    for entry in model.resolve().iterdir():
        if entry.name != "profile.json":
            (folder / entry.name).symlink_to(entry)
    return folder


def _wait_network_up(client: Any, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        state = client.status()["network"]["state"]
        if state == "up":
            return
        if time.monotonic() > deadline:
            raise TimeoutError(f"the daemon never saw the loopback cloud up (network {state})")
        time.sleep(0.1)


def _ask(client: Any, task: Task, **options: Any) -> dict[str, Any]:
    """One task as a client sends it (streamed); what came back, judged."""
    from edged.exceptions import EdgedError

    started = time.monotonic()
    try:
        stream = client.generate(task.prompt, max_tokens=MAX_TOKENS, temperature=0.0, **options)
        for _ in stream:  # the final reply carries the text after any restart, and the route
            pass
        reply = stream.reply
    except EdgedError as exc:
        return {
            "id": task.id,
            "type": task.type,
            "route": None,
            "backend": "error",
            "ok": False,
            "reason": f"{exc.code}: {exc}",
            "seconds": round(time.monotonic() - started, 3),
        }
    assert reply is not None
    verdict = explain(task, reply.text)
    route = reply.route
    return {
        "id": task.id,
        "type": task.type,
        "route": route.get("route"),  # the decision, before any fallback
        "backend": reply.backend,  # where the final answer came from
        "fallback": reply.fallback,
        "pinned": bool(route.get("pinned")),
        "shifted": route.get("threshold") != route.get("base_threshold"),
        "profile": (route.get("competence") or {}).get("profile"),
        "ok": verdict.ok,
        "reason": verdict.reason,
        "text": reply.text,
        "seconds": round(time.monotonic() - started, 3),
    }


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _counts(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    local = [r for r in rows if r["backend"] == "local"]
    right_local = sum(r["ok"] for r in local)
    return {
        "n": len(rows),
        "local": len(local),
        "right_local": right_local,
        "local_share": _share(len(local), len(rows)),
        "local_precision": _share(right_local, len(local)),
        "right": sum(r["ok"] for r in rows),
        "accuracy": _share(sum(r["ok"] for r in rows), len(rows)),
    }


def score_router(rows: Sequence[dict[str, Any]], oracle: dict[str, bool]) -> dict[str, Any]:
    """One router's numbers over its rows (one per task), beside the oracle's; overall and per type."""
    out = _counts(rows)
    out.update(
        {
            "decided_cloud": sum(r["route"] == "cloud" for r in rows),
            "escalated": sum(r.get("fallback") == "local→cloud" for r in rows),
            "cloud": sum(r["backend"] == "cloud" for r in rows),
            "errors": sum(r["backend"] == "error" for r in rows),
            "pinned": sum(bool(r.get("pinned")) for r in rows),
            "threshold_shifted": sum(bool(r.get("shifted")) for r in rows),
            # The two ways a router errs: a wrong answer kept local, a right one sent away.
            "wrong_kept_local": sum(r["backend"] == "local" and not r["ok"] for r in rows),
            "right_sent_to_cloud": sum(r["backend"] != "local" and oracle.get(r["id"], False) for r in rows),
            "profile": next((r["profile"] for r in rows if r.get("profile")), None),
        }
    )
    ratio = None
    oracle_share = _share(sum(oracle.get(r["id"], False) for r in rows), len(rows))
    if out["local_share"] is not None and oracle_share:
        ratio = round(out["local_share"] / oracle_share, 4)
    out["local_share_vs_oracle"] = ratio
    out["per_type"] = {
        kind: _counts(part) for kind in TASK_TYPES if (part := [r for r in rows if r["type"] == kind])
    }
    return out


class _Progress:
    """A plain line every 10 tasks or 30 s on `stream` (a profile-long run is worth watching)."""

    def __init__(self, stream: TextIO | None, label: str, total: int) -> None:
        self.stream, self.label, self.total = stream, label, total
        self.started = self.last = time.monotonic()

    def update(self, done: int, rows: Sequence[dict[str, Any]]) -> None:
        now = time.monotonic()
        if self.stream is None or not (done % 10 == 0 or done == self.total or now - self.last >= 30):
            return
        self.last = now
        local = sum(r["backend"] == "local" for r in rows)
        self.stream.write(
            f"answers: {self.label} {done}/{self.total} tasks, {local} local, "
            f"{sum(r['ok'] for r in rows)} right, {now - self.started:.0f} s\n"
        )
        self.stream.flush()


def _run_router(
    name: str,
    model: Path,
    tasks: Sequence[Task],
    cloud: AnsweringCloud,
    tmp: Path,
    stream: TextIO | None,
    then_local: Callable[[list[dict[str, Any]]], list[Task]] | None = None,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], float]:
    """Every task through a daemon with router `name`; then, on the same daemon, the tasks
    `then_local` picks from those rows, asked again with route = "local". Both lists of rows,
    and the seconds the daemon ran (its start included)."""
    from edged.client import Client

    _, router, keep_profile = ROUTERS[name]
    served = model if keep_profile else _view_without_profile(model, tmp / f"{name}-model")
    sections = _cloud_sections(cloud.base_url)
    if router:
        sections["router"] = dict(router)
    started = time.monotonic()
    with run_daemon(tmp / name, served, sections=sections) as daemon:
        with Client(daemon.endpoint, timeout=REQUEST_TIMEOUT_S) as client:
            _wait_network_up(client)
            rows: list[dict[str, Any]] = []
            progress = _Progress(stream, name, len(tasks))
            for task in tasks:
                rows.append(_ask(client, task))
                progress.update(len(rows), rows)
            forced: list[dict[str, Any]] = []
            again = then_local(rows) if then_local is not None else []
            progress = _Progress(stream, f"{name}, local only", len(again))
            for task in again:
                forced.append(_ask(client, task, route="local"))
                progress.update(len(forced), forced)
    return rows, forced, time.monotonic() - started


def _reference_answer(tasks: Sequence[Task]) -> Callable[[dict[str, Any]], str]:
    by_prompt = {task.prompt: task.references[0] for task in tasks if task.references}

    def answer(body: dict[str, Any]) -> str:
        messages = [m for m in body.get("messages") or [] if isinstance(m, dict)]
        prompt = next((str(m.get("content")) for m in reversed(messages) if m.get("role") == "user"), "")
        return by_prompt.get(prompt, UNKNOWN_PROMPT)

    return answer


def run_answers(
    model: Path, *, limit: int | None = None, quick: bool = False, stream: TextIO | None = None
) -> dict[str, Any]:
    """The report of `edged eval answers`: see the module docstring.

    **Parameters:**
    * **limit** - the first `limit` tasks of the test split, taken round-robin over the types.
    * **quick** - `limit` defaults to `QUICK_LIMIT` (a smoke test of the whole path).
    * **stream** - progress lines (default: stderr).
    """
    from edged.exceptions import ConfigError
    from edged.model.manifest import Manifest

    if limit is not None and limit < 1:
        raise ConfigError("--limit must be at least 1")
    model = Path(model)
    manifest = Manifest.read(model)
    everything = interleave(load_tasks(split=SPLIT))
    if limit is None and quick:
        limit = QUICK_LIMIT
    tasks = everything[:limit] if limit is not None else everything
    by_id = {task.id: task for task in tasks}
    out = stream if stream is not None else sys.stderr
    started = time.monotonic()

    def not_answered_locally(rows: list[dict[str, Any]]) -> list[Task]:
        return [by_id[r["id"]] for r in rows if r["backend"] != "local" or r.get("fallback")]

    with (
        tempfile.TemporaryDirectory(prefix="edged-answers-") as name,
        answering_cloud(_reference_answer(tasks)) as cloud,
    ):
        tmp = Path(name)
        # `today` first: most of its answers are local ones, which the oracle reuses.
        today, forced, today_s = _run_router("today", model, tasks, cloud, tmp, out, not_answered_locally)
        cloud_after_today = len(cloud.prompts)
        shipped, _, shipped_s = _run_router("shipped", model, tasks, cloud, tmp, out)
        prompts = list(cloud.prompts)

    # The model's own answer to each task: today's local one where it stayed local, else the forced one.
    own = {r["id"]: r for r in today if r["backend"] == "local" and not r.get("fallback")}
    own.update({r["id"]: r for r in forced})
    oracle = {task.id: bool(own.get(task.id, {}).get("ok")) for task in tasks}
    differ = sum(
        1
        for r in shipped
        if r["backend"] == "local"
        and not r.get("fallback")
        and r["id"] in own
        and r["text"] != own[r["id"]]["text"]
    )
    routers = {
        "shipped": score_router(shipped, oracle),
        "today": score_router(today, oracle),
    }
    for key, (label, router, keep_profile) in ROUTERS.items():
        routers[key]["label"] = label
        routers[key]["router"] = router or "defaults"
        routers[key]["model_profile"] = "kept" if keep_profile else "left out"
    routers["shipped"]["seconds"] = round(shipped_s, 1)
    routers["today"]["seconds"] = round(today_s, 1)
    escalated_ids = {
        r["id"] for r in [*today, *shipped] if r["backend"] == "cloud" or r.get("fallback") == "local→cloud"
    }
    asked = {by_id[i].prompt for i in escalated_ids}
    right = sum(oracle.values())
    shipped_numbers = routers["shipped"]
    ratio = shipped_numbers["local_share_vs_oracle"]
    precision = shipped_numbers["local_precision"]
    return {
        "benchmark": "answers",
        **context(),
        "model": manifest.name,
        "model_path": str(model),
        "split": SPLIT,
        "tasks": len(tasks),
        "tasks_in_split": len(everything),
        "max_tokens": MAX_TOKENS,
        # The keys, for the shipped router; `routers` has the same for both.
        "local_share": shipped_numbers["local_share"],
        "local_precision": precision,
        "oracle_local_share": _share(right, len(tasks)),
        "oracle": {
            "right": right,
            "n": len(tasks),
            "asked_local_again": len(forced),
            "local_answers_differ": differ,
            "per_type": {
                kind: {
                    "n": len(ids),
                    "right": sum(oracle[i] for i in ids),
                    "share": _share(sum(oracle[i] for i in ids), len(ids)),
                }
                for kind in TASK_TYPES
                if (ids := [t.id for t in tasks if t.type == kind])
            },
        },
        "routers": routers,
        "cloud": {
            "requests": len(prompts),
            "requests_today": cloud_after_today,
            "requests_shipped": len(prompts) - cloud_after_today,
            "unknown_prompts": sum(p not in {t.prompt for t in tasks} for p in prompts),
            "escalated_tasks_received": sum(p in set(prompts) for p in asked),
            "escalated_tasks": len(asked),
        },
        "elapsed_s": round(time.monotonic() - started, 1),
        "targets": [
            {
                "name": "share of local answers that are right (local_precision, shipped router)",
                "target": f">= {LOCAL_PRECISION}",
                "value": precision,
                "met": None if precision is None else precision >= LOCAL_PRECISION,
            },
            {
                "name": "local_share ÷ oracle_local_share (shipped router)",
                "target": f">= {LOCAL_SHARE_VS_ORACLE}",
                "value": ratio,
                "met": None if ratio is None else ratio >= LOCAL_SHARE_VS_ORACLE,
            },
        ],
        "per_task": [
            {
                "id": task.id,
                "type": task.type,
                "oracle": oracle[task.id],
                **{
                    key: {
                        "route": r["route"],
                        "backend": r["backend"],
                        "fallback": r.get("fallback"),
                        "ok": r["ok"],
                    }
                    for key, r in (("shipped", s), ("today", t))
                },
            }
            for task, s, t in zip(tasks, shipped, today, strict=True)
        ],
    }
