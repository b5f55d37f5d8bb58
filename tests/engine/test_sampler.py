from __future__ import annotations

import numpy as np

from edged.engine.sampler import Sampler, log_softmax_at
from edged.protocol import SamplingParams


def logits(seed: int = 0, n: int = 5000) -> np.ndarray:
    return np.random.default_rng(seed).normal(size=n).astype(np.float32) * 3


def test_greedy_is_argmax() -> None:
    row = logits()
    assert Sampler(SamplingParams()).choose(row) == int(row.argmax())
    assert Sampler(SamplingParams(temperature=1.0, top_k=1)).choose(row) == int(row.argmax())


def test_tiny_top_p_is_argmax() -> None:
    row = logits(1)
    assert Sampler(SamplingParams(temperature=1.0, top_p=1e-6, seed=3)).choose(row) == int(row.argmax())


def test_top_k_never_leaves_the_top_k() -> None:
    row = logits(2)
    top = set(np.argsort(row)[-5:].tolist())
    sampler = Sampler(SamplingParams(temperature=2.0, top_k=5, seed=1))
    picks = {sampler.choose(row) for _ in range(300)}
    assert picks <= top and len(picks) > 1


def test_top_p_keeps_the_smallest_set_holding_p() -> None:
    row = np.array([5.0, 4.0, 1.0, 0.0, -1.0], dtype=np.float32)
    probs = np.exp(row - row.max()) / np.exp(row - row.max()).sum()
    # p(0) + p(1) ≈ 0.94: with top_p 0.9 only those two may be drawn.
    assert probs[:2].sum() > 0.9 > probs[0]
    sampler = Sampler(SamplingParams(temperature=1.0, top_p=0.9, seed=5))
    assert {sampler.choose(row) for _ in range(300)} == {0, 1}


def test_top_p_over_a_large_vocabulary_widens_until_enough_mass() -> None:
    row = np.zeros(50000, dtype=np.float32)  # flat: top_p 0.5 needs 25,000 candidates
    sampler = Sampler(SamplingParams(temperature=1.0, top_p=0.5, seed=9))
    picks = [sampler.choose(row) for _ in range(200)]
    assert len(set(picks)) > 150


def test_same_seed_same_draws() -> None:
    row = logits(4)
    a = Sampler(SamplingParams(temperature=1.0, seed=11))
    b = Sampler(SamplingParams(temperature=1.0, seed=11))
    assert [a.choose(row) for _ in range(50)] == [b.choose(row) for _ in range(50)]


def test_repetition_penalty_shrinks_seen_tokens() -> None:
    row = np.array([2.0, -2.0, 1.0], dtype=np.float32)
    out = Sampler(SamplingParams(repetition_penalty=2.0)).penalize(row, np.array([0, 1]))
    assert out.tolist() == [1.0, -4.0, 1.0]
    assert row.tolist() == [2.0, -2.0, 1.0]  # the input is not modified


def test_log_softmax_at_matches_the_definition() -> None:
    row = logits(6, 100).astype(np.float64)
    expected = row[7] - np.log(np.exp(row).sum())
    assert abs(log_softmax_at(row.astype(np.float32), 7) - expected) < 1e-4
