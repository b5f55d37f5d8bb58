"""Training and measuring the learned difficulty scorer: `edged route train` and
`edged eval routing --loso`.

The corpus is JSON lines (plain or gzip) shaped like the public routing set, with a `split`
(`train`, `dev`, `test`) and a `source` on every row; `tests/router/corpus` builds one from public
prompt sets. `train` fits on the `train` split, calibrates on `dev` and reports `test`; the
public routing set, when given, is only ever measured.

Leave one source out (`loso`) answers the question a corpus score cannot: how the scorer does on
prompts written by people it never read. For each source, a model is trained on every other
source and tested on that one; the rules and (where it is installed) LiteLLM's complexity
router are scored on the same rows, side by side.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from edged.exceptions import ConfigError
from edged.router.features import extract
from edged.router.learned import DifficultyModel, TrainOptions, featurize_rows, train

__all__ = [
    "default_corpus",
    "load_corpus",
    "loso",
    "split_scores",
    "train_from_corpus",
]

THRESHOLD = 0.5  # the default `[router] threshold`: the decision both scorers are measured at


def default_corpus() -> Path:
    """The corpus of a source checkout (tests/router/corpus/corpus.jsonl.gz beside the package)."""
    return Path(__file__).resolve().parents[2] / "tests" / "router" / "corpus" / "corpus.jsonl.gz"


def load_corpus(path: str | os.PathLike[str]) -> tuple[list[dict[str, Any]], str]:
    """The rows of a corpus file and the SHA-256 of its bytes; a ConfigError names a bad line."""
    path = Path(path)
    try:
        blob = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the corpus: {exc.strerror or exc}") from exc
    digest = hashlib.sha256(blob).hexdigest()
    try:
        text = gzip.decompress(blob).decode("utf-8") if blob[:2] == b"\x1f\x8b" else blob.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not gzip or UTF-8 JSON lines: {exc}") from exc
    rows: list[dict[str, Any]] = []
    # split("\n"), not splitlines(): a JSON string may hold U+2028 or U+0085 unescaped.
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ConfigError(f"{path}:{number}: not valid JSON: {exc.msg}") from exc
        if not isinstance(row, dict) or row.get("expected_route") not in ("local", "cloud"):
            raise ConfigError(f"{path}:{number}: a row needs expected_route 'local' or 'cloud'")
        if not isinstance(row.get("messages"), list) or not row["messages"]:
            raise ConfigError(f"{path}:{number}: a row needs a non-empty messages list")
        rows.append(row)
    if not rows:
        raise ConfigError(f"{path}: no rows")
    return rows, digest


def _accuracy(
    scores: Sequence[float], rows: Sequence[Mapping[str, Any]], threshold: float = THRESHOLD
) -> float:
    if not rows:
        return 0.0
    right = sum(
        int((s >= threshold) == (r["expected_route"] == "cloud")) for s, r in zip(scores, rows, strict=True)
    )
    return right / len(rows)


def _model_scores(model: DifficultyModel, rows: Sequence[Mapping[str, Any]]) -> list[float]:
    return [model.probability(item) for item in featurize_rows(rows)]


def _rule_scores(rows: Sequence[Mapping[str, Any]]) -> list[float]:
    return [extract(r["messages"]).score for r in rows]


def _split(rows: Sequence[dict[str, Any]], name: str) -> list[dict[str, Any]]:
    return [r for r in rows if r.get("split", "train") == name]


def train_from_corpus(
    corpus: str | os.PathLike[str],
    *,
    public: str | os.PathLike[str] | None = None,
    options: TrainOptions | None = None,
    command: str = "edged route train",
) -> DifficultyModel:
    """A model fitted on the corpus's train split, calibrated on dev, with its metrics in the
    manifest (dev, test, per source on test, and the public set when given)."""
    rows, digest = load_corpus(corpus)
    fit, dev, test = _split(rows, "train"), _split(rows, "dev"), _split(rows, "test")
    if not fit:
        raise ConfigError(f"{corpus}: no rows in the train split")
    sources = sorted({str(r.get("source", "unknown")) for r in rows})
    model = train(
        fit,
        dev,
        options,
        manifest={
            "corpus": {"file": Path(corpus).name, "sha256": digest, "rows": len(rows), "sources": sources},
            "command": command,
            "splits": {"train": len(fit), "dev": len(dev), "test": len(test)},
        },
    )
    metrics: dict[str, Any] = {"threshold": THRESHOLD}
    for name, part in (("dev", dev), ("test", test)):
        if part:
            scores = _model_scores(model, part)
            metrics[name] = {
                "accuracy": round(_accuracy(scores, part), 4),
                "rules_accuracy": round(_accuracy(_rule_scores(part), part), 4),
                "log_loss": round(_log_loss(scores, part), 4),
            }
    if test:
        per_source: dict[str, Any] = {}
        for source in sources:
            part = [r for r in test if str(r.get("source", "unknown")) == source]
            if part:
                per_source[source] = round(_accuracy(_model_scores(model, part), part), 4)
        metrics["test_per_source"] = per_source
    if public is not None:
        from edged.router.evaluate import load_rows

        public_rows = load_rows(public)
        metrics["public"] = {
            "file": Path(public).name,
            "accuracy": round(_accuracy(_model_scores(model, public_rows), public_rows), 4),
            "rules_accuracy": round(_accuracy(_rule_scores(public_rows), public_rows), 4),
            "rows": len(public_rows),
        }
    model.manifest["metrics"] = metrics
    return model


def _log_loss(scores: Sequence[float], rows: Sequence[Mapping[str, Any]]) -> float:
    p = np.clip(np.asarray(scores, dtype=np.float64), 1e-7, 1 - 1e-7)
    y = np.asarray([r["expected_route"] == "cloud" for r in rows], dtype=np.float64)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def loso(
    rows: Sequence[dict[str, Any]],
    *,
    options: TrainOptions | None = None,
    peers: Mapping[str, Callable[[Sequence[dict[str, Any]]], Sequence[str] | None]] | None = None,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Leave one source out. For each source: the learned scorer trained on the other sources'
    train splits (calibrated on their dev splits) and tested on every row of the source, the
    rules on the same rows, and each peer (a function from rows to routes, or None when it cannot
    run) on them too. Accuracy per source, with `mean` and `min` over sources."""
    sources = sorted({str(r.get("source", "unknown")) for r in rows})
    if len(sources) < 2:
        raise ConfigError("leave-one-source-out needs rows from at least two sources")
    peer_routes: dict[str, list[str] | None] = {}
    for name, classify in (peers or {}).items():
        routes = classify(rows)
        peer_routes[name] = list(routes) if routes is not None else None
    rule_scores = _rule_scores(rows)
    items = featurize_rows(rows)
    of_source = [str(r.get("source", "unknown")) for r in rows]
    table: dict[str, dict[str, Any]] = {}
    for source in sources:
        if progress is not None:
            progress(source)
        held = [i for i, s in enumerate(of_source) if s == source]
        fit = [i for i, s in enumerate(of_source) if s != source and rows[i].get("split", "train") == "train"]
        cal = [i for i, s in enumerate(of_source) if s != source and rows[i].get("split") == "dev"]
        model = train(
            [rows[i] for i in fit], [rows[i] for i in cal], options, featurized=[items[i] for i in fit]
        )
        held_rows = [rows[i] for i in held]
        entry: dict[str, Any] = {
            "rows": len(held),
            "cloud_share": round(sum(r["expected_route"] == "cloud" for r in held_rows) / len(held), 4),
            "learned": round(_accuracy([model.probability(items[i]) for i in held], held_rows), 4),
            "rules": round(_accuracy([rule_scores[i] for i in held], held_rows), 4),
        }
        for name, routes in peer_routes.items():
            if routes is not None:
                right = sum(routes[i] == rows[i]["expected_route"] for i in held)
                entry[name] = round(right / len(held), 4)
        table[source] = entry
    scorers = ["learned", "rules", *[n for n, r in peer_routes.items() if r is not None]]
    summary = {
        "sources": table,
        "mean": {s: round(sum(t[s] for t in table.values()) / len(table), 4) for s in scorers},
        "min": {s: round(min(t[s] for t in table.values()), 4) for s in scorers},
        "threshold": THRESHOLD,
        "rows": len(rows),
    }
    missing = {n: "not available" for n, r in peer_routes.items() if r is None}
    if missing:
        summary["missing"] = missing
    return summary


def split_scores(
    rows: Sequence[dict[str, Any]],
    model: DifficultyModel | None,
    peer: Callable[[Sequence[dict[str, Any]]], Sequence[str] | None] | None = None,
) -> dict[str, Any]:
    """Accuracy of a trained model (None: not available), the rules and a peer on the same rows."""
    out: dict[str, Any] = {"rows": len(rows), "rules": round(_accuracy(_rule_scores(rows), rows), 4)}
    out["learned"] = round(_accuracy(_model_scores(model, rows), rows), 4) if model is not None else None
    routes = peer(rows) if peer is not None else None
    if routes is not None:
        out["litellm"] = round(
            sum(a == r["expected_route"] for a, r in zip(routes, rows, strict=True)) / len(rows), 4
        )
    return out
