"""Local generation: edged against onnxruntime-genai, optimum and llama.cpp on the same weights.

Every runtime gets the same source weights: the catalogued GGUF file that the edged folder under
test was built from (the default model's, `make run`'s, in `make bench`):
* edged: its own int4 folder (the genai builder's graph plus edged.model.graph's passes);
* onnxruntime-genai: its model builder's int4 build of the same dequantized Hugging Face folder,
  with the block size of edged's folder and accuracy level 4, on its own runtime;
* optimum: `ORTModelForCausalLM` on optimum's ONNX export of that folder, quantized int4
  MatMulNBits (same block size, accuracy level 4, embedding included) like edged's;
* llama.cpp: llama-cpp-python on the original GGUF (Q4_1, Q4_K_M: whatever was published).

Each runs in a process of its own, on the same chat-templated prompt of `PROMPT_TOKENS` tokens.
All are loaded first; then the measured rounds alternate between them, one runtime at a time
(never two at once), so that load from elsewhere on a shared machine falls on all alike. Built artifacts are cached under `.bench/` (see `common.bench_dir`).
"""

from __future__ import annotations

import json
import logging
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from edged.bench.common import (
    MARK,
    REPO,
    WORKER,
    bench_dir,
    bench_python,
    context,
    median,
    peer_missing,
    run_worker,
)

__all__ = ["PEERS", "PROMPT_TOKENS", "build_prompt", "run_local"]

logger = logging.getLogger(__name__)

PROMPT_TOKENS = 128
NEW_TOKENS = 128
REPEATS = 7  # measured rounds, after one warm-up
QUICK_NEW_TOKENS = 64
QUICK_REPEATS = 2
THREADS = 2
# onnxruntime-genai once more, its process's weights collapsed into huge pages as edged's engine
# does with its own: how much of edged's lead is that one setting, measured in the same run.
GENAI_HUGE_PAGES = "onnxruntime-genai (huge pages)"
PEERS = ("onnxruntime-genai", GENAI_HUGE_PAGES, "optimum", "llama.cpp")

# Written for this benchmark; any text of the right length would do.
_PASSAGE = (
    "The first bicycles of the early nineteenth century had no pedals at all: riders pushed "
    "themselves along with their feet and coasted down hills. Pedals fixed to the front wheel "
    "came in the 1860s, and because one turn of the pedals meant one turn of the wheel, makers "
    "built ever larger front wheels to go faster. These high wheelers were quick but dangerous, "
    "and a sudden stop could throw the rider over the handlebars. The safety bicycle of the 1880s "
    "solved this with two wheels of equal size and a chain that drove the rear wheel through "
    "gears. Air-filled tyres followed a few years later and made the ride smooth enough for "
    "everyday use. Within a decade cycling clubs, touring maps and repair shops had spread "
    "across Europe and North America, and the bicycle became the cheapest way for working "
    "people to travel further than they could walk, changing where they lived and worked."
)
_INSTRUCTION = "Summarize the following text in one sentence.\n\n"


def build_prompt(model: Path, target: int = PROMPT_TOKENS) -> dict[str, Any]:
    """A one-turn chat whose templated token ids number exactly `target` (with this model's tokenizer)."""
    from tokenizers import Tokenizer

    from edged.engine.chat import ChatTemplate
    from edged.model.manifest import Manifest

    manifest = Manifest.read(model)
    tokenizer = Tokenizer.from_file(str(model / "tokenizer.json"))
    special = tokenizer.get_added_tokens_decoder()
    bos = special.get(manifest.bos_token_id) if manifest.bos_token_id is not None else None
    eos = special.get(manifest.eos_token_ids[0])
    template = ChatTemplate(
        (model / "chat_template.jinja").read_text(),
        bos_token=bos.content if bos is not None else "",
        eos_token=eos.content if eos is not None else "",
    )

    def encode(content: str) -> tuple[str, list[int]]:
        text = template.render([{"role": "user", "content": content}], add_generation_prompt=True)
        return text, list(tokenizer.encode(text, add_special_tokens=False).ids)

    words = _PASSAGE.split()
    best = _INSTRUCTION
    for k in range(1, len(words) * 8 + 1):
        # Repeat the passage if a tokenizer packs it into fewer tokens than the target.
        content = _INSTRUCTION + " ".join(words[i % len(words)] for i in range(k))
        _, ids = encode(content)
        if len(ids) > target:
            break
        best = content
        if len(ids) == target:
            break
    content = best
    text, ids = encode(content)
    while len(ids) < target:  # a word of several tokens overshot: pad one token at a time
        content += " ."
        text, ids = encode(content)
    messages = [{"role": "user", "content": content}]
    return {"messages": messages, "text": text, "ids": ids}


