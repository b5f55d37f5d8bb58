"""The benchmark results as markdown: docs/benchmarks.md. Ratios first, then the absolute numbers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

__all__ = ["render_markdown", "render_section"]

_COMMANDS = {
    "models": "edged bench models --json",
    "local": "edged bench local --json",
    "transport": "edged bench transport --json",
    "router": "edged bench router --json",
    "answers": "edged eval answers --json",
    "memory": "edged bench memory --json",
    "cost": "edged bench cost --json",
    "privacy": "edged bench privacy --json",
}
_TITLES = {
    "models": "Models",
    "local": "Local generation",
    "transport": "Transport",
    "router": "Router decision latency",
    "answers": "Answers end to end",
    "memory": "Memory",
    "cost": "Cost",
    "privacy": "Privacy scanner",
}


def _fmt(value: Any, digits: int = 2) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        if abs(value) >= 100:
            digits = min(digits, 1)  # 1,176.5 µs or requests/s: more digits are noise
        return f"{value:,.{digits}f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _met(value: bool | None) -> str:
    return {True: "**met**", False: "**missed**", None: "not measured"}[value]


def _table(header: list[str], rows: list[list[Any]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(_fmt(c) if not isinstance(c, str) else c for c in row) + " |" for row in rows]
    return lines


def _targets(result: dict[str, Any]) -> list[str]:
    targets = result.get("targets") or []
    if not targets:
        return []
    rows = [[t["name"], t["target"], _fmt(t["value"], 3), _met(t["met"])] for t in targets]
    return ["", *_table(["target", "bound", "measured", "result"], rows)]


def _local(r: dict[str, Any]) -> list[str]:
    runtimes = r["runtimes"]
    ratios = r["ratios"]
    peers = [p for p in runtimes if p != "edged"]
    lines = [
        f"Prompt: {r['prompt_tokens']} tokens (chat-templated); {r['new_tokens']} new tokens forced "
        f"(end-of-sequence ignored); greedy; {r['threads']} intra-op threads everywhere; "
        f"each runtime in its own process; after one warm-up round, {r['repeats']} measured rounds alternate "
        "between the runtimes, one at a time (never two at once), and each figure is the median of its rounds.",
        "",
        "**Ratios** (edged ÷ peer for decode speed; peer ÷ edged for times, so above 1 means edged is faster; "
        "edged ÷ peer for peak RSS, so below 1 means edged uses less):",
        "",
    ]
    rows = []
    for peer in peers:
        if "missing" in runtimes[peer]:
            rows.append([peer, "missing", "missing", "missing", "missing"])
            continue
        rows.append(
            [
                peer,
                _fmt(ratios["decode_speedup"].get(peer)) + "×",
                _fmt(ratios["prefill_speedup"].get(peer)) + "×",
                _fmt(ratios["ttft_speedup"].get(peer)) + "×",
                _fmt(ratios["peak_rss_ratio"].get(peer)) + "×",
            ]
        )
    lines += _table(
        ["peer", "decode speed-up", "prefill speed-up", "TTFT speed-up", "edged RSS ÷ peer RSS"], rows
    )
    lines += ["", "**Absolute** (this machine, this run):", ""]
    rows = []
    for name, data in runtimes.items():
        if "missing" in data:
            continue
        rows.append(
            [
                name,
                _fmt(data["prefill_ms"], 1),
                _fmt(data["decode_tok_s"], 1),
                _fmt(data["ttft_ms"], 1),
                _fmt(data["peak_rss_mb"], 0),
                _fmt(data["load_s"], 2),
                _fmt(data.get("model_mb"), 1),
                data.get("version", ""),
            ]
        )
    lines += _table(
        ["runtime", "prefill ms", "decode tok/s", "TTFT ms", "peak RSS MiB", "load s", "model MB", "version"],
        rows,
    )
    spread = [
        f"{name} {', '.join(f'{v:.0f}' for v in data['runs']['decode_tok_s'])}"
        for name, data in runtimes.items()
        if "runs" in data
    ]
    if spread:
        lines += [
            "",
            "Decode tok/s in each measured round (the spread is this machine's noise): "
            + "; ".join(spread)
            + ".",
        ]
    missing = [(n, d["missing"]) for n, d in runtimes.items() if "missing" in d]
    if missing:
        lines += ["", "Missing:"]
        lines += [f"* **{n}**: {reason}" for n, reason in missing]
    differing = [n for n, d in runtimes.items() if "missing" not in d and not d.get("same_prompt_ids", True)]
    if differing:
        lines += [
            "",
            f"Tokenizers that encode the prompt text differently from edged: {', '.join(differing)}.",
        ]
    name, quant, block = _weights_of(r.get("model"))
    lines += [
        "",
        f"Weights: all start from the same {name} GGUF ({quant}). edged runs its own int4 "
        "folder (`make model`: the genai builder's graph, then edged's passes, which fuse each layer's gate "
        "and up projections into one MatMulNBits, gather the token embedding from the LM head's quantized "
        "table and add a log-softmax output for the quality signal), and once it has loaded, collapses "
        "the weights into transparent huge pages (`[model] huge_pages`); "
        "onnxruntime-genai its builder's int4 build of the same dequantized weights "
        f"(block {block}, accuracy level 4), as it comes; `onnxruntime-genai (huge pages)` the same build "
        "in a process whose weights edged's huge-page step then collapses, to show how much of the "
        "difference is that step; optimum `ORTModelForCausalLM` on optimum's export of those weights, "
        f"quantized int4 MatMulNBits (block {block}, accuracy level 4, embedding included); llama.cpp the GGUF "
        "itself. `prefill` is one forward pass over the prompt ids on a fresh cache; `TTFT` runs from the "
        "prompt text (tokenization included) to the first token; `load` ends when the runtime can answer "
        "(edged's includes its built-in warm-up and the hash check of the model files). Peak RSS is each "
        "runtime process's own VmHWM, Python interpreter and libraries included.",
    ]
    return lines


def _per_type(per_type: dict[str, Any] | None) -> str:
    if not per_type:
        return "–"
    return ", ".join(
        f"{kind} {row['rate'] * 100:.0f} %" for kind, row in per_type.items() if row["rate"] is not None
    )


def _models(r: dict[str, Any]) -> list[str]:
    from edged.bench.models import MAX_PEAK_RSS_MB, MIN_DECODE_TOK_S, choose_default

    models = r["models"]
    per_type = (
        f"the first {r['tasks_per_type']} tasks of each type" if r.get("tasks_per_type") else "every task"
    )
    lines = [
        f"The local-task suite's {r['split']} split ({per_type}) on each model, each in a process of its own, "
        "on one engine with the daemon's options: every task is the body the daemon receives for a local "
        f"request (greedy, max_tokens {r['max_tokens']}, the configured repetition penalty), checked by its "
        f"checker; success with its 95 % Wilson interval. Decode and TTFT as in Local generation: a "
        f"{r['prompt_tokens']}-token prompt, {r['new_tokens']} new tokens forced, the median of "
        f"{r['repeats']} rounds after a warm-up. Peak RSS is the process's VmHWM over the whole run. Build s "
        "is what `edged model build` recorded on this machine (fetching the packages included); size is the "
        "built folder on disk.",
        "",
    ]
    rows = []
    for name, m in models.items():
        if m.get("missing"):
            rows.append(
                [name, "missing", "", "", "", "", _fmt(m.get("build_s"), 0), _fmt(m.get("size_mb"), 1)]
            )
            continue
        low, high = m["success_ci95"]
        success = f"{m['success'] * 100:.0f} % ({low * 100:.0f}–{high * 100:.0f} %, n {m['success_n']})"
        suite = m["suite"]
        if not suite["complete"]:
            success += f", {suite['run']} of {suite['planned']} tasks"
        rows.append(
            [name, success, _per_type(m["per_type"]), _fmt(m["decode_tok_s"], 1), _fmt(m["ttft_ms"], 0),
             _fmt(m["peak_rss_mb"], 0), _fmt(m["build_s"], 0), _fmt(m["size_mb"], 1)]
        )  # fmt: skip
    lines += _table(
        [
            "model",
            "success (95 % CI)",
            "per type",
            "decode tok/s",
            "TTFT ms",
            "peak RSS MiB",
            "build s",
            "size MB",
        ],
        rows,
    )
    timings = [
        f"{name} {_fmt(m['seconds'], 0)} s (suite {_fmt(m['suite']['elapsed_s'], 0)} s)"
        for name, m in models.items()
        if "seconds" in m and m.get("suite")
    ]
    if timings:
        lines += ["", "Time each model took, building included: " + "; ".join(timings) + "."]
    chosen, reasons = choose_default(r)
    rule = (
        f"the catalogued model with the highest success whose peak RSS is at most {MAX_PEAK_RSS_MB:,.0f} MiB "
        f"and whose decode is at least {MIN_DECODE_TOK_S:g} tok/s on this machine"
    )
    lines += ["", f"**Default** ({rule}): " + (f"**{chosen}**." if chosen else "none qualifies."), ""]
    lines += [f"* {reason}" for reason in reasons]
    from edged.model.catalogue import DEFAULT_MODEL

    if chosen == DEFAULT_MODEL.name:
        lines += ["", f"`make run` serves it: it is the catalogue's default (`{DEFAULT_MODEL.name}`)."]
    elif chosen:
        lines += [
            "",
            f"**The catalogue's default, `{DEFAULT_MODEL.name}` (what `make run` serves), is not the model this "
            f"run chose**: set `DEFAULT_MODEL` in edged/model/catalogue.py to `{chosen}`, or find out why.",
        ]
    untimed = [n for n, m in models.items() if not m.get("missing") and m.get("build_s") is None]
    if untimed:
        lines += [
            "",
            f"No build time recorded for {', '.join(untimed)}: built before builds recorded it "
            "(`edged bench models` without `--no-build` rebuilds such a catalogued model to time it).",
        ]
    missing = [(n, m["missing"]) for n, m in models.items() if m.get("missing")]
    if missing:
        lines += ["", "Missing:"] + [f"* **{n}**: {reason}" for n, reason in missing]
    return lines


def _weights_of(model: str | None) -> tuple[str, str, str]:
    """The source model's name and GGUF quantization and the int4 block size, from edged's folder."""
    from edged.model.manifest import Manifest

    try:
        manifest = Manifest.read(Path(str(model)))
    except Exception:  # a report of an old run whose folder is gone still renders
        return "catalogued model's", "?", "?"
    source = manifest.source
    return (
        str(source.get("display_name") or manifest.name),
        str(source.get("quant") or "?"),
        str(manifest.builder.get("block_size", "?")),
    )


def _transport(r: dict[str, Any]) -> list[str]:
    lines = [
        "Round trips from separate client processes (one DEALER each, one request in flight per client) to a "
        "real `edged serve` process, and to a raw pyzmq ROUTER echo server in its own process, both on "
        "ipc:// on this machine. `route` requests carry the public routing prompts in turn; the daemon's "
        "cloud endpoint is a loopback stand-in answering the reachability probe, so every decision runs "
        "the whole policy. The route ceiling is the same daemon answering `ping` requests that carry the same "
        "route bodies: everything a `route` cannot skip (receive, decode and validate the body, reply) and no "
        "decision, so no route rate can exceed it. Route and ceiling alternate over "
        "the rounds listed below; the median round is reported.",
        "",
        "**Ratios** (edged ping ÷ raw echo, the floor is 1; route rate ÷ route ceiling, at most 1):",
        "",
    ]
    ceiling_ratios = r["ratios"].get("route_vs_ceiling", {})
    rows = [
        [f"{n} client{'s' if n != '1' else ''}", _fmt(r["ratios"]["ping_p50_vs_raw_echo"][n]) + "×",
         _fmt(r["ratios"]["ping_p99_vs_raw_echo"][n]) + "×", _fmt(ceiling_ratios.get(n)) + "×"]
        for n in r["clients"]
    ]  # fmt: skip
    lines += _table(["clients", "ping p50 ÷ echo p50", "ping p99 ÷ echo p99", "route/s ÷ ceiling/s"], rows)
    lines += ["", "**Absolute** (µs per round trip; route decisions per second over all clients):", ""]
    rows = [
        [n, c["edged_ping_p50_us"], c["edged_ping_p99_us"], c["raw_echo_p50_us"], c["raw_echo_p99_us"],
         c["route_p50_us"], c["route_p99_us"], c["route_per_s"], c.get("route_ceiling_per_s")]
        for n, c in r["clients"].items()
    ]  # fmt: skip
    lines += _table(
        ["clients", "edged ping p50", "edged ping p99", "raw echo p50", "raw echo p99", "route p50", "route p99",
         "route/s", "route ceiling/s"],
        rows,
    )  # fmt: skip
    lines += _route_ceiling(r)
    profile = r.get("profile")
    if profile and "missing" in profile:
        lines += ["", f"Profile of the daemon: missing ({profile['missing']})."]
    elif profile:
        lines += [
            "",
            f"**Where the daemon's time goes** ({profile['phase']}; py-spy, {profile['samples']:,} samples of the "
            "busy daemon; share of samples with the function on the stack, event-loop plumbing left out):",
            "",
        ]
        lines += _table(
            ["function", "% of samples"], [[f"`{k}`", f"{v:.1f}"] for k, v in profile["inclusive_pct"]]
        )
        lines += ["", "Own time (the function itself, not its callees):", ""]
        lines += _table(
            ["function", "% of samples"], [[f"`{k}`", f"{v:.1f}"] for k, v in profile["self_pct"]]
        )
    return lines


def _route_ceiling(r: dict[str, Any]) -> list[str]:
    """What the route target needs from the decision, read off this run's 8-client ceiling."""
    from edged.bench.transport import ROUTES_PER_S_TARGET as bound

    eight = r["clients"].get("8", {})
    ceiling = eight.get("route_ceiling_per_s")
    if not ceiling:
        return []
    rounds = ", ".join(_fmt(v, 0) for v in eight.get("route_rounds_per_s", []))
    ceilings = ", ".join(_fmt(v, 0) for v in eight.get("route_ceiling_rounds_per_s", []))
    lines = ["", f"Route/s in each round with 8 clients: {rounds}; ceiling: {ceilings}."]
    if ceiling < bound:
        lines.append(
            f"With 8 clients the ceiling itself ({_fmt(ceiling, 0)}/s) is below the target ({_fmt(bound, 0)}/s): "
            "on this machine even a decision that cost nothing would miss it."
        )
    else:
        budget_us = 1e6 / bound - 1e6 / ceiling
        lines.append(
            f"With 8 clients the ceiling is {_fmt(ceiling, 0)}/s: the target leaves the decision about "
            f"{_fmt(budget_us, 0)} µs of the daemon's time per request."
        )
    return lines


