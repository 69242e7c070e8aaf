"""The exercise checks: a hint while unanswered, ✓ for the right answer, the slip named for a wrong one."""

import math

import numpy as np
import pytest
import torch

from lossviz import checks

# (check, the right answer worked out by hand, [(a wrong answer, a fragment of what the check says)])
EXERCISES = [
    (checks.check_squared_error, 0.04, [(-0.2, "never negative"), (0.2, "square it"), (0.5, "not the expected")]),
    (checks.check_mse_value, 4 / 3, [(4.0, "That is the sum"), (2 / 3, "errors' sizes"),
                                     (math.sqrt(4 / 3), "RMSE"), (1.0, "not the expected")]),
    (checks.check_mse_gradient, [0.0, 0.0, -4 / 3], [([0.0, 0.0, 4 / 3], "sign is flipped"),
                                                    ([0.0, 0.0, -4.0], "1/n"), ([0.0, 0.0, -2 / 3], "the 2")]),
    # y = 0, so only -log(1 - p) = -log(0.3) remains.
    (checks.check_bce_confidently_wrong, -math.log(0.3), [(-math.log(0.7), "label is 0"), (math.log(0.3), "forgot the minus"),
                                                          (-math.log10(0.3), "base 10")]),
    (checks.check_bce_gradient, -2.0, [(2.0, "sign is flipped"), (-0.5, "divide by p")]),
    (checks.check_uniform_cross_entropy, math.log(4), [(0.25, "-log of it"), (math.log10(4), "base 10")]),
    # softmax([1, 2, 0.5]) minus the one-hot target of class 1.
    (checks.check_cross_entropy_gradient,
     list(np.exp([1.0, 2.0, 0.5]) / np.exp([1.0, 2.0, 0.5]).sum() - [0, 1, 0]),
     [(list(np.exp([1.0, 2.0, 0.5]) / np.exp([1.0, 2.0, 0.5]).sum()), "subtract the one-hot"),
      (list(np.exp([1.0, 2.0, 0.5]) / np.exp([1.0, 2.0, 0.5]).sum() - [1, 0, 0]), "true class here is 1")]),
    # ŷ = 0.5 · 3 = 1.5; dL/dŷ = 2(1.5 - 2) = -1; times x = 3.
    (checks.check_chain_rule, -3.0, [(-1.0, "multiplies it by"), (3.0, "sign is flipped"), (-1.5, "the 2")]),
    # dL/dw = 2(0.3 - 1) · 2 = -2.8; 0.15 - 0.1 · (-2.8) = 0.43.
    (checks.check_descent_step, 0.43, [(-0.13, "uphill"), (0.28, "add it to the old weight")]),
    # Sorted 1, 2, 3, 100: the median is (2 + 3) / 2.
    (checks.check_mae_best_constant, 2.5, [(26.5, "the mean"), (7.0, "not the expected"), (1.9, "not the expected")]),
    # 1002 + log(1 + e^-2).
    (checks.check_log_sum_exp, 1002 + math.log(1 + math.exp(-2)), [(float("inf"), "overflow"), (1002.0, "maximum alone")]),
]


@pytest.mark.parametrize(("check", "right", "wrongs"), EXERCISES, ids=[row[0].__name__ for row in EXERCISES])
def test_unanswered_right_and_wrong(check, right, wrongs):
    unanswered = check(None)
    assert unanswered.correct is None and "Hint:" in repr(unanswered)
    assert check(right).correct is True and repr(check(right)).startswith("✓ Right")
    for wrong, fragment in wrongs:
        feedback = check(wrong)
        assert feedback.correct is False and repr(feedback).startswith("✗")
        assert fragment in feedback.message, feedback.message


def test_answers_may_be_arrays_or_tensors():
    assert checks.check_mse_gradient(np.array([0.0, 0.0, -4 / 3])).correct is True
    assert checks.check_mse_gradient(torch.tensor([0.0, 0.0, -4 / 3])).correct is True
    assert checks.check_mse_value(torch.tensor(4 / 3)).correct is True


