"""One benchmark job in its own process: `python _worker.py < job.json` prints one JSON line.

This file runs under two interpreters: edged's own environment (edged, onnxruntime-genai) and
the benchmark environment (optimum, llama-cpp-python, LiteLLM, Presidio), where edged is not installed.
So it imports only the standard library at the top, and each job imports what it needs.

Every runtime is measured the same way, in a process of its own (its peak RSS is its own):
* `load_s`: from the model constructor to a runtime that can answer (imports excluded);
* `prefill_ms`: one forward pass over the prompt's token ids, on a fresh cache;
* `ttft_ms`: from the chat-templated prompt text to the first generated token, tokenization
  included;
* `decode_tok_s`: tokens after the first, per second, with end-of-sequence ignored so that
  every runtime produces the same number of tokens;
* one warm-up round, then the median of the measured rounds, which the caller alternates
  between the runtimes; greedy decoding; `threads` intra-op threads.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the benchmark environment has no edged: annotations only
    from edged.engine.engine import Engine


def _peak_rss_mb() -> float:
    """This process's peak resident set (VmHWM), in MiB."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    import resource

    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


class _Runtime:
    """What each runtime provides: a prefill over ids, and a generation from text."""

    name = ""
    load_s = 0.0
    version = ""

    def prefill(self, ids: list[int]) -> float:  # milliseconds
        raise NotImplementedError

    def generate(self, text: str, new_tokens: int, on_token: Callable[[], None]) -> list[int]:
        """Generate `new_tokens` tokens greedily from `text`; call `on_token` as each is produced."""
        raise NotImplementedError

    def encode(self, text: str) -> list[int]:
        raise NotImplementedError

    def decode(self, ids: list[int]) -> str:
        raise NotImplementedError


class _Edged(_Runtime):
    name = "edged"

    def __init__(self, job: dict[str, Any], engine: Engine | None = None) -> None:
        """Load the job's model, or measure `engine`, loaded already (`edged bench models`)."""
        from edged._version import __version__
        from edged.config import ModelConfig
        from edged.engine.engine import Engine, EngineOptions
        from edged.protocol import SamplingParams

        self._params = SamplingParams
        self.version = __version__
        self.messages = job["messages"]
        if engine is not None:
            self.engine = engine
            return
        defaults = ModelConfig()
        options = EngineOptions(
            threads=job["threads"], spin=defaults.spin, verify=defaults.verify, context_length=1024
        )
        started = time.perf_counter()
        self.engine = Engine(Path(job["model"]), options)
        self.engine.load()
        self.load_s = time.perf_counter() - started

    def encode(self, text: str) -> list[int]:
        return self.engine.encode(text)

    def decode(self, ids: list[int]) -> str:
        return str(self.engine.tokenizer.decode(ids, skip_special_tokens=True))

    def prefill(self, ids: list[int]) -> float:
        generation = self.engine.generate_ids(ids, self._params(max_tokens=1), ignore_eos=True)
        for _ in generation:
            pass
        assert generation.result is not None
        return float(generation.result.stats.prefill_ms)

    def generate(self, text: str, new_tokens: int, on_token: Callable[[], None]) -> list[int]:
        # The daemon's path: chat messages in (template and tokenizer inside), text pieces out.
        generation = self.engine.generate(self.messages, self._params(max_tokens=new_tokens), ignore_eos=True)
        stamped = 0
        for _ in generation:
            # A piece of text can carry several tokens (or one token none): stamp tokens, as the
            # peers do, not pieces, which would count fewer tokens over the same time.
            while stamped < generation.tokens:
                on_token()
                stamped += 1
        assert generation.result is not None
        for _ in range(stamped, len(generation.result.token_ids)):
            on_token()
        return list(generation.result.token_ids)


