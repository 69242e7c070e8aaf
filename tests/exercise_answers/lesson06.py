"""Lesson 06, pitfalls and stability: its exercises' right answers, worked out by hand, and wrong ones with what the check says."""

import math

from lossviz import checks

# (check, the right answer, [(a wrong answer, a fragment of what the check says)]): every generic numeric test runs on these.
NUMERIC = [
    # 1002 + log(1 + e^-2).
    (checks.check_log_sum_exp, 1002 + math.log(1 + math.exp(-2)), [(float("inf"), "overflow"), (1002.0, "maximum alone")]),
]

# Checks that are not one numeric answer (a choice, a name, a function): each has tests of its own, and every check
# meets tests/test_checks.py's odd answers.
OTHER_CHECKS = [checks.check_logits_loss]
