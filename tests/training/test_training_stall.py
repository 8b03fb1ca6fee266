"""The stall check that stops a technique-training run whose loss has stopped falling."""

from slant.training.stall import training_stall

# Mean training loss per epoch of technique-model runs with the shipped settings, trained on a
# data-centre GPU (CUDA, bf16 autocast) in November 2026.
HEALTHY = [0.5519, 0.4590, 0.4268, 0.3841, 0.3531, 0.3316]
STALLED = [0.5508, 0.4820, 0.4726, 0.4699, 0.4723, 0.4676]
STALLED_RISING = [0.5632, 0.4911, 0.4944, 0.4928, 0.4915, 0.4908]


def test_healthy_run_is_never_called_stalled():
    for epochs in range(1, len(HEALTHY) + 1):
        assert training_stall(HEALTHY[:epochs]) is None


def test_stalled_runs_are_caught_after_the_third_epoch():
    for losses in (STALLED, STALLED_RISING):
        assert training_stall(losses[:2]) is None
        reason = training_stall(losses[:3])
        assert reason and "epoch 2" in reason and "epoch 3" in reason


def test_the_boundary_is_a_three_percent_drop():
    assert training_stall([0.6, 0.5, 0.5 * 0.96]) is None
    assert training_stall([0.6, 0.5, 0.5 * 0.98]) is not None


def test_a_soft_target_floor_is_taken_off_before_measuring_the_drop():
    losses = [0.8, 0.6, 0.6 * 0.975]  # a 2.5 % drop of the whole loss...
    assert training_stall(losses) is not None
    reason = training_stall(losses, loss_floor=0.45)  # ...is 10 % of what is left above the floor
    assert reason is None
    assert "floor of 0.4000" in training_stall([0.8, 0.6, 0.599], loss_floor=0.4)


def test_target_loss_floor_is_zero_for_gold_labels_and_the_least_loss_for_soft_ones():
    import numpy as np

    from slant.training.examples import Example
    from slant.training.stall import target_loss_floor

    gold = Example(window=None, doc_index=0, paragraph_labels=np.array([1.0, 0.0], dtype=np.float32),
                   token_labels=np.array([[1.0, 0.0]], dtype=np.float32))
    assert target_loss_floor([gold], np.array([3.0, 3.0]), np.array([3.0, 3.0]), 1.0) < 1e-5
    soft = Example(window=None, doc_index=0, paragraph_labels=np.array([0.5, 0.5], dtype=np.float32),
                   token_labels=np.zeros((1, 2), dtype=np.float32))
    floor = target_loss_floor([soft], np.array([3.0, 3.0]), np.array([3.0, 3.0]), 1.0)
    # Weighted cross-entropy of t = 0.5 over a grid of p: its least value is the floor.
    grid = np.linspace(0.001, 0.999, 9999)
    assert abs(floor - np.min(-(3 * 0.5 * np.log(grid) + 0.5 * np.log(1 - grid)))) < 1e-4


def test_target_loss_floor_is_reduced_per_batch_with_window_weights():
    import numpy as np

    from slant.training.examples import Example
    from slant.training.stall import target_loss_floor

    def example(target, tokens):
        return Example(window=None, doc_index=0, paragraph_labels=np.full(1, target, dtype=np.float32),
                       token_labels=np.full((tokens, 1), target, dtype=np.float32))

    examples = [example(0.5, 1), example(0.0, 9)]
    one = np.array([1.0])
    alone = [target_loss_floor([e], one, one, 1.0) for e in examples]
    # Two one-window batches: the mean of the two, whatever their token counts.
    assert abs(target_loss_floor(examples, one, one, 1.0, [[0], [1]]) - np.mean(alone)) < 1e-6
    weighted = target_loss_floor(examples, one, one, 1.0, [[0], [1]], np.array([2.0, 0.0]))
    assert abs(weighted - alone[0]) < 1e-6
