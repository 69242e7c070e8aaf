"""Lesson 03, cross-entropy: its exercises' right answers, worked out by hand, and wrong ones with what the check says."""

import math
import numpy as np

from lossviz import checks

# (check, the right answer, [(a wrong answer, a fragment of what the check says)]): every generic numeric test runs on these.
NUMERIC = [
    (checks.check_uniform_cross_entropy, math.log(4), [(0.25, "-log of it"), (math.log10(4), "base 10")]),
    # softmax([1, 2, 0.5]) minus the one-hot target of class 1.
    (checks.check_cross_entropy_gradient,
     list(np.exp([1.0, 2.0, 0.5]) / np.exp([1.0, 2.0, 0.5]).sum() - [0, 1, 0]),
     [(list(np.exp([1.0, 2.0, 0.5]) / np.exp([1.0, 2.0, 0.5]).sum()), "subtract the one-hot"),
      (list(np.exp([1.0, 2.0, 0.5]) / np.exp([1.0, 2.0, 0.5]).sum() - [1, 0, 0]), "true class here is 1")]),
    # Every e^z is multiplied by e^100, top and bottom of the softmax: the loss stays -log(e^2 / (e^2 + e + e^0.1)).
    (checks.check_shifted_logits, -math.log(math.exp(2) / (math.exp(2) + math.exp(1) + math.exp(0.1))),
     [(100.417, "added 100 to the loss"), (0.0, "not a sure class"), (float("inf"), "fits in a float"),
      (0.41, "Close, but not right"), (0.4172, "Close, but not right"), (0.5, "not the expected")]),
    # log C > 3 when C > e^3 = 20.09: 21 classes (log 20 = 2.9957, log 21 = 3.0445).
    (checks.check_classes_for_a_loss_above_3, 21.0, [(20.0, "not above 3"), (math.exp(3), "That is e^3"), (20.09, "That is e^3"),
                                                     (1000.0, "not 10"), (3.0, "number of classes"), (22.0, "not the expected")]),
]

# Checks that are not one numeric answer (a choice, a name, a function): each has tests of its own, and every check
# meets tests/test_checks.py's odd answers.
OTHER_CHECKS = []
