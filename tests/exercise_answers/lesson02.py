"""Lesson 02, binary cross-entropy: its exercises' right answers, worked out by hand, and wrong ones with what the check says."""

import math

from lossviz import checks

# (check, the right answer, [(a wrong answer, a fragment of what the check says)]): every generic numeric test runs on these.
NUMERIC = [
    # y = 0, so only -log(1 - p) = -log(0.3) remains.
    (checks.check_bce_confidently_wrong, -math.log(0.3), [(-math.log(0.7), "label is 0"), (math.log(0.3), "forgot the minus"),
                                                          (-math.log10(0.3), "base 10")]),
    (checks.check_bce_gradient, -2.0, [(2.0, "sign is flipped"), (-0.5, "divide by p")]),
    # The truth got 0.01, as p = 0.99 does for a label 0: -log(0.01) = 2 log 10. Nearby values a student might
    # give: the loss for a label 0, -log(0.99) = 0.01005; log base 10; the rounded 4.6 and 5 of "nearer 1, 5 or 50".
    (checks.check_bce_mirror, 2 * math.log(10), [(-math.log(0.99), "loss for a label 0"), (0.01, "loss for a label 0"),
                                                 (0.0100, "label is 1"), (2.0, "base 10"), (4.6, "at least 2 decimals"),
                                                 (5.0, "not the expected"), (5, "rounded to a whole number"), (4.62, "Close, but not right")]),
    # -log p = 1: p = 1/e. Wrong but near: where a label 0 costs 1 (1 - 1/e); e; log p itself; 10^-1; 0.36 cut off.
    (checks.check_bce_of_one, 1 / math.e, [(1 - 1 / math.e, "label 0"), (math.e, "That is e"), (-1.0, "That is log p"),
                                           (0.1, "not 10"), (1.0, "costs nothing"), (0.36, "Close, but not right"),
                                           (0.3677, "Close, but not right")]),
]

# Checks that are not one numeric answer (a choice, a name, a function): each has tests of its own, and every check
# meets tests/test_checks.py's odd answers.
OTHER_CHECKS = []
