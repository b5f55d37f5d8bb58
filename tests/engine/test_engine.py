"""The engine on the tiny random model: the same code path as the default model."""

from __future__ import annotations

import dataclasses
import shutil
import threading
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from edged.engine import Engine, EngineOptions
from edged.engine.engine import (
    AUTO_CONTEXT_CAP,
    AUTO_CONTEXT_MEMORY_FRACTION,
    auto_context_length,
    kv_bytes_per_token,
    repetition_ratio,
)
from edged.exceptions import ContextOverflow, ModelError, RequestTimeout, StartupError
from edged.model.manifest import Manifest
from edged.protocol import SamplingParams
from tests.support.forced import assert_streams_whole_characters, split_characters, stream_forced

HELLO = [{"role": "user", "content": "Hello 👋🏽 世界, what is the capital of France?"}]


@pytest.fixture(scope="module")
def engine(tiny_model: Path) -> Engine:
    engine = Engine(tiny_model, EngineOptions(context_length=256))
    engine.load()
    return engine


def run(engine: Engine, params: SamplingParams, messages: list[dict[str, str]] = HELLO, **kw: object):
    generation = engine.generate(messages, params, **kw)  # type: ignore[arg-type]
    pieces = list(generation)
    assert generation.result is not None
    return pieces, generation.result


def test_loads_and_reports_provider(engine: Engine) -> None:
    assert engine.providers_in_use[0] == "CPUExecutionProvider"
    assert engine.provider_fallback is None
    assert engine.manifest is not None and engine.manifest.precision == "int4"


def test_chat_template_renders_chatml(engine: Engine) -> None:
    text = engine.render(HELLO)
    assert text.startswith("<|im_start|>user\n") and text.endswith("<|im_start|>assistant\n")
    ids = engine.prompt_ids(HELLO)
    special = engine.tokenizer.token_to_id("<|im_start|>")
    assert ids[0] == special  # the marker is one special token, not spelled out


def test_greedy_is_deterministic_and_respects_max_tokens(engine: Engine) -> None:
    a, ra = run(engine, SamplingParams(max_tokens=12))
    b, rb = run(engine, SamplingParams(max_tokens=12))
    assert "".join(a) == "".join(b) == ra.text
    assert ra.token_ids == rb.token_ids
    assert ra.stats.completion_tokens <= 12
    if ra.finish_reason == "length":
        assert ra.stats.completion_tokens == 12
    assert ra.stats.prompt_tokens == len(engine.prompt_ids(HELLO))


def test_seeded_sampling_repeats(engine: Engine) -> None:
    params = SamplingParams(max_tokens=24, temperature=1.0, top_p=0.95, seed=1234)
    _, first = run(engine, params)
    _, second = run(engine, params)
    assert first.token_ids == second.token_ids
    _, other = run(engine, SamplingParams(max_tokens=24, temperature=1.0, top_p=0.95, seed=99))
    assert other.token_ids != first.token_ids


def test_streaming_is_whole_utf8_and_matches_decode(engine: Engine) -> None:
    # Random sampling on a byte-level BPE hits tokens that are partial UTF-8 sequences. The
    # stream must equal the full decode, and may hold U+FFFD only where the bytes themselves
    # are invalid UTF-8 (the full decode has it too), never from splitting a character.
    for seed in range(30):
        pieces, result = run(engine, SamplingParams(max_tokens=10, temperature=1.0, seed=seed))
        decoded = engine.tokenizer.decode(result.token_ids, skip_special_tokens=True)
        assert "".join(pieces) == result.text
        # A character cut off by max_tokens is dropped, not sent as a replacement character.
        assert decoded.startswith(result.text) and set(decoded[len(result.text) :]) <= {"\ufffd"}
        if "\ufffd" not in decoded:
            assert all("\ufffd" not in p for p in pieces), pieces


# Words the tiny tokenizer never saw, so their characters are split over several byte tokens.
@pytest.mark.parametrize("text", ["Zürich 🦀 猫", "Ωμέγα 🧪 한국어", "👩‍👩‍👧 ẞ ǅ"])
def test_incremental_detokenizer_never_splits_a_character(engine: Engine, text: str) -> None:
    ids = engine.encode(text)
    stream = engine._decode_stream(skip_special_tokens=True)
    steps = [stream.step(engine.tokenizer, i) for i in ids]
    pieces = [p for p in steps if p]
    assert "".join(pieces) == text
    assert all("\ufffd" not in p for p in pieces)
    assert None in steps  # some token ended mid-character and was held back


