"""Lesson 01, mean squared error: its exercises' right answers, worked out by hand, and wrong ones with what the check says."""

import math

from lossviz import checks

# (check, the right answer, [(a wrong answer, a fragment of what the check says)]): every generic numeric test runs on these.
NUMERIC = [
    (checks.check_mse_value, 4 / 3, [(4.0, "That is the sum"), (2 / 3, "errors' sizes"),
                                     (math.sqrt(4 / 3), "RMSE"), (1.0, "not the expected")]),
    (checks.check_mse_gradient, [0.0, 0.0, -4 / 3], [([0.0, 0.0, 4 / 3], "sign is flipped"),
                                                    ([0.0, 0.0, -4.0], "1/n"), ([0.0, 0.0, -2 / 3], "the 2")]),
    # Eight squares of 0.3 over 8, as four over 4: 0.09 either way.
    (checks.check_mse_more_predictions, 0.09, [(0.18, "doubles the MSE"), (0.045, "Halved"), (0.72, "sum of the eight"),
                                               (0.3, "squares it"), (0.1, "at least 2 decimals"), (0.36, "not the expected")]),
    # Adding c turns the errors 0, 0, -2 into c, c, c - 2; their squares sum to 3c² - 4c + 4, lowest at c = 4/6.
    (checks.check_best_shift, 2 / 3, [(2.0, "third prediction perfect"), (0.0, "Not moving"),
                                      (0.68, "Close, but not right"), (1.0, "not the expected")]),
]

# Checks that are not one numeric answer (a choice, a name, a function): each has tests of its own, and every check
# meets tests/test_checks.py's odd answers.
OTHER_CHECKS = []
