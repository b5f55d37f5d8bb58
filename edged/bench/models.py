"""`edged bench models`: every catalogued model measured on this machine, side by side in one run.

For each model, in a process of its own (so its peak RSS is its own):
* speed as `edged bench local` measures edged: the same `PROMPT_TOKENS`-token chat prompt, new
  tokens forced (end-of-sequence ignored), one warm-up round, then the median of the measured
  rounds for decode tok/s and TTFT;
* the local-task suite's test split, as `edged model profile` runs the dev split: each task is
  the body the daemon receives for a local request, parsed by `request_params` with the
  configured defaults, answered by `Engine.generate` with the daemon's engine options, judged by
  its checker. Success overall and per task type, with a 95 % Wilson interval.

Both run on one engine loaded with the configured `[model]` options, so the peak RSS (VmHWM) is
the model as the daemon would hold it, over the whole run. The build time is what
`edged model build` recorded in the manifest; a catalogued model that is not built yet (or was
built before builds recorded their time) is built first, unless `--no-build`. The size is the
built folder on disk.

`choose_default` applies the rule for the default model to a result: the catalogued model with the
highest success whose peak RSS and decode speed on this machine are within bounds.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from edged.bench.common import context, median, run_worker
from edged.bench.local import (
    NEW_TOKENS,
    PROMPT_TOKENS,
    QUICK_NEW_TOKENS,
    QUICK_REPEATS,
    REPEATS,
    _disk_mb,
    build_prompt,
)
from edged.exceptions import EdgedError
from edged.model.catalogue import CATALOGUE, CatalogueModel
from edged.model.manifest import MANIFEST_NAME, Manifest

__all__ = [
    "FIELDS",
    "MAX_PEAK_RSS_MB",
    "MIN_DECODE_TOK_S",
    "QUICK_PER_TYPE",
    "choose_default",
    "measure_model",
    "run_models",
]

logger = logging.getLogger(__name__)

# Every model's entry has these keys; a model that could not be measured has them all None.
FIELDS = ("success", "per_type", "decode_tok_s", "ttft_ms", "peak_rss_mb", "build_s", "size_mb")
SPLIT = "test"  # the dev split is what `edged model profile` measures
QUICK_PER_TYPE = 2
# Bounds on the suite alone. The 1.5B model decodes about 14 tok/s here, so the 248 test tasks
# at the profile's max_tokens take about 20 minutes when the machine is quiet.
LIMIT_S = 2400.0
QUICK_LIMIT_S = 300.0
# The rule for the default model. peak_rss_mb is MiB (VmHWM), so 2.5 GB is read as 2.5 GiB.
MAX_PEAK_RSS_MB = 2.5 * 1024
MIN_DECODE_TOK_S = 10.0


# -- in the worker process -----------------------------------------------------------------------


def measure_model(job: Mapping[str, Any]) -> dict[str, Any]:
    """Speed rounds, then the suite, on one engine with the daemon's options (in a worker process)."""
    from edged.backends.local import engine_options
    from edged.bench._worker import _Edged, _one_round, _peak_rss_mb
    from edged.bench.capability import MAX_TOKENS, Progress, engine_answerer, interleave, run_suite, summarize
    from edged.config import Config
    from edged.engine import Engine
    from edged.tasks import load_tasks

    config = Config.load(job["config"])
    started = time.perf_counter()
    engine = Engine(Path(job["model"]), engine_options(config))
    engine.load()
    load_s = time.perf_counter() - started
    try:
        runtime = _Edged(dict(job), engine=engine)
        rounds = []
        for r in range(job["repeats"] + 1):  # round 0 is the warm-up
            measured, _ = _one_round(runtime, dict(job))
            if r > 0:
                rounds.append(measured)
        tasks = interleave(load_tasks(split=SPLIT))
        per_type = job.get("per_type")
        if per_type:
            # interleave() deals the types in turn, so its head holds the first tasks of each.
            tasks = tasks[: per_type * len({t.type for t in tasks})]
        run = run_suite(
            tasks,
            engine_answerer(engine, config),
            limit_s=job["limit_s"],
            progress=Progress(len(tasks), job["limit_s"], sys.stderr),
        )
    finally:
        engine.close()
    summary = summarize(run.outcomes)
    return {
        "load_s": round(load_s, 2),
        "prefill_ms": round(median([m["prefill_ms"] for m in rounds]), 2),
        "decode_tok_s": round(median([m["decode_tok_s"] for m in rounds]), 2),
        "ttft_ms": round(median([m["ttft_ms"] for m in rounds]), 2),
        "decode_runs": [round(m["decode_tok_s"], 2) for m in rounds],
        "peak_rss_mb": _peak_rss_mb(),
        "overall": summary["overall"],
        "per_type": summary["per_type"],
        "suite": {
            "split": SPLIT,
            "max_tokens": MAX_TOKENS,
            "planned": run.planned,
            "run": len(run.outcomes),
            "complete": len(run.outcomes) == run.planned,
            "stopped": run.stopped,
            "elapsed_s": round(run.elapsed_s, 1),
        },
    }


