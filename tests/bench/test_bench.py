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
from edged.bench.local import PEERS, PROMPT_TOKENS, build_prompt
from edged.protocol import SamplingParams

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


def test_edged_decode_is_timed_per_token_not_per_text_piece(tiny_model: Path) -> None:
    import edged.engine.engine as engine_module
    from edged.bench._worker import _Edged
    from edged.engine import Engine, EngineOptions
    from tests.support.forced import ForcedTokens

    engine = Engine(tiny_model, EngineOptions(context_length=256))
    engine.load()
    prompt = build_prompt(tiny_model)
    runtime = _Edged({"messages": prompt["messages"]}, engine)
    # Characters of several byte tokens each: most tokens complete no character, so yield no text.
    ids = engine.encode("世界👋🏽 déjà vu 世界") * 3
    pieces: list[str] = []
    stamps: list[float] = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(engine_module, "Sampler", lambda *args, **kwargs: ForcedTokens(ids, None))
        pieces = list(
            engine.generate(prompt["messages"], SamplingParams(max_tokens=len(ids)), ignore_eos=True)
        )
        tokens = runtime.generate(prompt["text"], len(ids), lambda: stamps.append(1.0))
    assert tokens == ids and len(stamps) == len(ids) and len(pieces) < len(ids)


def _check_local(result: dict[str, Any]) -> None:
    runtimes = result["runtimes"]
    assert set(runtimes) == {"edged", *PEERS}
    edged = runtimes["edged"]
    for key in ("prefill_ms", "decode_tok_s", "ttft_ms", "peak_rss_mb", "load_s"):
        assert isinstance(edged[key], int | float) and edged[key] > 0, key
    assert edged["generated_tokens"] == result["new_tokens"] >= 64
    assert edged["same_prompt_ids"] is True
    for peer in PEERS:
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
    # --models: the tiny folder alone, never the catalogued models the checkout may hold.
    proc = run_cli(
        tmp_path, tiny_model, routing_rows, "all", "--quick", "--json", "--write", str(report),
        "--models", str(tiny_model), "--no-build",
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-2000:]
    results = json.loads(proc.stdout)["benchmarks"]
    assert list(results) == ["models", "local", "transport", "router", "answers", "memory", "cost", "privacy"]
    for name, result in results.items():
        assert "error" not in result, (name, result.get("error"))

    _check_local(results["local"])
    assert list(results["models"]["models"]) == [str(tiny_model)]
    assert results["models"]["models"][str(tiny_model)]["decode_tok_s"] > 0

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
    decision = router["targets"][1]
    assert decision["value"] == edged["p99_ms"] and decision["met"] == (edged["p99_ms"] <= 2.0)

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

    _check_privacy(results["privacy"], len(ROWS))

    answers = results["answers"]  # tests/bench/test_answers.py checks its numbers
    assert answers["tasks"] == 10 and set(answers["routers"]) == {"shipped", "today"}

    text = report.read_text()
    assert text.startswith("# edged benchmarks")
    for heading in (
        "1. Models",
        "2. Local generation",
        "3. Transport",
        "4. Router",
        "5. Answers end to end",
        "6. Memory",
        "7. Cost",
        "8. Privacy scanner",
        "Reproduce",
    ):
        assert heading in text
    assert "Missing:" in text and "no source weights" in text
    assert "edged bench all --quick --json --write" in text
    assert "| model | success (95 % CI) |" in text
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


def test_span_coverage_scoring_on_hand_made_findings() -> None:
    from edged.bench.privacy import Hit, flagged_share, recall, span_found

    span = {"kind": "payment_card", "start": 10, "end": 29}
    # Two findings of other kinds that together cover the span: found, not the right kind.
    assert span_found(span, [Hit("phone", 8, 20), Hit("iban", 20, 30)]) == {
        "covered": True,
        "overlapped": True,
        "right_kind": False,
    }
    # A gap between the findings: only overlapped.
    assert span_found(span, [Hit("payment_card", 10, 18), Hit("payment_card", 19, 29)]) == {
        "covered": False,
        "overlapped": True,
        "right_kind": False,
    }
    # Adjacent findings of the span's kind cover it; one touching the end from outside does not count.
    assert span_found(span, [Hit("payment_card", 10, 18), Hit("payment_card", 18, 29)])["right_kind"]
    assert span_found(span, [Hit("payment_card", 29, 40)]) == {
        "covered": False,
        "overlapped": False,
        "right_kind": False,
    }

    rows = [
        {
            "split": "dev",
            "spans": [{"kind": "email", "start": 0, "end": 5}, {"kind": "pin", "start": 6, "end": 10}],
        },
        {"split": "heldout", "spans": [{"kind": "email", "start": 0, "end": 5}]},
    ]
    hits = [[Hit("email", 0, 5), Hit("phone", 7, 10)], []]
    scored = recall(rows, hits, kinds=("email", "pin", "salary"))
    assert scored["dev"]["kinds"]["email"] == {
        "spans": 1,
        "recall": 1.0,
        "overlapped": 1.0,
        "right_kind": 1.0,
    }
    assert scored["dev"]["kinds"]["pin"] == {"spans": 1, "recall": 0.0, "overlapped": 1.0, "right_kind": 0.0}
    assert scored["heldout"]["kinds"]["email"]["recall"] == 0.0
    assert scored["all"]["kinds"]["email"]["recall"] == 0.5
    assert scored["all"]["kinds"]["salary"]["recall"] is None  # no spans: not in the mean
    assert scored["all"]["macro"] == 0.25 and scored["all"]["micro"] == round(1 / 3, 4)
    assert scored["all"]["min_kind"] == {"kind": "pin", "recall": 0.0}

    fp = flagged_share(
        ["a", "b", "c", "d"], [[], [Hit("email", 0, 3), Hit("email", 5, 9)], [], [Hit("pin", 1, 2)]]
    )
    assert fp["rate"] == 0.5 and fp["flagged_ids"] == ["b", "d"] and fp["by_kind"] == {"email": 1, "pin": 1}


