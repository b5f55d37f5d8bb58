"""`edged eval answers` end to end on SmolLM2-135M: real daemons, the loopback reference cloud,
and numbers that agree with the per-task rows they are counted from."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import edged.bench.answers as answers
from edged.bench.capability import interleave
from edged.bench.daemon import AnsweringCloud
from edged.bench.report import render_section
from edged.cli import main
from edged.tasks import load_tasks

LIMIT = 6
KEYS = {"local_share", "local_precision", "local_share_vs_oracle", "n", "local", "right_local", "accuracy"}


def _sent_to_cloud(row: dict[str, Any]) -> bool:
    return row["backend"] == "cloud" or row["fallback"] == "local→cloud"


def test_eval_answers_reports_consistent_numbers_and_the_cloud_gets_what_was_escalated(
    default_model: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    clouds: list[AnsweringCloud] = []
    real = answers.answering_cloud

    @contextlib.contextmanager
    def watched(answer: Callable[[dict[str, Any]], str]) -> Iterator[AnsweringCloud]:
        with real(answer) as cloud:
            clouds.append(cloud)
            yield cloud

    monkeypatch.setattr(answers, "answering_cloud", watched)
    code = main(["eval", "answers", "--model-path", str(default_model), "--limit", str(LIMIT), "--json"])
    assert code == 0
    report = json.loads(capsys.readouterr().out)

    tasks = interleave(load_tasks("test"))[:LIMIT]
    prompts = {t.id: t.prompt for t in tasks}
    rows = report["per_task"]
    assert [r["id"] for r in rows] == [t.id for t in tasks]
    assert report["tasks"] == LIMIT and report["tasks_in_split"] == 248
    assert {r["type"] for r in rows} == {t.type for t in tasks}  # round-robin: six types

    # The oracle is the model's own local answer: today's where it stayed local, else asked again.
    oracle = [r["oracle"] for r in rows]
    assert report["oracle_local_share"] == round(sum(oracle) / LIMIT, 4)
    assert report["oracle"]["right"] == sum(oracle)
    kept = [r for r in rows if r["today"]["backend"] == "local" and r["today"]["fallback"] is None]
    assert all(r["oracle"] == r["today"]["ok"] for r in kept)
    assert report["oracle"]["asked_local_again"] == LIMIT - len(kept)

    for name in ("shipped", "today"):
        numbers = report["routers"][name]
        assert set(numbers) >= KEYS
        mine = [r[name] for r in rows]
        local = [r for r in mine if r["backend"] == "local"]
        assert numbers["local"] == len(local) and numbers["n"] == LIMIT
        assert numbers["right_local"] == sum(r["ok"] for r in local)
        assert numbers["local_share"] == round(len(local) / LIMIT, 4)
        if local:
            assert numbers["local_precision"] == round(numbers["right_local"] / numbers["local"], 4)
        else:
            assert numbers["local_precision"] is None
        for key in ("local_share", "local_precision", "accuracy"):
            assert numbers[key] is None or 0.0 <= numbers[key] <= 1.0
        # The reference cloud is always right: every wrong answer is a local one.
        assert all(r["ok"] for r in mine if r["backend"] == "cloud")
        assert numbers["errors"] == 0
    # The keys are the shipped router's.
    assert report["local_share"] == report["routers"]["shipped"]["local_share"]
    assert report["local_precision"] == report["routers"]["shipped"]["local_precision"]
    assert report["routers"]["today"]["profile"] == "missing"
    assert report["routers"]["shipped"]["profile"] == "ok"

    # What the loopback cloud received is exactly the tasks the two routers sent it, today's first.
    (cloud,) = clouds
    expected = [prompts[r["id"]] for name in ("today", "shipped") for r in rows if _sent_to_cloud(r[name])]
    assert expected, "SmolLM2's profile sends some of these tasks to the cloud"
    assert cloud.prompts == expected
    assert report["cloud"]["requests"] == len(expected) and report["cloud"]["unknown_prompts"] == 0

    targets = {t["name"]: t for t in report["targets"]}
    assert len(targets) == 2
    for target in targets.values():
        assert target["met"] in (True, False, None)
    section = "\n".join(render_section("answers", report))
    assert "## Answers end to end" in section and "| router | local_share | local_precision |" in section


def test_score_router_counts_escalations_as_cloud_and_compares_with_the_oracle() -> None:
    def row(i: int, backend: str, ok: bool, fallback: str | None = None) -> dict[str, Any]:
        return {
            "id": f"t{i}",
            "type": "fact",
            "route": "local",
            "backend": backend,
            "ok": ok,
            "fallback": fallback,
        }

    rows = [
        row(0, "local", True),
        row(1, "local", False),
        row(2, "cloud", True, "local→cloud"),
        row(3, "cloud", True),
    ]
    oracle = {"t0": True, "t1": False, "t2": True, "t3": False}
    numbers = answers.score_router(rows, oracle)
    assert (numbers["local"], numbers["right_local"], numbers["escalated"]) == (2, 1, 1)
    assert numbers["local_share"] == 0.5 and numbers["local_precision"] == 0.5
    assert numbers["local_share_vs_oracle"] == 1.0  # 2 of 4 kept, 2 of 4 right on its own
    assert numbers["wrong_kept_local"] == 1 and numbers["right_sent_to_cloud"] == 1
    assert numbers["per_type"]["fact"]["local"] == 2
