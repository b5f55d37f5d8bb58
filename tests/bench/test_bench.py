"""`edged bench` on the tiny model: the JSON each benchmark prints, the markdown report, and
missing peers reported with their reason (these tests never need the benchmark environment)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from edged.bench.common import peer_missing, percentile
from edged.bench.env import STATUS_NAME
from edged.bench.local import PROMPT_TOKENS, build_prompt

REPO = Path(__file__).resolve().parents[2]

ROWS = [
    ("What is the capital of France?", "local"),
    ("Rewrite this sentence to be more polite: send me the report now.", "local"),
    ("Classify the sentiment of this review as positive or negative: I loved the food.", "local"),
    ("Give me three ideas for a birthday party.", "local"),
    ("Translate 'good morning' into Spanish.", "local"),
    ("Summarize in one sentence: The meeting moved to Tuesday because the room was booked.", "local"),
    ("Write a Python function that parses an ISO 8601 duration and returns seconds, with tests.", "cloud"),
    (
        "A train leaves at 3 pm going 60 km/h and another at 4 pm going 90 km/h from the same station. "
        "When does the second catch up? Explain step by step.",
        "cloud",
    ),
    ("Prove that the square root of 2 is irrational.", "cloud"),
    ("Implement a thread-safe LRU cache in Java with generics and explain its complexity.", "cloud"),
    ("Write a 2000-word blog post about the history of the bicycle. " + "Include details. " * 40, "cloud"),
    ("Debug this code: def f(x): return x +* 2", "cloud"),
]


@pytest.fixture
def routing_rows(tmp_path: Path) -> Path:
    path = tmp_path / "routing.jsonl"
    lines = [
        json.dumps({"id": f"t-{i}", "source": "test", "messages": [{"role": "user", "content": text}],
                    "expected_route": route})
        for i, (text, route) in enumerate(ROWS)
    ]  # fmt: skip
    path.write_text("\n".join(lines) + "\n")
    return path


def bench_env(tmp_path: Path, routing_rows: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("EDGED_")}
    env.update(
        EDGED_BENCH_VENV=str(tmp_path / "no-bench-venv"),
        EDGED_BENCH_DIR=str(tmp_path / "bench-artifacts"),
        EDGED_BENCH_ROUTING=str(routing_rows),
        PYTHONUNBUFFERED="1",
    )
    return env


def run_cli(tmp_path: Path, model: Path, routing_rows: Path, *args: str) -> subprocess.CompletedProcess[str]:
    config = tmp_path / "edged.toml"
    config.write_text(f'[model]\npath = "{model}"\n\n[state]\ndir = "{tmp_path / "state"}"\n')
    return subprocess.run(
        [sys.executable, "-m", "edged", "bench", *args, "--config", str(config)],
        capture_output=True,
        text=True,
        env=bench_env(tmp_path, routing_rows),
        cwd=REPO,
        timeout=240,
    )


def test_percentile_is_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 0.5) == 50.0
    assert percentile(values, 0.99) == 99.0
    assert percentile([7.0], 0.99) == 7.0
    assert percentile([], 0.5) == 0.0


def test_peer_missing_says_why(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    venv = tmp_path / "venv"
    monkeypatch.setenv("EDGED_BENCH_VENV", str(venv))
    assert "is not built" in (peer_missing("llama.cpp") or "")

    (venv / "bin").mkdir(parents=True)
    (venv / "bin" / "python").write_text("")
    status = {
        "groups": {
            "optimum": {"ok": True, "spec": ["optimum-onnx[onnxruntime]==0.1.0"]},
            "llama.cpp": {"ok": False, "spec": ["llama-cpp-python==0.3.36"], "error": "CMake was not found"},
        }
    }
    (venv / STATUS_NAME).write_text(json.dumps(status))
    assert peer_missing("optimum") is None
    reason = peer_missing("llama.cpp") or ""
    assert "llama-cpp-python==0.3.36" in reason and "CMake was not found" in reason
    assert "never installed" in (peer_missing("litellm") or "")


def test_prompt_has_exactly_the_target_token_count(tiny_model: Path) -> None:
    prompt = build_prompt(tiny_model)
    assert len(prompt["ids"]) == PROMPT_TOKENS
    assert prompt["messages"][0]["role"] == "user"
    assert prompt["text"].endswith("<|im_start|>assistant\n")


def _check_local(result: dict[str, Any]) -> None:
    runtimes = result["runtimes"]
    assert set(runtimes) == {"edged", "onnxruntime-genai", "optimum", "llama.cpp"}
    edged = runtimes["edged"]
    for key in ("prefill_ms", "decode_tok_s", "ttft_ms", "peak_rss_mb", "load_s"):
        assert isinstance(edged[key], int | float) and edged[key] > 0, key
    assert edged["generated_tokens"] == result["new_tokens"] >= 64
    assert edged["same_prompt_ids"] is True
    for peer in ("onnxruntime-genai", "optimum", "llama.cpp"):
        # The tiny model is not built from the peers' source weights, so no peer can run.
        assert set(runtimes[peer]) == {"missing"} and runtimes[peer]["missing"], peer
    assert result["prompt_tokens"] == PROMPT_TOKENS
    assert result["ratios"]["decode_speedup"]["onnxruntime-genai"] is None
    assert {t["met"] for t in result["targets"]} == {None}
    for key in ("machine", "date", "command", "repeats"):
        assert key in result


def test_bench_local_json(tmp_path: Path, tiny_model: Path, routing_rows: Path) -> None:
    proc = run_cli(tmp_path, tiny_model, routing_rows, "local", "--quick", "--json")
    assert proc.returncode == 0, proc.stderr[-2000:]
    result = json.loads(proc.stdout)
    _check_local(result)
    assert result["command"].startswith("edged bench local")
    assert result["machine"]["cores"] == os.cpu_count()


def test_bench_all_quick_writes_the_report(tmp_path: Path, tiny_model: Path, routing_rows: Path) -> None:
    report = tmp_path / "benchmarks.md"
    proc = run_cli(tmp_path, tiny_model, routing_rows, "all", "--quick", "--json", "--write", str(report))
    assert proc.returncode == 0, proc.stderr[-2000:]
    results = json.loads(proc.stdout)["benchmarks"]
    assert list(results) == ["local", "transport", "router", "memory", "cost"]
    for name, result in results.items():
        assert "error" not in result, (name, result.get("error"))

    _check_local(results["local"])

    transport = results["transport"]
    assert set(transport["clients"]) == {"1", "8", "32"}
    for level in transport["clients"].values():
        for key in (
            "edged_ping_p50_us",
            "edged_ping_p99_us",
            "raw_echo_p50_us",
            "raw_echo_p99_us",
            "route_per_s",
            "route_ceiling_per_s",
        ):
            assert level[key] > 0, key
        assert level["edged_ping_p50_us"] <= level["edged_ping_p99_us"]
        assert level["errors"] == 0
        # Every ceiling request is a ping that carried a route body, and each was answered.
        assert level["requests"]["route_ceiling"] == level["requests"]["route"]
    assert set(transport["ratios"]["route_vs_ceiling"]) == {"1", "8", "32"}

    router = results["router"]
    assert router["rows"] == len(ROWS)
    edged = router["routers"]["edged"]
    assert 0 < edged["p50_ms"] <= edged["p99_ms"]
    assert 0.0 <= edged["accuracy"] <= 1.0
    assert "is not built" in router["routers"]["litellm"]["missing"]
    assert router["targets"][0]["met"] is None

    memory = results["memory"]
    assert memory["errors"] == 0
    assert memory["requests_total"] > memory["requests_first"] > 0
    assert memory["rss_loaded_mb"] > 0 and memory["model_disk_mb"] > 0
    assert memory["growth"] is not None

    cost = results["cost"]
    assert cost["rows"] == len(ROWS)
    assert 0.0 <= cost["local_share"] <= 1.0
    assert 0.0 <= cost["edged_usd"] <= cost["all_cloud_usd"]
    assert cost["prices"]["source"].startswith("example")

    text = report.read_text()
    assert text.startswith("# edged benchmarks")
    for heading in ("1. Local generation", "2. Transport", "3. Router", "4. Memory", "5. Cost", "Reproduce"):
        assert heading in text
    assert "Missing:" in text and "no source weights" in text
    assert "edged bench all --quick --json --write" in text
    assert "route ceiling/s" in text and "Route/s in each round with 8 clients" in text


def test_profile_summary_ranks_functions_and_drops_event_loop_plumbing() -> None:
    from edged.bench.transport import summarize_profile

    raw = "\n".join(
        [
            "main (edged/cli.py:1);Daemon.run (edged/daemon.py:2);decide (edged/router/policy.py:3);"
            "count_tokens (edged/engine/engine.py:4) 6",
            "main (edged/cli.py:1);Daemon.run (edged/daemon.py:2);decide (edged/router/policy.py:9) 2",
            "main (edged/cli.py:1);send (zmq/_future.py:5) 2",
            "",
        ]
    )
    summary = summarize_profile(raw)
    assert summary["samples"] == 10
    inclusive = dict((name, pct) for name, pct in summary["inclusive_pct"])
    assert inclusive == {
        "decide (edged/router/policy.py)": 80.0,
        "count_tokens (edged/engine/engine.py)": 60.0,
        "send (zmq/_future.py)": 20.0,
    }
    assert summary["self_pct"][0] == ["count_tokens (edged/engine/engine.py)", 60.0]


def _transport_result(route_per_s: float, ceiling_per_s: float) -> dict[str, Any]:
    level = {
        "edged_ping_p50_us": 100.0, "edged_ping_p99_us": 200.0, "raw_echo_p50_us": 60.0,
        "raw_echo_p99_us": 120.0, "route_p50_us": 900.0, "route_p99_us": 2000.0,
        "route_per_s": route_per_s, "route_ceiling_per_s": ceiling_per_s,
        "route_rounds_per_s": [route_per_s], "route_ceiling_rounds_per_s": [ceiling_per_s],
    }  # fmt: skip
    return {
        "clients": {"8": level},
        "ratios": {
            "ping_p50_vs_raw_echo": {"8": 1.67},
            "ping_p99_vs_raw_echo": {"8": 1.67},
            "route_vs_ceiling": {"8": round(route_per_s / ceiling_per_s, 3)},
        },
        "targets": [
            {
                "name": "route decisions per second, 8 clients",
                "target": ">= 5000",
                "value": route_per_s,
                "met": route_per_s >= 5000,
            },
        ],
    }


def test_transport_report_reads_the_route_target_against_the_ceiling() -> None:
    from edged.bench.report import render_section

    below = "\n".join(render_section("transport", _transport_result(2000.0, 4000.0)))
    assert "the ceiling itself (4,000/s) is below the target (5,000/s)" in below
    assert "| 0.50× |" in below

    # 1e6/5000 - 1e6/8000 = 75 µs left for the decision.
    above = "\n".join(render_section("transport", _transport_result(2000.0, 8000.0)))
    assert "the target leaves the decision about 75 µs" in above