def _router(r: dict[str, Any]) -> list[str]:
    routers = r["routers"]
    lines = [
        f"{r['rows']} prompts of the public routing set, {r['repeats']} pass(es), each decision timed alone. "
        "edged: the daemon's full `decide` (features with the model's tokenizer, privacy scan, threshold "
        "moved by a headroom snapshot of this machine, budget, network). LiteLLM: its complexity router's "
        "rule-based classifier, in the benchmark environment; SIMPLE → local, any other tier → cloud.",
        "",
        f"**Ratios**: edged p50 ÷ LiteLLM p50 = {_fmt(r['ratios']['p50_vs_litellm'], 3)}×, "
        f"edged p99 ÷ LiteLLM p99 = {_fmt(r['ratios']['p99_vs_litellm'], 3)}×.",
        "",
    ]
    rows = []
    for name, data in routers.items():
        if "missing" in data:
            rows.append([name, "missing", "missing", "missing", "missing", "missing"])
            continue
        rows.append(
            [name, _fmt(data["p50_ms"], 3), _fmt(data["p99_ms"], 3), _fmt(data["max_ms"], 2), _fmt(data["accuracy"], 3),
             _fmt(data["decisions"])]
        )  # fmt: skip
    lines += _table(["router", "p50 ms", "p99 ms", "max ms", "accuracy", "decisions"], rows)
    missing = [(n, d["missing"]) for n, d in routers.items() if "missing" in d]
    if missing:
        lines += ["", "Missing:"] + [f"* **{n}**: {reason}" for n, reason in missing]
    ours = routers.get("edged", {})
    if "rules_accuracy" in ours:
        lines += [
            "",
            f"edged decided with the `{ours.get('scorer')}` scorer; the same rows with `[router] scorer = "
            f'"rules"` (the hand-set rules alone): accuracy {_fmt(ours["rules_accuracy"], 3)}.',
        ]
    lines += _router_corpus(r.get("corpus") or {})
    return lines