@pytest.mark.parametrize(
    "text", ["Zürich 🦀 猫", "Ωμέγα 🧪 한국어", "👩\u200d👩\u200d👧 ẞ ǅ", "日本語のテキスト"]
)
def test_forced_tokens_stream_whole_characters(engine: Engine, text: str) -> None:
    # The generation loop with the next tokens forced (the model still runs each step): the
    # same stream whatever the CPU, unlike the random model's own choices.
    ids = engine.encode(text)
    assert engine.tokenizer.decode(ids) == text
    assert len(split_characters(engine.tokenizer, text, ids)) >= 3
    released, result = stream_forced(engine, ids, SamplingParams(max_tokens=64), end=min(engine.eos_ids))
    assert result.finish_reason == "stop" and result.text == text
    assert_streams_whole_characters(engine.tokenizer, ids, released, result)


def test_forced_tokens_cut_mid_character_keep_the_whole_ones(engine: Engine) -> None:
    # The tiny tokenizer has a token holding the end of 日, all of 本 and the start of 語: ending
    # there, the stream held 本 back with the partial 語, and the end flush sends it.
    ids = engine.encode("日本語")
    cuts = [k for k in range(1, len(ids)) if engine.tokenizer.decode(ids[:k]) == "日本\ufffd"]
    assert cuts, [engine.tokenizer.decode([i]) for i in ids]
    cut = cuts[0]
    released, result = stream_forced(engine, ids[:cut], SamplingParams(max_tokens=cut), end=None)
    assert result.finish_reason == "length" and result.text == "日本"
    assert_streams_whole_characters(engine.tokenizer, ids[:cut], released, result)


def test_stop_strings_cut_across_token_boundaries(engine: Engine) -> None:
    params = SamplingParams(max_tokens=40, temperature=1.2, seed=7)
    _, full = run(engine, params)
    text = full.text
    assert len(text) > 6, text
    stop = text[3:6]
    pieces, cut = run(engine, SamplingParams(max_tokens=40, temperature=1.2, seed=7, stop=(stop,)))
    assert cut.finish_reason == "stop"
    assert cut.text == text[: text.index(stop)]
    assert "".join(pieces) == cut.text
    assert all(stop not in p for p in pieces)


def test_cancel_between_tokens(engine: Engine) -> None:
    cancel = threading.Event()
    generation = engine.generate(
        HELLO, SamplingParams(max_tokens=200, temperature=1.0, seed=1), cancel=cancel
    )
    next(generation, None)
    cancel.set()
    list(generation)
    assert generation.result is not None and generation.result.finish_reason == "cancelled"
    assert generation.result.stats.completion_tokens < 200


def test_deadline_raises_timeout(engine: Engine) -> None:
    with pytest.raises(RequestTimeout):
        run(engine, SamplingParams(max_tokens=50), deadline=time.monotonic() - 1)
    # The engine is free again afterwards.
    run(engine, SamplingParams(max_tokens=2))


def test_context_window_enforced(engine: Engine) -> None:
    long = [{"role": "user", "content": "one two three " * 400}]
    with pytest.raises(ContextOverflow):
        run(engine, SamplingParams(max_tokens=5), long)
    # A prompt that leaves a little room is clamped, not refused.
    ids = engine.prompt_ids(HELLO)
    near = engine.context_length - len(ids) - 3
    filler = [{"role": "user", "content": HELLO[0]["content"]}]
    generation = engine.generate_ids(ids + [ids[-1]] * near, SamplingParams(max_tokens=50))
    list(generation)
    assert generation.result is not None and generation.result.stats.completion_tokens <= 3
    assert filler


def test_one_generation_at_a_time(engine: Engine) -> None:
    first = engine.generate(HELLO, SamplingParams(max_tokens=20))
    next(first, None)
    second = engine.generate(HELLO, SamplingParams(max_tokens=2))
    with pytest.raises(Exception, match="one generation at a time"):
        list(second)
    first.close()
    run(engine, SamplingParams(max_tokens=2))


