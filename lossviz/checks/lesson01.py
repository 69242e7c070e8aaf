"""The checks of lesson 01, mean squared error."""

import numpy as np

from lossviz.checks._reading import _check_numbers
from lossviz.losses import mse

__all__ = ["check_mse_value", "check_mse_gradient"]


_MSE_PRED, _MSE_TARGET = [1.0, 2.0, 3.0], [1.0, 2.0, 5.0]


def check_mse_value(answer):
    """01, exercise 1: the MSE of predictions [1, 2, 3] for targets [1, 2, 5]."""
    errors = np.subtract(_MSE_PRED, _MSE_TARGET)
    return _check_numbers(
        answer, mse(_MSE_PRED, _MSE_TARGET),
        hint="find each error ŷ - y, square each one, then average the squares.",
        why="The squared errors 0, 0 and 4 average to 4/3.",
        slips=[(mse(_MSE_PRED, _MSE_TARGET, reduction="sum"), "That is the sum; MSE divides by the number of values (3)."),
               (np.abs(errors).mean(), "That is the mean of the errors' sizes (without their signs); "
                                       "MSE squares each error instead."),
               (np.sqrt(mse(_MSE_PRED, _MSE_TARGET)), "That is the root of the MSE (RMSE); leave out the square root.")],
    )


def check_mse_gradient(answer):
    """01, exercise 2: dL/dŷ of that MSE, one number per prediction."""
    expected = mse.grad(_MSE_PRED, _MSE_TARGET)
    return _check_numbers(
        answer, expected,
        hint="differentiate (1/n) Σ (ŷ_i - y_i)² with respect to one ŷ_i; give one number per prediction.",
        why="Only the third prediction is off (by -2), so only it gets a push: 2 * (-2) / 3, upward.",
        slips=[(-expected, "The sign is flipped: the gradient points uphill, ŷ - y, not y - ŷ."),
               (expected * 3, "You left out the 1/n of the mean: divide by 3."),
               (expected / 2, "You left out the 2 from differentiating the square.")],
    )
