"""The checks of lesson 05, choosing a loss."""

import numpy as np

from lossviz.checks._reading import _check_loss_name, _check_numbers
from lossviz.losses import mae

__all__ = ["check_loss_for_classes", "check_mae_best_constant"]


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
