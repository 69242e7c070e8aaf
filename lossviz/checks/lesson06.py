"""The checks of lesson 06, pitfalls and stability."""

import math

import numpy as np

from lossviz.checks._reading import _check_loss_name, _check_numbers

__all__ = ["check_log_sum_exp", "check_logits_loss"]


def check_log_sum_exp(answer):
    """06, exercise 1: log(exp(1000) + exp(1002)), computed without overflow."""
    scores = np.array([1000.0, 1002.0])
    expected = scores.max() + math.log(np.exp(scores - scores.max()).sum())
    return _check_numbers(
        answer, expected,
        hint="log(e^a + e^b) = m + log(e^(a-m) + e^(b-m)) for any m: which m keeps every exponent at most 0?",
        why="1002 + log(e^-2 + 1) = 1002.1269: no overflow, because the exponents are at most 0.",
        slips=[(float("inf"), "exp(1000) overflows to inf; subtract the maximum before exponentiating."),
               (1002.0, "That is the maximum alone; add log(1 + e^-2) = 0.1269.")],
    )


def check_logits_loss(answer):
    """06, exercise 2: the PyTorch loss for yes/no labels when the model outputs raw logits."""
    return _check_loss_name(
        answer, ("BCELoss", "BCEWithLogitsLoss", "CrossEntropyLoss"),
        {"BCEWithLogitsLoss": "With one output (the logit of yes), BCEWithLogitsLoss applies the sigmoid inside, "
                              "in the stable log-sum-exp form.",
         # softmax([z0, z1])[1] = sigmoid(z1 - z0), so -log p of the true class is BCE on the logit z1 - z0.
         "CrossEntropyLoss": "With two outputs (one logit for no, one for yes), CrossEntropyLoss is right too: it "
                             "applies the softmax inside, and for two classes that is BCE on the difference of the "
                             "two logits. With one output, BCEWithLogitsLoss."},
        hint="the model's last layer gives raw scores, not probabilities: which loss applies the sigmoid itself?",
        wrong_why="BCELoss needs probabilities: on raw logits it fails (they leave [0, 1]) or misleads. "
                  "Raw yes/no logits need a loss that applies the sigmoid (or the softmax) itself.",
    )
