"""Passes over the built ONNX graph, run by `edged model build` after the model builder.

Each pass leaves the model's results bit for bit as they were (tests run a graph before and
after) and makes decoding cheaper:

* `fuse_parallel_matmuls`: two MatMulNBits nodes that read the same activations with the same
  quantization (an MLP's gate and up projections) become one node over both weight matrices,
  followed by a Split: one kernel launch and one thread-pool fork/join less per layer, and a
  wider matrix for the threads to share.
* `add_logprobs`: a `logprobs` output, log-softmax of the logits in float32, which the engine
  reads for the chosen token's log-probability instead of exponentiating the vocabulary in numpy.

One pass changes the numbers, on purpose and within quantization noise:

* `quantize_embedding`: the token embedding is gathered from a block-quantized table
  (GatherBlockQuantized) instead of a float one. Where the LM head holds the same matrix, the
  gather reads the head's MatMulNBits weights and scales (the same initializers), so the table is
  stored once; otherwise the table is quantized on its own. The float table is 60 % of a 0.5B
  Qwen's folder: a GGUF file stores its tied head as a separate `output.weight`, so transformers
  loads the model untied and the builder keeps the float embedding beside the quantized head.

Build time only: this module imports onnx and numpy, never loaded by the daemon.
"""

from __future__ import annotations

from typing import Any

__all__ = ["LOGPROBS", "TIE_TOLERANCE", "add_logprobs", "fuse_parallel_matmuls", "quantize_embedding"]

LOGPROBS = "logprobs"
_MS_DOMAIN = "com.microsoft"
# Relative (Frobenius) error between the dequantized LM head and the float embedding below which
# the two are taken to be one matrix. Round-to-nearest int4 in blocks of 32 leaves about 0.1;
# two different matrices of the same scale differ by about 1.4.
TIE_TOLERANCE = 0.25
_TIE_SAMPLE_ROWS = 4096


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


