"""Property tests: what a good loss must do, for any input, and how losses relate.

The five properties of the lessons (non-negative, zero at perfection,
a useful gradient, monotonic in the error, smooth), then identities that tie the
losses to each other, each checked by hypothesis on many drawn inputs. The
generic tests draw their inputs from each loss's own contract (the domains of
its prediction and its target, its labels, its option sliders and yes/no
options) and choose their properties by it (non-negative terms, a best
prediction, a zero minimum), so a new loss in the registry is checked like the
others without a change here.
"""

import math

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import lossviz as lv

SHAPES = hnp.array_shapes(min_dims=0, max_dims=3, max_side=4)


def losses_for(*tasks):
    """The registry's losses of these tasks, as pytest parameters named after them."""
    return losses_where(lambda loss: loss.task in tasks)


def losses_where(promise):
    """The registry's losses whose contract makes `promise(loss)` true, as pytest parameters."""
    chosen = [loss for loss in lv.LOSSES.values() if promise(loss)]
    return pytest.mark.parametrize("loss", chosen, ids=[loss.name for loss in chosen])


def has_a_best_number(loss):
    """A loss whose target is a number and whose best prediction for it is a point (Poisson's log y)."""
    return loss.target_domain is not None and loss.best_prediction is not None


def floats(low, high):
    return st.floats(low, high, allow_nan=False, allow_infinity=False)


def arrays(shape, low, high):
    return hnp.arrays(np.float64, shape, elements=floats(low, high))


def prediction_bounds(loss, scale, margin=0.0, options=None):
    """The loss's prediction domain (with these options) cut to [-scale, scale], `margin` inside a bounded end."""
    low, high = loss.pred_domain_for(**(options or {}))
    return (low + margin if math.isfinite(low) else -scale), (high - margin if math.isfinite(high) else scale)


@st.composite
def class_problem(draw, low=-20.0, high=20.0):
    """Scores of shape (N, C) or (C,) and class indices for them."""
    classes = draw(st.integers(2, 6))
    shape = draw(st.sampled_from([(classes,), (draw(st.integers(1, 5)), classes)]))
    logits = draw(arrays(shape, low, high))
    target = draw(hnp.arrays(np.int64, shape[:-1], elements=st.integers(0, classes - 1)))
    return logits, target


def labels(loss, shape):
    low, high = loss.target_labels
    hard = st.sampled_from([low, high])
    return hnp.arrays(np.float64, shape, elements=hard | floats(low, high) if loss.soft_targets else hard)


def target_bounds(loss, scale, options=None):
    """The loss's target domain (with these options) cut to [-scale, scale]."""
    domain = loss.target_domain_for(**(options or {}))
    return max(domain.low, -scale), min(domain.high, scale)


@st.composite
def loss_options(draw, loss):
    """Each slider's option anywhere on its slider, each yes/no option either way."""
    options = {name: draw(floats(slider.low, slider.high)) for name, slider in loss.sliders.items()}
    return {**options, **{name: draw(st.booleans()) for name, default in loss.options.items() if isinstance(default, bool)}}


@st.composite
def valid_inputs(draw, loss, scale=10.0, margin=0.0):
    """(args, options) that `loss` accepts, drawn from its whole domain; options from its sliders."""
    options = draw(loss_options(loss))
    low, high = prediction_bounds(loss, scale, margin, options)
    if loss.task == "multiclass":
        scores, target = draw(class_problem(low, high))
        return [scores, target], options
    shape = draw(SHAPES)
    pred = draw(arrays(shape, low, high))
    target = draw(labels(loss, shape) if loss.target_domain is None else arrays(shape, *target_bounds(loss, scale, options)))
    return [pred, target], options


# ------------------------------------------------------------ the five properties


@losses_where(lambda loss: loss.nonnegative)
@given(data=st.data())
def test_non_negative(loss, data):
    args, options = data.draw(valid_inputs(loss, scale=50.0))
    assert (loss(*args, reduction="none", **options) >= 0).all()


@losses_where(lambda loss: not loss.nonnegative)
def test_a_loss_that_says_its_terms_may_be_negative_has_negative_ones(loss):
    # The contract is not a blanket "False": with the default options some term is below 0 (Poisson's
    # are not with full=True; "non-negative" promises it for every option).
    preds = np.linspace(*prediction_bounds(loss, 50.0), 201)
    targets = np.linspace(*target_bounds(loss, 50.0), 201)
    assert (loss(*np.meshgrid(preds, targets), reduction="none") < 0).any()


