"""Lesson 02, binary cross-entropy: its exercises' right answers, worked out by hand, and wrong ones with what the check says."""

import math

from lossviz import checks

# (check, the right answer, [(a wrong answer, a fragment of what the check says)]): every generic numeric test runs on these.
NUMERIC = [
    # y = 0, so only -log(1 - p) = -log(0.3) remains.
    (checks.check_bce_confidently_wrong, -math.log(0.3), [(-math.log(0.7), "label is 0"), (math.log(0.3), "forgot the minus"),
                                                          (-math.log10(0.3), "base 10")]),
    (checks.check_bce_gradient, -2.0, [(2.0, "sign is flipped"), (-0.5, "divide by p")]),
]

# Checks that are not one numeric answer (a choice, a name, a function): each has tests of its own, and every check
# meets tests/test_checks.py's odd answers.
OTHER_CHECKS = []
