"""The checks of lesson 05, choosing a loss."""

import numpy as np

from lossviz._format import fixed
from lossviz.analysis import best_constant
from lossviz.checks._reading import _check_loss_name, _check_numbers
from lossviz.pictures.lessons import OUTLIER_DATA
from lossviz.losses import huber, mae, mse

__all__ = ["check_loss_for_classes", "check_mae_best_constant", "check_huber_far_outlier", "check_outlier_that_doubles_the_mean"]


def check_loss_for_classes(answer):
    """05, exercise 1: the PyTorch loss for choosing one of 10 classes from raw scores."""
    return _check_loss_name(
        answer, ("MSELoss", "BCEWithLogitsLoss", "CrossEntropyLoss"),
        {"CrossEntropyLoss": "K classes from logits: nn.CrossEntropyLoss, which applies the softmax itself."},
        hint="one label out of K classes, from raw scores (logits): which loss includes the softmax?",
        wrong_why="That one is for numbers (MSELoss) or yes/no labels (BCEWithLogitsLoss); "
                  "one of K classes needs CrossEntropyLoss.",
    )


def check_mae_best_constant(answer):
    """05, exercise 2: a constant that minimises MAE on the data [1, 2, 3, 100] (any from 2 to 3)."""
    data = [1.0, 2.0, 3.0, 100.0]
    middle = sorted(data)[1:3]
    return _check_numbers(
        answer, float(np.median(data)), interval=middle,
        hint="MAE's best constant is a median: a value with as many data points below it as above.",
        why=f"Every value from 2 to 3 has two points below and two above, and gives the smallest MAE, "
            f"{mae(np.full(4, 2.5), data):g}; the usual median is the middle one, 2.5. The outlier 100 "
            f"does not move it. MSE's best constant, the mean, would be 26.5.",
        slips=[(float(np.mean(data)), "That is the mean, MSE's best constant; MAE's is the median.")],
    )


def _with_outlier(outlier):
    return np.append(OUTLIER_DATA, outlier)


def check_huber_far_outlier(answer):
    """05, exercise 3 (predict, then run): Huber's best constant (δ = 1) once the outlier moves from 11 to 100."""
    near, far = best_constant(huber, _with_outlier(11.0)), best_constant(huber, _with_outlier(100.0))
    return _check_numbers(
        answer, far,
        hint="once the outlier is more than δ from the constant, Huber's slope for it is ±δ however far it is: "
             "does its pull on the constant grow as it moves away?",
        why=f"It stays {fixed(near)}: beyond δ Huber is linear, so the outlier pulls with the same force δ at 11 "
            f"and at 100. The mean, MSE's constant, moves from {np.mean(_with_outlier(11.0)):g} to "
            f"{np.mean(_with_outlier(100.0)):g}.",
        slips=[(float(np.mean(_with_outlier(100.0))), "That is the mean, MSE's best constant, which chases the outlier; "
                                                      "Huber's is the question."),
               (float(np.mean(_with_outlier(11.0))), "That is MSE's best constant with the outlier at 11.")],
    )


def check_outlier_that_doubles_the_mean(answer):
    """05, exercise 4: where the outlier must sit for MSE's best constant to double (from its value at 11)."""
    doubled = 2 * best_constant(mse, _with_outlier(11.0))
    size = OUTLIER_DATA.size + 1
    expected = size * doubled - OUTLIER_DATA.sum()  # the mean of all the points is `doubled`
    return _check_numbers(
        answer, expected,
        hint="MSE's best constant is the mean of all eight points: what must their sum be for that mean to double?",
        why=f"The mean of eight points is {doubled:g} when they sum to 8 · {doubled:g} = {size * doubled:g}; the seven "
            f"others sum to {OUTLIER_DATA.sum():g}, so the outlier must be {expected:g}. One point moved far enough "
            f"doubles MSE's fit; MAE's stays at the median.",
        slips=[(22.0, "That doubles the outlier, not the fit: the seven other points do not move, so the mean grows more slowly."),
               (doubled, "That is the doubled fit itself; the question is where the outlier must be for the fit to get there."),
               (OUTLIER_DATA.size * doubled - OUTLIER_DATA.sum(), "The mean is over all eight points, the outlier included: "
                                                                  "multiply by 8, not 7.")],
    )