@losses_for("distribution")
@given(data=st.data(), log_target=st.booleans())
def test_a_divergence_is_non_negative_over_distributions_and_zero_where_they_agree(loss, data, log_target):
    # Gibbs' inequality: a single term may be negative, the sum over a distribution never is.
    scores, _ = data.draw(class_problem())
    target_scores = data.draw(arrays(scores.shape, -20.0, 20.0))
    log_q, log_p = (each - np.log(np.exp(each).sum(-1, keepdims=True)) for each in (scores, target_scores))
    log_q, log_p = np.minimum(log_q, 0.0), np.minimum(log_p, 0.0)
    target = log_p if log_target else np.exp(log_p)
    assert loss(log_q, target, reduction="sum", log_target=log_target) >= -1e-12
    assert loss(log_p, target, reduction="sum", log_target=log_target) == pytest.approx(0.0, abs=1e-12)


@losses_where(has_a_best_number)
@given(data=st.data())
def test_the_best_prediction_is_each_elements_minimum(loss, data):
    options = data.draw(loss_options(loss))
    # Normal floats: e^(log y) - y for a subnormal y has no digits left to be below 0.
    target = data.draw(hnp.arrays(np.float64, SHAPES, elements=st.floats(*target_bounds(loss, 1e6, options), allow_subnormal=False)))
    best = loss.best_prediction(target, **{**loss.options, **options})
    nudge = 1e-6 * (1 + np.abs(best))
    # Inside the predictions' domain (Poisson's log rate for a count of 0 is only approached, and its
    # rate for a count of 0 is at the domain's end, where the slope need not be 0).
    low, high = loss.pred_domain_for(**options)
    assume(np.isfinite(best).all() and (best - nudge >= low).all() and (best + nudge <= high).all())
    # A minimum: downhill toward it from either side, and no push away from it there (at a kink
    # every slope between the two sides' is valid; 0 is the one that says "stay").
    assert (loss.grad(best - nudge, target, reduction="sum", **options) < 0).all()
    assert (loss.grad(best + nudge, target, reduction="sum", **options) > 0).all()
    at_best = loss.grad(best, target, reduction="none", **options)
    if loss.zero_minimum:
        assert loss(best, target, **options) == 0.0
        assert (at_best == 0).all()
    else:  # e^(log y) is y only to within rounding
        assert (np.abs(at_best) <= 1e-12 * (1 + np.abs(target))).all()


@losses_for("binary")
@given(data=st.data(), shape=SHAPES)
def test_binary_is_zero_when_certain_and_right(loss, data, shape):
    low, high = loss.target_labels
    target = data.draw(hnp.arrays(np.float64, shape, elements=st.sampled_from([low, high])))
    _, options = data.draw(valid_inputs(loss))
    if loss.perfect_prediction(high) is not None:
        assert loss(target, target, **options) == 0.0
    else:
        # A score only approaches certainty; a margin of 40 gets within 1e-15.
        assert 0 <= loss(np.where(target == high, 40.0, -40.0), target, **options) < 1e-15


@given(problem=class_problem())
def test_nll_is_zero_when_the_true_class_has_probability_one(problem):
    logits, target = problem
    log_probs = np.full(logits.shape, -30.0)
    np.put_along_axis(log_probs, target[..., None], 0.0, axis=-1)
    assert lv.nll(log_probs, target) == 0.0


@given(problem=class_problem())
def test_cross_entropy_approaches_zero_as_the_right_answer_grows_certain(problem):
    # Zero is not attainable with finite logits; a margin of 40 gets within 1e-15.
    logits, target = problem
    logits = np.zeros(logits.shape)
    np.put_along_axis(logits, target[..., None], 40.0, axis=-1)
    assert 0 <= lv.cross_entropy(logits, target) < 1e-15


def central_differences(loss, args, options, step):
    pred = np.asarray(args[0], dtype=np.float64)
    slopes = np.zeros_like(pred)
    for index in np.ndindex(pred.shape):
        up, down = pred.copy(), pred.copy()
        up[index] += step
        down[index] -= step
        slopes[index] = (loss(up, *args[1:], reduction="sum", **options)
                         - loss(down, *args[1:], reduction="sum", **options)) / (2 * step)
    return slopes


@pytest.mark.parametrize("loss", lv.LOSSES.values(), ids=lv.LOSSES)
@given(data=st.data())
def test_gradient_equals_central_finite_differences(loss, data):
    # Away from the ends of a bounded domain (BCE's slope blows up at 0 and 1: the point of BCE).
    args, options = data.draw(valid_inputs(loss, margin=0.01))
    step = 1e-6
    expected = central_differences(loss, args, options, step)
    # At a kink (MAE at zero error, hinge at its margin) the slope from the left and from the
    # right differ, and the gradient is a convention; everywhere else it must be the slope.
    smooth = np.isclose(left_slopes(loss, args, options, step), expected, rtol=1e-3, atol=1e-5)
    gradient = loss.grad(*args, reduction="sum", **options)
    # A difference of two losses of size |L| carries a rounding error of about 2e-16·|L| / step: 2e-10·|L|
    # (Poisson's e^z is large where its slope e^z − y is small).
    rounding = 1e-9 * abs(loss(*args, reduction="sum", **options))
    np.testing.assert_allclose(gradient[smooth], expected[smooth], rtol=1e-5, atol=1e-6 + rounding)