def _router_corpus(corpus: dict[str, Any]) -> list[str]:
    if not corpus:
        return []
    if "missing" in corpus:
        return ["", f"Corpus: {corpus['missing']}."]
    lines = [
        "",
        f"**Training corpus** (tests/router/corpus, {_fmt(corpus['rows'])} rows, sha256 {corpus['sha256'][:12]}…; "
        "the shipped model was trained on its train split and calibrated on dev). Accuracy at the default "
        "threshold 0.5; LiteLLM: SIMPLE → local.",
        "",
    ]
    test = corpus.get("test")
    if test:
        lines += _table(
            ["test split rows", "learned", "rules", "litellm"],
            [
                [
                    _fmt(test["rows"]),
                    _fmt(test.get("learned"), 3),
                    _fmt(test["rules"], 3),
                    _fmt(test.get("litellm"), 3),
                ]
            ],
        )
    loso = corpus.get("loso")
    if loso:
        scorers = list(loso["mean"])
        lines += [
            "",
            "**Leave one source out** (`edged eval routing --loso`): for each source, a model trained on every "
            "other source and tested on all of this one's rows; the rules and LiteLLM never train.",
            "",
        ]
        rows = [
            [
                name,
                _fmt(entry["rows"]),
                _fmt(entry["cloud_share"], 2),
                *[_fmt(entry.get(k), 3) for k in scorers],
            ]
            for name, entry in loso["sources"].items()
        ]
        rows.append(["**mean**", "", "", *[f"**{_fmt(loso['mean'][k], 3)}**" for k in scorers]])
        rows.append(["min", "", "", *[_fmt(loso["min"][k], 3) for k in scorers]])
        lines += _table(["source", "rows", "cloud share", *scorers], rows)
    return lines


