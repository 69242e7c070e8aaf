"""Lesson 04, how a loss guides learning: its exercises' right answers, worked out by hand, and wrong ones with what the check says."""

from lossviz import checks

# (check, the right answer, [(a wrong answer, a fragment of what the check says)]): every generic numeric test runs on these.
NUMERIC = [
    # ŷ = 0.5 · 3 = 1.5; dL/dŷ = 2(1.5 - 2) = -1; times x = 3.
    (checks.check_chain_rule, -3.0, [(-1.0, "multiplies it by"), (3.0, "sign is flipped"), (-1.5, "the 2")]),
    # ŷ = 0.65 · 2 = 1.3; dL/dw = 2(1.3 - 1) · 2 = 1.2; 0.65 - 0.1 · 1.2 = 0.53.
    (checks.check_descent_step, 0.53, [(0.77, "uphill"), (-0.12, "add it to the old weight"), (0.59, "half as big"),
                                       (0.93, "taken at w = 0.15"), (0.5, "at least 2 decimals"), (0.54, "Close")]),
    # The distance to w = 0.5 is multiplied by 1 - 8η: negative once η > 1/8. At 0.125 it is 0 (one step lands on 0.5);
    # the slider's next position, 0.13, gives -0.04.
    (checks.check_first_zigzag, 0.13, [(0.125, "exactly 0"), (0.12, "from one side"), (0.25, "diverges"),
                                       (0.14, "Close"), (0.2, "not the expected")]),
]

# Checks that are not one numeric answer (a choice, a name, a function): each has tests of its own, and every check
# meets tests/test_checks.py's odd answers.
OTHER_CHECKS = [checks.check_training_with_logits]
