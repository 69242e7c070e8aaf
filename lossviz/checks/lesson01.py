"""The checks of lesson 01, mean squared error."""

import numpy as np

from lossviz.analysis import best_constant
from lossviz.checks._reading import _check_numbers
from lossviz.losses import mse

__all__ = ["check_mse_value", "check_mse_gradient", "check_mse_more_predictions", "check_best_shift"]


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


def _each_off_by(miss, count):
    """The MSE of `count` predictions that each miss by `miss`."""
    return mse(np.full(count, miss), np.zeros(count))


def check_mse_more_predictions(answer):
    """01, exercise 3 (predict, then run): the MSE of eight predictions, each 0.3 above its target."""
    four, eight = _each_off_by(0.3, 4), _each_off_by(0.3, 8)
    return _check_numbers(
        answer, eight,
        hint="twice as many predictions double the sum of the squared errors; what else in the MSE's formula "
             "doubles with them?",
        why=f"The same: {eight:.2f} for eight predictions as for four. Twice the predictions double the sum of "
            f"the squares and the n it is divided by. That is why MSE takes the mean: a loss that does not grow "
            f"with the size of the data set compares data sets of any size.",
        slips=[(2 * four, "That doubles the MSE, as if only the sum counted; the mean also divides by n, which "
                          "doubled too."),
               (four / 2, "Halved? Every prediction is just as wrong as before."),
               (eight * 8, "That is the sum of the eight squared errors; MSE divides it by n."),
               (0.3, "That is the miss itself; MSE squares it.")],
    )


def _after(shift):
    """Exercise 1's MSE once `shift` is added to every prediction."""
    return mse(np.add(_MSE_PRED, shift), _MSE_TARGET)


def check_best_shift(answer):
    """01, exercise 4: the number c which, added to every prediction [1, 2, 3], gives the smallest MSE against [1, 2, 5]."""
    lacking = np.subtract(_MSE_TARGET, _MSE_PRED)  # what each prediction lacks: 0, 0 and 2
    expected = best_constant(mse, lacking)  # the MSE of pred + c against target is the MSE of c against target - pred
    return _check_numbers(
        answer, expected,
        hint="as c grows the MSE traces a parabola in c; at its lowest point its slope, the sum of the three "
             "gradients 2(ŷ_i + c - y_i)/3, is 0.",
        why=f"The best shift is the mean of what the predictions lack (0, 0 and 2), 2/3: it makes the errors add "
            f"up to zero, and the MSE falls from {_after(0.0):.4f} to {_after(expected):.4f}. Fixing the third "
            f"prediction alone (c = 2) would leave the other two 2 off, an MSE of {_after(2.0):.4f}: MSE prefers "
            f"many small misses to one big one.",
        slips=[(float(lacking.max()), f"That makes the third prediction perfect but moves the other two 2 away: "
                                      f"MSE {_after(2.0):.4f}, worse than not moving ({_after(0.0):.4f})."),
               (0.0, f"Not moving keeps the MSE at {_after(0.0):.4f}; a small shift up does better, since the "
                     f"third prediction is far below its target.")],
    )
