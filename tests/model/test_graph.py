"""edged's graph passes: the same numbers as the builder's graph, fewer kernels per token."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
import pytest
from onnx import TensorProto, helper, numpy_helper

from edged.model.graph import LOGPROBS, TIE_TOLERANCE, add_logprobs, fuse_parallel_matmuls, quantize_embedding

K, BLOCK = 64, 32


def _matmul(
    name: str, source: str, n: int, rng: np.random.Generator
) -> tuple[onnx.NodeProto, list[onnx.TensorProto]]:
    blocks = K // BLOCK
    weights = rng.integers(0, 256, size=(n, blocks, BLOCK // 2), dtype=np.uint8)
    scales = rng.uniform(0.01, 0.1, size=(n * blocks,)).astype(np.float32)
    node = helper.make_node(
        "MatMulNBits",
        [source, f"{name}.w", f"{name}.s"],
        [f"{name}.out"],
        name=f"/model/layers.0/mlp/{name}/MatMul_Q4",
        domain="com.microsoft",
        K=K,
        N=n,
        bits=4,
        block_size=BLOCK,
        accuracy_level=4,
    )
    return node, [numpy_helper.from_array(weights, f"{name}.w"), numpy_helper.from_array(scales, f"{name}.s")]


def _mlp_model(*, share_weights: bool = False) -> onnx.ModelProto:
    """x → gate, up (same input) → silu(gate) * up → logits; plus one more MatMulNBits alone."""
    rng = np.random.default_rng(0)
    gate, gate_init = _matmul("gate_proj", "x", 48, rng)
    n_up = 48 if share_weights else 80
    up, up_init = _matmul("up_proj", "x", n_up, rng)
    if share_weights:  # as a tied embedding shares the head's weights with another node
        up_init = []
        up.input[1], up.input[2] = gate.input[1], gate.input[2]
    nodes = [
        gate,
        up,
        helper.make_node("Sigmoid", ["gate_proj.out"], ["sig"]),
        helper.make_node("Mul", ["gate_proj.out", "sig"], ["silu"]),
        helper.make_node("ReduceMean", ["silu"], ["silu_mean"], keepdims=1, axes=[-1]),
        helper.make_node("ReduceMean", ["up_proj.out"], ["up_mean"], keepdims=1, axes=[-1]),
        helper.make_node("Add", ["silu_mean", "up_mean"], ["logits"]),
    ]
    graph = helper.make_graph(
        nodes,
        "mlp",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 1, K])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, [1, 1, 1])],
        initializer=gate_init + up_init,
    )
    graph.output.append(helper.make_tensor_value_info("up_proj.out", TensorProto.FLOAT, [1, 1, n_up]))
    opsets = [helper.make_opsetid("", 17), helper.make_opsetid("com.microsoft", 1)]
    return helper.make_model(graph, opset_imports=opsets, ir_version=8)


def _run(model: onnx.ModelProto, x: np.ndarray) -> dict[str, np.ndarray]:
    options = ort.SessionOptions()
    options.intra_op_num_threads = 2
    session = ort.InferenceSession(model.SerializeToString(), options, providers=["CPUExecutionProvider"])
    names = [o.name for o in session.get_outputs()]
    return dict(zip(names, session.run(names, {"x": x}), strict=True))


def test_fused_gate_and_up_give_the_same_numbers() -> None:
    model = _mlp_model()
    x = np.random.default_rng(1).standard_normal((1, 1, K)).astype(np.float32)
    before = _run(model, x)
    assert fuse_parallel_matmuls(model) == 1
    ops = [n.op_type for n in model.graph.node]
    assert ops.count("MatMulNBits") == 1 and ops.count("Split") == 1
    fused = next(n for n in model.graph.node if n.op_type == "MatMulNBits")
    assert helper.get_attribute_value(next(a for a in fused.attribute if a.name == "N")) == 48 + 80
    assert {t.name for t in model.graph.initializer}.isdisjoint({"gate_proj.w", "up_proj.w"})
    onnx.checker.check_model(model)
    after = _run(model, x)
    assert before.keys() == after.keys()
    for name in before:
        np.testing.assert_array_equal(before[name], after[name])
    assert fuse_parallel_matmuls(model) == 0  # nothing left to fuse


def test_weights_read_elsewhere_are_left_alone() -> None:
    model = _mlp_model(share_weights=True)
    assert fuse_parallel_matmuls(model) == 0
    assert [n.op_type for n in model.graph.node].count("MatMulNBits") == 2


@pytest.mark.parametrize("dtype", [TensorProto.FLOAT, TensorProto.FLOAT16])
def test_logprobs_output_is_log_softmax_in_float32(dtype: int) -> None:
    vocab = 50
    graph = helper.make_graph(
        [helper.make_node("Identity", ["x"], ["logits"])],
        "head",
        [helper.make_tensor_value_info("x", dtype, ["batch", 1, vocab])],
        [helper.make_tensor_value_info("logits", dtype, ["batch", 1, vocab])],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], ir_version=8)
    assert add_logprobs(model)
    assert not add_logprobs(model)  # once
    out = next(o for o in model.graph.output if o.name == LOGPROBS)
    assert out.type.tensor_type.elem_type == TensorProto.FLOAT
    assert out.type.tensor_type.shape.dim[0].dim_param == "batch"
    np_dtype = np.float32 if dtype == TensorProto.FLOAT else np.float16
    x = (np.random.default_rng(2).standard_normal((2, 1, vocab)) * 5).astype(np_dtype)
    session = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    (logprobs,) = session.run([LOGPROBS], {"x": x})
    wide = x.astype(np.float64)
    expected = wide - wide.max(-1, keepdims=True)
    expected -= np.log(np.exp(expected).sum(-1, keepdims=True))
    np.testing.assert_allclose(logprobs, expected, atol=1e-5)


def test_a_graph_without_logits_is_unchanged() -> None:
    graph = helper.make_graph(
        [helper.make_node("Identity", ["x"], ["y"])],
        "g",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1])],
    )
    model = helper.make_model(graph)
    assert not add_logprobs(model)
    assert fuse_parallel_matmuls(model) == 0


def test_built_model_has_the_passes_applied(tiny_model: Path) -> None:
    model = onnx.load(str(tiny_model / "model.onnx"), load_external_data=False)
    assert LOGPROBS in {o.name for o in model.graph.output}
    ops = [n.op_type for n in model.graph.node]
    layers = sum(1 for n in model.graph.node if n.op_type == "GroupQueryAttention")
    assert ops.count("Split") == layers  # one fused gate/up pair per layer
    inputs = [n.input[0] for n in model.graph.node if n.op_type == "MatMulNBits"]
    assert len(inputs) == len(set(inputs))  # no two MatMulNBits left on one input
    data = tiny_model / "model.onnx.data"
    assert data.stat().st_mode & 0o777 == (tiny_model / "model.onnx").stat().st_mode & 0o777


def _quantize_rows(table: np.ndarray, bits: int, block: int) -> tuple[np.ndarray, np.ndarray]:
    """Rows of `table` as MatMulNBits stores them: [rows, blocks, bytes] codes (zero point 8 or
    128) and one scale per block, the way the ONNX builder writes a quantized LM head."""
    rows, hidden = table.shape
    blocks = -(-hidden // block)
    padded = np.zeros((rows, blocks * block), dtype=np.float32)
    padded[:, :hidden] = table
    padded = padded.reshape(rows, blocks, block)
    levels = 1 << (bits - 1)
    scales = np.abs(padded).max(-1) / (levels - 1)
    codes = np.clip(np.rint(padded / scales[..., None]) + levels, 0, 2 * levels - 1).astype(np.uint8)
    if bits == 4:
        codes = codes[..., 0::2] | (codes[..., 1::2] << 4)
    return codes, scales.astype(np.float32)


def _embedding_model(
    table: np.ndarray, head: np.ndarray | None, *, bits: int = 4, flat_scales: bool = False
) -> onnx.ModelProto:
    """input_ids → Gather(table) → `hidden` output; when `head` is given, also the last position
    → MatMulNBits(head) → logits, as a builder's graph of a model loaded with its own head."""
    vocab, hidden = table.shape
    nodes = [
        helper.make_node(
            "Gather", ["embed.weight", "input_ids"], ["hidden"], name="/model/embed_tokens/Gather"
        )
    ]
    inits = [numpy_helper.from_array(table, "embed.weight")]
    outputs = [helper.make_tensor_value_info("hidden", TensorProto.FLOAT, [1, "seq", hidden])]
    if head is not None:
        codes, scales = _quantize_rows(head, bits, BLOCK)
        inits += [
            numpy_helper.from_array(codes, "lm_head.weight_Q"),
            numpy_helper.from_array(scales.reshape(-1) if flat_scales else scales, "lm_head.weight_scales"),
        ]
        nodes.append(
            helper.make_node(
                "MatMulNBits",
                ["hidden", "lm_head.weight_Q", "lm_head.weight_scales"],
                ["logits"],
                name="/lm_head/MatMul_Q4",
                domain="com.microsoft",
                K=hidden,
                N=vocab,
                bits=bits,
                block_size=BLOCK,
            )
        )
        outputs.append(helper.make_tensor_value_info("logits", TensorProto.FLOAT, [1, "seq", vocab]))
    graph = helper.make_graph(
        nodes,
        "embed",
        [helper.make_tensor_value_info("input_ids", TensorProto.INT64, [1, "seq"])],
        outputs,
        initializer=inits,
    )
    opsets = [helper.make_opsetid("", 21), helper.make_opsetid("com.microsoft", 1)]
    return helper.make_model(graph, opset_imports=opsets, ir_version=10)


