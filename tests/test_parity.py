"""Parity with PyTorch: the value and the autograd gradient of every loss in the registry.

PyTorch is the reference the notebooks show beside lossviz, so every loss is
run through the PyTorch code its definition names (`Loss.torch`: its
``torch.nn`` class, or for a loss with no class a transcription in PyTorch
operations), over many random shapes, reductions and options, and at extreme
inputs.
"""

import numpy as np
import pytest
import torch

import lossviz as lv
from cases import MORE_EXTREME_CASES, REDUCTIONS, extreme_cases, random_case

TOLERANCE = {np.float64: 1e-10, np.float32: 1e-5}
SEEDS = range(25)


def torch_value_and_grad(loss, args, options, reduction):
    """Value and d(value)/d(first argument) from PyTorch and its autograd."""
    dtype = torch.from_numpy(np.asarray(args[0])).dtype
    pred = torch.tensor(np.asarray(args[0]), dtype=dtype, requires_grad=True)
    target = np.asarray(args[1])
    target = torch.from_numpy(target).long() if target.dtype.kind in "iu" and loss.task == "multiclass" \
        else torch.tensor(target, dtype=dtype)
    torch_options = {key: torch.tensor(value, dtype=dtype) if isinstance(value, np.ndarray) else value
                     for key, value in options.items()}
    value = loss.torch(pred, target, reduction=reduction, **torch_options)
    value.sum().backward()
    return value.detach().numpy(), pred.grad.numpy()


def assert_close(ours, theirs, tolerance, what):
    ours, theirs = np.asarray(ours), np.asarray(theirs)
    assert ours.shape == theirs.shape, f"{what}: shape {ours.shape}, PyTorch {theirs.shape}"
    assert np.isfinite(ours).all(), f"{what}: lossviz gave {ours}, PyTorch {theirs}"
    # Relative to each element, with a floor at the array's scale so that
    # near-zero entries (softmax - one-hot) are judged against the whole.
    scale = np.abs(theirs).max()
    np.testing.assert_allclose(ours, theirs, rtol=tolerance, atol=tolerance * scale, err_msg=what)


def check_against_torch(loss, args, options, reduction, tolerance):
    expected_value, expected_grad = torch_value_and_grad(loss, args, options, reduction)
    value = loss(*args, reduction=reduction, **options)
    grad = loss.grad(*args, reduction=reduction, **options)
    if reduction == "none":
        assert isinstance(value, np.ndarray) and value.dtype == np.asarray(args[0]).dtype
    else:
        assert type(value) is float
    assert grad.dtype == np.asarray(args[0]).dtype
    assert_close(value, expected_value, tolerance, f"{loss.name} value, {reduction}, {options}")
    assert_close(grad, expected_grad, tolerance, f"{loss.name} gradient, {reduction}, {options}")


@pytest.mark.parametrize("dtype", [np.float64, np.float32], ids=["float64", "float32"])
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("loss", lv.LOSSES.values(), ids=lv.LOSSES)
def test_random_inputs_match_pytorch(loss, reduction, dtype):
    for seed in SEEDS:
        args, options = random_case(loss, seed, dtype)
        check_against_torch(loss, args, options, reduction, TOLERANCE[dtype])


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("loss", lv.LOSSES.values(), ids=lv.LOSSES)
def test_extreme_inputs_match_pytorch_and_stay_finite(loss, reduction):
    for args in extreme_cases(loss) + MORE_EXTREME_CASES.get(loss.name, []):
        args = [np.asarray(args[0], dtype=np.float64), np.asarray(args[1])]
        check_against_torch(loss, args, {}, reduction, TOLERANCE[np.float64])


@pytest.mark.parametrize("loss", lv.LOSSES.values(), ids=lv.LOSSES)
def test_torch_tensors_are_accepted_without_tracking_gradients(loss):
    args, options = random_case(loss, seed=7)
    tensors = [torch.tensor(args[0], requires_grad=True), torch.from_numpy(np.asarray(args[1]))]
    assert loss(*tensors, **options) == loss(*args, **options)
    np.testing.assert_array_equal(loss.grad(*tensors, **options), loss.grad(*args, **options))
    assert tensors[0].grad is None


@pytest.mark.parametrize("reduction", ["mean", "sum"])
@pytest.mark.parametrize("label_smoothing", [0.0, 0.2])
@pytest.mark.parametrize(("dtype", "huge"), [(np.float64, 1e308), (np.float32, 3e38)], ids=["float64", "float32"])
def test_an_ignored_row_of_huge_scores_counts_for_nothing_as_in_pytorch(dtype, huge, label_smoothing, reduction):
    # Shifting [-huge, huge] by its maximum overflows to -inf; weight 0 times -inf once made the sum NaN.
    logits = np.array([[-huge, huge], [0.0, 1.0]], dtype=dtype)
    target = np.array([-100, 1])
    check_against_torch(lv.cross_entropy, [logits, target], {"label_smoothing": label_smoothing}, reduction,
                        TOLERANCE[dtype])


def test_a_float32_prediction_beside_float64_targets_gets_a_float32_gradient_for_every_loss():
    for loss in lv.LOSSES.values():
        args, options = random_case(loss, seed=5, dtype=np.float32)
        if loss.task != "multiclass":
            args[1] = args[1].astype(np.float64)
        options = {key: value.astype(np.float64) if isinstance(value, np.ndarray) else value
                   for key, value in options.items()}
        assert loss.grad(*args, **options).dtype == np.float32, loss.name