# -- artifacts -----------------------------------------------------------------------------------


class ArtifactError(Exception):
    """A peer's model could not be prepared; the message is the reason it is reported missing."""


def _source_gguf(model: Path) -> tuple[Path, str]:
    """The catalogued GGUF file `model` was built from, verified, and the catalogue name."""
    from edged.model.build import fetch_weights
    from edged.model.catalogue import CATALOGUE
    from edged.model.manifest import Manifest

    source = Manifest.read(model).source
    entry = next((m for m in CATALOGUE.values() if m.sha256 == source.get("sha256")), None)
    if entry is None:
        raise ArtifactError(
            "the peers are built from a catalogued model's GGUF file; "
            f"{model} was built from other weights ({source.get('file') or source.get('path') or '?'})"
        )
    return fetch_weights(entry), entry.name


def _block_size(model: Path) -> int:
    """The int4 block size of edged's folder, so that each peer quantizes the same way."""
    from edged.model.build import BLOCK_SIZE
    from edged.model.manifest import Manifest

    return int(Manifest.read(model).builder.get("block_size", BLOCK_SIZE))


def _cached(folder: Path, key: str, make: Any) -> Path:
    """Build `folder` once per `key` (what it is built from and with), into a scratch folder
    beside it that is renamed into place when complete."""
    marker = folder / ".complete"
    if marker.is_file() and marker.read_text().strip() == key:
        return folder
    scratch = folder.with_name(f".{folder.name}.building-{os.getpid()}")
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)
    try:
        make(scratch)
        (scratch / ".complete").write_text(key + "\n")
        shutil.rmtree(folder, ignore_errors=True)
        os.replace(scratch, folder)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return folder


def _key(*parts: object) -> str:
    return " | ".join(str(p) for p in parts)


def _group_spec(group: str) -> str:
    from edged.bench.common import bench_venv
    from edged.bench.env import read_status

    return " ".join(read_status(bench_venv())["groups"].get(group, {}).get("spec", []))


def _worker_or_raise(python: Path | str, job: dict[str, Any], timeout: float) -> dict[str, Any]:
    answer = run_worker(python, job, timeout=timeout)
    if "error" in answer:
        raise ArtifactError(f"{job['job']} failed: {answer['error']}")
    return answer


def _sha_of(path: Path) -> str:
    from edged.model.manifest import sha256_file

    return sha256_file(path)


def _marker_of(folder: Path) -> str:
    """The key a cached folder was built with: what depends on it is rebuilt when it changes."""
    return (folder / ".complete").read_text().strip()


def _main_versions() -> str:
    from importlib.metadata import version

    return f"transformers {version('transformers')}, onnxruntime-genai {version('onnxruntime-genai')}"


def hf_folder(gguf: Path, python: Path | str, name: str) -> Path:  # name: one folder per model
    """The GGUF dequantized to a float32 Hugging Face folder by `python`'s transformers."""

    def make(out: Path) -> None:
        _worker_or_raise(python, {"job": "hf", "gguf": str(gguf), "out": str(out)}, 900)

    tools = _group_spec("optimum") if str(python) != sys.executable else _main_versions()
    return _cached(bench_dir() / name, _key(_sha_of(gguf), tools), make)


def genai_build(hf: Path, name: str, block_size: int) -> Path:
    """onnxruntime-genai's own int4 build: its builder with its default options plus ours."""

    def make(out: Path) -> None:
        cmd = [
            sys.executable, "-m", "onnxruntime_genai.models.builder",
            "-i", str(hf), "-o", str(out), "-p", "int4", "-e", "cpu", "-c", str(out / ".cache"),
            "--extra_options", f"block_size={block_size}", "accuracy_level=4", "hf_token=false",
        ]  # fmt: skip
        env = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
        if proc.returncode != 0:
            raise ArtifactError(f"the genai builder failed: {(proc.stderr or proc.stdout)[-600:]}")
        shutil.rmtree(out / ".cache", ignore_errors=True)

    return _cached(
        bench_dir() / f"genai-int4-{name}",
        _key(_marker_of(hf), _main_versions(), f"int4 blk{block_size} acc4"),
        make,
    )


def optimum_build(hf4: Path, python: Path, name: str, block_size: int) -> Path:
    def make(out: Path) -> None:
        job = {
            "job": "optimum_export",
            "hf": str(hf4),
            "fp32": str(out.parent / f".{out.name}-fp32"),
            "out": str(out),
            "block_size": block_size,
            "accuracy_level": 4,
        }
        _worker_or_raise(python, job, 3600)

    return _cached(
        bench_dir() / f"optimum-int4-{name}",
        _key(_marker_of(hf4), _group_spec("optimum"), f"int4 blk{block_size} acc4 +gather"),
        make,
    )


