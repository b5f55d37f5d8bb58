"""Memory: the daemon's resident set with the model loaded, and whether it grows under load.

A real `edged serve` subprocess with the model; RSS is read from /proc/<pid>/status (VmRSS)
after the model is loaded, and again after 100 and after 5,000 generate requests (short
prompts from the public routing set, a few new tokens each, forced local, four in flight).
Growth between the two is what a leak would show; the first 100 requests are the warm-up
(allocator arenas, tokenizer caches, KV buffer sized for the longest prompt seen).
"""

from __future__ import annotations

import contextlib
import tempfile
import time
from pathlib import Path
from typing import Any

from edged.bench.common import context
from edged.bench.daemon import run_daemon

__all__ = ["run_memory"]

IN_FLIGHT = 4
MAX_TOKENS = 2


def _prompts(rows_path: Path | None) -> list[str]:
    texts: list[str] = []
    if rows_path is not None and rows_path.is_file():
        from edged.router.evaluate import load_rows

        for row in load_rows(rows_path):
            content = row["messages"][-1]["content"]
            if len(content) <= 80:  # short: the run must take minutes; leaks do not need long prompts
                texts.append(content)
    return texts or ["Give me a synonym for 'quick'.", "Translate 'good morning' into French."]


def _drive(endpoint: str, prompts: list[str], start: int, count: int) -> dict[str, int]:
    """Send `count` generate requests with IN_FLIGHT outstanding; wait for every final message."""
    import zmq

    from edged.protocol import decode_response, encode_request

    sock: Any = zmq.Context.instance().socket(zmq.DEALER)
    sock.setsockopt(zmq.LINGER, 0)
    sock.connect(endpoint)
    sent = done = errors = 0
    outstanding: set[str] = set()
    try:
        while done < count:
            while sent < count and len(outstanding) < IN_FLIGHT:
                rid = f"m{start + sent}"
                body = {
                    "messages": [{"role": "user", "content": prompts[(start + sent) % len(prompts)]}],
                    "max_tokens": MAX_TOKENS,
                    "route": "local",
                }
                sock.send_multipart(encode_request("generate", rid, body))
                outstanding.add(rid)
                sent += 1
            if not sock.poll(120_000):
                raise TimeoutError(f"no answer from the daemon for 120 s ({len(outstanding)} outstanding)")
            response = decode_response(sock.recv_multipart())
            if response.kind in ("reply", "error") and response.request_id in outstanding:
                outstanding.discard(response.request_id)
                done += 1
                errors += response.kind == "error"
    finally:
        sock.close(0)
    return {"requests": done, "errors": errors}


def _model_bytes(model: Path) -> int:
    return sum(p.stat().st_size for p in model.iterdir() if p.is_file())


def run_memory(model: Path, rows_path: Path | None, *, quick: bool = False) -> dict[str, Any]:
    first, total = (20, 200) if quick else (100, 5000)
    step = total // 10
    prompts = _prompts(rows_path)
    samples: list[dict[str, float]] = []
    result: dict[str, Any] = {"benchmark": "memory", **context(), "model": str(model)}
    with contextlib.ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="edged-bench-")))
        daemon = stack.enter_context(run_daemon(tmp / "daemon", model))
        time.sleep(1.0)  # let the loaded daemon settle (telemetry's first samples, logging)
        loaded_kib = daemon.rss_kib() or 0
        started = time.monotonic()
        errors = 0
        done = 0
        after_first = 0
        for checkpoint in sorted({first, *range(step, total + 1, step)}):
            errors += _drive(daemon.endpoint, prompts, done, checkpoint - done)["errors"]
            done = checkpoint
            rss = daemon.rss_kib() or 0
            if checkpoint == first:
                after_first = rss
            samples.append({"requests": checkpoint, "rss_mb": round(rss / 1024, 1)})
        elapsed = time.monotonic() - started
        after_total = daemon.rss_kib() or 0
        hwm = 0
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{daemon.pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    hwm = int(line.split()[1])
    model_bytes = _model_bytes(model)
    growth = (after_total - after_first) / after_first if after_first else None
    result.update(
        {
            "model_disk_mb": round(model_bytes / 1e6, 1),
            "rss_loaded_mb": round(loaded_kib / 1024, 1),
            "rss_loaded_vs_disk": round(loaded_kib * 1024 / model_bytes, 3) if model_bytes else None,
            "requests_first": first,
            "requests_total": total,
            "rss_after_first_mb": round(after_first / 1024, 1),
            "rss_after_total_mb": round(after_total / 1024, 1),
            "peak_rss_mb": round(hwm / 1024, 1),
            "growth": round(growth, 4) if growth is not None else None,
            "errors": errors,
            "max_tokens": MAX_TOKENS,
            "in_flight": IN_FLIGHT,
            "requests_per_s": round((total) / elapsed, 1) if elapsed else None,
            "samples": samples,
            "ratios": {
                "rss_loaded_vs_disk": round(loaded_kib * 1024 / model_bytes, 3) if model_bytes else None
            },
            "targets": [
                {
                    "name": f"RSS growth from {first} to {total} requests",
                    "target": "<= 0.05",
                    "value": round(growth, 4) if growth is not None else None,
                    "met": None if growth is None else growth <= 0.05,
                }
            ],
        }
    )
    return result
