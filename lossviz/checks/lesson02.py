"""The checks of lesson 02, binary cross-entropy."""

import math


from lossviz.checks._reading import _check_numbers
from lossviz.losses import bce

__all__ = ["check_bce_confidently_wrong", "check_bce_gradient"]


def check_bce_confidently_wrong(answer):
    """02, exercise 1: the BCE of predicting p = 0.7 when the label is 0."""
    expected = bce(0.7, 0.0)
    return _check_numbers(
        answer, expected,
        hint="which of BCE's two terms is left when y = 0? Use the natural log (np.log).",
        why="The model gave the true answer (0) only 0.3: -log(0.3) = 1.2040. Wrong and fairly sure costs a lot.",
        slips=[(-math.log(0.7), "That is -log(p), the cost if the label were 1; the label is 0, so use -log(1 - p)."),
               (math.log(0.3), "You forgot the minus sign: the log of a probability is negative, and BCE "
                               "puts a minus in front so that the loss is positive."),
               (-math.log10(0.3), "That is log base 10; BCE uses the natural log (np.log).")],
    )


def check_bce_gradient(answer):
    """02, exercise 2: dL/dp of the BCE at p = 0.5 for the label 1."""
    expected = float(bce.grad(0.5, 1.0))
    return _check_numbers(
        answer, expected,
        hint="differentiate -[y log p + (1 - y) log(1 - p)] with respect to p, then put in p and y.",
        why="(0.5 - 1) / 0.25 = -2: negative, so raising p lowers the loss.",
        slips=[(-expected, "The sign is flipped: the loss falls as p rises toward the label 1, so the slope is negative."),
               (-0.5, "That is p - y alone; divide by p (1 - p) = 0.25.")],
    )
