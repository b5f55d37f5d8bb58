"""Router: decision latency of edged's full `decide` against LiteLLM's complexity router.

Both classify the same prompts of the public routing set, one at a time, in processes of
their own (LiteLLM runs in the benchmark environment). edged's decision is the one the
daemon makes: features with the model's tokenizer, the privacy scan, the threshold moved by
a headroom snapshot sampled from this machine, the budget and the network. LiteLLM's is its
default rule-based classifier (`classify`, no network), and its `heuristic_v2` as well;
SIMPLE maps to local, every other tier to the cloud, as in /shared/reference/routers.md.

The cost benchmark lives here too: it replays the same decisions with prices.
"""

from __future__ import annotations

import json
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from edged.bench.common import bench_python, context, peer_missing, percentile, run_worker

__all__ = ["EXAMPLE_PRICES", "OUTPUT_TOKENS_BY_TASK", "run_cost", "run_router"]

# Used when [cloud] sets no prices: OpenAI's list price for gpt-4o, USD per 1,000 tokens
# ($2.50 per million input, $10.00 per million output), as an example of a large cloud model.
EXAMPLE_PRICES = {
    "price_input_per_1k": 0.0025,
    "price_output_per_1k": 0.01,
    "source": "example: gpt-4o list price",
}

# Completion length is not in the data set, so it is estimated from the task edged's features
# name, capped at the request's max_tokens. Short answers for light tasks, long ones for code,
# maths and long-form writing.
OUTPUT_TOKENS_BY_TASK = {
    "classify": 20,
    "extract": 80,
    "format": 120,
    "rewrite": 150,
    "summarize": 120,
    "translate": 150,
    "chat": 150,
    "qa": 150,
    "code": 400,
    "math": 300,
    "reasoning": 350,
    "analysis": 400,
    "long_form_writing": 600,
    "long_document_extraction": 250,
}
DEFAULT_OUTPUT_TOKENS = 200
DECISION_P99_MS = 2.0
P99_VS_LITELLM = 0.5
PUBLIC_ACCURACY = 0.95
CORPUS_TEST_ACCURACY = 0.93
LOSO_MEAN_ACCURACY = 0.88


