"""The routing training corpus (tests/router/corpus): raw files, reproducible build, schema, no leak of the public set."""

from __future__ import annotations

import collections
import gzip
import hashlib
import importlib.util
import json
from pathlib import Path

import pytest

CORPUS_DIR = Path(__file__).resolve().parent / "corpus"
RAW = CORPUS_DIR / "raw"
CORPUS = CORPUS_DIR / "corpus.jsonl.gz"
REPO = Path(__file__).resolve().parents[2]
PUBLIC = REPO / ".." / "shared" / "eval" / "routing_public.jsonl"

KEYS = {"id", "source", "license", "category", "messages", "expected_route", "why", "split", "lang"}


def _load_build():
    spec = importlib.util.spec_from_file_location("router_corpus_build", CORPUS_DIR / "build.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def build():
    return _load_build()


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    with gzip.open(CORPUS, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def test_raw_files_match_sha256sums() -> None:
    listed = {}
    for line in (RAW / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        if line.strip():
            digest, name = line.split(None, 1)
            listed[name.strip()] = digest
    present = {
        p.relative_to(RAW).as_posix() for p in RAW.rglob("*") if p.is_file() and p.name != "SHA256SUMS"
    }
    assert present == set(listed), "raw/ and raw/SHA256SUMS list different files"
    for name, digest in sorted(listed.items()):
        assert hashlib.sha256((RAW / name).read_bytes()).hexdigest() == digest, name


def test_rebuild_is_byte_identical(build, tmp_path: Path) -> None:
    out = tmp_path / "corpus.jsonl.gz"
    build.main(["--out", str(out), "--quiet"])
    assert out.read_bytes() == CORPUS.read_bytes(), (
        "corpus.jsonl.gz is stale: run python3 tests/router/corpus/build.py"
    )


def test_rows_have_the_schema(rows: list[dict]) -> None:
    assert len(rows) >= 5000
    assert len({r["source"] for r in rows}) >= 12
    assert len({r["id"] for r in rows}) == len(rows)
    for r in rows:
        assert set(r) == KEYS, r["id"]
        assert r["id"].startswith(r["source"] + "-")
        assert r["expected_route"] in ("local", "cloud")
        assert r["split"] in ("train", "dev", "test")
        assert r["why"] and r["license"] and r["category"] and r["lang"]
        msgs = r["messages"]
        assert msgs and msgs[-1]["role"] == "user", r["id"]
        assert all(m["role"] in ("user", "assistant", "system") and m["content"] for m in msgs), r["id"]


def test_both_routes_come_from_several_sources(rows: list[dict]) -> None:
    by_route = collections.defaultdict(set)
    for r in rows:
        by_route[r["expected_route"]].add(r["source"])
    assert len(by_route["local"]) >= 5 and len(by_route["cloud"]) >= 5


def test_split_is_a_hash_of_the_id(build, rows: list[dict]) -> None:
    assert all(r["split"] == build.split_of(r["id"]) for r in rows)


def test_no_duplicate_single_turn_prompts(build, rows: list[dict]) -> None:
    keys = [build.norm(r["messages"][-1]["content"]) for r in rows if len(r["messages"]) == 1]
    assert len(keys) == len(set(keys))


def test_no_public_prompt_in_the_corpus(build, rows: list[dict]) -> None:
    if not PUBLIC.exists():
        pytest.skip(
            f"{PUBLIC} is absent (shared eval set not checked out next to the repo); leak check skipped"
        )
    public = set()
    for line in PUBLIC.read_text(encoding="utf-8").splitlines():
        if line.strip():
            public.add(build.norm(json.loads(line)["messages"][-1]["content"]))
    leaked = [r["id"] for r in rows if build.norm(r["messages"][-1]["content"]) in public]
    assert not leaked, leaked[:10]
