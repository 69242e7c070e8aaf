"""Lesson 04, how a loss guides learning: its exercises' right answers, worked out by hand, and wrong ones with what the check says."""

from lossviz import checks

# (check, the right answer, [(a wrong answer, a fragment of what the check says)]): every generic numeric test runs on these.
NUMERIC = [
    # ŷ = 0.5 · 3 = 1.5; dL/dŷ = 2(1.5 - 2) = -1; times x = 3.
    (checks.check_chain_rule, -3.0, [(-1.0, "multiplies it by"), (3.0, "sign is flipped"), (-1.5, "the 2")]),
    # dL/dw = 2(0.3 - 1) · 2 = -2.8; 0.15 - 0.1 · (-2.8) = 0.43.
    (checks.check_descent_step, 0.43, [(-0.13, "uphill"), (0.28, "add it to the old weight")]),
]

# Checks that are not one numeric answer (a choice, a name, a function): each has tests of its own, and every check
# meets tests/test_checks.py's odd answers.
OTHER_CHECKS = []
