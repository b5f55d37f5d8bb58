"""`edged bench models`: the JSON a real run prints on the tiny model, the report's models table,
and the rule that chooses the default model, on hand-made results."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from edged.bench.models import FIELDS, MAX_PEAK_RSS_MB, QUICK_PER_TYPE, choose_default
from edged.bench.report import render_section
from edged.model.manifest import Manifest
from edged.tasks import TASK_TYPES

REPO = Path(__file__).resolve().parents[2]


def _model(success: float, rss: float, decode: float, **more: Any) -> dict[str, Any]:
    n = 100
    return {
        "success": success,
        "per_type": {"fact": {"n": 10, "right": round(success * 10), "rate": success, "ci95": [0.0, 1.0]}},
        "decode_tok_s": decode,
        "ttft_ms": 120.0,
        "peak_rss_mb": rss,
        "build_s": 90.0,
        "size_mb": 800.0,
        "success_n": n,
        "success_right": round(success * n),
        "success_ci95": [max(0.0, success - 0.1), min(1.0, success + 0.1)],
        "suite": {"run": n, "planned": n, "complete": True, "elapsed_s": 60.0},
        "seconds": 70.0,
        **more,
    }


def _result(**models: dict[str, Any]) -> dict[str, Any]:
    return {
        "benchmark": "models",
        "split": "test",
        "max_tokens": 96,
        "tasks_per_type": None,
        "prompt_tokens": 128,
        "new_tokens": 128,
        "repeats": 7,
        "date": "2026-12-02T00:00:00+00:00",
        "models": models,
    }


def test_default_is_the_most_successful_model_within_bounds() -> None:
    result = _result(
        **{
            "smollm2-135m": _model(0.21, 250.0, 135.0),
            "qwen2.5-coder-0.5b": _model(0.56, 900.0, 40.0),
            "qwen2.5-coder-1.5b": _model(0.88, 1980.0, 14.0),
        }
    )
    chosen, reasons = choose_default(result)
    assert chosen == "qwen2.5-coder-1.5b"
    assert reasons[0].startswith("qwen2.5-coder-1.5b: the highest success")
    assert any(r.startswith("qwen2.5-coder-0.5b: within bounds, lower success") for r in reasons)


def test_default_skips_models_over_the_memory_or_under_the_speed_bound() -> None:
    result = _result(
        **{
            "smollm2-135m": _model(0.21, 250.0, 135.0),
            "qwen2.5-coder-0.5b": _model(0.56, MAX_PEAK_RSS_MB + 1, 40.0),
            "qwen2.5-coder-1.5b": _model(0.88, 1980.0, 9.9),
        }
    )
    chosen, reasons = choose_default(result)
    assert chosen == "smollm2-135m"
    assert any("qwen2.5-coder-0.5b: peak RSS" in r and "above" in r for r in reasons)
    assert any("qwen2.5-coder-1.5b: decode 9.9 tok/s is below 10" in r for r in reasons)


def test_default_bounds_are_inclusive_and_ties_go_to_the_faster_model() -> None:
    result = _result(
        **{
            "qwen2.5-coder-0.5b": _model(0.7, MAX_PEAK_RSS_MB, 10.0),
            "qwen2.5-coder-1.5b": _model(0.7, 1000.0, 20.0),
        }
    )
    chosen, reasons = choose_default(result)
    assert chosen == "qwen2.5-coder-1.5b"
    assert any("slower decode at the same success" in r for r in reasons)
    del result["models"]["qwen2.5-coder-1.5b"]
    assert choose_default(result)[0] == "qwen2.5-coder-0.5b"


def test_no_default_when_nothing_qualifies_and_missing_or_foreign_models_never_count() -> None:
    missing = {**dict.fromkeys(FIELDS), "missing": "not built"}
    result = _result(
        **{
            "smollm2-135m": missing,
            "/tmp/tiny": _model(1.0, 10.0, 500.0, catalogue=None),
            "qwen2.5-coder-1.5b": _model(0.88, 1980.0, 2.0),
        }
    )
    chosen, reasons = choose_default(result)
    assert chosen is None
    assert "smollm2-135m: not measured (not built)" in reasons
    assert "/tmp/tiny: not in the catalogue" in reasons
    text = "\n".join(render_section("models", result))
    assert "none qualifies" in text


def test_report_renders_the_models_table_and_the_choice() -> None:
    result = _result(
        **{
            "smollm2-135m": _model(0.21, 250.0, 135.0),
            "qwen2.5-coder-1.5b": _model(0.88, 1980.0, 14.0),
            "qwen2.5-coder-0.5b": {**dict.fromkeys(FIELDS), "missing": "the build failed: no disk"},
        }
    )
    result["models"]["smollm2-135m"]["build_s"] = None
    text = "\n".join(render_section("models", result))
    assert text.startswith("## Models")
    header = (
        "| model | success (95 % CI) | per type | decode tok/s | TTFT ms | peak RSS MiB | build s | size MB |"
    )
    assert header in text
    assert (
        "| qwen2.5-coder-1.5b | 88 % (78–98 %, n 100) | fact 88 % | 14.0 | 120 | 1,980 | 90 | 800.0 |" in text
    )
    assert "**Default**" in text and "**qwen2.5-coder-1.5b**." in text
    assert "* **qwen2.5-coder-0.5b**: the build failed: no disk" in text
    assert "Run alone: `edged bench models --json`" in text
    assert "No build time recorded for smollm2-135m" in text


def test_bench_models_quick_on_the_tiny_model(tmp_path: Path, tiny_model: Path) -> None:
    config = tmp_path / "edged.toml"
    config.write_text(f'[model]\npath = "{tiny_model}"\n\n[state]\ndir = "{tmp_path / "state"}"\n')
    env = {k: v for k, v in os.environ.items() if not k.startswith("EDGED_")}
    env["PYTHONPATH"] = os.pathsep.join([str(REPO), env.get("PYTHONPATH", "")])
    # Run where no catalogued model is built, so the catalogue entry asked for is reported missing.
    proc = subprocess.run(
        [sys.executable, "-m", "edged", "bench", "models", "--quick", "--no-build", "--json",
         "--models", f"{tiny_model},smollm2-135m", "--config", str(config)],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=600,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-2000:]
    result = json.loads(proc.stdout)
    assert result["benchmark"] == "models" and result["split"] == "test"
    assert result["command"].startswith("edged bench models --quick --no-build")
    assert result["machine"]["cores"] == os.cpu_count()
    assert result["max_tokens"] == 96 and result["tasks_per_type"] == QUICK_PER_TYPE
    assert list(result["models"]) == [str(tiny_model), "smollm2-135m"]

    tiny = result["models"][str(tiny_model)]
    assert set(FIELDS) <= set(tiny) and "missing" not in tiny
    assert 0.0 <= tiny["success"] <= 1.0
    assert list(tiny["per_type"]) == list(TASK_TYPES)
    assert {row["n"] for row in tiny["per_type"].values()} == {QUICK_PER_TYPE}
    assert tiny["success_n"] == QUICK_PER_TYPE * len(TASK_TYPES) and tiny["suite"]["complete"]
    assert tiny["decode_tok_s"] > 0 and tiny["ttft_ms"] > 0
    assert len(tiny["decode_runs"]) == result["repeats"]
    # Its own process's peak: the interpreter, onnxruntime and a tiny model, not the bench's.
    assert 50 < tiny["peak_rss_mb"] < 1500
    assert tiny["build_s"] == Manifest.read(tiny_model).extra.get("build_s")
    on_disk = sum(p.stat().st_size for p in tiny_model.rglob("*") if p.is_file())
    assert tiny["size_mb"] == round(on_disk / 1e6, 1)
    assert tiny["catalogue"] is None

    smol = result["models"]["smollm2-135m"]
    assert "not built" in smol["missing"] and "--no-build" in smol["missing"]
    assert all(smol[key] is None for key in FIELDS)

    # The tiny model is not catalogued, so nothing qualifies, and the report says why.
    assert result["default"]["name"] is None
    text = "\n".join(render_section("models", result))
    assert f"| {tiny_model} | " in text and "* **smollm2-135m**: not built" in text
    assert f"{tiny_model}: not in the catalogue" in text


@pytest.mark.parametrize("bad", ["no-such-model"])
def test_an_unknown_model_is_reported_missing(tmp_path: Path, bad: str) -> None:
    from edged.bench.models import run_models

    result = run_models(models=[bad], quick=True, build=False, models_dir=tmp_path)
    assert "nor a model folder" in result["models"][bad]["missing"]
    assert result["default"] == {
        "name": None,
        "reasons": [f"{bad}: not measured ({result['models'][bad]['missing']})"],
    }
