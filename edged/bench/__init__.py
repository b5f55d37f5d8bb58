"""`edged bench`: edged measured side by side with its peers (docs/benchmarks.md).

* `models`: every catalogued model on this machine: task-suite success, speed, memory, build time, size;
* `local`: generation speed and memory against onnxruntime-genai, optimum and llama.cpp;
* `transport`: daemon round trips against a raw pyzmq echo server;
* `router`: decision latency against LiteLLM's complexity router;
* `answers`: the task suite's test split through a real daemon: the share kept local and how
  often it is right, against what the model can answer (`edged eval answers`);
* `memory`: daemon RSS against the model's size, and its growth over 5,000 requests;
* `cost`: share kept local and cloud spend against sending everything to the cloud;
* `privacy`: the privacy scanner's recall, false positives and latency against Presidio.

Peers are installed only in the benchmark environment (`make bench-env`, see
`edged.bench.env`); a peer that is not there is reported as missing, with the reason.
Heavy imports happen inside the benchmarks, so `import edged.bench` stays light.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time
from pathlib import Path
from typing import Any

__all__ = ["BENCHMARKS", "routing_rows_path", "run_bench", "run_one"]

logger = logging.getLogger(__name__)

BENCHMARKS = ("models", "local", "transport", "router", "answers", "memory", "cost", "privacy")


def routing_rows_path() -> Path:
    """The public routing set: $EDGED_BENCH_ROUTING, else <repo>/../shared/eval/routing_public.jsonl."""
    from edged.bench.common import REPO

    env = os.environ.get("EDGED_BENCH_ROUTING")
    return Path(env) if env else REPO.parent / "shared" / "eval" / "routing_public.jsonl"


def run_one(
    name: str,
    config: Any,
    *,
    quick: bool = False,
    models: list[str] | None = None,
    build: bool = True,
    config_path: str | None = None,
) -> dict[str, Any]:
    """Run benchmark `name`; `models`, `build` and `config_path` are for `models` alone."""
    model = config.model_path
    rows = routing_rows_path()
    if name == "models":
        from edged.bench.models import run_models

        return run_models(models=models, quick=quick, build=build, config_path=config_path)
    if name == "local":
        from edged.bench.local import run_local

        return run_local(model, quick=quick)
    if name == "transport":
        from edged.bench.transport import run_transport

        return run_transport(model, rows, quick=quick)
    if name == "router":
        from edged.bench.router import run_router

        return run_router(config, model, rows, quick=quick)
    if name == "answers":
        from edged.bench.answers import run_answers

        return run_answers(model, quick=quick)
    if name == "memory":
        from edged.bench.memory import run_memory

        return run_memory(model, rows, quick=quick)
    if name == "cost":
        from edged.bench.router import run_cost

        return run_cost(config, model, rows, quick=quick)
    if name == "privacy":
        from edged.bench.privacy import run_privacy

        return run_privacy(config, model, rows, quick=quick)
    raise ValueError(f"unknown benchmark {name!r}")


def run_bench(args: Any) -> int:
    """The `edged bench` command: run one benchmark or all, print JSON or markdown, maybe write a file."""
    from edged.bench.common import context
    from edged.bench.report import render_markdown, render_section
    from edged.config import Config

    logging.basicConfig(level=logging.INFO, format="edged bench: %(message)s", stream=sys.stderr)
    config = Config.load(args.config)
    # `models` builds what it measures; every other benchmark runs on the configured model.
    if args.what != "models" and not (config.model_path / "manifest.json").is_file():
        print(f"edged bench: no model at {config.model_path} (run `make model`)", file=sys.stderr)
        return 3
    names = list(BENCHMARKS) if args.what == "all" else [args.what]
    results: dict[str, dict[str, Any]] = {}
    for name in names:
        started = time.monotonic()
        print(f"edged bench: {name} ...", file=sys.stderr, flush=True)
        try:
            results[name] = run_one(
                name,
                config,
                quick=args.quick,
                models=[m.strip() for m in args.models.split(",") if m.strip()] if args.models else None,
                build=not args.no_build,
                # The worker runs in the checkout, so a relative path must not depend on where we are.
                config_path=str(Path(args.config).resolve()) if args.config else None,
            )
        except Exception as exc:
            if args.what != "all":
                raise
            # One broken benchmark must not hide the others' numbers.
            logger.exception("%s failed", name)
            results[name] = {"benchmark": name, "error": f"{type(exc).__name__}: {exc}"}
        results[name]["seconds"] = round(time.monotonic() - started, 1)
        print(f"edged bench: {name} done in {results[name]['seconds']} s", file=sys.stderr, flush=True)
    if args.write:
        ctx = context()
        markdown = render_markdown(results, ctx["command"], ctx)
        Path(args.write).write_text(markdown)
        print(f"edged bench: wrote {args.write}", file=sys.stderr)
    if args.json:
        out = results[names[0]] if len(names) == 1 else {"benchmarks": results}
        print(json.dumps(out, indent=2, ensure_ascii=False))
    elif not args.write:
        for name in names:
            print("\n".join(render_section(name, results[name])))
    return 0
