"""The training explorer as Python holds it: its state is the model after `step` steps of `lv.training.train`
on the points as they are; the page's moves (controls and points) are checked as the constructor's are.
What the page draws and trains is checked in the browser (tests/e2e/test_training_in_the_browser.py)."""

import json

import numpy as np
import pytest
import traitlets

import lossviz as lv
from lossviz.explorers.training_explorer import MAX_POINTS, MAX_STEPS


def test_the_weights_are_those_lossviz_trains_to_at_the_step_shown():
    explorer = lv.explore_training("overlapping", "focal", step=30, lr=0.3, gamma=1.0)
    run = lv.training.train(lv.training.dataset("overlapping"), loss="focal", lr=0.3, steps=30, gamma=1.0)
    np.testing.assert_array_equal(explorer.weights(), run.params[30])
    explorer.step(5)
    assert explorer.values()["step"] == 35
    np.testing.assert_array_equal(explorer.weights(), lv.training.train(lv.training.dataset("overlapping"), loss="focal", lr=0.3,
                                                                        steps=35, gamma=1.0).params[35])
    explorer.reset()
    np.testing.assert_array_equal(explorer.weights(), lv.training.initial_params("linear", loss="focal"))
    explorer.step(MAX_STEPS + 5)
    assert explorer.values()["step"] == MAX_STEPS


def test_two_losses_start_from_the_same_weights_on_the_same_points():
    explorer = lv.explore_training("mislabeled", ("mse_on_sigmoid", "bce_with_logits"))
    np.testing.assert_array_equal(explorer.weights(0), explorer.weights(1))
    explorer.set(step=100)
    assert not np.array_equal(explorer.weights(0), explorer.weights(1))
    assert [name for name, _ in explorer.readout_pairs()] == ["MSE on σ(z) L", "MSE on σ(z) accuracy", "BCE L", "BCE accuracy"]
    with pytest.raises(ValueError, match="`panel` must be 0 or 1; got 2"):
        explorer.weights(2)


def test_the_preset_chooses_the_model_and_three_classes_take_cross_entropy():
    assert lv.explore_training("xor").weights().shape == (2 * 4 + 4 + 4 + 1,)  # W1 (2, 4), b1 (4,), W2 (4, 1), b2 (1,)
    assert lv.explore_training("xor", hidden=8).weights().shape == (8 * 4 + 1,)
    explorer = lv.explore_training("three_classes", "cross_entropy", step=20)
    assert explorer.weights().shape == (9,)
    assert explorer.controls["loss"].options == [("cross-entropy", "cross_entropy")]
    assert "held-out L" in explorer.readout()


def test_points_from_the_page_retrain_and_bad_points_are_refused_and_sent_back():
    explorer = lv.explore_training(step=40)
    before = explorer.weights()
    points = [list(point) for point in explorer.points]
    points[0] = [2.5, -2.5, 0]
    explorer.set_state({"points": points})
    assert explorer.data().X[0].tolist() == [2.5, -2.5]
    moved = lv.training.train(lv.training.Dataset(np.array([p[:2] for p in points]), np.array([p[2] for p in points]), None, None, 2, ""),
                              loss="bce_with_logits", lr=0.1, steps=40)
    np.testing.assert_array_equal(explorer.weights(), moved.params[40])
    assert not np.array_equal(explorer.weights(), before)
    for bad, message in [([[0.0, 0.0, 1]], "at least 2 points"), ([[0.0, 0.0, 1], [9.0, 0.0, 0]], "from -3 to 3"),
                         ([[0.0, 0.0, 1], [1.0, 0.0, 2]], "label must be a class, 0 to 1"),
                         ([[0.0, 0.0, 1], [float("nan"), 0.0, 0]], "finite"), ("points", "list of \\[x, y, label\\]"),
                         ([[0.0, 0.0]] * 2, "list of \\[x, y, label\\]"), ([[0.0, 0.0, 0]] * (MAX_POINTS + 1), f"at most {MAX_POINTS}")]:
        with pytest.raises((TypeError, ValueError), match=message):
            explorer.set_state({"points": bad})
        with pytest.raises(traitlets.TraitError, match=message):
            explorer.points = bad
        assert explorer.data().X[0].tolist() == [2.5, -2.5]


@pytest.mark.parametrize("settings, error, message", [
    ({"data": "moons"}, ValueError, "`data` must be a preset \\('blobs', .*; got 'moons'"),
    ({"losses": "mse"}, ValueError, "`losses` must be training losses for two classes \\('bce_with_logits', .*; got 'mse'"),
    ({"losses": ("hinge", "focal", "bce_with_logits")}, TypeError, "one training loss or two side by side"),
    ({"data": "three_classes", "losses": "hinge"}, ValueError, "for 3 classes \\('cross_entropy'\\); got 'hinge'"),
    ({"gamma": 2.0, "delta": 1.0}, TypeError, "takes the options of its losses \\(pos_weight, margin, gamma, alpha\\); got `delta`"),
    ({"lr": -1}, ValueError, "`lr` must be from 0.001 to 1000"),
    ({"step": 5000}, ValueError, f"`step` must be from 0 to {MAX_STEPS}"),
    ({"margin": 9.0, "losses": "hinge"}, ValueError, "`margin` must be from 0.0 to 2.0"),
    ({"hidden": 4}, ValueError, "the linear model has none"),
    ({"model": "network", "hidden": 9}, ValueError, "`hidden`"),
    ({"X": [[0, 0], [1, 1]], "labels": [0, 3]}, ValueError, "`labels` must be 0 or 1"),
    ({"X": [[0, 0, 0], [1, 1, 1]], "labels": [0, 1]}, ValueError, "`X` must be points in the plane, of shape \\(N, 2\\)"),
    ({"X": [[0, 0], [5, 1]], "labels": [0, 1]}, ValueError, "every coordinate from -3 to 3; got \\[5.0, 1.0\\]"),
])
def test_bad_settings_are_refused_by_name(settings, error, message):
    with pytest.raises(error, match=message):
        lv.explore_training(**settings)


def test_a_diverged_run_says_why_and_keeps_its_last_finite_weights():
    explorer = lv.explore_training("xor", lr=300.0, step=50)
    run = explorer.history()
    assert run.diverged is not None and len(run.params) == 3
    np.testing.assert_array_equal(explorer.weights(), run.params[-1])
    assert explorer.readout() == "status = diverged at step 3: the loss passed 100 × its start or stopped being finite"
    assert "nan" not in explorer.readout().lower()


def test_what_the_page_gets_is_plain_json_with_the_seeded_start():
    explorer = lv.explore_training("imbalanced", ("bce_with_logits", "focal"), seed=3)
    json.dumps(explorer.spec, allow_nan=False)
    assert explorer.spec["initial"] == lv.training.initial_params("linear", loss="bce_with_logits", seed=3).tolist()
    assert explorer.spec["made"] == {"data": "imbalanced", "losses": ["bce_with_logits", "focal"], "model": "linear", "hidden": None,
                                     "seed": 3}
    assert explorer.spec["heldout"] is not None and len(explorer.spec["heldout"]) == 100
    assert "const LOSS = {'bce_with_logits': {" in explorer._esm and "'focal':" in explorer._esm
