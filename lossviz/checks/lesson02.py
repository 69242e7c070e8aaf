"""The checks of lesson 02, binary cross-entropy."""

import math


from lossviz.checks._reading import _check_numbers
from lossviz.losses import bce

__all__ = ["check_bce_confidently_wrong", "check_bce_gradient", "check_bce_mirror", "check_bce_of_one"]


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


def check_bce_mirror(answer):
    """02, exercise 3 (predict, then run): the BCE of p = 0.01 for a label 1, read off the table for a label 0."""
    expected = bce(0.01, 1.0)
    return _check_numbers(
        answer, expected,
        hint="the curve for y = 1 is the curve for y = 0 seen in a mirror: what probability does the model give the "
             "true answer here, and which row of the table gives a label 0 that same probability?",
        why=f"The model gave the true answer only 0.01, as p = 0.99 does for a label 0, so the loss is the table's "
            f"{bce(0.99, 0.0):.4f}: nearer 5 than 1 or 50. Each factor of 10 taken off the probability of the truth "
            f"adds the same log 10 = {-math.log(0.1):.4f}.",
        slips=[(bce(0.01, 0.0), "That is the loss for a label 0, -log(1 - p): the label is 1, and the model gave it "
                                "only 0.01."),
               (0.01, "That is the probability itself; the loss is -log of the probability given to the true answer."),
               (-math.log10(0.01), "That is log base 10; BCE uses the natural log.")],
    )


def check_bce_of_one(answer):
    """02, exercise 4: the probability p at which the BCE of a label 1 is exactly 1."""
    expected = math.exp(-1.0)  # -log p = 1 undone: log p = -1
    return _check_numbers(
        answer, expected,
        hint="for a label 1 the loss is -log p. Set it to 1 and undo the log: the natural log is undone by e to a power.",
        why=f"-log p = 1 means log p = -1, so p = e^-1 = 1/e; BCE({expected:.4f}, 1) = {bce(expected, 1.0):.4f}. "
            f"Below about 0.37 for the truth, a prediction costs more than 1.",
        slips=[(1 - expected, "That is where the loss of a label 0, -log(1 - p), is 1; for a label 1 it is -log p."),
               (math.e, "That is e; p is a probability, at most 1. From -log p = 1, what is log p?"),
               (-1.0, "That is log p; p itself is e to that power."),
               (0.1, "That is 10 to the -1: BCE uses the natural log, undone by e, not 10."),
               (1.0, "At p = 1 the loss is 0, not 1: a sure, right answer costs nothing.")],
    )