def left_slopes(loss, args, options, step):
    pred = np.asarray(args[0], dtype=np.float64)
    slopes = np.zeros_like(pred)
    for index in np.ndindex(pred.shape):
        down = pred.copy()
        down[index] -= step
        slopes[index] = (loss(pred, *args[1:], reduction="sum", **options)
                         - loss(down, *args[1:], reduction="sum", **options)) / step
    return slopes


@losses_where(has_a_best_number)
@given(data=st.data(), error=floats(1e-3, 30) | floats(-30, -1e-3), factor=floats(1.001, 10))
def test_the_loss_grows_as_the_prediction_moves_away_from_its_best(loss, data, error, factor):
    options = data.draw(loss_options(loss))
    # Normal floats: a subnormal count's log rate, -744, leaves the loss no digits to grow in.
    target = data.draw(st.floats(*target_bounds(loss, 100.0, options), allow_subnormal=False))
    best = loss.best_prediction(np.float64(target), **{**loss.options, **options})
    low, high = loss.pred_domain_for(**options)
    assume(np.isfinite(best) and low <= best + factor * error <= high and low <= best + error <= high)
    assert loss(best + factor * error, target, **options) > loss(best + error, target, **options)


@losses_for("binary")
@given(data=st.data())
def test_binary_grows_as_the_prediction_moves_away_from_the_label(loss, data):
    low, high = prediction_bounds(loss, scale=20.0, margin=0.001)
    label = data.draw(st.sampled_from(loss.target_labels))
    _, options = data.draw(valid_inputs(loss))
    closer, further = data.draw(floats(low, high)), data.draw(floats(low, high))

    # For probabilities the distance to the label; for scores, how far toward the wrong side.
    def wrongness(pred):
        perfect = loss.perfect_prediction(label)
        if perfect is not None:
            return abs(pred - perfect)
        return -pred if label == max(loss.target_labels) else pred

    assume(wrongness(further) > wrongness(closer) + 1e-6)
    costs_closer, costs_further = loss(closer, label, **options), loss(further, label, **options)
    # Strictly, unless the closer one already costs nothing (hinge beyond its margin, focal
    # at gamma > 0 near certainty): a loss may stop caring, never reward being more wrong.
    assert costs_further > costs_closer or (costs_closer < 1e-12 and costs_further >= costs_closer)


@given(problem=class_problem(), raise_by=floats(1e-3, 10))
def test_cross_entropy_falls_as_the_true_class_score_rises(problem, raise_by):
    logits, target = problem
    higher = logits.copy()
    np.put_along_axis(higher, target[..., None], np.take_along_axis(logits, target[..., None], -1) + raise_by, -1)
    before, after = lv.cross_entropy(logits, target), lv.cross_entropy(higher, target)
    # Strictly, while the loss is above float64's resolution of log(1 + tiny) (as in PyTorch).
    assert after < before or (before < 1e-10 and after <= before)


@pytest.mark.parametrize(
    ("loss", "low", "high", "lipschitz"),
    [(lv.mse, -100, 100, 2.0), (lv.huber, -100, 100, 1.0), (lv.bce, 0.05, 0.95, 1000.0)],
    ids=["mse", "huber", "bce"],
)
@given(data=st.data(), label=st.sampled_from([0.0, 1.0]), step=floats(1e-9, 1e-3))
def test_smooth_losses_have_a_continuous_gradient(loss, low, high, lipschitz, data, label, step):
    point = data.draw(floats(low + step, high - step))
    above, below = point + step, point - step
    jump = loss.grad(above, label) - loss.grad(below, label)
    assert abs(jump) <= lipschitz * (above - below) * (1 + 1e-6)


@given(step=floats(1e-12, 1.0), target=floats(-100, 100))
def test_mae_is_the_documented_exception_its_slope_jumps_at_zero_error(step, target):
    # However close to a perfect prediction, the slope is -1 on one side and +1 on the other.
    assert lv.mae.grad(target + step, target) - lv.mae.grad(target - step, target) == 2.0
    assert lv.mae.grad(target, target) == 0.0  # at the kink itself, 0 as in PyTorch