def _rows(rows_path: Path, quick: bool) -> list[dict[str, Any]]:
    from edged.router.evaluate import load_rows

    rows = load_rows(rows_path)
    return rows[:: max(1, len(rows) // 100)] if quick else rows


def _count_tokens(model: Path) -> Callable[[str], int] | None:
    """The daemon's counter: exact counts of the model's tokenizer."""
    if not (model / "tokenizer.json").is_file():
        return None
    from edged.engine.tokens import TokenCounter

    return TokenCounter.from_file(model / "tokenizer.json").count


def _state(config: Any, prices: dict[str, Any]) -> Any:
    """This machine's headroom as it is now; otherwise a device at rest with the prices given."""
    from dataclasses import replace

    from edged.router.inputs import conditions_at_rest
    from edged.telemetry.monitor import Monitor

    return replace(
        conditions_at_rest(config, headroom=Monitor(config.telemetry).sample_now()),
        price_input_per_1k=float(prices["price_input_per_1k"]),
        price_output_per_1k=float(prices["price_output_per_1k"]),
    )


def _prices(config: Any) -> dict[str, Any]:
    endpoints = config.cloud_endpoints
    if endpoints and (endpoints[0].price_input_per_1k or endpoints[0].price_output_per_1k):
        ep = endpoints[0]
        return {
            "price_input_per_1k": ep.price_input_per_1k,
            "price_output_per_1k": ep.price_output_per_1k,
            "source": f"configured ([cloud] {ep.name})",
        }
    return dict(EXAMPLE_PRICES)


def _edged_decisions(
    rows: list[dict[str, Any]], config: Any, model: Path, repeats: int
) -> tuple[list[float], list[Any], dict[str, Any]]:
    from edged.router.evaluate import request_for
    from edged.router.inputs import PrivacyRules
    from edged.router.policy import decide

    privacy = PrivacyRules.from_config(config)
    prices = _prices(config)
    state = _state(config, prices)
    count = _count_tokens(model)
    requests = [request_for(row, config) for row in rows]
    for request in requests[:20]:  # warm caches (regexes, tokenizer) before timing
        decide(request, state, config.router, count_tokens=count, privacy=privacy)
    times: list[float] = []
    decisions: list[Any] = []
    for r in range(repeats):
        for request in requests:
            started = time.perf_counter()
            decision = decide(request, state, config.router, count_tokens=count, privacy=privacy)
            times.append((time.perf_counter() - started) * 1000)
            if r == 0:
                decisions.append(decision)
    return times, decisions, {"prices": prices, "headroom": state.headroom.levels()}


def litellm_routes(rows: Sequence[dict[str, Any]]) -> list[str] | None:
    """LiteLLM's complexity router's route for each row (SIMPLE → local), run in the benchmark
    environment; None when that environment or LiteLLM is not there."""
    if peer_missing("litellm") is not None:
        return None
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as handle:
        handle.write("".join(json.dumps(row) + "\n" for row in rows))
        subset = Path(handle.name)
    try:
        answer = run_worker(
            bench_python(),
            {"job": "litellm", "rows": str(subset), "repeats": 1, "routes": True},
            timeout=1800,
        )
    finally:
        subset.unlink(missing_ok=True)
    part = answer.get("heuristic") or {}
    routes = part.get("routes")
    return list(routes) if isinstance(routes, list) and len(routes) == len(rows) else None


def run_router(config: Any, model: Path, rows_path: Path, *, quick: bool = False) -> dict[str, Any]:
    rows = _rows(rows_path, quick)
    repeats = 1 if quick else 5
    times, decisions, info = _edged_decisions(rows, config, model, repeats)
    correct = sum(d.route == row["expected_route"] for d, row in zip(decisions, rows, strict=True))
    edged = {
        "p50_ms": round(percentile(times, 0.50), 4),
        "p99_ms": round(percentile(times, 0.99), 4),
        "max_ms": round(max(times), 3),
        "decisions": len(times),
        "accuracy": round(correct / len(rows), 4),
        "cloud_share": round(sum(d.route == "cloud" for d in decisions) / len(rows), 4),
        "headroom_levels": info["headroom"],
        "tokenizer": "model" if (model / "tokenizer.json").is_file() else "estimate",
    }
    routers: dict[str, Any] = {"edged": edged}
    reason = peer_missing("litellm")
    if reason is not None:
        routers["litellm"] = {"missing": reason}
    else:
        with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as handle:
            handle.write("".join(json.dumps(row) + "\n" for row in rows))
            subset = Path(handle.name)
        try:
            answer = run_worker(
                bench_python(), {"job": "litellm", "rows": str(subset), "repeats": repeats}, timeout=900
            )
        finally:
            subset.unlink(missing_ok=True)
        if "error" in answer:
            routers["litellm"] = {"missing": f"failed to run: {answer['error']}"}
        else:
            for name in ("heuristic", "heuristic_v2"):
                part = answer.get(name) or {"missing": "not reported"}
                key = "litellm" if name == "heuristic" else "litellm_heuristic_v2"
                if "missing" in part:
                    routers[key] = {"missing": part["missing"]}
                    continue
                lt = part["times_ms"]
                routers[key] = {
                    "p50_ms": round(percentile(lt, 0.50), 4),
                    "p99_ms": round(percentile(lt, 0.99), 4),
                    "max_ms": round(max(lt), 3),
                    "decisions": len(lt),
                    "accuracy": round(part["accuracy"], 4),
                    "tiers": part["tiers"],
                    "version": answer.get("version"),
                }
    # The same public rows scored by the rules alone: what the learned scorer changed.
    rules_config = replace(config, router=replace(config.router, scorer="rules"))
    _, rule_decisions, _ = _edged_decisions(rows, rules_config, model, 1)
    edged["rules_accuracy"] = round(
        sum(d.route == row["expected_route"] for d, row in zip(rule_decisions, rows, strict=True))
        / len(rows),
        4,
    )
    edged["scorer"] = decisions[0].features.get("scorer") if decisions else None
    corpus = _corpus_measures(quick, litellm=reason is None)
    lite = routers.get("litellm", {})
    ratio = round(edged["p99_ms"] / lite["p99_ms"], 3) if lite.get("p99_ms") else None
    result: dict[str, Any] = {
        "benchmark": "router",
        **context(),
        "rows": len(rows),
        "repeats": repeats,
        "data": str(rows_path),
        "routers": routers,
        "corpus": corpus,
        "ratios": {
            "p50_vs_litellm": round(edged["p50_ms"] / lite["p50_ms"], 3) if lite.get("p50_ms") else None,
            "p99_vs_litellm": ratio,
        },
        "targets": [
            {
                "name": "edged decision p99 ÷ LiteLLM complexity router p99",
                "target": f"<= {P99_VS_LITELLM}",
                "value": ratio,
                "met": None if ratio is None else ratio <= P99_VS_LITELLM,
            },
            {
                # The decision runs on the daemon's loop for every request, privacy scan included.
                "name": "edged decision p99, privacy scan included (ms)",
                "target": f"<= {DECISION_P99_MS}",
                "value": edged["p99_ms"],
                "met": edged["p99_ms"] <= DECISION_P99_MS,
            },
        ],
    }
    result["targets"] += _accuracy_targets(edged["accuracy"], corpus)
    return result


def _accuracy_targets(public: float, corpus: dict[str, Any]) -> list[dict[str, Any]]:
    test = corpus.get("test", {}).get("learned")
    mean = corpus.get("loso", {}).get("mean", {}).get("learned")
    return [
        {"name": "edged accuracy on the public routing set", "target": f">= {PUBLIC_ACCURACY}",
         "value": public, "met": public >= PUBLIC_ACCURACY},
        {"name": "edged accuracy on the corpus's test split", "target": f">= {CORPUS_TEST_ACCURACY}",
         "value": test, "met": None if test is None else test >= CORPUS_TEST_ACCURACY},
        {"name": "edged leave-one-source-out accuracy, mean over sources", "target": f">= {LOSO_MEAN_ACCURACY}",
         "value": mean, "met": None if mean is None else mean >= LOSO_MEAN_ACCURACY},
    ]  # fmt: skip


def _corpus_measures(quick: bool, *, litellm: bool) -> dict[str, Any]:
    """The shipped scorer, the rules and LiteLLM on the training corpus's test split, and leave one
    source out over the whole corpus (a few rows per source with `quick`)."""
    from edged.router.learned import default_model, default_model_problem
    from edged.router.training import default_corpus, load_corpus, loso, split_scores

    path = default_corpus()
    if not path.is_file():
        return {"missing": f"no corpus at {path} (a source checkout has it)"}
    rows, digest = load_corpus(path)
    if quick:
        rows = _first_of_each_source(rows, 12)
    out: dict[str, Any] = {"file": str(path), "sha256": digest, "rows": len(rows)}
    model = default_model()
    out["model"] = model.manifest.get("corpus", {}).get("sha256") if model else default_model_problem()
    test = [r for r in rows if r.get("split") == "test"]
    if test:
        out["test"] = split_scores(test, model, litellm_routes if litellm else None)
    out["loso"] = loso(rows, peers={"litellm": litellm_routes} if litellm else None)
    return out


def _first_of_each_source(rows: list[dict[str, Any]], n: int) -> list[dict[str, Any]]:
    seen: dict[str, int] = {}
    kept = []
    for row in rows:
        source = str(row.get("source"))
        seen[source] = seen.get(source, 0) + 1
        if seen[source] <= n:
            kept.append(row)
    return kept


def _output_tokens(task: str, max_tokens: int) -> int:
    return min(max_tokens, OUTPUT_TOKENS_BY_TASK.get(task, DEFAULT_OUTPUT_TOKENS))


def run_cost(config: Any, model: Path, rows_path: Path, *, quick: bool = False) -> dict[str, Any]:
    from edged.router.evaluate import request_for
    from edged.router.inputs import PrivacyRules
    from edged.router.policy import decide

    privacy = PrivacyRules.from_config(config)
    rows = _rows(rows_path, quick)
    prices = _prices(config)
    state = _state(config, prices)
    count = _count_tokens(model) or (lambda text: max(1, len(text) // 4))
    pin, pout = float(prices["price_input_per_1k"]), float(prices["price_output_per_1k"])
    edged_usd = all_cloud_usd = 0.0
    local = 0
    tokens_in = tokens_out = 0
    by_route: dict[str, dict[str, int]] = {
        "local": {"local": 0, "cloud": 0},
        "cloud": {"local": 0, "cloud": 0},
    }
    for row in rows:
        request = request_for(row, config)
        decision = decide(request, state, config.router, count_tokens=count, privacy=privacy)
        prompt_tokens = int(
            decision.features.get("tokens") or count("\n".join(m["content"] for m in request.messages))
        )
        output_tokens = _output_tokens(decision.task, request.max_tokens)
        usd = (prompt_tokens * pin + output_tokens * pout) / 1000.0
        all_cloud_usd += usd
        tokens_in += prompt_tokens
        tokens_out += output_tokens
        by_route[row["expected_route"]][decision.route] += 1
        if decision.route == "cloud":
            edged_usd += usd
        else:
            local += 1
    n = len(rows)
    saved = 1.0 - edged_usd / all_cloud_usd if all_cloud_usd else 0.0
    return {
        "benchmark": "cost",
        **context(),
        "rows": n,
        "data": str(rows_path),
        "prices": prices,
        "output_tokens": "estimated per request from the task edged's features name, capped at the request's max_tokens (256 by default): "
        + ", ".join(f"{k} {v}" for k, v in OUTPUT_TOKENS_BY_TASK.items())
        + f", other {DEFAULT_OUTPUT_TOKENS}",
        "token_counts": "prompt tokens with the model's tokenizer" if _count_tokens(model) else "estimated",
        "local_share": round(local / n, 4),
        "edged_usd": round(edged_usd, 4),
        "all_cloud_usd": round(all_cloud_usd, 4),
        "edged_usd_per_1k_requests": round(edged_usd / n * 1000, 4),
        "all_cloud_usd_per_1k_requests": round(all_cloud_usd / n * 1000, 4),
        "saved_share": round(saved, 4),
        "prompt_tokens": tokens_in,
        "output_tokens_estimated": tokens_out,
        "by_expected_route": by_route,
        "ratios": {"spend_vs_all_cloud": round(edged_usd / all_cloud_usd, 4) if all_cloud_usd else None},
    }