def peer_models(model: Path) -> dict[str, Path | str]:
    """Each peer's model path, or the reason it cannot run (a str)."""
    out: dict[str, Path | str] = {}
    try:
        gguf, name = _source_gguf(model)
        block_size = _block_size(model)
    except Exception as exc:  # the reason is reported, whatever it is
        return dict.fromkeys(PEERS, f"no source weights: {exc}")
    try:
        out["onnxruntime-genai"] = genai_build(
            hf_folder(gguf, sys.executable, f"hf-{name}"), name, block_size
        )
    except Exception as exc:
        out["onnxruntime-genai"] = str(exc)
    out[GENAI_HUGE_PAGES] = out["onnxruntime-genai"]
    python = bench_python()
    reason = peer_missing("optimum")
    if reason is None:
        try:
            hf4 = hf_folder(gguf, python, f"hf-transformers4-{name}")
            out["optimum"] = optimum_build(hf4, python, name, block_size)
        except Exception as exc:
            out["optimum"] = str(exc)
    else:
        out["optimum"] = reason
    out["llama.cpp"] = peer_missing("llama.cpp") or gguf
    return out


# -- the benchmark -------------------------------------------------------------------------------


def _disk_mb(path: Path) -> float:
    files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
    return round(sum(p.stat().st_size for p in files) / 1e6, 1)


