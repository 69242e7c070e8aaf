"""Lesson 07's choice exercise: the loss whose boundary one mislabeled point moves the most, named in any way."""

import pytest

import lossviz as lv
from lossviz import checks
from lossviz.pictures import training_lesson


def test_the_most_pulled_loss_is_the_one_training_moves_most():
    shifts = {loss: abs(training_lesson.mislabel_shift(loss)) for loss in training_lesson.SHOUTING_LOSSES}
    # Focal turns the points already right down, so the mislabeled one pulls hardest; squared error on σ(z)
    # has gone quiet about it (section 1), so it hardly moves.
    assert max(shifts, key=shifts.get) == "focal"
    assert min(shifts, key=shifts.get) == "mse_on_sigmoid"
    assert checks.check_loss_most_pulled_by_a_mislabel(None).expected == "focal"


@pytest.mark.parametrize("right", ["focal", "Focal ", lv.focal, "FOCAL"])
def test_focal_named_in_any_way_is_right_and_told_every_shift(right):
    feedback = checks.check_loss_most_pulled_by_a_mislabel(right)
    assert feedback.correct is True and feedback.message.startswith("✓ Right: focal."), feedback.message
    assert "squared error on σ(z) 0.00" in feedback.message and "focal 0.63" in feedback.message


@pytest.mark.parametrize("wrong", ["bce_with_logits", "BCEWithLogitsLoss", lv.bce_with_logits, "hinge", "mse_on_sigmoid"])
def test_another_training_loss_is_wrong_and_sent_to_section_1(wrong):
    feedback = checks.check_loss_most_pulled_by_a_mislabel(wrong)
    assert feedback.correct is False and feedback.message.startswith("✗ Not quite"), feedback.message
    assert "section 1" in feedback.message


@pytest.mark.parametrize(("answer", "fragment"), [
    ("cross_entropy", "Choose one of"), (lv.mse, "Choose one of"), (3.5, "Answer with one of"), ("", "Answer with one of"),
])
def test_what_is_not_one_of_the_four_says_what_came(answer, fragment):
    feedback = checks.check_loss_most_pulled_by_a_mislabel(answer)
    assert feedback.correct is False and fragment in feedback.message, feedback.message


def test_unanswered_gives_nothing_away():
    feedback = checks.check_loss_most_pulled_by_a_mislabel(None)
    assert feedback.correct is None and "focal" not in feedback.message.lower()
