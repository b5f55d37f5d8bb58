"""The local generation engine: one ONNX Runtime session, one generation at a time.

The decode loop is where edged spends its life, so it is written for it:
* the KV cache is one preallocated buffer per layer, bound as both the past input and the
  present output (GroupQueryAttention writes the new position in place), so nothing is
  copied between steps;
* inputs and outputs go through IO binding, the logits into one preallocated [1, 1, vocab] row
  (the graph computes logits for the last position only);
* the attention mask is a view into one preallocated row of ones;
* the log-probability of each chosen token (a quality signal) is read from the graph's
  `logprobs` output where the model has one (`edged model build` adds it).

Everything here is synchronous and runs on the daemon's single `edged-ort` worker thread.
"""

from __future__ import annotations

import json
import logging
import math
import secrets
import threading
import time
from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from edged.engine.chat import ChatTemplate
from edged.engine.hugepages import HugePages, back_with_huge_pages
from edged.engine.providers import CPU, ProviderPlan, check_providers, plan_providers, trt_cache_key
from edged.engine.sampler import Sampler, log_softmax_at
from edged.engine.tokens import TokenCounter
from edged.exceptions import (
    Cancelled,
    ContextOverflow,
    LocalBackendError,
    ModelError,
    RequestTimeout,
    StartupError,
)
from edged.model.manifest import Manifest, verify_folder
from edged.protocol import SamplingParams

__all__ = [
    "AUTO_CONTEXT_CAP",
    "AUTO_CONTEXT_MEMORY_FRACTION",
    "Completion",
    "Engine",
    "EngineOptions",
    "Generation",
    "GenerationStats",
    "auto_context_length",
    "kv_bytes_per_token",
]

logger = logging.getLogger(__name__)

_NP_DTYPES = {"float32": np.float32, "float16": np.float16}
# The context window when the configuration leaves it to the engine (context_length = 0): as many
# tokens as fit AUTO_CONTEXT_MEMORY_FRACTION of the memory available once the weights are loaded,
# at most AUTO_CONTEXT_CAP and never more than the model's own. A model's maximum is a server's
# figure: Qwen2.5's 32k tokens would be a 768 MiB float32 KV cache for the 0.5B model.
AUTO_CONTEXT_CAP = 4096
AUTO_CONTEXT_MEMORY_FRACTION = 0.25
# Marks where each message's content lands in the rendered template (Engine._segments); random per
# process, so that no message can contain it.
_MARK = f"\ue000{secrets.token_hex(8)}\ue000"
_KV_STEP = 256  # the KV buffer grows in steps of this many tokens (see _ensure_kv)


@dataclass
class GenerationStats:
    prompt_tokens: int = 0
    completion_tokens: int = 0
    prefill_ms: float = 0.0
    ttft_ms: float = 0.0
    total_ms: float = 0.0
    tokens_per_s: float = 0.0  # decode rate, after the first token

    def to_dict(self) -> dict[str, float | int]:
        return {
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": self.completion_tokens,
            "prefill_ms": round(self.prefill_ms, 2),
            "ttft_ms": round(self.ttft_ms, 2),
            "total_ms": round(self.total_ms, 2),
            "tokens_per_s": round(self.tokens_per_s, 2),
        }


@dataclass
class Completion:
    text: str
    finish_reason: str  # stop | length | cancelled
    token_ids: list[int]
    stats: GenerationStats
    mean_logprob: float | None  # mean log p of the chosen tokens under the model (temperature 1)
    repetition_ratio: float  # share of repeated 4-grams in the completion

    @property
    def quality(self) -> dict[str, float | None]:
        return {
            "mean_logprob": None if self.mean_logprob is None else round(self.mean_logprob, 4),
            "repetition_ratio": round(self.repetition_ratio, 4),
        }


@dataclass(frozen=True)
class EngineOptions:
    providers: tuple[str, ...] = ()
    provider_mismatch: str = "error"
    threads: int = 0
    spin: bool = True
    context_length: int = 0  # 0: from the device's memory (auto_context_length)
    verify: str = "hash"
    device_id: int = 0
    trt_cache_dir: Path | None = None
    trt_fp16: bool = True
    trt_workspace_mb: int = 1024
    trt_optimization_level: int = 3
    cuda_mem_limit_mb: int = 0
    warmup: bool = True
    huge_pages: bool = True  # CPU: collapse the loaded weights into huge pages (edged.engine.hugepages)