def _answers(r: dict[str, Any]) -> list[str]:
    oracle = r["oracle"]
    routers = r["routers"]
    cloud = r["cloud"]
    subset = (
        ""
        if r["tasks"] == r["tasks_in_split"]
        else f" (the first {r['tasks']} of {r['tasks_in_split']}, round-robin over the types)"
    )
    lines = [
        f"The local-task suite's {r['split']} split{subset} through a real daemon (`edged serve` on an ipc:// "
        f"socket) with {r['model']}, sent as a client sends it: one user turn, greedy, max_tokens "
        f"{r['max_tokens']}, routed by the daemon. The cloud is a loopback OpenAI-compatible server that answers "
        "each task with its reference answer. An answer is local when the final reply came from the device "
        "(a local answer escalated after the fact counts as cloud); each task's checker judges the final text. "
        "`local_precision` is the share of local answers that are right; `oracle_local_share` the share of "
        "tasks the model answers right on its own (what a router that knew the answers would keep local: "
        f"{oracle['right']} of {oracle['n']}, {oracle['asked_local_again']} of them asked again with "
        f"route = local because the `today` router did not answer them locally). One daemon per router, on the "
        f"same model files; {oracle['local_answers_differ']} local answers of the shipped router differed from "
        "the model's answer to the same task in the `today` run.",
        "",
        f"**Ratios**: the shipped router keeps {_fmt(routers['shipped']['local_share_vs_oracle'], 3)}× the share a "
        f"perfect router would keep local, at precision {_fmt(r['local_precision'], 3)}; before competence "
        f"routing: {_fmt(routers['today']['local_share_vs_oracle'], 3)}× at {_fmt(routers['today']['local_precision'], 3)}.",
        "",
    ]  # fmt: skip
    rows = []
    for name, x in routers.items():
        rows.append(
            [f"`{name}`: {x['label']}", _fmt(x["local_share"], 3), _fmt(x["local_precision"], 3),
             _fmt(x["local_share_vs_oracle"], 3), _fmt(x["accuracy"], 3), _fmt(x["wrong_kept_local"]),
             _fmt(x["right_sent_to_cloud"]), _fmt(x["escalated"]), _fmt(x["pinned"]), _fmt(x["profile"])]
        )  # fmt: skip
    lines += _table(
        ["router", "local_share", "local_precision", "÷ oracle_local_share", "accuracy", "wrong kept local",
         "right sent away", "escalated after a local answer", "privacy-pinned", "profile"],
        rows,
    )  # fmt: skip
    per_type = []
    for kind, o in oracle["per_type"].items():
        row: list[Any] = [kind, _fmt(o["n"]), _fmt(o["share"], 2)]
        for name in routers:
            t = routers[name]["per_type"].get(kind, {})
            row += [_fmt(t.get("local_share"), 2), _fmt(t.get("local_precision"), 2)]
        per_type.append(row)
    lines += ["", "**Per task type** (share kept local, and how often those are right):", ""]
    header = ["type", "tasks", "oracle_local_share"]
    for name in routers:
        header += [f"{name} local_share", f"{name} local_precision"]
    lines += _table(header, per_type)
    lines += [
        "",
        f"The loopback cloud received {cloud['requests']} chat requests ({cloud['unknown_prompts']} for no task's "
        f"prompt); every task either router sent to the cloud reached it: {cloud['escalated_tasks_received']} of "
        f"{cloud['escalated_tasks']}. Time: {_fmt(r['elapsed_s'], 0)} s in all (shipped "
        f"{_fmt(routers['shipped']['seconds'], 0)} s, today {_fmt(routers['today']['seconds'], 0)} s, each "
        "with its daemon's start).",
    ]
    return lines