def _embed(model: onnx.ModelProto, ids: np.ndarray) -> dict[str, np.ndarray]:
    session = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    names = [o.name for o in session.get_outputs()]
    return dict(zip(names, session.run(names, {"input_ids": ids}), strict=True))


IDS = np.array([[0, 7, 95, 3, 7]], dtype=np.int64)


@pytest.mark.parametrize(("bits", "hidden", "flat_scales"), [(4, 64, False), (4, 80, True), (8, 64, False)])
def test_a_tied_head_lends_the_embedding_its_quantized_weights(
    bits: int, hidden: int, flat_scales: bool
) -> None:
    table = np.random.default_rng(3).standard_normal((96, hidden)).astype(np.float32)
    model = _embedding_model(table, table, bits=bits, flat_scales=flat_scales)
    before = _embed(model, IDS)
    info = quantize_embedding(model)
    assert info is not None and info["shared_with_lm_head"] and info["tie"] == "measured"
    assert info["bits"] == bits and info["tie_relative_error"] < TIE_TOLERANCE
    names = {t.name for t in model.graph.initializer}
    assert "embed.weight" not in names  # the float table is gone, no quantized copy added
    assert not any(n.startswith("model.embed_tokens.") for n in names)
    gather = next(n for n in model.graph.node if n.op_type == "GatherBlockQuantized")
    assert gather.input[0] == "lm_head.weight_Q"  # read in place: no Reshape for ORT to fold into a copy
    reshape = next(n for n in model.graph.node if n.output[0] == gather.input[2])
    assert reshape.input[0] == "lm_head.weight_scales"
    onnx.checker.check_model(model)
    after = _embed(model, IDS)
    # The embedding now reads exactly the head's numbers: dequantized, row by row.
    codes, scales = _quantize_rows(table, bits, BLOCK)
    if bits == 4:
        codes = np.stack([codes & 0x0F, codes >> 4], -1).reshape(96, -1, BLOCK)
    expected = ((codes.astype(np.float32) - (1 << (bits - 1))) * scales[..., None]).reshape(96, -1)[
        :, :hidden
    ]
    np.testing.assert_allclose(after["hidden"][0], expected[IDS[0]], rtol=1e-6, atol=1e-6)
    error = np.linalg.norm(after["hidden"] - before["hidden"]) / np.linalg.norm(before["hidden"])
    assert 0 < error < (0.15 if bits == 4 else 0.01)
    np.testing.assert_array_equal(after["logits"].argmax(-1), before["logits"].argmax(-1))


