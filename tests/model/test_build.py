"""`edged model build` on a tiny Hugging Face folder: the same pipeline as the default model."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
import pytest

import edged.model.graph
from edged.engine import Engine
from edged.exceptions import ModelError
from edged.model.build import build_model
from edged.model.manifest import Manifest, verify_folder
from edged.protocol import SamplingParams
from tests.support.tiny_model import write_tiny_hf

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def tiny_hf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_tiny_hf(tmp_path_factory.mktemp("hf") / "tiny")


def test_manifest_records_source_and_every_file(tiny_model: Path) -> None:
    manifest = Manifest.read(tiny_model)
    on_disk = {p.name for p in tiny_model.iterdir() if p.name != "manifest.json"}
    assert set(manifest.files) == on_disk
    assert {
        "model.onnx",
        "model.onnx.data",
        "tokenizer.json",
        "chat_template.jinja",
        "generation_config.json",
    } <= on_disk
    assert manifest.precision == "int4" and manifest.opset >= 17
    assert manifest.source["kind"] == "huggingface" and len(manifest.source["sha256"]) == 64
    assert manifest.onnxruntime_version and manifest.eos_token_ids == [2]
    assert manifest.context_length == 512 and manifest.num_layers == 2
    verify_folder(tiny_model, manifest)


@pytest.mark.parametrize("precision", ["int8", "fp32"])
def test_other_precisions_build_and_generate(tiny_hf: Path, tmp_path: Path, precision: str) -> None:
    result = build_model(tmp_path / precision, source=tiny_hf, precision=precision, quiet=True)
    assert result.built and result.manifest.precision == precision
    engine = Engine(result.path)
    engine.load()
    generation = engine.generate([{"role": "user", "content": "Hello"}], SamplingParams(max_tokens=5))
    list(generation)
    assert generation.result is not None and generation.result.stats.completion_tokens >= 1


def test_a_tied_model_gathers_from_the_heads_quantized_table(tiny_model: Path) -> None:
    embedding = Manifest.read(tiny_model).extra["embedding"]
    assert embedding == {
        "op": "GatherBlockQuantized",
        "bits": 4,
        "block_size": 32,
        "shared_with_lm_head": True,
        "tie": "config",  # the builder shared it; edged's pass laid the gather out again
    }
    _assert_head_lends_its_table(tiny_model)


def _assert_head_lends_its_table(folder: Path) -> None:
    model = onnx.load(str(folder / "model.onnx"), load_external_data=False)
    # Every name assigned once (onnx's checker knows none of the builder's contrib ops).
    assigned = [o for n in model.graph.node for o in n.output if o] + [
        t.name for t in model.graph.initializer
    ]
    assert len(assigned) == len(set(assigned))
    ort.InferenceSession(str(folder / "model.onnx"), providers=["CPUExecutionProvider"])
    nodes = {n.output[0]: n for n in model.graph.node}
    gather = next(n for n in model.graph.node if n.op_type == "GatherBlockQuantized")
    head = next(n for n in model.graph.node if n.op_type == "MatMulNBits" and n.output[0] == "logits")
    assert gather.input[0] == head.input[1]  # the same weights, read in place
    assert nodes[gather.input[2]].input[0] == head.input[2]  # the same scales, through a Reshape
    assert not [n for n in model.graph.node if n.op_type == "Gather" and "input_ids" in n.input]
    shape = [next(a.i for a in head.attribute if a.name == name) for name in ("N", "K")]
    assert not [t.name for t in model.graph.initializer if list(t.dims) == shape]  # no float table left


def _greedy_logits(
    folder: Path, prompt: list[int], steps: int, forced: list[int] | None = None
) -> np.ndarray:
    """Last-position logits over `steps` greedy steps (or along `forced` tokens), by full prefill."""
    manifest = Manifest.read(folder)
    session = ort.InferenceSession(str(folder / "model.onnx"), providers=["CPUExecutionProvider"])
    names = {i.name for i in session.get_inputs()}
    empty = np.zeros((1, manifest.num_kv_heads, 0, manifest.head_dim), dtype=np.float32)
    ids, rows = list(prompt), []
    for step in range(steps):
        feed = {
            "input_ids": np.array([ids], dtype=np.int64),
            "attention_mask": np.ones((1, len(ids)), np.int64),
        }
        feed.update({n: empty for n in names if n.startswith("past_key_values.")})
        if "position_ids" in names:
            feed["position_ids"] = np.arange(len(ids), dtype=np.int64)[None]
        (logits,) = session.run(["logits"], feed)
        rows.append(logits[0, -1])
        ids.append(int(logits[0, -1].argmax()) if forced is None else forced[step])
    return np.stack(rows)


def test_a_head_stored_apart_shares_its_table_and_keeps_the_numbers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hf = write_tiny_hf(tmp_path / "hf", head_apart=True)
    built = build_model(tmp_path / "quantized", source=hf, quiet=True).path
    embedding = Manifest.read(built).extra["embedding"]
    assert embedding["shared_with_lm_head"] and embedding["tie"] == "measured"
    assert embedding["op"] == "GatherBlockQuantized" and embedding["bits"] == 4
    _assert_head_lends_its_table(built)

    # The same recipe with the float table kept: what every build did before.
    monkeypatch.setattr(edged.model.graph, "quantize_embedding", lambda model, **kw: None)
    reference = build_model(tmp_path / "float", source=hf, quiet=True).path
    assert Manifest.read(reference).extra["embedding"] == {"op": "Gather", "bits": None}
    assert (built / "model.onnx.data").stat().st_size < (reference / "model.onnx.data").stat().st_size

    prompt = [1, 40, 41, 42, 43, 44, 45]
    expected = _greedy_logits(reference, prompt, 8)
    got = _greedy_logits(built, prompt, 8, forced=[int(r.argmax()) for r in expected])
    diff = np.abs(got - expected).max(axis=-1)
    spread = (expected.max(axis=-1) - expected.min(axis=-1)).min()
    assert 0 < diff.max() < 0.1 * spread  # int4 noise in the input vectors: a few % of the spread
    ordered = np.sort(expected, axis=-1)
    clear = ordered[:, -1] - ordered[:, -2] > 2 * diff  # steps whose winner noise cannot flip
    assert (got.argmax(-1) == expected.argmax(-1))[clear].all()


def test_unchanged_rerun_does_nothing_and_force_rebuilds(tiny_hf: Path, tmp_path: Path) -> None:
    out = tmp_path / "m"
    first = build_model(out, source=tiny_hf, quiet=True)
    stamp = (out / "model.onnx").stat().st_mtime_ns
    again = build_model(out, source=tiny_hf, quiet=True)
    assert first.built and not again.built
    assert (out / "model.onnx").stat().st_mtime_ns == stamp
    # The build time is recorded for `edged bench models`; an unchanged rerun keeps the first one.
    assert first.manifest.extra["build_s"] > 0 and first.manifest.extra["fetch_s"] >= 0
    assert again.manifest.extra["build_s"] == first.manifest.extra["build_s"]
    forced = build_model(out, source=tiny_hf, quiet=True, force=True)
    assert forced.built and forced.manifest.build_key == first.manifest.build_key
    # A rebuild makes the same bytes (a shipped capability profile is keyed to them), also inside a
    # git checkout, whose commit the builder would otherwise write into the graph.
    assert forced.manifest.files == first.manifest.files
    assert "+" not in onnx.load(str(out / "model.onnx"), load_external_data=False).producer_version
    # A tampered folder is rebuilt, not trusted.
    (out / "tokenizer_config.json").write_text("{}")
    assert build_model(out, source=tiny_hf, quiet=True).built


def test_the_block_size_is_the_builds_and_part_of_its_key(tiny_hf: Path, tmp_path: Path) -> None:
    default = build_model(tmp_path / "b32", source=tiny_hf, quiet=True)
    wide = build_model(tmp_path / "b64", source=tiny_hf, quiet=True, block_size=64)
    assert default.manifest.builder["block_size"] == "32" and wide.manifest.builder["block_size"] == "64"
    assert wide.manifest.build_key != default.manifest.build_key
    graph = onnx.load(str(wide.path / "model.onnx"), load_external_data=False)
    sizes = {
        a.i
        for n in graph.graph.node
        if n.op_type == "MatMulNBits"
        for a in n.attribute
        if a.name == "block_size"
    }
    assert sizes == {64}
    engine = Engine(wide.path)
    engine.load()
    generation = engine.generate([{"role": "user", "content": "Hello"}], SamplingParams(max_tokens=3))
    list(generation)
    assert generation.result is not None and generation.result.stats.completion_tokens >= 1
    with pytest.raises(ModelError, match="block size must be one of"):
        build_model(tmp_path / "bad", source=tiny_hf, quiet=True, block_size=48)


def test_a_failed_build_leaves_no_half_model(tiny_hf: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken-hf"
    broken.mkdir()
    for path in tiny_hf.iterdir():
        (broken / path.name).write_bytes(path.read_bytes())
    config = json.loads((broken / "config.json").read_text())
    config["architectures"] = ["NoSuchArchitectureForCausalLM"]
    (broken / "config.json").write_text(json.dumps(config))
    out = tmp_path / "models" / "out"
    with pytest.raises(ModelError, match="builder failed"):
        build_model(out, source=broken, quiet=True)
    assert not out.exists()
    assert list(out.parent.iterdir()) == []  # no temporary folder left behind


def test_interrupted_build_keeps_the_previous_model(tiny_hf: Path, tmp_path: Path) -> None:
    out = tmp_path / "models" / "m"
    build_model(out, source=tiny_hf, quiet=True)
    before = Manifest.read(out).build_key
    code = (
        "import os, signal, sys\n"
        "from pathlib import Path\n"
        "import edged.model.build as b\n"
        "real = b._run_builder\n"
        "def killed(*a, **k):\n"
        "    real(*a, **k)\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n"
        "b._run_builder = killed\n"
        f"b.build_model(Path({str(out)!r}), source={str(tiny_hf)!r}, force=True, quiet=True)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, timeout=300)
    assert proc.returncode == -9
    # The old folder is intact; the half-built one is a hidden temp folder, swept by the next build.
    assert Manifest.read(out).build_key == before
    verify_folder(out, Manifest.read(out))
    leftovers = [p for p in out.parent.iterdir() if p.name.startswith(".m.building-")]
    assert leftovers
    build_model(out, source=tiny_hf, quiet=True, force=True)
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".m.building-")]


def test_cli_build_verify_and_info(tiny_hf: Path, tmp_path: Path) -> None:
    out = tmp_path / "cli-model"
    env = dict(os.environ, PYTHONPATH=str(REPO))
    run = lambda *args: subprocess.run(  # noqa: E731
        [sys.executable, "-m", "edged", "model", *args], capture_output=True, text=True, env=env, timeout=300
    )
    built = run("build", "--from", str(tiny_hf), "--output", str(out), "--quiet")
    assert built.returncode == 0, built.stderr
    assert "built" in built.stdout
    again = run("build", "--from", str(tiny_hf), "--output", str(out), "--quiet")
    assert "up to date" in again.stdout
    assert run("verify", str(out)).returncode == 0
    info = json.loads(run("info", str(out)).stdout)
    assert info["name"].endswith("-int4")
    (out / "model.onnx.data").write_bytes(b"corrupt")
    bad = run("verify", str(out))
    assert bad.returncode == 3 and "model.onnx.data" in bad.stderr


def test_runtime_never_imports_the_build_stack(tiny_model: Path) -> None:
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from edged.engine import Engine\n"
        "from edged.protocol import SamplingParams\n"
        f"e = Engine(Path({str(tiny_model)!r})); e.load()\n"
        "list(e.generate([{'role': 'user', 'content': 'hi'}], SamplingParams(max_tokens=3)))\n"
        "heavy = [m for m in ('torch', 'transformers', 'onnxruntime_genai', 'onnx', 'gguf') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO, timeout=120)
