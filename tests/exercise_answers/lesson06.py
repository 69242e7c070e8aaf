"""Lesson 06, pitfalls and stability: its exercises' right answers, worked out by hand, and wrong ones with what the check says."""

import math

from lossviz import checks

# (check, the right answer, [(a wrong answer, a fragment of what the check says)]): every generic numeric test runs on these.
NUMERIC = [
    # 1002 + log(1 + e^-2).
    (checks.check_log_sum_exp, 1002 + math.log(1 + math.exp(-2)), [(float("inf"), "overflow"), (1002.0, "maximum alone")]),
    # float32 numbers near 10^8 are 2^(26 - 23) = 8 apart: 100,000,005 rounds to 100,000,008.
    (checks.check_float32_spacing, 8.0, [(5.0, "float64's"), (0.0, "not simply lost"), (4.0, "not the expected")]),
]

# Checks that are not one numeric answer (a choice, a name, a function): each has tests of its own, and every check
# meets tests/test_checks.py's odd answers.
OTHER_CHECKS = [checks.check_logits_loss, checks.check_stable_softmax]
