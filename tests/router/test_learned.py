"""The learned difficulty scorer: features, training, files, the CLI and the router's use of it.

Corpora here are built in the test from a few templates: they check the machinery (determinism,
calibration, files, leave-one-source-out), not the shipped model's quality, which
`edged eval routing --loso` and docs/benchmarks.md measure.
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from edged.config import Config, RouterConfig
from edged.exceptions import ConfigError
from edged.router import learned
from edged.router.inputs import RouteRequest, conditions_at_rest
from edged.router.learned import DifficultyModel, featurize, train
from edged.router.policy import decide
from edged.router.training import load_corpus, loso, train_from_corpus

LIGHT = [
    "Summarize this note in one sentence: the {x} meeting moved to Thursday.",
    "Fix the grammar: 'me and {x} goes to the store'.",
    "Classify the sentiment of this review as positive or negative: the {x} was lovely.",
    "Translate 'good morning, {x}' into French.",
    "What is the capital of {x}?",
    "Turn this list into a comma-separated line: {x}, apples, pears.",
]
HEAVY = [
    "Implement a lock-free concurrent hash map in C++ with resizing, and prove it linearizable for {x}.",
    "Write a 3,000-word research proposal on {x}, with a literature review and a methods section.",
    "Design the architecture of a multi-region payments system for {x}: data model, failover, consistency.",
    "Prove that there are infinitely many primes of the form 4k+3, then generalise the argument to {x}.",
    "Draft a detailed legal memo analysing the liability of {x} under contract and tort law.",
    "Plan a six-month migration of {x} from a monolith to services, with risks and a rollback strategy.",
]
FILLERS = [
    "Berlin",
    "Kenya",
    "the team",
    "Priya",
    "our store",
    "Peru",
    "the board",
    "Lisbon",
    "a startup",
    "Oslo",
]


def _rows(sources: tuple[str, ...] = ("alpha", "beta", "gamma")) -> list[dict]:
    rows = []
    n = 0
    for s_index, source in enumerate(sources):
        for i, x in enumerate(FILLERS):
            for route, table in (("local", LIGHT), ("cloud", HEAVY)):
                text = table[(i + s_index) % len(table)].format(x=x)
                split = ("train", "train", "train", "dev", "test")[n % 5]
                rows.append(
                    {
                        "id": f"{source}-{n}",
                        "source": source,
                        "messages": [{"role": "user", "content": text}],
                        "expected_route": route,
                        "split": split,
                    }
                )
                n += 1
    return rows


def _write_corpus(path: Path, rows: list[dict]) -> Path:
    with gzip.GzipFile(path, "wb", mtime=0) as handle:
        handle.write("".join(json.dumps(r) + "\n" for r in rows).encode())
    return path


def test_features_do_not_depend_on_the_process_hash_seed() -> None:
    # Python salts str hashes per process; the scorer hashes with crc32 so a model trained in one
    # process scores the same in the daemon.
    code = (
        "from edged.router.learned import featurize;"
        "f = featurize([{'role': 'user', 'content': 'Implement Raft with log compaction in Go'}]);"
        "print(f.indices.tolist()[:20], round(f.weight, 6))"
    )
    outs = {
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(outs) == 1


def test_fast_hashing_equals_the_feature_definition(monkeypatch: pytest.MonkeyPatch) -> None:
    # The decision path hashes through a token cache, crc32 continuation and in-place numpy; the
    # features (and so the shipped model) are defined by the plain formulas below. Cold and warm
    # cache, a full cache, repeated, non-ASCII and lone-surrogate tokens.
    import itertools
    import zlib

    def words(tokens: list[str]) -> list[int]:
        raw = [t.encode("utf-8", "surrogatepass") for t in tokens]
        out = [zlib.crc32(b"w:" + r) & learned._MASK for r in raw]
        return out + [zlib.crc32(b"p:" + a + b" " + b) & learned._MASK for a, b in itertools.pairwise(raw)]

    def grams(text: str) -> np.ndarray:
        c = [ord(ch) for ch in text]
        m = (0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0x27D4EB2F165667C5)
        h = [
            (c[i] * m[0] ^ c[i + 1] * m[1] ^ c[i + 2] * m[2] ^ c[i + 3] * m[3]) % 2**64 >> 40 & learned._MASK
            for i in range(len(c) - 3)
        ]
        return np.asarray(h, dtype=np.int64)

    texts = [
        "",
        "a",
        "a b",
        "the cat and the cat",
        "写一个快速排序 函数 😀 x",
        "lone \ud800 surrogate",
        "abc",
    ]
    texts.append(" ".join(f"w{i}" for i in range(300)))
    monkeypatch.setattr(learned, "_TOKEN_CACHE_LIMIT", 50)  # the long text overflows the cache
    for _ in range(2):  # cold, then warm
        for text in texts:
            tokens = learned._TOKEN.findall(text)
            assert learned._word_buckets(tokens).tolist() == words(tokens)
            assert learned._char_grams(text).tolist() == grams(text).tolist()
            both = np.concatenate((learned._word_buckets(tokens), learned._char_grams(text)))
            assert learned._distinct(both.copy()).tolist() == np.unique(both).tolist()


def test_long_turn_is_read_at_its_head_and_tail_only() -> None:
    body = "lorem ipsum dolor " * 2000
    a = featurize([{"role": "user", "content": "Summarize: " + body + " in one line."}])
    b = featurize(
        [{"role": "user", "content": "Summarize: " + body[:-18] + "sit amet ipsum " + " in one line."}]
    )
    assert len(a.indices) < 4000  # bounded however long the paste
    assert a.dense[9] > 0.8  # the length itself still counts (log tokens / 4)
    assert b.indices.size > 0


def test_training_separates_and_calibrates() -> None:
    rows = _rows()
    fit = [r for r in rows if r["split"] == "train"]
    dev = [r for r in rows if r["split"] == "dev"]
    model = train(fit, dev)
    test = [r for r in rows if r["split"] == "test"]
    scores = [model.score(r["messages"]) for r in test]
    assert all(0.0 < s < 1.0 for s in scores)
    right = sum((s >= 0.5) == (r["expected_route"] == "cloud") for s, r in zip(scores, test, strict=True))
    assert right / len(test) >= 0.9
    assert model.platt_a > 0  # calibration keeps the order of the margin


def test_training_needs_both_routes() -> None:
    rows = [r for r in _rows() if r["expected_route"] == "local"]
    with pytest.raises(ConfigError, match="both"):
        train(rows)


def test_save_is_deterministic_and_load_checks_the_files(tmp_path: Path) -> None:
    rows = _rows()
    a = train([r for r in rows if r["split"] == "train"], [r for r in rows if r["split"] == "dev"])
    b = train([r for r in rows if r["split"] == "train"], [r for r in rows if r["split"] == "dev"])
    a.save(tmp_path / "a")
    b.save(tmp_path / "b")
    for name in ("weights.npy", "manifest.json"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    loaded = DifficultyModel.load(tmp_path / "a")
    msg = [{"role": "user", "content": "Design a distributed cache for Oslo"}]
    assert loaded.score(msg) == pytest.approx(a.score(msg), abs=1e-6)

    weights = np.load(tmp_path / "a" / "weights.npy")
    weights[0] += 1.0
    np.save(tmp_path / "a" / "weights.npy", weights)
    with pytest.raises(ConfigError, match="does not match its manifest"):
        DifficultyModel.load(tmp_path / "a")

    manifest = json.loads((tmp_path / "b" / "manifest.json").read_text())
    manifest["feature_version"] = 999
    (tmp_path / "b" / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(ConfigError, match="retrain it with `edged route train`"):
        DifficultyModel.load(tmp_path / "b")
    with pytest.raises(ConfigError, match="cannot read"):
        DifficultyModel.load(tmp_path / "missing")


def test_train_from_corpus_records_what_it_was_made_from(tmp_path: Path) -> None:
    corpus = _write_corpus(tmp_path / "c.jsonl.gz", _rows())
    public = tmp_path / "public.jsonl"
    public.write_text("".join(json.dumps(r) + "\n" for r in _rows(("delta",))[:12]))
    model = train_from_corpus(corpus, public=public, command="edged route train --corpus c.jsonl.gz")
    rows, digest = load_corpus(corpus)
    assert model.manifest["corpus"]["sha256"] == digest
    assert model.manifest["corpus"]["sources"] == ["alpha", "beta", "gamma"]
    assert model.manifest["splits"]["train"] == sum(r["split"] == "train" for r in rows)
    metrics = model.manifest["metrics"]
    assert set(metrics) >= {"dev", "test", "test_per_source", "public"}
    assert metrics["public"]["rows"] == 12


def test_corpus_errors_name_the_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(_rows()[0]) + "\n{not json\n")
    with pytest.raises(ConfigError, match=r"bad.jsonl:2: not valid JSON"):
        load_corpus(bad)
    bad.write_text(
        json.dumps({"messages": [{"role": "user", "content": "x"}], "expected_route": "maybe"}) + "\n"
    )
    with pytest.raises(ConfigError, match="expected_route"):
        load_corpus(bad)


def test_leave_one_source_out_reports_every_source_and_peer() -> None:
    rows = _rows(("alpha", "beta", "gamma", "delta"))
    seen: list[int] = []

    def peer(batch: list[dict]) -> list[str]:
        seen.append(len(batch))
        return ["cloud"] * len(batch)

    report = loso(rows, peers={"always_cloud": peer, "absent": lambda batch: None})
    assert set(report["sources"]) == {"alpha", "beta", "gamma", "delta"}
    assert seen == [len(rows)]
    for entry in report["sources"].values():
        assert set(entry) >= {"rows", "learned", "rules", "always_cloud"}
        assert entry["always_cloud"] == pytest.approx(0.5)
    assert set(report["mean"]) == {"learned", "rules", "always_cloud"}
    assert report["min"]["learned"] <= report["mean"]["learned"]
    assert report["missing"] == {"absent": "not available"}
    with pytest.raises(ConfigError, match="two sources"):
        loso(_rows(("alpha",)))


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "edged", *args], capture_output=True, text=True, cwd=cwd, timeout=300
    )


def test_cli_route_train_is_reproducible(tmp_path: Path) -> None:
    corpus = _write_corpus(tmp_path / "corpus.jsonl.gz", _rows())
    outs = []
    for name in ("one", "two"):
        done = _cli(
            "route", "train", "--corpus", str(corpus), "--out", str(tmp_path / name), "--json", cwd=tmp_path
        )
        assert done.returncode == 0, done.stderr
        report = json.loads(done.stdout)
        assert report["command"] == "edged route train --corpus corpus.jsonl.gz"
        outs.append([(tmp_path / name / f).read_bytes() for f in ("weights.npy", "manifest.json")])
    assert outs[0] == outs[1]
    done = _cli(
        "route", "train", "--corpus", str(tmp_path / "nope.jsonl"), "--out", str(tmp_path / "x"), cwd=tmp_path
    )
    assert done.returncode != 0
    assert "cannot read the corpus" in done.stderr


def test_cli_eval_loso_json(tmp_path: Path) -> None:
    corpus = _write_corpus(tmp_path / "corpus.jsonl.gz", _rows())
    done = _cli("eval", "routing", str(corpus), "--loso", "--json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert set(report["sources"]) == {"alpha", "beta", "gamma"}
    assert {"learned", "rules"} <= set(report["mean"]) and {"learned", "rules"} <= set(report["min"])


def _decision(config: RouterConfig, text: str):
    conditions = conditions_at_rest(Config(), cloud_configured=True)
    return decide(RouteRequest(messages=({"role": "user", "content": text},)), conditions, config)


def test_router_uses_the_configured_scorer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rows = _rows()
    model = train([r for r in rows if r["split"] == "train"], [r for r in rows if r["split"] == "dev"])
    monkeypatch.setattr(learned, "_DEFAULT", [model])
    text = (
        "Implement a lock-free concurrent hash map in C++ with resizing, and prove it linearizable for Oslo."
    )
    with_model = _decision(RouterConfig(), text)
    assert with_model.features["scorer"] == "learned"
    assert with_model.score == pytest.approx(model.score([{"role": "user", "content": text}]), abs=1e-9)
    assert with_model.features["rule_score"] is not None
    rules = _decision(RouterConfig(scorer="rules"), text)
    assert rules.features["scorer"] == "rules" and rules.features["rule_score"] is None
    assert rules.score == pytest.approx(with_model.features["rule_score"], abs=1e-4)


def test_unreadable_shipped_model_falls_back_to_the_rules(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(learned, "DEFAULT_MODEL_DIR", tmp_path / "absent")
    monkeypatch.setattr(learned, "_DEFAULT", [])
    assert learned.default_model() is None
    assert "cannot read the difficulty model" in (learned.default_model_problem() or "")
    decision = _decision(RouterConfig(), "What is the capital of Peru?")
    assert decision.features["scorer"] == "rules"


def test_shipped_model_is_what_route_train_makes_of_the_corpus() -> None:
    # The package's model must come from the corpus in the repository by the recorded command: a
    # corpus or feature change without a retrain (`edged route train --public …`) fails here.
    from edged.router.learned import DEFAULT_MODEL_DIR
    from edged.router.training import default_corpus

    shipped = DifficultyModel.load(DEFAULT_MODEL_DIR)
    _, digest = load_corpus(default_corpus())
    assert shipped.manifest["corpus"]["sha256"] == digest
    again = train_from_corpus(default_corpus())
    # Same machine, same bytes; another CPU's BLAS may round the last bits differently.
    np.testing.assert_allclose(again.weights, shipped.weights, rtol=0, atol=1e-5)
    assert again.bias == pytest.approx(shipped.bias, abs=1e-6)
    assert (again.platt_a, again.platt_b) == pytest.approx((shipped.platt_a, shipped.platt_b), abs=1e-5)
    for split in ("dev", "test"):
        assert again.manifest["metrics"][split] == shipped.manifest["metrics"][split]
