"""TokenCounter: exactly the tokenizer's count, whatever the text."""

from __future__ import annotations

import json
import random
import re
import sys
import unicodedata
from pathlib import Path

import pytest
from tokenizers import Tokenizer, models, pre_tokenizers, trainers

from edged.engine import tokens
from edged.engine.tokens import TokenCounter
from tests.conftest import SHARED

PIECES = [
    "a", "b", "cd", "the", "The", " ", "  ", "\t", "\n", "\n\n", "\r\n", "\x0b", "\x0c", "\x1c", "\x00",
    "'s", "'t", "'re", "'ve", "'m", "'ll", "'d", "'S", "'", "’", "0", "12", "3.5", "½", "²", "Ⅻ", "٣",
    ".", ",", "!?", "--", "_", "__init__", "é", "e\u0301", "ß", "İ", "世界", "日本語", "🙂", "👋🏽", "🚀",
    "\u00a0", "\u2028", "\u3000", "\u200b", "\u2003", "\x85", "<|im_start|>", "<|im_end|>", "<|endoftext|>",
    "<|im", "_end|>", "def f(x):", "    return", "{}", "[]", "=>", "http://x.y/z?q=1",
]  # fmt: skip


def _texts(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(PIECES) for _ in range(rng.randint(1, 30))) for _ in range(count)]


def _expected(tokenizer: Tokenizer, text: str) -> int:
    return len(tokenizer.encode(text, add_special_tokens=False).ids)


def test_tiny_model_counts_are_exact(tiny_model: Path) -> None:
    counter = TokenCounter.from_file(tiny_model / "tokenizer.json")
    assert counter.fast
    for text in [*_texts(0, 3000), "", " ", "x" * 5000, "word " * 2000]:
        assert counter.count(text) == _expected(counter.tokenizer, text), repr(text)


def test_default_model_counts_are_exact_on_the_public_set(default_model: Path) -> None:
    counter = TokenCounter.from_file(default_model / "tokenizer.json")
    assert counter.fast
    rows = SHARED / "eval" / "routing_public.jsonl"
    texts = _texts(1, 2000)
    if rows.is_file():
        for line in rows.read_text().splitlines():
            messages = json.loads(line)["messages"]
            texts.append("\n".join(m["content"] for m in messages))
    for text in texts:
        assert counter.count(text) == _expected(counter.tokenizer, text), repr(text[:200])
    # Counted twice, from the cache the second time: the same.
    assert [counter.count(t) for t in texts[-50:]] == [_expected(counter.tokenizer, t) for t in texts[-50:]]


def test_python_classes_equal_unicode_outside_the_odd_categories() -> None:
    # What lets TokenCounter split most non-ASCII text with Python's own \\w, \\d and \\s.
    letter, digit, space = re.compile(r"[^\W\d_]"), re.compile(r"\d"), re.compile(r"\s")
    for code in range(0x80, sys.maxunicode + 1):
        char = chr(code)
        category = unicodedata.category(char)
        if category in tokens._ODD_CATEGORIES or category == "Cs":
            continue
        assert bool(letter.match(char)) == (category[0] == "L"), hex(code)
        assert bool(digit.match(char)) == (category == "Nd"), hex(code)
        assert bool(space.match(char)) == (char in tokens._UNICODE_SPACE), hex(code)


def test_an_unassigned_character_goes_to_the_tokenizer(tiny_model: Path) -> None:
    counter = TokenCounter.from_file(tiny_model / "tokenizer.json")
    text = "hello \U000e0080 world"  # unassigned: Python's tables may be older than the tokenizer's
    assert counter._split(text) is None
    assert counter.count(text) == _expected(counter.tokenizer, text)


def test_other_tokenizers_take_the_tokenizers_path(tmp_path: Path) -> None:
    tokenizer = Tokenizer(models.WordPiece(unk_token="[UNK]"))
    tokenizer.pre_tokenizer = pre_tokenizers.Whitespace()
    trainer = trainers.WordPieceTrainer(vocab_size=200, special_tokens=["[UNK]"], show_progress=False)
    tokenizer.train_from_iterator(["the quick brown fox jumps over the lazy dog"] * 20, trainer)
    tokenizer.save(str(tmp_path / "tokenizer.json"))
    counter = TokenCounter.from_file(tmp_path / "tokenizer.json")
    assert not counter.fast
    for text in _texts(2, 200):
        assert counter.count(text) == _expected(tokenizer, text)


def test_the_piece_cache_is_bounded(tiny_model: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tokens, "_CACHE_LIMIT", 64)
    counter = TokenCounter.from_file(tiny_model / "tokenizer.json")
    for i, text in enumerate(_texts(3, 300) + [f"word{i} " for i in range(300)]):
        assert counter.count(text) == _expected(counter.tokenizer, text), i
        assert len(counter._pieces) <= 64 + 30  # one text's new pieces over the limit at most


def _qwen2_style(tmp_path: Path) -> Path:
    """A small tokenizer built the way Qwen2's is: NFC, a `Split` by its pattern, byte-level BPE."""
    from tokenizers import Regex, decoders, normalizers

    tokenizer = Tokenizer(models.BPE())
    tokenizer.normalizer = normalizers.NFC()
    tokenizer.pre_tokenizer = pre_tokenizers.Sequence(
        [
            pre_tokenizers.Split(Regex(tokens._QWEN2_SPLIT), behavior="isolated", invert=False),
            pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False),
        ]
    )
    tokenizer.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=400,
        special_tokens=["<|endoftext|>", "<|im_start|>", "<|im_end|>"],
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tokenizer.train_from_iterator(_texts(4, 400) + ["the quick brown fox's 12 jumps\n\n"] * 20, trainer)
    tokenizer.save(str(tmp_path / "tokenizer.json"))
    return tmp_path / "tokenizer.json"


def test_qwen2_style_counts_are_exact(tmp_path: Path) -> None:
    counter = TokenCounter.from_file(_qwen2_style(tmp_path))
    assert counter.qwen2 and not counter.fast
    texts = [
        *_texts(5, 3000),
        "",
        " ",
        "'S 'LL 'Ve",
        "x\u017f's \u017f",
        "\ufb06op's",
        "e\u0301t\u00e9 \u212a",
    ]
    rows = SHARED / "eval" / "routing_public.jsonl"
    if rows.is_file():
        texts += [
            "\n".join(m["content"] for m in json.loads(line)["messages"])
            for line in rows.read_text().splitlines()
        ]
    for text in texts:
        assert counter.count(text) == _expected(counter.tokenizer, text), repr(text[:200])
    assert tokens._qwen2_split("it's \u017fo") is None  # "ſ" is "s" to the case-blind contractions


def test_the_shipped_qwen_builds_count_exactly() -> None:
    found = sorted((Path(__file__).resolve().parents[2] / "models").glob("qwen2*/tokenizer.json"))
    if not found:
        pytest.skip("no Qwen model built: run `make model`")
    for path in found:
        counter = TokenCounter.from_file(path)
        assert counter.qwen2
        for text in _texts(6, 1000):
            assert counter.count(text) == _expected(counter.tokenizer, text), (path, repr(text))
