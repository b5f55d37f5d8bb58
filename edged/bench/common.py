"""What every benchmark shares: paths, the machine, percentiles, and running a worker process."""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import platform
import shlex
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

__all__ = [
    "REPO",
    "bench_dir",
    "bench_python",
    "bench_venv",
    "context",
    "machine",
    "median",
    "peer_missing",
    "percentile",
    "rss_kib",
    "run_worker",
]

REPO = Path(__file__).resolve().parents[2]
WORKER = Path(__file__).resolve().parent / "_worker.py"
MARK = "@@edged-bench "  # the worker's answer lines start with this (see _worker.py)


def bench_dir() -> Path:
    """Where built artifacts of the peers are cached (git-ignored)."""
    return Path(os.environ.get("EDGED_BENCH_DIR") or REPO / ".bench")


def bench_venv() -> Path:
    """The benchmark environment with the peers (`make bench-env`); $EDGED_BENCH_VENV overrides."""
    return Path(os.environ.get("EDGED_BENCH_VENV") or REPO / ".venv-bench")


def bench_python() -> Path:
    return bench_venv() / "bin" / "python"


def peer_missing(group: str) -> str | None:
    """Why the peers of `group` in the benchmark environment cannot run, or None if they can."""
    from edged.bench.env import read_status

    venv = bench_venv()
    if not bench_python().exists():
        return f"the benchmark environment {venv} is not built (run `make bench-env`)"
    entry = read_status(venv)["groups"].get(group)
    if entry is None:
        return f"{group} was never installed in {venv} (run `make bench-env`)"
    if not entry.get("ok"):
        return f"{' '.join(entry.get('spec', []))} could not be installed: {entry.get('error')}"
    return None


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in [0, 1]); 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, math.ceil(q * len(ordered)))
    return float(ordered[min(rank, len(ordered)) - 1])


def median(values: Sequence[float]) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    mid = len(ordered) // 2
    return float(ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2)


def rss_kib(pid: int, field: str = "VmRSS") -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _mem_total_gib() -> float:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return 0.0


def machine() -> dict[str, Any]:
    from importlib.metadata import PackageNotFoundError, version

    try:
        ort = version("onnxruntime")
    except PackageNotFoundError:
        ort = ""
    return {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "ram_gib": _mem_total_gib(),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "onnxruntime": ort,
    }


def context(command: Sequence[str] | None = None) -> dict[str, Any]:
    argv = list(command) if command is not None else ["edged", *sys.argv[1:]]
    return {
        "machine": machine(),
        "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "command": shlex.join(argv),
    }


def run_worker(
    python: Path | str,
    job: dict[str, Any],
    *,
    timeout: float = 900.0,
    env: dict[str, str] | None = None,
    echo_stderr: bool = False,
) -> dict[str, Any]:
    """Run one job of `_worker.py` under `python` and return its JSON answer.

    A worker that fails answers `{"error": ...}` with the tail of its output instead.
    `echo_stderr` passes the worker's stderr through (a long job's progress) instead of keeping
    it for that tail.
    """
    full_env = dict(os.environ, PYTHONUNBUFFERED="1", HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    full_env.update(env or {})
    try:
        proc = subprocess.run(
            [str(python), str(WORKER)],
            input=json.dumps(job),
            stdout=subprocess.PIPE,
            stderr=None if echo_stderr else subprocess.PIPE,
            text=True,
            timeout=timeout,
            env=full_env,
            cwd=REPO,
        )
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout:.0f} s"}
    except OSError as exc:
        return {"error": f"cannot start {python}: {exc}"}
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith(MARK):
            try:
                answer = json.loads(line[len(MARK) :])
            except ValueError:
                continue
            if isinstance(answer, dict):
                return answer
    tail = (proc.stderr or proc.stdout).strip().splitlines()[-8:]
    return {"error": f"exit {proc.returncode}: " + " | ".join(tail)[-800:]}
