"""Lesson 05, choosing a loss: its exercises' right answers, worked out by hand, and wrong ones with what the check says."""

import numpy as np

import lossviz as lv
from lossviz import checks

# (check, the right answer, [(a wrong answer, a fragment of what the check says)]): every generic numeric test runs on these.
NUMERIC = [
    # Sorted 1, 2, 3, 100: the median is (2 + 3) / 2.
    (checks.check_mae_best_constant, 2.5, [(26.5, "the mean"), (7.0, "not the expected"), (1.9, "not the expected")]),
    # Beyond δ = 1 Huber's slope is ±δ wherever the outlier is: the fit found with the outlier at 11 stays.
    (checks.check_huber_far_outlier, lv.analysis.best_constant(lv.huber, np.append(lv.lessons.OUTLIER_DATA, 11.0)),
     [(15.325, "That is the mean"), (4.2, "outlier at 11"), (3.35, "not the expected")]),
    # The seven other points sum to 22.6; eight points averaging 2 · 4.2 = 8.4 sum to 67.2.
    (checks.check_outlier_that_doubles_the_mean, 67.2 - 22.6, [(22.0, "doubles the outlier"), (8.4, "doubled fit itself"),
                                                               (58.8 - 22.6, "multiply by 8, not 7"), (30.0, "not the expected")]),
]

# Checks that are not one numeric answer (a choice, a name, a function): each has tests of its own, and every check
# meets tests/test_checks.py's odd answers.
OTHER_CHECKS = [checks.check_loss_for_classes]