def _memory(r: dict[str, Any]) -> list[str]:
    lines = [
        f"A real `edged serve` process with the model; VmRSS from /proc/<pid>/status. Requests: short prompts "
        f"from the public routing set, forced local, max_tokens {r['max_tokens']}, {r['in_flight']} in flight "
        f"({_fmt(r['requests_per_s'], 1)} requests/s).",
        "",
        f"**Ratios**: RSS with the model loaded ÷ model bytes on disk = {_fmt(r['rss_loaded_vs_disk'], 2)}×; "
        f"growth from {r['requests_first']:,} to {r['requests_total']:,} requests = "
        f"{_fmt((r['growth'] or 0) * 100, 2)} %.",
        "",
    ]
    rows = [
        ["model on disk", _fmt(r["model_disk_mb"], 1) + " MB"],
        ["RSS, model loaded", _fmt(r["rss_loaded_mb"], 1) + " MiB"],
        [f"RSS after {r['requests_first']:,} requests", _fmt(r["rss_after_first_mb"], 1) + " MiB"],
        [f"RSS after {r['requests_total']:,} requests", _fmt(r["rss_after_total_mb"], 1) + " MiB"],
        ["peak RSS (VmHWM)", _fmt(r["peak_rss_mb"], 1) + " MiB"],
        ["failed requests", _fmt(r["errors"])],
    ]
    lines += _table(["", "value"], rows)
    lines += [
        "",
        "RSS along the run: "
        + ", ".join(f"{s['requests']:,}: {s['rss_mb']} MiB" for s in r["samples"])
        + ".",
    ]
    return lines