def quantize_embedding(model: Any, *, bits: int = 4, block_size: int = 32) -> dict[str, Any] | None:
    """Gather the token embedding from a block-quantized table; returns what it did, for the manifest.

    None when the graph has no token embedding on `input_ids`. A gather the builder already
    shares with the head is laid out again as below. `bits` and `block_size` apply to a table
    quantized on its own; a shared one keeps the head's.
    """
    import numpy as np
    from onnx import helper, numpy_helper

    graph = model.graph
    initializers = {t.name: t for t in graph.initializer}
    gather = next(
        (
            n
            for n in graph.node
            if n.op_type in ("Gather", "GatherBlockQuantized")
            and len(n.input) >= 2
            and n.input[1] == "input_ids"
        ),
        None,
    )
    if gather is None:
        return None
    heads = [n for n in graph.node if n.op_type == "MatMulNBits" and n.domain == _MS_DOMAIN]
    producers = {out: n for n in graph.node for out in n.output}
    readers: dict[str, list[Any]] = {}
    for node in graph.node:
        for name in node.input:
            readers.setdefault(name, []).append(node)

    if gather.op_type == "GatherBlockQuantized":
        attrs = _attrs(gather)
        reshape = producers.get(gather.input[0])
        table = reshape.input[0] if reshape is not None and reshape.op_type == "Reshape" else gather.input[0]
        head = next((n for n in heads if n.input[1] == table and len(n.input) == 3), None)
        found = {
            "op": "GatherBlockQuantized",
            "bits": int(attrs.get("bits", 4)),
            "block_size": int(attrs["block_size"]),
            "shared_with_lm_head": head is not None,
            "tie": "config",
        }
        if head is None or reshape is None or reshape.op_type != "Reshape":
            return found
        # The builder's layout: Reshape(head weights) → GatherBlockQuantized [→ Slice].
        dropped = [gather] + ([reshape] if len(readers[reshape.output[0]]) == 1 else [])
        output = gather.output[0]
        after = readers.get(output, [])
        if len(after) == 1 and after[0].op_type == "Slice":
            dropped.append(after[0])
            output = after[0].output[0]
        _replace(graph, dropped, _gather_from_head(graph, head, gather.input[1], output))
        return found

    name = gather.input[0]
    if name not in initializers or len(initializers[name].dims) != 2:
        return None
    table = numpy_helper.to_array(initializers[name])
    vocab, hidden = table.shape
    head = next((n for n in heads if _shares_table(n, initializers, vocab, hidden)), None)
    error = None
    if head is not None:
        attrs = _attrs(head)
        weights = numpy_helper.to_array(initializers[head.input[1]])
        scales = numpy_helper.to_array(initializers[head.input[2]]).reshape(vocab, -1)
        rows = np.unique(np.linspace(0, vocab - 1, min(vocab, _TIE_SAMPLE_ROWS)).astype(np.int64))
        approx = _dequantize(weights[rows], scales[rows], int(attrs["bits"]), int(attrs["block_size"]))
        exact = table[rows].astype(np.float32)
        error = float(np.linalg.norm(approx[:, :hidden] - exact) / max(float(np.linalg.norm(exact)), 1e-30))
        if error > TIE_TOLERANCE:
            head = None

    if head is not None:
        attrs = _attrs(head)
        bits, block_size = int(attrs["bits"]), int(attrs["block_size"])
        nodes = _gather_from_head(graph, head, gather.input[1], gather.output[0])
    else:
        base = "/model/embed_tokens"
        packed, scales = _quantize(table, bits, block_size)
        data, scales_name = f"model.embed_tokens.weight_Q{bits}", "model.embed_tokens.weight_scales"
        graph.initializer.extend(
            [
                numpy_helper.from_array(packed, data),
                numpy_helper.from_array(scales.astype(table.dtype), scales_name),
            ]
        )
        padded = packed.shape[1] * 8 // bits != hidden
        gathered = f"{base}/GatherBlockQuantized/blocks" if padded else gather.output[0]
        nodes = [
            helper.make_node(
                "GatherBlockQuantized",
                [data, gather.input[1], scales_name],
                [gathered],
                name=f"{base}/GatherBlockQuantized",
                domain=_MS_DOMAIN,
                bits=bits,
                block_size=block_size,
                gather_axis=0,
                quantize_axis=1,
            )
        ]
        if padded:
            nodes.append(_slice(graph, gathered, gather.output[0], hidden))
    _replace(graph, [gather], nodes)
    graph.initializer.remove(initializers[name])
    if not any(o.domain == _MS_DOMAIN for o in model.opset_import):
        model.opset_import.append(helper.make_opsetid(_MS_DOMAIN, 1))
    return {
        "op": "GatherBlockQuantized",
        "bits": bits,
        "block_size": block_size,
        "shared_with_lm_head": head is not None,
        "tie": "measured" if head is not None else "none",
        "tie_relative_error": None if error is None else round(error, 4),
    }


