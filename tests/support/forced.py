"""Drive the real engine with chosen token ids instead of the model's own choices.

A small model's greedy path follows the CPU's rounding (MLAS's AVX2 and AVX-512 int8 kernels
round differently), so a test of streaming cannot rely on what the model chooses to say. Here
the model still runs on every step (prompt, KV cache, logits), and the engine's generation
loop, incremental detokenizer, stop strings and end-of-stream flush run as in production; only
the choice of the next token is scripted: the engine's `Sampler` is swapped, for the length of
one generation, for one that returns the given ids in order. No production seam is needed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest

import edged.engine.engine as engine_module
from edged.engine import Engine
from edged.engine.engine import Completion

__all__ = ["ForcedTokens", "assert_streams_whole_characters", "split_characters", "stream_forced"]

REPLACEMENT = "\ufffd"


class ForcedTokens:
    """Stands in for the engine's Sampler: returns `ids` in order, then `end` (an EOS id)."""

    def __init__(self, ids: Sequence[int], end: int | None) -> None:
        self.ids = list(ids)
        self.end = end
        self.chosen = 0  # how many tokens the engine has asked for so far

    def penalize(
        self, logits: npt.NDArray[np.float32], seen: npt.NDArray[np.int64]
    ) -> npt.NDArray[np.float32]:
        return logits

    def choose(self, logits: npt.NDArray[np.float32]) -> int:
        # The model did run: a real row of logits came out of the graph for this step.
        assert logits.ndim == 1 and logits.size > max(self.ids, default=0) and np.isfinite(logits).all()
        if self.chosen < len(self.ids):
            token = self.ids[self.chosen]
        else:
            assert self.end is not None, "the engine asked for more tokens than the script holds"
            token = self.end
        self.chosen += 1
        return token


def stream_forced(
    engine: Engine,
    ids: Sequence[int],
    params: Any,  # the engine's generation parameters (max_tokens, stop, ...)
    *,
    end: int | None,
    messages: Sequence[dict[str, str]] = ({"role": "user", "content": "Say something."},),
) -> tuple[list[tuple[str, int]], Completion]:
    """Generate with the next tokens forced to `ids` (then `end`): each streamed piece with the
    number of tokens chosen when it came out, and the Completion."""
    forced = ForcedTokens(ids, end)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(engine_module, "Sampler", lambda *args, **kwargs: forced)
        generation = engine.generate(list(messages), params)
        released = [(piece, forced.chosen) for piece in generation]
    assert generation.result is not None
    assert forced.chosen > 0, "the engine did not ask the forced sampler for any token"
    return released, generation.result


def split_characters(tokenizer: Any, text: str, ids: Sequence[int]) -> set[str]:
    """The characters of `text` that a token boundary of `ids` falls inside."""
    assert REPLACEMENT not in text
    split = set()
    for k in range(1, len(ids)):
        decoded = tokenizer.decode(list(ids[:k]), skip_special_tokens=True)
        whole = decoded.rstrip(REPLACEMENT)
        assert text.startswith(whole), (text, decoded)
        if whole != decoded:
            split.add(text[len(whole)])
    return split


def assert_streams_whole_characters(
    tokenizer: Any, ids: Sequence[int], released: list[tuple[str, int]], result: Completion
) -> None:
    """The stream of a generation that chose exactly `ids` and had no stop strings.

    * Every piece is whole characters: none holds U+FFFD, and after each piece the text so far
      is exactly the whole characters of the tokens chosen so far (no partial character, none
      missing).
    * It streams: a piece comes out at every token where the decoded text ends on a whole
      character, and only there (plus, at the end, whole characters held back with a final
      character that max_tokens cut off, which is dropped).
    * The pieces add up to the Completion's text, which is the full decode less a cut-off
      character.
    """
    n = len(ids)
    assert result.token_ids == list(ids)
    decoded = [tokenizer.decode(list(ids[:k]), skip_special_tokens=True) for k in range(n + 1)]
    whole = [d.rstrip(REPLACEMENT) for d in decoded]
    assert REPLACEMENT not in whole[n], "the forced text itself holds U+FFFD: pick valid UTF-8"
    text = ""
    at = []
    for piece, chosen in released:
        assert piece and REPLACEMENT not in piece, released
        text += piece
        k = min(chosen, n)  # the last choice may be the end token
        assert text == whole[k], (k, text, decoded[k])
        at.append(k)
    clean = [k for k in range(1, n + 1) if decoded[k] == whole[k]]
    last = whole[clean[-1]] if clean else ""
    assert at == clean + ([n] if whole[n] != last else []), (at, clean)
    assert text == result.text == whole[n]