def test_latency_texts_have_the_sizes_asked_for() -> None:
    from edged.bench.privacy import latency_texts

    clean = [f"Prompt number {i} about something ordinary." * 3 for i in range(30)]
    texts = latency_texts(clean, ["my card is 4111 1111 1111 1111"], sizes=(500, 4000), per_size=4)
    assert [(size, with_pii) for size, with_pii, _ in texts] == [
        (500, False), (500, True), (500, False), (500, True),
        (4000, False), (4000, True), (4000, False), (4000, True),
    ]  # fmt: skip
    for size, with_pii, text in texts:
        assert size <= len(text) <= size + 2
        assert ("4111 1111 1111 1111" in text) is with_pii
    assert texts == latency_texts(clean, ["my card is 4111 1111 1111 1111"], sizes=(500, 4000), per_size=4)


def _check_privacy(result: dict[str, Any], routing_rows: int) -> None:
    assert result["benchmark"] == "privacy"
    assert result["rows"]["routing_clean"] == routing_rows
    assert result["rows"]["pii"] >= 1000 and result["rows"]["negatives"] >= 300
    edged = result["scanners"]["edged"]
    assert edged["scanner"].startswith("edged.privacy.")
    for split in ("dev", "heldout", "all"):
        part = edged["recall"][split]
        for key in ("macro", "micro", "micro_overlapped", "micro_right_kind"):
            assert 0.0 <= part[key] <= 1.0, (split, key)
        for kind, data in part["kinds"].items():
            assert data["spans"] > 0, (split, kind)
            assert 0.0 <= data["recall"] <= data["overlapped"] <= 1.0, (split, kind)
            assert 0.0 <= data["right_kind"] <= data["recall"], (split, kind)
    # Leave-one-source-out: each source's spans add up to the whole corpus.
    by_source = edged["recall_by_source"]
    assert len(by_source) >= 2
    assert sum(s["all"]["spans"] for s in by_source.values()) == edged["recall"]["all"]["spans"]
    fp = edged["false_positives"]
    for part in ("negatives", "routing", "combined"):
        assert 0.0 <= fp[part]["rate"] <= 1.0
    assert fp["negatives"]["flagged"] == len(fp["negatives"]["flagged_ids"])
    assert set(edged["latency"]) == {"500", "1000", "2000", "4000"}
    for level in edged["latency"].values():
        assert 0 < level["p50_ms"] <= level["p99_ms"] <= level["max_ms"]
    presidio = result["scanners"]["presidio"]
    assert set(presidio) == {"missing"} and "is not built" in presidio["missing"]
    assert result["ratios"]["recall_macro_vs_presidio"] is None
    assert [t["met"] is None for t in result["targets"]] == [False] * 4
    assert result["targets"][0]["value"] == edged["recall"]["all"]["macro"]


def test_bench_privacy_json(tmp_path: Path, routing_rows: Path) -> None:
    # The privacy benchmark loads no model; `edged bench` only checks that one is there.
    model = tmp_path / "model"
    model.mkdir()
    (model / "manifest.json").write_text("{}")
    proc = run_cli(tmp_path, model, routing_rows, "privacy", "--quick", "--json")
    assert proc.returncode == 0, proc.stderr[-2000:]
    result = json.loads(proc.stdout)
    _check_privacy(result, len(ROWS))
    assert result["command"].startswith("edged bench privacy")