class _Genai(_Runtime):
    name = "onnxruntime-genai"

    def __init__(self, job: dict[str, Any]) -> None:
        import onnxruntime_genai as og

        self.og = og
        self.version = str(getattr(og, "__version__", ""))
        started = time.perf_counter()
        config = og.Config(job["model"])
        threads = {"intra_op_num_threads": job["threads"], "inter_op_num_threads": 1}
        config.overlay(json.dumps({"model": {"decoder": {"session_options": threads}}}))
        self.model = og.Model(config)
        self.tokenizer = og.Tokenizer(self.model)
        if job.get("huge_pages"):
            from edged.engine.hugepages import back_with_huge_pages

            self.huge_pages = back_with_huge_pages().to_dict()
        self.load_s = time.perf_counter() - started

    def encode(self, text: str) -> list[int]:
        return [int(t) for t in self.tokenizer.encode(text)]

    def decode(self, ids: list[int]) -> str:
        return str(self.tokenizer.decode(ids))

    def _generator(self, length: int, forced: int) -> Any:
        params = self.og.GeneratorParams(self.model)
        params.set_search_options(max_length=length, min_length=forced, do_sample=False)
        return self.og.Generator(self.model, params)

    def prefill(self, ids: list[int]) -> float:
        generator = self._generator(len(ids) + 1, 0)
        started = time.perf_counter()
        generator.append_tokens(ids)  # runs the prompt through the model
        return (time.perf_counter() - started) * 1000

    def generate(self, text: str, new_tokens: int, on_token: Callable[[], None]) -> list[int]:
        ids = self.tokenizer.encode(text)
        total = len(ids) + new_tokens
        # min_length = max_length: end-of-sequence cannot stop it early.
        generator = self._generator(total, total)
        stream = self.tokenizer.create_stream()
        generator.append_tokens(ids)
        out: list[int] = []
        while not generator.is_done() and len(out) < new_tokens:
            generator.generate_next_token()
            token = int(generator.get_next_tokens()[0])
            stream.decode(token)
            out.append(token)
            on_token()
        return out


class _Optimum(_Runtime):
    name = "optimum"

    def __init__(self, job: dict[str, Any]) -> None:
        from importlib.metadata import version

        import onnxruntime as ort
        import torch
        from optimum.onnxruntime import ORTModelForCausalLM
        from transformers import AutoTokenizer
        from transformers.generation.streamers import BaseStreamer

        self.torch = torch
        self.version = f"optimum-onnx {version('optimum-onnx')}, transformers {version('transformers')}"
        torch.set_num_threads(job["threads"])
        started = time.perf_counter()
        options = ort.SessionOptions()
        options.intra_op_num_threads = job["threads"]
        options.inter_op_num_threads = 1
        self.model = ORTModelForCausalLM.from_pretrained(
            job["model"], session_options=options, provider="CPUExecutionProvider", use_cache=True
        )
        self.tokenizer = AutoTokenizer.from_pretrained(job["model"])
        self.load_s = time.perf_counter() - started

        class Streamer(BaseStreamer):  # type: ignore[misc,valid-type]
            def __init__(self, on_token: Callable[[], None]) -> None:
                self.on_token = on_token
                self.prompt_seen = False

            def put(self, value: Any) -> None:
                if not self.prompt_seen:  # generate() hands over the prompt first
                    self.prompt_seen = True
                    return
                self.on_token()

            def end(self) -> None:
                pass

        self._streamer = Streamer

    def encode(self, text: str) -> list[int]:
        return [int(t) for t in self.tokenizer(text, add_special_tokens=False)["input_ids"]]

    def decode(self, ids: list[int]) -> str:
        return str(self.tokenizer.decode(ids, skip_special_tokens=True))

    def prefill(self, ids: list[int]) -> float:
        torch = self.torch
        input_ids = torch.tensor([ids], dtype=torch.int64)
        mask = torch.ones_like(input_ids)
        with torch.inference_mode():
            started = time.perf_counter()
            self.model(input_ids=input_ids, attention_mask=mask, use_cache=True)
            return (time.perf_counter() - started) * 1000

    def generate(self, text: str, new_tokens: int, on_token: Callable[[], None]) -> list[int]:
        encoded = self.tokenizer(text, add_special_tokens=False, return_tensors="pt")
        with self.torch.inference_mode():
            output = self.model.generate(
                **encoded,
                max_new_tokens=new_tokens,
                min_new_tokens=new_tokens,
                do_sample=False,
                streamer=self._streamer(on_token),
            )
        return [int(t) for t in output[0, encoded["input_ids"].shape[1] :]]