# -- in the bench process ------------------------------------------------------------------------


def _catalogue_name(folder: Path) -> str | None:
    """The catalogue entry `folder` was built from, known by its source GGUF's sha256."""
    try:
        sha = Manifest.read(folder).source.get("sha256")
    except EdgedError:
        return None
    return next((m.name for m in CATALOGUE.values() if m.sha256 == sha), None)


def _empty(path: Path | None, reason: str, catalogue: str | None) -> dict[str, Any]:
    return {
        **dict.fromkeys(FIELDS),
        "missing": reason,
        "catalogue": catalogue,
        "path": None if path is None else str(path),
    }


def _catalogued_folder(
    model: CatalogueModel, models_dir: Path, *, build: bool
) -> tuple[Path | None, bool, str | None]:
    """The model's built folder, whether it was built now, and the reason it is missing (or None).

    With `build`, a folder that is missing, out of date, or built before builds recorded their
    time is built (again), and its time recorded.
    """
    from edged.model.build import default_output

    folder = models_dir / default_output("int4", model).name
    built = (folder / MANIFEST_NAME).is_file() and _catalogue_name(folder) == model.name
    if not build:
        if not built:
            return (
                None,
                False,
                (
                    f"not built at {folder} (--no-build; build it with `edged model build --source {model.name}`)"
                ),
            )
        return folder, False, None
    recorded = built and "build_s" in Manifest.read(folder).extra
    try:
        from edged.model.build import build_model

        logger.info("models: building %s into %s", model.name, folder)
        result = build_model(folder, source=model, quiet=True, force=built and not recorded)
    except (EdgedError, ImportError, OSError) as exc:
        if built:
            logger.warning("models: %s could not be rebuilt to time it: %s", model.name, exc)
            return folder, False, None
        return None, False, f"the build failed: {exc}"
    return result.path, result.built, None


def _entry(folder: Path, answer: Mapping[str, Any], *, built_now: bool) -> dict[str, Any]:
    manifest = Manifest.read(folder)
    build_s = manifest.extra.get("build_s")
    if "error" in answer:
        entry = _empty(folder, f"failed to run: {answer['error']}", _catalogue_name(folder))
        entry.update(build_s=build_s, size_mb=_disk_mb(folder))
        return entry
    overall = answer["overall"]
    return {
        "success": overall["rate"],
        "per_type": answer["per_type"],
        "decode_tok_s": answer["decode_tok_s"],
        "ttft_ms": answer["ttft_ms"],
        "peak_rss_mb": answer["peak_rss_mb"],
        "build_s": build_s,
        "size_mb": _disk_mb(folder),
        "catalogue": _catalogue_name(folder),
        "path": str(folder),
        "built_now": built_now,
        "success_n": overall["n"],
        "success_right": overall["right"],
        "success_ci95": overall["ci95"],
        "suite": answer["suite"],
        "load_s": answer["load_s"],
        "prefill_ms": answer["prefill_ms"],
        "decode_runs": answer["decode_runs"],
    }


