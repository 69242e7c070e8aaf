"""The checks of lesson 03, cross-entropy."""

import math

import numpy as np

from lossviz.checks._reading import _check_numbers
from lossviz.losses import cross_entropy

__all__ = ["check_uniform_cross_entropy", "check_cross_entropy_gradient"]


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
