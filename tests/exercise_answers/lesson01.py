"""Lesson 01, mean squared error: its exercises' right answers, worked out by hand, and wrong ones with what the check says."""

import math

from lossviz import checks

# (check, the right answer, [(a wrong answer, a fragment of what the check says)]): every generic numeric test runs on these.
NUMERIC = [
    (checks.check_mse_value, 4 / 3, [(4.0, "That is the sum"), (2 / 3, "errors' sizes"),
                                     (math.sqrt(4 / 3), "RMSE"), (1.0, "not the expected")]),
    (checks.check_mse_gradient, [0.0, 0.0, -4 / 3], [([0.0, 0.0, 4 / 3], "sign is flipped"),
                                                    ([0.0, 0.0, -4.0], "1/n"), ([0.0, 0.0, -2 / 3], "the 2")]),
]

# Checks that are not one numeric answer (a choice, a name, a function): each has tests of its own, and every check
# meets tests/test_checks.py's odd answers.
OTHER_CHECKS = []
