"""Lesson 07's pictures and per-point numbers: each point's push is the training core's own gradient, and the
pictures draw what they compute."""

import numpy as np
import pytest
import torch

import lossviz as lv
from lossviz.pictures import style, training_lesson

SCORES = np.array([-6.0, -2.5, -0.3, 0.0, 0.7, 1.0, 3.0])


@pytest.mark.parametrize("loss", training_lesson.SHOUTING_LOSSES)
@pytest.mark.parametrize("label", [0, 1])
def test_each_points_push_is_the_training_cores_gradient_of_a_batch_of_that_one_point(loss, label):
    # A linear model with w = (1, 0), b = 0 scores the point (z, 0) as z, and two copies of it average to its own
    # loss: dL/db is then that point's dL/dz, by lossviz.training's own chain rule.
    for z in SCORES:
        X = np.array([[z, 0.0], [z, 0.0]])
        value, gradient = lv.training.value_and_grad([1.0, 0.0, 0.0], X, [label, label], loss=loss, model="linear")
        assert np.isclose(training_lesson.point_slopes(loss, [z], label)[0], gradient[2], rtol=1e-12, atol=1e-15)
        assert np.isclose(lv.training.point_losses([z], [label], loss=loss)[0], value, rtol=1e-12)


def test_the_push_of_squared_error_on_the_sigmoid_and_of_bce_are_pytorchs_autograd():
    z = torch.tensor(SCORES, dtype=torch.float64, requires_grad=True)
    ones = torch.ones_like(z)
    for loss, of in [("mse_on_sigmoid", lambda z: torch.nn.functional.mse_loss(torch.sigmoid(z), ones, reduction="sum")),
                     ("bce_with_logits", lambda z: torch.nn.functional.binary_cross_entropy_with_logits(z, ones, reduction="sum"))]:
        (expected,) = torch.autograd.grad(of(z), z)
        np.testing.assert_allclose(training_lesson.point_slopes(loss, SCORES, 1), expected.numpy(), rtol=1e-12, atol=1e-16)


def test_squared_error_on_the_sigmoid_shouts_loudest_where_sigma_is_a_third():
    assert np.isclose(training_lesson.loudest_score("mse_on_sigmoid"), -np.log(2.0), atol=1e-8)


def test_the_shouting_picture_draws_each_losses_push():
    plot = training_lesson.shouting()
    lines = [line for line in plot.figure.axes[0].get_lines() if line.get_label() in
             [training_lesson.loss_label(loss) for loss in training_lesson.SHOUTING_LOSSES]]
    assert len(lines) == 4
    for line, loss in zip(lines, training_lesson.SHOUTING_LOSSES):
        np.testing.assert_allclose(line.get_ydata(), np.abs(training_lesson.point_slopes(loss, plot.scores, 1)))
        assert line.get_color().lower() == lv.training.TRAINING_LOSSES[loss].loss.colour.lower()
    assert "focal (γ = 2, α = 0.25)" in plot.alt and "hinge (m = 1)" in plot.alt


def test_a_boundary_is_where_the_models_score_is_zero():
    data = lv.training.dataset("mislabeled")
    params = lv.training.train(data, loss="bce_with_logits", lr=0.5, steps=50).params[-1]
    plot = training_lesson.boundaries(data.X, data.labels, {"bce_with_logits": params},
                                      highlight=training_lesson.mislabeled_point(data))
    x1, x2 = plot.lines["bce_with_logits"]
    np.testing.assert_allclose(lv.training.scores(params, np.column_stack([x1, x2]), loss="bce_with_logits", model="linear"),
                               0.0, atol=1e-9)
    assert np.isclose(np.interp(0.0, x2[::-1], x1[::-1]), training_lesson.crossing(params))


def test_the_mislabeled_point_is_the_one_the_preset_flipped():
    data = lv.training.dataset("mislabeled")
    index = training_lesson.mislabeled_point(data)
    assert data.labels[index] == 0 and data.X[index] @ [1.2, 0.8] > 0  # a class-0 label on class 1's side


def test_the_curves_draw_the_history_and_the_accuracy_in_stairs():
    history = lv.training.train(lv.training.dataset("overlapping"), loss="hinge", lr=0.1, steps=30)
    plot = training_lesson.training_curves(history)
    left, right = plot.figure.axes
    np.testing.assert_allclose(left.get_lines()[0].get_ydata(), history.losses)
    np.testing.assert_allclose(left.get_lines()[1].get_ydata(), history.heldout_losses)
    assert right.get_lines()[0].get_drawstyle() == "steps-post"
    np.testing.assert_allclose(right.get_lines()[0].get_ydata(), history.accuracy)


@pytest.mark.parametrize("make", [
    training_lesson.shouting,
    lambda: training_lesson.training_curves(lv.training.train(lv.training.dataset("blobs"), loss="hinge", lr=0.1, steps=5)),
    lambda: training_lesson.boundaries(*lv.training.dataset("blobs")[:2], {"hinge": [1.0, 1.0, 0.0]}),
])
def test_the_pictures_read_from_the_back_of_a_classroom(make):
    with style.sized("classroom"):
        assert make().text_px >= 20


def test_a_loss_that_is_not_a_yes_no_training_loss_is_refused_by_name():
    with pytest.raises(ValueError, match="yes/no training losses 'bce_with_logits'.*got 'cross_entropy'"):
        training_lesson.point_slopes("cross_entropy", [0.0], 1)
    with pytest.raises(ValueError, match="`labels` must be 0 or 1 \\(a yes/no loss\\) for the training loss 'hinge'.*; got -1"):
        training_lesson.point_slopes("hinge", [0.0], -1)


def test_one_label_stands_for_every_point_and_the_slopes_are_lossviz_trainings():
    z = np.array([-2.0, 0.5, 4.0])
    np.testing.assert_array_equal(training_lesson.point_slopes("focal", z, 1, gamma=1.0),
                                  lv.training.point_slopes(z, [1, 1, 1], loss="focal", gamma=1.0))
