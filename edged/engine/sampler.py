"""Next-token choice: greedy, or temperature / top-k / top-p sampling, with repetition penalty.

Works on one float32 logits row. The vocabulary is large (49k for SmolLM2) and this runs once
per token, so every step avoids a full sort: top-k uses argpartition, and top-p widens a
partial candidate set only until it holds the requested probability mass.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from edged.protocol import SamplingParams

__all__ = ["Sampler", "log_softmax_at"]

FloatArray = npt.NDArray[np.float32]


def log_softmax_at(logits: FloatArray, index: int, scratch: FloatArray | None = None) -> float:
    """log p(index) under softmax(logits); `scratch` (same shape) saves an allocation per call."""
    peak = logits.max()
    buf = np.empty_like(logits) if scratch is None else scratch
    np.subtract(logits, peak, out=buf)
    np.exp(buf, out=buf)
    return float(logits[index] - peak - np.log(buf.sum()))


class Sampler:
    def __init__(self, params: SamplingParams) -> None:
        self.params = params
        self.rng = np.random.default_rng(params.seed)

    def penalize(self, logits: FloatArray, seen: npt.NDArray[np.int64]) -> FloatArray:
        """HF-style repetition penalty: shrink the logits of tokens already in the context."""
        penalty = self.params.repetition_penalty
        if penalty == 1.0 or seen.size == 0:
            return logits
        logits = logits.copy()
        values = logits[seen]
        logits[seen] = np.where(values > 0, values / penalty, values * penalty)
        return logits

    def choose(self, logits: FloatArray) -> int:
        p = self.params
        if p.greedy:
            return int(logits.argmax())
        scaled = logits / np.float32(p.temperature)
        vocab = scaled.shape[0]
        k = p.top_k if 0 < p.top_k < vocab else vocab
        if p.top_p < 1.0:
            return self._top_p(scaled, k)
        if k < vocab:
            idx = np.argpartition(scaled, -k)[-k:]
        else:
            idx = np.arange(vocab)
        return int(idx[self._draw(scaled[idx])])

    def _top_p(self, scaled: FloatArray, k: int) -> int:
        vocab = scaled.shape[0]
        peak = scaled.max()
        total = float(np.exp(scaled - peak, dtype=np.float64).sum())
        width = min(k, 64)
        while True:
            if width >= vocab:
                idx = np.argsort(scaled)[::-1][:k]
            else:
                idx = np.argpartition(scaled, -width)[-width:]
                idx = idx[np.argsort(scaled[idx])[::-1]]
            cum = np.cumsum(np.exp(scaled[idx] - peak, dtype=np.float64) / total)
            # Stop widening once the candidates hold top_p of the mass, or are the whole top-k.
            if cum[-1] >= self.params.top_p or len(idx) >= k:
                n = min(int(np.searchsorted(cum, self.params.top_p)) + 1, len(idx))
                keep = idx[:n]
                return int(keep[self._draw(scaled[keep])])
            width = min(width * 8, k)

    def _draw(self, scaled: FloatArray) -> int:
        shifted = np.exp(scaled - scaled.max(), dtype=np.float64)
        probs = shifted / shifted.sum()
        return int(self.rng.choice(len(probs), p=probs))
