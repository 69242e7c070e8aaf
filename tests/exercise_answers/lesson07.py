"""Lesson 07, what each loss does to training: its exercises' right answers, worked out by hand, and wrong ones
with what the check says."""

import math

from lossviz import checks

# (check, the right answer, [(a wrong answer, a fragment of what the check says)]): every generic numeric test runs on these.
NUMERIC = [
    # Ten equal scores: softmax gives each class 1/10, and the loss is -ln(1/10) = ln 10.
    (checks.check_loss_at_start, math.log(10), [(0.6931, "ln 2"), (1.0, "base 10"), (0.1, "minus its log"),
                                                (1.0986, "ln 3"), (2.0, "not the expected")]),
    # The push of squared error on σ(z) for y = 1 is 2s(1 - s)² with s = σ(z); its derivative 2(1 - s)(1 - 3s) is 0 at
    # s = 1/3, where z = ln((1/3) / (2/3)) = -ln 2.
    (checks.check_loudest_push, -math.log(2), [(0.0, "slope σ(z)(1 - σ(z)) is largest"), (0.3333, "σ(z) at the peak"),
                                               (-6.0, "almost silent"), (1.0986, "solve σ(z) = 1/3"),
                                               (-1.5, "not the expected")]),
    # 1,000 payments, 40 of them frauds (class 1): 960 of class 0, and 40 · 24 = 960.
    (checks.check_balancing_pos_weight, 24.0, [(0.0417, "above 1"), (25.0, "compare the other payments with the frauds only"),
                                               (960.0, "all the other payments together"), (9.0, "section 5's weight"),
                                               (20.0, "not the expected")]),
]

# Checks that are not one numeric answer (a choice, a name, a function): each has tests of its own, and every check
# meets tests/test_checks.py's odd answers.
OTHER_CHECKS = [checks.check_loss_most_pulled_by_a_mislabel]
