"""Lesson 00, golf-score intuition: its exercises' right answers, worked out by hand, and wrong ones with what the check says."""

from lossviz import checks

# (check, the right answer, [(a wrong answer, a fragment of what the check says)]): every generic numeric test runs on these.
NUMERIC = [
    (checks.check_squared_error, 0.04, [(-0.2, "never negative"), (0.2, "square it"), (0.5, "not the expected")]),
]

# Checks that are not one numeric answer (a choice, a name, a function): each has tests of its own, and every check
# meets tests/test_checks.py's odd answers.
OTHER_CHECKS = [checks.check_better_prediction]
