"""The stall check that stops a technique-training run whose loss has stopped falling."""

from slant.training.techniques import training_stall

# Mean training loss per epoch of runs on a lent GPU with the shipped settings.
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
