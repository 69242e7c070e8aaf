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
]

# Checks that are not one numeric answer (a choice, a name, a function): each has tests of its own, and every check
# meets tests/test_checks.py's odd answers.
OTHER_CHECKS = []