def kv_bytes_per_token(manifest: Manifest) -> int:
    """Key and value, every layer, in the graph's KV dtype."""
    itemsize = np.dtype(_NP_DTYPES.get(manifest.io_dtype, np.float32)).itemsize
    return 2 * manifest.num_layers * manifest.num_kv_heads * manifest.head_dim * itemsize


def auto_context_length(manifest: Manifest, available_bytes: int) -> int:
    """The context window for `available_bytes` of free memory (see AUTO_CONTEXT_CAP)."""
    fits = int(available_bytes * AUTO_CONTEXT_MEMORY_FRACTION) // kv_bytes_per_token(manifest)
    tokens = min(AUTO_CONTEXT_CAP, manifest.context_length, fits // _KV_STEP * _KV_STEP)
    # A device short of memory still gets a usable window; the request fails later, with a reason.
    return max(tokens, min(_KV_STEP, manifest.context_length))


def repetition_ratio(tokens: Sequence[int], n: int = 4) -> float:
    """Share of n-grams that repeat an earlier one: 0 for fresh text, near 1 for a loop."""
    if len(tokens) < 2 * n:
        return 0.0
    grams = [tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]
    return 1.0 - len(set(grams)) / len(grams)


class Engine:
    """A loaded model folder that turns chat messages into streamed text.

    Usage::

        engine = Engine(Path("models/smollm2-135m-instruct-int4"))
        engine.load()
        generation = engine.generate([{"role": "user", "content": "Hi"}], SamplingParams())
        for text in generation:
            print(text, end="")
        print(generation.result.stats)
    """

    def __init__(self, path: Path, options: EngineOptions | None = None) -> None:
        self.path = Path(path)
        self.options = options or EngineOptions()
        self.manifest: Manifest | None = None
        self.session: Any = None
        self.plan: ProviderPlan | None = None
        self.providers_in_use: list[str] = []
        self.provider_fallback: str | None = None
        self.load_s = 0.0
        self.huge_pages: HugePages | None = None
        self.context_length = self.options.context_length
        self._lock = threading.Lock()
        self._kv: list[Any] = []
        self._kv_capacity = 0
        self._mask = np.zeros((1, 0), dtype=np.int64)
        self._fixed_mask = False

    # -- loading ---------------------------------------------------------------------------------

    def load(self) -> None:
        started = time.perf_counter()
        try:
            import onnxruntime as ort
        except ImportError as exc:
            raise StartupError(
                "the local engine needs onnxruntime: pip install 'edged[cpu]' (or 'edged[gpu]', or "
                "NVIDIA's Jetson wheel)"
            ) from exc
        self._ort = ort
        manifest = Manifest.read(self.path)
        verify_folder(self.path, manifest, self.options.verify)
        if manifest.io_dtype not in _NP_DTYPES:
            raise ModelError(f"{self.path}: KV dtype {manifest.io_dtype} is not supported")
        self.manifest = manifest
        self._load_tokenizer(manifest)

        cache = None
        if self.options.trt_cache_dir is not None:
            model_sha = manifest.files.get("model.onnx.data", manifest.files["model.onnx"])["sha256"]
            cache = self.options.trt_cache_dir / trt_cache_key(model_sha, ort.__version__, manifest.precision)
        plan = plan_providers(
            self.options.providers,
            ort.get_available_providers(),
            io_dtype=manifest.io_dtype,
            device_id=self.options.device_id,
            trt_cache=cache,
            trt_fp16=self.options.trt_fp16,
            trt_workspace_mb=self.options.trt_workspace_mb,
            trt_optimization_level=self.options.trt_optimization_level,
            cuda_mem_limit_mb=self.options.cuda_mem_limit_mb,
        )
        if plan.unavailable and self.options.provider_mismatch == "error":
            check_providers(plan, [], "error")  # raises with the reason
        if cache is not None and any(name == "TensorrtExecutionProvider" for name in plan.names):
            cache.mkdir(parents=True, exist_ok=True)
            logger.info("TensorRT engine cache %s (a first build takes minutes)", cache)
        self.plan = plan

        so = ort.SessionOptions()
        so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        so.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        so.inter_op_num_threads = 1
        if self.options.threads:
            so.intra_op_num_threads = self.options.threads
        so.add_session_config_entry("session.intra_op.allow_spinning", "1" if self.options.spin else "0")
        so.log_severity_level = 3
        try:
            self.session = ort.InferenceSession(str(self.path / "model.onnx"), so, providers=plan.providers)
        except Exception as exc:  # ORT raises bare RuntimeError/Fail subclasses
            raise StartupError(f"{self.path}: onnxruntime could not load the model: {exc}") from exc
        self.providers_in_use = list(self.session.get_providers())
        self.context_length = self._context_window(manifest)
        self.provider_fallback = check_providers(plan, self.providers_in_use, self.options.provider_mismatch)
        if self.provider_fallback:
            logger.error("execution provider fallback: %s", self.provider_fallback)
        self._device = "cpu" if self.providers_in_use[0] == CPU else "cuda"
        self._bind_layout(manifest)
        if self.options.warmup:
            self._warmup()
        if self.options.huge_pages and self._device == "cpu":
            # After the warm-up: by then ORT has allocated and written every weight buffer.
            self.huge_pages = back_with_huge_pages()
            logger.info(
                "huge pages (%s): %.0f MiB collapsed, %.0f MiB of the process in huge pages%s",
                self.huge_pages.method, self.huge_pages.collapsed_bytes / 2**20,
                self.huge_pages.huge_bytes / 2**20,
                f"; {self.huge_pages.error}" if self.huge_pages.error else "",
            )  # fmt: skip
        self.load_s = time.perf_counter() - started
        logger.info(
            "model %s loaded in %.2f s on %s", manifest.name, self.load_s, ", ".join(self.providers_in_use)
        )

    def _context_window(self, manifest: Manifest) -> int:
        if self.options.context_length > 0:
            return min(self.options.context_length, manifest.context_length)
        import psutil

        # Measured after the session has loaded the weights, so they are not counted as free.
        # On a discrete GPU the KV cache lives in GPU memory; host memory is then a loose bound
        # that AUTO_CONTEXT_CAP keeps sane (set context_length there to size it by hand).
        available = int(psutil.virtual_memory().available)
        tokens = auto_context_length(manifest, available)
        logger.info(
            "context window %d tokens (%d MiB available; KV cache %.0f KiB per token)",
            tokens, available >> 20, kv_bytes_per_token(manifest) / 1024,
        )  # fmt: skip
        return tokens

    def _load_tokenizer(self, manifest: Manifest) -> None:
        from tokenizers import Tokenizer
        from tokenizers.decoders import DecodeStream

        self._decode_stream = DecodeStream
        try:
            text = (self.path / "tokenizer.json").read_text(encoding="utf-8")
            self.tokenizer = Tokenizer.from_str(text)
            # A second instance that reads special tokens' text as plain text, for message content.
            self._plain_tokenizer = Tokenizer.from_str(text)
            self._plain_tokenizer.encode_special_tokens = True
            self.token_counter = TokenCounter(self.tokenizer, json.loads(text))
        except Exception as exc:
            raise ModelError(f"{self.path}: tokenizer.json does not load: {exc}") from exc
        special = self.tokenizer.get_added_tokens_decoder()
        bos_token = special.get(manifest.bos_token_id) if manifest.bos_token_id is not None else None
        eos_token = special.get(manifest.eos_token_ids[0])
        bos = bos_token.content if bos_token is not None else ""
        eos = eos_token.content if eos_token is not None else ""
        self.chat_template = ChatTemplate(
            (self.path / "chat_template.jinja").read_text(), bos_token=bos, eos_token=eos
        )
        self.eos_ids = frozenset(manifest.eos_token_ids)
        gen = json.loads((self.path / "generation_config.json").read_text())
        self.model_defaults = {
            k: gen[k] for k in ("temperature", "top_p", "top_k", "repetition_penalty") if k in gen
        }

    def _bind_layout(self, manifest: Manifest) -> None:
        inputs = {i.name: i for i in self.session.get_inputs()}
        outputs = {o.name: o for o in self.session.get_outputs()}
        self._layers = manifest.num_layers
        self._past_names = [
            (f"past_key_values.{i}.key", f"past_key_values.{i}.value") for i in range(self._layers)
        ]
        self._present_names = [(f"present.{i}.key", f"present.{i}.value") for i in range(self._layers)]
        missing = [n for pair in self._past_names for n in pair if n not in inputs]
        missing += [n for pair in self._present_names for n in pair if n not in outputs]
        if missing or "input_ids" not in inputs or "logits" not in outputs:
            raise ModelError(f"{self.path}: the graph lacks {', '.join(missing[:4]) or 'input_ids/logits'}")
        self._has_position_ids = "position_ids" in inputs
        self._kv_dtype = _NP_DTYPES[manifest.io_dtype]
        logits_shape = outputs["logits"].shape
        self._last_token_logits = len(logits_shape) == 3 and logits_shape[1] == 1
        self._vocab = int(logits_shape[-1]) if isinstance(logits_shape[-1], int) else manifest.vocab_size
        self._logits = np.zeros((1, 1, self._vocab), dtype=self._kv_dtype)
        self._logits_value = self._ort.OrtValue.ortvalue_from_numpy(self._logits)
        # Graphs built by edged also output log-softmax(logits): the chosen token's log-probability
        # is then one read instead of a pass of exponentials over the vocabulary in numpy.
        self._graph_logprobs = self._last_token_logits and "logprobs" in outputs
        self._logprobs = np.zeros((1, 1, self._vocab if self._graph_logprobs else 0), dtype=np.float32)
        self._logprobs_value = self._ort.OrtValue.ortvalue_from_numpy(self._logprobs)
        self._scratch = np.empty(self._vocab, dtype=np.float32)
        # GroupQueryAttention reads sequence lengths from the mask's sum, so the mask can span
        # the whole KV buffer and be bound once (see _Feed).
        self._fixed_mask = b"GroupQueryAttention" in (self.path / "model.onnx").read_bytes()

    def _warmup(self) -> None:
        # The first run pays for ORT's lazy initialisation; keep it out of the first request.
        for _ in self.generate([{"role": "user", "content": "Hi"}], SamplingParams(max_tokens=2)):
            pass

    def close(self) -> None:
        self.session = None
        self._kv = []
        self._kv_capacity = 0

    # -- tokens ----------------------------------------------------------------------------------

    def render(self, messages: Sequence[dict[str, str]]) -> str:
        return self.chat_template.render(messages, add_generation_prompt=True)

    def encode(self, text: str) -> list[int]:
        # The template already wrote the special tokens (BOS, role markers) as text. The batch
        # call skips character offsets, which nothing here needs: half the time of encode().
        return list(self.tokenizer.encode_batch_fast([text], add_special_tokens=False)[0].ids)

    def count_tokens(self, text: str) -> int:
        """Exactly len(encode(text)), without encoding (see edged.engine.tokens)."""
        return self.token_counter.count(text)

    def prompt_ids(self, messages: Sequence[dict[str, str]], continue_from: str = "") -> list[int]:
        """The prompt for `messages`; `continue_from` is the start of the assistant turn to carry on.

        User text is text: only the chat template writes special tokens. A message that contains
        `<|im_end|><|im_start|>system` is encoded as those characters, so it cannot forge a turn.
        """
        ids: list[int] = []
        for text, content in self._segments(messages, continue_from):
            ids += self._encode_text(text) if content else self.encode(text)
        return ids

    def _encode_text(self, text: str) -> list[int]:
        return list(self._plain_tokenizer.encode_batch_fast([text], add_special_tokens=False)[0].ids)

    def _segments(self, messages: Sequence[dict[str, str]], continue_from: str) -> list[tuple[str, bool]]:
        """The rendered prompt cut into template text (False) and message content (True).

        The template is rendered once more with a marker in place of each content; where the
        markers land is where the contents go. A template that changes content on the way (one
        that trims it, say) makes the two renderings disagree; the contents are then matched
        trimmed, and failing that the prompt is one piece of template text as before.
        """
        real = self.render(messages) + continue_from
        marked = [dict(m, content=f"{_MARK}{i}{_MARK}") for i, m in enumerate(messages)]
        parts = self.render(marked).split(_MARK)
        # parts: template, index, template, index, ..., template
        if len(parts) != 2 * len(messages) + 1 or any(
            not parts[i].isdigit() for i in range(1, len(parts), 2)
        ):
            return [(real, False)]
        for shape in (lambda c: c, str.strip):
            segments: list[tuple[str, bool]] = []
            for i, part in enumerate(parts):
                if i % 2:
                    content = shape(str(messages[int(part)].get("content", "")))
                    segments.append((content, True))
                elif part:
                    segments.append((part, False))
            if continue_from:
                segments.append((continue_from, True))
            if "".join(text for text, _ in segments) == real:
                return [(text, content) for text, content in segments if text]
        logger.warning("the chat template rewrites message content; special tokens in it are not escaped")
        return [(real, False)]

    # -- generation ------------------------------------------------------------------------------

    def generate(
        self,
        messages: Sequence[dict[str, str]],
        params: SamplingParams,
        *,
        cancel: threading.Event | None = None,
        deadline: float | None = None,
        ignore_eos: bool = False,
    ) -> Generation:
        return self.generate_ids(
            self.prompt_ids(messages), params, cancel=cancel, deadline=deadline, ignore_eos=ignore_eos
        )

    def generate_ids(
        self,
        prompt: Sequence[int],
        params: SamplingParams,
        *,
        cancel: threading.Event | None = None,
        deadline: float | None = None,
        ignore_eos: bool = False,  # benchmarks: always produce max_tokens tokens
    ) -> Generation:
        if self.session is None:
            raise LocalBackendError("the model is not loaded")
        if len(prompt) == 0:
            raise ContextOverflow("empty prompt")
        room = self.context_length - len(prompt)
        if room < 1:
            raise ContextOverflow(
                f"the prompt is {len(prompt)} tokens; the context window is {self.context_length}"
            )
        return Generation(
            self, list(prompt), params, min(params.max_tokens, room), cancel, deadline, ignore_eos
        )

    def _ensure_kv(self, capacity: int) -> None:
        if capacity <= self._kv_capacity:
            return
        # Round up so that a run of similar requests reuses one buffer.
        capacity = min(max(capacity, _KV_STEP), self.context_length)
        capacity = min(int(math.ceil(capacity / _KV_STEP) * _KV_STEP), self.context_length)
        shape = [1, self.manifest.num_kv_heads, capacity, self.manifest.head_dim]  # type: ignore[union-attr]
        self._kv = []
        for _ in range(2 * self._layers):
            if self._device == "cpu":
                value = self._ort.OrtValue.ortvalue_from_numpy(np.zeros(shape, dtype=self._kv_dtype))
            else:
                value = self._ort.OrtValue.ortvalue_from_shape_and_type(
                    shape, self._kv_dtype, "cuda", self.options.device_id
                )
            self._kv.append(value)
        self._kv_capacity = capacity
        self._mask = np.zeros((1, capacity), dtype=np.int64)
        self._mask_value = self._ort.OrtValue.ortvalue_from_numpy(self._mask)


class _Feed:
    """Feeds one generation to the graph.

    Everything is bound once; each decode step then only writes the new token id, its position
    and one mask entry in place. With GroupQueryAttention the mask can span the whole KV buffer
    (ones for the tokens so far, zeros after): the op reads the sequence length from its sum.
    Other attention ops need a mask exactly as long as the sequence, rebound per step.
    """

    def __init__(self, engine: Engine, prompt: list[int]) -> None:
        self.engine = engine
        ort = engine._ort
        binding = engine.session.io_binding()
        for i in range(engine._layers):
            for j in range(2):
                value = engine._kv[2 * i + j]
                binding.bind_ortvalue_input(engine._past_names[i][j], value)
                binding.bind_ortvalue_output(engine._present_names[i][j], value)
        if engine._last_token_logits:
            binding.bind_ortvalue_output("logits", engine._logits_value)
        if engine._graph_logprobs:
            binding.bind_ortvalue_output("logprobs", engine._logprobs_value)
        self.binding = binding
        self.total = len(prompt)
        binding.bind_cpu_input("input_ids", np.asarray([prompt], dtype=np.int64))
        if engine._has_position_ids:
            binding.bind_cpu_input("position_ids", np.arange(self.total, dtype=np.int64)[None, :])
        mask = engine._mask
        mask.fill(0)
        mask[0, : self.total] = 1
        if engine._fixed_mask:
            binding.bind_ortvalue_input("attention_mask", engine._mask_value)
        else:
            binding.bind_cpu_input("attention_mask", mask[:, : self.total])
        self.token = np.zeros((1, 1), dtype=np.int64)
        self.position = np.zeros((1, 1), dtype=np.int64)
        self._token_value = ort.OrtValue.ortvalue_from_numpy(self.token)
        self._position_value = ort.OrtValue.ortvalue_from_numpy(self.position)
        self.prefilled = False

    def run(self) -> npt.NDArray[np.float32]:
        engine = self.engine
        if not engine._last_token_logits:
            self.binding.bind_output("logits")
        engine.session.run_with_iobinding(self.binding)
        if engine._last_token_logits:
            row = engine._logits[0, -1]
        else:
            row = self.binding.get_outputs()[-1].numpy()[0, -1]
        return np.asarray(row, dtype=np.float32)

    def next(self, token: int) -> npt.NDArray[np.float32]:
        engine = self.engine
        if not self.prefilled:
            # From here on the inputs are one token: bind the in-place buffers once.
            self.binding.bind_ortvalue_input("input_ids", self._token_value)
            if engine._has_position_ids:
                self.binding.bind_ortvalue_input("position_ids", self._position_value)
            self.prefilled = True
        self.token[0, 0] = token
        self.position[0, 0] = self.total
        engine._mask[0, self.total] = 1
        self.total += 1
        if not engine._fixed_mask:
            self.binding.bind_cpu_input("attention_mask", engine._mask[:, : self.total])
        return self.run()


class Generation:
    """An iterator of text pieces; `result` holds the Completion once it is exhausted.

    Stop strings are honoured across token boundaries: text that could still turn into a stop
    string is held back until it cannot.
    """

    def __init__(
        self,
        engine: Engine,
        prompt: list[int],
        params: SamplingParams,
        max_new: int,
        cancel: threading.Event | None,
        deadline: float | None,
        ignore_eos: bool = False,
    ) -> None:
        self.engine = engine
        self.prompt = prompt
        self.params = params
        self.ignore_eos = ignore_eos
        self.max_new = max_new
        self.cancel = cancel
        self.deadline = deadline
        self.result: Completion | None = None
        self.tokens = 0  # completion tokens so far (a text piece can carry several, or none)
        self._iter: Generator[str, None, None] = self._run()

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        return next(self._iter)

    def close(self) -> None:
        self._iter.close()

    def _run(self) -> Generator[str, None, None]:
        engine = self.engine
        if not engine._lock.acquire(blocking=False):
            raise LocalBackendError("the engine is already generating (one generation at a time)")
        try:
            yield from self._loop(engine)
        except (Cancelled, RequestTimeout, ContextOverflow):
            raise
        except MemoryError as exc:
            raise LocalBackendError(f"out of memory: {exc}") from exc
        except (RuntimeError, OSError) as exc:  # onnxruntime failures surface as RuntimeError
            text = str(exc)
            kind = (
                "allocation failure"
                if "alloc" in text.lower() or "memory" in text.lower()
                else "engine failure"
            )
            raise LocalBackendError(f"{kind}: {text[:500]}") from exc
        finally:
            engine._lock.release()

    def _loop(self, engine: Engine) -> Iterator[str]:
        started = time.perf_counter()
        params = self.params
        stats = GenerationStats(prompt_tokens=len(self.prompt))
        engine._ensure_kv(len(self.prompt) + self.max_new)
        feed = _Feed(engine, self.prompt)
        scratch = engine._scratch
        logprobs = engine._logprobs[0, 0] if engine._graph_logprobs else None
        sampler = Sampler(params)
        penalize = params.repetition_penalty != 1.0
        seen = np.array(sorted(set(self.prompt)), dtype=np.int64) if penalize else np.empty(0, np.int64)
        seen_set = set(self.prompt) if penalize else set()
        decoder = engine._decode_stream(skip_special_tokens=True)
        tokenizer = engine.tokenizer
        stops = tuple(s for s in params.stop if s)
        hold = max((len(s) for s in stops), default=0)

        out_ids: list[int] = []
        logprob_sum = 0.0
        text = ""  # everything decoded so far
        sent = 0  # how much of `text` has been yielded
        finish = "length"
        first_at = None
        cut_by_stop = False
        token = -1

        while len(out_ids) < self.max_new:
            if self.cancel is not None and self.cancel.is_set():
                finish = "cancelled"
                break
            if self.deadline is not None and time.monotonic() > self.deadline:
                raise RequestTimeout(f"local generation ran past its deadline after {len(out_ids)} tokens")
            logits = feed.run() if token < 0 else feed.next(token)
            if first_at is None:
                first_at = time.perf_counter()
                stats.prefill_ms = (first_at - started) * 1000
            token = sampler.choose(sampler.penalize(logits, seen) if penalize else logits)
            # The model's own distribution, before any penalty or temperature.
            logprob_sum += (
                float(logprobs[token]) if logprobs is not None else log_softmax_at(logits, token, scratch)
            )
            if token in engine.eos_ids and not self.ignore_eos:
                finish = "stop"
                break
            out_ids.append(token)
            self.tokens += 1
            if penalize and token not in seen_set:
                seen_set.add(token)
                seen = np.append(seen, token)
            piece = decoder.step(tokenizer, token)
            if piece:
                text += piece
                if stops:
                    cut = _find_stop(text, stops, sent - hold)
                    if cut is not None:
                        text = text[:cut]
                        finish = "stop"
                        cut_by_stop = True
                        break
                    ready = len(text) - _pending_stop_prefix(text, stops)
                else:
                    ready = len(text)
                if ready > sent:
                    yield text[sent:ready]
                    sent = ready

        if not cut_by_stop:
            # The incremental decoder holds back a token that ends mid-character; at the end,
            # keep whatever whole characters it held (a cut-off character is dropped).
            full = tokenizer.decode(out_ids, skip_special_tokens=True)
            if full.startswith(text) and len(full) > len(text):
                text = full[: max(len(text), len(full.rstrip("\ufffd")))]
                cut = _find_stop(text, stops, sent - hold) if stops else None
                if cut is not None:
                    text, finish = text[:cut], "stop"
        if len(text) > sent:
            yield text[sent:]
        ended = time.perf_counter()
        stats.completion_tokens = len(out_ids)
        stats.total_ms = (ended - started) * 1000
        stats.ttft_ms = stats.prefill_ms
        decode_steps = len(out_ids) - 1
        if first_at is not None and decode_steps > 0:
            stats.tokens_per_s = decode_steps / max(ended - first_at, 1e-9)
        steps = len(out_ids) + (1 if finish == "stop" and first_at is not None else 0)
        self.result = Completion(
            text=text,
            finish_reason=finish,
            token_ids=out_ids,
            stats=stats,
            mean_logprob=(logprob_sum / steps) if steps else None,
            repetition_ratio=repetition_ratio(out_ids),
        )


def _find_stop(text: str, stops: tuple[str, ...], search_from: int) -> int | None:
    start = max(0, search_from)
    best = None
    for stop in stops:
        at = text.find(stop, start)
        if at != -1 and (best is None or at < best):
            best = at
    return best


def _pending_stop_prefix(text: str, stops: tuple[str, ...]) -> int:
    """Length of the longest tail of `text` that is a proper prefix of some stop string."""
    longest = 0
    for stop in stops:
        for n in range(min(len(stop) - 1, len(text)), longest, -1):
            if text.endswith(stop[:n]):
                longest = n
                break
    return longest
