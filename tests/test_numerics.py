"""Numerics: every loss against the exact value, at random inputs and at the edges.

The arbiter is `cases.exact_terms`: each loss's value and gradient in 60-digit
arithmetic (mpmath) from the float inputs taken exactly. Every loss in the
registry is swept over random inputs and extreme ones (`cases.extreme_case`:
the whole range of the dtype, saturated logits, tiny errors, soft labels a hair
from a label, options at and past their sliders' ends) and must be within
1e-10 (float64) / 1e-5 (float32) of the exact value per element, beyond a few
ulps of what cancels in the inputs themselves (see `cases.exact_misses`), or
at least as close to it as PyTorch. Then each edge that once lost its digits
(issue 24) is pinned by the case that showed it.
"""

import numpy as np
import pytest

import lossviz as lv
from cases import (EXACT_TERMS, MP, exact_misses, exact_reduced, exact_terms, extreme_case, random_case,
                   torch_value_and_grad)

TOLERANCE = {np.float64: 1e-10, np.float32: 1e-5}
DTYPES = pytest.mark.parametrize("dtype", [np.float64, np.float32], ids=["float64", "float32"])
RANDOM_SEEDS, EXTREME_SEEDS = range(10), range(60)


def exact(loss, args, options=None, reduction="none"):
    """The exact value and gradient (as float64 arrays) of `loss` at these arguments."""
    terms = exact_reduced(exact_terms(loss, [np.asarray(arg) for arg in args], options or {}), reduction)
    return (np.array([float(each) for each in np.ravel(terms.value)]).reshape(np.shape(terms.value)),
            np.array([float(each) for each in np.ravel(terms.grad)]).reshape(np.shape(terms.grad)))


