"""A technique model's probabilities for a list of windows: the torch model being trained, or the
int8 ONNX encoder inference runs. Dev scoring and distillation take either.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from slant.components.encoded import Window
from slant.runtime.encoder import sigmoid
from slant.runtime.windows import batches_by_length, pad_batch


def predict_examples(model, windows: list[Window], device, batch_tokens: int = 16384):
    """Paragraph logits, token logits and pooled vectors for each window (torch, for evaluation)."""
    import torch

    model.eval()
    paragraph_logits: list[np.ndarray | None] = [None] * len(windows)
    token_logits: list[np.ndarray | None] = [None] * len(windows)
    pooled: list[np.ndarray | None] = [None] * len(windows)
    with torch.no_grad():
        for batch in batches_by_length(windows, batch_tokens, 128):
            ids, mask = pad_batch([windows[i] for i in batch])
            with torch.autocast(device.type, dtype=torch.bfloat16, enabled=device.type == "cuda"):
                tok, par, pool = model(torch.from_numpy(ids).to(device), torch.from_numpy(mask).to(device))
            tok, par, pool = tok.float().cpu().numpy(), par.float().cpu().numpy(), pool.float().cpu().numpy()
            for row, index in enumerate(batch):
                paragraph_logits[index] = par[row]
                token_logits[index] = tok[row, : len(windows[index].ids)]
                pooled[index] = pool[row]
    return paragraph_logits, token_logits, pooled


def torch_predictor(model, device):
    def predict(windows: list[Window]):
        paragraph_logits, token_logits, _ = predict_examples(model, windows, device)
        return [sigmoid(x) for x in paragraph_logits], [sigmoid(x) for x in token_logits]

    return predict


def onnx_predictor(model_dir: Path):
    """The int8 ONNX path that inference uses, so thresholds fit what users run."""
    from slant.runtime.encoder import Encoder

    technique_model = Encoder(model_dir)

    def predict(windows: list[Window]):
        paragraph_probs, token_probs, _ = technique_model.run_windows(windows)
        return paragraph_probs, token_probs

    return predict