# ------------------------------------------------------------ identities between losses


@losses_where(lambda loss: loss.task != "multiclass")
@given(data=st.data())
def test_sum_is_mean_times_the_number_of_elements(loss, data):
    args, options = data.draw(valid_inputs(loss))
    total = loss(*args, reduction="sum", **options)
    assert loss(*args, reduction="mean", **options) * np.size(args[0]) == pytest.approx(total, rel=1e-12, abs=1e-12)
    np.testing.assert_allclose(
        loss.grad(*args, reduction="mean", **options) * np.size(args[0]),
        loss.grad(*args, reduction="sum", **options), rtol=1e-12, atol=1e-12,
    )


@pytest.mark.parametrize("loss", lv.LOSSES.values(), ids=lv.LOSSES)
@given(data=st.data())
def test_order_of_samples_does_not_matter(loss, data):
    args, options = data.draw(valid_inputs(loss))
    assume(np.ndim(args[0]) >= 1 and (loss.task != "multiclass" or np.ndim(args[0]) == 2))
    order = data.draw(st.permutations(range(np.shape(args[0])[0])))
    shuffled = [np.asarray(arg)[list(order)] for arg in args]
    assert loss(*shuffled, reduction="sum", **options) == pytest.approx(loss(*args, reduction="sum", **options), rel=1e-12, abs=1e-12)


@given(problem=class_problem(), shift=floats(-100, 100))
def test_cross_entropy_ignores_a_constant_added_to_every_score(problem, shift):
    logits, target = problem
    assert lv.cross_entropy(logits + shift, target) == pytest.approx(lv.cross_entropy(logits, target), rel=1e-9, abs=1e-12)


@given(problem=class_problem())
def test_cross_entropy_is_nll_of_log_softmax(problem):
    logits, target = problem
    log_probs = logits - np.log(np.exp(logits - logits.max(-1, keepdims=True)).sum(-1, keepdims=True)) - logits.max(-1, keepdims=True)
    log_probs = np.minimum(log_probs, 0.0)
    assert lv.cross_entropy(logits, target) == pytest.approx(lv.nll(log_probs, target), rel=1e-9, abs=1e-12)


@given(problem=class_problem(), smoothing=floats(0, 1), weight=hnp.arrays(np.float64, 6, elements=floats(0.1, 3)))
def test_index_targets_equal_one_hot_targets(problem, smoothing, weight):
    logits, target = problem
    one_hot = np.eye(logits.shape[-1])[target]
    options = {"label_smoothing": smoothing}
    assert lv.cross_entropy(logits, one_hot, **options) == pytest.approx(lv.cross_entropy(logits, target, **options), rel=1e-9)
    np.testing.assert_allclose(lv.cross_entropy.grad(logits, one_hot, **options),
                               lv.cross_entropy.grad(logits, target, **options), rtol=1e-9, atol=1e-12)
    # With class weights the two means differ by design (PyTorch's weighted mean
    # for indices), but the sums agree.
    options["weight"] = weight[: logits.shape[-1]]
    assert lv.cross_entropy(logits, one_hot, reduction="sum", **options) == pytest.approx(
        lv.cross_entropy(logits, target, reduction="sum", **options), rel=1e-9)


@given(problem=class_problem())
def test_zero_smoothing_is_plain_cross_entropy(problem):
    logits, target = problem
    assert lv.cross_entropy(logits, target, label_smoothing=0.0) == lv.cross_entropy(logits, target)


@given(logits=arrays(SHAPES, -15, 15), data=st.data())
def test_bce_with_logits_is_bce_of_the_sigmoid(logits, data):
    labels = data.draw(hnp.arrays(np.float64, logits.shape, elements=floats(0, 1)))
    # Within +-15 the probability keeps enough digits for BCE to agree; beyond, the
    # naive sigmoid-then-BCE loses them (the lesson of notebook 06).
    probabilities = 1 / (1 + np.exp(-logits))
    assert lv.bce_with_logits(logits, labels) == pytest.approx(lv.bce(probabilities, labels), rel=1e-6, abs=1e-9)


@given(data=st.data())
def test_huber_is_half_mse_inside_delta_and_shifted_mae_outside(data):
    pred = data.draw(arrays((5,), -10, 10))
    delta = data.draw(floats(0.1, 5))
    values = lv.huber(pred, np.zeros(5), delta=delta, reduction="none")
    inside = np.abs(pred) <= delta
    np.testing.assert_allclose(values[inside], 0.5 * lv.mse(pred, np.zeros(5), reduction="none")[inside])
    np.testing.assert_allclose(values[~inside], delta * (lv.mae(pred, np.zeros(5), reduction="none")[~inside] - delta / 2))
