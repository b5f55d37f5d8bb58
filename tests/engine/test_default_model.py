"""The default model (make model): SmolLM2-135M-Instruct, int4, on ONNX Runtime."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from edged.engine import Engine, EngineOptions
from edged.exceptions import ContextOverflow
from edged.protocol import SamplingParams

pytestmark = pytest.mark.model

CAPITAL = [{"role": "user", "content": "What is the capital of France?"}]


@pytest.fixture(scope="module")
def engine(default_model: Path) -> Engine:
    engine = Engine(default_model, EngineOptions(context_length=2048))
    engine.load()
    return engine


def answer(engine: Engine, messages: list[dict[str, str]], params: SamplingParams) -> tuple[list[str], str]:
    generation = engine.generate(messages, params)
    pieces = list(generation)
    assert generation.result is not None
    return pieces, generation.result.text


def test_the_capital_of_france_is_paris(engine: Engine) -> None:
    _, text = answer(engine, CAPITAL, SamplingParams(max_tokens=32))
    assert "Paris" in text


def test_prompt_matches_the_reference_chat_template(engine: Engine, default_model: Path) -> None:
    transformers = pytest.importorskip("transformers")
    reference = transformers.PreTrainedTokenizerFast(tokenizer_file=str(default_model / "tokenizer.json"))
    reference.chat_template = (default_model / "chat_template.jinja").read_text()
    expected = reference.apply_chat_template(CAPITAL, add_generation_prompt=True, tokenize=True)
    if isinstance(expected, dict) or hasattr(expected, "input_ids"):
        expected = expected["input_ids"]
    assert engine.prompt_ids(CAPITAL) == list(expected)


def test_same_seed_same_text(engine: Engine) -> None:
    params = SamplingParams(max_tokens=40, temperature=0.8, top_p=0.95, seed=42)
    assert answer(engine, CAPITAL, params)[1] == answer(engine, CAPITAL, params)[1]


def test_stop_string(engine: Engine) -> None:
    _, text = answer(engine, CAPITAL, SamplingParams(max_tokens=32))
    assert "Paris" in text
    pieces, cut = answer(engine, CAPITAL, SamplingParams(max_tokens=32, stop=("Paris",)))
    assert cut == text[: text.index("Paris")]
    assert "Paris" not in "".join(pieces)


def test_cancellation(engine: Engine) -> None:
    cancel = threading.Event()
    story = [{"role": "user", "content": "Write a long story about a lighthouse keeper."}]
    generation = engine.generate(story, SamplingParams(max_tokens=300), cancel=cancel)
    for i, _ in enumerate(generation):
        if i == 3:
            cancel.set()
    assert generation.result is not None
    assert generation.result.finish_reason == "cancelled"
    assert generation.result.stats.completion_tokens < 20


@pytest.mark.parametrize(
    "prompt",
    [
        # Prompts the 135M model answers with emoji or CJK on AVX2 and AVX-512 CPUs alike (their
        # int8 kernels round differently, and a tiny model's greedy path follows the rounding).
        "Write three emoji that mean happy.",
        "Translate to Chinese: good morning, my friend",
        "Repeat exactly: 日本語のテキスト、한국어 텍스트",
    ],
)
def test_utf8_streaming(engine: Engine, prompt: str) -> None:
    pieces, text = answer(engine, [{"role": "user", "content": prompt}], SamplingParams(max_tokens=48))
    assert "".join(pieces) == text
    assert all("\ufffd" not in piece for piece in pieces)
    assert any(ord(ch) > 0x2E80 for ch in text), text  # it did produce CJK or emoji


def test_context_overflow(engine: Engine) -> None:
    long = [{"role": "user", "content": "The quick brown fox jumps over the lazy dog. " * 400}]
    with pytest.raises(ContextOverflow, match="context window is 2048"):
        answer(engine, long, SamplingParams(max_tokens=10))