class _LlamaCpp(_Runtime):
    name = "llama.cpp"

    def __init__(self, job: dict[str, Any]) -> None:
        import llama_cpp

        self.version = f"llama-cpp-python {llama_cpp.__version__}"
        started = time.perf_counter()
        self.llm = llama_cpp.Llama(
            model_path=job["model"],
            n_ctx=1024,
            n_batch=512,
            n_threads=job["threads"],
            n_threads_batch=job["threads"],
            verbose=False,
        )
        self.load_s = time.perf_counter() - started

    def encode(self, text: str) -> list[int]:
        return list(self.llm.tokenize(text.encode("utf-8"), add_bos=False, special=True))

    def decode(self, ids: list[int]) -> str:
        return str(self.llm.detokenize(ids).decode("utf-8", "replace"))

    def prefill(self, ids: list[int]) -> float:
        self.llm.reset()  # no reuse of a cached prefix
        started = time.perf_counter()
        self.llm.eval(ids)
        return (time.perf_counter() - started) * 1000

    def generate(self, text: str, new_tokens: int, on_token: Callable[[], None]) -> list[int]:
        ids = self.encode(text)
        self.llm.reset()
        out: list[int] = []
        # generate() never stops by itself (stopping at end-of-sequence is the caller's job).
        for token in self.llm.generate(ids, top_k=1, top_p=1.0, temp=0.0, repeat_penalty=1.0, reset=True):
            out.append(int(token))
            self.llm.detokenize([token])
            on_token()
            if len(out) >= new_tokens:
                break
        return out


RUNTIMES: dict[str, Callable[[dict[str, Any]], _Runtime]] = {
    "edged": _Edged,
    "onnxruntime-genai": _Genai,
    "optimum": _Optimum,
    "llama.cpp": _LlamaCpp,
}


def _stamper(stamps: list[float]) -> Callable[[], None]:
    def stamp() -> None:
        stamps.append(time.perf_counter())

    return stamp


MARK = "@@edged-bench "  # prefixes this protocol's lines; libraries may print to stdout too


def _say(answer: dict[str, Any]) -> None:
    sys.stdout.write("\n" + MARK + json.dumps(answer) + "\n")
    sys.stdout.flush()


def _one_round(runtime: _Runtime, job: dict[str, Any]) -> tuple[dict[str, Any], list[int]]:
    ids: list[int] = job["prompt_ids"]
    prefill_ms = runtime.prefill(ids)
    stamps: list[float] = []
    started = time.perf_counter()
    tokens = runtime.generate(job["prompt_text"], job["new_tokens"], _stamper(stamps))
    if len(stamps) < 2:
        raise RuntimeError(f"{runtime.name} produced {len(stamps)} token(s)")
    measured = {
        "prefill_ms": prefill_ms,
        "ttft_ms": (stamps[0] - started) * 1000,
        "decode_tok_s": (len(stamps) - 1) / (stamps[-1] - stamps[0]),
    }
    return measured, tokens


def serve_generation(job: dict[str, Any]) -> dict[str, Any]:
    """Load the runtime, then run one measured round per `round` line on stdin until `finish`.

    The caller alternates rounds between runtimes (one at a time, never two at once), so a
    burst of load from elsewhere on a shared machine falls on all of them alike.
    """
    runtime = RUNTIMES[job["runtime"]](job)
    same_ids = runtime.encode(job["prompt_text"]) == job["prompt_ids"]
    _say({"ready": True, "load_s": round(runtime.load_s, 3)})
    tokens: list[int] = []
    for line in sys.stdin:
        command = json.loads(line)
        if command.get("cmd") == "round":
            measured, tokens = _one_round(runtime, job)
            _say(measured)
            continue
        break
    return {
        "peak_rss_mb": _peak_rss_mb(),
        "version": runtime.version,
        "generated_tokens": len(tokens),
        "same_prompt_ids": same_ids,
        "sample": runtime.decode(tokens)[:120],
    }