def test_an_untied_head_leaves_the_embedding_a_table_of_its_own() -> None:
    rng = np.random.default_rng(4)
    table = rng.standard_normal((96, 64)).astype(np.float32)
    model = _embedding_model(table, rng.standard_normal((96, 64)).astype(np.float32))
    info = quantize_embedding(model)
    assert info is not None and not info["shared_with_lm_head"] and info["tie"] == "none"
    assert info["tie_relative_error"] > 1.0
    gather = next(n for n in model.graph.node if n.op_type == "GatherBlockQuantized")
    assert gather.input[0] == "model.embed_tokens.weight_Q4"
    assert "embed.weight" not in {t.name for t in model.graph.initializer}
    hidden = _embed(model, IDS)["hidden"][0]
    error = np.linalg.norm(hidden - table[IDS[0]]) / np.linalg.norm(table[IDS[0]])
    assert 0 < error < 0.15  # int4 in blocks of 32: about 0.1


@pytest.mark.parametrize("hidden", [64, 72])
def test_a_table_without_a_head_is_quantized_in_whole_blocks(hidden: int) -> None:
    table = np.random.default_rng(5).standard_normal((96, hidden)).astype(np.float32)
    model = _embedding_model(table, None)
    info = quantize_embedding(model, bits=8)
    assert info is not None and info["bits"] == 8 and info["tie_relative_error"] is None
    hidden_out = _embed(model, IDS)["hidden"]
    assert hidden_out.shape == (1, 5, hidden)
    np.testing.assert_allclose(hidden_out[0], table[IDS[0]], atol=np.abs(table).max() / 100)
    assert quantize_embedding(model) == {  # a second run reports the table and changes nothing
        "op": "GatherBlockQuantized",
        "bits": 8,
        "block_size": BLOCK,
        "shared_with_lm_head": False,
        "tie": "config",
    }
