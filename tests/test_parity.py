"""Parity with PyTorch: the value and the autograd gradient of every loss in the registry.

PyTorch is the reference the notebooks show beside lossviz, so every loss is
run through the PyTorch code its definition names (`Loss.torch`: its
``torch.nn`` class, or for a loss with no class a transcription in PyTorch
operations), over many random shapes, reductions and options, and at extreme
inputs. Where the two disagree, the exact value decides (`cases.exact_terms`,
60-digit arithmetic): lossviz must then be within the tolerance of it, element
by element, or at least as close to it as PyTorch. PyTorch is the everyday
reference; the promise is the exact value.
"""

import numpy as np
import pytest
import torch

import lossviz as lv
from cases import (MORE_EXTREME_CASES, exact_misses, exact_reduced, exact_terms, extreme_cases, random_case,
                   torch_value_and_grad)

TOLERANCE = {np.float64: 1e-10, np.float32: 1e-5}
SEEDS = range(25)
# Every loss with every reduction its contract lists ("batchmean" where PyTorch has it).
EACH_REDUCTION = pytest.mark.parametrize(("loss", "reduction"), [(loss, reduction) for loss in lv.LOSSES.values()
                                                                 for reduction in loss.reductions],
                                         ids=[f"{name}-{reduction}" for name, loss in lv.LOSSES.items()
                                              for reduction in loss.reductions])


def disagreements(ours, theirs, tolerance):
    """Where lossviz is off PyTorch beyond `tolerance` relative to each element, with a floor at
    the array's scale so that near-zero entries (softmax - one-hot) are judged against the whole."""
    ours, theirs = np.asarray(ours, dtype=np.float64), np.asarray(theirs, dtype=np.float64)
    finite = np.abs(theirs[np.isfinite(theirs)])
    scale = finite.max() if finite.size else 0.0
    return ~np.isclose(ours, theirs, rtol=tolerance, atol=tolerance * scale)


def assert_close(ours, theirs, dtype, what, exact=None):
    """`ours` agrees with PyTorch's `theirs`; or, where it does not, with the exact value: `exact()`
    gives (value, scale) as `cases.exact_misses` takes them, lossviz must be within the tolerance
    of it or at least as close to it as PyTorch."""
    tolerance = TOLERANCE[dtype]
    ours, theirs = np.asarray(ours), np.asarray(theirs)
    assert ours.shape == theirs.shape, f"{what}: shape {ours.shape}, PyTorch {theirs.shape}"
    assert np.isfinite(ours).all(), f"{what}: lossviz gave {ours}, PyTorch {theirs}"
    off = disagreements(ours, theirs, tolerance)
    if not off.any():
        return
    assert exact is not None, f"{what}: lossviz {ours[off]}, PyTorch {theirs[off]}"
    value, scale = exact()
    misses, exact_value = exact_misses(ours, value, scale, dtype, tolerance)
    with np.errstate(invalid="ignore"):
        ours_error = np.abs(np.asarray(ours, dtype=np.float64) - exact_value)
        their_error = np.abs(np.asarray(theirs, dtype=np.float64) - exact_value)
    closer = ~(ours_error > np.where(np.isnan(their_error), np.inf, their_error))
    wrong = off & misses & ~closer
    assert not wrong.any(), (f"{what}: where lossviz and PyTorch disagree, lossviz {ours[wrong]} is further "
                             f"from the exact {exact_value[wrong]} than PyTorch {theirs[wrong]}")


def check_against_torch(loss, args, options, reduction):
    dtype = np.asarray(args[0]).dtype.type
    expected_value, expected_grad = torch_value_and_grad(loss, args, options, reduction)
    value = loss(*args, reduction=reduction, **options)
    grad = loss.grad(*args, reduction=reduction, **options)
    if reduction == "none":
        assert isinstance(value, np.ndarray) and value.dtype == np.asarray(args[0]).dtype
    else:
        assert type(value) is float
    assert grad.dtype == np.asarray(args[0]).dtype
    computed = []

    def exact():  # computed once, and only where lossviz and PyTorch disagree
        if not computed:
            computed.append(exact_reduced(exact_terms(loss, args, options), reduction))
        return computed[0]

    assert_close(value, expected_value, dtype, f"{loss.name} value, {reduction}, {options}",
                 lambda: (exact().value, exact().value_scale))
    assert_close(grad, expected_grad, dtype, f"{loss.name} gradient, {reduction}, {options}",
                 lambda: (exact().grad, exact().grad_scale))


@pytest.mark.parametrize("dtype", [np.float64, np.float32], ids=["float64", "float32"])
@EACH_REDUCTION
def test_random_inputs_match_pytorch(loss, reduction, dtype):
    for seed in SEEDS:
        args, options = random_case(loss, seed, dtype)
        check_against_torch(loss, args, options, reduction)


@EACH_REDUCTION
def test_extreme_inputs_match_pytorch_and_stay_finite(loss, reduction):
    for pred, target, *options in extreme_cases(loss) + MORE_EXTREME_CASES.get(loss.name, []):
        args = [np.asarray(pred, dtype=np.float64), np.asarray(target)]
        check_against_torch(loss, args, options[0] if options else {}, reduction)


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
    check_against_torch(lv.cross_entropy, [logits, target], {"label_smoothing": label_smoothing}, reduction)


def test_a_float32_prediction_beside_float64_targets_gets_a_float32_gradient_for_every_loss():
    for loss in lv.LOSSES.values():
        args, options = random_case(loss, seed=5, dtype=np.float32)
        if loss.task != "multiclass":
            args[1] = args[1].astype(np.float64)
        options = {key: value.astype(np.float64) if isinstance(value, np.ndarray) else value
                   for key, value in options.items()}
        assert loss.grad(*args, **options).dtype == np.float32, loss.name
