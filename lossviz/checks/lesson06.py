"""The checks of lesson 06, pitfalls and stability."""

import math

import numpy as np

from lossviz.checks._reading import _check_function, _check_loss_name, _check_numbers

__all__ = ["check_log_sum_exp", "check_logits_loss", "check_float32_spacing", "check_stable_softmax"]


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


_BIG, _SMALL = 100_000_000, 5


def check_float32_spacing(answer):
    """06, exercise 3 (predict, then run): float32(10^8) + float32(5) - float32(10^8)."""
    big = np.float32(_BIG)
    expected = float(big + np.float32(_SMALL) - big)
    return _check_numbers(
        answer, expected,
        hint="float32 keeps about 7 significant digits: 100,000,005 has 9. Which float32 numbers lie nearest to it?",
        why=f"Near 10^8 the float32 numbers are {np.spacing(big):g} apart, so 100,000,005 rounds to the nearest "
            f"one, 100,000,008; taking 10^8 away leaves {expected:g}. float64 would give 5.",
        slips=[(float(_SMALL), "That is the exact answer, and float64's; float32 cannot hold 100,000,005."),
               (0.0, "The 5 is not simply lost: 100,000,005 rounds to the nearest float32, which is not 10^8."),
               (-expected, "The sign is flipped: the sum rounds up, not down.")],
    )


def _stable_softmax(z):
    exps = np.exp(z - np.max(z))  # the largest exponent is 0: no overflow
    return exps / exps.sum()


_SOFTMAX_CASES = ([1.0, 2.0, 3.0], [0.0, 0.0, 0.0, 0.0], [1000.0, 1002.0], [-1000.0, -1002.0, -1001.0], [7.0], [10000.0, 0.0])


def check_stable_softmax(answer):
    """06, exercise 4: a softmax that works for any logits, 1000 included (a function)."""
    return _check_function(
        answer, "softmax", _SOFTMAX_CASES, _stable_softmax, tolerance=1e-6,
        hint="softmax(z) does not change when the same number is taken from every logit. Which number keeps every "
             "exponent at most 0?",
        why="Subtracting the largest logit before exp keeps every exponent at most 0, so nothing overflows, and "
            "the probabilities are the same.",
    )
