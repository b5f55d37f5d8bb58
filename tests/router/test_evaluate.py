from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from edged.config import Config, RouterConfig
from edged.exceptions import ConfigError
from edged.router.evaluate import (
    calibrate,
    calibrate_file,
    default_decide_fn,
    evaluate,
    evaluate_file,
    load_rows,
    score_row,
)
from edged.router.inputs import Decision, RouteConditions, RouteRequest
from edged.router.policy import decide

REPO = Path(__file__).resolve().parents[2]
PUBLIC_SET = REPO / ".." / "shared" / "eval" / "routing_public.jsonl"
UNSEEN_SET = Path(__file__).resolve().parent / "data" / "unseen.jsonl"
KEYS = {
    "accuracy",
    "per_source",
    "per_category",
    "confusion",
    "cloud_share",
    "pii_leaks",
    "p50_ms",
    "p99_ms",
    "count",
}


def row(text: str, expected: str, **extra: Any) -> dict[str, Any]:
    return {"messages": [{"role": "user", "content": text}], "expected_route": expected, **extra}


ROWS = [
    row("What's the capital of Peru?", "local", source="a", category="qa"),
    row("Rewrite this politely: give me the file.", "local", source="a", category="rewrite"),
    row("Write a Python function that parses ISO dates.", "cloud", source="b", category="code"),
    row("Write a 1500-word essay on the history of the bicycle.", "cloud", source="b", category="writing"),
    row(
        "Write a Python script that emails alice@example.com daily.",
        "local",
        source="b",
        category="code",
        pii=True,
    ),
    row(
        "Translate 'thank you' into French.", "cloud", source="a", category="qa"
    ),  # labelled wrong on purpose
]


def write_jsonl(path: Path, rows: list[Any]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_evaluate_reports_exactly_the_documented_keys(tmp_path: Path) -> None:
    rows = load_rows(write_jsonl(tmp_path / "small.jsonl", ROWS))
    result = evaluate(rows, default_decide_fn())
    assert set(result) == KEYS
    assert result["count"] == 6
    assert result["accuracy"] == pytest.approx(5 / 6)
    assert result["per_source"] == {"a": pytest.approx(2 / 3), "b": 1.0}
    assert result["per_category"]["code"] == 1.0
    assert result["per_category"]["qa"] == pytest.approx(0.5)
    assert result["confusion"] == {"local": {"local": 3, "cloud": 0}, "cloud": {"local": 1, "cloud": 2}}
    assert result["cloud_share"] == pytest.approx(2 / 6)
    assert result["pii_leaks"] == 0
    assert 0.0 < result["p50_ms"] <= result["p99_ms"]


def test_pii_rows_sent_to_the_cloud_count_as_leaks() -> None:
    def always_cloud(request: RouteRequest) -> Decision:
        return Decision(route="cloud", score=1.0, threshold=0.5, base_threshold=0.5, reasons=(), task="qa")

    result = evaluate(ROWS, always_cloud)
    assert result["pii_leaks"] == 1
    assert result["cloud_share"] == 1.0
    assert result["confusion"]["local"] == {"local": 0, "cloud": 3}


def test_custom_decide_fn_sees_the_row_as_a_request() -> None:
    seen: list[RouteRequest] = []
    cfg = RouterConfig(threshold=0.99, scorer="rules")

    def spy(request: RouteRequest) -> Decision:
        seen.append(request)
        return decide(request, RouteConditions(), cfg)

    result = evaluate(ROWS[:3], spy)
    assert [r.messages[0]["content"] for r in seen] == [r["messages"][0]["content"] for r in ROWS[:3]]
    assert result["cloud_share"] == 0.0  # nothing reaches a threshold of 0.99


def test_default_decide_fn_uses_the_given_threshold() -> None:
    strict = evaluate(ROWS, default_decide_fn(Config(router=RouterConfig(threshold=1.0))))
    assert strict["cloud_share"] == 0.0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            '{"messages": [{"role": "user", "content": "hi"}], "expected_route": "local"}\n{not json}\n',
            ":2: not valid JSON",
        ),
        ('{"messages": [], "expected_route": "local"}\n', ":1: 'messages' must be a non-empty list"),
        ('{"messages": [{"role": "user"}], "expected_route": "local"}\n', ":1: messages[0] needs string"),
        (
            '{"messages": [{"role": "user", "content": "hi"}], "expected_route": "edge"}\n',
            ":1: 'expected_route'",
        ),
        (
            '{"messages": [{"role": "user", "content": "hi"}], "expected_route": "local", "pii": "yes"}\n',
            "'pii'",
        ),
        ("[1, 2]\n", ":1: a row must be a JSON object"),
        ("\n\n", "no rows"),
    ],
)
def test_bad_rows_name_their_line(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match=message.replace("[", r"\[").replace("]", r"\]")):
        load_rows(path)