def _gather_from_head(graph: Any, head: Any, ids: str, output: str) -> list[Any]:
    """Nodes that gather rows of `head`'s own weights and scales into `output`.

    The gather reads the head's [N, blocks, bytes] weights as they are, quantized along their
    last axis: a Reshape of them to the two-dimensional layout would be folded by ORT into an
    in-memory copy of the whole table at load (68 MB for a 0.5B Qwen), where reading them in place
    leaves the file mapping, touched a row at a time. The scales get that Reshape, to
    [N, blocks, 1]: MatMulNBits accepts no other rank, and they are a quarter of the table's size.
    """
    import numpy as np
    from onnx import helper, numpy_helper

    attrs = _attrs(head)
    bits, block_size, vocab, hidden = (int(attrs[k]) for k in ("bits", "block_size", "N", "K"))
    blocks = -(-hidden // block_size)
    base = "/model/embed_tokens"
    # Names of edged's own, apart from the builder's: `output` may be its gather's output name.
    scales = f"{base}/ReshapeScales/scales_3d"
    gathered = f"{base}/GatherBlockQuantized/blocks"
    rows = f"{base}/ReshapeRows/padded" if blocks * block_size != hidden else output
    graph.initializer.extend(
        [
            numpy_helper.from_array(
                np.array([vocab, blocks, 1], dtype=np.int64), f"{base}/ReshapeScales/shape"
            ),
            numpy_helper.from_array(
                np.array([0, 0, blocks * block_size], dtype=np.int64), f"{base}/ReshapeRows/shape"
            ),
        ]
    )
    nodes = [
        helper.make_node(
            "Reshape", [head.input[2], f"{base}/ReshapeScales/shape"], [scales], name=f"{base}/ReshapeScales"
        ),
        helper.make_node(
            "GatherBlockQuantized",
            [head.input[1], ids, scales],
            [gathered],
            name=f"{base}/GatherBlockQuantized",
            domain=_MS_DOMAIN,
            bits=bits,
            block_size=block_size,
            gather_axis=0,
            quantize_axis=2,
        ),
        helper.make_node(
            "Reshape", [gathered, f"{base}/ReshapeRows/shape"], [rows], name=f"{base}/ReshapeRows"
        ),
    ]
    if rows != output:
        nodes.append(_slice(graph, rows, output, hidden))
    return nodes


def _slice(graph: Any, source: str, output: str, hidden: int) -> Any:
    """Rows are stored in whole blocks; cut the padding off the gathered vectors."""
    import numpy as np
    from onnx import helper, numpy_helper

    base = "/model/embed_tokens/Slice"
    limits = [f"{base}/{part}" for part in ("starts", "ends", "axes")]
    for limit, value in zip(limits, (0, hidden, -1), strict=True):
        graph.initializer.append(numpy_helper.from_array(np.array([value], dtype=np.int64), limit))
    return helper.make_node("Slice", [source, *limits], [output], name=base)


def _replace(graph: Any, dropped: list[Any], nodes: list[Any]) -> None:
    """Put `nodes` where the first of `dropped` was (a topological order stays one)."""
    index = min(list(graph.node).index(n) for n in dropped)
    for node in dropped:
        graph.node.remove(node)
    for offset, node in enumerate(nodes):
        graph.node.insert(index + offset, node)


def _shares_table(node: Any, initializers: dict[str, Any], vocab: int, hidden: int) -> bool:
    """An LM head the embedding could read: [vocab, hidden] weights, symmetric (no zero points)."""
    attrs = _attrs(node)
    return (
        len(node.input) == 3
        and all(name in initializers for name in node.input[1:3])
        and attrs.get("N") == vocab
        and attrs.get("K") == hidden
        and attrs.get("bits") in (4, 8)
    )


def _dequantize(weights: Any, scales: Any, bits: int, block_size: int) -> Any:
    """MatMulNBits's layout: [rows, blocks, bytes] of unsigned codes, low nibble first, zero point
    8 (4-bit) or 128 (8-bit) when the node has none; one scale per block."""
    import numpy as np

    rows, blocks = weights.shape[0], weights.shape[1]
    if bits == 4:
        codes = np.stack([weights & 0x0F, weights >> 4], axis=-1).reshape(rows, blocks, block_size)
    else:
        codes = weights.reshape(rows, blocks, block_size)
    values = (codes.astype(np.float32) - float(1 << (bits - 1))) * scales[:, :, None].astype(np.float32)
    return values.reshape(rows, blocks * block_size)


def _quantize(table: Any, bits: int, block_size: int) -> tuple[Any, Any]:
    """Symmetric round-to-nearest in blocks along each row, as MLAS quantizes MatMulNBits weights:
    the value of largest magnitude maps to the lowest code, so the whole code range is used."""
    import numpy as np

    rows, hidden = table.shape
    blocks = -(-hidden // block_size)
    padded = np.zeros((rows, blocks * block_size), dtype=np.float32)
    padded[:, :hidden] = table
    padded = padded.reshape(rows, blocks, block_size)
    levels = 1 << (bits - 1)
    index = np.abs(padded).argmax(axis=-1)[..., None]
    extreme = np.take_along_axis(padded, index, axis=-1)[..., 0]
    scales = extreme / -levels
    inverse = np.divide(1.0, scales, out=np.zeros_like(scales), where=scales != 0)
    codes = np.clip(np.rint(padded * inverse[..., None]) + levels, 0, 2 * levels - 1).astype(np.uint8)
    if bits == 4:
        codes = codes[..., 0::2] | (codes[..., 1::2] << 4)
    return codes.reshape(rows, -1), scales
