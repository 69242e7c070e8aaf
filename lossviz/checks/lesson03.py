"""The checks of lesson 03, cross-entropy."""

import itertools
import math

import numpy as np

from lossviz.checks._reading import _check_numbers
from lossviz.losses import cross_entropy

__all__ = ["check_uniform_cross_entropy", "check_cross_entropy_gradient", "check_shifted_logits", "check_classes_for_a_loss_above_3"]


def check_uniform_cross_entropy(answer):
    """03, exercise 1: the cross-entropy of four equal logits [0, 0, 0, 0], true class 1."""
    expected = cross_entropy([0.0, 0.0, 0.0, 0.0], 1)
    return _check_numbers(
        answer, expected,
        hint="what probability does softmax give each class when the logits are all equal? The loss is -log of the true class's.",
        why="-log(1/4) = log 4 = 1.3863, whichever class is true: a model that knows nothing pays log K.",
        slips=[(0.25, "That is the probability itself; the loss is -log of it."),
               (math.log10(4), "That is log base 10; use the natural log.")],
    )


def check_cross_entropy_gradient(answer):
    """03, exercise 2: dL/dz for logits [1.0, 2.0, 0.5] and true class 1."""
    logits = [1.0, 2.0, 0.5]
    expected = cross_entropy.grad(logits, 1)
    probabilities = np.exp(logits) / np.exp(logits).sum()
    return _check_numbers(
        answer, expected,
        hint="the gradient with respect to the logits is softmax(z) - onehot(y): compute the probabilities first.",
        why="Push the true class's logit up (negative gradient) and the others down, each by its probability.",
        slips=[(probabilities, "Those are the probabilities; subtract the one-hot target [0, 1, 0]."),
               (probabilities - np.eye(3)[0], "You subtracted 1 at class 0; the true class here is 1."),
               (-expected, "The sign is flipped: softmax minus one-hot, not one-hot minus softmax.")],
    )


def check_shifted_logits(answer):
    """03, exercise 3 (predict, then run): the cross-entropy of the logits [2.0, 1.0, 0.1] with 100 added to each, class 0."""
    logits = np.array([2.0, 1.0, 0.1])
    expected = cross_entropy(logits + 100.0, 0)
    return _check_numbers(
        answer, expected,
        hint="softmax divides e^(z_k) by the sum of e^(z_j). What does adding the same 100 to every z do to each "
             "e^z, and to their ratio?",
        why=f"Unchanged, {cross_entropy(logits, 0):.4f}: adding 100 multiplies every e^z by e^100, top and bottom of "
            f"the softmax alike, so the probabilities stay. Only the differences between logits matter.",
        slips=[(cross_entropy(logits, 0) + 100.0, "You added 100 to the loss. Write L = -z_y + log(sum of e^(z_j)) and add "
                                                  "100 to every z: what happens to each of the two terms?"),
               (0.0, "A large logit is not a sure class by itself: softmax compares the logits with each other. "
                     "Did the differences between them change?"),
               (float("inf"), "e^102 is large, but it fits in a float (overflow starts near e^709), and softmax divides "
                              "it by a sum just as large.")],
    )


def check_classes_for_a_loss_above_3(answer):
    """03, exercise 4: the fewest classes for which a model with all logits equal has a cross-entropy above 3."""
    expected = next(classes for classes in itertools.count(2) if cross_entropy(np.zeros(classes), 0) > 3)
    return _check_numbers(
        answer, expected,
        hint="the loss of K equal logits is log K, the natural log. Undo it on both sides of log K > 3 with e, "
             "and remember that K counts classes.",
        why=f"log K > 3 means K > e^3 = {math.exp(3):.4f}, so {expected} classes: log {expected} = "
            f"{cross_entropy(np.zeros(expected), 0):.4f}, while log {expected - 1} = "
            f"{cross_entropy(np.zeros(expected - 1), 0):.4f}. A model that knows nothing pays log K.",
        slips=[(expected - 1, f"With {expected - 1} classes the loss is log {expected - 1} = "
                              f"{cross_entropy(np.zeros(expected - 1), 0):.4f}: not above 3."),
               (math.exp(3), "That is e^3, where log K is exactly 3; K counts classes, a whole number, and the loss must "
                             "be above 3."),
               (1000.0, "That is 10^3: cross-entropy uses the natural log, undone by e, not 10."),
               (3.0, "That is the loss; the question is the number of classes K that gives it.")],
    )
