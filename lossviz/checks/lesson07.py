"""The checks of lesson 07, what each loss does to training."""

import numpy as np

from lossviz.checks._reading import _check_loss_name, _check_numbers
from lossviz.losses import cross_entropy
from lossviz.pictures import training_lesson

__all__ = ["check_loss_at_start", "check_loudest_push", "check_loss_most_pulled_by_a_mislabel", "check_balancing_pos_weight"]

_CLASSES = 10
_PAYMENTS, _FRAUDS = 1000, 40  # exercise 4's data set


def check_loss_at_start(answer):
    """07, exercise 1 (predict, then run): the cross-entropy of a 10-class model whose scores all start at 0."""
    expected = float(cross_entropy(np.zeros(_CLASSES), 0))
    return _check_numbers(
        answer, expected,
        hint="with every score equal, what probability does the softmax give each of the classes? The loss is "
             "minus the log of the true class's probability (the natural log).",
        why=f"Equal scores give each of the {_CLASSES} classes the probability 1/{_CLASSES}, and -ln(1/{_CLASSES}) = "
            f"ln {_CLASSES} = {expected:.4f}. A first loss far from ln C says something is off before any step: "
            f"scores far from 0 (weights too large), or labels that do not match the classes.",
        slips=[(float(np.log(2.0)), "That is ln 2, the start of a yes/no model; this one chooses among 10 classes."),
               (float(np.log10(_CLASSES)), "That is the log in base 10; cross-entropy takes the natural log, ln."),
               (1 / _CLASSES, "That is the probability of each class, 1/10; the loss is minus its log."),
               (float(np.log(3.0)), "That is ln 3, the start of the lesson's three-class model; here there are 10.")],
    )


def check_loudest_push(answer):
    """07, exercise 2: the score z at which squared error on σ(z) pushes a point of class 1 hardest."""
    expected = training_lesson.loudest_score("mse_on_sigmoid")
    return _check_numbers(
        answer, expected,
        hint="write s = σ(z). The push is |2(s - 1) · s(1 - s)| = 2s(1 - s)²: find the s where its derivative "
             "is 0, then the z whose σ(z) is that s (σ(z) = s when z = ln(s / (1 - s))).",
        why=f"2s(1 - s)² is largest where (1 - s)(1 - 3s) = 0, at s = 1/3, and σ(z) = 1/3 at z = ln(1/2) = "
            f"{expected:.4f}. Left of it, the more wrong the point, the quieter the loss: the gradient vanishes "
            f"just where the point needs it most.",
        slips=[(0.0, "At z = 0 the sigmoid's slope σ(z)(1 - σ(z)) is largest; the push also has the factor "
                     "(σ(z) - 1), which grows to the left, so the peak is left of 0."),
               (1 / 3, "1/3 is σ(z) at the peak; the question asks for the score z itself."),
               (-6.0, "At z = -6 the point is most wrong, but squared error on σ(z) is almost silent there."),
               (float(np.log(3.0)), "ln 3 is not it: solve σ(z) = 1/3 for z, z = ln(s / (1 - s)), with s = 1/3.")],
    )


def check_loss_most_pulled_by_a_mislabel(answer):
    """07, exercise 3 (predict, then run): which of the lesson's four losses lets the one mislabeled point move
    its boundary the most (preset "mislabeled", lr = 0.5, 300 steps)."""
    shifts = {loss: abs(training_lesson.mislabel_shift(loss)) for loss in training_lesson.SHOUTING_LOSSES}
    most = max(shifts, key=lambda loss: shifts[loss])
    words = ", ".join(f"{training_lesson.LOSS_WORDS[loss]} {shift:.2f}" for loss, shift in shifts.items())
    return _check_loss_name(
        answer, training_lesson.SHOUTING_LOSSES,
        {most: f"The boundary moves along x1 by {words}. Focal turns the easy points down, and the mislabeled "
               f"point, confidently wrong, is the hardest of all: the points that should hold the line are quiet, "
               f"so that one point pulls it furthest."},
        hint="which loss turns down the points it already gets right, and keeps shouting about the point it gets "
             "most wrong?",
        wrong_why="Another loss lets it move further. Look at the figure of section 1: which loss is quietest about "
                  "the points already right, next to how loud it stays about the one confidently wrong?",
    )


def check_balancing_pos_weight(answer):
    """07, exercise 4: the pos_weight that gives 40 frauds (class 1) among 1,000 card payments as much total weight
    as the other payments (class 0). Not section 5's preset, whose weight 9 the lesson has already used."""
    ones, zeros = _FRAUDS, _PAYMENTS - _FRAUDS
    expected = zeros / ones
    return _check_numbers(
        answer, expected,
        hint="each class-1 term is multiplied by pos_weight, each class-0 term by 1: how many payments are in each "
             "class, and with which pos_weight do the two totals match?",
        why=f"{ones} frauds times {expected:g} weigh as much as the {zeros} other payments. It is the usual starting "
            f"value (negatives / positives), as section 5's 9 is for 180 points of class 0 against 20 of class 1; "
            f"section 5 shows its cost: more false alarms.",
        slips=[(ones / zeros, "That turns the rare class down; pos_weight multiplies the class-1 terms, so it must "
                              "be above 1 to raise them."),
               (float(_PAYMENTS / ones), "That divides all the payments by the frauds; compare the other payments "
                                         "with the frauds only."),
               (float(zeros), "That weighs each fraud as much as all the other payments together."),
               (9.0, "That is section 5's weight, for 180 points against 20; count this set's classes.")],
    )