def _cost(r: dict[str, Any]) -> list[str]:
    prices = r["prices"]
    lines = [
        f"{r['rows']} prompts of the public routing set, routed by edged's `decide` on a device at rest with the "
        f"cloud usable. Prices: ${prices['price_input_per_1k']} per 1k input tokens, "
        f"${prices['price_output_per_1k']} per 1k output tokens ({prices['source']}). {r['token_counts'].capitalize()}; "
        f"output tokens {r['output_tokens']}.",
        "",
        f"**Ratios**: edged keeps {_fmt(r['local_share'] * 100, 1)} % of requests local and spends "
        f"{_fmt(r['ratios']['spend_vs_all_cloud'], 3)}× what sending everything to the cloud would "
        f"({_fmt(r['saved_share'] * 100, 1)} % saved).",
        "",
    ]
    rows = [
        ["edged (routed)", _fmt(r["edged_usd"], 4), _fmt(r["edged_usd_per_1k_requests"], 3)],
        ["everything to the cloud", _fmt(r["all_cloud_usd"], 4), _fmt(r["all_cloud_usd_per_1k_requests"], 3)],
    ]
    lines += _table(["policy", f"USD for {r['rows']} requests", "USD per 1,000 requests"], rows)
    confusion = r["by_expected_route"]
    lines += [
        "",
        f"Labelled local prompts kept local: {confusion['local']['local']} of "
        f"{confusion['local']['local'] + confusion['local']['cloud']}; labelled cloud prompts sent to the cloud: "
        f"{confusion['cloud']['cloud']} of {confusion['cloud']['local'] + confusion['cloud']['cloud']}.",
    ]
    return lines


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.1f} %"


