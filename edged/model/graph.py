"""Passes over the built ONNX graph, run by `edged model build` after the model builder.

Each pass leaves the model's results bit for bit as they were (tests run a graph before and
after) and makes decoding cheaper:

* `fuse_parallel_matmuls`: two MatMulNBits nodes that read the same activations with the same
  quantization (an MLP's gate and up projections) become one node over both weight matrices,
  followed by a Split: one kernel launch and one thread-pool fork/join less per layer, and a
  wider matrix for the threads to share.
* `add_logprobs`: a `logprobs` output, log-softmax of the logits in float32, which the engine
  reads for the chosen token's log-probability instead of exponentiating the vocabulary in numpy.

Build time only: this module imports onnx and numpy, never loaded by the daemon.
"""

from __future__ import annotations

from typing import Any

__all__ = ["LOGPROBS", "add_logprobs", "fuse_parallel_matmuls"]

LOGPROBS = "logprobs"
_MS_DOMAIN = "com.microsoft"


def add_logprobs(model: Any) -> bool:
    """Add the `logprobs` output; False when the graph has no `logits` output or has it already."""
    from onnx import TensorProto, helper

    graph = model.graph
    outputs = {o.name: o for o in graph.output}
    if "logits" not in outputs or LOGPROBS in outputs:
        return False
    logits = outputs["logits"].type.tensor_type
    dims = [d.dim_param or (d.dim_value if d.HasField("dim_value") else None) for d in logits.shape.dim]
    source = "logits"
    if logits.elem_type != TensorProto.FLOAT:  # float16 graphs (CUDA): the softmax in float32
        source = "edged/logprobs/logits_fp32"
        graph.node.append(
            helper.make_node("Cast", ["logits"], [source], name="edged/logprobs/Cast", to=TensorProto.FLOAT)
        )
    graph.node.append(helper.make_node("LogSoftmax", [source], [LOGPROBS], name="edged/logprobs", axis=-1))
    graph.output.append(helper.make_tensor_value_info(LOGPROBS, TensorProto.FLOAT, dims))
    return True


def fuse_parallel_matmuls(model: Any) -> int:
    """Merge pairs of MatMulNBits nodes on the same input; returns how many pairs were merged.

    MatMulNBits computes every output column from its own rows of the packed weights (B is
    [N, blocks, blob], scales [N * blocks]), so stacking two weight matrices along N and
    splitting the output gives the same numbers. Only plain nodes qualify: no zero points,
    group index or bias, identical attributes but N, weights stored as initializers.
    """
    import numpy as np
    from onnx import helper, numpy_helper

    graph = model.graph
    initializers = {t.name: t for t in graph.initializer}
    consumers: dict[str, list[Any]] = {}
    for node in graph.node:
        if node.op_type == "MatMulNBits" and node.domain == _MS_DOMAIN and node.input:
            consumers.setdefault(node.input[0], []).append(node)

    uses: dict[str, int] = {}
    for node in graph.node:
        for name in node.input:
            uses[name] = uses.get(name, 0) + 1
    replaced: dict[int, list[Any]] = {}  # id(first node) -> its replacement nodes
    dropped: set[int] = set()
    for first, second in (pair for pair in consumers.values() if len(pair) == 2):
        if not (_plain(first, initializers, uses) and _plain(second, initializers, uses)):
            continue
        attrs_a, attrs_b = _attrs(first), _attrs(second)
        n_a, n_b = attrs_a.pop("N"), attrs_b.pop("N")
        if attrs_a != attrs_b:
            continue
        base = first.name.rsplit("/", 1)[0] + "/fused_" + _tail(first) + "_" + _tail(second)
        weights = [numpy_helper.to_array(initializers[n.input[1]]) for n in (first, second)]
        scales = [numpy_helper.to_array(initializers[n.input[2]]) for n in (first, second)]
        names = (f"{base}.weight_Q{attrs_a.get('bits', 4)}", f"{base}.weight_scales", f"{base}.split")
        graph.initializer.extend(
            [
                numpy_helper.from_array(np.concatenate(weights, axis=0), names[0]),
                numpy_helper.from_array(np.concatenate(scales, axis=0), names[1]),
                numpy_helper.from_array(np.array([n_a, n_b], dtype=np.int64), names[2]),
            ]
        )
        for node in (first, second):
            for name in node.input[1:3]:
                graph.initializer.remove(initializers.pop(name))
        joined = f"{base}/output_0"
        replaced[id(first)] = [
            helper.make_node(
                "MatMulNBits",
                [first.input[0], names[0], names[1]],
                [joined],
                name=f"{base}/MatMul",
                domain=_MS_DOMAIN,
                N=n_a + n_b,
                **attrs_a,
            ),
            helper.make_node(
                "Split",
                [joined, names[2]],
                [first.output[0], second.output[0]],
                name=f"{base}/Split",
                axis=-1,
            ),
        ]
        dropped.add(id(second))
    if not replaced:
        return 0
    nodes = []
    for node in graph.node:
        if id(node) in dropped:
            continue
        nodes.extend(replaced.get(id(node), [node]))
    del graph.node[:]
    graph.node.extend(nodes)
    return len(replaced)


def _plain(node: Any, initializers: dict[str, Any], uses: dict[str, int]) -> bool:
    """Activations, weights and scales only; both constants that no other node reads (a tied
    embedding shares the head's weights)."""
    return len(node.input) == 3 and all(
        name in initializers and uses.get(name) == 1 for name in node.input[1:3]
    )


def _attrs(node: Any) -> dict[str, Any]:
    from onnx import helper

    return {a.name: helper.get_attribute_value(a) for a in node.attribute}


def _tail(node: Any) -> str:
    """`gate_proj` of `/model/layers.0/mlp/gate_proj/MatMul_Q4`."""
    parts = str(node.name).strip("/").split("/")
    return parts[-2] if len(parts) >= 2 else parts[-1]
