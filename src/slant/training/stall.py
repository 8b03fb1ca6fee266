"""Tell a collapsed training run by its loss curve, so it can be stopped early."""

from __future__ import annotations

import numpy as np

from slant.training.examples import Example

# In the technique-model training runs of November 2026 on data-centre GPUs (CUDA, bf16 autocast),
# 2 of 6 runs with the shipped settings (all-article runs, seeds 13 and 14) stalled after epoch 1: mean loss flat near 0.48, a model that only predicts label rates. In every
# healthy run the loss fell 7-9 % from epoch 2 to epoch 3; in the stalled ones it rose or fell under 2 %.
STALL_MIN_RELATIVE_DROP = 0.03


def training_stall(epoch_losses: list[float], loss_floor: float = 0.0) -> str | None:
    """Why the mean training loss says the run has stopped learning, or None while it still falls.
    ``loss_floor`` is the least loss the targets allow (0 for gold labels; above 0 for a teacher's
    probabilities), so the drop is measured on the part of the loss a model can still remove."""
    if len(epoch_losses) < 3:
        return None
    second, third = epoch_losses[1] - loss_floor, epoch_losses[2] - loss_floor
    if second <= 0 or (second - third) / second >= STALL_MIN_RELATIVE_DROP:
        return None
    floor = f" (above the targets' floor of {loss_floor:.4f})" if loss_floor else ""
    return (f"the mean training loss went from {epoch_losses[1]:.4f} in epoch 2 to {epoch_losses[2]:.4f} in epoch 3"
            f"{floor}, a drop under {STALL_MIN_RELATIVE_DROP:.0%}")


def target_loss_floor(examples: list[Example], paragraph_pos_weight: np.ndarray, token_pos_weight: np.ndarray,
                      token_loss_weight: float, batches: list[list[int]] | None = None,
                      window_weights: np.ndarray | None = None) -> float:
    """The mean epoch loss of a model that predicted the best possible probability for every target:
    0 for gold labels, above 0 once distillation makes targets soft. It is reduced as train()
    reduces the loss (per batch, window weights included, then the mean over batches). With
    positive weight w, the weighted cross-entropy of target t is least at p = w t / (w t + 1 - t)."""
    def least_loss(targets: np.ndarray, pos_weight: np.ndarray) -> np.ndarray:
        best = np.clip(pos_weight * targets / (pos_weight * targets + 1 - targets), 1e-7, 1 - 1e-7)
        return -(pos_weight * targets * np.log(best) + (1 - targets) * np.log(1 - best))

    batches = batches if batches is not None else [list(range(len(examples)))]
    n_labels = len(paragraph_pos_weight)
    batch_losses = []
    for batch in batches:
        weights = window_weights[batch] if window_weights is not None else np.ones(len(batch))
        paragraph = np.array([least_loss(examples[i].paragraph_labels, paragraph_pos_weight).mean() for i in batch])
        token_sums = np.array([least_loss(examples[i].token_labels, token_pos_weight).sum() for i in batch])
        token_count = sum(len(examples[i].token_labels) for i in batch)
        batch_losses.append(float((paragraph * weights).mean())
                            + token_loss_weight * float((token_sums * weights).sum()) / max(1, token_count * n_labels))
    return float(np.mean(batch_losses))
