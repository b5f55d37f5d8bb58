"""A difficulty scorer learned from a labelled corpus: the chance that a request needs the cloud.

The rule-based score (`edged.router.features`) weighs hand-set word lists; it follows the
phrasings its authors thought of. This scorer is a logistic regression over three kinds of
feature of the request, trained on a corpus of public prompts from many sources
(`tests/router/corpus`) by `edged route train`:

- hashed words and word pairs of the latest user turn (its head and tail, where an instruction
  says what it wants), so "write a 2,500-word story" and "implement Raft" weigh what the
  corpus says they weigh, whatever list they are on;
- hashed character 4-grams of the same text, which carry over to words the corpus never had
  (inflections, compounds, languages written without spaces);
- the rule-based reading itself: its score, the evidence it found (code, maths, reasoning,
  long-form, analysis), the requested output length and the conversation's length. The learned
  part corrects the rules where the corpus disagrees with them instead of starting from nothing.

The output is calibrated (Platt scaling on the corpus's `dev` split), so `[router] threshold`
keeps its meaning: a score of 0.7 is a request that needs the cloud about 70 % of the time, and
`edged route calibrate` still picks a threshold for a traffic sample.

The model is two files in a folder (`weights.npy`, float32, and `manifest.json`: corpus hash,
command, metrics, feature layout). The daemon's runtime needs only numpy. Training is
deterministic: the same corpus and options give the same bytes.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
import re
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import Any

import numpy as np

from edged.exceptions import ConfigError
from edged.router.features import Features, extract

__all__ = [
    "DEFAULT_MODEL_DIR",
    "FEATURE_VERSION",
    "DifficultyModel",
    "Featurized",
    "TrainOptions",
    "default_model",
    "default_model_problem",
    "featurize",
    "featurize_rows",
    "scorer_for",
    "train",
]

DEFAULT_MODEL_DIR = Path(__file__).with_name("difficulty")
FEATURE_VERSION = 1

HASH_BITS = 18
_BUCKETS = 1 << HASH_BITS
_MASK = _BUCKETS - 1
# Dense features sit after the hashed buckets; their order is part of FEATURE_VERSION.
_DENSE = (
    "rule_logit",
    "code",
    "math",
    "reasoning",
    "multi_step",
    "analysis",
    "long_form",
    "output_short",
    "output_long",
    "log_tokens",
    "long_context",
    "follow_up",
    "log_requested_words",
)
_WIDTH = _BUCKETS + len(_DENSE)

HEAD_CHARS = 1500  # an instruction says what it wants at its start and its end;
TAIL_CHARS = 500  # a pasted document in between adds only length
NGRAM_CHARS = 800  # character 4-grams over this much of the head (and the tail's last 200)

_TOKEN = re.compile(r"\w+|[^\w\s]")
_WORD_SALT = b"w:"
_PAIR_SALT = b"p:"


def _segment(text: str) -> tuple[str, str]:
    """The part of a turn whose words count: all of a short one, head and tail of a long one."""
    if len(text) <= HEAD_CHARS + TAIL_CHARS:
        return text, ""
    return text[:HEAD_CHARS], text[-TAIL_CHARS:]


# A multiplicative hash of the four code points of a gram; the constants are odd 64-bit numbers.
_GRAM_MULTIPLIERS = tuple(
    np.uint64(c) for c in (0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0x27D4EB2F165667C5)
)
_GRAM_SHIFT = np.uint64(40)
_GRAM_MASK = np.uint64(_MASK)


def _char_grams(text: str) -> np.ndarray:
    """Bucket indices of the character 4-grams of `text`, hashed with numpy (no Python loop).

    ((c0*m0 ^ c1*m1 ^ c2*m2 ^ c3*m3) >> 40) & mask, computed in place in two buffers: on a
    prompt's few hundred grams numpy's allocations cost as much as its arithmetic."""
    if len(text) < 4:
        return np.empty(0, dtype=np.int64)
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.uint64)
    n = len(codes) - 3
    h = codes[:n] * _GRAM_MULTIPLIERS[0]
    term = np.empty_like(h)
    for k in (1, 2, 3):
        np.multiply(codes[k : k + n], _GRAM_MULTIPLIERS[k], out=term)
        h ^= term
    h >>= _GRAM_SHIFT
    h &= _GRAM_MASK
    out: np.ndarray = h.view(np.int64)  # under 2**HASH_BITS: the same numbers as int64
    return out


# token -> (crc32 of "w:<token>", crc32 of "p:<token> ", its UTF-8 bytes). Routing traffic reuses
# a small vocabulary, so most tokens of a prompt are a dictionary look-up instead of an encode and
# two crc32 calls; and a pair's crc32 continues from its first token's state
# (crc32(b, crc32(a)) == crc32(a + b)), so a pair costs one crc32 of its second token's bytes and
# no string building. The buckets are bit for bit those of hashing each word and pair whole.
_TOKEN_HASHES: dict[str, tuple[int, int, bytes]] = {}
_TOKEN_CACHE_LIMIT = 1 << 14  # tokens; about 4 MB at most, then the cache starts again
_WORD_STATE, _PAIR_STATE, _RAW = itemgetter(0), itemgetter(1), itemgetter(2)


def _word_buckets(tokens: Sequence[str]) -> np.ndarray:
    """Bucket indices of the words and adjacent word pairs (crc32: the same in every process):
    crc32(b"w:" + word) and crc32(b"p:" + first + b" " + second), masked to HASH_BITS."""
    cache = _TOKEN_HASHES
    if len(cache) > _TOKEN_CACHE_LIMIT:
        cache.clear()
    entries: list[Any] = list(map(cache.get, tokens))  # None for a token not seen yet
    if None in entries:
        for i, entry in enumerate(entries):
            if entry is None:
                token = tokens[i]
                raw = token.encode("utf-8", "surrogatepass")
                entries[i] = cache[token] = (
                    zlib.crc32(_WORD_SALT + raw),
                    zlib.crc32(_PAIR_SALT + raw + b" "),
                    raw,
                )
    # The words' hashes, then the pairs', gathered and hashed in C (map, np.fromiter): no Python
    # code runs per token that was seen before.
    hashes = itertools.chain(
        map(_WORD_STATE, entries), map(zlib.crc32, map(_RAW, entries[1:]), map(_PAIR_STATE, entries))
    )
    out = np.fromiter(hashes, dtype=np.int64, count=max(2 * len(entries) - 1, 0))
    out &= _MASK
    return out


def _distinct(indices: np.ndarray) -> np.ndarray:
    """`np.unique(indices)` (sorted, each once) without its general-purpose overhead, which on a
    few hundred indices cost more than the sort itself."""
    indices.sort()
    if len(indices) < 2:
        return indices
    keep = np.empty(len(indices), dtype=bool)
    keep[0] = True
    np.not_equal(indices[1:], indices[:-1], out=keep[1:])
    return indices[keep]


def _dense(features: Features, history: bool) -> np.ndarray:
    score = min(max(features.score, 1e-6), 1 - 1e-6)
    values = (
        math.log(score / (1 - score)) / 4.0,
        float(features.code),
        float(features.math),
        float(features.reasoning),
        float(features.multi_step),
        float(features.analysis),
        float(features.long_form),
        float(features.output_length == "short"),
        float(features.output_length == "long"),
        math.log10(max(features.tokens, 1)) / 4.0,
        float(features.long_context),
        float(history),
        math.log10(features.requested_words) / 4.0 if features.requested_words else 0.0,
    )
    return np.asarray(values, dtype=np.float32)


@dataclass(frozen=True)
class Featurized:
    """One request as sparse hashed indices (each weighing `weight`) and dense values."""

    indices: np.ndarray
    weight: float
    dense: np.ndarray
    prior: float = 0.0  # the rules' logit: the margin the learned part corrects


def featurize(messages: Sequence[Mapping[str, Any]], features: Features | None = None) -> Featurized:
    """The scorer's view of a conversation. `features` is the rule-based reading of the same
    messages (computed here when not given)."""
    msgs = [m for m in messages if isinstance(m.get("content"), str)]
    latest = next((str(m["content"]) for m in reversed(msgs) if m.get("role", "user") == "user"), "")
    if not latest and msgs:
        latest = str(msgs[-1]["content"])
    history = sum(1 for m in msgs if m.get("role", "user") == "user") > 1
    if features is None:
        features = extract(msgs)
    head, tail = _segment(latest.lower())
    tokens = _TOKEN.findall(head) + (["<gap>", *_TOKEN.findall(tail)] if tail else [])
    words = _word_buckets(tokens)
    grams = _char_grams(head[:NGRAM_CHARS] + ("\x00" + tail[-200:] if tail else ""))
    indices = _distinct(np.concatenate((words, grams)))
    # Binary presence, scaled so a long and a short request weigh the same in total.
    weight = 1.0 / math.sqrt(max(len(indices), 1))
    score = min(max(features.score, 1e-6), 1 - 1e-6)
    return Featurized(indices, weight, _dense(features, history), math.log(score / (1 - score)))


@dataclass
class DifficultyModel:
    """A trained scorer: `score(messages, features)` is the calibrated chance the request needs the cloud."""

    weights: np.ndarray  # float32, _WIDTH values: hashed buckets then the dense features
    bias: float
    platt_a: float = 1.0
    platt_b: float = 0.0
    manifest: dict[str, Any] = field(default_factory=dict)
    prior: float = 0.0  # how much of the rules' logit is the starting margin (fixed, not fitted)

    def raw(self, item: Featurized) -> float:
        w = self.weights
        return float(
            self.bias
            + self.prior * item.prior
            + item.weight * float(w[item.indices].sum())
            + float(np.dot(w[_BUCKETS:], item.dense))
        )

    def probability(self, item: Featurized) -> float:
        z = self.platt_a * self.raw(item) + self.platt_b
        return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))

    def score(self, messages: Sequence[Mapping[str, Any]], features: Features | None = None) -> float:
        return self.probability(featurize(messages, features))

    # -- files -------------------------------------------------------------------------------

    def save(self, folder: Path) -> None:
        """`weights.npy` and `manifest.json` in `folder` (created), byte-identical for the same model."""
        folder.mkdir(parents=True, exist_ok=True)
        np.save(folder / "weights.npy", self.weights.astype("<f4"), allow_pickle=False)
        manifest = dict(self.manifest)
        manifest.update(
            {
                "feature_version": FEATURE_VERSION,
                "hash_bits": HASH_BITS,
                "dense": list(_DENSE),
                "bias": self.bias,
                "prior": self.prior,
                "platt": {"a": self.platt_a, "b": self.platt_b},
                "weights_sha256": hashlib.sha256((folder / "weights.npy").read_bytes()).hexdigest(),
            }
        )
        (folder / "manifest.json").write_text(
            json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8"
        )

    @classmethod
    def load(cls, folder: Path) -> DifficultyModel:
        """Read a saved model; a ConfigError says what is wrong with the folder."""
        try:
            manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
            blob = (folder / "weights.npy").read_bytes()
        except (OSError, ValueError) as exc:
            raise ConfigError(f"{folder}: cannot read the difficulty model: {exc}") from exc
        if manifest.get("feature_version") != FEATURE_VERSION or manifest.get("hash_bits") != HASH_BITS:
            raise ConfigError(
                f"{folder}: difficulty model has feature version {manifest.get('feature_version')} "
                f"({manifest.get('hash_bits')} hash bits); this edged reads version {FEATURE_VERSION} "
                f"({HASH_BITS} bits): retrain it with `edged route train`"
            )
        if hashlib.sha256(blob).hexdigest() != manifest.get("weights_sha256"):
            raise ConfigError(f"{folder}: weights.npy does not match its manifest (weights_sha256)")
        weights = np.load(folder / "weights.npy", allow_pickle=False)
        if weights.shape != (_WIDTH,):
            raise ConfigError(f"{folder}: weights.npy has shape {weights.shape}, expected ({_WIDTH},)")
        platt = manifest.get("platt") or {}
        return cls(
            weights=weights.astype(np.float32),
            bias=float(manifest["bias"]),
            prior=float(manifest.get("prior", 0.0)),
            platt_a=float(platt.get("a", 1.0)),
            platt_b=float(platt.get("b", 0.0)),
            manifest=manifest,
        )


_DEFAULT: list[DifficultyModel | ConfigError | None] = []


def default_model() -> DifficultyModel | None:
    """The model shipped in the package (loaded once), or None when it is absent or unreadable:
    the router then scores with the rules alone and says so in `edged status`/`doctor`."""
    if not _DEFAULT:
        try:
            _DEFAULT.append(DifficultyModel.load(DEFAULT_MODEL_DIR))
        except ConfigError as exc:
            _DEFAULT.append(exc)
    loaded = _DEFAULT[0]
    return loaded if isinstance(loaded, DifficultyModel) else None


def default_model_problem() -> str | None:
    """Why the shipped model is not in use, or None when it is."""
    default_model()
    loaded = _DEFAULT[0]
    return str(loaded) if isinstance(loaded, ConfigError) else None


# -- training --------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrainOptions:
    epochs: int = 300
    learning_rate: float = 0.05
    l2: float = 3e-4
    dense_l2: float = 1e-3
    prior: float = 1.0
    balance_sources: bool = True


def _label(row: Mapping[str, Any]) -> int:
    return 1 if row["expected_route"] == "cloud" else 0


def featurize_rows(rows: Iterable[Mapping[str, Any]]) -> list[Featurized]:
    return [featurize(row["messages"]) for row in rows]


def _sample_weights(labels: np.ndarray, groups: Sequence[str] | None) -> np.ndarray:
    """Each label weighs the same in total and, with `groups` (the rows' sources), each source
    weighs the same within a label: a source of 3,000 rows must not teach its own phrasing as
    the meaning of "local"."""
    n = len(labels)
    keys = [f"{g}\x00{y}" for g, y in zip(groups or [""] * n, labels.tolist(), strict=True)]
    count: dict[str, int] = {}
    for k in keys:
        count[k] = count.get(k, 0) + 1
    raw = np.asarray([1.0 / count[k] for k in keys])
    out = np.empty(n)
    for y in (0, 1):
        mask = labels == y
        if mask.any():
            out[mask] = raw[mask] / raw[mask].sum() * (n / 2)
    return out


def _fit(
    items: Sequence[Featurized],
    labels: np.ndarray,
    options: TrainOptions,
    groups: Sequence[str] | None = None,
) -> tuple[np.ndarray, float]:
    """Class-balanced logistic regression by full-batch Adam: deterministic (no sampling, fixed
    order of every sum), a few seconds for thousands of rows."""
    n = len(items)
    lengths = np.asarray([len(it.indices) for it in items], dtype=np.int64)
    flat = np.concatenate([it.indices for it in items]) if n else np.empty(0, dtype=np.int64)
    row_of = np.repeat(np.arange(n), lengths)
    scale = np.repeat(np.asarray([it.weight for it in items], dtype=np.float64), lengths)
    dense = np.stack([it.dense for it in items]).astype(np.float64)
    y = labels.astype(np.float64)
    sample_weight = _sample_weights(labels, groups if options.balance_sources else None)
    offset = options.prior * np.asarray([it.prior for it in items], dtype=np.float64)

    sparse_w = np.zeros(_BUCKETS, dtype=np.float64)
    dense_w = np.zeros(len(_DENSE), dtype=np.float64)
    bias = 0.0
    params = [sparse_w, dense_w, np.zeros(1)]
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    beta1, beta2, eps = 0.9, 0.999, 1e-8
    for step in range(1, options.epochs + 1):
        z = offset + bias + np.bincount(row_of, weights=sparse_w[flat] * scale, minlength=n) + dense @ dense_w
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -60, 60)))
        err = (p - y) * sample_weight / n
        grads = [
            np.bincount(flat, weights=err[row_of] * scale, minlength=_BUCKETS) + options.l2 * sparse_w,
            dense.T @ err + options.dense_l2 * dense_w,
            np.asarray([err.sum()]),
        ]
        params[2][0] = bias
        for i, (param, grad) in enumerate(zip(params, grads, strict=True)):
            m[i] = beta1 * m[i] + (1 - beta1) * grad
            v[i] = beta2 * v[i] + (1 - beta2) * grad * grad
            m_hat = m[i] / (1 - beta1**step)
            v_hat = v[i] / (1 - beta2**step)
            param -= options.learning_rate * m_hat / (np.sqrt(v_hat) + eps)
        bias = float(params[2][0])
    return np.concatenate((sparse_w, dense_w)).astype(np.float32), bias


def _platt(raw: np.ndarray, labels: np.ndarray) -> tuple[float, float]:
    """Scale and shift of the raw margin that make it a calibrated probability on held-out rows
    (Newton's method on the log-loss, with Platt's smoothed targets)."""
    y = labels.astype(np.float64)
    pos = y.sum()
    neg = len(y) - pos
    target = np.where(y == 1, (pos + 1) / (pos + 2), 1 / (neg + 2))

    def loss(a: float, b: float) -> float:
        z = a * raw + b
        # log(1 + e^z) - t z, written to stay finite for large |z|
        return float(np.sum(np.logaddexp(0.0, z) - target * z))

    a, b = 1.0, 0.0
    current = loss(a, b)
    for _ in range(100):
        z = a * raw + b
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -60, 60)))
        g = p - target
        h = np.maximum(p * (1 - p), 1e-12)
        grad = np.asarray([np.dot(g, raw), g.sum()])
        hess = np.asarray(
            [[np.dot(h * raw, raw), np.dot(h, raw)], [np.dot(h, raw), h.sum()]]
        ) + 1e-9 * np.eye(2)
        step = np.linalg.solve(hess, grad)
        # Newton's full step can overshoot where the margin separates the rows: halve it until
        # the loss goes down (Platt's own method does the same).
        size = 1.0
        while size > 1e-8:
            na, nb = a - size * step[0], b - size * step[1]
            new = loss(na, nb)
            if new < current:
                break
            size /= 2
        else:
            break
        a, b, moved, current = na, nb, current - new, new
        if moved < 1e-12:
            break
    return float(a), float(b)


def train(
    rows: Sequence[Mapping[str, Any]],
    calibration_rows: Sequence[Mapping[str, Any]] = (),
    options: TrainOptions | None = None,
    manifest: Mapping[str, Any] | None = None,
    *,
    featurized: Sequence[Featurized] | None = None,
) -> DifficultyModel:
    """Fit a model on `rows` (labelled like the routing set) and calibrate it on
    `calibration_rows` (rows it did not see; none: uncalibrated margin). `featurized` is
    `featurize_rows(rows)` when the caller has it already."""
    options = options or TrainOptions()
    if not rows:
        raise ConfigError("no rows to train the difficulty model on")
    items = list(featurized) if featurized is not None else featurize_rows(rows)
    labels = np.asarray([_label(r) for r in rows], dtype=np.int64)
    if labels.min() == labels.max():
        raise ConfigError("the training rows are all one route: a scorer needs both")
    groups = [str(r.get("source", "")) for r in rows]
    weights, bias = _fit(items, labels, options, groups)
    model = DifficultyModel(weights=weights, bias=bias, manifest=dict(manifest or {}), prior=options.prior)
    if calibration_rows:
        cal = featurize_rows(calibration_rows)
        raw = np.asarray([model.raw(it) for it in cal])
        cal_labels = np.asarray([_label(r) for r in calibration_rows])
        if cal_labels.min() != cal_labels.max():
            model.platt_a, model.platt_b = _platt(raw, cal_labels)
    model.manifest["train_options"] = {
        "epochs": options.epochs,
        "learning_rate": options.learning_rate,
        "l2": options.l2,
        "dense_l2": options.dense_l2,
        "prior": options.prior,
        "balance_sources": options.balance_sources,
    }
    return model


def scorer_for(config: Any) -> DifficultyModel | None:
    """The learned model a router config asks for (`[router] scorer`), or None for the rules."""
    if getattr(config, "scorer", "learned") != "learned":
        return None
    return default_model()
