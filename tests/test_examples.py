"""The lessons' worked examples, each with where its expected number comes from.

These are the numbers the notebooks print; each is worked out by hand in the
comment beside it, independently of lossviz and PyTorch.
"""

import math

import numpy as np
import pytest

import lossviz as lv


@pytest.mark.parametrize(
    ("pred", "expected"),
    [
        (0.7, 0.09),     # golf lesson: 0.3 away from the hole, squared
        (0.95, 0.0025),  # 0.05 away, squared: the better shot has the lower score
    ],
)
def test_golf_squared_errors(pred, expected):
    assert lv.mse(pred, 1.0) == pytest.approx(expected, rel=1e-12)


def test_golf_the_closer_prediction_scores_lower():
    assert lv.mse(0.95, 1.0) < lv.mse(0.7, 1.0)


def test_mse_of_the_pytorch_lesson_example():
    # Errors 0.5, 0.1, -0.2 square to 0.25, 0.01, 0.04; their mean is 0.3 / 3.
    assert lv.mse([2.5, 3.1, 4.8], [2.0, 3.0, 5.0]) == pytest.approx(0.1, rel=1e-12)


def test_mse_of_the_classic_example_is_exactly_0_375():
    # Errors 0.5, -0.5, 0, -1 square to 0.25, 0.25, 0, 1 (all exact in binary): 1.5 / 4.
    assert lv.mse([3.0, -0.5, 2.0, 7.0], [2.5, 0.0, 2.0, 8.0]) == 0.375


def test_mse_gradient_is_two_errors_over_n():
    # 2 * (0.5, -0.5, 0, -1) / 4.
    grad = lv.mse.grad([3.0, -0.5, 2.0, 7.0], [2.5, 0.0, 2.0, 8.0])
    np.testing.assert_allclose(grad, [0.25, -0.25, 0.0, -0.5], rtol=1e-15)


def test_bce_of_four_confident_right_answers():
    # Each label gets probability 0.9, 0.8, 0.8 or 0.9: -(2 ln 0.9 + 2 ln 0.8) / 4.
    expected = -(2 * math.log(0.9) + 2 * math.log(0.8)) / 4
    assert lv.bce([0.9, 0.2, 0.8, 0.1], [1, 0, 1, 0]) == pytest.approx(expected, rel=1e-12)
    assert round(lv.bce([0.9, 0.2, 0.8, 0.1], [1, 0, 1, 0]), 4) == 0.1643


def test_bce_of_three_predictions():
    # -(ln 0.9 + ln 0.8 + ln 0.7) / 3.
    expected = -(math.log(0.9) + math.log(0.8) + math.log(0.7)) / 3
    assert lv.bce([0.9, 0.2, 0.7], [1, 0, 1]) == pytest.approx(expected, rel=1e-12)
    assert round(lv.bce([0.9, 0.2, 0.7], [1, 0, 1]), 4) == 0.2284


def test_cross_entropy_of_the_lesson_logits():
    # -log softmax([2, 1, 0.1])[0] = log(e^2 + e^1 + e^0.1) - 2.
    expected = math.log(math.exp(2.0) + math.exp(1.0) + math.exp(0.1)) - 2.0
    assert lv.cross_entropy([[2.0, 1.0, 0.1]], [0]) == pytest.approx(expected, rel=1e-12)
    assert round(lv.cross_entropy([[2.0, 1.0, 0.1]], [0]), 4) == 0.4170


def test_cross_entropy_gradient_is_softmax_minus_one_hot():
    exps = np.exp([2.0, 1.0, 0.1])
    expected = exps / exps.sum() - [1.0, 0.0, 0.0]
    np.testing.assert_allclose(lv.cross_entropy.grad([[2.0, 1.0, 0.1]], [0]), [expected], rtol=1e-12)


def test_three_equal_scores_cost_log_three():
    # MyGrad's hand-checkable example: uniform probabilities 1/3 whatever the class.
    for true_class in range(3):
        assert lv.cross_entropy([1.0, 1.0, 1.0], true_class) == pytest.approx(math.log(3), rel=1e-12)


def test_loss_guides_learning_example():
    # Lesson 04: prediction 0.3 vs target 1.0 costs 0.49; 0.6 costs 0.16; 0.1 costs 0.81.
    assert lv.mse(0.3, 1.0) == pytest.approx(0.49, rel=1e-12)
    assert lv.mse(0.6, 1.0) == pytest.approx(0.16, rel=1e-12)
    assert lv.mse(0.1, 1.0) == pytest.approx(0.81, rel=1e-12)
    # The derivative says "move up" without trying: 2 * (0.3 - 1.0) < 0.
    assert float(lv.mse.grad(0.3, 1.0)) == pytest.approx(-1.4, rel=1e-12)


def test_huber_pieces_by_hand():
    # delta = 1: error 0.5 -> 0.5 * 0.25; error 3 -> 1 * (3 - 0.5); error -2 -> 1 * (2 - 0.5).
    values = lv.huber([0.5, 3.0, -2.0], [0.0, 0.0, 0.0], reduction="none")
    np.testing.assert_allclose(values, [0.125, 2.5, 1.5], rtol=1e-15)
    np.testing.assert_allclose(lv.huber.grad([0.5, 3.0, -2.0], [0.0, 0.0, 0.0], reduction="sum"), [0.5, 1.0, -1.0])


def test_bce_at_exact_zero_and_one_is_clamped_like_pytorch():
    # A certain, wrong prediction costs -log(0), clamped at 100; a certain, right one costs 0.
    assert lv.bce([0.0, 1.0], [1, 0], reduction="none").tolist() == [100.0, 100.0]
    assert lv.bce([1.0, 0.0], [1, 0], reduction="none").tolist() == [0.0, 0.0]