def _privacy(r: dict[str, Any]) -> list[str]:
    scanners = r["scanners"]
    edged = scanners["edged"]
    presidio = scanners["presidio"]
    rows = r["rows"]
    lines = [
        f"The labelled corpus in tests/privacy/corpus: {rows['pii']:,} prompts ({rows['pii_dev']:,} dev, "
        f"{rows['pii_heldout']:,} heldout; generated rows split by template family, hand-written ones by a hash "
        f"of their text) with {rows['spans']:,} spans of 22 kinds, "
        f"{rows['negatives']:,} look-alikes, and the {rows['routing_clean']:,} routing-set prompts not marked "
        "as personal. A span is found when the findings, of any kind, together cover all of it; "
        '"overlapped" counts a finding that touches it, "right kind" needs findings of its own kind. '
        "Recall over the kinds is the mean of the per-kind recalls. A false positive is a clean row with at "
        f"least one finding. edged: `{edged['scanner']}`, in this process. Presidio: its predefined pattern "
        "recognizers with no NLP engine, in the benchmark environment (see below).",
        "",
    ]
    ratios = r["ratios"]
    p99 = ratios.get("p99_vs_presidio") or {}
    lines += [
        f"**Ratios** (edged ÷ Presidio): recall over the kinds {_fmt(ratios['recall_macro_vs_presidio'], 3)}×, "
        f"spans found {_fmt(ratios['recall_micro_vs_presidio'], 3)}×, false-positive rate "
        f"{_fmt(ratios['fp_vs_presidio'], 3)}×, scan p99 "
        + ", ".join(f"{_fmt(v, 3)}× at {int(k):,} chars" for k, v in p99.items())
        + ".",
        "",
    ]
    table = []
    for name, data in scanners.items():
        if "missing" in data:
            table.append([name, *["missing"] * 8])
            continue
        rec = data["recall"]
        fp = data["false_positives"]
        lat = data.get("latency", {}).get("4000", {})
        table.append(
            [
                name,
                _fmt(rec["all"]["macro"], 3),
                _fmt(rec["dev"]["macro"], 3),
                _fmt(rec["heldout"]["macro"], 3),
                _fmt(rec["all"]["micro"], 3),
                _fmt(rec["all"]["micro_right_kind"], 3),
                _pct(fp["negatives"]["rate"]),
                _pct(fp["routing"]["rate"]),
                _fmt(lat.get("p99_ms"), 3),
            ]
        )
    lines += _table(
        ["scanner", "recall (kinds)", "dev", "heldout", "spans found", "right kind", "FP look-alikes",
         "FP routing set", "p99 ms, 4,000 chars"],
        table,
    )  # fmt: skip
    no_recognizer = set(presidio.get("no_recognizer", []))
    per_kind = []
    for kind, e in edged["recall"]["all"]["kinds"].items():
        held = edged["recall"]["heldout"]["kinds"][kind]
        row = [kind, _fmt(e["spans"]), _fmt(e["recall"], 3), _fmt(held["recall"], 3), _fmt(e["overlapped"], 3),
               _fmt(e["right_kind"], 3)]  # fmt: skip
        if "missing" in presidio:
            row += ["missing", "missing"]
        elif kind in no_recognizer:
            row += ["no recognizer", "no recognizer"]
        else:
            p = presidio["recall"]["all"]["kinds"][kind]
            row += [_fmt(p["recall"], 3), _fmt(p["overlapped"], 3)]
        per_kind.append(row)
    lines += ["", "**Recall per kind** (all rows; heldout alone in its own column):", ""]
    lines += _table(
        ["kind", "spans", "edged", "edged heldout", "edged overlapped", "edged right kind", "Presidio",
         "Presidio overlapped"],
        per_kind,
    )  # fmt: skip
    by_source = []
    presidio_sources = presidio.get("recall_by_source", {})
    for source, e in scanners["edged"].get("recall_by_source", {}).items():
        p = presidio_sources.get(source, {})
        by_source.append(
            [source, _fmt(e["all"]["spans"]), _fmt(e["dev"]["micro"], 3), _fmt(e["heldout"]["micro"], 3),
             _fmt(e["heldout"]["macro"], 3), _fmt(e["all"]["micro"], 3),
             _fmt(p.get("all", {}).get("micro"), 3) if p else "missing"]
        )  # fmt: skip
    if by_source:
        lines += [
            "",
            "**Recall by source** (leave-one-source-out: each source's rows alone; spans found):",
            "",
        ]
        lines += _table(
            [
                "source",
                "spans",
                "edged dev",
                "edged heldout",
                "edged heldout (kinds)",
                "edged all",
                "Presidio all",
            ],
            by_source,
        )
    timing = r["latency_texts"]
    lines += [
        "",
        f"**Scan latency** (ms; {timing['per_size']} texts of each size, half with personal data, "
        f"{timing['repeats']} passes after a warm-up; a text's time is the median of its passes, and p50, p99 "
        'and max are over the texts; "every scan" is the p99 over all passes, scheduler noise included):',
        "",
    ]
    lat_rows = []
    for size in timing["sizes"]:
        e = edged["latency"][str(size)]
        p = presidio.get("latency", {}).get(str(size), {})
        lat_rows.append([f"{size:,}", _fmt(e["p50_ms"], 3), _fmt(e["p99_ms"], 3), _fmt(e["max_ms"], 3),
                         _fmt(e.get("raw_p99_ms"), 3), _fmt(p.get("p50_ms"), 3), _fmt(p.get("p99_ms"), 3),
                         _fmt(p.get("max_ms"), 3), _fmt(p.get("raw_p99_ms"), 3)])  # fmt: skip
    lines += _table(
        ["characters", "edged p50", "edged p99", "edged max", "edged p99, every scan", "Presidio p50",
         "Presidio p99", "Presidio max", "Presidio p99, every scan"],
        lat_rows,
    )  # fmt: skip
    fp = edged["false_positives"]
    for label, part in (("look-alikes", fp["negatives"]), ("routing-set prompts", fp["routing"])):
        if part["flagged_ids"]:
            shown = ", ".join(part["flagged_ids"][:15]) + (" …" if len(part["flagged_ids"]) > 15 else "")
            kinds = ", ".join(f"{k} {n}" for k, n in part["by_kind"].items())
            lines += ["", f"edged flagged {part['flagged']} of {part['rows']} {label} ({kinds}): {shown}."]
    if "missing" in presidio:
        lines += ["", "Missing:", f"* **presidio**: {presidio['missing']}"]
    else:
        lines += [
            "",
            f"Presidio ({presidio.get('version')}): {len(presidio.get('recognizers') or [])} predefined pattern "
            "recognizers whose entity types map to a kind, each built alone and called as "
            "`analyze(text, entities, nlp_artifacts=None)`: no spaCy model is available offline, so there is no "
            "NER (PERSON, LOCATION) and no context words raise a score. Every result counts, as with "
            "AnalyzerEngine's default threshold of 0; `presidio_min_score_0.5` keeps results scoring 0.5 or more. "
            "DATE_TIME stands for date_of_birth and postcodes for postal_address. Kinds with no recognizer: "
            + ", ".join(sorted(no_recognizer))
            + ".",
        ]
        failed = presidio.get("failed_recognizers") or {}
        if failed:
            lines += [
                "",
                "Recognizers that could not run: " + "; ".join(f"{k} ({v})" for k, v in failed.items()),
            ]
    return lines