def test_quality_signals(engine: Engine) -> None:
    _, result = run(engine, SamplingParams(max_tokens=32))
    assert result.mean_logprob is not None and result.mean_logprob <= 0
    assert 0.0 <= result.repetition_ratio <= 1.0
    assert repetition_ratio([1, 2, 3, 4] * 8) > 0.8
    assert repetition_ratio(list(range(32))) == 0.0


def test_logprob_from_the_graph_matches_numpy(engine: Engine) -> None:
    # edged's build adds a log-softmax output; models without it take numpy's path.
    assert engine._graph_logprobs
    params = SamplingParams(max_tokens=24, temperature=0.8, top_k=20, repetition_penalty=1.2, seed=3)
    _, graph = run(engine, params)
    engine._graph_logprobs = False
    try:
        _, numpy = run(engine, params)
    finally:
        engine._graph_logprobs = True
    assert graph.token_ids == numpy.token_ids
    assert graph.mean_logprob == pytest.approx(numpy.mean_logprob, abs=1e-5)


def test_corrupt_or_missing_files_are_named(tiny_model: Path, tmp_path: Path) -> None:
    copy = tmp_path / "model"
    shutil.copytree(tiny_model, copy)
    data = copy / "model.onnx.data"
    raw = bytearray(data.read_bytes())
    raw[100] ^= 0xFF
    data.write_bytes(bytes(raw))
    with pytest.raises(ModelError, match=r"model\.onnx\.data: sha256"):
        Engine(copy).load()
    (copy / "tokenizer.json").unlink()
    with pytest.raises(ModelError, match=r"tokenizer\.json: missing"):
        Engine(copy).load()
    with pytest.raises(ModelError, match="no such model folder"):
        Engine(tmp_path / "nowhere").load()


def test_provider_mismatch_is_an_error_or_a_reported_fallback(tiny_model: Path) -> None:
    with pytest.raises(StartupError, match="CUDAExecutionProvider"):
        Engine(tiny_model, EngineOptions(providers=("cuda",), warmup=False)).load()
    engine = Engine(
        tiny_model, EngineOptions(providers=("cuda",), provider_mismatch="fallback", warmup=False)
    )
    engine.load()
    assert engine.providers_in_use[0] == "CPUExecutionProvider"
    assert engine.provider_fallback is not None and "CUDAExecutionProvider" in engine.provider_fallback


def test_sliced_and_fixed_attention_masks_agree(engine: Engine) -> None:
    # The default graph (GroupQueryAttention) takes one mask over the whole KV buffer; other
    # attention ops get a mask exactly as long as the sequence. Both must give the same tokens.
    assert engine._fixed_mask
    _, fixed = run(engine, SamplingParams(max_tokens=20, temperature=1.0, seed=5))
    engine._fixed_mask = False
    try:
        _, sliced = run(engine, SamplingParams(max_tokens=20, temperature=1.0, seed=5))
    finally:
        engine._fixed_mask = True
    assert fixed.token_ids == sliced.token_ids


def test_the_default_context_window_follows_the_devices_memory(
    tiny_model: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    manifest = Manifest.read(tiny_model)
    per_token = kv_bytes_per_token(manifest)
    assert per_token == 2 * manifest.num_layers * manifest.num_kv_heads * manifest.head_dim * 4
    plenty = 1 << 40
    assert auto_context_length(manifest, plenty) == manifest.context_length  # the model's own, 512
    qwen_like = dataclasses.replace(manifest, context_length=32768)
    assert auto_context_length(qwen_like, plenty) == AUTO_CONTEXT_CAP
    room_for = int(1000 * per_token / AUTO_CONTEXT_MEMORY_FRACTION)
    assert auto_context_length(qwen_like, room_for) == 768  # whole steps of the KV buffer
    assert auto_context_length(qwen_like, 0) == 256  # a usable floor

    import psutil

    monkeypatch.setattr(
        psutil, "virtual_memory", lambda: SimpleNamespace(available=int(300 * per_token / 0.25))
    )
    auto = Engine(tiny_model, EngineOptions(warmup=False))
    auto.load()
    assert auto.context_length == 256
    chosen = Engine(tiny_model, EngineOptions(context_length=300, warmup=False))
    chosen.load()
    assert chosen.context_length == 300  # a configured window wins over the device's memory
