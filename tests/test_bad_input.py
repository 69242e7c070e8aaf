"""Every bad input gets a clear error naming the argument, what was expected and what came."""

import re
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest

import lossviz as lv

# (loss, args, options, exception, a fragment of the message)
BAD_INPUTS = [
    # Shapes: never broadcast; the classic (N, 1) against (N,) bug gets the fix.
    (lv.mse, [[[1.0], [2.0], [3.0]], [1.0, 2.0, 3.0]], {}, ValueError,
     r"`target` has shape \(3,\) but `pred` has shape \(3, 1\); shapes must match exactly"),
    (lv.mse, [[[1.0], [2.0], [3.0]], [1.0, 2.0, 3.0]], {}, ValueError, r"Did you mean `pred.ravel\(\)`"),
    (lv.mse, [[1.0, 2.0, 3.0], [[1.0], [2.0], [3.0]]], {}, ValueError, r"a \(3, 3\) grid\. Did you mean `target.ravel\(\)`"),
    (lv.mae, [[1.0, 2.0], [1.0, 2.0, 3.0]], {}, ValueError, r"`target` has shape \(3,\) but `pred` has shape \(2,\)"),
    (lv.huber, [1.0, [1.0]], {}, ValueError, r"`target` has shape \(1,\) but `pred` has shape \(\)"),
    (lv.bce, [[0.5, 0.5], [[1, 0]]], {}, ValueError, r"shapes must match exactly"),
    # Empty input.
    (lv.mse, [[], []], {}, ValueError, r"`pred` is empty \(shape \(0,\)\)"),
    (lv.cross_entropy, [np.zeros((0, 3)), np.zeros(0, dtype=int)], {}, ValueError, r"`logits` is empty"),
    # NaN and inf, with where they are.
    (lv.mse, [[1.0, float("nan")], [1.0, 2.0]], {}, ValueError, r"`pred` must be finite; .* nan at index \(1,\)"),
    (lv.bce, [[0.5, 0.5], [1.0, float("inf")]], {}, ValueError, r"`target` must be finite"),
    (lv.cross_entropy, [[[1.0, float("-inf")]], [0]], {}, ValueError, r"`logits` must be finite"),
    # Probabilities and labels outside [0, 1].
    (lv.bce, [[1.2, 0.5], [1, 0]], {}, ValueError,
     r"`pred` must be probabilities \(if these are logits, use bce_with_logits\) in \[0, 1\]; got 1\.2"),
    (lv.bce, [[0.2, 0.5], [2, 0]], {}, ValueError, r"`target` must be labels in \[0, 1\]; got 2"),
    (lv.bce_with_logits, [[3.0], [-1.0]], {}, ValueError, r"`target` must be labels in \[0, 1\]"),
    # Class indices.
    (lv.cross_entropy, [[[1.0, 2.0, 3.0]], [3]], {}, ValueError, r"must be in \[0, 2\] for 3 classes .*got 3"),
    (lv.cross_entropy, [[[1.0, 2.0, 3.0]], [-1]], {}, ValueError, r"must be in \[0, 2\] for 3 classes"),
    (lv.nll, [[[-1.0, -2.0]], [5]], {}, ValueError, r"must be in \[0, 1\] for 2 classes"),
    (lv.cross_entropy, [[[1.0, 2.0, 3.0]], [1.0]], {}, TypeError,
     r"`target` holds class indices, which must be integers; got float64 values such as 1\.0"),
    (lv.cross_entropy, [[[1.0, 2.0, 3.0]], [[0]]], {}, ValueError,
     r"class indices of shape \(1,\) .*got shape \(1, 1\)\. Did you mean `target.ravel\(\)`"),
    (lv.cross_entropy, [[[1.0, 2.0, 3.0]], [[1, 0, 0]]], {}, TypeError,
     r"read as class probabilities, which must be floats; got int64"),
    (lv.cross_entropy, [[1.0, 2.0], 0], {"ignore_index": 0.5}, TypeError, r"`ignore_index` must be an integer"),
    # Probability targets that are not distributions.
    (lv.cross_entropy, [[[1.0, 2.0, 3.0]], [[0.5, 0.2, 0.2]]], {}, ValueError, r"each row\s+must sum to 1; a row sums to 0\.9"),
    (lv.cross_entropy, [[[1.0, 2.0]], [[1.5, -0.5]]], {}, ValueError, r"`target` must be class probabilities in \[0, 1\]"),
    # Logits of the wrong rank, and probabilities passed as log-probabilities.
    (lv.cross_entropy, [2.0, 0], {}, ValueError, r"`logits` must have shape \(N, C\) .*got a single number"),
    (lv.cross_entropy, [np.zeros((2, 3, 4)), np.zeros((2, 4), dtype=int)], {}, ValueError, r"got shape \(2, 3, 4\)"),
    (lv.nll, [[[0.7, 0.2, 0.1]], [0]], {}, ValueError, r"`log_probs` must be log-probabilities, all <= 0; got 0\.7\. Did you pass probabilities"),
    # Reductions and options.
    (lv.mse, [[1.0], [2.0]], {"reduction": "avg"}, ValueError, r"`reduction` must be one of 'mean', 'sum', 'none'; got 'avg'"),
    (lv.cross_entropy, [[1.0, 2.0], 0], {"reduction": None}, ValueError, r"`reduction` must be one of .*got None"),
    (lv.huber, [[1.0], [2.0]], {"delta": 0}, ValueError, r"`delta` must be a positive finite number; got 0"),
    (lv.huber, [[1.0], [2.0]], {"delta": -1.5}, ValueError, r"`delta` must be a positive finite number; got -1\.5"),
    (lv.huber, [[1.0], [2.0]], {"delta": "1"}, TypeError, r"`delta` must be a positive number; got str '1'"),
    (lv.cross_entropy, [[1.0, 2.0], 0], {"label_smoothing": 1.5}, ValueError, r"`label_smoothing` must be in \[0\.0, 1\.0\]; got 1\.5"),
    (lv.cross_entropy, [[[1.0, 2.0]], [0]], {"weight": [1.0, 2.0, 3.0]}, ValueError,
     r"`weight` must hold one weight per class, shape \(2,\); got shape \(3,\)"),
    (lv.cross_entropy, [[[1.0, 2.0]], [0]], {"weight": [1.0, -2.0]}, ValueError, r"`weight` must be non-negative; got -2\.0"),
    (lv.bce, [[0.5, 0.5], [1, 0]], {"weight": [1.0, 2.0, 3.0]}, ValueError,
     r"`weight` has shape \(3,\), which does not broadcast to the prediction's shape \(2,\)"),
    (lv.bce_with_logits, [[[0.5, 0.5]], [[1, 0]]], {"pos_weight": [[1.0], [2.0]]}, ValueError,
     r"`pos_weight` has shape \(2, 1\), which does not broadcast"),
    (lv.cross_entropy, [[[1.0, 2.0], [1.0, 2.0]], [-100, -100]], {}, ValueError,
     r"cross_entropy: the mean is undefined because every target is ignored"),
    # Non-numeric data.
    (lv.mse, [["a", "b"], [1.0, 2.0]], {}, TypeError, r"`pred` must hold real numbers; got text \(strings\)"),
    (lv.mse, [[1.0, 2.0], None], {}, TypeError, r"`target` must be numbers .*got None"),
    (lv.mae, [[1.0, None], [1.0, 2.0]], {}, TypeError, r"`pred` must hold real numbers; got a value of type NoneType"),
    (lv.mse, [[1 + 2j], [1.0]], {}, TypeError, r"`pred` must hold real numbers; got complex numbers"),
    (lv.mse, [[[1.0, 2.0], [3.0]], [1.0, 2.0]], {}, ValueError, r"`pred` must be a regular array of numbers; got a ragged"),
    (lv.mse, [np.array([1.0, "a"], dtype=object), [1.0, 2.0]], {}, TypeError, r"`pred` must hold real numbers; got text"),
    (lv.mse, [[1.0, 2.0], np.array([1.0, {}], dtype=object)], {}, TypeError,
     r"`target` must hold real numbers; got a value of type dict \(\{\}\)"),
    (lv.mse, [[10**400], [1.0]], {}, ValueError, r"`pred` holds a number too large for a float"),
    # Masked arrays: the mask is never dropped silently.
    (lv.mse, [np.ma.array([1.0, 99.0], mask=[0, 1]), [1.0, 1.0]], {}, TypeError,
     r"`pred` is a masked array with 1 masked value\(s\); lossviz never drops a mask silently"),
    # A float32 computation: weights too large for it are named, not called inf.
    (lv.bce, [np.float32([0.5]), np.float32([1.0])], {"weight": [1e300]}, ValueError,
     r"`weight` holds 1e\+300, too large for float32"),
    # ignore_index with probability targets does nothing: refused, as in PyTorch.
    (lv.cross_entropy, [[[1.0, -5.0]], [[0.0, 1.0]]], {"ignore_index": 0}, ValueError,
     r"`ignore_index` \(0\) applies to class-index targets only"),
    # The losses added with the registry.
    (lv.hinge, [[0.5, -0.5], [1.0, 0.0]], {}, ValueError,
     r"`target` must be labels -1 or \+1 for the hinge loss; got 0\.0\. For labels 0 and 1, pass `2 \* target - 1`"),
    (lv.hinge, [[0.5], [1.0]], {"margin": -1.0}, ValueError, r"`margin` must be >= 0\.0; got -1\.0"),
    (lv.quantile, [[0.5], [1.0]], {"tau": 1.0}, ValueError, r"`tau` must be in \(0\.0, 1\.0\); got 1\.0"),
    (lv.quantile, [[0.5], [1.0]], {"tau": "0.5"}, TypeError, r"`tau` must be a number in \(0\.0, 1\.0\); got str"),
    (lv.focal, [[0.5], [1.0]], {"gamma": -2.0}, ValueError, r"`gamma` must be >= 0\.0; got -2\.0"),
    (lv.focal, [[0.5], [1.0]], {"alpha": 1.5}, ValueError, r"`alpha` must be in \[0\.0, 1\.0\]; got 1\.5"),
    (lv.focal, [[0.5], [2.0]], {}, ValueError, r"`target` must be labels in \[0, 1\]; got 2"),
    (lv.log_cosh, [[0.5, 1.0], [[0.5], [1.0]]], {}, ValueError, r"shapes must match exactly"),
    # Numbers too large for a float, as data and as options: named, never an OverflowError or "inf".
    (lv.mse, [[Decimal("1e400")], [1.0]], {}, ValueError, r"`pred` holds a number too large for a float"),
    (lv.hinge, [[0.5], [1.0]], {"margin": 10**400}, ValueError,
     r"`margin` must be a number >= 0\.0; got 100000… \(an integer of 401 digits\), too large for a float"),
    (lv.focal, [[0.5], [1.0]], {"gamma": 10**400}, ValueError, r"`gamma` must be a number >= 0\.0; .*too large for a float"),
    (lv.huber, [[1.0], [2.0]], {"delta": 10**400}, ValueError, r"`delta` must be a positive number; .*too large for a float"),
    (lv.huber, [[1.0], [2.0]], {"delta": True}, TypeError, r"`delta` must be a positive number; got bool True"),
    # Class targets that NumPy reads as something else, or that are one class too wide.
    (lv.cross_entropy, [[[1.0, 2.0, 3.0], [1.0, 2.0, 3.0]], [0, 2**63]], {}, ValueError,
     r"must be in \[0, 2\] for 3 classes; got 9\.22337e\+18, too large for an integer"),
    (lv.cross_entropy, [[[1.0, 2.0, 3.0]], [[0.2, 0.3, 0.4, 0.1]]], {}, ValueError,
     r"`target` has shape \(1, 4\): class probabilities must be shaped like `logits` \(1, 3\), one per class "
     r"\(3 classes, not 4\); class indices have shape \(1,\)"),
]

