"""A small head over the technique encoder's token vectors, for components that tag tokens
(entities, attributions): each token's vectors (and, for heads that ask, its neighbours')
through a GELU layer and optional residual convolutions to label probabilities, run by
onnxruntime from a graph built in memory. Training (``slant.training``) fits the same
arithmetic with torch.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from slant.components.encoded import EncodedArticle
from slant.settings import get_settings


def token_features(vectors: np.ndarray, neighbours: bool = True) -> np.ndarray:
    """(tokens, 3 x hidden): each token's vector, then its left and right neighbours' (zeros
    past the window's ends); without ``neighbours``, (tokens, hidden), each token's own (a head
    with convolutions sees its neighbours there, at a third of the first layer's cost). Training
    and inference both build features here."""
    vectors = vectors.astype(np.float32)
    if not neighbours:
        return vectors
    zeros = np.zeros((1, vectors.shape[1]), dtype=np.float32)
    left = np.concatenate([zeros, vectors[:-1]])
    right = np.concatenate([vectors[1:], zeros])
    return np.concatenate([vectors, left, right], axis=1)


class TokenHead:
    """Token features to label probabilities: a two-layer perceptron (arrays ``w1 b1 w2 b2``),
    or with ``conv{i}_w``/``conv{i}_b`` arrays, the perceptron's hidden layer widened by residual
    1-D convolutions over the window's tokens (each sees a few words either side, which keeps a
    several-word name or a cue phrase in one piece). ``output``: ``softmax`` (one label a token)
    or ``sigmoid`` (each label on its own)."""

    def __init__(self, labels: Sequence[str], arrays: dict[str, np.ndarray], output: str = "softmax",
                 neighbours: bool = True) -> None:
        if output not in ("softmax", "sigmoid"):
            raise ValueError(f"a token head's output is softmax or sigmoid, not {output!r}")
        self.labels = list(labels)
        self.output = output
        self.neighbours = neighbours
        self.w1, self.b1 = arrays["w1"].astype(np.float32), arrays["b1"].astype(np.float32)
        self.w2, self.b2 = arrays["w2"].astype(np.float32), arrays["b2"].astype(np.float32)
        self.convs: list[tuple[np.ndarray, np.ndarray]] = []
        while f"conv{len(self.convs)}_w" in arrays:
            index = len(self.convs)
            self.convs.append((arrays[f"conv{index}_w"].astype(np.float32), arrays[f"conv{index}_b"].astype(np.float32)))
        self._sessions: dict[tuple[int, bool], object] = {}

    def __getstate__(self) -> dict:
        return {**self.__dict__, "_sessions": {}}

    @property
    def reads_padded_vectors(self) -> bool:
        """Whether a padded batch of the encoder's token vectors is this head's input as it is
        (a head that widens each token with its neighbours builds its features per window)."""
        return not self.neighbours

    def features(self, vectors: np.ndarray) -> np.ndarray:
        """This head's input for one window's token vectors."""
        return token_features(vectors, self.neighbours)

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        """(tokens, labels) probabilities of one window's tokens, computed by onnxruntime (the same
        arithmetic as :meth:`probabilities_numpy`, to within 1e-5, three times as fast: numpy's
        GELU alone makes eight temporaries of the hidden layer). Features are read at half
        precision, as token vectors are kept."""
        return self.batch_probabilities(features[None], np.ones((1, len(features)), dtype=np.float32))[0]

    def batch_probabilities(self, features: np.ndarray, mask: np.ndarray, threads: int | None = None) -> np.ndarray:
        """(windows, positions, labels) for windows padded at the end: ``mask`` (windows,
        positions) is 1 on a window's own tokens. Padding reads as the end of the window (the
        hidden layer is zero there), so each window scores as it would alone. Features in float32
        are rounded to half precision inside the graph (faster than numpy's rounding), so they
        score as the same vectors kept at half precision. ``threads``: the session's own threads
        (default: the settings'); the encoder's threads, which run a head each beside the other,
        pass 1."""
        threads = threads or get_settings().threads
        single = features.dtype == np.float32
        session = self._sessions.get((threads, single))
        if session is None:
            # One per thread count and input type, shared: onnxruntime runs a session from several
            # threads. Two threads that both find none build one each the first time; one is kept.
            session = self._sessions.setdefault((threads, single), _head_session(
                self.w1, self.b1, self.w2, self.b2, self.convs, self.output, threads, single))
        inputs = {"mask": np.ascontiguousarray(mask[..., None], dtype=np.float32)}
        if single:
            inputs["features_single"] = np.ascontiguousarray(features)
        else:
            inputs["features_half"] = np.ascontiguousarray(features, dtype=np.float16)
        (probs,) = session.run(None, inputs)
        return probs

    def probabilities_numpy(self, features: np.ndarray) -> np.ndarray:
        hidden = _gelu(features @ self.w1.T + self.b1)
        for weight, bias in self.convs:
            hidden = hidden + _gelu(_conv_tokens(hidden, weight, bias))
        logits = hidden @ self.w2.T + self.b2
        if self.output == "sigmoid":
            return 1.0 / (1.0 + np.exp(-logits))
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return exp / exp.sum(axis=1, keepdims=True)


# Padded positions a batch of windows through a head with convolutions.
HEAD_BATCH_TOKENS = 1024


def window_probabilities(head: TokenHead, token_vectors: Sequence[np.ndarray]) -> list[np.ndarray]:
    """Each window's token probabilities. A head without convolutions reads every window in one
    product (each token's features are its own); one with them reads windows of similar length
    in padded batches, each window as if alone, so no convolution reaches across a window's end."""
    if not token_vectors:
        return []
    if not head.convs:
        features = [head.features(vectors) for vectors in token_vectors]
        every = head.probabilities(np.concatenate(features))
        out, first = [], 0
        for window_features in features:
            out.append(every[first:first + len(window_features)])
            first += len(window_features)
        return out
    lengths = [len(vectors) for vectors in token_vectors]
    width = head.w1.shape[1]
    results: list[np.ndarray | None] = [None] * len(token_vectors)
    order = sorted(range(len(lengths)), key=lengths.__getitem__)
    start = 0
    while start < len(order):
        stop = start + 1
        while stop < len(order) and lengths[order[stop]] * (stop - start + 1) <= HEAD_BATCH_TOKENS:
            stop += 1
        batch = order[start:stop]
        longest = lengths[batch[-1]]
        x = np.zeros((len(batch), longest, width), dtype=np.float16)
        mask = np.zeros((len(batch), longest), dtype=np.float32)
        for row, index in enumerate(batch):
            # A head without neighbours reads the vectors as they are, copied here once.
            x[row, : lengths[index]] = head.features(token_vectors[index]) if head.neighbours else token_vectors[index]
            mask[row, : lengths[index]] = 1.0
        probs = head.batch_probabilities(x, mask)
        for row, index in enumerate(batch):
            results[index] = probs[row, : lengths[index]]
        start = stop
    return results  # type: ignore[return-value]


def head_probabilities(name: str, encoded: Sequence[EncodedArticle],
                       load_head: Callable[[], TokenHead]) -> list[list[np.ndarray]]:
    """Per article, per window: the token probabilities of the component ``name``'s head, as the
    encoder ran it, or (where the encoder kept the token vectors instead) run here, all
    articles' windows together; ``load_head`` is called only then."""
    missing = [article for article in encoded if name not in article.head_probs]
    vectors = [window for article in missing for window in article.token_vectors or ()]
    computed = iter(window_probabilities(load_head(), vectors) if vectors else [])
    return [article.head_probs[name] if name in article.head_probs
            else [next(computed) for _ in article.token_vectors or ()] for article in encoded]


def _gelu(x: np.ndarray) -> np.ndarray:
    return 0.5 * x * (1.0 + np.tanh(0.7978845608 * (x + 0.044715 * x**3)))


def _conv_tokens(hidden: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> np.ndarray:
    """A same-length 1-D convolution over tokens: hidden (tokens, in), weight (out, in, width)."""
    width = weight.shape[2]
    padded = np.pad(hidden, ((width // 2, width // 2), (0, 0)))
    out = np.broadcast_to(bias, (len(hidden), len(bias))).copy()
    for offset in range(width):
        out += padded[offset:offset + len(hidden)] @ weight[:, :, offset].T
    return out


def _head_session(w1: np.ndarray, b1: np.ndarray, w2: np.ndarray, b2: np.ndarray,
                  convs: Sequence[tuple[np.ndarray, np.ndarray]] = (), output: str = "softmax", threads: int = 1,
                  single_input: bool = False):
    """An onnxruntime session of the head (float32, ``threads`` threads), built in memory; its
    input is ``features_half``, or with ``single_input``, ``features_single`` (float32, rounded to
    half precision first)."""
    import onnxruntime
    from onnx import TensorProto, helper, numpy_helper

    def constant(name: str, value, dtype=np.float32) -> TensorProto:
        return numpy_helper.from_array(np.ascontiguousarray(value, dtype=dtype), name)

    initializers = [constant("w1t", w1.T), constant("b1", b1), constant("w2t", w2.T), constant("b2", b2),
                    constant("gelu_scale", 0.7978845608), constant("gelu_cube", 0.044715),
                    constant("one", 1.0), constant("half", 0.5), constant("positions_axis", [1], np.int64)]
    nodes = []

    def step(op: str, inputs: list[str], output: str, **attributes) -> str:
        nodes.append(helper.make_node(op, inputs, [output], **attributes))
        return output

    def gelu(x: str, name: str) -> str:  # as _gelu: 0.5 x (1 + tanh(0.79788 (x + 0.044715 x^3)))
        cubed = step("Mul", [step("Mul", [x, x], f"{name}_sq"), x], f"{name}_cube")
        inner = step("Add", [x, step("Mul", [cubed, "gelu_cube"], f"{name}_cube_scaled")], f"{name}_inner")
        tanh = step("Tanh", [step("Mul", [inner, "gelu_scale"], f"{name}_inner_scaled")], f"{name}_tanh")
        gated = step("Mul", [x, step("Add", [tanh, "one"], f"{name}_gate")], f"{name}_gated")
        return step("Mul", [gated, "half"], name)

    # features (windows, positions, inputs); mask (windows, positions, 1): zero past a window's end
    # The heads were trained on token vectors kept at half precision, so the graph reads them so
    # and widens them inside; float32 vectors (straight from the encoder) are rounded here first.
    if single_input:
        step("Cast", ["features_single"], "features_half", to=TensorProto.FLOAT16)
    features = step("Cast", ["features_half"], "features", to=TensorProto.FLOAT)
    hidden = gelu(step("Add", [step("MatMul", [features, "w1t"], "product"), "b1"], "hidden_in"), "hidden_gelu")
    hidden = step("Mul", [hidden, "mask"], "hidden")
    for index, (weight, bias) in enumerate(convs):
        # The convolution as one matrix product over each position's window of hidden states
        # (positions padded by half the width, the shifted copies side by side): onnxruntime's
        # GEMM runs it several times faster than its Conv with the transposes around it.
        width = weight.shape[2]
        stacked_weight = weight.transpose(2, 1, 0).reshape(width * weight.shape[1], weight.shape[0])
        initializers += [constant(f"conv{index}_w", stacked_weight), constant(f"conv{index}_b", bias),
                         constant(f"conv{index}_pads", [0, width // 2, 0, 0, width // 2, 0], np.int64)]
        padded = step("Pad", [hidden, f"conv{index}_pads"], f"conv{index}_padded")
        shifted = []
        for offset in range(width):
            # Each copy ends width - 1 - offset positions before the padded end (the last, at it).
            end = offset - (width - 1) if offset < width - 1 else np.iinfo(np.int64).max
            initializers += [constant(f"conv{index}_from{offset}", [offset], np.int64),
                             constant(f"conv{index}_to{offset}", [end], np.int64)]
            shifted.append(step("Slice", [padded, f"conv{index}_from{offset}", f"conv{index}_to{offset}", "positions_axis"],
                                f"conv{index}_shift{offset}"))
        windows = step("Concat", shifted, f"conv{index}_windows", axis=2)
        tokens = step("Add", [step("MatMul", [windows, f"conv{index}_w"], f"conv{index}_product"), f"conv{index}_b"],
                      f"conv{index}_out")
        added = step("Add", [hidden, gelu(tokens, f"conv{index}_gelu")], f"hidden{index + 1}_sum")
        hidden = step("Mul", [added, "mask"], f"hidden{index + 1}")
    logits = step("Add", [step("MatMul", [hidden, "w2t"], "tag_product"), "b2"], "logits")
    if output == "sigmoid":
        step("Sigmoid", [logits], "probabilities")
    else:
        step("Softmax", [logits], "probabilities", axis=-1)
    graph = helper.make_graph(
        nodes, "token_head",
        [helper.make_tensor_value_info("features_single" if single_input else "features_half",
                                       TensorProto.FLOAT if single_input else TensorProto.FLOAT16,
                                       ["windows", "positions", w1.shape[1]]),
         helper.make_tensor_value_info("mask", TensorProto.FLOAT, ["windows", "positions", 1])],
        [helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, ["windows", "positions", w2.shape[0]])],
        initializers)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.log_severity_level = 3
    return onnxruntime.InferenceSession(model.SerializeToString(), options, providers=["CPUExecutionProvider"])
