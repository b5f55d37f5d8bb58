"""edged's graph passes: the same numbers as the builder's graph, fewer kernels per token."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
import pytest
from onnx import TensorProto, helper, numpy_helper

from edged.model.graph import LOGPROBS, add_logprobs, fuse_parallel_matmuls

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