# Options passed by position: Python's own "takes 2 positional arguments" would not say why.
POSITIONAL_OPTIONS = [
    (lv.huber, ([1.0], [2.0], 2.0), r"huber\(\) takes 2 positional arguments \(pred, target\) but 3 were given; "
                                    r"its options are keyword-only: write huber\(pred, target, delta=\.\.\., reduction=\.\.\.\)"),
    (lv.mse, ([1.0], [2.0], "sum"), r"mse\(\) takes 2 positional arguments .* write mse\(pred, target, reduction=\.\.\.\)"),
    (lv.cross_entropy, ([[1.0, 2.0]], [0], None, 0.1), r"cross_entropy\(\) takes 2 positional arguments \(logits, target\) but 4"),
]


@pytest.mark.parametrize(("loss", "args", "message"), POSITIONAL_OPTIONS, ids=[row[0].name for row in POSITIONAL_OPTIONS])
def test_options_by_position_are_told_they_are_keyword_only(loss, args, message):
    for function in (loss, loss.grad, loss.value_and_grad):
        with pytest.raises(TypeError, match=message):
            function(*args)


def test_a_list_of_tensors_that_require_grad_is_refused_with_the_fix():
    import torch

    with pytest.raises(TypeError, match=r"`pred` is a list holding tensors NumPy cannot read .*torch.stack\(pred\).detach\(\)"):
        lv.mse([torch.tensor(1.0, requires_grad=True)], [1.0])