def run_models(
    *,
    models: Sequence[str] | None = None,
    quick: bool = False,
    build: bool = True,
    config_path: str | None = None,
    models_dir: Path = Path("models"),
) -> dict[str, Any]:
    """Measure each of `models` (catalogue names or model folders; default: the whole catalogue).

    A catalogued model is looked for where `edged model build --source NAME` puts it, under
    `models_dir`.
    """
    from edged.bench.capability import MAX_TOKENS

    names = list(models) if models else list(CATALOGUE)
    new_tokens = QUICK_NEW_TOKENS if quick else NEW_TOKENS
    repeats = QUICK_REPEATS if quick else REPEATS
    limit_s = QUICK_LIMIT_S if quick else LIMIT_S
    out: dict[str, dict[str, Any]] = {}
    for name in names:
        started = time.monotonic()
        built_now = False
        if name in CATALOGUE:
            folder, built_now, reason = _catalogued_folder(CATALOGUE[name], models_dir, build=build)
            if folder is None:
                out[name] = _empty(None, reason or "not built", name)
                continue
        else:
            folder = Path(name)
            if not (folder / MANIFEST_NAME).is_file():
                known = ", ".join(CATALOGUE)
                out[name] = _empty(folder, f"not a catalogued model ({known}) nor a model folder", None)
                continue
        prompt = build_prompt(folder)
        job = {
            "job": "model_bench",
            "model": str(folder.resolve()),  # the worker runs in the checkout
            "config": config_path,
            "messages": prompt["messages"],
            "prompt_text": prompt["text"],
            "prompt_ids": prompt["ids"],
            "new_tokens": new_tokens,
            "repeats": repeats,
            "limit_s": limit_s,
            "per_type": QUICK_PER_TYPE if quick else None,
        }
        logger.info("models: measuring %s (%s)", name, folder)
        answer = run_worker(sys.executable, job, timeout=limit_s + 1200, echo_stderr=True)
        out[name] = _entry(folder, answer, built_now=built_now)
        out[name]["seconds"] = round(time.monotonic() - started, 1)
    result: dict[str, Any] = {
        "benchmark": "models",
        **context(),
        "split": SPLIT,
        "max_tokens": MAX_TOKENS,
        "tasks_per_type": QUICK_PER_TYPE if quick else None,
        "prompt_tokens": PROMPT_TOKENS,
        "new_tokens": new_tokens,
        "repeats": repeats,
        "limit_s": limit_s,
        "models": out,
    }
    chosen, reasons = choose_default(result)
    result["default"] = {"name": chosen, "reasons": reasons}
    return result


# -- the rule ------------------------------------------------------------------------------------


def choose_default(
    result: Mapping[str, Any],
    *,
    max_peak_rss_mb: float = MAX_PEAK_RSS_MB,
    min_decode_tok_s: float = MIN_DECODE_TOK_S,
) -> tuple[str | None, list[str]]:
    """The catalogued model with the highest suite success whose peak RSS is at most
    `max_peak_rss_mb` and whose decode is at least `min_decode_tok_s`, and one reason per model.

    Equal success goes to the faster decode. None when no model qualifies.
    """
    reasons: list[str] = []
    eligible: list[tuple[float, float, str]] = []
    for name, entry in result.get("models", {}).items():
        if entry.get("missing"):
            reasons.append(f"{name}: not measured ({entry['missing']})")
            continue
        if not entry.get("catalogue") and name not in CATALOGUE:
            reasons.append(f"{name}: not in the catalogue")
            continue
        success, rss, decode = entry.get("success"), entry.get("peak_rss_mb"), entry.get("decode_tok_s")
        if success is None or rss is None or decode is None:
            reasons.append(f"{name}: incomplete measurement")
            continue
        if rss > max_peak_rss_mb:
            reasons.append(f"{name}: peak RSS {rss:,.0f} MiB is above {max_peak_rss_mb:,.0f} MiB")
            continue
        if decode < min_decode_tok_s:
            reasons.append(f"{name}: decode {decode:.1f} tok/s is below {min_decode_tok_s:g} tok/s")
            continue
        eligible.append((success, decode, name))
    if not eligible:
        return None, reasons
    eligible.sort(reverse=True)
    best_success, best_decode, chosen = eligible[0]
    reasons.insert(
        0,
        f"{chosen}: the highest success among the models within bounds ({best_success:.1%}; "
        f"peak RSS {result['models'][chosen]['peak_rss_mb']:,.0f} MiB, decode {best_decode:.1f} tok/s)",
    )
    for success, decode, name in eligible[1:]:
        why = "slower decode at the same success" if success == best_success else "lower success"
        reasons.append(f"{name}: within bounds, {why} ({success:.1%}, decode {decode:.1f} tok/s)")
    return chosen, reasons