def hf_from_gguf(job: dict[str, Any]) -> dict[str, Any]:
    """Dequantize a GGUF file into a float32 Hugging Face folder with this environment's transformers."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    gguf = Path(job["gguf"])
    out = Path(job["out"])
    tokenizer = AutoTokenizer.from_pretrained(str(gguf.parent), gguf_file=gguf.name)
    import transformers

    dtype_key = "dtype" if int(transformers.__version__.split(".")[0]) >= 5 else "torch_dtype"
    model = AutoModelForCausalLM.from_pretrained(
        str(gguf.parent), gguf_file=gguf.name, **{dtype_key: torch.float32}
    )
    # transformers 5 marks a GGUF-loaded model as quantized and refuses to save it, although
    # the weights are already float32.
    model.hf_quantizer = None  # type: ignore[assignment]
    if hasattr(model.config, "quantization_config"):
        del model.config.quantization_config
    model.save_pretrained(str(out))
    tokenizer.save_pretrained(str(out))
    # transformers 4.x also writes a copy of the GGUF as tokenizer.model; the fast tokenizer is enough.
    (out / "tokenizer.model").unlink(missing_ok=True)
    return {"ok": True}


def optimum_export(job: dict[str, Any]) -> dict[str, Any]:
    """optimum's ONNX export with KV cache, then int4 MatMulNBits (block 32, accuracy level 4)."""
    import shutil

    import onnx
    from onnxruntime.quantization.matmul_nbits_quantizer import (
        DefaultWeightOnlyQuantConfig,
        MatMulNBitsQuantizer,
    )
    from optimum.exporters.onnx import main_export

    fp32 = Path(job["fp32"])
    out = Path(job["out"])
    main_export(job["hf"], output=fp32, task="text-generation-with-past", device="cpu", do_validation=False)
    out.mkdir(parents=True, exist_ok=True)
    model = onnx.load(str(fp32 / "model.onnx"), load_external_data=True)
    config = DefaultWeightOnlyQuantConfig(
        block_size=job["block_size"],
        is_symmetric=True,
        accuracy_level=job["accuracy_level"],
        # The embedding too (Gather along the vocabulary), as edged's build quantizes it.
        op_types_to_quantize=("MatMul", "Gather"),
        quant_axes=(("MatMul", 0), ("Gather", 1)),
    )
    quantizer = MatMulNBitsQuantizer(model, algo_config=config)
    quantizer.process()
    quantizer.model.save_model_to_file(str(out / "model.onnx"), use_external_data_format=True)
    for path in fp32.iterdir():
        if path.is_file() and not path.name.startswith("model.onnx"):
            shutil.copyfile(path, out / path.name)
    shutil.rmtree(fp32, ignore_errors=True)
    nodes = [n.op_type for n in quantizer.model.model.graph.node]
    return {
        "ok": True,
        "matmulnbits": nodes.count("MatMulNBits"),
        "gather_block": nodes.count("GatherBlockQuantized"),
    }


def litellm_router(job: dict[str, Any]) -> dict[str, Any]:
    """LiteLLM's complexity router (rule-based, no network) classifying each prompt, timed."""
    import logging
    from importlib.metadata import version
    from unittest.mock import MagicMock

    logging.disable(logging.WARNING)
    from litellm.router_strategy.complexity_router.complexity_router import ComplexityRouter

    rows = [json.loads(line) for line in Path(job["rows"]).read_text().splitlines() if line.strip()]
    out: dict[str, Any] = {"version": f"litellm {version('litellm')}"}
    for name, config in (("heuristic", None), ("heuristic_v2", {"classifier_type": "heuristic_v2"})):
        try:
            router = ComplexityRouter(model_name="bench", ctx=MagicMock(), complexity_router_config=config)
        except Exception as exc:  # a config this version does not know
            out[name] = {"missing": f"{type(exc).__name__}: {exc}"}
            continue
        classify = (
            router.classify if config is None else (lambda p, s=None, r=router: r._classify_locally(p, s))
        )
        for row in rows[:20]:  # warm caches (regexes, pydantic) before timing, as for edged
            classify(row["messages"][-1]["content"], None)
        times: list[float] = []
        correct = 0
        tiers: dict[str, int] = {}
        routes: list[str] = []
        for repeat in range(job["repeats"]):
            for row in rows:
                user = [m["content"] for m in row["messages"] if m["role"] == "user"]
                system = next((m["content"] for m in row["messages"] if m["role"] == "system"), None)
                started = time.perf_counter()
                result = classify(user[-1], system)
                times.append((time.perf_counter() - started) * 1000)
                tier = str(getattr(result[0], "value", result[0]))
                tiers[tier] = tiers.get(tier, 0) + 1
                route = "local" if tier.upper().endswith("SIMPLE") else "cloud"
                correct += route == row["expected_route"]
                if repeat == 0 and job.get("routes"):
                    routes.append(route)
        out[name] = {"times_ms": times, "accuracy": correct / (len(rows) * job["repeats"]), "tiers": tiers}
        if job.get("routes"):
            out[name]["routes"] = routes
    return out