def test_missing_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read"):
        load_rows(tmp_path / "nope.jsonl")


def test_calibrate_picks_the_quantile() -> None:
    rows = [{"score": s} for s in (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95)]

    def scorer(r: Any) -> float:
        return float(r["score"])

    assert calibrate(rows, scorer, 0.3) == pytest.approx(0.75)
    assert calibrate(rows, scorer, 0.5) == pytest.approx(0.55)
    assert calibrate(rows, scorer, 1.0) == pytest.approx(0.1)
    assert calibrate(rows, scorer, 0.0) > 0.95
    for share in (0.1, 0.3, 0.7):
        threshold = calibrate(rows, scorer, share)
        assert sum(scorer(r) >= threshold for r in rows) == round(share * len(rows))
    with pytest.raises(ConfigError):
        calibrate(rows, scorer, 1.5)
    with pytest.raises(ConfigError):
        calibrate([], scorer, 0.3)


def test_calibrated_threshold_sends_that_share_to_the_cloud() -> None:
    rows = load_rows(UNSEEN_SET)
    clean = [r for r in rows if not r.get("pii")]
    threshold = calibrate(clean, score_row, 0.3)
    result = evaluate(clean, default_decide_fn(Config(router=RouterConfig(threshold=threshold))))
    assert result["cloud_share"] == pytest.approx(0.3, abs=0.03)


def test_file_helpers(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "rows.jsonl", ROWS)
    report = evaluate_file(path, Config())
    assert report["count"] == 6 and report["pii_leaks"] == 0
    assert evaluate_file(path)["accuracy"] == report["accuracy"]
    threshold = calibrate_file(path, 0.5, Config())
    assert 0.0 <= threshold <= 1.0


def test_unseen_prompts() -> None:
    result = evaluate(load_rows(UNSEEN_SET))
    assert result["accuracy"] >= 0.85, result["per_category"]
    assert result["pii_leaks"] == 0
    assert any(r.get("pii") for r in load_rows(UNSEEN_SET))


def test_public_routing_set() -> None:
    if not PUBLIC_SET.is_file():
        pytest.skip(
            f"{PUBLIC_SET.resolve()} is not present (the shared eval set lives beside the repository)"
        )
    result = evaluate(load_rows(PUBLIC_SET))
    assert result["count"] == 824
    assert result["accuracy"] >= 0.92, result["per_source"]
    assert result["pii_leaks"] == 0


def test_a_profile_routes_as_the_daemon_would_with_that_model(tmp_path: Path) -> None:
    from edged.tasks import TASK_TYPES

    rows = [
        row("Convert 10 miles to kilometres.", "local"),
        row("What is 17 times 23?", "local"),
        row("Who painted the Mona Lisa?", "local"),
    ]
    path = write_jsonl(tmp_path / "rows.jsonl", rows)
    weak = {
        "format_version": 2,
        "model": {"name": "weak"},
        "overall": {"n": 200, "right": 20, "rate": 0.1},
        "per_type": {t: {"n": 20, "right": 2, "rate": 0.1} for t in TASK_TYPES},
        "tasks": [],
    }
    profile = tmp_path / "profile.json"
    profile.write_text(json.dumps(weak), encoding="utf-8")
    plain = evaluate_file(path, Config())
    with_weak = evaluate_file(path, Config(), profile=profile)
    # A model that gets every task type wrong sends the typed requests to the cloud.
    assert with_weak["cloud_share"] == 1.0 > plain["cloud_share"]
    assert with_weak["competence"] == {"profile": "ok", "model": "weak", "detail": ""}
    assert set(with_weak) >= KEYS
    # A model folder without a profile: the difficulty decides, and the report says why.
    folder = tmp_path / "model"
    folder.mkdir()
    missing = evaluate_file(path, Config(), profile=folder)
    assert missing["competence"]["profile"] in ("missing", "stale")
    assert missing["cloud_share"] == plain["cloud_share"]
    with pytest.raises(ConfigError, match="not a model folder"):
        evaluate_file(path, Config(), profile=tmp_path / "nope.json")