class _Session:
    """One runtime's worker process, loaded once, answering one round at a time."""

    def __init__(self, name: str, python: str, job: dict[str, Any], log: Path) -> None:
        self.name = name
        self.log = log
        self.lines: queue.Queue[str | None] = queue.Queue()
        env = dict(os.environ, PYTHONUNBUFFERED="1", HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
        env["OMP_NUM_THREADS"] = str(job["threads"])
        with log.open("w") as err:
            self.proc = subprocess.Popen(
                [python, str(WORKER)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=err,
                text=True,
                env=env,
                cwd=REPO,
            )
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps(job) + "\n")
        self.proc.stdin.flush()
        self._reader = threading.Thread(target=self._read, name=f"bench-{name}", daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            if line.startswith(MARK):
                self.lines.put(line[len(MARK) :])
        self.lines.put(None)

    def answer(self, timeout: float) -> dict[str, Any]:
        try:
            line = self.lines.get(timeout=timeout)
        except queue.Empty:
            return {"error": f"no answer in {timeout:.0f} s"}
        if line is None:
            self.proc.wait(10)
            tail = " | ".join(self.log.read_text(errors="replace").strip().splitlines()[-6:])
            return {"error": f"exit {self.proc.returncode}: {tail[-700:]}"}
        answer: dict[str, Any] = json.loads(line)
        return answer

    def ask(self, command: str, timeout: float) -> dict[str, Any]:
        assert self.proc.stdin is not None
        try:
            self.proc.stdin.write(json.dumps({"cmd": command}) + "\n")
            self.proc.stdin.flush()
        except OSError:
            pass  # it exited; answer() reports why
        return self.answer(timeout)

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(10)


def run_local(model: Path, *, quick: bool = False, peers: bool = True) -> dict[str, Any]:
    new_tokens = QUICK_NEW_TOKENS if quick else NEW_TOKENS
    repeats = QUICK_REPEATS if quick else REPEATS
    prompt = build_prompt(model)
    models: dict[str, Path | str] = {"edged": model}
    if peers:
        models.update(peer_models(model))
    else:
        models.update(dict.fromkeys(PEERS, "peers not requested"))
    runtimes: dict[str, dict[str, Any]] = {}
    sessions: dict[str, _Session] = {}
    rounds: dict[str, list[dict[str, float]]] = {}
    with tempfile.TemporaryDirectory(prefix="edged-bench-") as tmp:
        try:
            for name in ("edged", *PEERS):
                where = models[name]
                if isinstance(where, str):
                    runtimes[name] = {"missing": where}
                    continue
                in_edged_env = name in ("edged", "onnxruntime-genai", GENAI_HUGE_PAGES)
                python = sys.executable if in_edged_env else str(bench_python())
                job = {
                    "job": "serve_generation",
                    "runtime": "onnxruntime-genai" if name == GENAI_HUGE_PAGES else name,
                    "huge_pages": name == GENAI_HUGE_PAGES,
                    "model": str(where),
                    "messages": prompt["messages"],
                    "prompt_text": prompt["text"],
                    "prompt_ids": prompt["ids"],
                    "new_tokens": new_tokens,
                    "threads": THREADS,
                }
                logger.info("local: loading %s", name)
                session = _Session(name, python, job, Path(tmp) / f"{name}.log")
                ready = session.answer(600)
                if "error" in ready:
                    session.close()
                    runtimes[name] = {"missing": f"failed to run: {ready['error']}"}
                    continue
                sessions[name] = session
                runtimes[name] = {"load_s": ready["load_s"]}
                rounds[name] = []
            # Round-robin, one runtime at a time, starting with a different one each round.
            order = list(sessions)
            for r in range(repeats + 1):  # round 0 is the warm-up
                logger.info("local: round %d of %d", r, repeats)
                for name in order[r % len(order) :] + order[: r % len(order)] if order else []:
                    if name not in sessions:
                        continue
                    time.sleep(0.3)  # let the previous runtime's spinning threads go idle
                    measured = sessions[name].ask("round", 600)
                    if "error" in measured:
                        sessions.pop(name).close()
                        runtimes[name] = {"missing": f"failed to run: {measured['error']}"}
                        continue
                    if r > 0:
                        rounds[name].append(measured)
            for name, session in list(sessions.items()):
                final = session.ask("finish", 120)
                if "error" in final:
                    runtimes[name] = {"missing": f"failed to run: {final['error']}"}
                    continue
                runs = rounds[name]
                runtimes[name] = {
                    "prefill_ms": round(median([m["prefill_ms"] for m in runs]), 2),
                    "decode_tok_s": round(median([m["decode_tok_s"] for m in runs]), 2),
                    "ttft_ms": round(median([m["ttft_ms"] for m in runs]), 2),
                    "peak_rss_mb": final["peak_rss_mb"],
                    "load_s": runtimes[name]["load_s"],
                    **{k: final[k] for k in ("version", "generated_tokens", "same_prompt_ids", "sample")},
                    "model": str(models[name]),
                    "model_mb": _disk_mb(Path(models[name])),
                    "runs": {
                        key: [round(m[key], 2) for m in runs]
                        for key in ("prefill_ms", "decode_tok_s", "ttft_ms")
                    },
                }
        finally:
            for session in sessions.values():
                session.close()
    result: dict[str, Any] = {
        "benchmark": "local",
        **context(),
        "model": str(model),
        "prompt_tokens": len(prompt["ids"]),
        "new_tokens": new_tokens,
        "repeats": repeats,
        "warmup": 1,
        "threads": THREADS,
        "runtimes": {name: runtimes[name] for name in ("edged", *PEERS)},
    }
    result["ratios"] = _ratios(result["runtimes"])
    result["targets"] = _targets(result["ratios"])
    return result


def _ratio(a: float | None, b: float | None) -> float | None:
    if not a or not b:
        return None
    return round(a / b, 3)


def _ratios(runtimes: dict[str, dict[str, Any]]) -> dict[str, dict[str, float | None]]:
    me = runtimes["edged"]
    out: dict[str, dict[str, float | None]] = {
        "decode_speedup": {},
        "prefill_speedup": {},
        "ttft_speedup": {},
        "peak_rss_ratio": {},
    }
    for peer in PEERS:
        other = runtimes.get(peer, {})
        # Above 1: edged is faster (or, for RSS, uses more memory).
        out["decode_speedup"][peer] = _ratio(me.get("decode_tok_s"), other.get("decode_tok_s"))
        out["prefill_speedup"][peer] = _ratio(other.get("prefill_ms"), me.get("prefill_ms"))
        out["ttft_speedup"][peer] = _ratio(other.get("ttft_ms"), me.get("ttft_ms"))
        out["peak_rss_ratio"][peer] = _ratio(me.get("peak_rss_mb"), other.get("peak_rss_mb"))
    return out


def _target(name: str, value: float | None, op: str, bound: float) -> dict[str, Any]:
    met = None if value is None else (value >= bound if op == ">=" else value <= bound)
    return {"name": name, "target": f"{op} {bound}", "value": value, "met": met}


def _targets(ratios: dict[str, dict[str, float | None]]) -> list[dict[str, Any]]:
    return [
        _target(
            "edged decode ÷ onnxruntime-genai decode",
            ratios["decode_speedup"]["onnxruntime-genai"],
            ">=",
            1.0,
        ),
        _target("edged decode ÷ llama.cpp decode", ratios["decode_speedup"]["llama.cpp"], ">=", 1.0),
        _target(
            "edged peak RSS ÷ onnxruntime-genai peak RSS",
            ratios["peak_rss_ratio"]["onnxruntime-genai"],
            "<=",
            1.2,
        ),
    ]


if __name__ == "__main__":  # pragma: no cover - a debugging aid
    print(json.dumps(run_local(Path(sys.argv[1]), quick=True), indent=2))
