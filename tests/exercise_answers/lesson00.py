"""Lesson 00, golf-score intuition: its exercises' right answers, worked out by hand, and wrong ones with what the check says."""

from lossviz import checks

# (check, the right answer, [(a wrong answer, a fragment of what the check says)]): every generic numeric test runs on these.
NUMERIC = [
    (checks.check_squared_error, 0.04, [(-0.2, "never negative"), (0.2, "square it"), (0.5, "not the expected")]),
    # Model 2 misses by 0, 0, 0 and 1.6: (1.6² = 2.56) / 4. Model 1's four misses of 0.4 give 0.16.
    (checks.check_one_big_miss, 0.64, [(0.16, "model 1's"), (2.56, "average it over all four"),
                                       (0.4, "square each miss"), (0.65, "Close, but not right"), (1.0, "not the expected")]),
    # Every miss 100 times larger, every squared miss 100² = 10,000 times: 0.09 · 10,000.
    (checks.check_squared_error_in_centimetres, 900.0, [(9.0, "100 times larger"), (0.09, "changes with the units"),
                                                        (0.000009, "larger, not smaller"), (30.0, "in centimetres"),
                                                        (90000.0, "not the expected")]),
]

# Checks that are not one numeric answer (a choice, a name, a function): each has tests of its own, and every check
# meets tests/test_checks.py's odd answers.
OTHER_CHECKS = [checks.check_better_prediction]