def test_an_answer_of_the_wrong_shape_or_kind_says_what_is_wanted():
    assert "3 numbers (shape (3,))" in checks.check_mse_gradient(1.0).message
    assert "should be a number" in checks.check_mse_value("four thirds").message


def test_choice_exercise():
    assert checks.check_better_prediction(None).correct is None
    assert checks.check_better_prediction(1.3).correct is True  # (0.3)^2 = 0.09 < (0.4)^2 = 0.16
    assert "lower is better" in checks.check_better_prediction(0.6).message
    assert "Choose one of" in checks.check_better_prediction(0.7).message


@pytest.mark.parametrize(("check", "right", "wrong"), [
    (checks.check_loss_for_classes, "CrossEntropyLoss", "MSELoss"),
    (checks.check_logits_loss, "BCEWithLogitsLoss", "BCELoss"),
])
def test_choosing_a_pytorch_loss(check, right, wrong):
    assert check(None).correct is None
    assert check(right).correct is True
    assert check(wrong).correct is False and "needs" in check(wrong).message


NUMERIC = EXERCISES


@pytest.mark.parametrize(("check", "right", "wrongs"), NUMERIC, ids=[row[0].__name__ for row in NUMERIC])
@pytest.mark.parametrize("decimals", [2, 3])
def test_a_right_answer_rounded_as_a_student_would_is_close_and_says_so(check, right, wrongs, decimals):
    rounded = np.round(np.asarray(right, dtype=float), decimals)
    feedback = check(rounded.tolist())
    assert feedback.correct is True, feedback.message
    if not np.allclose(rounded, right, atol=5e-4):
        assert feedback.message.startswith("✓ Close: ") and f"right to {decimals} decimals" in feedback.message


@pytest.mark.parametrize(("check", "right", "wrongs"), NUMERIC, ids=[row[0].__name__ for row in NUMERIC])
def test_a_flipped_sign_is_named(check, right, wrongs):
    for flipped in (-np.asarray(right, dtype=float), -np.round(np.asarray(right, dtype=float), 2)):
        feedback = check(flipped.tolist())
        assert feedback.correct is False
        assert "sign" in feedback.message or "minus" in feedback.message, feedback.message


def test_every_constant_that_minimises_the_mae_is_accepted():
    # On [1, 2, 3, 100] every c in [2, 3] has two points on each side: the MAE is 25 throughout.
    for constant in np.linspace(2.0, 3.0, 21):
        feedback = checks.check_mae_best_constant(float(constant))
        assert feedback.correct is True, feedback.message
        assert "Every value from 2 to 3" in feedback.message
    assert checks.check_mae_best_constant(3.2).correct is False


def test_the_answer_key_is_the_checks_own_and_covers_every_exercise(tmp_path):
    import build_exercises

    found = build_exercises.exercises()
    assert [title[:2] for title, _ in found] == ["00", "01", "02", "03", "04", "05", "06"]
    for title, questions in found:
        assert len(questions) >= 2, f"{title} has fewer than two checked exercises"
        for question, check in questions:
            assert question.startswith("**"), f"{check.__name__}: no question found above it"
            feedback = check(check(None).expected)
            assert feedback.correct is True and feedback.message.startswith("✓ Right"), feedback.message
    sheet, key = build_exercises.write(tmp_path, "MathJax.js")
    sheet_text, key_text = sheet.read_text(encoding="utf-8"), key.read_text(encoding="utf-8")
    assert sheet_text.count('class="question"') == key_text.count('class="question"') == sum(len(q) for _, q in found)
    assert "Answer:" not in sheet_text and key_text.count("Answer:") == sum(len(q) for _, q in found)
    assert "<b>Answer: 0.04</b>" in key_text and "<b>Answer: [0, 0, −1.3333]</b>" in key_text