def relative_error(ours, exact_value):
    ours, exact_value = np.asarray(ours, dtype=np.float64), np.asarray(exact_value, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(ours == exact_value, 0.0, np.abs(ours - exact_value) / np.abs(exact_value))


def misses_of(loss, args, options, reduction, exact_value):
    """(what, where lossviz is off the exact value and no closer than PyTorch, exact, ours, PyTorch's)."""
    dtype = np.asarray(args[0]).dtype.type
    tolerance = TOLERANCE[dtype]
    value = loss(*args, reduction=reduction, **options)
    grad = loss.grad(*args, reduction=reduction, **options)
    found = []
    for index, (what, ours, expected, scale) in enumerate([("value", value, exact_value.value, exact_value.value_scale),
                                                           ("gradient", grad, exact_value.grad, exact_value.grad_scale)]):
        off, expected = exact_misses(ours, expected, scale, dtype, tolerance)
        if not off.any():
            continue
        # Only where PyTorch is no closer (both overflow to inf, say, where the exact mean is finite).
        theirs = np.asarray(torch_value_and_grad(loss, args, options, reduction)[index], dtype=np.float64)
        with np.errstate(invalid="ignore"):
            ours_error = np.abs(np.asarray(ours, dtype=np.float64) - expected)
            their_error = np.abs(theirs - expected)
        off &= ours_error > np.where(np.isnan(their_error), np.inf, their_error)
        if off.any():
            found.append((what, np.asarray(ours)[off], expected[off], theirs[off]))
    return found


def test_every_loss_has_an_exact_reference():
    assert set(EXACT_TERMS) == set(lv.LOSSES)


def in_float64(args, options):
    wide = [np.asarray(arg, dtype=np.float64) if np.asarray(arg).dtype.kind == "f" else arg for arg in args]
    return wide, {key: value.astype(np.float64) if isinstance(value, np.ndarray) else value for key, value in options.items()}


@DTYPES
@pytest.mark.parametrize("loss", lv.LOSSES.values(), ids=lv.LOSSES)
def test_the_exact_reference_agrees_with_pytorch_at_ordinary_inputs(loss, dtype):
    # The arbiter checked itself: at the parity tests' random inputs PyTorch keeps its digits in
    # float64 (float32 inputs taken as they are, and computed in float64 by both).
    for seed in RANDOM_SEEDS:
        args, options = in_float64(*random_case(loss, seed, dtype))
        terms = exact_terms(loss, args, options)
        for reduction in loss.reductions:
            expected = exact_reduced(terms, reduction)
            value, grad = torch_value_and_grad(loss, args, options, reduction)
            for what, theirs, exact_value, scale in [("value", value, expected.value, expected.value_scale),
                                                     ("gradient", grad, expected.grad, expected.grad_scale)]:
                off, exact_value = exact_misses(theirs, exact_value, scale, np.float64, TOLERANCE[np.float64])
                assert not off.any(), f"seed {seed}, {reduction} {what}: PyTorch {theirs[off]}, exact {exact_value[off]}"


@DTYPES
@pytest.mark.parametrize("loss", lv.LOSSES.values(), ids=lv.LOSSES)
def test_every_loss_is_exact_at_random_and_extreme_inputs(loss, dtype):
    cases = [random_case(loss, seed, dtype) for seed in RANDOM_SEEDS]
    cases += [extreme_case(loss, seed, dtype) for seed in EXTREME_SEEDS]
    for number, (args, options) in enumerate(cases):
        terms = exact_terms(loss, args, options)
        for reduction in loss.reductions:
            expected = exact_reduced(terms, reduction)
            if expected is None:  # a mean over only ignored or weight-0 samples: refused
                continue
            with np.errstate(over="ignore"):  # a loss beyond the dtype's range is inf, as it should be
                found = misses_of(loss, args, options, reduction, expected)
            assert not found, (f"case {number}: {args}, {options}, {reduction}: "
                               + "; ".join(f"{what}: lossviz {ours}, exact {exact_value}, PyTorch {theirs}"
                                           for what, ours, exact_value, theirs in found))


# ------------------------------------------------------------ cross-entropy: each row's own shift


def test_cross_entropy_shifts_each_row_by_its_own_maximum():
    # One shift for the batch gave 2.0611551e-09 for the lower row (7e-7 off); log(1 + e^-20)
    # instead of log1p gave 2.0611537e-09 for both (7 digits of 16).
    logits, target = np.array([[20.0, 0.0], [-20.0, -40.0]]), np.array([0, 0])
    expected_value, expected_grad = exact(lv.cross_entropy, [logits, target])
    assert relative_error(lv.cross_entropy(logits, target, reduction="none"), expected_value).max() < 1e-15
    assert relative_error(lv.cross_entropy.grad(logits, target, reduction="sum"), expected_grad).max() < 1e-15


def test_float32_cross_entropy_is_never_negative_per_sample():
    logits = np.array([[2.4, -9.5, 15.5], [-12.1, -5.1, 14.2]], dtype=np.float32)
    values = lv.cross_entropy(logits, [2, 2], reduction="none")
    assert (values >= 0).all(), values  # was -1.19e-07
    assert relative_error(values, exact(lv.cross_entropy, [logits, [2, 2]])[0]).max() < 1e-5
    assert relative_error(lv.cross_entropy(logits, [2, 2]), exact(lv.cross_entropy, [logits, [2, 2]], reduction="mean")[0]) < 1e-5
    # Rows of every spread, each row's most likely class as its target (the loss nearest 0).
    rng = np.random.default_rng(24)
    logits = (rng.normal(size=(5000, 4)) * 10.0 ** rng.uniform(-3, 2, (5000, 1))).astype(np.float32)
    target = logits.argmax(axis=1)
    for options in ({}, {"label_smoothing": 0.1}, {"weight": np.float32([0.5, 1, 2, 3])}):
        assert (lv.cross_entropy(logits, target, reduction="none", **options) >= 0).all(), options
    assert (lv.cross_entropy(logits, np.eye(4, dtype=np.float32)[target], reduction="none") >= 0).all()


@DTYPES
@pytest.mark.parametrize("options", [{}, {"label_smoothing": 0.3}, {"weight": [2.5]}, {"label_smoothing": 0.3, "weight": [0.7]}],
                         ids=["plain", "smoothed", "weighted", "both"])
def test_a_one_class_row_costs_exactly_zero_and_leaves_no_gradient(dtype, options):
    logits = np.array([[3.0], [40.0], [-1e4], [0.1], [17.3]], dtype=dtype)
    options = {key: np.asarray(value, dtype=dtype) if key == "weight" else value for key, value in options.items()}
    for target in [np.zeros(5, dtype=int), np.ones((5, 1), dtype=dtype)]:
        for reduction in lv.cross_entropy.reductions:
            assert np.all(lv.cross_entropy(logits, target, reduction=reduction, **options) == 0.0)
            assert np.all(lv.cross_entropy.grad(logits, target, reduction=reduction, **options) == 0.0)


def test_a_sure_right_row_keeps_its_tiny_gradient():
    # softmax - 1 at the true class is -(the others' share): 1 - 1 would leave -1.1e-16 or 0.
    for logits in (np.array([[20.0, 0.0, -3.0]]), np.array([[40.0, 1.0, 2.0]]), np.array([[100.0, 0.0, 0.0]])):
        for options in ({}, {"label_smoothing": 1e-12}):
            expected = exact(lv.cross_entropy, [logits, [0]], options, "sum")[1]
            assert relative_error(lv.cross_entropy.grad(logits, [0], reduction="sum", **options), expected).max() < 1e-13


# ------------------------------------------------------------ regression: log-cosh and the quantile gradient


def test_log_cosh_of_a_small_error_keeps_its_digits():
    # |e| + log1p(e^-2|e|) - log 2 gave -5.96e-08 here, and 1.1e-16 for 1e-8.
    small = lv.log_cosh(np.float32([0.00012971]), np.float32([0.0]), reduction="none")
    assert small[0] > 0 and relative_error(small, exact(lv.log_cosh, [np.float32([0.00012971]), np.float32([0.0])])[0]) < 1e-5
    assert relative_error(lv.log_cosh(1e-8, 0.0), 5e-17) < 1e-15
    # 200,000 small float32 errors: none negative, each within 1e-5 of the series e²/2 - e⁴/12 + e⁶/45.
    rng = np.random.default_rng(24)
    error = (rng.choice([-1.0, 1.0], 200_000) * 10.0 ** rng.uniform(-18, -2, 200_000)).astype(np.float32)
    values = lv.log_cosh(error, np.zeros_like(error), reduction="none")
    assert (values >= 0).all()
    wide = error.astype(np.float64) ** 2
    series = wide / 2 - wide**2 / 12 + wide**3 / 45
    assert relative_error(values, series).max() < 1e-5


@DTYPES
@pytest.mark.parametrize("tau", [1e-9, 1 - 1e-9, 1e-30, 0.5])
def test_the_quantile_gradient_is_each_sides_own_slope(dtype, tau):
    # 0.5 * sign(e) + (0.5 - tau) gave 0 for tau = 1e-9 in float32, where -1e-9 is right.
    pred, target = np.array([-1.0, 1.0, 0.0], dtype=dtype), np.zeros(3, dtype=dtype)
    grad = lv.quantile.grad(pred, target, tau=tau, reduction="sum")
    np.testing.assert_array_equal(grad, np.array([-tau, 1 - tau, 0.0]).astype(dtype))  # 0 at the kink: stay


# ------------------------------------------------------------ binary: saturated and huge logits


@pytest.mark.parametrize(("dtype", "huge"), [(np.float64, 1e308), (np.float64, np.finfo(np.float64).max),
                                             (np.float32, 3e38), (np.float32, np.finfo(np.float32).max)],
                         ids=["1e308", "float64-max", "3e38", "float32-max"])
@pytest.mark.parametrize("gamma", [0.0, 0.5, 2.0, 5.0])
def test_focal_gradient_is_finite_and_right_at_huge_logits(dtype, huge, gamma):
    # gamma * CE * p (1 - p) was inf * 0 = NaN at -1e308; the exact (and PyTorch's) is -alpha there.
    logits = np.array([-huge, huge, -huge, huge, -huge], dtype=dtype)
    target = np.array([1.0, 0.0, 0.0, 1.0, 0.5], dtype=dtype)
    with np.errstate(over="ignore"):
        grad = lv.focal.grad(logits, target, gamma=gamma, reduction="sum")
    assert np.isfinite(grad).all(), grad
    np.testing.assert_allclose(grad[:2], [-0.25, 0.75], rtol=1e-15)
    expected_value, expected_grad = exact(lv.focal, [logits, target], {"gamma": gamma})
    assert relative_error(grad, expected_grad).max() < TOLERANCE[dtype]
    with np.errstate(over="ignore"):
        values = lv.focal(logits, target, gamma=gamma, reduction="none")
    assert relative_error(values, expected_value).max() < TOLERANCE[dtype]


@pytest.mark.parametrize("alpha", [0.25, None])
@pytest.mark.parametrize("gamma", [0.5, 2.0, 5.0])
def test_focal_is_right_to_the_last_digits_at_saturated_logits(gamma, alpha):
    # z = 40, y = 1, gamma = 0.5 gave -1.09e-27 (p - y was 0); exact -3.28e-27. And at y = 0 and a very
    # negative logit, (1 - y) z - log sigmoid(z) lost every digit of CE.
    logits = np.array([40.0, -40.0, 20.0, -20.0, 100.0, -100.0, 40.0, -40.0])
    target = np.array([1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 0.0, 1.0])
    options = {"gamma": gamma, "alpha": alpha}
    expected_value, expected_grad = exact(lv.focal, [logits, target], options)
    assert relative_error(lv.focal(logits, target, reduction="none", **options), expected_value).max() < 1e-14
    assert relative_error(lv.focal.grad(logits, target, reduction="sum", **options), expected_grad).max() < 1e-14
    assert lv.focal.grad(40.0, 1.0, gamma=0.5, reduction="sum") == pytest.approx(-3.283691536011195e-27, rel=1e-15)


def test_focal_with_a_large_gamma_keeps_its_digits_in_float32():
    # (1 - p_t)**gamma near 1 is taken from p_t: the rounding of 1 - p_t times gamma would be 1e-4.
    logits, target = np.float32([-7.0, -9.5, 7.0, 8.25]), np.float32([1.0, 1.0, 0.0, 0.0])
    expected_value, expected_grad = exact(lv.focal, [logits, target], {"gamma": 1000.0})
    assert relative_error(lv.focal(logits, target, gamma=1000.0, reduction="none"), expected_value).max() < 1e-5
    assert relative_error(lv.focal.grad(logits, target, gamma=1000.0, reduction="sum"), expected_grad).max() < 1e-5


@pytest.mark.parametrize("pos_weight", [None, 3.0])
def test_bce_with_logits_keeps_its_digits_near_a_label(pos_weight):
    # sigmoid(z) - y at y = 1 and z = 37.5 gave -1.11e-16 (the exact is -sigmoid(-37.5) = -5.18e-17);
    # (1 - y) z - log sigmoid(z) at y = 0 and z = -40 gave 0 (exact log1p(e^-40) = 4.2e-18).
    logits = np.array([37.5, -40.0, 30.0, -30.0, 45.0])
    target = np.array([1.0, 0.0, 1.0 - 2.0**-40, 2.0**-40, 1.0])
    options = {} if pos_weight is None else {"pos_weight": np.full(5, pos_weight)}
    expected_value, expected_grad = exact(lv.bce_with_logits, [logits, target], options)
    assert relative_error(lv.bce_with_logits(logits, target, reduction="none", **options), expected_value).max() < 1e-14
    assert relative_error(lv.bce_with_logits.grad(logits, target, reduction="sum", **options), expected_grad).max() < 1e-14
    assert float(-1 / (1 + MP.exp(37.5))) == pytest.approx(-5.175555005801868e-17, rel=1e-15)