@pytest.mark.parametrize("value", [Fraction(1, 2), np.float32(0.5), 1], ids=["Fraction", "float32", "int"])
def test_an_option_may_be_any_real_number(value):
    assert lv.huber([3.0], [0.0], delta=value) == lv.huber([3.0], [0.0], delta=float(value))


@pytest.mark.parametrize("loss", lv.LOSSES.values(), ids=lv.LOSSES)
def test_the_pytorch_reference_takes_what_the_loss_takes(loss):
    pred, target = loss.example  # plain numbers and lists, as a learner writes them
    assert float(loss.torch(pred, target)) == pytest.approx(loss(pred, target), rel=1e-12)
    assert float(loss.torch(np.asarray(pred), np.asarray(target), reduction="sum")) == pytest.approx(
        loss(pred, target, reduction="sum"), rel=1e-12)


def _tensor_cases():
    import torch

    return [
        (torch.tensor([1.0, 2.0]).to_sparse(), TypeError, r"`pred` is a sparse tensor \(torch.sparse_coo\); pass `pred.to_dense\(\)`"),
        (torch.empty(2, device="meta"), TypeError, r"`pred` is a meta tensor, which has a shape but no values"),
    ]


@pytest.mark.parametrize("case", range(2))
def test_tensors_numpy_cannot_read_get_a_clear_error(case):
    tensor, error, message = _tensor_cases()[case]
    with pytest.raises(error, match=message):
        lv.mse(tensor, [1.0, 1.0])