def presidio_scan(job: dict[str, Any]) -> dict[str, Any]:
    """Presidio's predefined pattern recognizers on every text, and the times of full scans.

    No NLP engine: each recognizer is built alone and called as
    `analyze(text, entities=supported_entities, nlp_artifacts=None)`, which pattern recognizers
    allow (the NER ones need a spaCy model, which is not available offline). Findings are
    returned raw, `[entity_type, start, end, score]`; the caller maps and scores them.
    """
    import logging
    from importlib.metadata import version

    # tldextract (e-mail and URL validation) fetches the public suffix list on first use; with
    # no network that is a long wait and a logged traceback, so use the snapshot it ships.
    import tldextract

    tldextract.tldextract.TLD_EXTRACTOR = tldextract.TLDExtract(suffix_list_urls=())
    logging.disable(logging.WARNING)
    from presidio_analyzer import predefined_recognizers

    data = json.loads(Path(job["input"]).read_text(encoding="utf-8"))
    recognizers = []
    failed: dict[str, str] = {}
    for name in data["recognizers"]:
        try:
            recognizer = getattr(predefined_recognizers, name)()
            recognizer.analyze("warm up 4111 1111 1111 1111", recognizer.supported_entities, None)
        except Exception as exc:  # a recognizer this version lacks or cannot run without NLP
            failed[name] = f"{type(exc).__name__}: {exc}"[:200]
            continue
        recognizers.append(recognizer)

    def scan(text: str) -> list[list[Any]]:
        found: list[list[Any]] = []
        for recognizer in recognizers:
            for r in recognizer.analyze(text, recognizer.supported_entities, None) or ():
                found.append([r.entity_type, r.start, r.end, round(float(r.score), 3)])
        return found

    findings = [scan(text) for text in data["texts"]]
    timed = [(int(size), text) for size, text in data["timed"]]
    for _, text in timed:  # warm-up
        scan(text)
    latency: list[list[float]] = [[] for _ in timed]  # per text, one time per pass
    for _ in range(job["repeats"]):
        for i, (_, text) in enumerate(timed):
            started = time.perf_counter()
            scan(text)
            latency[i].append((time.perf_counter() - started) * 1000)
    return {
        "version": f"presidio-analyzer {version('presidio-analyzer')}",
        "recognizers": [type(r).__name__ for r in recognizers],
        "failed": failed,
        "findings": findings,
        "latency_ms": latency,
    }


def model_bench(job: dict[str, Any]) -> dict[str, Any]:
    """One model's speed rounds and task suite, in this process alone (edged.bench.models)."""
    from edged.bench.models import measure_model

    return measure_model(job)


JOBS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "serve_generation": serve_generation,
    "model_bench": model_bench,
    "hf": hf_from_gguf,
    "optimum_export": optimum_export,
    "litellm": litellm_router,
    "presidio": presidio_scan,
}


def main() -> int:
    job = json.loads(sys.stdin.readline())  # the job; serve_generation reads more lines
    threads = str(job.get("threads", ""))
    if threads:
        os.environ.setdefault("OMP_NUM_THREADS", threads)
    try:
        answer = JOBS[job["job"]](job)
    except Exception as exc:
        import traceback

        traceback.print_exc()
        answer = {"error": f"{type(exc).__name__}: {exc}"[:800]}
    _say(answer)
    return 0


if __name__ == "__main__":
    sys.exit(main())