_RENDER = {
    "models": _models,
    "local": _local,
    "transport": _transport,
    "router": _router,
    "answers": _answers,
    "memory": _memory,
    "cost": _cost,
    "privacy": _privacy,
}


def render_section(name: str, result: dict[str, Any], number: int | None = None) -> list[str]:
    title = f"## {number}. {_TITLES[name]}" if number else f"## {_TITLES[name]}"
    lines = [title, ""]
    if "error" in result:
        return [*lines, f"This benchmark failed: {result['error']}", ""]
    lines += _RENDER[name](result)
    lines += _targets(result)
    lines += ["", f"Run alone: `{_COMMANDS[name]}` ({result.get('date', '')}).", ""]
    return lines


def render_markdown(results: dict[str, dict[str, Any]], command: str, context: dict[str, Any]) -> str:
    m = context["machine"]
    lines = [
        "# edged benchmarks",
        "",
        f"Generated by `{command}` (what `make bench` runs, after `make bench-env` builds the peers' "
        f"environment) on {context['date']}.",
        "",
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['ram_gib']} GiB RAM, Linux {m['kernel']}, "
        f"Python {m['python']}, onnxruntime {m['onnxruntime']}.",
        "",
        "This is a shared 2-core virtual machine: absolute times drift by ±15 % from run to run, so read the "
        "ratios first. Every peer ran in the same `make bench` as edged, side by side.",
        "",
        "## Targets",
        "",
    ]
    rows = []
    for name, result in results.items():
        for target in result.get("targets") or []:
            rows.append(
                [
                    _TITLES[name],
                    target["name"],
                    target["target"],
                    _fmt(target["value"], 3),
                    _met(target["met"]),
                ]
            )
        if "error" in result:
            rows.append([_TITLES[name], "benchmark failed", "", "", result["error"][:120]])
    lines += _table(["benchmark", "target", "bound", "measured", "result"], rows)
    lines.append("")
    for number, (name, result) in enumerate(results.items(), start=1):
        lines += render_section(name, result, number)
    lines += [
        "## Reproduce",
        "",
        "```sh",
        "make bench-env   # .venv-bench: torch (CPU), optimum-onnx, llama-cpp-python (compiled), LiteLLM, Presidio",
        "make bench       # every benchmark, this file",
        "edged bench local --json   # or models, transport, router, answers, memory, cost, privacy; --quick for fewer iterations",
        "```",
        "",
        "Peers live only in `.venv-bench` and are never dependencies of edged. A peer that cannot be "
        "installed or built is listed as missing with the reason. Built artifacts are cached in `.bench/`.",
        "",
    ]
    return "\n".join(lines)
