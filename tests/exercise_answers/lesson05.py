"""Lesson 05, choosing a loss: its exercises' right answers, worked out by hand, and wrong ones with what the check says."""

from lossviz import checks

# (check, the right answer, [(a wrong answer, a fragment of what the check says)]): every generic numeric test runs on these.
NUMERIC = [
    # Sorted 1, 2, 3, 100: the median is (2 + 3) / 2.
    (checks.check_mae_best_constant, 2.5, [(26.5, "the mean"), (7.0, "not the expected"), (1.9, "not the expected")]),
]

# Checks that are not one numeric answer (a choice, a name, a function): each has tests of its own, and every check
# meets tests/test_checks.py's odd answers.
OTHER_CHECKS = [checks.check_loss_for_classes]
