"""Lesson 04's function exercise: the training loop with BCEWithLogitsLoss, written by the student; and the
predict-then-run exercise's learning rates, which are the descent explorer's slider."""

import re

import numpy as np
import pytest
import torch
from torch import nn

import lossviz as lv
from lossviz import checks


def model_and_loop(features, labels, *, model, criterion, zero_grad=True, steps=20, lr=0.5):
    """The lesson's loop, with the pieces a student chooses."""
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    losses = []
    for _ in range(steps):
        if zero_grad:
            optimizer.zero_grad()
        loss = criterion(model(features), labels)
        loss.backward()
        optimizer.step()
        losses.append(loss)
    return losses


def with_logits(features, labels):
    torch.manual_seed(0)
    return [loss.item() for loss in model_and_loop(features, labels, model=nn.Linear(2, 1), criterion=nn.BCEWithLogitsLoss())]


def the_lessons_layer_without_its_sigmoid(features, labels):
    def untrained_model():  # as the lesson defines it
        torch.manual_seed(0)
        return nn.Sequential(nn.Linear(2, 1), nn.Sigmoid())

    return [loss.item() for loss in model_and_loop(features, labels, model=untrained_model()[0],
                                                   criterion=nn.BCEWithLogitsLoss())]


def functional_form_as_a_tensor(features, labels):
    torch.manual_seed(0)
    model = nn.Linear(2, 1)
    losses = model_and_loop(features, labels, model=model,
                            criterion=lambda z, y: nn.functional.binary_cross_entropy_with_logits(z, y))
    return torch.stack(losses).detach()


@pytest.mark.parametrize("right", [
    with_logits,
    the_lessons_layer_without_its_sigmoid,
    functional_form_as_a_tensor,  # a tensor of losses counts
    lambda f, y: [torch.tensor(loss) for loss in with_logits(f, y)],  # so do tensors, one per step
    lambda f, y: np.array(with_logits(f, y)).reshape(-1, 1),  # and a column
])
def test_every_loop_with_logits_is_right_and_is_told_it_matches_the_lessons_bce(right):
    feedback = checks.check_training_with_logits(right)
    assert feedback.correct is True and feedback.message.startswith("✓ Right"), feedback.message
    assert "0.5549 down to 0.0659" in feedback.message  # the lesson's own BCELoss run, printed in notebook 04


def kept_the_sigmoid(features, labels):
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(2, 1), nn.Sigmoid())
    return [loss.item() for loss in model_and_loop(features, labels, model=model, criterion=nn.BCEWithLogitsLoss())]


def stayed_with_bce(features, labels):
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(2, 1), nn.Sigmoid())
    return [loss.item() for loss in model_and_loop(features, labels, model=model, criterion=nn.BCELoss())]


def no_zero_grad(features, labels):
    torch.manual_seed(0)
    return [loss.item() for loss in model_and_loop(features, labels, model=nn.Linear(2, 1),
                                                   criterion=nn.BCEWithLogitsLoss(), zero_grad=False)]


def no_seed(features, labels):
    torch.manual_seed(1)
    return [loss.item() for loss in model_and_loop(features, labels, model=nn.Linear(2, 1), criterion=nn.BCEWithLogitsLoss())]


LESSON_FEATURES = torch.tensor([[1.0, 2.0], [2.0, 0.5], [0.5, 1.5], [1.5, 1.0], [-1.0, -0.5], [-0.5, -2.0], [-1.5, 0.5], [0.5, -1.5]])
LESSON_LABELS = torch.tensor([[1.0], [1.0], [1.0], [1.0], [0.0], [0.0], [0.0], [0.0]])


def the_notebooks_data_not_the_arguments(features, labels):
    return with_logits(LESSON_FEATURES, LESSON_LABELS)


@pytest.mark.parametrize(("wrong", "where", "fragment"), [
    (kept_the_sigmoid, "the lesson's eight examples", "still ends in nn.Sigmoid"),
    # BCELoss on probabilities gives the same losses on the lesson's examples; far out, σ(z) is exactly 1 in float32.
    (stayed_with_bce, "every feature times 30", "stays at 12.5000"),
    (no_zero_grad, "the lesson's eight examples", "without optimizer.zero_grad()"),
    (no_seed, "the lesson's eight examples", "does not start from the lesson's first weights"),
    (the_notebooks_data_not_the_arguments, "every label flipped", "the right ones are"),
    (lambda f, y: with_logits(f, y)[:19], "the lesson's eight examples", "should return 20 numbers"),
    (lambda f, y: None, "the lesson's eight examples", "None is not a number"),
    (lambda f, y: nn.BCELoss()(f[:, :1], y), "the lesson's eight examples", "raised RuntimeError"),
    (lambda: [0.0] * 20, "the lesson's eight examples", "raised TypeError"),  # no arguments
])
def test_a_wrong_loop_is_told_on_which_data_and_what_it_looks_like(wrong, where, fragment):
    feedback = checks.check_training_with_logits(wrong)
    assert feedback.correct is False and feedback.message.startswith("✗ On "), feedback.message
    assert where in feedback.message and fragment in feedback.message, feedback.message
    assert "Traceback" not in feedback.message and "<function" not in feedback.message


def test_a_wrong_loop_gets_a_hint_not_the_solution():
    hint = checks.check_training_with_logits(kept_the_sigmoid).message.split("Hint:")[1]
    assert "Linear" not in hint and "zero_grad" not in hint and not re.search(r"\d\.\d", hint), hint


@pytest.mark.parametrize("answer", [[0.5] * 20, "train", nn.Linear], ids=["the losses, not the function", "a name", "a class"])
def test_an_answer_that_is_not_a_function_says_how_to_give_one(answer):
    feedback = checks.check_training_with_logits(answer)
    assert feedback.correct is False and "`answer = train` (no brackets)" in feedback.message, feedback.message


def test_the_tolerance_is_stated_before_answering_and_nothing_more():
    message = checks.check_training_with_logits(None).message
    assert "within 0.0001" in message and "Hint" not in message and "Linear" not in message


def test_the_zigzag_question_reads_the_descent_explorers_slider():
    # 04's exercise 3 asks for the first position of this slider at which the steps zigzag.
    positions = lv.explore_descent().controls["learning rate"].positions
    assert positions[:3] == [0.005, 0.01, 0.015] and np.allclose(np.diff(positions), 0.005)
    assert checks.check_first_zigzag(0.13).correct is True and 0.13 in positions and 0.125 in positions
    # The right answer is what the explorer shows: at 0.125 the path lands on 0.5 and stays; at 0.13 it zigzags.
    for rate, zigzags in [(0.125, False), (0.13, True)]:
        distances = lv.analysis.descend_weight(2.0, 1.0, w0=0.15, lr=rate, steps=3).w - 0.5
        assert bool(np.any(distances[1:] * distances[:-1] < -1e-12)) is zigzags