def test_bfloat16_tensors_are_read_exactly_as_float32():
    import torch

    pred = torch.tensor([0.5, 3.25], dtype=torch.bfloat16)
    assert lv.mse(pred, np.float32([0.0, 0.0])) == (0.25 + 3.25**2) / 2
    assert lv.mse.grad(pred, np.float32([0.0, 0.0])).dtype == np.float32


@pytest.mark.parametrize("value", [Fraction(1, 2), 2**70, Decimal("0.25")], ids=["Fraction", "2**70", "Decimal"])
def test_real_numbers_of_any_python_type_are_read_as_floats(value):
    assert lv.mse([value, 0.0], [0.0, 0.0], reduction="none")[0] == float(value) ** 2


def test_a_huge_error_is_right_and_silent(recwarn):
    assert lv.huber([1e200], [0.0]) == 1e200 - 0.5
    assert not recwarn.list


@pytest.mark.parametrize(
    ("loss", "args", "options", "error", "message"),
    BAD_INPUTS,
    ids=[f"{row[0].name}-{i}" for i, row in enumerate(BAD_INPUTS)],
)
def test_bad_input_gets_a_clear_error(loss, args, options, error, message):
    with pytest.raises(error, match=message):
        loss(*args, **options)
    with pytest.raises(error, match=message):
        loss.grad(*args, **options)


# ------------------------------------------------------------ bad input derived from each loss's contract


def _losses(chosen):
    return pytest.mark.parametrize("loss", chosen, ids=[loss.name for loss in chosen])


def _outside(domain):
    """Two numbers just past a domain's finite ends (none for a domain without one)."""
    return [end + step for end, step in ((domain[0], -0.5), (domain[1], 0.5)) if np.isfinite(end)]


@_losses([loss for loss in lv.LOSSES.values() if loss.target_domain is not None and _outside(loss.target_domain_for())])
def test_a_target_outside_the_contracts_domain_is_refused_naming_it(loss):
    pred, _ = loss.example
    domain = loss.target_domain_for()
    for target in _outside(domain):
        with pytest.raises(ValueError, match=re.escape(f"`target` must be {domain.words}; got {target:g}")):
            loss([pred], [target])


@_losses([loss for loss in lv.LOSSES.values() if loss.task != "multiclass" and _outside(loss.pred_domain)])
def test_a_prediction_outside_the_contracts_domain_is_refused_naming_it(loss):
    _, target = loss.example
    for pred in _outside(loss.pred_domain):
        with pytest.raises(ValueError, match=r"^`\w+` must be .*; got " + re.escape(f"{pred:g}")):
            loss([pred], [target])


@_losses(list(lv.LOSSES.values()))
def test_a_reduction_the_loss_does_not_take_is_refused(loss):
    pred, target = loss.example
    taken = ", ".join(map(repr, loss.reductions))
    for reduction in {"avg", "batchmean"} - set(loss.reductions):
        with pytest.raises(ValueError, match=re.escape(f"`reduction` must be one of {taken}; got {reduction!r}.")):
            loss(pred, target, reduction=reduction)


@_losses([loss for loss in lv.LOSSES.values() if any(isinstance(default, bool) for default in loss.options.values())])
def test_a_yes_no_option_takes_only_true_or_false(loss):
    pred, target = loss.example
    for option in [name for name, default in loss.options.items() if isinstance(default, bool)]:
        with pytest.raises(TypeError, match=re.escape(f"`{option}` must be True or False; got int 1")):
            loss(pred, target, **{option: 1})