def _privacy_result(presidio: dict[str, Any]) -> dict[str, Any]:
    kinds = {"spans": 4, "recall": 0.5, "overlapped": 0.75, "right_kind": 0.25}
    recall = {
        split: {"kinds": {"email": kinds, "pin": kinds}, "macro": 0.5, "micro": 0.5, "micro_overlapped": 0.75,
                "micro_right_kind": 0.25, "min_kind": {"kind": "pin", "recall": 0.5}, "spans": 8}
        for split in ("dev", "heldout", "all")
    }  # fmt: skip
    fp = {
        "negatives": {
            "rows": 4,
            "flagged": 1,
            "rate": 0.25,
            "flagged_ids": ["neg.uuid.1"],
            "by_kind": {"pin": 1},
        },
        "routing": {"rows": 2, "flagged": 0, "rate": 0.0, "flagged_ids": [], "by_kind": {}},
        "combined": {"rows": 6, "flagged": 1, "rate": 0.1667},
    }
    latency = {
        str(s): {"p50_ms": 0.05, "p99_ms": 0.2, "max_ms": 0.3, "scans": 10} for s in (500, 1000, 2000, 4000)
    }
    edged = {"scanner": "edged.privacy.scan", "recall": recall, "false_positives": fp, "latency": latency}
    scanners: dict[str, Any] = {"edged": edged, "presidio": presidio}
    if "missing" not in presidio:
        scanners["presidio_min_score_0.5"] = {"min_score": 0.5, "recall": recall, "false_positives": fp}
    return {
        "benchmark": "privacy",
        "date": "2026-12-02T00:00:00+00:00",
        "rows": {"pii": 8, "pii_dev": 4, "pii_heldout": 4, "spans": 8, "negatives": 4, "routing_clean": 2},
        "latency_texts": {"per_size": 2, "repeats": 1, "sizes": [500, 1000, 2000, 4000]},
        "scanners": scanners,
        "ratios": {
            "recall_macro_vs_presidio": None if "missing" in presidio else 1.0,
            "recall_micro_vs_presidio": None if "missing" in presidio else 1.0,
            "fp_vs_presidio": None,
            "p99_vs_presidio": {str(s): None for s in (500, 1000, 2000, 4000)},
        },
        "targets": [{"name": "edged recall over the kinds", "target": ">= 0.98", "value": 0.5, "met": False}],
    }


def test_privacy_report_renders_with_and_without_presidio() -> None:
    from edged.bench.report import render_markdown, render_section

    missing = "\n".join(
        render_section("privacy", _privacy_result({"missing": "not built (run `make bench-env`)"}))
    )
    assert missing.startswith("## Privacy scanner")
    assert "| email | 4 | 0.500 | 0.500 | 0.750 | 0.250 | missing | missing |" in missing
    assert "* **presidio**: not built" in missing
    assert "{" not in missing.split("\n")[2], "a format field left unfilled in the introduction"
    assert "edged flagged 1 of 4 look-alikes (pin 1): neg.uuid.1." in missing

    presidio = {
        "version": "presidio-analyzer 2.2.366",
        "recognizers": ["EmailRecognizer"],
        "failed_recognizers": {},
        "no_recognizer": ["pin"],
        "min_score": 0.0,
        **{k: v for k, v in _privacy_result({"x": 1})["scanners"]["edged"].items() if k != "scanner"},
    }
    present = "\n".join(render_section("privacy", _privacy_result(presidio), 6))
    assert present.startswith("## 6. Privacy scanner")
    assert "| pin | 4 | 0.500 | 0.500 | 0.750 | 0.250 | no recognizer | no recognizer |" in present
    assert "| email | 4 | 0.500 | 0.500 | 0.750 | 0.250 | 0.500 | 0.750 |" in present
    assert "| presidio_min_score_0.5 |" in present and "Kinds with no recognizer: pin." in present
    assert "**missed**" in present and "`edged bench privacy --json`" in present

    context = {"date": "2026-12-02", "machine": {"cpu": "x", "cores": 2, "ram_gib": 4.0, "kernel": "6", "python": "3.11",
                                               "onnxruntime": "1.32.0"}}  # fmt: skip
    page = render_markdown({"privacy": _privacy_result(presidio)}, "edged bench all", context)
    assert "| Privacy scanner | edged recall over the kinds | >= 0.98 | 0.500 | **missed** |" in page


def test_no_bench_module_shadows_the_standard_library() -> None:
    # _worker.py runs as a script, so its folder is first on sys.path in the worker: a module there
    # named like a standard one (profile.py) replaces it for every library the peers import
    # (cProfile imports `profile`), and the peers' jobs fail with errors that name edged.
    folder = Path(__file__).resolve().parents[2] / "edged" / "bench"
    shadowing = sorted(p.stem for p in folder.glob("*.py") if p.stem in sys.stdlib_module_names)
    assert not shadowing, shadowing
